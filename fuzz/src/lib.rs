//! The bodies of ally's fuzz targets and the checks they make.
//!
//! Each target in `fuzz_targets/` is one line that hands the fuzzer's bytes to the function of
//! the same name here. `tests/fuzz_regressions.rs` includes this file with `#[path]`, so a
//! crashing input found by a fuzzer is replayed by `cargo test` through exactly the code that
//! found it.
//!
//! Every function panics if ally panics, or if anything ally reports is out of place:
//!
//! - regions of text are in bounds, non-empty, on character boundaries, sorted and disjoint;
//! - findings are in bounds, on character boundaries and in order, their line and column are
//!   the ones a reader counts, and their excerpt and sentence highlight the term;
//! - the spans of an extracted document are in bounds, on character boundaries, sorted and
//!   disjoint, and each is one line when lines are paragraphs;
//! - errors in rule and config files point at a line and column that exist in the file.

use std::borrow::Cow;
use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::OnceLock;

use ally::check::Checked;
use ally::config::{CliSettings, ConfigFile, Settings, effective_toml};
use ally::documents::{self, DocumentType, ExtractedDocument, Limits};
use ally::extract::{DocumentFormat, FileKind, Regions, languages};
use ally::finding::FileReport;
use ally::rules::{DataErrors, DataFile, RuleSet};
use ally::{Finding, Linter, Policy};

/// Markdown text, checked as a `.md` file.
pub fn markdown(data: &[u8]) {
    text_target(
        data,
        FileKind::Document(DocumentFormat::Markdown),
        "fuzz.md",
    );
}

/// HTML text, checked as a `.html` file.
pub fn html(data: &[u8]) {
    text_target(data, FileKind::Document(DocumentFormat::Html), "fuzz.html");
}

/// reStructuredText, AsciiDoc, XML or plain text: a file name on the first line picks the
/// format (`x.rst`, `x.adoc`, `x.xml`); any other name picks one of the four from its bytes.
pub fn markup(data: &[u8]) {
    const FORMATS: [DocumentFormat; 4] = [
        DocumentFormat::Rst,
        DocumentFormat::AsciiDoc,
        DocumentFormat::Xml,
        DocumentFormat::Text,
    ];
    let (name, body) = split_name(data);
    let format = match FileKind::detect(Path::new(&name), "") {
        FileKind::Document(
            format @ (DocumentFormat::Rst | DocumentFormat::AsciiDoc | DocumentFormat::Xml),
        ) => format,
        _ => FORMATS[pick(&name, FORMATS.len())],
    };
    text_target(body, FileKind::Document(format), &name);
}

/// Source code: a file name on the first line picks the language (`x.rs`, `Makefile`); a name
/// that is not source code picks one of the known languages from its bytes.
pub fn code(data: &[u8]) {
    let (name, body) = split_name(data);
    let kind = match FileKind::detect(Path::new(&name), "") {
        kind @ FileKind::Code(_) => kind,
        FileKind::Document(_) => {
            let all = languages().all();
            FileKind::Code(&all[pick(&name, all.len())])
        }
    };
    text_target(body, kind, &name);
}

/// A `word/document.xml`, packed into a .docx with a footnote; the bytes are also read as a
/// whole .docx file.
pub fn docx(data: &[u8]) {
    check_document(DocumentType::Docx, data, "fuzz.docx");
    check_document(DocumentType::Docx, &docx_archive(data), "fuzz.docx");
}

/// A `content.xml`, read as a flat .fodt file and packed into an .odt.
pub fn odt(data: &[u8]) {
    check_document(DocumentType::FlatOdt, data, "fuzz.fodt");
    check_document(DocumentType::Odt, &odt_archive(data), "fuzz.odt");
}

/// A rule file, loaded on its own; when it loads, its rules check their own examples.
pub fn rules_toml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match RuleSet::load_only(&[DataFile::new("fuzz-rules.toml", text)]) {
        Ok(rules) => {
            let linter = Linter::new(rules);
            let policy = Policy::all(linter.rules());
            for rule in linter.rules().rules() {
                let examples = &rule.examples;
                for prose in examples.flagged.iter().chain(&examples.allowed) {
                    let kind = FileKind::Document(DocumentFormat::Markdown);
                    check_text_with(&linter, &policy, kind, prose);
                }
                let javascript = languages()
                    .by_name("JavaScript")
                    .expect("JavaScript is known");
                for line in &examples.code {
                    check_text_with(&linter, &policy, FileKind::Code(javascript), line);
                }
            }
        }
        Err(errors) => check_data_errors(&errors),
    }
}

/// A config file, read as `.ally.toml` and as `pyproject.toml`; when it parses, it is compiled
/// against the built-in rules.
pub fn config_toml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // A directory that does not exist, so that `extend-rules` reads nothing.
    for (path, pyproject) in [
        ("/nonexistent-ally-fuzz/.ally.toml", false),
        ("/nonexistent-ally-fuzz/pyproject.toml", true),
    ] {
        match ConfigFile::parse(Path::new(path), &text, pyproject) {
            Ok(None) => assert!(pyproject, "only pyproject.toml may lack ally's settings"),
            Ok(Some(config)) => {
                if !stays_inside_root(&text, pyproject) {
                    continue;
                }
                match Settings::new(Some(&config), &quick_cli()) {
                    Ok(settings) => {
                        for file in ["/nonexistent-ally-fuzz/src/a.rs", "/elsewhere/b.md"] {
                            let file = Path::new(file);
                            let policy = settings.policy_for(file);
                            assert_eq!(policy.enabled.len(), settings.linter.rules().rules().len());
                            settings.is_excluded(file);
                            effective_toml(&settings, file);
                        }
                    }
                    Err(errors) => check_data_errors(&errors),
                }
            }
            Err(errors) => check_data_errors(&errors),
        }
    }
}

/// Checks `data` read as UTF-8 (invalid bytes become U+FFFD) as a file of `kind`, then the
/// bytes themselves as ally reads a file called `name`.
pub fn text_target(data: &[u8], kind: FileKind, name: &str) {
    check_text(kind, &String::from_utf8_lossy(data));
    check_bytes(Path::new(name), data);
}

/// Checks the regions of `text` and the findings in it with the built-in rules.
pub fn check_text(kind: FileKind, text: &str) {
    let settings = settings();
    check_text_with(&settings.linter, policy(), kind, text);
}

/// Checks the regions of `text` and the findings of `linter` in it.
pub fn check_text_with(linter: &Linter, policy: &Policy, kind: FileKind, text: &str) {
    check_regions(kind, text);
    let checked = linter.check_file(text, kind, policy);
    check_checked(text, &checked);
}

/// Regions are non-empty, in bounds, on character boundaries, sorted and disjoint.
pub fn check_regions(kind: FileKind, text: &str) {
    let mut previous_end = 0;
    for region in Regions::of(kind, text).iter() {
        let range = &region.range;
        assert!(
            previous_end <= range.start && range.start < range.end && range.end <= text.len(),
            "{}: region {range:?} after one ending at {previous_end}, in {} bytes",
            kind.name(),
            text.len()
        );
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "{}: region {range:?} splits a character",
            kind.name()
        );
        previous_end = range.end;
    }
}

/// The findings and directives of one check are in place.
pub fn check_checked(text: &str, checked: &Checked) {
    check_findings(text, &checked.findings);
    for directive in &checked.unused_suppressions {
        let offset = directive.offset;
        assert!(
            offset <= text.len() && text.is_char_boundary(offset),
            "directive at {offset}"
        );
        assert_eq!(directive.line, position(text, offset).0, "directive line");
        let masked = &directive.masked;
        assert!(
            masked.start <= masked.end && masked.end <= text.len(),
            "directive mask {masked:?}"
        );
        assert!(text.is_char_boundary(masked.start) && text.is_char_boundary(masked.end));
    }
    for note in &checked.directive_notes {
        assert!(
            position_exists(text, note.line, note.column),
            "note at {}:{} is not in the text",
            note.line,
            note.column
        );
    }
}

/// Findings are in bounds, on character boundaries and in order, with the right positions.
pub fn check_findings(text: &str, findings: &[Finding]) {
    let mut previous_start = 0;
    for finding in findings {
        check_finding(text, finding);
        assert!(
            previous_start <= finding.range.start,
            "finding {:?} before one at {previous_start}",
            finding.range
        );
        previous_start = finding.range.start;
    }
}

/// One finding is in bounds, on character boundaries, at the line and column a reader counts,
/// and its excerpt and sentence highlight the term.
pub fn check_finding(text: &str, finding: &Finding) {
    let range = finding.range.clone();
    assert!(
        range.start < range.end && range.end <= text.len(),
        "finding {range:?} in {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "finding {range:?} splits a character"
    );
    let (line, column) = position(text, range.start);
    assert_eq!(
        (finding.start.line, finding.start.column),
        (line, column),
        "start of {range:?}"
    );
    let (line, column) = position(text, range.end);
    assert_eq!(
        (finding.end.line, finding.end.column),
        (line, column),
        "end of {range:?}"
    );
    assert!(!finding.term.is_empty(), "finding {range:?} has no term");
    let excerpt = &finding.excerpt;
    assert_eq!(
        excerpt.text.get(excerpt.highlight.clone()),
        Some(&text[range.clone()]),
        "the excerpt of {range:?} highlights something else"
    );
    assert_eq!(excerpt.first_line, finding.start.line);
    let snippet = &finding.snippet;
    assert!(
        snippet.highlight.start <= snippet.highlight.end
            && snippet.text.get(snippet.highlight.clone()).is_some(),
        "the sentence of {range:?} has highlight {:?} in {:?}",
        snippet.highlight,
        snippet.text
    );
}

/// Reads and checks `bytes` as ally reads a file at `path` (decoding, documents, detection),
/// then checks the report against the text ally read.
pub fn check_bytes(path: &Path, bytes: &[u8]) {
    let report = ally::run::check_bytes(settings(), "fuzz", path, bytes);
    let text: Cow<'_, str> = match DocumentType::detect(path) {
        Some(kind) => match documents::extract(kind, bytes, &Limits::default()) {
            Ok(document) => Cow::Owned(document.text),
            Err(error) => {
                assert_eq!(report.error, Some(error.0));
                assert!(report.findings.is_empty());
                return;
            }
        },
        None => match ally::read::decode(bytes) {
            Some(decoded) => decoded.text,
            None => {
                assert!(report.binary && report.findings.is_empty());
                return;
            }
        },
    };
    check_report(&text, &report);
}

/// A file's report: findings in place, unused directives at positions that exist.
fn check_report(text: &str, report: &FileReport) {
    assert!(report.error.is_none(), "{:?}", report.error);
    check_findings(text, &report.findings);
    for unused in &report.unused_suppressions {
        assert!(
            position_exists(text, unused.line, unused.column),
            "unused directive at {}:{} is not in the text",
            unused.line,
            unused.column
        );
    }
}

/// Extracts a document and checks its spans, then checks it as ally does.
pub fn check_document(kind: DocumentType, bytes: &[u8], name: &str) {
    let extracted = documents::extract(kind, bytes, &Limits::default());
    let report = ally::run::check_bytes(settings(), name, Path::new(name), bytes);
    match extracted {
        Ok(document) => {
            check_extracted(&document);
            check_report(&document.text, &report);
            for finding in &report.findings {
                let location = document.location(finding.range.clone());
                assert!(
                    location.is_some(),
                    "finding {:?} has no location",
                    finding.range
                );
                assert_eq!(finding.location.as_ref(), location);
            }
        }
        Err(error) => {
            assert!(!error.0.is_empty(), "an empty error message");
            assert_eq!(report.error, Some(error.0));
            assert!(report.findings.is_empty());
        }
    }
}

/// The spans of a document are in bounds, on character boundaries, sorted and disjoint, and
/// each is one line when lines are paragraphs.
pub fn check_extracted(document: &ExtractedDocument) {
    let text = &document.text;
    let mut previous_end = 0;
    for (range, location) in &document.spans {
        assert!(
            previous_end <= range.start && range.start <= range.end && range.end <= text.len(),
            "span {range:?} after one ending at {previous_end}, in {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "span {range:?} splits a character"
        );
        assert!(
            !document.lines_are_paragraphs || !text[range.clone()].contains('\n'),
            "paragraph {range:?} runs over two lines"
        );
        assert_ne!(location.page, Some(0), "pages count from 1");
        assert_ne!(location.paragraph, Some(0), "paragraphs count from 1");
        previous_end = range.end;
    }
}

/// Every problem points at a line and column that exist in its file, and the whole renders.
pub fn check_data_errors(errors: &DataErrors) {
    assert!(!errors.problems.is_empty(), "an error without a problem");
    for (problem, located) in errors.problems.iter().zip(errors.located()) {
        assert!(problem.file < errors.files.len());
        assert!(problem.related.iter().all(|r| r.0 < errors.files.len()));
        let text = &errors.files[problem.file].text;
        assert!(
            position_exists(text, located.line, located.column),
            "`{}` at {}:{} is not in the file",
            located.message,
            located.line,
            located.column
        );
        assert!(!located.message.is_empty(), "a problem without a message");
    }
    assert!(!errors.to_string().is_empty());
}

/// The 1-based line and character column of a byte offset, counted the way a reader counts.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Whether `text` has a line `line` with a column `column` (one past its last character counts).
pub fn position_exists(text: &str, line: usize, column: usize) -> bool {
    line >= 1
        && column >= 1
        && text
            .split('\n')
            .nth(line - 1)
            .is_some_and(|l| column <= l.chars().count() + 1)
}

/// The file name on the first line of `data` (at most 100 bytes), and the rest.
fn split_name(data: &[u8]) -> (String, &[u8]) {
    match data.iter().take(100).position(|&b| b == b'\n') {
        Some(end) => (
            String::from_utf8_lossy(&data[..end]).into_owned(),
            &data[end + 1..],
        ),
        None => (String::new(), data),
    }
}

/// A choice among `n` made from the bytes of `name`.
fn pick(name: &str, n: usize) -> usize {
    let hash = name.bytes().fold(0usize, |h, b| {
        h.wrapping_mul(31).wrapping_add(usize::from(b))
    });
    hash % n
}

/// Whether every `extend-rules` entry of a config stays inside the config's directory, so that
/// compiling it reads no file outside a directory that does not exist. Others are not compiled.
fn stays_inside_root(text: &str, pyproject: bool) -> bool {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return false;
    };
    let ally = if pyproject {
        table
            .get("tool")
            .and_then(|t| t.get("ally"))
            .and_then(toml::Value::as_table)
    } else {
        Some(&table)
    };
    let Some(entries) = ally.and_then(|t| t.get("extend-rules")) else {
        return true;
    };
    entries.as_array().is_some_and(|entries| {
        entries.iter().all(|entry| {
            entry.as_str().is_some_and(|path| {
                !path.starts_with('/') && !path.split(['/', '\\']).any(|c| c == "..")
            })
        })
    })
}

/// Settings without a config file: the built-in rules, as `ally check` uses them.
fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        Settings::new(None, &CliSettings::default()).expect("the built-in rules load")
    })
}

/// Every built-in rule, at its own severity, in every scope.
fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy::all(settings().linter.rules()))
}

/// Command-line settings that keep compiling a config quick: the automaton only needs the
/// words of the texts it will check, and the fuzz targets check none with it.
fn quick_cli() -> CliSettings {
    CliSettings {
        vocabulary: Some(Default::default()),
        ..CliSettings::default()
    }
}

/// A .docx whose main document part is `document`, with one footnote.
pub fn docx_archive(document: &[u8]) -> Vec<u8> {
    const TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    const FOOTNOTES: &str = r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1"><w:p><w:r><w:t>A whitelist note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
    stored_zip(&[
        ("[Content_Types].xml", TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document),
        ("word/footnotes.xml", FOOTNOTES.as_bytes()),
    ])
}

/// An .odt whose `content.xml` is `content`.
pub fn odt_archive(content: &[u8]) -> Vec<u8> {
    const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>"#;
    stored_zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", content),
    ])
}

/// A zip archive of stored (uncompressed) entries.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in entries {
        writer.start_file(*name, options).expect("an entry starts");
        writer.write_all(content).expect("an entry is written");
    }
    writer.finish().expect("the archive ends").into_inner()
}
