//! Completion: ids where a field takes one, field names with their
//! meaning, and the values of `kind:`.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Range, TextEdit};

use super::syntax::{Cursor, FileKind, IdKind};
use crate::load::{order, Dossier};

const NOTE_KINDS: &[(&str, &str)] = &[
    ("correction", "a factual correction of the source"),
    ("context", "background a reader needs"),
    ("translation", "a translation of the passage"),
    ("typo", "a slip of spelling or typing in the source"),
    ("other", "anything else"),
];
const ACTOR_KINDS: &[(&str, &str)] = &[
    ("person", "a named individual"),
    ("organization", "a formal body"),
    ("outlet", "a publication"),
    ("place", "a place"),
    ("group", "an informal group"),
];

/// The fields of the mapping the cursor is in.
fn fields(cursor: &Cursor<'_>) -> &'static [order::Field] {
    match (cursor.file, cursor.ancestors.as_slice()) {
        (FileKind::Actors, []) => order::ACTOR,
        (FileKind::Topics, []) => order::TOPIC,
        (FileKind::Document, []) => order::FRONT_MATTER,
        (FileKind::Document, ["source"]) => order::SOURCE,
        (FileKind::Document, ["claims"]) => order::CLAIM,
        (FileKind::Document, ["claims", "contradicts"]) => order::CONTRADICTS,
        (FileKind::Document, ["notes"]) => order::NOTE,
        (FileKind::Document, ["removed"]) => order::REMOVAL,
        _ => &[],
    }
}

/// The completions at the cursor; `range` is the word they replace.
pub(crate) fn complete(
    dossier: &Dossier,
    cursor: &Cursor<'_>,
    range: Range,
) -> Vec<CompletionItem> {
    let edit = |text: String| Some(CompletionTextEdit::Edit(TextEdit::new(range, text)));
    let item =
        |label: &str, detail: String, kind: CompletionItemKind, insert: String| CompletionItem {
            label: label.to_owned(),
            kind: Some(kind),
            detail: Some(detail),
            text_edit: edit(insert),
            ..CompletionItem::default()
        };
    if let Some(kind) = cursor.reference() {
        return ids(dossier, kind)
            .into_iter()
            .map(|(id, detail)| item(&id, detail, CompletionItemKind::REFERENCE, id.clone()))
            .collect();
    }
    let kinds = match (cursor.file, cursor.ancestors.as_slice()) {
        (FileKind::Actors, []) => ACTOR_KINDS,
        (FileKind::Document, ["notes"]) => NOTE_KINDS,
        _ => &[],
    };
    if cursor.in_value && cursor.key == Some("kind") {
        return kinds
            .iter()
            .map(|(value, meaning)| {
                item(
                    value,
                    (*meaning).to_owned(),
                    CompletionItemKind::ENUM_MEMBER,
                    (*value).to_owned(),
                )
            })
            .collect();
    }
    // Where a key is written: at the start of a line, or right after the
    // `- ` of a new list item.
    let at_key = !cursor.in_value || (cursor.item && cursor.key.is_none());
    if !at_key {
        return Vec::new();
    }
    fields(cursor)
        .iter()
        .map(|(field, meaning)| {
            item(
                field,
                (*meaning).to_owned(),
                CompletionItemKind::FIELD,
                format!("{field}: "),
            )
        })
        .collect()
}

/// Every id of a kind, with what it names: an actor's name, a topic's
/// title, a claim's quote.
fn ids(dossier: &Dossier, kind: IdKind) -> Vec<(String, String)> {
    match kind {
        IdKind::Actor => dossier
            .actors
            .entries
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect(),
        IdKind::Topic => dossier
            .topics
            .entries
            .iter()
            .map(|t| (t.id.clone(), t.title.clone()))
            .collect(),
        IdKind::Claim => dossier
            .documents
            .iter()
            .flat_map(|d| &d.front.claims)
            .map(|c| (c.id.clone(), format!("«{}»", c.quote.trim())))
            .collect(),
    }
}
