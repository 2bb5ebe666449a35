use super::*;
use crate::anchor::markdown_options;
use crate::anchor::text::blocks;
use pulldown_cmark::Parser;

/// The suggestion for a selection of `markdown`'s text; `before` and
/// `after` are what a page would send (white space as a browser gives it).
fn suggest_in(markdown: &str, text: &str, before: &str, after: &str) -> Suggestion {
    try_suggest(markdown, text, before, after).expect("the selection is placed")
}

fn try_suggest(
    markdown: &str,
    text: &str,
    before: &str,
    after: &str,
) -> Result<Suggestion, Unplaceable> {
    let events: Vec<_> = Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .collect();
    let blocks = blocks(&events);
    let folded: Vec<Folded> = blocks.iter().map(|b| fold_for_anchoring(&b.text)).collect();
    suggest(
        &blocks,
        &folded,
        Selection {
            text,
            before,
            after,
        },
    )
}

fn selector(s: &Suggestion) -> (&str, Option<&str>, Option<&str>, Option<usize>) {
    (
        s.quote.as_str(),
        s.prefix.as_deref(),
        s.suffix.as_deref(),
        s.occurrence,
    )
}

#[test]
fn a_unique_passage_needs_no_context() {
    let s = suggest_in(
        "قال المرصد إن العدد بلغ 136 سجيناً.",
        "136 سجيناً",
        "قال المرصد إن العدد بلغ ",
        ".",
    );
    assert_eq!(selector(&s), ("136 سجيناً", None, None, None));
    assert_eq!(s.block, 0);
}

#[test]
fn a_selection_across_bold_links_and_line_breaks_is_the_visible_text() {
    let markdown = "قال **لقمان أحمّي** [المتحدث *الرسمي*](https://x.org) باسم\nالإدارة الذاتية.";
    // The browser's text of the selection: a soft line break comes out as
    // a new line, and may come out as nothing at all.
    for selected in [
        "أحمّي المتحدث الرسمي باسم\nالإدارة",
        "أحمّي المتحدث الرسمي باسمالإدارة",
    ] {
        let s = suggest_in(markdown, selected, "قال لقمان ", " الذاتية.");
        assert_eq!(
            selector(&s),
            ("أحمّي المتحدث الرسمي باسم الإدارة", None, None, None)
        );
        let block = &blocks_of(markdown)[0];
        assert_eq!(
            &block.text[s.range.clone()],
            "أحمّي المتحدث الرسمي باسم الإدارة"
        );
    }
}

fn blocks_of(markdown: &str) -> Vec<Block> {
    let events: Vec<_> = Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .collect();
    blocks(&events)
}

#[test]
fn the_shortest_prefix_tells_two_occurrences_apart() {
    let markdown = "نفى المتحدث فرار أحد.\n\nوأكد المرصد فرار أحد.";
    let s = suggest_in(
        markdown,
        "فرار أحد",
        "نفى المتحدث فرار أحد.\n\nوأكد المرصد ",
        ".",
    );
    assert_eq!(selector(&s), ("فرار أحد", Some("المرصد"), None, None));
    assert_eq!(s.block, 1);
    let s = suggest_in(
        markdown,
        "فرار أحد",
        "نفى المتحدث ",
        ".\n\nوأكد المرصد فرار أحد.",
    );
    assert_eq!(selector(&s), ("فرار أحد", Some("المتحدث"), None, None));
    assert_eq!(s.block, 0);
}

#[test]
fn a_suffix_when_the_words_before_are_the_same() {
    let markdown = "قال إن العدد 136 سجيناً وقال إن العدد 100 سجين";
    let s = suggest_in(
        markdown,
        "العدد",
        "قال إن العدد 136 سجيناً وقال إن ",
        " 100 سجين",
    );
    assert_eq!(selector(&s), ("العدد", None, Some("100"), None));
}

#[test]
fn prefix_and_suffix_together_when_neither_alone_tells() {
    // "ب ج" is preceded by "أ" twice and followed by "د" twice; only the
    // third one has both.
    let markdown = "أ ب ج ه، و ب ج د، أ ب ج د";
    let s = suggest_in(markdown, "ب ج", "أ ب ج ه، و ب ج د، أ ", " د");
    assert_eq!(selector(&s), ("ب ج", Some("أ"), Some("د"), None));
}

#[test]
fn a_selection_inside_a_word_keeps_the_partial_word_as_context() {
    let markdown = "سجن الصناعة، وسجن الصناعة";
    let s = suggest_in(markdown, "سجن الصناعة", "سجن الصناعة، و", "");
    assert_eq!(selector(&s), ("سجن الصناعة", Some("و"), None, None));
}

#[test]
fn an_occurrence_when_no_words_of_the_block_tell() {
    let markdown = "فقرة مكررة\n\nفقرة مكررة\n\nفقرة مكررة";
    let s = suggest_in(markdown, "مكررة", "فقرة مكررة\nفقرة مكررة\nفقرة ", "");
    assert_eq!(selector(&s), ("مكررة", None, None, Some(3)));
    assert_eq!(s.block, 2);
    let s = suggest_in(markdown, "فقرة مكررة", "فقرة مكررة\n\n", "\n\nفقرة مكررة");
    assert_eq!(selector(&s), ("فقرة مكررة", None, None, Some(2)));
}

#[test]
fn diacritics_and_quotation_marks_are_written_as_the_text_has_them() {
    let markdown = "قال: «لكن باعتقادي ليست هناك حالاتٌ»";
    let s = suggest_in(markdown, "«لكن باعتقادي", "قال: ", " ليست");
    assert_eq!(selector(&s), ("«لكن باعتقادي", None, None, None));
    let s = suggest_in(markdown, "هناك حالاتٌ", "قال: «لكن باعتقادي ليست ", "»");
    assert_eq!(s.quote, "هناك حالاتٌ");
}

#[test]
fn what_is_not_in_one_block_is_refused() {
    let markdown = "الفقرة الأولى\n\nالفقرة الثانية";
    assert_eq!(
        try_suggest(markdown, "الأولى\n\nالفقرة", "الفقرة ", " الثانية"),
        Err(Unplaceable::NotInOneBlock)
    );
    assert_eq!(
        try_suggest(markdown, "غائب", "", ""),
        Err(Unplaceable::NotInOneBlock)
    );
    assert_eq!(
        try_suggest(markdown, " \u{064E} ", "", ""),
        Err(Unplaceable::Empty)
    );
}

#[test]
fn overlapping_occurrences_count_as_anchoring_counts_them() {
    // "اا" occurs at 0 and 1 of "ااا" (anchoring counts overlapping
    // occurrences); the second is selected.
    let s = suggest_in("ااا", "اا", "ا", "");
    assert_eq!(selector(&s), ("اا", Some("ا"), None, None));
    assert_eq!(s.range, "ا".len().."ااا".len());
}
