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

/// Every claim on the escapes topic carries a value (a number, a vague or
/// open quantity, or "unknown"), so its table and chart have no dashes.
#[test]
fn every_claim_on_escapes_has_a_value() {
    let (_guard, site) = build(&repo_root());
    let json = dossier_json(&site);
    let escapes: Vec<&serde_json::Value> = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["topic"] == "escapes")
        .collect();
    assert!(escapes.len() >= 10, "{}", escapes.len());
    for claim in &escapes {
        assert!(!claim["value"].is_null(), "{} has no value", claim["id"]);
    }
    let values: Vec<String> = escapes.iter().map(|c| c["value"].to_string()).collect();
    for expected in ["0", "\"dozens\"", "\"hundreds\"", "{\"at-least\":1}"] {
        assert!(
            values.iter().any(|v| v == expected),
            "{expected}: {values:?}"
        );
    }
}

/// With every declared relation taken out, the detector finds the
/// disputes an editor declared by itself: the escapes (none against
/// dozens and hundreds) and the death tolls.
#[test]
fn the_detector_finds_the_escape_and_death_toll_disputes_by_itself() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    std::fs::create_dir_all(&dossier).unwrap();
    for part in ["book.toml", "content"] {
        let from = repo_root().join(part);
        if from.is_dir() {
            copy_dir(&from, &dossier.join(part));
        } else {
            std::fs::copy(&from, dossier.join(part)).unwrap();
        }
    }
    for entry in std::fs::read_dir(dossier.join("content")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, without_relations(&text)).unwrap();
        }
    }
    let output = isnad(&dossier, &["check", "."]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let detected: Vec<&str> = stderr
        .lines()
        .filter(|l| l.ends_with("[detected-contradiction]"))
        .collect();
    let on = |topic: &str, a: &str, b: &str| {
        detected.iter().any(|l| {
            l.contains(&format!("on topic `{topic}`"))
                && l.contains(&format!("`{a}`"))
                && l.contains(&format!("`{b}`"))
        })
    };
    assert!(
        on("escapes", "ahmi-no-escapes", "sohr-hundreds-fled"),
        "{stderr}"
    );
    assert!(
        on("escapes", "ahmi-no-escapes", "raseef22-dozens-fled"),
        "{stderr}"
    );
    assert!(
        detected.iter().any(|l| l.contains("on topic `deaths-")),
        "{stderr}"
    );
}

/// A front matter with every `contradicts`, `supports` and `updates` taken
/// out (their lines and the items indented under them).
fn without_relations(text: &str) -> String {
    let (front, body) = text[4..].split_once("\n---\n").unwrap();
    let mut kept = Vec::new();
    let mut skipping = false;
    for line in front.lines() {
        let is_relation = ["    contradicts:", "    supports:", "    updates:"]
            .iter()
            .any(|key| line.starts_with(key));
        if is_relation {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with("      ") {
            continue;
        }
        skipping = false;
        kept.push(line);
    }
    format!("---\n{}\n---\n{body}", kept.join("\n"))
}

/// The index groups contradictions by topic, the disputes first: the
/// headline pair (the spokesperson's "no escapes" against the 136
/// recaptured) is in the first group, not fifteenth in a list of ids; an
/// actor's page lists the contradictions its claims are part of.
#[test]
fn the_headline_dispute_comes_first_and_actors_list_their_contradictions() {
    let (_guard, site) = build(&repo_root());
    let index = page(&site, "index.html");
    let first_group = index
        .select(&sel("#contradictions .contradiction-group"))
        .next()
        .expect("contradictions are grouped");
    let links: Vec<&str> = first_group
        .select(&sel("a.contradiction-link"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"contradictions/ahmi-no-escapes--sohr-136-recaptured.html"),
        "{links:?}"
    );
    let heading: String = first_group
        .select(&sel("h3 a"))
        .flat_map(|a| a.text())
        .collect();
    assert!(heading.contains("فرّ"), "{heading}");
    let actor = page(&site, "actors/luqman-ahmi.html");
    let listed: Vec<&str> = actor
        .select(&sel("a.contradiction-link"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        listed.contains(&"../contradictions/ahmi-no-escapes--sohr-136-recaptured.html"),
        "{listed:?}"
    );
}

/// The review's mention errors: «قوات «سوريا الديمقراطية»», written with
/// inner quotation marks, names the SDF, not Syria; and no actor is left
/// standing only by a name found inside another actor's name.
#[test]
fn names_inside_quotation_marks_and_other_names_link_the_right_actor() {
    let (_guard, site) = build(&repo_root());
    let page = page(&site, "documents/majalla-undated.html");
    let linked: Vec<(String, &str)> = page
        .select(&sel(".document-body a.mention"))
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("data-actor").unwrap(),
            )
        })
        .collect();
    assert!(
        linked.contains(&("قوات «سوريا الديمقراطية»".to_owned(), "sdf")),
        "{linked:?}"
    );
    // No «سوريا» linked to Syria where «الديمقراطية» follows it.
    for syria in page.select(&sel(".document-body a.mention[data-actor=syria]")) {
        let after: String = syria
            .next_sibling()
            .and_then(|n| n.value().as_text().map(|t| t.to_string()))
            .unwrap_or_default();
        assert!(!after.trim_start().starts_with("الديمقراطية"), "{after}");
    }
}

/// «الهجوم الداعشي» is an attack, not an ISIS member: the ISIS actor lists
/// the phrase under `not-mentions`, while «5 آلاف داعشي» stays a mention.
#[test]
fn an_adjective_listed_in_not_mentions_links_no_actor() {
    let (_guard, site) = build(&repo_root());
    let page = page(&site, "documents/unknown-outlet-undated.html");
    let isis: Vec<String> = page
        .select(&sel(".document-body a.mention[data-actor=isis]"))
        .map(|a| a.text().collect::<String>())
        .collect();
    assert!(isis.iter().any(|words| words == "داعشي"), "{isis:?}");
    assert!(!isis.iter().any(|words| words == "الداعشي"), "{isis:?}");
    let body: String = page
        .select(&sel(".document-body"))
        .flat_map(|b| b.text())
        .collect();
    assert_eq!(
        body.matches("الهجوم الداعشي").count(),
        4,
        "the phrase is still in the text, unlinked"
    );
}
