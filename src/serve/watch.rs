//! Noticing that an editor saved a file: the size and modification time of
//! every file the site is built from, compared between two looks.
//!
//! Polling a few thousand `stat` calls a few times a second costs
//! milliseconds, works the same on every platform and file system
//! (network mounts and containers included, where change notifications are
//! unreliable), and needs no dependency.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use walkdir::WalkDir;

/// What a file looked like: its size and modification time.
pub(crate) type Stamp = (u64, Option<SystemTime>);

/// The files under watch, at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Snapshot {
    files: BTreeMap<PathBuf, Stamp>,
}

/// What to watch: folders (walked) and single files; `ignore` is the build
/// folder, which the server itself writes.
#[derive(Debug, Clone)]
pub(crate) struct Watched {
    /// Folders whose files are watched, at any depth.
    pub(crate) folders: Vec<PathBuf>,
    /// Single files.
    pub(crate) files: Vec<PathBuf>,
    /// Never reported, even inside a watched folder.
    pub(crate) ignore: PathBuf,
}

impl Watched {
    /// Looks at every watched file now.
    pub(crate) fn snapshot(&self) -> Snapshot {
        let mut files = BTreeMap::new();
        for file in &self.files {
            if let Some(stamp) = stamp(file) {
                files.insert(file.clone(), stamp);
            }
        }
        for folder in &self.folders {
            let walker = WalkDir::new(folder)
                .into_iter()
                .filter_entry(|entry| entry.depth() == 0 || !is_scratch(entry.path()));
            for entry in walker.flatten() {
                let path = entry.path();
                if entry.file_type().is_file() && !path.starts_with(&self.ignore) {
                    if let Some(stamp) = stamp(path) {
                        files.insert(path.to_path_buf(), stamp);
                    }
                }
            }
        }
        Snapshot { files }
    }
}

/// Editor scratch files, which come and go while a file is saved: hidden
/// files (`.#a.md`, `.a.md.swp`) and backups (`a.md~`). isnad ignores
/// hidden files when it builds, too.
fn is_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~')
}

fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()))
}

impl Snapshot {
    /// The files added, changed or removed since `before`, in path order.
    pub(crate) fn changed_since(&self, before: &Snapshot) -> Vec<PathBuf> {
        let mut changed: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(path, stamp)| before.files.get(*path) != Some(*stamp))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            before
                .files
                .keys()
                .filter(|path| !self.files.contains_key(*path))
                .cloned(),
        );
        changed.sort();
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_seen_and_scratch_files_are_not() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        let site = content.join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(content.join("a.md"), "a").unwrap();
        let watched = Watched {
            folders: vec![content.clone()],
            files: vec![temp.path().join("book.toml")],
            ignore: site.clone(),
        };
        let before = watched.snapshot();
        std::fs::write(content.join(".a.md.swp"), "x").unwrap();
        std::fs::write(content.join("a.md~"), "x").unwrap();
        std::fs::write(site.join("index.html"), "x").unwrap();
        assert_eq!(
            watched.snapshot().changed_since(&before),
            Vec::<PathBuf>::new()
        );
        std::fs::write(content.join("a.md"), "ab").unwrap();
        std::fs::write(temp.path().join("book.toml"), "").unwrap();
        let after = watched.snapshot();
        assert_eq!(
            after.changed_since(&before),
            [temp.path().join("book.toml"), content.join("a.md")]
        );
        std::fs::remove_file(content.join("a.md")).unwrap();
        assert_eq!(
            watched.snapshot().changed_since(&after),
            [content.join("a.md")]
        );
    }
}
