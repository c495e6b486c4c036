//! Inputs that used to be read whole, read wrongly or not read at all: documents larger than
//! the limit (sparse files), devices and endless standard input, damaged PDFs whose problem was
//! reported as "it may be a scan" or not at all, a .fodt that is not XML, a .docx with two
//! entries of the same name, UTF-32 text, and file names that XML cannot carry.

mod binary;
mod support;

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use binary::{ally, check_json, finding, findings};
use serde_json::Value;
use support::{p, pdf_of_objects, zip};

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
    binary::run_command(
        Command::new(env!("CARGO_BIN_EXE_ally"))
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::from(stdin)),
    )
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

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

fn deflated(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (Only the chairman signs.) Tj ET";

/// Catalog, page tree, font, one page and its content, as objects 1 to 5; `page` is what the
/// page dictionary holds besides its type and parent, `extra` are objects 6 and on.
fn one_page_pdf(pages: &str, font: &str, page: &str, content: Vec<u8>, extra: &[&[u8]]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        pages.as_bytes().to_vec(),
        font.as_bytes().to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {page} >>").into_bytes(),
        content,
    ];
    objects.extend(extra.iter().map(|o| o.to_vec()));
    pdf_of_objects(&objects, "")
}

const PAGES: &str = "<< /Type /Pages /Kids [4 0 R] /Count 1 >>";
const HELVETICA: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
const RESOURCES: &str = "/Resources << /Font << /F1 3 0 R >> >>";

/// Checks `name` holding `bytes` and returns the run's errors, notes and exit code.
fn check_file(name: &str, bytes: &[u8]) -> (Vec<String>, Vec<String>, i32) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let (json, code, stderr) = check_json(dir.path(), &[name]);
    let notes: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("note"))
        .map(str::to_owned)
        .collect();
    (errors(&json), notes, code)
}

#[test]
fn a_readable_pdf_is_still_read() {
    let content = stream("", TEXT);
    let bytes = one_page_pdf(
        PAGES,
        HELVETICA,
        &format!("{RESOURCES} /Contents 5 0 R"),
        content,
        &[],
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.pdf"), bytes).unwrap();
    let (json, code, _) = check_json(dir.path(), &["ok.pdf"]);
    assert_eq!(findings(&json), [finding("ok.pdf", 1, 10, "chairman")]);
    assert_eq!(code, 1);
}

#[test]
fn a_page_tree_that_loops_is_an_error() {
    // 2 → 6 → 2: no page is ever reached, which read as an empty document, exit 0.
    let pages = "<< /Type /Pages /Kids [6 0 R] /Count 1 >>";
    let bytes = one_page_pdf(
        pages,
        HELVETICA,
        &format!("{RESOURCES} /Contents 5 0 R"),
        stream("", TEXT),
        &[b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"],
    );
    let (errors, notes, code) = check_file("loop.pdf", &bytes);
    assert_eq!(
        errors,
        [
            "loop.pdf: cannot read this .pdf file: the page tree is damaged (object 2 is reached \
             twice, so the tree loops back on itself), so its pages cannot be found"
        ]
    );
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(code, 2);
}

#[test]
fn damaged_pdf_pages_say_what_failed_not_that_it_may_be_a_scan() {
    let page = |contents: &str| format!("{RESOURCES} /Contents {contents}");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            // The content is a reference to itself.
            "selfref.pdf",
            one_page_pdf(
                PAGES,
                HELVETICA,
                &page("6 0 R"),
                stream("", TEXT),
                &[b"6 0 R"],
            ),
            "on page 1, its content cannot be found (its references loop back on themselves)",
        ),
        (
            "dangling.pdf",
            one_page_pdf(PAGES, HELVETICA, &page("9 0 R"), stream("", TEXT), &[]),
            "on page 1, its content cannot be found (object 9 is missing from the file)",
        ),
        (
            // The resources are a loop of references, so the page's font cannot be found.
            "refcycle.pdf",
            one_page_pdf(
                PAGES,
                HELVETICA,
                "/Resources 6 0 R /Contents 5 0 R",
                stream("", TEXT),
                &[b"7 0 R", b"6 0 R"],
            ),
            "on page 1, it draws text in the font /F1, which the page does not have; its \
             resources cannot be read (its references loop back on themselves)",
        ),
        (
            // The font's character map inflates to 8 MB, over the 4 MB a map may have.
            "bomb_tounicode.pdf",
            one_page_pdf(
                PAGES,
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
                &page("5 0 R"),
                stream("", TEXT),
                &[&stream(
                    "/Filter /FlateDecode",
                    &deflated(&vec![b' '; 8 << 20]),
                )],
            ),
            "on page 1, the text in the font /F1 cannot be read: its character map expands to \
             more than 4 MB when unpacked",
        ),
        (
            // The content stream's length is a reference to the stream itself.
            "len_selfref.pdf",
            one_page_pdf(
                PAGES,
                HELVETICA,
                &page("5 0 R"),
                format!(
                    "<< /Length 5 0 R >>\nstream\n{}\nendstream",
                    std::str::from_utf8(TEXT).unwrap()
                )
                .into_bytes(),
                &[],
            ),
            "on page 1, its content stream cannot be read (its length is missing or wrong)",
        ),
    ];
    for (name, bytes, reason) in cases {
        let (errors, notes, code) = check_file(name, &bytes);
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert!(
            errors[0].starts_with(&format!(
                "{name}: cannot read all of this .pdf file, so it was not checked: {reason}"
            )),
            "{name}: {errors:?}"
        );
        assert!(
            !notes.iter().any(|n| n.contains("scan")),
            "{name}: {notes:?}"
        );
        assert_eq!(code, 2, "{name}");
    }
}

#[test]
fn a_pdf_page_over_its_budget_is_an_error_like_a_docx_bomb() {
    // 40 MB of page content from a few kilobytes: a note and exit 0 before, while a .docx bomb
    // was an error.
    let content = stream("/Filter /FlateDecode", &deflated(&vec![b' '; 40 << 20]));
    let bytes = one_page_pdf(
        PAGES,
        HELVETICA,
        &format!("{RESOURCES} /Contents 5 0 R"),
        content,
        &[],
    );
    let (errors, _, code) = check_file("flatebomb.pdf", &bytes);
    assert_eq!(
        errors,
        [
            "flatebomb.pdf: skipped: page 1 of the PDF expands to more than 32 MB when unpacked \
             (a possible decompression bomb)"
        ]
    );
    assert_eq!(code, 2);
}

#[test]
fn a_fodt_that_is_not_xml_is_an_error_like_a_docx_that_is_not_a_zip() {
    let (errors, _, code) = check_file("notes.fodt", b"The whitelist is kept by the chairman.\n");
    assert_eq!(
        errors,
        [
            "notes.fodt: cannot read this .fodt file: it is not a flat OpenDocument file (its \
             XML does not start with an office:document element), so nothing in it could be \
             checked"
        ]
    );
    assert_eq!(code, 2);
}

#[test]
fn a_docx_with_two_main_parts_of_the_same_name_is_an_error() {
    // The zip writer refuses a repeated name, so the second part is written under a name of the
    // same length and renamed in the bytes (a zip's checksums cover data, not names).
    let first = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}</w:body></w:document>",
        p(&["Ask the chairman."])
    );
    let second = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}</w:body></w:document>",
        p(&["Ask the chair."])
    );
    let mut bytes = zip(&[
        ("word/document.xml", &first),
        ("word/documenX.xml", &second),
    ]);
    let from = b"word/documenX.xml";
    while let Some(at) = bytes.windows(from.len()).position(|w| w == from) {
        bytes[at..at + from.len()].copy_from_slice(b"word/document.xml");
    }
    // Before, only the last copy was read: no finding, exit 0.
    let (errors, _, code) = check_file("dupe.docx", &bytes);
    assert_eq!(
        errors,
        [
            "dupe.docx: cannot read this .docx file reliably: it holds more than one entry named \
             word/document.xml, and programs differ in which one they show, so ally cannot tell \
             which text a reader sees; saving the document again from a word processor keeps one"
        ]
    );
    assert_eq!(code, 2);
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
