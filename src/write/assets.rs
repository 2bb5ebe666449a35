//! The theme: CSS, scripts and the Arabic font compiled into the binary
//! from the repository's `theme/`, replaced or added to, file by file, by
//! the dossier's own `theme/`.

use std::path::Path;

use walkdir::WalkDir;

use super::SiteFile;
use crate::config::display_path;
use crate::diagnostic::{file_error, Code, Diagnostic};

/// The built-in theme files, by path below `theme/`.
const BUILT_IN: &[(&str, &[u8])] = &[
    ("isnad.css", include_bytes!("../../theme/isnad.css")),
    ("isnad.js", include_bytes!("../../theme/isnad.js")),
    ("search.js", include_bytes!("../../theme/search.js")),
    // A subset of Noto Naskh Arabic (OFL), so that Arabic reads the same
    // everywhere, also where the system would fall back to an old face.
    (
        "fonts/naskh-Regular.woff2",
        include_bytes!("../../theme/fonts/naskh-Regular.woff2"),
    ),
    (
        "fonts/naskh-Bold.woff2",
        include_bytes!("../../theme/fonts/naskh-Bold.woff2"),
    ),
    ("fonts/OFL.txt", include_bytes!("../../theme/fonts/OFL.txt")),
];

/// The theme's files, as they go under `theme/` in the site.
pub(super) fn theme(theme_dir: &Path) -> Result<Vec<SiteFile>, Diagnostic> {
    let mut files: Vec<SiteFile> = BUILT_IN
        .iter()
        .map(|(name, bytes)| SiteFile {
            path: format!("theme/{name}"),
            bytes: bytes::Bytes::from_static(bytes),
        })
        .collect();
    if !theme_dir.is_dir() {
        return Ok(files);
    }
    let walker = WalkDir::new(theme_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            file_error(
                display_path(theme_dir),
                Code::Io,
                format!("cannot read the theme: {e}"),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(theme_dir).unwrap_or(entry.path());
        let path = format!("theme/{}", relative.to_string_lossy().replace('\\', "/"));
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            file_error(
                display_path(entry.path()),
                Code::Io,
                format!("cannot read: {e}"),
            )
        })?;
        match files.iter_mut().find(|f| f.path == path) {
            Some(existing) => existing.bytes = bytes.into(),
            None => files.push(SiteFile {
                path,
                bytes: bytes.into(),
            }),
        }
    }
    Ok(files)
}
