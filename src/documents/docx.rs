//! .docx (WordprocessingML): the main document (body paragraphs and tables), headers, footers,
//! footnotes, endnotes and comments.
//!
//! Word splits a paragraph into runs (`<w:r>`) wherever formatting changes, often in the middle
//! of a word; the text of all runs of a paragraph is joined, so `white<w:r>list` is one word.
//! Deleted text of tracked changes, field codes and the fallback copies of drawings are not
//! part of what a reader sees and are skipped.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::archive::Archive;
use super::{
    DocumentError, ExtractedDocument, Limits, Paragraphs, Part, Sink, Tag, attribute, damaged_xml,
    entity, xml_text,
};

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<ExtractedDocument, DocumentError> {
    let mut archive = Archive::open(bytes, limits, "docx")?;
    let main = main_part(&mut archive)?;
    let Some(xml) = archive.read(&main)? else {
        return Err(DocumentError(format!(
            "cannot read this .docx file: it has no main document part ({main})"
        )));
    };
    let mut paragraphs = Paragraphs::new(limits);
    parse(&xml_text(xml), &main, Part::Body, &mut paragraphs)?;
    let folder = main.rsplit_once('/').map_or("", |(folder, _)| folder);
    let names = archive.names();
    for (prefix, part) in [("header", Part::Header), ("footer", Part::Footer)] {
        for name in numbered_parts(&names, folder, prefix) {
            if let Some(xml) = archive.read(&name)? {
                parse(&xml_text(xml), &name, part, &mut paragraphs)?;
            }
        }
    }
    for (file, part) in [
        ("footnotes.xml", Part::Footnote),
        ("endnotes.xml", Part::Endnote),
        ("comments.xml", Part::Comment),
    ] {
        let name = join(folder, file);
        if let Some(xml) = archive.read(&name)? {
            parse(&xml_text(xml), &name, part, &mut paragraphs)?;
        }
    }
    Ok(paragraphs.finish("docx"))
}

/// The main document part named by the package relationships, usually `word/document.xml`.
pub(super) fn main_part(archive: &mut Archive<'_>) -> Result<String, DocumentError> {
    const DEFAULT: &str = "word/document.xml";
    let Some(rels) = archive.read("_rels/.rels")? else {
        return Ok(DEFAULT.into());
    };
    let rels = xml_text(rels);
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let is_main = attribute(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attribute(&e, "Target")) {
                    let target = target.trim_start_matches('/');
                    if !target.is_empty() && !target.contains("..") {
                        return Ok(target.to_owned());
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(DEFAULT.into()),
            Ok(_) => {}
        }
    }
}

/// `folder/prefix1.xml`, `folder/prefix2.xml`, … in numeric order.
pub(super) fn numbered_parts(names: &[String], folder: &str, prefix: &str) -> Vec<String> {
    let start = join(folder, prefix);
    let mut found: Vec<(u64, String)> = names
        .iter()
        .filter_map(|name| {
            let number = name.strip_prefix(&start)?.strip_suffix(".xml")?;
            let number = if number.is_empty() {
                0
            } else {
                number.parse().ok()?
            };
            Some((number, name.clone()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, name)| name).collect()
}

pub(super) fn join(folder: &str, file: &str) -> String {
    if folder.is_empty() {
        file.to_owned()
    } else {
        format!("{folder}/{file}")
    }
}

/// Elements whose whole content is left out: paragraph and run properties, deleted or moved
/// text, field instructions, and the fallback copy of content that Word stores twice.
const SKIPPED: &[&str] = &[
    "pPr",
    "rPr",
    "delText",
    "del",
    "moveFrom",
    "instrText",
    "delInstrText",
    "Fallback",
];

/// Reads the paragraphs of one part into `out`.
pub(super) fn parse(
    xml: &str,
    name: &str,
    part: Part,
    out: &mut impl Sink,
) -> Result<(), DocumentError> {
    let mut reader = Reader::from_str(xml);
    let mut skip = 0usize;
    let mut tables = 0usize;
    let mut in_text = false;
    loop {
        let from = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| damaged_xml("docx", name, e))?;
        let at = from..reader.buffer_position() as usize;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                let local = e.local_name();
                let local = local.as_ref();
                out.tag(local, Tag::Start, at.clone());
                if SKIPPED.contains(&local) || is_separator_note(&e) || is_own_comment(&e) {
                    skip = 1;
                    continue;
                }
                match local {
                    "tbl" => tables += 1,
                    "p" => out.open(if tables > 0 { Part::Table } else { part }),
                    "t" => in_text = true,
                    _ => special(local, at, out),
                }
            }
            Event::Empty(e) if skip == 0 => {
                let local = e.local_name();
                let local: &str = local.as_ref();
                out.tag(local, Tag::Empty, at.clone());
                special(local, at, out);
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    if skip == 0 {
                        let local = e.local_name();
                        out.tag(local.as_ref(), Tag::End, at);
                    }
                    continue;
                }
                let local = e.local_name();
                let local: &str = local.as_ref();
                match local {
                    "tbl" => tables = tables.saturating_sub(1),
                    "p" => out.close(),
                    "t" => in_text = false,
                    _ => {}
                }
                out.tag(local, Tag::End, at);
            }
            Event::Text(text) if in_text && skip == 0 => out.push(&text.xml10_content(), at),
            Event::CData(data) if in_text && skip == 0 => {
                out.push(&data.xml10_content(), at);
            }
            Event::GeneralRef(reference) if in_text && skip == 0 => {
                if let Some(c) = entity(&reference) {
                    out.push(c.encode_utf8(&mut [0; 4]), at);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Run content that stands for a character.
fn special(local: &str, at: Range<usize>, out: &mut impl Sink) {
    match local {
        "tab" | "ptab" => out.push("\t", at),
        "br" | "cr" => out.push(" ", at),
        "noBreakHyphen" => out.push("-", at),
        _ => {}
    }
}

/// A comment that `ally review` or `ally fix` wrote: it quotes the term it is about, which is
/// no finding of the document's own.
fn is_own_comment(element: &quick_xml::events::BytesStart<'_>) -> bool {
    element.local_name().as_ref() == "comment"
        && attribute(element, "author").is_some_and(|a| a == super::review::AUTHOR)
}

/// The separator lines Word keeps as pseudo-footnotes.
fn is_separator_note(element: &quick_xml::events::BytesStart<'_>) -> bool {
    matches!(element.local_name().as_ref(), "footnote" | "endnote")
        && attribute(element, "type").is_some_and(|t| t != "normal")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(xml: &str) -> String {
        let mut out = Paragraphs::new(&Limits::default());
        parse(xml, "word/document.xml", Part::Body, &mut out).unwrap();
        out.finish("docx").text
    }

    #[test]
    fn runs_join_and_properties_tracked_deletions_and_fields_are_skipped() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr>
              <w:r><w:t>white</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>list</w:t></w:r>
              <w:del><w:r><w:delText>gone</w:delText></w:r></w:del>
              <w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>
              <w:r><w:tab/><w:t xml:space="preserve">a &amp; b&#33;</w:t><w:br/><w:t>c</w:t></w:r>
            </w:p></w:body></w:document>"#;
        assert_eq!(body(xml), "whitelist\ta & b! c\n");
    }

    #[test]
    fn custom_entities_are_never_expanded() {
        let xml = r#"<!DOCTYPE d [<!ENTITY e "EXPANDED">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>a&e;b</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(body(xml), "ab\n");
    }

    #[test]
    fn separator_notes_are_skipped() {
        let xml = r#"<w:footnotes xmlns:w="w">
            <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>----</w:t></w:r></w:p></w:footnote>
            <w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote>
            </w:footnotes>"#;
        let mut out = Paragraphs::new(&Limits::default());
        parse(xml, "word/footnotes.xml", Part::Footnote, &mut out).unwrap();
        assert_eq!(out.finish("docx").text, "A note.\n");
    }

    #[test]
    fn headers_are_found_in_numeric_order() {
        let names: Vec<String> = ["word/header10.xml", "word/header2.xml", "word/headerx.xml"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            numbered_parts(&names, "word", "header"),
            ["word/header2.xml", "word/header10.xml"]
        );
    }
}
