//! What `isnad serve` keeps from one build to the next, so that saving one
//! document re-reads and re-anchors that document only.
//!
//! Two layers, both keyed by file:
//!
//! - loading: each document file's parsed front matter (or its error),
//!   reused while the file's size and modification time are unchanged;
//! - rendering: each document's anchored and rendered parts (and their
//!   warnings), reused while the document's text is unchanged; the body
//!   HTML itself is kept only for a dossier small enough for print.html
//!   (see `isnad::keeps_bodies`): the pages of the documents that changed
//!   render theirs again.
//!
//! book.toml, actors.yaml and topics.yaml feed every document (the default
//! language, whether raw HTML passes), so a change to any of them empties
//! both layers. Cross-document work (validation, the index) runs on every
//! build; each page is then rendered again only if its data or the
//! templates changed (`crate::write::PageCache`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{self, Document, Dossier};
use crate::render::RenderedDocument;

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: SystemTime,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok()?,
        })
    }
}

/// File systems with coarse timestamps (FAT, some network mounts: up to
/// 2 s) can give a file edited right after it was read the same stamp. As
/// git does with "racily clean" entries, a stamp this close to the time it
/// was taken is not trusted.
const RACY: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
struct LoadedFile {
    stamp: Stamp,
    taken: SystemTime,
    result: Result<Document, Diagnostic>,
}

impl LoadedFile {
    fn still_valid(&self, now: Option<Stamp>) -> bool {
        now == Some(self.stamp)
            && self
                .stamp
                .modified
                .checked_add(RACY)
                .is_some_and(|safe| safe < self.taken)
    }
}

#[derive(Debug, Clone)]
struct RenderedFile {
    /// The whole text of the document the fragments were made from.
    text: String,
    rendered: RenderedDocument,
    problems: Vec<Diagnostic>,
    /// How many claims contradict each of its claims, when it was made:
    /// another document declaring a contradiction changes this page.
    contested: Vec<usize>,
}

/// How much of the last build was reused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Document files found.
    pub documents: usize,
    /// Of those, how many were read and parsed again.
    pub read: usize,
    /// How many documents were anchored and rendered again.
    pub rendered: usize,
}

/// Documents read and rendered by earlier builds of one dossier.
#[derive(Debug, Default)]
pub struct BuildCache {
    /// book.toml, actors.yaml and topics.yaml as they were.
    shared: Option<Vec<Option<Vec<u8>>>>,
    loaded: HashMap<PathBuf, LoadedFile>,
    rendered: HashMap<PathBuf, RenderedFile>,
    /// The pages of the last good build (a third layer: a page whose data
    /// and templates did not change is not rendered again).
    pub pages: crate::write::PageCache,
    /// What the last build reused.
    pub last: Reuse,
}

impl BuildCache {
    /// An empty cache: the first build reads everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the cache when a file every document depends on changed.
    fn check_shared(&mut self, config: &Config) {
        let files = [
            config.root.join("book.toml"),
            config.content_dir.join("actors.yaml"),
            config.content_dir.join("topics.yaml"),
        ];
        let now: Vec<Option<Vec<u8>>> = files.iter().map(|f| std::fs::read(f).ok()).collect();
        if self.shared.as_ref() != Some(&now) {
            self.loaded.clear();
            self.rendered.clear();
            self.shared = Some(now);
        }
    }

    /// Loads the dossier, reading again only the files that changed.
    pub(crate) fn load(&mut self, config: &Config) -> (Dossier, Diagnostics) {
        self.check_shared(config);
        let previous = Mutex::new(std::mem::take(&mut self.loaded));
        let fresh = Mutex::new(HashMap::new());
        let read = AtomicUsize::new(0);
        let taken = SystemTime::now();
        let (dossier, diagnostics) = load::load_with(config, &|path: &Path| {
            let stamp = Stamp::of(path);
            let kept = lock(&previous)
                .remove(path)
                .filter(|file| file.still_valid(stamp));
            let file = match kept {
                Some(file) => file,
                None => {
                    read.fetch_add(1, Ordering::Relaxed);
                    let result = load::load_document(config, path);
                    match stamp {
                        Some(stamp) => LoadedFile {
                            stamp,
                            taken,
                            result,
                        },
                        None => return result,
                    }
                }
            };
            let result = file.result.clone();
            lock(&fresh).insert(path.to_path_buf(), file);
            result
        });
        self.loaded = fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        self.last = Reuse {
            documents: dossier.documents.len(),
            read: read.into_inner(),
            rendered: 0,
        };
        (dossier, diagnostics)
    }

    /// The fragments made for `document` by an earlier build, if its text
    /// has not changed since.
    pub(crate) fn rendered(
        &self,
        document: &Document,
        contested: &[usize],
    ) -> Option<(RenderedDocument, Vec<Diagnostic>)> {
        let file = self.rendered.get(&document.relative_path)?;
        (file.text == document.file().text() && file.contested == contested)
            .then(|| (file.rendered.clone(), file.problems.clone()))
    }

    /// Keeps what this build rendered anew (`fresh[i]` for
    /// `documents[i]`), for the next one; documents that are gone are
    /// forgotten.
    pub(crate) fn keep_rendered(
        &mut self,
        documents: &[Document],
        results: &[(RenderedDocument, Vec<Diagnostic>)],
        fresh: &[bool],
        contested: &[Vec<usize>],
    ) {
        let mut kept = std::mem::take(&mut self.rendered);
        let each = documents.iter().zip(results).zip(fresh).zip(contested);
        for (((document, (rendered, problems)), &fresh), contested) in each {
            let path = &document.relative_path;
            let file = match kept.remove(path) {
                Some(file) if !fresh => file,
                _ => RenderedFile {
                    text: document.file().text().to_owned(),
                    rendered: rendered.clone(),
                    problems: problems.clone(),
                    contested: contested.clone(),
                },
            };
            self.rendered.insert(path.clone(), file);
        }
        self.last.rendered = fresh.iter().filter(|&&f| f).count();
    }
}

/// A poisoned lock only means another thread panicked; the map is still
/// usable, and the panic is reported where it happened.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
