//! Stage 1: `book.toml` (spec §2).
//!
//! The keys follow mdBook where the meaning is the same. Every unknown key is
//! an error naming the key and its line, all of them at once, so that a typo
//! is never silently ignored.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{closest, file_error, Code, Diagnostic, SourceFile};

/// The direction text runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Right to left (Arabic, Persian, Hebrew, Urdu…).
    Rtl,
    /// Left to right.
    Ltr,
}

impl Direction {
    /// `"rtl"` or `"ltr"`, as in the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rtl => "rtl",
            Direction::Ltr => "ltr",
        }
    }

    /// The direction a language is written in, from its primary subtag.
    pub fn of_language(language: &str) -> Direction {
        const RIGHT_TO_LEFT: [&str; 12] = [
            "ar", "arc", "ckb", "dv", "fa", "he", "ku-arab", "ps", "sd", "ug", "ur", "yi",
        ];
        let lower = language.to_ascii_lowercase();
        let primary = lower.split('-').next().unwrap_or_default();
        if RIGHT_TO_LEFT.contains(&primary) || lower.contains("-arab") || lower.contains("-hebr") {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

/// The `[book]` table.
#[derive(Debug, Clone, Serialize)]
pub struct Book {
    /// The dossier's title.
    pub title: String,
    /// A sentence or two about the dossier.
    pub description: Option<String>,
    /// Who compiled it.
    pub authors: Vec<String>,
    /// BCP 47 language tag; `ar` by default.
    pub language: String,
    /// Direction of the interface and of documents that do not set their own.
    pub text_direction: Direction,
}

/// The `[output.html]` table.
#[derive(Debug, Clone, Serialize)]
pub struct HtmlOutput {
    /// Absolute URL or path prefix, used only where a full URL is needed.
    pub site_url: String,
    /// Whether pages are minified (needs the `minify` cargo feature).
    pub minify: bool,
    /// Whether the search page and index are built.
    pub search: bool,
    /// Whether raw HTML in bodies and YAML is passed through.
    pub allow_raw_html: bool,
}

/// A dossier's configuration, with paths resolved against its folder.
#[derive(Debug, Clone)]
pub struct Config {
    /// The dossier folder, as the user named it.
    pub root: PathBuf,
    /// `[book]`.
    pub book: Book,
    /// Where the site is written.
    pub build_dir: PathBuf,
    /// Where the documents are.
    pub content_dir: PathBuf,
    /// `[output.html]`.
    pub html: HtmlOutput,
    /// `[quantities]`: the ranges vague values stand for.
    pub quantities: Quantities,
}

impl Config {
    /// The path to show for a file of the dossier: relative to the folder
    /// the user named, with no leading `./`.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        display_path(path)
    }

    /// The dossier's `templates/` folder.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }

    /// The dossier's `theme/` folder.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("theme")
    }
}

/// Strips a leading `./` so that paths print as an editor would type them.
pub fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    book: RawBook,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    output: RawOutput,
    #[serde(default)]
    quantities: std::collections::BTreeMap<String, [f64; 2]>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawBook {
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    language: Option<String>,
    text_direction: Option<Direction>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawBuild {
    build_dir: Option<PathBuf>,
    content_dir: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
struct RawOutput {
    #[serde(default)]
    html: RawHtml,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawHtml {
    site_url: Option<String>,
    minify: Option<bool>,
    search: Option<bool>,
    allow_raw_html: Option<bool>,
}

/// The keys book.toml may hold, table by table. Kept beside the raw structs
/// above; a test checks that the two agree.
const SCHEMA: &[(&str, &[&str])] = &[
    ("", &["book", "build", "output", "quantities"]),
    (
        "book",
        &[
            "title",
            "description",
            "authors",
            "language",
            "text-direction",
        ],
    ),
    ("build", &["build-dir", "content-dir"]),
    ("output", &["html"]),
    ("quantities", &QUANTITY_NAMES),
    (
        "output.html",
        &["site-url", "minify", "search", "allow-raw-html"],
    ),
];

/// Reads `DIR/book.toml`. `out` overrides `build-dir` (the `--out` flag).
pub fn load(root: &Path, out: Option<&Path>) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("book.toml");
    let shown = display_path(&path);
    let bytes = std::fs::read(&path).map_err(|error| {
        vec![file_error(
            &shown,
            Code::Config,
            format!("cannot read book.toml: {error}"),
        )]
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|error| vec![crate::diagnostic::not_utf8(&shown, error.as_bytes())])?;
    let file = SourceFile::new(shown, text.as_str());
    parse(root, &file, out)
}

/// Parses the text of a book.toml (already read into `file`).
pub fn parse(
    root: &Path,
    file: &SourceFile,
    out: Option<&Path>,
) -> Result<Config, Vec<Diagnostic>> {
    let table = DeTable::parse(file.text()).map_err(|error| vec![toml_error(file, &error)])?;
    let mut problems = Vec::new();
    check_keys(file, "", table.get_ref(), &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let raw: RawConfig =
        toml::from_str(file.text()).map_err(|error| vec![toml_error(file, &error)])?;
    let config = resolve(root, raw, out, file, &table).map_err(|problem| vec![*problem])?;
    Ok(config)
}

fn toml_error(file: &SourceFile, error: &toml::de::Error) -> Diagnostic {
    let offset = error.span().map_or(0, |span| span.start);
    let message = error.message().trim().replace('\n', " ");
    file.error_at_offset(Code::Config, offset, format!("book.toml: {message}"))
}

fn check_keys(
    file: &SourceFile,
    table_path: &str,
    table: &DeTable<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let Some((_, known)) = SCHEMA.iter().find(|(name, _)| *name == table_path) else {
        return;
    };
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        if !known.contains(&name) {
            let shown = if table_path.is_empty() {
                name.to_owned()
            } else {
                format!("{table_path}.{name}")
            };
            let mut problem = file.error_at_offset(
                Code::Config,
                key.span().start,
                format!("unknown key `{shown}` in book.toml"),
            );
            if let Some(meant) = closest(name, known.iter().copied()) {
                problem = problem.with_note(format!("did you mean `{meant}`?"));
            } else {
                problem = problem.with_note(format!("valid keys here: {}", known.join(", ")));
            }
            problems.push(problem);
        } else if let DeValue::Table(inner) = value.get_ref() {
            let child = if table_path.is_empty() {
                name.to_owned()
            } else {
                format!("{table_path}.{name}")
            };
            check_keys(file, &child, inner, problems);
        }
    }
}

/// The span of a key path such as `book.language`, for errors about values.
fn key_span(table: &DeTable<'_>, path: &str) -> Option<Range<usize>> {
    let mut current = table;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let (_, value) = current.iter().find(|(key, _)| key.get_ref() == part)?;
        if parts.peek().is_none() {
            return Some(value.span());
        }
        match value.get_ref() {
            DeValue::Table(inner) => current = inner,
            _ => return None,
        }
    }
    None
}

fn resolve(
    root: &Path,
    raw: RawConfig,
    out: Option<&Path>,
    file: &SourceFile,
    table: &toml::Spanned<DeTable<'_>>,
) -> Result<Config, Box<Diagnostic>> {
    let at = |path: &str, message: String| {
        let offset = key_span(table.get_ref(), path).map_or(0, |span| span.start);
        Box::new(file.error_at_offset(Code::Config, offset, message))
    };
    let Some(title) = raw.book.title.filter(|title| !title.trim().is_empty()) else {
        // At the empty title when there is one, else at `[book]`.
        let place = if key_span(table.get_ref(), "book.title").is_some() {
            "book.title"
        } else {
            "book"
        };
        return Err(at(
            place,
            "book.toml: `[book] title` is required".to_owned(),
        ));
    };
    let language = raw.book.language.unwrap_or_else(|| "ar".to_owned());
    if !is_language_tag(&language) {
        return Err(at(
            "book.language",
            format!("`{language}` is not a BCP 47 language tag such as `ar` or `en-GB`"),
        ));
    }
    let text_direction = raw
        .book
        .text_direction
        .unwrap_or_else(|| Direction::of_language(&language));
    let site_url = raw.output.html.site_url.unwrap_or_else(|| "/".to_owned());
    if !(site_url.starts_with('/') || is_http_url(&site_url)) {
        return Err(at(
            "output.html.site-url",
            format!("site-url `{site_url}` must be an http(s) URL or a path starting with `/`"),
        ));
    }
    // A problem with the folders is blamed on what the editor wrote: the
    // `--out` flag, else the key that is set.
    let folder_error = |reason: String, key: &str| match out {
        Some(_) => Box::new(file_error("--out", Code::CommandLine, reason)),
        None => at(key, reason),
    };
    let build_key = if raw.build.build_dir.is_some() || raw.build.content_dir.is_none() {
        "build.build-dir"
    } else {
        "build.content-dir"
    };
    let written_build_dir = raw.build.build_dir.unwrap_or_else(|| PathBuf::from("site"));
    let written_content_dir = raw
        .build
        .content_dir
        .unwrap_or_else(|| PathBuf::from("content"));
    let build_dir = match out {
        Some(out) => out.to_path_buf(),
        None => root.join(&written_build_dir),
    };
    let content_dir = root.join(&written_content_dir);
    if let Some(reason) = reserved_folder(&written_content_dir) {
        return Err(at("build.content-dir", reason));
    }
    if let Some(reason) = reserved_folder(out.unwrap_or(&written_build_dir)) {
        return Err(folder_error(reason, "build.build-dir"));
    }
    if let Some(reason) = unsafe_build_dir(root, &build_dir, &content_dir) {
        return Err(folder_error(reason, build_key));
    }
    let mut quantities = Quantities::default();
    for (name, [low, high]) in &raw.quantities {
        let Some(index) = QUANTITY_NAMES.iter().position(|n| n == name) else {
            continue; // Reported as an unknown key.
        };
        if !(low.is_finite() && high.is_finite()) || low > high {
            return Err(at(
                &format!("quantities.{name}"),
                format!("`{name}` = [{low}, {high}]: a range is [min, max] with min at most max"),
            ));
        }
        quantities.ranges[index] = (*low, *high);
    }
    Ok(Config {
        root: root.to_path_buf(),
        book: Book {
            title,
            description: raw.book.description,
            authors: raw.book.authors,
            language,
            text_direction,
        },
        build_dir,
        content_dir,
        html: HtmlOutput {
            site_url: if site_url.ends_with('/') {
                site_url
            } else {
                format!("{site_url}/")
            },
            minify: raw.output.html.minify.unwrap_or(true),
            search: raw.output.html.search.unwrap_or(true),
            allow_raw_html: raw.output.html.allow_raw_html.unwrap_or(false),
        },
        quantities,
    })
}

/// The names of the vague quantities a claim's `value` can be, in order,
/// as book.toml's `[quantities]` and the YAML write them.
pub const QUANTITY_NAMES: [&str; 4] = ["a-few", "dozens", "hundreds", "thousands"];

/// The ranges vague quantities stand for, so that they can be ordered,
/// charted and compared with numbers. By default the plural's smallest and
/// largest reading: a few = 2–9, dozens (Arabic «عشرات», tens) = 20–99,
/// hundreds = 200–999, thousands = 2,000–9,999; book.toml's `[quantities]`
/// states others (`dozens = [12, 99]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantities {
    /// (min, max) for each of [`QUANTITY_NAMES`], in order.
    pub ranges: [(f64, f64); 4],
}

impl Default for Quantities {
    fn default() -> Self {
        Quantities {
            ranges: [(2.0, 9.0), (20.0, 99.0), (200.0, 999.0), (2000.0, 9999.0)],
        }
    }
}

/// What isnad puts in the names of its own files beside a build folder
/// (`.site.isnad-new-…`, `.site.isnad-old-…`, `.site.isnad-lock`).
pub const RESERVED_INFIX: &str = ".isnad-";

/// Why a folder an editor named cannot be used, if it cannot: a name with
/// [`RESERVED_INFIX`] could be taken for one of isnad's own folders, which
/// a build removes.
fn reserved_folder(path: &Path) -> Option<String> {
    path.components()
        .any(|c| c.as_os_str().to_string_lossy().contains(RESERVED_INFIX))
        .then(|| {
            format!(
                "`{}`: folder names containing `{RESERVED_INFIX}` are isnad's own (its staging folders); choose another name",
                path.display()
            )
        })
}

/// Why a build folder would destroy the dossier it is built from, if it
/// would: the build replaces the whole folder.
fn unsafe_build_dir(root: &Path, build: &Path, content: &Path) -> Option<String> {
    let build = normalize(build);
    let protected = [
        normalize(root),
        normalize(content),
        normalize(&root.join("templates")),
        normalize(&root.join("theme")),
        normalize(&root.join("book.toml")),
    ];
    let clash = protected
        .iter()
        .any(|kept| kept.starts_with(&build) || build.starts_with(kept) && *kept != protected[0]);
    clash.then(|| {
        format!(
            "build folder `{}` would overwrite the dossier's own files; choose a folder such as `site`",
            build.display()
        )
    })
}

/// Resolves `.` and `..` lexically, against the current folder when the
/// path is relative (the folder may not exist yet, so no canonicalize).
fn normalize(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut result = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                result.pop();
            }
            other => result.push(other),
        }
    }
    result
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Whether `url` is an absolute http or https URL with a host.
pub fn is_http_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && !host.is_empty()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(Path::new("d"), &SourceFile::new("d/book.toml", text), None)
    }

    #[test]
    fn the_full_schema_parses() {
        let config = parse_text(
            "[book]\ntitle = \"t\"\ndescription = \"d\"\nauthors = [\"a\"]\nlanguage = \"en\"\ntext-direction = \"rtl\"\n\
             [build]\nbuild-dir = \"out\"\ncontent-dir = \"docs\"\n\
             [output.html]\nsite-url = \"https://example.org/d\"\nminify = false\nsearch = false\nallow-raw-html = true\n\
             [quantities]\ndozens = [12, 99]\n",
        )
        .unwrap();
        assert_eq!(config.quantities.ranges[1], (12.0, 99.0));
        assert_eq!(config.quantities.ranges[2], (200.0, 999.0));
        assert_eq!(config.book.text_direction, Direction::Rtl);
        assert_eq!(config.build_dir, Path::new("d/out"));
        assert_eq!(config.content_dir, Path::new("d/docs"));
        assert_eq!(config.html.site_url, "https://example.org/d/");
        assert!(!config.html.minify && !config.html.search && config.html.allow_raw_html);
    }

    #[test]
    fn defaults_follow_the_language() {
        let config = parse_text("[book]\ntitle = \"t\"\n").unwrap();
        assert_eq!(config.book.language, "ar");
        assert_eq!(config.book.text_direction, Direction::Rtl);
        let english = parse_text("[book]\ntitle = \"t\"\nlanguage = \"en\"\n").unwrap();
        assert_eq!(english.book.text_direction, Direction::Ltr);
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_line() {
        let errors =
            parse_text("[book]\ntitle = \"t\"\nlangauge = \"ar\"\n[output.html]\nminfy = true\n")
                .unwrap_err();
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (3, 1, "unknown key `book.langauge` in book.toml"),
                (5, 1, "unknown key `output.html.minfy` in book.toml")
            ]
        );
        assert_eq!(errors[0].notes, ["did you mean `language`?"]);
    }

    #[test]
    fn a_build_dir_over_the_dossier_is_refused() {
        for dir in [".", "content", "..", "content/site"] {
            let text = format!("[book]\ntitle = \"t\"\n[build]\nbuild-dir = \"{dir}\"\n");
            let errors = parse_text(&text).unwrap_err();
            assert_eq!(errors[0].line, 4, "{dir}");
        }
    }

    #[test]
    fn folder_problems_are_blamed_on_what_was_written() {
        // The content folder inside the build folder: content-dir is the
        // key the editor set.
        let errors = parse_text("[book]\ntitle = \"t\"\n[build]\ncontent-dir = \"site/content\"\n")
            .unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (4, 15));
        let errors =
            parse_text("[book]\ntitle = \"t\"\n[build]\ncontent-dir = \".site.isnad-old\"\n")
                .unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (4, 15));
        assert!(errors[0].message.contains("isnad's own"), "{errors:?}");
        let errors = parse_text("[book]\ntitle = \"\"\n").unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (2, 9));
        // `--out` is not in book.toml.
        let file = SourceFile::new("d/book.toml", "[book]\ntitle = \"t\"\n");
        for out in ["d", "d/.x.isnad-new"] {
            let errors = parse(Path::new("d"), &file, Some(Path::new(out))).unwrap_err();
            assert_eq!(errors[0].code, Code::CommandLine, "{out}");
            assert_eq!(errors[0].path, Path::new("--out"));
        }
    }

    #[test]
    fn http_urls_only() {
        assert!(is_http_url("https://example.org/x"));
        assert!(is_http_url("HTTP://example.org"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("file:///etc/passwd"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://exa mple.org"));
    }
}
