//! Fixes for a quote that does not anchor, as an editor would apply them
//! (`isnad lsp`'s code actions): the passage closest to a quote that is
//! not found, and the shortest context that tells one occurrence of an
//! ambiguous quote from the others.

use pulldown_cmark::Parser;

use super::find::{closest_passage, has_context, hits, Hit};
use super::markdown_options;
use super::text::blocks;
use crate::fold::{fold_for_anchoring, fold_needle, Folded};
use crate::load::schema::Selector;
use crate::load::Document;

/// How to make one occurrence of an ambiguous quote the only match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disambiguation {
    /// Text right before the quote, as the body writes it.
    Prefix(String),
    /// Text right after the quote, as the body writes it.
    Suffix(String),
}

/// The body's blocks as their original text and folded for matching.
fn body_blocks(document: &Document) -> (Vec<String>, Vec<Folded>) {
    let events: Vec<_> = Parser::new_ext(document.body(), markdown_options())
        .into_offset_iter()
        .collect();
    let texts: Vec<String> = blocks(&events).into_iter().map(|b| b.text).collect();
    let folded = texts.iter().map(|t| fold_for_anchoring(t)).collect();
    (texts, folded)
}

/// The passage of the body closest to `quote`, as the body writes it
/// (diacritics and all), when there is one.
pub fn closest_original(document: &Document, quote: &str) -> Option<String> {
    let (texts, folded) = body_blocks(document);
    let (hit, _) = closest_passage(&folded, &fold_needle(quote))?;
    Some(
        original(&texts, &folded, whole_words(&folded, hit))
            .trim()
            .to_owned(),
    )
}

/// A hit widened to the words it starts and ends in.
fn whole_words(folded: &[Folded], hit: Hit) -> Hit {
    let text = &folded[hit.block].text;
    let in_word = |c: char| c.is_alphanumeric();
    let start = text[..hit.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_word(c))
        .last()
        .map_or(hit.start, |(i, _)| i);
    let end = text[hit.end..]
        .find(|c: char| !in_word(c))
        .map_or(text.len(), |i| hit.end + i);
    Hit { start, end, ..hit }
}

fn original(texts: &[String], folded: &[Folded], hit: Hit) -> String {
    let block = &folded[hit.block];
    texts[hit.block][block.original(hit.start)..block.original(hit.end)].to_owned()
}

/// How many words of context are tried at most before giving up on a
/// prefix or suffix (the occurrence number always works).
const MAX_WORDS: usize = 8;

/// For each place the selector's quote matches (with its prefix and
/// suffix), the shortest prefix or suffix, in whole words, that makes it
/// the only match; `None` where no context within [`MAX_WORDS`] words
/// does (two identical passages).
pub fn disambiguations(document: &Document, selector: Selector<'_>) -> Vec<Option<Disambiguation>> {
    let (texts, folded) = body_blocks(document);
    let quote = fold_needle(selector.quote);
    let prefix = selector.prefix.map(fold_needle).unwrap_or_default();
    let suffix = selector.suffix.map(fold_needle).unwrap_or_default();
    let matching: Vec<Hit> = hits(&folded, &quote)
        .into_iter()
        .filter(|&hit| has_context(&folded[hit.block], hit, &prefix, &suffix))
        .collect();
    let unique = |before: &str, after: &str| {
        matching
            .iter()
            .filter(|&&hit| has_context(&folded[hit.block], hit, before, after))
            .count()
            == 1
    };
    matching
        .iter()
        .map(|&hit| {
            let block = &folded[hit.block];
            let text = &block.text;
            for words in 1..=MAX_WORDS {
                let trimmed = text[..hit.start].trim_end();
                let before = last_words(trimmed, words);
                if before.len() > prefix.len() && has_letters(before) && unique(before, &suffix) {
                    let (start, end) = (trimmed.len() - before.len(), trimmed.len());
                    let written = &texts[hit.block][block.original(start)..block.original(end)];
                    return Some(Disambiguation::Prefix(written.trim().to_owned()));
                }
                let after = first_words(text[hit.end..].trim_start(), words);
                if after.len() > suffix.len() && has_letters(after) && unique(&prefix, after) {
                    let start =
                        hit.end + (text[hit.end..].len() - text[hit.end..].trim_start().len());
                    let end = start + after.len();
                    let written = &texts[hit.block][block.original(start)..block.original(end)];
                    return Some(Disambiguation::Suffix(written.trim().to_owned()));
                }
            }
            None
        })
        .collect()
}

/// Whether a context has a letter or digit: punctuation alone is no
/// context an editor would choose.
fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// The last `count` words of `text` (all of it when it has fewer).
fn last_words(text: &str, count: usize) -> &str {
    let mut start = text.len();
    for _ in 0..count {
        match text[..start].trim_end().rfind(' ') {
            Some(space) => start = space,
            None => return text,
        }
    }
    text[start..].trim_start()
}

/// The first `count` words of `text` (all of it when it has fewer).
fn first_words(text: &str, count: usize) -> &str {
    let mut end = 0;
    for _ in 0..count {
        let rest = text[end..].trim_start();
        let skipped = text.len() - end - rest.len();
        match rest.find(' ') {
            Some(space) => end += skipped + space,
            None => return text,
        }
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::test_document;

    #[test]
    fn words_are_cut_at_spaces() {
        assert_eq!(last_words("a bc def", 1), "def");
        assert_eq!(last_words("a bc def", 2), "bc def");
        assert_eq!(last_words("a bc def", 5), "a bc def");
        assert_eq!(first_words("a bc def", 1), "a");
        assert_eq!(first_words("a bc def", 2), "a bc");
        assert_eq!(first_words("a bc def", 9), "a bc def");
    }

    #[test]
    fn the_closest_passage_keeps_the_diacritics_of_the_text() {
        let document = test_document(
            "claims:\n  - id: c\n    quote: قتل ثلاثة\n",
            "قُتِلَ ثلاثون مدنياً في القصف.\n",
        );
        assert_eq!(
            closest_original(&document, "قتل ثلاثة").as_deref(),
            Some("قُتِلَ ثلاثون")
        );
    }

    #[test]
    fn each_occurrence_gets_the_shortest_context_that_is_unique() {
        let document = test_document(
            "",
            "قال الجيش إن عشرة قتلوا. وقال المرصد إن عشرة قتلوا أمس.\n",
        );
        let selector = Selector {
            quote: "عشرة قتلوا",
            ..Selector::default()
        };
        assert_eq!(
            disambiguations(&document, selector),
            vec![
                Some(Disambiguation::Prefix("الجيش إن".to_owned())),
                Some(Disambiguation::Suffix("أمس.".to_owned())),
            ]
        );
    }
}
