//! Text folding: the differences that do not change the words.
//!
//! Anchoring (spec §3) folds only runs of white space, Arabic diacritics,
//! tatweel and the shape of quotation marks; nothing else, so that a quote
//! never lands on different words. Search (spec §6) folds more, the way
//! readers type.

/// Whether `c` is an Arabic diacritic (harakat, tanwin, shadda, sukun,
/// superscript alef) or tatweel: marks a writer may or may not type.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Whether `c` is one of the quotation marks that anchoring treats as equal.
pub fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '\'' | '‘' | '’')
}

/// A text folded for anchoring, with the way back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text` (and one past the end), the byte offset in
    /// the original where the character at that byte starts.
    starts: Vec<usize>,
}

impl Folded {
    /// The original byte offset of folded byte `index`. For the end of a
    /// match this is where the next kept character starts, so marks that
    /// were dropped after the last matched letter belong to the match.
    pub fn original(&self, index: usize) -> usize {
        self.starts[index]
    }
}

/// Folds `original` for anchoring: white space runs become one space,
/// diacritics and tatweel disappear, quotation marks become `"`.
pub fn fold_for_anchoring(original: &str) -> Folded {
    let mut text = String::with_capacity(original.len());
    let mut starts = Vec::with_capacity(original.len() + 1);
    let mut in_space = false;
    for (offset, c) in original.char_indices() {
        let folded = if c.is_whitespace() {
            if in_space {
                continue;
            }
            in_space = true;
            ' '
        } else if is_arabic_mark(c) {
            continue;
        } else {
            in_space = false;
            if is_quote_mark(c) {
                '"'
            } else {
                c
            }
        };
        text.push(folded);
        starts.extend(std::iter::repeat_n(offset, folded.len_utf8()));
    }
    starts.push(original.len());
    Folded { text, starts }
}

/// Folds a quote, prefix or suffix as written by an editor: as the body
/// text, and trimmed.
pub fn fold_needle(needle: &str) -> String {
    fold_for_anchoring(needle).text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_tatweel_and_spaces_fold() {
        let folded = fold_for_anchoring("قَالَ  المتحـدث\n«لا»");
        assert_eq!(folded.text, "قال المتحدث \"لا\"");
    }

    #[test]
    fn letters_that_differ_do_not_fold() {
        // Alef forms, taa marbuta and alef maqsura are different letters for
        // anchoring (search folds them; anchoring must not).
        assert_ne!(fold_needle("أحمد"), fold_needle("احمد"));
        assert_ne!(fold_needle("مدينة"), fold_needle("مدينه"));
        assert_ne!(fold_needle("على"), fold_needle("علي"));
        assert_ne!(fold_needle("٣"), fold_needle("3"));
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "قَالَ  نعم";
        let folded = fold_for_anchoring(original);
        let start = folded.text.find("نعم").unwrap();
        assert_eq!(&original[folded.original(start)..], "نعم");
        // The end of "قال" includes its final diacritic but not the spaces.
        let end = "قال".len();
        assert_eq!(&original[..folded.original(end)], "قَالَ");
    }
}
