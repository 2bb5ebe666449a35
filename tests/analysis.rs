//! The views across sources (spec §4, §5, §7): actor mentions, figures by
//! topic, detected contradictions, the timeline, the graph of who
//! contradicts whom, and the open data beside the pages. Built from
//! tests/fixtures/analysis and from the repository's own dossier, and read
//! as parsed HTML and parsed JSON.

mod common;

use std::path::Path;

use common::*;
use scraper::{ElementRef, Html};
use serde_json::Value;

fn analysis() -> (tempfile::TempDir, std::path::PathBuf) {
    build(&fixture("analysis"))
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect()
}

/// (actor, words) of every mention link in a document body, in order; the
/// pieces of a mention split by other elements are joined.
fn mention_links(page: &Html) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for link in page.select(&sel(".document-body a.mention")) {
        let actor = link.value().attr("data-actor").unwrap().to_owned();
        let words = text(link);
        // A piece without an id continues the mention before it.
        match found.last_mut() {
            Some(last) if link.value().id().is_none() && last.0 == actor => last.1.push_str(&words),
            _ => found.push((actor, words)),
        }
    }
    found
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn mentions_are_linked_with_proclitics_and_the_longest_name() {
    let (_guard, site) = analysis();
    let page = page(&site, "documents/a.html");
    assert_eq!(
        mention_links(&page),
        pairs(&[
            ("outlet-a", "صحيفة الأولى"),
            ("sdf", "قسد"),
            ("luqman-ahmi", "لقمان أحمّي"),
            ("aanes", "الإدارة الذاتية"),
            ("sdf", "قوات سوريا الديمقراطية"),
            ("coalition", "وللتحالف"),
            ("coalition", "والتحالف الدولي"),
            ("syria", "سوريا"),
        ])
    );
    for link in page.select(&sel("a.mention")) {
        let actor = link.value().attr("data-actor").unwrap();
        assert_eq!(
            link.value().attr("href"),
            Some(format!("../actors/{actor}.html").as_str())
        );
    }
}

#[test]
fn no_mention_inside_a_longer_word() {
    let (_guard, site) = analysis();
    let page = page(&site, "documents/a.html");
    let paragraph = page.select(&sel("#p-2")).next().unwrap();
    let linked: Vec<String> = paragraph.select(&sel("a.mention")).map(text).collect();
    assert!(text(paragraph).contains("قسدية ولا مقسد"));
    assert!(
        linked
            .iter()
            .all(|t| !t.contains("قسدية") && !t.contains("مقسد")),
        "{linked:?}"
    );
}

#[test]
fn a_mention_inside_a_source_link_keeps_the_link_and_gets_an_id() {
    let (_guard, site) = analysis();
    let page = page(&site, "documents/a.html");
    assert_eq!(page.select(&sel("a a")).count(), 0, "no link inside a link");
    let place = page
        .select(&sel("a[href^=\"https://\"] .mention-place"))
        .next()
        .unwrap();
    assert_eq!(place.value().id(), Some("mention-sdf-3"));
    assert_eq!(text(place), "قسد");
}

#[test]
fn mentions_nest_inside_marks_without_crossing_them() {
    let (_guard, site) = analysis();
    let page = page(&site, "documents/a.html");
    // The claim's mark holds the whole mention; the note that covers only
    // «قوات سوريا» holds the first piece of the longer name.
    let inside_claim: Vec<String> = page
        .select(&sel("mark[data-ann=\"claim-sdf-100\"] a.mention"))
        .map(text)
        .collect();
    assert_eq!(inside_claim, ["قسد"]);
    let inside_note: Vec<String> = page
        .select(&sel("mark[data-ann=\"note-a-note-1\"] a.mention"))
        .map(text)
        .collect();
    assert_eq!(inside_note, ["قوات سوريا"]);
    // Written HTML: every tag closes in the order it opened.
    let raw = std::fs::read_to_string(site.join("documents/a.html")).unwrap();
    let start = raw.find("<div class=\"document-body\"").unwrap();
    let end = raw[start..].find("</div>").unwrap() + start + "</div>".len();
    assert_well_formed(&raw[start..end]);
}

/// Every tag of `html` is closed in the order it was opened.
fn assert_well_formed(html: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').unwrap() + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if ["br", "hr", "img"].contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.as_str()),
                "crossing at {tag}"
            );
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn ids_stay_unique_on_every_page() {
    let (_guard, site) = analysis();
    for (path, html) in pages(&site) {
        let mut ids: Vec<&str> = html
            .select(&sel("[id]"))
            .map(|e| e.value().id().unwrap())
            .collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{path}: duplicate ids");
    }
}

#[test]
fn an_actor_page_lists_its_mentions_with_context_and_links_to_each() {
    let (_guard, site) = analysis();
    let page = page(&site, "actors/sdf.html");
    let items: Vec<ElementRef<'_>> = page.select(&sel(".mention-list li a")).collect();
    let hrefs: Vec<&str> = items
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [
            "../documents/a.html#mention-sdf-1",
            "../documents/a.html#mention-sdf-2",
            "../documents/a.html#mention-sdf-3",
        ]
    );
    let first = items[0];
    assert_eq!(
        first.select(&sel("strong")).map(text).collect::<Vec<_>>(),
        ["قسد"]
    );
    assert_eq!(
        text(first),
        "بحسب صحيفة الأولى، أعلنت قسد إلقاء القبض على 100 سجين، وقال لقمان أحمّي باسم الإدارة…"
    );
    let document = self::page(&site, "documents/a.html");
    for href in hrefs {
        let id = href.split_once('#').unwrap().1;
        assert_eq!(document.select(&sel(&format!("#{id}"))).count(), 1, "{id}");
    }
}

#[test]
fn an_actor_page_shows_membership_both_ways_and_the_claims_made() {
    let (_guard, site) = analysis();
    let member = page(&site, "actors/luqman-ahmi.html");
    let up: Vec<&str> = member
        .select(&sel("dl.facts a[href$=\"aanes.html\"]"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(up, ["../actors/aanes.html"]);
    let body = page(&site, "actors/aanes.html");
    let members: Vec<String> = body
        .select(&sel("section[aria-labelledby=members-title] a"))
        .map(text)
        .collect();
    assert_eq!(members, ["لقمان أحمّي"]);
    let sdf = page(&site, "actors/sdf.html");
    let claims: Vec<&str> = sdf
        .select(&sel(".claim-list blockquote a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        claims,
        [
            "../documents/a.html#claim-sdf-100",
            "../documents/a.html#claim-sdf-deaths-10"
        ]
    );
}

#[test]
fn the_index_shows_which_actors_appear_in_which_documents() {
    let (_guard, site) = analysis();
    let index = page(&site, "index.html");
    let columns: Vec<String> = index
        .select(&sel("table.matrix thead th a bdi"))
        .map(text)
        .collect();
    assert_eq!(columns, ["1", "2", "3"]);
    let rows: Vec<Vec<String>> = index
        .select(&sel("table.matrix tbody tr"))
        .map(|row| {
            row.select(&sel("th, td"))
                .map(|cell| text(cell).trim().to_owned())
                .collect()
        })
        .collect();
    // Widest first: the Observatory is named in two documents.
    assert_eq!(
        rows[0],
        ["المرصد السوري لحقوق الإنسان", "", "1", "1", "2", "2"]
    );
    assert_eq!(rows[1], ["قوات سوريا الديمقراطية", "3", "", "", "1", "3"]);
    assert_eq!(rows.len(), 7, "actors never named have no row");
    let cell = index
        .select(&sel("table.matrix tbody tr:nth-child(2) td a"))
        .next()
        .unwrap();
    assert_eq!(
        cell.value().attr("href"),
        Some("documents/a.html#mention-sdf-1")
    );
}

#[test]
fn dossier_json_lists_each_actors_mentions() {
    let (_guard, site) = analysis();
    let json = dossier_json(&site);
    let actor = |id: &str| -> Value {
        json["actors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["mentions"]
            .clone()
    };
    assert_eq!(
        actor("sohr"),
        serde_json::json!([
            {"document": "b", "anchor": "mention-sohr-1"},
            {"document": "c", "anchor": "mention-sohr-1"},
        ])
    );
    assert_eq!(actor("nobody"), serde_json::json!([]));
    assert_eq!(actor("sdf").as_array().unwrap().len(), 3);
}

/// The header lines (`path:line:col: severity: message [code]`) of a
/// check of the analysis fixture with `code`.
fn check_lines(code: &str) -> Vec<String> {
    let output = isnad(&fixture("analysis"), &["check", "."]);
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.ends_with(&format!("[{code}]")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn an_alias_that_occurs_nowhere_is_a_warning_at_the_alias() {
    assert_eq!(
        check_lines("unused-alias"),
        [
            "content/actors.yaml:27:9: warning: the name «جهة لا ترد» of actor `nobody` occurs in no document [unused-alias]",
            "content/actors.yaml:28:13: warning: the alias «اسم لا يرد» of actor `nobody` occurs in no document [unused-alias]",
        ]
    );
}

#[test]
fn detected_contradictions_are_warnings_at_the_later_claims_value() {
    let lines = check_lines("detected-contradiction");
    let places: Vec<&str> = lines
        .iter()
        .map(|l| l.split(": warning").next().unwrap())
        .collect();
    assert_eq!(
        places,
        [
            "content/b.md:11:12",
            "content/b.md:23:12",
            "content/c.md:9:12"
        ]
    );
    assert!(
        lines[0].contains("`sohr-136`") && lines[0].contains("`sdf-100`"),
        "{}",
        lines[0]
    );
}

fn contradictions(site: &Path, kind: &str) -> Vec<Value> {
    dossier_json(site)["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .cloned()
        .collect()
}

#[test]
fn detected_contradictions_follow_the_spec() {
    let (_guard, site) = analysis();
    let detected: Vec<(String, Vec<String>)> = contradictions(&site, "detected")
        .iter()
        .map(|c| {
            let claims = c["claims"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_owned())
                .collect();
            (c["id"].as_str().unwrap().to_owned(), claims)
        })
        .collect();
    // sdf-100 against sohr-136 and the outlet's 120–140; the outlet's range
    // against the undated 95–105. Not: 95–105 against 100 (they overlap),
    // 95–105 against 136 (`supports` explains it), the death tolls
    // (declared), or sohr-136 against the outlet's range (they overlap).
    assert_eq!(
        detected,
        [
            (
                "outlet-range--sdf-100".to_owned(),
                vec!["outlet-range".to_owned(), "sdf-100".to_owned()]
            ),
            (
                "outlet-range--unknown-95-105".to_owned(),
                vec!["outlet-range".to_owned(), "unknown-95-105".to_owned()]
            ),
            (
                "sdf-100--sohr-136".to_owned(),
                vec!["sdf-100".to_owned(), "sohr-136".to_owned()]
            ),
        ]
    );
    let declared = contradictions(&site, "declared");
    assert_eq!(declared.len(), 1);
    assert_eq!(declared[0]["id"], "sdf-deaths-10--sohr-deaths-50");
}

#[test]
fn a_detected_contradiction_has_a_page_with_both_values_side_by_side() {
    let (_guard, site) = analysis();
    let page = page(&site, "contradictions/sdf-100--sohr-136.html");
    let values: Vec<String> = page
        .select(&sel(".side .side-value bdi"))
        .map(text)
        .collect();
    assert_eq!(values, ["100", "136"]);
    let sides: Vec<&str> = page
        .select(&sel(".side figcaption a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        sides,
        [
            "../documents/a.html#claim-sdf-100",
            "../documents/b.html#claim-sohr-136"
        ]
    );
    let status = text(page.select(&sel("main > p.muted")).next().unwrap());
    assert!(status.contains("مكتشف آليًا"), "{status}");
}

#[test]
fn the_index_lists_detected_contradictions_apart_by_topic() {
    let (_guard, site) = analysis();
    let index = page(&site, "index.html");
    let declared: Vec<&str> = index
        .select(&sel("#contradictions .contradiction-link"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        declared,
        ["contradictions/sdf-deaths-10--sohr-deaths-50.html"]
    );
    let topics: Vec<String> = index.select(&sel("#detected h3")).map(text).collect();
    assert_eq!(topics, ["عدد المقبوض عليهم"]);
    let detected: Vec<String> = index
        .select(&sel("#detected .contradiction-link"))
        .map(text)
        .collect();
    assert_eq!(
        detected[2],
        "قوات سوريا الديمقراطية: 100 ⟷ المرصد السوري لحقوق الإنسان: 136"
    );
}

#[test]
fn a_claim_shows_its_detected_contradictions_beside_the_text() {
    let (_guard, site) = analysis();
    let page = page(&site, "documents/a.html");
    let links: Vec<&str> = page
        .select(&sel("#about-claim-sdf-100 .relation-detected a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "../contradictions/outlet-range--sdf-100.html",
            "../contradictions/sdf-100--sohr-136.html"
        ]
    );
}

#[test]
fn a_topic_page_tables_every_figure_with_its_relations() {
    let (_guard, site) = analysis();
    let page = page(&site, "topics/recaptured.html");
    let rows: Vec<Vec<String>> = page
        .select(&sel("table.figures tbody tr"))
        .map(|row| {
            // The quote comes first; then the facts.
            row.select(&sel("td"))
                .skip(1)
                .take(5)
                .map(|cell| text(cell).trim().to_owned())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            [
                "100",
                "قوات سوريا الديمقراطية",
                "صحيفة الأولى",
                "التقرير الأول",
                "22 كانون الثاني/يناير 2022"
            ],
            [
                "120–140",
                "وسيلة بلا فاعل",
                "وسيلة بلا فاعل",
                "التقرير الثاني </script><script>alert(1)</script>",
                "24 كانون الثاني/يناير 2022"
            ],
            [
                "136",
                "المرصد السوري لحقوق الإنسان",
                "وسيلة بلا فاعل",
                "التقرير الثاني </script><script>alert(1)</script>",
                "25 كانون الثاني/يناير 2022"
            ],
            ["95–105", "مصدر مجهول", "مصدر مجهول", "تقرير بلا تاريخ", "—"],
        ]
    );
    let quotes = page
        .select(&sel("table.figures tbody tr td:first-child"))
        .map(text)
        .filter(|q| q.starts_with('«') && q.ends_with('»'))
        .count();
    assert_eq!(quotes, 4, "each row starts with its quote");
    let relations: Vec<&str> = page
        .select(&sel("tr#unknown-95-105 td.relations a"))
        .map(|a| a.value().attr("class").unwrap())
        .collect();
    assert_eq!(
        relations,
        ["relation relation-detected", "relation relation-supports"]
    );
}

#[test]
fn a_topic_chart_is_an_accessible_svg_with_a_legend() {
    let (_guard, site) = analysis();
    let page = page(&site, "topics/recaptured.html");
    let chart = page
        .select(&sel("figure.chart-figure svg.chart"))
        .next()
        .unwrap();
    assert_eq!(chart.value().attr("role"), Some("img"));
    let labelled = chart.value().attr("aria-labelledby").unwrap();
    for id in labelled.split(' ') {
        assert_eq!(page.select(&sel(&format!("svg #{id}"))).count(), 1, "{id}");
    }
    assert_eq!(
        text(chart.select(&sel("title")).next().unwrap()),
        "عدد المقبوض عليهم"
    );
    // One group per claimant, one marker group per figure, a bar per range.
    assert_eq!(chart.select(&sel("g.series")).count(), 4);
    assert_eq!(chart.select(&sel("g.figure")).count(), 4);
    assert_eq!(chart.select(&sel("g.figure rect.range")).count(), 2);
    assert_eq!(
        chart.select(&sel("a")).count(),
        0,
        "an image holds no links"
    );
    let legend: Vec<String> = page
        .select(&sel(".legend li"))
        .map(|li| text(li).trim().to_owned())
        .collect();
    assert_eq!(legend[0], "قوات سوريا الديمقراطية (1)");
    assert_eq!(legend.len(), 4);
    // The undated figure has its own band; dates are axis labels.
    let labels: Vec<String> = chart.select(&sel("text")).map(text).collect();
    assert!(labels.contains(&"بلا تاريخ".to_owned()), "{labels:?}");
    assert!(labels.contains(&"2022-01-22".to_owned()), "{labels:?}");
}

#[test]
fn the_graph_links_claimants_to_actor_pages_and_arcs_to_contradictions() {
    let (_guard, site) = analysis();
    let index = page(&site, "index.html");
    let graph = index.select(&sel("svg.graph")).next().unwrap();
    let mut arcs: Vec<(&str, &str)> = graph
        .select(&sel("a.edge"))
        .map(|a| {
            (
                a.value().attr("class").unwrap(),
                a.value().attr("href").unwrap(),
            )
        })
        .collect();
    arcs.sort_unstable();
    assert_eq!(
        arcs,
        [
            (
                "edge edge-declared",
                "contradictions/sdf-deaths-10--sohr-deaths-50.html"
            ),
            (
                "edge edge-detected",
                "contradictions/outlet-range--sdf-100.html"
            ),
            (
                "edge edge-detected",
                "contradictions/outlet-range--unknown-95-105.html"
            ),
            (
                "edge edge-detected",
                "contradictions/sdf-100--sohr-136.html"
            ),
        ]
    );
    let nodes: Vec<&str> = graph
        .select(&sel("a.node"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(nodes, ["actors/sdf.html", "actors/sohr.html"]);
    // Outlets with no actor are nodes without a link.
    let plain: Vec<String> = graph.select(&sel("g.node text")).map(text).collect();
    assert_eq!(plain, ["مصدر مجهول", "وسيلة بلا فاعل"]);
    // Every arc says what its two claimants disagree on: its topic.
    let topics: Vec<String> = page(&site, "index.html")
        .select(&sel("svg.graph a.edge title"))
        .map(text)
        .collect();
    assert!(!topics.is_empty());
    let titles: Vec<String> = page(&site, "index.html")
        .select(&sel("#topics a"))
        .map(text)
        .collect();
    for title in &topics {
        assert!(
            titles.iter().any(|t| title.starts_with(&format!("{t}: "))),
            "{title} names no topic of {titles:?}"
        );
    }
    // On phones the same pairs are a list, each linking to a contradiction.
    let index = page(&site, "index.html");
    let pairs: Vec<&str> = index
        .select(&sel("#graph .graph-pairs a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(pairs.len(), 3, "{pairs:?}");
    assert!(pairs.iter().all(|p| p.starts_with("contradictions/")));
}

#[test]
fn the_timeline_lists_days_in_order_and_undated_documents_apart() {
    let (_guard, site) = analysis();
    let index = page(&site, "index.html");
    assert_eq!(index.select(&sel("a[href=\"timeline.html\"]")).count(), 1);
    let page = page(&site, "timeline.html");
    let days: Vec<&str> = page
        .select(&sel(".timeline-day > h2 time"))
        .filter_map(|t| t.value().attr("datetime"))
        .collect();
    assert_eq!(days, ["2022-01-22", "2022-01-24", "2022-01-25"]);
    // Days read as the sources write them.
    let first: String = page
        .select(&sel(".timeline-day > h2 time"))
        .next()
        .map(text)
        .unwrap();
    assert_eq!(first, "22 كانون الثاني/يناير 2022");
    // Under each day, each source with what it dates to that day.
    let day = |date: &str| -> Vec<(String, Vec<String>)> {
        page.select(&sel(&format!("#day-{date} .timeline-source")))
            .map(|source| {
                let title = text(source.select(&sel("p > a")).next().unwrap());
                let claims = source
                    .select(&sel("a.timeline-quote"))
                    .map(|a| a.value().attr("href").unwrap().to_owned())
                    .collect();
                (title, claims)
            })
            .collect()
    };
    let second = "التقرير الثاني </script><script>alert(1)</script>".to_owned();
    assert_eq!(
        day("2022-01-22"),
        [(
            "التقرير الأول".to_owned(),
            vec![
                "documents/a.html#claim-sdf-100".to_owned(),
                "documents/a.html#claim-sdf-deaths-10".to_owned()
            ]
        )]
    );
    // Reported on the 25th about the 24th: listed under the 24th.
    assert_eq!(
        day("2022-01-24"),
        [(
            second.clone(),
            vec!["documents/b.html#claim-outlet-range".to_owned()]
        )]
    );
    let published: Vec<String> = page
        .select(&sel("#day-2022-01-25 .timeline-source .published-here"))
        .map(text)
        .collect();
    assert_eq!(published, ["نُشر في هذا اليوم"]);
    let undated: Vec<String> = page
        .select(&sel("section[aria-labelledby=undated-title] a"))
        .map(text)
        .collect();
    assert_eq!(undated, ["تقرير بلا تاريخ"]);
}

/// Checks one document's Web Annotations against its visible text; returns
/// how many annotations there are.
fn assert_web_annotations(site: &Path, document: &str) -> usize {
    let path = site.join(format!("documents/{document}.annotations.jsonld"));
    let collection: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let visible: Vec<char> =
        std::fs::read_to_string(site.join(format!("documents/{document}.txt")))
            .unwrap()
            .chars()
            .collect();
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    let page = &collection["first"];
    assert_eq!(page["type"], "AnnotationPage");
    let items = page["items"].as_array().unwrap();
    assert_eq!(collection["total"], items.len());
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{document}.annotations.jsonld#")));
        assert!(item["motivation"].is_string());
        for body in item["body"].as_array().unwrap() {
            assert_eq!(body["type"], "TextualBody");
            assert!(body["value"].is_string());
        }
        let target = &item["target"];
        assert_eq!(target["source"], format!("{document}.html"));
        let selectors = target["selector"].as_array().unwrap();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        let exact: String = visible[start..end].iter().collect();
        assert_eq!(quote["exact"].as_str().unwrap(), exact, "{}", item["id"]);
        let prefix = quote["prefix"].as_str().unwrap();
        let before: String = visible[..start].iter().collect();
        assert!(before.ends_with(prefix), "{}", item["id"]);
        let after: String = visible[end..].iter().collect();
        assert!(
            after.starts_with(quote["suffix"].as_str().unwrap()),
            "{}",
            item["id"]
        );
    }
    items.len()
}

#[test]
fn web_annotations_select_their_quotes_by_text_and_position() {
    let (_guard, site) = analysis();
    assert_eq!(assert_web_annotations(&site, "a"), 3);
    let collection: Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("documents/a.annotations.jsonld")).unwrap(),
    )
    .unwrap();
    let first = &collection["first"]["items"][0];
    assert_eq!(first["id"], "a.annotations.jsonld#claim-sdf-100");
    assert_eq!(
        first["target"]["selector"][0]["exact"],
        "أعلنت قسد إلقاء القبض على 100 سجين"
    );
    assert_eq!(first["target"]["selector"][1]["start"], 19);
    let page = page(&site, "documents/a.html");
    let link = page
        .select(&sel("a[href=\"../documents/a.annotations.jsonld\"]"))
        .count();
    assert_eq!(link, 1, "the document page links to its annotations");
}

#[test]
fn document_pages_embed_their_claims_as_schema_org_json_ld() {
    let (_guard, site) = analysis();
    let page = page(&site, "documents/b.html");
    let scripts: Vec<String> = page
        .select(&sel("script[type=\"application/ld+json\"]"))
        .map(|s| s.inner_html())
        .collect();
    assert_eq!(scripts.len(), 1);
    assert!(!scripts[0].contains('<'), "a value could close the script");
    let data: Value = serde_json::from_str(&scripts[0]).unwrap();
    assert_eq!(data["@context"], "https://schema.org");
    let graph = data["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["@type"], "Article");
    assert_eq!(
        graph[0]["headline"],
        "التقرير الثاني </script><script>alert(1)</script>"
    );
    let claims: Vec<(&str, &str)> = graph
        .iter()
        .filter(|x| x["@type"] == "Claim")
        .map(|c| (c["@id"].as_str().unwrap(), c["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        claims,
        [
            ("#claim-sohr-136", "بلغ عدد المقبوض عليهم 136"),
            ("#claim-sohr-deaths-50", "مقتل 50 عنصراً"),
            ("#claim-outlet-range", "بين 120 و140"),
        ]
    );
    assert_eq!(graph[1]["author"]["name"], "المرصد السوري لحقوق الإنسان");
    assert_eq!(graph[1]["appearance"]["@id"], "#article");
}

#[test]
fn the_repository_dossier_links_every_pair_of_conflicting_figures() {
    let (_guard, site) = build(&repo_root());
    assert_eq!(contradictions(&site, "detected"), Vec::<Value>::new());
    let json = dossier_json(&site);
    let mentioned = json["actors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !a["mentions"].as_array().unwrap().is_empty())
        .count();
    assert!(mentioned > 60, "only {mentioned} actors are named");
    let mut annotations = 0;
    for document in json["documents"].as_array().unwrap() {
        annotations += assert_web_annotations(&site, document["id"].as_str().unwrap());
    }
    assert!(annotations > 140, "{annotations}");
}

/// Dates at their precision: a month or a year is a place of its own on
/// the timeline, before the days in it; an earlier event is placed at its
/// date, not at the publication date; `unknown` is never replaced by it.
#[test]
fn claim_dates_keep_their_precision() {
    let temp = dossier_with("", &[("a.md", "---\ntitle: \"تقرير\"\nsource:\n  outlet: \"صحيفة\"\n  published: 2024-01-10\nclaims:\n  - id: earlier\n    quote: \"محاولة فرار\"\n    event-date: 2020-09\n  - id: year\n    quote: \"حصيلة العام\"\n    as-of: 2021\n  - id: not-known\n    quote: \"تاريخ مجهول\"\n    as-of: unknown\n  - id: plain\n    quote: \"خبر اليوم\"\n---\nأحبطت محاولة فرار. حصيلة العام. تاريخ مجهول. خبر اليوم.\n")]);
    let dossier = temp.path();
    let (_guard, site) = build(dossier);
    let json = dossier_json(&site);
    let claim = |id: &str| {
        json["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(claim("earlier")["event-date"], "2020-09");
    assert_eq!(claim("earlier")["as-of"], "2020-09");
    assert_eq!(claim("year")["as-of"], "2021");
    assert!(claim("not-known")["as-of"].is_null());
    assert_eq!(claim("plain")["as-of"], "2024-01-10");
    let timeline = page(&site, "timeline.html");
    let places: Vec<(String, String)> = timeline
        .select(&sel(".timeline-day > h2 time"))
        .map(|t| (t.value().attr("datetime").unwrap().to_owned(), text(t)))
        .collect();
    assert_eq!(
        places,
        [
            ("2020-09".to_owned(), "أيلول/سبتمبر 2020".to_owned()),
            ("2021".to_owned(), "2021".to_owned()),
            (
                "2024-01-10".to_owned(),
                "10 كانون الثاني/يناير 2024".to_owned()
            ),
        ]
    );
    // A wrong date says what a date can be.
    rewrite(&dossier.join("content/a.md"), |t| {
        t.replace("as-of: 2021", "as-of: 2021-13")
    });
    let output = isnad(dossier, &["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("content/a.md:12:12: error: `2021-13` is not a date such as 2022-01-24, 2022-01 (a month), 2022 (a year) or unknown [invalid-value]"),
        "{stderr}"
    );
}

/// The chain of attribution: `via` names who carried a claim between the
/// claimant and the outlet, `wording` whether the outlet quotes or
/// paraphrases; the page shows the chain, dossier.json carries it, an
/// unknown carrier is an error at its place, and the topic counts
/// independent sources (claimants), not outlets.
#[test]
fn the_chain_of_attribution_is_shown_and_checked() {
    let document = |outlet: &str, extra: &str| {
        format!("---\ntitle: \"تقرير {outlet}\"\nsource:\n  outlet: \"{outlet}\"\nclaims:\n  - id: c-{outlet}\n    quote: \"قتل 39\"\n    by: sohr\n    topic: deaths\n    value: 39\n{extra}---\nقال المرصد: قتل 39. والتحالف حذر مرارًا.\n")
    };
    let temp = dossier_with(
        "",
        &[
            ("actors.yaml", "- id: coalition\n  name: \"التحالف\"\n- id: wapo\n  name: \"واشنطن بوست\"\n- id: sohr\n  name: \"المرصد\"\n"),
            ("topics.yaml", "- id: deaths\n  title: \"القتلى\"\n  unit: \"قتيل\"\n"),
            ("a.md", &document("a", "  - id: warned\n    quote: \"والتحالف حذر مرارًا\"\n    by: coalition\n    via: [wapo]\n    wording: paraphrase\n")),
            ("b.md", &document("b", "")),
            ("c.md", &document("c", "")),
        ],
    );
    let dossier = temp.path();
    let (_guard, site) = build(dossier);
    let json = dossier_json(&site);
    let warned = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "warned")
        .unwrap();
    assert_eq!(warned["by"], "coalition");
    assert_eq!(warned["via"], serde_json::json!(["wapo"]));
    assert_eq!(warned["wording"], "paraphrase");
    let document_page = page(&site, "documents/a.html");
    let chain: String = document_page
        .select(&sel("dd.chain"))
        .next()
        .map(text)
        .unwrap();
    assert_eq!(chain, "a نقلًا عن واشنطن بوست نقلًا عن التحالف (بتصرّف)");
    // Three outlets carry one monitor's figure: one independent source.
    let topic: String = text(
        page(&site, "topics/deaths.html")
            .select(&sel("main > p.muted"))
            .next()
            .unwrap(),
    );
    assert!(topic.contains("مصدر مستقل واحد"), "{topic}");
    assert!(topic.contains("3 وسائل ناقلة"), "{topic}");
    // An unknown carrier is an error at its place.
    let text_a = std::fs::read_to_string(dossier.join("content/a.md")).unwrap();
    std::fs::write(
        dossier.join("content/a.md"),
        text_a.replace("via: [wapo]", "via: [wapoo]"),
    )
    .unwrap();
    let output = isnad(dossier, &["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("content/a.md:14:11: error: claim `warned` refers to actor `wapoo`"),
        "{stderr}"
    );
}

/// An actor's relation to the events is shown beside its claims, and a
/// relation the format does not know is an error that lists the known ones.
#[test]
fn claimants_carry_their_relation_to_the_events() {
    let (_guard, site) = build(&repo_root());
    let document = page(&site, "documents/majalla-undated.html");
    let claimant_rows: Vec<String> = document
        .select(&sel(".facts dd"))
        .map(text)
        .filter(|t| t.contains("لقمان أحمّي"))
        .collect();
    assert!(
        claimant_rows.iter().any(|t| t.contains("مسؤول في طرف")),
        "{claimant_rows:?}"
    );
    let index = page(&site, "index.html");
    let tags: Vec<String> = index
        .select(&sel(".dispute .relation-tag"))
        .map(text)
        .collect();
    assert!(tags.contains(&"جهة رصد".to_owned()), "{tags:?}");

    let temp = dossier_with(
        "",
        &[
            (
                "actors.yaml",
                "- id: sohr\n  name: \"المرصد\"\n  relation: neutral\n",
            ),
            (
                "a.md",
                "---\ntitle: \"تقرير\"\nsource:\n  outlet: \"صحيفة\"\n---\nقال المرصد.\n",
            ),
        ],
    );
    let output = isnad(temp.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("content/actors.yaml:3:13: error: [0].relation: unknown variant `neutral`, expected one of `party`, `party-official`, `party-media`, `monitor`, `independent-media`, `witness`, `analyst`, `outside` [invalid-value]"),
        "{stderr}"
    );
}
