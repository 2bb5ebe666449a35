//! `isnad fmt`: the front matter of every document, and actors.yaml and
//! topics.yaml, rewritten in the canonical key order ([`load::order`]) and
//! quoting, with every comment and value kept ([`yaml::layout`]); the
//! Markdown body is never touched.
//!
//! A file whose YAML has errors (as `isnad check` reports them while
//! reading the dossier: syntax, unknown fields, wrong values, references to
//! nothing) is left as it is and its errors are reported. A file is
//! rewritten atomically: written beside itself under a hidden name, with
//! its permissions, then renamed over itself.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::{self, display_path, Config};
use crate::diagnostic::{file_error, write_error, Code, Diagnostic, Diagnostics, Severity};
use crate::load::{self, order};
use crate::yaml::layout::{self, LayoutError};

/// What `isnad fmt` did, or would do with `--check`.
#[derive(Debug, Default)]
pub struct Formatted {
    /// How many files were looked at.
    pub files: usize,
    /// The files not in canonical form (rewritten, unless checking), as
    /// shown to the editor.
    pub changed: Vec<PathBuf>,
    /// The errors of the files left as they are, and of any write.
    pub diagnostics: Vec<Diagnostic>,
}

impl Formatted {
    /// Whether any problem is an error.
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Formats the dossier at `root`; with `write` false, only tells which
/// files would change.
pub fn format(root: &Path, write: bool) -> Formatted {
    let mut formatted = Formatted::default();
    let config = match config::load(root, None) {
        Ok(config) => config,
        Err(problems) => {
            formatted.diagnostics = problems.into_iter().collect::<Diagnostics>().sorted();
            return formatted;
        }
    };
    let (dossier, problems) = load::load(&config);
    let errors: Vec<Diagnostic> = problems
        .sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let broken: HashSet<PathBuf> = errors.iter().map(|d| d.path.clone()).collect();
    let mut diagnostics = errors;
    let mut files: Vec<(PathBuf, Kind)> = dossier
        .documents
        .iter()
        .map(|d| (config.content_dir.join(&d.relative_path), Kind::Document))
        .collect();
    for (name, kind) in [("actors.yaml", Kind::Actors), ("topics.yaml", Kind::Topics)] {
        let path = config.content_dir.join(name);
        if path.is_file() {
            files.push((path, kind));
        }
    }
    let mut seen: HashSet<PathBuf> = files.iter().map(|(p, _)| display_path(p)).collect();
    seen.extend(broken.iter().cloned());
    formatted.files = seen.len();
    for (path, kind) in files {
        let shown = display_path(&path);
        if broken.contains(&shown) {
            continue;
        }
        match format_file(&config, &path, kind, write) {
            Ok(false) => {}
            Ok(true) => formatted.changed.push(shown),
            Err(problem) => diagnostics.push(problem),
        }
    }
    formatted.changed.sort();
    formatted.diagnostics = diagnostics;
    formatted
}

/// Which sort of YAML a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A document: its front matter.
    Document,
    /// actors.yaml, a list of actors.
    Actors,
    /// topics.yaml, a list of topics.
    Topics,
}

impl Kind {
    /// The key order of the mapping at `place` in this kind of file.
    fn order(self, place: &[String]) -> Vec<&'static str> {
        let place: Vec<&str> = place.iter().map(String::as_str).collect();
        order::names(match (self, place.as_slice()) {
            (Kind::Document, []) => order::FRONT_MATTER,
            (Kind::Document, ["source"]) => order::SOURCE,
            (Kind::Document, ["claims", "*"]) => order::CLAIM,
            (Kind::Document, ["claims", "*", "contradicts", "*"]) => order::CONTRADICTS,
            (Kind::Document, ["notes", "*"]) => order::NOTE,
            (Kind::Document, ["removed", "*"]) => order::REMOVAL,
            (Kind::Actors, ["*"]) => order::ACTOR,
            (Kind::Topics, ["*"]) => order::TOPIC,
            _ => &[],
        })
    }
}

/// Formats one file; returns whether it was not in canonical form.
fn format_file(config: &Config, path: &Path, kind: Kind, write: bool) -> Result<bool, Diagnostic> {
    let shown = display_path(path);
    let text = load::read_text(path)?;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let span = match kind {
        Kind::Document => {
            let span = load::front_matter_span(&text[bom..]).ok_or_else(|| {
                refused(
                    &shown,
                    "its front matter could not be found again".to_owned(),
                )
            })?;
            span.start + bom..span.end + bom
        }
        Kind::Actors | Kind::Topics => bom..text.len(),
    };
    let yaml = &text[span.clone()];
    let canonical = layout::canonical(yaml, &|place| kind.order(place)).map_err(|error| {
        let why = match error {
            LayoutError::Syntax(message) => format!("the YAML did not read again: {message}"),
            LayoutError::WouldChange(message) => message,
        };
        refused(&shown, why)
    })?;
    if canonical == yaml {
        return Ok(false);
    }
    let new_text = format!("{}{canonical}{}", &text[..span.start], &text[span.end..]);
    if kind == Kind::Document {
        // The document must read as before; the layout checked the values,
        // this checks the document as isnad reads it.
        let relative = path.strip_prefix(&config.content_dir).unwrap_or(path);
        let before = read_document(config, &shown, relative, &text);
        let after = read_document(config, &shown, relative, &new_text);
        if after.is_none() || before != after {
            return Err(refused(
                &shown,
                "the document would read differently".to_owned(),
            ));
        }
    }
    if write {
        replace(path, &new_text).map_err(|error| write_error(&shown, error))?;
    }
    Ok(true)
}

/// The document's front matter as isnad reads it, for comparison.
fn read_document(config: &Config, shown: &Path, relative: &Path, text: &str) -> Option<String> {
    load::document_from_text(
        shown,
        relative,
        text.to_owned(),
        &config.book.language,
        config.book.text_direction,
    )
    .ok()
    .map(|document| format!("{:?}|{}", document.front, document.body()))
}

fn refused(shown: &Path, why: String) -> Diagnostic {
    file_error(
        shown,
        Code::FormatRefused,
        format!("isnad fmt left this file as it was: {why}; this is a bug in isnad, please report it with the file"),
    )
}

/// Writes `text` over `path` atomically: into a hidden file beside it with
/// the same permissions, renamed over it.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.isnad-fmt-{}", std::process::id()));
    let permissions = std::fs::metadata(path)?.permissions();
    let written = std::fs::write(&temporary, text)
        .and_then(|()| std::fs::set_permissions(&temporary, permissions))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
