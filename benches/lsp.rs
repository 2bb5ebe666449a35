//! How fast `isnad lsp` answers after a one-character edit:
//! `cargo bench --bench lsp` (after `cargo bench --bench scale -- 1000`,
//! which generates the 1,000-document dossier it edits).
//!
//! Starts the release `isnad lsp` on target/bench-dossiers/N (default
//! 1000; `cargo bench --bench lsp -- 100` picks another), opens one
//! document, then types and deletes one character, each followed by a
//! hover request: forty times in its text, forty times in a claim's note in
//! its front matter, and forty times in a claim's value. The server analyses pending edits before
//! it answers a request, so the time from the edit to the hover's answer
//! is the time until the editor has the new diagnostics.

use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const EDITS: usize = 40;

fn main() {
    let size: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let dossier = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-dossiers")
        .join(size.to_string());
    if !dossier.join("book.toml").is_file() {
        eprintln!(
            "{} is missing: generate it with `cargo bench --bench scale -- {size}`",
            dossier.display()
        );
        std::process::exit(1);
    }
    let dossier = dossier.canonicalize().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_isnad"))
        .arg("lsp")
        .arg(&dossier)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("isnad lsp starts");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = channel::<Value>();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        // lsp-server, which the server itself uses, reads the framing.
        while let Ok(Some(message)) = lsp_server::Message::read(&mut reader) {
            let Ok(message) = serde_json::to_value(message) else {
                break;
            };
            if sender.send(message).is_err() {
                break;
            }
        }
    });
    let mut send = |message: Value| {
        let body = message.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let wait_for = |id: i64| loop {
        let message = receiver
            .recv_timeout(Duration::from_secs(120))
            .expect("the server answers");
        if message.get("id") == Some(&json!(id)) {
            return;
        }
    };
    let started = Instant::now();
    send(json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
    wait_for(0);
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let file = dossier.join("content/doc-00500.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let uri = format!("file://{}", file.display());
    // The last line of the body, where the character is typed.
    let line = text.trim_end().lines().count() - 1;
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    let hover = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": 10, "character": 9}}})
    };
    send(hover(1));
    wait_for(1);
    println!(
        "{size} documents: first analysis (with every page rendered) {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    // A claim's note in the front matter: the claims change, so the
    // checks across documents run again.
    let note = text.lines().position(|l| l.contains("note: \"")).unwrap();
    let after_quote = text.lines().nth(note).unwrap().find('"').unwrap() + 1;
    // A claim's value: the figures of its topic change, so the detector
    // compares that topic's figures again.
    let value = text.lines().position(|l| l.contains("value: ")).unwrap();
    let after_key = text.lines().nth(value).unwrap().find("value: ").unwrap() + "value: ".len();
    let places = [
        ("in the text", line, 0, "ب"),
        (
            "in the front matter (a claim's note)",
            note,
            after_quote,
            "ب",
        ),
        (
            "in the front matter (a claim's value)",
            value,
            after_key,
            "1",
        ),
    ];
    let mut id = 2;
    for (label, line, character, typed_text) in places {
        let mut times = Vec::with_capacity(EDITS);
        for edit in 0..EDITS {
            let start = json!({"line": line, "character": character});
            let (range, new_text) = if edit % 2 == 0 {
                (json!({"start": start, "end": start}), typed_text)
            } else {
                let end = json!({"line": line, "character": character + 1});
                (json!({"start": start, "end": end}), "")
            };
            id += 1;
            let typed = Instant::now();
            send(
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": id},
                "contentChanges": [{"range": range, "text": new_text}]}}),
            );
            send(hover(id));
            wait_for(id);
            times.push(typed.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "one-character edit {label} to diagnostics, {EDITS} edits: median {:.1} ms, fastest {:.1} ms, slowest {:.1} ms",
            times[EDITS / 2],
            times[0],
            times[EDITS - 1]
        );
    }
    send(json!({"jsonrpc": "2.0", "id": 999, "method": "shutdown", "params": null}));
    wait_for(999);
    send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = child.wait();
}
