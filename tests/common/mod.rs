//! Helpers shared by the integration tests: run the real binary on a
//! fixture dossier, and read the site it wrote.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Selector};

/// The repository root (this repository is itself a dossier).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture dossier under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Runs `isnad ARGS` in `dir`.
pub fn isnad(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isnad"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("isnad runs")
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds `dossier` into a fresh temporary folder and returns it (kept alive
/// by the returned guard).
pub fn build(dossier: &Path) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    let output = isnad(dossier, &["build", ".", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (temp, out)
}

/// Every file of a site, by relative path.
pub fn files(site: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Every HTML page of a site, parsed.
pub fn pages(site: &Path) -> BTreeMap<String, Html> {
    files(site)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            (
                path,
                Html::parse_document(&String::from_utf8(bytes).unwrap()),
            )
        })
        .collect()
}

/// Parses one page.
pub fn page(site: &Path, path: &str) -> Html {
    let text =
        std::fs::read_to_string(site.join(path)).unwrap_or_else(|_| panic!("no page {path}"));
    Html::parse_document(&text)
}

/// A CSS selector.
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

/// The site's dossier.json.
pub fn dossier_json(site: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(site.join("dossier.json")).unwrap()).unwrap()
}

/// Text folded as the anchoring rules fold it: white space runs, Arabic
/// diacritics and tatweel, quotation mark shapes. (Written independently of
/// the crate's own folding, so that the tests check it.)
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' || c == '\u{0640}' {
            continue;
        }
        let c = if "\"“”«»'‘’".contains(c) {
            '"'
        } else {
            c
        };
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// White space runs collapsed to one space, ends trimmed.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text a reader sees in an element, without the reference numbers
/// isnad adds after marks.
pub fn reader_text(element: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let in_ref = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| e.has_class("ann-ref", scraper::CaseSensitivity::CaseSensitive))
        });
        if !in_ref {
            text.push_str(t);
        }
    }
    squash(&text)
}

/// What a reader sees of a document page: its title, the text of each of
/// its body's blocks, and the texts recorded as removed from the original.
pub struct PageTexts {
    pub title: String,
    pub blocks: Vec<String>,
    pub removed: Vec<String>,
}

/// The reader's texts of `documents/ID.html`.
pub fn page_texts(site: &Path, id: &str) -> PageTexts {
    let page = page(site, &format!("documents/{id}.html"));
    let texts =
        |selector: &str| -> Vec<String> { page.select(&sel(selector)).map(reader_text).collect() };
    PageTexts {
        title: reader_text(page.select(&sel("h1")).next().unwrap()),
        blocks: texts(".document-body :is(p, h1, h2, h3, h4, li, blockquote, td)"),
        removed: texts(".removed pre"),
    }
}

/// A dossier in a fresh folder: a book.toml with `[book] title` (and
/// `book_extra` after it) and the given files below `content/`.
pub fn dossier_with(book_extra: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(temp.path().join("content")).unwrap();
    std::fs::write(
        temp.path().join("book.toml"),
        format!("[book]\ntitle = \"ملف\"\n{book_extra}"),
    )
    .unwrap();
    for (path, text) in files {
        let path = temp.path().join("content").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    temp
}

/// Rewrites a file of a dossier with `change`.
pub fn rewrite(path: &Path, change: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, change(&text)).unwrap();
}
