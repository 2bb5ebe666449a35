//! Building whole dossiers and reading the result as a reader would: parsed
//! HTML, resolved links, the words under each mark.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;
use scraper::Html;

/// The text of all the pieces marked for one annotation, in order.
fn marked_text(page: &Html, anchor: &str) -> String {
    let pieces: Vec<String> = page
        .select(&sel(&format!("mark[data-ann=\"{anchor}\"]")))
        .map(reader_text)
        .collect();
    pieces.join("")
}

/// Folded text without its spaces: marks are split at line breaks, whose
/// space belongs to no mark.
fn squeeze(text: &str) -> String {
    fold(text).replace(' ', "")
}

/// The annotation at `page_ref` (`page#anchor`) is marked, under one
/// element id, over exactly `quote`.
fn assert_marked(
    site: &Path,
    page_ref: &serde_json::Value,
    quote: &serde_json::Value,
    label: &str,
) {
    let (path, anchor) = page_ref.as_str().unwrap().split_once('#').unwrap();
    let page = page(site, path);
    let marked = marked_text(&page, anchor);
    assert_eq!(
        squeeze(&marked),
        squeeze(quote.as_str().unwrap()),
        "{label}"
    );
    let ids = page.select(&sel(&format!("#{anchor}"))).count();
    assert_eq!(ids, 1, "{label}: anchor {anchor}");
}

/// Every claim of dossier.json is marked in its document over exactly its
/// quoted words; every note over each of its occurrences.
fn assert_annotations_land_on_their_words(site: &Path) -> usize {
    let json = dossier_json(site);
    let mut checked = 0;
    for claim in json["claims"].as_array().unwrap() {
        let label = format!("claim {}", claim["id"]);
        assert_marked(site, &claim["page"], &claim["quote"], &label);
        checked += 1;
    }
    for note in json["notes"].as_array().unwrap() {
        for page_ref in note["pages"].as_array().unwrap() {
            let label = format!("note {}", note["id"]);
            assert_marked(site, page_ref, &note["quote"], &label);
            checked += 1;
        }
    }
    checked
}

/// Every relative href and src points at a file of the site, and every
/// fragment at an element id of its page.
fn assert_links_resolve(site: &Path) {
    let pages = pages(site);
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(path, html)| {
            let ids = html
                .select(&sel("[id]"))
                .map(|e| e.value().id().unwrap().to_owned())
                .collect();
            (path.as_str(), ids)
        })
        .collect();
    let mut checked = 0;
    for (path, html) in &pages {
        for element in html.select(&sel("[href], [src]")) {
            let target = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            if target.starts_with("https://") || target.starts_with("http://") {
                continue;
            }
            assert!(
                !target.starts_with('/') && !target.contains("://"),
                "{path}: non-relative link {target}"
            );
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            let resolved = if file.is_empty() {
                path.clone()
            } else {
                normalize(Path::new(path).parent().unwrap().join(file))
            };
            assert!(
                site.join(&resolved).is_file(),
                "{path}: broken link {target}"
            );
            if !fragment.is_empty() && resolved.ends_with(".html") {
                let decoded = fragment.to_owned();
                assert!(
                    ids[resolved.as_str()].contains(&decoded),
                    "{path}: missing #{fragment} in {resolved}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}

fn normalize(path: std::path::PathBuf) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn annotations_wrap_exactly_the_quoted_words() {
    let (_guard, site) = build(&fixture("basic"));
    let checked = assert_annotations_land_on_their_words(&site);
    assert_eq!(checked, 6 + 3, "6 claims and 3 note occurrences");
    // The claim that runs across bold, a link with italics and a line break.
    let page = page(&site, "documents/first.html");
    let pieces = page
        .select(&sel("mark[data-ann=\"claim-ahmi-no-escapes\"]"))
        .count();
    assert_eq!(pieces, 2, "split at the soft line break only");
    // The typo note nested inside the claim: its mark is inside the claim's.
    let nested = page
        .select(&sel(
            "mark[data-ann=\"claim-ahmi-no-escapes\"] mark[data-ann=\"note-first-note-2\"]",
        ))
        .count();
    assert_eq!(nested, 1);
}

#[test]
fn the_repository_dossier_builds_and_every_annotation_lands() {
    let (_guard, site) = build(&repo_root());
    let checked = assert_annotations_land_on_their_words(&site);
    assert!(checked > 100, "only {checked} annotations");
    assert_links_resolve(&site);
}

#[test]
fn every_internal_link_resolves() {
    for name in ["basic", "ltr"] {
        let (_guard, site) = build(&fixture(name));
        assert_links_resolve(&site);
    }
}

#[test]
fn every_page_has_lang_and_dir_and_documents_keep_their_own() {
    let (_guard, site) = build(&fixture("ltr"));
    for (path, html) in pages(&site) {
        let root = html.select(&sel("html")).next().unwrap();
        assert_eq!(root.value().attr("lang"), Some("ar"), "{path}");
        assert_eq!(root.value().attr("dir"), Some("rtl"), "{path}");
    }
    let english = page(&site, "documents/english-report.html");
    let body = english.select(&sel(".document-body")).next().unwrap();
    assert_eq!(
        (body.value().attr("lang"), body.value().attr("dir")),
        (Some("en"), Some("ltr"))
    );
    let title = english.select(&sel("h1")).next().unwrap();
    assert_eq!(title.value().attr("dir"), Some("ltr"));
    let arabic = page(&site, "documents/arabic.html");
    let body = arabic.select(&sel(".document-body")).next().unwrap();
    assert_eq!(
        (body.value().attr("lang"), body.value().attr("dir")),
        (Some("ar"), Some("rtl"))
    );
    // A Latin outlet name inside the Arabic interface is isolated.
    let index = page(&site, "index.html");
    let isolated = index
        .select(&sel("bdi"))
        .any(|b| b.text().collect::<String>() == "The Outlet");
    assert!(isolated, "the Latin outlet name is not in a <bdi>");
    // The claim list quotes the English claim in its own direction.
    let list = page(&site, "claims.html");
    let quote = list
        .select(&sel("blockquote[lang=en]"))
        .next()
        .expect("English quote on the claim list");
    assert_eq!(quote.value().attr("dir"), Some("ltr"));
}

#[test]
fn numbers_and_dates_isnad_inserts_are_isolated() {
    let (_guard, site) = build(&fixture("basic"));
    let topic = page(&site, "topics/recaptured.html");
    let values: Vec<String> = topic
        .select(&sel("td.value bdi"))
        .map(|b| b.text().collect())
        .collect();
    assert!(
        values.contains(&"136".to_owned()) && values.contains(&"90–110".to_owned()),
        "{values:?}"
    );
    // A range of digits reads left to right in the Arabic page, not
    // «110–90»: it has no letter to take its direction from.
    let range = topic
        .select(&sel("td.value bdi"))
        .find(|b| b.text().collect::<String>() == "90–110")
        .unwrap();
    assert_eq!(range.value().attr("dir"), Some("ltr"));
    let document = page(&site, "documents/first.html");
    let published: String = document
        .select(&sel("time bdi"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(published, "2022-01-24");
}

#[test]
fn hostile_values_are_escaped_everywhere() {
    let (_guard, site) = build(&fixture("basic"));
    for (path, html) in pages(&site) {
        // The only scripts are isnad's own files; nothing from the dossier
        // becomes a script. JSON-LD data is JSON with every `<` escaped, so
        // no value can end its element.
        for script in html.select(&sel("script")) {
            if script.value().attr("type") == Some("application/ld+json") {
                let data = script.inner_html();
                assert!(!data.contains('<'), "{path}: {data}");
                serde_json::from_str::<serde_json::Value>(&data).expect("JSON-LD parses");
                continue;
            }
            let src = script.value().attr("src").unwrap_or_default();
            let own = src.ends_with("theme/isnad.js") || src.ends_with("theme/search.js");
            assert!(
                own && script.inner_html().is_empty(),
                "{path}: a script element {src}"
            );
        }
        assert_eq!(
            html.select(&sel("img")).count(),
            0,
            "{path}: an img element"
        );
        assert_eq!(
            html.select(&sel("[onerror], [onclick]")).count(),
            0,
            "{path}"
        );
        for link in html.select(&sel("a[href]")) {
            let href = link.value().attr("href").unwrap();
            assert!(
                !href.to_ascii_lowercase().starts_with("javascript:"),
                "{path}: {href}"
            );
        }
    }
    // The hostile text is still there, as text: nothing an editor wrote is lost.
    let document = page(&site, "documents/first.html");
    let title: String = document.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(title, "التقرير الأول <script>alert('doc')</script>");
    let body: String = document
        .select(&sel(".document-body"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(body.contains("<script>alert('body')</script>"), "{body}");
    let actor = page(&site, "actors/hostile.html");
    let name: String = actor.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(name, "\"><script>alert('actor')</script>");
    // The URL with & and < is kept, escaped, as a link.
    let original = document
        .select(&sel(".source-meta a[rel~=external]"))
        .next()
        .unwrap();
    assert_eq!(
        original.value().attr("href"),
        Some("https://example.org/first?a=1&b=<2>")
    );
}

#[test]
fn relations_show_on_both_sides() {
    let (_guard, site) = build(&fixture("basic"));
    let json = dossier_json(&site);
    let contradictions: Vec<&serde_json::Value> = json["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "declared")
        .collect();
    assert_eq!(contradictions.len(), 1);
    assert_eq!(contradictions[0]["id"], "ahmi-no-escapes--sohr-136");
    assert_eq!(contradictions[0]["kind"], "declared");
    let page_path = contradictions[0]["page"].as_str().unwrap();
    let page = page(&site, page_path);
    let sides: Vec<String> = page
        .select(&sel(".side blockquote"))
        .map(|b| fold(&b.text().collect::<String>()))
        .collect();
    assert_eq!(
        sides,
        [
            fold("ليست هناك حالات فرار من سجن الصناعة"),
            fold("136 سجيناً")
        ]
    );
    // Each side links to the exact place in its document.
    let links: Vec<&str> = page
        .select(&sel(".side figcaption a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "../documents/first.html#claim-ahmi-no-escapes",
            "../documents/first.html#claim-sohr-136"
        ]
    );
    // Supports and updates: declared on one side, shown on both.
    let second = page_text(&site, "documents/second.html");
    assert!(
        second.contains("يؤيد"),
        "supports shown on the supporting claim"
    );
    let first = page_text(&site, "documents/first.html");
    assert!(
        first.contains("يؤيده") && first.contains("حدّثه"),
        "supported-by and updated-by shown"
    );
}

fn page_text(site: &Path, path: &str) -> String {
    page(site, path).root_element().text().collect()
}

#[test]
fn dossier_json_has_the_shape_of_the_spec() {
    let (_guard, site) = build(&fixture("basic"));
    let json = dossier_json(&site);
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "title",
        "language",
        "documents",
        "actors",
        "topics",
        "claims",
        "notes",
        "contradictions",
    ] {
        assert!(keys.contains(&key), "missing {key}");
    }
    for array in [
        "documents",
        "actors",
        "topics",
        "claims",
        "notes",
        "contradictions",
    ] {
        let ids: Vec<&str> = json[array]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{array} sorted by id");
    }
    let claim = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "sohr-100")
        .unwrap();
    assert_eq!(claim["value"], serde_json::json!([90, 110]));
    assert_eq!(claim["as-of"], "2022-01-23");
    assert_eq!(claim["by"], "sohr");
    assert_eq!(claim["page"], "documents/first.html#claim-sohr-100");
    let outlet_claim = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "outlet-claim")
        .unwrap();
    assert_eq!(
        outlet_claim["by"],
        serde_json::Value::Null,
        "the outlet has no actor"
    );
    assert_eq!(
        outlet_claim["as-of"], "2022-01-26",
        "as-of defaults to the publication date"
    );
    assert_eq!(outlet_claim["supports"], serde_json::json!(["sohr-136"]));
    let note = json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "first-note-1")
        .unwrap();
    assert_eq!(
        note["pages"].as_array().unwrap().len(),
        2,
        "all: true marks both occurrences"
    );
    assert_eq!(json["documents"][0]["page"], "documents/first.html");
    for page in [
        "documents/first.html",
        "actors/sohr.html",
        "topics/recaptured.html",
    ] {
        assert!(site.join(page).is_file());
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = build(&repo_root());
    let (_b, second) = build(&repo_root());
    let (first, second) = (files(&first), files(&second));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let (_guard, site) = build(&fixture("basic"));
    let page = page(&site, "documents/first.html");
    let code = page
        .select(&sel("pre.code[data-lang=rust]"))
        .next()
        .expect("code block");
    assert_eq!(code.value().attr("dir"), Some("ltr"));
    assert!(page.select(&sel("pre.code span[class*=hl-]")).count() > 3);
    assert_eq!(page.select(&sel("pre.code [style]")).count(), 0);
    let text: String = code.text().collect();
    assert!(text.contains("println!(\"<not html>\")"), "{text}");
}

#[test]
fn the_whole_dossier_print_page_stops_at_500_documents() {
    let (_guard, site) = build(&fixture("basic"));
    assert!(site.join("print.html").is_file());
    // Each document is printed with its body, the same as on its own page:
    // the same marks, without the ids.
    let print = page(&site, "print.html");
    for id in ["first", "second"] {
        let own = page(&site, &format!("documents/{id}.html"));
        let marks = |page: &scraper::Html, scope: &str| -> Vec<String> {
            page.select(&sel(&format!("{scope} .document-body mark")))
                .map(|m| m.text().collect())
                .collect()
        };
        let printed = marks(&print, &format!("#doc-{id}"));
        assert!(!printed.is_empty(), "no marked body for {id} in print.html");
        assert_eq!(printed, marks(&own, ""), "{id}");
    }
    assert!(page(&site, "index.html")
        .select(&sel("a[href='print.html']"))
        .next()
        .is_some());

    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path();
    std::fs::create_dir_all(dossier.join("content")).unwrap();
    std::fs::write(
        dossier.join("book.toml"),
        "[book]\ntitle = \"t\"\n[output.html]\nminify = false\nsearch = false\n",
    )
    .unwrap();
    for n in 0..501 {
        let text =
            format!("---\ntitle: \"وثيقة {n}\"\nsource:\n  outlet: \"صحيفة\"\nclaims:\n  - id: c{n}\n    quote: \"نص قصير\"\n---\nنص قصير رقم {n}.\n");
        std::fs::write(dossier.join(format!("content/d{n}.md")), text).unwrap();
    }
    let (_big_guard, big) = build(dossier);
    // Past the limit, each body is read again from its file for its page.
    let own = page(&big, "documents/d250.html");
    let body: String = own
        .select(&sel(".document-body"))
        .flat_map(|b| b.text())
        .collect();
    assert!(body.contains("رقم 250."), "{body}");
    let marks: Vec<String> = own
        .select(&sel(".document-body mark"))
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(marks, ["نص قصير"]);
    assert!(
        !big.join("print.html").exists(),
        "print.html past the limit"
    );
    assert!(
        page(&big, "index.html")
            .select(&sel("a[href='print.html']"))
            .next()
            .is_none(),
        "a link to a missing print.html"
    );
}
