//! The repository's own dossier (issue 3): every line of every seed article
//! is either in the built page, the title, or recorded as removed with a
//! reason. Nothing of an article is dropped silently.

mod common;

use common::*;

/// Which document each seed (tests/seeds/, copied from ../shared/seeds)
/// became.
const SEEDS: &[(&str, &str)] = &[
    ("000_e1c5329da61790d9.txt", "raseef22-2022-01-22"),
    ("001_ddb0668dd9e5a037.txt", "unknown-outlet-undated"),
    ("002_45b30fc975be6043.txt", "ugarit-post-undated"),
    ("003_ddd3f060fc434b89.txt", "majalla-undated"),
    ("004_076c1070037ed0a2.txt", "unknown-outlet-2022-01-24"),
];

#[test]
fn every_line_of_every_seed_is_in_the_page_or_recorded_as_removed() {
    let (_guard, site) = build(&repo_root());
    let mut missing = Vec::new();
    for (seed, document) in SEEDS {
        let seed_text =
            std::fs::read_to_string(repo_root().join("tests/seeds").join(seed)).unwrap();
        let PageTexts {
            title,
            blocks,
            removed,
        } = page_texts(&site, document);
        for line in seed_text.lines().map(squash).filter(|l| !l.is_empty()) {
            let line = line.strip_prefix("- ").map_or(line.clone(), str::to_owned);
            let found = line == title
                || blocks.iter().any(|b| b.contains(&line))
                || removed.iter().any(|r| r.contains(&line));
            if !found {
                missing.push(format!("{seed}: «{line}»"));
            }
        }
        assert!(!blocks.is_empty(), "{document}: empty body");
    }
    assert!(
        missing.is_empty(),
        "lines neither in the page nor removed:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_dossier_builds_without_errors_or_warnings() {
    let output = isnad(&repo_root(), &["check", "."]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
}

#[test]
fn the_required_contradiction_is_declared() {
    let (_guard, site) = build(&repo_root());
    let json = dossier_json(&site);
    let declared = json["contradictions"].as_array().unwrap().iter().any(|c| {
        let claims: Vec<&str> = c["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        claims == ["ahmi-no-escapes", "sohr-136-recaptured"] && c["kind"] == "declared"
    });
    assert!(
        declared,
        "the spokesperson's no-escapes against the Observatory's 136 recaptured"
    );
    assert!(json["claims"].as_array().unwrap().len() > 50);
    // The spokesperson is a member of the body he speaks for.
    let ahmi = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "ahmi-no-escapes")
        .unwrap();
    assert_eq!(ahmi["by"], "luqman-ahmi");
}
