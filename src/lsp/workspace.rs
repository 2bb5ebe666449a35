//! The dossier as the editor sees it: files on disk overlaid with the
//! editor's open buffers, analysed as `isnad check` analyses it, reusing
//! from one analysis to the next every document whose text did not change.
//!
//! Like `isnad serve`'s [`crate::cache::BuildCache`], two layers are kept
//! by file: the parsed front matter (keyed by the buffer's text, or the
//! file's size and modification time) and the anchored, rendered document
//! with its warnings (keyed by its text and how contested its claims are).
//! A one-character edit thus parses, anchors and renders one document; the
//! checks across documents (references, ids, the index) run every time.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::anchor;
use crate::config::{self, display_path, Config};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::index;
use crate::load::{self, Document, Dossier};
use crate::render::RenderedDocument;
use crate::write;

/// Where a parsed document's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// An editor's buffer, with this text.
    Buffer(String),
    /// The file on disk, with this size and modification time.
    Disk(u64, SystemTime),
}

impl Origin {
    fn of_disk(path: &Path) -> Option<Origin> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Origin::Disk(metadata.len(), metadata.modified().ok()?))
    }
}

/// What a document's rendering depended on, and the problems it found.
#[derive(Debug, Clone)]
struct Rendered {
    text: String,
    contested: Vec<usize>,
    problems: Vec<Diagnostic>,
}

/// What one analysis found.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// The documents, actors and topics.
    pub(crate) dossier: Dossier,
    /// For each document, the actors (by index in actors.yaml) its text
    /// names.
    pub(crate) named: Vec<Vec<usize>>,
    /// Every problem, as `isnad check` reports it.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The open buffers and what was kept from earlier analyses.
#[derive(Debug)]
pub(crate) struct Workspace {
    /// The dossier folder (holding book.toml), absolute.
    pub(crate) root: PathBuf,
    /// The editor's open buffers, by absolute path.
    pub(crate) buffers: HashMap<PathBuf, String>,
    /// Where each document file's text came from when it was parsed, and
    /// the error when it did not parse (a document that did is in
    /// `analysis.dossier`).
    parsed: HashMap<PathBuf, (Origin, Option<Diagnostic>)>,
    /// Each document's rendering, by path, in the order of the dossier's
    /// documents at the last analysis, and the rendered documents in the
    /// same order.
    rendered: Vec<(PathBuf, Rendered)>,
    documents: Vec<RenderedDocument>,
    /// book.toml, actors.yaml and topics.yaml as last analysed: a change to
    /// any of them can change every document.
    shared: Vec<Option<String>>,
    /// The problems found across documents, with what they were found
    /// from.
    across: Option<(Vec<AcrossKey>, Vec<Diagnostic>)>,
    /// The detector's pairs by topic, from the last time they were found.
    detection: index::DetectionMemo,
    /// Problems found rendering the pages (templates), from the last
    /// analysis that rendered them.
    pages: Vec<Diagnostic>,
    /// The last analysis.
    pub(crate) analysis: Analysis,
    /// How many documents the last analysis parsed and rendered anew.
    pub(crate) fresh: (usize, usize),
}

impl Workspace {
    /// A workspace on the dossier in `root`; nothing is read yet.
    pub(crate) fn new(root: PathBuf) -> Self {
        Workspace {
            root,
            buffers: HashMap::new(),
            parsed: HashMap::new(),
            rendered: Vec::new(),
            documents: Vec::new(),
            shared: Vec::new(),
            pages: Vec::new(),
            across: None,
            detection: index::DetectionMemo::default(),
            analysis: Analysis::default(),
            fresh: (0, 0),
        }
    }

    /// The text of a file: the editor's buffer, else the file on disk.
    pub(crate) fn text(&self, path: &Path) -> Option<String> {
        match self.buffers.get(path) {
            Some(text) => Some(text.clone()),
            None => load::read_text(path).ok(),
        }
    }

    /// Analyses the dossier as it now stands. With `pages`, the site's
    /// pages are also rendered (and discarded) to find template problems,
    /// as `isnad check` does; that takes as long as a build, so it is done
    /// on opening and saving, and the problems it found are kept between.
    pub(crate) fn analyse(&mut self, pages: bool) {
        let started = std::time::Instant::now();
        self.analyse_now(pages);
        if std::env::var_os("ISNAD_TIMINGS").is_some() {
            eprintln!(
                "analysed in {:.1} ms: {} document(s) parsed, {} rendered",
                started.elapsed().as_secs_f64() * 1000.0,
                self.fresh.0,
                self.fresh.1
            );
        }
    }

    fn analyse_now(&mut self, pages: bool) {
        let config = match config::load(&self.root, None) {
            Ok(config) => config,
            Err(problems) => {
                self.analysis = Analysis {
                    diagnostics: problems.into_iter().collect::<Diagnostics>().sorted(),
                    ..Analysis::default()
                };
                return;
            }
        };
        let mut lap = crate::timings::Timings::new();
        self.forget_if_shared_changed(&config);
        lap.lap("config");
        let (dossier, mut diagnostics) = self.load(&config);
        lap.lap("load");
        let named = self.render(&config, &dossier, &mut diagnostics);
        lap.lap("render");
        // As in `isnad check`: the analysis across documents runs even when
        // there are errors; the pages (and so the templates' problems) only
        // when there are none.
        let clean = !diagnostics.has_errors();
        if pages && clean {
            let (site, problems) = index::index(&config, &dossier, self.documents.clone());
            self.across = Some((across_key(&dossier, &self.documents), problems.clone()));
            diagnostics.extend(problems);
            // Nothing is written: dossier.json is not made.
            let json = |_: &index::Site, _: &mut dyn std::io::Write| Ok(());
            // The server keeps each rendered document whole: its body is
            // at hand for its page.
            let documents = &self.documents;
            let body = |index: usize| Ok(documents[index].clone());
            let sink = write::Sink::Discard;
            let problems = write::render_site(&config, site, &json, sink, None, &body).err();
            self.pages = problems.unwrap_or_default();
        } else {
            diagnostics.extend(self.index_problems(&config, &dossier));
        }
        lap.lap("index");
        if clean {
            diagnostics.extend(self.pages.iter().cloned());
        }
        self.analysis = Analysis {
            dossier,
            named,
            diagnostics: diagnostics.sorted(),
        };
    }

    /// The problems found across documents ([`index::problems`]), found
    /// again only when what they depend on changed: an edit in the text of
    /// a document that leaves its quotes anchored as they were and the
    /// actors it names as they were changes none of them.
    fn index_problems(&mut self, config: &Config, dossier: &Dossier) -> Vec<Diagnostic> {
        let key = across_key(dossier, &self.documents);
        if let Some((kept, problems)) = &self.across {
            if *kept == key {
                return problems.clone();
            }
        }
        let problems = index::problems(config, dossier, &self.documents, &mut self.detection);
        self.across = Some((key, problems.clone()));
        problems
    }

    /// Empties both layers when book.toml, actors.yaml or topics.yaml
    /// changed.
    fn forget_if_shared_changed(&mut self, config: &Config) {
        let files = [
            config.root.join("book.toml"),
            config.content_dir.join("actors.yaml"),
            config.content_dir.join("topics.yaml"),
        ];
        let now: Vec<Option<String>> = files.iter().map(|f| self.text(f)).collect();
        if now != self.shared {
            self.parsed.clear();
            self.rendered.clear();
            self.documents.clear();
            self.across = None;
            self.shared = now;
        }
    }

    /// Loads the dossier, parsing again only the documents that changed.
    fn load(&mut self, config: &Config) -> (Dossier, Diagnostics) {
        let previous = Mutex::new(std::mem::take(&mut self.parsed));
        // The documents of the last analysis are moved into this one, not
        // copied: a thousand front matters with their positions are worth
        // not cloning on each keystroke.
        let documents: HashMap<PathBuf, Document> =
            std::mem::take(&mut self.analysis.dossier.documents)
                .into_iter()
                .map(|d| (config.content_dir.join(&d.relative_path), d))
                .collect();
        let documents = Mutex::new(documents);
        let kept = Mutex::new(HashMap::new());
        let parsed = AtomicUsize::new(0);
        let buffers = &self.buffers;
        let read = |path: &Path| -> Result<Document, Diagnostic> {
            let origin = match buffers.get(path) {
                Some(text) => Some(Origin::Buffer(text.clone())),
                None => Origin::of_disk(path),
            };
            let reused = match lock(&previous).remove(path) {
                Some((was, error)) if Some(&was) == origin.as_ref() => match error {
                    Some(error) => Some(Err(error)),
                    None => lock(&documents).remove(path).map(Ok),
                },
                _ => None,
            };
            let result = reused.unwrap_or_else(|| {
                parsed.fetch_add(1, Ordering::Relaxed);
                parse(config, path, origin.as_ref())
            });
            if let Some(origin) = origin {
                let error = result.as_ref().err().cloned();
                lock(&kept).insert(path.to_path_buf(), (origin, error));
            }
            result
        };
        let registry = |path: &Path| match buffers.get(path) {
            Some(text) => Some(load::refuse_nul(path, text.clone())),
            None => path.exists().then(|| load::read_text(path)),
        };
        let loaded = load::load_overlaid(config, &read, &registry);
        self.parsed = kept.into_inner().unwrap_or_else(|e| e.into_inner());
        self.fresh.0 = parsed.into_inner();
        loaded
    }

    /// Anchors and renders each document whose text or contested claims
    /// changed, keeping the others as they were (moved, not copied: a
    /// rendered document holds its whole page body); returns the actors
    /// each document names.
    fn render(
        &mut self,
        config: &Config,
        dossier: &Dossier,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Vec<usize>> {
        let names = anchor::Names::new(&dossier.actors.entries);
        let contested = dossier.contested_claims();
        let allow_raw_html = config.html.allow_raw_html;
        let mut previous: HashMap<PathBuf, (Rendered, RenderedDocument)> = self
            .rendered
            .drain(..)
            .zip(std::mem::take(&mut self.documents))
            .map(|((path, kept), document)| (path, (kept, document)))
            .collect();
        let mut slots: Vec<Option<(Rendered, RenderedDocument)>> = dossier
            .documents
            .iter()
            .map(|document| {
                let against = crate::contested_of(&contested, document);
                previous
                    .remove(&document.relative_path)
                    .filter(|(kept, _)| {
                        kept.text == document.file().text() && kept.contested == against
                    })
            })
            .collect();
        let stale: Vec<usize> = (0..slots.len()).filter(|&i| slots[i].is_none()).collect();
        let fresh: Vec<(Rendered, RenderedDocument)> = stale
            .par_iter()
            .map(|&i| {
                let document = &dossier.documents[i];
                let against = crate::contested_of(&contested, document);
                let (rendered, problems) =
                    crate::anchor_and_render(document, &names, allow_raw_html, &against);
                let kept = Rendered {
                    text: document.file().text().to_owned(),
                    contested: against,
                    problems,
                };
                (kept, rendered)
            })
            .collect();
        self.fresh.1 = fresh.len();
        for (i, result) in stale.into_iter().zip(fresh) {
            slots[i] = Some(result);
        }
        let mut named = Vec::with_capacity(slots.len());
        for (document, slot) in dossier.documents.iter().zip(slots) {
            let Some((kept, rendered)) = slot else {
                continue;
            };
            diagnostics.extend(kept.problems.iter().cloned());
            let mut actors: Vec<usize> = rendered.names_used.iter().map(|&(a, _)| a).collect();
            actors.dedup();
            named.push(actors);
            self.rendered.push((document.relative_path.clone(), kept));
            self.documents.push(rendered);
        }
        named
    }
}

/// What the problems across documents depend on, for one document: its
/// path, a fingerprint of its front matter as written, which of its claims
/// are anchored, and which actors' names its text uses. (book.toml,
/// actors.yaml and topics.yaml empty every cache when they change.)
type AcrossKey = (PathBuf, u64, Vec<Option<usize>>, Vec<(usize, usize)>);

fn across_key(dossier: &Dossier, rendered: &[RenderedDocument]) -> Vec<AcrossKey> {
    dossier
        .documents
        .par_iter()
        .zip(rendered)
        .map(|(document, rendered)| {
            // A fingerprint rather than a copy: a thousand front matters
            // are megabytes to copy on each keystroke.
            let mut hasher = std::hash::DefaultHasher::new();
            document.file().text()[..document.body_start].hash(&mut hasher);
            (
                document.relative_path.clone(),
                hasher.finish(),
                rendered.claim_numbers.clone(),
                rendered.names_used.clone(),
            )
        })
        .collect()
}

/// Parses a document from the editor's buffer or from disk.
fn parse(config: &Config, path: &Path, origin: Option<&Origin>) -> Result<Document, Diagnostic> {
    match origin {
        Some(Origin::Buffer(text)) => load::document_from_text(
            &display_path(path),
            path.strip_prefix(&config.content_dir).unwrap_or(path),
            load::refuse_nul(path, text.clone())?,
            &config.book.language,
            config.book.text_direction,
        ),
        _ => load::load_document(config, path),
    }
}

/// A poisoned lock only means another thread panicked.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
