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
        // Every error is shown with its source line.
        if has_error && !stderr.contains("never closes") && !stderr.contains("must start") {
            assert!(
                stderr.lines().any(|l| l.contains(" | ")),
                "{}: no source line\n{stderr}",
                case.display()
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
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
        assert_eq!(output.status.code(), Some(1), "{}", case.display());
        assert_eq!(
            std::fs::read_to_string(previous.join("index.html")).unwrap(),
            "previous build"
        );
        let leftovers: Vec<_> = std::fs::read_dir(&dossier)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("isnad-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
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
