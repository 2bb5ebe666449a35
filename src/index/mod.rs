//! Stage 5: the index. Everything that crosses documents is computed here,
//! once: who claims what, which claims contradict, support or update which,
//! which topics gather which figures. The result is plain data, the
//! context of every page and the content of `dossier.json`.

mod chart;
mod detected;
mod disputes;
pub mod graph;
mod json;
mod mentions;
mod open_data;
mod overview;
pub mod paging;
mod print;
mod svg;
pub mod timeline;
mod views;
pub mod why;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::schema::{ActorSpec, Strict, Value};
use crate::load::{Document, Dossier};
use crate::render::markdown::render_inline;
use crate::render::{claim_anchor, explanation_anchor, note_id, RenderedDocument};
pub use crate::urls::TIMELINE_PAGE;
pub use chart::{LegendEntry, TopicChart};
pub use detected::{DetectionMemo, PER_TOPIC as DETECTED_PER_TOPIC};
pub use disputes::Dispute;
pub use mentions::{MatrixCell, MatrixColumn, MatrixRow, MentionGroup, MentionMatrix, MentionView};
pub use open_data::{annotations_file, text_file};
pub use overview::{document_files, DataFile, DetectedTopic, NamedActor, Overview};
pub use print::{print_volumes, PrintVolume, TopicPart, VOLUME_BYTES as PRINT_VOLUME_BYTES};
pub use timeline::{Timeline, TimelineClaim, TimelineDay, TimelineDocument};
pub use views::*;

pub use crate::urls::{actor_page, contradiction_page, document_page, topic_page};

/// The id of the contradiction between two claims: both ids in order, so
/// that declaring it from either side (or both) gives one contradiction.
///
/// Two pairs never share an id. `A--B` is read back only one way when
/// neither id holds `--` or starts or ends with `-` (claim ids may:
/// `x--y` with `z`, and `x` with `y--z`, would both be `x--y--z`); other
/// pairs are joined with `~`, which no id contains.
pub fn contradiction_id(a: &str, b: &str) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    let plain = |id: &str| !id.contains("--") && !id.starts_with('-') && !id.ends_with('-');
    if plain(first) && plain(second) {
        format!("{first}--{second}")
    } else {
        format!("{first}~{second}")
    }
}

/// Builds the site's data from the loaded dossier and its rendered
/// documents (`rendered[i]` belongs to `dossier.documents[i]`), which may
/// come without their bodies ([`RenderedDocument::without_body`]): the
/// site holds none. Headings and passages are moved into the site rather
/// than copied.
pub fn index(
    config: &Config,
    dossier: &Dossier,
    mut rendered: Vec<RenderedDocument>,
) -> (Site, Vec<Diagnostic>) {
    let bodies: Vec<Body> = rendered.iter_mut().map(Body::take).collect();
    // The mentions' context is all the index reads of the documents'
    // visible text: made first, it lets the texts go before the views
    // across documents are built.
    let mentions = mentions::actor_mentions(dossier, &rendered);
    for document in &mut rendered {
        document.text = String::new();
    }
    let rendered = rendered.as_slice();
    let mut problems = Vec::new();
    let actors_by_id = actors_by_id(dossier);
    let (claims, contradictions) = linked_claims(config, dossier, rendered, &actors_by_id);
    let contradictions = detected::with_topics(contradictions, &claims);
    let detected = detected::detect(dossier, &claims);
    problems.extend(detected.problems);
    // Shared from here on: documents, actors and topics show the same
    // claims, and a large dossier has a hundred thousand of them.
    let claims: Vec<Arc<ClaimView>> = detected::link(claims, &detected.views)
        .into_iter()
        .map(Arc::new)
        .collect();
    let documents = document_views(dossier, rendered, bodies, &claims, &actors_by_id);
    let actors = actor_views(config, dossier, &claims, &mut problems);
    let topics = topic_views(config, dossier, &claims, &mut problems);
    let mut site = Site {
        title: config.book.title.clone(),
        description: config.book.description.clone(),
        authors: config.book.authors.clone(),
        language: config.book.language.clone(),
        dir: config.book.text_direction.as_str().to_owned(),
        documents,
        actors,
        topics,
        claims,
        contradictions,
        detected: detected.views,
        overview: Overview::default(),
        timeline: Timeline::default(),
    };
    problems.extend(overview::analyse(
        config, dossier, rendered, mentions, &mut site,
    ));
    (site, problems)
}

/// The actors of actors.yaml by id.
fn actors_by_id(dossier: &Dossier) -> HashMap<&str, &ActorSpec> {
    dossier
        .actors
        .entries
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect()
}

/// Every claim's view with its relations in both directions, and the
/// declared contradictions: what both [`index`] and [`problems`] start
/// from.
fn linked_claims(
    config: &Config,
    dossier: &Dossier,
    rendered: &[RenderedDocument],
    actors_by_id: &HashMap<&str, &ActorSpec>,
) -> (Vec<ClaimView>, Vec<ContradictionView>) {
    let claims = claim_views(config, dossier, rendered, actors_by_id);
    let claim_refs: HashMap<String, ClaimRef> = claims
        .iter()
        .map(|c| (c.id.clone(), c.reference()))
        .collect();
    let contradictions = contradictions(dossier, rendered, &claim_refs);
    let claims = link_relations(claims, dossier, &claim_refs, &contradictions);
    (claims, contradictions)
}

/// The problems [`index`] reports, found without building the site (no
/// views of documents, actors or topics, no relations, no overview): what
/// `isnad lsp` checks on every edit. `rendered[i]` belongs to
/// `dossier.documents[i]`; `memo` keeps the detector's pairs of each topic
/// for the next call.
pub fn problems(
    config: &Config,
    dossier: &Dossier,
    rendered: &[RenderedDocument],
    memo: &mut DetectionMemo,
) -> Vec<Diagnostic> {
    // Detection needs each claim's figure, claimant and date; the
    // relations between claims it reads from the front matter itself.
    let claims = claim_views(config, dossier, rendered, &actors_by_id(dossier));
    let mut problems = detected::detect_with(dossier, &claims, memo).problems;
    let descriptions = |yaml, entries: Vec<Option<&String>>, problems: &mut Vec<Diagnostic>| {
        for (index, description) in entries.into_iter().enumerate() {
            if let Some(text) = description {
                markdown_field(config, yaml, format!("{index}.description"), text, problems);
            }
        }
    };
    let actors = dossier
        .actors
        .entries
        .iter()
        .map(|a| a.description.as_ref());
    descriptions(
        dossier.actors.yaml.as_ref(),
        actors.collect(),
        &mut problems,
    );
    let topics = dossier
        .topics
        .entries
        .iter()
        .map(|t| t.description.as_ref());
    descriptions(
        dossier.topics.yaml.as_ref(),
        topics.collect(),
        &mut problems,
    );
    problems.extend(mentions::unused_aliases(dossier, rendered));
    problems
}

/// Writes the dossier as data (spec §7) to `out` as it is serialized,
/// deterministically.
pub fn dossier_json(
    site: &Site,
    dossier: &Dossier,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    json::write(site, dossier, out)
}

/// A value as readers write it, in the dossier's language: «3500 على
/// الأقل», «عشرات», "more than 120".
fn value_text(value: Value, strings: &BTreeMap<&str, &str>) -> String {
    let with = |key: &str, n: f64| {
        let number = Value::Number(n).to_string();
        strings
            .get(key)
            .copied()
            .unwrap_or("{n}")
            .replace("{n}", &number)
    };
    match value {
        Value::Number(_) | Value::Range(..) => value.to_string(),
        Value::AtLeast(n, Strict::No) => with("value_at_least", n),
        Value::AtLeast(n, Strict::Yes) => with("value_more_than", n),
        Value::AtMost(n, Strict::No) => with("value_at_most", n),
        Value::AtMost(n, Strict::Yes) => with("value_less_than", n),
        Value::Vague(vague) => strings
            .get(format!("value_{}", vague.as_str().replace('-', "_")).as_str())
            .copied()
            .unwrap_or(vague.as_str())
            .to_owned(),
        Value::Unknown => strings
            .get("value_unknown")
            .copied()
            .unwrap_or("unknown")
            .to_owned(),
    }
}

fn actor_link(actors: &HashMap<&str, &ActorSpec>, id: &str) -> ActorLink {
    ActorLink {
        id: id.to_owned(),
        name: actors
            .get(id)
            .map_or_else(|| id.to_owned(), |a| a.name.clone()),
        page: actor_page(id),
        relation: actors.get(id).and_then(|a| a.relation),
    }
}

fn claim_views(
    config: &Config,
    dossier: &Dossier,
    rendered: &[RenderedDocument],
    actors: &HashMap<&str, &ActorSpec>,
) -> Vec<ClaimView> {
    let strings = crate::i18n::strings(&config.book.language);
    let topic_titles: HashMap<&str, &str> = dossier
        .topics
        .entries
        .iter()
        .map(|t| (t.id.as_str(), t.title.as_str()))
        .collect();
    // Twelve thousand claims at a thousand documents: made in parallel, as
    // `isnad lsp` makes them again after each edit of a front matter.
    let per_document: Vec<Vec<ClaimView>> = dossier
        .documents
        .par_iter()
        .zip(rendered)
        .map(|(document, rendered)| {
            document_claim_views(config, document, rendered, actors, &topic_titles, &strings)
        })
        .collect();
    let mut claims: Vec<ClaimView> = per_document.into_iter().flatten().collect();
    claims.sort_by(|a, b| a.id.cmp(&b.id));
    claims
}

/// The claims of one document, as [`claim_views`] makes them.
fn document_claim_views(
    config: &Config,
    document: &Document,
    rendered: &RenderedDocument,
    actors: &HashMap<&str, &ActorSpec>,
    topic_titles: &HashMap<&str, &str>,
    strings: &BTreeMap<&str, &str>,
) -> Vec<ClaimView> {
    let source = &document.front.source;
    document
        .front
        .claims
        .iter()
        .enumerate()
        .map(|(index, claim)| {
            let by_id = claim.by.as_deref().or(source.outlet_actor.as_deref());
            ClaimView {
                id: claim.id.clone(),
                document: document.id.clone(),
                document_title: document.front.title.clone(),
                page: format!(
                    "{}#{}",
                    document_page(&document.id),
                    claim_anchor(&claim.id)
                ),
                explanation: format!(
                    "{}#{}",
                    document_page(&document.id),
                    explanation_anchor(&claim_anchor(&claim.id))
                ),
                anchor: claim_anchor(&claim.id),
                number: rendered.claim_numbers[index],
                quote: claim.quote.clone(),
                lang: document.lang.clone(),
                dir: document.dir.as_str().to_owned(),
                by: by_id.map(|id| actor_link(actors, id)),
                by_name: by_id
                    .map_or_else(|| source.outlet.clone(), |id| actor_link(actors, id).name),
                outlet: source.outlet.clone(),
                topic: claim.topic.as_ref().map(|id| TopicLink {
                    id: id.clone(),
                    title: topic_titles
                        .get(id.as_str())
                        .map_or_else(|| id.clone(), |t| (*t).to_owned()),
                    page: topic_page(id),
                }),
                value: claim.value,
                value_text: claim.value.map(|v| value_text(v, strings)),
                bounds: claim.value.and_then(|v| v.bounds(&config.quantities)),
                // A figure dated `unknown` stays undated, and one about an
                // earlier event is dated by the event: the publication date
                // stands in only when the claim says nothing of its date.
                as_of: match (&claim.as_of, &claim.event_date) {
                    (Some(date), _) if date == "unknown" => None,
                    (Some(date), _) => Some(date.clone()),
                    (None, Some(event)) if event == "unknown" => None,
                    (None, Some(event)) => Some(event.clone()),
                    (None, None) => source
                        .published
                        .as_ref()
                        .map(|p| p[..p.len().min(10)].to_owned()),
                },
                event_date: claim.event_date.clone().filter(|d| d != "unknown"),
                via: claim.via.iter().map(|id| actor_link(actors, id)).collect(),
                wording: claim.wording,
                note: rendered.claim_notes[index].clone(),
                ..ClaimView::default()
            }
        })
        .collect()
}

fn contradictions(
    dossier: &Dossier,
    rendered: &[RenderedDocument],
    claims: &HashMap<String, ClaimRef>,
) -> Vec<ContradictionView> {
    let mut found: BTreeMap<String, ContradictionView> = BTreeMap::new();
    for (document, rendered) in dossier.documents.iter().zip(rendered) {
        for (index, claim) in document.front.claims.iter().enumerate() {
            for (entry_index, entry) in claim.contradicts.iter().enumerate() {
                let (Some(a), Some(b)) = (claims.get(&claim.id), claims.get(&entry.claim)) else {
                    continue;
                };
                if a.id == b.id {
                    continue;
                }
                let id = contradiction_id(&a.id, &b.id);
                let view = found.entry(id.clone()).or_insert_with(|| {
                    let mut sides = [a.clone(), b.clone()];
                    sides.sort_by(|x, y| x.id.cmp(&y.id));
                    ContradictionView {
                        page: contradiction_page(&id),
                        id,
                        kind: "declared".to_owned(),
                        claims: sides.to_vec(),
                        notes: Vec::new(),
                        raw_notes: Vec::new(),
                        topic: None,
                    }
                });
                if let (Some(html), Some(raw)) = (
                    &rendered.contradiction_notes[index][entry_index],
                    &entry.note,
                ) {
                    if !view.raw_notes.contains(raw) {
                        view.notes.push(html.clone());
                        view.raw_notes.push(raw.clone());
                    }
                }
            }
        }
    }
    found.into_values().collect()
}

/// Fills in each claim's relations, in both directions.
fn link_relations(
    mut claims: Vec<ClaimView>,
    dossier: &Dossier,
    refs: &HashMap<String, ClaimRef>,
    contradictions: &[ContradictionView],
) -> Vec<ClaimView> {
    let position: HashMap<String, usize> = claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    for contradiction in contradictions {
        for (side, other) in [(0, 1), (1, 0)] {
            if let Some(&i) = position.get(&contradiction.claims[side].id) {
                claims[i].contradicts.push(Relation {
                    claim: contradiction.claims[other].clone(),
                    contradiction: Some(ContradictionLink {
                        id: contradiction.id.clone(),
                        page: contradiction.page.clone(),
                        label: format!(
                            "{} ⟷ {}",
                            contradiction.claims[0].by_name, contradiction.claims[1].by_name
                        ),
                    }),
                });
            }
        }
    }
    for document in &dossier.documents {
        for claim in &document.front.claims {
            let Some(&from) = position.get(&claim.id) else {
                continue;
            };
            let links = [(&claim.supports, false), (&claim.updates, true)];
            for (targets, is_update) in links {
                for target in targets {
                    let (Some(&to), Some(target_ref)) = (position.get(target), refs.get(target))
                    else {
                        continue;
                    };
                    let source_ref = claims[from].reference();
                    let forward = Relation {
                        claim: target_ref.clone(),
                        contradiction: None,
                    };
                    let backward = Relation {
                        claim: source_ref,
                        contradiction: None,
                    };
                    if is_update {
                        claims[from].updates.push(forward);
                        claims[to].updated_by.push(backward);
                    } else {
                        claims[from].supports.push(forward);
                        claims[to].supported_by.push(backward);
                    }
                }
            }
        }
    }
    for claim in &mut claims {
        for list in [
            &mut claim.contradicts,
            &mut claim.supports,
            &mut claim.supported_by,
            &mut claim.updates,
            &mut claim.updated_by,
        ] {
            list.sort_by(|a, b| a.claim.id.cmp(&b.claim.id));
            list.dedup_by(|a, b| a.claim.id == b.claim.id);
        }
    }
    claims
}

/// The parts of a rendered document only its page and the search index
/// need.
struct Body {
    headings: Vec<crate::render::Heading>,
    passages: Vec<crate::render::markdown::Passage>,
}

impl Body {
    fn take(rendered: &mut RenderedDocument) -> Body {
        Body {
            headings: std::mem::take(&mut rendered.headings),
            passages: std::mem::take(&mut rendered.passages),
        }
    }
}

fn document_views(
    dossier: &Dossier,
    rendered: &[RenderedDocument],
    bodies: Vec<Body>,
    claims: &[Arc<ClaimView>],
    actors: &HashMap<&str, &ActorSpec>,
) -> Vec<DocumentView> {
    let by_id: HashMap<&str, &Arc<ClaimView>> = claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let pages: Vec<DocumentLink> = dossier.documents.iter().map(document_link).collect();
    dossier
        .documents
        .iter()
        .zip(rendered)
        .zip(bodies)
        .enumerate()
        .map(|(index, ((document, rendered), body))| {
            let front = &document.front;
            let mut annotations: Vec<AnnotationView> = Vec::new();
            for (i, claim) in front.claims.iter().enumerate() {
                annotations.push(AnnotationView {
                    number: rendered.claim_numbers[i],
                    anchor: claim_anchor(&claim.id),
                    explanation: explanation_anchor(&claim_anchor(&claim.id)),
                    kind: "claim".to_owned(),
                    claim: by_id.get(claim.id.as_str()).map(|c| Arc::clone(c)),
                    note: None,
                    note_source: None,
                    note_id: None,
                    occurrences: rendered.claim_numbers[i]
                        .map(|_| claim_anchor(&claim.id))
                        .into_iter()
                        .collect(),
                    quote: claim.quote.clone(),
                });
            }
            for (i, note) in front.notes.iter().enumerate() {
                let (number, anchors) = &rendered.note_places[i];
                let first = anchors
                    .first()
                    .cloned()
                    .unwrap_or_else(|| crate::render::note_anchor(&note_id(&document.id, i), 0));
                annotations.push(AnnotationView {
                    number: *number,
                    explanation: explanation_anchor(&first),
                    anchor: first,
                    kind: note.kind.as_str().to_owned(),
                    claim: None,
                    note: Some(rendered.notes[i].clone()),
                    note_source: Some(note.note.clone()),
                    note_id: Some(note_id(&document.id, i)),
                    occurrences: anchors.clone(),
                    quote: note.quote.clone(),
                });
            }
            annotations.sort_by_key(|a| (a.number.is_none(), a.number));
            let mut contradiction_links: Vec<ContradictionLink> = annotations
                .iter()
                .filter_map(|a| a.claim.as_ref())
                .flat_map(|c| c.contradicts.iter().filter_map(|r| r.contradiction.clone()))
                .collect();
            contradiction_links.sort_by(|a, b| a.id.cmp(&b.id));
            contradiction_links.dedup_by(|a, b| a.id == b.id);
            let source = &front.source;
            DocumentView {
                id: document.id.clone(),
                title: front.title.clone(),
                page: document_page(&document.id),
                lang: document.lang.clone(),
                dir: document.dir.as_str().to_owned(),
                source: SourceView {
                    outlet: source.outlet.clone(),
                    outlet_actor: source
                        .outlet_actor
                        .as_deref()
                        .map(|id| actor_link(actors, id)),
                    url: source.url.clone(),
                    published: source.published.clone(),
                    author: source.author.clone(),
                    retrieved: source.retrieved.clone(),
                    archive_url: source.archive_url.clone(),
                    dateline: source.dateline.clone(),
                },
                summary: rendered.summary.clone(),
                tags: front.tags.clone(),
                fingerprint: rendered.fingerprint,
                body_len: rendered.body_len,
                headings: body.headings,
                annotations,
                contradictions: contradiction_links,
                removed: front.removed.clone(),
                claim_count: front.claims.len(),
                previous: index.checked_sub(1).map(|i| pages[i].clone()),
                next: pages.get(index + 1).cloned(),
                jsonld: String::new(),
                annotations_file: String::new(),
                text_file: String::new(),
                actors_named: Vec::new(),
                passages: body.passages,
            }
        })
        .collect()
}

fn document_link(document: &Document) -> DocumentLink {
    DocumentLink {
        id: document.id.clone(),
        title: document.front.title.clone(),
        page: document_page(&document.id),
    }
}

fn markdown_field(
    config: &Config,
    yaml: Option<&crate::load::YamlSource>,
    path: String,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let html = render_inline(text, config.html.allow_raw_html);
    if let Some(yaml) = yaml {
        for n in html.neutralized {
            problems.push(yaml.error(Code::Body, &path, n.message).as_warning());
        }
    }
    html.html
}

fn actor_views(
    config: &Config,
    dossier: &Dossier,
    claims: &[Arc<ClaimView>],
    problems: &mut Vec<Diagnostic>,
) -> Vec<ActorView> {
    let entries = &dossier.actors.entries;
    let by_id: HashMap<&str, &ActorSpec> = entries.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut views: Vec<ActorView> = entries
        .iter()
        .enumerate()
        .map(|(index, actor)| {
            let mut members: Vec<ActorLink> = entries
                .iter()
                .filter(|other| other.member_of.as_deref() == Some(actor.id.as_str()))
                .map(|other| actor_link(&by_id, &other.id))
                .collect();
            members.sort_by(|a, b| a.id.cmp(&b.id));
            let mut aliases = vec![actor.name.clone()];
            for alias in &actor.aliases {
                if !aliases.contains(alias) {
                    aliases.push(alias.clone());
                }
            }
            let own: Vec<Arc<ClaimView>> = claims
                .iter()
                .filter(|c| c.by.as_ref().is_some_and(|b| b.id == actor.id))
                .cloned()
                .collect();
            ActorView {
                id: actor.id.clone(),
                name: actor.name.clone(),
                aliases,
                kind: actor.kind.map(|k| format!("{k:?}").to_lowercase()),
                relation: actor.relation,
                role: actor.role.clone(),
                member_of: actor
                    .member_of
                    .as_deref()
                    .filter(|id| by_id.contains_key(id))
                    .map(|id| actor_link(&by_id, id)),
                members,
                description: actor.description.as_deref().map(|d| {
                    markdown_field(
                        config,
                        dossier.actors.yaml.as_ref(),
                        format!("{index}.description"),
                        d,
                        problems,
                    )
                }),
                page: actor_page(&actor.id),
                claim_count: own.len(),
                claims: own,
                mentions: Vec::new(),
                mention_count: 0,
                pager: None,
            }
        })
        .collect();
    views.sort_by(|a, b| a.id.cmp(&b.id));
    views
}

fn topic_views(
    config: &Config,
    dossier: &Dossier,
    claims: &[Arc<ClaimView>],
    problems: &mut Vec<Diagnostic>,
) -> Vec<TopicView> {
    let mut views: Vec<TopicView> = dossier
        .topics
        .entries
        .iter()
        .enumerate()
        .map(|(index, topic)| {
            let mut figures: Vec<Arc<ClaimView>> = claims
                .iter()
                .filter(|c| c.topic.as_ref().is_some_and(|t| t.id == topic.id))
                .cloned()
                .collect();
            // By date, undated figures last.
            figures.sort_by(|a, b| {
                (a.as_of.is_none(), &a.as_of, &a.id).cmp(&(b.as_of.is_none(), &b.as_of, &b.id))
            });
            // Independent sources are the original claimants: five outlets
            // carrying one monitor's figure are one source.
            let distinct = |key: fn(&ClaimView) -> &str| {
                let mut keys: Vec<&str> = figures.iter().map(|c| key(c)).collect();
                keys.sort_unstable();
                keys.dedup();
                keys.len()
            };
            let sources = distinct(|c| c.by_name.as_str());
            let outlets = distinct(|c| c.outlet.as_str());
            TopicView {
                sources,
                outlets,
                id: topic.id.clone(),
                title: topic.title.clone(),
                unit: topic.unit.clone(),
                description: topic.description.as_deref().map(|d| {
                    markdown_field(
                        config,
                        dossier.topics.yaml.as_ref(),
                        format!("{index}.description"),
                        d,
                        problems,
                    )
                }),
                page: topic_page(&topic.id),
                claim_count: figures.len(),
                claims: figures,
                chart: None,
                pager: None,
            }
        })
        .collect();
    views.sort_by(|a, b| a.id.cmp(&b.id));
    views
}

#[cfg(test)]
mod id_tests {
    use super::contradiction_id;

    /// Every id up to five characters over `a`, `b` and `-`: no two pairs
    /// share a contradiction id, and either order gives the same one.
    #[test]
    fn contradiction_ids_are_injective() {
        let mut ids = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = ids
                .iter()
                .flat_map(|id| ["a", "b", "-"].map(|c| format!("{id}{c}")))
                .collect();
            ids.extend(longer);
        }
        ids.retain(|id| !id.is_empty());
        ids.sort();
        ids.dedup();
        let mut seen = std::collections::HashMap::new();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i..] {
                let id = contradiction_id(a, b);
                assert_eq!(id, contradiction_id(b, a));
                if let Some(other) = seen.insert(id.clone(), (a, b)) {
                    panic!("{id}: {other:?} and {:?}", (a, b));
                }
            }
        }
        assert_eq!(contradiction_id("x--y", "z"), "x--y~z");
        assert_eq!(contradiction_id("x", "y--z"), "x~y--z");
        assert_eq!(contradiction_id("b", "a"), "a--b");
    }
}
