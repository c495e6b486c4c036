//! `ally lsp`, driven as an editor drives it: the binary is spawned, and JSON-RPC messages with
//! `Content-Length` framing go to its standard input and come back on its standard output.
//! Every wait has a timeout, so a server that hangs fails the test instead of the CI run.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one reply may take. Generous: CI machines are small and busy.
const TIMEOUT: Duration = Duration::from_secs(20);

/// An editor's side of the connection.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages read while waiting for something else.
    pending: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `ally lsp` in `dir`.
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ally"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("ally starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            pending: VecDeque::new(),
            next_id: 0,
        }
    }

    /// Starts the server and completes the `initialize` handshake.
    fn initialized(dir: &Path, capabilities: Value) -> Client {
        let mut client = Client::start(dir);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(dir),
                "workspaceFolders": [{ "uri": uri(dir), "name": "ws" }],
                "capabilities": capabilities,
            }),
        );
        let result = result.expect("initialize succeeds");
        assert_eq!(result["serverInfo"]["name"], "ally");
        assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
        client.notify("initialized", json!({}));
        client
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.write_raw(frame.as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its answer: the result, or the error object.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let reply = self.wait_for(&format!("the answer to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        });
        match reply.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(reply["result"].clone()),
        }
    }

    /// The next message that matches, from those already read or those to come.
    fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&matches) {
            return self.pending.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if matches(&message) => return message,
                Ok(message) => self.pending.push_back(message),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out waiting for {what}; got {:#?}", self.pending)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server closed its output while we waited for {what}")
                }
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        self.wait_for(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        })["params"]
            .clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": language, "version": 1, "text": text
            }}),
        );
        self.diagnostics(uri)
    }

    /// The code actions at the start of `diagnostic`, with it as context.
    fn actions(&mut self, uri: &str, diagnostic: &Value) -> Vec<Value> {
        let start = &diagnostic["range"]["start"];
        let result = self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": start, "end": start },
                "context": { "diagnostics": [diagnostic] },
            }),
        );
        result.unwrap().as_array().unwrap().clone()
    }

    /// Asks the server to stop, and waits for it to exit.
    fn shut_down(mut self) -> ExitStatus {
        assert_eq!(self.request("shutdown", Value::Null), Ok(Value::Null));
        self.notify("exit", Value::Null);
        self.wait()
    }

    fn wait(&mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One framed message, or `None` when the output ends.
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sends JSON"))
}

fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A temporary repository root (a `.git` directory stops config discovery there).
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        write(&dir.path().join(name), text);
    }
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `(code, [start line, start character], [end line, end character])` of each diagnostic
/// that has a rule id.
fn summary(published: &Value) -> Vec<(String, [u64; 2], [u64; 2])> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].is_string())
        .map(|d| {
            let position = |p: &Value| {
                [
                    p["line"].as_u64().unwrap(),
                    p["character"].as_u64().unwrap(),
                ]
            };
            (
                d["code"].as_str().unwrap().to_owned(),
                position(&d["range"]["start"]),
                position(&d["range"]["end"]),
            )
        })
        .collect()
}

/// The action titled `title`, and its one text edit.
fn action<'a>(actions: &'a [Value], title: &str) -> (&'a Value, Value) {
    let action = actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` in {actions:#?}"));
    let changes = action["edit"]["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 1);
    let edits = changes.values().next().unwrap().as_array().unwrap();
    assert_eq!(edits.len(), 1);
    (action, edits[0].clone())
}

/// Applies a text edit the way an editor does: positions count UTF-16 code units.
fn apply(text: &str, edit: &Value) -> String {
    let offset = |p: &Value| {
        let (line, character) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let mut start = 0;
        for _ in 0..line {
            start += text[start..].find('\n').unwrap() + 1;
        }
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character {
                return start + i;
            }
            units += c.len_utf16() as u64;
        }
        text.len()
    };
    let range = offset(&edit["range"]["start"])..offset(&edit["range"]["end"]);
    let mut out = text.to_owned();
    out.replace_range(range, edit["newText"].as_str().unwrap());
    out
}

/// Sends an edit as an incremental change and returns the new text.
fn change(client: &mut Client, uri: &str, version: i32, text: &str, edit: &Value) -> String {
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "range": edit["range"], "text": edit["newText"] }],
        }),
    );
    apply(text, edit)
}

const MARKDOWN: &str = "# Notes\n\nCafé 日本語 🦀: add the host to the whitelist.\n";
const RUST: &str = "// 🦀 日本語: the master copy\r\nfn main() {}\r\n";

/// The scenario of issue 9: a Markdown and a Rust file get their diagnostics at the right
/// UTF-16 positions, a quick fix is applied, and the diagnostic is gone after the change.
#[test]
fn markdown_and_rust_diagnostics_quick_fixes_and_clearing() {
    let dir = workspace(&[]);
    let mut client = Client::initialized(dir.path(), json!({}));
    let md = uri(&dir.path().join("notes.md"));
    let rs = uri(&dir.path().join("src/lib.rs"));

    // "Café 日本語 🦀: add the host to the " is 33 UTF-16 code units (41 bytes, 32 characters).
    let published = client.open(&md, "markdown", MARKDOWN);
    assert_eq!(published["version"], 1);
    assert_eq!(
        summary(&published),
        [("whitelist".into(), [2, 33], [2, 42])]
    );
    let diagnostic = published["diagnostics"][0].clone();
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["source"], "ally");
    assert_eq!(
        diagnostic["codeDescription"]["href"],
        "https://inclusivenaming.org/word-lists/tier-1/"
    );
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.starts_with("`whitelist` can suggest that white means good and black means bad; consider `allowlist`"),
        "{message}"
    );
    assert!(
        message.contains("\n\n"),
        "the explanation follows: {message}"
    );

    // "// 🦀 日本語: the " is 15 UTF-16 code units; the line ends with CRLF.
    let published = client.open(&rs, "rust", RUST);
    assert_eq!(summary(&published), [("master".into(), [0, 15], [0, 21])]);
    let rust_diagnostic = published["diagnostics"][0].clone();
    assert_eq!(rust_diagnostic["severity"], 2);

    // Markdown: the rule's own fix is the preferred action.
    let actions = client.actions(&md, &diagnostic);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace with `allowlist`",
            "Replace with `allow list`",
            "Replace with `permit list`",
            "Replace with `inclusion list`",
            "Ignore `whitelist` on this line",
            "Ignore `whitelist` in this file",
        ]
    );
    let (preferred, edit) = action(&actions, "Replace with `allowlist`");
    assert_eq!(preferred["isPreferred"], true);
    assert_eq!(preferred["kind"], "quickfix");
    assert_eq!(preferred["diagnostics"][0]["code"], "whitelist");
    assert_eq!(edit["range"], diagnostic["range"]);
    let text = change(&mut client, &md, 2, MARKDOWN, &edit);
    assert_eq!(
        text,
        "# Notes\n\nCafé 日本語 🦀: add the host to the allowlist.\n"
    );
    let published = client.diagnostics(&md);
    assert_eq!(published["version"], 2);
    assert_eq!(summary(&published), []);

    // Rust: `master` needs judgement, so no action is preferred; pick `main`.
    let actions = client.actions(&rs, &rust_diagnostic);
    assert!(actions.iter().all(|a| a.get("isPreferred").is_none()));
    let (_, edit) = action(&actions, "Replace with `main`");
    let text = change(&mut client, &rs, 2, RUST, &edit);
    assert_eq!(text, "// 🦀 日本語: the main copy\r\nfn main() {}\r\n");
    assert_eq!(summary(&client.diagnostics(&rs)), []);

    // Closing a document clears its diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": md } }),
    );
    assert_eq!(client.diagnostics(&md)["diagnostics"], json!([]));
    assert!(client.shut_down().success());
}

/// "Ignore on this line" writes the directive in each file's own comment syntax, and the
/// directive then silences the finding.
#[test]
fn ignore_on_this_line_for_rust_python_and_markdown() {
    let dir = workspace(&[]);
    let mut client = Client::initialized(dir.path(), json!({}));
    let cases = [
        (
            "a.rs",
            "rust",
            "    let hosts = whitelist(); // é\n",
            [0, 33],
            " // ally:ignore whitelist",
        ),
        (
            "b.py",
            "python",
            "hosts = whitelist()  # 日本語\n",
            [0, 26],
            "  # ally:ignore whitelist",
        ),
        (
            "c.md",
            "markdown",
            "- 🦀 The whitelist.\n",
            [0, 19],
            " <!-- ally:ignore whitelist -->",
        ),
    ];
    for (name, language, text, at, inserted) in cases {
        let uri = uri(&dir.path().join(name));
        let published = client.open(&uri, language, text);
        let diagnostic = published["diagnostics"][0].clone();
        let actions = client.actions(&uri, &diagnostic);
        let (ignore, edit) = action(&actions, "Ignore `whitelist` on this line");
        assert!(ignore.get("isPreferred").is_none());
        let position = json!({ "line": at[0], "character": at[1] });
        assert_eq!(
            edit["range"],
            json!({ "start": position, "end": position }),
            "{name}"
        );
        assert_eq!(edit["newText"], inserted, "{name}");
        change(&mut client, &uri, 2, text, &edit);
        assert_eq!(summary(&client.diagnostics(&uri)), [], "{name}");
    }

    // "Ignore in this file" goes after the shebang line.
    let uri = uri(&dir.path().join("run.sh"));
    let text = "#!/bin/sh\necho whitelist\n";
    let published = client.open(&uri, "shellscript", text);
    let actions = client.actions(&uri, &published["diagnostics"][0]);
    let (_, edit) = action(&actions, "Ignore `whitelist` in this file");
    let text = change(&mut client, &uri, 2, text, &edit);
    assert_eq!(
        text,
        "#!/bin/sh\n# ally:disable whitelist\necho whitelist\n"
    );
    assert_eq!(summary(&client.diagnostics(&uri)), []);
    assert!(client.shut_down().success());
}

/// Bursts of changes are checked once, after the document has been quiet for a moment.
#[test]
fn changes_are_debounced() {
    let dir = workspace(&[]);
    let mut client = Client::initialized(dir.path(), json!({}));
    let uri = uri(&dir.path().join("a.txt"));
    client.open(&uri, "plaintext", "");
    let mut burst = Vec::new();
    let mut text = String::new();
    for (version, word) in (2..).zip(["the ", "white", "list ", "is ", "long"]) {
        let end = json!({ "line": 0, "character": text.encode_utf16().count() });
        text.push_str(word);
        let message = json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": { "start": end, "end": end }, "text": word }],
            },
        })
        .to_string();
        burst.extend_from_slice(
            format!("Content-Length: {}\r\n\r\n{message}", message.len()).as_bytes(),
        );
    }
    let sent = Instant::now();
    client.write_raw(&burst);
    let published = client.diagnostics(&uri);
    assert!(
        sent.elapsed() >= Duration::from_millis(150),
        "{:?}",
        sent.elapsed()
    );
    assert_eq!(published["version"], 6, "only the last version is checked");
    assert_eq!(summary(&published), [("whitelist".into(), [0, 4], [0, 13])]);
    assert!(client.shut_down().success());
}

/// Config files are honoured as on the command line, and a change to one (reported by the
/// client's file watcher, or a save in the editor) re-publishes every open document. A broken
/// config is shown, and the defaults apply until it is fixed.
#[test]
fn config_changes_reload_and_problems_are_shown() {
    let dir = workspace(&[("docs/a.md", "")]);
    let capabilities =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let mut client = Client::initialized(dir.path(), capabilities);
    let registration = client.wait_for("a watcher registration", |m| {
        m["method"] == "client/registerCapability"
    });
    let globs: Vec<&Value> =
        registration["params"]["registrations"][0]["registerOptions"]["watchers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| &w["globPattern"])
            .collect();
    assert_eq!(
        globs,
        ["**/.ally.toml", "**/ally.toml", "**/pyproject.toml"]
    );
    let id = registration["id"].clone();
    client.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));

    let doc = uri(&dir.path().join("docs/a.md"));
    let published = client.open(&doc, "markdown", "The whitelist, you guys.\n");
    let rules = |published: &Value| {
        summary(published)
            .into_iter()
            .map(|(code, _, _)| code)
            .collect::<Vec<_>>()
    };
    assert_eq!(rules(&published), ["whitelist", "guys"]);

    // A new config, reported by the file watcher.
    let config = dir.path().join(".ally.toml");
    write(
        &config,
        "disable = [\"whitelist\"]\nseverity = { guys = \"info\" }\n",
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 1 }] }),
    );
    let published = client.diagnostics(&doc);
    assert_eq!(rules(&published), ["guys"]);
    assert_eq!(published["diagnostics"][0]["severity"], 3);

    // A broken config, saved from the editor: shown, and the defaults apply.
    write(&config, "disable = [\"whitelst\"]\n");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&config) } }),
    );
    let published = client.diagnostics(&doc);
    assert_eq!(rules(&published), ["whitelist", "guys"]);
    let shown = client.wait_for("a message", |m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 1);
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("did you mean `whitelist`?"), "{message}");
    let problems = client.diagnostics(&uri(&config));
    let problem = &problems["diagnostics"][0];
    assert_eq!(
        problem["range"]["start"],
        json!({ "line": 0, "character": 11 })
    );
    assert_eq!(problem["severity"], 1);

    // Fixed: the config's diagnostics are cleared and its settings apply again.
    write(&config, "disable = [\"whitelist\"]\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 2 }] }),
    );
    assert_eq!(rules(&client.diagnostics(&doc)), ["guys"]);
    assert_eq!(client.diagnostics(&uri(&config))["diagnostics"], json!([]));

    // A nearer config in a subdirectory wins, as on the command line.
    let nearer = dir.path().join("docs/ally.toml");
    write(&nearer, "disable = [\"guys\"]\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&nearer), "type": 1 }] }),
    );
    assert_eq!(rules(&client.diagnostics(&doc)), ["whitelist"]);
    assert!(client.shut_down().success());
}

/// Input that is not JSON, not JSON-RPC, or not a method ally knows is answered with an error,
/// and the session goes on.
#[test]
fn malformed_input_and_unknown_methods_do_not_stop_the_server() {
    let dir = workspace(&[]);
    let mut client = Client::start(dir.path());
    let error = client
        .request("textDocument/codeAction", json!({}))
        .unwrap_err();
    assert_eq!(error["code"], -32002, "not initialized yet");

    client.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    let reply = client.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(reply["id"], Value::Null);
    client.write_raw(b"stray text\r\n");
    client.send(&json!({ "jsonrpc": "2.0", "result": 1 }));
    client.wait_for("an invalid request error", |m| m["error"]["code"] == -32600);
    client.send(&json!([1, 2, 3]));
    client.wait_for("an invalid request error", |m| m["error"]["code"] == -32600);

    let result = client.request("initialize", json!({ "capabilities": {} }));
    assert!(result.is_ok(), "{result:?}");
    client.notify("initialized", json!({}));
    let error = client.request("textDocument/hover", json!({})).unwrap_err();
    assert_eq!(error["code"], -32601);
    let error = client
        .request("textDocument/codeAction", json!({ "range": 1 }))
        .unwrap_err();
    assert_eq!(error["code"], -32602);
    client.notify("no/suchNotification", json!({ "x": 1 }));
    client.notify("textDocument/didOpen", json!({ "bad": true }));
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": "file:///not/open.md", "version": 2 },
            "contentChanges": [{ "text": "whitelist" }],
        }),
    );
    // An action request for a document that is not open has no actions.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": "file:///not/open.md" },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(actions, Ok(json!([])));
    // Positions past the end of the text are clamped, not a crash.
    let doc = uri(&dir.path().join("a.md"));
    client.open(&doc, "markdown", "é");
    client.notify("textDocument/didChange", json!({
        "textDocument": { "uri": doc, "version": 2 },
        "contentChanges": [{
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 99 } },
            "text": "a whitelist",
        }],
    }));
    assert_eq!(summary(&client.diagnostics(&doc)).len(), 1);
    assert!(client.shut_down().success());

    // Exiting without a shutdown request is an error, as the protocol says.
    let mut client = Client::initialized(dir.path(), json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
}

/// The same text gives the same findings through `ally check` and through the server: the same
/// config, file kinds, regions and suppressions, and positions that agree once the server's
/// UTF-16 columns are counted in characters.
#[test]
fn the_server_and_the_command_line_report_the_same_findings() {
    let files: &[(&str, &str)] = &[
        (
            ".ally.toml",
            "severity = { guys = \"error\" }\n\n[[overrides]]\npaths = [\"legacy/**\"]\nscope = [\"comments\"]\n",
        ),
        (
            "README.md",
            "# Café ☕\n\nHey guys, the 🦀 whitelist is in `master`.\n\n```\nmaster\n```\n\nThe blacklist. <!-- ally:ignore blacklist -->\n",
        ),
        (
            "src/lib.rs",
            "// 日本語 master copy\r\nfn whitelist_hosts() -> &'static str { \"the blacklist\" }\r\n// ally:ignore-next-line master\r\nconst MASTER: u8 = 1;\r\n",
        ),
        (
            "legacy/old.py",
            "# é sanity check\nmaster = \"slave\"  # whitelist\n",
        ),
        (
            "notes.txt",
            "You guys: é 🦀 white\nlist, grandfathered in.\n",
        ),
        (
            "page.html",
            "<p title=\"a blacklist\">Hi guys 👋</p>\n<!-- whitelist -->\n",
        ),
        (
            "docs/index.rst",
            "Title\n=====\n\nThe master node, é.\n\n.. a whitelist comment\n",
        ),
        // A file that `ally check .` skips has no diagnostics in the editor either.
        (".allyignore", "drafts/\n"),
        ("drafts/notes.md", "A whitelist in a draft.\n"),
    ];
    let dir = workspace(files);
    let output = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["check", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["errors"], json!([]));
    let mut cli: Vec<(String, String, [u64; 4])> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let n = |key: &str| f[key].as_u64().unwrap();
            (
                f["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("./")
                    .to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                [n("line"), n("column"), n("end_line"), n("end_column")],
            )
        })
        .collect();

    let mut client = Client::initialized(dir.path(), json!({}));
    let mut server = Vec::new();
    for (name, text) in &files[1..] {
        let published = client.open(&uri(&dir.path().join(name)), "", text);
        // The server's UTF-16 columns, counted in characters and from 1 as the CLI counts.
        let lines: Vec<&str> = text.split('\n').collect();
        let column = |[line, character]: [u64; 2]| {
            let mut units = 0;
            let mut chars = 0;
            for c in lines[line as usize].chars() {
                if units >= character {
                    break;
                }
                units += c.len_utf16() as u64;
                chars += 1;
            }
            [line + 1, chars + 1]
        };
        for (rule, start, end) in summary(&published) {
            let (start, end) = (column(start), column(end));
            server.push((name.to_string(), rule, [start[0], start[1], end[0], end[1]]));
        }
    }
    cli.sort();
    server.sort();
    assert_eq!(server, cli);
    let rules: Vec<&str> = cli.iter().map(|(_, rule, _)| rule.as_str()).collect();
    for expected in ["guys", "whitelist", "blacklist", "master", "sanity-check"] {
        assert!(rules.contains(&expected), "{expected} in {cli:#?}");
    }
    assert!(client.shut_down().success());
}

/// A frame whose `Content-Length` is one byte off, or a header without its blank line, is
/// answered (when its body is not JSON) and every later request is read and answered: the
/// server finds the next header wherever the broken frame left it.
#[test]
fn a_wrong_content_length_does_not_silence_the_server() {
    let dir = workspace(&[]);
    // "Café" is four characters and five bytes: a client counting characters is one short.
    let accented = r#"{"jsonrpc":"2.0","method":"$/note","params":{"text":"Café"}}"#;
    let plain = r#"{"jsonrpc":"2.0","method":"$/note","params":{}}"#;
    let cases = [
        (
            "one byte short",
            format!(
                "Content-Length: {}\r\n\r\n{accented}",
                accented.chars().count()
            ),
            true,
        ),
        (
            "one byte long",
            format!("Content-Length: {}\r\n\r\n{plain}", plain.len() + 1),
            true,
        ),
        ("no blank line", "Content-Length: 5".to_owned(), false),
        (
            "no blank line, CRLF",
            "Content-Length: 5\r\n".to_owned(),
            false,
        ),
    ];
    for (name, broken, answered) in cases {
        let mut client = Client::start(dir.path());
        client.write_raw(broken.as_bytes());
        let result = client.request("initialize", json!({ "capabilities": {} }));
        assert!(result.is_ok(), "{name}: {result:?}");
        if answered {
            let reply = client.wait_for("a parse error", |m| m["error"]["code"] == -32700);
            assert_eq!(reply["id"], Value::Null, "{name}");
        }
        client.notify("initialized", json!({}));
        let doc = uri(&dir.path().join("a.md"));
        let published = client.open(&doc, "markdown", "The whitelist.\n");
        assert_eq!(summary(&published).len(), 1, "{name}");
        assert!(client.shut_down().success(), "{name}");
    }
}

/// A document with many findings gets at most a thousand diagnostics, then one note that says
/// how many more there are and that `ally check` lists them all; quick fixes are still offered
/// for the findings past the limit.
#[test]
fn many_findings_are_published_up_to_a_limit_with_a_note() {
    let dir = workspace(&[]);
    let mut client = Client::initialized(dir.path(), json!({}));
    let doc = uri(&dir.path().join("big.md"));
    let text = "Add the host to the whitelist.\n".repeat(1_500);
    let published = client.open(&doc, "markdown", &text);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1_001);
    assert_eq!(summary(&published).len(), 1_000);
    let note = &diagnostics[1_000];
    let at = json!({ "line": 1_000, "character": 20 });
    assert_eq!(note["range"]["start"], at);
    assert_eq!(note["severity"], 3);
    let message = note["message"].as_str().unwrap();
    assert!(
        message.starts_with("500 more findings from here on are not shown")
            && message.contains("`ally check`"),
        "{message}"
    );

    // A finding with no diagnostic of its own still has its quick fixes.
    let hidden = json!({
        "range": {
            "start": { "line": 1_400, "character": 20 },
            "end": { "line": 1_400, "character": 29 },
        },
        "message": "not published",
    });
    let actions = client.actions(&doc, &hidden);
    let (_, edit) = action(&actions, "Replace with `allowlist`");
    assert_eq!(edit["range"], hidden["range"]);
    let (_, edit) = action(&actions, "Ignore `whitelist` on this line");
    assert_eq!(edit["newText"], " <!-- ally:ignore whitelist -->");
    assert!(client.shut_down().success());
}
