//! `isnad lsp`: a Language Server Protocol server over stdio, so that any
//! editor with an LSP client shows `isnad check`'s problems as the editor
//! types, completes ids and fields, shows what an id names, jumps to
//! where it is defined or used, and offers fixes.
//!
//! The protocol is rust-analyzer's `lsp-server` (framing, the initialize
//! handshake, shutdown) with `lsp-types`. The dossier is read from disk and
//! overlaid with the editor's open buffers ([`workspace`]); every change
//! re-analyses the dossier, reusing each document whose text did not
//! change, and publishes the problems of every file that has any (and an
//! empty list for a file that no longer has).

mod actions;
mod completion;
mod diagnostics;
mod hover;
mod navigate;
mod position;
mod syntax;
mod workspace;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ExtractError, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, References, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, InitializeParams, OneOf,
    PublishDiagnosticsParams, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use crate::diagnostic::{file_error, Code, Diagnostic};
use position::{path_of, uri_of, Encoding, Lines};
use syntax::{cursor, Cursor, FileKind};
use workspace::Workspace;

/// Serves the dossier in `dir` (default: the editor's workspace folder, or
/// the nearest folder above it holding book.toml) over stdin and stdout
/// until the client says exit.
pub fn run(dir: Option<&Path>) -> Result<(), Diagnostic> {
    let failed = |error: &dyn std::fmt::Display| {
        file_error(
            "isnad lsp",
            Code::CommandLine,
            format!("the language server stopped: {error}"),
        )
    };
    let (connection, threads) = Connection::stdio();
    let (id, params) = connection.initialize_start().map_err(|e| failed(&e))?;
    let params: InitializeParams = serde_json::from_value(params).map_err(|e| failed(&e))?;
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.clone())
        .unwrap_or_default();
    let encoding = Encoding::negotiate(&offered);
    let root = dossier_root(dir, &params);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "isnad", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| failed(&e))?;
    let mut server = Server {
        connection,
        workspace: Workspace::new(root),
        encoding,
        published: BTreeMap::new(),
    };
    server.analyse(true);
    server.serve().map_err(|e| failed(&e))?;
    drop(server);
    threads.join().map_err(|e| failed(&e))
}

/// What the server can do.
fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".to_owned(), " ".to_owned(), "-".to_owned()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The dossier folder: `dir` if given, else the client's workspace folder
/// or root, else the current folder; from there, the nearest folder that
/// holds book.toml (an editor may open a dossier's `content/`).
fn dossier_root(dir: Option<&Path>, params: &InitializeParams) -> PathBuf {
    #[allow(deprecated)]
    let from_client = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .and_then(|folder| path_of(&folder.uri))
        .or_else(|| params.root_uri.as_ref().and_then(path_of));
    let start = dir
        .map(Path::to_path_buf)
        .or(from_client)
        .unwrap_or_else(|| PathBuf::from("."));
    let start = std::path::absolute(&start).unwrap_or(start);
    start
        .ancestors()
        .find(|folder| folder.join("book.toml").is_file())
        .map_or(start.clone(), Path::to_path_buf)
}

struct Server {
    connection: Connection,
    workspace: Workspace,
    encoding: Encoding,
    /// What was last published for each file.
    published: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>,
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

impl Server {
    /// Handles messages until the client shuts the server down. Changes
    /// that arrive together are analysed once, before the next request is
    /// answered.
    fn serve(&mut self) -> Result<(), Failure> {
        let mut dirty = false;
        loop {
            let message = if dirty {
                match self.connection.receiver.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Empty) => {
                        self.analyse(false);
                        dirty = false;
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return Ok(()),
                }
            } else {
                match self.connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ok(()),
                }
            };
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    if dirty {
                        self.analyse(false);
                        dirty = false;
                    }
                    let response = self.answer(request);
                    self.connection.sender.send(Message::Response(response))?;
                }
                Message::Notification(notification) => {
                    dirty |= self.note(notification);
                }
                Message::Response(_) => {}
            }
        }
    }

    /// Analyses the dossier and publishes what changed.
    fn analyse(&mut self, pages: bool) {
        self.workspace.analyse(pages);
        let now = diagnostics::by_file(&self.workspace.analysis.diagnostics, self.encoding);
        let cleared: Vec<PathBuf> = self
            .published
            .keys()
            .filter(|path| !now.contains_key(*path))
            .cloned()
            .collect();
        for path in cleared {
            self.publish(&path, Vec::new());
        }
        for (path, diagnostics) in now {
            if self.published.get(&path) != Some(&diagnostics) {
                self.publish(&path, diagnostics.clone());
            }
            self.published.insert(path, diagnostics);
        }
    }

    fn publish(&mut self, path: &Path, diagnostics: Vec<lsp_types::Diagnostic>) {
        if diagnostics.is_empty() {
            self.published.remove(path);
        }
        let params = PublishDiagnosticsParams::new(uri_of(path), diagnostics, None);
        let notification = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
        let _ = self
            .connection
            .sender
            .send(Message::Notification(notification));
    }

    /// Applies a notification; whether the dossier changed.
    fn note(&mut self, notification: Notification) -> bool {
        let buffers = &mut self.workspace.buffers;
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) = notification
                    .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                else {
                    return false;
                };
                let Some(path) = path_of(&params.text_document.uri) else {
                    return false;
                };
                buffers.insert(path, params.text_document.text);
                true
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) else {
                    return false;
                };
                let Some(path) = path_of(&params.text_document.uri) else {
                    return false;
                };
                let Some(text) = buffers.get_mut(&path) else {
                    return false;
                };
                for change in params.content_changes {
                    match change.range {
                        Some(range) => {
                            let lines = Lines::new(text, self.encoding);
                            let (start, end) = (lines.offset(range.start), lines.offset(range.end));
                            text.replace_range(start..end.max(start), &change.text);
                        }
                        None => *text = change.text,
                    }
                }
                true
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) = notification
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                else {
                    return false;
                };
                path_of(&params.text_document.uri)
                    .is_some_and(|path| buffers.remove(&path).is_some())
            }
            DidSaveTextDocument::METHOD => {
                // Template problems need every page rendered, as long as
                // a build takes: they are looked for again when a
                // template, the theme or book.toml is saved.
                let Ok(params) = notification
                    .extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                else {
                    return false;
                };
                let root = &self.workspace.root;
                let pages = path_of(&params.text_document.uri).is_some_and(|path| {
                    path.starts_with(root.join("templates"))
                        || path.starts_with(root.join("theme"))
                        || path == root.join("book.toml")
                });
                if pages {
                    self.analyse(true);
                }
                false
            }
            DidChangeWatchedFiles::METHOD => true,
            _ => false,
        }
    }

    /// Answers a request.
    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            Completion::METHOD => self.on::<Completion>(request, |s, p| s.completion(p)),
            HoverRequest::METHOD => self.on::<HoverRequest>(request, |s, p| s.hover(p)),
            GotoDefinition::METHOD => self.on::<GotoDefinition>(request, |s, p| s.definition(p)),
            References::METHOD => self.on::<References>(request, |s, p| s.references(p)),
            CodeActionRequest::METHOD => {
                self.on::<CodeActionRequest>(request, |s, p| s.code_actions(p))
            }
            _ => {
                return Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("isnad lsp does not answer {}", request.method),
                )
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => {
                Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, message)
            }
        }
    }

    fn on<R: lsp_types::request::Request>(
        &self,
        request: Request,
        handle: impl Fn(&Self, R::Params) -> R::Result,
    ) -> Result<serde_json::Value, String> {
        let (_, params) = request
            .extract::<R::Params>(R::METHOD)
            .map_err(|error| match error {
                ExtractError::JsonError { error, .. } => error.to_string(),
                ExtractError::MethodMismatch(request) => request.method,
            })?;
        serde_json::to_value(handle(self, params)).map_err(|e| e.to_string())
    }

    /// The text of the file at `uri`, its path and the cursor at `position`.
    fn at<T>(
        &self,
        place: &lsp_types::TextDocumentPositionParams,
        then: impl FnOnce(&Path, &str, &Cursor<'_>, Lines<'_>) -> Option<T>,
    ) -> Option<T> {
        let path = path_of(&place.text_document.uri)?;
        let text = self.workspace.text(&path)?;
        let lines = Lines::new(&text, self.encoding);
        let offset = lines.offset(place.position);
        let cursor = cursor(&text, FileKind::of(&path)?, offset)?;
        then(&path, &text, &cursor, Lines::new(&text, self.encoding))
    }

    fn document(&self, path: &Path) -> Option<&crate::load::Document> {
        self.workspace
            .analysis
            .dossier
            .documents
            .iter()
            .find(|d| d.file().path() == path)
    }

    fn completion(
        &self,
        params: lsp_types::CompletionParams,
    ) -> Option<lsp_types::CompletionResponse> {
        let dossier = &self.workspace.analysis.dossier;
        self.at(&params.text_document_position, |_, _, cursor, lines| {
            let range = lines.range(
                cursor.word.start,
                lines_offset(&lines, &params.text_document_position),
            );
            let items = completion::complete(dossier, cursor, range);
            Some(lsp_types::CompletionResponse::Array(items))
        })
    }

    fn hover(&self, params: lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let dossier = &self.workspace.analysis.dossier;
        self.at(
            &params.text_document_position_params,
            |path, _, cursor, lines| {
                let mut found = hover::hover(dossier, self.document(path), cursor)?;
                found.range = (!cursor.word.is_empty())
                    .then(|| lines.range(cursor.word.start, cursor.word.end));
                Some(found)
            },
        )
    }

    fn definition(
        &self,
        params: lsp_types::GotoDefinitionParams,
    ) -> Option<lsp_types::GotoDefinitionResponse> {
        let dossier = &self.workspace.analysis.dossier;
        self.at(&params.text_document_position_params, |_, _, cursor, _| {
            let kind = cursor.reference().or(cursor.definition())?;
            let place = navigate::definition(dossier, kind, cursor.word())?;
            Some(lsp_types::GotoDefinitionResponse::Scalar(
                place.location(self.encoding),
            ))
        })
    }

    fn references(&self, params: lsp_types::ReferenceParams) -> Option<Vec<lsp_types::Location>> {
        let analysis = &self.workspace.analysis;
        let with_definition = params.context.include_declaration;
        self.at(&params.text_document_position, |_, _, cursor, _| {
            let kind = cursor.reference().or(cursor.definition())?;
            let id = cursor.word();
            let mut found = Vec::new();
            if with_definition {
                found.extend(navigate::definition(&analysis.dossier, kind, id));
            }
            found.extend(navigate::references(
                &analysis.dossier,
                &analysis.named,
                kind,
                id,
            ));
            Some(found.iter().map(|p| p.location(self.encoding)).collect())
        })
    }

    fn code_actions(
        &self,
        params: lsp_types::CodeActionParams,
    ) -> Option<lsp_types::CodeActionResponse> {
        let path = path_of(&params.text_document.uri)?;
        let text = self.workspace.text(&path)?;
        let problems: Vec<&Diagnostic> = self
            .workspace
            .analysis
            .diagnostics
            .iter()
            .filter(|d| d.path == path)
            .collect();
        let found = actions::actions(
            &problems,
            self.document(&path),
            &text,
            &params.text_document.uri,
            params.range,
            self.encoding,
        );
        Some(
            found
                .into_iter()
                .map(lsp_types::CodeActionOrCommand::CodeAction)
                .collect(),
        )
    }
}

/// The byte offset of a request's position.
fn lines_offset(lines: &Lines<'_>, place: &lsp_types::TextDocumentPositionParams) -> usize {
    lines.offset(place.position)
}
