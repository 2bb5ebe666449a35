//! A document's visible text as one string: the text of its blocks, as
//! anchoring sees them, separated by blank lines. Open data counts
//! positions in it (W3C TextPositionSelector), and the site publishes it
//! beside each document so that those positions can be checked.

use std::ops::Range;

use super::text::Block;

/// What separates two blocks in the visible text.
pub const BLOCK_SEPARATOR: &str = "\n\n";

/// The visible text of a document, and where each block starts in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisibleText {
    /// The text.
    pub text: String,
    /// Byte offset of each block in `text`.
    starts: Vec<usize>,
}

impl VisibleText {
    /// Joins the blocks' texts.
    pub fn new(blocks: &[Block]) -> Self {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(blocks.len());
        for block in blocks {
            if !text.is_empty() {
                text.push_str(BLOCK_SEPARATOR);
            }
            starts.push(text.len());
            text.push_str(&block.text);
        }
        VisibleText { text, starts }
    }

    /// The byte range in the text of a byte range of block `block`.
    pub fn range(&self, block: usize, range: &Range<usize>) -> Range<usize> {
        let start = self.starts.get(block).copied().unwrap_or_default();
        start + range.start..start + range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::text::blocks;
    use pulldown_cmark::Parser;

    #[test]
    fn blocks_are_joined_by_blank_lines() {
        let events: Vec<_> = Parser::new("# عنوان\n\nفقرة **أولى**\nتستمر\n\n- بند")
            .into_offset_iter()
            .collect();
        let visible = VisibleText::new(&blocks(&events));
        assert_eq!(visible.text, "عنوان\n\nفقرة أولى تستمر\n\nبند");
        let range = visible.range(1, &(0.."فقرة".len()));
        assert_eq!(&visible.text[range], "فقرة");
    }
}
