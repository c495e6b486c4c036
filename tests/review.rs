//! `ally review`: reviewed copies of Word documents with each finding as a comment on its term.
//! The document under test was written by LibreOffice (tests/fixtures/libreoffice), with a
//! heading, a table, a footnote, a header and `white|list` split over two formatting runs. The
//! round trip through LibreOffice itself is `scripts/office-roundtrip.sh`.

mod support;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{DocxParts, docx, p};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/libreoffice")
        .join(name)
}

fn ally(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1796601600")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `ally check --format short` on a file, with its name left out.
fn short_findings(dir: &Path, name: &str) -> Vec<String> {
    let output = ally(dir, &["check", "--format", "short", name]);
    stdout(&output)
        .lines()
        .map(|line| line.replacen(name, "DOC", 1))
        .collect()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut contents = Vec::new();
            file.read_to_end(&mut contents).unwrap();
            (file.name().unwrap().into_owned(), contents)
        })
        .collect()
}

/// The stored (compressed) bytes of each entry, to show that untouched parts are copied as
/// they were.
fn stored(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index_raw(i).unwrap();
            let mut contents = Vec::new();
            file.read_to_end(&mut contents).unwrap();
            (file.name().unwrap().into_owned(), contents)
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    let (_, contents) = entries(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(contents).unwrap()
}

/// The text of the document between each comment's range markers, and the comment's text,
/// paragraph by paragraph, read straight from the XML.
fn anchored(document: &str, comments: &str) -> Vec<(String, Vec<String>)> {
    let text_between = |from: usize, to: usize| -> String {
        let mut text = String::new();
        let xml = &document[from..to];
        let mut rest = xml;
        while let Some(start) = rest.find("<w:t") {
            let open_end = start + rest[start..].find('>').unwrap() + 1;
            let tag = &rest[start..open_end];
            if !(tag == "<w:t>" || tag.starts_with("<w:t ")) {
                rest = &rest[open_end..];
                continue;
            }
            let close = open_end + rest[open_end..].find("</w:t>").unwrap();
            text.push_str(&rest[open_end..close].replace("&amp;", "&"));
            rest = &rest[close..];
        }
        text
    };
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = document[at..].find("<w:commentRangeStart w:id=\"") {
        let start = at + start;
        let id_from = start + "<w:commentRangeStart w:id=\"".len();
        let id = &document[id_from..id_from + document[id_from..].find('"').unwrap()];
        let end = document
            .find(&format!("<w:commentRangeEnd w:id=\"{id}\"/>"))
            .unwrap();
        assert!(
            document[end..].contains(&format!("<w:commentReference w:id=\"{id}\"/>")),
            "comment {id} has a reference"
        );
        let comment_from = comments
            .find(&format!("<w:comment w:id=\"{id}\" "))
            .unwrap();
        let comment_to = comment_from + comments[comment_from..].find("</w:comment>").unwrap();
        let paragraphs = comments[comment_from..comment_to]
            .split("<w:p>")
            .skip(1)
            .map(text_between_tags)
            .collect();
        found.push((text_between(start, end), paragraphs));
        at = id_from;
    }
    found
}

fn text_between_tags(xml: &str) -> String {
    let open =
        xml.find("<w:t xml:space=\"preserve\">").unwrap() + "<w:t xml:space=\"preserve\">".len();
    let close = xml.find("</w:t>").unwrap();
    xml[open..close]
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
}

#[test]
fn a_reviewed_copy_has_a_comment_on_each_term_of_the_main_text() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(fixture("handbook.docx")).unwrap();
    std::fs::write(dir.path().join("handbook.docx"), &original).unwrap();

    let output = ally(dir.path(), &["review", "handbook.docx"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        stdout(&output),
        "handbook.docx: 5 comments in handbook.reviewed.docx\n\
         ally: 5 findings written as comments in 1 reviewed copy\n\
         ally: 3 findings outside the main text (headers, footers, notes, comments), to change by hand:\n  \
         handbook.docx: header paragraph 1: “chairman” is a gendered title with a neutral standard form.\n  \
         handbook.docx: footer paragraph 1: “guys” uses a masculine word for a mixed group.\n  \
         handbook.docx: footnote paragraph 1: “blacklist” can suggest that black means bad and white means good.\n"
    );
    // The original is left as it was.
    assert_eq!(
        std::fs::read(dir.path().join("handbook.docx")).unwrap(),
        original
    );

    let reviewed = std::fs::read(dir.path().join("handbook.reviewed.docx")).unwrap();
    let document = part(&reviewed, "word/document.xml");
    let comments = part(&reviewed, "word/comments.xml");
    let found = anchored(&document, &comments);
    let terms: Vec<&str> = found.iter().map(|(term, _)| term.as_str()).collect();
    assert_eq!(
        terms,
        ["whitelist", "Foreman", "Hey guys", "manpower", "crazy"]
    );
    // `white` and the bold `list` stay two runs, each with its own formatting, inside one
    // comment's range.
    assert!(
        document.contains(
            "<w:commentRangeStart w:id=\"3\"/><w:r><w:rPr></w:rPr><w:t xml:space=\"preserve\">white</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>list</w:t></w:r><w:commentRangeEnd w:id=\"3\"/>"
        ),
        "{document}"
    );
    assert_eq!(
        found[0].1,
        [
            "“whitelist” can suggest that white means good and black means bad.",
            "Whitelist sets white as the colour of what is trusted, the mirror of blacklist, and so \
             repeats an association between skin colour and worth. Allowlist (or a direct verb such \
             as allow or permit) says what the list does and is what the Linux kernel, the IETF \
             draft and the major style guides use.",
            "Instead: allowlist, allow list, permit list or inclusion list.",
            "Read more: Inclusive naming in code (https://inclusivenaming.org/word-lists/)",
            "Read more: Why inclusive language matters (https://developers.google.com/style/inclusive-documentation)",
        ]
    );
    assert!(
        comments.contains(
            "<w:comment w:id=\"3\" w:author=\"ally\" w:date=\"2026-12-07T00:00:00Z\" w:initials=\"ally\">"
        ),
        "{comments}"
    );
    // The comments part is registered; every part ally did not need is stored as it was.
    assert!(part(&reviewed, "word/_rels/document.xml.rels").contains(
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\""
    ));
    assert!(part(&reviewed, "[Content_Types].xml").contains(
        "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>"
    ));
    let changed = [
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
        "word/comments.xml",
    ];
    let before = stored(&original);
    let after = stored(&reviewed);
    let untouched = |entries: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        entries
            .iter()
            .filter(|(name, _)| !changed.contains(&name.as_str()))
            .cloned()
            .collect()
    };
    assert_eq!(untouched(&before), untouched(&after));
    assert_eq!(
        after.len(),
        before.len() + 1,
        "comments.xml is added at the end"
    );
    // Checking the copy finds what checking the original found: ally's own comments quote the
    // terms they are about and are no findings of the document.
    let short = |name: &str| short_findings(dir.path(), name);
    assert_eq!(short("handbook.reviewed.docx"), short("handbook.docx"));
    assert_eq!(short("handbook.docx").len(), 8);
}

#[test]
fn a_folder_gives_one_copy_per_document_and_a_second_run_leaves_the_copies_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("hr")).unwrap();
    std::fs::copy(fixture("handbook.docx"), dir.path().join("hr/a.docx")).unwrap();
    let clean = docx(&p(&["Everyone is welcome."]), &DocxParts::default());
    std::fs::write(dir.path().join("hr/clean.docx"), clean).unwrap();
    std::fs::write(dir.path().join("hr/notes.md"), "a whitelist\n").unwrap();

    let first = ally(dir.path(), &["review", "hr"]);
    let lines: Vec<String> = stdout(&first).lines().take(3).map(String::from).collect();
    assert_eq!(
        lines,
        [
            "hr/a.docx: 5 comments in hr/a.reviewed.docx",
            "hr/clean.docx: nothing to comment on",
            "ally: 5 findings written as comments in 1 reviewed copy",
        ]
    );
    assert!(!dir.path().join("hr/clean.reviewed.docx").exists());
    let second = ally(dir.path(), &["review", "hr"]);
    assert_eq!(
        stdout(&second).lines().next(),
        Some("hr/a.docx: 5 comments in hr/a.reviewed.docx")
    );
    assert!(!dir.path().join("hr/a.reviewed.reviewed.docx").exists());
}

#[test]
fn protected_encrypted_and_other_files_are_left_alone_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let body = p(&["Add the host to the whitelist."]);
    let mut protected = docx(&body, &DocxParts::default());
    // The same package with settings that enforce read-only protection.
    {
        let mut zip = zip::ZipWriter::new_append(Cursor::new(&mut protected)).unwrap();
        zip.start_file(
            "word/settings.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(
            &mut zip,
            br#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:documentProtection w:edit="readOnly" w:enforcement="1"/></w:settings>"#,
        )
        .unwrap();
        zip.finish().unwrap();
    }
    std::fs::write(dir.path().join("locked.docx"), &protected).unwrap();
    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.resize(4096, 0);
    std::fs::write(dir.path().join("secret.docx"), &encrypted).unwrap();
    std::fs::write(dir.path().join("notes.md"), "a whitelist\n").unwrap();
    std::fs::copy(fixture("pay.xlsx"), dir.path().join("pay.xlsx")).unwrap();
    std::fs::write(
        dir.path().join("open.docx"),
        docx(&body, &DocxParts::default()),
    )
    .unwrap();

    let output = ally(
        dir.path(),
        &[
            "review",
            "locked.docx",
            "secret.docx",
            "notes.md",
            "pay.xlsx",
            "open.docx",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "ally: error: locked.docx: left alone: this .docx file is protected against changes"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("secret.docx: skipped: this .docx file is password-protected"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("ally: error: notes.md: not a document that review can write comments into"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "ally: error: pay.xlsx: ally cannot write comments into .xlsx files yet; `ally check --format html` lists each finding with its sheet and cell\n"
        ),
        "{stderr}"
    );
    // The other documents are still reviewed.
    assert_eq!(
        stdout(&output).lines().next(),
        Some("open.docx: 1 comment in open.reviewed.docx")
    );
    for name in ["locked", "secret", "notes"] {
        assert!(!dir.path().join(format!("{name}.reviewed.docx")).exists());
    }
}

#[test]
fn output_names_the_copy_of_one_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("handbook.docx"), dir.path().join("a.docx")).unwrap();
    std::fs::copy(fixture("handbook.docx"), dir.path().join("b.docx")).unwrap();
    let one = ally(dir.path(), &["review", "a.docx", "-o", "out.docx"]);
    assert_eq!(
        stdout(&one).lines().next(),
        Some("a.docx: 5 comments in out.docx")
    );
    assert!(dir.path().join("out.docx").exists());
    // A new copy is readable as any new file is, not only by its owner.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("out.docx"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
    let two = ally(
        dir.path(),
        &["review", "a.docx", "b.docx", "-o", "out2.docx"],
    );
    assert_eq!(two.status.code(), Some(2));
    assert!(
        String::from_utf8(two.stderr)
            .unwrap()
            .contains("--output names the copy of one document, and 2 were given")
    );
}

/// What Word or LibreOffice shows once every tracked change is accepted: deletions dropped,
/// insertions kept.
fn accept_all(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:del ") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("</w:del>").unwrap() + start + "</w:del>".len();
        rest = &rest[end..];
    }
    out.push_str(rest);
    let mut accepted = String::new();
    let mut rest = out.as_str();
    while let Some(start) = rest.find("<w:ins ") {
        accepted.push_str(&rest[..start]);
        let open_end = rest[start..].find('>').unwrap() + start + 1;
        rest = &rest[open_end..];
        let close = rest.find("</w:ins>").unwrap();
        accepted.push_str(&rest[..close]);
        rest = &rest[close + "</w:ins>".len()..];
    }
    accepted.push_str(rest);
    accepted
}

/// The package with each named part replaced.
fn with_parts(bytes: &[u8], parts: &[(String, String)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, contents) in entries(bytes) {
        let contents = parts
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(contents, |(_, c)| c.clone().into_bytes());
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &contents).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn text_of(bytes: &[u8]) -> String {
    ally::documents::extract(
        ally::documents::DocumentType::Docx,
        bytes,
        &ally::documents::Limits::default(),
    )
    .unwrap()
    .text
}

#[test]
fn fix_writes_tracked_changes_that_accepted_give_the_text_fix_gives() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(fixture("handbook.docx")).unwrap();
    std::fs::write(dir.path().join("handbook.docx"), &original).unwrap();

    let output = ally(dir.path(), &["fix", "--track-changes", "handbook.docx"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("ally: fixed 4 findings in 1 file\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "handbook.docx: paragraph 3, in the body: crazy (`crazy`): the alternatives (`surprising`, `baffling` or `unexpected`) need judgement; choose one with `--replace crazy=TEXT` (a comment in the document says so)"
        ),
        "{stderr}"
    );
    let fixed = std::fs::read(dir.path().join("handbook.docx")).unwrap();
    let document = part(&fixed, "word/document.xml");
    let by = "w:author=\"ally\" w:date=\"2026-12-07T00:00:00Z\"";
    // `white` and the bold `list` are deleted as they were written; the insertion takes the
    // formatting of the first.
    assert!(
        document.contains(&format!(
            "<w:del w:id=\"6\" {by}><w:r><w:rPr></w:rPr><w:delText xml:space=\"preserve\">white</w:delText></w:r><w:r><w:rPr><w:b/></w:rPr><w:delText xml:space=\"preserve\">list</w:delText></w:r></w:del><w:ins w:id=\"7\" {by}><w:r><w:rPr></w:rPr><w:t xml:space=\"preserve\">allowlist</w:t></w:r></w:ins>"
        )),
        "{document}"
    );
    assert!(part(&fixed, "word/header1.xml").contains("<w:t xml:space=\"preserve\">chair</w:t>"));
    assert!(
        part(&fixed, "word/footnotes.xml").contains("<w:t xml:space=\"preserve\">denylist</w:t>")
    );
    // Findings that need judgement are comments on their terms.
    let comments = part(&fixed, "word/comments.xml");
    let found = anchored(&document, &comments);
    let terms: Vec<&str> = found.iter().map(|(term, _)| term.as_str()).collect();
    assert_eq!(terms, ["Foreman", "Hey guys", "crazy"]);
    assert_eq!(
        found[2].1.last().unwrap(),
        "Not changed by ally fix: the alternatives (`surprising`, `baffling` or `unexpected`) need judgement; choose one with `--replace crazy=TEXT`."
    );

    // Accepting every change gives the text that `ally fix` makes of the document's text.
    let accepted = with_parts(
        &fixed,
        &[
            "word/document.xml",
            "word/header1.xml",
            "word/footnotes.xml",
        ]
        .map(|name| (name.to_owned(), accept_all(&part(&fixed, name)))),
    );
    std::fs::write(dir.path().join("plain.txt"), text_of(&original)).unwrap();
    let plain = ally(dir.path(), &["fix", "plain.txt"]);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(
        text_of(&accepted),
        std::fs::read_to_string(dir.path().join("plain.txt")).unwrap()
    );
    // Rejecting every change gives the original text back.
    let rejected = with_parts(
        &fixed,
        &[
            "word/document.xml",
            "word/header1.xml",
            "word/footnotes.xml",
        ]
        .map(|name| (name.to_owned(), reject_all(&part(&fixed, name)))),
    );
    assert_eq!(text_of(&rejected), text_of(&original));
}

/// What is left once every tracked change is rejected: insertions dropped, deletions kept as
/// text.
fn reject_all(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:ins ") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("</w:ins>").unwrap() + start + "</w:ins>".len();
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("<w:delText ", "<w:t ")
        .replace("</w:delText>", "</w:t>")
        .split("<w:del ")
        .enumerate()
        .map(|(i, piece)| {
            if i == 0 {
                piece.to_owned()
            } else {
                piece[piece.find('>').unwrap() + 1..].to_owned()
            }
        })
        .collect::<String>()
        .replace("</w:del>", "")
}

#[test]
fn fixes_in_documents_keep_case_and_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let body = p(&["Whitelist the host. Add it to a whitelist today."]);
    std::fs::write(
        dir.path().join("a.docx"),
        docx(&body, &DocxParts::default()),
    )
    .unwrap();
    let dry = ally(dir.path(), &["fix", "--dry-run", "a.docx"]);
    assert_eq!(
        String::from_utf8(dry.stdout).unwrap(),
        "a.docx: paragraph 1, in the body: `Whitelist` → `Allowlist` (tracked change)\n\
         a.docx: paragraph 1, in the body: `a whitelist` → `an allowlist` (tracked change)\n"
    );
    let fixed = ally(dir.path(), &["fix", "a.docx"]);
    assert_eq!(fixed.status.code(), Some(0));
    let document = part(
        &std::fs::read(dir.path().join("a.docx")).unwrap(),
        "word/document.xml",
    );
    assert!(
        document.contains("<w:delText xml:space=\"preserve\">a whitelist</w:delText>"),
        "{document}"
    );
    assert!(
        document.contains("<w:t xml:space=\"preserve\">an allowlist</w:t>"),
        "{document}"
    );
    assert!(
        document.contains("<w:t xml:space=\"preserve\">Allowlist</w:t>"),
        "{document}"
    );

    std::fs::write(dir.path().join("notes.md"), "a whitelist\n").unwrap();
    let text = ally(dir.path(), &["fix", "--track-changes", "notes.md"]);
    assert_eq!(text.status.code(), Some(2));
    assert!(String::from_utf8(text.stderr).unwrap().contains(
        "notes.md: --track-changes writes tracked changes into .docx and .odt documents"
    ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        "a whitelist\n"
    );
}

#[test]
fn a_second_fix_changes_nothing_and_adds_no_comments() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("handbook.docx"), dir.path().join("a.docx")).unwrap();
    assert_eq!(ally(dir.path(), &["fix", "a.docx"]).status.code(), Some(0));
    let first = std::fs::read(dir.path().join("a.docx")).unwrap();
    let second = ally(dir.path(), &["fix", "a.docx"]);
    assert!(
        String::from_utf8(second.stderr)
            .unwrap()
            .starts_with("ally: fixed 0 findings in 0 files\n")
    );
    assert_eq!(std::fs::read(dir.path().join("a.docx")).unwrap(), first);
}

/// The text between each of ally's annotations and its end in an .odt's content, with the
/// annotation's first paragraph.
fn odt_anchored(content: &str) -> Vec<(String, String)> {
    let strip = |xml: &str| -> String {
        let mut text = String::new();
        let mut inside = false;
        for c in xml.chars() {
            match c {
                '<' => inside = true,
                '>' => inside = false,
                c if !inside => text.push(c),
                _ => {}
            }
        }
        text
    };
    let mut found = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find("<office:annotation office:name=\"") {
        let name_from = start + "<office:annotation office:name=\"".len();
        let name = &rest[name_from..name_from + rest[name_from..].find('"').unwrap()];
        let body_end = rest[start..].find("</office:annotation>").unwrap() + start;
        let body = &rest[start..body_end];
        let first = &body[body.find("<text:p>").unwrap() + 8..body.find("</text:p>").unwrap()];
        let end_marker = format!("<office:annotation-end office:name=\"{name}\"/>");
        let end = rest.find(&end_marker).unwrap();
        found.push((
            strip(&rest[body_end + "</office:annotation>".len()..end]),
            first.to_owned(),
        ));
        rest = &rest[body_end..];
    }
    found
}

#[test]
fn an_odt_gets_annotations_on_its_terms() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(fixture("handbook.odt")).unwrap();
    std::fs::write(dir.path().join("handbook.odt"), &original).unwrap();
    let output = ally(dir.path(), &["review", "handbook.odt"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        stdout(&output).lines().next(),
        Some("handbook.odt: 6 comments in handbook.reviewed.odt")
    );
    let reviewed = std::fs::read(dir.path().join("handbook.reviewed.odt")).unwrap();
    let content = part(&reviewed, "content.xml");
    let found = odt_anchored(&content);
    let terms: Vec<&str> = found.iter().map(|(term, _)| term.as_str()).collect();
    assert_eq!(
        terms,
        [
            "whitelist",
            "blacklist",
            "Foreman",
            "Hey guys",
            "manpower",
            "crazy"
        ]
    );
    assert_eq!(
        found[0].1,
        "“whitelist” can suggest that white means good and black means bad."
    );
    assert!(
        content.contains("<dc:creator>ally</dc:creator><dc:date>2026-12-07T00:00:00</dc:date>")
    );
    // Only content.xml changes; the uncompressed mimetype stays the first entry.
    let before = stored(&original);
    let after = stored(&reviewed);
    assert_eq!(after[0], before[0]);
    assert_eq!(after[0].0, "mimetype");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0);
        if b.0 != "content.xml" {
            assert_eq!(b, a, "{} is copied as it was stored", b.0);
        }
    }
    let short = |name: &str| short_findings(dir.path(), name);
    assert_eq!(short("handbook.reviewed.odt"), short("handbook.odt"));
}

/// An .odt's tracked changes as LibreOffice applies them: accepted (`true`), the markers and the
/// regions go and the inserted words stay; rejected, the inserted words go and each deletion's
/// words come back where its marker is.
fn odt_settle(content: &str, accept: bool) -> String {
    let regions_start = content.find("<text:tracked-changes").unwrap();
    let regions_end =
        content.find("</text:tracked-changes>").unwrap() + "</text:tracked-changes>".len();
    let regions = &content[regions_start..regions_end];
    let mut out = format!("{}{}", &content[..regions_start], &content[regions_end..]);
    while let Some(start) = out.find("<text:change-start ") {
        let marker_end = out[start..].find("/>").unwrap() + start + 2;
        let end = out.find("<text:change-end ").unwrap();
        let end_end = out[end..].find("/>").unwrap() + end + 2;
        let inserted = if accept {
            out[marker_end..end].to_owned()
        } else {
            String::new()
        };
        out = format!("{}{inserted}{}", &out[..start], &out[end_end..]);
    }
    while let Some(start) = out.find("<text:change text:change-id=\"") {
        let id_from = start + "<text:change text:change-id=\"".len();
        let id = &out[id_from..id_from + out[id_from..].find('"').unwrap()];
        let end = out[start..].find("/>").unwrap() + start + 2;
        let deleted = if accept {
            String::new()
        } else {
            let region = &regions[regions.find(&format!("text:id=\"{id}\"")).unwrap()..];
            let from = region.find("<text:p>").unwrap() + "<text:p>".len();
            region[from..region.find("</text:p></text:deletion>").unwrap()].to_owned()
        };
        out = format!("{}{deleted}{}", &out[..start], &out[end..]);
    }
    out
}

fn odt_text(bytes: &[u8]) -> String {
    ally::documents::extract(
        ally::documents::DocumentType::Odt,
        bytes,
        &ally::documents::Limits::default(),
    )
    .unwrap()
    .text
}

#[test]
fn fix_writes_tracked_changes_into_an_odt() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(fixture("handbook.odt")).unwrap();
    std::fs::write(dir.path().join("handbook.odt"), &original).unwrap();
    let replace = ["--replace", "foreman=supervisor"];
    let output = ally(
        dir.path(),
        &[&["fix", "--track-changes"][..], &replace, &["handbook.odt"]].concat(),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(
        stderr.lines().next(),
        Some("ally: fixed 4 findings in 1 file"),
        "{stderr}"
    );
    // The header is in styles.xml, which ally does not rewrite: it says so instead.
    assert!(
        stderr.contains("handbook.odt: paragraph 1, in the header: chairman (`chairman`)"),
        "{stderr}"
    );
    let fixed = std::fs::read(dir.path().join("handbook.odt")).unwrap();
    let content = part(&fixed, "content.xml");
    // `white|list` over two spans: both pieces leave the paragraph, the insertion takes the
    // place of the first, and the deletion keeps the span that formats `list`.
    assert!(
        content.contains(
            "hosts to the <text:change text:change-id=\"ally-ct1\"/><text:change-start text:change-id=\"ally-ct2\"/>allowlist<text:change-end text:change-id=\"ally-ct2\"/><text:span text:style-name=\"T1\"></text:span> after review."
        ),
        "{content}"
    );
    let info = "<office:change-info><dc:creator>ally</dc:creator><dc:date>2026-12-07T00:00:00</dc:date></office:change-info>";
    assert!(
        content.contains(&format!(
            "<text:tracked-changes text:track-changes=\"false\"><text:changed-region xml:id=\"ally-ct1\" text:id=\"ally-ct1\"><text:deletion>{info}<text:p>white<text:span text:style-name=\"T1\">list</text:span></text:p></text:deletion></text:changed-region><text:changed-region xml:id=\"ally-ct2\" text:id=\"ally-ct2\"><text:insertion>{info}</text:insertion></text:changed-region>"
        )),
        "{content}"
    );
    assert!(content.contains("<text:change-start text:change-id=\"ally-ct4\"/>Supervisor<"));
    // The findings that need judgement are comments on their terms.
    let terms: Vec<String> = odt_anchored(&content).into_iter().map(|(t, _)| t).collect();
    assert_eq!(terms, ["Hey guys", "crazy"]);

    // Accepting every change gives what `ally fix` makes of the text; rejecting gives the
    // original text back.
    let settled = |accept: bool| {
        let content = odt_settle(&content, accept);
        odt_text(&with_parts(&fixed, &[("content.xml".into(), content)]))
    };
    std::fs::write(dir.path().join("plain.txt"), odt_text(&original)).unwrap();
    let plain = ally(
        dir.path(),
        &[&["fix"][..], &replace, &["plain.txt"]].concat(),
    );
    assert_eq!(plain.status.code(), Some(0));
    // The header's `chairman` is listed, not changed, so it stays.
    assert_eq!(
        settled(true),
        std::fs::read_to_string(dir.path().join("plain.txt"))
            .unwrap()
            .replace("The chair's office", "The chairman's office")
    );
    assert_eq!(settled(false), odt_text(&original));

    // Every other entry is copied as it was stored, and a second run changes nothing.
    for (before, after) in stored(&original).iter().zip(&stored(&fixed)) {
        if before.0 != "content.xml" {
            assert_eq!(before, after, "{} is copied as it was stored", before.0);
        }
    }
    let again = ally(
        dir.path(),
        &[&["fix"][..], &replace, &["handbook.odt"]].concat(),
    );
    assert!(
        String::from_utf8(again.stderr)
            .unwrap()
            .starts_with("ally: fixed 0 findings in 0 files\n")
    );
    assert_eq!(
        std::fs::read(dir.path().join("handbook.odt")).unwrap(),
        fixed
    );
}
