//! `isnad fmt [--check]` with the real binary: the repository's own
//! dossier rewritten in canonical order and quoting, reading exactly as
//! before (same dossier.json), bodies untouched, a second run changing
//! nothing; a document with errors left as it is; line endings and
//! permissions kept.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The repository's dossier (book.toml and content/) in a fresh folder.
fn repository_dossier() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&repo_root().join("content"), &dossier.join("content"));
    std::fs::copy(repo_root().join("book.toml"), dossier.join("book.toml")).unwrap();
    (temp, dossier)
}

/// Every file below `dir`, by relative path.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The text after a document's front matter.
fn body(text: &str) -> &str {
    let end = text[4..].find("\n---\n").unwrap() + 4;
    &text[end..]
}

#[test]
fn the_repository_dossier_is_formatted_once_and_reads_the_same() {
    let (_temp, dossier) = repository_dossier();
    let before = contents(&dossier);
    let (_site, site) = build(&dossier);
    let json_before = dossier_json(&site);

    let check = isnad(&dossier, &["fmt", "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let listed = stdout(&check);
    assert_eq!(
        listed,
        "content/actors.yaml\ncontent/majalla-undated.md\ncontent/raseef22-2022-01-22.md\ncontent/ugarit-post-undated.md\n"
    );
    assert_eq!(
        stderr(&check),
        "4 of 7 files are not formatted; `isnad fmt` rewrites them\n"
    );
    assert_eq!(contents(&dossier), before, "--check wrote something");

    let fmt = isnad(&dossier, &["fmt"]);
    assert!(fmt.status.success(), "{}", stderr(&fmt));
    assert_eq!(stdout(&fmt), listed);
    assert_eq!(stderr(&fmt), "formatted 4 of 7 files\n");
    let after = contents(&dossier);
    assert_ne!(after, before);
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
        if name.ends_with(".md") {
            assert_eq!(body(&new), body(&old), "{name}: body changed");
        }
        // Every comment is still there, as often.
        let comments = |text: &str| {
            let mut lines: Vec<String> = text
                .lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .map(str::to_owned)
                .collect();
            lines.sort();
            lines
        };
        assert_eq!(comments(&new), comments(&old), "{name}");
    }
    // The canonical order: `relation` after `member-of` in actors.yaml.
    let actors = std::fs::read_to_string(dossier.join("content/actors.yaml")).unwrap();
    assert!(
        actors.contains("  member-of: aanes\n  relation: party-official\n  description: \"يصفه")
    );

    let (_site, site) = build(&dossier);
    assert_eq!(dossier_json(&site), json_before);

    let again = isnad(&dossier, &["fmt", "--check"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(stdout(&again), "");
    assert_eq!(stderr(&again), "7 files checked: all formatted\n");
    let again = isnad(&dossier, &["fmt"]);
    assert!(again.status.success());
    assert_eq!(contents(&dossier), after, "a second run changed something");
}

const BOOK: &str = "";

#[test]
fn a_document_with_errors_is_left_as_it_is_and_reported() {
    let broken = "---\ntitle: 'x'\nsourse:\n  outlet: o\n---\nbody\n";
    let good = "---\nsource:\n  outlet: 'o'\ntitle: t\n---\nbody\n";
    let temp = dossier_with(BOOK, &[("broken.md", broken), ("good.md", good)]);
    let dossier = temp.path();
    let fmt = isnad(dossier, &["fmt"]);
    assert_eq!(fmt.status.code(), Some(1));
    let check = isnad(dossier, &["check"]);
    let expected = stderr(&check).replace(
        "the site was not written",
        "the files with errors were left as they were",
    );
    assert!(
        expected.contains("content/broken.md:3:1: error: "),
        "{expected}"
    );
    assert_eq!(stderr(&fmt), format!("{expected}formatted 1 of 2 files\n"));
    assert_eq!(stdout(&fmt), "content/good.md\n");
    let read = |name: &str| std::fs::read_to_string(dossier.join("content").join(name)).unwrap();
    assert_eq!(read("broken.md"), broken);
    assert_eq!(
        read("good.md"),
        "---\ntitle: t\nsource:\n  outlet: \"o\"\n---\nbody\n"
    );
}

#[test]
fn line_endings_permissions_and_the_byte_order_mark_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let text = "\u{feff}---\r\nsource:\r\n  outlet: o # the outlet\r\ntitle: t\r\n---\r\nbody\r\n";
    let temp = dossier_with(BOOK, &[("a.md", text)]);
    let path = temp.path().join("content/a.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let fmt = isnad(temp.path(), &["fmt"]);
    assert!(fmt.status.success(), "{}", stderr(&fmt));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "\u{feff}---\r\ntitle: t\r\nsource:\r\n  outlet: o # the outlet\r\n---\r\nbody\r\n"
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(temp.path().join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.md"]);
}
