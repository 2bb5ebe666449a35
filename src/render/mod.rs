//! Stage 4: rendering each document's Markdown (its body, its summary, the
//! notes of its claims and annotations) into HTML fragments. Runs per
//! document, in parallel; pages are assembled from these fragments later.

mod highlight;
pub mod markdown;
pub mod places;

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::anchor::visible::VisibleText;
use crate::anchor::{Anchored, Target};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::Document;
pub use markdown::Heading;
use markdown::{render_body, render_inline};
pub use places::{mention_anchor, MentionPlace, TextPlace};

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// How one placed span (an annotation or an actor mention) is marked in
/// the text.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    /// The id of the span's first piece (the link target).
    pub(crate) anchor: String,
    /// The start tag without its id and closing `>`, escaped.
    pub(crate) open: String,
    /// The end tag.
    pub(crate) close: &'static str,
    /// The small numbered link to the explanation, written after the span
    /// (empty for none).
    pub(crate) reference: String,
}

pub use crate::urls::{claim_anchor, explanation_anchor, note_anchor, note_id};

/// A document's HTML fragments.
#[derive(Debug, Clone, Default)]
pub struct RenderedDocument {
    /// The annotated body.
    pub body: String,
    /// Its headings, for a table of contents.
    pub headings: Vec<Heading>,
    /// The summary, if any.
    pub summary: Option<String>,
    /// For each claim, its note rendered.
    pub claim_notes: Vec<Option<String>>,
    /// For each claim, the notes of its `contradicts` entries.
    pub contradiction_notes: Vec<Vec<Option<String>>>,
    /// For each note, its text rendered.
    pub notes: Vec<String>,
    /// For each claim, its reference number in the text (`None` if it
    /// could not be placed).
    pub claim_numbers: Vec<Option<usize>>,
    /// For each note, its reference number and the anchors of its
    /// occurrences.
    pub note_places: Vec<(Option<usize>, Vec<String>)>,
    /// The paragraphs, list items and headings of the body, for search.
    pub passages: Vec<markdown::Passage>,
    /// The visible text of the body, in which open data counts positions.
    pub text: String,
    /// Where each placed claim and note is in `text`.
    pub places: Vec<TextPlace>,
    /// Where actors are named in `text`, in document order.
    pub mentions: Vec<MentionPlace>,
    /// Every (actor, alias) found in the text.
    pub names_used: Vec<(usize, usize)>,
    /// A hash of what only the document's own page and data files show
    /// (the body, its visible text and where the annotations are in it),
    /// which stands for them once the body is let go
    /// ([`RenderedDocument::without_body`]).
    pub fingerprint: u64,
    /// Whether [`RenderedDocument::body`] is here (not let go).
    pub has_body: bool,
    /// The body's length in bytes, kept when the body is let go: what the
    /// print page's volumes are measured by.
    pub body_len: usize,
}

impl RenderedDocument {
    /// The document without its body HTML, the largest part of it, which
    /// only its own page shows: a build holds every document's other
    /// parts for the pages across documents, and renders each body again
    /// when its page is made, so that the bodies of a large dossier are
    /// never all in memory.
    pub fn without_body(mut self) -> Self {
        self.body = String::new();
        self.has_body = false;
        self
    }
}

/// The hash that [`RenderedDocument::fingerprint`] holds.
fn fingerprint(body: &str, text: &str, places: &[TextPlace]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (body, text, places).hash(&mut hasher);
    hasher.finish()
}

/// Renders one anchored document. Links and images that are not kept are
/// reported as warnings at their place in the file.
///
/// `contested` gives, for each claim of the document, how many claims are
/// declared to contradict it (in any document): such a claim's marks look
/// different (a wavy underline, not colour alone) and its reference
/// numeral says how many claims stand against it.
pub fn render_document(
    document: &Document,
    anchored: &Anchored<'_>,
    allow_raw_html: bool,
    contested: &[usize],
) -> (RenderedDocument, Vec<Diagnostic>) {
    let front = &document.front;
    let numbers = reference_numbers(anchored);
    let mut marks: Vec<Mark> = anchored
        .spans
        .iter()
        .map(|span| {
            let against = match span.target {
                Target::Claim(i) => contested.get(i).copied().unwrap_or_default(),
                Target::Note(_) => 0,
            };
            let (anchor, class) = match span.target {
                Target::Claim(i) if against > 0 => (
                    claim_anchor(&front.claims[i].id),
                    "ann ann-claim ann-contested".to_owned(),
                ),
                Target::Claim(i) => (
                    claim_anchor(&front.claims[i].id),
                    "ann ann-claim".to_owned(),
                ),
                Target::Note(i) => (
                    note_anchor(&note_id(&document.id, i), span.occurrence),
                    format!("ann ann-note ann-{}", front.notes[i].kind.as_str()),
                ),
            };
            let number = numbers.get(&span.target).copied().unwrap_or_default();
            let first_anchor = match span.target {
                Target::Claim(_) => anchor.clone(),
                Target::Note(i) => note_anchor(&note_id(&document.id, i), 0),
            };
            let mut reference = String::new();
            let against = if against > 0 {
                format!("<span class=\"ann-against\">⟷{against}</span>")
            } else {
                String::new()
            };
            let _ = write!(
                reference,
                "<sup class=\"ann-ref\"><a href=\"#{}\" role=\"doc-noteref\">{number}{against}</a></sup>",
                escape_html(&explanation_anchor(&first_anchor))
            );
            Mark {
                open: format!(
                    "<mark class=\"{class}\" data-ann=\"{}\"",
                    escape_html(&anchor)
                ),
                close: "</mark>",
                anchor,
                reference,
            }
        })
        .collect();
    let visible = VisibleText::new(&anchored.blocks);
    let places = places::annotation_places(anchored, &marks, &visible);
    let (mention_marks, mentions) = places::mention_marks(anchored, &visible);
    marks.extend(mention_marks);
    let body = render_body(anchored, &marks, allow_raw_html);
    let mut problems: Vec<Diagnostic> = body
        .neutralized
        .iter()
        .map(|n| {
            document
                .file()
                .error_at_offset(
                    Code::Body,
                    document.body_start + n.range.start,
                    n.message.clone(),
                )
                .as_warning()
        })
        .collect();
    let mut inline = |path: String, markdown: &str| -> String {
        let html = render_inline(markdown, allow_raw_html);
        for n in html.neutralized {
            problems.push(
                document
                    .yaml
                    .error(Code::Body, &path, n.message)
                    .as_warning(),
            );
        }
        html.html
    };
    let summary = front
        .summary
        .as_deref()
        .map(|s| inline("summary".to_owned(), s));
    let claim_notes = front
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.note
                .as_deref()
                .map(|n| inline(format!("claims.{i}.note"), n))
        })
        .collect();
    let contradiction_notes = front
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.contradicts
                .iter()
                .enumerate()
                .map(|(j, k)| {
                    k.note
                        .as_deref()
                        .map(|n| inline(format!("claims.{i}.contradicts.{j}.note"), n))
                })
                .collect()
        })
        .collect();
    let notes = front
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| inline(format!("notes.{i}.note"), &n.note))
        .collect();
    let claim_numbers = (0..front.claims.len())
        .map(|i| numbers.get(&Target::Claim(i)).copied())
        .collect();
    // Each note's occurrences, gathered in one pass over the spans.
    let mut note_anchors: Vec<Vec<String>> = vec![Vec::new(); front.notes.len()];
    for span in &anchored.spans {
        if let Target::Note(i) = span.target {
            note_anchors[i].push(note_anchor(&note_id(&document.id, i), span.occurrence));
        }
    }
    let note_places = note_anchors
        .into_iter()
        .enumerate()
        .map(|(i, anchors)| (numbers.get(&Target::Note(i)).copied(), anchors))
        .collect();
    let rendered = RenderedDocument {
        fingerprint: fingerprint(&body.html, &visible.text, &places),
        has_body: true,
        body_len: body.html.len(),
        body: body.html,
        headings: body.headings,
        summary,
        claim_notes,
        contradiction_notes,
        notes,
        claim_numbers,
        note_places,
        passages: body.passages,
        text: visible.text,
        places,
        mentions,
        names_used: anchored.names_used.clone(),
    };
    (rendered, problems)
}

/// Numbers the annotations 1, 2, 3… in the order they first appear.
fn reference_numbers(anchored: &Anchored<'_>) -> HashMap<Target, usize> {
    let mut numbers: HashMap<Target, usize> = HashMap::new();
    for span in &anchored.spans {
        let next = numbers.len() + 1;
        numbers.entry(span.target).or_insert(next);
    }
    numbers
}

#[cfg(test)]
mod tests;
