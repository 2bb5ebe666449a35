//! isnad: a static site generator for source-annotated dossiers.
//!
//! A dossier is a set of source documents about one event, annotated in
//! YAML front matter: who claims what, with which figures, and where the
//! sources contradict each other. The pipeline runs one way, one module per
//! stage, each taking values and returning new ones:
//!
//! [`config`] → [`load`] → [`anchor`] → [`render`] → [`index`] → [`write`]
//!
//! Every path and fragment id of the site comes from [`urls`].
//!
//! Problems are values ([`diagnostic::Diagnostic`]) collected across the
//! whole run and reported together.

pub mod anchor;
pub mod cache;
pub mod config;
pub mod diagnostic;
pub mod fmt;
pub mod fold;
pub mod i18n;
pub mod import;
pub mod index;
pub mod init;
pub mod load;
pub mod lsp;
pub mod render;
pub mod serve;
mod timings;
pub mod urls;
pub mod watch;
pub mod write;
pub mod yaml;

use std::path::{Path, PathBuf};
use timings::Timings;

use rayon::prelude::*;

use diagnostic::{Diagnostic, Diagnostics};

/// What a run produced.
#[derive(Debug)]
pub struct Outcome {
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The folder the site was written to, when it was.
    pub site_dir: Option<PathBuf>,
    /// The site, when it was built in memory ([`build_in_memory`]).
    pub memory: Option<write::SiteInMemory>,
    /// How many files the site has (0 when nothing was rendered).
    pub files: usize,
    /// How many files (pages, their data files, the search index's files)
    /// were taken from the site already in the build folder instead of
    /// being made again ([`write::PreviousPages`]).
    pub pages_reused: usize,
    /// How many documents were read.
    pub documents: usize,
}

impl Outcome {
    /// Whether any problem is an error.
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == diagnostic::Severity::Error)
    }
}

/// Builds the dossier in `root` into its build folder (or `out`).
pub fn build(root: &Path, out: Option<&Path>) -> Outcome {
    run(root, out, Output::Folder, None)
}

/// Where a run puts the site it renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Into the build folder, swapped in whole.
    Folder,
    /// Into [`Outcome::memory`].
    Memory,
    /// Nowhere: the pages are rendered only to find template problems.
    Nowhere,
}

/// Builds like [`build`] into memory rather than the build folder, reusing
/// what `cache` holds from an earlier build (`isnad serve`): the site is
/// in [`Outcome::memory`], byte for byte what [`build`] would write.
pub fn build_in_memory(root: &Path, cache: &mut cache::BuildCache) -> Outcome {
    run(root, None, Output::Memory, Some(cache))
}

/// Checks the dossier in `root` without writing anything.
pub fn check(root: &Path) -> Outcome {
    run(root, None, Output::Nowhere, None)
}

/// Whether the detector flags the claims `a` and `b` of the dossier in
/// `root`, and why (`isnad check --why A B`). `Err` holds the problems
/// that kept the dossier from being analysed, or a claim id that is not
/// in it.
pub fn why(root: &Path, a: &str, b: &str) -> Result<(bool, String), Vec<Diagnostic>> {
    let config = config::load(root, None).map_err(|p| p.into_iter().collect::<Vec<_>>())?;
    let (dossier, _) = load::load(&config);
    let names = anchor::Names::new(&dossier.actors.entries);
    let contested = dossier.contested_claims();
    let rendered: Vec<_> = dossier
        .documents
        .par_iter()
        .map(|document| {
            let against = contested_of(&contested, document);
            anchor_and_render(document, &names, config.html.allow_raw_html, &against).0
        })
        .collect();
    let (site, _) = index::index(&config, &dossier, rendered);
    let find = |id: &str| {
        site.claims
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .map(|i| &site.claims[i])
            .map_err(|_| {
                vec![diagnostic::file_error(
                    "--why",
                    diagnostic::Code::CommandLine,
                    format!("there is no claim `{id}` in the dossier"),
                )]
            })
    };
    Ok(index::why::why(find(a)?, find(b)?))
}

/// One document through the per-document stages: anchored, its actors'
/// mentions found, rendered with `against` (how many declared
/// contradictions each of its claims is part of); the problems of both.
pub fn anchor_and_render(
    document: &load::Document,
    names: &anchor::Names,
    allow_raw_html: bool,
    against: &[usize],
) -> (render::RenderedDocument, Vec<Diagnostic>) {
    let (mut anchored, mut problems) = anchor::anchor(document);
    (anchored.mentions, anchored.names_used) = anchor::find_mentions(names, &anchored);
    let (rendered, render_problems) =
        render::render_document(document, &anchored, allow_raw_html, against);
    problems.extend(render_problems);
    (rendered, problems)
}

/// Whether a build keeps every document's body from the render stage to
/// the pages: only a dossier small enough for print.html, which shows
/// every body (rendering them again there would render each document three
/// times). A larger one lets each body go and renders it again for its
/// page, so that its bodies are never all in memory.
pub fn keeps_bodies(documents: usize) -> bool {
    documents <= write::PRINT_LIMIT
}

/// For each claim of `document`, how many declared contradictions it is
/// part of ([`load::Dossier::contested_claims`]): part of what its page
/// shows, and so of what a cache of its page must compare.
pub fn contested_of(
    contested: &std::collections::HashMap<&str, usize>,
    document: &load::Document,
) -> Vec<usize> {
    document
        .front
        .claims
        .iter()
        .map(|c| contested.get(c.id.as_str()).copied().unwrap_or_default())
        .collect()
}

fn run(
    root: &Path,
    out: Option<&Path>,
    output: Output,
    mut cache: Option<&mut cache::BuildCache>,
) -> Outcome {
    let mut timings = Timings::new();
    let mut diagnostics = Diagnostics::new();
    let mut outcome = Outcome {
        diagnostics: Vec::new(),
        site_dir: None,
        memory: None,
        files: 0,
        pages_reused: 0,
        documents: 0,
    };
    let config = match config::load(root, out) {
        Ok(config) => config,
        Err(problems) => {
            outcome.diagnostics = problems.into_iter().collect::<Diagnostics>().sorted();
            return outcome;
        }
    };
    timings.lap("config");
    let (dossier, problems) = match cache.as_deref_mut() {
        Some(cache) => cache.load(&config),
        None => load::load(&config),
    };
    diagnostics.extend(problems);
    timings.lap("load");
    outcome.documents = dossier.documents.len();
    let allow_raw_html = config.html.allow_raw_html;
    let names = anchor::Names::new(&dossier.actors.entries);
    let contested = dossier.contested_claims();
    let against: Vec<Vec<usize>> = dossier
        .documents
        .iter()
        .map(|d| contested_of(&contested, d))
        .collect();
    let reusable = cache.as_deref();
    let keep_bodies = keeps_bodies(dossier.documents.len());
    let (per_document, fresh): (Vec<_>, Vec<bool>) = (0..dossier.documents.len())
        .into_par_iter()
        .map(|index| {
            let document = &dossier.documents[index];
            if let Some(kept) = reusable.and_then(|cache| cache.rendered(document, &against[index]))
            {
                return (kept, false);
            }
            let (rendered, problems) =
                anchor_and_render(document, &names, allow_raw_html, &against[index]);
            if keep_bodies {
                return ((rendered, problems), true);
            }
            // The body is rendered again with its page: held for every
            // document, the bodies of a large dossier are its largest value.
            ((rendered.without_body(), problems), true)
        })
        .unzip();
    if let Some(cache) = cache.as_deref_mut() {
        cache.keep_rendered(&dossier.documents, &per_document, &fresh, &against);
    }
    let pages = cache.as_deref().map(|cache| &cache.pages);
    // A large dossier's bodies go until each page reads its file again, so
    // that they are never all in memory with the views across documents.
    // The preview keeps them, to render a page on the next save without
    // reading its file.
    let reread = !keep_bodies && output != Output::Memory;
    let mut dossier = dossier;
    let seen: Vec<load::TextSeen> = match reread {
        true => dossier
            .documents
            .par_iter_mut()
            .map(load::Document::let_body_go)
            .collect(),
        false => Vec::new(),
    };
    timings.lap("render");
    let mut rendered = Vec::with_capacity(per_document.len());
    for (document, problems) in per_document {
        rendered.push(document);
        diagnostics.extend(problems);
    }
    // The bodies kept, for their pages and print.html: the index takes
    // parts of each rendered document.
    let whole: Vec<Option<render::RenderedDocument>> = match keep_bodies {
        true => rendered
            .iter()
            .map(|r| r.has_body.then(|| r.clone()))
            .collect(),
        false => Vec::new(),
    };
    // The analysis runs even when there are errors: its warnings (an alias
    // found nowhere, figures that disagree) belong with them, so that one
    // run reports every problem. Only the writing waits for a clean run.
    let (site, problems) = index::index(&config, &dossier, rendered);
    diagnostics.extend(problems);
    timings.lap("index");
    if !diagnostics.has_errors() {
        // Every problem has been found: the front matter's text and the
        // positions in it go too.
        if reread {
            dossier
                .documents
                .par_iter_mut()
                .for_each(load::Document::let_text_go);
        }
        let dossier = dossier;
        let json = |site: &index::Site, out: &mut dyn std::io::Write| {
            index::dossier_json(site, &dossier, out)
        };
        let body = |index: usize| {
            if let Some(Some(kept)) = whole.get(index) {
                return Ok(kept.clone());
            }
            let document = &dossier.documents[index];
            let again;
            let document = match seen.get(index) {
                Some(&seen) => {
                    again = document.with_text_again(&config.content_dir, seen)?;
                    &again
                }
                None => document,
            };
            Ok(anchor_and_render(document, &names, allow_raw_html, &against[index]).0)
        };
        let memory = write::MemorySink::default();
        let built = match output {
            Output::Folder => write::replace_site(&config.build_dir, |staging| {
                // Read under the build lock: the site it describes is the
                // one this build replaces.
                let previous = write::PreviousPages::read(&config.build_dir);
                let sink = write::Sink::Folder(staging);
                let files = write::render_site(&config, site, &json, sink, Some(&previous), &body);
                outcome.pages_reused = previous.reused();
                files
            }),
            Output::Memory => {
                let sink = write::Sink::Memory(&memory);
                let pages = pages.map(|p| p as &dyn write::KeptPages);
                write::render_site(&config, site, &json, sink, pages, &body)
            }
            Output::Nowhere => {
                write::render_site(&config, site, &json, write::Sink::Discard, None, &body)
            }
        };
        timings.lap("pages");
        match built {
            Ok(files) => {
                outcome.files = files;
                match output {
                    Output::Folder => outcome.site_dir = Some(config.build_dir.clone()),
                    Output::Memory => outcome.memory = Some(memory.into_site()),
                    Output::Nowhere => {}
                }
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    outcome.diagnostics = diagnostics.sorted();
    outcome
}
