//! The canonical layout of a YAML text (`isnad fmt`), worked out on the
//! text itself, so that every comment, blank line and value stays as the
//! editor wrote it: re-serialising with serde_yaml would drop the comments.
//!
//! Two passes, each checked by parsing the text before and after it and
//! comparing the values; a pass that would change a value or lose a line is
//! refused ([`LayoutError::WouldChange`]), never written.
//!
//! 1. Quoting: a quoted scalar on one line is written in double quotes with
//!    the fewest escapes (`\\`, `\"` and characters no editor can see or
//!    type: control characters, U+2028, U+2029, U+FEFF), or in single
//!    quotes when its text holds a `"`, no `'` and nothing to escape (an
//!    Arabic quote citing a "name" reads better without backslashes).
//!    Plain scalars, block scalars (`|`, `>`) and quoted scalars over
//!    several lines stay as written.
//! 2. Order: the entries of each block mapping are put in the order the
//!    caller gives for its place. An entry moves as a block of whole lines:
//!    its key, its value, the blank and comment lines above it (down to the
//!    previous entry's value) and the comments at the end of its value that
//!    are indented deeper than its key. Flow mappings (`{a: 1}`) keep their
//!    order, and so does a text with aliases (`*name`), where a moved anchor
//!    could end up after its alias, or with a block scalar that keeps its
//!    final line breaks (`|+`), which would take in the blank lines of
//!    whatever came to follow it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// Why a text was left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// The text is not YAML.
    Syntax(String),
    /// The new layout would have said something else than the text: a bug
    /// in isnad, reported rather than written.
    WouldChange(String),
}

/// The order of the keys of the mapping at a place: `place` names the keys
/// from the top, with `*` for an item of a sequence (`claims.*.contradicts.*`
/// is `["claims", "*", "contradicts", "*"]`). Keys it does not list keep
/// their order, after those it lists.
pub type KeyOrder<'a> = dyn Fn(&[String]) -> Vec<&'static str> + 'a;

/// `text` in canonical quoting and key order.
pub fn canonical(text: &str, order: &KeyOrder<'_>) -> Result<String, LayoutError> {
    // Every line is handled with its line break: give the last one one.
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let unterminated = !text.is_empty() && !text.ends_with('\n');
    let mut working = text.to_owned();
    if unterminated {
        working.push_str(ending);
    }
    let quoted = requote(&working)?;
    same_values(&working, &quoted)?;
    let ordered = reorder(&quoted, order)?;
    same_values(&quoted, &ordered)?;
    same_lines(&quoted, &ordered)?;
    let mut result = ordered;
    if unterminated && result.ends_with(ending) {
        result.truncate(result.len() - ending.len());
    }
    Ok(result)
}

/// An event with the byte offset and 0-based line where it starts.
struct Located {
    event: Event,
    offset: usize,
    line: usize,
}

/// Every event of `text`, located.
fn events(text: &str) -> Result<Vec<Located>, LayoutError> {
    let text = &super::lines_by_lf(text);
    // yaml-rust2 counts its positions in characters.
    let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    bytes.push(text.len());
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut parser = Parser::new_from_str(text);
    let mut located = Vec::new();
    loop {
        let (event, marker) = parser
            .next_token()
            .map_err(|error| LayoutError::Syntax(error.to_string()))?;
        if event == Event::StreamEnd {
            return Ok(located);
        }
        let offset = bytes[marker.index().min(bytes.len() - 1)];
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        located.push(Located {
            event,
            offset,
            line,
        });
    }
}

/// Pass 1: every quoted scalar on one line in canonical double quotes.
fn requote(text: &str) -> Result<String, LayoutError> {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for located in events(text)? {
        let Event::Scalar(value, style, ..) = &located.event else {
            continue;
        };
        if !matches!(
            style,
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
        ) {
            continue;
        }
        // The scalar's marker may sit on an anchor or tag before it: only a
        // scalar that starts with its quote is rewritten.
        let Some(written) = quoted_at(&text[located.offset..]) else {
            continue;
        };
        let canonical = quoted(value);
        if canonical == written || located.offset < copied {
            continue;
        }
        if read_scalar(&canonical).as_deref() != Some(value.as_str()) {
            return Err(LayoutError::WouldChange(format!(
                "{written} would be written {canonical}, which reads differently"
            )));
        }
        out.push_str(&text[copied..located.offset]);
        out.push_str(&canonical);
        copied = located.offset + written.len();
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

/// The quoted scalar at the start of `text`, quotes included, if it ends on
/// its line (and holds no carriage return, which isnad reads as a space).
fn quoted_at(text: &str) -> Option<&str> {
    let quote = text.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' | '\r' => return None,
            '\\' if quote == '"' => {
                if matches!(chars.next(), None | Some((_, '\n' | '\r'))) {
                    return None;
                }
            }
            c if c == quote => {
                // In single quotes, `''` is one quote.
                if quote == '\'' && text[i + 1..].starts_with('\'') {
                    chars.next();
                    continue;
                }
                return Some(&text[..=i]);
            }
            _ => {}
        }
    }
    None
}

/// `value` quoted the canonical way: in single quotes if it holds a `"`,
/// no `'` and nothing that needs an escape; else in double quotes.
fn quoted(value: &str) -> String {
    let double = double_quoted(value);
    let escapes = double.matches('\\').count();
    let quotes = value.matches('"').count();
    if quotes > 0 && escapes == quotes && !value.contains('\'') {
        format!("'{value}'")
    } else {
        double
    }
}

/// `value` in double quotes, escaping only what must be.
fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The string a lone scalar reads as.
fn read_scalar(written: &str) -> Option<String> {
    let mut parser = Parser::new_from_str(written);
    let mut value = None;
    loop {
        match parser.next_token().ok()?.0 {
            Event::StreamEnd => return value,
            Event::Scalar(read, ..) if value.is_none() => value = Some(read),
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) => return None,
            _ => {}
        }
    }
}

/// Refuses a pass whose text reads as other values than before it.
fn same_values(before: &str, after: &str) -> Result<(), LayoutError> {
    let read = |text: &str| {
        serde_yaml::from_str::<serde_yaml::Value>(&super::lines_by_lf(text))
            .map_err(|error| LayoutError::Syntax(error.to_string()))
    };
    // Mappings compare regardless of their order.
    if read(before)? == read(after)? {
        Ok(())
    } else {
        Err(LayoutError::WouldChange(
            "the values read differently after formatting".to_owned(),
        ))
    }
}

/// Refuses a reordering that lost or changed a line (a comment, a blank
/// line): the lines must be the same, but for the `- ` that starts an item.
fn same_lines(before: &str, after: &str) -> Result<(), LayoutError> {
    let lines = |text: &str| {
        let mut lines: Vec<String> = text
            .split_inclusive('\n')
            .map(|line| line.trim_start_matches([' ', '-']).to_owned())
            .collect();
        lines.sort();
        lines
    };
    if lines(before) == lines(after) {
        Ok(())
    } else {
        Err(LayoutError::WouldChange(
            "a line would be lost or changed by formatting".to_owned(),
        ))
    }
}

/// A block mapping, as lines.
#[derive(Debug, Default)]
struct Mapping {
    place: Vec<String>,
    /// Each key: its text, its 0-based line and its byte column.
    keys: Vec<(String, usize, usize)>,
    /// The line of what follows the mapping (exclusive end).
    end: usize,
    /// Whether its entries can move as blocks of lines.
    movable: bool,
}

/// What is open while the events are read.
struct Open {
    place: Vec<String>,
    flow: bool,
    /// For a block mapping: its index in the list; `expecting_key` tells
    /// whether the next node is a key.
    mapping: Option<usize>,
    is_mapping: bool,
    expecting_key: bool,
    last_key: String,
}

/// The block mappings of `text` with their keys, or `None` when entries
/// must not move (the text has aliases).
fn mappings(text: &str) -> Result<Option<Vec<Mapping>>, LayoutError> {
    let mut found: Vec<Mapping> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    for located in events(text)? {
        let starts_node = matches!(
            located.event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
        );
        // The node's role in its parent: a key, or a value at a place.
        let mut place = Vec::new();
        let mut is_key = false;
        if starts_node {
            if let Some(parent) = open.last_mut() {
                place = parent.place.clone();
                if parent.is_mapping {
                    if parent.expecting_key {
                        is_key = true;
                    } else {
                        place.push(parent.last_key.clone());
                    }
                    parent.expecting_key = !parent.expecting_key;
                } else {
                    place.push("*".to_owned());
                }
            }
        }
        let flow_parent = open.last().is_some_and(|o| o.flow);
        match &located.event {
            Event::Alias(_) => return Ok(None),
            Event::Scalar(value, ..) if is_key => {
                if let Some(parent) = open.last_mut() {
                    parent.last_key = value.clone();
                    if let Some(index) = parent.mapping {
                        let line_start = text[..located.offset].rfind('\n').map_or(0, |i| i + 1);
                        found[index].keys.push((
                            value.clone(),
                            located.line,
                            located.offset - line_start,
                        ));
                    }
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let is_mapping = matches!(located.event, Event::MappingStart(..));
                let flow = flow_parent || text[located.offset..].starts_with(['[', '{']);
                if is_key {
                    // A collection as a key (`? [a, b]`): leave the mapping be.
                    let parent = open.last().and_then(|o| o.mapping);
                    if let Some(index) = parent {
                        found[index].movable = false;
                    }
                }
                let mapping = (is_mapping && !flow).then(|| {
                    found.push(Mapping {
                        place: place.clone(),
                        movable: true,
                        ..Mapping::default()
                    });
                    found.len() - 1
                });
                open.push(Open {
                    place,
                    flow,
                    mapping,
                    is_mapping,
                    expecting_key: true,
                    last_key: String::new(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(index) = open.pop().and_then(|o| o.mapping) {
                    found[index].end = located.line;
                }
            }
            _ => {}
        }
    }
    Ok(Some(found))
}

/// One entry of a block mapping, by lines: `lead..line` are the blank and
/// comment lines above it, `line..end` the key and its value.
#[derive(Debug, Clone)]
struct Entry {
    key: String,
    lead: usize,
    line: usize,
    end: usize,
}

/// A mapping whose entries can move.
#[derive(Debug)]
struct Movable {
    place: Vec<String>,
    entries: Vec<Entry>,
    /// The lines after the last entry's value, which stay at the end.
    tail_end: usize,
    /// For a mapping that is an item of a sequence and starts on its `- `
    /// line: the width of what precedes the first key (`  - `).
    dash: Option<usize>,
}

/// Pass 2: the entries of every block mapping in the order `order` gives.
fn reorder(text: &str, order: &KeyOrder<'_>) -> Result<String, LayoutError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.iter().any(|line| has_keep_header(line)) {
        return Ok(text.to_owned());
    }
    let Some(found) = mappings(text)? else {
        return Ok(text.to_owned());
    };
    let mut starting = HashMap::new();
    let mut movable = Vec::new();
    for mapping in found {
        if let Some(layout) = movable_entries(&lines, mapping) {
            let first = layout.entries[0].line;
            if let std::collections::hash_map::Entry::Vacant(slot) = starting.entry(first) {
                slot.insert(movable.len());
                movable.push(layout);
            }
        }
    }
    let layout = Layout {
        lines: &lines,
        mappings: &movable,
        starting: &starting,
        order,
    };
    let mut out = Vec::with_capacity(lines.len());
    layout.emit(0, lines.len(), &mut out);
    Ok(out.concat())
}

/// The entries of `mapping` as blocks of lines, if they can move: every
/// key starts its own line at one column (the first may follow the `- `
/// of a sequence item), and the mapping holds more than one entry.
fn movable_entries(lines: &[&str], mapping: Mapping) -> Option<Movable> {
    if !mapping.movable || mapping.keys.len() < 2 {
        return None;
    }
    let column = mapping.keys[0].2;
    let mut dash = None;
    for (index, (_, line, key_column)) in mapping.keys.iter().enumerate() {
        let prefix = lines.get(*line)?.get(..*key_column)?;
        let blank = prefix.bytes().all(|b| b == b' ');
        let item_start = index == 0
            && prefix.contains('-')
            && prefix.bytes().all(|b| matches!(b, b' ' | b'-'))
            && !prefix.contains("--")
            && prefix.ends_with(' ');
        if *key_column != column || !(blank || item_start) {
            return None;
        }
        if item_start {
            dash = Some(column);
        }
    }
    let end = mapping.end.clamp(mapping.keys.last()?.1 + 1, lines.len());
    let mut entries: Vec<Entry> = Vec::with_capacity(mapping.keys.len());
    for (index, (key, line, _)) in mapping.keys.iter().enumerate() {
        let next = mapping.keys.get(index + 1).map_or(end, |k| k.1);
        if next <= *line {
            return None;
        }
        let mut value_end = next;
        while value_end - 1 > *line && is_between_entries(lines[value_end - 1], column) {
            value_end -= 1;
        }
        let lead = entries.last().map_or(*line, |previous| previous.end);
        entries.push(Entry {
            key: key.clone(),
            lead,
            line: *line,
            end: value_end,
        });
    }
    Some(Movable {
        place: mapping.place,
        tail_end: end,
        entries,
        dash,
    })
}

/// Whether a line ends with a block scalar header that keeps the final
/// line breaks (`key: |+`, `- >2+ # comment`).
fn has_keep_header(line: &str) -> bool {
    let content = line.split(" #").next().unwrap_or_default().trim_end();
    let token = content.rsplit(' ').next().unwrap_or_default();
    token.starts_with(['|', '>'])
        && token.contains('+')
        && token[1..]
            .chars()
            .all(|c| matches!(c, '+' | '-' | '1'..='9'))
}

/// Whether a line after a value belongs between two entries of a mapping
/// whose keys are at `column`: a blank line, or a comment no deeper than
/// the keys (a deeper one may be the text of a `|` block, or speak of the
/// value above it).
fn is_between_entries(line: &str, column: usize) -> bool {
    let content = line.trim_end_matches(['\n', '\r']);
    let trimmed = content.trim_start_matches(' ');
    if trimmed.trim().is_empty() {
        return true;
    }
    trimmed.starts_with('#') && content.len() - trimmed.len() <= column
}

struct Layout<'a> {
    lines: &'a [&'a str],
    mappings: &'a [Movable],
    starting: &'a HashMap<usize, usize>,
    order: &'a KeyOrder<'a>,
}

impl Layout<'_> {
    /// Lines `from..to`, with the mappings that start in them reordered.
    fn emit(&self, from: usize, to: usize, out: &mut Vec<String>) {
        let mut line = from;
        while line < to {
            match self.starting.get(&line).map(|&i| &self.mappings[i]) {
                Some(mapping) if mapping.entries.last().is_some_and(|e| e.end <= to) => {
                    let end = mapping.tail_end.min(to);
                    self.emit_mapping(mapping, end, out);
                    line = end;
                }
                _ => {
                    out.push(self.lines[line].to_owned());
                    line += 1;
                }
            }
        }
    }

    /// A mapping's entries in order, then the lines after them up to `end`.
    fn emit_mapping(&self, mapping: &Movable, end: usize, out: &mut Vec<String>) {
        let keys = (self.order)(&mapping.place);
        let rank = |entry: &Entry| {
            keys.iter()
                .position(|k| *k == entry.key)
                .unwrap_or(keys.len())
        };
        let mut sorted: Vec<&Entry> = mapping.entries.iter().collect();
        sorted.sort_by_key(|entry| rank(entry));
        let mut key_lines = Vec::with_capacity(sorted.len());
        for entry in &sorted {
            out.extend(
                self.lines[entry.lead..entry.line]
                    .iter()
                    .map(|l| l.to_string()),
            );
            key_lines.push(out.len());
            out.push(self.lines[entry.line].to_owned());
            self.emit(entry.line + 1, entry.end, out);
        }
        let last = mapping.entries.last().map_or(end, |e| e.end);
        self.emit(last, end, out);
        // The `- ` of a sequence item goes to the entry that is now first.
        let first = &mapping.entries[0];
        if let (Some(width), false) = (mapping.dash, std::ptr::eq(sorted[0], first)) {
            let old = sorted.iter().position(|e| std::ptr::eq(*e, first));
            if let Some(old) = old {
                let dash = self.lines[first.line][..width].to_owned();
                let line = &mut out[key_lines[old]];
                line.replace_range(..width, &" ".repeat(width));
                out[key_lines[0]].replace_range(..width, &dash);
            }
        }
    }
}

#[cfg(test)]
mod tests;
