//! Hover: what an id stands for, and where a quote anchors.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::navigate::{claimant, find_claim};
use super::syntax::{Cursor, IdKind};
use crate::anchor::{self, Target};
use crate::load::{Document, Dossier};

/// The hover text for the cursor, if it is on an id or a quote.
pub(crate) fn hover(
    dossier: &Dossier,
    document: Option<&Document>,
    cursor: &Cursor<'_>,
) -> Option<Hover> {
    let text = match cursor.reference().or(cursor.definition()) {
        Some(kind) => describe(dossier, kind, cursor.word())?,
        None if cursor.key == Some("quote") && cursor.in_value => anchoring(document?, cursor)?,
        None => return None,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

/// What an id names, in a few lines of Markdown.
pub(crate) fn describe(dossier: &Dossier, kind: IdKind, id: &str) -> Option<String> {
    match kind {
        IdKind::Actor => {
            let actor = dossier.actors.entries.iter().find(|a| a.id == id)?;
            let claims = dossier
                .documents
                .iter()
                .flat_map(|d| d.front.claims.iter().map(move |c| (d, c)))
                .filter(|&(d, c)| claimant(d, c) == Some(id))
                .count();
            let mut text = format!("**{}** (`{id}`)", actor.name);
            if let Some(role) = &actor.role {
                text.push_str(&format!("\n\n{role}"));
            }
            text.push_str(&format!("\n\n{claims} claim(s)"));
            Some(text)
        }
        IdKind::Topic => {
            let topic = dossier.topics.entries.iter().find(|t| t.id == id)?;
            let claims = dossier
                .documents
                .iter()
                .flat_map(|d| &d.front.claims)
                .filter(|c| c.topic.as_deref() == Some(id))
                .count();
            let unit = topic
                .unit
                .as_ref()
                .map(|u| format!(" (in {u})"))
                .unwrap_or_default();
            Some(format!(
                "**{}**{unit} (`{id}`)\n\n{claims} claim(s)",
                topic.title
            ))
        }
        IdKind::Claim => {
            let (document, index) = find_claim(dossier, id)?;
            let claim = &document.front.claims[index];
            let mut text = format!("«{}»", claim.quote.trim());
            let by = claimant(document, claim).unwrap_or(&document.front.source.outlet);
            text.push_str(&format!("\n\n— `{by}`, in `{}`", document.id));
            if let Some(value) = &claim.value {
                text.push_str(&format!("\n\nvalue: {value}"));
            }
            if let Some(topic) = &claim.topic {
                text.push_str(&format!(" (topic `{topic}`)"));
            }
            Some(text)
        }
    }
}

/// Where the quote on the cursor's line anchors in the body.
fn anchoring(document: &Document, cursor: &Cursor<'_>) -> Option<String> {
    let line_of = |offset: usize| document.file().position(offset).0;
    let line = line_of(cursor.word.start);
    let claims =
        (0..document.front.claims.len()).map(|i| (Target::Claim(i), format!("claims.{i}.quote")));
    let notes =
        (0..document.front.notes.len()).map(|i| (Target::Note(i), format!("notes.{i}.quote")));
    let target = claims
        .chain(notes)
        .find(|(_, path)| line_of(document.yaml.offset_of(path)) == line)?
        .0;
    let (anchored, _) = anchor::anchor(document);
    let places: Vec<usize> = anchored
        .spans
        .iter()
        .filter(|span| span.target == target)
        .map(|span| line_of(document.body_start + span.source_offset))
        .collect();
    Some(match places.as_slice() {
        [] => {
            "not anchored: the quote is not found, or is ambiguous (see the problem reported here)"
                .to_owned()
        }
        [line] => format!("anchored in the text at line {line}"),
        lines => {
            let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
            format!("anchored in the text at lines {}", lines.join(", "))
        }
    })
}
