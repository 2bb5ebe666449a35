//! Tricky inputs, each with its exact canonical form.

use super::*;

/// A small schema: `b` before `a` at the top; `y` before `x` in items of
/// `list`.
fn order(place: &[String]) -> Vec<&'static str> {
    let keys: &[&str] = match place
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => &["b", "a", "list"],
        ["list", "*"] => &["y", "x"],
        _ => &[],
    };
    keys.to_vec()
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
fn a_block_that_keeps_its_final_lines_keeps_the_order() {
    let text = "a: |+\n  kept\n\nb: 1\nlist:\n  - x: 1\n    y: 'q'\n";
    assert_eq!(
        formatted(text),
        "a: |+\n  kept\n\nb: 1\nlist:\n  - x: 1\n    y: \"q\"\n"
    );
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

/// Random choices, read one at a time.
struct Choices(std::vec::IntoIter<u8>);

impl Choices {
    fn pick(&mut self, n: usize) -> usize {
        self.0.next().unwrap_or(0) as usize % n
    }
}

/// A scalar or flow value for a key at `indent`, on the key's line (block
/// scalars go on below, indented further).
fn value(choices: &mut Choices, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    match choices.pick(14) {
        0 => "plain words".to_owned(),
        12 => format!("'two\n{pad}lines'"),
        13 => format!("\"two \\\n{pad}lines\" # after"),
        1 => "123".to_owned(),
        2 => "'it''s'".to_owned(),
        3 => "'say \"no\"'".to_owned(),
        4 => "'# not a comment'".to_owned(),
        5 => "\"tab\\there \\u0627\"".to_owned(),
        6 => format!("|\n{pad}line one\n{pad}# a hash line\n\n{pad}last"),
        7 => format!(">-\n{pad}folded\n\n{pad}text"),
        8 => format!("|+\n{pad}kept\n"),
        9 => "[a, 'b', \"c\"]".to_owned(),
        10 => "{k: 'v', a: 1}".to_owned(),
        _ => "\"quoted\" # and a comment".to_owned(),
    }
}

/// Blank and comment lines at `indent`, or none.
fn trivia(choices: &mut Choices, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match choices.pick(6) {
        0 => format!("{pad}# about what follows\n"),
        4 => format!("{pad}    # deeper\n"),
        1 => "\n".to_owned(),
        2 => format!("\n# at the margin\n{pad}# and indented\n"),
        _ => String::new(),
    }
}

/// A random mapping with the keys `keys` in a random order at `indent`;
/// `list` holds mappings with keys `x`, `y`, `z`.
fn mapping(choices: &mut Choices, keys: &[&str], indent: usize, depth: usize) -> String {
    let mut keys: Vec<&str> = keys.to_vec();
    for i in (1..keys.len()).rev() {
        keys.swap(i, choices.pick(i + 1));
    }
    keys.truncate(1 + choices.pick(keys.len()));
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (n, key) in keys.into_iter().enumerate() {
        if n > 0 {
            out.push_str(&trivia(choices, indent));
        }
        if key == "list" && depth == 0 {
            out.push_str(&format!("{pad}list:\n"));
            for _ in 0..1 + choices.pick(3) {
                out.push_str(&trivia(choices, indent + 2));
                let item = mapping(choices, &["x", "y", "z"], indent + 4, depth + 1);
                out.push_str(&format!("{pad}  - {}", &item[indent + 4..]));
            }
        } else {
            out.push_str(&format!("{pad}{key}: {}\n", value(choices, indent)));
        }
    }
    out
}

/// Whether the keys of the mapping at the top and of the items of `list`
/// come in the order of [`order`].
fn in_order(text: &str) -> bool {
    let value: serde_yaml::Value = serde_yaml::from_str(&super::super::lines_by_lf(text)).unwrap();
    let ordered = |mapping: &serde_yaml::Value, place: &[String]| {
        let keys = order(place);
        let ranks: Vec<usize> = mapping
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| {
                let k = k.as_str().unwrap();
                keys.iter().position(|o| *o == k).unwrap_or(keys.len())
            })
            .collect();
        ranks.windows(2).all(|w| w[0] <= w[1])
    };
    let items = value["list"].as_sequence().cloned().unwrap_or_default();
    ordered(&value, &[])
        && items
            .iter()
            .all(|item| ordered(item, &["list".to_owned(), "*".to_owned()]))
}

#[test]
fn random_front_matter_keeps_its_values_and_comments_and_settles_at_once() {
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases: 1000,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        proptest::collection::vec(proptest::prelude::any::<u8>(), 80),
        proptest::prelude::any::<bool>(),
    );
    runner
        .run(&strategy, |(bytes, crlf)| {
            let mut choices = Choices(bytes.into_iter());
            let mut text = trivia(&mut choices, 0);
            text.push_str(&mapping(&mut choices, &["a", "b", "c", "list"], 0, 0));
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let once = canonical(&text, &order).map_err(|e| {
                proptest::test_runner::TestCaseError::fail(format!("{e:?}\n{text}"))
            })?;
            proptest::prop_assert_eq!(&canonical(&once, &order).unwrap(), &once, "{}", text);
            // canonical checks values and lines itself; check it here too.
            proptest::prop_assert!(same_values(&text, &once).is_ok());
            // Every comment, and every `#` line of a `|` text, as often.
            for comment in [
                "# about what follows",
                "# at the margin",
                "# and indented",
                "# and a comment",
                "# a hash line",
                "# after",
                "# deeper",
            ] {
                proptest::prop_assert_eq!(
                    text.matches(comment).count(),
                    once.matches(comment).count()
                );
            }
            // A `|+` text keeps the order (see the module's documentation).
            proptest::prop_assert!(text.contains("|+") || in_order(&once), "{}", once);
            proptest::prop_assert_eq!(crlf, once.contains("\r\n"));
            proptest::prop_assert_eq!(once.matches('\n').count(), text.matches('\n').count());
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_list_at_its_key_s_indentation_moves_with_it() {
    let text = "list:\n- x: 1\n  y: 2\na: 1\nb: [1]\n";
    assert_eq!(formatted(text), "b: [1]\na: 1\nlist:\n- y: 2\n  x: 1\n");
}

#[test]
fn an_item_whose_first_value_is_a_mapping_gives_its_dash_to_the_next_key() {
    let text = "list:\n  - x:\n      deep: 1\n    y: 2\n  - # the item\n    x: 3\n    y: 4\n";
    assert_eq!(
        formatted(text),
        "list:\n  - y: 2\n    x:\n      deep: 1\n  - # the item\n    y: 4\n    x: 3\n"
    );
}
