//! `isnad serve`: build, serve the site on 127.0.0.1, rebuild when a file
//! changes, and reload the pages open in a browser (spec §8).
//!
//! Three parts, each plain: [`watch`] notices saved files by polling their
//! stamps; [`crate::build_cached`] rebuilds, re-reading and re-rendering
//! only the documents that changed; [`http`] serves the build folder. Pages
//! are served with one extra script tag (never written to disk) that asks
//! `/__isnad/version` for the build generation, reloads the page when it
//! changes, and shows the dossier's errors over the page while a change
//! has broken it. A failed build writes nothing, so the last good site
//! stays served.

mod http;
mod watch;

use std::io::IsTerminal;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::cache::BuildCache;
use crate::config;
use crate::diagnostic::{file_error, Code, Diagnostic, Severity};
use crate::render::escape_html;
use http::{content_type, inject, read_request, resolve, respond, Request};
use watch::{Snapshot, Watched};

/// The page script that reloads and shows errors.
const RELOAD_JS: &str = include_str!("reload.js");

/// How often the watched files are looked at.
const POLL: Duration = Duration::from_millis(200);

/// How the build stands, as pages see it through `/__isnad/version`.
#[derive(Debug, Default)]
struct Status {
    /// Goes up by one with each good build; a page served at an older
    /// generation reloads.
    generation: u64,
    /// Whether a build is under way (the build folder may be missing for
    /// the instant it is swapped).
    building: bool,
    /// The problems of the last build, when it failed.
    errors: Option<String>,
    /// The folder being served.
    site: PathBuf,
}

#[derive(Debug, Default)]
struct Shared {
    status: Mutex<Status>,
    built: Condvar,
}

impl Shared {
    fn status(&self) -> MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Builds the dossier at `root`, serves it on 127.0.0.1:`port` (0: any
/// free port), and rebuilds on every change until the process is stopped.
/// Returns only when the port cannot be listened on.
pub fn serve(root: &Path, port: u16) -> Result<(), Diagnostic> {
    let listener =
        TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).map_err(|error| {
            file_error(
                "--port",
                Code::CommandLine,
                format!("cannot listen on 127.0.0.1:{port}: {error}; choose another --port"),
            )
        })?;
    let address = listener.local_addr().map_err(|error| {
        file_error(
            "--port",
            Code::CommandLine,
            format!("cannot listen: {error}"),
        )
    })?;
    let shared = Arc::new(Shared::default());
    let mut cache = BuildCache::new();
    let mut watched = watched(root);
    let mut seen = watched.snapshot();
    shared.status().site = watched.ignore.clone();
    rebuild(root, &mut cache, &shared, &[]);
    println!("serving http://{address}/ (stop with Ctrl-C)");
    println!(
        "watching {} for changes",
        watched
            .folders
            .iter()
            .chain(&watched.files)
            .map(|p| config::display_path(p).display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    flush_stdout();
    let accepting = Arc::clone(&shared);
    let port = address.port();
    std::thread::spawn(move || accept(listener, accepting, port));
    loop {
        std::thread::sleep(POLL);
        let now = watched.snapshot();
        if now == seen {
            continue;
        }
        let now = settle(&watched, now);
        let changed = now.changed_since(&seen);
        seen = now;
        if changed.is_empty() {
            continue;
        }
        rebuild(root, &mut cache, &shared, &changed);
        // book.toml may have moved the content or build folder; while it
        // is broken, what was watched stays watched.
        if let Some(now) = watched_if_configured(root) {
            watched = now;
        }
    }
}

/// What to watch, from a book.toml that reads.
fn watched_if_configured(root: &Path) -> Option<Watched> {
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

/// What to watch: the content folder, templates/, theme/ and book.toml;
/// the build folder is served and never watched.
fn watched(root: &Path) -> Watched {
    watched_if_configured(root).unwrap_or_else(|| Watched {
        folders: vec![
            root.join("content"),
            root.join("templates"),
            root.join("theme"),
        ],
        files: vec![root.join("book.toml")],
        ignore: root.join("site"),
    })
}

/// Waits until a save has finished: editors write in steps (a temporary
/// file, then a rename), and building half-way through would report a
/// problem that is not there.
fn settle(watched: &Watched, mut now: Snapshot) -> Snapshot {
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(30));
        let again = watched.snapshot();
        if again == now {
            break;
        }
        now = again;
    }
    now
}

fn rebuild(root: &Path, cache: &mut BuildCache, shared: &Shared, changed: &[PathBuf]) {
    if !changed.is_empty() {
        let names: Vec<String> = changed
            .iter()
            .take(5)
            .map(|p| config::display_path(p).display().to_string())
            .collect();
        let more = changed.len().saturating_sub(names.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        eprintln!("changed: {}{more}", names.join(", "));
    }
    shared.status().building = true;
    let started = Instant::now();
    let outcome = crate::build_cached(root, None, cache);
    let elapsed = started.elapsed().as_millis();
    print_diagnostics(&outcome.diagnostics);
    let mut status = shared.status();
    status.building = false;
    if outcome.failed() {
        status.errors = Some(plain_text(&outcome.diagnostics));
        eprintln!("the dossier has errors; the last good site is still served");
    } else {
        status.generation += 1;
        status.errors = None;
        // The folder just built is the one to serve (book.toml may have
        // moved it); a failed build keeps the last good one served.
        if let Some(site) = &outcome.site_dir {
            status.site = site.clone();
        }
        let reuse = cache.last;
        let (pages_kept, pages_rendered) = cache.pages.last_build();
        eprintln!(
            "built {} documents in {elapsed} ms ({} read again, {} rendered again; {pages_rendered} pages rendered again, {pages_kept} unchanged)",
            reuse.documents, reuse.read, reuse.rendered
        );
    }
    drop(status);
    shared.built.notify_all();
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        eprintln!("{}", diagnostic.render(color));
    }
}

fn plain_text(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

fn flush_stdout() {
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

fn accept(listener: TcpListener, shared: Arc<Shared>, port: u16) {
    for stream in listener.incoming().flatten() {
        let shared = Arc::clone(&shared);
        // One thread per connection: a browser opens a few at a time, and a
        // slow one must not hold up the others.
        std::thread::spawn(move || {
            let _ = handle(&stream, &shared, port);
        });
    }
}

fn handle(stream: &TcpStream, shared: &Shared, port: u16) -> std::io::Result<()> {
    let checked = read_request(stream).and_then(|request| request.check(port).map(|()| request));
    let request = match checked {
        Ok(request) => request,
        Err(refusal) => {
            let (status, why) = refusal.status();
            return respond(
                stream,
                status,
                "text/plain; charset=utf-8",
                why.as_bytes(),
                false,
            );
        }
    };
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        return respond(
            stream,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET and HEAD",
            false,
        );
    }
    match request.path.as_str() {
        "/__isnad/version" => {
            let body = version_json(shared);
            respond(stream, "200 OK", "application/json", body.as_bytes(), head)
        }
        "/__isnad/reload.js" => respond(
            stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
            head,
        ),
        _ => serve_file(stream, shared, &request, head),
    }
}

fn version_json(shared: &Shared) -> String {
    let status = shared.status();
    serde_json::json!({
        "generation": status.generation,
        "building": status.building,
        "errors": status.errors,
    })
    .to_string()
}

fn serve_file(
    stream: &TcpStream,
    shared: &Shared,
    request: &Request,
    head: bool,
) -> std::io::Result<()> {
    let site = shared.status().site.clone();
    let Some(path) = resolve(&site, &request.path) else {
        return respond(stream, "403 Forbidden", "text/plain", b"forbidden", head);
    };
    match read_settled(shared, &path) {
        Some(bytes) => {
            let kind = content_type(&path);
            let bytes = if kind.starts_with("text/html") {
                inject(&bytes, &script_tag(shared))
            } else {
                bytes
            };
            respond(stream, "200 OK", kind, &bytes, head)
        }
        None => {
            let page = match read_settled(shared, &site.join("404.html")) {
                Some(page) => inject(&page, &script_tag(shared)),
                None => no_site_page(shared).into_bytes(),
            };
            respond(
                stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &page,
                head,
            )
        }
    }
}

/// Reads a file of the site; if it is missing while a build is swapping
/// the folder, waits for the build (a few seconds at most) and tries again.
fn read_settled(shared: &Shared, path: &Path) -> Option<Vec<u8>> {
    if let Ok(bytes) = std::fs::read(path) {
        return Some(bytes);
    }
    let status = shared.status();
    if status.building {
        let _ = shared
            .built
            .wait_timeout_while(status, Duration::from_secs(30), |s| s.building);
    } else {
        drop(status);
    }
    std::fs::read(path).ok()
}

fn script_tag(shared: &Shared) -> String {
    format!(
        "<script src=\"/__isnad/reload.js\" data-generation=\"{}\"></script>",
        shared.status().generation
    )
}

/// The page served when there is no site yet: the first build failed.
fn no_site_page(shared: &Shared) -> String {
    let errors = shared.status().errors.clone().unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">\
         <title>isnad serve</title></head><body>\n<h1>No site yet</h1>\n\
         <p>The dossier has not built yet. Fix the problems below; this page reloads by itself.</p>\n\
         <pre>{}</pre>\n{}</body></html>\n",
        escape_html(&errors),
        script_tag(shared)
    )
}
