//! Property tests: for random dossiers drawn from a grammar of front matter
//! and Markdown (valid pieces, near misses and plain junk), `check` never
//! panics, every position it reports lies inside the file it names, and
//! the binary always exits with 0 or 1 (never an abort or a signal).
//! Bounded: a fixed number of cases, each a few lines long.

mod common;

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Lines of front matter: the fields of the format, with values that are
/// right, wrong, or broken YAML.
fn front_line() -> impl Strategy<Value = String> {
    let ids = prop_oneof![
        Just("a"),
        Just("b"),
        Just("sohr"),
        Just("x--y"),
        Just("Bad Id"),
        Just("")
    ];
    let quotes = prop_oneof![
        Just("136 سجيناً"),
        Just("المرصد"),
        Just("ًٌٍ"),
        Just("غير موجود"),
        Just("قال **المرصد"),
        Just("\"\\\"")
    ];
    let values = prop_oneof![
        Just("0"),
        Just("136"),
        Just("[100, 200]"),
        Just("[5, 1]"),
        Just("كثير"),
        Just("{a: 1}")
    ];
    prop_oneof![
        Just("title: \"تقرير\"".to_owned()),
        Just("title: [".to_owned()),
        Just("title: \"\"".to_owned()),
        Just("source:\n  outlet: \"صحيفة\"".to_owned()),
        Just("source:\n  outlet: o\n  url: javascript:alert(1)".to_owned()),
        Just("  published: 2022-13-45".to_owned()),
        Just("summary: |\n  ملخص".to_owned()),
        Just("---".to_owned()),
        Just("claims:".to_owned()),
        Just("notes:".to_owned()),
        ids.clone().prop_map(|id| format!("  - id: {id}")),
        quotes.clone().prop_map(|q| format!("    quote: \"{q}\"")),
        ids.clone().prop_map(|id| format!("    by: {id}")),
        values.prop_map(|v| format!("    value: {v}")),
        Just("    topic: escapes".to_owned()),
        Just("    occurrence: 0".to_owned()),
        ids.prop_map(|id| format!("    contradicts:\n      - claim: {id}")),
        quotes.prop_map(|q| format!("  - quote: \"{q}\"\n    kind: typo\n    note: n")),
        Just("    kind: nonsense".to_owned()),
        Just("&a [*a, *a]".to_owned()),
        Just("\t- x".to_owned()),
        Just("key: \"unclosed".to_owned()),
        Just("\r".to_owned()),
        Just("\u{202E}".to_owned()),
    ]
}

/// Lines of a Markdown body: text the quotes can find, and the constructs
/// that nest, link, or embed raw HTML.
fn body_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("قال المرصد السوري إن 136 سجيناً أعيد القبض عليهم.".to_owned()),
        Just(String::new()),
        (1usize..150).prop_map(|n| format!("{} x", ">".repeat(n))),
        (1usize..80).prop_map(|n| format!("{}x", "- ".repeat(n))),
        (1usize..120).prop_map(|n| format!("{0}x{0}", "*".repeat(n))),
        Just("[رابط](javascript:alert(1)) و[آخر](https://example.org)".to_owned()),
        Just("<script>alert(1)</script><b>عريض".to_owned()),
        Just("## عنوان {#claim-a}".to_owned()),
        Just("```rust\nfn main() {}\n```".to_owned()),
        Just("| أ | ب |\n|---|---|\n| 1 | 2 |".to_owned()),
        Just("نص[^1]\n\n[^1]: حاشية".to_owned()),
        Just("---".to_owned()),
        Just("\u{0627}\u{0654}عيد القبض".to_owned()),
    ]
}

/// A document: the front matter's lines, the body's lines, and whether the
/// front matter is closed.
fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(front_line(), 0..12),
        prop::collection::vec(body_line(), 0..8),
        any::<bool>(),
    )
        .prop_map(|(front, body, closed)| {
            let close = if closed { "---\n" } else { "" };
            format!("---\n{}\n{close}{}\n", front.join("\n"), body.join("\n\n"))
        })
}

fn write_dossier(dir: &Path, document: &str) {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"ملف\"\n").unwrap();
    std::fs::write(
        dir.join("content/actors.yaml"),
        "- id: sohr\n  name: \"المرصد السوري\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/topics.yaml"),
        "- id: escapes\n  title: \"الفارون\"\n  unit: \"سجين\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("content/a.md"), document).unwrap();
}

/// Every reported position is a line of the named file, and a column
/// within that line (or just after its end).
fn positions_inside(dir: &Path, outcome: &isnad::Outcome) -> Result<(), TestCaseError> {
    for diagnostic in &outcome.diagnostics {
        let path = dir.join(&diagnostic.path);
        let path = if path.is_file() {
            path
        } else {
            // Paths are shown relative to where isnad runs.
            let shown = diagnostic.path.to_string_lossy();
            let relative = shown.split("content/").last().unwrap_or_default();
            dir.join("content").join(relative)
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let lines: Vec<&str> = text.split('\n').collect();
        prop_assert!(
            diagnostic.line >= 1 && diagnostic.line <= lines.len(),
            "line {} of {} lines: {diagnostic:?}",
            diagnostic.line,
            lines.len()
        );
        let line = lines[diagnostic.line - 1].trim_end_matches('\r');
        prop_assert!(
            diagnostic.column >= 1 && diagnostic.column <= line.chars().count() + 1,
            "column {} of a {}-character line: {diagnostic:?}",
            diagnostic.column,
            line.chars().count()
        );
    }
    Ok(())
}

/// A runner of `cases` random dossiers; failures are shown, not saved.
fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn check_never_panics_and_reports_positions_inside_the_file() {
    let mut runner = runner(300);
    runner
        .run(&document(), |document| {
            let temp = tempfile::tempdir().unwrap();
            write_dossier(temp.path(), &document);
            let root = temp.path().to_path_buf();
            let outcome = std::panic::catch_unwind(|| isnad::check(&root));
            prop_assert!(outcome.is_ok(), "panicked on:\n{document}");
            positions_inside(temp.path(), &outcome.unwrap())?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_binary_always_exits_with_0_or_1() {
    let mut runner = runner(40);
    runner
        .run(&document(), |document| {
            let temp = tempfile::tempdir().unwrap();
            write_dossier(temp.path(), &document);
            let output = common::isnad(temp.path(), &["build"]);
            prop_assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "exit {:?} on:\n{document}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
            Ok(())
        })
        .unwrap();
}
