//! Inputs that used to be read whole, read wrongly or not read at all: documents larger than
//! the limit (sparse files), devices and endless standard input, damaged PDFs whose problem was
//! reported as "it may be a scan" or not at all, a .fodt that is not XML, a .docx with two
//! entries of the same name, UTF-32 text, and file names that XML cannot carry.

mod binary;

use std::fs::File;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;

use binary::{DEADLINE, ally, check_json, finding, findings};
use serde_json::Value;

/// The messages of the run's errors, each as `path: message`.
fn errors(json: &Value) -> Vec<String> {
    json["errors"]
        .as_array()
        .expect("an errors array")
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["path"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// Runs `ally ARGS` in `dir` with standard input read from `stdin` (a file or a device),
/// failing the test if it has not finished by the deadline.
fn ally_reading(dir: &Path, args: &[&str], stdin: File) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::from(stdin))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ally starts");
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(DEADLINE) {
        Ok(output) => output.expect("ally's output is read"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("ally {args:?} did not finish within {DEADLINE:?}");
        }
    }
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "invalid JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn documents_larger_than_their_limit_are_refused_from_their_size() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: a gigabyte on paper, nothing on disk. Reading one whole took seconds and as much
    // memory as the file's size before the limit was looked at.
    for name in ["big.pdf", "big.docx", "big.fodt"] {
        File::create(dir.path().join(name))
            .unwrap()
            .set_len(1 << 30)
            .unwrap();
    }
    let (json, code, _) = check_json(dir.path(), &["big.docx", "big.fodt", "big.pdf"]);
    assert_eq!(
        errors(&json),
        [
            "big.docx: skipped: it is 1024 MB, larger than the 256 MB that ally reads of such a file",
            "big.fodt: skipped: it is 1024 MB, larger than the 100 MB that ally reads of such a file",
            "big.pdf: skipped: it is 1024 MB, larger than the 256 MB that ally reads of such a file",
        ]
    );
    assert_eq!(code, 2);
}

#[test]
fn devices_named_on_the_command_line_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "a whitelist").unwrap();
    // /dev/zero never ends: it was read until memory ran out.
    let (json, code, _) = check_json(dir.path(), &["/dev/zero", "notes.md"]);
    assert_eq!(
        errors(&json),
        ["/dev/zero: skipped: it is not a regular file (a character device), so it was not read"]
    );
    assert_eq!(findings(&json), [finding("notes.md", 1, 3, "whitelist")]);
    assert_eq!(code, 2);
}

#[test]
fn endless_standard_input_is_read_with_a_limit() {
    let dir = tempfile::tempdir().unwrap();
    // Text: the first 8 KiB show that it is binary, and nothing more is read.
    let output = ally_reading(
        dir.path(),
        &["check", "--format", "json", "-"],
        File::open("/dev/zero").unwrap(),
    );
    let json = json_of(&output);
    assert_eq!(json["summary"]["files_skipped"], 1, "{json}");
    assert!(errors(&json).is_empty(), "{json}");
    assert_eq!(output.status.code(), Some(0));
    // A document is read whole, so up to its limit and no further.
    let output = ally_reading(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "zero.pdf",
            "-",
        ],
        File::open("/dev/zero").unwrap(),
    );
    assert_eq!(
        errors(&json_of(&output)),
        [
            "zero.pdf: cannot read standard input: skipped: it holds more than 256 MB, the most \
             that ally reads of such an input"
        ]
    );
    assert_eq!(output.status.code(), Some(2));
}

fn utf32(text: &str, little_endian: bool) -> Vec<u8> {
    std::iter::once('\u{FEFF}')
        .chain(text.chars())
        .flat_map(|c| {
            if little_endian {
                (c as u32).to_le_bytes()
            } else {
                (c as u32).to_be_bytes()
            }
        })
        .collect()
}

#[test]
fn utf32_with_a_byte_order_mark_is_read_and_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let le = utf32("First line\nadd it to the whitelist\n", true);
    let be = utf32("café whitelist\n", false);
    std::fs::write(dir.path().join("le.txt"), &le).unwrap();
    std::fs::write(dir.path().join("be.txt"), &be).unwrap();
    let (json, code, stderr) = check_json(dir.path(), &["be.txt", "le.txt"]);
    assert_eq!(
        findings(&json),
        [
            finding("be.txt", 1, 6, "whitelist"),
            finding("le.txt", 2, 15, "whitelist"),
        ]
    );
    assert!(!stderr.contains("not valid UTF-8"), "{stderr}");
    assert_eq!(code, 1);
    // Standard input too.
    let output = binary::ally_with_input(dir.path(), &["check", "--format", "json", "-"], &le);
    assert_eq!(
        findings(&json_of(&output)),
        [finding("<stdin>", 2, 15, "whitelist")]
    );
    // `ally fix` cannot write UTF-32, so it leaves the file as it is.
    let _ = ally(dir.path(), &["fix", "le.txt"]);
    assert_eq!(std::fs::read(dir.path().join("le.txt")).unwrap(), le);
}

/// Whether XML 1.0 allows `c` (the `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Parses `xml` with quick-xml and fails the test unless it is well-formed and every character
/// of it, and of every text and attribute value once unescaped, is one that XML 1.0 allows.
/// (quick-xml does not check characters itself.) Returns the unescaped attribute values.
fn assert_well_formed(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    if let Some(bad) = xml.chars().find(|c| !is_xml_char(*c)) {
        panic!("U+{:04X} is not allowed in XML:\n{xml}", bad as u32);
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut open = Vec::new();
    let mut values = Vec::new();
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{e}:\n{xml}"));
        let mut check = |text: String| {
            assert!(text.chars().all(is_xml_char), "{text:?} in\n{xml}");
            values.push(text);
        };
        let attributes = |e: &quick_xml::events::BytesStart<'_>| -> Vec<String> {
            e.attributes()
                .map(|a| {
                    let a = a.unwrap_or_else(|e| panic!("{e}:\n{xml}"));
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap_or_else(|e| panic!("{e}:\n{xml}"))
                        .into_owned()
                })
                .collect()
        };
        match event {
            Event::Start(e) => {
                attributes(&e).into_iter().for_each(&mut check);
                open.push(e.name().as_ref().to_owned());
            }
            Event::Empty(e) => attributes(&e).into_iter().for_each(&mut check),
            Event::End(e) => {
                assert_eq!(open.pop().as_deref(), Some(e.name().as_ref()), "{xml}");
            }
            Event::Text(text) => check(text.xml10_content().into_owned()),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    check(c.to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    values
}

#[test]
fn junit_and_checkstyle_stay_well_formed_for_names_xml_cannot_carry() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f\u{FFFF}.md"), "the whitelist\n").unwrap();
    std::fs::write(dir.path().join("g\u{FFFE}.md"), "the blacklist\n").unwrap();
    for format in ["junit", "checkstyle"] {
        let output = ally(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let xml = String::from_utf8(output.stdout).unwrap();
        let values = assert_well_formed(&xml);
        assert!(
            values.iter().any(|v| v.contains("f\u{FFFD}.md")),
            "{format}: {values:?}"
        );
    }
}
