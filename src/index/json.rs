//! `dossier.json` (spec §7): the whole dossier as data, for other tools.
//! Every array is sorted by id and every key is always present (null when
//! empty), so that two builds of the same input are byte-identical and
//! consumers see one shape.

use serde::Serialize;

use super::Site;
use crate::load::schema::Value;
use crate::load::Dossier;

#[derive(Serialize)]
struct Json<'a> {
    title: &'a str,
    language: &'a str,
    documents: Vec<JsonDocument<'a>>,
    actors: Vec<JsonActor<'a>>,
    topics: Vec<JsonTopic<'a>>,
    claims: Vec<JsonClaim<'a>>,
    notes: Vec<JsonNote>,
    contradictions: Vec<JsonContradiction<'a>>,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    id: &'a str,
    title: &'a str,
    page: &'a str,
    source: JsonSource<'a>,
}

#[derive(Serialize)]
struct JsonSource<'a> {
    outlet: &'a str,
    url: Option<&'a str>,
    published: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonActor<'a> {
    id: &'a str,
    name: &'a str,
    kind: Option<&'a str>,
    relation: Option<crate::load::schema::ActorRelation>,
    page: &'a str,
    mentions: Vec<JsonMention>,
}

#[derive(Serialize)]
struct JsonMention {
    document: String,
    anchor: String,
}

#[derive(Serialize)]
struct JsonTopic<'a> {
    id: &'a str,
    title: &'a str,
    unit: Option<&'a str>,
    page: &'a str,
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    id: &'a str,
    document: &'a str,
    quote: &'a str,
    by: Option<&'a str>,
    topic: Option<&'a str>,
    value: Option<Value>,
    #[serde(rename = "as-of")]
    as_of: Option<&'a str>,
    #[serde(rename = "event-date")]
    event_date: Option<&'a str>,
    via: Option<Vec<&'a str>>,
    wording: Option<crate::load::schema::Wording>,
    note: Option<&'a str>,
    supports: Vec<&'a str>,
    updates: Vec<&'a str>,
    page: &'a str,
}

#[derive(Serialize)]
struct JsonNote {
    id: String,
    document: String,
    quote: String,
    kind: String,
    note: String,
    pages: Vec<String>,
}

#[derive(Serialize)]
struct JsonContradiction<'a> {
    id: &'a str,
    claims: Vec<&'a str>,
    kind: &'a str,
    note: Option<String>,
    page: &'a str,
}

/// Writes dossier.json to `out` as it is serialized: at 10,000 documents
/// it is tens of megabytes, which a build need not hold.
pub(super) fn write(
    site: &Site,
    dossier: &Dossier,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let raw_claims: std::collections::HashMap<&str, &crate::load::schema::ClaimSpec> = dossier
        .documents
        .iter()
        .flat_map(|d| d.front.claims.iter())
        .map(|c| (c.id.as_str(), c))
        .collect();
    let mut notes: Vec<JsonNote> = site
        .documents
        .iter()
        .flat_map(|document| {
            document.annotations.iter().filter_map(move |annotation| {
                let id = annotation.note_id.clone()?;
                Some(JsonNote {
                    id,
                    document: document.id.clone(),
                    quote: annotation.quote.clone(),
                    kind: annotation.kind.clone(),
                    note: annotation.note_source.clone().unwrap_or_default(),
                    pages: annotation
                        .occurrences
                        .iter()
                        .map(|anchor| format!("{}#{anchor}", document.page))
                        .collect(),
                })
            })
        })
        .collect();
    notes.sort_by(|a, b| a.id.cmp(&b.id));
    // Declared and detected in one array, as spec §7 has it; `kind` tells
    // them apart. A detected pair is never declared, so ids never repeat.
    let mut contradictions: Vec<&super::ContradictionView> =
        site.contradictions.iter().chain(&site.detected).collect();
    contradictions.sort_by(|a, b| a.id.cmp(&b.id));
    let json = Json {
        title: &site.title,
        language: &site.language,
        documents: site
            .documents
            .iter()
            .map(|d| JsonDocument {
                id: &d.id,
                title: &d.title,
                page: &d.page,
                source: JsonSource {
                    outlet: &d.source.outlet,
                    url: d.source.url.as_deref(),
                    published: d.source.published.as_deref(),
                },
            })
            .collect(),
        actors: site
            .actors
            .iter()
            .map(|a| JsonActor {
                id: &a.id,
                name: &a.name,
                kind: a.kind.as_deref(),
                relation: a.relation,
                page: &a.page,
                mentions: a
                    .mentions
                    .iter()
                    .flat_map(|group| {
                        group.mentions.iter().map(|m| JsonMention {
                            document: group.document.id.clone(),
                            anchor: m.anchor.clone(),
                        })
                    })
                    .collect(),
            })
            .collect(),
        topics: site
            .topics
            .iter()
            .map(|t| JsonTopic {
                id: &t.id,
                title: &t.title,
                unit: t.unit.as_deref(),
                page: &t.page,
            })
            .collect(),
        claims: site
            .claims
            .iter()
            .map(|c| {
                let raw = raw_claims.get(c.id.as_str());
                JsonClaim {
                    id: &c.id,
                    document: &c.document,
                    quote: &c.quote,
                    by: c.by.as_ref().map(|b| b.id.as_str()),
                    topic: c.topic.as_ref().map(|t| t.id.as_str()),
                    value: c.value,
                    as_of: c.as_of.as_deref(),
                    event_date: c.event_date.as_deref(),
                    via: (!c.via.is_empty()).then(|| c.via.iter().map(|a| a.id.as_str()).collect()),
                    wording: c.wording,
                    note: raw.and_then(|r| r.note.as_deref()),
                    supports: raw
                        .map(|r| r.supports.iter().map(String::as_str).collect())
                        .unwrap_or_default(),
                    updates: raw
                        .map(|r| r.updates.iter().map(String::as_str).collect())
                        .unwrap_or_default(),
                    page: &c.page,
                }
            })
            .collect(),
        notes,
        contradictions: contradictions
            .into_iter()
            .map(|c| JsonContradiction {
                id: &c.id,
                claims: c.claims.iter().map(|r| r.id.as_str()).collect(),
                kind: &c.kind,
                note: (!c.raw_notes.is_empty()).then(|| c.raw_notes.join("\n\n")),
                page: &c.page,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    out.write_all(b"\n")
}
