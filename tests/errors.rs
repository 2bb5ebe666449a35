//! The catalogue of broken dossiers under tests/errors/: each folder is a
//! dossier with one kind of mistake, and `expected` holds the exact
//! diagnostics (`path:line:column: severity: message [code]`) that
//! `isnad check` must print for it. Every case must also exit with status
//! 1, never panic, and leave a previous site untouched.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(repo_root().join("tests/errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the catalogue is missing");
    cases
}

/// The header lines of the diagnostics in `stderr`.
fn headers(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|line| {
            if line.starts_with(char::is_whitespace) {
                return false;
            }
            let mut parts = line.splitn(4, ':');
            let (_, line_no, column) = (parts.next(), parts.next(), parts.next());
            [line_no, column]
                .iter()
                .all(|p| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_broken_dossier_gets_its_exact_diagnostics() {
    let mut failures = Vec::new();
    for case in cases() {
        let output = isnad(&case, &["check", "."]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("panicked"),
            "{}: panic\n{stderr}",
            case.display()
        );
        let expected: Vec<String> = std::fs::read_to_string(case.join("expected"))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        if headers(&stderr) != expected {
            failures.push(format!(
                "{}:\n  expected {expected:#?}\n  got\n{stderr}",
                case.display()
            ));
        }
        let has_error = expected.iter().any(|line| line.contains(": error: "));
        assert_eq!(
            output.status.code(),
            Some(if has_error { 1 } else { 0 }),
            "{}",
            case.display()
        );
        // Every error is shown with its source line, except those about a
        // whole file or folder.
        let whole_file = |line: &String| {
            ["[io]", "[template]", "[output]"]
                .iter()
                .any(|code| line.ends_with(code))
                || line.contains("never closes")
                || line.contains("must start")
        };
        if expected
            .iter()
            .any(|line| line.contains(": error: ") && !whole_file(line))
        {
            assert!(
                stderr.lines().any(|l| l.contains(" | ")),
                "{}: no source line\n{stderr}",
                case.display()
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether a case's expected diagnostics include an error (the others
/// hold warnings only, and build).
fn has_error(case: &Path) -> bool {
    std::fs::read_to_string(case.join("expected"))
        .unwrap()
        .contains(": error: ")
}

#[test]
fn the_catalogue_has_forty_broken_dossiers() {
    let broken = cases().iter().filter(|case| has_error(case)).count();
    assert!(broken >= 40, "{broken} broken dossiers");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    for case in cases() {
        let temp = tempfile::tempdir().unwrap();
        let dossier = temp.path().join("dossier");
        copy_dir(&case, &dossier);
        // A previous, good build of the same dossier.
        let previous = dossier.join("site");
        std::fs::create_dir_all(&previous).unwrap();
        std::fs::write(previous.join(".isnad-site"), "").unwrap();
        std::fs::write(previous.join("index.html"), "previous build").unwrap();
        let output = isnad(&dossier, &["build"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("panicked"),
            "{}: panic\n{stderr}",
            case.display()
        );
        let index = std::fs::read_to_string(previous.join("index.html")).unwrap();
        if !has_error(&case) {
            // Warnings only: the site is built and replaces the old one.
            assert_eq!(
                output.status.code(),
                Some(0),
                "{}\n{stderr}",
                case.display()
            );
            assert_ne!(index, "previous build", "{}", case.display());
            continue;
        }
        assert_eq!(output.status.code(), Some(1), "{}", case.display());
        assert_eq!(index, "previous build", "{}", case.display());
        let leftovers: Vec<_> = std::fs::read_dir(&dossier)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            // The lock file beside the build folder stays; it is empty
            // of meaning once no build holds it.
            .filter(|name| name.contains("isnad-") && !name.ends_with(".isnad-lock"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

/// Codes reported by other tests than the catalogue, which checks a
/// dossier: `output` concerns the build folder (below) and `isnad new`
/// (tests/cli.rs), `command-line` the flags (tests/reliability.rs); `unused-alias` and `contradiction` are warnings of the
/// analysis, tested with it.
const ELSEWHERE: &[&str] = &[
    "output",
    "unused-alias",
    "contradiction",
    "command-line",
    // Only `isnad fmt` reports it, and only on a bug of its own.
    "format-refused",
];

#[test]
fn every_code_of_the_readme_is_in_the_catalogue() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let codes: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("| `"))
        .flat_map(|line| {
            line.split('|')
                .nth(1)
                .unwrap()
                .split('`')
                .skip(1)
                .step_by(2)
        })
        .collect();
    assert!(codes.len() >= 20, "{codes:?}");
    let mut found = String::new();
    for case in cases() {
        found.push_str(&std::fs::read_to_string(case.join("expected")).unwrap());
    }
    let missing: Vec<&&str> = codes
        .iter()
        .filter(|code| !ELSEWHERE.contains(code) && !found.contains(&format!("[{code}]")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes no broken dossier shows: {missing:?}"
    );
}

/// A 10 MB document (generated here rather than committed): its mistake is
/// reported at the exact place, quickly, and its quotes are still found.
#[test]
fn a_ten_megabyte_document() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path();
    std::fs::create_dir_all(dossier.join("content")).unwrap();
    std::fs::write(dossier.join("book.toml"), "[book]\ntitle = \"ملف\"\n").unwrap();
    let paragraph = "قال المرصد السوري لحقوق الإنسان إن الاشتباكات في محيط سجن الصناعة بحي غويران مستمرة لليوم الخامس على التوالي. ".repeat(30);
    let mut body = String::new();
    let mut number = 0;
    while body.len() < 10 * 1024 * 1024 {
        number += 1;
        body.push_str(&format!("{number}. {paragraph}\n\n"));
    }
    body.push_str("وفي الختام أعيد القبض على 136 سجيناً.\n");
    let front = "---\ntitle: \"وثيقة كبيرة\"\nsource:\n  outlet: \"صحيفة\"\nclaims:\n  - id: last\n    quote: \"أعيد القبض على 136 سجيناً\"\n    by: nobody\n---\n";
    std::fs::write(dossier.join("content/big.md"), format!("{front}{body}")).unwrap();
    assert!(
        std::fs::metadata(dossier.join("content/big.md"))
            .unwrap()
            .len()
            > 10_000_000
    );
    let started = std::time::Instant::now();
    let output = isnad(dossier, &["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        headers(&stderr),
        ["content/big.md:8:9: error: claim `last` refers to actor `nobody`, but there is no actor with that id in actors.yaml [unknown-reference]"]
    );
    assert!(started.elapsed().as_secs() < 120, "{:?}", started.elapsed());
    // Fixed, it builds, and the claim is placed in the last paragraph.
    let text = std::fs::read_to_string(dossier.join("content/big.md")).unwrap();
    std::fs::write(
        dossier.join("content/big.md"),
        text.replace("    by: nobody\n", ""),
    )
    .unwrap();
    let (_guard, site) = build(dossier);
    let page = std::fs::read_to_string(site.join("documents/big.html")).unwrap();
    assert!(page.len() > 10_000_000);
    assert!(
        page.contains("أعيد القبض على 136 سجيناً</mark>"),
        "the claim is marked"
    );
}

#[test]
fn a_good_build_replaces_the_previous_site_and_never_a_foreign_folder() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture("ltr"), &dossier);
    let site = dossier.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("notes.txt"), "someone's own file").unwrap();
    let refused = isnad(&dossier, &["build"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("was not built by isnad"));
    assert!(site.join("notes.txt").is_file());
    std::fs::remove_dir_all(&site).unwrap();
    assert!(isnad(&dossier, &["build"]).status.success());
    std::fs::write(site.join("stale.html"), "stale").unwrap();
    assert!(isnad(&dossier, &["build"]).status.success());
    assert!(
        !site.join("stale.html").exists(),
        "the old site is replaced whole"
    );
    assert!(site.join("index.html").is_file());
}

#[test]
fn a_wrong_command_line_exits_with_status_2() {
    let here = repo_root();
    assert_eq!(isnad(&here, &["bulid"]).status.code(), Some(2));
    assert_eq!(
        isnad(&here, &["check", "--format", "xml"]).status.code(),
        Some(2)
    );
}

#[test]
fn check_writes_nothing_and_json_format_is_parseable() {
    let case = repo_root().join("tests/errors/unknown-reference");
    let output = isnad(&case, &["check", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let problems: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &problems[0];
    assert_eq!(first["path"], "content/a.md");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(8), Some(9))
    );
    assert_eq!(first["code"], "unknown-reference");
    assert_eq!(first["severity"], "error");
    assert!(!case.join("site").exists());
}

#[test]
fn a_suggestion_names_the_closest_id() {
    let output = isnad(
        &repo_root().join("tests/errors/unknown-reference"),
        &["check"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did you mean `luqman-ahmi`?"), "{stderr}");
    assert!(stderr.contains("8 |     by: luqman-ahmy"), "{stderr}");
}

/// The lines under a diagnostic point at the other places involved.
#[test]
fn notes_name_the_other_places_and_the_difference() {
    let notes = |case: &str| {
        let output = isnad(&repo_root().join("tests/errors").join(case), &["check"]);
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let expectations: &[(&str, &[&str])] = &[
        (
            "quote-not-found",
            &[
                "  = closest passage, at line 9: «136 سجينا»",
                "  = the text has «136 سجينا» where the quote has «137 سجينا»",
            ],
        ),
        (
            "quote-across-paragraphs",
            &["  = the quote runs across two paragraphs (or other blocks); a quote must stay within one: split it into two"],
        ),
        (
            "ambiguous-note",
            &[
                "  = occurrence 1 at line 10: …قال [المرصد السوري] إن 136 سجينا أ…",
                "  = occurrence 2 at line 12: …وقال [المرصد السوري] إن الاشتباكات …",
            ],
        ),
        (
            "duplicate-document-id",
            &["  = first used at content/a.md:2:5"],
        ),
        ("duplicate-key", &["  = first written at line 2, column 1"]),
        ("unknown-topic", &["  = did you mean `recaptured`?"]),
        ("unknown-source-field", &["  = did you mean `published`?"]),
    ];
    for (case, lines) in expectations {
        let stderr = notes(case);
        for line in *lines {
            assert!(
                stderr.lines().any(|l| l == *line),
                "{case}: no line {line:?}\n{stderr}"
            );
        }
    }
}
