//! Problems found in a dossier, as values: a file, a position, a code and a
//! message, collected across a whole run and rendered once at the end.
//!
//! The text form is the contract of spec §8:
//! `path:line:column: error: message [code]`, followed by the offending
//! source line. Lines and columns are 1-based; columns count characters
//! (Unicode scalar values), not bytes, because editors of Arabic text count
//! what they see.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// How bad a problem is: errors fail the build (exit status 1), warnings
/// are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The dossier cannot be built as written.
    Error,
    /// Worth an editor's look; the site is still built.
    Warning,
}

/// What kind of problem a diagnostic reports. Each code is documented in the
/// README so that an editor can look it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A file could not be read.
    Io,
    /// A file is not valid UTF-8.
    NotUtf8,
    /// book.toml is not valid TOML or has a wrong value.
    Config,
    /// A document has no front matter, or it never closes.
    FrontMatter,
    /// YAML that does not parse.
    YamlSyntax,
    /// A field the format does not know (often a typo).
    UnknownField,
    /// A required field is missing.
    MissingField,
    /// A field has a value of the wrong type or form.
    InvalidValue,
    /// An id that is not `[a-z0-9-]+`.
    BadId,
    /// Two things share an id.
    DuplicateId,
    /// A reference to an actor, topic or claim that does not exist.
    UnknownReference,
    /// A URL whose scheme is not http or https.
    BadUrl,
    /// A quote that does not occur in the document body.
    QuoteNotFound,
    /// A quote that occurs more than once, with nothing to tell which.
    AmbiguousQuote,
    /// An invisible bidirectional control character.
    BidiControl,
    /// An actor alias that occurs in no document.
    UnusedAlias,
    /// A claim with a value but no topic.
    ValueWithoutTopic,
    /// A claim on a numeric topic that gives no value.
    TopicWithoutValue,
    /// A relation that makes no sense (a claim contradicting itself, an
    /// update across claimants).
    BadRelation,
    /// Two figures on one topic that do not overlap, by different
    /// claimants, that nothing links (spec §5).
    DetectedContradiction,
    /// Something in a document body that is shown differently from what was
    /// written (a link with an unsafe URL, raw HTML shown as text).
    Body,
    /// A template that does not parse or render.
    Template,
    /// The output folder could not be written.
    Output,
    /// A flag of the command line asks for something that cannot be done
    /// (`--out` over the dossier, a `--port` already taken).
    CommandLine,
    /// Markdown nested deeper than a reader or a browser can follow.
    TooDeep,
    /// A file in the content folder that is not read: a symbolic link, or
    /// Markdown under another extension than `.md`.
    SkippedFile,
    /// `isnad fmt` would have changed a value or lost a line of a file,
    /// which it therefore left as it was: a bug in isnad.
    FormatRefused,
}

impl Code {
    /// The code as it appears in messages, e.g. `unknown-reference`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::NotUtf8 => "not-utf8",
            Code::Config => "config",
            Code::FrontMatter => "front-matter",
            Code::YamlSyntax => "yaml-syntax",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::InvalidValue => "invalid-value",
            Code::BadId => "bad-id",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownReference => "unknown-reference",
            Code::BadUrl => "bad-url",
            Code::QuoteNotFound => "quote-not-found",
            Code::AmbiguousQuote => "ambiguous-quote",
            Code::BidiControl => "bidi-control",
            Code::UnusedAlias => "unused-alias",
            Code::ValueWithoutTopic => "value-without-topic",
            Code::TopicWithoutValue => "topic-without-value",
            Code::BadRelation => "bad-relation",
            Code::DetectedContradiction => "detected-contradiction",
            Code::Body => "body",
            Code::Template => "template",
            Code::Output => "output",
            Code::CommandLine => "command-line",
            Code::TooDeep => "too-deep",
            Code::SkippedFile => "skipped-file",
            Code::FormatRefused => "format-refused",
        }
    }
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of problem.
    pub code: Code,
    /// The file the editor must change, as the user would type it.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The offending line of the file, when there is one.
    #[serde(rename = "source-line")]
    pub source_line: Option<String>,
    /// Further lines: where else, what was meant, how to fix.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// Adds a line of explanation under the source line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Turns an error into a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Renders the diagnostic as text; `color` adds ANSI colours for a
    /// terminal.
    pub fn render(&self, color: bool) -> String {
        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let (on, off, bold, dim) = if color {
            (paint, "\x1b[0m", "\x1b[1m", "\x1b[2m")
        } else {
            ("", "", "", "")
        };
        let mut out = String::new();
        if self.code == Code::CommandLine {
            // About a flag, not a file: no position to give.
            let _ = writeln!(
                out,
                "{on}{label}:{off} {}: {} {dim}[{}]{off}",
                self.path.display(),
                self.message,
                self.code.as_str()
            );
            return out;
        }
        let _ = writeln!(
            out,
            "{bold}{}:{}:{}:{off} {on}{label}:{off} {} {dim}[{}]{off}",
            self.path.display(),
            self.line,
            self.column,
            self.message,
            self.code.as_str()
        );
        if let Some(line) = &self.source_line {
            let (line, column) = window(line, self.column);
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let _ = writeln!(out, "{dim}{number} |{off} {line}");
            let caret_pad: String = line
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{dim}{gutter} |{off} {caret_pad}{on}^{off}");
        }
        for note in &self.notes {
            let _ = writeln!(out, "  {dim}={off} {note}");
        }
        out
    }
}

/// Source lines longer than this many characters (a paragraph of an
/// article is one line) are shown as a window around the column.
const WINDOW: usize = 100;

/// The part of `line` to show, and the column within it: the whole line
/// when it is short, else `WINDOW` characters around `column`, with `…`
/// where it was cut.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW + WINDOW / 5 {
        return (line.to_owned(), column);
    }
    let index = column.saturating_sub(1).min(chars.len());
    let start = index.saturating_sub(WINDOW / 3);
    let end = (start + WINDOW).min(chars.len());
    let start = end.saturating_sub(WINDOW).min(start);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, index - start + 1 + usize::from(start > 0))
}

/// A text file with an index of its line starts, so that byte offsets can
/// be turned into lines and columns, and diagnostics made against it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    display_path: PathBuf,
    text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Indexes `text`, which will be reported as `display_path`.
    pub fn new(display_path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            display_path: display_path.into(),
            text,
            line_starts,
        }
    }

    /// The path shown in diagnostics.
    pub fn path(&self) -> &Path {
        &self.display_path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line_index];
        let column = self.text[start..offset].chars().count() + 1;
        (line_index + 1, column)
    }

    /// The byte offset of a 1-based line and column, clamped to the text.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_text = self.line_text(line).unwrap_or("");
        let within: usize = line_text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        start + within
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next);
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// An error at a byte offset.
    pub fn error_at_offset(
        &self,
        code: Code,
        offset: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.position(offset);
        self.error(code, line, column, message)
    }

    /// An error at a line and column.
    pub fn error(
        &self,
        code: Code,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: self.display_path.clone(),
            line,
            column,
            message: message.into(),
            source_line: self.line_text(line).map(str::to_owned),
            notes: Vec::new(),
        }
    }
}

/// An error about a file as a whole (one that could not be read, say),
/// reported at its first line.
pub fn file_error(path: impl Into<PathBuf>, code: Code, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code,
        path: path.into(),
        line: 1,
        column: 1,
        message: message.into(),
        source_line: None,
        notes: Vec::new(),
    }
}

/// A file that could not be written, at `path` ([`Code::Output`]).
pub fn write_error(path: impl Into<PathBuf>, error: std::io::Error) -> Diagnostic {
    file_error(path, Code::Output, format!("cannot write: {error}"))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// All the problems of a run.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// The problems, in file and position order (stable across runs, even
    /// though documents are checked in parallel).
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// Whether there is no problem at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.items.extend(iter);
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// The Levenshtein distance between two strings, in characters; used to
/// suggest the id or field an editor probably meant.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate closest to `wanted`, if it is close enough to be a likely
/// typo (at most a third of its length away).
///
/// ```
/// use isnad::diagnostic::closest;
/// assert_eq!(closest("luqman-ahmy", ["luqman-ahmi", "sohr"]), Some("luqman-ahmi"));
/// assert_eq!(closest("farhad", ["luqman-ahmi", "sohr"]), None);
/// ```
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(wanted, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// The error for a file that is not UTF-8, at its first bad byte.
pub(crate) fn not_utf8(shown: &std::path::Path, bytes: &[u8]) -> Diagnostic {
    let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
    let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
    let file = SourceFile::new(shown, prefix.as_str());
    file.error_at_offset(
        Code::NotUtf8,
        valid,
        "the file is not valid UTF-8; save it as UTF-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("a.md", "ab\nقسد x\n");
        assert_eq!(file.position(0), (1, 1));
        assert_eq!(file.position(3), (2, 1));
        // "قسد" is three two-byte letters; the space after it is column 4.
        assert_eq!(file.position(3 + 6), (2, 4));
        assert_eq!(file.offset(2, 4), 9);
        assert_eq!(file.line_text(2), Some("قسد x"));
        assert_eq!(file.line_text(4), None);
    }

    #[test]
    fn rendering_follows_the_spec_format() {
        let file = SourceFile::new("content/a.md", "---\nby: luqman\n");
        let text = file
            .error(Code::UnknownReference, 2, 5, "unknown actor")
            .render(false);
        assert_eq!(
            text,
            "content/a.md:2:5: error: unknown actor [unknown-reference]\n2 | by: luqman\n  |     ^\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("{}X{}", "ب".repeat(300), "ج".repeat(300));
        let file = SourceFile::new("a.md", line.as_str());
        let text = file.error(Code::Body, 1, 301, "here").render(false);
        let shown: Vec<&str> = text.lines().collect();
        let expected = format!("1 | …{}X{}…", "ب".repeat(33), "ج".repeat(66));
        assert_eq!(shown[1], expected);
        assert_eq!(shown[2], format!("  | {}^", " ".repeat(34)));
        // Near the start, nothing is cut before.
        let text = file.error(Code::Body, 1, 2, "here").render(false);
        assert!(text.lines().nth(1).unwrap().starts_with("1 | بب"));
    }

    #[test]
    fn closest_suggests_only_near_misses() {
        let ids = ["luqman-ahmi", "sdf", "sohr"];
        assert_eq!(closest("luqman-ahmy", ids), Some("luqman-ahmi"));
        assert_eq!(closest("farhad", ids), None);
    }
}
