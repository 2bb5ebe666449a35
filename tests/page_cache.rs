//! The page layer of `isnad serve`'s cache: after one document changes, the
//! site rebuilt in memory is byte-identical to a fresh build on disk, and
//! only the pages that show something of that document were rendered again.

mod common;

use std::collections::BTreeMap;

use common::*;
use isnad::cache::BuildCache;
use scraper::Html;

/// Builds into memory; the site's files by path.
fn build_in_memory(dossier: &std::path::Path, cache: &mut BuildCache) -> BTreeMap<String, Vec<u8>> {
    let outcome = isnad::build_in_memory(dossier, cache);
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    assert!(
        outcome.site_dir.is_none() && !dossier.join("site").exists(),
        "nothing is written"
    );
    let site = outcome.memory.expect("a site in memory");
    site.files()
        .map(|(path, bytes)| (path.to_owned(), bytes.to_vec()))
        .collect()
}

/// The files of a site on disk, less the manifest of its pages, which only
/// a build folder has.
fn files_but_manifest(site: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = files(site);
    assert!(files.remove(".isnad-pages").is_some());
    files
}

fn page_of(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Html {
    Html::parse_document(std::str::from_utf8(&files[path]).unwrap())
}

/// Gives the second document a new title.
fn retitle_second(dossier: &std::path::Path) {
    rewrite(&dossier.join("content/second.md"), |text| {
        text.replace("التقرير الثاني", "التقرير الثاني المعدل")
    });
}

/// The second document's title, as its page shows it.
fn second_title(page: Html) -> String {
    page.select(&sel("h1")).next().unwrap().text().collect()
}

/// Builds `dossier` afresh into `fresh_dir`, and checks that `built` has
/// exactly its files, byte for byte.
fn assert_same_as_fresh_build(
    built: &BTreeMap<String, Vec<u8>>,
    dossier: &std::path::Path,
    fresh_dir: &std::path::Path,
    fresh_files: fn(&std::path::Path) -> BTreeMap<String, Vec<u8>>,
) {
    assert!(!isnad::build(dossier, Some(fresh_dir)).failed());
    let fresh = fresh_files(fresh_dir);
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in built {
        assert!(bytes == &fresh[path], "{path} differs from a fresh build");
    }
}

#[test]
fn a_cached_rebuild_equals_a_fresh_build_and_renders_only_what_changed() {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture("basic"), &dossier);
    let mut cache = BuildCache::new();
    build_in_memory(&dossier, &mut cache);
    let (reused, rendered) = cache.pages.last_build();
    assert_eq!(reused, 0, "an empty cache reuses nothing");
    let total = rendered;

    // Edit the second document's title: its page changes, and every page
    // that lists it (index, claims, the topic of its claims…), not the rest.
    retitle_second(&dossier);
    // Stamps closer than two seconds to the last read are not trusted, so
    // the loading layer re-reads; the page layer must still be right.
    let cached = build_in_memory(&dossier, &mut cache);
    let (reused, rendered) = cache.pages.last_build();
    assert_eq!(reused + rendered, total);
    assert!(
        rendered >= 2 && rendered < total,
        "rendered {rendered} of {total}"
    );

    assert_same_as_fresh_build(
        &cached,
        &dossier,
        &temp.path().join("fresh"),
        files_but_manifest,
    );
    assert_eq!(
        second_title(page_of(&cached, "documents/second.html")),
        "التقرير الثاني المعدل"
    );
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
    let first = build_in_memory(&dossier, &mut cache);
    let mark = |files: &BTreeMap<String, Vec<u8>>| -> (bool, String) {
        let page = page_of(files, "documents/first.html");
        let mark = page.select(&sel("mark#claim-sohr-100")).next().unwrap();
        let contested = mark.value().classes().any(|c| c == "ann-contested");
        let against: String = page
            .select(&sel("mark[data-ann=claim-sohr-100] + sup .ann-against, #claim-sohr-100 ~ sup .ann-against"))
            .flat_map(|e| e.text())
            .collect();
        (contested, against)
    };
    assert!(!mark(&first).0, "no contradiction yet");
    rewrite(&dossier.join("content/second.md"), |text| {
        text.replace(
            "    supports: [sohr-136]\n",
            "    supports: [sohr-136]\n    contradicts:\n      - claim: sohr-100\n",
        )
    });
    let cached = build_in_memory(&dossier, &mut cache);
    let (contested, against) = mark(&cached);
    assert!(contested, "the other document's mark is not contested");
    assert_eq!(against, "⟷1");
    assert_same_as_fresh_build(
        &cached,
        &dossier,
        &temp.path().join("fresh"),
        files_but_manifest,
    );
}

/// `isnad build` takes the pages whose key is unchanged from the site
/// already in the build folder: after one document changes, the site is
/// byte-identical to a fresh build, only the pages that show the document
/// were rendered again, and a page changed by hand in the old site is
/// rendered again rather than copied.
/// A copy of the basic fixture, built on disk once: its temporary folder,
/// the dossier, and the manifest of the site's pages.
fn built_on_disk() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture("basic"), &dossier);
    let first = isnad::build(&dossier, None);
    assert!(!first.failed(), "{:#?}", first.diagnostics);
    assert_eq!(first.pages_reused, 0, "nothing to reuse yet");
    let manifest = std::fs::read_to_string(dossier.join("site/.isnad-pages")).unwrap();
    (temp, dossier, manifest)
}

#[test]
fn a_build_reuses_the_unchanged_pages_of_the_site_on_disk() {
    let (temp, dossier, manifest) = built_on_disk();
    let pages = manifest.lines().count() - 1;
    assert!(pages > 10, "{manifest}");

    retitle_second(&dossier);
    let tampered = dossier.join("site/documents/first.html");
    std::fs::write(&tampered, "<p>edited by hand</p>").unwrap();
    let second = isnad::build(&dossier, None);
    assert!(!second.failed(), "{:#?}", second.diagnostics);
    assert!(
        second.pages_reused > 0 && second.pages_reused < pages - 2,
        "reused {} of {pages}",
        second.pages_reused
    );

    let site = dossier.join("site");
    assert_same_as_fresh_build(&files(&site), &dossier, &temp.path().join("fresh"), files);
    assert_eq!(
        second_title(page(&site, "documents/second.html")),
        "التقرير الثاني المعدل"
    );

    // Without the manifest, everything is rendered again.
    std::fs::remove_file(dossier.join("site/.isnad-pages")).unwrap();
    assert_eq!(isnad::build(&dossier, None).pages_reused, 0);
}

/// A document's data files (its Web Annotations and visible text) are made
/// with its page and kept with it: one of them changed by hand in the old
/// site makes the build render that document's page and files again, and
/// only those, from the document rendered anew.
#[test]
fn a_data_file_changed_by_hand_is_made_again_with_its_page() {
    let (temp, dossier, manifest) = built_on_disk();
    let site = dossier.join("site");
    let kept = manifest.lines().count() - 1;
    for companion in ["documents/first.txt", "documents/first.annotations.jsonld"] {
        assert!(
            manifest
                .lines()
                .any(|l| l.ends_with(&format!(" {companion}"))),
            "{companion} is not kept with its page"
        );
    }
    std::fs::write(site.join("documents/first.txt"), "edited by hand\n").unwrap();
    let second = isnad::build(&dossier, None);
    assert!(!second.failed(), "{:#?}", second.diagnostics);
    // The page and its two files are made again; everything else is kept.
    assert_eq!(second.pages_reused, kept - 3);
    assert_same_as_fresh_build(&files(&site), &dossier, &temp.path().join("fresh"), files);
    let text = String::from_utf8(files(&site)["documents/first.txt"].clone()).unwrap();
    assert_ne!(text, "edited by hand\n");
}

/// The search index is made from its entries alone: a build whose entries
/// are those of the site on disk links that site's index files (the same
/// files, not copies) instead of making them again. A change to a passage,
/// or an index file changed by hand, makes them all again. Either way, the
/// site is a fresh build's.
#[cfg(unix)]
#[test]
fn the_search_index_is_kept_whole_while_its_entries_are_unchanged() {
    use std::os::unix::fs::MetadataExt;
    let (temp, dossier, _) = built_on_disk();
    let site = dossier.join("site");
    let second = dossier.join("content/second.md");
    let inode_of = |path: &str| std::fs::metadata(site.join(path)).unwrap().ino();
    let inode = || inode_of("search/meta.js");
    let rebuild = |fresh: &str| {
        let built = isnad::build(&dossier, None);
        assert!(!built.failed(), "{:#?}", built.diagnostics);
        assert_same_as_fresh_build(&files(&site), &dossier, &temp.path().join(fresh), files);
    };
    let first = inode();
    let not_found = inode_of("404.html");

    // A figure is not searched: the index is the same files.
    rewrite(&second, |text| text.replace("value: 136", "value: 137"));
    rebuild("fresh-1");
    assert_eq!(inode(), first, "the index was written again");
    // So is a page kept: the old site's file, linked.
    assert_eq!(
        inode_of("404.html"),
        not_found,
        "a kept page was written again"
    );

    // A passage is searched: the index is made again.
    rewrite(&second, |text| {
        text.replace("وذكرت الصحيفة", "وقالت الصحيفة")
    });
    rebuild("fresh-2");
    let remade = inode();
    assert_ne!(
        remade, first,
        "the index was kept although a passage changed"
    );

    // An index file changed by hand: all are made again.
    std::fs::write(site.join("search/meta.js"), "edited by hand").unwrap();
    rebuild("fresh-3");
    let meta = std::fs::read_to_string(site.join("search/meta.js")).unwrap();
    assert!(meta.starts_with("isnadSearch.setMeta("), "{meta}");
}
