//! `isnad serve`: build, serve the site on 127.0.0.1, rebuild when a file
//! changes, and reload the pages open in a browser (spec §8).
//!
//! Three parts: [`crate::watch`] notices saved files through the operating
//! system's change notifications (`notify`, debounced; polling where those
//! fail or with `--poll`); [`crate::build_in_memory`] rebuilds into memory,
//! re-reading and re-rendering only the documents and pages that changed;
//! hyper serves that site from memory (nothing is written to the build
//! folder), on a single-threaded tokio runtime of its own, with isnad's
//! policy from [`http`]. Pages are served with one extra script tag that
//! listens to `/__isnad/events`, a stream of server-sent events with the
//! build state: it reloads the page after a new build, restyles it in
//! place when only stylesheets changed, and shows the dossier's errors over
//! the page while a change has broken it. `/__isnad/version` gives the same
//! state once. A failed build replaces nothing, so the last good site stays
//! served.

mod annotate;
mod http;

use std::convert::Infallible;
use std::io::IsTerminal;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Limited};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::{Method, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{mpsc, watch};

use crate::cache::BuildCache;
use crate::diagnostic::{file_error, Code, Diagnostic, Severity};
use crate::render::escape_html;
use crate::watch::{absolute, Change, Watched, Watcher};
use crate::write::SiteInMemory;
use http::{
    closing, content_type, inject, response, site_paths, with_body, Body, Refusal, Request,
};

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
    /// Whether a build is under way.
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
    /// The site being served: the last good build's, in memory.
    site: Option<Arc<SiteInMemory>>,
}

#[derive(Debug)]
struct Shared {
    status: Mutex<Status>,
    /// The number of builds ended, for the event streams, which wait on
    /// the runtime rather than on a thread.
    builds: watch::Sender<u64>,
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
        status: Mutex::default(),
        builds: watch::Sender::new(0),
        root: root.to_path_buf(),
    });
    let mut cache = BuildCache::new();
    let watched = Watched::dossier(root);
    // Watching starts before the first build: a file saved during it is
    // built next.
    let mut watcher = Watcher::start(watched, poll);
    rebuild(root, &mut cache, &shared, &Change::default(), true);
    println!("serving http://{address}/ (stop with Ctrl-C)");
    println!("watching {}", watcher.describe());
    flush_stdout();
    let accepting = Arc::clone(&shared);
    let port = address.port();
    let (runtime, listener) = runtime(listener)?;
    std::thread::spawn(move || runtime.block_on(accept(listener, accepting, port)));
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
    let outcome = crate::build_in_memory(root, cache);
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
        // A failed build keeps the last good site served.
        if let Some(site) = outcome.memory {
            status.site = Some(Arc::new(site));
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
    let builds = status.builds;
    drop(status);
    shared.builds.send_replace(builds);
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

/// The runtime that serves, and the listener moved onto it. One thread
/// runs every connection (a preview has a handful), and the blocking work (reading files, annotating) goes to tokio's blocking
/// threads.
fn runtime(
    listener: TcpListener,
) -> Result<(tokio::runtime::Runtime, tokio::net::TcpListener), Diagnostic> {
    let failed = |error: std::io::Error| {
        file_error(
            "--port",
            Code::CommandLine,
            format!("cannot serve: {error}"),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(failed)?;
    listener.set_nonblocking(true).map_err(failed)?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(failed)?
    };
    Ok((runtime, listener))
}

/// How long a connection may take to send a request head, and stay silent
/// between two requests, before it is closed.
const IDLE: Duration = Duration::from_secs(10);

async fn accept(listener: tokio::net::TcpListener, shared: Arc<Shared>, port: u16) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait before trying again
            // rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(handle(request, shared, port).await) }
            });
            // hyper answers what it cannot parse (400) and heads over the
            // limits (431) itself, and closes the connection after them.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(IDLE)
                .max_buf_size(http::MAX_HEAD)
                .max_headers(http::MAX_HEADERS)
                .title_case_headers(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Answers one request: refused (and the connection closed) unless
/// [`Request::check`] lets it through.
async fn handle(
    request: hyper::Request<Incoming>,
    shared: Arc<Shared>,
    port: u16,
) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let request = match Request::from_parts(&parts).and_then(|r| r.check(port).map(|()| r)) {
        Ok(request) => request,
        Err(refusal) => return refusal.response(),
    };
    if parts.method == Method::POST && request.path == QUOTE {
        return answer_quote(&shared, &request, body, port).await;
    }
    // Any other method is refused (405) with its connection closed: its
    // body, if any, is never read.
    if parts.method != Method::GET && parts.method != Method::HEAD {
        return closing(response(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            b"only GET and HEAD".to_vec(),
        ));
    }
    // hyper keeps the connection open for the next request unless the
    // client asked to close it (HTTP/1.1 needs no header to say so).
    answer(&shared, &request, parts.method == Method::HEAD).await
}

/// The stream of build states that served pages listen to.
const EVENTS: &str = "/__isnad/events";

/// Where a page posts a selection to get the YAML block for it.
const QUOTE: &str = "/__isnad/quote";

/// Answers `POST /__isnad/quote` (see [`annotate`]), then closes the
/// connection.
async fn answer_quote(
    shared: &Arc<Shared>,
    request: &Request,
    body: Incoming,
    port: u16,
) -> Response<Body> {
    if let Err(refusal) = request.check_post(port) {
        return refusal.response();
    }
    let body = match Limited::new(body, http::MAX_BODY).collect().await {
        Ok(body) => body.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            return Refusal::BodyTooLarge.response()
        }
        Err(_) => return Refusal::BadRequest.response(),
    };
    let root = shared.root.clone();
    let answer = tokio::task::spawn_blocking(move || annotate::answer(&root, &body)).await;
    closing(match answer {
        Ok(answer) => response(answer.status, "application/json", answer.body.into_bytes()),
        Err(_) => response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain",
            b"the annotation failed".to_vec(),
        ),
    })
}

async fn answer(shared: &Arc<Shared>, request: &Request, head: bool) -> Response<Body> {
    let script = "text/javascript; charset=utf-8";
    match request.path.as_str() {
        "/__isnad/version" => response(
            StatusCode::OK,
            "application/json",
            version_json(shared).into_bytes(),
        ),
        EVENTS if !head => event_stream(shared),
        "/__isnad/annotate.js" => {
            // It reads book.toml: off the thread that serves everyone.
            let root = shared.root.clone();
            let text = tokio::task::spawn_blocking(move || annotate::script(&root)).await;
            response(StatusCode::OK, script, text.unwrap_or_default())
        }
        "/__isnad/reload.js" => response(StatusCode::OK, script, RELOAD_JS.as_bytes().to_vec()),
        // The first request for the search index makes its files: a
        // second or so at ten thousand documents, off the serving thread.
        path if path.starts_with("/search/") => {
            let (shared, path) = (Arc::clone(shared), path.to_owned());
            let file = tokio::task::spawn_blocking(move || serve_file(&shared, &path)).await;
            let (status, kind, bytes) = file.unwrap_or((
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/plain",
                Bytes::from_static(b"the search index could not be made"),
            ));
            response(status, kind, bytes)
        }
        _ => {
            // From memory: no file is read, nothing blocks.
            let (status, kind, bytes) = serve_file(shared, &request.path);
            response(status, kind, bytes)
        }
    }
}

/// A stream of server-sent events: the build state now and after every
/// build, and a comment after [`HEARTBEAT`] of silence, until the page goes
/// away (hyper then drops the body, and the task sending into it ends).
fn event_stream(shared: &Arc<Shared>) -> Response<Body> {
    let (sender, receiver) = mpsc::channel::<Bytes>(4);
    let shared = Arc::clone(shared);
    tokio::spawn(async move {
        let mut builds = shared.builds.subscribe();
        // After the server stops, the page tries again every second.
        let mut message = "retry: 1000\n\n".to_owned();
        loop {
            builds.mark_unchanged();
            message.push_str(&format!("data: {}\n\n", version_json(&shared)));
            if sender.send(Bytes::from(message)).await.is_err() {
                return;
            }
            loop {
                match tokio::time::timeout(HEARTBEAT, builds.changed()).await {
                    Ok(Ok(())) => break,
                    Ok(Err(_)) => return,
                    // A comment: nothing changed, but a closed page is
                    // noticed.
                    Err(_) => {
                        if sender
                            .send(Bytes::from_static(b": still here\n\n"))
                            .await
                            .is_err()
                        {
                            return;
                        }
                    }
                }
            }
            message = String::new();
        }
    });
    closing(with_body(
        StatusCode::OK,
        "text/event-stream; charset=utf-8",
        EventBody(receiver).boxed(),
    ))
}

/// The body of an event stream: the messages sent into the channel, as
/// they come.
struct EventBody(mpsc::Receiver<Bytes>);

impl hyper::body::Body for EventBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(context)
            .map(|message| message.map(|bytes| Ok(Frame::data(bytes))))
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

/// The file a request names, with its status and content type: a page
/// with the reload script added; the 404 page (or, before the first good
/// build, the errors) when there is none.
fn serve_file(shared: &Shared, url_path: &str) -> (StatusCode, &'static str, Bytes) {
    let Some(paths) = site_paths(url_path) else {
        return (
            StatusCode::FORBIDDEN,
            "text/plain",
            Bytes::from_static(b"forbidden"),
        );
    };
    // The site and its generation together: a page of one build must not
    // carry the next build's number, or it would not reload.
    let (site, generation) = {
        let status = shared.status();
        (status.site.clone(), status.generation)
    };
    let found = site.as_ref().and_then(|site| {
        paths
            .iter()
            .find_map(|path| site.get(path).map(|bytes| (path, bytes)))
    });
    match found {
        Some((path, bytes)) => {
            let kind = content_type(Path::new(path));
            let bytes: Bytes = if kind.starts_with("text/html") {
                inject(&bytes, &script_tag(generation)).into()
            } else {
                bytes
            };
            (StatusCode::OK, kind, bytes)
        }
        None => {
            let page = match site.as_ref().and_then(|site| site.get("404.html")) {
                Some(page) => inject(&page, &script_tag(generation)),
                None => no_site_page(shared).into_bytes(),
            };
            (
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                page.into(),
            )
        }
    }
}

/// The reload script's tag, for a page of build `generation`.
fn script_tag(generation: u64) -> String {
    format!("<script src=\"/__isnad/reload.js\" data-generation=\"{generation}\"></script>")
}

/// The page served when there is no site yet: the first build failed.
fn no_site_page(shared: &Shared) -> String {
    let (errors, generation) = {
        let status = shared.status();
        (status.errors.clone().unwrap_or_default(), status.generation)
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">\
         <title>isnad serve</title></head><body>\n<h1>No site yet</h1>\n\
         <p>The dossier has not built yet. Fix the problems below; this page reloads by itself.</p>\n\
         <pre>{}</pre>\n{}</body></html>\n",
        escape_html(&errors),
        script_tag(generation)
    )
}
