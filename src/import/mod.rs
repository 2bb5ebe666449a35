//! `isnad new FILE.txt`: a plain-text article, as copied from a web page,
//! turned into a content document (spec §8).
//!
//! The first line is the title, each line or paragraph of the text a
//! paragraph, short lines inside the article subheadings. Lines that look
//! like website furniture are left out of the body and listed in the front
//! matter's `removed` with a reason, for the editor to confirm: nothing is
//! dropped without a record. Characters that Markdown would read as markup
//! are escaped, so that the page shows the text as it was.

mod classify;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{self, display_path, Direction};
use crate::diagnostic::{file_error, write_error, Code, Diagnostic};
use crate::load::{is_valid_id, read_text};
use classify::{classify, Reason, Role};

/// What `isnad new` wrote.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The new document's path.
    pub path: PathBuf,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// How many lines were proposed for removal.
    pub removed: usize,
}

/// Creates `content/ID.md` in the dossier at `root` from the plain-text
/// article `source`. The id is `id`, or one made from the file's name. An
/// existing file is never overwritten.
pub fn new_document(
    root: &Path,
    source: &Path,
    id: Option<&str>,
) -> Result<Imported, Vec<Diagnostic>> {
    let config = config::load(root, None)?;
    let shown = display_path(source);
    let id = match id {
        Some(id) => id.to_owned(),
        None => id_from_file_name(source).ok_or_else(|| {
            vec![file_error(
                &shown,
                Code::BadId,
                "cannot make a document id from this file name; give one with --id",
            )]
        })?,
    };
    if !is_valid_id(&id) {
        return Err(vec![file_error(
            &shown,
            Code::BadId,
            format!("`{id}` is not a valid document id: use only a-z, 0-9 and `-`"),
        )]);
    }
    let text = read_text(source).map_err(|problem| vec![problem])?;
    let arabic = Direction::of_language(&config.book.language) == Direction::Rtl;
    let document = convert(&text, &config.book.language, arabic).ok_or_else(|| {
        vec![file_error(
            &shown,
            Code::InvalidValue,
            "the file has no text to import",
        )]
    })?;
    let path = config.content_dir.join(format!("{id}.md"));
    write_new(&path, &document.text).map_err(|problem| vec![problem])?;
    Ok(Imported {
        path: display_path(&path),
        id,
        title: document.title,
        removed: document.removed,
    })
}

/// Writes a file that must not exist yet: `create_new` refuses atomically,
/// so that no race can overwrite an editor's document.
fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let shown = display_path(path);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| {
            let message = if error.kind() == std::io::ErrorKind::AlreadyExists {
                "this document already exists; isnad new never overwrites one: choose another id with --id".to_owned()
            } else {
                format!("cannot create the document: {error}")
            };
            file_error(&shown, Code::Output, message)
        })?;
    file.write_all(text.as_bytes())
        .map_err(|error| write_error(&shown, error))
}

/// A document id from a file name: its stem in lower case, every run of
/// other characters than a-z and 0-9 made one `-`.
pub fn id_from_file_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().to_ascii_lowercase();
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    (!id.is_empty()).then_some(id)
}

/// The content document made from an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The whole file: front matter and body.
    pub text: String,
    /// The title found.
    pub title: String,
    /// How many lines were proposed for removal.
    pub removed: usize,
}

/// Turns the text of an article into a content document, with reasons for
/// removal in Arabic when `arabic`, else English. `None` when the text has
/// no line at all.
pub fn convert(text: &str, language: &str, arabic: bool) -> Option<Converted> {
    let lines: Vec<&str> = text
        .lines()
        .map(|line| line.trim().trim_start_matches('\u{feff}').trim())
        .filter(|line| !line.is_empty())
        .collect();
    if lines.is_empty() {
        return None;
    }
    let roles = classify(&lines);
    let title_line = roles.iter().position(|&r| r == Role::Title);
    let title = match title_line {
        Some(index) => lines[index].to_owned(),
        None => provisional_title(
            lines
                .iter()
                .zip(&roles)
                .find(|(_, role)| !matches!(role, Role::Removed(_)))
                .map_or(lines[0], |(line, _)| *line),
        ),
    };
    let removed: Vec<(&str, Reason)> = lines
        .iter()
        .zip(&roles)
        .filter_map(|(line, role)| match role {
            Role::Removed(reason) => Some((*line, *reason)),
            _ => None,
        })
        .collect();
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", yaml_string(&title));
    if title_line.is_none() {
        out.push_str(
            "# The text has no title line: the title above is its first words; write one.\n",
        );
    }
    out.push_str(SOURCE_SKELETON);
    if let Some(lang) = other_language(&lines, language) {
        let _ = writeln!(out, "lang: {lang}");
    }
    out.push_str("summary:\ntags: []\n");
    write_removed(&mut out, &removed, arabic);
    out.push_str(CLAIMS_SKELETON);
    out.push_str("---\n");
    write_body(&mut out, &lines, &roles);
    Some(Converted {
        text: out,
        title,
        removed: removed.len(),
    })
}

const SOURCE_SKELETON: &str = "\
source:
  outlet: \"\"        # required: the publication's name
  outlet-actor:     # its id in actors.yaml, if it has one
  url:              # the article's http(s) address
  published:        # 2022-01-24, or 2022-01-24T18:17:00+03:00
  author:
  retrieved:        # when the text was copied
  archive-url:      # an archived copy
  dateline:         # the place line the article opens with, if any
";

const CLAIMS_SKELETON: &str = "\
# Each claim quotes the exact words of the text below:
#   - id: outlet-figure         (a-z, 0-9 and -, unique in the dossier)
#     quote: \"…\"
#     by: actor-id              (default: the outlet)
#     topic: topic-id
#     value: 136
claims: []
notes: []
";

fn write_removed(out: &mut String, removed: &[(&str, Reason)], arabic: bool) {
    if removed.is_empty() {
        out.push_str("removed: []\n");
        return;
    }
    out.push_str(
        "# Lines of the copied page that look like website furniture, left out of\n\
         # the text below. Check each: move back into the text what belongs to\n\
         # the article; keep here, with its reason, what does not.\n\
         removed:\n",
    );
    for (text, reason) in removed {
        let _ = writeln!(out, "  - text: {}", yaml_string(text));
        let _ = writeln!(out, "    reason: {}", yaml_string(reason.text(arabic)));
    }
}

fn write_body(out: &mut String, lines: &[&str], roles: &[Role]) {
    let mut previous: Option<Role> = None;
    for (line, &role) in lines.iter().zip(roles) {
        let block = match role {
            Role::Title | Role::Removed(_) => continue,
            Role::Heading => format!("## {}", escape_markdown(line, true)),
            Role::Paragraph => escape_markdown(line, false),
            Role::ListItem => {
                let item = line.strip_prefix("- ").unwrap_or(line).trim_start();
                format!("- {}", escape_markdown(item, false))
            }
        };
        // The items of one list stay together; every other block is a
        // paragraph of its own.
        let tight = previous == Some(Role::ListItem) && role == Role::ListItem;
        if previous.is_some() && !tight {
            out.push('\n');
        }
        out.push_str(&block);
        out.push('\n');
        previous = Some(role);
    }
}

/// When the article has no title line: its first words, marked as cut.
fn provisional_title(first: &str) -> String {
    let words: Vec<&str> = first.split_whitespace().collect();
    if words.len() <= 10 {
        first.to_owned()
    } else {
        format!("{}…", words[..10].join(" "))
    }
}

/// `lang:` for an article written in another script than the dossier's
/// language: Arabic letters against Latin ones.
fn other_language(lines: &[&str], language: &str) -> Option<&'static str> {
    let (mut arabic, mut latin) = (0usize, 0usize);
    for c in lines.iter().flat_map(|l| l.chars()) {
        if matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        {
            arabic += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    let dossier_rtl = Direction::of_language(language) == Direction::Rtl;
    match (arabic > latin, dossier_rtl) {
        (true, false) => Some("ar"),
        (false, true) if latin > 0 => Some("en"),
        _ => None,
    }
}

/// A YAML double-quoted string: the one YAML form in which every character
/// can be written and none is read as syntax.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes what Markdown would read as markup in one line of plain text,
/// so that the page shows exactly that text. In a heading, `#` and `{` are
/// escaped everywhere (a closing `#` run and `{#id}` are heading syntax).
pub fn escape_markdown(line: &str, heading: bool) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        let next = chars.get(index + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '{' | '}' => true,
            '#' => heading || index == 0,
            '>' | '-' | '+' | '=' => index == 0,
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '.' | ')' => {
                // "12. " or "3) " at the start would begin a numbered list.
                index > 0
                    && chars[..index].iter().all(char::is_ascii_digit)
                    && next.is_none_or(char::is_whitespace)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_is_escaped() {
        assert_eq!(escape_markdown("# لا عنوان", false), "\\# لا عنوان");
        assert_eq!(escape_markdown("1. بند", false), "1\\. بند");
        assert_eq!(escape_markdown("2022. سنة", false), "2022\\. سنة");
        assert_eq!(escape_markdown("- x", false), "\\- x");
        assert_eq!(
            escape_markdown("a *b* [c](d) <i> &amp; x_y", false),
            "a \\*b\\* \\[c\\](d) \\<i> \\&amp; x\\_y"
        );
        assert_eq!(
            escape_markdown("قسد: ملتزمون #1 {x}", true),
            "قسد: ملتزمون \\#1 \\{x\\}"
        );
        assert_eq!(
            escape_markdown("5 - 3 = 2 & more", false),
            "5 - 3 = 2 & more"
        );
    }

    #[test]
    fn yaml_strings_round_trip() {
        for text in ["a \"b\" \\ c", "تاب\tو\u{202E}", "«المجلة»: x"] {
            let parsed: String = serde_yaml::from_str(&yaml_string(text)).unwrap();
            assert_eq!(parsed, text);
        }
    }

    #[test]
    fn ids_from_file_names() {
        let id = |name: &str| id_from_file_name(Path::new(name));
        assert_eq!(
            id("000_e1c5329da61790d9.txt").as_deref(),
            Some("000-e1c5329da61790d9")
        );
        assert_eq!(
            id("Raseef 22 (copy).txt").as_deref(),
            Some("raseef-22-copy")
        );
        assert_eq!(id("مقال.txt"), None);
    }

    #[test]
    fn a_whole_article() {
        let text = "دمشق °C\n\nالهجوم على السجن\nقال المرصد السوري لحقوق الإنسان إن الاشتباكات مستمرة في محيط السجن منذ يوم الخميس، وإن عدد القتلى ارتفع.\n- أمريكا: أدانت.\n- فرنسا: أدانت.\n";
        let converted = convert(text, "ar", true).unwrap();
        assert_eq!(converted.title, "الهجوم على السجن");
        assert_eq!(converted.removed, 1);
        let body = converted.text.split("\n---\n").nth(1).unwrap();
        assert_eq!(
            body,
            "قال المرصد السوري لحقوق الإنسان إن الاشتباكات مستمرة في محيط السجن منذ يوم الخميس، وإن عدد القتلى ارتفع.\n\n- أمريكا: أدانت.\n- فرنسا: أدانت.\n"
        );
        assert!(converted
            .text
            .contains("  - text: \"دمشق °C\"\n    reason: \"أداة الطقس في رأس الصفحة\"\n"));
    }
}
