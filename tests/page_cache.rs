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
