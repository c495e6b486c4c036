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
use super::docx::{self, Sink, Tag};
use super::{DocumentError, DocumentType, Limits, Part, one_line, xml_text};
use crate::report::xml::escape;

/// One comment to anchor: on `range` of paragraph `paragraph` of `part`, as the extracted text
/// numbers them (see [`super::ExtractedDocument`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The part's name in locations: `body`, `table`, `footnote`, …
    pub part: String,
    /// The paragraph's number within its part, from 1.
    pub paragraph: usize,
    /// The paragraph's text as extracted, to be sure the anchor lands on the same words.
    pub line: String,
    /// Bytes of `line` that the comment is anchored on.
    pub range: Range<usize>,
    /// The comment's paragraphs.
    pub text: Vec<String>,
}

/// The reviewed copy of a document.
#[derive(Debug)]
pub struct Reviewed {
    /// The copy's bytes.
    pub bytes: Vec<u8>,
    /// The indexes of the comments that could not be anchored (Word keeps no comments in
    /// headers and footers, nor LibreOffice in notes), for the summary to list instead.
    pub not_anchored: Vec<usize>,
}

/// Who writes the comments, and when.
#[derive(Clone, Debug)]
pub struct Author {
    pub name: String,
    /// An ISO 8601 time in UTC, `2026-12-07T10:00:00Z`.
    pub date: String,
}

/// A copy of the document with `comments` in it.
pub fn review(
    kind: DocumentType,
    bytes: &[u8],
    comments: &[Comment],
    author: &Author,
) -> Result<Reviewed, DocumentError> {
    match kind {
        DocumentType::Docx => review_docx(bytes, comments, author),
        other => Err(DocumentError(format!(
            "ally cannot write comments into .{} files yet; `ally check --format html` gives a \
             report to read beside it",
            other.name()
        ))),
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
    // Comments go in the main text only. Word keeps none in headers and footers, and
    // LibreOffice (7.4) refuses to open a file with a comment in a footnote or endnote, so the
    // findings there are listed for the summary instead.
    let parts = [(main.clone(), xml, Part::Body)];
    let comments_name = docx::join(folder, "comments.xml");
    let existing_comments = archive.read(&comments_name)?.map(xml_text);
    let mut next_id = parts
        .iter()
        .map(|(_, xml, _)| highest_id(xml))
        .chain(existing_comments.as_deref().map(highest_id))
        .max()
        .unwrap_or(0)
        + 1;
    let mut anchored = vec![false; comments.len()];
    let mut written = Vec::new();
    let mut replace = Vec::new();
    for (name, xml, part) in &parts {
        let mut layout = Layout::new(xml);
        docx::parse(xml, name, *part, &mut layout)?;
        let mut edits = Edits::default();
        for (index, comment) in comments.iter().enumerate() {
            if anchored[index] {
                continue;
            }
            if let Some((start, end)) = layout.anchor(comment) {
                edits.add(&layout, start, Marker::Start(next_id));
                edits.add(&layout, end, Marker::End(next_id));
                written.push((next_id, comment));
                anchored[index] = true;
                next_id += 1;
            }
        }
        if !edits.cuts.is_empty() {
            replace.push((name.clone(), edits.apply(xml).into_bytes()));
        }
    }
    let not_anchored: Vec<usize> = (0..comments.len()).filter(|&i| !anchored[i]).collect();
    if written.is_empty() {
        return Ok(Reviewed {
            bytes: bytes.to_vec(),
            not_anchored,
        });
    }
    let bodies: String = written
        .iter()
        .map(|(id, comment)| comment_xml(*id, comment, author))
        .collect();
    let mut add = Vec::new();
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
        &format!("{}.rels", main.rsplit('/').next().unwrap_or(&main)),
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
    let bytes = archive.rewrite(&replace, &add)?;
    Ok(Reviewed {
        bytes,
        not_anchored,
    })
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

fn comment_xml(id: u64, comment: &Comment, author: &Author) -> String {
    let paragraphs: String = comment
        .text
        .iter()
        .map(|p| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                escape(p)
            )
        })
        .collect();
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
}

impl Sink for Layout<'_> {
    fn open(&mut self, part: Part) {
        self.open.push(Paragraph {
            part,
            raw: String::new(),
            pieces: Vec::new(),
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
        match (local, tag) {
            ("r", Tag::Start) => {
                self.runs.push(Run {
                    start_tag: at.clone(),
                    properties: None,
                    properties_from: None,
                    end_tag: at.end..at.end,
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
            _ => {}
        }
    }
}

/// Where a comment marker goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cut {
    /// Between elements of the XML, outside any run.
    Between(usize),
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
    fn at(self) -> usize {
        match self {
            Cut::Between(at) | Cut::InRun { at, .. } | Cut::InText { at, .. } => at,
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
        }
    }

    /// Where the comment's range starts and ends in the XML, if its paragraph is in this part
    /// and still reads as the extracted text did.
    fn anchor(&self, comment: &Comment) -> Option<(Cut, Cut)> {
        let (_, _, paragraph) = self.done.iter().find(|(part, number, _)| {
            part.name() == comment.part && *number == comment.paragraph
        })?;
        if one_line(&paragraph.raw) != comment.line || comment.range.start >= comment.range.end {
            return None;
        }
        let start = raw_offset(&paragraph.raw, comment.range.start)?;
        let end = raw_offset(&paragraph.raw, comment.range.end)?;
        let first = paragraph
            .pieces
            .iter()
            .find(|p| p.raw.start <= start && start < p.raw.end)?;
        let last = paragraph
            .pieces
            .iter()
            .find(|p| p.raw.start < end && end <= p.raw.end)?;
        Some((self.cut_before(first, start)?, self.cut_after(last, end)?))
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
            Cut::Between(r.start_tag.start)
        } else if self.xml[at..r.end_tag.start].trim().is_empty() {
            Cut::Between(r.end_tag.end)
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

#[derive(Clone, Copy, Debug)]
enum Marker {
    Start(u64),
    End(u64),
}

impl Marker {
    fn xml(self) -> String {
        match self {
            Marker::Start(id) => format!("<w:commentRangeStart w:id=\"{id}\"/>"),
            Marker::End(id) => format!(
                "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"
            ),
        }
    }
}

/// The changes to a part: markers at cuts, and the `w:t` start tags that must now keep their
/// spaces because their text is cut.
#[derive(Default)]
struct Edits {
    /// Each cut with the XML that goes there.
    cuts: Vec<(Cut, String)>,
    preserve: Vec<Range<usize>>,
    /// Per cut inside a run, how the run is closed and reopened.
    wrap: Vec<(String, String)>,
}

impl Edits {
    fn add(&mut self, layout: &Layout<'_>, cut: Cut, marker: Marker) {
        let markers = marker.xml();
        // Markers at one place go together, ends first: a comment that ends where the next
        // starts shares one cut.
        if let Some(index) = self.cuts.iter().position(|(c, _)| c.at() == cut.at()) {
            let (_, existing) = &mut self.cuts[index];
            match marker {
                Marker::End(_) => existing.insert_str(0, &markers),
                Marker::Start(_) => existing.push_str(&markers),
            }
            return;
        }
        let (close, open) = match cut {
            Cut::Between(_) => (String::new(), String::new()),
            Cut::InRun { run, .. } => (run_end(layout, run), layout.reopen(run)),
            Cut::InText { run, element, .. } => {
                let tag = &layout.xml[layout.elements[element].start_tag.clone()];
                let name = tag_name(tag);
                if !self.preserve.contains(&layout.elements[element].start_tag) {
                    self.preserve
                        .push(layout.elements[element].start_tag.clone());
                }
                (
                    format!("</{name}>{}", run_end(layout, run)),
                    format!("{}<{name} xml:space=\"preserve\">", layout.reopen(run)),
                )
            }
        };
        self.cuts.push((cut, markers));
        self.wrap.push((close, open));
    }

    /// The part with the edits made.
    fn apply(mut self, xml: &str) -> String {
        let mut order: Vec<usize> = (0..self.cuts.len()).collect();
        order.sort_by_key(|&i| self.cuts[i].0.at());
        self.preserve.sort_by_key(|r| r.start);
        let mut out = String::with_capacity(xml.len() + self.cuts.len() * 200);
        let mut copied = 0;
        let mut preserve = self.preserve.drain(..).peekable();
        for i in order {
            let at = self.cuts[i].0.at();
            while let Some(tag) = preserve.next_if(|tag| tag.start < at) {
                out.push_str(&xml[copied..tag.start]);
                out.push_str(&format!(
                    "<{} xml:space=\"preserve\">",
                    tag_name(&xml[tag.clone()])
                ));
                copied = tag.end;
            }
            out.push_str(&xml[copied..at]);
            let (close, open) = &self.wrap[i];
            out.push_str(close);
            out.push_str(&self.cuts[i].1);
            out.push_str(open);
            copied = at;
        }
        for tag in preserve {
            out.push_str(&xml[copied..tag.start]);
            out.push_str(&format!(
                "<{} xml:space=\"preserve\">",
                tag_name(&xml[tag.clone()])
            ));
            copied = tag.end;
        }
        out.push_str(&xml[copied..]);
        out
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

    fn commented(body: &str, line: &str, range: Range<usize>) -> String {
        let xml = format!("{HEAD}{body}{TAIL}");
        let mut layout = Layout::new(&xml);
        docx::parse(&xml, "word/document.xml", Part::Body, &mut layout).unwrap();
        let comment = Comment {
            part: "body".into(),
            paragraph: 1,
            line: line.into(),
            range,
            text: vec![],
        };
        let (start, end) = layout.anchor(&comment).expect("anchored");
        let mut edits = Edits::default();
        edits.add(&layout, start, Marker::Start(7));
        edits.add(&layout, end, Marker::End(7));
        let out = edits.apply(&xml);
        out[HEAD.len()..out.len() - TAIL.len()].to_owned()
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

    #[test]
    fn dates_are_iso_8601_in_utc() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_429), (2025, 12, 7));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
