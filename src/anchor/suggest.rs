//! From a passage a reader selected on a page to the selector an editor
//! writes (`isnad serve`, annotating from the page): the quote as the text
//! has it, and the shortest `prefix`/`suffix`, or else the `occurrence`,
//! that makes it unique under the anchoring rules of spec §3.
//!
//! The page sends what the browser selected and the text around it. What a
//! browser gives as a page's text differs from the visible text of the
//! Markdown only in white space (a line break may come out as nothing, a
//! block boundary as nothing or as a new line), so the selection is found
//! with white space left out on both sides, and where it occurs more than
//! once, the occurrence whose surroundings agree longest with the page's
//! is the one selected.

use std::ops::Range;

use super::find::{has_context, hits, Hit};
use super::text::Block;
use crate::fold::{fold_for_anchoring, fold_needle, Folded};

/// What a reader selected on a document page, as its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection<'a> {
    /// The selected text.
    pub text: &'a str,
    /// The page's text before it (the document body's, from its start).
    pub before: &'a str,
    /// The page's text after it.
    pub after: &'a str,
}

/// A selector that anchors exactly the selected passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The exact words of the body, white space runs written as one space.
    pub quote: String,
    /// Text right before the quote, when that is what tells it apart.
    pub prefix: Option<String>,
    /// Text right after the quote, when that is what tells it apart.
    pub suffix: Option<String>,
    /// The occurrence (1-based), when no prefix or suffix within the block
    /// tells it apart.
    pub occurrence: Option<usize>,
    /// The block the passage is in.
    pub block: usize,
    /// Its byte range in the block's text, as anchoring marks it.
    pub range: Range<usize>,
}

/// Why a selection cannot become a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unplaceable {
    /// Nothing but white space, diacritics or tatweel was selected.
    Empty,
    /// The selection is not text of one block (it runs across two
    /// paragraphs, or is outside the document's text).
    NotInOneBlock,
}

/// How many words of context, prefix and suffix together, are tried
/// before an occurrence number is given instead.
const MAX_CONTEXT_WORDS: usize = 12;

/// The selector for `selection` in a document whose blocks are `blocks`,
/// folded as anchoring folds them (`folded`, one per block).
pub fn suggest(
    blocks: &[Block],
    folded: &[Folded],
    selection: Selection<'_>,
) -> Result<Suggestion, Unplaceable> {
    let hit = locate(folded, selection)?;
    let block = &folded[hit.block];
    let range = block.original(hit.start)..block.original(hit.end);
    let quote = collapse_spaces(&blocks[hit.block].text[range.clone()]);
    let needle = fold_needle(&quote);
    let all = hits(folded, &needle);
    let mut suggestion = Suggestion {
        quote,
        prefix: None,
        suffix: None,
        occurrence: None,
        block: hit.block,
        range,
    };
    if all.len() > 1 {
        match shortest_context(&blocks[hit.block], block, hit, &all, folded) {
            Some((prefix, suffix)) => {
                suggestion.prefix = prefix;
                suggestion.suffix = suffix;
            }
            None => {
                let index = all.iter().position(|h| *h == hit).unwrap_or_default();
                suggestion.occurrence = Some(index + 1);
            }
        }
    }
    Ok(suggestion)
}

/// The text with white space left out, each character with its block and
/// its byte offset in that block's folded text.
struct Dense {
    chars: Vec<char>,
    at: Vec<(usize, usize)>,
}

impl Dense {
    fn of(folded: &[Folded]) -> Dense {
        let mut dense = Dense {
            chars: Vec::new(),
            at: Vec::new(),
        };
        for (block, text) in folded.iter().enumerate() {
            for (offset, c) in text.text.char_indices().filter(|(_, c)| *c != ' ') {
                dense.chars.push(c);
                dense.at.push((block, offset));
            }
        }
        dense
    }
}

/// A page's text as [`Dense`] compares it: folded, white space left out.
fn dense_text(text: &str) -> Vec<char> {
    fold_for_anchoring(text)
        .text
        .chars()
        .filter(|c| *c != ' ')
        .collect()
}

/// The selected passage, in folded block text: of the places where the
/// selection occurs within one block, white space aside, the one whose
/// surroundings agree longest with what the page had around it.
fn locate(folded: &[Folded], selection: Selection<'_>) -> Result<Hit, Unplaceable> {
    let wanted = dense_text(selection.text);
    if wanted.is_empty() {
        return Err(Unplaceable::Empty);
    }
    let before = dense_text(selection.before);
    let after = dense_text(selection.after);
    let dense = Dense::of(folded);
    let agreement = |start: usize, end: usize| {
        let back = dense.chars[..start]
            .iter()
            .rev()
            .zip(before.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let ahead = dense.chars[end..]
            .iter()
            .zip(&after)
            .take_while(|(a, b)| a == b)
            .count();
        back + ahead
    };
    let mut best: Option<(usize, usize)> = None;
    for start in 0..dense.chars.len().saturating_sub(wanted.len() - 1) {
        let end = start + wanted.len();
        let one_block = dense.at[start].0 == dense.at[end - 1].0;
        if one_block && dense.chars[start..end] == wanted[..] {
            let score = agreement(start, end);
            if best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((start, score));
            }
        }
    }
    let (start, _) = best.ok_or(Unplaceable::NotInOneBlock)?;
    let last = start + wanted.len() - 1;
    let (block, first_byte) = dense.at[start];
    let last_byte = dense.at[last].1 + dense.chars[last].len_utf8();
    Ok(Hit {
        block,
        start: first_byte,
        end: last_byte,
    })
}

/// A prefix or suffix, as a range of folded text, or none.
type Context = Option<Range<usize>>;

/// The shortest prefix and suffix, in words of the block (the words next
/// to the quote may be partial, when the selection starts or ends inside a
/// word), that only `hit` of `all` agrees with; `None` when the block's
/// words around it do not tell it apart within [`MAX_CONTEXT_WORDS`].
fn shortest_context(
    block: &Block,
    folded: &Folded,
    hit: Hit,
    all: &[Hit],
    blocks: &[Folded],
) -> Option<(Option<String>, Option<String>)> {
    let before = word_starts_before(&folded.text[..hit.start]);
    let after = word_ends_after(&folded.text, hit.end);
    for total in 1..=MAX_CONTEXT_WORDS {
        // (letters, prefix, suffix) of the shortest that tells.
        let mut found: Option<(usize, Context, Context)> = None;
        for words_before in 0..=total.min(before.len()) {
            let words_after = total - words_before;
            if words_after > after.len() {
                continue;
            }
            let prefix = (words_before > 0).then(|| before[words_before - 1].clone());
            let suffix = (words_after > 0).then(|| after[words_after - 1].clone());
            let text = |range: &Option<Range<usize>>| {
                range.as_ref().map_or("", |r| &folded.text[r.clone()])
            };
            let (p, s) = (text(&prefix), text(&suffix));
            let agreeing = all
                .iter()
                .filter(|h| has_context(&blocks[h.block], **h, p, s))
                .count();
            let length = p.chars().count() + s.chars().count();
            if agreeing == 1 && found.as_ref().is_none_or(|(l, _, _)| length < *l) {
                found = Some((length, prefix, suffix));
            }
        }
        if let Some((_, prefix, suffix)) = found {
            let original = |range: Option<Range<usize>>| {
                range.map(|r| {
                    collapse_spaces(&block.text[folded.original(r.start)..folded.original(r.end)])
                })
            };
            return Some((original(prefix), original(suffix)));
        }
    }
    None
}

/// The folded ranges of the last 1, 2, 3… words of `before` (the text
/// before a quote), each ending where the text does, spaces at the end
/// left out.
fn word_starts_before(before: &str) -> Vec<Range<usize>> {
    let end = before.trim_end().len();
    let text = &before[..end];
    let mut ranges: Vec<Range<usize>> = text
        .char_indices()
        .rev()
        .filter(|(_, c)| *c == ' ')
        .map(|(at, _)| at + 1..end)
        .collect();
    if end > 0 {
        ranges.push(0..end);
    }
    ranges.into_iter().take(MAX_CONTEXT_WORDS).collect()
}

/// The folded ranges of the first 1, 2, 3… words after byte `from`, each
/// starting where the text after the quote does, spaces left out.
fn word_ends_after(text: &str, from: usize) -> Vec<Range<usize>> {
    let rest = &text[from..];
    let start = from + (rest.len() - rest.trim_start().len());
    let mut ranges: Vec<Range<usize>> = text[start..]
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(at, _)| start..start + at)
        .collect();
    if start < text.len() {
        ranges.push(start..text.trim_end().len());
    }
    ranges.into_iter().take(MAX_CONTEXT_WORDS).collect()
}

/// The text with each run of white space made one space.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[path = "suggest_tests.rs"]
mod tests;
