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

/// A data file: a file name on the first line picks the format (`x.yaml`, `x.json`, `x.toml`,
/// `x.ini`, `x.csv`); any other name picks one of the five from its bytes.
pub fn data(data: &[u8]) {
    const NAMES: [&str; 5] = [
        "fuzz.yaml",
        "fuzz.json",
        "fuzz.toml",
        "fuzz.ini",
        "fuzz.csv",
    ];
    let (name, body) = split_name(data);
    let kind = match FileKind::detect(Path::new(&name), "") {
        kind @ FileKind::Code(language)
            if matches!(
                language.name.as_str(),
                "YAML" | "JSON" | "TOML" | "INI" | "CSV"
            ) =>
        {
            kind
        }
        _ => FileKind::detect(Path::new(NAMES[pick(&name, NAMES.len())]), ""),
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

/// An RTF document, as given and after an RTF header (so that the fuzzer need not find one).
pub fn rtf(data: &[u8]) {
    check_document(DocumentType::Rtf, data, "fuzz.rtf");
    let mut document = b"{\\rtf1\\ansi ".to_vec();
    document.extend_from_slice(data);
    check_document(DocumentType::Rtf, &document, "fuzz.rtf");
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
                assert!(
                    report.skipped == Some(ally::finding::Skipped::Binary)
                        && report.findings.is_empty()
                );
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

// ---------------------------------------------------------------------------------------------
// A project on disk: the config and rule readers as a user meets them.

/// The most files a `project` input writes, and the deepest path.
const PROJECT_FILES: usize = 8;
const PROJECT_DEPTH: usize = 3;

/// The files checked in a `project`: one in a subdirectory, one at the root.
const PROJECT_CHECKED: [&str; 2] = ["docs/guide/a.md", "b.rs"];

/// A small project in a temporary directory: the bytes before the first `--- PATH` line are its
/// `.ally.toml`, and each `--- PATH` line starts another file (a rule file that `extend-rules`
/// names, another config nearer a checked file, a `pyproject.toml`…). A file called
/// `cli-rules.toml` at the root is also given as `--rules`. The config found for each checked
/// file is read from disk and compiled, so discovery, path resolution and file reading are
/// fuzzed along with the TOML readers.
///
/// Checks that discovery finds the nearest config the way the design says, that every
/// `extend-rules` entry is read from the file it names (and a missing one is an error naming
/// it), that a config that compiles has exactly the rules of the built-in pack plus the files it
/// names, that ally skips its own config and rule files when checking, and that every problem
/// points into the file it names, whose text is the one on disk.
pub fn project(data: &[u8]) {
    let files = project_files(data);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).expect("a .git directory");
    for (path, bytes) in &files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("directories");
        std::fs::write(&full, bytes).expect("a file is written");
    }
    let cli_rules = files
        .iter()
        .find(|(path, _)| path == "cli-rules.toml")
        .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
        .map(|text| {
            let path = root.join("cli-rules.toml");
            DataFile::new(path.display().to_string(), text)
        });
    let mut compiled: Vec<std::path::PathBuf> = Vec::new();
    for checked in PROJECT_CHECKED {
        let file = root.join(checked);
        match ally::config::discover(&file) {
            Ok(found) => {
                let candidates = config_candidates(&files, checked);
                let position = found.as_ref().map_or(candidates.len(), |config| {
                    candidates
                        .iter()
                        .position(|c| root.join(c) == config.path)
                        .unwrap_or_else(|| panic!("{checked}: found {:?}", config.path))
                });
                for skipped in &candidates[..position] {
                    assert!(
                        skipped.ends_with("pyproject.toml"),
                        "{checked}: the config {skipped} was passed over"
                    );
                }
                if let Some(config) = found {
                    let on_disk = &files.iter().find(|(p, _)| root.join(p) == config.path);
                    assert_eq!(
                        Some(config.data.text.as_bytes()),
                        on_disk.map(|(_, b)| b.as_slice()),
                        "the config's text is not the file's"
                    );
                    // Each config is compiled once: compiling is what takes the time.
                    if !compiled.contains(&config.path) {
                        compiled.push(config.path.clone());
                        compile_project_config(root, &files, &config, cli_rules.clone(), &file);
                    }
                }
            }
            Err(errors) => {
                check_data_errors(&errors);
                check_error_files(root, &files, &errors);
            }
        }
    }
}

/// The files of a `project` input: relative paths made of plain names (no `..`, no `.git`),
/// each at most [`PROJECT_DEPTH`] deep, none both a file and a directory; a later file of the
/// same path replaces an earlier one.
pub fn project_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut path = ".ally.toml".to_owned();
    let mut body = Vec::new();
    let finish = |path: &str, body: Vec<u8>, files: &mut Vec<(String, Vec<u8>)>| {
        if let Some(existing) = files.iter_mut().find(|(p, _)| p == path) {
            existing.1 = body;
            return;
        }
        let clashes = files.iter().any(|(p, _)| {
            p.strip_prefix(path).is_some_and(|r| r.starts_with('/'))
                || path
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        });
        if !path.is_empty() && !clashes && files.len() < PROJECT_FILES {
            files.push((path.to_owned(), body));
        }
    };
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(header) = line.strip_prefix(b"--- ") {
            finish(&path, std::mem::take(&mut body), &mut files);
            path = plain_path(header);
        } else {
            body.extend_from_slice(line);
        }
    }
    finish(&path, body, &mut files);
    files
}

/// A header's path with only plain name components: `[A-Za-z0-9._-]`, not `.`, `..` or `.git`.
fn plain_path(header: &[u8]) -> String {
    let text = String::from_utf8_lossy(header);
    text.trim_end_matches(['\n', '\r'])
        .split('/')
        .map(|c| {
            c.chars()
                .filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
                .collect::<String>()
        })
        .filter(|c| !c.is_empty() && c != "." && c != ".." && c != ".git")
        .take(PROJECT_DEPTH)
        .collect::<Vec<_>>()
        .join("/")
}

/// The config files that discovery looks at for `checked`, nearest first, in the order of
/// [`ally::config::CONFIG_NAMES`].
fn config_candidates(files: &[(String, Vec<u8>)], checked: &str) -> Vec<String> {
    let mut dirs: Vec<&str> = Vec::new();
    let mut dir = checked;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        dirs.push(parent);
        dir = parent;
    }
    dirs.push("");
    let mut candidates = Vec::new();
    for dir in dirs {
        for name in ally::config::CONFIG_NAMES {
            let path = if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            };
            if files.iter().any(|(p, _)| *p == path) {
                candidates.push(path);
            }
        }
    }
    candidates
}

/// Where `path`, relative to the directory `base`, leads in the project, worked out without
/// touching the disk (the project has no symbolic links): `None` if it is absolute, too long or
/// climbs out of the project (such configs are not compiled, so that nothing outside is read);
/// `Some(None)` if no file can be read there (a component before the last is not a directory, or
/// the path ends at a directory); otherwise the project path of the file it names, which may
/// not exist.
fn resolve_inside(files: &[(String, Vec<u8>)], base: &str, path: &str) -> Option<Option<String>> {
    if path.starts_with('/') || path.len() > 1_000 {
        return None;
    }
    let is_dir = |dir: &[&str]| {
        let dir = dir.join("/");
        dir.is_empty()
            || dir == ".git"
            || files
                .iter()
                .any(|(p, _)| p.strip_prefix(&dir).is_some_and(|r| r.starts_with('/')))
    };
    let mut parts: Vec<&str> = base.split('/').filter(|c| !c.is_empty()).collect();
    let components: Vec<&str> = path.split('/').collect();
    for (i, component) in components.iter().enumerate() {
        match *component {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
        let last = i + 1 == components.len();
        if !last && !is_dir(&parts) {
            return Some(None);
        }
    }
    if is_dir(&parts) {
        return Some(None);
    }
    Some(Some(parts.join("/")))
}

/// The `extend-rules` entries of a config's text, if it has a list of strings there.
fn extend_rules_entries(text: &str, pyproject: bool) -> Option<Vec<String>> {
    let table = toml::from_str::<toml::Table>(text).ok()?;
    let ally = if pyproject {
        table.get("tool")?.get("ally")?.as_table()?
    } else {
        &table
    };
    let Some(entries) = ally.get("extend-rules") else {
        return Some(Vec::new());
    };
    entries
        .as_array()?
        .iter()
        .map(|e| e.as_str().map(str::to_owned))
        .collect()
}

/// Compiles a config found on disk and checks the outcome against the project's files.
fn compile_project_config(
    root: &Path,
    files: &[(String, Vec<u8>)],
    config: &ConfigFile,
    cli_rules: Option<DataFile>,
    checked: &Path,
) {
    let relative = config
        .path
        .strip_prefix(root)
        .expect("the config is in the project")
        .to_string_lossy()
        .into_owned();
    let config_dir = relative.rsplit_once('/').map_or("", |(dir, _)| dir);
    let pyproject = relative.ends_with("pyproject.toml");
    // Only configs whose rule files are all inside the project are compiled, so that nothing
    // outside it is read; serde and `toml` agree on what the entries are, or it is not compiled.
    let Some(entries) = extend_rules_entries(&config.data.text, pyproject) else {
        return;
    };
    let Some(resolved) = entries
        .iter()
        .map(|e| resolve_inside(files, config_dir, e))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let mut cli = quick_cli();
    cli.rule_files.extend(cli_rules.clone());
    let result = Settings::new(Some(config), &cli);
    // What the rule files hold, read here from the list of files written.
    let mut readable = Vec::new();
    let mut unreadable = Vec::new();
    for (entry, path) in entries.iter().zip(&resolved) {
        let text = path.as_ref().and_then(|path| {
            files
                .iter()
                .find(|(p, _)| p == path)
                .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
        });
        match text {
            Some(text) => readable.push(DataFile::new(
                root.join(config_dir).join(entry).display().to_string(),
                text,
            )),
            None => unreadable.push(entry.clone()),
        }
    }
    readable.extend(cli_rules);
    let expected = RuleSet::load(&readable);
    match result {
        Ok(settings) => {
            assert!(
                unreadable.is_empty(),
                "compiled although {unreadable:?} cannot be read"
            );
            let rules = expected.expect("ally compiled rule files that do not load");
            let ids = |rules: &RuleSet| rules.rules().iter().map(|r| r.id.clone()).collect();
            let (got, want): (Vec<String>, Vec<String>) =
                (ids(settings.linter.rules()), ids(&rules));
            assert_eq!(got, want, "the rules are not those of the files named");
            assert_eq!(settings.config.as_deref(), Some(config.path.as_path()));
            assert!(
                settings.is_excluded(&config.path),
                "the config {relative} is checked as a source file"
            );
            for path in &resolved {
                let Some(path) = path.as_ref() else {
                    continue;
                };
                assert!(
                    settings.is_excluded(&root.join(path)),
                    "the rule file {path} named by {relative} is checked as a source file"
                );
            }
            let policy = settings.policy_for(checked);
            assert_eq!(policy.enabled.len(), settings.linter.rules().rules().len());
            settings.is_excluded(checked);
            effective_toml(&settings, checked);
        }
        Err(errors) => {
            check_data_errors(&errors);
            check_error_files(root, files, &errors);
            let messages: Vec<String> = errors.located().into_iter().map(|l| l.message).collect();
            for entry in &unreadable {
                let named = format!("cannot read rule file `{entry}`");
                assert!(
                    messages.iter().any(|m| m.starts_with(&named)),
                    "no error says that `{entry}` cannot be read: {messages:?}"
                );
            }
        }
    }
}

/// Every file an error shows that is one of the project's has the text on disk.
fn check_error_files(root: &Path, files: &[(String, Vec<u8>)], errors: &DataErrors) {
    for shown in &errors.files {
        let Ok(relative) = Path::new(&shown.name).strip_prefix(root) else {
            continue;
        };
        let relative = resolve_inside(files, "", &relative.to_string_lossy()).flatten();
        if let Some((_, bytes)) = files.iter().find(|(p, _)| Some(p) == relative.as_ref()) {
            let text = std::str::from_utf8(bytes).unwrap_or("");
            assert_eq!(shown.text, text, "{} is shown with other text", shown.name);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// `ally fix`.

/// File names for `fix` inputs without one: a document and source code of several kinds, and
/// a format ally never rewrites.
const FIX_NAMES: [&str; 9] = [
    "notes.md",
    "page.html",
    "main.rs",
    "tool.py",
    "guide.rst",
    "notes.txt",
    "app.js",
    "Makefile",
    "memo.docx",
];

/// Replacements a user may choose with `--replace`: none of them is a term itself.
const FIX_CHOICES: [(&str, &str); 4] = [
    ("master", "primary"),
    ("slave", "replica"),
    ("dummy", "placeholder"),
    ("sanity-check", "quick check"),
];

/// A file name on the first line (or one picked from the bytes), then the file's bytes, fixed
/// as `ally fix` fixes a file: with or without `--identifiers` and some `--replace` choices,
/// picked from the name.
///
/// Checks that every finding is either rewritten or left with a reason; that the edits are in
/// order, apart, on character boundaries, each a finding's span (widened at most to the `a` or
/// `an` before it) and the text they say they replace; that the new file keeps its encoding and
/// byte order mark and differs from the old one only at the edits, every other byte kept; that
/// no line break is added or lost; that a file that cannot be written back losslessly is not
/// rewritten; and that fixing the fixed file changes nothing.
pub fn fix(data: &[u8]) {
    let (mut name, body) = split_name(data);
    let hash = pick(&name, usize::MAX);
    if matches!(
        FileKind::detect(Path::new(&name), ""),
        FileKind::Document(DocumentFormat::Text)
    ) && !name.ends_with(".txt")
        && !name.ends_with(".docx")
    {
        name = FIX_NAMES[hash % FIX_NAMES.len()].to_owned();
    }
    let mut options = ally::fix::FixOptions {
        identifiers: hash & 1 == 1,
        ..Default::default()
    };
    for (i, (rule, text)) in FIX_CHOICES.iter().enumerate() {
        if hash >> (i + 1) & 1 == 1 {
            options
                .replace
                .insert((*rule).to_owned(), (*text).to_owned());
        }
    }
    check_fix(Path::new(&name), body, &options);
}

/// Fixes `bytes` as a file at `path` and checks the outcome (see [`fix`]).
pub fn check_fix(path: &Path, bytes: &[u8], options: &ally::fix::FixOptions) {
    let settings = settings();
    let policy = settings.policy_for(path);
    let result = ally::fix::fix_bytes(&settings.linter, &policy, path, bytes, options);
    let Some(decoded) = ally::read::decode(bytes) else {
        assert!(
            result.bytes.is_none() && result.plan.edits.is_empty() && result.plan.left.is_empty()
        );
        return;
    };
    let text = &decoded.text;
    let kind = FileKind::detect(path, text);
    let findings = settings.linter.check(text, kind, &policy);
    let plan = &result.plan;
    assert_eq!(
        plan.edits.len() + plan.left.len(),
        findings.len(),
        "a finding is neither fixed nor left"
    );
    for left in &plan.left {
        assert!(!left.reason.is_empty(), "a finding left without a reason");
        assert!(findings.contains(&left.finding));
    }
    let mut previous_end = 0;
    for edit in &plan.edits {
        let range = edit.range.clone();
        let finding = &edit.finding.range;
        assert!(findings.contains(&edit.finding), "an edit fixes no finding");
        assert!(
            previous_end <= range.start && range.start <= range.end && range.end <= text.len(),
            "edit {range:?} after one ending at {previous_end}, in {} bytes",
            text.len()
        );
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert_eq!(range.end, finding.end, "an edit ends away from its finding");
        assert!(range.start <= finding.start);
        let article = text[range.start..finding.start].trim_end().to_lowercase();
        assert!(
            ["", "a", "an"].contains(&article.as_str()),
            "an edit widened over {article:?}"
        );
        assert_eq!(
            edit.original,
            text[range.clone()],
            "an edit's original text"
        );
        previous_end = range.end;
    }
    let Some(new) = &result.bytes else {
        return;
    };
    assert!(result.refused.is_none(), "a refused file is rewritten");
    assert!(!plan.edits.is_empty(), "a file is rewritten without edits");
    assert_ne!(
        decoded.encoding,
        ally::read::Encoding::Lossy,
        "a lossy file is rewritten"
    );
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    assert!(
        !["docx", "odt", "pdf", "rtf", "doc"].contains(&extension.as_deref().unwrap_or("")),
        "a document format is rewritten"
    );
    // The new text is the old one with exactly the planned spans replaced.
    let mut expected = String::new();
    let mut at = 0;
    for edit in &plan.edits {
        expected.push_str(&text[at..edit.range.start]);
        expected.push_str(&edit.replacement);
        at = edit.range.end;
    }
    expected.push_str(&text[at..]);
    let again = ally::read::decode(new).expect("the fixed file is text");
    assert_eq!(again.encoding, decoded.encoding, "the encoding changed");
    assert_eq!(
        again.text, expected,
        "bytes outside the planned spans changed"
    );
    // Byte for byte: the byte order mark, then the text in the file's encoding.
    let bom_length = match decoded.encoding {
        ally::read::Encoding::Utf8Bom => 3,
        ally::read::Encoding::Utf16Le | ally::read::Encoding::Utf16Be => 2,
        _ => 0,
    };
    assert_eq!(
        new[..bom_length],
        bytes[..bom_length],
        "the byte order mark changed"
    );
    let big = decoded.encoding == ally::read::Encoding::Utf16Be;
    if big || decoded.encoding == ally::read::Encoding::Utf16Le {
        let units: Vec<u16> = expected.encode_utf16().collect();
        let encoded: Vec<u8> = units
            .iter()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect();
        assert_eq!(new[bom_length..], encoded[..], "the UTF-16 bytes");
    } else {
        assert_eq!(&new[bom_length..], expected.as_bytes(), "the UTF-8 bytes");
    }
    for line_break in ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'] {
        assert_eq!(
            expected.matches(line_break).count(),
            text.matches(line_break).count(),
            "a line break {line_break:?} was added or lost"
        );
    }
    // A second fix changes nothing.
    let second = ally::fix::fix_bytes(&settings.linter, &policy, path, new, options);
    assert!(
        second.bytes.is_none() && second.plan.edits.is_empty(),
        "a second fix changes {:?}",
        second
            .plan
            .edits
            .iter()
            .map(|e| (&e.original, &e.replacement))
            .collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// `ally lsp`: the transport and the server behind it.

/// Arbitrary bytes as the standard input of `ally lsp`: headers, framing, bodies, and whatever
/// messages they hold. The transport's reader is private to ally, and the only public way to it
/// is [`ally::lsp::serve`] on the process's own standard input and output. Under `cargo test`
/// the `ally lsp` binary is run on the bytes; in the fuzzer the server runs in this process
/// with its standard input and output turned into pipes for the session (see
/// [`serve_in_process`]), so that libFuzzer sees what the bytes reach.
///
/// Checks that the output is nothing but well-framed JSON-RPC 2.0 messages; that each body that
/// is not JSON, or not a JSON-RPC message, is answered with one parse error or invalid-request
/// error (id null), in input order, and that nothing else is; that reading stops at `exit`;
/// that every request read is answered exactly once, never with an internal error (a caught
/// panic); that diagnostics have ranges that start before they end; and that the server
/// reports a clean shutdown only if it was asked to shut down.
pub fn lsp(data: &[u8]) {
    let session = match option_env!("CARGO_BIN_EXE_ally") {
        Some(binary) => serve_in_child(binary, data),
        None => serve_in_process(data),
    };
    check_lsp_session(data, &session);
}

/// What a server session wrote, and how it ended.
#[derive(Debug)]
pub struct LspSession {
    /// Everything written to standard output.
    pub output: Vec<u8>,
    /// Whether it reported a clean shutdown (`serve` returned true, or the exit code was 0).
    pub clean: bool,
    /// What was written to standard error (nothing in process).
    pub errors: String,
}

/// Runs the `ally lsp` binary on `input` in an empty directory, killing it after 180 seconds.
pub fn serve_in_child(binary: &str, input: &[u8]) -> LspSession {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut child = Command::new(binary)
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ally lsp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        // The server may stop reading (after `exit`); the rest of the input is dropped.
        let _ = stdin.write_all(&input);
    });
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let output = drain(Box::new(child.stdout.take().expect("stdout")));
    let errors = drain(Box::new(child.stderr.take().expect("stderr")));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for ally lsp") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("ally lsp did not end within 180 s after its input closed");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    feeder.join().expect("the feeder thread");
    let output = output.join().expect("the stdout thread");
    let errors = String::from_utf8_lossy(&errors.join().expect("the stderr thread")).into_owned();
    let code = status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "ally lsp ended with {status}: {errors}"
    );
    LspSession {
        output,
        clean: code == Some(0),
        errors,
    }
}

/// Runs [`ally::lsp::serve`] in this process on `input`: for the session, file descriptors 0
/// and 1 are pipes fed and drained by two threads, then they are put back. Sessions run one at
/// a time. Anything the server's reader left unread (after `exit`) is read and dropped, so that
/// the next session starts on its own bytes.
#[cfg(unix)]
pub fn serve_in_process(input: &[u8]) -> LspSession {
    use std::io::Read;
    use std::os::fd::{AsFd, AsRawFd};
    use std::sync::Mutex;

    unsafe extern "C" {
        safe fn dup2(from: i32, to: i32) -> i32;
    }
    let move_fd = |from: &dyn AsRawFd, to: i32| {
        assert!(dup2(from.as_raw_fd(), to) == to, "dup2 to {to} failed");
    };
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());

    std::io::stdout().flush().expect("stdout flushes");
    let saved_in = std::io::stdin().as_fd().try_clone_to_owned().expect("fd 0");
    let saved_out = std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .expect("fd 1");
    let (in_read, mut in_write) = std::io::pipe().expect("a pipe");
    let (mut out_read, out_write) = std::io::pipe().expect("a pipe");
    move_fd(&in_read, 0);
    move_fd(&out_write, 1);
    drop((in_read, out_write));
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = in_write.write_all(&input);
    });
    let collector = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = out_read.read_to_end(&mut bytes);
        bytes
    });
    let clean = ally::lsp::serve().expect("the server writes its output");
    std::io::stdout().flush().expect("stdout flushes");
    // Closes the last write end of the output pipe, so the collector reaches its end.
    move_fd(&saved_out, 1);
    let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
    feeder.join().expect("the feeder thread");
    move_fd(&saved_in, 0);
    LspSession {
        output: collector.join().expect("the collector thread"),
        clean,
        errors: String::new(),
    }
}

/// The bodies a client's bytes hold, as the transport documents its framing: headers up to an
/// empty line, a `Content-Length` header anywhere in a line (any case; of several, the last one
/// followed by a colon counts) giving the body's length; lines before it that are not headers
/// are skipped; a body that is not JSON is answered and then read again from its second byte,
/// since the next header may have started inside it; the input ends at its end or at a body cut
/// short.
pub fn lsp_bodies(input: &[u8]) -> Vec<&[u8]> {
    let mut bodies = Vec::new();
    let mut at = 0;
    let mut length: Option<u64> = None;
    while at < input.len() {
        let end = input[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(input.len(), |i| at + i + 1);
        let line = &input[at..end];
        at = end;
        let header = line.trim_ascii_end();
        if header.is_empty() {
            if let Some(n) = length.take() {
                let available = (input.len() - at) as u64;
                if n > available {
                    break;
                }
                let body = &input[at..at + n as usize];
                bodies.push(body);
                at += if serde_json::from_slice::<serde_json::Value>(body).is_ok() {
                    body.len()
                } else {
                    body.len().min(1)
                };
            }
            continue;
        }
        if let Some(value) = header_length(header) {
            length = value;
        }
    }
    bodies
}

/// The value of the last `Content-Length:` header in a line: `Some(None)` when it is not a
/// number, `None` when the line has none.
fn header_length(line: &[u8]) -> Option<Option<u64>> {
    const NAME: &[u8] = b"content-length";
    (0..line.len().saturating_sub(NAME.len() - 1))
        .rev()
        .filter(|&i| line[i..i + NAME.len()].eq_ignore_ascii_case(NAME))
        .find_map(|i| line[i + NAME.len()..].trim_ascii_start().strip_prefix(b":"))
        .map(|value| {
            std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.trim().parse().ok())
        })
}

/// Checks a session's output against its input (see [`lsp`]).
pub fn check_lsp_session(input: &[u8], session: &LspSession) {
    use lsp_server::Message;
    use serde_json::Value;
    assert!(
        !session.errors.contains("panicked"),
        "ally lsp panicked: {}",
        session.errors
    );
    // What the server should have read.
    let mut transport_errors = Vec::new();
    let mut requests: Vec<String> = Vec::new();
    let mut shutdown_asked = false;
    for body in lsp_bodies(input) {
        let Ok(value) = serde_json::from_slice::<Value>(body) else {
            transport_errors.push(-32700);
            continue;
        };
        match serde_json::from_value::<Message>(value) {
            Err(_) => transport_errors.push(-32600),
            Ok(Message::Request(request)) => {
                shutdown_asked |= request.method == "shutdown";
                requests.push(serde_json::to_string(&request.id).expect("an id"));
            }
            Ok(Message::Notification(notification)) if notification.method == "exit" => break,
            Ok(_) => {}
        }
    }
    // What it wrote: frames exactly as `lsp-server` writes them, and nothing else.
    let mut output = session.output.as_slice();
    let mut answered_errors = Vec::new();
    let mut responses: Vec<String> = Vec::new();
    while !output.is_empty() {
        let header_end = output
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("output without a header end: {:?}", shown(output)));
        let header = std::str::from_utf8(&output[..header_end]).expect("an ASCII header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a header that is not one Content-Length: {header:?}"));
        let body = output
            .get(header_end + 4..header_end + 4 + length)
            .unwrap_or_else(|| panic!("a body cut short: {:?}", shown(output)));
        output = &output[header_end + 4 + length..];
        let message: Value = serde_json::from_slice(body)
            .unwrap_or_else(|e| panic!("a body that is not JSON ({e}): {:?}", shown(body)));
        assert_eq!(message["jsonrpc"], "2.0", "{message}");
        if let Some(method) = message.get("method") {
            let method = method.as_str().expect("a method name");
            assert!(
                [
                    "textDocument/publishDiagnostics",
                    "window/showMessage",
                    "window/logMessage",
                    "client/registerCapability"
                ]
                .contains(&method),
                "the server sent `{method}`"
            );
            if method == "textDocument/publishDiagnostics" {
                check_diagnostics(&message["params"]);
            }
            continue;
        }
        let id = message.get("id").expect("a response has an id");
        let error = message.get("error");
        assert!(
            error.is_some() != message.get("result").is_some(),
            "a response needs a result or an error: {message}"
        );
        if let Some(error) = error {
            let code = error["code"].as_i64().expect("an error code");
            assert_ne!(code, -32603, "ally failed on a request: {message}");
            assert!(
                error["message"].as_str().is_some_and(|m| !m.is_empty()),
                "an error without a message: {message}"
            );
            if id.is_null() {
                answered_errors.push(code);
                continue;
            }
        }
        assert!(!id.is_null(), "a result for no request: {message}");
        responses.push(id.to_string());
    }
    assert_eq!(
        answered_errors, transport_errors,
        "the malformed messages and the errors answered differ"
    );
    requests.sort();
    responses.sort();
    assert_eq!(responses, requests, "requests and responses differ");
    assert!(
        !session.clean || shutdown_asked,
        "a clean exit without a shutdown request"
    );
}

/// Each diagnostic's range starts before it ends.
fn check_diagnostics(params: &serde_json::Value) {
    assert!(params["uri"].is_string(), "diagnostics for no document");
    let diagnostics = params["diagnostics"]
        .as_array()
        .expect("a diagnostics list");
    for diagnostic in diagnostics {
        let position = |end: &str| {
            let p = &diagnostic["range"][end];
            (
                p["line"].as_u64().expect("a line"),
                p["character"].as_u64().expect("a character"),
            )
        };
        assert!(
            position("start") <= position("end"),
            "a diagnostic ends before it starts: {diagnostic}"
        );
        assert!(
            diagnostic["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "a diagnostic without a message: {diagnostic}"
        );
    }
}

/// The first bytes of some output, for a message.
fn shown(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
}
