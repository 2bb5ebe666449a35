//! Open data beyond dossier.json, for tools that do not know isnad:
//!
//! - each document's claims and notes as a W3C Web Annotation collection
//!   (`documents/ID.annotations.jsonld`), each annotation targeting the
//!   document page with a TextQuoteSelector (exact, prefix, suffix) and a
//!   TextPositionSelector counting Unicode code points in the document's
//!   visible text, published beside it as `documents/ID.txt`;
//! - schema.org `Claim`s embedded in each document page as JSON-LD.

use std::collections::HashMap;

use serde::Serialize;

use super::{AnnotationView, ClaimView, DocumentView};
use crate::render::{RenderedDocument, TextPlace};

/// How many characters of context a TextQuoteSelector carries each side.
const CONTEXT: usize = 32;

/// The W3C Web Annotation vocabulary's JSON-LD context (an identifier:
/// nothing fetches it).
const ANNOTATION_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The file of a document's annotations, relative to the site root.
pub fn annotations_file(document_id: &str) -> String {
    format!("documents/{document_id}.annotations.jsonld")
}

/// The file of a document's visible text, relative to the site root.
pub fn text_file(document_id: &str) -> String {
    format!("documents/{document_id}.txt")
}

/// A W3C selector: a quote with its context, or a position in code points.
#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector<'a> {
    TextQuoteSelector {
        exact: &'a str,
        prefix: String,
        suffix: String,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
    selector: [Selector<'a>; 2],
}

#[derive(Serialize)]
struct TextualBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
    format: &'static str,
    language: &'a str,
    purpose: &'static str,
}

#[derive(Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<TextualBody<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct AnnotationPage<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct AnnotationCollection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    total: usize,
    first: AnnotationPage<'a>,
}

/// The selectors of a byte range of `text`: the quote with its context, and
/// its position in code points.
fn selectors<'t>(text: &'t str, range: &std::ops::Range<usize>) -> [Selector<'t>; 2] {
    let before = &text[..range.start];
    let exact = &text[range.clone()];
    let start = before.chars().count();
    let end = start + exact.chars().count();
    let skip = start.saturating_sub(CONTEXT);
    [
        Selector::TextQuoteSelector {
            exact,
            prefix: before.chars().skip(skip).collect(),
            suffix: text[range.end..].chars().take(CONTEXT).collect(),
        },
        Selector::TextPositionSelector { start, end },
    ]
}

/// A sentence describing a claim: who, on what, which figure, as of when.
fn describe(claim: &ClaimView) -> String {
    let mut parts = vec![claim.by_name.as_str()];
    if let Some(topic) = &claim.topic {
        parts.push(&topic.title);
    }
    if let Some(value) = &claim.value_text {
        parts.push(value);
    }
    if let Some(date) = &claim.as_of {
        parts.push(date);
    }
    parts.join(" · ")
}

/// Why an annotation was made, in the vocabulary's terms.
fn motivation(kind: &str) -> &'static str {
    match kind {
        "claim" => "describing",
        "correction" | "typo" => "editing",
        _ => "commenting",
    }
}

/// A document's annotations as a W3C AnnotationCollection with one page.
pub(super) fn web_annotations(document: &DocumentView, rendered: &RenderedDocument) -> String {
    let file = format!("{}.annotations.jsonld", document.id);
    let page = format!("{}.html", document.id);
    let by_anchor: HashMap<&str, &AnnotationView> = document
        .annotations
        .iter()
        .flat_map(|a| a.occurrences.iter().map(move |o| (o.as_str(), a)))
        .collect();
    let mut places: Vec<&TextPlace> = rendered.places.iter().collect();
    places.sort_by_key(|p| (p.range.start, p.range.end, p.target));
    let descriptions: HashMap<&str, String> = document
        .annotations
        .iter()
        .filter_map(|a| Some((a.anchor.as_str(), describe(a.claim.as_ref()?))))
        .collect();
    let textual = |value, format, purpose| TextualBody {
        kind: "TextualBody",
        value,
        format,
        language: &document.lang,
        purpose,
    };
    let items: Vec<Annotation<'_>> = places
        .iter()
        .filter_map(|place| {
            let annotation = by_anchor.get(place.anchor.as_str())?;
            let mut body = Vec::new();
            if let Some(claim) = &annotation.claim {
                let description = descriptions.get(annotation.anchor.as_str())?;
                body.push(textual(description, "text/plain", "describing"));
                if let Some(topic) = &claim.topic {
                    body.push(textual(&topic.title, "text/plain", "tagging"));
                }
            }
            if let Some(note) = &annotation.note_source {
                body.push(textual(note, "text/markdown", "commenting"));
            }
            Some(Annotation {
                id: format!("{file}#{}", place.anchor),
                kind: "Annotation",
                motivation: motivation(&annotation.kind),
                body,
                target: Target {
                    source: &page,
                    selector: selectors(&rendered.text, &place.range),
                },
            })
        })
        .collect();
    let collection = AnnotationCollection {
        context: ANNOTATION_CONTEXT,
        id: &file,
        kind: "AnnotationCollection",
        label: &document.title,
        total: items.len(),
        first: AnnotationPage {
            id: format!("{file}#page-1"),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    let mut text = serde_json::to_string(&collection).unwrap_or_default();
    text.push('\n');
    text
}

/// JSON for a `<script>` element: `<`, `>` and `&` escaped as `\u003c`…,
/// so that no value can close the element or open a comment. They occur
/// only inside strings, where the escapes mean the same characters.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A schema.org thing named and typed, with an optional page.
#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct Reference {
    #[serde(rename = "@id")]
    id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Article<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: &'static str,
    headline: &'a str,
    in_language: &'a str,
    publisher: Thing<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    text: &'a str,
    author: Thing<'a>,
    appearance: Reference,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temporal_coverage: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Article(Article<'a>),
    Claim(Claim<'a>),
}

#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

/// A document and its claims as schema.org JSON-LD, ready to sit in a
/// `<script type="application/ld+json">`. `kinds` gives each actor's kind.
pub(super) fn schema_claims(document: &DocumentView, kinds: &HashMap<&str, &str>) -> String {
    let source = &document.source;
    let mut graph = vec![Node::Article(Article {
        kind: "Article",
        id: "#article",
        headline: &document.title,
        in_language: &document.lang,
        publisher: Thing {
            kind: "Organization",
            name: &source.outlet,
            url: None,
        },
        date_published: source.published.as_deref(),
        url: source.url.as_deref(),
        author: source.author.as_deref().map(|name| Thing {
            kind: "Person",
            name,
            url: None,
        }),
    })];
    for claim in document.annotations.iter().filter_map(|a| a.claim.as_ref()) {
        let author = match &claim.by {
            Some(actor) => Thing {
                kind: match kinds.get(actor.id.as_str()).copied() {
                    Some("person") => "Person",
                    _ => "Organization",
                },
                name: &actor.name,
                url: Some(format!("../{}", actor.page)),
            },
            None => Thing {
                kind: "Organization",
                name: &claim.by_name,
                url: None,
            },
        };
        graph.push(Node::Claim(Claim {
            kind: "Claim",
            id: format!("#{}", claim.anchor),
            text: &claim.quote,
            author,
            appearance: Reference { id: "#article" },
            about: claim.topic.as_ref().map(|topic| Thing {
                kind: "Thing",
                name: &topic.title,
                url: Some(format!("../{}", topic.page)),
            }),
            temporal_coverage: claim.as_of.as_deref(),
        }));
    }
    script_json(&Graph {
        context: "https://schema.org",
        graph,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn selectors_count_code_points_and_carry_context() {
        let text = "قال المتحدث: لا فرار من السجن";
        let start = text.find("لا فرار").unwrap();
        let value = json!(selectors(text, &(start..start + "لا فرار".len())));
        assert_eq!(value[0]["exact"], "لا فرار");
        assert_eq!(value[0]["prefix"], "قال المتحدث: ");
        assert_eq!(value[0]["suffix"], " من السجن");
        assert_eq!(value[1]["start"], 13);
        assert_eq!(value[1]["end"], 20);
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let text = script_json(&json!({"a": "</script><!-- & -->"}));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["a"], "</script><!-- & -->");
    }
}
