//! Reviewed copies of documents: each finding becomes a comment in the document itself,
//! anchored on the term, so that the person who owns the document reads the review in Word or
//! LibreOffice rather than carrying a report back by hand.
//!
//! The copy changes as little as it can. Only the parts that get comments are rewritten, and
//! in them only the runs where a comment starts or ends: a run that holds the start of a term
//! is split there, its formatting copied to both halves. Every other part of the package is
//! copied as it was stored.

use std::ops::Range;

use super::archive::Archive;
use super::docx;
use super::{DocumentError, DocumentType, Limits, Part, Sink, Tag, one_line, xml_text};
use crate::report::xml::escape;

/// Words of a paragraph: `range` of paragraph `paragraph` of `part`, as the extracted text
/// numbers them (see [`super::ExtractedDocument`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The part's name in locations: `body`, `table`, `footnote`, …
    pub part: String,
    /// The paragraph's number within its part, from 1.
    pub paragraph: usize,
    /// The paragraph's text as extracted, to be sure the edit lands on the same words.
    pub line: String,
    /// Bytes of `line`.
    pub range: Range<usize>,
}

/// A comment to anchor on some words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub place: Place,
    /// The comment's paragraphs.
    pub text: Vec<String>,
}

/// A replacement to make as a tracked change, for the editor to accept or reject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub place: Place,
    pub replacement: String,
}

/// The reviewed copy of a document.
#[derive(Debug)]
pub struct Reviewed {
    /// The copy's bytes.
    pub bytes: Vec<u8>,
    /// The indexes of the comments that could not be anchored (Word keeps no comments in
    /// headers and footers, nor LibreOffice in notes), for the summary to list instead.
    pub not_anchored: Vec<usize>,
    /// The indexes of the changes that could not be made, for the same reasons, or because
    /// the words run across a link or a field.
    pub not_changed: Vec<usize>,
}

/// The author that ally's comments and tracked changes carry, by which later checks know its
/// own comments and leave them out.
pub const AUTHOR: &str = "ally";

/// How the names of the comments ally writes into .odt files begin (`office:name`), by which
/// later checks know them.
pub const ODT_NAME_PREFIX: &str = "ally-";

/// Who writes the comments, and when.
#[derive(Clone, Debug)]
pub struct Author {
    pub name: String,
    /// An ISO 8601 time in UTC, `2026-12-07T10:00:00Z`.
    pub date: String,
}

/// A copy of the document with `comments` and `changes` in it.
pub fn review(
    kind: DocumentType,
    bytes: &[u8],
    comments: &[Comment],
    changes: &[Change],
    author: &Author,
) -> Result<Reviewed, DocumentError> {
    match kind {
        DocumentType::Docx => review_docx(bytes, comments, changes, author),
        DocumentType::Odt => review_odt(bytes, comments, changes, author),
        DocumentType::FlatOdt | DocumentType::Pdf | DocumentType::Rtf => {
            let name = match kind {
                DocumentType::FlatOdt => "flat .fodt",
                DocumentType::Pdf => ".pdf",
                _ => ".rtf",
            };
            Err(DocumentError(format!(
                "ally cannot write comments into {name} files; save the document as .docx or \
                 .odt to review it, or read `ally check --format html` beside it"
            )))
        }
        DocumentType::Pptx | DocumentType::Xlsx => {
            let (name, place) = match kind {
                DocumentType::Pptx => (".pptx", "slide"),
                _ => (".xlsx", "sheet and cell"),
            };
            Err(DocumentError(format!(
                "ally cannot write comments into {name} files yet; `ally check --format html` \
                 lists each finding with its {place}"
            )))
        }
    }
}

const MAIN_NAMESPACE: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

fn review_docx(
    bytes: &[u8],
    comments: &[Comment],
    changes: &[Change],
    author: &Author,
) -> Result<Reviewed, DocumentError> {
    let limits = Limits::default();
    let mut archive = Archive::open(bytes, &limits, "docx")?;
    let main = docx::main_part(&mut archive)?;
    let folder = main.rsplit_once('/').map_or("", |(folder, _)| folder);
    let Some(xml) = archive.read(&main)? else {
        return Err(DocumentError(format!(
            "cannot read this .docx file: it has no main document part ({main})"
        )));
    };
    let xml = xml_text(xml);
    if let Some(settings) = archive.read(&docx::join(folder, "settings.xml"))?
        && is_protected(&xml_text(settings))
    {
        return Err(DocumentError(
            "left alone: this .docx file is protected against changes, so comments cannot be \
             added; ask its owner to stop the protection (Review, Restrict Editing) or review a \
             copy"
                .into(),
        ));
    }
    if !root_binds_w(&xml) {
        return Err(DocumentError(
            "ally cannot add comments to this .docx file: its main part does not use the usual \
             `w` prefix for WordprocessingML; saving it again from Word or LibreOffice fixes that"
                .into(),
        ));
    }
    // Every part that holds text, in the order the extracted text reads them, so that the
    // paragraphs are numbered alike. Comments go in the main text only: Word keeps none in
    // headers and footers, and LibreOffice (7.4) refuses a file with a comment in a footnote
    // or endnote. Tracked changes go in all of them.
    let mut parts = vec![(main.clone(), xml, Part::Body)];
    let names = archive.names();
    for (prefix, part) in [("header", Part::Header), ("footer", Part::Footer)] {
        for name in docx::numbered_parts(&names, folder, prefix) {
            if let Some(xml) = archive.read(&name)? {
                parts.push((name, xml_text(xml), part));
            }
        }
    }
    for (file, part) in [
        ("footnotes.xml", Part::Footnote),
        ("endnotes.xml", Part::Endnote),
    ] {
        let name = docx::join(folder, file);
        if let Some(xml) = archive.read(&name)? {
            parts.push((name, xml_text(xml), part));
        }
    }
    let comments_name = docx::join(folder, "comments.xml");
    let existing_comments = archive.read(&comments_name)?.map(xml_text);
    let mut next_id = parts
        .iter()
        .map(|(_, xml, _)| highest_id(xml))
        .chain(existing_comments.as_deref().map(highest_id))
        .max()
        .unwrap_or(0)
        + 1;
    let ours = existing_comments
        .as_deref()
        .map_or_else(Vec::new, ally_comments);
    let mut anchored = vec![false; comments.len()];
    let mut changed = vec![false; changes.len()];
    let mut written = Vec::new();
    let mut replace = Vec::new();
    // Paragraphs are numbered per part across files (`header1.xml`, `header2.xml`, …).
    let mut counts = [0; 7];
    for (name, xml, part) in &parts {
        let mut layout = Layout::new(xml);
        layout.counts = counts;
        docx::parse(xml, name, *part, &mut layout)?;
        counts = layout.counts;
        let mut edits = Edits::default();
        let comments_here = if *part == Part::Body { comments } else { &[] };
        for (index, comment) in comments_here.iter().enumerate() {
            if layout.has_comment(&comment.place, &same_as(&ours, comment)) {
                anchored[index] = true;
            } else if let Some(cuts) = layout.anchor(&comment.place) {
                edits.comment(&layout, cuts, next_id);
                written.push((next_id, comment));
                anchored[index] = true;
                next_id += 1;
            }
        }
        for (index, change) in changes.iter().enumerate() {
            let Some((start, end)) = layout.anchor(&change.place) else {
                continue;
            };
            if layout.runs[start.run()].parent != layout.runs[end.run()].parent {
                continue;
            }
            edits.change(
                &layout,
                (start, end),
                &change.replacement,
                (next_id, next_id + 1),
                author,
            );
            changed[index] = true;
            next_id += 2;
        }
        if !edits.is_empty() {
            replace.push((name.clone(), edits.apply(xml).into_bytes()));
        }
    }
    let not_anchored: Vec<usize> = (0..comments.len()).filter(|&i| !anchored[i]).collect();
    let not_changed: Vec<usize> = (0..changes.len()).filter(|&i| !changed[i]).collect();
    if replace.is_empty() {
        return Ok(Reviewed {
            bytes: bytes.to_vec(),
            not_anchored,
            not_changed,
        });
    }
    let mut add = Vec::new();
    if !written.is_empty() {
        add_comments_part(
            &mut archive,
            &main,
            existing_comments.as_deref(),
            &written,
            author,
            (&mut replace, &mut add),
        )?;
    }
    let bytes = archive.rewrite(&replace, &add)?;
    Ok(Reviewed {
        bytes,
        not_anchored,
        not_changed,
    })
}

/// Package entries by name, with their new contents.
type Entries = Vec<(String, Vec<u8>)>;

/// The package entries that hold `written` comments: the comments part, created or extended,
/// and the relationship and content type that make Word and LibreOffice see it.
fn add_comments_part(
    archive: &mut Archive<'_>,
    main: &str,
    existing_comments: Option<&str>,
    written: &[(u64, &Comment)],
    author: &Author,
    (replace, add): (&mut Entries, &mut Entries),
) -> Result<(), DocumentError> {
    let folder = main.rsplit_once('/').map_or("", |(folder, _)| folder);
    let comments_name = docx::join(folder, "comments.xml");
    let bodies: String = written
        .iter()
        .map(|(id, comment)| comment_xml(*id, comment, author))
        .collect();
    match existing_comments {
        Some(existing) => {
            let Some(end) = existing.rfind("</w:comments>") else {
                return Err(DocumentError(format!(
                    "ally cannot add comments to this .docx file: {comments_name} does not end \
                     as Word writes it"
                )));
            };
            let merged = format!("{}{bodies}{}", &existing[..end], &existing[end..]);
            replace.push((comments_name.clone(), merged.into_bytes()));
        }
        None => {
            add.push((
                comments_name.clone(),
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments \
                     xmlns:w=\"{MAIN_NAMESPACE}\">{bodies}</w:comments>"
                )
                .into_bytes(),
            ));
        }
    }
    // The comments part must be related to the main part and have its content type, or Word
    // and LibreOffice do not see it (a package may hold one that nothing refers to).
    let rels_name = docx::join(
        &docx::join(folder, "_rels"),
        &format!("{}.rels", main.rsplit('/').next().unwrap_or(main)),
    );
    match archive.read(&rels_name)?.map(xml_text) {
        Some(rels) if rels.contains(COMMENTS_TYPE) => {}
        Some(rels) => replace.push((rels_name, with_comments_relationship(Some(&rels))?)),
        None => add.push((rels_name, with_comments_relationship(None)?)),
    }
    let types = archive
        .read("[Content_Types].xml")?
        .map(xml_text)
        .ok_or_else(|| {
            DocumentError("cannot read this .docx file: it has no [Content_Types].xml".into())
        })?;
    if let Some(types) = with_comments_type(&types, &comments_name)? {
        replace.push(("[Content_Types].xml".into(), types));
    }
    Ok(())
}

const ODT_NAMESPACES: [&str; 3] = [
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"",
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"",
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
];

/// An .odt with `comments` as annotations (`office:annotation` where the words start,
/// `office:annotation-end` where they end) and `changes` as tracked changes. OpenDocument
/// allows these markers anywhere in a paragraph's text, so nothing is split: the text nodes
/// are cut where the markers go. Only `content.xml` is rewritten, so words in page headers and
/// footers (`styles.xml`) are listed instead.
fn review_odt(
    bytes: &[u8],
    comments: &[Comment],
    changes: &[Change],
    author: &Author,
) -> Result<Reviewed, DocumentError> {
    let limits = Limits::default();
    let mut archive = Archive::open(bytes, &limits, "odt")?;
    if archive
        .read("META-INF/manifest.xml")?
        .is_some_and(|manifest| super::odt::is_encrypted(&xml_text(manifest)))
    {
        return Err(super::archive::protected("odt"));
    }
    let Some(xml) = archive.read("content.xml")? else {
        return Err(DocumentError(
            "cannot read this .odt file: it has no content.xml".into(),
        ));
    };
    let xml = xml_text(xml);
    if !ODT_NAMESPACES.iter().all(|ns| xml.contains(ns)) {
        return Err(DocumentError(
            "ally cannot add comments to this .odt file: its content does not declare the usual \
             `office`, `text` and `dc` prefixes; saving it again from LibreOffice fixes that"
                .into(),
        ));
    }
    let mut layout = Layout::new(&xml);
    super::odt::parse(&xml, "content.xml", &mut layout)?;
    let date = escape(author.date.trim_end_matches('Z'));
    let creator = escape(&author.name);
    let mut edits = Edits::default();
    let mut not_anchored = Vec::new();
    let mut next_name = highest_numbered(&xml, &format!("office:name=\"{ODT_NAME_PREFIX}")) + 1;
    for (index, comment) in comments.iter().enumerate() {
        let Some((start, end)) = layout.text_positions(&comment.place) else {
            not_anchored.push(index);
            continue;
        };
        let paragraphs: String = comment
            .text
            .iter()
            .map(|p| format!("<text:p>{}</text:p>", escape(p)))
            .collect();
        // A second run finds the words again; the comment it would add is there already.
        if xml[..start].ends_with(&format!("{paragraphs}</office:annotation>")) {
            continue;
        }
        let name = format!("{ODT_NAME_PREFIX}{next_name}");
        next_name += 1;
        edits.inserts.push(Insert {
            at: start,
            order: 1,
            xml: format!(
                "<office:annotation office:name=\"{name}\"><dc:creator>{creator}</dc:creator><dc:date>{date}</dc:date>{paragraphs}</office:annotation>"
            ),
        });
        edits.inserts.push(Insert {
            at: end,
            order: 0,
            xml: format!("<office:annotation-end office:name=\"{name}\"/>"),
        });
    }
    let mut not_changed = Vec::new();
    let mut regions = String::new();
    let mut next_change = highest_numbered(&xml, &format!("text:id=\"{ODT_CHANGE_PREFIX}")) + 1;
    let change_info = format!(
        "<office:change-info><dc:creator>{creator}</dc:creator><dc:date>{date}</dc:date></office:change-info>"
    );
    let prelude = tracked_changes_at(&xml);
    for (index, change) in changes.iter().enumerate() {
        // LibreOffice keeps no tracked changes inside comments.
        let deletion = (change.place.part != Part::Comment.name())
            .then(|| layout.odt_deletion(&change.place))
            .flatten();
        let (Some(deletion), Some(_)) = (deletion, &prelude) else {
            not_changed.push(index);
            continue;
        };
        let deleted = format!("{ODT_CHANGE_PREFIX}{next_change}");
        let inserted = format!("{ODT_CHANGE_PREFIX}{}", next_change + 1);
        next_change += 2;
        regions.push_str(&format!(
            "<text:changed-region xml:id=\"{deleted}\" text:id=\"{deleted}\"><text:deletion>{change_info}<text:p>{}</text:p></text:deletion></text:changed-region>",
            deletion.fragment
        ));
        let mut marks = format!("<text:change text:change-id=\"{deleted}\"/>");
        if !change.replacement.is_empty() {
            regions.push_str(&format!(
                "<text:changed-region xml:id=\"{inserted}\" text:id=\"{inserted}\"><text:insertion>{change_info}</text:insertion></text:changed-region>"
            ));
            marks.push_str(&format!(
                "<text:change-start text:change-id=\"{inserted}\"/>{}<text:change-end text:change-id=\"{inserted}\"/>",
                escape(&change.replacement)
            ));
        }
        edits.inserts.push(Insert {
            at: deletion.start,
            order: 1,
            xml: marks,
        });
        for removed in deletion.removed {
            edits
                .tags
                .insert(removed.start, (removed.end, String::new()));
        }
    }
    if let (Some(prelude), false) = (prelude, regions.is_empty()) {
        let xml = match prelude {
            Prelude::New(_) => format!(
                "<text:tracked-changes text:track-changes=\"false\">{regions}</text:tracked-changes>"
            ),
            Prelude::Existing(_) => regions,
        };
        edits.inserts.push(Insert {
            at: prelude.at(),
            order: 0,
            xml,
        });
    }
    if edits.is_empty() {
        return Ok(Reviewed {
            bytes: bytes.to_vec(),
            not_anchored,
            not_changed,
        });
    }
    let content = edits.apply(&xml);
    let bytes = archive.rewrite(&[("content.xml".into(), content.into_bytes())], &[])?;
    Ok(Reviewed {
        bytes,
        not_anchored,
        not_changed,
    })
}

/// How the ids of the tracked changes ally writes into .odt files begin.
const ODT_CHANGE_PREFIX: &str = "ally-ct";

/// The highest number that follows `prefix` in `xml` (`office:name="ally-` of
/// `office:name="ally-12"`), so that new names take numbers nothing else has.
fn highest_numbered(xml: &str, prefix: &str) -> u64 {
    xml.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = &xml[at + prefix.len()..];
            rest[..rest.find('"')?].parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
}

/// Where the regions of new tracked changes go in `content.xml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prelude {
    /// Into the document's `text:tracked-changes`, before its end tag.
    Existing(usize),
    /// A new `text:tracked-changes` at the start of `office:text`, after its forms, as the
    /// schema orders them.
    New(usize),
}

impl Prelude {
    fn at(self) -> usize {
        match self {
            Prelude::Existing(at) | Prelude::New(at) => at,
        }
    }
}

/// Where tracked changes go, or `None` when the text has no `office:text` element, or its
/// `text:tracked-changes` is written in a way this code does not extend (empty, `<…/>`).
fn tracked_changes_at(xml: &str) -> Option<Prelude> {
    if xml.contains("<text:tracked-changes") {
        return xml.find("</text:tracked-changes>").map(Prelude::Existing);
    }
    let start = xml
        .match_indices("<office:text")
        .map(|(at, _)| at)
        .find(|&at| {
            matches!(
                xml.as_bytes().get(at + 12),
                Some(b'>' | b' ' | b'\n' | b'\t' | b'\r')
            )
        })?;
    let mut at = start + xml[start..].find('>')? + 1;
    if xml[at - 2..at].starts_with('/') {
        return None;
    }
    let rest = &xml[at..];
    let forms = rest.trim_start();
    if forms.starts_with("<office:forms") {
        let skipped = rest.len() - forms.len();
        let tag_end = forms.find('>')? + 1;
        at += skipped
            + if forms[..tag_end].ends_with("/>") {
                tag_end
            } else {
                forms.find("</office:forms>")? + "</office:forms>".len()
            };
    }
    Some(Prelude::New(at))
}

/// The comments by ally in a comments part: each one's id and what follows its start tag.
fn ally_comments(comments: &str) -> Vec<(u64, &str)> {
    let by_ally = format!("w:author=\"{AUTHOR}\"");
    comments
        .split("<w:comment ")
        .skip(1)
        .filter_map(|c| {
            let (tag, body) = c.split_once('>')?;
            tag.contains(&by_ally).then(|| (highest_id(tag), body))
        })
        .collect()
}

/// The ids of the comments of `ours` that say what `comment` says.
fn same_as(ours: &[(u64, &str)], comment: &Comment) -> Vec<u64> {
    let body = comment_paragraphs(comment);
    ours.iter()
        .filter(|(_, text)| text.starts_with(&body))
        .map(|&(id, _)| id)
        .collect()
}

/// Whether the settings enforce protection against editing.
fn is_protected(settings: &str) -> bool {
    settings.find("documentProtection").is_some_and(|at| {
        let element = &settings[at..];
        let element = &element[..element.find('>').unwrap_or(element.len())];
        [
            "w:enforcement=\"1\"",
            "w:enforcement=\"true\"",
            "w:enforcement=\"on\"",
        ]
        .iter()
        .any(|on| element.contains(on))
    })
}

/// Whether the root element binds `w` to the WordprocessingML namespace, as the markers written
/// here assume.
fn root_binds_w(xml: &str) -> bool {
    xml.contains(&format!("xmlns:w=\"{MAIN_NAMESPACE}\""))
}

/// The highest `w:id` in a part, so that new comments take ids nothing else has.
fn highest_id(xml: &str) -> u64 {
    xml.match_indices("w:id=\"")
        .filter_map(|(at, key)| {
            let rest = &xml[at + key.len()..];
            rest[..rest.find('"')?].parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
}

fn with_comments_relationship(rels: Option<&str>) -> Result<Vec<u8>, DocumentError> {
    let rels = rels.unwrap_or(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>",
    );
    let Some(end) = rels.rfind("</Relationships>") else {
        return Err(DocumentError(
            "ally cannot add comments to this .docx file: its relationships part is damaged".into(),
        ));
    };
    let id = (1..)
        .map(|n| format!("rIdAlly{n}"))
        .find(|id| !rels.contains(&format!("Id=\"{id}\"")))
        .unwrap_or_default();
    Ok(format!(
        "{}<Relationship Id=\"{id}\" Type=\"{COMMENTS_TYPE}\" Target=\"comments.xml\"/>{}",
        &rels[..end],
        &rels[end..]
    )
    .into_bytes())
}

/// The content types with the comments part's added, or `None` if it is there already.
fn with_comments_type(types: &str, comments_name: &str) -> Result<Option<Vec<u8>>, DocumentError> {
    let part = format!("/{comments_name}");
    if types.contains(&format!("PartName=\"{part}\"")) {
        return Ok(None);
    }
    let Some(end) = types.rfind("</Types>") else {
        return Err(DocumentError(
            "ally cannot add comments to this .docx file: its [Content_Types].xml is damaged"
                .into(),
        ));
    };
    Ok(Some(
        format!(
            "{}<Override PartName=\"{part}\" ContentType=\"{COMMENTS_CONTENT_TYPE}\"/>{}",
            &types[..end],
            &types[end..]
        )
        .into_bytes(),
    ))
}

/// The paragraphs of a comment as the comments part holds them.
fn comment_paragraphs(comment: &Comment) -> String {
    comment
        .text
        .iter()
        .map(|p| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                escape(p)
            )
        })
        .collect()
}

fn comment_xml(id: u64, comment: &Comment, author: &Author) -> String {
    let paragraphs = comment_paragraphs(comment);
    format!(
        "<w:comment w:id=\"{id}\" w:author=\"{}\" w:date=\"{}\" w:initials=\"{}\">{paragraphs}</w:comment>",
        escape(&author.name),
        escape(&author.date),
        escape(&author.name)
    )
}

/// A run of the part: its start tag, its properties, and its end tag.
#[derive(Debug, Clone)]
struct Run {
    start_tag: Range<usize>,
    properties: Option<Range<usize>>,
    /// Where the properties start, until their end is read.
    properties_from: Option<usize>,
    end_tag: Range<usize>,
    /// Where the element that holds the run starts: a tracked change can only wrap runs that
    /// share one.
    parent: Option<usize>,
}

/// A `w:t` element.
#[derive(Debug, Clone)]
struct TextElement {
    start_tag: Range<usize>,
    end_tag: Range<usize>,
}

/// A piece of a paragraph's text and where it was read.
#[derive(Debug, Clone)]
struct Piece {
    /// Bytes of the paragraph's raw text (before trimming).
    raw: Range<usize>,
    xml: Range<usize>,
    /// Whether the XML holds exactly the text, so that it can be cut at any character.
    verbatim: bool,
    element: Option<usize>,
    run: Option<usize>,
}

#[derive(Debug)]
struct Paragraph {
    part: Part,
    raw: String,
    pieces: Vec<Piece>,
    /// The ids of the comments whose ranges start in it.
    comments: Vec<u64>,
}

/// The paragraphs of a part with the place of every piece of their text, numbered as the
/// extracted text numbers them.
struct Layout<'a> {
    xml: &'a str,
    open: Vec<Paragraph>,
    done: Vec<(Part, usize, Paragraph)>,
    counts: [usize; 7],
    runs: Vec<Run>,
    open_runs: Vec<usize>,
    elements: Vec<TextElement>,
    open_element: Option<usize>,
    /// Where each open element starts.
    open_tags: Vec<usize>,
    /// The start and end tags of the spans of an .odt, by their start.
    spans: Vec<(Range<usize>, Range<usize>)>,
    open_spans: Vec<usize>,
}

/// The words of a tracked change in an .odt, to be deleted.
#[derive(Debug, PartialEq, Eq)]
struct OdtDeletion {
    /// Where the words start in the XML: the change's marker goes there.
    start: usize,
    /// The pieces of XML that hold the words' text, taken out of the paragraph.
    removed: Vec<Range<usize>>,
    /// The words as a paragraph's content, with the spans that format them, for the change to
    /// keep until the editor accepts it.
    fragment: String,
}

impl Sink for Layout<'_> {
    fn open(&mut self, part: Part) {
        self.open.push(Paragraph {
            part,
            raw: String::new(),
            pieces: Vec::new(),
            comments: Vec::new(),
        });
    }

    fn close(&mut self) {
        if let Some(paragraph) = self.open.pop()
            && !one_line(&paragraph.raw).is_empty()
        {
            let count = &mut self.counts[paragraph.part as usize];
            *count += 1;
            self.done.push((paragraph.part, *count, paragraph));
        }
    }

    fn push(&mut self, text: &str, at: Range<usize>) {
        let verbatim = self.xml.get(at.clone()) == Some(text);
        let (element, run) = (self.open_element, self.open_runs.last().copied());
        if let Some(paragraph) = self.open.last_mut() {
            let from = paragraph.raw.len();
            paragraph.raw.push_str(text);
            paragraph.pieces.push(Piece {
                raw: from..paragraph.raw.len(),
                xml: at,
                verbatim,
                element,
                run,
            });
        }
    }

    fn tag(&mut self, local: &str, tag: Tag, at: Range<usize>) {
        let parent = self.open_tags.last().copied();
        match tag {
            Tag::Start => self.open_tags.push(at.start),
            Tag::End => {
                self.open_tags.pop();
            }
            Tag::Empty => {}
        }
        match (local, tag) {
            ("commentRangeStart", Tag::Empty | Tag::Start) => {
                let id = highest_id(&self.xml[at.clone()]);
                if let Some(paragraph) = self.open.last_mut() {
                    paragraph.comments.push(id);
                }
            }
            ("r", Tag::Start) => {
                self.runs.push(Run {
                    start_tag: at.clone(),
                    properties: None,
                    properties_from: None,
                    end_tag: at.end..at.end,
                    parent,
                });
                self.open_runs.push(self.runs.len() - 1);
            }
            ("r", Tag::End) => {
                if let Some(run) = self.open_runs.pop() {
                    self.runs[run].end_tag = at;
                }
            }
            ("rPr", Tag::Start) => {
                if let Some(&run) = self.open_runs.last() {
                    self.runs[run].properties_from = Some(at.start);
                }
            }
            ("rPr", Tag::End | Tag::Empty) => {
                if let Some(&run) = self.open_runs.last() {
                    let run = &mut self.runs[run];
                    let from = run.properties_from.unwrap_or(at.start);
                    run.properties = Some(from..at.end);
                }
            }
            ("t", Tag::Start) => {
                self.elements.push(TextElement {
                    start_tag: at.clone(),
                    end_tag: at.end..at.end,
                });
                self.open_element = Some(self.elements.len() - 1);
            }
            ("t", Tag::End) => {
                if let Some(element) = self.open_element.take() {
                    self.elements[element].end_tag = at;
                }
            }
            ("span", Tag::Start) => {
                self.spans.push((at.clone(), at.end..at.end));
                self.open_spans.push(self.spans.len() - 1);
            }
            ("span", Tag::End) => {
                if let Some(span) = self.open_spans.pop() {
                    self.spans[span].1 = at;
                }
            }
            _ => {}
        }
    }
}

/// Where a comment marker goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cut {
    /// Outside run `run`, right before or after it.
    Between { at: usize, run: usize },
    /// Inside run `run`, between its children at the position.
    InRun { run: usize, at: usize },
    /// Inside the text of element `element` of run `run`.
    InText {
        run: usize,
        element: usize,
        at: usize,
    },
}

impl Cut {
    /// The run a cut is in or next to.
    fn run(self) -> usize {
        match self {
            Cut::Between { run, .. } | Cut::InRun { run, .. } | Cut::InText { run, .. } => run,
        }
    }

    fn at(self) -> usize {
        match self {
            Cut::Between { at, .. } | Cut::InRun { at, .. } | Cut::InText { at, .. } => at,
        }
    }
}

impl<'a> Layout<'a> {
    fn new(xml: &'a str) -> Layout<'a> {
        Layout {
            xml,
            open: Vec::new(),
            done: Vec::new(),
            counts: [0; 7],
            runs: Vec::new(),
            open_runs: Vec::new(),
            elements: Vec::new(),
            open_element: None,
            open_tags: Vec::new(),
            spans: Vec::new(),
            open_spans: Vec::new(),
        }
    }

    /// The place's words as a deletion in an .odt, if nothing but their text and the spans
    /// around it lies between their start and end: a change across a note, a bookmark or a
    /// link's edge is left to a person.
    fn odt_deletion(&self, place: &Place) -> Option<OdtDeletion> {
        let (paragraph, raw_start, raw_end) = self.raw_range(place)?;
        let (start, end) = self.text_positions(place)?;
        let mut removed = Vec::new();
        for piece in &paragraph.pieces {
            if piece.raw.end <= raw_start || piece.raw.start >= raw_end {
                continue;
            }
            let (from, to) = (piece.xml.start.max(start), piece.xml.end.min(end));
            if !piece.verbatim && (from, to) != (piece.xml.start, piece.xml.end) {
                return None;
            }
            if from < to {
                removed.push(from..to);
            }
        }
        let inside = |tag: &Range<usize>| start <= tag.start && tag.end <= end;
        let mut accounted: Vec<Range<usize>> = removed.clone();
        for (start_tag, end_tag) in &self.spans {
            accounted.extend(
                [start_tag, end_tag]
                    .into_iter()
                    .filter(|t| inside(t))
                    .cloned(),
            );
        }
        accounted.sort_by_key(|r| r.start);
        let mut at = start;
        for range in &accounted {
            if range.start != at {
                return None;
            }
            at = range.end;
        }
        if at != end {
            return None;
        }
        // Spans open where the words start are reopened around them, and those open where
        // they end are closed, so that the fragment is whole.
        let open_at = |at: usize| {
            self.spans
                .iter()
                .filter(move |(start_tag, end_tag)| start_tag.end <= at && at <= end_tag.start)
        };
        let mut fragment: String = open_at(start)
            .map(|(start_tag, _)| &self.xml[start_tag.clone()])
            .collect();
        fragment.push_str(&self.xml[start..end]);
        for (start_tag, _) in open_at(end) {
            fragment.push_str(&format!("</{}>", tag_name(&self.xml[start_tag.clone()])));
        }
        Some(OdtDeletion {
            start,
            removed,
            fragment,
        })
    }

    /// Where the place's words start and end as positions in the XML's text, for formats that
    /// take markers anywhere in a paragraph (.odt). A piece that is not written verbatim (an
    /// entity, `<text:s text:c="3"/>`) is not cut: the marker goes beside it.
    fn text_positions(&self, place: &Place) -> Option<(usize, usize)> {
        let ((first, start), (last, end)) = self.locate(place)?;
        let start = if first.verbatim {
            first.xml.start + (start - first.raw.start)
        } else {
            first.xml.start
        };
        let end = if last.verbatim {
            last.xml.start + (end - last.raw.start)
        } else {
            last.xml.end
        };
        Some((start, end))
    }

    /// Whether the paragraph of `place` already holds a comment with the id of one of
    /// `existing`: a second `ally fix` leaves the comments of the first as they are.
    fn has_comment(&self, place: &Place, existing: &[u64]) -> bool {
        self.paragraph(place)
            .is_some_and(|paragraph| paragraph.comments.iter().any(|id| existing.contains(id)))
    }

    /// The paragraph that `place` names.
    fn paragraph(&self, place: &Place) -> Option<&Paragraph> {
        self.done
            .iter()
            .find(|(part, number, _)| part.name() == place.part && *number == place.paragraph)
            .map(|(_, _, paragraph)| paragraph)
    }

    /// Where the place's words start and end in the XML, if its paragraph is in this part and
    /// still reads as the extracted text did.
    fn anchor(&self, place: &Place) -> Option<(Cut, Cut)> {
        let ((first, start), (last, end)) = self.locate(place)?;
        Some((self.cut_before(first, start)?, self.cut_after(last, end)?))
    }

    /// The pieces that hold the first and the last byte of the place's words, with where the
    /// words start and end in the paragraph's raw text.
    #[allow(clippy::type_complexity)]
    fn locate(&self, place: &Place) -> Option<((&Piece, usize), (&Piece, usize))> {
        let (paragraph, start, end) = self.raw_range(place)?;
        let first = paragraph
            .pieces
            .iter()
            .find(|p| p.raw.start <= start && start < p.raw.end)?;
        let last = paragraph
            .pieces
            .iter()
            .find(|p| p.raw.start < end && end <= p.raw.end)?;
        Some(((first, start), (last, end)))
    }

    /// The paragraph of `place`, if it still reads as the extracted text did, with where the
    /// words start and end in its raw text.
    fn raw_range(&self, place: &Place) -> Option<(&Paragraph, usize, usize)> {
        let paragraph = self.paragraph(place)?;
        if one_line(&paragraph.raw) != place.line || place.range.start >= place.range.end {
            return None;
        }
        let start = raw_offset(&paragraph.raw, place.range.start)?;
        let end = raw_offset(&paragraph.raw, place.range.end)?;
        Some((paragraph, start, end))
    }

    /// The cut at `offset` of the raw text, which is in `piece`, for a range that starts there.
    fn cut_before(&self, piece: &Piece, offset: usize) -> Option<Cut> {
        let run = piece.run?;
        if offset > piece.raw.start && piece.verbatim && piece.element.is_some() {
            let at = piece.xml.start + (offset - piece.raw.start);
            return Some(self.in_text(run, piece.element?, at));
        }
        Some(match piece.element {
            Some(element) if self.elements[element].start_tag.end == piece.xml.start => {
                self.in_run(run, self.elements[element].start_tag.start)
            }
            Some(element) => self.in_text(run, element, piece.xml.start),
            None => self.in_run(run, piece.xml.start),
        })
    }

    /// The cut at `offset` of the raw text, which is in `piece`, for a range that ends there.
    fn cut_after(&self, piece: &Piece, offset: usize) -> Option<Cut> {
        let run = piece.run?;
        if offset < piece.raw.end && piece.verbatim && piece.element.is_some() {
            let at = piece.xml.start + (offset - piece.raw.start);
            return Some(self.in_text(run, piece.element?, at));
        }
        Some(match piece.element {
            Some(element) if self.elements[element].end_tag.start == piece.xml.end => {
                self.in_run(run, self.elements[element].end_tag.end)
            }
            Some(element) => self.in_text(run, element, piece.xml.end),
            None => self.in_run(run, piece.xml.end),
        })
    }

    fn in_text(&self, run: usize, element: usize, at: usize) -> Cut {
        let text = &self.elements[element];
        if at <= text.start_tag.end {
            self.in_run(run, text.start_tag.start)
        } else if at >= text.end_tag.start {
            self.in_run(run, text.end_tag.end)
        } else {
            Cut::InText { run, element, at }
        }
    }

    /// A cut between the children of `run`: outside it when nothing but white space is on
    /// one side.
    fn in_run(&self, run: usize, at: usize) -> Cut {
        let r = &self.runs[run];
        let content_start = r.properties.as_ref().map_or(r.start_tag.end, |p| p.end);
        if self.xml[content_start..at].trim().is_empty() {
            Cut::Between {
                at: r.start_tag.start,
                run,
            }
        } else if self.xml[at..r.end_tag.start].trim().is_empty() {
            Cut::Between {
                at: r.end_tag.end,
                run,
            }
        } else {
            Cut::InRun { run, at }
        }
    }

    /// The XML that reopens `run` after a cut: its start tag and properties.
    fn reopen(&self, run: usize) -> String {
        let r = &self.runs[run];
        let mut out = self.xml[r.start_tag.clone()].to_owned();
        if let Some(properties) = &r.properties {
            out.push_str(&self.xml[properties.clone()]);
        }
        out
    }
}

/// The byte of `raw` that is byte `offset` of its one-line form.
fn raw_offset(raw: &str, offset: usize) -> Option<usize> {
    let trimmed = raw.trim_start();
    let lead = raw.len() - trimmed.len();
    let mut line = 0;
    for (at, c) in trimmed.char_indices() {
        if line == offset {
            return Some(lead + at);
        }
        line += match c {
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => 1,
            c => c.len_utf8(),
        };
    }
    (line == offset).then_some(raw.trim_end().len())
}

/// A comment's range markers, at its start and at its end with the reference after it.
fn comment_start(id: u64) -> String {
    format!("<w:commentRangeStart w:id=\"{id}\"/>")
}

fn comment_end(id: u64) -> String {
    format!("<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>")
}

/// Which side of a cut is deleted text of a tracked change, whose runs hold `w:delText`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Deleted {
    Neither,
    After,
    Before,
}

/// What goes in at one place of a part.
struct Insert {
    at: usize,
    /// Ends of ranges go before starts at the same place.
    order: u8,
    xml: String,
}

/// The changes to a part: what goes in at cuts, and the tags of text elements that are
/// rewritten (to keep their spaces once cut, or to become deleted text).
#[derive(Default)]
struct Edits {
    inserts: Vec<Insert>,
    /// By start: the end of the tag and what replaces it.
    tags: std::collections::BTreeMap<usize, (usize, String)>,
}

impl Edits {
    fn is_empty(&self) -> bool {
        self.inserts.is_empty() && self.tags.is_empty()
    }

    /// Puts `markers` at `cut`, closing and reopening the run around them when the cut is
    /// inside one.
    fn cut(&mut self, layout: &Layout<'_>, cut: Cut, markers: &str, order: u8, deleted: Deleted) {
        let (close, open) = match cut {
            Cut::Between { .. } => (String::new(), String::new()),
            Cut::InRun { run, .. } => (run_end(layout, run), layout.reopen(run)),
            Cut::InText { run, element, .. } => {
                let start_tag = layout.elements[element].start_tag.clone();
                let name = tag_name(&layout.xml[start_tag.clone()]).to_owned();
                let deleted_name = deleted_text_name(&name);
                let (before, after) = match deleted {
                    Deleted::Neither => (name.as_str(), name.as_str()),
                    Deleted::After => (name.as_str(), deleted_name.as_str()),
                    Deleted::Before => (deleted_name.as_str(), name.as_str()),
                };
                self.tags
                    .entry(start_tag.start)
                    .or_insert_with(|| (start_tag.end, format!("<{name} xml:space=\"preserve\">")));
                (
                    format!("</{before}>{}", run_end(layout, run)),
                    format!("{}<{after} xml:space=\"preserve\">", layout.reopen(run)),
                )
            }
        };
        self.inserts.push(Insert {
            at: cut.at(),
            order,
            xml: format!("{close}{markers}{open}"),
        });
    }

    /// Anchors comment `id` from `start` to `end`.
    fn comment(&mut self, layout: &Layout<'_>, (start, end): (Cut, Cut), id: u64) {
        self.cut(layout, start, &comment_start(id), 1, Deleted::Neither);
        self.cut(layout, end, &comment_end(id), 0, Deleted::Neither);
    }

    /// Replaces the text from `start` to `end` by `replacement` as a tracked change: the old
    /// runs become a deletion and a run with the new text, formatted as the first old one,
    /// follows as an insertion. `ids` are the deletion's and the insertion's.
    fn change(
        &mut self,
        layout: &Layout<'_>,
        (start, end): (Cut, Cut),
        replacement: &str,
        ids: (u64, u64),
        author: &Author,
    ) {
        let who = format!(
            "w:author=\"{}\" w:date=\"{}\"",
            escape(&author.name),
            escape(&author.date)
        );
        let properties = layout.runs[start.run()]
            .properties
            .clone()
            .map_or("", |p| &layout.xml[p]);
        self.cut(
            layout,
            start,
            &format!("<w:del w:id=\"{}\" {who}>", ids.0),
            1,
            Deleted::After,
        );
        let inserted = if replacement.is_empty() {
            String::new()
        } else {
            format!(
                "<w:ins w:id=\"{}\" {who}><w:r>{properties}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:ins>",
                ids.1,
                escape(replacement)
            )
        };
        self.cut(
            layout,
            end,
            &format!("</w:del>{inserted}"),
            0,
            Deleted::Before,
        );
        // The text elements between the cuts hold deleted text now. Elements do not nest, so
        // they are in order of both their tags.
        let deleted = start.at()..end.at();
        let first = layout
            .elements
            .partition_point(|e| e.end_tag.start < deleted.start);
        let between = layout.elements[first..]
            .iter()
            .take_while(|e| e.start_tag.start < deleted.end);
        for element in between {
            let name = tag_name(&layout.xml[element.start_tag.clone()]);
            let deleted_name = deleted_text_name(name);
            if deleted.contains(&element.start_tag.start) {
                self.tags.insert(
                    element.start_tag.start,
                    (
                        element.start_tag.end,
                        format!("<{deleted_name} xml:space=\"preserve\">"),
                    ),
                );
            }
            if deleted.contains(&element.end_tag.start) {
                self.tags.insert(
                    element.end_tag.start,
                    (element.end_tag.end, format!("</{deleted_name}>")),
                );
            }
        }
    }

    /// The part with the edits made.
    fn apply(mut self, xml: &str) -> String {
        self.inserts.sort_by_key(|insert| (insert.at, insert.order));
        let mut out = String::with_capacity(xml.len() + self.inserts.len() * 200);
        let mut copied = 0;
        let mut tags = self.tags.into_iter().peekable();
        for insert in &self.inserts {
            // A tag that starts where an insert goes comes after it.
            while let Some((start, (end, tag))) = tags.next_if(|(start, _)| *start < insert.at) {
                out.push_str(&xml[copied..start]);
                out.push_str(&tag);
                copied = end;
            }
            out.push_str(&xml[copied..insert.at]);
            out.push_str(&insert.xml);
            copied = insert.at;
        }
        for (start, (end, tag)) in tags {
            out.push_str(&xml[copied..start]);
            out.push_str(&tag);
            copied = end;
        }
        out.push_str(&xml[copied..]);
        out
    }
}

/// `w:delText` for the text element `w:t`, with the same prefix.
fn deleted_text_name(name: &str) -> String {
    match name.split_once(':') {
        Some((prefix, _)) => format!("{prefix}:delText"),
        None => "delText".to_owned(),
    }
}

/// The end tag of `run`, as written.
fn run_end(layout: &Layout<'_>, run: usize) -> String {
    format!(
        "</{}>",
        tag_name(&layout.xml[layout.runs[run].start_tag.clone()])
    )
}

/// The qualified name of a start tag: `w:t` of `<w:t xml:space="preserve">`.
fn tag_name(tag: &str) -> &str {
    let name = tag.trim_start_matches('<');
    let end = name
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(name.len());
    &name[..end]
}

/// The current time in UTC as ISO 8601, or the time in `SOURCE_DATE_EPOCH` when set, so that
/// builds and tests can make the same copy twice.
pub fn now_utc() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
    const TAIL: &str = "</w:body></w:document>";

    /// The body XML after `edit` is made at the cuts of `range` of the body's one paragraph.
    fn edited(
        body: &str,
        line: &str,
        range: Range<usize>,
        edit: impl FnOnce(&mut Edits, &Layout<'_>, (Cut, Cut)),
    ) -> String {
        let xml = format!("{HEAD}{body}{TAIL}");
        let mut layout = Layout::new(&xml);
        docx::parse(&xml, "word/document.xml", Part::Body, &mut layout).unwrap();
        let place = Place {
            part: "body".into(),
            paragraph: 1,
            line: line.into(),
            range,
        };
        let cuts = layout.anchor(&place).expect("anchored");
        let mut edits = Edits::default();
        edit(&mut edits, &layout, cuts);
        let out = edits.apply(&xml);
        out[HEAD.len()..out.len() - TAIL.len()].to_owned()
    }

    fn commented(body: &str, line: &str, range: Range<usize>) -> String {
        edited(body, line, range, |edits, layout, cuts| {
            edits.comment(layout, cuts, 7)
        })
    }

    fn changed(body: &str, line: &str, range: Range<usize>, replacement: &str) -> String {
        let author = Author {
            name: "ally".into(),
            date: "D".into(),
        };
        edited(body, line, range, |edits, layout, cuts| {
            edits.change(layout, cuts, replacement, (7, 8), &author)
        })
    }

    const DEL: &str = "<w:del w:id=\"7\" w:author=\"ally\" w:date=\"D\">";
    const INS: &str = "<w:ins w:id=\"8\" w:author=\"ally\" w:date=\"D\">";

    #[test]
    fn a_change_deletes_the_old_runs_and_inserts_the_new_text() {
        assert_eq!(
            changed(
                "<w:p><w:r><w:t>whitelist</w:t></w:r></w:p>",
                "whitelist",
                0..9,
                "allowlist"
            ),
            format!(
                "<w:p>{DEL}<w:r><w:delText xml:space=\"preserve\">whitelist</w:delText></w:r></w:del>{INS}<w:r><w:t xml:space=\"preserve\">allowlist</w:t></w:r></w:ins></w:p>"
            )
        );
    }

    #[test]
    fn a_change_inside_a_run_and_across_runs_keeps_the_formatting_of_each() {
        let body = "<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Add to the white</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>list now</w:t></w:r></w:p>";
        assert_eq!(
            changed(body, "Add to the whitelist now", 11..20, "allowlist"),
            format!(
                "<w:p><w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">Add to the </w:t></w:r>{DEL}<w:r><w:rPr><w:i/></w:rPr><w:delText xml:space=\"preserve\">white</w:delText></w:r><w:r><w:rPr><w:b/></w:rPr><w:delText xml:space=\"preserve\">list</w:delText></w:r></w:del>{INS}<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">allowlist</w:t></w:r></w:ins><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"> now</w:t></w:r></w:p>"
            )
        );
    }

    const END: &str = "<w:commentRangeEnd w:id=\"7\"/><w:r><w:commentReference w:id=\"7\"/></w:r>";

    #[test]
    fn a_whole_run_is_anchored_without_splitting() {
        assert_eq!(
            commented(
                "<w:p><w:r><w:t>whitelist</w:t></w:r></w:p>",
                "whitelist",
                0..9
            ),
            format!(
                "<w:p><w:commentRangeStart w:id=\"7\"/><w:r><w:t>whitelist</w:t></w:r>{END}</w:p>"
            )
        );
    }

    #[test]
    fn a_term_inside_a_run_splits_it_keeping_its_formatting() {
        let body = "<w:p><w:r w:rsidR=\"1\"><w:rPr><w:b/></w:rPr><w:t>Use the whitelist now</w:t></w:r></w:p>";
        let run = "<w:r w:rsidR=\"1\"><w:rPr><w:b/></w:rPr>";
        assert_eq!(
            commented(body, "Use the whitelist now", 8..17),
            format!(
                "<w:p>{run}<w:t xml:space=\"preserve\">Use the </w:t></w:r><w:commentRangeStart w:id=\"7\"/>{run}<w:t xml:space=\"preserve\">whitelist</w:t></w:r>{END}{run}<w:t xml:space=\"preserve\"> now</w:t></w:r></w:p>"
            )
        );
    }

    #[test]
    fn a_term_split_over_runs_is_anchored_across_them() {
        let body =
            "<w:p><w:r><w:t>white</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>list</w:t></w:r></w:p>";
        assert_eq!(
            commented(body, "whitelist", 0..9),
            format!(
                "<w:p><w:commentRangeStart w:id=\"7\"/><w:r><w:t>white</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>list</w:t></w:r>{END}</w:p>"
            )
        );
    }

    #[test]
    fn leading_spaces_and_entities_keep_offsets_right() {
        let body = "<w:p><w:r><w:t xml:space=\"preserve\">  a &amp; whitelist</w:t></w:r></w:p>";
        let out = commented(body, "a & whitelist", 4..13);
        assert!(
            out.contains("<w:commentRangeStart w:id=\"7\"/><w:r><w:t xml:space=\"preserve\">whitelist</w:t></w:r>"),
            "{out}"
        );
    }

    #[test]
    fn protection_and_ids_are_read_from_the_xml() {
        assert!(is_protected(
            "<w:settings><w:documentProtection w:edit=\"readOnly\" w:enforcement=\"1\"/></w:settings>"
        ));
        assert!(!is_protected(
            "<w:settings><w:documentProtection w:edit=\"readOnly\" w:enforcement=\"0\"/></w:settings>"
        ));
        assert_eq!(
            highest_id("<a w:id=\"3\"/><b w:id=\"12\"/><c w:id=\"x\"/>"),
            12
        );
    }

    /// The deletion of `range` of the one paragraph of an .odt's `body`.
    fn odt_deleted(body: &str, line: &str, range: Range<usize>) -> Option<(String, String)> {
        let xml = format!(
            "<office:document-content><office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        let mut layout = Layout::new(&xml);
        super::super::odt::parse(&xml, "content.xml", &mut layout).unwrap();
        let place = Place {
            part: "body".into(),
            paragraph: 1,
            line: line.into(),
            range,
        };
        let deletion = layout.odt_deletion(&place)?;
        let mut edits = Edits::default();
        for removed in &deletion.removed {
            edits
                .tags
                .insert(removed.start, (removed.end, String::new()));
        }
        edits.inserts.push(Insert {
            at: deletion.start,
            order: 1,
            xml: "|".into(),
        });
        let out = edits.apply(&xml);
        let from = out.find("<office:text>").unwrap() + "<office:text>".len();
        let to = out.find("</office:text>").unwrap();
        Some((out[from..to].to_owned(), deletion.fragment))
    }

    #[test]
    fn an_odt_deletion_takes_the_text_out_and_keeps_its_spans_whole() {
        assert_eq!(
            odt_deleted(
                "<text:p>Use the whitelist now</text:p>",
                "Use the whitelist now",
                8..17
            ),
            Some(("<text:p>Use the | now</text:p>".into(), "whitelist".into()))
        );
        // Across the end of one span and into another, with an escaped character.
        let body = "<text:p><text:span text:style-name=\"A\">the white</text:span><text:span text:style-name=\"B\">list &amp; more</text:span></text:p>";
        assert_eq!(
            odt_deleted(body, "the whitelist & more", 4..15),
            Some((
                "<text:p><text:span text:style-name=\"A\">the |</text:span><text:span text:style-name=\"B\"> more</text:span></text:p>".into(),
                "<text:span text:style-name=\"A\">white</text:span><text:span text:style-name=\"B\">list &amp;</text:span>".into()
            ))
        );
        // Repeated spaces are one element, taken whole.
        assert_eq!(
            odt_deleted(
                "<text:p>man<text:s text:c=\"2\"/>hours</text:p>",
                "man  hours",
                0..10
            ),
            Some((
                "<text:p>|</text:p>".into(),
                "man<text:s text:c=\"2\"/>hours".into()
            ))
        );
    }

    #[test]
    fn an_odt_deletion_across_a_bookmark_or_a_link_edge_is_left_alone() {
        let bookmark = "<text:p>white<text:bookmark text:name=\"x\"/>list</text:p>";
        assert_eq!(odt_deleted(bookmark, "whitelist", 0..9), None);
        let link = "<text:p><text:a xlink:href=\"#\">white</text:a>list</text:p>";
        assert_eq!(odt_deleted(link, "whitelist", 0..9), None);
    }

    #[test]
    fn odt_tracked_changes_go_first_in_the_text_or_into_those_it_has() {
        let xml = "<office:body><office:text text:use-soft-page-breaks=\"true\"><office:forms form:automatic-focus=\"false\"/><text:p/>";
        assert_eq!(
            tracked_changes_at(xml),
            Some(Prelude::New(xml.find("<text:p/>").unwrap()))
        );
        let xml =
            "<office:text><text:tracked-changes><text:changed-region/></text:tracked-changes>";
        assert_eq!(
            tracked_changes_at(xml),
            Some(Prelude::Existing(
                xml.find("</text:tracked-changes>").unwrap()
            ))
        );
        assert_eq!(
            tracked_changes_at("<office:text><text:tracked-changes/>"),
            None
        );
        assert_eq!(tracked_changes_at("<office:spreadsheet>"), None);
        assert_eq!(
            highest_numbered(
                "a=\"ally-ct3\" b=\"ally-ct12\" c=\"ally-ctx\"",
                "=\"ally-ct"
            ),
            12
        );
    }

    #[test]
    fn dates_are_iso_8601_in_utc() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_429), (2025, 12, 7));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
