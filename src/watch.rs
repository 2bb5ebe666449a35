//! Noticing that an editor saved a file (`isnad serve`, `isnad check
//! --watch`), with the operating system's change
//! notifications (the `notify` crate: inotify, FSEvents, ReadDirectoryChanges)
//! through `notify-debouncer-full`, which stitches an editor's atomic save
//! (write a temporary file, rename it over the document) into one change.
//!
//! Where notifications cannot be had (too many watches, some network mounts
//! and containers) or are asked not to be (`isnad serve --poll`), notify's
//! `PollWatcher` looks at the files every [`POLL`] instead. The build folder
//! is never reported: the server writes it, and reporting it would loop.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::config;
use notify_debouncer_full::notify::event::EventKind;
use notify_debouncer_full::notify::{self, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};

/// How long a file must stay quiet before the debouncer reports it.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// After a report, how long to wait for more before rebuilding: a burst of
/// saves (an editor's "save all", a `git checkout`) is one rebuild.
const QUIET: Duration = Duration::from_millis(80);

/// The longest a rebuild waits for a burst to end: files written without
/// a pause still get built.
const MAX_WAIT: Duration = Duration::from_secs(2);

/// How often the polling watcher looks at the files.
const POLL: Duration = Duration::from_millis(200);

/// What to watch: folders (at any depth) and single files; `ignore` is the
/// build folder, which `isnad serve` itself writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    /// Folders whose files are watched, at any depth.
    pub folders: Vec<PathBuf>,
    /// Single files.
    pub files: Vec<PathBuf>,
    /// Never reported, even inside a watched folder.
    pub ignore: PathBuf,
}

impl Watched {
    /// What a dossier is built from, as its book.toml says: the content
    /// folder, templates/, theme/ and book.toml; the build folder is never
    /// reported. `None` while book.toml does not read.
    pub fn configured(root: &Path) -> Option<Watched> {
        config::load(root, None).ok().map(|config| Watched {
            folders: vec![
                config.content_dir,
                root.join("templates"),
                root.join("theme"),
            ],
            files: vec![root.join("book.toml")],
            ignore: config.build_dir,
        })
    }

    /// Like [`Watched::configured`], with the default folders while
    /// book.toml does not read (its next save is seen all the same).
    pub fn dossier(root: &Path) -> Watched {
        Watched::configured(root).unwrap_or_else(|| Watched {
            folders: vec![
                root.join("content"),
                root.join("templates"),
                root.join("theme"),
            ],
            files: vec![root.join("book.toml")],
            ignore: root.join("site"),
        })
    }

    /// The same, with absolute paths: notify reports absolute paths.
    fn absolute(self) -> Watched {
        Watched {
            folders: self.folders.iter().map(|p| absolute(p)).collect(),
            files: self.files.iter().map(|p| absolute(p)).collect(),
            ignore: absolute(&self.ignore),
        }
    }

    /// Whether a change to `path` concerns the site: a file in a watched
    /// folder or a watched file (or a watched folder appearing), neither
    /// in the build folder nor an editor's scratch file.
    pub fn concerns(&self, path: &Path) -> bool {
        if path.starts_with(&self.ignore) {
            return false;
        }
        if self.files.iter().any(|file| file == path) {
            return true;
        }
        self.folders.iter().any(|folder| {
            path.strip_prefix(folder)
                .is_ok_and(|inside| !inside.components().any(is_scratch))
        })
    }

    /// The paths to hand to the watcher: the parents of the watched files
    /// and folders, without recursion (an atomic save replaces a file, and
    /// a watch on the file itself would follow the old one; a folder may
    /// not exist yet), then every watched folder that exists, recursively.
    fn watches(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut watches: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        for path in self.files.iter().chain(&self.folders) {
            if let Some(parent) = path.parent().filter(|p| p.is_dir()) {
                let parent = parent.to_path_buf();
                if !watches.iter().any(|(p, _)| *p == parent) {
                    watches.push((parent, RecursiveMode::NonRecursive));
                }
            }
        }
        for folder in self.folders.iter().filter(|f| f.is_dir()) {
            watches.retain(|(p, _)| p != folder);
            watches.push((folder.clone(), RecursiveMode::Recursive));
        }
        watches
    }
}

/// `path` made absolute (notify reports the paths it watches joined to the
/// working folder).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` as the editor would type it: from the working folder, without
/// `./`.
pub fn shown(path: &Path) -> PathBuf {
    let here = std::env::current_dir().unwrap_or_default();
    crate::config::display_path(path.strip_prefix(&here).unwrap_or(path))
}

/// Editor scratch files, which come and go while a file is saved: hidden
/// files and folders (`.#a.md`, `.a.md.swp`, `.git`), backups (`a.md~`),
/// temporary files renamed over the document (`a.md.tmp`) and vim's write
/// test (`4913`). isnad ignores them when it builds, too.
fn is_scratch(component: Component<'_>) -> bool {
    let Component::Normal(name) = component else {
        return false;
    };
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.ends_with(".swp")
        || name == "4913"
}

/// The debouncer, over native notifications or polling; dropping it stops
/// watching.
// Held only so that it keeps watching: its events come through the channel.
#[allow(dead_code)]
enum Armed {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Polling(Debouncer<PollWatcher, RecommendedCache>),
}

/// A change the site is built from.
#[derive(Debug, Default)]
pub struct Change {
    /// The files changed, in path order, absolute.
    pub paths: Vec<PathBuf>,
    /// Whether the watcher lost track (an overflowing event queue) and
    /// anything may have changed.
    pub rescan: bool,
    /// Whether a watched folder appeared or changed: it may need watching,
    /// and may hold files no event was seen for yet.
    pub folders: bool,
}

impl Change {
    /// Which files changed (the first five), for the terminal: `changed:
    /// content/a.md`; `None` when nothing did.
    pub fn describe(&self) -> Option<String> {
        let names: Vec<String> = self
            .paths
            .iter()
            .take(5)
            .map(|p| shown(p).display().to_string())
            .collect();
        let more = self.paths.len().saturating_sub(names.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        if !names.is_empty() {
            Some(format!("changed: {}{more}", names.join(", ")))
        } else if self.rescan || self.folders {
            Some("changed: the watched folders".to_owned())
        } else {
            None
        }
    }
}

/// Watches the files a site is built from.
pub struct Watcher {
    watched: Watched,
    watches: Vec<(PathBuf, RecursiveMode)>,
    armed: Option<Armed>,
    poll: bool,
    sender: Sender<DebounceEventResult>,
    events: Receiver<DebounceEventResult>,
}

impl Watcher {
    /// Starts watching; with `poll`, never uses native notifications.
    pub fn start(watched: Watched, poll: bool) -> Watcher {
        let watched = watched.absolute();
        let (sender, events) = channel();
        let mut watcher = Watcher {
            watches: watched.watches(),
            watched,
            armed: None,
            poll,
            sender,
            events,
        };
        watcher.arm();
        watcher
    }

    /// What is watched and how, for the terminal.
    pub fn describe(&self) -> String {
        let how = match self.armed {
            Some(Armed::Native(_)) => "change notifications",
            Some(Armed::Polling(_)) => "polling every 200 ms",
            None => "nothing: no watcher could start",
        };
        let what: Vec<String> = self
            .watched
            .folders
            .iter()
            .chain(&self.watched.files)
            .map(|p| shown(p).display().to_string())
            .collect();
        format!("{} ({how})", what.join(", "))
    }

    /// Watches `watched` from now on, when it differs from what is
    /// watched (book.toml moved a folder, or a watched folder appeared).
    pub fn update(&mut self, watched: Watched) {
        let watched = watched.absolute();
        let watches = watched.watches();
        if watched == self.watched && watches == self.watches {
            return;
        }
        self.watched = watched;
        self.watches = watches;
        self.arm();
    }

    /// Waits for the next change and returns it once the files have been
    /// quiet for [`QUIET`] (at most [`MAX_WAIT`] after it began).
    pub fn next_change(&mut self) -> Change {
        let mut change = Change::default();
        loop {
            let Ok(result) = self.events.recv() else {
                // Only if every sender is gone, which `self.sender` prevents.
                std::thread::sleep(POLL);
                continue;
            };
            if self.take(result, &mut change) {
                break;
            }
        }
        let began = Instant::now();
        let mut last = began;
        while began.elapsed() < MAX_WAIT {
            let left = QUIET.saturating_sub(last.elapsed());
            match self.events.recv_timeout(left) {
                // Only a change restarts the wait: the build's own reads
                // are reported too (and ignored).
                Ok(result) => {
                    if self.take(result, &mut change) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        change.paths.sort();
        change.paths.dedup();
        change
    }

    /// Adds the paths of a debouncer report that concern the site;
    /// returns whether there were any.
    fn take(&self, result: DebounceEventResult, change: &mut Change) -> bool {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for error in errors {
                    eprintln!("watching files: {error}");
                }
                return false;
            }
        };
        let mut any = false;
        for event in events {
            if event.need_rescan() {
                change.rescan = true;
                any = true;
            }
            // Reading a file is no change (and the build reads them all).
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in event.paths.iter().filter(|p| self.watched.concerns(p)) {
                any = true;
                if path.is_dir() {
                    change.folders = true;
                } else {
                    change.paths.push(path.clone());
                }
            }
        }
        any
    }

    /// Starts the debouncer on the current watches: natively unless told
    /// to poll, polling when native notifications fail.
    fn arm(&mut self) {
        // Stop the old watcher first: two would report every change twice.
        self.armed = None;
        if !self.poll {
            match self.start_debouncer::<RecommendedWatcher>(notify::Config::default()) {
                Ok(debouncer) => {
                    self.armed = Some(Armed::Native(debouncer));
                    return;
                }
                Err(error) => eprintln!(
                    "change notifications are not available ({error}); polling every 200 ms instead"
                ),
            }
        }
        // notify's poller compares modification times in whole seconds:
        // a second save within the same second would go unseen without
        // comparing the contents too (hashed, from the page cache).
        let config = notify::Config::default()
            .with_poll_interval(POLL)
            .with_compare_contents(true);
        match self.start_debouncer::<PollWatcher>(config) {
            Ok(debouncer) => self.armed = Some(Armed::Polling(debouncer)),
            Err(error) => eprintln!("cannot watch the dossier's files: {error}"),
        }
    }

    fn start_debouncer<T: notify::Watcher>(
        &self,
        config: notify::Config,
    ) -> notify::Result<Debouncer<T, RecommendedCache>> {
        let sender = self.sender.clone();
        let mut debouncer = new_debouncer_opt::<_, T, RecommendedCache>(
            DEBOUNCE,
            None,
            move |result: DebounceEventResult| {
                let _ = sender.send(result);
            },
            RecommendedCache::new(),
            config,
        )?;
        for (path, mode) in &self.watches {
            debouncer.watch(path, *mode)?;
        }
        Ok(debouncer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched(root: &Path) -> Watched {
        Watched {
            folders: vec![root.join("content"), root.join("theme")],
            files: vec![root.join("book.toml")],
            ignore: root.join("site"),
        }
    }

    #[test]
    fn scratch_files_and_the_build_folder_are_not_changes() {
        let root = Path::new("/d");
        let watched = watched(root);
        for path in ["content/a.md", "content/reports/b.md", "book.toml", "theme"] {
            assert!(watched.concerns(&root.join(path)), "{path}");
        }
        for path in [
            "content/.a.md.swp",
            "content/.#a.md",
            "content/a.md~",
            "content/a.md.tmp",
            "content/4913",
            "content/.git/index",
            "site/index.html",
            "README.md",
            "book.toml.tmp",
        ] {
            assert!(!watched.concerns(&root.join(path)), "{path}");
        }
    }

    #[test]
    fn a_missing_folder_is_watched_through_its_parent() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        std::fs::create_dir(root.join("content")).unwrap();
        assert_eq!(
            watched(root).watches(),
            [
                (root.to_path_buf(), RecursiveMode::NonRecursive),
                (root.join("content"), RecursiveMode::Recursive)
            ]
        );
    }

    #[test]
    fn an_atomic_save_is_one_change() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        for poll in [false, true] {
            let mut watcher = Watcher::start(watched(root), poll);
            // A poll watcher's first look must have happened.
            std::thread::sleep(POLL * 5);
            // New contents each time: the poller compares contents, and an
            // unchanged file is rightly no change.
            std::fs::write(root.join("content/a.md.tmp"), format!("{poll}")).unwrap();
            std::fs::rename(root.join("content/a.md.tmp"), root.join("content/a.md")).unwrap();
            let change = within(Duration::from_secs(20), move || watcher.next_change());
            assert_eq!(change.paths, [root.join("content/a.md")], "poll: {poll}");
        }
    }

    /// `work`'s result, or a failure once `limit` has passed: a watcher
    /// that misses a change must fail the test, not hang it.
    fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (send, receive) = channel();
        std::thread::spawn(move || {
            let _ = send.send(work());
        });
        receive
            .recv_timeout(limit)
            .unwrap_or_else(|_| panic!("no change reported within {limit:?}"))
    }
}
