//! Stage 2: reading a dossier from disk.
//!
//! walkdir finds every `.md` under the content folder; each file's front
//! matter is split off and parsed into the typed structs of [`schema`];
//! `actors.yaml` and `topics.yaml` likewise. [`validate`] then checks what
//! one file cannot check alone: unique ids and every reference.

pub mod order;
pub mod schema;
mod validate;

pub(crate) use validate::is_valid_id;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{display_path, Config, Direction};
use crate::diagnostic::{closest, file_error, not_utf8, Code, Diagnostic, Diagnostics, SourceFile};
use crate::yaml::{self, Locations, YamlError, YamlErrorKind};
use schema::{ActorSpec, FrontMatter, TopicSpec};

/// A YAML text inside a file (a whole `.yaml` file, or the front matter of
/// a document), with the positions of its values, so that any later check
/// can point at the line an editor wrote.
#[derive(Debug, Clone)]
pub struct YamlSource {
    file: SourceFile,
    /// Byte offset of the YAML text in the file.
    start: usize,
    /// Byte offset in the file where the YAML text ends.
    end: usize,
    /// Line of the file the YAML text starts on.
    first_line: usize,
    /// Found when the text is read, and found again from the text when
    /// they were let go and a problem is reported after all
    /// ([`Document::let_body_go`]).
    locations: std::sync::OnceLock<Locations>,
}

impl YamlSource {
    /// The YAML text at `start..end` of `file`, with the positions of its
    /// values, and its values as `T`: one pass for both ([`yaml::read`]).
    fn read<T: serde::de::DeserializeOwned>(
        file: SourceFile,
        start: usize,
        end: usize,
    ) -> (Self, Result<T, Diagnostic>) {
        let (locations, value) = yaml::read(&file.text()[start..end]);
        let source = Self::with(file, start..end, locations);
        let value = value.map_err(|error| source.convert(error));
        (source, value)
    }

    /// A text with no values to read, only positions (an empty file).
    fn new(file: SourceFile, start: usize, end: usize) -> Self {
        let locations = yaml::locate(&file.text()[start..end]);
        Self::with(file, start..end, locations)
    }

    fn with(file: SourceFile, text: std::ops::Range<usize>, locations: Locations) -> Self {
        let first_line = file.position(text.start).0;
        YamlSource {
            file,
            start: text.start,
            end: text.end,
            first_line,
            locations: locations.into(),
        }
    }

    /// The positions of the text's values.
    fn locations(&self) -> &Locations {
        self.locations.get_or_init(|| {
            let text = self.file.text().get(self.start..self.end);
            text.map(yaml::locate).unwrap_or_default()
        })
    }

    /// The file this YAML is in.
    pub fn file(&self) -> &SourceFile {
        &self.file
    }

    /// An error at the value found at `path` (e.g. `claims.2.by`).
    pub fn error(&self, code: Code, path: &str, message: impl Into<String>) -> Diagnostic {
        let offset = self
            .locations()
            .value(path)
            .map_or(self.start, |position| self.start + position.offset);
        self.file.error_at_offset(code, offset, message)
    }

    /// An error at the key of the entry at `path`.
    pub fn key_error(&self, code: Code, path: &str, message: impl Into<String>) -> Diagnostic {
        let offset = self
            .locations()
            .key(path)
            .map_or(self.start, |position| self.start + position.offset);
        self.file.error_at_offset(code, offset, message)
    }

    /// A problem with the `nth` (0-based) occurrence of character `c` in
    /// the value at `path` (`value` as parsed), located at that character
    /// when the value writes it as it is (not as an escape), else at the
    /// value.
    pub fn char_error(
        &self,
        code: Code,
        path: &str,
        (value, c, nth): (&str, char, usize),
        message: impl Into<String>,
    ) -> Diagnostic {
        let start = self.offset_of(path);
        let text = self.file.text();
        // As written, a value takes at most a few times its parsed length
        // (quotes, escapes); the search stays within it.
        let end = text.len().min(start + 4 * value.len() + 16);
        let found = text
            .get(start..end)
            .and_then(|rest| rest.match_indices(c).nth(nth))
            .map(|(offset, _)| start + offset);
        self.file
            .error_at_offset(code, found.unwrap_or(start), message)
    }

    /// The byte offset in the file of the value at `path`.
    pub fn offset_of(&self, path: &str) -> usize {
        self.locations()
            .value(path)
            .map_or(self.start, |position| self.start + position.offset)
    }

    fn convert(&self, error: YamlError) -> Diagnostic {
        let line = self.first_line + error.line - 1;
        let (code, message) = match &error.kind {
            YamlErrorKind::Syntax => (Code::YamlSyntax, format!("YAML: {}", error.message)),
            YamlErrorKind::UnknownField { .. } => (Code::UnknownField, error.message.clone()),
            YamlErrorKind::MissingField => (Code::MissingField, error.message.clone()),
            YamlErrorKind::Invalid => (Code::InvalidValue, error.message.clone()),
        };
        let mut diagnostic = self.file.error(code, line, error.column, message);
        if let Some((earlier_line, earlier_column)) = error.earlier {
            diagnostic = diagnostic.with_note(format!(
                "first written at line {}, column {earlier_column}",
                self.first_line + earlier_line - 1
            ));
        }
        match error.kind {
            YamlErrorKind::UnknownField { field, expected } => {
                match closest(&field, expected.iter().map(String::as_str)) {
                    Some(meant) => diagnostic.with_note(format!("did you mean `{meant}`?")),
                    None if !expected.is_empty() => {
                        diagnostic.with_note(format!("valid fields here: {}", expected.join(", ")))
                    }
                    None => diagnostic,
                }
            }
            _ => diagnostic,
        }
    }
}

/// One source document.
#[derive(Debug, Clone)]
pub struct Document {
    /// From `id:`, or the file's stem.
    pub id: String,
    /// Path below the content folder.
    pub relative_path: PathBuf,
    /// The front matter, as written.
    pub front: FrontMatter,
    /// The front matter's text and positions.
    pub yaml: YamlSource,
    /// Byte offset of the body in the file.
    pub body_start: usize,
    /// The body's language.
    pub lang: String,
    /// The body's direction.
    pub dir: Direction,
}

impl Document {
    /// The whole file.
    pub fn file(&self) -> &SourceFile {
        self.yaml.file()
    }

    /// The Markdown body, verbatim.
    pub fn body(&self) -> &str {
        &self.file().text()[self.body_start..]
    }

    /// Lets the body's text go once the document is rendered (the largest
    /// part of a loaded document, which only its page needs again),
    /// keeping the front matter's, at which later problems point: returns
    /// what [`Document::with_text_again`] checks the file against.
    pub fn let_body_go(&mut self) -> TextSeen {
        let text = self.file().text();
        let seen = TextSeen(text_hash(text));
        let front = text[..self.body_start].to_owned();
        self.yaml.file = SourceFile::new(self.yaml.file.path(), front);
        // Found again from the front matter's text for the few documents
        // a later problem points into.
        self.yaml.locations = std::sync::OnceLock::new();
        seen
    }

    /// Lets the rest of the text and the positions in it go, once every
    /// problem has been found.
    pub fn let_text_go(&mut self) {
        self.yaml.file = SourceFile::new(self.yaml.file.path(), String::new());
        self.yaml.locations = Locations::default().into();
    }

    /// The document with its file's text read again from `content_dir`,
    /// which must be the text it was loaded from (`seen`): a file saved
    /// while the site is built is an error, not a page that disagrees
    /// with the rest of the site. Positions are not read again: the
    /// problems of this text were reported when it was loaded.
    pub fn with_text_again(&self, content_dir: &Path, seen: TextSeen) -> Result<Self, Diagnostic> {
        let path = content_dir.join(&self.relative_path);
        let text = without_byte_order_mark(read_text(&path)?);
        if TextSeen(text_hash(&text)) != seen {
            return Err(file_error(
                display_path(&path),
                Code::Io,
                "the file changed while the site was being built; build again",
            ));
        }
        let mut document = self.clone();
        document.yaml.file = SourceFile::new(self.yaml.file.path(), text);
        Ok(document)
    }
}

/// What a document's text was when loaded ([`Document::let_body_go`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSeen(u64);

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// `text` without the byte order mark some editors put first.
fn without_byte_order_mark(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    text
}

/// actors.yaml or topics.yaml: its entries and where they are.
#[derive(Debug, Clone)]
pub struct Registry<T> {
    /// The entries, in file order.
    pub entries: Vec<T>,
    /// The file's text and positions; `None` when the file does not exist.
    pub yaml: Option<YamlSource>,
    /// Whether the file exists but could not be read or parsed.
    pub failed: bool,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry {
            entries: Vec::new(),
            yaml: None,
            failed: false,
        }
    }
}

/// Everything read from disk, not yet cross-checked against itself beyond
/// [`validate`].
#[derive(Debug, Clone, Default)]
pub struct Dossier {
    /// The source documents, sorted by id.
    pub documents: Vec<Document>,
    /// actors.yaml.
    pub actors: Registry<ActorSpec>,
    /// topics.yaml.
    pub topics: Registry<TopicSpec>,
    /// How many document files could not be read or parsed (each is
    /// reported; their claims are unknown).
    pub unreadable: usize,
}

impl Dossier {
    /// How many declared contradictions each claim is part of, either side
    /// declaring (a pair declared from both sides counts once): what a
    /// document page marks in its text before the whole dossier is
    /// indexed.
    pub fn contested_claims(&self) -> std::collections::HashMap<&str, usize> {
        let mut pairs = std::collections::BTreeSet::new();
        for document in &self.documents {
            for claim in &document.front.claims {
                for other in &claim.contradicts {
                    let (a, b) = (claim.id.as_str(), other.claim.as_str());
                    if a != b {
                        pairs.insert(if a < b { (a, b) } else { (b, a) });
                    }
                }
            }
        }
        let mut counts = std::collections::HashMap::new();
        for (a, b) in pairs {
            *counts.entry(a).or_default() += 1;
            *counts.entry(b).or_default() += 1;
        }
        counts
    }
}

/// Reads and checks the dossier described by `config`. Documents that
/// cannot be read or parsed are left out of the result and reported.
pub fn load(config: &Config) -> (Dossier, Diagnostics) {
    load_with(config, &|path| load_document(config, path))
}

/// Reads a document file: [`load_document`], or one that reuses what an
/// earlier build read (`isnad serve` re-reads only the files that changed).
pub type ReadDocument<'a> = dyn Fn(&Path) -> Result<Document, Diagnostic> + Sync + 'a;

/// Like [`load`], with `read` reading each document file.
pub fn load_with(config: &Config, read: &ReadDocument<'_>) -> (Dossier, Diagnostics) {
    load_overlaid(config, read, &|path| path.exists().then(|| read_text(path)))
}

/// The text of actors.yaml or topics.yaml: `None` when there is no such
/// file; an editor's unsaved buffer in `isnad lsp`.
pub type ReadRegistry<'a> = dyn Fn(&Path) -> Option<Result<String, Diagnostic>> + 'a;

/// Like [`load_with`], with `registry` giving the text of actors.yaml and
/// topics.yaml (`isnad lsp` reads an editor's unsaved buffers).
pub fn load_overlaid(
    config: &Config,
    read: &ReadDocument<'_>,
    registry: &ReadRegistry<'_>,
) -> (Dossier, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let paths = match find_documents(&config.content_dir) {
        Ok((paths, skipped)) => {
            diagnostics.extend(skipped);
            paths
        }
        Err(problem) => {
            diagnostics.push(problem);
            return (Dossier::default(), diagnostics);
        }
    };
    let results: Vec<Result<Document, Diagnostic>> =
        paths.par_iter().map(|path| read(path)).collect();
    let mut documents = Vec::with_capacity(results.len());
    let mut unreadable = Vec::new();
    for result in results {
        match result {
            Ok(document) => documents.push(document),
            Err(problem) => unreadable.push(problem),
        }
    }
    documents.sort_by(|a, b| a.id.cmp(&b.id).then(a.relative_path.cmp(&b.relative_path)));
    let actors_path = config.content_dir.join("actors.yaml");
    let topics_path = config.content_dir.join("topics.yaml");
    let actors = load_registry(&actors_path, registry(&actors_path), &mut diagnostics);
    let topics = load_registry(&topics_path, registry(&topics_path), &mut diagnostics);
    let dossier = Dossier {
        documents,
        actors,
        topics,
        unreadable: unreadable.len(),
    };
    let (problems, unchecked) = validate::validate(&dossier);
    let who = if unreadable.len() == 1 {
        "this document"
    } else {
        "the documents that do not read"
    };
    if let (Some(first), true) = (unreadable.first_mut(), unchecked > 0) {
        first.notes.push(format!(
            "{unchecked} reference(s) to claims in other documents were not checked, since {who} may define them; they are checked once every document reads"
        ));
    }
    diagnostics.extend(unreadable);
    diagnostics.extend(problems);
    (dossier, diagnostics)
}

/// Every `.md` file below `content_dir`, in a stable order; hidden files and
/// folders (editor backups, `.git`) are skipped. Symbolic links are not
/// followed (one could lead outside the dossier) and files that look like
/// Markdown under another extension are not read; each gets a warning, so
/// that no document is left out without a word.
fn find_documents(content_dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Diagnostic> {
    if !content_dir.is_dir() {
        return Err(file_error(
            display_path(content_dir),
            Code::Io,
            "the content folder does not exist",
        ));
    }
    let mut paths = Vec::new();
    let mut skipped = Vec::new();
    let walker = WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.map_err(|error| {
            let path = error.path().map(Path::to_path_buf).unwrap_or_default();
            file_error(
                display_path(&path),
                Code::Io,
                format!("cannot read: {error}"),
            )
        })?;
        let extension = entry
            .path()
            .extension()
            .map(|ext| ext.to_string_lossy().into_owned());
        let looks_like_markdown = extension.as_deref().is_some_and(|ext| {
            ["md", "markdown", "mdown", "mkd", "mkdn"].contains(&ext.to_ascii_lowercase().as_str())
        });
        let shown = display_path(entry.path());
        if entry.path_is_symlink() && (looks_like_markdown || entry.path().is_dir()) {
            skipped.push(file_error(
                &shown,
                Code::SkippedFile,
                "not read: it is a symbolic link, and isnad does not follow links (one could lead outside the dossier); copy the file or folder here instead",
            ).as_warning());
        } else if entry.file_type().is_file() && extension.as_deref() == Some("md") {
            paths.push(entry.into_path());
        } else if entry.file_type().is_file() && looks_like_markdown {
            skipped.push(
                file_error(
                    &shown,
                    Code::SkippedFile,
                    "not read: documents end in `.md` (lower case); rename it to read it",
                )
                .as_warning(),
            );
        }
    }
    Ok((paths, skipped))
}

/// The largest file isnad reads: ten times a very long book. A larger one
/// is a mistake (a log, a database, a device), and reading it would take
/// the machine's memory.
pub(crate) const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// Reads a regular file as UTF-8 text, reporting an invalid byte or a NUL
/// at its line and column. Devices, FIFOs and files over
/// [`MAX_FILE_BYTES`] are refused before anything is read.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    use std::io::Read;
    let shown = display_path(path);
    let cannot = |error: &dyn std::fmt::Display| {
        file_error(&shown, Code::Io, format!("cannot read: {error}"))
    };
    let metadata = std::fs::metadata(path).map_err(|e| cannot(&e))?;
    if !metadata.is_file() {
        return Err(cannot(&"not a regular file (a folder, device or pipe)"));
    }
    let too_large = || {
        cannot(&format_args!(
            "the file is larger than {} MiB",
            MAX_FILE_BYTES / 1024 / 1024
        ))
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes).map_err(|error| not_utf8(&shown, error.as_bytes()))?;
    refuse_nul(path, text)
}

/// Refuses a text with a NUL character, as [`read_text`] does: the check
/// for a text that comes from an editor's buffer rather than from disk.
pub fn refuse_nul(path: &Path, text: String) -> Result<String, Diagnostic> {
    let shown = display_path(path);
    if let Some(at) = text.find('\0') {
        let file = SourceFile::new(shown.as_path(), &text[..at]);
        return Err(file.error_at_offset(
            Code::NotUtf8,
            at,
            "the file contains a NUL character (U+0000), which is not text and no page can show: remove it",
        ));
    }
    Ok(text)
}

/// Reads and parses one document file of the dossier.
pub fn load_document(config: &Config, path: &Path) -> Result<Document, Diagnostic> {
    let text = read_text(path)?;
    let relative_path = path.strip_prefix(&config.content_dir).unwrap_or(path);
    document_from_text(
        &display_path(path),
        relative_path,
        text,
        &config.book.language,
        config.book.text_direction,
    )
}

/// Parses one document from its text. `shown` is the path used in
/// diagnostics, `relative_path` its place below the content folder (its
/// stem is the default id); `language` and `direction` are the dossier's.
pub fn document_from_text(
    shown: &Path,
    relative_path: &Path,
    text: String,
    language: &str,
    direction: Direction,
) -> Result<Document, Diagnostic> {
    let file = SourceFile::new(shown, without_byte_order_mark(text));
    let split = split_front_matter(&file)?;
    let (yaml, front) = YamlSource::read::<FrontMatter>(file, split.yaml_start, split.yaml_end);
    let front = front?;
    let id = match &front.id {
        Some(id) => id.clone(),
        None => relative_path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let lang = front.lang.clone().unwrap_or_else(|| language.to_owned());
    let dir = front.dir.unwrap_or_else(|| {
        if front.lang.is_some() {
            Direction::of_language(&lang)
        } else {
            direction
        }
    });
    Ok(Document {
        id,
        relative_path: relative_path.to_path_buf(),
        front,
        yaml,
        body_start: split.body_start,
        lang,
        dir,
    })
}

/// The byte range of the front matter's YAML in a document's text (after
/// any byte order mark): the lines between the two `---`.
pub fn front_matter_span(text: &str) -> Option<std::ops::Range<usize>> {
    let file = SourceFile::new(Path::new(""), text);
    split_front_matter(&file)
        .ok()
        .map(|split| split.yaml_start..split.yaml_end)
}

struct FrontMatterSplit {
    yaml_start: usize,
    yaml_end: usize,
    body_start: usize,
}

/// Finds the `---` lines around the front matter.
fn split_front_matter(file: &SourceFile) -> Result<FrontMatterSplit, Diagnostic> {
    let text = file.text();
    let mut lines = text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    });
    match lines.next() {
        Some((_, first)) if first.trim_end() == "---" => {}
        _ if text.trim().is_empty() => {
            return Err(file.error(
                Code::FrontMatter,
                1,
                1,
                "the file is empty: a document starts with a front matter block (a line `---`, the YAML, another `---`) and then its text",
            ))
        }
        _ => {
            return Err(file.error(
                Code::FrontMatter,
                1,
                1,
                "a document must start with a front matter block: a line `---`, the YAML, and another `---`",
            ))
        }
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut block = BlockScalar::default();
    for (start, line) in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let split = FrontMatterSplit {
                yaml_start,
                yaml_end: start,
                body_start: start + line.len(),
            };
            return match fence_doubt(&block, &text[split.body_start..]) {
                None => Ok(split),
                Some(doubt) => Err(file.error_at_offset(
                    Code::FrontMatter,
                    start,
                    format!("this `{trimmed}` line ends the front matter, but {doubt}"),
                )
                .with_note(
                    "a line `---` at the start of a line always ends the front matter; inside a `|` or `>` text, indent it like the lines around it",
                )),
            };
        }
        block.read(line);
    }
    Err(file.error(
        Code::FrontMatter,
        1,
        1,
        "the front matter opened here never closes: add a line `---` after the YAML",
    ))
}

/// The top-level fields of a front matter, as they start a line.
const FRONT_MATTER_FIELDS: &[&str] = &[
    "id:", "title:", "source:", "lang:", "dir:", "summary:", "tags:", "claims:", "notes:",
    "removed:",
];

/// Whether the YAML read so far is inside a block scalar (`key: |` or
/// `key: >` and the lines indented under it), and at which indentation its
/// key is.
#[derive(Debug, Default)]
struct BlockScalar {
    /// The key's indentation while a block scalar is open.
    open_at: Option<usize>,
}

impl BlockScalar {
    fn read(&mut self, line: &str) {
        let content = line.trim_end();
        let indent = content.len() - content.trim_start().len();
        if content.trim().is_empty() || self.open_at.is_some_and(|key| indent > key) {
            return;
        }
        // A line at the key's indentation or less ends the text; it may
        // open another.
        let value = content.split(" #").next().unwrap_or_default().trim_end();
        let (before, token) = value.rsplit_once(' ').unwrap_or(("", value));
        let is_header = token.starts_with(['|', '>'])
            && token[1..]
                .chars()
                .all(|c| matches!(c, '+' | '-' | '1'..='9'))
            && before.trim_end().ends_with([':', '-']);
        self.open_at = is_header.then_some(indent);
    }
}

/// Why a fence line may not be where the editor meant the front matter to
/// end, if there is a reason: it comes in the middle of a block scalar
/// whose indented lines go on after it, or the text after it starts with
/// a front matter field.
fn fence_doubt(block: &BlockScalar, body: &str) -> Option<String> {
    let next = body.lines().find(|line| !line.trim().is_empty())?;
    let indent = next.len() - next.trim_start().len();
    if block.open_at.is_some_and(|key| indent > key) {
        return Some(
            "it is in the middle of a `|` or `>` text whose indented lines go on after it"
                .to_owned(),
        );
    }
    let field = FRONT_MATTER_FIELDS
        .iter()
        .find(|field| next.starts_with(*field))?;
    Some(format!(
        "the text after it starts with `{field}`, a front matter field: the YAML seems to go on"
    ))
}

fn load_registry<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: Option<Result<String, Diagnostic>>,
    diagnostics: &mut Diagnostics,
) -> Registry<T> {
    let text = match text {
        None => return Registry::default(),
        Some(Ok(text)) => text,
        Some(Err(problem)) => {
            diagnostics.push(problem);
            return Registry {
                failed: true,
                ..Registry::default()
            };
        }
    };
    let length = text.len();
    let file = SourceFile::new(display_path(path), text);
    if file.text().trim().is_empty() {
        return Registry {
            entries: Vec::new(),
            yaml: Some(YamlSource::new(file, 0, length)),
            failed: false,
        };
    }
    let (source, parsed) = YamlSource::read::<Vec<T>>(file, 0, length);
    match parsed {
        Ok(entries) => Registry {
            entries,
            yaml: Some(source),
            failed: false,
        },
        Err(mut problem) => {
            if problem.message.contains("expected a sequence") {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                problem = problem.with_note(format!(
                    "{name} is a list: each entry starts with `- id:` at the start of a line"
                ));
            }
            diagnostics.push(problem);
            Registry {
                entries: Vec::new(),
                yaml: Some(source),
                failed: true,
            }
        }
    }
}

/// A document made from front matter fields and a body, for unit tests:
/// `title: t` and `source.outlet: o` are given; `front` adds the rest.
#[cfg(test)]
pub(crate) fn test_document(front: &str, body: &str) -> Document {
    let text = format!("---\ntitle: t\nsource:\n  outlet: o\n{front}---\n{body}");
    document_from_text(
        Path::new("d.md"),
        Path::new("d.md"),
        text,
        "ar",
        Direction::Rtl,
    )
    .expect("document parses")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\u{feff}---\ntitle: \"t\"\nsource:\n  outlet: \"o\"\n---\nالنص كله.\n";

    fn loaded(content: &Path) -> Document {
        let path = content.join("d.md");
        std::fs::write(&path, TEXT).unwrap();
        let text = read_text(&path).unwrap();
        document_from_text(&path, Path::new("d.md"), text, "ar", Direction::Rtl).unwrap()
    }

    #[test]
    fn a_body_let_go_is_read_again_from_its_unchanged_file() {
        let temp = tempfile::tempdir().unwrap();
        let mut document = loaded(temp.path());
        let at_outlet = |document: &Document| {
            let error = document
                .yaml
                .error(Code::InvalidValue, "source.outlet", "x");
            (error.line, error.column, error.source_line)
        };
        let before = at_outlet(&document);
        assert_eq!(before.0, 4);
        let seen = document.let_body_go();
        // A problem found later still points at its place.
        assert_eq!(at_outlet(&document), before);
        assert_eq!(document.body(), "");
        assert_eq!(document.file().text(), &TEXT[3..][..document.body_start]);
        document.let_text_go();
        let again = document.with_text_again(temp.path(), seen).unwrap();
        assert_eq!(again.body(), "النص كله.\n");
        assert_eq!(again.front.title, "t");
    }

    #[test]
    fn a_file_changed_since_it_was_loaded_is_an_error() {
        let temp = tempfile::tempdir().unwrap();
        let mut document = loaded(temp.path());
        let seen = document.let_body_go();
        std::fs::write(temp.path().join("d.md"), TEXT.replace("كله", "بعضه")).unwrap();
        let error = document.with_text_again(temp.path(), seen).unwrap_err();
        assert_eq!(
            error.message,
            "the file changed while the site was being built; build again"
        );
        assert!(error.path.ends_with("d.md"), "{:?}", error.path);
    }
}
