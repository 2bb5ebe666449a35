//! Stage 6: pages from templates, and the site on disk.
//!
//! Pages are rendered in parallel and written as they are ready into a
//! staging folder beside the build folder, which replaces it only when the
//! whole site is there ([`swap`]): a failed build leaves the previous site
//! untouched.

mod assets;
mod lists;
mod print;
mod profile;
mod search;
mod swap;
mod templates;

pub use swap::replace_site;
use swap::{MARKER, MARKER_TEXT};

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use tera::{Context, Tera};

use crate::config::{display_path, Config};
use crate::diagnostic::{file_error, write_error, Code, Diagnostic};
use crate::i18n;
use crate::index::{paging, DocumentView, Site};
use crate::render::RenderedDocument;

/// One file of the site: its path below the build folder and its bytes
/// (shared, not copied, between the page cache and a site in memory).
#[derive(Debug, Clone)]
pub(crate) struct SiteFile {
    /// Relative path, with `/` separators.
    pub(crate) path: String,
    /// Content.
    pub(crate) bytes: Bytes,
}

/// A whole site held in memory, as `isnad serve` serves it: each file's
/// bytes by its path below the site's root (`/` separators). The search
/// index's files are made the first time one is asked for.
#[derive(Debug, Default)]
pub struct SiteInMemory {
    files: HashMap<String, Bytes>,
    search: Option<(
        search::SearchIndex,
        std::sync::OnceLock<HashMap<String, Bytes>>,
    )>,
}

impl SiteInMemory {
    /// The file at `path` (relative, `/` separators).
    pub fn get(&self, path: &str) -> Option<Bytes> {
        if let Some(bytes) = self.files.get(path) {
            return Some(bytes.clone());
        }
        if !path.starts_with("search/") {
            return None;
        }
        self.search_files()?.get(path).cloned()
    }

    /// Every file, the search index's included, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Bytes)> {
        let search = self.search_files().into_iter().flatten();
        self.files
            .iter()
            .chain(search)
            .map(|(path, bytes)| (path.as_str(), bytes))
    }

    fn search_files(&self) -> Option<&HashMap<String, Bytes>> {
        let (index, files) = self.search.as_ref()?;
        Some(files.get_or_init(|| {
            index
                .files()
                .into_iter()
                .map(|file| (file.path, file.bytes))
                .collect()
        }))
    }
}

/// Pages of the previous build, kept by `isnad serve`: a page whose data,
/// templates and settings are the same as last time is taken from here
/// instead of being rendered and minified again, so that saving one
/// document re-renders only the pages that show something of it.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: Mutex<HashMap<String, (u64, Bytes)>>,
    next: Mutex<HashMap<String, (u64, Bytes)>>,
    reused: AtomicUsize,
    rendered: AtomicUsize,
    /// The templates, compiled again only when one changes.
    templates: templates::TemplateMemo,
}

impl PageCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many pages the last build took from the cache, and how many it
    /// rendered.
    pub fn last_build(&self) -> (usize, usize) {
        (
            self.reused.load(Ordering::Relaxed),
            self.rendered.load(Ordering::Relaxed),
        )
    }
}

/// Pages kept from an earlier build, by the key each was made from (its
/// data, its templates and the settings that change its bytes): a page
/// whose key is unchanged is taken from there instead of being rendered
/// and minified again. [`PageCache`] keeps them in memory for `isnad
/// serve`; [`PreviousPages`] finds them in the site on disk for `isnad
/// build`.
pub(crate) trait KeptPages: Sync {
    /// A build begins.
    fn start(&self) {}

    /// The page at `path`, if it was made from `key`.
    fn get(&self, path: &str, key: u64) -> Option<Bytes>;

    /// This build's page at `path`, taken from here (`reused`) or rendered.
    fn keep(&self, path: &str, key: u64, bytes: &Bytes, reused: bool);

    /// The file a page taken from here is in, when the new site can link
    /// to it rather than write its bytes again.
    fn file(&self, _path: &str) -> Option<PathBuf> {
        None
    }

    /// The templates of the last build, when they are kept here.
    fn templates(&self) -> Option<&templates::TemplateMemo> {
        None
    }

    /// Takes every file below `folder` (`search/`), when all of them were
    /// made from `key` and are unchanged (the files of one whole part of
    /// the site, made together): they count as kept, and their paths are
    /// returned for the new site to link to ([`KeptPages::file`]).
    fn all_under(&self, _folder: &str, _key: u64) -> Option<Vec<String>> {
        None
    }

    /// The build succeeded: what it leaves for the next one, and the file
    /// of the site that holds it, if any.
    fn finish(&self) -> Option<SiteFile>;
}

impl KeptPages for PageCache {
    fn templates(&self) -> Option<&templates::TemplateMemo> {
        Some(&self.templates)
    }

    fn start(&self) {
        self.reused.store(0, Ordering::Relaxed);
        self.rendered.store(0, Ordering::Relaxed);
    }

    fn get(&self, path: &str, key: u64) -> Option<Bytes> {
        let pages = self.pages.lock().ok()?;
        let (kept_key, bytes) = pages.get(path)?;
        (*kept_key == key).then(|| bytes.clone())
    }

    fn keep(&self, path: &str, key: u64, bytes: &Bytes, reused: bool) {
        let counter = if reused { &self.reused } else { &self.rendered };
        counter.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut next) = self.next.lock() {
            next.insert(path.to_owned(), (key, bytes.clone()));
        }
    }

    /// Keeps this build's pages for the next one (pages that are gone are
    /// dropped), in memory: no file.
    fn finish(&self) -> Option<SiteFile> {
        if let (Ok(mut pages), Ok(mut next)) = (self.pages.lock(), self.next.lock()) {
            *pages = std::mem::take(&mut *next);
        }
        None
    }
}

/// The name of the file in a built site that lists each page's key and a
/// hash of its bytes, for the next build.
pub const PAGES_MANIFEST: &str = ".isnad-pages";

/// The folder of the search index's files, which are kept or made again
/// together.
const SEARCH_FOLDER: &str = "search/";

/// The pages of the site already in the build folder, as its
/// [`PAGES_MANIFEST`] lists them: `isnad build` takes a page whose key
/// (its data, templates and settings, and this very binary) is unchanged
/// from the old site instead of rendering and minifying it again. A page
/// whose file was changed since is rendered again, and deleting the
/// manifest (or the site) only makes the next build a full one.
#[derive(Debug, Default)]
pub struct PreviousPages {
    /// The build folder, read before the new site replaces it.
    root: PathBuf,
    /// The binary's fingerprint, which every key depends on; `None` when
    /// the binary cannot be read, and then no page is reused.
    binary: Option<u64>,
    /// Each page's key and the hash of its bytes, from the manifest.
    pages: HashMap<String, (u64, u64)>,
    /// This build's pages, for its own manifest.
    next: Mutex<Vec<(String, u64, u64)>>,
    reused: AtomicUsize,
}

impl PreviousPages {
    /// Reads the manifest of the site in `build_dir`, if it was built by
    /// this same binary; otherwise nothing is taken from it.
    pub fn read(build_dir: &Path) -> Self {
        let binary = binary_fingerprint();
        let text = std::fs::read_to_string(build_dir.join(PAGES_MANIFEST)).unwrap_or_default();
        let mut lines = text.lines();
        let pages = if binary.is_some() && lines.next() == Some(manifest_header(binary).as_str()) {
            lines.filter_map(parse_manifest_line).collect()
        } else {
            HashMap::new()
        };
        PreviousPages {
            root: build_dir.to_path_buf(),
            binary,
            pages,
            ..PreviousPages::default()
        }
    }

    /// How many pages the build took from the old site.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }
}

impl KeptPages for PreviousPages {
    /// The old site's page at `path`, if its key is `key` and its file is
    /// still the one that was written.
    fn get(&self, path: &str, key: u64) -> Option<Bytes> {
        let &(kept_key, hash) = self.pages.get(path)?;
        if kept_key != key {
            return None;
        }
        let bytes = std::fs::read(self.root.join(path)).ok()?;
        (bytes_hash(&bytes) == hash).then(|| bytes.into())
    }

    fn keep(&self, path: &str, key: u64, bytes: &Bytes, reused: bool) {
        if reused {
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut next) = self.next.lock() {
            next.push((path.to_owned(), key, bytes_hash(bytes)));
        }
    }

    /// The old site's file: the new site links to it (a hard link, the same
    /// bytes under a second name), so that a page kept costs neither a
    /// write nor, when the old site is removed, freeing its bytes.
    fn file(&self, path: &str) -> Option<PathBuf> {
        Some(self.root.join(path))
    }

    fn all_under(&self, folder: &str, key: u64) -> Option<Vec<String>> {
        let files: Vec<(&String, u64)> = self
            .pages
            .iter()
            .filter(|(path, _)| path.starts_with(folder))
            .map(|(path, &(kept_key, hash))| (kept_key == key).then_some((path, hash)))
            .collect::<Option<_>>()?;
        if files.is_empty() {
            return None;
        }
        // Each file read and hashed (in parallel, none held): all or none
        // are taken.
        let unchanged = files.par_iter().all(|(path, hash)| {
            std::fs::read(self.root.join(path)).is_ok_and(|bytes| bytes_hash(&bytes) == *hash)
        });
        if !unchanged {
            return None;
        }
        self.reused.fetch_add(files.len(), Ordering::Relaxed);
        if let Ok(mut next) = self.next.lock() {
            next.extend(
                files
                    .iter()
                    .map(|(path, hash)| ((*path).clone(), key, *hash)),
            );
        }
        Some(files.into_iter().map(|(path, _)| path.clone()).collect())
    }

    /// This build's manifest, its pages in order, a file of the new site.
    fn finish(&self) -> Option<SiteFile> {
        let mut pages = self.next.lock().map(|n| n.clone()).unwrap_or_default();
        pages.sort_unstable();
        let mut text = format!("{}\n", manifest_header(self.binary));
        for (path, key, hash) in pages {
            text.push_str(&format!("{key:016x} {hash:016x} {path}\n"));
        }
        Some(SiteFile {
            path: PAGES_MANIFEST.to_owned(),
            bytes: text.into(),
        })
    }
}

/// The manifest's first line: its format, and the binary that wrote it
/// (`unknown`, which nothing matches, when it could not be read).
fn manifest_header(binary: Option<u64>) -> String {
    match binary {
        Some(binary) => format!("isnad-pages 1 {binary:016x}"),
        None => "isnad-pages 1 unknown".to_owned(),
    }
}

/// `KEY HASH PATH`, as the manifest writes a page.
fn parse_manifest_line(line: &str) -> Option<(String, (u64, u64))> {
    let mut parts = line.splitn(3, ' ');
    let key = u64::from_str_radix(parts.next()?, 16).ok()?;
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    Some((parts.next()?.to_owned(), (key, hash)))
}

fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// A fingerprint of the running binary (its bytes), so that pages kept on
/// disk are never reused by a build of other code: the templates are
/// built in, and the way a page is rendered or minified may change.
fn binary_fingerprint() -> Option<u64> {
    static FINGERPRINT: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        // Read a piece at a time: the binary is tens of megabytes, which
        // would otherwise be held at the build's busiest moment.
        let file = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
        let mut hasher = std::hash::DefaultHasher::new();
        let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
        loop {
            let piece = std::io::BufRead::fill_buf(&mut reader).ok()?;
            if piece.is_empty() {
                break;
            }
            std::hash::Hasher::write(&mut hasher, piece);
            let length = piece.len();
            std::io::BufRead::consume(&mut reader, length);
        }
        Some(std::hash::Hasher::finish(&hasher))
    })
}

/// Writes a file of the whole site's data (dossier.json) from the site's
/// views, as it is serialized.
pub(crate) type DataWriter<'a> =
    &'a (dyn Fn(&Site, &mut dyn std::io::Write) -> std::io::Result<()> + Sync);

/// Gives document `i` of the site rendered with its body, which the site's
/// views do not hold: kept from the render stage, or rendered again (from
/// its file read again, which may have changed since: an error).
pub(crate) type BodyOf<'a> = dyn Fn(usize) -> Result<RenderedDocument, Diagnostic> + Sync + 'a;

/// The path of the dossier as data (spec §7).
const DOSSIER_JSON: &str = "dossier.json";

/// Where rendered pages go: into a staging folder, into memory (`isnad
/// serve`), or nowhere (`check`).
pub enum Sink<'a> {
    /// Render only, to find template errors.
    Discard,
    /// Write below this folder.
    Folder(&'a Path),
    /// Keep every file, to be served from memory.
    Memory(&'a MemorySink),
}

impl Sink<'_> {
    /// Stores `file`: writes it below the folder, or keeps it in memory.
    fn store(&self, file: SiteFile) -> Result<(), Diagnostic> {
        match self {
            Sink::Discard => Ok(()),
            Sink::Memory(memory) => {
                let mut files = memory.0.lock().unwrap_or_else(|e| e.into_inner());
                files.insert(file.path, file.bytes);
                Ok(())
            }
            Sink::Folder(root) => write_file(&root.join(&file.path), &file.bytes),
        }
    }

    /// Stores the file at `path` as `make` writes it: into its file
    /// through a buffer, so that a large file is never whole in memory,
    /// or into memory for the preview; `check` does not make it.
    fn store_with(
        &self,
        path: &str,
        make: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        match self {
            Sink::Discard => Ok(()),
            Sink::Memory(_) => {
                let mut bytes = Vec::new();
                make(&mut bytes).map_err(|e| write_error(path, e))?;
                self.store(SiteFile {
                    path: path.to_owned(),
                    bytes: bytes.into(),
                })
            }
            Sink::Folder(root) => {
                let target = root.join(path);
                let streamed = || {
                    let mut out = std::io::BufWriter::new(std::fs::File::create(&target)?);
                    make(&mut out)?;
                    std::io::Write::flush(&mut out)
                };
                streamed().map_err(|e| write_error(display_path(&target), e))
            }
        }
    }
}

/// The files of a site as they are rendered, for [`Sink::Memory`], and its
/// search index, whose files wait until they are asked for.
#[derive(Debug, Default)]
pub struct MemorySink(
    Mutex<HashMap<String, Bytes>>,
    Mutex<Option<search::SearchIndex>>,
);

impl MemorySink {
    /// The site, once every file is in.
    pub fn into_site(self) -> SiteInMemory {
        SiteInMemory {
            files: self.0.into_inner().unwrap_or_else(|e| e.into_inner()),
            search: self
                .1
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .map(|index| (index, std::sync::OnceLock::new())),
        }
    }
}

/// Renders every page of the site, plus dossier.json and the theme, and
/// hands each file to `sink` as soon as it is ready, so that a large
/// dossier's pages never sit in memory all at once; a page whose key is
/// unchanged is taken from `kept`. `body(i)` gives the document
/// `site.documents[i]` rendered, its body included (which the site does
/// not hold: kept from the render stage, or rendered again), for its page
/// and the data files made with it. Returns the number of files.
pub(crate) fn render_site(
    config: &Config,
    mut site: Site,
    dossier_json: DataWriter<'_>,
    sink: Sink<'_>,
    kept: Option<&dyn KeptPages>,
    body: &BodyOf<'_>,
) -> Result<usize, Vec<Diagnostic>> {
    // The search index takes the passages, which no page shows.
    let passages: Vec<_> = site
        .documents
        .iter_mut()
        .map(|d| std::mem::take(&mut d.passages))
        .collect();
    let site = &site;
    let (templates_dir, language) = (config.templates_dir(), &config.book.language);
    let templates = match kept.and_then(KeptPages::templates) {
        Some(memo) => memo.load(&templates_dir, language)?,
        None => std::sync::Arc::new(templates::load(&templates_dir, language)?),
    };
    if let Some(kept) = kept {
        kept.start();
    }
    let profile = profile::Profile::from_env();
    let renderer = Renderer {
        tera: &templates.tera,
        fingerprint: templates.fingerprint,
        config,
        kept,
        profile: profile.as_ref(),
    };
    let strings = i18n::strings(&config.book.language);
    let header = json!({
        "title": site.title,
        "description": site.description,
        "authors": site.authors,
        "language": site.language,
        "dir": site.dir,
        "printable": site.documents.len() <= PRINT_LIMIT,
    });
    let mut jobs: Vec<Page<'_>> = vec![
        // Made when rendered: it serializes the whole overview.
        Page::lazy("index.html", "index.html", "index", || {
            lists::index_context(site)
        }),
        Page::new("404.html", "404.html", "page", serde_json::Value::Null),
    ];
    if config.html.search {
        jobs.push(Page::new(
            "search.html",
            "search.html",
            "page",
            serde_json::Value::Null,
        ));
    }
    if site.documents.len() <= PRINT_LIMIT {
        jobs.extend(print::print_pages(site, body));
    }
    jobs.extend(lists::list_pages(site));
    jobs.extend(
        site.documents
            .iter()
            .enumerate()
            .map(|(i, d)| document_page(i, d, body)),
    );
    // Each page of an actor or a topic is made when it is rendered: a
    // large dossier's pages are never all in memory at once.
    jobs.extend(site.actors.iter().flat_map(|actor| {
        (0..actor.page_count()).map(move |index| {
            Page::lazy(
                &paging::entity_page(&actor.page, index),
                "actor.html",
                "actor",
                move || actor.page_part(index),
            )
        })
    }));
    jobs.extend(site.topics.iter().flat_map(|topic| {
        (0..topic.page_count()).map(move |index| {
            Page::lazy(
                &paging::entity_page(&topic.page, index),
                "topic.html",
                "topic",
                move || topic.page_part(index),
            )
        })
    }));
    jobs.extend(
        site.contradictions
            .iter()
            .chain(&site.detected)
            .map(|c| Page::new(&c.page, "contradiction.html", "contradiction", c)),
    );
    jobs.extend(timeline_pages(&site.timeline));
    let mut lap = crate::timings::Timings::new();
    let mut extra = assets::theme(&config.theme_dir()).map_err(|p| vec![p])?;
    extra.push(sitemap(
        &config.html.site_url,
        jobs.iter().map(|j| j.path.as_str()),
    ));
    extra.push(SiteFile {
        path: MARKER.to_owned(),
        bytes: Bytes::from_static(MARKER_TEXT),
    });
    if let Sink::Folder(root) = sink {
        prepare_folders(
            root,
            jobs.iter()
                .flat_map(|j| std::iter::once(&j.path).chain(&j.companions))
                .map(String::as_str)
                .chain(extra.iter().map(|f| f.path.as_str())),
        )
        .map_err(|e| {
            vec![file_error(
                display_path(root),
                Code::Output,
                format!("cannot write the site: {e}"),
            )]
        })?;
    }
    // The files of the whole site (dossier.json, the theme, the sitemap)
    // are stored and let go before the pages are rendered, so that the two
    // never sit in memory together.
    let companions: usize = jobs.iter().map(|j| j.companions.len()).sum();
    let mut file_count = jobs.len() + companions + extra.len() + 1;
    let mut problems: Vec<Diagnostic> = extra
        .into_iter()
        .filter_map(|file| sink.store(file).err())
        .collect();
    problems.extend(
        sink.store_with(DOSSIER_JSON, |out| dossier_json(site, out))
            .err(),
    );
    lap.lap("extras");
    if config.html.search {
        match sink {
            // The preview makes the files when a page asks for them.
            Sink::Memory(memory) => {
                let index = search::SearchIndex::of(site, passages);
                *memory.1.lock().unwrap_or_else(|e| e.into_inner()) = Some(index);
            }
            _ => {
                let index = search::SearchIndex::of(site, passages);
                let key = index.key();
                let kept_index = match (&sink, kept) {
                    (Sink::Folder(root), Some(kept)) => kept
                        .all_under(SEARCH_FOLDER, key)
                        .map(|files| (*root, kept, files)),
                    _ => None,
                };
                if let Some((root, kept, paths)) = kept_index {
                    // The same entries as the last build's: its files,
                    // linked, without making the index again.
                    for path in paths {
                        file_count += 1;
                        problems.extend(link_kept(root, &path, kept, None).err());
                    }
                } else {
                    let made = AtomicUsize::new(0);
                    let failed = Mutex::new(Vec::new());
                    index.each_file(|file| {
                        made.fetch_add(1, Ordering::Relaxed);
                        if let Some(kept) = kept {
                            kept.keep(&file.path, key, &file.bytes, false);
                        }
                        if let Err(problem) = sink.store(file) {
                            failed
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push(problem);
                        }
                    });
                    file_count += made.into_inner();
                    problems.extend(failed.into_inner().unwrap_or_else(|e| e.into_inner()));
                }
            }
        }
    }
    lap.lap("search");
    let shared_key = renderer.shared_key(&header, &strings);
    problems.extend(
        jobs.par_iter()
            .flat_map_iter(|page| {
                let files = renderer.page(page, &header, &strings, shared_key);
                let (files, reused, problem) = match files {
                    Ok((files, reused)) => (files, reused, None),
                    Err(problem) => (Vec::new(), false, Some(problem)),
                };
                files
                    .into_iter()
                    .filter_map(|file| match (&sink, kept, reused) {
                        (Sink::Folder(root), Some(kept), true) => {
                            link_kept(root, &file.path, kept, Some(&file.bytes)).err()
                        }
                        _ => sink.store(file).err(),
                    })
                    .chain(problem)
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>(),
    );
    lap.lap("html");
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.message.cmp(&b.message));
        problems.dedup_by(|a, b| a.message == b.message);
        problems.truncate(3); // A template error repeats on every page.
        return Err(problems);
    }
    if let Some(file) = kept.and_then(KeptPages::finish) {
        file_count += 1;
        sink.store(file).map_err(|problem| vec![problem])?;
    }
    if let Some(profile) = &profile {
        eprint!("{}", profile.report());
    }
    Ok(file_count)
}

/// Renders pages with one set of templates, through the cache when there
/// is one.
struct Renderer<'a> {
    tera: &'a Tera,
    fingerprint: u64,
    config: &'a Config,
    kept: Option<&'a dyn KeptPages>,
    profile: Option<&'a profile::Profile>,
}

impl Renderer<'_> {
    /// The page's file and the files made with it, taken from the kept
    /// pages when they were made from the same key.
    fn page(
        &self,
        page: &Page<'_>,
        header: &serde_json::Value,
        strings: &std::collections::BTreeMap<&str, &str>,
        shared_key: u64,
    ) -> Result<(Vec<SiteFile>, bool), Diagnostic> {
        let make = || page.make(self.tera, self.config, header, strings, self.profile);
        let Some(kept_pages) = self.kept else {
            return Ok((make()?, false));
        };
        // The page is a function of its data, its template set and the
        // settings that change its bytes: the same key, the same page. The
        // key is hashed from the page's data as it serializes, and the
        // template context is made only for a page that is rendered: most
        // pages of a rebuild are taken from the last one.
        let mut hasher = DefaultHasher::new();
        (shared_key, page.template, page.key, &page.path).hash(&mut hasher);
        (page.made_from, &page.companions).hash(&mut hasher);
        page.data.hash_json(&mut hasher);
        let key = hasher.finish();
        let paths = || std::iter::once(&page.path).chain(&page.companions);
        let kept: Option<Vec<SiteFile>> = paths()
            .map(|path| {
                let bytes = kept_pages.get(path, key)?;
                Some(SiteFile {
                    path: path.clone(),
                    bytes,
                })
            })
            .collect();
        let reused = kept.is_some();
        let files = match kept {
            Some(files) => files,
            None => make()?,
        };
        for file in &files {
            kept_pages.keep(&file.path, key, &file.bytes, reused);
        }
        Ok((files, reused))
    }

    /// What every page's key shares: the templates, the settings that
    /// change a page's bytes, the site's header and the interface strings.
    fn shared_key(
        &self,
        header: &serde_json::Value,
        strings: &std::collections::BTreeMap<&str, &str>,
    ) -> u64 {
        let mut hasher = DefaultHasher::new();
        (
            self.fingerprint,
            &self.config.html.site_url,
            self.config.html.minify,
            self.config.html.search,
            strings,
        )
            .hash(&mut hasher);
        serde_json::to_vec(header)
            .unwrap_or_default()
            .hash(&mut hasher);
        hasher.finish()
    }
}

/// sitemap.xml: every page but the 404, as full URLs from `site-url` (the
/// one place where links are not relative).
fn sitemap<'p>(site_url: &str, pages: impl Iterator<Item = &'p str>) -> SiteFile {
    let mut paths: Vec<&str> = pages.filter(|p| *p != "404.html").collect();
    paths.sort_unstable();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths {
        xml.push_str("<url><loc>");
        xml.push_str(&crate::render::escape_html(&format!("{site_url}{path}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    SiteFile {
        path: "sitemap.xml".to_owned(),
        bytes: xml.into(),
    }
}

/// A file kept from the old site into the staging folder `root`: a hard
/// link to the old site's file (the same bytes under a second name), or,
/// where no link can be made, its `bytes` written (the old file copied
/// when they are not at hand).
fn link_kept(
    root: &Path,
    path: &str,
    kept: &dyn KeptPages,
    bytes: Option<&[u8]>,
) -> Result<(), Diagnostic> {
    let target = root.join(path);
    let old = kept.file(path);
    if let Some(old) = &old {
        if in_folder(&target, |target| std::fs::hard_link(old, target)).is_ok() {
            return Ok(());
        }
        // Writing to a name that is a link to the old site's file would
        // change the old site, which must stay as it is until the new one
        // replaces it: the name is taken away first (the old file keeps
        // its other name).
        let _ = std::fs::remove_file(&target);
    }
    match (bytes, old) {
        (Some(bytes), _) => write_file(&target, bytes),
        (None, Some(old)) => std::fs::copy(&old, &target)
            .map(drop)
            .map_err(|e| write_error(display_path(&target), e)),
        (None, None) => Err(write_error(
            display_path(&target),
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the file to keep is not on disk",
            ),
        )),
    }
}

/// Writes a file, making its folder first if it is not there (the search
/// index's folders are known only once it is made).
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    in_folder(path, |path| std::fs::write(path, bytes))
        .map_err(|e| write_error(display_path(path), e))
}

/// Makes the file at `path` with `make`, and again after making its folder
/// if that was missing.
fn in_folder(path: &Path, make: impl Fn(&Path) -> std::io::Result<()>) -> std::io::Result<()> {
    make(path).or_else(|error| match path.parent() {
        Some(folder) if error.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(folder).and_then(|()| make(path))
        }
        _ => Err(error),
    })
}

fn prepare_folders<'p>(root: &Path, paths: impl Iterator<Item = &'p str>) -> std::io::Result<()> {
    let mut folders: Vec<PathBuf> = paths
        .filter_map(|p| Path::new(p).parent().map(|d| root.join(d)))
        .collect();
    folders.sort();
    folders.dedup();
    std::fs::create_dir_all(root)?;
    folders.iter().try_for_each(std::fs::create_dir_all)
}

/// The timeline's pages: one, or a first page of months that leads to a
/// page per month (or more, for a month with much to show).
fn timeline_pages(timeline: &crate::index::timeline::Timeline) -> Vec<Page<'_>> {
    let cuts = std::sync::Arc::new(timeline.cuts());
    if cuts.is_empty() {
        return vec![Page::new(
            crate::index::TIMELINE_PAGE,
            "timeline.html",
            "timeline",
            timeline,
        )];
    }
    let paths: Vec<String> = (0..cuts.len())
        .map(|i| timeline.page_path(&cuts, i))
        .collect();
    let paths = std::sync::Arc::new(paths);
    let mut pages = vec![{
        let (cuts, paths) = (cuts.clone(), paths.clone());
        Page::lazy(
            crate::index::TIMELINE_PAGE,
            "timeline.html",
            "timeline",
            move || timeline.front_page(&cuts, &|i| paths[i].clone()),
        )
    }];
    pages.extend((0..cuts.len()).map(|index| {
        let (cuts, paths) = (cuts.clone(), paths.clone());
        let path = paths[index].clone();
        Page::lazy(&path, "timeline.html", "timeline", move || {
            timeline.part(&cuts, index, &|i| paths[i].clone())
        })
    }));
    pages
}

/// A document's page, with its body (`body(index)`) and its data files
/// made beside it.
fn document_page<'a>(index: usize, document: &'a DocumentView, body: &'a BodyOf<'a>) -> Page<'a> {
    let companions = vec![
        document.annotations_file.clone(),
        document.text_file.clone(),
    ];
    Page::new(&document.page, "document.html", "doc", document).completed(
        document.fingerprint,
        companions,
        move |value| {
            let rendered = body(index)?;
            let files = crate::index::document_files(document, &rendered);
            value["body"] = rendered.body.into();
            Ok(files
                .into_iter()
                .map(|file| SiteFile {
                    path: file.path,
                    bytes: file.text.into(),
                })
                .collect())
        },
    )
}

/// Up to how many documents print.html holds the whole dossier. Beyond,
/// one page would be hundreds of megabytes that no browser prints; each
/// document page still prints with its notes.
pub const PRINT_LIMIT: usize = 500;

struct Page<'a> {
    path: String,
    template: &'static str,
    key: &'static str,
    data: Box<dyn erased::Data + 'a>,
    /// What the page is made from besides its data ([`Page::completed`]).
    made_from: u64,
    /// Fills in the template context what the data leaves out, and makes
    /// the files that go with the page ([`Page::completed`]).
    complete: Option<Completion<'a>>,
    /// The paths of the files [`Page::complete`] makes.
    companions: Vec<String>,
}

/// A page's completion: it fills in the context's value under the page's
/// key, and returns the files made with the page.
type Completion<'a> =
    Box<dyn Fn(&mut serde_json::Value) -> Result<Vec<SiteFile>, Diagnostic> + Sync + 'a>;

mod erased {
    /// Page data of any serializable type.
    pub(super) trait Data: Sync {
        fn to_value(&self) -> serde_json::Value;
        /// Feeds the data's JSON to `hasher`, without building it.
        fn hash_json(&self, hasher: &mut std::hash::DefaultHasher);
    }

    impl<T: serde::Serialize + Sync> Data for T {
        fn to_value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or_default()
        }

        fn hash_json(&self, hasher: &mut std::hash::DefaultHasher) {
            // Serialized into a buffer and hashed at once: fed to the
            // hasher token by token, the JSON took several times as long
            // (a write per token). The hash is the same either way: the
            // hasher reads a stream of bytes.
            thread_local! {
                static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
            }
            JSON.with(|json| {
                // Data that hashes other data while it serializes (it
                // does not today) gets a buffer of its own.
                let Ok(mut json) = json.try_borrow_mut() else {
                    let mut own = Vec::new();
                    let _ = serde_json::to_writer(&mut own, self);
                    std::hash::Hasher::write(hasher, &own);
                    return;
                };
                json.clear();
                let _ = serde_json::to_writer(&mut *json, self);
                std::hash::Hasher::write(hasher, &json);
                // A buffer grown by one large page is not kept.
                if json.capacity() > 1 << 22 {
                    *json = Vec::new();
                }
            });
        }
    }

    /// Data made when it is serialized.
    pub(super) struct Lazy<F>(pub(super) F);

    impl<F: Fn() -> T, T: serde::Serialize> serde::Serialize for Lazy<F> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            (self.0)().serialize(serializer)
        }
    }
}

impl<'a> Page<'a> {
    /// A page whose data is made only when it is rendered.
    fn lazy<T: Serialize>(
        path: &str,
        template: &'static str,
        key: &'static str,
        make: impl Fn() -> T + Sync + 'a,
    ) -> Self {
        Page {
            path: path.to_owned(),
            template,
            key,
            data: Box::new(erased::Lazy(make)),
            made_from: 0,
            complete: None,
            companions: Vec::new(),
        }
    }

    fn new(
        path: &str,
        template: &'static str,
        key: &'static str,
        data: impl Serialize + Sync + 'a,
    ) -> Self {
        Page {
            path: path.to_owned(),
            template,
            key,
            data: Box::new(data),
            made_from: 0,
            complete: None,
            companions: Vec::new(),
        }
    }

    /// The page with what its data leaves out: `complete` fills it in the
    /// template context when the page is rendered, and makes the files at
    /// `companions` that go with it (a document's body, which the site
    /// does not hold, and its data files). `made_from` stands
    /// for what `complete` reads beyond the data (the body's fingerprint),
    /// in the key the page and its companions are kept by.
    fn completed(
        mut self,
        made_from: u64,
        companions: Vec<String>,
        complete: impl Fn(&mut serde_json::Value) -> Result<Vec<SiteFile>, Diagnostic> + Sync + 'a,
    ) -> Self {
        self.made_from = made_from;
        self.companions = companions;
        self.complete = Some(Box::new(complete));
        self
    }

    /// The page's template context.
    fn context(
        &self,
        config: &Config,
        header: &serde_json::Value,
        strings: &std::collections::BTreeMap<&str, &str>,
    ) -> serde_json::Map<String, serde_json::Value> {
        // A host serves 404.html at any depth; only an absolute URL can lead
        // back from there. With a path prefix (or none) it stays relative, so
        // that it also works opened from disk. Every other link is relative.
        let root =
            if self.template == "404.html" && crate::config::is_http_url(&config.html.site_url) {
                config.html.site_url.clone()
            } else {
                "../".repeat(self.path.matches('/').count())
            };
        let mut values = serde_json::Map::new();
        values.insert("site".to_owned(), header.clone());
        values.insert("t".to_owned(), json!(strings));
        values.insert("root".to_owned(), root.into());
        values.insert("search".to_owned(), config.html.search.into());
        values.insert(self.key.to_owned(), self.data.to_value());
        values
    }

    /// The page's file and the files made with it.
    fn make(
        &self,
        tera: &Tera,
        config: &Config,
        header: &serde_json::Value,
        strings: &std::collections::BTreeMap<&str, &str>,
        profile: Option<&profile::Profile>,
    ) -> Result<Vec<SiteFile>, Diagnostic> {
        let ((values, companions), data) = profile::timed(|| {
            let mut values = self.context(config, header, strings);
            let companions = match (&self.complete, values.get_mut(self.key)) {
                (Some(complete), Some(value)) => complete(value),
                _ => Ok(Vec::new()),
            };
            (values, companions)
        });
        let companions = companions?;
        let page = self.render(tera, config, values, profile, data)?;
        Ok(std::iter::once(page).chain(companions).collect())
    }

    fn render(
        &self,
        tera: &Tera,
        config: &Config,
        values: serde_json::Map<String, serde_json::Value>,
        profile: Option<&profile::Profile>,
        data: std::time::Duration,
    ) -> Result<SiteFile, Diagnostic> {
        let (html, template) = profile::timed(|| {
            let context = Context::from_value(values.into())
                .map_err(|error| templates::template_error(&config.templates_dir(), &error))?;
            tera.render(self.template, &context)
                .map_err(|error| templates::template_error(&config.templates_dir(), &error))
        });
        let html = html?;
        let rendered_bytes = html.len();
        let (bytes, minify) = profile::timed(|| finish_html(html, config));
        if let Some(profile) = profile {
            profile.add(
                self.template,
                profile::PageTimes {
                    data,
                    template,
                    minify,
                    rendered_bytes,
                    written_bytes: bytes.len(),
                },
            );
        }
        Ok(SiteFile {
            path: self.path.clone(),
            bytes: bytes.into(),
        })
    }
}

/// How deep a page's elements may nest for minify-html to be given it.
/// minify-html recurses once per level; the Markdown of a body is bounded
/// far below this ([`crate::anchor::MAX_NESTING`]), but raw HTML, when a
/// dossier allows it, is not. Such a page is written as rendered.
#[cfg(feature = "minify")]
const MINIFY_MAX_DEPTH: usize = 400;

/// An upper bound of how deep the elements of `html` nest: every start
/// tag that is not void or self-closed opens a level, every end tag closes
/// one. Tags left open (`<p>`, `<li>`) only make the bound higher.
#[cfg(feature = "minify")]
fn nesting_bound(html: &[u8]) -> usize {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.iter().position(|&b| b == b'<') {
        rest = &rest[at + 1..];
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if !rest.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let self_closed = end > 0 && rest[end - 1] == b'/';
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed && !VOID.contains(&name.as_slice()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

#[cfg(feature = "minify")]
fn finish_html(html: String, config: &Config) -> Vec<u8> {
    if !config.html.minify || nesting_bound(html.as_bytes()) > MINIFY_MAX_DEPTH {
        return html.into_bytes();
    }
    let mut cfg = minify_html::Cfg::new();
    // Scripts and styles are left alone: minify-html's JS minifier has
    // broken scripts (Zola had to turn it off).
    cfg.minify_js = false;
    cfg.minify_css = false;
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    minify_html::minify(html.as_bytes(), &cfg)
}

#[cfg(not(feature = "minify"))]
fn finish_html(html: String, _config: &Config) -> Vec<u8> {
    html.into_bytes()
}

#[cfg(all(test, feature = "minify"))]
mod tests {
    use super::nesting_bound;

    #[test]
    fn the_nesting_bound_counts_open_elements() {
        assert_eq!(nesting_bound(b"<p>a<br>b<img src=x/></p><p>c</p>"), 1);
        assert_eq!(nesting_bound(b"<div><div><span>x</span></div></div>"), 3);
        assert_eq!(nesting_bound(b"a < b and <3"), 0);
        assert_eq!(nesting_bound("<b>".repeat(5000).as_bytes()), 5000);
    }
}
