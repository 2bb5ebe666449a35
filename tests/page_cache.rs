//! The page layer of `isnad serve`'s cache: after one document changes, the
//! rebuilt site is byte-identical to a fresh build, and only the pages that
//! show something of that document were rendered again.

mod common;

use common::*;
use isnad::cache::BuildCache;

#[test]
fn a_cached_rebuild_equals_a_fresh_build_and_renders_only_what_changed() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture("basic"), &dossier);
    let mut cache = BuildCache::new();
    let first = isnad::build_cached(&dossier, None, &mut cache);
    assert!(!first.failed(), "{:#?}", first.diagnostics);
    let (reused, rendered) = cache.pages.last_build();
    assert_eq!(reused, 0, "an empty cache reuses nothing");
    let total = rendered;

    // Edit the second document's title: its page changes, and every page
    // that lists it (index, claims, the topic of its claims…), not the rest.
    let path = dossier.join("content/second.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("التقرير الثاني", "التقرير الثاني المعدل"),
    )
    .unwrap();
    // Stamps closer than two seconds to the last read are not trusted, so
    // the loading layer re-reads; the page layer must still be right.
    let second = isnad::build_cached(&dossier, None, &mut cache);
    assert!(!second.failed(), "{:#?}", second.diagnostics);
    let (reused, rendered) = cache.pages.last_build();
    assert_eq!(reused + rendered, total);
    assert!(
        rendered >= 2 && rendered < total,
        "rendered {rendered} of {total}"
    );
    let cached = files(&dossier.join("site"));

    let fresh_dir = temp.path().join("fresh");
    let fresh = isnad::build(&dossier, Some(&fresh_dir));
    assert!(!fresh.failed());
    let fresh = files(&fresh_dir);
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &cached {
        assert!(bytes == &fresh[path], "{path} differs from a fresh build");
    }
    let document: String = page(&dossier.join("site"), "documents/second.html")
        .select(&sel("h1"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(document, "التقرير الثاني المعدل");
}

/// A contradiction declared in one document changes how the other
/// document marks its claim (contested, with the number against it): the
/// cached rebuild renders that other page again, and equals a fresh build.
#[test]
fn a_contradiction_declared_elsewhere_renders_the_other_page_again() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture("basic"), &dossier);
    let mut cache = BuildCache::new();
    assert!(!isnad::build_cached(&dossier, None, &mut cache).failed());
    let mark = |site: &std::path::Path| -> (bool, String) {
        let page = page(site, "documents/first.html");
        let mark = page.select(&sel("mark#claim-sohr-100")).next().unwrap();
        let contested = mark.value().classes().any(|c| c == "ann-contested");
        let against: String = page
            .select(&sel("mark[data-ann=claim-sohr-100] + sup .ann-against, #claim-sohr-100 ~ sup .ann-against"))
            .flat_map(|e| e.text())
            .collect();
        (contested, against)
    };
    assert!(!mark(&dossier.join("site")).0, "no contradiction yet");
    let path = dossier.join("content/second.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "    supports: [sohr-136]\n",
            "    supports: [sohr-136]\n    contradicts:\n      - claim: sohr-100\n",
        ),
    )
    .unwrap();
    assert!(!isnad::build_cached(&dossier, None, &mut cache).failed());
    let (contested, against) = mark(&dossier.join("site"));
    assert!(contested, "the other document's mark is not contested");
    assert_eq!(against, "⟷1");
    let fresh_dir = temp.path().join("fresh");
    assert!(!isnad::build(&dossier, Some(&fresh_dir)).failed());
    let (cached, fresh) = (files(&dossier.join("site")), files(&fresh_dir));
    for (path, bytes) in &cached {
        assert!(bytes == &fresh[path], "{path} differs from a fresh build");
    }
}
