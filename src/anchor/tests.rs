//! Anchoring as spec §3 states it, one behaviour per test.

use pulldown_cmark::Event;

use super::*;

fn document(front: &str, body: &str) -> Document {
    crate::load::test_document(front, body)
}

/// The text under a span, read back from the events.
fn marked_text(anchored: &Anchored<'_>, span: &Span) -> String {
    let mut out = String::new();
    for index in span.start.event..=span.end.event {
        if let Event::Text(text) | Event::Code(text) = &anchored.events[index].0 {
            let from = if index == span.start.event {
                span.start.offset
            } else {
                0
            };
            let to = if index == span.end.event {
                span.end.offset
            } else {
                text.len()
            };
            out.push_str(&text[from..to]);
        } else if matches!(anchored.events[index].0, Event::SoftBreak) {
            out.push('\n');
        }
    }
    out
}

fn claim(quote: &str) -> String {
    format!("claims:\n  - id: c\n    quote: \"{quote}\"\n")
}

fn placed(front: &str, body: &str) -> Vec<String> {
    let document = document(front, body);
    let (anchored, problems) = anchor(&document);
    assert!(problems.is_empty(), "{problems:#?}");
    anchored
        .spans
        .iter()
        .map(|span| marked_text(&anchored, span))
        .collect()
}

fn problems(front: &str, body: &str) -> Vec<Diagnostic> {
    let document = document(front, body);
    anchor(&document).1
}

#[test]
fn a_quote_crosses_bold_italics_and_links() {
    let body = "وقال **المتحدث** باسم [الإدارة *الذاتية*](https://example.org) إنه لا فرار.\n";
    assert_eq!(
        placed(&claim("المتحدث باسم الإدارة الذاتية إنه"), body),
        ["المتحدث باسم الإدارة الذاتية إنه"]
    );
}

#[test]
fn a_quote_crosses_a_soft_line_break() {
    assert_eq!(
        placed(
            &claim("ليست هناك حالات فرار"),
            "ليست هناك\nحالات فرار من السجن\n"
        ),
        ["ليست هناك\nحالات فرار"]
    );
}

#[test]
fn diacritics_tatweel_and_quote_marks_fold() {
    let body = "وأكّد أن «الهجـوم ترافقَ مع استعصاء» داخل السجن\n";
    // The quote has no shadda, no tatweel, and straight quotation marks.
    assert_eq!(
        placed(
            "claims:\n  - id: c\n    quote: 'وأكد أن \"الهجوم ترافق مع استعصاء\"'\n",
            body
        ),
        ["وأكّد أن «الهجـوم ترافقَ مع استعصاء»"]
    );
}

#[test]
fn white_space_runs_fold() {
    assert_eq!(
        placed(&claim("مقتل   67 شخصاً"), "أسفرت عن مقتل 67  شخصاً حتى\n"),
        ["مقتل 67  شخصاً"]
    );
}

#[test]
fn letters_that_differ_do_not_match() {
    // أ and ا are different letters: no silent fold.
    let found = problems(&claim("احمد"), "قال أحمد\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, Code::QuoteNotFound);
}

#[test]
fn overlapping_and_nested_annotations_are_all_placed() {
    let front = "claims:\n  - id: a\n    quote: \"136 سجيناً\"\n  - id: b\n    quote: \"سجيناً فاراً\"\nnotes:\n  - quote: \"136\"\n    kind: context\n    note: n\n";
    let mut spans = placed(front, "إعادة اعتقال 136 سجيناً فاراً من السجن\n");
    spans.sort();
    assert_eq!(spans, ["136", "136 سجيناً", "سجيناً فاراً"]);
}

#[test]
fn an_ambiguous_quote_lists_every_occurrence_with_its_line() {
    let found = problems(&claim("داعش"), "هجوم داعش\n\nعناصر داعش\n");
    assert_eq!(found.len(), 1);
    let problem = &found[0];
    assert_eq!(problem.code, Code::AmbiguousQuote);
    // The error points at the quote in the front matter (line 7 of the file).
    assert_eq!((problem.line, problem.column), (7, 12));
    assert!(
        problem.notes[0].starts_with("occurrence 1 at line 9:"),
        "{:?}",
        problem.notes
    );
    assert!(
        problem.notes[1].starts_with("occurrence 2 at line 11:"),
        "{:?}",
        problem.notes
    );
}

#[test]
fn prefix_suffix_and_occurrence_disambiguate() {
    let body = "هجوم داعش الأول\n\nعناصر داعش الثاني\n";
    assert_eq!(
        placed(
            "claims:\n  - id: c\n    quote: داعش\n    prefix: عناصر\n",
            body
        ),
        ["داعش"]
    );
    let document = document(
        "claims:\n  - id: c\n    quote: داعش\n    suffix: الثاني\n",
        body,
    );
    let (anchored, _) = anchor(&document);
    assert_eq!(
        anchored.spans[0].source_offset,
        body.find("داعش الثاني").unwrap()
    );
    let document = document_with_occurrence(body, 2);
    let (anchored, problems) = anchor(&document);
    assert!(problems.is_empty());
    assert_eq!(
        anchored.spans[0].source_offset,
        body.find("داعش الثاني").unwrap()
    );
}

fn document_with_occurrence(body: &str, n: usize) -> Document {
    document(
        &format!("claims:\n  - id: c\n    quote: داعش\n    occurrence: {n}\n"),
        body,
    )
}

#[test]
fn an_occurrence_out_of_range_is_an_error() {
    let found = problems(
        "claims:\n  - id: c\n    quote: داعش\n    occurrence: 3\n",
        "داعش\n\nداعش\n",
    );
    assert_eq!(found[0].code, Code::QuoteNotFound);
    assert!(
        found[0].message.contains("occurrence 3"),
        "{}",
        found[0].message
    );
}

#[test]
fn all_marks_every_occurrence() {
    let front = "notes:\n  - quote: الكسحة\n    all: true\n    kind: typo\n    note: n\n";
    assert_eq!(
        placed(front, "مدينة الكسحة\n\nفي الكسحة\n"),
        ["الكسحة", "الكسحة"]
    );
}

#[test]
fn a_quote_found_nowhere_shows_the_closest_passage() {
    let found = problems(
        &claim("قوات سوريا الديموقراطية"),
        "نص أول\n\nأعلنت قوات سوريا الديمقراطية عن\n",
    );
    assert_eq!(found[0].code, Code::QuoteNotFound);
    assert_eq!(found[0].line, 7);
    assert!(
        found[0].notes[0].contains("at line 11")
            && found[0].notes[0].contains("قوات سوريا الديمقراطية"),
        "{:?}",
        found[0].notes
    );
}

#[test]
fn a_quote_may_not_cross_paragraphs() {
    let found = problems(
        &claim("الفقرة الأولى الفقرة الثانية"),
        "في الفقرة الأولى\n\nالفقرة الثانية هنا\n",
    );
    assert_eq!(found[0].code, Code::QuoteNotFound);
    assert!(
        found[0].notes[0].contains("two paragraphs"),
        "{:?}",
        found[0].notes
    );
}

#[test]
fn code_blocks_are_not_anchorable() {
    let found = problems(&claim("secret"), "```\nsecret\n```\n");
    assert_eq!(found[0].code, Code::QuoteNotFound);
}
