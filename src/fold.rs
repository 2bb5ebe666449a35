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
        // A letter typed in decomposed form (NFD: alef, then hamza above)
        // is composed first, as NFC writes it; otherwise dropping the
        // hamza with the diacritics would change the letter.
        if let Some(composed) = text
            .chars()
            .next_back()
            .and_then(|last| unicode_normalization::char::compose(last, c))
        {
            let last = text.pop().unwrap_or_default();
            let start = starts[starts.len() - last.len_utf8()];
            starts.truncate(starts.len() - last.len_utf8());
            text.push(composed);
            starts.extend(std::iter::repeat_n(start, composed.len_utf8()));
            continue;
        }
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

/// Whether `c` belongs to a word for search: letters and digits of any
/// script, and the Arabic marks that sit on letters.
pub fn is_word_char(c: char) -> bool {
    // Arabic letters first, without the Unicode table lookup that
    // `is_alphanumeric` makes for every character beyond ASCII: a large
    // dossier's search index reads millions of them.
    is_arabic_letter(c) || c.is_alphanumeric() || is_arabic_mark(c)
}

/// The letters of the basic Arabic block (hamza to yeh, tatweel aside).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// The words of a text, for search.
pub fn search_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// The proclitics search strips, in the order they attach: a conjunction,
/// then a preposition, then the article (ل before the article is written
/// «لل»). The browser gets this table in `search/meta.js`, so that Rust and
/// `theme/search.js` read words the same way.
pub const PROCLITICS: Proclitics = Proclitics {
    conjunctions: &['و', 'ف'],
    prepositions: &['ب', 'ل', 'ك'],
    article: "ال",
    lam_article: "لل",
};

/// See [`PROCLITICS`].
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Proclitics {
    /// و ف.
    pub conjunctions: &'static [char],
    /// ب ل ك.
    pub prepositions: &'static [char],
    /// ال.
    pub article: &'static str,
    /// لل: ل before ال, whose alef is dropped.
    pub lam_article: &'static str,
}

/// Folds one word's letters the way readers type (spec §6): diacritics
/// and tatweel ignored, أ إ آ ٱ → ا, ى → ي, ة → ه, Arabic-Indic digits →
/// ASCII digits, Latin lower-cased. `theme/search.js` does the same in the
/// browser.
pub fn normalize_for_search(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut folded = String::with_capacity(word.len());
    // Most words are already in NFC: folding them needs no normalizer.
    let composed = unicode_normalization::is_nfc_quick(word.chars())
        == unicode_normalization::IsNormalized::Yes;
    let chars: Box<dyn Iterator<Item = char>> = if composed {
        Box::new(word.chars())
    } else {
        Box::new(word.nfc())
    };
    for c in chars {
        match c {
            c if is_arabic_mark(c) => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => folded.push('ا'),
            'ى' => folded.push('ي'),
            'ة' => folded.push('ه'),
            '\u{0660}'..='\u{0669}' => folded.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => folded.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            c if is_arabic_letter(c) => folded.push(c),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// Every plausible reading of a word for search: the word as written
/// (folded), and with each proclitic it may carry taken off, in turn. A
/// first letter that looks like a proclitic may belong to the word
/// («فرار», «بيان», «كتائب»), so the word itself is always one reading;
/// at least two letters are left.
///
/// ```
/// use isnad::fold::search_readings;
/// assert_eq!(search_readings("والفرار"), ["والفرار", "الفرار", "فرار"]);
/// assert_eq!(search_readings("فرار"), ["فرار", "رار"]);
/// assert_eq!(search_readings("للقوات"), ["للقوات", "قوات", "لقوات"]);
/// ```
pub fn search_readings(word: &str) -> Vec<String> {
    let word = normalize_for_search(word);
    let keep = |rest: &str| rest.chars().count() >= 2;
    let strip = |w: &str, letters: &[char]| -> Option<String> {
        w.strip_prefix(letters)
            .filter(|r| keep(r))
            .map(str::to_owned)
    };
    let mut readings = vec![word.clone()];
    let mut push = |reading: String| {
        if !readings.contains(&reading) {
            readings.push(reading);
        }
    };
    let conjunction = strip(&word, PROCLITICS.conjunctions);
    for after_conjunction in std::iter::once(word.clone()).chain(conjunction) {
        push(after_conjunction.clone());
        if let Some(rest) = after_conjunction
            .strip_prefix(PROCLITICS.lam_article)
            .filter(|r| keep(r))
        {
            push(rest.to_owned());
        }
        let preposition = strip(&after_conjunction, PROCLITICS.prepositions);
        for before_article in std::iter::once(after_conjunction).chain(preposition) {
            push(before_article.clone());
            if let Some(rest) = before_article
                .strip_prefix(PROCLITICS.article)
                .filter(|r| keep(r))
            {
                push(rest.to_owned());
            }
        }
    }
    readings
}

/// Folds one word the way readers type and strips its proclitics: the
/// word's shortest reading ([`search_readings`]).
///
/// ```
/// use isnad::fold::fold_for_search;
/// assert_eq!(fold_for_search("والإدارة"), fold_for_search("اداره"));
/// assert_eq!(fold_for_search("١٣٦"), "136");
/// ```
pub fn fold_for_search(word: &str) -> String {
    search_readings(word)
        .into_iter()
        .min_by_key(|r| r.chars().count())
        .unwrap_or_default()
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

    #[test]
    fn decomposed_letters_match_composed_ones() {
        // أ إ آ ؤ ئ typed as a letter and a combining hamza or madda.
        for (composed, decomposed) in [
            ("أعيد", "\u{0627}\u{0654}عيد"),
            ("إن", "\u{0627}\u{0655}ن"),
            ("آلاف", "\u{0627}\u{0653}لاف"),
            ("مسؤول", "مس\u{0648}\u{0654}ول"),
            ("café", "cafe\u{0301}"),
        ] {
            assert_eq!(fold_needle(decomposed), fold_needle(composed), "{composed}");
            assert_eq!(fold_for_search(decomposed), fold_for_search(composed));
        }
        // The way back covers both code points of the decomposed letter.
        let original = "قال \u{0627}\u{0654}عيد";
        let folded = fold_for_anchoring(original);
        let start = folded.text.find("أعيد").unwrap();
        assert_eq!(&original[folded.original(start)..], "\u{0627}\u{0654}عيد");
        assert_ne!(fold_needle("أعيد"), fold_needle("اعيد"));
    }

    #[test]
    fn search_folds_the_way_readers_type() {
        let fold = fold_for_search;
        assert_eq!(fold("الإدارة"), fold("الاداره"));
        assert_eq!(fold("مَدِينَة"), fold("مدينه"));
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("١٣٦"), "136");
        assert_eq!(fold("والتحالف"), "تحالف");
        assert_eq!(fold("للقوات"), "قوات");
        assert_eq!(fold("بالسجن"), "سجن");
        assert_eq!(fold("وقسد"), "قسد");
        assert_eq!(fold("لقسد"), "قسد");
        assert_eq!(fold("Raqqa"), "raqqa");
        // Short words keep their letters.
        assert_eq!(fold("لا"), "لا");
        assert_eq!(fold("وفي"), "في");
    }

    #[test]
    fn every_reading_of_a_word_is_searched() {
        let has = |word: &str, reading: &str| search_readings(word).iter().any(|r| r == reading);
        // A first letter that is also a proclitic stays a reading.
        for (word, reading) in [
            ("فرار", "فرار"),
            ("الفرار", "فرار"),
            ("والفرار", "فرار"),
            ("فالفرار", "فرار"),
            ("فروا", "فروا"),
            ("البيان", "بيان"),
            ("بيان", "بيان"),
            ("الكردية", "كرديه"),
            ("لقمان", "لقمان"),
            ("وقسد", "قسد"),
            ("لقسد", "قسد"),
            ("الفصائل", "فصائل"),
            ("كتائب", "كتائب"),
        ] {
            assert!(has(word, reading), "{word}: {:?}", search_readings(word));
        }
        assert_eq!(search_readings("لا"), ["لا"]);
    }

    #[test]
    fn words_keep_their_marks() {
        let words: Vec<_> = search_words("قالَ: «المرصد» 136-سجيناً").collect();
        assert_eq!(words, ["قالَ", "المرصد", "136", "سجيناً"]);
    }

    #[test]
    fn the_fast_paths_agree_with_the_unicode_tables() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_arabic_mark(c),
                "{c:?}"
            );
        }
        // Written decomposed (alef + madda above, Latin e + acute), a word
        // folds as it does composed.
        assert_eq!(
            normalize_for_search("\u{0627}\u{0653}ب"),
            normalize_for_search("آب")
        );
        assert_eq!(normalize_for_search("Caf\u{0065}\u{0301}"), "café");
        assert_eq!(normalize_for_search("الفارّين"), "الفارين");
    }
}
