//! `isnad serve`: build, serve the site on 127.0.0.1, rebuild when a file
//! changes, and reload the pages open in a browser (spec §8).
//!
//! Three parts: [`crate::watch`] notices saved files through the operating
//! system's change notifications (`notify`, debounced; polling where those
//! fail or with `--poll`); [`crate::build_cached`] rebuilds, re-reading and
//! re-rendering only the documents that changed; [`http`] serves the build
//! folder. Pages are served with one extra script tag (never written to
//! disk) that listens to `/__isnad/events`, a stream of server-sent events
//! with the build state: it reloads the page after a new build, restyles it
//! in place when only stylesheets changed, and shows the dossier's errors
//! over the page while a change has broken it. `/__isnad/version` gives the
//! same state once. A failed build writes nothing, so the last good site
//! stays served.

mod annotate;
mod http;

use std::io::IsTerminal;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::cache::BuildCache;
use crate::diagnostic::{file_error, Code, Diagnostic, Severity};
use crate::render::escape_html;
use crate::watch::{absolute, Change, Watched, Watcher};
use http::{content_type, inject, resolve, respond, start_event_stream, Connection, Request};

/// The page script that reloads and shows errors.
const RELOAD_JS: &str = include_str!("reload.js");

/// How long an event stream may stay silent: a comment is sent then, so
/// that a closed page's connection is noticed and its thread ends.
const HEARTBEAT: Duration = Duration::from_secs(15);

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
    /// The generation of the last good build that changed more than the
    /// theme's stylesheets: a page served at this generation or later
    /// only needs its stylesheets loaded again, not a reload.
    full: u64,
    /// Goes up by one at the end of every build, good or not: the event
    /// streams send the state again.
    builds: u64,
    /// The folder being served.
    site: PathBuf,
}

#[derive(Debug, Default)]
struct Shared {
    status: Mutex<Status>,
    built: Condvar,
    /// The dossier's folder, read again to annotate from the page.
    root: PathBuf,
}

impl Shared {
    fn status(&self) -> MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Builds the dossier at `root`, serves it on 127.0.0.1:`port` (0: any
/// free port), and rebuilds on every change until the process is stopped;
/// `poll` looks at the files every 200 ms instead of using the operating
/// system's change notifications. Returns only when the port cannot be
/// listened on.
pub fn serve(root: &Path, port: u16, poll: bool) -> Result<(), Diagnostic> {
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
    let shared = Arc::new(Shared {
        root: root.to_path_buf(),
        ..Shared::default()
    });
    let mut cache = BuildCache::new();
    let watched = Watched::dossier(root);
    shared.status().site = watched.ignore.clone();
    // Watching starts before the first build: a file saved during it is
    // built next.
    let mut watcher = Watcher::start(watched, poll);
    rebuild(root, &mut cache, &shared, &Change::default(), true);
    println!("serving http://{address}/ (stop with Ctrl-C)");
    println!("watching {}", watcher.describe());
    flush_stdout();
    let accepting = Arc::clone(&shared);
    let port = address.port();
    std::thread::spawn(move || accept(listener, accepting, port));
    // Whether a change since the last good build went beyond stylesheets.
    let mut beyond_styles = false;
    loop {
        let change = watcher.next_change();
        // book.toml may have moved the content or build folder, and a
        // watched folder may have appeared; while book.toml is broken, what
        // was watched stays watched. Re-armed before building, so that what
        // is saved meanwhile is seen.
        if let Some(now) = Watched::configured(root) {
            watcher.update(now);
        }
        beyond_styles |= !only_stylesheets(root, &change);
        if rebuild(root, &mut cache, &shared, &change, beyond_styles) {
            beyond_styles = false;
        }
    }
}

/// Whether a change touched only the theme's stylesheets, which open pages
/// can load again without reloading.
fn only_stylesheets(root: &Path, change: &Change) -> bool {
    let theme = absolute(&root.join("theme"));
    !change.rescan
        && !change.folders
        && !change.paths.is_empty()
        && change
            .paths
            .iter()
            .all(|p| p.starts_with(&theme) && p.extension().is_some_and(|e| e == "css"))
}

/// Builds the site; returns whether the build was good. `beyond_styles`
/// tells whether anything but the theme's stylesheets changed since the
/// last good build.
fn rebuild(
    root: &Path,
    cache: &mut BuildCache,
    shared: &Shared,
    change: &Change,
    beyond_styles: bool,
) -> bool {
    report_change(change);
    shared.status().building = true;
    let started = Instant::now();
    let outcome = crate::build_cached(root, None, cache);
    let elapsed = started.elapsed().as_millis();
    print_diagnostics(&outcome.diagnostics);
    let mut status = shared.status();
    status.building = false;
    status.builds += 1;
    let good = !outcome.failed();
    if good {
        status.generation += 1;
        status.errors = None;
        if beyond_styles {
            status.full = status.generation;
        }
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
    } else {
        status.errors = Some(plain_text(&outcome.diagnostics));
        eprintln!("the dossier has errors; the last good site is still served");
    }
    drop(status);
    shared.built.notify_all();
    good
}

/// Prints which files changed.
fn report_change(change: &Change) {
    if let Some(changed) = change.describe() {
        eprintln!("{changed}");
    }
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
        // One thread per connection: a browser opens a few at a time, a
        // slow one must not hold up the others, and an event stream holds
        // its connection while the page is open.
        std::thread::spawn(move || handle(Connection::new(stream), &shared, port));
    }
}

/// Answers the requests of one connection until it closes, or until a
/// request is refused (the connection is closed after the refusal).
fn handle(mut connection: Connection, shared: &Shared, port: u16) {
    loop {
        let checked = connection.next_request().and_then(|request| match request {
            Some(request) => request.check(port).map(|()| Some(request)),
            None => Ok(None),
        });
        let request = match checked {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(refusal) => {
                let (status, why) = refusal.status();
                let _ = respond(
                    connection.stream(),
                    status,
                    "text/plain; charset=utf-8",
                    why.as_bytes(),
                    false,
                    false,
                );
                return;
            }
        };
        if request.method == "POST" && request.path == QUOTE {
            let _ = answer_quote(&mut connection, shared, &request, port);
            return;
        }
        // Any other method is refused (405) with its connection closed:
        // its body, if any, is never read.
        let keep_alive =
            connection.keep_alive() && matches!(request.method.as_str(), "GET" | "HEAD");
        let answered = answer(connection.stream(), shared, &request, keep_alive);
        if answered.is_err() || !keep_alive || request.path == EVENTS {
            return;
        }
    }
}

/// The stream of build states that served pages listen to.
const EVENTS: &str = "/__isnad/events";

/// Where a page posts a selection to get the YAML block for it.
const QUOTE: &str = "/__isnad/quote";

/// Answers `POST /__isnad/quote` (see [`annotate`]), then closes the
/// connection.
fn answer_quote(
    connection: &mut Connection,
    shared: &Shared,
    request: &Request,
    port: u16,
) -> std::io::Result<()> {
    let body = request
        .check_post(port)
        .and_then(|()| connection.read_body(request));
    let answer = match body {
        Ok(body) => annotate::answer(&shared.root, &body),
        Err(refusal) => {
            let (status, why) = refusal.status();
            return respond(
                connection.stream(),
                status,
                "text/plain; charset=utf-8",
                why.as_bytes(),
                false,
                false,
            );
        }
    };
    respond(
        connection.stream(),
        answer.status,
        "application/json",
        answer.body.as_bytes(),
        false,
        false,
    )
}

fn answer(
    stream: &TcpStream,
    shared: &Shared,
    request: &Request,
    keep_alive: bool,
) -> std::io::Result<()> {
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        return respond(
            stream,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET and HEAD",
            false,
            false,
        );
    }
    match request.path.as_str() {
        "/__isnad/version" => {
            let body = version_json(shared);
            respond(
                stream,
                "200 OK",
                "application/json",
                body.as_bytes(),
                head,
                keep_alive,
            )
        }
        EVENTS if !head => stream_events(stream, shared),
        "/__isnad/annotate.js" => respond(
            stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            annotate::script(&shared.root).as_bytes(),
            head,
            keep_alive,
        ),
        "/__isnad/reload.js" => respond(
            stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
            head,
            keep_alive,
        ),
        _ => serve_file(stream, shared, request, head, keep_alive),
    }
}

/// Sends the build state now and after every build, as server-sent
/// events, until the page goes away.
fn stream_events(mut stream: &TcpStream, shared: &Shared) -> std::io::Result<()> {
    use std::io::Write;
    start_event_stream(stream)?;
    // After the server stops, the page tries again every second.
    stream.write_all(b"retry: 1000\n\n")?;
    let mut sent = None;
    loop {
        let status = shared.status();
        let (status, _) = shared
            .built
            .wait_timeout_while(status, HEARTBEAT, |s| Some(s.builds) == sent)
            .unwrap_or_else(|e| e.into_inner());
        let message = if Some(status.builds) == sent {
            // A comment: nothing changed, but a closed page is noticed.
            ": still here\n\n".to_owned()
        } else {
            sent = Some(status.builds);
            format!("data: {}\n\n", state_json(&status))
        };
        drop(status);
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
}

fn version_json(shared: &Shared) -> String {
    state_json(&shared.status())
}

/// The build state, as pages read it.
fn state_json(status: &Status) -> String {
    serde_json::json!({
        "generation": status.generation,
        "building": status.building,
        "errors": status.errors,
        "full": status.full,
    })
    .to_string()
}

fn serve_file(
    stream: &TcpStream,
    shared: &Shared,
    request: &Request,
    head: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let site = shared.status().site.clone();
    let Some(path) = resolve(&site, &request.path) else {
        return respond(
            stream,
            "403 Forbidden",
            "text/plain",
            b"forbidden",
            head,
            keep_alive,
        );
    };
    match read_settled(shared, &path) {
        Some(bytes) => {
            let kind = content_type(&path);
            let bytes = if kind.starts_with("text/html") {
                inject(&bytes, &script_tag(shared))
            } else {
                bytes
            };
            respond(stream, "200 OK", kind, &bytes, head, keep_alive)
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
                keep_alive,
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
