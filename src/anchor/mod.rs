//! Stage 3: anchoring (spec §3). Each claim's and note's quote is found in
//! the text a reader sees, across inline formatting and line breaks, and
//! placed as a span of pulldown-cmark events, so that the renderer can mark
//! it without ever searching rendered HTML.

mod find;
pub mod mentions;
pub mod repair;
pub mod suggest;
pub mod text;
pub mod visible;

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

use crate::diagnostic::{Code, Diagnostic};
use crate::fold::{fold_for_anchoring, fold_needle, Folded};
use crate::load::schema::Selector;
use crate::load::Document;
use find::{closest_passage, first_difference, has_context, hits_of_all, Hit};
pub use mentions::{find_mentions, Mention, Names};
pub use text::Point;
use text::{blocks, Block};

/// What a span annotates: a claim or a note of the document, by index in
/// its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// `claims[i]`.
    Claim(usize),
    /// `notes[i]`.
    Note(usize),
}

/// One placed occurrence of an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The claim or note.
    pub target: Target,
    /// 0 for the first (or only) occurrence; notes with `all: true` have more.
    pub occurrence: usize,
    /// Where the marked text starts.
    pub start: Point,
    /// Where it ends (exclusive).
    pub end: Point,
    /// Byte offset in the body, for line numbers.
    pub source_offset: usize,
    /// The block it is in (an index into [`Anchored::blocks`]).
    pub block: usize,
    /// Its byte range in that block's text, for open data that counts
    /// positions in the visible text.
    pub range: Range<usize>,
}

/// A document's body as events, with its annotations placed.
#[derive(Debug)]
pub struct Anchored<'a> {
    /// pulldown-cmark's events, with their byte ranges in the body.
    pub events: Vec<(Event<'a>, Range<usize>)>,
    /// The placed annotations, in document order.
    pub spans: Vec<Span>,
    /// The visible text of each block, for search and mentions.
    pub blocks: Vec<Block>,
    /// Each block's text folded for matching (kept for mentions, which
    /// match as quotes do).
    pub folded: Vec<Folded>,
    /// The actors named in the text, in document order; filled by
    /// [`find_mentions`] once the actor registry is known.
    pub mentions: Vec<Mention>,
    /// Every (actor, alias) found at the start of a word, even where a
    /// longer name won: an alias never found is reported as unused.
    pub names_used: Vec<(usize, usize)>,
}

/// The Markdown dialect of spec §3: CommonMark with tables, footnotes,
/// strikethrough and heading ids. Never smart punctuation: it would change
/// the quotation marks of a verbatim text.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses a document's body and places each of its claims and notes.
/// Quotes that cannot be placed are reported and left unmarked.
pub fn anchor(document: &Document) -> (Anchored<'_>, Vec<Diagnostic>) {
    let mut events: Vec<_> = Parser::new_ext(document.body(), markdown_options())
        .into_offset_iter()
        .collect();
    if let Some(offset) = too_deep(&events) {
        // Nothing downstream sees the body: the renderer, the minifier and
        // the browser each recurse over the nesting.
        events.clear();
        let problem = document.file().error_at_offset(
            Code::TooDeep,
            document.body_start + offset,
            format!(
                "the text nests block quotes, lists or emphasis more than {MAX_NESTING} levels deep here; no reader can follow it and browsers may not show it"
            ),
        );
        let anchored = Anchored {
            events,
            spans: Vec::new(),
            blocks: Vec::new(),
            folded: Vec::new(),
            mentions: Vec::new(),
            names_used: Vec::new(),
        };
        return (anchored, vec![problem]);
    }
    let blocks = blocks(&events);
    let folded: Vec<Folded> = blocks.iter().map(|b| fold_for_anchoring(&b.text)).collect();
    let placer = Placer {
        document,
        events: &events,
        blocks: &blocks,
        folded: &folded,
    };
    let mut spans = Vec::new();
    let mut problems = Vec::new();
    let claims = document.front.claims.iter().map(|c| c.selector());
    let notes = document.front.notes.iter().map(|n| n.selector());
    let targets: Vec<(Target, Selector<'_>)> = claims
        .enumerate()
        .map(|(i, s)| (Target::Claim(i), s))
        .chain(notes.enumerate().map(|(i, s)| (Target::Note(i), s)))
        .collect();
    let quotes: Vec<String> = targets.iter().map(|(_, s)| fold_needle(s.quote)).collect();
    let all_hits = hits_of_all(&folded, &quotes);
    for (((target, selector), quote), hits) in targets.into_iter().zip(quotes).zip(all_hits) {
        match placer.place(target, selector, &quote, hits) {
            Ok(placed) => spans.extend(placed),
            Err(problem) => problems.push(*problem),
        }
    }
    spans.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end), span.target));
    (
        Anchored {
            events,
            spans,
            blocks,
            folded,
            mentions: Vec::new(),
            names_used: Vec::new(),
        },
        problems,
    )
}

/// How deep Markdown elements may nest (a block quote in a list item in a
/// block quote…, emphasis in emphasis). Real articles stay under ten; the
/// page stage, minify-html and browsers recurse once per level, so a
/// hostile line of 2,000 `>` must stop here, where it can be reported.
pub const MAX_NESTING: usize = 100;

/// The body offset where the event stream first nests past
/// [`MAX_NESTING`], if it does.
fn too_deep(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(range.start);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

struct Placer<'d, 'e> {
    document: &'d Document,
    events: &'e [(Event<'d>, Range<usize>)],
    blocks: &'e [Block],
    folded: &'e [Folded],
}

impl Placer<'_, '_> {
    fn path(target: Target) -> String {
        match target {
            Target::Claim(i) => format!("claims.{i}.quote"),
            Target::Note(i) => format!("notes.{i}.quote"),
        }
    }

    fn describe(&self, target: Target) -> String {
        match target {
            Target::Claim(i) => {
                format!("the quote of claim `{}`", self.document.front.claims[i].id)
            }
            Target::Note(i) => format!("the quote of note {}", i + 1),
        }
    }

    fn error(&self, target: Target, code: Code, message: String) -> Box<Diagnostic> {
        Box::new(self.document.yaml.error(code, &Self::path(target), message))
    }

    /// Places one claim or note, given its folded quote and every place
    /// the quote occurs.
    fn place(
        &self,
        target: Target,
        selector: Selector<'_>,
        quote: &str,
        all_hits: Vec<Hit>,
    ) -> Result<Vec<Span>, Box<Diagnostic>> {
        // An empty quote and `occurrence: 0` are reported where the front
        // matter is checked; there is nothing to place.
        if selector.quote.trim().is_empty() || selector.occurrence == Some(0) {
            return Ok(Vec::new());
        }
        if quote.is_empty() {
            return Err(self.error(
                target,
                Code::InvalidValue,
                format!(
                    "{} has only diacritics, tatweel or spaces, which matching ignores: there are no words left to mark",
                    self.describe(target)
                ),
            ));
        }
        if all_hits.is_empty() {
            return Err(self.not_found(target, quote));
        }
        let prefix = selector.prefix.map(fold_needle).unwrap_or_default();
        let suffix = selector.suffix.map(fold_needle).unwrap_or_default();
        let matching: Vec<Hit> = all_hits
            .iter()
            .copied()
            .filter(|&hit| has_context(&self.folded[hit.block], hit, &prefix, &suffix))
            .collect();
        if matching.is_empty() {
            let mut problem = self.error(
                target,
                Code::QuoteNotFound,
                format!(
                    "{} occurs {} time(s), but never with this prefix/suffix",
                    self.describe(target),
                    all_hits.len()
                ),
            );
            self.list_hits(&mut problem, &all_hits);
            return Err(problem);
        }
        let chosen: Vec<Hit> = match (selector.occurrence, selector.all) {
            (_, true) => matching,
            (Some(n), false) => match matching.get(n - 1) {
                Some(&hit) => vec![hit],
                None => {
                    let mut problem = self.error(
                        target,
                        Code::QuoteNotFound,
                        format!(
                            "occurrence {n} of {} was asked for, but it occurs {} time(s)",
                            self.describe(target),
                            matching.len()
                        ),
                    );
                    self.list_hits(&mut problem, &matching);
                    return Err(problem);
                }
            },
            (None, false) if matching.len() > 1 => {
                let mut problem = self.error(
                    target,
                    Code::AmbiguousQuote,
                    format!("{} occurs {} times", self.describe(target), matching.len()),
                );
                self.list_hits(&mut problem, &matching);
                let hint = match target {
                    Target::Claim(_) => "add `prefix`, `suffix` or `occurrence` to say which",
                    Target::Note(_) => {
                        "add `prefix`, `suffix` or `occurrence` to say which, or `all: true`"
                    }
                };
                return Err(Box::new(problem.with_note(hint)));
            }
            (None, false) => matching,
        };
        Ok(chosen
            .into_iter()
            .enumerate()
            .filter_map(|(occurrence, hit)| self.span(target, occurrence, hit))
            .collect())
    }

    fn span(&self, target: Target, occurrence: usize, hit: Hit) -> Option<Span> {
        let block = &self.blocks[hit.block];
        let folded = &self.folded[hit.block];
        let start = folded.original(hit.start);
        let end = folded.original(hit.end);
        Some(Span {
            target,
            occurrence,
            start: block.start_point(start)?,
            end: block.end_point(end)?,
            source_offset: block.source_offset(start, self.events),
            block: hit.block,
            range: start..end,
        })
    }

    /// The line of the file where a hit is.
    fn line_of(&self, hit: Hit) -> usize {
        let block = &self.blocks[hit.block];
        let offset = block.source_offset(self.folded[hit.block].original(hit.start), self.events);
        self.document
            .file()
            .position(self.document.body_start + offset)
            .0
    }

    fn excerpt(&self, hit: Hit) -> String {
        let text = &self.folded[hit.block].text;
        let before: String = text[..hit.start]
            .chars()
            .rev()
            .take(15)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = text[hit.end..].chars().take(15).collect();
        format!("…{before}[{}]{after}…", &text[hit.start..hit.end])
    }

    fn list_hits(&self, problem: &mut Diagnostic, found: &[Hit]) {
        for (index, &hit) in found.iter().enumerate() {
            problem.notes.push(format!(
                "occurrence {} at line {}: {}",
                index + 1,
                self.line_of(hit),
                self.excerpt(hit)
            ));
        }
    }

    fn not_found(&self, target: Target, quote: &str) -> Box<Diagnostic> {
        let mut problem = self.error(
            target,
            Code::QuoteNotFound,
            format!(
                "{} is not in the text of the document",
                self.describe(target)
            ),
        );
        if self.spans_blocks(quote) {
            problem.notes.push(
                "the quote runs across two paragraphs (or other blocks); a quote must stay within one: split it into two"
                    .to_owned(),
            );
            return problem;
        }
        if let Some((hit, _)) = closest_passage(self.folded, quote) {
            let passage = &self.folded[hit.block].text[hit.start..hit.end];
            problem.notes.push(format!(
                "closest passage, at line {}: «{passage}»",
                self.line_of(hit)
            ));
            if let Some((text, wanted)) = first_difference(passage, quote) {
                problem.notes.push(format!(
                    "the text has «{text}» where the quote has «{wanted}»"
                ));
            }
            problem.notes.push(
                "matching ignores only white space, Arabic diacritics, tatweel and the shape of quotation marks"
                    .to_owned(),
            );
        }
        problem
    }

    fn spans_blocks(&self, quote: &str) -> bool {
        let joined: Vec<&str> = self.folded.iter().map(|f| f.text.trim()).collect();
        joined.windows(2).any(|pair| {
            let together = format!("{} {}", pair[0], pair[1]);
            together.contains(quote) && !pair[0].contains(quote) && !pair[1].contains(quote)
        })
    }
}

#[cfg(test)]
mod tests;
