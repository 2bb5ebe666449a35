//! The text a reader sees, block by block, read off pulldown-cmark's event
//! stream: each block remembers which event every piece of its text came
//! from, so that a match in the text can be turned back into positions in
//! the events.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// A place in the event stream: a byte offset inside the text of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Point {
    /// Index of a `Text` or `Code` event.
    pub event: usize,
    /// Byte offset in that event's text.
    pub offset: usize,
}

/// A piece of a block's text.
#[derive(Debug, Clone)]
struct Segment {
    /// Byte range in the block's text.
    range: Range<usize>,
    /// The event it came from; `None` for the space that stands for a line
    /// break, which has no text of its own to mark.
    event: Option<usize>,
}

/// The visible text of one block (a paragraph, heading, list item or table
/// cell). Quotes may not cross from one block to another.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// The text, as concatenated from its events.
    pub text: String,
    segments: Vec<Segment>,
}

impl Block {
    /// The event point where a match starting at block offset `offset`
    /// starts: the first marked character at or after it.
    pub fn start_point(&self, offset: usize) -> Option<Point> {
        self.segments
            .iter()
            .filter(|segment| segment.event.is_some() && segment.range.end > offset)
            .map(|segment| Point {
                event: segment.event.unwrap_or_default(),
                offset: offset.saturating_sub(segment.range.start),
            })
            .next()
    }

    /// The event point where a match ending at block offset `offset` ends:
    /// the end of the last marked character before it.
    pub fn end_point(&self, offset: usize) -> Option<Point> {
        self.segments
            .iter()
            .rev()
            .filter(|segment| segment.event.is_some() && segment.range.start < offset)
            .map(|segment| Point {
                event: segment.event.unwrap_or_default(),
                offset: offset.min(segment.range.end) - segment.range.start,
            })
            .next()
    }

    /// The source byte offset (in the body) of block offset `offset`, for
    /// reporting lines.
    pub fn source_offset(&self, offset: usize, events: &[(Event<'_>, Range<usize>)]) -> usize {
        let segment = self
            .segments
            .iter()
            .filter(|segment| segment.event.is_some())
            .find(|segment| segment.range.end > offset)
            .or_else(|| self.segments.iter().rev().find(|s| s.event.is_some()));
        match segment {
            Some(segment) => {
                let range = &events[segment.event.unwrap_or_default()].1;
                (range.start + offset.saturating_sub(segment.range.start)).min(range.end)
            }
            None => 0,
        }
    }

    fn push_text(&mut self, text: &str, event: usize) {
        let start = self.text.len();
        self.text.push_str(text);
        self.segments.push(Segment {
            range: start..self.text.len(),
            event: Some(event),
        });
    }

    fn push_break(&mut self) {
        let start = self.text.len();
        self.text.push(' ');
        self.segments.push(Segment {
            range: start..self.text.len(),
            event: None,
        });
    }
}

/// Inline tags: text inside them stays in the enclosing block.
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Splits the events into blocks of visible text. Code blocks, images and
/// raw HTML hold no anchorable text: a quote cannot land inside them.
pub fn blocks(events: &[(Event<'_>, Range<usize>)]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Block::default();
    let mut opaque_depth = 0usize;
    let finish = |current: &mut Block, blocks: &mut Vec<Block>| {
        if !current.text.trim().is_empty() {
            blocks.push(std::mem::take(current));
        } else {
            *current = Block::default();
        }
    };
    for (index, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) if is_inline(tag) => {}
            Event::End(tag) if is_inline_end(tag) => {}
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => {
                finish(&mut current, &mut blocks);
                opaque_depth += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                opaque_depth = opaque_depth.saturating_sub(1);
            }
            Event::Start(_)
            | Event::End(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Rule => {
                finish(&mut current, &mut blocks);
            }
            _ if opaque_depth > 0 => {}
            Event::Text(text) | Event::Code(text) => current.push_text(text, index),
            Event::SoftBreak | Event::HardBreak => current.push_break(),
            _ => {}
        }
    }
    finish(&mut current, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn events(markdown: &str) -> Vec<(Event<'_>, Range<usize>)> {
        Parser::new(markdown).into_offset_iter().collect()
    }

    #[test]
    fn inline_formatting_stays_in_the_block() {
        let events =
            events("قال **المتحدث** [الرسمي](https://x.org)\nإن\n\nفقرة ثانية\n\n```\ncode\n```\n");
        let blocks = blocks(&events);
        let texts: Vec<_> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["قال المتحدث الرسمي إن", "فقرة ثانية"]);
    }

    #[test]
    fn points_skip_the_space_of_a_line_break() {
        let events = events("ab\ncd");
        let block = &blocks(&events)[0];
        // "ab cd": a match of " cd" starts at "c", not at the break.
        let start = block.start_point(2).unwrap();
        assert_eq!((start.offset, &*text_of(&events, start.event)), (0, "cd"));
        let end = block.end_point(3).unwrap();
        assert_eq!((end.offset, &*text_of(&events, end.event)), (2, "ab"));
    }

    fn text_of(events: &[(Event<'_>, Range<usize>)], index: usize) -> String {
        match &events[index].0 {
            Event::Text(text) => text.to_string(),
            other => panic!("not text: {other:?}"),
        }
    }
}
