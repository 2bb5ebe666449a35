//! A scripted LSP client for the tests of `isnad lsp`: it starts the real
//! binary, speaks Content-Length framed JSON-RPC over its stdin and stdout,
//! and waits for every message with a deadline.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one message may take to arrive.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// A scripted LSP client talking to a real `isnad lsp`.
pub struct Client {
    pub child: Child,
    pub stdin: ChildStdin,
    pub messages: Receiver<Value>,
    pub next_id: i64,
    /// Notifications received while waiting for a response.
    pub pending: Vec<Value>,
    /// The dossier (a copy of tests/fixtures/lsp).
    pub root: PathBuf,
    /// Where the server's standard error goes (its timings).
    pub stderr: PathBuf,
    pub _dir: tempfile::TempDir,
}

impl Client {
    /// Starts the server on a copy of the fixture and initializes it,
    /// offering `encodings`; returns the client and the initialize result.
    pub fn start(encodings: &[&str]) -> (Client, Value) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("dossier");
        crate::common::copy_dir(&crate::common::fixture("lsp"), &root);
        Client::start_on(&root, encodings, dir)
    }

    /// Starts the server on the dossier `root` (kept while `dir` lives).
    pub fn start_on(
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

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    pub fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(DEADLINE)
            .expect("the server answers within the deadline")
    }

    /// Sends a request and waits for its response's result.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
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
    pub fn diagnostics(&mut self, file: &str) -> Value {
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

    pub fn uri(&self, file: &str) -> String {
        format!("file://{}", self.root.join(file).display())
    }

    pub fn text(&self, file: &str) -> String {
        std::fs::read_to_string(self.root.join(file)).unwrap()
    }

    pub fn open(&mut self, file: &str) {
        let text = self.text(file);
        let uri = self.uri(file);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    /// Replaces the first `old` of the buffer `file` (as it is on disk,
    /// plus the edits made so far) with `new`, as an incremental change.
    pub fn change(
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
    pub fn at(
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
    pub fn shut_down(mut self) {
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
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The LSP position of a byte offset.
pub fn position(text: &str, offset: usize, encoding: Encoding) -> Value {
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
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
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
pub fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

impl Client {
    /// A value as JSON text, with the dossier's URI written `ROOT`.
    pub fn shown(&self, value: &Value) -> String {
        let root = format!("file://{}", self.root.display());
        value.to_string().replace(&root, "ROOT")
    }
}

/// Every diagnostics notification so far, once a request has been
/// answered (the server publishes before it answers).
pub fn publications(client: &mut Client) -> Vec<Value> {
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
pub fn all_published(client: &mut Client) -> std::collections::BTreeMap<String, Value> {
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
