//! Browser tests: the repository's dossier and a mixed-direction fixture,
//! built and opened from file:// in headless Chromium (tests/browser/run.mjs:
//! direction, search, console errors, requests, axe-core, keyboard, print,
//! screenshots), then every page through the Nu HTML Checker.
//!
//! They need Debian's chromium, Node.js with `npm ci` run in tests/browser,
//! and Java; `.ci/run` installs all three. Where one is missing they say so
//! and skip, except in CI (`CI` set), where they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    path.is_file().then_some(path)
}

fn tools_dir() -> PathBuf {
    repo_root().join("tests/browser")
}

/// Whether the tools are here; in CI their absence is a failure.
fn tools_present() -> bool {
    let missing: Vec<&str> = [
        ("chromium", chromium().is_some()),
        (
            "node",
            Command::new("node").arg("--version").output().is_ok(),
        ),
        (
            "java",
            Command::new("java").arg("-version").output().is_ok(),
        ),
        (
            "tests/browser/node_modules (npm ci)",
            tools_dir().join("node_modules/playwright-core").is_dir(),
        ),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(name, _)| name)
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "browser tests cannot run in CI: missing {missing:?}"
    );
    eprintln!("SKIPPED browser tests: missing {missing:?} (see .ci/run for how to install them)");
    false
}

/// Builds a dossier into target/browser/NAME (kept, so that its pages and
/// the screenshots can be looked at after a run).
fn build_into(dossier: &Path, name: &str) -> PathBuf {
    let out = repo_root().join("target/browser").join(name);
    let _ = std::fs::remove_dir_all(&out);
    let output = isnad(dossier, &["build", ".", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// A dossier for the search engine's checks: 40 documents of 60
/// paragraphs, paragraph `g` (counted across the dossier) reading
/// «الفقرة g» and «كلمة» (so that its list runs past a shard's head and a
/// whole block), «زوجي» when `g` is even, «نادرة» when it is a multiple of
/// 97, «المدينة» of 7, and «والمدينة» of 5 (the same word after «و»).
fn many_passages() -> tempfile::TempDir {
    let mut files = Vec::new();
    for d in 0..40 {
        let body: Vec<String> = (0..60)
            .map(|p| {
                let g = d * 60 + p;
                let mut words = vec![format!("الفقرة {g}"), "كلمة".to_owned()];
                for (every, word) in [(2, "زوجي"), (97, "نادرة"), (7, "المدينة"), (5, "والمدينة")]
                {
                    if g % every == 0 {
                        words.push(word.to_owned());
                    }
                }
                words.join(" ") + "."
            })
            .collect();
        files.push((
            format!("d-{d:02}.md"),
            format!(
                "---\ntitle: \"وثيقة {d}\"\nsource:\n  outlet: \"صحيفة\"\n---\n{}\n",
                body.join("\n\n")
            ),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    dossier_with("", &files)
}

#[test]
fn sites_work_in_a_real_browser_and_validate() {
    if !tools_present() {
        return;
    }
    let site = build_into(&repo_root(), "dossier");
    let ltr = build_into(&fixture("ltr"), "ltr");
    let many = many_passages();
    let searched = build_into(many.path(), "search");
    let artifacts = repo_root().join("target/browser/artifacts");
    let output = Command::new("node")
        .arg(tools_dir().join("run.mjs"))
        .args([&site, &ltr, &artifacts, &searched])
        .env("CHROMIUM", chromium().unwrap())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser checks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for shot in [
        "document-desktop-light.png",
        "document-phone-dark.png",
        "search-phone-light.png",
    ] {
        assert!(artifacts.join(shot).is_file(), "no screenshot {shot}");
    }
    for dir in [&site, &ltr] {
        let vnu = Command::new("java")
            .args(["-jar"])
            .arg(tools_dir().join("node_modules/vnu-jar/build/dist/vnu.jar"))
            .args(["--errors-only", "--skip-non-html"])
            .arg(dir)
            .output()
            .expect("java runs");
        let report = String::from_utf8_lossy(&vnu.stderr);
        assert!(
            vnu.status.success(),
            "the Nu HTML Checker found errors in {}:\n{report}",
            dir.display()
        );
    }
}
