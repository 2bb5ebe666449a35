//! Completion: ids where a field takes one, field names with their
//! meaning, and the values of `kind:`.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Range, TextEdit};

use super::syntax::{Cursor, FileKind, IdKind};
use crate::load::Dossier;

/// The fields of each mapping, with their one-line meaning (spec §3–§5).
const FRONT_MATTER: &[(&str, &str)] = &[
    ("id", "the document's id (default: the file's name)"),
    ("title", "the document's title"),
    (
        "source",
        "where the document comes from: outlet, url, published…",
    ),
    ("lang", "the language of the text (default: book.toml's)"),
    ("dir", "the direction of the text: rtl or ltr"),
    ("summary", "a summary, Markdown inline"),
    ("tags", "free-form tags"),
    ("claims", "attributed statements in the text"),
    ("notes", "editorial notes on passages of the text"),
    (
        "removed",
        "website furniture cut from the original, with the reason",
    ),
];
const SOURCE: &[(&str, &str)] = &[
    ("outlet", "the publication's name"),
    ("outlet-actor", "the outlet's actor id in actors.yaml"),
    ("url", "where the document was published (http or https)"),
    (
        "published",
        "the date, or RFC 3339 date and time, of publication",
    ),
    ("author", "who wrote it"),
    ("retrieved", "when the text was copied"),
    ("archive-url", "an archived copy (http or https)"),
    ("dateline", "the place line the article opens with"),
];
const CLAIM: &[(&str, &str)] = &[
    ("id", "the claim's id, unique in the dossier"),
    ("quote", "the exact words of the text"),
    (
        "prefix",
        "text right before the quote, to tell which occurrence",
    ),
    (
        "suffix",
        "text right after the quote, to tell which occurrence",
    ),
    ("occurrence", "the Nth occurrence of the quote, from 1"),
    ("by", "the claimant's actor id (default: the outlet)"),
    ("topic", "the topic id"),
    (
        "value",
        "the figure: a number, [min, max], {at-least: n}, dozens…",
    ),
    (
        "as-of",
        "the date the figure refers to (default: published)",
    ),
    (
        "event-date",
        "the date of the earlier event the claim reports",
    ),
    (
        "via",
        "the actors who carried the claim, from the claimant outward",
    ),
    ("wording", "quote or paraphrase"),
    ("note", "an editorial note, Markdown inline"),
    ("contradicts", "claims this one conflicts with"),
    ("supports", "claims this one corroborates"),
    (
        "updates",
        "earlier figures of the same claimant this one replaces",
    ),
];
const CONTRADICTS: &[(&str, &str)] = &[
    ("claim", "the other claim's id"),
    ("note", "why they conflict"),
];
const NOTE: &[(&str, &str)] = &[
    ("quote", "the exact words of the text"),
    (
        "prefix",
        "text right before the quote, to tell which occurrence",
    ),
    (
        "suffix",
        "text right after the quote, to tell which occurrence",
    ),
    ("occurrence", "the Nth occurrence of the quote, from 1"),
    ("all", "annotate every occurrence"),
    ("kind", "correction, context, translation, typo or other"),
    ("note", "the note, Markdown inline"),
];
const REMOVED: &[(&str, &str)] = &[
    ("text", "the removed text, verbatim"),
    ("reason", "why it was removed"),
];
const ACTOR: &[(&str, &str)] = &[
    ("id", "the actor's id: a-z, 0-9 and -"),
    ("name", "the name shown; also found in the text"),
    ("aliases", "other names found in the text"),
    ("kind", "person, organization, outlet, place or group"),
    ("role", "a person's title, an organisation's function"),
    ("member-of", "the actor this one belongs to"),
    (
        "relation",
        "its relation to the events: party, monitor, witness…",
    ),
    ("description", "Markdown"),
];
const TOPIC: &[(&str, &str)] = &[
    ("id", "the topic's id: a-z, 0-9 and -"),
    ("title", "the question, as a title"),
    (
        "unit",
        "the unit of its figures; a topic with a unit expects values",
    ),
    ("description", "Markdown"),
];
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
fn fields(cursor: &Cursor<'_>) -> &'static [(&'static str, &'static str)] {
    match (cursor.file, cursor.ancestors.as_slice()) {
        (FileKind::Actors, []) => ACTOR,
        (FileKind::Topics, []) => TOPIC,
        (FileKind::Document, []) => FRONT_MATTER,
        (FileKind::Document, ["source"]) => SOURCE,
        (FileKind::Document, ["claims"]) => CLAIM,
        (FileKind::Document, ["claims", "contradicts"]) => CONTRADICTS,
        (FileKind::Document, ["notes"]) => NOTE,
        (FileKind::Document, ["removed"]) => REMOVED,
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
