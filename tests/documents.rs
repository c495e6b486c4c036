//! Policy documents: findings in .docx, .odt and .pdf files located by page or paragraph, and
//! hostile files (zip bombs, truncated archives, encrypted or broken PDFs) refused with a clear
//! message while the run goes on. The documents are built in memory by tests/support.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use ally::FileReport;
use ally::config::{CliSettings, Settings};
use ally::run::check_bytes;
use serde_json::Value;
use support::{DocxParts, docx, odt, p, pdf, table, zip_bomb};

fn check(name: &str, bytes: &[u8]) -> FileReport {
    let settings = Settings::new(None, &CliSettings::default()).unwrap();
    check_bytes(&settings, name, Path::new(name), bytes)
}

/// `(rule, term, line, column, page, paragraph, part, snippet)` of each finding.
type Row = (
    String,
    String,
    usize,
    usize,
    Option<usize>,
    Option<usize>,
    Option<String>,
    String,
);

fn rows(report: &FileReport) -> Vec<Row> {
    let rules = ally::RuleSet::builtin();
    assert_eq!(report.error, None, "{}", report.path);
    report
        .findings
        .iter()
        .map(|f| {
            let location = f.location.clone().expect("documents locate every finding");
            (
                rules.rule(f.rule).id.clone(),
                f.term.clone(),
                f.start.line,
                f.start.column,
                location.page,
                location.paragraph,
                location.part.map(String::from),
                f.snippet.text.clone(),
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn row(
    rule: &str,
    term: &str,
    line: usize,
    column: usize,
    page: Option<usize>,
    paragraph: Option<usize>,
    part: Option<&str>,
    snippet: &str,
) -> Row {
    (
        rule.into(),
        term.into(),
        line,
        column,
        page,
        paragraph,
        part.map(str::to_owned),
        snippet.into(),
    )
}

#[test]
fn docx_terms_split_across_runs_in_tables_headers_footnotes_and_comments() {
    let body = [
        p(&["Access policy"]),
        p(&["Add the host to the white", "list before you connect."]),
        table(&["Role", "The chairman approves."]),
        p(&["Ask the ", "team", " for a sanity check."]),
    ]
    .concat();
    let bytes = docx(
        &body,
        &DocxParts {
            header: Some("Blacklist of vendors"),
            footer: Some("Page footer"),
            footnote: Some("Crazy deadlines are not the norm."),
            comment: Some("Use a clearer word than manpower here."),
        },
    );
    let report = check("policy.docx", &bytes);
    assert_eq!(report.kind, "docx");
    assert_eq!(
        rows(&report),
        [
            row(
                "whitelist",
                "whitelist",
                2,
                21,
                None,
                Some(2),
                Some("body"),
                "Add the host to the whitelist before you connect."
            ),
            row(
                "chairman",
                "chairman",
                4,
                5,
                None,
                Some(2),
                Some("table"),
                "The chairman approves."
            ),
            row(
                "sanity-check",
                "sanity check",
                5,
                20,
                None,
                Some(3),
                Some("body"),
                "Ask the team for a sanity check."
            ),
            row(
                "blacklist",
                "Blacklist",
                6,
                1,
                None,
                Some(1),
                Some("header"),
                "Blacklist of vendors"
            ),
            row(
                "crazy",
                "Crazy",
                8,
                1,
                None,
                Some(1),
                Some("footnote"),
                "Crazy deadlines are not the norm."
            ),
            row(
                "manpower",
                "manpower",
                9,
                25,
                None,
                Some(1),
                Some("comment"),
                "Use a clearer word than manpower here."
            ),
        ]
    );
}

#[test]
fn a_phrase_is_not_found_across_two_paragraphs() {
    let bytes = docx(
        &[p(&["Sanity"]), p(&["Check the list."])].concat(),
        &DocxParts::default(),
    );
    let report = check("split.docx", &bytes);
    assert_eq!(report.error, None);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn odt_paragraphs_tables_notes_and_headers() {
    let body = concat!(
        "<text:h text:outline-level=\"1\">Hiring</text:h>",
        "<text:p>Every <text:span text:style-name=\"B\">chair</text:span>man is briefed.",
        "<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>",
        "<text:note-body><text:p>Keep the blacklist short.</text:p></text:note-body></text:note></text:p>",
        "<table:table><table:table-row><table:table-cell><text:p>A crazy idea.</text:p>",
        "</table:table-cell></table:table-row></table:table>",
    );
    let report = check("handbook.odt", &odt(body, Some("Manpower plan")));
    assert_eq!(report.kind, "odt");
    assert_eq!(
        rows(&report),
        [
            row(
                "chairman",
                "chairman",
                2,
                7,
                None,
                Some(2),
                Some("body"),
                "Every chairman is briefed."
            ),
            row(
                "crazy",
                "crazy",
                3,
                3,
                None,
                Some(1),
                Some("table"),
                "A crazy idea."
            ),
            row(
                "manpower",
                "Manpower",
                4,
                1,
                None,
                Some(1),
                Some("header"),
                "Manpower plan"
            ),
            row(
                "blacklist",
                "blacklist",
                5,
                10,
                None,
                Some(1),
                Some("footnote"),
                "Keep the blacklist short."
            ),
        ]
    );
}

#[test]
fn pdf_findings_carry_their_page() {
    let bytes = pdf(&[
        &["Travel policy", "Book early and keep receipts."],
        &[
            "Ask the chairman before you book a",
            "first-class seat. Hosts on the white|list",
            "are trusted.",
        ],
    ]);
    let report = check("travel.pdf", &bytes);
    assert_eq!(report.kind, "pdf");
    assert_eq!(report.notes, Vec::<String>::new());
    assert_eq!(
        rows(&report),
        [
            row(
                "chairman",
                "chairman",
                5,
                9,
                Some(2),
                None,
                None,
                "Ask the chairman before you book a first-class seat."
            ),
            row(
                "whitelist",
                "whitelist",
                6,
                32,
                Some(2),
                None,
                None,
                "Hosts on the whitelist are trusted."
            ),
        ]
    );
}

#[test]
fn a_pdf_without_text_says_so() {
    let report = check("scan.pdf", &pdf(&[&[]]));
    assert_eq!(report.error, None);
    assert!(report.findings.is_empty());
    assert_eq!(
        report.notes,
        ["the PDF has no text layer (it may be a scan), so there was nothing to check"]
    );
}

#[test]
fn encrypted_pdfs_are_refused_unless_they_open_without_a_password() {
    let plain = pdf(&[&["The chairman decides."]]);
    let locked = support::encrypted_pdf(&plain, "secret");
    let report = check("locked.pdf", &locked);
    assert_eq!(
        report.error.as_deref(),
        Some(
            "skipped: this .pdf file is password-protected (encrypted), so its text cannot be \
             read; check a copy saved without the password"
        )
    );
    // An empty user password only restricts editing; anyone can read the text, and so can ally.
    let open = support::encrypted_pdf(&plain, "");
    let report = check("restricted.pdf", &open);
    assert_eq!(report.error, None);
    assert_eq!(report.findings.len(), 1);
}

#[test]
fn broken_pdfs_and_truncated_archives_are_errors_not_panics() {
    let bytes = pdf(&[&["The chairman decides."]]);
    for cut in [10, bytes.len() / 2, bytes.len() - 20] {
        let report = check("cut.pdf", &bytes[..cut]);
        assert!(
            report.error.is_some() || report.findings.len() <= 1,
            "{report:?}"
        );
    }
    let report = check("fake.pdf", b"<html>not a pdf</html>");
    assert!(
        report
            .error
            .as_deref()
            .unwrap()
            .starts_with("cannot read this .pdf file")
    );
    let docx_bytes = docx(&p(&["The chairman decides."]), &DocxParts::default());
    for cut in [0, 4, 100, docx_bytes.len() / 2, docx_bytes.len() - 10] {
        let report = check("cut.docx", &docx_bytes[..cut]);
        let error = report.error.expect("a truncated .docx is an error");
        assert!(
            error.starts_with("cannot read this .docx file: it is damaged or incomplete"),
            "{error}"
        );
    }
    let odt_bytes = odt("<text:p>x</text:p>", None);
    let report = check("cut.odt", &odt_bytes[..odt_bytes.len() / 2]);
    assert!(
        report
            .error
            .unwrap()
            .starts_with("cannot read this .odt file")
    );
    // Bytes flipped all over a document never panic.
    for (i, original) in [&bytes, &docx_bytes, &odt_bytes].into_iter().enumerate() {
        let name = ["f.pdf", "f.docx", "f.odt"][i];
        for step in [7, 13, 31] {
            let mut broken = original.clone();
            for at in (step..broken.len()).step_by(step * 5) {
                broken[at] ^= 0x5a;
            }
            let _ = check(name, &broken);
        }
    }
}

#[test]
fn zip_bombs_are_refused_by_the_size_caps() {
    // Declares its size honestly: refused before anything is inflated.
    let honest = zip_bomb(1024 * 1024 * 1024, true);
    assert!(honest.len() < 2 * 1024 * 1024, "{}", honest.len());
    let started = Instant::now();
    let report = check("bomb.docx", &honest);
    let elapsed = started.elapsed();
    assert_eq!(
        report.error.as_deref(),
        Some(
            "skipped: the document expands to more than 50 MB when unpacked \
             (word/document.xml alone is over the limit; a possible zip bomb)"
        )
    );
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    // Lies about its size: inflated only until it passes the size it declared.
    let liar = zip_bomb(1024 * 1024 * 1024, false);
    let started = Instant::now();
    let report = check("liar.docx", &liar);
    let elapsed = started.elapsed();
    assert_eq!(
        report.error.as_deref(),
        Some(
            "skipped: word/document.xml in this document unpacks to more than the size it \
             declares (a possible zip bomb)"
        )
    );
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    // Under the size cap but compressed far beyond what text allows: stopped by the ratio.
    let dense = zip_bomb(40 * 1024 * 1024, true);
    let report = check("dense.docx", &dense);
    assert_eq!(
        report.error.as_deref(),
        Some(
            "skipped: word/document.xml in this document unpacks to more than 200 times its \
             compressed size, which real documents never do (a possible zip bomb)"
        )
    );
}

#[test]
fn a_bomb_among_real_documents_is_one_error_line_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bomb.docx"),
        zip_bomb(1024 * 1024 * 1024, false),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("policy.docx"),
        docx(&p(&["Ask the chairman."]), &DocxParts::default()),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.md"), "A sanity check.\n").unwrap();
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["check", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("ally: error: ./bomb.docx: skipped: word/document.xml in this document"),
        "{stderr}"
    );
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./notes.md", "./policy.docx"]);
    let finding = &json["findings"][1];
    assert_eq!(
        finding["location"],
        serde_json::json!({"paragraph": 1, "part": "body"})
    );
    assert_eq!(
        finding["snippet"],
        serde_json::json!({"text": "Ask the chairman.", "start": 8, "end": 16})
    );
    assert_eq!(json["errors"][0]["path"], "./bomb.docx");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

/// The committed documents in tests/fixtures/policy, used by the CLI snapshots
/// (tests/cmd/policy-*.toml), as built by tests/support.
fn policy_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let handbook = docx(
        &[
            p(&["Employee handbook"]),
            p(&["Everyone on the team is welcome to propose changes to this handbook."]),
            p(&[
                "Security keeps a black",
                "list of vendors that failed our review.",
            ]),
            table(&[
                "Budget questions",
                "Ask the chairman of the finance committee.",
            ]),
            p(&["Estimate the manpower a project needs before it starts."]),
        ]
        .concat(),
        &DocxParts {
            header: Some("Whitelist of approved laptops: see the IT page."),
            footer: Some("Internal, version 3"),
            footnote: Some("A quick sanity check by a colleague is encouraged."),
            comment: Some("Is this rule a bit crazy?"),
        },
    );
    let benefits = odt(
        concat!(
            "<text:h text:outline-level=\"1\">Benefits</text:h>",
            "<text:p>Parental leave is open to every parent.</text:p>",
            "<text:p>The office is accessible to staff who are ",
            "<text:span text:style-name=\"T1\">wheelchair</text:span>-bound.",
            "<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>",
            "<text:note-body><text:p>Ask facilities if a route seems insane.</text:p>",
            "</text:note-body></text:note></text:p>",
            "<table:table><table:table-row><table:table-cell><text:p>Gym</text:p></table:table-cell>",
            "<table:table-cell><text:p>Open to all staff, not only the salesmen.</text:p>",
            "</table:table-cell></table:table-row></table:table>",
        ),
        Some("Benefits guide"),
    );
    let travel = pdf(&[
        &[
            "Travel policy",
            "Book travel at least two weeks ahead.",
            "Keep every receipt.",
        ],
        &[
            "Exceptions",
            "Only the chairman can approve first-class travel.",
            "Hotels on the white|list need no approval.",
        ],
    ]);
    let onboarding = b"# Onboarding\n\nWelcome, guys! Your buddy will walk you through the first week.\n\nPlease run a sanity check of your laptop setup on day one.\n".to_vec();
    vec![
        ("handbook.docx", handbook),
        ("benefits.odt", benefits),
        ("travel.pdf", travel),
        ("onboarding.md", onboarding),
    ]
}

/// The committed fixtures are what the builders make. After changing a builder, regenerate
/// them with `ALLY_REGENERATE=1 cargo test --test documents policy_fixtures`.
#[test]
fn policy_fixtures_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy");
    let regenerate = std::env::var_os("ALLY_REGENERATE").is_some();
    if regenerate {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, bytes) in policy_fixtures() {
        let path = dir.join(name);
        if regenerate {
            std::fs::write(&path, &bytes).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == bytes,
            "{name} differs from what tests/support builds; run \
             `ALLY_REGENERATE=1 cargo test --test documents policy_fixtures`"
        );
    }
}

#[test]
fn output_writes_the_report_to_a_file_that_later_runs_do_not_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "A sanity check.\n").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ally"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    for _ in 0..2 {
        let output = run(&["check", ".", "--format", "html", "--output", "report.html"]);
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stdout.is_empty());
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        assert!(
            html.contains("1 document checked; 1 term to review."),
            "{html}"
        );
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "no temporary file is left behind: {names:?}"
    );
    let output = run(&["check", "notes.md", "-o", "out.json", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["findings"], 1);
    let output = run(&["check", "notes.md", "-o", "missing/dir/report.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "ally: error: cannot write missing/dir/report.md: no such file or directory\n"
    );
}

/// Renders the HTML report of tests/fixtures/policy in headless Chromium and checks what a
/// reader (and a screen reader) gets: the headings, the located findings, the chart's text
/// alternative and table, the guidance appendix. Needs Chromium (`apt-get install chromium`);
/// run with `cargo test --test documents -- --ignored`. Set ALLY_SCREENSHOT=FILE.png to keep a
/// screenshot to look at.
#[test]
#[ignore = "needs Chromium"]
fn the_html_report_renders_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let output = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["check", "policy", "--format", "html", "--output"])
        .arg(&report)
        .current_dir(&fixtures)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let chromium = |extra: &[String]| {
        let profile = dir.path().join("profile");
        let mut command = Command::new("chromium");
        command.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1000,2000",
        ]);
        command.arg(format!("--user-data-dir={}", profile.display()));
        command.args(extra);
        command.arg(format!("file://{}", report.display()));
        command.output().expect("chromium runs")
    };
    let dom = String::from_utf8(chromium(&["--dump-dom".into()]).stdout).unwrap();
    assert!(dom.contains("<html lang=\"en\">"), "{}", &dom[..80]);
    let headings = |level: &str| -> Vec<String> {
        dom.split(&format!("<{level}"))
            .skip(1)
            .map(|rest| {
                let inner =
                    &rest[rest.find('>').unwrap() + 1..rest.find(&format!("</{level}>")).unwrap()];
                strip_tags(inner)
            })
            .collect()
    };
    assert_eq!(headings("h1"), ["Inclusive language report"]);
    assert_eq!(
        headings("h2"),
        [
            "Summary",
            "Document: policy/benefits.odt",
            "Document: policy/handbook.docx",
            "Document: policy/onboarding.md",
            "Document: policy/travel.pdf",
            "Guidance"
        ]
    );
    let findings = headings("h3");
    for expected in [
        "“wheelchair-bound” — paragraph 3 Warning",
        "“chairman” — in a table, paragraph 2 Warning",
        "“Whitelist” — in the header, paragraph 1 Error",
        "“crazy” — in a comment, paragraph 1 Warning",
        "“guys” — line 3 Warning",
        "“whitelist” — page 2 Error",
    ] {
        assert!(
            findings.iter().any(|h| h == expected),
            "{expected} in {findings:?}"
        );
    }
    assert!(dom.contains("<mark>blacklist</mark> of vendors that failed our review."));
    assert!(dom.contains("<desc id=\"by-severity-desc\">Error: 3; Warning: 10; Info: 0</desc>"));
    assert!(dom.contains("<a href=\"#guide-inclusive-language\">Use inclusive language</a>"));
    assert!(dom.contains("<h3 id=\"guide-inclusive-language\">Use inclusive language</h3>"));
    assert!(!dom.contains("src=\"http") && !dom.contains("<script"));
    if let Some(path) = std::env::var_os("ALLY_SCREENSHOT") {
        let shot = chromium(&[format!("--screenshot={}", Path::new(&path).display())]);
        assert!(shot.status.success());
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// RTF as Word writes it: a font table, a style sheet and document info that are not prose, a
/// term split by formatting, a table, a footnote, a header, and bytes in the code page.
const WORD_RTF: &str = r"{\rtf1\ansi\ansicpg1252\deff0\uc1{\fonttbl{\f0\froman\fcharset0 Times New Roman;}}
{\stylesheet{\s0 Normal;}{\s1\sbasedon0 heading 1 master;}}{\info{\title Blacklist review}}
{\header\pard\plain\s0 The chairman\rquote s office\par}
\pard\plain\s1 Caf\'e9 policy\par
\pard\plain\s0 Add the host to the white{\b list}.{\super\chftn}{\footnote\pard\plain{\super\chftn} A sanity check first.}\par
\trowd\cellx3000\cellx6000\pard\intbl Role\cell Foreman\cell\row
}";

#[test]
fn rtf_is_read_as_a_document_even_under_a_doc_name() {
    for name in ["policy.rtf", "policy.doc"] {
        let report = check(name, WORD_RTF.as_bytes());
        assert_eq!(report.kind, "rtf", "{name}");
        assert_eq!(
            rows(&report),
            [
                row(
                    "whitelist",
                    "whitelist",
                    2,
                    21,
                    None,
                    Some(2),
                    Some("body"),
                    "Add the host to the whitelist."
                ),
                row(
                    "foreman",
                    "Foreman",
                    4,
                    1,
                    None,
                    Some(2),
                    Some("table"),
                    "Foreman"
                ),
                row(
                    "chairman",
                    "chairman",
                    5,
                    5,
                    None,
                    Some(1),
                    Some("header"),
                    "The chairman’s office"
                ),
                row(
                    "sanity-check",
                    "sanity check",
                    6,
                    3,
                    None,
                    Some(1),
                    Some("footnote"),
                    "A sanity check first."
                ),
            ],
            "{name}"
        );
    }
}

/// A legacy binary Word file is not "no findings": it is a file that could not be checked, with
/// what to do. A .doc that is plain text is still read as text.
#[test]
fn a_legacy_word_document_says_it_was_not_checked_and_how_to_convert_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut compound = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    compound.resize(4096, 0);
    std::fs::write(dir.path().join("handbook.doc"), &compound).unwrap();
    std::fs::write(dir.path().join("README.doc"), "Add it to the whitelist.\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["check", "--format", "json", "handbook.doc", "README.doc"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["errors"][0]["path"], "handbook.doc");
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("not checked: this is a legacy Word document (.doc)")
            && message.contains("soffice --headless --convert-to docx FILE"),
        "{message}"
    );
    assert_eq!(json["findings"][0]["path"], "README.doc");
    assert_eq!(json["findings"][0]["line"], 1);
    assert_eq!(json["findings"][0]["column"], 15);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ally: error: handbook.doc: not checked: this is a legacy Word document"),
        "{stderr}"
    );
}

/// The same handbook saved by LibreOffice as .odt, .docx and .rtf gives the same findings at the
/// same places, and as a legacy .doc says it was not checked.
#[test]
fn libreoffice_documents_give_the_same_findings_in_every_format() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice");
    let findings = |name: &str| -> Vec<String> {
        let report = check(name, &std::fs::read(dir.join(name)).unwrap());
        rows(&report)
            .into_iter()
            .map(|(rule, term, line, column, _, paragraph, part, _)| {
                format!(
                    "{line}:{column} {rule} `{term}` paragraph {} in the {}",
                    paragraph.unwrap(),
                    part.unwrap()
                )
            })
            .collect()
    };
    let expected = [
        "2:39 whitelist `whitelist` paragraph 2 in the body",
        "4:1 foreman `Foreman` paragraph 2 in the table",
        "6:1 guys `Hey guys` paragraph 4 in the table",
        "7:14 manpower `manpower` paragraph 3 in the body",
        "7:50 crazy `crazy` paragraph 3 in the body",
        "8:5 chairman `chairman` paragraph 1 in the header",
        "9:4 guys `guys` paragraph 1 in the footer",
        "10:5 blacklist `blacklist` paragraph 1 in the footnote",
    ];
    for name in ["handbook.odt", "handbook.docx", "handbook.rtf"] {
        assert_eq!(findings(name), expected, "{name}");
    }
    let legacy = check(
        "handbook.doc",
        &std::fs::read(dir.join("handbook.doc")).unwrap(),
    );
    assert!(
        legacy
            .error
            .as_deref()
            .is_some_and(|e| e.contains("legacy Word document")),
        "{legacy:?}"
    );
}

/// `rule `term` at place` for each finding of a document.
fn located(report: &FileReport) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} `{}` at {}",
                ally::RuleSet::builtin().rule(f.rule).id,
                f.term,
                f.location.as_ref().unwrap()
            )
        })
        .collect()
}

/// A slide's XML with these paragraphs, each a list of runs.
fn slide(paragraphs: &[&[&str]]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|runs| {
            let runs: String = runs
                .iter()
                .map(|r| format!("<a:r><a:rPr lang=\"en-US\"/><a:t>{r}</a:t></a:r>"))
                .collect();
            format!("<a:p>{runs}</a:p>")
        })
        .collect();
    format!(
        r#"<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>{body}<a:p><a:fld id="1" type="slidenum"><a:t>crazy 7</a:t></a:fld></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
    )
}

/// Slides are read in the order of the presentation's slide list, not of their file names;
/// speaker notes follow their slide; fields such as slide numbers are left out.
#[test]
fn pptx_slides_and_notes_are_located_by_slide_in_the_order_shown() {
    let presentation = r#"<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:sldIdLst><p:sldId id="257" r:id="rId3"/><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide2.xml"/></Relationships>"#;
    let notes_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide1.xml"/></Relationships>"#;
    let first_made = slide(&[&["Agenda"], &["Ask the chair", "man first."]]);
    let shown_first = slide(&[&["Add hosts to the white", "list today."]]);
    let notes = slide(&[&["Say hi to the guys."]]);
    let bytes = support::zip(&[
        ("ppt/presentation.xml", presentation),
        ("ppt/_rels/presentation.xml.rels", rels),
        ("ppt/slides/slide1.xml", &first_made),
        ("ppt/slides/slide2.xml", &shown_first),
        ("ppt/slides/_rels/slide2.xml.rels", notes_rels),
        ("ppt/notesSlides/notesSlide1.xml", &notes),
    ]);
    let report = check("deck.pptx", &bytes);
    let found = located(&report);
    assert_eq!(
        found,
        [
            "whitelist `whitelist` at slide 1, paragraph 1",
            "guys `guys` at slide 1, paragraph 1, in the notes",
            "chairman `chairman` at slide 2, paragraph 2",
        ]
    );
    assert_eq!(report.kind, "pptx");
}

/// A presentation that LibreOffice Impress wrote: slide text and speaker notes, by slide.
#[test]
fn a_libreoffice_presentation_is_read_slide_by_slide() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice/deck.pptx");
    let report = check("deck.pptx", &std::fs::read(path).unwrap());
    let found = located(&report);
    assert_eq!(
        found,
        [
            "whitelist `whitelist` at slide 1, paragraph 2",
            "chairman `chairman` at slide 1, paragraph 3",
            "guys `guys` at slide 1, paragraph 1, in the notes",
            "manpower `manpower` at slide 2, paragraph 1",
        ]
    );
}

/// A workbook that LibreOffice Calc wrote: the text of each cell, located by sheet and cell,
/// in the order of the sheets. Numbers and the results of formulas are not checked: nobody
/// typed those words there.
#[test]
fn a_libreoffice_workbook_is_read_cell_by_cell() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice/pay.xlsx");
    let report = check("pay.xlsx", &std::fs::read(path).unwrap());
    assert_eq!(report.kind, "xlsx");
    assert_eq!(
        located(&report),
        [
            "foreman `Foreman` at sheet Job titles, cell A2",
            "chairman `Chairman` at sheet Job titles, cell A3",
            "foreman `Foreman` at sheet Job titles, cell A4",
            "whitelist `whitelist` at sheet Notes, cell A1",
            "manpower `manpower` at sheet Notes, cell B2",
        ]
    );
}

/// Inline strings (`t="inlineStr"`), which other tools than Excel write, are read like shared
/// ones; sheets come in the workbook's order, not in that of their file names.
#[test]
fn xlsx_inline_strings_and_the_sheet_order_are_followed() {
    let workbook = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Summary" sheetId="2" r:id="rId2"/><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;
    let sheet = |cells: &str| {
        format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{cells}</row></sheetData></worksheet>"#
        )
    };
    let data = sheet(r#"<c r="A1" t="inlineStr"><is><t>the blacklist</t></is></c>"#);
    let summary =
        sheet(r#"<c r="C1" t="inlineStr"><is><r><t>the white</t></r><r><t>list</t></r></is></c>"#);
    let bytes = support::zip(&[
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", &data),
        ("xl/worksheets/sheet2.xml", &summary),
    ]);
    let report = check("book.xlsx", &bytes);
    let found = located(&report);
    assert_eq!(
        found,
        [
            "whitelist `whitelist` at sheet Summary, cell C1",
            "blacklist `blacklist` at sheet Data, cell A1",
        ]
    );
}
