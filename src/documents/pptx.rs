//! .pptx (PresentationML): the text of each slide and its speaker notes, slide by slide in the
//! order the presentation shows them (its slide list, not the file names, which keep the order
//! slides were made in).
//!
//! Each paragraph (`<a:p>`) is one line; the runs of a paragraph are joined, so a word split by
//! formatting is one word. Fields (`<a:fld>`: slide numbers, dates) are generated text and are
//! left out.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::archive::Archive;
use super::package::{related, relationship_id, relationships};
use super::{DocumentError, ExtractedDocument, Limits, damaged_xml, entity, xml_text};
use crate::finding::Location;

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<ExtractedDocument, DocumentError> {
    let mut archive = Archive::open(bytes, limits, "pptx")?;
    let slides = slide_order(&mut archive)?;
    let mut document = ExtractedDocument {
        lines_are_paragraphs: true,
        ..ExtractedDocument::default()
    };
    for (index, slide) in slides.iter().enumerate() {
        let number = index + 1;
        let Some(xml) = archive.read(slide)? else {
            continue;
        };
        add_paragraphs(&mut document, &xml_text(xml), slide, number, None, limits)?;
        let notes = related(&mut archive, slide, "/notesSlide")?;
        if let Some(notes) = notes
            && let Some(xml) = archive.read(&notes)?
        {
            add_paragraphs(
                &mut document,
                &xml_text(xml),
                &notes,
                number,
                Some("notes"),
                limits,
            )?;
        }
    }
    Ok(document)
}

/// The slide parts in the order of the presentation's slide list; by file number when the
/// package has no readable list.
fn slide_order(archive: &mut Archive<'_>) -> Result<Vec<String>, DocumentError> {
    const PRESENTATION: &str = "ppt/presentation.xml";
    let ids = match archive.read(PRESENTATION)? {
        Some(xml) => slide_ids(&xml_text(xml)),
        None => Vec::new(),
    };
    let targets = relationships(archive, PRESENTATION)?;
    let ordered: Vec<String> = ids
        .iter()
        .filter_map(|id| targets.iter().find(|(rid, _, _)| rid == id))
        .map(|(_, _, target)| target.clone())
        .collect();
    if !ordered.is_empty() {
        return Ok(ordered);
    }
    Ok(super::docx::numbered_parts(
        &archive.names(),
        "ppt/slides",
        "slide",
    ))
}

/// The `r:id` of each `<p:sldId>` in the slide list, in order.
fn slide_ids(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut ids = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sldId" => {
                // `id` is the slide's number; the relationship is the prefixed `r:id`.
                if let Some(value) = relationship_id(&e) {
                    ids.push(value);
                }
            }
            Ok(Event::Eof) | Err(_) => return ids,
            Ok(_) => {}
        }
    }
}

/// Adds the paragraphs of one slide or notes part, each a line located by slide and paragraph.
fn add_paragraphs(
    document: &mut ExtractedDocument,
    xml: &str,
    name: &str,
    slide: usize,
    part: Option<&'static str>,
    limits: &Limits,
) -> Result<(), DocumentError> {
    let mut reader = Reader::from_str(xml);
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    let mut fields = 0usize;
    let mut number = 0;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| damaged_xml("pptx", name, e))?;
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => paragraph = Some(String::new()),
                "t" => in_text = true,
                "fld" => fields += 1,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "br" => {
                if let Some(paragraph) = &mut paragraph {
                    paragraph.push(' ');
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "fld" => fields = fields.saturating_sub(1),
                "p" => {
                    let text = super::one_line(&paragraph.take().unwrap_or_default());
                    if text.is_empty() {
                        continue;
                    }
                    number += 1;
                    let location = Location {
                        slide: Some(slide),
                        paragraph: Some(number),
                        part: part.map(Into::into),
                        ..Location::default()
                    };
                    if !document.push_line(&text, location, limits, "pptx") {
                        return Ok(());
                    }
                }
                _ => {}
            },
            Event::Text(text) if in_text && fields == 0 => {
                if let Some(paragraph) = &mut paragraph {
                    paragraph.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) if in_text && fields == 0 => {
                if let (Some(paragraph), Some(c)) = (&mut paragraph, entity(&reference)) {
                    paragraph.push(c);
                }
            }
            _ => {}
        }
    }
}
