//! .xlsx (SpreadsheetML): the text of each cell, sheet by sheet in the workbook's order, row by
//! row as stored. A cell's text is a shared string (`t="s"`, an index into the workbook's
//! string table) or an inline string (`t="inlineStr"`). Numbers, dates and the cached results
//! of formulas are not words anyone typed there, so they are left out; so are the phonetic
//! guides (`rPh`) that East Asian text may carry.
//!
//! Each cell is one line, located by its sheet's name and its reference (`B2`).

use quick_xml::Reader;
use quick_xml::events::Event;

use super::archive::Archive;
use super::package::{related, relationship_id, relationships};
use super::{
    DocumentError, ExtractedDocument, Limits, attribute, damaged_xml, entity, one_line, xml_text,
};
use crate::finding::Location;

const WORKBOOK: &str = "xl/workbook.xml";

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<ExtractedDocument, DocumentError> {
    let mut archive = Archive::open(bytes, limits, "xlsx")?;
    let Some(workbook) = archive.read(WORKBOOK)? else {
        return Err(DocumentError(format!(
            "cannot read this .xlsx file: it has no workbook part ({WORKBOOK})"
        )));
    };
    let sheets = sheets(&xml_text(workbook));
    let targets = relationships(&mut archive, WORKBOOK)?;
    let strings = match related(&mut archive, WORKBOOK, "/sharedStrings")? {
        Some(name) => match archive.read(&name)? {
            Some(xml) => shared_strings(&xml_text(xml), &name)?,
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let mut document = ExtractedDocument {
        lines_are_paragraphs: true,
        ..ExtractedDocument::default()
    };
    for (name, id) in sheets {
        let Some((_, _, part)) = targets.iter().find(|(rid, _, _)| *rid == id) else {
            continue;
        };
        let Some(xml) = archive.read(part)? else {
            continue;
        };
        if !add_cells(&mut document, &xml_text(xml), part, &name, &strings, limits)? {
            break;
        }
    }
    Ok(document)
}

/// The name and relationship id of each sheet, in the workbook's order.
fn sheets(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let id = relationship_id(&e);
                if let (Some(name), Some(id)) = (attribute(&e, "name"), id) {
                    found.push((name, id));
                }
            }
            Ok(Event::Eof) | Err(_) => return found,
            Ok(_) => {}
        }
    }
}

/// Where the reader is inside a string item (`si` or `is`): its text elements count, except
/// inside a phonetic guide.
#[derive(Default)]
struct StringText {
    in_text: bool,
    phonetic: usize,
}

impl StringText {
    /// Follows a start (`start`) or end tag.
    fn tag(&mut self, local: &str, start: bool) {
        match (local, start) {
            ("t", true) => self.in_text = self.phonetic == 0,
            ("t", false) => self.in_text = false,
            ("rPh", true) => self.phonetic += 1,
            ("rPh", false) => self.phonetic = self.phonetic.saturating_sub(1),
            _ => {}
        }
    }
}

/// The workbook's string table, in order: `t="s"` cells refer to it by index.
fn shared_strings(xml: &str, name: &str) -> Result<Vec<String>, DocumentError> {
    let mut reader = Reader::from_str(xml);
    let mut strings = Vec::new();
    let mut current: Option<String> = None;
    let mut text = StringText::default();
    loop {
        match reader
            .read_event()
            .map_err(|e| damaged_xml("xlsx", name, e))?
        {
            Event::Eof => return Ok(strings),
            Event::Start(e) => {
                if e.local_name().as_ref() == "si" {
                    current = Some(String::new());
                }
                text.tag(e.local_name().as_ref(), true);
            }
            Event::Empty(e) if e.local_name().as_ref() == "si" => strings.push(String::new()),
            Event::End(e) => {
                if e.local_name().as_ref() == "si" {
                    strings.push(current.take().unwrap_or_default());
                }
                text.tag(e.local_name().as_ref(), false);
            }
            Event::Text(t) if text.in_text => {
                if let Some(current) = &mut current {
                    current.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(reference) if text.in_text => {
                if let (Some(current), Some(c)) = (&mut current, entity(&reference)) {
                    current.push(c);
                }
            }
            _ => {}
        }
    }
}

/// The cell being read: its reference, its type and the text found so far.
struct Cell {
    reference: String,
    kind: Option<String>,
    value: String,
    in_value: bool,
    inline: StringText,
}

/// Adds the text cells of one sheet. `false` once the text limit is reached.
fn add_cells(
    document: &mut ExtractedDocument,
    xml: &str,
    part: &str,
    sheet: &str,
    strings: &[String],
    limits: &Limits,
) -> Result<bool, DocumentError> {
    let mut reader = Reader::from_str(xml);
    let mut cell: Option<Cell> = None;
    loop {
        match reader
            .read_event()
            .map_err(|e| damaged_xml("xlsx", part, e))?
        {
            Event::Eof => return Ok(true),
            Event::Start(e) => match e.local_name().as_ref() {
                "c" => {
                    cell = Some(Cell {
                        reference: attribute(&e, "r").unwrap_or_default(),
                        kind: attribute(&e, "t"),
                        value: String::new(),
                        in_value: false,
                        inline: StringText::default(),
                    });
                }
                "v" => {
                    if let Some(cell) = &mut cell {
                        cell.in_value = true;
                    }
                }
                local => {
                    if let Some(cell) = &mut cell {
                        cell.inline.tag(local, true);
                    }
                }
            },
            Event::End(e) => match e.local_name().as_ref() {
                "c" => {
                    let Some(cell) = cell.take() else { continue };
                    let text = match cell.kind.as_deref() {
                        Some("s") => cell
                            .value
                            .trim()
                            .parse::<usize>()
                            .ok()
                            .and_then(|index| strings.get(index))
                            .map_or_else(String::new, |s| one_line(s)),
                        Some("inlineStr") => one_line(&cell.value),
                        _ => continue,
                    };
                    if text.is_empty() {
                        continue;
                    }
                    let location = Location {
                        sheet: Some(sheet.to_owned()),
                        cell: Some(cell.reference),
                        ..Location::default()
                    };
                    if !document.push_line(&text, location, limits, "xlsx") {
                        return Ok(false);
                    }
                }
                "v" => {
                    if let Some(cell) = &mut cell {
                        cell.in_value = false;
                    }
                }
                local => {
                    if let Some(cell) = &mut cell {
                        cell.inline.tag(local, false);
                    }
                }
            },
            Event::Text(t) => {
                if let Some(cell) = &mut cell
                    && (cell.in_value || cell.inline.in_text)
                {
                    cell.value.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(cell) = &mut cell
                    && (cell.in_value || cell.inline.in_text)
                    && let Some(c) = entity(&reference)
                {
                    cell.value.push(c);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_join_their_runs_and_leave_out_phonetic_guides() {
        let xml = "<sst><si><t>plain</t></si><si><r><t>white</t></r><r><rPr><b/></rPr><t>list</t></r></si><si/><si><t>東京</t><rPh><t>トウキョウ</t></rPh></si><si><t>a &amp; b</t></si></sst>";
        assert_eq!(
            shared_strings(xml, "xl/sharedStrings.xml").unwrap(),
            ["plain", "whitelist", "", "東京", "a & b"]
        );
    }

    #[test]
    fn only_string_cells_are_read_with_their_references() {
        let xml = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\"><v>42</v></c><c r=\"C1\" t=\"str\"><f>A1</f><v>formula result</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>the master copy</t></is></c><c r=\"B2\" t=\"s\"><v>9</v></c></row></sheetData></worksheet>";
        let mut document = ExtractedDocument::default();
        let strings = ["zero".to_owned(), "blacklist".to_owned()];
        let more = add_cells(
            &mut document,
            xml,
            "xl/worksheets/sheet1.xml",
            "Pay",
            &strings,
            &Limits::default(),
        )
        .unwrap();
        assert!(more);
        assert_eq!(document.text, "blacklist\nthe master copy\n");
        let cells: Vec<String> = document.spans.iter().map(|(_, l)| l.to_string()).collect();
        assert_eq!(cells, ["sheet Pay, cell A1", "sheet Pay, cell A2"]);
    }
}
