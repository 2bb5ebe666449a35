//! The one place that knows which YAML library isnad uses.
//!
//! [`read`] turns YAML into typed values with serde_yaml, mapping its
//! errors to a line and column, and gives where each value of the text
//! sits, so that checks made after parsing (an unknown actor, a quote not
//! found) can point at the exact line an editor wrote. serde_yaml keeps no
//! positions for values, so the text is first read once with yaml-rust2's
//! event parser, which records every position and checks the text's shape
//! (nesting, aliases) in the same pass; serde_yaml then deserializes it.
//! [`from_str`] and [`locate`] are each half of it. A third service,
//! [`layout`], rewrites a YAML text in canonical order and quoting for
//! `isnad fmt`, on the text itself so that comments stay. Swapping the
//! YAML library means rewriting this module only.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
pub mod layout;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A YAML problem at a 1-based line and column of the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line in the YAML text.
    pub line: usize,
    /// 1-based column in the YAML text.
    pub column: usize,
    /// What went wrong.
    pub kind: YamlErrorKind,
    /// The message, without serde_yaml's trailing position.
    pub message: String,
    /// For a key written twice: line and column where it was first written.
    pub earlier: Option<(usize, usize)>,
}

/// The kinds of YAML errors an editor is told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not YAML.
    Syntax,
    /// A field the schema does not have; with the fields it does have.
    UnknownField {
        /// The field as written.
        field: String,
        /// The valid field names at that place.
        expected: Vec<String>,
    },
    /// A required field is absent.
    MissingField,
    /// A value of the wrong type or form.
    Invalid,
}

/// Parses YAML into `T`, rejecting what `T` rejects.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    read(text).1
}

/// Reads a YAML text: one pass of the event parser finds where each value
/// is and checks the text's shape (how deep it nests, how far its aliases
/// expand), then serde_yaml turns it into `T`, rejecting what `T` rejects.
/// The positions are there even when the text does not parse (those read
/// before the error).
pub fn read<T: DeserializeOwned>(text: &str) -> (Locations, Result<T, YamlError>) {
    let text = &lines_by_lf(text);
    let (locations, shape) = scan(text);
    let value = shape.and_then(|()| {
        serde_yaml::from_str(text).map_err(|error| convert_error(text, &error, &locations))
    });
    (locations, value)
}

/// The text with every carriage return that does not start a CR LF made a
/// space. isnad counts lines by LF, as its diagnostics, git and grep do;
/// both YAML parsers also break lines at a lone CR, so that a stray CR
/// (pasted from an old Mac file, or a CR CR LF ending) would shift every
/// later line they report, or, where the two parsers disagree about it,
/// lose every position. A space has the same length, so offsets hold, and
/// YAML folds a line break inside a quoted value into a space anyway.
fn lines_by_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let lone = |(i, _): &(usize, &str)| !text[i + 1..].starts_with('\n');
    if !text.match_indices('\r').any(|m| lone(&m)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (i, _) in text.match_indices('\r').filter(lone) {
        out.push_str(&text[rest..i]);
        out.push(' ');
        rest = i + 1;
    }
    out.push_str(&text[rest..]);
    out.into()
}

/// YAML nested deeper than this is refused before serde_yaml reads it: no
/// dossier needs a tenth of it, and libyaml's scanner slows down with the
/// square of the depth of flow collections (100,000 `[` take minutes).
pub const MAX_NESTING: usize = 64;

/// YAML whose aliases (`*name`) expand it to more values than this is
/// refused: a front matter has a few hundred values, while an "alias bomb"
/// (billion laughs) expands a few lines into billions.
pub const MAX_EXPANDED: usize = 100_000;

/// The shape check, made on the events of the pass that locates values
/// (yaml-rust2's event parser, which stays linear and expands nothing)
/// before serde_yaml reads the text: it refuses collections nested too
/// deep and aliases that expand too far.
struct Shape {
    /// For each open collection: its anchor id and the count of values
    /// before it, so that its expanded size is known when it closes.
    open: Vec<(usize, usize)>,
    anchors: HashMap<usize, usize>,
    values: usize,
    /// The first problem: where (in characters) and what.
    problem: Option<(usize, String)>,
}

impl Shape {
    fn new() -> Self {
        Shape {
            open: Vec::new(),
            anchors: HashMap::new(),
            values: 0,
            problem: None,
        }
    }

    fn on_event(&mut self, event: &Event, marker: Marker) {
        match *event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((anchor, self.values));
                self.values += 1;
                if self.open.len() > MAX_NESTING {
                    self.found(marker.index(), too_deep());
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, before)) = self.open.pop() {
                    self.anchors.insert(anchor, self.values - before);
                }
            }
            Event::Scalar(_, _, anchor, _) => {
                self.anchors.insert(anchor, 1);
                self.values += 1;
            }
            Event::Alias(anchor) => {
                let expanded = self.anchors.get(&anchor).copied().unwrap_or(1);
                self.values = self.values.saturating_add(expanded);
                if self.values > MAX_EXPANDED {
                    self.found(
                        marker.index(),
                        format!(
                            "aliases (`*name`) make this YAML expand to more than {MAX_EXPANDED} values; write the values out instead"
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    /// The parser stopped: the scanner reads ahead through a run of `[`
    /// or `{` and stops by itself at 255 levels. Syntax errors are left to
    /// serde_yaml, whose messages the rest of isnad knows.
    fn on_error(&mut self, error: &yaml_rust2::ScanError) {
        if error.info().contains("recursion limit") {
            self.found(error.marker().index(), too_deep());
        }
    }

    fn found(&mut self, at: usize, message: String) {
        self.problem.get_or_insert((at, message));
    }

    fn result(self, text: &str) -> Result<(), YamlError> {
        let Some((at, message)) = self.problem else {
            return Ok(());
        };
        let (line, column) = line_column(text, at);
        Err(YamlError {
            line,
            column,
            kind: YamlErrorKind::Syntax,
            message,
            earlier: None,
        })
    }
}

fn too_deep() -> String {
    format!("lists and mappings nest too deep here (more than {MAX_NESTING} levels)")
}

/// The 1-based line and column of the character at `char_index`.
fn line_column(text: &str, char_index: usize) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    for c in text.chars().take(char_index) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

fn convert_error(text: &str, error: &serde_yaml::Error, locations: &Locations) -> YamlError {
    let (line, column) = error
        .location()
        .map_or((1, 1), |location| (location.line(), location.column()));
    let full = error.to_string();
    let marks = positions_in(&full);
    let message = readable(&strip_positions(&full));
    if let Some(duplicate) = duplicate_key(locations, &message, (line, column)) {
        return duplicate;
    }
    let mut kind = classify(&message);
    // A message isnad's own schema gives (a range with min > max) reads
    // like none of serde's: if the text is well-formed YAML, the problem is
    // the value, not the syntax.
    if kind == YamlErrorKind::Syntax && serde_yaml::from_str::<serde_yaml::Value>(text).is_ok() {
        kind = YamlErrorKind::Invalid;
    }
    // libyaml notices an unclosed quote or bracket where the text ends;
    // the editor must look where it was opened ("while scanning … at").
    let (line, column) = match (full.contains(", while "), marks.last()) {
        (true, Some(&context)) if marks.len() > 1 => context,
        _ => (line, column),
    };
    // serde_yaml reports an unknown field at the mapping that holds it;
    // point at the key itself, which is what the editor must change.
    let (line, column) = match &kind {
        YamlErrorKind::UnknownField { field, .. } => {
            find_key_after(text, line, field).unwrap_or((line, column))
        }
        _ => (line, column),
    };
    YamlError {
        line,
        column,
        kind,
        message,
        earlier: None,
    }
}

/// serde reports a key written twice at the mapping that holds it; the
/// editor must look at the second one, and is told where the first is.
fn duplicate_key(locations: &Locations, message: &str, at: (usize, usize)) -> Option<YamlError> {
    let rest = message.split("duplicate field `").nth(1)?;
    let field = rest.split('`').next()?;
    let prefix = message.split("duplicate field").next().unwrap_or_default();
    let (second, first) = locations.duplicate_key(field, at.0)?;
    Some(YamlError {
        line: second.line,
        column: second.column,
        kind: YamlErrorKind::Syntax,
        message: format!(
            "{prefix}the key `{field}` is written twice; a key can appear only once in a mapping"
        ),
        earlier: Some((first.line, first.column)),
    })
}

/// serde's words where an editor needs the format's: a list at the top of
/// actors.yaml is `[1]`, not `.[1]`, and a front matter is a mapping, not a
/// `struct FrontMatter`.
fn readable(message: &str) -> String {
    let message = message.strip_prefix('.').unwrap_or(message);
    match message.split_once("expected struct ") {
        Some((before, _)) => format!("{before}expected a mapping of `key: value` lines"),
        None => message.to_owned(),
    }
}

/// Every "at line L column C" in a serde_yaml message.
fn positions_in(message: &str) -> Vec<(usize, usize)> {
    message
        .split(" at line ")
        .skip(1)
        .filter_map(|rest| {
            let mut words = rest.split([' ', ',']);
            let line = words.next()?.parse().ok()?;
            (words.next()? == "column").then_some(())?;
            let column = words.next()?.parse().ok()?;
            Some((line, column))
        })
        .collect()
}

/// The message without its positions, which count lines of the YAML text
/// alone and would mislead an editor looking at the whole file.
fn strip_positions(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(index) = rest.find(" at line ") {
        out.push_str(&rest[..index]);
        let after = &rest[index + " at line ".len()..];
        let skip = after
            .char_indices()
            .find(|&(_, c)| c == ',')
            .map_or(after.len(), |(i, _)| i);
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

fn classify(message: &str) -> YamlErrorKind {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default().to_owned();
        let expected = rest
            .split_once("expected")
            .map(|(_, names)| backticked(names))
            .unwrap_or_default();
        YamlErrorKind::UnknownField { field, expected }
    } else if message.contains("missing field `") {
        YamlErrorKind::MissingField
    } else if message.contains("invalid type")
        || message.contains("invalid value")
        || message.contains("unknown variant")
        || message.contains("invalid length")
        || message.contains("did not match any variant")
    {
        YamlErrorKind::Invalid
    } else {
        YamlErrorKind::Syntax
    }
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The first line at or after `line` where `field:` is a mapping key.
fn find_key_after(text: &str, line: usize, field: &str) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(index, content)| {
            let trimmed = content.trim_start_matches([' ', '-']);
            let rest = trimmed.strip_prefix(field)?;
            rest.trim_start().starts_with(':').then(|| {
                let column = content.chars().count() - trimmed.chars().count() + 1;
                (index + 1, column)
            })
        })
}

/// A position in a YAML text: 1-based line and column (in characters), and
/// byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Byte offset in the YAML text.
    pub offset: usize,
}

/// Where each node of a YAML text is, by path: `claims.2.by` is the `by`
/// value of the third claim; `claims.2.by:` is its key.
///
/// Every document keeps its locations for as long as the build runs (a
/// diagnostic can come from any later stage), so they are stored compactly:
/// the paths one after another in one string, and the nodes sorted by path
/// (a front matter has hundreds; ten thousand documents have millions).
#[derive(Debug, Default, Clone)]
pub struct Locations {
    /// Every node's path, one after another.
    paths: String,
    /// The nodes, sorted by path.
    nodes: Vec<Node>,
    /// Keys written twice in one mapping: (path of the key, second
    /// position, first position).
    duplicates: Vec<(String, Position, Position)>,
}

/// A node: where its path is in [`Locations::paths`], and its position.
#[derive(Debug, Clone, Copy)]
struct Node {
    path: (u32, u32),
    line: u32,
    column: u32,
    offset: u32,
}

/// A number of a YAML text, which never reaches 4 GiB (a file that size is
/// refused long before).
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Locations {
    /// The locations of `nodes`, as the locator recorded them.
    fn freeze(
        nodes: HashMap<String, Position>,
        duplicates: Vec<(String, Position, Position)>,
    ) -> Self {
        let mut sorted: Vec<(String, Position)> = nodes.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut paths = String::with_capacity(sorted.iter().map(|(p, _)| p.len()).sum());
        let nodes = sorted
            .into_iter()
            .map(|(path, position)| {
                let start = small(paths.len());
                paths.push_str(&path);
                Node {
                    path: (start, small(paths.len())),
                    line: small(position.line),
                    column: small(position.column),
                    offset: small(position.offset),
                }
            })
            .collect();
        Locations {
            paths,
            nodes,
            duplicates,
        }
    }

    /// The node at exactly `path`.
    fn get(&self, path: &str) -> Option<Position> {
        let path_of = |node: &Node| &self.paths[node.path.0 as usize..node.path.1 as usize];
        let index = self
            .nodes
            .binary_search_by(|node| path_of(node).cmp(path))
            .ok()?;
        let node = self.nodes[index];
        Some(Position {
            line: node.line as usize,
            column: node.column as usize,
            offset: node.offset as usize,
        })
    }

    /// The position of the value at `path`, or of the nearest enclosing node
    /// that has one, so that a diagnostic always lands somewhere sensible.
    pub fn value(&self, path: &str) -> Option<Position> {
        let mut path = path;
        loop {
            if let Some(position) = self.get(path) {
                return Some(position);
            }
            path = &path[..path.rfind('.')?];
        }
    }

    /// A key named `field` written twice in one mapping, the second time
    /// at or after `line`: (second position, first position).
    pub fn duplicate_key(&self, field: &str, line: usize) -> Option<(Position, Position)> {
        let suffix = format!("{field}:");
        self.duplicates
            .iter()
            .filter(|(path, second, _)| {
                second.line >= line && (path == &suffix || path.ends_with(&format!(".{suffix}")))
            })
            .map(|&(_, second, first)| (second, first))
            .next()
    }

    /// The position of the key of the mapping entry at `path`, falling back
    /// to its value.
    pub fn key(&self, path: &str) -> Option<Position> {
        self.get(&format!("{path}:")).or_else(|| self.value(path))
    }
}

/// Deeper nodes than this are not recorded: no dossier nests so deep, and a
/// hostile file must not make the locator's memory grow with its depth.
const MAX_DEPTH: usize = 32;

/// Finds the position of every node in `text`. A text that does not parse
/// gives the positions read before the error (the error itself is reported
/// by [`from_str`]).
pub fn locate(text: &str) -> Locations {
    scan(&lines_by_lf(text)).0
}

/// The one pass of the event parser over a text (its lines already ended
/// by LF): every node's position, and the text's shape checked.
fn scan(text: &str) -> (Locations, Result<(), YamlError>) {
    let mut recorder = Recorder {
        text,
        frames: Vec::new(),
        nodes: HashMap::new(),
        duplicates: Vec::new(),
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        cursor: (0, 0),
        shape: Shape::new(),
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(error) = parser.load(&mut recorder, false) {
        recorder.shape.on_error(&error);
    }
    let shape = recorder.shape.result(text);
    (
        Locations::freeze(recorder.nodes, recorder.duplicates),
        shape,
    )
}

enum Frame {
    Sequence {
        path: String,
        next: usize,
    },
    Mapping {
        path: String,
        pending_key: Option<String>,
        /// A block mapping's start event is reported at an odd place; the
        /// mapping is located at its first key instead.
        located: bool,
    },
}

struct Recorder<'a> {
    text: &'a str,
    frames: Vec<Frame>,
    /// The nodes so far, by path (the first of a path written twice).
    nodes: HashMap<String, Position>,
    duplicates: Vec<(String, Position, Position)>,
    line_starts: Vec<usize>,
    /// The last converted position: (characters, bytes).
    cursor: (usize, usize),
    shape: Shape,
}

impl Recorder<'_> {
    fn position(&mut self, marker: Marker) -> Position {
        // yaml-rust2 counts its index in characters; convert to bytes so
        // that callers can slice the text. Events arrive in text order, so a
        // cursor keeps the conversion linear over the whole text.
        let (mut chars, mut offset) = if marker.index() >= self.cursor.0 {
            self.cursor
        } else {
            (0, 0)
        };
        while chars < marker.index() && offset < self.text.len() {
            offset += self.text[offset..].chars().next().map_or(1, char::len_utf8);
            chars += 1;
        }
        self.cursor = (chars, offset);
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let column = self.text[self.line_starts[line - 1]..offset]
            .chars()
            .count()
            + 1;
        Position {
            line,
            column,
            offset,
        }
    }

    /// The path of the node that starts now, or `None` when the node is a
    /// mapping key (whose text becomes the pending key).
    fn claim_slot(&mut self, scalar: Option<&str>) -> Option<String> {
        match self.frames.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { path, next }) => {
                let child = join(path, &next.to_string());
                *next += 1;
                Some(child)
            }
            Some(Frame::Mapping {
                path, pending_key, ..
            }) => match pending_key.take() {
                Some(key) => Some(join(path, &key)),
                None => {
                    *pending_key = Some(scalar.unwrap_or("?").to_owned());
                    None
                }
            },
        }
    }

    fn record(&mut self, path: String, marker: Marker) {
        if self.frames.len() <= MAX_DEPTH {
            let position = self.position(marker);
            match self.nodes.entry(path) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    if first.key().ends_with(':') {
                        let duplicate = (first.key().clone(), position, *first.get());
                        self.duplicates.push(duplicate);
                    }
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(position);
                }
            }
        }
    }
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

impl MarkedEventReceiver for Recorder<'_> {
    fn on_event(&mut self, event: Event, marker: Marker) {
        self.shape.on_event(&event, marker);
        match event {
            Event::Scalar(value, ..) => match self.claim_slot(Some(&value)) {
                Some(path) => self.record(path, marker),
                None => {
                    if let Some(Frame::Mapping { path, located, .. }) = self.frames.last_mut() {
                        let mapping_path = (!*located).then(|| path.clone());
                        *located = true;
                        let key_path = format!("{}:", join(path, &value));
                        self.record(key_path, marker);
                        if let Some(mapping_path) = mapping_path {
                            self.record(mapping_path, marker);
                        }
                    }
                }
            },
            Event::Alias(_) => {
                if let Some(path) = self.claim_slot(None) {
                    self.record(path, marker);
                }
            }
            Event::SequenceStart(..) => {
                let path = self.claim_slot(None).unwrap_or_default();
                self.record(path.clone(), marker);
                self.frames.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingStart(..) => {
                let path = self.claim_slot(None).unwrap_or_default();
                self.frames.push(Frame::Mapping {
                    path,
                    pending_key: None,
                    located: false,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.frames.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        by: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        claims: Vec<Item>,
    }

    const TEXT: &str =
        "title: \"سجن الصناعة\"\nclaims:\n  - id: a\n    by: x\n  - id: b\n    by: \"لقمان\"\n";

    #[test]
    fn one_read_gives_the_positions_with_the_values_or_the_error() {
        let (locations, doc) = read::<Doc>(TEXT);
        assert_eq!(doc.unwrap().claims.len(), 2);
        assert_eq!(locations.value("claims.1.by").unwrap().line, 6);
        // A text serde rejects still has its positions, for the checks
        // that point at the line.
        let text = "title: t\nclaims:\n  - id: a\n    bye: x\n";
        let (locations, doc) = read::<Doc>(text);
        let error = doc.unwrap_err();
        assert!(
            matches!(&error.kind, YamlErrorKind::UnknownField { field, .. } if field == "bye"),
            "{error:?}"
        );
        assert_eq!((error.line, error.column), (4, 5));
        let key = locations.key("claims.0.bye").unwrap();
        assert_eq!((key.line, key.column), (4, 5));
        // A shape the check refuses is not handed to serde_yaml at all.
        let deep = format!("title: t\nclaims: {}{}\n", "[".repeat(70), "]".repeat(70));
        let (_, doc) = read::<Doc>(&deep);
        assert!(doc.unwrap_err().message.contains("nest too deep"));
    }

    #[test]
    fn locates_values_and_keys_by_path() {
        let locations = locate(TEXT);
        let by = locations.value("claims.1.by").unwrap();
        assert_eq!((by.line, by.column), (6, 9));
        assert_eq!(&TEXT[by.offset..by.offset + 1], "\"");
        let key = locations.key("claims.1.by").unwrap();
        assert_eq!((key.line, key.column), (6, 5));
        let first = locations.value("claims.0").unwrap();
        assert_eq!((first.line, first.column), (3, 5));
        // A missing path falls back to its nearest ancestor.
        let fallback = locations.value("claims.1.topic").unwrap();
        assert_eq!(fallback.line, 5);
    }

    #[test]
    fn unknown_field_points_at_the_key_and_lists_valid_names() {
        let text = "title: t\nclaims:\n  - id: a\n    bye: x\n";
        let error = from_str::<Doc>(text).unwrap_err();
        assert_eq!((error.line, error.column), (4, 5));
        match error.kind {
            YamlErrorKind::UnknownField { field, expected } => {
                assert_eq!(field, "bye");
                assert_eq!(expected, ["id", "by"]);
            }
            other => panic!("wrong kind {other:?}"),
        }
    }

    #[test]
    fn a_stray_carriage_return_moves_no_position() {
        let text = "title: \"a\rb\"\nsource:\n  outlet: o\nclaims:\n  - id: x\n    by: nobody\n";
        let by = locate(text).value("claims.0.by").unwrap();
        assert_eq!((by.line, by.column), (6, 9));
        let crcrlf = "a: 1\r\r\nb: [\r\r\nc: 2\r\r\n";
        let error = from_str::<serde_yaml::Value>(crcrlf).unwrap_err();
        assert_eq!(error.line, 2, "{error:?}");
        let crcrlf = "a: 1\r\r\nb:\r\r\n  c: 2\r\r\n";
        let c = locate(crcrlf).value("b.c").unwrap();
        assert_eq!((c.line, c.column), (3, 6));
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let error = from_str::<Doc>("title: t\nclaims: [\n").unwrap_err();
        assert_eq!(error.kind, YamlErrorKind::Syntax);
        assert!(error.line >= 2, "{error:?}");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let error = from_str::<Doc>("title: t\nclaims:\n  - id: \"a\n    by: x\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 9), "{error:?}");
        assert!(!error.message.contains("line"), "{}", error.message);
    }

    #[test]
    fn a_key_written_twice_is_reported_at_the_second() {
        let error = from_str::<Doc>("title: t\nclaims: []\ntitle: u\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 1), "{error:?}");
        assert_eq!(error.earlier, Some((1, 1)));
        let error =
            from_str::<Doc>("title: t\nclaims:\n  - id: a\n    by: x\n    by: y\n").unwrap_err();
        assert_eq!((error.line, error.column), (5, 5), "{error:?}");
        assert!(
            error
                .message
                .starts_with("claims[0]: the key `by` is written twice"),
            "{error:?}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep = format!(
            "title: t\nclaims: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let started = std::time::Instant::now();
        let error = from_str::<Doc>(&deep).unwrap_err();
        assert!(started.elapsed().as_secs() < 2);
        assert_eq!((error.line, error.column), (2, 264), "{error:?}");
        assert_eq!(error.kind, YamlErrorKind::Syntax);
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut bomb = String::from(
            "title: t\nclaims: []\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        );
        for level in 1..10 {
            let refs = vec![format!("*a{}", level - 1); 9].join(", ");
            bomb.push_str(&format!("x{level}: &a{level} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let error = from_str::<Doc>(&bomb).unwrap_err();
        assert!(started.elapsed().as_secs() < 2);
        assert!(
            error
                .message
                .starts_with("aliases (`*name`) make this YAML expand"),
            "{error:?}"
        );
        // Levels 0 to 4 hold about 74,700 values; the first alias of level
        // 5 adds 66,430 more.
        assert_eq!((error.line, error.column), (8, 10), "{error:?}");
        // A few aliases are fine.
        let fine = "title: &t t\nclaims: [{id: *t, by: *t}]\n";
        assert!(from_str::<Doc>(fine).is_ok());
    }

    #[test]
    fn a_value_the_schema_refuses_is_not_a_syntax_error() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Range {
            value: crate::load::schema::Value,
        }
        let error = from_str::<Range>("value: [5, 3]\n").unwrap_err();
        assert_eq!(error.kind, YamlErrorKind::Invalid, "{error:?}");
    }

    #[test]
    fn missing_fields_are_classified() {
        let error = from_str::<Doc>("claims: []\n").unwrap_err();
        assert_eq!(error.kind, YamlErrorKind::MissingField);
    }
}
