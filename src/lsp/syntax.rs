//! What the cursor is on, read from the lines of the file as typed: the
//! YAML under edit is often not valid YAML yet, so this does not parse it;
//! it reads the key on the cursor's line and, by indentation, the keys
//! that enclose it.

use std::ops::Range;
use std::path::Path;

/// The kind of file being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// A source document (Markdown with front matter).
    Document,
    /// actors.yaml.
    Actors,
    /// topics.yaml.
    Topics,
}

impl FileKind {
    /// The kind of `path`, if isnad reads it.
    pub(crate) fn of(path: &Path) -> Option<FileKind> {
        match path.file_name()?.to_str()? {
            "actors.yaml" => Some(FileKind::Actors),
            "topics.yaml" => Some(FileKind::Topics),
            name if name.ends_with(".md") => Some(FileKind::Document),
            _ => None,
        }
    }
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    /// An entry of actors.yaml.
    Actor,
    /// An entry of topics.yaml.
    Topic,
    /// A claim of a document.
    Claim,
}

/// The cursor in a file, as far as the YAML around it tells.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    /// The file's kind.
    pub(crate) file: FileKind,
    /// The keys enclosing the cursor's line, outermost first.
    pub(crate) ancestors: Vec<&'a str>,
    /// The key written on the cursor's line, if any.
    pub(crate) key: Option<&'a str>,
    /// Whether the cursor's line starts a list item (`- `).
    pub(crate) item: bool,
    /// Whether the cursor is in a value (after `key:`, or a `- ` item)
    /// rather than where a key is written.
    pub(crate) in_value: bool,
    /// The id-like word at the cursor (letters, digits, `-`), as a byte
    /// range of the file; empty where there is none.
    pub(crate) word: Range<usize>,
    /// The text of the file.
    pub(crate) text: &'a str,
}

/// One line's shape: indentation, whether it is a list item, its key.
struct Line<'a> {
    indent: usize,
    dash: bool,
    /// The key and the byte where it starts in the line.
    key: Option<(&'a str, usize)>,
    /// Where the value starts in the line (after `key:` or `- `).
    value_start: Option<usize>,
    /// Whether anything follows the key's colon.
    has_value: bool,
}

fn read_line(line: &str) -> Line<'_> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut at = indent;
    let dash = line[at..].starts_with("- ") || &line[at..] == "-";
    if dash {
        at += 1;
        at += line[at..].len() - line[at..].trim_start_matches(' ').len();
    }
    let rest = &line[at..];
    let length = rest
        .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
        .unwrap_or(rest.len());
    let is_key = length > 0
        && rest[length..].starts_with(':')
        && rest[length + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
    if is_key {
        let value = &rest[length + 1..];
        let value = value.split(" #").next().unwrap_or_default();
        Line {
            indent,
            dash,
            key: Some((&rest[..length], at)),
            value_start: Some(at + length + 1),
            has_value: !value.trim().is_empty(),
        }
    } else {
        Line {
            indent,
            dash,
            key: None,
            value_start: dash.then_some(at),
            has_value: dash,
        }
    }
}

/// The byte range of the front matter's YAML in a document, if it has one.
fn front_matter(text: &str) -> Option<Range<usize>> {
    let first = text.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = first.len();
    for line in text[first.len()..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some(first.len()..offset);
        }
        offset += line.len();
    }
    Some(first.len()..text.len())
}

/// Reads where `offset` is in `text`, a file of kind `file`; `None` in a
/// document's body (outside its front matter).
pub(crate) fn cursor(text: &str, file: FileKind, offset: usize) -> Option<Cursor<'_>> {
    let offset = offset.min(text.len());
    let yaml = match file {
        FileKind::Document => front_matter(text)?,
        _ => 0..text.len(),
    };
    if offset < yaml.start || offset > yaml.end {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let shape = read_line(line);
    let column = offset - line_start;
    let in_value = shape.value_start.is_some_and(|start| column >= start);
    let key = shape.key.map(|(key, _)| key);
    let threshold = shape.key.map_or(shape.indent, |(_, at)| at);
    let ancestors = enclosing_keys(&text[yaml.start..line_start], threshold);
    let word = word_at(text, offset);
    Some(Cursor {
        file,
        ancestors,
        key,
        item: shape.dash,
        in_value,
        word,
        text,
    })
}

/// The keys that enclose a line whose content starts at column
/// `threshold`, read upwards from the lines before it.
fn enclosing_keys(before: &str, mut threshold: usize) -> Vec<&str> {
    let mut keys = Vec::new();
    for line in before.lines().rev() {
        if threshold == 0 {
            break;
        }
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let shape = read_line(line);
        match shape.key {
            Some((key, at)) if at < threshold && !shape.has_value => {
                keys.push(key);
                threshold = at;
            }
            _ if shape.dash && shape.indent < threshold => threshold = shape.indent,
            _ => {}
        }
    }
    keys.reverse();
    keys
}

/// The byte range of the id-like word around `offset`.
pub(crate) fn word_at(text: &str, offset: usize) -> Range<usize> {
    let is_id = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_id(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .find(|c: char| !is_id(c))
        .map_or(text.len(), |i| offset + i);
    start..end
}

impl Cursor<'_> {
    /// The word at the cursor.
    pub(crate) fn word(&self) -> &str {
        &self.text[self.word.clone()]
    }

    /// The key a value at the cursor belongs to: the line's own key, or,
    /// for a `- item` of a list, the list's key.
    fn value_key(&self) -> Option<&str> {
        self.key.or_else(|| self.ancestors.last().copied())
    }

    /// The kind of id a value at the cursor refers to, if it is one.
    pub(crate) fn reference(&self) -> Option<IdKind> {
        if !self.in_value {
            return None;
        }
        match (self.value_key()?, self.file) {
            ("by" | "via" | "outlet-actor", FileKind::Document) => Some(IdKind::Actor),
            ("member-of", FileKind::Actors) => Some(IdKind::Actor),
            ("topic", FileKind::Document) => Some(IdKind::Topic),
            ("supports" | "updates" | "contradicts", FileKind::Document) => Some(IdKind::Claim),
            ("claim", FileKind::Document) if self.ancestors.last() == Some(&"contradicts") => {
                Some(IdKind::Claim)
            }
            _ => None,
        }
    }

    /// The kind of id the cursor's `id:` value defines, if it is one.
    pub(crate) fn definition(&self) -> Option<IdKind> {
        if !self.in_value || self.key != Some("id") {
            return None;
        }
        match self.file {
            FileKind::Actors if self.ancestors.is_empty() => Some(IdKind::Actor),
            FileKind::Topics if self.ancestors.is_empty() => Some(IdKind::Topic),
            FileKind::Document if self.ancestors == ["claims"] => Some(IdKind::Claim),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENT: &str = "---\ntitle: t\nsource:\n  outlet: o\n  outlet-actor: sa\nclaims:\n  - id: c1\n    by: luq\n    contradicts:\n      - claim: c2\n    supports: [c3, c4]\n    updates:\n      - c5\n---\nالنص\n";

    fn at(needle: &str, plus: usize) -> Cursor<'static> {
        let offset = DOCUMENT.find(needle).unwrap() + plus;
        cursor(DOCUMENT, FileKind::Document, offset).unwrap()
    }

    #[test]
    fn values_know_the_kind_of_id_they_take() {
        assert_eq!(at("luq", 2).reference(), Some(IdKind::Actor));
        assert_eq!(at("luq", 2).word(), "luq");
        assert_eq!(at("sa\n", 1).reference(), Some(IdKind::Actor));
        assert_eq!(at("c2", 1).reference(), Some(IdKind::Claim));
        assert_eq!(at("c4", 0).reference(), Some(IdKind::Claim));
        assert_eq!(at("c5", 2).reference(), Some(IdKind::Claim));
        assert_eq!(at("c1", 1).definition(), Some(IdKind::Claim));
        assert_eq!(at("c1", 1).reference(), None);
    }

    #[test]
    fn keys_know_what_encloses_them() {
        let key = at("by:", 1);
        assert!(!key.in_value);
        assert_eq!(key.ancestors, ["claims"]);
        assert_eq!(at("claim: c2", 2).ancestors, ["claims", "contradicts"]);
        assert_eq!(at("outlet-actor", 0).ancestors, ["source"]);
        assert_eq!(at("title", 0).ancestors, Vec::<&str>::new());
    }

    #[test]
    fn the_body_is_not_yaml() {
        let offset = DOCUMENT.find("النص").unwrap();
        assert!(cursor(DOCUMENT, FileKind::Document, offset).is_none());
    }
}
