//! `isnad serve` (spec §8), run as a reader's browser would see it: pages
//! over HTTP from 127.0.0.1, a rebuild after each saved change, the reload
//! script only in served pages, and a broken dossier reported while the
//! last good site stays served. Every wait is bounded; every server is
//! stopped, on a port the system chose.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// A running `isnad serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `isnad serve DIR --port 0` and waits (bounded) for the line
    /// that gives the address.
    fn start(dir: &Path) -> Server {
        Server::start_with(dir, &[])
    }

    /// Starts `isnad serve DIR --port 0` with more arguments.
    fn start_with(dir: &Path, more: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_isnad"))
            .args(["serve", ".", "--port", "0"])
            .args(more)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("isnad serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut errors = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while errors.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let (sender, receiver) = std::sync::mpsc::channel();
        let mut output = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while output.read_line(&mut line).is_ok_and(|n| n > 0) {
                let _ = sender.send(line.clone());
                line.clear();
            }
        });
        let mut server = Server {
            child,
            port: 0,
            stderr,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while server.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = receiver
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no address printed\n{}", server.stderr()));
            if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                server.port = rest.split('/').next().unwrap().parse().unwrap();
            }
        }
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, &format!("GET {path} HTTP/1.1"))
    }

    fn version(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__isnad/version").body).unwrap()
    }

    /// Waits (at most 60 s) until the build state satisfies `done`.
    fn wait_for(&self, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let version = self.version();
            if done(&version) {
                return version;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {version}\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Server {
    /// Waits (at most 60 s) until the terminal output satisfies `done`:
    /// it is read from a pipe, a moment after the server wrote it.
    fn wait_for_stderr(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let stderr = self.stderr();
            if done(&stderr) {
                return stderr;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Server {
    /// How many builds the terminal reports, good or broken.
    fn builds(&self) -> usize {
        self.stderr()
            .lines()
            .filter(|l| l.starts_with("built ") || l.starts_with("the dossier has errors"))
            .count()
    }

    /// Waits for a new generation, then half a second more, and returns
    /// how many builds there were in all (a late second build shows).
    fn settled_builds(&self, generation: u64) -> usize {
        self.wait_for("the rebuild", |v| {
            v["generation"].as_u64() > Some(generation)
        });
        std::thread::sleep(Duration::from_millis(1500));
        self.builds()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

/// Sends one raw request line (so that paths are sent exactly as written)
/// and reads the whole response.
fn request(port: u16, request_line: &str) -> Response {
    let host = format!("127.0.0.1:{port}");
    raw_request(port, request_line, &[("Host", &host)])
}

/// Sends a request line with exactly these header fields.
fn raw_request(port: u16, request_line: &str, headers: &[(&str, &str)]) -> Response {
    let mut head = format!("{request_line}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    exchange(port, &head, "")
}

/// Sends `head` and `body` on a new connection and reads the response to
/// the end of the connection.
fn exchange(port: u16, head: &str, body: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    // The server may answer and close before a too-large head, or the
    // body of a refused request, is sent.
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header");
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers.split(' ').nth(1).unwrap().parse().unwrap();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&fixture(name), &dossier);
    (temp, dossier)
}

/// Rewrites a file the way an editor saves it.
fn edit(path: &Path, change: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, change(&text)).unwrap();
}

const SCRIPT: &str = "<script src=\"/__isnad/reload.js\" data-generation=";

#[test]
fn serves_the_site_with_types_and_only_below_its_folder() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    let index = server.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        index.header("content-length"),
        Some(index.body.len().to_string())
    );
    assert!(index
        .text()
        .contains("<script src=\"/__isnad/reload.js\" data-generation=\"1\"></script></body>"));
    let css = server.get("/theme/isnad.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    let json = server.get("/dossier.json?x=1");
    assert_eq!(
        json.header("content-type").as_deref(),
        Some("application/json")
    );
    let script = server.get("/__isnad/reload.js");
    assert!(script.text().contains("/__isnad/version"));
    // The search index is made when it is first asked for.
    let meta = server.get("/search/meta.js");
    assert_eq!(meta.status, 200);
    assert!(
        meta.text().starts_with("isnadSearch.setMeta("),
        "{}",
        meta.text()
    );
    assert_eq!(server.get("/search/e/0.js").status, 200);
    assert_eq!(server.get("/search/e/999.js").status, 404);
    let missing = server.get("/documents/nowhere.html");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains(SCRIPT), "the 404 page reloads too");
    assert_eq!(
        request(server.port, "GET /../book.toml HTTP/1.1").status,
        403
    );
    assert_eq!(
        request(server.port, "GET /%2e%2e/book.toml HTTP/1.1").status,
        403
    );
    assert_eq!(request(server.port, "POST / HTTP/1.1").status, 405);
    // Another site's name for this machine (DNS rebinding) is refused.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /dossier.json HTTP/1.1\r\nHost: attacker.example:{}\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 421 Misdirected Request\r\n"),
        "{answer}"
    );
    assert_eq!(request(server.port, "nonsense").status, 400);
    let head = request(server.port, "HEAD /index.html HTTP/1.1");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    // The preview is served from memory: nothing is written to the build
    // folder (`isnad build` writes the site).
    assert!(!dossier.join("site").exists());
}

#[test]
fn a_saved_change_is_rebuilt_and_a_broken_one_leaves_the_last_good_site() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    assert_eq!(server.version()["generation"], 1);
    let document = dossier.join("content/second.md");
    edit(&document, |text| {
        format!("{text}\n\nفقرة أضافها المحرر الآن.\n")
    });
    let version = server.wait_for("the rebuild", |v| v["generation"] == 2);
    assert_eq!(version["errors"], serde_json::Value::Null);
    let page = server.get("/documents/second.html").text();
    assert!(page.contains("فقرة أضافها المحرر الآن."));
    assert!(page.contains("data-generation=\"2\""));
    // Only the saved document is rendered again (files copied a moment
    // ago may be read again: their stamps are too recent to trust).
    let stderr = server.wait_for_stderr("the second build", |s| {
        s.lines().filter(|l| l.starts_with("built ")).count() == 2
    });
    let rebuilt = stderr.lines().rfind(|l| l.starts_with("built ")).unwrap();
    assert!(
        rebuilt.contains(" read again, 1 rendered again; "),
        "{stderr}"
    );
    // Only the pages that show something of the saved document are
    // rendered again; the rest are taken from the last build.
    let unchanged: usize = rebuilt
        .rsplit(", ")
        .next()
        .and_then(|tail| tail.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(unchanged > 0, "{stderr}");

    // A change that breaks the dossier: the errors go to the browser and
    // the terminal, and the last good site stays.
    edit(&document, |text| text.replacen("title:", "titel:", 1));
    let broken = server.wait_for("the errors", |v| !v["errors"].is_null());
    assert_eq!(broken["generation"], 2, "no new site");
    let errors = broken["errors"].as_str().unwrap();
    assert!(
        errors.starts_with("content/second.md:2:1: error: unknown field `titel`"),
        "{errors}"
    );
    assert!(errors.contains("did you mean `title`?"));
    let page = server.get("/documents/second.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("فقرة أضافها المحرر الآن."));
    let stderr = server.wait_for_stderr("the report", |s| {
        s.contains("the last good site is still served")
    });
    assert!(stderr.contains("content/second.md:2:1: error: unknown field `titel`"));

    // Fixed: a new generation, no errors.
    edit(&document, |text| text.replacen("titel:", "title:", 1));
    let fixed = server.wait_for("the fix", |v| v["generation"] == 3);
    assert!(fixed["errors"].is_null());

    // A new document, and one removed.
    std::fs::write(
        dossier.join("content/third.md"),
        "---\ntitle: \"ثالث\"\nsource:\n  outlet: \"س\"\n---\nنص.\n",
    )
    .unwrap();
    server.wait_for("the new document", |v| v["generation"] == 4);
    assert_eq!(server.get("/documents/third.html").status, 200);
    std::fs::remove_file(dossier.join("content/third.md")).unwrap();
    server.wait_for("the removal", |v| v["generation"] == 5);
    assert_eq!(server.get("/documents/third.html").status, 404);
}

#[test]
fn templates_and_theme_are_watched_too() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    std::fs::create_dir_all(dossier.join("theme")).unwrap();
    std::fs::write(dossier.join("theme/extra.css"), "p { color: red }").unwrap();
    server.wait_for("the theme change", |v| v["generation"] == 2);
    assert_eq!(server.get("/theme/extra.css").text(), "p { color: red }");
    std::fs::create_dir_all(dossier.join("templates")).unwrap();
    std::fs::write(dossier.join("templates/404.html"), "{% if %}").unwrap();
    let broken = server.wait_for("the template error", |v| !v["errors"].is_null());
    assert!(
        broken["errors"].as_str().unwrap().contains("[template]"),
        "{broken}"
    );
    // The templates are compiled again for each change, and only then:
    // every version is served as it is written.
    for text in ["first override", "second override"] {
        std::fs::write(dossier.join("templates/404.html"), format!("<p>{text}</p>")).unwrap();
        server.wait_for(text, |_| server.get("/404.html").text().contains(text));
        // A save elsewhere keeps the templates as they are.
        let generation = server.version()["generation"].clone();
        rewrite(&dossier.join("content/second.md"), |t| format!("{t}\n"));
        server.wait_for("the rebuild after a save", |v| {
            v["generation"] != generation
        });
        assert!(server.get("/404.html").text().contains(text));
    }
}

#[test]
fn a_dossier_that_never_built_shows_its_errors() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(temp.path().join("content")).unwrap();
    std::fs::write(temp.path().join("book.toml"), "[book]\ntitle = 1\n").unwrap();
    let server = Server::start(temp.path());
    let page = server.get("/");
    assert_eq!(page.status, 404);
    let text = page.text();
    assert!(text.contains("No site yet"), "{text}");
    assert!(text.contains("book.toml:2:9: error:"), "{text}");
    assert!(text.contains(SCRIPT));
    std::fs::write(temp.path().join("book.toml"), "[book]\ntitle = \"ملف\"\n").unwrap();
    server.wait_for("the first good build", |v| v["generation"] == 1);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_port_in_use_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = isnad(&fixture("basic"), &["serve", ".", "--port", &port]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "error: --port: cannot listen on 127.0.0.1:{port}: "
        )),
        "{stderr}"
    );
}

/// Headless Chromium and the Node.js packages of tests/browser, when they
/// are here (`.ci/run` installs them; in CI their absence is a failure).
fn browser_tools() -> Option<PathBuf> {
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let present = chromium.is_file()
        && Command::new("node").arg("--version").output().is_ok()
        && repo_root()
            .join("tests/browser/node_modules/playwright-core")
            .is_dir();
    if present {
        return Some(chromium);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the serve browser test cannot run in CI: chromium, node or tests/browser/node_modules is missing"
    );
    eprintln!(
        "SKIPPED the serve browser test: chromium, node or tests/browser/node_modules is missing"
    );
    None
}

/// Runs tests/browser/serve.mjs on a served page: it edits `document`,
/// waits for the page to reload, saves theme/isnad.css and waits for the
/// page to restyle without reloading, breaks the document, waits for the
/// overlay, fixes it. Returns the reload times in milliseconds.
fn browser_round_trip(chromium: &Path, url: &str, document: &Path, rounds: usize) -> Vec<u64> {
    let output = Command::new("node")
        .arg(repo_root().join("tests/browser/serve.mjs"))
        .args([url, document.to_str().unwrap(), &rounds.to_string()])
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser checks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert!(result["errors"]
        .as_str()
        .unwrap()
        .starts_with("isnad: the dossier has errors; this is the last good build."));
    result["reloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ms| ms.as_u64().unwrap())
        .collect()
}

#[test]
fn a_page_in_a_browser_reloads_and_shows_the_errors() {
    let Some(chromium) = browser_tools() else {
        return;
    };
    let (_temp, dossier) = copy_fixture("basic");
    // The page is restyled when theme/isnad.css is saved there.
    std::fs::create_dir_all(dossier.join("theme")).unwrap();
    let server = Server::start(&dossier);
    let url = format!("http://127.0.0.1:{}/documents/second.html", server.port);
    let reloads = browser_round_trip(&chromium, &url, &dossier.join("content/second.md"), 2);
    assert_eq!(reloads.len(), 2);
}

/// The time from saving one document of the 1,000-document benchmark
/// dossier to the reloaded page. Run with
/// `cargo bench --bench scale -- 1000` first (it generates the dossier),
/// then `cargo test --release --test serve -- --ignored --nocapture`.
#[test]
#[ignore]
fn reload_latency_on_the_benchmark_dossier() {
    let source = repo_root().join("target/bench-dossiers/1000");
    assert!(
        source.is_dir(),
        "run `cargo bench --bench scale -- 1000` first"
    );
    let temp = tempfile::tempdir().unwrap();
    let dossier = temp.path().join("dossier");
    copy_dir(&source, &dossier);
    let _ = std::fs::remove_dir_all(dossier.join("site"));
    std::fs::create_dir_all(dossier.join("theme")).unwrap();
    let started = Instant::now();
    let server = Server::start(&dossier);
    println!(
        "first build and serve: {} ms",
        started.elapsed().as_millis()
    );
    let mut documents: Vec<PathBuf> = std::fs::read_dir(dossier.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    documents.sort();
    // Let every file's stamp age past the cache's "racily clean" window,
    // as it has in an editor's dossier.
    std::thread::sleep(Duration::from_secs(3));
    let mut times = Vec::new();
    for round in 0..5 {
        let document = &documents[round * 100];
        let id = document.file_stem().unwrap().to_string_lossy().into_owned();
        let marker = format!("تعديل رقم {round} للقياس.");
        let generation = server.version()["generation"].as_u64().unwrap();
        let saved = Instant::now();
        edit(document, |text| format!("{text}\n\n{marker}\n"));
        // The browser is told by a pushed event; polling every 20 ms here
        // measures the server, and the browser's share is reported apart.
        server.wait_for("the rebuild", |v| {
            v["generation"].as_u64() > Some(generation)
        });
        let page = server.get(&format!("/documents/{id}.html"));
        let elapsed = saved.elapsed();
        assert!(page.text().contains(&marker));
        println!(
            "round {round}: {} ms from save to the new page",
            elapsed.as_millis()
        );
        times.push(elapsed);
    }
    times.sort();
    if let Some(chromium) = browser_tools() {
        let document = &documents[600];
        let id = document.file_stem().unwrap().to_string_lossy().into_owned();
        let url = format!("http://127.0.0.1:{}/documents/{id}.html", server.port);
        let mut reloads = browser_round_trip(&chromium, &url, document, 5);
        reloads.sort_unstable();
        println!(
            "in Chromium, from save to the reloaded page's load event: median {} ms (min {} ms, max {} ms)",
            reloads[2], reloads[0], reloads[4]
        );
    }
    println!(
        "median {} ms (min {} ms, max {} ms)\n{}",
        times[2].as_millis(),
        times[0].as_millis(),
        times[4].as_millis(),
        server
            .stderr()
            .lines()
            .filter(|l| l.starts_with("built "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Another page on this machine (another port: the same site, another
/// origin) must not read the unpublished dossier: a script tag it adds, a
/// fetch it makes, a frame it opens are refused; the reader's own
/// navigations, typed or followed from a link, are answered.
#[test]
fn other_origins_cannot_read_the_preview() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    let port = server.port;
    server.wait_for("the first build", |v| v["generation"] == 1);
    let host = format!("127.0.0.1:{port}");
    let attacker = "http://127.0.0.1:4444/attack.html";
    let get = |path: &str, headers: &[(&str, &str)]| {
        let mut all = vec![("Host", host.as_str())];
        all.extend_from_slice(headers);
        raw_request(port, &format!("GET {path} HTTP/1.1"), &all)
    };
    let refused: &[(&str, &[(&str, &str)])] = &[
        // Chromium's headers for <script src> on another port.
        (
            "/search/e/0.js",
            &[
                ("Sec-Fetch-Site", "same-site"),
                ("Sec-Fetch-Mode", "no-cors"),
                ("Sec-Fetch-Dest", "script"),
                ("Referer", attacker),
            ],
        ),
        (
            "/dossier.json",
            &[
                ("Sec-Fetch-Site", "same-site"),
                ("Sec-Fetch-Mode", "cors"),
                ("Sec-Fetch-Dest", "empty"),
                ("Origin", "http://127.0.0.1:4444"),
            ],
        ),
        (
            "/index.html",
            &[
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "navigate"),
                ("Sec-Fetch-Dest", "iframe"),
            ],
        ),
        // A browser without Fetch Metadata.
        ("/search/e/0.js", &[("Referer", attacker)]),
        ("/dossier.json", &[("Origin", "http://evil.example")]),
    ];
    for (path, headers) in refused {
        let response = get(path, headers);
        assert_eq!(response.status, 403, "{path} {headers:?}");
        assert!(!response.text().contains("isnadSearch"), "{path}");
    }
    let answered: &[(&str, &[(&str, &str)])] = &[
        (
            "/search/e/0.js",
            &[
                ("Sec-Fetch-Site", "same-origin"),
                ("Sec-Fetch-Mode", "no-cors"),
                ("Sec-Fetch-Dest", "script"),
            ],
        ),
        (
            "/index.html",
            &[
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "navigate"),
                ("Sec-Fetch-Dest", "document"),
                ("Referer", "https://news.example/"),
            ],
        ),
        ("/index.html", &[("Sec-Fetch-Site", "none")]),
    ];
    for (path, headers) in answered {
        let response = get(path, headers);
        assert_eq!(response.status, 200, "{path} {headers:?}");
        assert_eq!(
            response.header("Cross-Origin-Resource-Policy").as_deref(),
            Some("same-origin")
        );
    }
}

/// The Host header must name this server exactly, once; a request head
/// over 16 KB is refused, not cut and served.
#[test]
fn host_forms_and_header_limits() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    let port = server.port;
    server.wait_for("the first build", |v| v["generation"] == 1);
    let ours = format!("127.0.0.1:{port}");
    let at_evil = format!("localhost:{port}@evil.example");
    let other_port = format!("127.0.0.1:{}", port.wrapping_add(1));
    for hosts in [
        vec!["localhost:80@evil.example"],
        vec![at_evil.as_str()],
        vec!["[::1]evil.example"],
        vec!["evil.example"],
        vec![other_port.as_str()],
        vec![ours.as_str(), "evil.example"],
        vec![],
    ] {
        let headers: Vec<(&str, &str)> = hosts.iter().map(|h| ("Host", *h)).collect();
        let response = raw_request(port, "GET /index.html HTTP/1.1", &headers);
        assert_eq!(response.status, 421, "{hosts:?}");
    }
    let localhost = format!("localhost:{port}");
    let response = raw_request(port, "GET /index.html HTTP/1.1", &[("Host", &localhost)]);
    assert_eq!(response.status, 200);
    let big = "x".repeat(17 * 1024);
    let response = raw_request(
        port,
        "GET /index.html HTTP/1.1",
        &[("Host", &ours), ("X-Big", &big)],
    );
    assert_eq!(response.status, 431);
    let names: Vec<String> = (0..70).map(|i| format!("X-Field-{i}")).collect();
    let mut many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "v")).collect();
    many.push(("Host", &ours));
    let response = raw_request(port, "GET /index.html HTTP/1.1", &many);
    assert_eq!(response.status, 431, "more than 64 header fields");
    let response = raw_request(
        port,
        "GET http://evil.example/ HTTP/1.1",
        &[("Host", &ours)],
    );
    assert_eq!(response.status, 400);
}

/// book.toml moves the build folder, then breaks: the site built last
/// (in the new folder) stays served, not the stale old folder.
#[test]
fn a_broken_book_toml_keeps_the_last_good_site_served() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    server.wait_for("the first build", |v| v["generation"] == 1);
    let book = dossier.join("book.toml");
    edit(&book, |text| {
        format!("{text}\n[build]\nbuild-dir = \"public\"\n")
    });
    server.wait_for("the build into public/", |v| v["generation"] == 2);
    edit(&dossier.join("content/second.md"), |text| {
        format!("{text}\n\nفقرة بعد نقل الموقع.\n")
    });
    server.wait_for("the rebuild", |v| v["generation"] == 3);
    assert!(server
        .get("/documents/second.html")
        .text()
        .contains("فقرة بعد نقل الموقع."));
    edit(&book, |text| text.replace("[build]", "[build"));
    server.wait_for("the errors", |v| !v["errors"].is_null());
    let page = server.get("/documents/second.html");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("فقرة بعد نقل الموقع."),
        "the stale site/ folder is served"
    );
}

/// An editor's atomic save: the new text goes to a temporary file, renamed
/// over the document. One rebuild, with the new text.
#[test]
fn an_atomic_save_rebuilds_once() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    server.wait_for("the first build", |v| v["generation"] == 1);
    let document = dossier.join("content/second.md");
    let temporary = dossier.join("content/second.md.tmp");
    let text = std::fs::read_to_string(&document).unwrap();
    std::fs::write(&temporary, format!("{text}\n\nفقرة حفظت بإعادة التسمية.\n")).unwrap();
    std::fs::rename(&temporary, &document).unwrap();
    assert_eq!(server.settled_builds(1), 2, "{}", server.stderr());
    assert_eq!(server.version()["generation"], 2);
    let page = server.get("/documents/second.html").text();
    assert!(page.contains("فقرة حفظت بإعادة التسمية."));
    assert!(!server.stderr().contains(".tmp"), "{}", server.stderr());
}

/// Twenty saves in quick succession (an editor's autosave, a `git
/// checkout`): one rebuild, at most two, and the last text served.
#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    server.wait_for("the first build", |v| v["generation"] == 1);
    let document = dossier.join("content/second.md");
    let text = std::fs::read_to_string(&document).unwrap();
    for save in 0..20 {
        std::fs::write(&document, format!("{text}\n\nالحفظ رقم {save}.\n")).unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    let builds = server.settled_builds(1);
    assert!(
        (2..=3).contains(&builds),
        "{builds} builds\n{}",
        server.stderr()
    );
    let page = server.get("/documents/second.html").text();
    assert!(page.contains("الحفظ رقم 19."), "{page}");
}

/// The same, with `--poll`: no change notifications, the files looked at.
#[test]
fn polling_sees_saves_too() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start_with(&dossier, &["--poll"]);
    server.wait_for("the first build", |v| v["generation"] == 1);
    let document = dossier.join("content/second.md");
    edit(&document, |text| format!("{text}\n\nفقرة بالاستطلاع.\n"));
    server.wait_for("the rebuild", |v| v["generation"] == 2);
    assert!(server
        .get("/documents/second.html")
        .text()
        .contains("فقرة بالاستطلاع."));
    let temporary = dossier.join("content/second.md.tmp");
    std::fs::write(&temporary, "---\ntitle: x\n").unwrap();
    std::fs::rename(&temporary, &document).unwrap();
    server.wait_for("the broken save", |v| !v["errors"].is_null());
}

/// Reads server-sent events from a stream, one `data:` line at a time.
fn next_event(reader: &mut BufReader<TcpStream>) -> serde_json::Value {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "the stream ended");
        if let Some(data) = line.strip_prefix("data: ") {
            return serde_json::from_str(data.trim()).unwrap();
        }
    }
}

/// The build state is pushed to open pages as server-sent events: at once,
/// then after each build. A build that changed only stylesheets says so
/// (`full` stays), so that pages restyle instead of reloading.
#[test]
fn build_states_are_pushed_as_server_sent_events() {
    let (_temp, dossier) = copy_fixture("basic");
    std::fs::create_dir_all(dossier.join("theme")).unwrap();
    let server = Server::start(&dossier);
    server.wait_for("the first build", |v| v["generation"] == 1);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET /__isnad/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        assert!(reader.read_line(&mut head).unwrap() > 0);
    }
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("Content-Type: text/event-stream"), "{head}");
    assert!(head.contains("Cross-Origin-Resource-Policy: same-origin"));
    let first = next_event(&mut reader);
    assert_eq!(
        (first["generation"].as_u64(), first["full"].as_u64()),
        (Some(1), Some(1))
    );

    std::fs::write(dossier.join("theme/extra.css"), "p { color: red }").unwrap();
    let styles = next_event(&mut reader);
    assert_eq!(
        (styles["generation"].as_u64(), styles["full"].as_u64()),
        (Some(2), Some(1))
    );

    edit(&dossier.join("content/second.md"), |text| {
        text.replacen("title:", "titel:", 1)
    });
    let broken = next_event(&mut reader);
    assert_eq!(broken["generation"], 2);
    assert!(broken["errors"].as_str().unwrap().contains("titel"));
    // Fixed, with a stylesheet changed meanwhile: a full reload.
    std::fs::write(dossier.join("theme/extra.css"), "p { color: blue }").unwrap();
    edit(&dossier.join("content/second.md"), |text| {
        text.replacen("titel:", "title:", 1)
    });
    let mut fixed = next_event(&mut reader);
    while !fixed["errors"].is_null() {
        fixed = next_event(&mut reader);
    }
    assert_eq!(fixed["generation"], 3);
    assert_eq!(fixed["full"], 3);
}

/// A browser sends its requests one after another on one connection.
#[test]
fn connections_are_kept_alive() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    server.wait_for("the first build", |v| v["generation"] == 1);
    let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    for path in ["/", "/theme/isnad.css", "/dossier.json"] {
        write!(
            writer,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            server.port
        )
        .unwrap();
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            assert!(reader.read_line(&mut head).unwrap() > 0, "{path}: closed");
        }
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{path}: {head}");
        // HTTP/1.1 keeps it open unless the server says otherwise.
        assert!(
            !head.to_ascii_lowercase().contains("connection: close"),
            "{head}"
        );
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
    }
}

/// Sends a POST with these header fields and body; reads the response.
fn post(port: u16, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
    let mut head = format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    exchange(port, &head, body)
}

/// `POST /__isnad/quote` gives the YAML of a claim on a selected passage
/// to the preview's own pages, and to nothing else.
#[test]
fn the_quote_endpoint_answers_only_the_previews_own_scripts() {
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    let port = server.port;
    server.wait_for("the first build", |v| v["generation"] == 1);
    let origin = format!("http://127.0.0.1:{port}");
    let own: Vec<(&str, &str)> = vec![
        ("Origin", &origin),
        ("Sec-Fetch-Site", "same-origin"),
        ("Sec-Fetch-Mode", "cors"),
        ("Content-Type", "application/json"),
    ];
    // «سجن الصناعة» is in the first paragraph and the last one; the last
    // one is selected, the page's text around it as a browser gives it.
    let body = serde_json::json!({
        "page": "/documents/first.html",
        "text": "سجن الصناعة",
        "before": "لحقوق الإنسان إن عدد المقبوض عليهم بلغ 136 سجيناً، بعد أن كان نحو 100 من الفارين في حصيلة سابقة.\n<script>alert('body')</script>\nفقرة فيها رابط خطير و",
        "after": " مرة أخرى.",
        "kind": "claim",
        "by": "sohr",
    })
    .to_string();
    let answer = post(port, "/__isnad/quote", &own, &body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.header("Content-Type").as_deref(),
        Some("application/json")
    );
    let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(
        json["yaml"],
        "  - id: sohr-sjn-alsnaa\n    quote: \"سجن الصناعة\"\n    prefix: \"و\"\n    by: sohr\n"
    );
    assert_eq!(json["actors"][2]["id"], "sohr");
    // Outside one paragraph: why, in the dossier's language.
    let across = body.replace("\"سجن الصناعة\"", "\"الصناعة».\\n\\nوقال\"");
    let answer = post(port, "/__isnad/quote", &own, &across);
    assert_eq!(answer.status, 422);
    let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    assert!(json["error"]
        .as_str()
        .unwrap()
        .starts_with("التحديد ليس من نص فقرة واحدة"));

    let other = "http://127.0.0.1:4444".to_owned();
    let refused: Vec<Vec<(&str, &str)>> = vec![
        // Another page's script, and another site's form (a navigation).
        vec![("Origin", &other), ("Content-Type", "application/json")],
        vec![
            ("Origin", "null"),
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Mode", "navigate"),
            ("Sec-Fetch-Dest", "document"),
            ("Content-Type", "application/json"),
        ],
        // Not JSON, as a form sends; no Origin at all.
        vec![("Origin", &origin), ("Content-Type", "text/plain")],
        vec![("Content-Type", "application/json")],
        vec![
            ("Origin", &origin),
            ("Sec-Fetch-Site", "same-site"),
            ("Content-Type", "application/json"),
        ],
    ];
    for headers in &refused {
        let answer = post(port, "/__isnad/quote", headers, &body);
        assert_eq!(answer.status, 403, "{headers:?}");
        assert!(!answer.text().contains("quote"), "{headers:?}");
    }
    let huge = "ا".repeat(200_000);
    assert_eq!(post(port, "/__isnad/quote", &own, &huge).status, 413);
    assert_eq!(post(port, "/documents/first.html", &own, &body).status, 405);
    let script = server.get("/__isnad/annotate.js");
    assert_eq!(script.status, 200);
    assert!(script
        .text()
        .starts_with("var ISNAD_ANNOTATE = {\"lang\":\"ar\","));
    // The built site has none of it.
    let (_built, site) = build(&dossier);
    for (path, bytes) in files(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("/__isnad/"), "{path}");
    }
}

/// Annotating from the page, in Chromium (tests/browser/annotate.mjs):
/// blocks taken from the panel for passages across bold, links, mention
/// links and marks, pasted into the front matter, mark exactly the
/// selected passages once serve has rebuilt. Screenshots of the panel go
/// to target/browser/.
#[test]
fn blocks_from_the_page_mark_exactly_the_selection() {
    let Some(chromium) = browser_tools() else {
        return;
    };
    let (_temp, dossier) = copy_fixture("basic");
    let server = Server::start(&dossier);
    server.wait_for("the first build", |v| v["generation"] == 1);
    let url = format!("http://127.0.0.1:{}/documents/first.html", server.port);
    let document = dossier.join("content/reports/first.md");
    let screenshots = repo_root().join("target/browser");
    std::fs::create_dir_all(&screenshots).unwrap();
    let output = Command::new("node")
        .arg(repo_root().join("tests/browser/annotate.mjs"))
        .args([
            &url,
            document.to_str().unwrap(),
            screenshots.to_str().unwrap(),
        ])
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser checks failed:\n{stdout}\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        server.stderr()
    );
    let result: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(
        result["blocks"],
        serde_json::json!([
            "  - id: luqman-ahmi-ahmy-almthdth-alrsmy\n    quote: \"أحمّي المتحدث الرسمي\"\n    by: luqman-ahmi\n",
            "  - id: sohr-almrsd-alswry-lhqwq\n    quote: \"المرصد السوري لحقوق الإنسان إن\"\n    by: sohr\n",
            "  - id: batqady-lyst-hnak\n    quote: \"باعتقادي ليست هناك حالات\"\n",
            "  - quote: \"سجن الصناعة\"\n    prefix: \"و\"\n    kind: context\n    note: \"\"\n",
        ])
    );
    assert_eq!(result["copied"], true);
    assert!(result["refusal"]
        .as_str()
        .unwrap()
        .starts_with("التحديد ليس من نص فقرة واحدة"));
    assert_eq!(result["marks"].as_array().unwrap().len(), 4);
}
