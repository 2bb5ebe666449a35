//! `isnad lsp` driven over stdio like an editor drives it: Content-Length
//! framed JSON-RPC, every read with a deadline, exact responses compared.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one message may take to arrive.
const DEADLINE: Duration = Duration::from_secs(20);

/// A scripted LSP client talking to a real `isnad lsp`.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for a response.
    pending: Vec<Value>,
    /// The dossier (a copy of tests/fixtures/lsp).
    root: PathBuf,
    /// Where the server's standard error goes (its timings).
    stderr: PathBuf,
    _dir: tempfile::TempDir,
}

impl Client {
    /// Starts the server on a copy of the fixture and initializes it,
    /// offering `encodings`; returns the client and the initialize result.
    fn start(encodings: &[&str]) -> (Client, Value) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("dossier");
        common::copy_dir(&common::fixture("lsp"), &root);
        Client::start_on(&root, encodings, dir)
    }

    /// Starts the server on the dossier `root` (kept while `dir` lives).
    fn start_on(
        root: &std::path::Path,
        encodings: &[&str],
        dir: tempfile::TempDir,
    ) -> (Client, Value) {
        let root = root.canonicalize().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_isnad"))
            .args(["lsp"])
            .arg(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .env("ISNAD_TIMINGS", "1")
            .stderr(std::fs::File::create(dir.path().join("stderr")).unwrap())
            .spawn()
            .expect("isnad lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 1,
            pending: Vec::new(),
            root,
            stderr: dir.path().join("stderr"),
            _dir: dir,
        };
        let capabilities = if encodings.is_empty() {
            json!({})
        } else {
            json!({ "general": { "positionEncodings": encodings } })
        };
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(DEADLINE)
            .expect("the server answers within the deadline")
    }

    /// Sends a request and waits for its response's result.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let started = Instant::now();
        loop {
            assert!(started.elapsed() < DEADLINE, "no response to {method}");
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) {
                assert_eq!(message.get("error"), None, "{method} failed");
                return message["result"].clone();
            }
            self.pending.push(message);
        }
    }

    /// The next diagnostics published for `file` (relative to the dossier).
    fn diagnostics(&mut self, file: &str) -> Value {
        let uri = self.uri(file);
        let started = Instant::now();
        loop {
            assert!(started.elapsed() < DEADLINE, "no diagnostics for {file}");
            let position = self.pending.iter().position(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            if let Some(position) = position {
                return self.pending.remove(position)["params"]["diagnostics"].clone();
            }
            let message = self.receive();
            self.pending.push(message);
        }
    }

    fn uri(&self, file: &str) -> String {
        format!("file://{}", self.root.join(file).display())
    }

    fn text(&self, file: &str) -> String {
        std::fs::read_to_string(self.root.join(file)).unwrap()
    }

    fn open(&mut self, file: &str) {
        let text = self.text(file);
        let uri = self.uri(file);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    /// Replaces the first `old` of the buffer `file` (as it is on disk,
    /// plus the edits made so far) with `new`, as an incremental change.
    fn change(
        &mut self,
        file: &str,
        buffer: &mut String,
        old: &str,
        new: &str,
        encoding: Encoding,
    ) {
        let start = buffer.find(old).expect("the text to change is there");
        let range = json!({
            "start": position(buffer, start, encoding),
            "end": position(buffer, start + old.len(), encoding),
        });
        buffer.replace_range(start..start + old.len(), new);
        let uri = self.uri(file);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": range, "text": new }],
            }),
        );
    }

    /// A request about a position: `needle`'s first occurrence in `file`
    /// plus `plus` bytes.
    fn at(
        &mut self,
        method: &str,
        file: &str,
        buffer: &str,
        needle: &str,
        plus: usize,
        extra: Value,
    ) -> Value {
        let offset = buffer.find(needle).expect("the needle is there") + plus;
        let uri = self.uri(file);
        let mut params = json!({
            "textDocument": { "uri": uri },
            "position": position(buffer, offset, Encoding::Utf16),
        });
        if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
            params.extend(extra.clone());
        }
        self.request(method, params)
    }

    /// Shuts the server down and checks that it exits with status 0.
    fn shut_down(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "isnad lsp exits with status 0");
                return;
            }
            assert!(started.elapsed() < DEADLINE, "isnad lsp did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Clone, Copy)]
enum Encoding {
    Utf8,
    Utf16,
}

/// The LSP position of a byte offset.
fn position(text: &str, offset: usize, encoding: Encoding) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let within = &text[line_start..offset];
    let character = match encoding {
        Encoding::Utf8 => within.len(),
        Encoding::Utf16 => within.encode_utf16().count(),
    };
    json!({ "line": line, "character": character })
}

/// Reads one Content-Length framed message; `None` at the end.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length: ") {
            length = value.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A range from (line, character) to (line, character).
fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

impl Client {
    /// A value as JSON text, with the dossier's URI written `ROOT`.
    fn shown(&self, value: &Value) -> String {
        let root = format!("file://{}", self.root.display());
        value.to_string().replace(&root, "ROOT")
    }
}

/// An LSP diagnostic as isnad publishes it: `notes` as related
/// information at the same range.
fn diagnostic(file: &str, code: &str, at: Value, message: &str, notes: &[&str]) -> Value {
    let mut value = json!({
        "code": code,
        "message": message,
        "range": at,
        "severity": 1,
        "source": "isnad",
    });
    if !notes.is_empty() {
        let related: Vec<Value> = notes
            .iter()
            .map(|note| json!({"location": {"range": at, "uri": format!("ROOT/{file}")}, "message": note}))
            .collect();
        value["relatedInformation"] = json!(related);
    }
    value
}

const CLOSEST: &str = "matching ignores only white space, Arabic diacritics, tatweel and the shape of quotation marks";

#[test]
fn diagnostics_follow_edits_in_unsaved_buffers_across_documents() {
    let (mut client, initialized) = Client::start(&[]);
    assert_eq!(
        initialized,
        json!({
            "capabilities": {
                "codeActionProvider": true,
                "completionProvider": {"triggerCharacters": [":", " ", "-"]},
                "definitionProvider": true,
                "hoverProvider": true,
                "positionEncoding": "utf-16",
                "referencesProvider": true,
                "textDocumentSync": {"change": 2, "openClose": true, "save": {"includeText": false}},
            },
            "serverInfo": {"name": "isnad", "version": env!("CARGO_PKG_VERSION")},
        })
    );
    client.open("content/b.md");
    let mut b = client.text("content/b.md");
    client.change(
        "content/b.md",
        &mut b,
        "by: sdf",
        "by: sdff",
        Encoding::Utf16,
    );
    let typo = diagnostic(
        "content/b.md",
        "unknown-reference",
        range((7, 8), (7, 12)),
        "claim `sdf-deaths` refers to actor `sdff`, but there is no actor with that id in actors.yaml",
        &["did you mean `sdf`?"],
    );
    let published = client.diagnostics("content/b.md");
    assert_eq!(client.shown(&published), json!([typo]).to_string());
    // Fixed: the file's diagnostics are cleared.
    client.change(
        "content/b.md",
        &mut b,
        "by: sdff",
        "by: sdf",
        Encoding::Utf16,
    );
    assert_eq!(client.diagnostics("content/b.md"), json!([]));
    // Renaming a claim in a.md, unsaved, breaks b.md's `contradicts`.
    client.open("content/a.md");
    let mut a = client.text("content/a.md");
    client.change(
        "content/a.md",
        &mut a,
        "id: sohr-deaths",
        "id: sohr-dead",
        Encoding::Utf16,
    );
    let broken = diagnostic(
        "content/b.md",
        "unknown-reference",
        range((11, 15), (11, 26)),
        "claim `sdf-deaths` refers to claim `sohr-deaths`, but there is no claim with that id",
        &["did you mean `sdf-deaths`?"],
    );
    let published = client.diagnostics("content/b.md");
    assert_eq!(client.shown(&published), json!([broken]).to_string());
    client.change(
        "content/a.md",
        &mut a,
        "id: sohr-dead",
        "id: sohr-deaths",
        Encoding::Utf16,
    );
    assert_eq!(client.diagnostics("content/b.md"), json!([]));
    // An Arabic quote: 16 letters and spaces, one UTF-16 unit each.
    client.change(
        "content/a.md",
        &mut a,
        "قتل عشرة",
        "قتل عشرين",
        Encoding::Utf16,
    );
    let not_found = diagnostic(
        "content/a.md",
        "quote-not-found",
        range((7, 11), (7, 27)),
        "the quote of claim `sohr-deaths` is not in the text of the document",
        &[
            "closest passage, at line 13: «قتل عشرة مدنيين»",
            "the text has «عشرة مدنيين» where the quote has «عشرين مدنيين»",
            CLOSEST,
        ],
    );
    let published = client.diagnostics("content/a.md");
    assert_eq!(client.shown(&published), json!([not_found]).to_string());
    client.shut_down();
}

#[test]
fn positions_count_bytes_when_the_client_asks_for_utf8() {
    let (mut client, initialized) = Client::start(&["utf-8", "utf-16"]);
    assert_eq!(initialized["capabilities"]["positionEncoding"], "utf-8");
    client.open("content/a.md");
    let mut a = client.text("content/a.md");
    client.change(
        "content/a.md",
        &mut a,
        "قتل عشرة",
        "قتل عشرين",
        Encoding::Utf8,
    );
    // The same quote: 14 two-byte letters and two spaces.
    let not_found = diagnostic(
        "content/a.md",
        "quote-not-found",
        range((7, 11), (7, 41)),
        "the quote of claim `sohr-deaths` is not in the text of the document",
        &[
            "closest passage, at line 13: «قتل عشرة مدنيين»",
            "the text has «عشرة مدنيين» where the quote has «عشرين مدنيين»",
            CLOSEST,
        ],
    );
    let published = client.diagnostics("content/a.md");
    assert_eq!(client.shown(&published), json!([not_found]).to_string());
    client.shut_down();
}

/// A completion item as isnad sends it.
fn item(label: &str, kind: u32, detail: &str, insert: &str, at: Value) -> Value {
    json!({"detail": detail, "kind": kind, "label": label, "textEdit": {"newText": insert, "range": at}})
}

#[test]
fn completion_offers_ids_with_what_they_name_and_fields_with_their_meaning() {
    let (mut client, _) = Client::start(&[]);
    client.open("content/b.md");
    let mut b = client.text("content/b.md");
    client.change("content/b.md", &mut b, "by: sdf", "by: s", Encoding::Utf16);
    let found = client.at(
        "textDocument/completion",
        "content/b.md",
        &b,
        "by: s",
        5,
        json!({}),
    );
    let at = range((7, 8), (7, 9));
    assert_eq!(
        found,
        json!([
            item("sdf", 18, "قسد", "sdf", at.clone()),
            item("sohr", 18, "المرصد السوري", "sohr", at),
        ])
    );
    let found = client.at(
        "textDocument/completion",
        "content/b.md",
        &b,
        "claim: sohr",
        9,
        json!({}),
    );
    let at = range((11, 15), (11, 17));
    assert_eq!(
        found,
        json!([
            item(
                "sohr-deaths",
                18,
                "«قتل عشرة مدنيين»",
                "sohr-deaths",
                at.clone()
            ),
            item("sdf-deaths", 18, "«لم يقتل أحد»", "sdf-deaths", at),
        ])
    );
    // At the start of a claim's line: the claim's fields.
    let found = client.at(
        "textDocument/completion",
        "content/b.md",
        &b,
        "    topic",
        4,
        json!({}),
    );
    let labels: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "id",
            "quote",
            "prefix",
            "suffix",
            "occurrence",
            "by",
            "topic",
            "value",
            "as-of",
            "event-date",
            "via",
            "wording",
            "note",
            "contradicts",
            "supports",
            "updates"
        ]
    );
    assert_eq!(
        found[5],
        item(
            "by",
            5,
            "the claimant's actor id (default: the outlet)",
            "by: ",
            range((8, 4), (8, 4))
        )
    );
    client.shut_down();
}

#[test]
fn hover_definition_and_references() {
    let (mut client, _) = Client::start(&[]);
    let b = client.text("content/b.md");
    let hover = |value: &str, at: Option<Value>| {
        let mut hover = json!({"contents": {"kind": "markdown", "value": value}});
        if let Some(at) = at {
            hover["range"] = at;
        }
        hover
    };
    let found = client.at(
        "textDocument/hover",
        "content/b.md",
        &b,
        "sohr-deaths",
        3,
        json!({}),
    );
    assert_eq!(
        found,
        hover(
            "«قتل عشرة مدنيين»\n\n— `sohr`, in `a`\n\nvalue: 10 (topic `deaths`)",
            Some(range((11, 15), (11, 26)))
        )
    );
    let found = client.at(
        "textDocument/hover",
        "content/b.md",
        &b,
        "topic: deaths",
        8,
        json!({}),
    );
    assert_eq!(
        found,
        hover(
            "**عدد القتلى** (in قتيل) (`deaths`)\n\n2 claim(s)",
            Some(range((8, 11), (8, 17)))
        )
    );
    let found = client.at(
        "textDocument/hover",
        "content/b.md",
        &b,
        "لم يقتل",
        2,
        json!({}),
    );
    assert_eq!(found, hover("anchored in the text at line 14", None));
    let found = client.at(
        "textDocument/definition",
        "content/b.md",
        &b,
        "sohr-deaths",
        3,
        json!({}),
    );
    assert_eq!(
        client.shown(&found),
        json!({"range": range((6, 8), (6, 19)), "uri": "ROOT/content/a.md"}).to_string()
    );
    let a = client.text("content/a.md");
    let found = client.at(
        "textDocument/hover",
        "content/a.md",
        &a,
        "by: sohr",
        5,
        json!({}),
    );
    assert_eq!(
        found,
        hover(
            "**المرصد السوري** (`sohr`)\n\n1 claim(s)",
            Some(range((8, 8), (8, 12)))
        )
    );
    // The actor's entry, the outlet it is, the claim by it, and where the
    // text names it.
    let context = json!({"context": {"includeDeclaration": true}});
    let found = client.at(
        "textDocument/references",
        "content/a.md",
        &a,
        "by: sohr",
        5,
        context,
    );
    assert_eq!(
        client.shown(&found),
        json!([
            {"range": range((3, 6), (3, 10)), "uri": "ROOT/content/actors.yaml"},
            {"range": range((4, 16), (4, 20)), "uri": "ROOT/content/a.md"},
            {"range": range((8, 8), (8, 12)), "uri": "ROOT/content/a.md"},
            {"range": range((12, 4), (12, 17)), "uri": "ROOT/content/a.md"},
        ])
        .to_string()
    );
    client.shut_down();
}

/// Each code action's title and edit.
fn edits(client: &Client, actions: &Value) -> Vec<(String, String)> {
    actions
        .as_array()
        .unwrap()
        .iter()
        .map(|action| {
            (
                action["title"].as_str().unwrap().to_owned(),
                client.shown(&action["edit"]),
            )
        })
        .collect()
}

fn edit(file: &str, at: Value, text: &str) -> String {
    json!({"changes": {format!("ROOT/{file}"): [{"newText": text, "range": at}]}}).to_string()
}

#[test]
fn code_actions_suggest_the_id_the_passage_and_the_context() {
    let (mut client, _) = Client::start(&[]);
    client.open("content/b.md");
    let mut b = client.text("content/b.md");
    client.change(
        "content/b.md",
        &mut b,
        "by: sdf",
        "by: sdff",
        Encoding::Utf16,
    );
    client.change(
        "content/b.md",
        &mut b,
        "quote: لم يقتل أحد",
        "quote: لم يقتلو أحد",
        Encoding::Utf16,
    );
    let _ = client.diagnostics("content/b.md");
    let everything = json!({"range": range((0, 0), (12, 0)), "context": {"diagnostics": []}});
    let found = client.at(
        "textDocument/codeAction",
        "content/b.md",
        &b,
        "---",
        0,
        everything.clone(),
    );
    let file = "content/b.md";
    assert_eq!(
        edits(&client, &found),
        [
            (
                "Replace the quote with «لم يقتل أحد»".to_owned(),
                edit(file, range((6, 11), (6, 23)), "\"لم يقتل أحد\"")
            ),
            (
                "Replace with `sdf`".to_owned(),
                edit(file, range((7, 8), (7, 12)), "sdf")
            ),
        ]
    );
    assert_eq!(found[1]["kind"], "quickfix");
    assert_eq!(found[1]["diagnostics"][0]["code"], "unknown-reference");
    // "القصف" is in the text twice: a suffix picks the first, a prefix the
    // second, or an occurrence number either.
    client.open("content/a.md");
    let mut a = client.text("content/a.md");
    client.change(
        "content/a.md",
        &mut a,
        "quote: قتل عشرة مدنيين",
        "quote: القصف",
        Encoding::Utf16,
    );
    let _ = client.diagnostics("content/a.md");
    let found = client.at(
        "textDocument/codeAction",
        "content/a.md",
        &a,
        "---",
        0,
        everything,
    );
    let file = "content/a.md";
    let after = range((7, 16), (7, 16));
    assert_eq!(
        edits(&client, &found),
        [
            (
                "Occurrence 1: add suffix «قتل»".to_owned(),
                edit(file, after.clone(), "\n    suffix: \"قتل\"")
            ),
            (
                "Occurrence 1: add `occurrence: 1`".to_owned(),
                edit(file, after.clone(), "\n    occurrence: 1")
            ),
            (
                "Occurrence 2: add prefix «وإن»".to_owned(),
                edit(file, after.clone(), "\n    prefix: \"وإن\"")
            ),
            (
                "Occurrence 2: add `occurrence: 2`".to_owned(),
                edit(file, after, "\n    occurrence: 2")
            ),
        ]
    );
    client.shut_down();
}

/// Every diagnostics notification so far, once a request has been
/// answered (the server publishes before it answers).
fn publications(client: &mut Client) -> Vec<Value> {
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}}),
    );
    let pending = std::mem::take(&mut client.pending);
    pending
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"].clone())
        .collect()
}

/// The diagnostics published for each file, by URI.
fn all_published(client: &mut Client) -> std::collections::BTreeMap<String, Value> {
    let mut published = std::collections::BTreeMap::new();
    for params in publications(client) {
        published.insert(
            params["uri"].as_str().unwrap().to_owned(),
            params["diagnostics"].clone(),
        );
    }
    published.retain(|_, diagnostics| diagnostics != &json!([]));
    published
}

/// Every case of the error catalogue (tests/errors): the server reports
/// what `isnad check` reports, file by file, at the same line and column
/// (UTF-32 columns count characters, as isnad's do), with the same code,
/// message and notes; and an edit that changes nothing publishes nothing
/// (the checks run on each keystroke find what the full check found).
#[test]
fn the_server_reports_what_check_reports_for_every_case_of_the_catalogue() {
    let cases = common::repo_root().join("tests/errors");
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for case in names
        .into_iter()
        .filter(|case| case.join("book.toml").is_file())
    {
        let case = case.canonicalize().unwrap();
        let output = common::isnad(
            &case,
            &["check", "--format", "json", case.to_str().unwrap()],
        );
        let checked: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
        let mut expected: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
        for d in checked
            .iter()
            .filter(|d| d["path"].as_str().unwrap().starts_with('/'))
        {
            let uri = format!("file://{}", d["path"].as_str().unwrap()).replace(' ', "%20");
            let notes: Vec<&Value> = d["notes"].as_array().unwrap().iter().collect();
            expected.entry(uri).or_default().push(json!([
                d["line"].as_u64().unwrap() - 1,
                d["column"].as_u64().unwrap() - 1,
                d["code"],
                d["message"],
                notes,
            ]));
        }
        let (mut client, _) = Client::start_on(&case, &["utf-32"], tempfile::tempdir().unwrap());
        let published = all_published(&mut client);
        let found: std::collections::BTreeMap<String, Vec<Value>> = published
            .iter()
            .map(|(uri, diagnostics)| {
                let summary = diagnostics
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| {
                        let notes: Vec<&Value> = d["relatedInformation"]
                            .as_array()
                            .map(|r| r.iter().map(|i| &i["message"]).collect())
                            .unwrap_or_default();
                        json!([
                            d["range"]["start"]["line"],
                            d["range"]["start"]["character"],
                            d["code"],
                            d["message"],
                            notes
                        ])
                    })
                    .collect();
                (uri.clone(), summary)
            })
            .collect();
        assert_eq!(found, expected, "{}", case.display());
        // A character typed and deleted in one change: nothing to publish.
        let document = walkdir::WalkDir::new(case.join("content"))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .find(|e| e.path().extension().is_some_and(|x| x == "md"));
        if let Some(document) = document {
            let path = document
                .path()
                .strip_prefix(&client.root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            if let Ok(text) = std::fs::read_to_string(document.path()) {
                let uri = client.uri(&path);
                client.notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
                );
                let at = json!({"line": 0, "character": 0});
                client.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
                        {"range": {"start": at, "end": at}, "text": "x"},
                        {"range": {"start": at, "end": {"line": 0, "character": 1}}, "text": ""},
                    ]}),
                );
                assert_eq!(
                    publications(&mut client),
                    Vec::<Value>::new(),
                    "{}",
                    case.display()
                );
            }
        }
        client.shut_down();
    }
}

/// What the server checks on each keystroke (`index::problems`) is what a
/// build's index reports, for every dossier of the tests that indexes.
#[test]
fn the_index_problems_found_on_each_edit_are_the_index_s() {
    let mut dossiers = vec![
        common::repo_root(),
        common::fixture("lsp"),
        common::fixture("basic"),
        common::fixture("analysis"),
    ];
    let mut cases: Vec<_> = std::fs::read_dir(common::repo_root().join("tests/errors"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    cases.sort();
    dossiers.extend(cases);
    let mut indexed = 0;
    for root in dossiers {
        let Ok(config) = isnad::config::load(&root, None) else {
            continue;
        };
        let (dossier, problems) = isnad::load::load(&config);
        if problems.has_errors() {
            continue;
        }
        let names = isnad::anchor::Names::new(&dossier.actors.entries);
        let contested = dossier.contested_claims();
        let rendered: Vec<_> = dossier
            .documents
            .iter()
            .map(|document| {
                let (mut anchored, _) = isnad::anchor::anchor(document);
                (anchored.mentions, anchored.names_used) =
                    isnad::anchor::find_mentions(&names, &anchored);
                let against: Vec<usize> = document
                    .front
                    .claims
                    .iter()
                    .map(|c| contested.get(c.id.as_str()).copied().unwrap_or_default())
                    .collect();
                let allow = config.html.allow_raw_html;
                isnad::render::render_document(document, &anchored, allow, &against).0
            })
            .collect();
        let quick = isnad::index::problems(&config, &dossier, &rendered);
        let (_, full) = isnad::index::index(&config, &dossier, rendered);
        assert_eq!(quick, full, "{}", root.display());
        indexed += 1;
    }
    assert!(indexed > 10, "only {indexed} dossiers were indexed");
}

/// A keystroke re-reads and re-renders the one document it changes: the
/// server's timings (`ISNAD_TIMINGS`) say how many it parsed and rendered.
#[test]
fn an_edit_parses_and_renders_only_the_document_it_changes() {
    let (mut client, _) = Client::start(&[]);
    let analyses = |client: &mut Client| -> Vec<String> {
        publications(client);
        let text = std::fs::read_to_string(&client.stderr).unwrap();
        text.lines()
            .filter_map(|line| {
                line.split_once(" ms: ")
                    .map(|(_, counts)| counts.to_owned())
            })
            .collect()
    };
    assert_eq!(analyses(&mut client), ["2 document(s) parsed, 2 rendered"]);
    // Opened: read from the buffer now, the same text, so not rendered.
    client.open("content/a.md");
    let opened = "1 document(s) parsed, 0 rendered";
    assert_eq!(
        analyses(&mut client),
        ["2 document(s) parsed, 2 rendered", opened]
    );
    let mut a = client.text("content/a.md");
    client.change(
        "content/a.md",
        &mut a,
        "في القرية",
        "في القريةِ",
        Encoding::Utf16,
    );
    assert_eq!(
        analyses(&mut client),
        [
            "2 document(s) parsed, 2 rendered",
            opened,
            "1 document(s) parsed, 1 rendered"
        ]
    );
    client.shut_down();
}

/// Closing a buffer without saving it: the file on disk counts again, and
/// the problem typed in the buffer is cleared.
#[test]
fn closing_an_unsaved_buffer_goes_back_to_the_file() {
    let (mut client, _) = Client::start(&[]);
    client.open("content/b.md");
    let mut b = client.text("content/b.md");
    client.change(
        "content/b.md",
        &mut b,
        "topic: deaths",
        "topic: death",
        Encoding::Utf16,
    );
    let published = client.diagnostics("content/b.md");
    assert_eq!(published[0]["code"], "unknown-reference");
    assert_eq!(published[0]["range"], range((8, 11), (8, 16)));
    let uri = client.uri("content/b.md");
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics("content/b.md"), json!([]));
    client.shut_down();
}
