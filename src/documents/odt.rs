//! OpenDocument text (.odt, and flat .fodt): paragraphs, headings, lists and tables from
//! `content.xml`, footnotes, endnotes and comments (which sit inside the paragraph they belong
//! to), and the headers and footers of the page styles in `styles.xml`.
//!
//! Formatting spans (`<text:span>`) are joined, so a word split by formatting is one word.
//! Tracked deletions, note citations (the footnote number) and comment metadata are skipped.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::archive::{Archive, protected};
use super::{
    DocumentError, ExtractedDocument, Limits, Paragraphs, Part, Sink, Tag, attribute, damaged_xml,
    entity, xml_text,
};

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<ExtractedDocument, DocumentError> {
    let mut archive = Archive::open(bytes, limits, "odt")?;
    if let Some(manifest) = archive.read("META-INF/manifest.xml")?
        && is_encrypted(&xml_text(manifest))
    {
        return Err(protected("odt"));
    }
    let Some(content) = archive.read("content.xml")? else {
        return Err(DocumentError(
            "cannot read this .odt file: it has no content.xml, so it is not an OpenDocument \
             text file or it is damaged"
                .into(),
        ));
    };
    let mut paragraphs = Paragraphs::new(limits);
    parse(&xml_text(content), "content.xml", &mut paragraphs)?;
    if let Some(styles) = archive.read("styles.xml")? {
        parse(&xml_text(styles), "styles.xml", &mut paragraphs)?;
    }
    Ok(paragraphs.finish("odt"))
}

/// A flat OpenDocument file is the same XML in one file.
pub(super) fn extract_flat(
    bytes: &[u8],
    limits: &Limits,
) -> Result<ExtractedDocument, DocumentError> {
    if bytes.len() as u64 > limits.max_total {
        return Err(DocumentError(format!(
            "skipped: the document is larger than {} MB",
            limits.max_total / super::MB
        )));
    }
    let xml = xml_text(bytes.to_vec());
    if !is_flat_document(&xml) {
        return Err(DocumentError(
            "cannot read this .fodt file: it is not a flat OpenDocument file (its XML does not \
             start with an office:document element), so nothing in it could be checked"
                .into(),
        ));
    }
    let mut paragraphs = Paragraphs::new(limits);
    parse(&xml, "the document", &mut paragraphs)?;
    Ok(paragraphs.finish("odt"))
}

/// Whether the first element of `xml` is a flat OpenDocument root, `<office:document>` (with
/// any prefix). Plain text, HTML or another XML format named .fodt would otherwise be read as a
/// document without paragraphs, and pass the check unread.
fn is_flat_document(xml: &str) -> bool {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => return e.local_name().as_ref() == "document",
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// Whether the manifest says that entries are encrypted.
pub(super) fn is_encrypted(manifest: &str) -> bool {
    let mut reader = Reader::from_str(manifest);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "encryption-data" =>
            {
                return true;
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// Elements whose content is not part of the text a reader sees here.
const SKIPPED: &[&str] = &[
    "tracked-changes",
    "note-citation",
    "sequence-decls",
    "variable-decls",
    "user-field-decls",
    "automatic-styles",
    "font-face-decls",
];

/// Where the parser is: which enclosing elements decide the part of a paragraph.
#[derive(Default)]
struct Context {
    skip: usize,
    tables: usize,
    notes: Vec<Part>,
    annotations: usize,
    page_part: Option<Part>,
}

impl Context {
    fn part(&self) -> Part {
        if self.annotations > 0 {
            Part::Comment
        } else if let Some(note) = self.notes.last() {
            *note
        } else if let Some(part) = self.page_part {
            part
        } else if self.tables > 0 {
            Part::Table
        } else {
            Part::Body
        }
    }

    /// Skipped while in a comment: its author and date, shown by the editor as metadata.
    /// Comments that ally wrote quote the terms they are about and are skipped whole.
    fn skips(&self, element: &BytesStart<'_>) -> bool {
        let local = element.local_name();
        let local: &str = local.as_ref();
        SKIPPED.contains(&local)
            || (self.annotations > 0 && matches!(local, "creator" | "date" | "date-string"))
            || (local == "annotation"
                && attribute(element, "name")
                    .is_some_and(|n| n.starts_with(super::review::ODT_NAME_PREFIX)))
    }
}

/// Reads the paragraphs of `content.xml` or `styles.xml` into `out`.
pub(super) fn parse(xml: &str, name: &str, out: &mut impl Sink) -> Result<(), DocumentError> {
    let mut reader = Reader::from_str(xml);
    let mut context = Context::default();
    loop {
        let from = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| damaged_xml("odt", name, e))?;
        let at = from..reader.buffer_position() as usize;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                if context.skip > 0 {
                    context.skip += 1;
                    continue;
                }
                if context.skips(&e) {
                    context.skip = 1;
                    continue;
                }
                let local = e.local_name();
                let local: &str = local.as_ref();
                out.tag(local, Tag::Start, at.clone());
                match local {
                    "p" | "h" => out.open(context.part()),
                    "table" => context.tables += 1,
                    "note" => context.notes.push(note_class(&e)),
                    "annotation" => context.annotations += 1,
                    "header" | "header-left" | "header-first" => {
                        context.page_part = Some(Part::Header);
                    }
                    "footer" | "footer-left" | "footer-first" => {
                        context.page_part = Some(Part::Footer);
                    }
                    _ => special(&e, at, out),
                }
            }
            Event::Empty(e) if context.skip == 0 => special(&e, at, out),
            Event::End(e) => {
                if context.skip > 0 {
                    context.skip -= 1;
                    continue;
                }
                let local = e.local_name();
                let local: &str = local.as_ref();
                out.tag(local, Tag::End, at);
                match local {
                    "p" | "h" => out.close(),
                    "table" => context.tables = context.tables.saturating_sub(1),
                    "note" => {
                        context.notes.pop();
                    }
                    "annotation" => context.annotations = context.annotations.saturating_sub(1),
                    "header" | "header-left" | "header-first" | "footer" | "footer-left"
                    | "footer-first" => context.page_part = None,
                    _ => {}
                }
            }
            Event::Text(text) if context.skip == 0 => {
                out.push(&text.xml10_content(), at);
            }
            Event::CData(data) if context.skip == 0 => {
                out.push(&data.xml10_content(), at);
            }
            Event::GeneralRef(reference) if context.skip == 0 => {
                if let Some(c) = entity(&reference) {
                    out.push(c.encode_utf8(&mut [0; 4]), at);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn note_class(element: &BytesStart<'_>) -> Part {
    match attribute(element, "note-class").as_deref() {
        Some("endnote") => Part::Endnote,
        _ => Part::Footnote,
    }
}

/// Elements that stand for characters: `<text:s text:c="3"/>` is three spaces.
fn special(element: &BytesStart<'_>, at: Range<usize>, out: &mut impl Sink) {
    match element.local_name().as_ref() {
        "s" => {
            let count = attribute(element, "c")
                .and_then(|c| c.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 100);
            out.push(&" ".repeat(count), at);
        }
        "tab" => out.push("\t", at),
        "line-break" => out.push(" ", at),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(xml: &str) -> String {
        let mut out = Paragraphs::new(&Limits::default());
        parse(xml, "content.xml", &mut out).unwrap();
        out.finish("odt").text
    }

    #[test]
    fn spans_join_notes_and_comments_go_to_their_parts() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:dc="d"><office:body><office:text>
            <text:tracked-changes><text:changed-region><text:deletion><text:p>deleted</text:p></text:deletion></text:changed-region></text:tracked-changes>
            <text:h>Access</text:h>
            <text:p>Use the <text:span>white</text:span>list<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note> now.<office:annotation><dc:creator>Ann</dc:creator><dc:date>2024</dc:date><text:p>A comment.</text:p></office:annotation></text:p>
            <text:p>a<text:s text:c="2"/>b<text:tab/>c<text:line-break/>d</text:p>
            </office:text></office:body></office:document-content>"#;
        assert_eq!(
            text(xml),
            "Access\nUse the whitelist now.\na  b\tc d\nA footnote.\nA comment.\n"
        );
    }

    #[test]
    fn page_style_headers_and_footers() {
        let xml = r#"<office:document-styles xmlns:office="o" xmlns:style="s" xmlns:text="t"><office:master-styles><style:master-page>
            <style:header><text:p>Top</text:p></style:header><style:footer><text:p>Bottom</text:p></style:footer>
            </style:master-page></office:master-styles></office:document-styles>"#;
        let mut out = Paragraphs::new(&Limits::default());
        parse(xml, "styles.xml", &mut out).unwrap();
        let doc = out.finish("odt");
        assert_eq!(doc.text, "Top\nBottom\n");
        assert_eq!(doc.spans[1].1.part.as_deref(), Some("footer"));
    }
}
