//! The Tera templates: built into the binary from the repository's
//! `templates/`, each replaceable by a file of the same name in the
//! dossier's `templates/`. Autoescaping stays on for every `.html` file.

use std::collections::HashMap;
use std::path::Path;

use tera::{Tera, Value};
use walkdir::WalkDir;

use crate::config::display_path;
use crate::diagnostic::{file_error, Code, Diagnostic, SourceFile};
use crate::render::escape_html;

/// The built-in templates.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("claims.html", include_str!("../../templates/claims.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("print.html", include_str!("../../templates/print.html")),
    (
        "document.html",
        include_str!("../../templates/document.html"),
    ),
    ("actor.html", include_str!("../../templates/actor.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    (
        "index-analysis.html",
        include_str!("../../templates/index-analysis.html"),
    ),
    (
        "index-mentions.html",
        include_str!("../../templates/index-mentions.html"),
    ),
    (
        "document-extras.html",
        include_str!("../../templates/document-extras.html"),
    ),
    (
        "contradiction.html",
        include_str!("../../templates/contradiction.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
];

/// Loads the built-in templates, then the dossier's overrides.
/// The templates, and a hash of their sources: a page rendered from the
/// same data with the same templates is the same page.
#[derive(Debug)]
pub(crate) struct Templates {
    pub(crate) tera: Tera,
    pub(crate) fingerprint: u64,
}

pub(crate) fn load(templates_dir: &Path, language: &str) -> Result<Templates, Vec<Diagnostic>> {
    compile(templates_dir, sources(templates_dir)?, language)
}

/// The templates of the last build, kept by `isnad serve`: compiling them
/// is about 14 ms of every rebuild, and most saves change no template.
#[derive(Debug, Default)]
pub(crate) struct TemplateMemo(std::sync::Mutex<Option<(u64, std::sync::Arc<Templates>)>>);

impl TemplateMemo {
    /// The templates in `templates_dir` over the built-in ones, compiled
    /// again only when a source or the language changed.
    pub(crate) fn load(
        &self,
        templates_dir: &Path,
        language: &str,
    ) -> Result<std::sync::Arc<Templates>, Vec<Diagnostic>> {
        let sources = sources(templates_dir)?;
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&(&sources, language), &mut hasher);
        let key = std::hash::Hasher::finish(&hasher);
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((kept_key, templates)) = kept.as_ref() {
            if *kept_key == key {
                return Ok(std::sync::Arc::clone(templates));
            }
        }
        let templates = std::sync::Arc::new(compile(templates_dir, sources, language)?);
        *kept = Some((key, std::sync::Arc::clone(&templates)));
        Ok(templates)
    }
}

/// The sources of the templates: the built-in ones, with the dossier's
/// overrides and additions from `templates_dir`.
fn sources(templates_dir: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut sources: Vec<(String, String)> = BUILT_IN
        .iter()
        .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
        .collect();
    let mut problems = Vec::new();
    if templates_dir.is_dir() {
        for entry in WalkDir::new(templates_dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(templates_dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => sources.push((name, text)),
                },
                Err(error) => problems.push(file_error(
                    display_path(entry.path()),
                    Code::Template,
                    format!("cannot read template: {error}"),
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(sources)
}

/// Compiles the sources into templates (`templates_dir` names them in
/// errors).
fn compile(
    templates_dir: &Path,
    sources: Vec<(String, String)>,
    language: &str,
) -> Result<Templates, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    // Pages depend on the dossier alone: the same dossier gives the same
    // site, and a page kept from the last build is still right. Tera's
    // `get_env` would let a template read the environment instead.
    tera.register_function("get_env", |_: &HashMap<String, tera::Value>| {
        Err(tera::Error::msg(
            "get_env is not available in isnad templates: a page depends only on the dossier",
        ))
    });
    tera.register_filter("bdi", Bdi);
    tera.register_filter("without_ids", WithoutIds);
    tera.register_filter(
        "count",
        Count {
            language: language.to_owned(),
        },
    );
    tera.register_filter(
        "date_text",
        DateText {
            language: language.to_owned(),
        },
    );
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|error| vec![template_error(templates_dir, &error)])?;
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&sources, &mut hasher);
    Ok(Templates {
        tera,
        fingerprint: std::hash::Hasher::finish(&hasher),
    })
}

/// `{{ n | count(noun="documents") }}`: a number with its noun, in the
/// dossier's language and the number's grammatical agreement
/// ([`crate::i18n::count`]), the number isolated with `<bdi>`.
struct Count {
    language: String,
}

impl tera::Filter for Count {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let n = match value {
            Value::Array(items) => items.len() as u64,
            other => other.as_u64().ok_or_else(|| {
                tera::Error::msg("count: the value must be a whole number or a list")
            })?,
        };
        let noun = args
            .get("noun")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("count: give the noun, count(noun=\"documents\")"))?;
        let number = format!("<bdi>{n}</bdi>");
        crate::i18n::count(&self.language, n, noun, &number)
            .map(|text| Value::String(escape_counted(&text)))
            .ok_or_else(|| {
                let known: Vec<&str> = crate::i18n::counted_nouns().collect();
                tera::Error::msg(format!(
                    "count: unknown noun `{noun}` (known: {})",
                    known.join(", ")
                ))
            })
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `{{ date | date_text }}`: a date as readers write it, in a `<time>`
/// element that keeps the machine-readable date; text that is not a date
/// is shown as it is, in `<bdi>`.
struct DateText {
    language: String,
}

impl tera::Filter for DateText {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let Some(iso) = value.as_str() else {
            return Ok(Value::String(String::new()));
        };
        let html = match crate::i18n::date_text(&self.language, iso) {
            Some(text) => format!(
                "<time datetime=\"{}\">{}</time>",
                escape_html(iso),
                escape_html(&text)
            ),
            None => format!("<bdi>{}</bdi>", escape_html(iso)),
        };
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The counted phrase is isnad's own text with one `<bdi>` number in it;
/// everything else is escaped all the same.
fn escape_counted(text: &str) -> String {
    text.split("<bdi>")
        .enumerate()
        .map(|(i, part)| match (i, part.split_once("</bdi>")) {
            (0, _) | (_, None) => escape_html(part),
            (_, Some((number, rest))) => {
                format!("<bdi>{}</bdi>{}", escape_html(number), escape_html(rest))
            }
        })
        .collect()
}

/// Wraps a value that isnad inserts (a number, a date, an id, a URL) in
/// `<bdi>`, so that it keeps its own direction inside Arabic text. The
/// filter escapes the value itself, so its output is marked safe.
///
/// A value of Western digits and signs alone («100–120», «+3») has no
/// letter to take its direction from, and would take the page's: right to
/// left, «120–100». It is set left to right, as it is written, the same in
/// a table, a phone's card and a chart.
struct Bdi;

impl tera::Filter for Bdi {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Null => return Ok(Value::String(String::new())),
            other => other.to_string(),
        };
        let digits_alone =
            text.chars().any(|c| c.is_ascii_digit()) && !text.chars().any(char::is_alphabetic);
        let open = if digits_alone {
            "<bdi dir=\"ltr\">"
        } else {
            "<bdi>"
        };
        Ok(Value::String(format!("{open}{}</bdi>", escape_html(&text))))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Removes `id` attributes and in-page `href="#…"` links from a fragment of
/// isnad's own HTML, so that the bodies of many documents can share one
/// page (print.html) without duplicate ids or links into the wrong body.
/// Links that a body makes from its document page (`../actors/…`) are
/// rebased on the site root, where print.html is.
/// It reads only inside tags: isnad escapes every `<`, `>` and `"` in text
/// and attribute values, so tags are found exactly.
struct WithoutIds;

impl tera::Filter for WithoutIds {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let html = value.as_str().unwrap_or_default();
        Ok(Value::String(strip_in_page_attributes(html)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn strip_in_page_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close + 1];
        out.push_str(&remove_attributes(tag));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn remove_attributes(tag: &str) -> String {
    let mut out = tag.to_owned();
    out = out.replace(" href=\"../", " href=\"");
    for name in [" id=\"", " href=\"#"] {
        while let Some(start) = out.find(name) {
            let value_start = start + name.len();
            let Some(end) = out[value_start..].find('"') else {
                break;
            };
            out.replace_range(start..value_start + end + 1, "");
        }
    }
    out
}

/// A Tera error, with its whole chain of causes (Tera puts the useful part,
/// such as the line of a syntax error, in the causes).
pub(crate) fn template_error(templates_dir: &Path, error: &tera::Error) -> Diagnostic {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    let whole = parts.join("\n");
    // Tera names the template in quotes and, for a syntax error, gives
    // ` --> LINE:COLUMN` and an `= expected …` line: point there.
    let name = whole.split('\'').nth(1).filter(|n| n.ends_with(".html"));
    let position = whole.split(" --> ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, column.parse().ok()?))
    });
    let detail = whole
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::to_owned);
    let summary = parts.first().cloned().unwrap_or_default();
    let message = match detail {
        Some(detail) => format!("{}: {detail}", summary.trim_end_matches(':')),
        None => parts.join(": ").replace('\n', " "),
    };
    let path = match name {
        Some(name) => templates_dir.join(name),
        None => templates_dir.to_path_buf(),
    };
    match (name, position) {
        (Some(_), Some((line, column))) => match std::fs::read_to_string(&path) {
            Ok(text) => SourceFile::new(display_path(&path), text).error(
                Code::Template,
                line,
                column,
                message,
            ),
            Err(_) => file_error(display_path(&path), Code::Template, message),
        },
        _ => file_error(display_path(&path), Code::Template, message),
    }
}

#[cfg(test)]
mod tests {
    use super::strip_in_page_attributes;

    #[test]
    fn ids_and_in_page_links_are_removed_from_tags_only() {
        let html = "<p id=\"p-1\">x id=\"y\" <a href=\"#about-c\">1</a> <a href=\"https://e.org/#x\">e</a></p>";
        assert_eq!(
            strip_in_page_attributes(html),
            "<p>x id=\"y\" <a>1</a> <a href=\"https://e.org/#x\">e</a></p>"
        );
    }

    #[test]
    fn links_from_a_document_page_are_rebased_on_the_root() {
        let html = "<a class=\"mention\" href=\"../actors/sdf.html\" id=\"mention-sdf-1\">قسد</a>";
        assert_eq!(
            strip_in_page_attributes(html),
            "<a class=\"mention\" href=\"actors/sdf.html\">قسد</a>"
        );
    }
}
