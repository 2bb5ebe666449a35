//! Lists that grow with the dossier are split into pages: an actor's claims
//! and mentions, a topic's figures, the timeline, the index's lists. The
//! boundaries: one item, exactly one page, and one more than a page.

mod common;

use std::path::Path;

use common::*;

/// A dossier of `n` documents, each with one claim by the actor `samir`
/// on the topic `toll`, naming him once, published on successive days
/// (28 to a month).
fn dossier(n: usize) -> tempfile::TempDir {
    let mut files = vec![
        (
            "actors.yaml".to_owned(),
            "- id: samir\n  name: \"سمير\"\n  kind: person\n".to_owned(),
        ),
        (
            "topics.yaml".to_owned(),
            "- id: toll\n  title: \"كم بلغت الحصيلة؟\"\n".to_owned(),
        ),
    ];
    for i in 0..n {
        let date = format!("2022-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
        let front = format!(
            "---\ntitle: \"تقرير {i}\"\nsource:\n  outlet: \"صحيفة\"\n  published: {date}\nclaims:\n  - id: c-{i}\n    by: samir\n    topic: toll\n    value: {i}\n    quote: \"الحصيلة بلغت {i} شخصا\"\n---\n"
        );
        let body = format!("قال سمير إن الحصيلة بلغت {i} شخصا في ذلك اليوم.\n");
        files.push((format!("d-{i:04}.md"), front + &body));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    dossier_with("", &files)
}

fn built(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    built_from(dossier(n))
}

/// Builds the dossier in `temp`: the folder and its site.
fn built_from(temp: tempfile::TempDir) -> (tempfile::TempDir, std::path::PathBuf) {
    let output = isnad(temp.path(), &["build"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let site = temp.path().join("site");
    (temp, site)
}

/// The hrefs of the pager's links on a page.
fn pager(site: &Path, path: &str) -> Vec<String> {
    page(site, path)
        .select(&sel("nav.pager a"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

fn count(site: &Path, path: &str, selector: &str) -> usize {
    page(site, path).select(&sel(selector)).count()
}

#[test]
fn one_item_and_exactly_one_page_are_one_page() {
    for n in [1, 100] {
        let (_temp, site) = built(n);
        assert!(pager(&site, "actors/samir.html").is_empty(), "{n}");
        assert!(!site.join("actors/samir").exists(), "{n}");
        assert_eq!(
            count(&site, "actors/samir.html", ".claim-list > li"),
            n,
            "{n}"
        );
        assert_eq!(
            count(&site, "topics/toll.html", "table.figures tbody tr"),
            n
        );
        assert!(!site.join("topics/toll").exists());
        assert!(!site.join("documents.html").exists());
        // 100 documents of two lines each fit on one timeline page.
        assert!(!site.join("timeline").exists());
        assert_eq!(count(&site, "timeline.html", ".timeline-source"), n);
    }
}

#[test]
fn one_more_than_a_page_starts_another() {
    let (_temp, site) = built(101);
    // The actor: claims 1–100, then 101 on a page of its own.
    assert_eq!(count(&site, "actors/samir.html", ".claim-list > li"), 100);
    let second = page(&site, "actors/samir/2.html");
    let items: Vec<_> = second.select(&sel(".claim-list")).collect();
    assert_eq!(items[0].value().attr("start"), Some("101"));
    assert_eq!(second.select(&sel(".claim-list > li")).count(), 1);
    assert!(second
        .select(&sel("title"))
        .next()
        .unwrap()
        .text()
        .collect::<String>()
        .contains("2/2"));
    assert_eq!(
        pager(&site, "actors/samir.html"),
        [
            "../actors/samir.html",
            "../actors/samir/2.html",
            "../actors/samir/2.html"
        ]
    );
    assert_eq!(
        pager(&site, "actors/samir/2.html"),
        [
            "../../actors/samir.html",
            "../../actors/samir.html",
            "../../actors/samir/2.html"
        ]
    );
    // Every page says how many claims there are in all.
    assert!(second.html().contains("<bdi>101</bdi>"));
    // The topic's figures the same way.
    assert_eq!(
        count(&site, "topics/toll.html", "table.figures tbody tr"),
        100
    );
    assert_eq!(
        count(&site, "topics/toll/2.html", "table.figures tbody tr"),
        1
    );
    // The index shows the first 100 documents and links to them all.
    assert_eq!(
        count(&site, "index.html", "#documents .document-list > li"),
        100
    );
    assert_eq!(count(&site, "documents.html", ".document-list > li"), 101);
}

#[test]
fn mentions_past_a_page_go_on_the_next_in_whole_documents() {
    let (_temp, site) = built(201);
    // 201 documents naming him once: 200 mentions, then the last on the
    // second page; his 201 claims take three, the pages go in step.
    assert_eq!(count(&site, "actors/samir.html", ".mention-list > li"), 200);
    assert_eq!(count(&site, "actors/samir/2.html", ".mention-list > li"), 1);
    assert_eq!(count(&site, "actors/samir/3.html", ".mention-list > li"), 0);
    assert_eq!(count(&site, "actors/samir/3.html", ".claim-list > li"), 1);
    // Every page still says how many mentions there are in all.
    let last = page(&site, "actors/samir/3.html");
    let heading: String = last
        .select(&sel("#mentions-title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(heading.contains("201"), "{heading}");
}

#[test]
fn a_long_timeline_is_split_by_month() {
    // 201 documents of two lines each: 402 lines, over 8 months.
    let (_temp, site) = built(201);
    let front = page(&site, "timeline.html");
    let months: Vec<String> = front
        .select(&sel(".timeline-months a"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(
        months.first().map(String::as_str),
        Some("timeline/2022-01.html")
    );
    assert_eq!(months.len(), 8, "{months:?}");
    // Every document is on exactly one month's page.
    let mut listed = 0;
    for month in &months {
        listed += count(&site, month, ".timeline-source");
        let html = std::fs::read_to_string(site.join(month)).unwrap();
        assert!(html.len() < 1_000_000);
    }
    assert_eq!(listed, 201);
    assert_eq!(count(&site, "timeline.html", ".timeline-source"), 0);
}

/// Every link of every page of a paged site resolves.
#[test]
fn the_pages_links_resolve() {
    let (_temp, site) = built(201);
    for (path, html) in pages(&site) {
        for a in html.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            if href.starts_with("http") || href.starts_with('#') {
                continue;
            }
            let file = href.split('#').next().unwrap();
            let target = Path::new(&path).parent().unwrap().join(file);
            let resolved = site.join(&target);
            assert!(resolved.exists(), "{path}: {href}");
        }
    }
}

/// The print page is split into volumes when the dossier is too large for
/// one page a phone opens: every document is printed once, in order, the
/// contents in the first volume lead to each, and no volume reaches 1 MB.
#[test]
fn the_print_page_is_split_into_volumes_of_bounded_size() {
    // 24 documents of about 60 KB of text each: some 1.5 MB in all.
    let paragraph =
        "قال سمير إن الحصيلة بلغت عشرات الأشخاص في ذلك اليوم، وإن الاشتباكات استمرت حتى المساء. "
            .repeat(6);
    let body = format!("{paragraph}\n\n").repeat(60);
    let files: Vec<(String, String)> = (0..24)
        .map(|i| {
            let front = format!(
                "---\ntitle: \"تقرير {i}\"\nsource:\n  outlet: \"صحيفة\"\nclaims:\n  - id: c-{i}\n    by: samir\n    topic: toll\n    value: {i}\n    quote: \"أعلن سمير أن الحصيلة {i}\"\n---\nأعلن سمير أن الحصيلة {i}.\n\n"
            );
            (format!("d-{i:02}.md"), front + &body)
        })
        .chain([
            (
                "actors.yaml".to_owned(),
                "- id: samir\n  name: \"سمير\"\n  kind: person\n".to_owned(),
            ),
            (
                "topics.yaml".to_owned(),
                "- id: toll\n  title: \"كم بلغت الحصيلة؟\"\n".to_owned(),
            ),
        ])
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (_temp, site) = built_from(dossier_with("", &files));

    let mut volumes = vec!["print.html".to_owned()];
    while site
        .join(format!("print-{}.html", volumes.len() + 1))
        .is_file()
    {
        volumes.push(format!("print-{}.html", volumes.len() + 1));
    }
    assert!(volumes.len() >= 3, "{volumes:?}");
    let mut printed = Vec::new();
    let mut rows = 0;
    for (i, volume) in volumes.iter().enumerate() {
        let size = std::fs::metadata(site.join(volume)).unwrap().len();
        assert!(size < 1_000_000, "{volume}: {size} bytes");
        let html = page(&site, volume);
        printed.extend(
            html.select(&sel("article.print-document"))
                .map(|a| a.value().attr("id").unwrap().to_owned()),
        );
        rows += html.select(&sel(".print-topics tbody tr")).count();
        let title: String = html.select(&sel("title")).next().unwrap().text().collect();
        assert!(
            title.contains(&format!("الجزء {} من {}", i + 1, volumes.len())),
            "{title}"
        );
        // The pager leads to the volumes before and after.
        let link = |rel: &str| {
            html.select(&sel(&format!("nav.pager a[rel={rel}]")))
                .next()
                .and_then(|a| a.value().attr("href").map(str::to_owned))
        };
        assert_eq!(
            link("prev"),
            i.checked_sub(1).map(|p| volumes[p].clone()),
            "{volume}"
        );
        assert_eq!(link("next"), volumes.get(i + 1).cloned(), "{volume}");
    }
    let expected: Vec<String> = (0..24).map(|i| format!("doc-d-{i:02}")).collect();
    assert_eq!(printed, expected);
    assert_eq!(rows, 24, "every figure in the topics' tables, once");

    // The first volume's contents lead to every document, in the volume
    // that holds it.
    let contents: Vec<String> = page(&site, "print.html")
        .select(&sel("nav.toc a[href*='#doc-']"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(contents.len(), 24);
    for href in &contents {
        let (file, id) = href.split_once('#').unwrap();
        let target = page(&site, file);
        assert_eq!(
            target.select(&sel(&format!("[id='{id}']"))).count(),
            1,
            "{href}"
        );
    }
    // Only the first volume has the contents and the disputes.
    assert_eq!(page(&site, &volumes[1]).select(&sel("nav.toc")).count(), 0);
}
