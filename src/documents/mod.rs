//! Policy documents: .docx, .odt (and flat .fodt), .rtf and .pdf files turned into plain text that is
//! checked as prose, with a map from ranges of that text to where a reader finds them.
//!
//! Each reader hands back an [`ExtractedDocument`]: the document's text, one paragraph per line
//! for .docx, .odt and .rtf (body and tables in reading order, then headers, footers, footnotes,
//! endnotes and comments), or page after page for .pdf; and `spans` that say which page, or
//! which paragraph of which part, each range comes from.
//!
//! These files arrive by e-mail and from shared drives, so every reader is defensive: archives
//! are read through size-limited readers (a zip bomb is refused after at most
//! [`Limits::max_entry`] bytes of output, in milliseconds), XML entities other than the five
//! predefined ones and character references are never expanded, PDF streams are inflated
//! against a budget page by page, and any problem becomes a [`DocumentError`] with a message
//! for the person who owns the file.

mod archive;
mod docx;
mod odt;
mod package;
mod pdf;
mod pptx;
pub mod review;
mod rtf;
mod xlsx;

use std::fmt;
use std::ops::Range;
use std::path::Path;

use crate::finding::Location;

/// The document formats read by this module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentType {
    /// Office Open XML word processing (.docx, .docm, .dotx, .dotm).
    Docx,
    /// OpenDocument text (.odt, .ott).
    Odt,
    /// Flat OpenDocument text: the same XML, not zipped (.fodt).
    FlatOdt,
    /// Portable Document Format (.pdf).
    Pdf,
    /// Rich Text Format (.rtf).
    Rtf,
    /// Office Open XML presentations (.pptx, .pptm, .potx): slide text and speaker notes.
    Pptx,
    /// Office Open XML workbooks (.xlsx, .xlsm, .xltx): the text of each cell.
    Xlsx,
}

impl DocumentType {
    /// The type of a file from its extension, or `None` for other files.
    pub fn detect(path: &Path) -> Option<DocumentType> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "docx" | "docm" | "dotx" | "dotm" => DocumentType::Docx,
            "odt" | "ott" => DocumentType::Odt,
            "fodt" => DocumentType::FlatOdt,
            "pdf" => DocumentType::Pdf,
            "rtf" => DocumentType::Rtf,
            "pptx" | "pptm" | "potx" => DocumentType::Pptx,
            "xlsx" | "xlsm" | "xltx" => DocumentType::Xlsx,
            _ => return None,
        })
    }

    /// The type of a file from its extension and, where the name is not enough, its first
    /// bytes: Word saves RTF under a .doc name when asked to.
    pub fn of(path: &Path, bytes: &[u8]) -> Option<DocumentType> {
        DocumentType::detect(path)
            .or_else(|| (is_legacy_word(path) && rtf::is_rtf(bytes)).then_some(DocumentType::Rtf))
    }

    /// The largest file of this type that is read, in bytes: the whole file is held in
    /// memory, so a larger one is refused from its size before it is read. A flat .fodt is
    /// its own XML, so it has the limit of everything unpacked from an archive.
    pub fn max_file_size(self) -> u64 {
        match self {
            DocumentType::Docx | DocumentType::Odt | DocumentType::Pptx | DocumentType::Xlsx => {
                crate::read::MAX_INPUT
            }
            DocumentType::FlatOdt => Limits::default().max_total,
            DocumentType::Pdf => pdf::MAX_FILE,
            DocumentType::Rtf => Limits::default().max_total,
        }
    }

    /// A short name for messages and reports: `docx`, `odt` or `pdf`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentType::Docx => "docx",
            DocumentType::Odt | DocumentType::FlatOdt => "odt",
            DocumentType::Pdf => "pdf",
            DocumentType::Rtf => "rtf",
            DocumentType::Pptx => "pptx",
            DocumentType::Xlsx => "xlsx",
        }
    }
}

/// How far a document may expand while it is read. The defaults are far above what real
/// policy documents need and far below what would hurt the machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one archive entry (such as `word/document.xml`) may expand to.
    pub max_entry: u64,
    /// Bytes all the entries read from one archive may expand to together.
    pub max_total: u64,
    /// How many times larger than its compressed size an entry may become, once it is past
    /// [`Limits::ratio_floor`] bytes.
    pub max_ratio: u64,
    /// Entries smaller than this are not held to the ratio (small files compress oddly).
    pub ratio_floor: u64,
    /// Bytes of extracted text kept; the rest of a document is left out, with a note.
    pub max_text: usize,
    /// Bytes one PDF page's content streams may expand to.
    pub max_page_content: usize,
    /// Bytes all of a PDF's page content streams may expand to together.
    pub max_pdf_content: usize,
}

const MB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_entry: 50 * MB,
            max_total: 100 * MB,
            max_ratio: 200,
            ratio_floor: MB,
            max_text: 32 * MB as usize,
            max_page_content: 32 * MB as usize,
            max_pdf_content: 1024 * MB as usize,
        }
    }
}

/// A document's text and where each part of it comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtractedDocument {
    /// Plain text: one paragraph per line (.docx, .odt), or pages of lines with blank lines
    /// between paragraphs and pages (.pdf).
    pub text: String,
    /// Sorted, non-overlapping ranges of `text` and where a reader finds each one.
    pub spans: Vec<(Range<usize>, Location)>,
    /// Whether every line break ends a paragraph (true for .docx and .odt).
    pub lines_are_paragraphs: bool,
    /// Things worth knowing that did not stop the reading, such as pages that could not be read.
    pub notes: Vec<String>,
}

impl ExtractedDocument {
    /// Appends `text` as one line found at `location`; `false`, with a note, once the text
    /// limit would be passed, and the line is left out.
    fn push_line(&mut self, text: &str, location: Location, limits: &Limits, kind: &str) -> bool {
        if self.text.len() + text.len() > limits.max_text {
            let mb = limits.max_text as u64 / MB;
            self.notes.push(format!(
                "the {kind} file has more than {mb} MB of text; only the first {mb} MB was checked"
            ));
            return false;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.spans.push((start..self.text.len(), location));
        self.text.push('\n');
        true
    }

    /// The location of `range` if it lies within one span.
    pub fn location(&self, range: Range<usize>) -> Option<&Location> {
        let index = self
            .spans
            .partition_point(|(span, _)| span.end <= range.start);
        let (span, location) = self.spans.get(index)?;
        (span.start <= range.start && range.end <= span.end).then_some(location)
    }
}

/// Why a document could not be read, in words for the person who owns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentError(pub String);

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DocumentError {}

/// Reads the text of a document of the given type.
pub fn extract(
    kind: DocumentType,
    bytes: &[u8],
    limits: &Limits,
) -> Result<ExtractedDocument, DocumentError> {
    match kind {
        DocumentType::Docx => docx::extract(bytes, limits),
        DocumentType::Odt => odt::extract(bytes, limits),
        DocumentType::FlatOdt => odt::extract_flat(bytes, limits),
        DocumentType::Pdf => pdf::extract(bytes, limits),
        DocumentType::Rtf => rtf::extract(bytes, limits),
        DocumentType::Pptx => pptx::extract(bytes, limits),
        DocumentType::Xlsx => xlsx::extract(bytes, limits),
    }
}

/// Whether the name is that of a legacy Word file (.doc, .dot).
fn is_legacy_word(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("doc") || e.eq_ignore_ascii_case("dot"))
}

/// Why a file in a format ally cannot read is not checked, and how to make it checkable: a
/// legacy binary Word document (an OLE compound file under a .doc or .dot name). `None` for
/// anything else, including a .doc that is really text or RTF.
pub fn unsupported(path: &Path, bytes: &[u8]) -> Option<String> {
    const COMPOUND_FILE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    (is_legacy_word(path) && bytes.starts_with(COMPOUND_FILE)).then(|| {
        "not checked: this is a legacy Word document (.doc), which ally cannot read. Save it as \
         .docx (in Word or LibreOffice: File, Save As, Word Document), or convert it with \
         `soffice --headless --convert-to docx FILE`, and check that file"
            .to_owned()
    })
}

/// The part of a word-processing document a paragraph belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Body,
    Table,
    Header,
    Footer,
    Footnote,
    Endnote,
    Comment,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Body => "body",
            Part::Table => "table",
            Part::Header => "header",
            Part::Footer => "footer",
            Part::Footnote => "footnote",
            Part::Endnote => "endnote",
            Part::Comment => "comment",
        }
    }

    /// Where the part's paragraphs go in the extracted text: the main flow (body and tables in
    /// reading order) first, then the page furniture, then notes and comments.
    fn rank(self) -> u8 {
        match self {
            Part::Body | Part::Table => 0,
            Part::Header => 1,
            Part::Footer => 2,
            Part::Footnote => 3,
            Part::Endnote => 4,
            Part::Comment => 5,
        }
    }
}

/// Collects the paragraphs of a word-processing document. Paragraphs nest (a text box or a
/// note inside a paragraph), so open paragraphs form a stack and text goes to the innermost.
#[derive(Debug)]
pub(crate) struct Paragraphs {
    open: Vec<(Part, String)>,
    /// Finished paragraphs, as ranges of `done_text`: one buffer rather than a string each,
    /// since a document may have a million paragraphs.
    done: Vec<(Part, Range<usize>)>,
    done_text: String,
    bytes: usize,
    max_bytes: usize,
    truncated: bool,
}

impl Paragraphs {
    pub(crate) fn new(limits: &Limits) -> Paragraphs {
        Paragraphs {
            open: Vec::new(),
            done: Vec::new(),
            done_text: String::new(),
            bytes: 0,
            max_bytes: limits.max_text,
            truncated: false,
        }
    }

    /// Starts a paragraph inside any that are open.
    pub(crate) fn open(&mut self, part: Part) {
        self.open.push((part, String::new()));
    }

    /// Adds text to the innermost open paragraph; text outside paragraphs is not prose.
    pub(crate) fn push(&mut self, text: &str) {
        if self.bytes + text.len() > self.max_bytes {
            self.truncated = true;
            return;
        }
        if let Some((_, paragraph)) = self.open.last_mut() {
            self.bytes += text.len();
            paragraph.push_str(text);
        }
    }

    /// Ends the innermost paragraph, keeping it if it has any text.
    pub(crate) fn close(&mut self) {
        if let Some((part, text)) = self.open.pop() {
            let text = one_line(&text);
            if !text.is_empty() {
                let start = self.done_text.len();
                self.done_text.push_str(&text);
                self.done.push((part, start..self.done_text.len()));
            }
        }
    }

    /// Whether a paragraph is open, so that text belongs to it.
    pub(crate) fn is_open(&self) -> bool {
        !self.open.is_empty()
    }

    /// How many paragraphs are open, nested.
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    /// The text, one paragraph a line, each numbered within its part.
    pub(crate) fn finish(mut self, kind: &str) -> ExtractedDocument {
        while self.is_open() {
            self.close();
        }
        self.done.sort_by_key(|(part, _)| part.rank());
        let mut document = ExtractedDocument {
            text: String::with_capacity(self.done_text.len() + self.done.len()),
            spans: Vec::with_capacity(self.done.len()),
            lines_are_paragraphs: true,
            ..ExtractedDocument::default()
        };
        let mut counts = [0usize; 7];
        for (part, range) in self.done {
            let paragraph = &self.done_text[range];
            let count = &mut counts[part as usize];
            *count += 1;
            let start = document.text.len();
            document.text.push_str(paragraph);
            document.spans.push((
                start..document.text.len(),
                Location {
                    paragraph: Some(*count),
                    part: Some(part.name().into()),
                    ..Location::default()
                },
            ));
            document.text.push('\n');
        }
        if self.truncated {
            document.notes.push(format!(
                "the {kind} file has more than {} MB of text; only the first {} MB was checked",
                self.max_bytes as u64 / MB,
                self.max_bytes as u64 / MB
            ));
        }
        document
    }
}

/// What a document parser reports as it reads a part: the paragraphs and their text, and, for a
/// reader that writes the part back (the review), where in the XML each piece was.
pub(crate) trait Sink {
    /// A paragraph starts inside any that are open.
    fn open(&mut self, part: Part);
    /// The innermost paragraph ends.
    fn close(&mut self);
    /// Text of the innermost paragraph, read from `at` in the XML.
    fn push(&mut self, text: &str, at: Range<usize>);
    /// An element that starts, ends or is empty at `at`, outside skipped content. Skipped
    /// elements (run properties, deleted text) are reported as they start and end too.
    fn tag(&mut self, _local: &str, _tag: Tag, _at: Range<usize>) {}
}

/// Which kind of tag [`Sink::tag`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    Start,
    End,
    Empty,
}

impl Sink for Paragraphs {
    fn open(&mut self, part: Part) {
        Paragraphs::open(self, part);
    }
    fn close(&mut self) {
        Paragraphs::close(self);
    }
    fn push(&mut self, text: &str, _at: Range<usize>) {
        if self.is_open() {
            Paragraphs::push(self, text);
        }
    }
}

/// A paragraph's text on one line: line breaks become spaces and the ends are trimmed.
fn one_line(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect()
}

/// The text of an XML entity reference: the five predefined entities and character references.
/// Anything else (a custom entity from a DOCTYPE) is dropped, never expanded.
pub(crate) fn entity(reference: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c);
    }
    Some(match &**reference {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// The value of the attribute with this local name (any prefix), if present.
pub(crate) fn attribute(
    element: &quick_xml::events::BytesStart<'_>,
    local: &str,
) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Text of an XML part, decoded leniently: XML in office files is UTF-8 in practice.
pub(crate) fn xml_text(bytes: Vec<u8>) -> String {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The message for a document whose XML does not parse.
pub(crate) fn damaged_xml(kind: &str, part: &str, error: impl fmt::Display) -> DocumentError {
    DocumentError(format!(
        "cannot read this .{kind} file: it is damaged or incomplete ({part} is not valid XML: {error})"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_extensions_in_any_case() {
        assert_eq!(
            DocumentType::detect(Path::new("HR/Policy.DOCX")),
            Some(DocumentType::Docx)
        );
        assert_eq!(
            DocumentType::detect(Path::new("a.odt")),
            Some(DocumentType::Odt)
        );
        assert_eq!(
            DocumentType::detect(Path::new("a.pdf")),
            Some(DocumentType::Pdf)
        );
        assert_eq!(DocumentType::detect(Path::new("a.md")), None);
        assert_eq!(DocumentType::detect(Path::new("pdf")), None);
    }

    #[test]
    fn paragraphs_nest_number_per_part_and_sort_by_part() {
        let mut p = Paragraphs::new(&Limits::default());
        p.open(Part::Body);
        p.push("Outer ");
        p.open(Part::Footnote);
        p.push("a note\nwith a break");
        p.close();
        p.push("text.");
        p.close();
        p.open(Part::Table);
        p.push("  cell  ");
        p.close();
        p.open(Part::Body);
        p.close();
        p.open(Part::Body);
        p.push("Second.");
        p.close();
        let doc = p.finish("docx");
        assert_eq!(
            doc.text,
            "Outer text.\ncell\nSecond.\na note with a break\n"
        );
        let where_ = |s: &str| {
            let start = doc.text.find(s).unwrap();
            let l = doc.location(start..start + s.len()).unwrap();
            (l.part.clone().unwrap(), l.paragraph.unwrap())
        };
        assert_eq!(where_("Second"), ("body".into(), 2));
        assert_eq!(where_("cell"), ("table".into(), 1));
        assert_eq!(where_("note"), ("footnote".into(), 1));
        assert!(doc.location(0..14).is_none(), "crosses two paragraphs");
    }

    #[test]
    fn text_past_the_limit_is_left_out_with_a_note() {
        let limits = Limits {
            max_text: 10,
            ..Limits::default()
        };
        let mut p = Paragraphs::new(&limits);
        for _ in 0..5 {
            p.open(Part::Body);
            p.push("abcd");
            p.close();
        }
        let doc = p.finish("docx");
        assert_eq!(doc.text, "abcd\nabcd\n");
        assert_eq!(doc.notes.len(), 1);
    }
}
