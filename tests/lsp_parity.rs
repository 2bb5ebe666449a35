//! `isnad lsp` reports what `isnad check` reports: on every case of the
//! error catalogue, and for the checks it runs on each keystroke.

mod common;
mod lsp_client;

use lsp_client::{all_published, publications, Client};
use serde_json::{json, Value};

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
        let mut memo = isnad::index::DetectionMemo::default();
        let quick = isnad::index::problems(&config, &dossier, &rendered, &mut memo);
        // Found again from the memo, they are the same.
        let again = isnad::index::problems(&config, &dossier, &rendered, &mut memo);
        assert_eq!(quick, again, "{}", root.display());
        let (_, full) = isnad::index::index(&config, &dossier, rendered);
        assert_eq!(quick, full, "{}", root.display());
        indexed += 1;
    }
    assert!(indexed > 10, "only {indexed} dossiers were indexed");
}
