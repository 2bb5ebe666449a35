//! Actor mentions across the dossier (spec §4): each actor's mentions with
//! a snippet of context, which actors each document names (a matrix on the
//! index), and the aliases that occur nowhere.

use serde::Serialize;

use super::{actor_page, document_page, ActorLink, DocumentLink};
use crate::diagnostic::{Code, Diagnostic};
use crate::fold::fold_needle;
use crate::load::Dossier;
use crate::render::RenderedDocument;

/// How many characters of context a snippet shows on each side.
const CONTEXT: usize = 60;

/// Up to how many documents the matrix has a column for each. Past that a
/// table of cells is too wide to read; each actor's row then gives only how
/// many documents name it, and its page lists them.
pub(super) const MATRIX_COLUMNS: usize = 30;

/// One mention of an actor, with the words around it.
#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    /// The mention's element id in its document page.
    pub anchor: String,
    /// Its place: `documents/ID.html#mention-…`.
    pub page: String,
    /// Text before it in its paragraph (`…` where cut).
    pub before: String,
    /// The words of the mention.
    pub text: String,
    /// Text after it.
    pub after: String,
}

/// An actor's mentions in one document.
#[derive(Debug, Clone, Serialize)]
pub struct MentionGroup {
    /// The document.
    pub document: DocumentLink,
    /// Its language, for the snippets.
    pub lang: String,
    /// Its direction.
    pub dir: String,
    /// The mentions, in document order.
    pub mentions: Vec<MentionView>,
}

/// A document as a column of the mention matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixColumn {
    /// 1-based, as in the index's list of documents.
    pub number: usize,
    /// The document.
    pub document: DocumentLink,
}

/// One cell of the matrix: how often an actor is named in a document.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    /// How many mentions.
    pub count: usize,
    /// The first of them.
    pub page: String,
}

/// An actor as a row of the mention matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    /// The actor.
    pub actor: ActorLink,
    /// Mentions in all documents.
    pub total: usize,
    /// How many documents name it.
    pub documents: usize,
    /// One cell per column; `None` where the document does not name it.
    pub cells: Vec<Option<MatrixCell>>,
}

/// Which actors appear in which documents: only actors that are named at
/// least once, as rows (most widely named first), and documents as
/// columns, so that the table grows down, not across, with more actors.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MentionMatrix {
    /// The documents.
    pub columns: Vec<MatrixColumn>,
    /// The actors.
    pub rows: Vec<MatrixRow>,
    /// Whether there are too many documents for a column each (rows then
    /// have no cells).
    pub compact: bool,
}

/// Every actor's mentions, grouped by document (`result[i]` for actor `i`
/// of actors.yaml).
pub(super) fn actor_mentions(
    dossier: &Dossier,
    rendered: &[RenderedDocument],
) -> Vec<Vec<MentionGroup>> {
    let mut by_actor: Vec<Vec<MentionGroup>> = vec![Vec::new(); dossier.actors.entries.len()];
    for (document, rendered) in dossier.documents.iter().zip(rendered) {
        let page = document_page(&document.id);
        for place in &rendered.mentions {
            let Some(groups) = by_actor.get_mut(place.actor) else {
                continue;
            };
            if groups.last().is_none_or(|g| g.document.id != document.id) {
                groups.push(MentionGroup {
                    document: DocumentLink {
                        id: document.id.clone(),
                        title: document.front.title.clone(),
                        page: page.clone(),
                    },
                    lang: document.lang.clone(),
                    dir: document.dir.as_str().to_owned(),
                    mentions: Vec::new(),
                });
            }
            let (before, text, after) = snippet(&rendered.text, place.range.clone());
            if let Some(group) = groups.last_mut() {
                group.mentions.push(MentionView {
                    page: format!("{page}#{}", place.anchor),
                    anchor: place.anchor.clone(),
                    before,
                    text,
                    after,
                });
            }
        }
    }
    by_actor
}

/// The words of `range` and up to [`CONTEXT`] characters on each side,
/// within its block, cut at a space where possible. Only the characters
/// near the mention are looked at, so that a paragraph of a million words
/// with thousands of mentions costs no more than their snippets.
fn snippet(text: &str, range: std::ops::Range<usize>) -> (String, String, String) {
    // Two characters more than the context tell whether there is more,
    // and find a block break (`\n\n`) just past it.
    let near_start = text[..range.start]
        .char_indices()
        .rev()
        .nth(CONTEXT + 1)
        .map_or(0, |(i, _)| i);
    let near_end = text[range.end..]
        .char_indices()
        .nth(CONTEXT + 2)
        .map_or(text.len(), |(i, _)| range.end + i);
    let before = &text[near_start..range.start];
    let before = before.rfind("\n\n").map_or(before, |i| &before[i + 2..]);
    let after = &text[range.end..near_end];
    let after = after.find("\n\n").map_or(after, |i| &after[..i]);
    let before_chars = before.chars().count();
    let before = if before_chars > CONTEXT {
        let cut: String = before.chars().skip(before_chars - CONTEXT).collect();
        let cut = cut.split_once(' ').map_or(cut.as_str(), |(_, rest)| rest);
        format!("…{cut}")
    } else {
        before.to_owned()
    };
    let after = if after.chars().count() > CONTEXT {
        let cut: String = after.chars().take(CONTEXT).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(kept, _)| kept);
        format!("{cut}…")
    } else {
        after.to_owned()
    };
    (before, text[range].to_owned(), after)
}

/// The matrix of actors by documents, from each actor's groups.
pub(super) fn matrix(dossier: &Dossier, mentions: &[Vec<MentionGroup>]) -> MentionMatrix {
    let compact = dossier.documents.len() > MATRIX_COLUMNS;
    let columns: Vec<MatrixColumn> = dossier
        .documents
        .iter()
        .enumerate()
        .map(|(index, document)| MatrixColumn {
            number: index + 1,
            document: DocumentLink {
                id: document.id.clone(),
                title: document.front.title.clone(),
                page: document_page(&document.id),
            },
        })
        .collect();
    let column_of: std::collections::HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.document.id.as_str(), i))
        .collect();
    let mut rows: Vec<MatrixRow> = dossier
        .actors
        .entries
        .iter()
        .zip(mentions)
        .filter(|(_, groups)| !groups.is_empty())
        .map(|(actor, groups)| {
            let mut cells = vec![None; if compact { 0 } else { columns.len() }];
            for group in groups.iter().filter(|_| !compact) {
                if let Some(&column) = column_of.get(group.document.id.as_str()) {
                    cells[column] = Some(MatrixCell {
                        count: group.mentions.len(),
                        page: group.mentions[0].page.clone(),
                    });
                }
            }
            MatrixRow {
                actor: ActorLink {
                    id: actor.id.clone(),
                    name: actor.name.clone(),
                    page: actor_page(&actor.id),
                    relation: actor.relation,
                },
                total: groups.iter().map(|g| g.mentions.len()).sum(),
                documents: groups.len(),
                cells,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (b.documents, b.total, &a.actor.id).cmp(&(a.documents, a.total, &b.actor.id))
    });
    MentionMatrix {
        columns: if compact { Vec::new() } else { columns },
        rows,
        compact,
    }
}

/// A warning for each name or alias of actors.yaml that occurs in no
/// document, and each `not-mentions` phrase that never held one of its
/// actor's names, at the value.
pub(super) fn unused_aliases(dossier: &Dossier, rendered: &[RenderedDocument]) -> Vec<Diagnostic> {
    let Some(yaml) = dossier.actors.yaml.as_ref() else {
        return Vec::new();
    };
    // A document that could not be read may hold every name: saying they
    // occur nowhere would be wrong.
    if dossier.unreadable > 0 {
        return Vec::new();
    }
    let mut used: Vec<(usize, usize)> = rendered
        .iter()
        .flat_map(|r| r.names_used.iter().copied())
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut problems = Vec::new();
    for (index, actor) in dossier.actors.entries.iter().enumerate() {
        let mut seen: Vec<String> = Vec::new();
        for (alias, written) in actor.phrases().enumerate() {
            let folded = fold_needle(written);
            // The same name written twice is one name; an empty one is
            // already an error of its own.
            if folded.is_empty() || seen.contains(&folded) {
                continue;
            }
            seen.push(folded);
            if used.binary_search(&(index, alias)).is_ok() {
                continue;
            }
            let (path, message, note) = match (alias, actor.not_mention(alias)) {
                (_, Some(phrase)) => (
                    format!("{index}.not-mentions.{phrase}"),
                    format!(
                        "the phrase «{written}» of actor `{}`'s not-mentions holds none of its names in any document",
                        actor.id
                    ),
                    "a phrase of not-mentions only matters where it holds one of the actor's names; remove it, or write it as the text does",
                ),
                (0, None) => (
                    format!("{index}.name"),
                    format!("the name «{written}» of actor `{}` occurs in no document", actor.id),
                    NAMES_NOTE,
                ),
                (alias, None) => (
                    format!("{index}.aliases.{}", alias - 1),
                    format!("the alias «{written}» of actor `{}` occurs in no document", actor.id),
                    NAMES_NOTE,
                ),
            };
            problems.push(
                yaml.error(Code::UnusedAlias, &path, message)
                    .with_note(note)
                    .as_warning(),
            );
        }
    }
    problems
}

/// How names are found, for a name that was not.
const NAMES_NOTE: &str = "names are found at the start of a word, also after proclitics (و ف ب ل ك, ال), never inside a longer word";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_stay_in_their_block_and_cut_at_spaces() {
        let text = "قبل\n\nفي البداية قال قسد إن الهجوم\n\nبعد";
        let start = text.find("قسد").unwrap();
        let (before, words, after) = snippet(text, start..start + "قسد".len());
        assert_eq!(
            (before.as_str(), words.as_str(), after.as_str()),
            ("في البداية قال ", "قسد", " إن الهجوم")
        );
        let long = format!("{} قسد {}", "كلمة ".repeat(30), "أخرى ".repeat(30));
        let start = long.find("قسد").unwrap();
        let (before, _, after) = snippet(&long, start..start + "قسد".len());
        assert!(before.starts_with("…كلمة"), "{before}");
        assert!(after.ends_with("أخرى…"), "{after}");
        // Exactly the context on each side, then a block break: no cut.
        let exact = format!(
            "{}\n\n{}قسد{}\n\nبعد",
            "س".repeat(90),
            "ب".repeat(CONTEXT),
            "ع".repeat(CONTEXT)
        );
        let start = exact.find("قسد").unwrap();
        let (before, _, after) = snippet(&exact, start..start + "قسد".len());
        assert_eq!(before, "ب".repeat(CONTEXT));
        assert_eq!(after, "ع".repeat(CONTEXT));
    }
}
