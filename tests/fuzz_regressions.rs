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
    ("docx", fuzz::docx),
    ("odt", fuzz::odt),
    ("rules_toml", fuzz::rules_toml),
    ("config_toml", fuzz::config_toml),
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
