//! `ally lsp`: a language server, so that editors show findings as diagnostics and offer the
//! alternatives as quick fixes.
//!
//! One thread runs the loop: it reads a message, or wakes when a changed document's quiet
//! period ends, and answers. Documents are checked with the same settings, file kinds, regions
//! and inline suppressions as `ally check`, so the editor and the command line report the same
//! findings:
//!
//! - [`workspace`] keeps the open documents and the compiled config of each directory;
//! - [`convert`] turns byte offsets into the protocol's UTF-16 positions, and findings into
//!   diagnostics;
//! - [`actions`] builds the quick fixes;
//! - [`transport`] frames messages on standard input and output.

mod actions;
mod convert;
mod transport;
mod workspace;

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, Diagnostic,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    InitializeParams, InitializeResult, MessageType, PublishDiagnosticsParams, Registration,
    RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use workspace::{Configs, Document, Loaded, Outcome};

/// How long a document must stay unchanged before it is checked again: typing a word is one
/// check, not one per key.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Runs the server on standard input and output until the client says `exit` or closes the
/// input, and returns whether it asked to shut down first (the protocol's exit code is 0 then,
/// 1 otherwise). Fails only if standard output fails; a protocol error from the client is
/// answered, never fatal.
pub fn serve() -> io::Result<bool> {
    let (sender, receiver, threads) = transport::stdio();
    let clean = Server::new(sender).run(&receiver);
    threads.join()?;
    Ok(clean)
}

/// The server's state.
struct Server {
    sender: Sender<Message>,
    documents: BTreeMap<String, Document>,
    configs: Configs,
    /// The first workspace folder, for the settings of documents that have no path yet.
    root: Option<PathBuf>,
    /// Whether `initialize` was answered.
    initialized: bool,
    /// Whether `shutdown` was received.
    shutting_down: bool,
    /// Whether the client can watch files for us.
    watch: bool,
    /// Config files whose problems are shown as diagnostics, to clear them once fixed.
    config_diagnostics: HashSet<PathBuf>,
    next_request: i32,
}

impl Server {
    fn new(sender: Sender<Message>) -> Server {
        Server {
            sender,
            documents: BTreeMap::new(),
            configs: Configs::default(),
            root: None,
            initialized: false,
            shutting_down: false,
            watch: false,
            config_diagnostics: HashSet::new(),
            next_request: 0,
        }
    }

    /// Serves until `exit` (returning whether `shutdown` came first) or the end of input.
    fn run(mut self, receiver: &Receiver<Message>) -> bool {
        loop {
            let next = match self.next_due() {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match receiver.recv_timeout(wait) {
                        Ok(message) => Some(message),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return self.shutting_down,
                    }
                }
                None => match receiver.recv() {
                    Ok(message) => Some(message),
                    Err(_) => return self.shutting_down,
                },
            };
            let Some(message) = next else {
                self.check_due();
                continue;
            };
            if let Message::Notification(notification) = &message
                && notification.method == "exit"
            {
                return self.shutting_down;
            }
            self.handle(message);
        }
    }

    /// Handles one message. A bug that panics answers the request with an internal error
    /// instead of ending the session.
    fn handle(&mut self, message: Message) {
        let id = match &message {
            Message::Request(request) => Some(request.id.clone()),
            _ => None,
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => self.notification(notification),
            // Answers to our own requests (the watcher registration) need nothing.
            Message::Response(_) => {}
        }));
        if outcome.is_err()
            && let Some(id) = id
        {
            self.respond_error(id, ErrorCode::InternalError, "ally failed on this request");
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if !self.initialized && request.method != "initialize" {
            return self.respond_error(
                id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet",
            );
        }
        if self.shutting_down {
            return self.respond_error(
                id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            );
        }
        match request.method.as_str() {
            "initialize" => {
                if self.initialized {
                    return self.respond_error(
                        id,
                        ErrorCode::InvalidRequest,
                        "already initialized",
                    );
                }
                if let Some(params) = self.params::<InitializeParams>(&id, request.params) {
                    self.initialize(id, params);
                }
            }
            "shutdown" => {
                self.shutting_down = true;
                self.respond(id, ());
            }
            CodeActionRequest::METHOD => {
                if let Some(params) = self.params::<CodeActionParams>(&id, request.params) {
                    let actions = self.code_actions(params);
                    self.respond(id, actions);
                }
            }
            other => {
                let message = format!("ally does not handle `{other}`");
                self.respond_error(id, ErrorCode::MethodNotFound, &message);
            }
        }
    }

    fn notification(&mut self, notification: Notification) {
        if !self.initialized {
            return;
        }
        let params = notification.params;
        match notification.method.as_str() {
            "initialized" => self.register_watchers(),
            DidOpenTextDocument::METHOD => {
                if let Some(p) = parse::<DidOpenTextDocumentParams>(params) {
                    let item = p.text_document;
                    let document =
                        Document::new(item.uri, item.language_id, item.version, item.text);
                    let key = document.uri.as_str().to_owned();
                    self.documents.insert(key.clone(), document);
                    self.publish(&key);
                    self.show_config_problems();
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = parse::<DidChangeTextDocumentParams>(params)
                    && let Some(document) = self.documents.get_mut(p.text_document.uri.as_str())
                {
                    document.apply(p.text_document.version, p.content_changes);
                    document.due = Some(Instant::now() + DEBOUNCE);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = parse::<DidCloseTextDocumentParams>(params)
                    && let Some(document) = self.documents.remove(p.text_document.uri.as_str())
                {
                    let path = document.path.clone();
                    let problems = path.map(|p| self.config_problems(&p)).unwrap_or_default();
                    self.send_diagnostics(document.uri, problems, None);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = parse::<DidSaveTextDocumentParams>(params)
                    && let Some(path) = convert::uri_to_path(p.text_document.uri.as_str())
                    && self.configs.is_input(&path)
                {
                    self.reload();
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(p) = parse::<DidChangeWatchedFilesParams>(params) {
                    let changed = p.changes.iter().any(|change| {
                        convert::uri_to_path(change.uri.as_str())
                            .is_some_and(|path| self.configs.is_input(&path))
                    });
                    if changed {
                        self.reload();
                    }
                }
            }
            // `$/cancelRequest`, `$/setTrace`, `workspace/didChangeConfiguration`…: nothing to do.
            _ => {}
        }
    }

    fn initialize(&mut self, id: RequestId, params: InitializeParams) {
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| folder.uri.as_str().to_owned())
            .or_else(|| params.root_uri.as_ref().map(|uri| uri.as_str().to_owned()));
        self.root = root.and_then(|uri| convert::uri_to_path(&uri));
        self.watch = params
            .capabilities
            .workspace
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let capabilities = ServerCapabilities {
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
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "ally".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        self.initialized = true;
        self.respond(id, result);
    }

    /// Asks the client to report changes to config files, if it can.
    fn register_watchers(&mut self) {
        if !self.watch {
            return;
        }
        let watchers = crate::config::CONFIG_NAMES
            .iter()
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "ally-config-files".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let id = RequestId::from(format!("ally-{}", self.next_request));
        self.send(Request::new(
            id,
            RegisterCapability::METHOD.to_owned(),
            params,
        ));
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let wants_quick_fixes = params.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|kind| kind.as_str().is_empty() || *kind == CodeActionKind::QUICKFIX)
        });
        let key = params.text_document.uri.as_str();
        if !wants_quick_fixes || !self.documents.contains_key(key) {
            return Vec::new();
        }
        let outcome = self.outcome(key);
        let document = &self.documents[key];
        let start = document.index.offset(&document.text, params.range.start);
        let end = document
            .index
            .offset(&document.text, params.range.end)
            .max(start);
        actions::actions(document, &outcome, start..end)
    }

    /// The check of a document's current text, run now if it is not cached.
    fn outcome(&mut self, key: &str) -> Rc<Outcome> {
        if let Some(outcome) = &self.documents[key].checked {
            return Rc::clone(outcome);
        }
        let document = &self.documents[key];
        let path = document.settings_path(self.root.as_deref());
        let loaded = self.configs.for_path(path.as_deref());
        let outcome = Rc::new(workspace::check(document, loaded, self.root.as_deref()));
        let document = self.documents.get_mut(key).expect("the document is open");
        document.checked = Some(Rc::clone(&outcome));
        outcome
    }

    /// Checks a document and publishes its diagnostics.
    fn publish(&mut self, key: &str) {
        let outcome = self.outcome(key);
        let document = self.documents.get_mut(key).expect("the document is open");
        document.due = None;
        let mut diagnostics = convert::diagnostics(&outcome, &document.text, &document.index);
        let (uri, version, path) = (
            document.uri.clone(),
            document.version,
            document.path.clone(),
        );
        if let Some(path) = path {
            diagnostics.extend(self.config_problems(&path));
        }
        self.send_diagnostics(uri, diagnostics, Some(version));
    }

    fn next_due(&self) -> Option<Instant> {
        self.documents.values().filter_map(|d| d.due).min()
    }

    /// Publishes every document whose quiet period has ended.
    fn check_due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|due| due <= now))
            .map(|(key, _)| key.clone())
            .collect();
        for key in due {
            self.publish(&key);
        }
    }

    /// Reads every config again and re-publishes every open document.
    fn reload(&mut self) {
        self.configs.clear();
        for document in self.documents.values_mut() {
            document.checked = None;
        }
        let keys: Vec<String> = self.documents.keys().cloned().collect();
        for key in &keys {
            self.publish(key);
        }
        // Config files that are not open but had problems shown: show what is left (nothing,
        // once fixed).
        let shown: Vec<PathBuf> = self.config_diagnostics.iter().cloned().collect();
        for path in shown {
            if !self.is_open(&path) {
                let problems = self.config_problems(&path);
                if let Some(uri) = convert::path_to_uri(&path) {
                    self.send_diagnostics(uri, problems, None);
                }
            }
        }
        self.show_config_problems();
    }

    /// Tells the user about configs that failed to load since the last call: a message, and
    /// the problems as diagnostics on the files that are not open (open ones carry them with
    /// their own diagnostics).
    fn show_config_problems(&mut self) {
        for loaded in self.configs.take_problems() {
            self.show_message(&loaded);
            let paths: HashSet<PathBuf> = loaded
                .problems
                .iter()
                .flat_map(convert::data_problems)
                .map(|(path, _)| path)
                .collect();
            for path in paths {
                if let Some(key) = self.open_key(&path) {
                    self.publish(&key);
                } else if let Some(uri) = convert::path_to_uri(&path) {
                    let problems = self.config_problems(&path);
                    self.send_diagnostics(uri, problems, None);
                }
            }
        }
    }

    fn show_message(&self, loaded: &Loaded) {
        let Some(errors) = &loaded.problems else {
            return;
        };
        let first = errors
            .located()
            .into_iter()
            .next()
            .map(|p| format!("{}:{}:{}: {}", p.path, p.line, p.column, p.message))
            .unwrap_or_default();
        let count = errors.problems.len();
        let config = loaded
            .config
            .as_deref()
            .map_or_else(|| "the config".to_owned(), |p| p.display().to_string());
        let message = format!(
            "ally: {count} problem{} in {config}; using the built-in rules until it is fixed. {first}",
            if count == 1 { "" } else { "s" }
        );
        let params = ShowMessageParams {
            typ: MessageType::ERROR,
            message,
        };
        self.send(Notification::new(ShowMessage::METHOD.to_owned(), params));
    }

    /// The diagnostics for problems in the config or rule file at `path`, from every config
    /// compiled so far; remembers that the file has diagnostics to clear later.
    fn config_problems(&mut self, path: &Path) -> Vec<Diagnostic> {
        let path = crate::config::absolute(path);
        let diagnostics: Vec<Diagnostic> = self
            .configs
            .with_problems()
            .flat_map(|loaded| loaded.problems.iter().flat_map(convert::data_problems))
            .filter(|(file, _)| *file == path)
            .map(|(_, diagnostic)| diagnostic)
            .collect();
        if diagnostics.is_empty() {
            self.config_diagnostics.remove(&path);
        } else {
            self.config_diagnostics.insert(path);
        }
        diagnostics
    }

    fn open_key(&self, path: &Path) -> Option<String> {
        self.documents
            .iter()
            .find(|(_, d)| {
                d.path
                    .as_deref()
                    .is_some_and(|p| crate::config::absolute(p) == path)
            })
            .map(|(key, _)| key.clone())
    }

    fn is_open(&self, path: &Path) -> bool {
        self.open_key(path).is_some()
    }

    fn send_diagnostics(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_owned(),
            params,
        ));
    }

    /// The request's parameters, or an invalid-params answer.
    fn params<P: DeserializeOwned>(&self, id: &RequestId, params: serde_json::Value) -> Option<P> {
        match serde_json::from_value(params) {
            Ok(params) => Some(params),
            Err(error) => {
                let message = format!("invalid parameters: {error}");
                self.respond_error(id.clone(), ErrorCode::InvalidParams, &message);
                None
            }
        }
    }

    fn respond(&self, id: RequestId, result: impl Serialize) {
        let result = serde_json::to_value(result).unwrap_or(serde_json::Value::Null);
        self.send(Response {
            id,
            response_result: Ok(result),
        });
    }

    fn respond_error(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Response::new_err(id, code as i32, message.to_owned()));
    }

    fn send(&self, message: impl Into<Message>) {
        // The client is gone; the loop ends when its input closes.
        let _ = self.sender.send(message.into());
    }
}

/// A notification's parameters; malformed ones are ignored, as notifications get no answer.
fn parse<P: DeserializeOwned>(params: serde_json::Value) -> Option<P> {
    serde_json::from_value(params).ok()
}
