//! isnad's diagnostics as LSP diagnostics: the same codes, positions and
//! messages, the notes as related information.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
};

use super::position::{uri_of, Encoding, Lines};
use crate::diagnostic::{Diagnostic, Severity};

/// The byte range a diagnostic underlines: the id, number or quoted text
/// that starts at its position (a point where there is none).
pub(crate) fn extent(text: &str, start: usize) -> std::ops::Range<usize> {
    let rest = &text[start..];
    let line = rest.split(['\n', '\r']).next().unwrap_or_default();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // In a flow list (`[a, b]`) a value ends at a comma or bracket; a plain
    // value (an Arabic quote, say) runs to the end of the line.
    let in_flow = text[line_start..start].contains(['[', '{']);
    let length = match line.chars().next() {
        Some(quote @ ('"' | '\'')) => line[1..].find(quote).map_or(line.len(), |end| end + 2),
        Some(_) if in_flow => line
            .find(|c: char| c.is_whitespace() || ",]}#".contains(c))
            .unwrap_or(line.len()),
        Some(_) => line.split(" #").next().unwrap_or_default().trim_end().len(),
        None => 0,
    };
    start..start + length
}

/// Converts one diagnostic. Its position needs only the text of its line,
/// which the diagnostic carries: no file is read, so that a keystroke in a
/// dossier with hundreds of warnings converts them in no time.
pub(crate) fn convert(diagnostic: &Diagnostic, encoding: Encoding) -> lsp_types::Diagnostic {
    let line = diagnostic.source_line.as_deref().unwrap_or_default();
    let lines = Lines::new(line, encoding);
    let start = lines.offset_of_column(1, diagnostic.column);
    let span = extent(line, start);
    let number = diagnostic.line.saturating_sub(1) as u32;
    let (from, to) = (lines.position(span.start), lines.position(span.end));
    let range = Range::new(
        Position::new(number, from.character),
        Position::new(number, to.character),
    );
    let uri = uri_of(&diagnostic.path);
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .notes
        .iter()
        .map(|note| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: note.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_owned())),
        source: Some("isnad".to_owned()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

/// The diagnostics of each file that has any, in file order.
pub(crate) fn by_file(
    diagnostics: &[Diagnostic],
    encoding: Encoding,
) -> BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> {
    let mut files: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
    for diagnostic in diagnostics {
        // A problem with no file (one of the whole dossier) has nowhere to
        // be shown in an editor.
        if diagnostic.path.is_absolute() {
            files
                .entry(diagnostic.path.clone())
                .or_default()
                .push(convert(diagnostic, encoding));
        }
    }
    files
}
