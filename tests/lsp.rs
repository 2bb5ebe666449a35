//! `isnad lsp` driven over stdio like an editor drives it: Content-Length
//! framed JSON-RPC, every read with a deadline, exact responses compared.

mod common;
mod lsp_client;

use lsp_client::{publications, range, Client, Encoding};
use serde_json::{json, Value};

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
    // With the link broken, the two death tolls are a detected
    // contradiction: the analysis runs alongside the error, as in `check`.
    let warned = client.diagnostics("content/a.md");
    let codes: Vec<&str> = warned
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["detected-contradiction"]);
    client.change(
        "content/a.md",
        &mut a,
        "id: sohr-dead",
        "id: sohr-deaths",
        Encoding::Utf16,
    );
    assert_eq!(client.diagnostics("content/b.md"), json!([]));
    assert_eq!(client.diagnostics("content/a.md"), json!([]));
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
