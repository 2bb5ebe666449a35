//! Positions as the Language Server Protocol counts them, and file URIs.
//!
//! isnad's diagnostics give 1-based lines and columns counted in
//! characters; LSP counts 0-based lines and, by default, UTF-16 code units
//! within the line (a client may offer UTF-8 or UTF-32 instead). Arabic
//! letters are one UTF-16 unit but two UTF-8 bytes, so the difference shows
//! as soon as a client asks for UTF-8, and for any character outside the
//! Basic Multilingual Plane in UTF-16.

use std::path::{Path, PathBuf};

use lsp_types::{Position, PositionEncodingKind, Range, Uri};

/// How the client counts characters within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
    /// Unicode scalar values, as isnad's columns count.
    Utf32,
}

impl Encoding {
    /// The encoding to use given those the client offers (in its order of
    /// preference): UTF-32 or UTF-8 when offered, since they cost least,
    /// else the default.
    pub(crate) fn negotiate(offered: &[PositionEncodingKind]) -> Encoding {
        offered
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-32" => Some(Encoding::Utf32),
                "utf-8" => Some(Encoding::Utf8),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    /// The name the protocol gives the encoding.
    pub(crate) fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// A text with its line starts, to convert between byte offsets and LSP
/// positions.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    /// Indexes `text` for a client counting in `encoding`.
    pub(crate) fn new(text: &'a str, encoding: Encoding) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            text,
            starts,
            encoding,
        }
    }

    /// The text of a 0-based line, without its line ending.
    pub(crate) fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The position of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let character = self.text[start..offset]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        Position::new(line as u32, character)
    }

    /// The byte offset of a position, clamped to its line.
    pub(crate) fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let mut units = 0;
        for (index, c) in self.line(position.line as usize).char_indices() {
            if units >= position.character {
                return start + index;
            }
            units += self.encoding.width(c);
        }
        start + self.line(position.line as usize).len()
    }

    /// The byte offset of isnad's 1-based line and character column.
    pub(crate) fn offset_of_column(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let within: usize = self
            .line(line.saturating_sub(1))
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        start + within
    }

    /// The range of a byte range.
    pub(crate) fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }
}

/// The file a `file://` URI names.
pub(crate) fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///C:/…` on Windows; a host part other than empty is not local.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                decoded.push((hex(h)? * 16 + hex(l)?) as u8);
                i += 3;
            }
            (b, _, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    Some(PathBuf::from(String::from_utf8(decoded).ok()?))
}

/// The `file://` URI of an absolute path, percent-encoding what a URI path
/// cannot hold as it is (spaces, Arabic letters).
pub(crate) fn uri_of(path: &Path) -> Uri {
    let mut text = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        let plain = byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte);
        if plain {
            text.push(byte as char);
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text.parse()
        .unwrap_or_else(|_| "file:///".parse().expect("a constant URI parses"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letters_count_one_utf16_unit_and_two_utf8_bytes() {
        let text = "id: x\nقال 😀 هنا\n";
        let after = text.find("هنا").unwrap();
        let utf16 = Lines::new(text, Encoding::Utf16);
        let utf8 = Lines::new(text, Encoding::Utf8);
        let utf32 = Lines::new(text, Encoding::Utf32);
        // قال, a space, an emoji (two UTF-16 units), a space.
        assert_eq!(utf16.position(after), Position::new(1, 7));
        assert_eq!(utf8.position(after), Position::new(1, 12));
        assert_eq!(utf32.position(after), Position::new(1, 6));
        for lines in [&utf16, &utf8, &utf32] {
            assert_eq!(lines.offset(lines.position(after)), after);
        }
        assert_eq!(utf16.offset_of_column(2, 7), after);
    }

    #[test]
    fn uris_round_trip_through_paths_with_spaces_and_arabic() {
        let path = Path::new("/tmp/ملف تجريبي/content/a.md");
        let uri = uri_of(path);
        assert!(uri.as_str().starts_with("file:///tmp/%D9%85"));
        assert!(uri.as_str().contains("%20"));
        assert_eq!(path_of(&uri).as_deref(), Some(path));
    }
}
