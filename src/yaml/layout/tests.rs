//! Tricky inputs, each with its exact canonical form.

use super::*;

/// A small schema: `b` before `a` at the top; `y` before `x` in items of
/// `list`.
fn order(place: &[String]) -> &'static [&'static str] {
    match place
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => &["b", "a", "list"],
        ["list", "*"] => &["y", "x"],
        _ => &[],
    }
}

fn formatted(text: &str) -> String {
    let once = canonical(text, &order).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let twice = canonical(&once, &order).unwrap();
    assert_eq!(twice, once, "not idempotent");
    once
}

#[test]
fn entries_move_with_their_comments() {
    let text = "\
# about the file
a: 1 # after a

# about b
b: 2
";
    assert_eq!(
        formatted(text),
        "\
# about the file

# about b
b: 2
a: 1 # after a
"
    );
}

#[test]
fn an_item_keeps_its_dash_on_its_first_line() {
    let text = "\
list:
  - x: 1
    # about y
    y: 2
  - x: 3
    y: 4 # four
";
    assert_eq!(
        formatted(text),
        "\
list:
    # about y
  - y: 2
    x: 1
  - y: 4 # four
    x: 3
"
    );
}

#[test]
fn block_scalars_move_whole() {
    let text = "a: |\n  line one\n  # not a comment\n\n  last\nb: >-\n  folded\n  text\n";
    assert_eq!(
        formatted(text),
        "b: >-\n  folded\n  text\na: |\n  line one\n  # not a comment\n\n  last\n"
    );
}

#[test]
fn kept_final_lines_stay_with_their_block() {
    let text = "a: |+\n  kept\n\nb: 1\n";
    assert_eq!(formatted(text), "b: 1\na: |+\n  kept\n\n");
}

#[test]
fn quoting_becomes_double_with_the_fewest_escapes() {
    let text = "b: 'it''s \"so\"'\na: \"\\u0627\\t\"\nlist: ['x', \"y\", z]\n";
    assert_eq!(
        formatted(text),
        "b: \"it's \\\"so\\\"\"\na: \"ا\\t\"\nlist: [\"x\", \"y\", z]\n"
    );
}

#[test]
fn a_double_quote_inside_keeps_single_quotes() {
    let text = "a: 'say \"no\"'\nb: \"say \\\"no\\\"\"\n";
    assert_eq!(formatted(text), "b: 'say \"no\"'\na: 'say \"no\"'\n");
}

#[test]
fn plain_block_and_multi_line_scalars_stay_as_written() {
    let text = "b: plain text\na: 'two\n  lines'\n";
    assert_eq!(formatted(text), text);
}

#[test]
fn flow_mappings_keep_their_order() {
    let text = "b: {z: 1, a: 2}\na: 1\n";
    assert_eq!(formatted(text), text);
}

#[test]
fn aliases_keep_the_order() {
    let text = "a: &n 1\nb: *n\n";
    assert_eq!(formatted(text), text);
}

#[test]
fn anchors_without_aliases_move() {
    let text = "a: &n 'x'\nb: 1\n";
    assert_eq!(formatted(text), "b: 1\na: &n \"x\"\n");
}

#[test]
fn crlf_line_endings_stay() {
    let text = "a: 'x'\r\nlist:\r\n  - x: 1\r\n    y: 2\r\nb: 2\r\n";
    assert_eq!(
        formatted(text),
        "b: 2\r\na: \"x\"\r\nlist:\r\n  - y: 2\r\n    x: 1\r\n"
    );
}

#[test]
fn a_last_line_without_a_break_stays_without() {
    assert_eq!(formatted("a: 1\nb: 2"), "b: 2\na: 1");
}

#[test]
fn comments_after_the_last_entry_stay_at_the_end() {
    let text = "list:\n  - x: 1\n    y: 2\n  # before the second\n  - x: 3\n    y: 4\n# end\n";
    assert_eq!(
        formatted(text),
        "list:\n  - y: 2\n    x: 1\n  # before the second\n  - y: 4\n    x: 3\n# end\n"
    );
}

#[test]
fn nested_mappings_are_ordered_inside_the_moved_entry() {
    let text = "a:\n  k: 1\nlist:\n  - x: 1\n    y:\n      deep: 1\nb: 2\n";
    assert_eq!(
        formatted(text),
        "b: 2\na:\n  k: 1\nlist:\n  - y:\n      deep: 1\n    x: 1\n"
    );
}

#[test]
fn not_yaml_is_refused() {
    assert!(matches!(
        canonical("a: [1\n", &order),
        Err(LayoutError::Syntax(_))
    ));
}

#[test]
fn a_reading_that_would_differ_is_refused() {
    assert!(same_values("a: 1\n", "a: 2\n").is_err());
    assert!(same_values("a: 1\nb: 2\n", "b: 2\na: 1\n").is_ok());
    assert!(same_lines("a: 1\n# c\n", "a: 1\n").is_err());
}
