//! The fuzz targets' bodies (fuzz/src/lib.rs), run by `cargo test` on inputs that are hard on
//! every extractor: empty files, bytes that are not UTF-8, byte order marks, unterminated
//! constructs and deep nesting. Each body panics if ally panics or reports a range, line or
//! column that is out of place, so these tests make the same checks as the fuzzers, without
//! cargo-fuzz. An input that once made a fuzzer fail belongs here too, with the behaviour a user
//! sees.

#[allow(dead_code, unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

/// A fuzz target's body.
type Target = fn(&[u8]);

/// Every fuzz target, by name.
const TARGETS: &[(&str, Target)] = &[
    ("markdown", fuzz::markdown),
    ("html", fuzz::html),
    ("markup", fuzz::markup),
    ("code", fuzz::code),
    ("data", fuzz::data),
    ("docx", fuzz::docx),
    ("odt", fuzz::odt),
    ("rtf", fuzz::rtf),
    ("rules_toml", fuzz::rules_toml),
    ("config_toml", fuzz::config_toml),
    ("project", fuzz::project),
    ("fix", fuzz::fix),
    ("lsp", fuzz::lsp),
];

/// Runs a target on an input, naming both if it fails.
fn run(target: &str, body: Target, input: &[u8]) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| body(input))) {
        let shown = String::from_utf8_lossy(&input[..input.len().min(200)]);
        eprintln!(
            "fuzz target `{target}` failed on {} bytes: {shown:?}",
            input.len()
        );
        resume_unwind(panic);
    }
}

/// Inputs that are hard on any reader.
fn hostile_inputs() -> Vec<Vec<u8>> {
    let mut inputs: Vec<Vec<u8>> = [
        &b""[..],
        b"\n",
        b"\r\n\r\n",
        b"\0master\0",
        // A surrogate encoded as UTF-8 (as CESU-8 does), a lone continuation byte, and a
        // sequence cut short: none is valid UTF-8.
        b"\xED\xA0\x80 whitelist \xED\xBF\xBF",
        b"\x80master",
        b"the master \xE2\x82",
        // Byte order marks, alone and with an odd number of UTF-16 bytes or a lone surrogate.
        b"\xEF\xBB\xBF",
        b"\xEF\xBB\xBFwhitelist",
        b"\xFF\xFEw\0h\0i\0t\0e\0l\0i\0s\0t\0\0",
        b"\xFE\xFF\xD8\x00\x00m",
        b"\xFF\xFE\x00\xDC",
        // Unterminated constructs.
        b"```\nmaster",
        b"<!-- master",
        b"<![CDATA[ master",
        b"<a title=\"master",
        b"/* master",
        b"\"master",
        b"r#\"master",
        b"<<EOF\nmaster",
        b"..\n   master",
        b"----\nmaster",
        b"<w:p><w:r><w:t>white list",
        b"<text:p>blacklist",
        b"[[rule]]\nid = \"",
        b"[[rule]]\nid = \"x\"\nterms = [\"master",
        b"scope = [\"prose\"",
        b"x = '''\nmaster",
        b"&#xD800; &#x110000; &#0; &amp",
        b"ally:disable\nmaster",
        b"// ally:ignore-next-line whitelst\nmaster",
        "the whitelist 🦀 é 日本 \u{2028} master\u{85}".as_bytes(),
    ]
    .iter()
    .map(|input| input.to_vec())
    .collect();
    // Deep nesting.
    let deep = |open: &str, middle: &str, close: &str, depth: usize| {
        format!("{}{middle}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
    };
    inputs.push(deep("> ", "master", "", 2_000));
    inputs.push(deep("- ", "master", "", 2_000));
    inputs.push(deep("[", "master", "]", 2_000));
    inputs.push(deep("<div>", "master", "</div>", 2_000));
    inputs.push(deep("<w:p>", "<w:t>master</w:t>", "</w:p>", 2_000));
    inputs.push(deep("<text:p>", "master", "", 2_000));
    inputs.push(deep("/*", "master", "*/", 2_000));
    inputs.push(format!("a = {}1{}", "[".repeat(5_000), "]".repeat(5_000)).into_bytes());
    inputs.push(format!("a = {}1{}", "{b = ".repeat(3_000), "}".repeat(3_000)).into_bytes());
    inputs.push(format!("[a{}]\nb = 1\n", ".a".repeat(5_000)).into_bytes());
    inputs.push(deep("{a: ", "master words", "}", 2_000));
    inputs.push(deep("a:\n", "  - |\n", "", 2_000));
    inputs.push(deep("\"", "a,b", "\"", 2_000));
    // Long lines of many small values, which a scan that looks for the line end at each value
    // reads in quadratic time.
    inputs.push(format!("a: [{}]", "x, ".repeat(200_000)).into_bytes());
    inputs.push(format!("a = [{}]", "\"x\", ".repeat(200_000)).into_bytes());
    inputs.push("][".repeat(200_000).into_bytes());
    inputs
}

#[test]
fn every_target_survives_hostile_inputs() {
    for input in hostile_inputs() {
        for (target, body) in TARGETS {
            run(target, *body, &input);
        }
    }
}

#[test]
fn every_target_accepts_its_own_kind_of_input() {
    let rule_file = br#"
[[rule]]
id = "fuzz-term"
category = "tech"
severity = "warning"
terms = ["fuzzword", "fuzz words"]
alternatives = ["test input"]
summary = "is a test term"
explanation = "Used by the fuzz regression tests."
exceptions = ["fuzzword list"]
examples = { flagged = ["A fuzzword here."], allowed = ["The fuzzword list."], code = ["let fuzzword = 1;"] }
"#;
    run("rules_toml", fuzz::rules_toml, rule_file);
    run(
        "config_toml",
        fuzz::config_toml,
        b"scope = [\"prose\"]\ndisable = [\"category:age\"]\n[[overrides]]\npaths = [\"docs/**\"]\nfail-on = \"never\"\n",
    );
    run(
        "code",
        fuzz::code,
        b"main.rs\n// the whitelist\nlet master = \"slave\";\n",
    );
    for input in [
        &b"values.yaml\nmaster:\n  note: the slave copy # whitelist\n  run: |\n    dummy\n"[..],
        b"package.json\n{\"role\": \"slave\", \"note\": \"the master copy\"} // x\n",
        b"Cargo.toml\n[tool.master]\nnote = '''\nthe slave copy'''\n",
        b"setup.cfg\n[master]\nnote = the slave copy\n",
        b"users.csv\nmaster,role\n\"the slave, copy\",x\n",
    ] {
        run("data", fuzz::data, input);
    }
    run(
        "markup",
        fuzz::markup,
        b"a.rst\nThe master\n\n::\n\n  literal master\n",
    );
    run(
        "docx",
        fuzz::docx,
        b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>white</w:t></w:r><w:r><w:t>list</w:t></w:r></w:p></w:body></w:document>",
    );
    run(
        "odt",
        fuzz::odt,
        b"<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text><text:p>the master</text:p></office:text></office:body></office:document-content>",
    );
    run(
        "rtf",
        fuzz::rtf,
        b"{\\rtf1 the white{\\b list}{\\footnote a \\u8217? crazy\\par}\\par\\bin3 {}}",
    );
}

/// A framed message, as a client writes it.
fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// The start of an editor's session: `initialize`, `initialized`, and a Markdown document open.
fn lsp_start(text: &str) -> String {
    let open = serde_json::json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/a.md",
            "languageId": "markdown", "version": 1, "text": text}},
    });
    [
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        frame(&open.to_string()),
    ]
    .concat()
}

#[test]
fn project_configs_and_rule_files_read_from_disk() {
    let rules = "[[rule]]\nid = \"fuzz-term\"\ncategory = \"tech\"\nseverity = \"warning\"\n\
        terms = [\"fuzzword\"]\nalternatives = [\"test input\"]\nsummary = \"is a test term\"\n\
        explanation = \"Used by the fuzz regression tests.\"\n";
    let inputs = [
        // A config with a rule file beside it, one in a directory, and one given with --rules.
        format!(
            "extend-rules = [\"rules/a.toml\"]\n--- rules/a.toml\n{rules}--- cli-rules.toml\n{}",
            rules.replace("fuzz-term", "cli-term")
        ),
        // A nearer config that reaches up and back down; `..` after a file name; a trailing
        // slash; a directory; an empty entry; a missing file.
        format!(
            "--- docs/.ally.toml\nextend-rules = [\"../shared/r.toml\"]\n--- shared/r.toml\n{rules}"
        ),
        "--- docs/.ally.toml\nextend-rules = [\"x.toml/../x.toml\", \"x.toml/\", \"guide\", \"\", \"nope.toml\"]\n--- docs/x.toml\n--- docs/guide/z\n".to_owned(),
        // The config itself as a rule file, and a rule file that is not UTF-8.
        "extend-rules = [\".ally.toml\", \"bad.toml\"]\n--- bad.toml\n\u{1}".to_owned(),
        // A pyproject.toml without ally's table is passed over; one with it is read.
        "--- docs/pyproject.toml\n[project]\nname = \"x\"\n--- docs/guide/pyproject.toml\n[tool.ally]\nextend-rules = [\"../../r.toml\"]\n--- r.toml\n[[rule]]\nid = \"\"\n".to_owned(),
        // Escaping the project is not compiled; the same file twice; a config that is not UTF-8.
        "extend-rules = [\"../x.toml\", \"/etc/hostname\"]\n--- docs/ally.toml\nextend-rules = [\"a.toml\", \"./a.toml\"]\n--- docs/a.toml\n".to_owned(),
        "\u{FEFF}scope = [\"prose\"]\n--- docs/guide/.ally.toml\n\u{0}\n".to_owned(),
    ];
    for input in inputs {
        let mut bytes = input.into_bytes();
        // A byte that is not UTF-8 where the text holds U+0001.
        if let Some(at) = bytes.iter().position(|&b| b == 1) {
            bytes[at] = 0xFF;
        }
        run("project", fuzz::project, &bytes);
    }
    // The file list: plain names only, none both a file and a directory.
    let files = fuzz::project_files(b"a\n--- ../x/./y\nb\n--- x\nc\n--- .git/config\n--- x/y\nd\n");
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, [".ally.toml", "x/y", "config"]);
    assert_eq!(files[1].1, b"d\n");
}

#[test]
fn fix_keeps_every_byte_it_was_not_asked_to_change() {
    let inputs: [&[u8]; 10] = [
        b"notes.md\nAdd it to a whitelist, an blacklist and the master list.\n",
        b"main.rs\n// a whitelist\nlet whitelist_path = \"blacklisted\"; // an man-hour\n",
        b"notes.txt\r\nThe WHITELIST\r\nand White\r\n  List, a\xC2\x85chairman \xC3\xA9 mankind.",
        b"notes.txt\n\xEF\xBB\xBFA whitelist.",
        b"notes.txt\n\xFF\xFEA\0 \0w\0h\0i\0t\0e\0l\0i\0s\0t\0",
        b"notes.txt\n\xFE\xFF\0a\0 \0b\0l\0a\0c\0k\0l\0i\0s\0t\xD8\x3D\xDE\x00",
        b"notes.txt\nA whitelist \xFF in a file that is not UTF-8.",
        b"memo.docx\nA whitelist.",
        b"page.html\n<p title=\"whitelist\">A <b>white</b>list, an <!-- blacklist --> A\tWhitelist</p>",
        b"\nthe master and a slave, a dummy sanity-check, an master",
    ];
    for input in inputs {
        run("fix", fuzz::fix, input);
    }
    // The same text as every kind of file; the directory picks other options.
    for name in [
        "a.md", "a.rs", "a.py", "a.rst", "a.adoc", "a.txt", "Makefile", "x",
    ] {
        for dir in ["", "./", "x/", "y/z/", "q/"] {
            let input = format!(
                "{dir}{name}\nthe a whitelist; an Blacklist — a master, A slave ☃ whitelistedFoo\n"
            );
            run("fix", fuzz::fix, input.as_bytes());
        }
    }
}

#[test]
fn lsp_answers_every_framing_and_message() {
    let start = lsp_start("A whitelist here.\n");
    let inputs = [
        // A whole session, with quick fixes asked for and a clean shutdown.
        format!(
            "{start}{}{}{}",
            frame(
                r#"{"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///nonexistent-ally-fuzz/a.md"},"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":99}},"context":{"diagnostics":[]}}}"#
            ),
            frame(r#"{"jsonrpc":"2.0","id":"s","method":"shutdown"}"#),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        ),
        // Not JSON, not JSON-RPC, a stray line, headers in any case, a bad length, and a body
        // cut short.
        format!(
            "{}junk\r\n{}content-length:  2 \r\nContent-Type: x\r\n\r\n{{}}Content-Length: x\r\n\r\n{}Content-Length: 99\r\n\r\n{{",
            frame("{not json"),
            frame("[1, 2]"),
            frame(r#"{"jsonrpc":"2.0","id":3,"method":"initialize"}"#),
        ),
        // Requests before `initialize`, twice the same id, an unknown method, bad params.
        format!(
            "{}{}{}{}",
            frame(r#"{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
            frame(r#"{"jsonrpc":"2.0","id":8,"method":"workspace/symbol","params":7}"#),
        ),
        // Edits out of range and across characters that take two UTF-16 units; then `exit`
        // before anything else is read.
        format!(
            "{}{}{}{}",
            lsp_start("🦀 whitelist\r\nmaster\u{2028}é"),
            frame(
                r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nonexistent-ally-fuzz/a.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":99,"character":0}},"text":"black\u00e9list"}]}}"#
            ),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            frame(r#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#),
        ),
        // A length far beyond the input, and one that does not fit in 64 bits.
        "Content-Length: 18446744073709551615\r\n\r\n{}".to_owned(),
        "Content-Length: 99999999999999999999999\r\n\r\n{}".to_owned(),
        frame("\u{FEFF}{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"),
    ];
    for input in inputs {
        run("lsp", fuzz::lsp, input.as_bytes());
    }
    // Invalid UTF-8 in a header and in a body.
    run(
        "lsp",
        fuzz::lsp,
        b"Content-\xFFLength: 2\r\n\r\n{}Content-Length: 3\r\n\r\n\"\xFF\"",
    );
}

/// Found by the `project` fuzz target: a rule file that a config names through `..`
/// (`extend-rules = ["../shared/r.toml"]`) is not among the files ally skips as its own,
/// because `Settings::new` stored `docs/../shared/r.toml` unresolved and compared paths as
/// written. Paths are now made absolute with `..` resolved by name.
#[test]
fn a_rule_file_named_through_dot_dot_is_skipped_too() {
    let input = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/regressions/project-dot-dot-rule-file.txt"
    ))
    .expect("the saved input");
    fuzz::project(&input);
}

/// The model of the transport's framing that the checks rely on.
#[test]
fn lsp_bodies_follow_the_framing() {
    let input = format!(
        "junk\n{}CONTENT-LENGTH: 1\r\nContent-Length: 2\n\n[]Content-Length: 5\r\n\r\nab",
        frame("{}")
    );
    let bodies = fuzz::lsp_bodies(input.as_bytes());
    assert_eq!(bodies, [&b"{}"[..], b"[]"]);
}

/// The checks themselves catch what they should: a position a reader would not count.
#[test]
fn positions_are_counted_in_characters_from_one() {
    assert_eq!(fuzz::position("ab\nçé master", 8), (2, 4));
    assert!(fuzz::position_exists("ab\nc", 2, 2));
    assert!(!fuzz::position_exists("ab\nc", 2, 3));
    assert!(!fuzz::position_exists("ab", 0, 1));
    assert!(fuzz::position_exists("", 1, 1));
}
