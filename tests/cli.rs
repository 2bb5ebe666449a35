//! `isnad init` and `isnad new` (spec §8): a new dossier builds as it is;
//! every seed article becomes a document that passes `isnad check`, with
//! each of its lines either on the page or recorded as removed; nothing is
//! ever overwritten.

mod common;

use std::path::Path;

use common::*;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A new dossier in a temporary folder.
fn new_dossier() -> (tempfile::TempDir, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    let output = isnad(temp.path(), &["init", "dossier"]);
    assert!(output.status.success(), "{}", stderr(&output));
    (temp, dossier)
}

#[test]
fn init_makes_a_dossier_that_builds_without_warnings() {
    let (_temp, dossier) = new_dossier();
    for file in [
        "book.toml",
        "content/actors.yaml",
        "content/topics.yaml",
        "content/example.md",
    ] {
        assert!(dossier.join(file).is_file(), "{file}");
    }
    let output = isnad(&dossier, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let json = dossier_json(&dossier.join("site"));
    assert_eq!(json["claims"][0]["id"], "yousef-12-killed");
    assert_eq!(json["claims"][0]["by"], "sameer-yousef");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("notes.txt"), "mine").unwrap();
    let output = isnad(temp.path(), &["init", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).lines().next().unwrap(),
        ".:1:1: error: this folder is not empty; isnad init creates a dossier only in a new or empty folder [output]"
    );
    assert_eq!(
        std::fs::read_dir(temp.path()).unwrap().count(),
        1,
        "nothing was written"
    );
    // An empty folder is fine.
    let empty = temp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(isnad(temp.path(), &["init", "empty"]).status.success());
}

/// The seeds, as copied from ../shared/seeds.
fn seeds() -> Vec<std::path::PathBuf> {
    let mut seeds: Vec<_> = std::fs::read_dir(repo_root().join("tests/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 5);
    seeds
}

#[test]
fn every_seed_becomes_a_document_that_passes_check_and_loses_no_line() {
    let (_temp, dossier) = new_dossier();
    std::fs::remove_file(dossier.join("content/example.md")).unwrap();
    let mut ids = Vec::new();
    for seed in seeds() {
        let output = isnad(&dossier, &["new", seed.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let id = stdout(&output)
            .split('`')
            .nth(1)
            .expect("the id is printed")
            .to_owned();
        ids.push((seed, id));
    }
    let check = isnad(&dossier, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(!stderr(&check).contains(": error:"), "{}", stderr(&check));
    let (_guard, site) = build(&dossier);
    let mut missing = Vec::new();
    for (seed, id) in &ids {
        let PageTexts {
            title,
            blocks,
            removed,
        } = page_texts(&site, id);
        assert!(!blocks.is_empty(), "{id}: empty body");
        let text = std::fs::read_to_string(seed).unwrap();
        for line in text.lines().map(squash).filter(|l| !l.is_empty()) {
            let line = line.strip_prefix("- ").map_or(line.clone(), str::to_owned);
            let found = line == title || blocks.contains(&line) || removed.contains(&line);
            if !found {
                missing.push(format!("{}: «{line}»", seed.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "lines neither on the page, as they were, nor removed:\n{}",
        missing.join("\n")
    );
}

#[test]
fn furniture_is_proposed_for_removal_with_its_reason() {
    let (_temp, dossier) = new_dossier();
    let seed = repo_root().join("tests/seeds/002_45b30fc975be6043.txt");
    let output = isnad(
        &dossier,
        &["new", seed.to_str().unwrap(), "--id", "ugarit-women"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(dossier.join("content/ugarit-women.md")).unwrap();
    assert!(text.starts_with(
        "---\ntitle: \"بعد قصف “سجن الصناعة” إفشال محاولة فرار للعشرات من نسوة داعش.. وقسد تحمل الهجمات التركية المسؤولية\"\n"
    ));
    assert!(text.contains(
        "removed:\n  - text: \"دمشق °C\"\n    reason: \"أداة الطقس في رأس الصفحة\"\n  - text: \"00963 939 114 037\"\n    reason: \"رقم هاتف الموقع\"\n"
    ));
    let body = text.split("\n---\n").nth(1).unwrap();
    assert!(body.starts_with("أوغاريت بوست (مركز الأخبار) – بالتزامن"));
    assert!(body.contains("\n\n## قسد: ملتزمون مع التحالف بالقضاء على داعش وخلاياه\n\n"));
    assert!(body.ends_with("\n\nإعداد: ربى نجار\n"), "the byline stays");
}

#[test]
fn new_never_overwrites_a_document() {
    let (_temp, dossier) = new_dossier();
    let article = dossier.join("article.txt");
    std::fs::write(&article, "عنوان\n\nنص المقال.\n").unwrap();
    let output = isnad(&dossier, &["new", "article.txt", "--id", "example"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).lines().next().unwrap(),
        "content/example.md:1:1: error: this document already exists; isnad new never overwrites one: choose another id with --id [output]"
    );
    let example = std::fs::read_to_string(dossier.join("content/example.md")).unwrap();
    assert!(
        example.contains("yousef-12-killed"),
        "the file is untouched"
    );
    // A new id works, and the second time it is refused too.
    assert!(isnad(&dossier, &["new", "article.txt", "--id", "second"])
        .status
        .success());
    assert_eq!(
        isnad(&dossier, &["new", "article.txt", "--id", "second"])
            .status
            .code(),
        Some(1)
    );
    let text = std::fs::read_to_string(dossier.join("content/second.md")).unwrap();
    assert!(text.starts_with("---\ntitle: \"عنوان\"\n"), "{text}");
    assert!(text.ends_with("---\nنص المقال.\n"), "{text}");
}

#[test]
fn new_reports_a_bad_id_an_empty_file_and_a_file_that_is_not_utf8() {
    let (_temp, dossier) = new_dossier();
    std::fs::write(dossier.join("empty.txt"), "\n \n").unwrap();
    std::fs::write(dossier.join("latin1.txt"), b"title\ncaf\xe9\n").unwrap();
    let bad_id = isnad(&dossier, &["new", "empty.txt", "--id", "Bad_Id"]);
    assert_eq!(bad_id.status.code(), Some(2), "a wrong command line");
    let empty = isnad(&dossier, &["new", "empty.txt"]);
    assert_eq!(empty.status.code(), Some(1));
    assert_eq!(
        stderr(&empty).lines().next().unwrap(),
        "empty.txt:1:1: error: the file has no text to import [invalid-value]"
    );
    let latin1 = isnad(&dossier, &["new", "latin1.txt"]);
    assert_eq!(latin1.status.code(), Some(1));
    assert_eq!(
        stderr(&latin1).lines().next().unwrap(),
        "latin1.txt:2:4: error: the file is not valid UTF-8; save it as UTF-8 [not-utf8]"
    );
    let missing = isnad(&dossier, &["new", "nowhere.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).starts_with("nowhere.txt:1:1: error: cannot read: "),
        "{}",
        stderr(&missing)
    );
    assert!(!dossier.join("content/empty.md").exists());
    assert!(!dossier.join("content/latin1.md").exists());
}

#[test]
fn new_needs_a_dossier() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("a.txt"), "عنوان\nنص.\n").unwrap();
    let output = isnad(temp.path(), &["new", "a.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("book.toml:1:1: error: cannot read book.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn markdown_in_an_article_is_shown_as_written() {
    let (_temp, dossier) = new_dossier();
    let article = "Prices *rose* by 5% [est.] on 12/1\n\n# not a heading\n1. not a list\n<b>not bold</b> & x_y_z \\ `code`\n";
    std::fs::write(dossier.join("prices.txt"), article).unwrap();
    let output = isnad(&dossier, &["new", "prices.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(dossier.join("content/prices.md")).unwrap();
    assert!(
        text.contains("\nlang: en\n"),
        "an English article in an Arabic dossier"
    );
    let (_guard, site) = build(&dossier);
    let page = page(&site, "documents/prices.html");
    assert_eq!(
        reader_text(page.select(&sel("h1")).next().unwrap()),
        "Prices *rose* by 5% [est.] on 12/1"
    );
    let blocks: Vec<String> = page
        .select(&sel(".document-body :is(p, h1, h2, h3, h4, li)"))
        .map(reader_text)
        .collect();
    assert_eq!(
        blocks,
        [
            "# not a heading",
            "1. not a list",
            "<b>not bold</b> & x_y_z \\ `code`"
        ]
    );
    assert!(page
        .select(&sel(".document-body :is(b, ol, code, em)"))
        .next()
        .is_none());
    assert!(Path::new(&site).join("documents/prices.html").is_file());
}

/// `check --why A B` says whether the detector flags a pair, and which
/// rule decided, in the detector's own terms.
#[test]
fn why_says_whether_a_pair_is_flagged_and_why() {
    let actors = "- id: sohr\n  name: \"المرصد\"\n- id: ahmi\n  name: \"أحمي\"\n";
    let topics = "- id: escapes\n  title: \"كم فرّ؟\"\n";
    let document = |id: &str, by: &str, value: &str, words: &str| {
        format!(
            "---\ntitle: \"{id}\"\nsource:\n  outlet: \"صحيفة\"\nclaims:\n  - id: {id}\n    by: {by}\n    topic: escapes\n    value: {value}\n    quote: \"{words}\"\n---\n{words}.\n"
        )
    };
    let a = document("none", "ahmi", "0", "لا فرار");
    let b = document("many", "sohr", "136", "فرّ 136 سجينا");
    let temp = dossier_with(
        "",
        &[
            ("actors.yaml", actors),
            ("topics.yaml", topics),
            ("a.md", &a),
            ("b.md", &b),
        ],
    );
    let output = isnad(temp.path(), &["check", "--why", "none", "many"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "`none` and `many`: flagged: on topic `escapes`, actor `ahmi` and actor `sohr` give figures that do not overlap, 0 (0) and 136 (136), and neither links the other\n"
    );
    // The repository's dossier links this pair by hand.
    let output = isnad(
        &repo_root(),
        &[
            "check",
            "--why",
            "activists-3500-4000-prisoners",
            "report-5000-prisoners",
        ],
    );
    assert_eq!(
        stdout(&output),
        "`activists-3500-4000-prisoners` and `report-5000-prisoners`: not flagged: the editors link them with `contradicts`\n"
    );
    let output = isnad(temp.path(), &["check", "--why", "none", "nope"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .starts_with("error: --why: there is no claim `nope` in the dossier [command-line]"),
        "{}",
        stderr(&output)
    );
}
