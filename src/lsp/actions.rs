//! Code actions: the fixes a diagnostic suggests, as edits.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, Range, TextEdit, Uri, WorkspaceEdit};

use super::diagnostics::{convert, extent};
use super::position::{Encoding, Lines};
use crate::anchor::repair::{closest_original, disambiguations, Disambiguation};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::schema::Selector;
use crate::load::Document;

/// The fixes for the problems of one file (`text`, at `uri`) whose lines
/// meet `range`; `document` is the file parsed, when it is a document.
pub(crate) fn actions(
    problems: &[&Diagnostic],
    document: Option<&Document>,
    text: &str,
    uri: &Uri,
    range: Range,
    encoding: Encoding,
) -> Vec<CodeAction> {
    let lines = Lines::new(text, encoding);
    let mut found = Vec::new();
    for problem in problems {
        let line = problem.line.saturating_sub(1) as u32;
        if line < range.start.line || line > range.end.line {
            continue;
        }
        let start = lines.offset_of_column(problem.line, problem.column);
        let fix = Fix {
            problem,
            lines: &lines,
            text,
            uri,
            start,
            encoding,
        };
        match problem.code {
            Code::UnknownReference => found.extend(fix.suggested_id()),
            Code::QuoteNotFound => found.extend(document.and_then(|d| fix.closest_passage(d))),
            Code::AmbiguousQuote => {
                found.extend(document.map(|d| fix.disambiguate(d)).unwrap_or_default())
            }
            _ => {}
        }
    }
    found
}

struct Fix<'a> {
    problem: &'a Diagnostic,
    lines: &'a Lines<'a>,
    text: &'a str,
    uri: &'a Uri,
    /// Where the problem is, as a byte offset of the file.
    start: usize,
    encoding: Encoding,
}

impl Fix<'_> {
    fn action(&self, title: String, edit: TextEdit) -> CodeAction {
        CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![convert(self.problem, self.encoding)]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(self.uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            is_preferred: Some(true),
            ..CodeAction::default()
        }
    }

    /// An unknown id → the one its note suggests.
    fn suggested_id(&self) -> Option<CodeAction> {
        let meant = self
            .problem
            .notes
            .iter()
            .find_map(|note| note.strip_prefix("did you mean `")?.strip_suffix("`?"))?;
        let span = extent(self.text, self.start);
        let edit = TextEdit::new(self.lines.range(span.start, span.end), meant.to_owned());
        Some(self.action(format!("Replace with `{meant}`"), edit))
    }

    /// The claim's or note's selector whose quote the problem is at.
    fn selector<'d>(&self, document: &'d Document) -> Option<Selector<'d>> {
        let front = &document.front;
        let claims = front
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("claims.{i}.quote"), c.selector()));
        let notes = front
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("notes.{i}.quote"), n.selector()));
        claims
            .chain(notes)
            .find(|(path, _)| document.yaml.offset_of(path) == self.start)
            .map(|(_, selector)| selector)
    }

    /// The end of the one-line value that starts at the problem, if it is
    /// one (not a `|` or `>` block).
    fn value_end(&self) -> Option<usize> {
        let rest = &self.text[self.start..];
        if rest.starts_with(['|', '>']) {
            return None;
        }
        let line = rest.split('\n').next().unwrap_or_default().trim_end();
        Some(self.start + line.len())
    }

    /// The indentation of the key whose value is at the problem.
    fn key_indent(&self) -> String {
        let line_start = self.text[..self.start].rfind('\n').map_or(0, |i| i + 1);
        let line = &self.text[line_start..self.start];
        let key = line.trim_start_matches([' ', '-']);
        " ".repeat(line.len() - key.len())
    }

    /// A quote that is not found → the closest passage of the text.
    fn closest_passage(&self, document: &Document) -> Option<CodeAction> {
        let selector = self.selector(document)?;
        let passage = closest_original(document, selector.quote)?;
        let end = self.value_end()?;
        let edit = TextEdit::new(self.lines.range(self.start, end), yaml_string(&passage));
        Some(self.action(format!("Replace the quote with «{passage}»"), edit))
    }

    /// An ambiguous quote → for each occurrence, the shortest prefix or
    /// suffix that picks it, or its occurrence number.
    fn disambiguate(&self, document: &Document) -> Vec<CodeAction> {
        let (Some(selector), Some(end)) = (self.selector(document), self.value_end()) else {
            return Vec::new();
        };
        let line_end = self.text[end..]
            .find('\n')
            .map_or(self.text.len(), |i| end + i);
        let at = self.lines.position(line_end);
        let indent = self.key_indent();
        let insert = |field: &str, value: String| {
            TextEdit::new(Range::new(at, at), format!("\n{indent}{field}: {value}"))
        };
        let mut found = Vec::new();
        for (index, context) in disambiguations(document, selector).into_iter().enumerate() {
            let n = index + 1;
            match context {
                Some(Disambiguation::Prefix(text)) => found.push(self.action(
                    format!("Occurrence {n}: add prefix «{text}»"),
                    insert("prefix", yaml_string(&text)),
                )),
                Some(Disambiguation::Suffix(text)) => found.push(self.action(
                    format!("Occurrence {n}: add suffix «{text}»"),
                    insert("suffix", yaml_string(&text)),
                )),
                None => {}
            }
            found.push(self.action(
                format!("Occurrence {n}: add `occurrence: {n}`"),
                insert("occurrence", n.to_string()),
            ));
        }
        found
    }
}

/// A YAML double-quoted string holding `text`.
fn yaml_string(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ");
    format!("\"{escaped}\"")
}
