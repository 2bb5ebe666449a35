//! The views across documents, added to the site once the per-document
//! views exist: actor mentions and the matrix of who appears where, each
//! topic's chart, the graph of who contradicts whom, the timeline, and
//! each document's open data (its JSON-LD, and the files beside its page).

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::chart::{topic_chart, Labels as ChartLabels};
use super::graph::{contradiction_graph, Labels as GraphLabels};
use super::mentions::{matrix, unused_aliases, MentionMatrix};
use super::open_data::{annotations_file, schema_claims, text_file, web_annotations};
use super::{ActorLink, ContradictionView, DocumentView, Site, TopicLink};
use crate::config::{Config, Direction};
use crate::diagnostic::Diagnostic;
use crate::load::Dossier;
use crate::render::RenderedDocument;

/// A file of data beside the pages.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Its path below the site root.
    pub path: String,
    /// Its content.
    pub text: String,
}

/// An actor a document names.
#[derive(Debug, Clone, Serialize)]
pub struct NamedActor {
    /// The actor.
    pub actor: ActorLink,
    /// How often.
    pub count: usize,
    /// The id of the first mention in the document page.
    pub first: String,
}

/// The detected contradictions of one topic.
#[derive(Debug, Clone, Serialize)]
pub struct DetectedTopic {
    /// The topic.
    pub topic: Option<TopicLink>,
    /// Its detected contradictions.
    pub contradictions: Vec<ContradictionView>,
}

/// What the index shows across documents.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overview {
    /// Which actors appear in which documents.
    pub matrix: MentionMatrix,
    /// The graph of who contradicts whom, an SVG with links from the index.
    pub graph: Option<String>,
    /// The same pairs as a list, shown instead of the graph on phones.
    pub graph_pairs: Vec<super::graph::GraphPair>,
    /// Detected contradictions, by topic.
    pub detected: Vec<DetectedTopic>,
    /// How many detected contradictions there are.
    pub detected_count: usize,
    /// The disputed topics, most contested first, with every figure.
    pub disputes: Vec<super::disputes::Dispute>,
    /// The declared contradictions, by topic, in the disputes' order.
    pub contradiction_groups: Vec<super::disputes::ContradictionGroup>,
}

/// Adds the views across documents to `site` (built from `dossier`,
/// `rendered` and each actor's mentions, `groups`); returns the warnings
/// (aliases that occur nowhere).
pub(super) fn analyse(
    config: &Config,
    dossier: &Dossier,
    rendered: &[RenderedDocument],
    mut groups: Vec<Vec<super::MentionGroup>>,
    site: &mut Site,
) -> Vec<Diagnostic> {
    let strings = crate::i18n::strings(&config.book.language);
    let rtl = config.book.text_direction == Direction::Rtl;
    site.overview.matrix = matrix(dossier, &groups);
    let position: HashMap<&str, usize> = dossier
        .actors
        .entries
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // Moved, not copied: an actor named everywhere has a mention in every
    // paragraph.
    for actor in &mut site.actors {
        if let Some(&i) = position.get(actor.id.as_str()) {
            actor.mentions = std::mem::take(&mut groups[i]);
            actor.mention_count = actor.mentions.iter().map(|g| g.mentions.len()).sum();
        }
    }
    let problems = unused_aliases(dossier, rendered);
    documents(dossier, rendered, site);
    for topic in &mut site.topics {
        let figures = topic.claims.iter().filter(|c| c.value.is_some()).count();
        let claimants = {
            let mut names: Vec<&str> = topic
                .claims
                .iter()
                .filter(|c| c.value.is_some())
                .map(|c| c.by_name.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            names.len()
        };
        let labels = ChartLabels {
            title: &topic.title,
            unit: topic.unit.as_deref(),
            date_axis: strings["as_of"],
            undated: strings["undated"],
            description: strings["chart_description"]
                .replace("{figures}", &figures.to_string())
                .replace("{claimants}", &claimants.to_string()),
            grouped: strings["chart_grouped"],
        };
        topic.chart = topic_chart(&topic.id, &topic.claims, &labels, rtl);
    }
    let graph_labels = GraphLabels {
        title: strings["graph_title"],
        description: strings["graph_description"]
            .replace("{declared}", &site.contradictions.len().to_string())
            .replace("{detected}", &site.detected.len().to_string()),
        declared: strings["graph_declared"],
        detected: strings["graph_detected"],
        more: strings["graph_more"],
    };
    (site.overview.graph, site.overview.graph_pairs) =
        contradiction_graph(site, &site.detected, &graph_labels, "");
    site.overview.detected = by_topic(&site.detected);
    site.overview.detected_count = site.detected.len();
    site.overview.disputes =
        super::disputes::disputes(&site.topics, &site.contradictions, &site.detected);
    site.overview.contradiction_groups = super::disputes::contradictions_by_topic(
        &site.contradictions,
        &site.claims,
        &site.overview.disputes,
    );
    site.timeline = super::timeline::timeline(&site.documents, &site.claims);
    problems
}

/// Per document: the actors it names, its JSON-LD, and the paths of its
/// data files (made with its page: [`document_files`]).
fn documents(dossier: &Dossier, rendered: &[RenderedDocument], site: &mut Site) {
    let kinds: HashMap<&str, &str> = site
        .actors
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.kind.as_deref()?)))
        .collect();
    let actors = &dossier.actors.entries;
    site.documents
        .par_iter_mut()
        .zip(rendered)
        .for_each(|(document, rendered)| {
            let mut named: Vec<super::overview::NamedActor> = Vec::new();
            for place in &rendered.mentions {
                match named
                    .iter_mut()
                    .find(|n| n.actor.id == actors[place.actor].id)
                {
                    Some(entry) => entry.count += 1,
                    None => named.push(NamedActor {
                        actor: ActorLink {
                            id: actors[place.actor].id.clone(),
                            name: actors[place.actor].name.clone(),
                            page: super::actor_page(&actors[place.actor].id),
                            relation: actors[place.actor].relation,
                        },
                        count: 1,
                        first: place.anchor.clone(),
                    }),
                }
            }
            named.sort_by(|a, b| (b.count, &a.actor.id).cmp(&(a.count, &b.actor.id)));
            document.actors_named = named;
            document.jsonld = schema_claims(document, &kinds);
            document.annotations_file = annotations_file(&document.id);
            document.text_file = text_file(&document.id);
        });
}

/// A document's data files beside its page: its annotations as W3C Web
/// Annotations, and the visible text they count positions in. They are
/// made with the page, from the document as the page has it (rendered
/// again, in a large dossier), so that a large dossier's are never all in
/// memory.
pub fn document_files(document: &DocumentView, rendered: &RenderedDocument) -> [DataFile; 2] {
    [
        DataFile {
            path: document.annotations_file.clone(),
            text: web_annotations(document, rendered),
        },
        DataFile {
            path: document.text_file.clone(),
            text: format!("{}\n", rendered.text),
        },
    ]
}

/// Detected contradictions grouped by topic, topics in order of their ids.
fn by_topic(detected: &[ContradictionView]) -> Vec<DetectedTopic> {
    let mut groups: Vec<DetectedTopic> = Vec::new();
    let mut sorted: Vec<&ContradictionView> = detected.iter().collect();
    sorted.sort_by(|a, b| {
        let topic = |c: &ContradictionView| c.topic.as_ref().map(|t| t.id.clone());
        (topic(a), &a.id).cmp(&(topic(b), &b.id))
    });
    for contradiction in sorted {
        let same = groups.last().is_some_and(|g| {
            g.topic.as_ref().map(|t| &t.id) == contradiction.topic.as_ref().map(|t| &t.id)
        });
        if !same {
            groups.push(DetectedTopic {
                topic: contradiction.topic.clone(),
                contradictions: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.contradictions.push(contradiction.clone());
        }
    }
    groups
}
