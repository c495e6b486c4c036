//! .pdf: the text layer, page by page, read with `lopdf`.
//!
//! lopdf parses the file and decodes fonts (standard encodings, `Differences`, `ToUnicode`
//! maps); this module interprets each page's content stream itself, so that it can tell where
//! lines and paragraphs end and where a gap between two pieces of text is a space. Page content
//! is inflated one page at a time against a per-page and a per-document budget, and dropped
//! before the next page, so memory stays bounded by the file's own size.
//!
//! Text drawn inside form XObjects and text in images (scans) is not read.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Error, LoadOptions, Object};

use super::{DocumentError, ExtractedDocument, Limits, MB};
use crate::finding::Location;

/// PDFs larger than this are not read: the whole file is parsed in memory.
pub(super) const MAX_FILE: u64 = crate::read::MAX_INPUT;

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<ExtractedDocument, DocumentError> {
    if bytes.len() as u64 > MAX_FILE {
        return Err(DocumentError(format!(
            "skipped: the PDF is larger than {} MB",
            MAX_FILE / MB
        )));
    }
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err(DocumentError(
            "cannot read this .pdf file: it does not start like a PDF (it may be another kind \
             of file with a .pdf name)"
                .into(),
        ));
    }
    // lopdf is careful, but a reader of hostile files must not take the run down with it.
    match catch_unwind(AssertUnwindSafe(|| read(bytes, limits))) {
        Ok(result) => result,
        Err(_) => Err(DocumentError(
            "cannot read this .pdf file: the PDF reader failed on it (it may be damaged)".into(),
        )),
    }
}

fn read(bytes: &[u8], limits: &Limits) -> Result<ExtractedDocument, DocumentError> {
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_page_content),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options).map_err(load_error)?;
    if document.is_encrypted() && !document.was_encrypted() {
        return Err(protected());
    }
    let mut out = ExtractedDocument::default();
    let mut budget = limits.max_pdf_content;
    let mut unreadable = Vec::new();
    let pages = document.get_pages();
    let page_count = pages.len();
    for (&number, &page_id) in &pages {
        let max = limits.max_page_content.min(budget);
        let content = match document.get_page_content_with_limit(page_id, max) {
            Ok(content) => content,
            Err(Error::Decompress(_)) if max < limits.max_page_content => {
                out.notes.push(format!(
                    "the PDF's pages expand to more than {} MB; pages after {} were not checked",
                    limits.max_pdf_content as u64 / MB,
                    number - 1
                ));
                break;
            }
            Err(_) => {
                unreadable.push(number);
                continue;
            }
        };
        budget = budget.saturating_sub(content.len());
        let text = match page_text(&document, page_id, &content) {
            Ok(text) => text,
            Err(_) => {
                unreadable.push(number);
                continue;
            }
        };
        drop(content);
        let text = mark_paragraphs(&text);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if out.text.len() + text.len() > limits.max_text {
            out.notes.push(format!(
                "the PDF has more than {} MB of text; pages after {} were not checked",
                limits.max_text as u64 / MB,
                number - 1
            ));
            break;
        }
        let start = out.text.len();
        out.text.push_str(text);
        out.spans.push((
            start..out.text.len(),
            Location {
                page: Some(number as usize),
                paragraph: None,
                part: None,
            },
        ));
        out.text.push_str("\n\n");
    }
    if !unreadable.is_empty() {
        out.notes.push(format!(
            "{} could not be read and {} not checked",
            pages_list(&unreadable),
            if unreadable.len() == 1 { "was" } else { "were" }
        ));
    }
    if out.text.is_empty() && page_count > 0 && unreadable.len() < page_count {
        out.notes.push(
            "the PDF has no text layer (it may be a scan), so there was nothing to check".into(),
        );
    }
    Ok(out)
}

/// Ends a paragraph after a short line that does not run on into the next one (a heading, a
/// list item, the last line of a paragraph), so that a heading is not read as the start of the
/// sentence below it. A PDF only says where lines are; wrapped lines are long.
fn mark_paragraphs(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if i + 1 == lines.len() {
            break;
        }
        out.push('\n');
        let next = lines[i + 1];
        let short = line.chars().count() * 5 < widest * 3;
        let runs_on = line.trim_end().ends_with([',', ';', ':', '-', '\u{2013}']);
        let next_starts_anew = next.chars().next().is_some_and(char::is_uppercase);
        if short && !line.trim().is_empty() && !runs_on && next_starts_anew {
            out.push('\n');
        }
    }
    out
}

fn pages_list(pages: &[u32]) -> String {
    let shown: Vec<String> = pages.iter().take(10).map(u32::to_string).collect();
    let more = if pages.len() > 10 {
        format!(" and {} more", pages.len() - 10)
    } else {
        String::new()
    };
    if pages.len() == 1 {
        format!("page {}", shown[0])
    } else {
        format!("pages {}{more}", shown.join(", "))
    }
}

fn load_error(error: Error) -> DocumentError {
    match error {
        Error::InvalidPassword | Error::Decryption(_) | Error::UnsupportedSecurityHandler(_) => {
            protected()
        }
        other => DocumentError(format!(
            "cannot read this .pdf file: it is damaged or incomplete ({other})"
        )),
    }
}

fn protected() -> DocumentError {
    DocumentError(
        "skipped: this .pdf file is password-protected (encrypted), so its text cannot be read; \
         check a copy saved without the password"
            .into(),
    )
}

/// What a font needs for text extraction: how to decode it and how wide its glyphs are.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    two_byte: bool,
    first_char: u32,
    widths: Vec<f32>,
    cid_widths: BTreeMap<u32, f32>,
    default_width: f32,
}

impl Font<'_> {
    /// The width of a character code in thousandths of the font size.
    fn width(&self, code: u32) -> f32 {
        if self.two_byte {
            return self
                .cid_widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width);
        }
        code.checked_sub(self.first_char)
            .and_then(|i| self.widths.get(i as usize))
            .copied()
            .filter(|w| *w > 0.0)
            .unwrap_or(self.default_width)
    }
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => document.get_object(*id).unwrap_or(object),
        _ => object,
    }
}

fn font<'a>(document: &'a Document, dict: &'a Dictionary, limit: usize) -> Font<'a> {
    let encoding = dict.get_font_encoding_with_limit(document, limit).ok();
    let two_byte = dict
        .get(b"Subtype")
        .ok()
        .and_then(|s| s.as_name().ok())
        .is_some_and(|s| s == b"Type0");
    let number = |key: &[u8]| {
        dict.get(key)
            .ok()
            .map(|o| resolve(document, o))
            .and_then(|o| o.as_float().ok())
    };
    let mut font = Font {
        encoding,
        two_byte,
        first_char: number(b"FirstChar").unwrap_or(0.0).max(0.0) as u32,
        widths: Vec::new(),
        cid_widths: BTreeMap::new(),
        default_width: if two_byte { 1000.0 } else { 500.0 },
    };
    if let Ok(widths) = dict.get(b"Widths").map(|o| resolve(document, o))
        && let Ok(widths) = widths.as_array()
    {
        font.widths = widths
            .iter()
            .map(|w| resolve(document, w).as_float().unwrap_or(0.0))
            .collect();
    }
    if two_byte
        && let Ok(descendants) = dict.get(b"DescendantFonts").map(|o| resolve(document, o))
        && let Ok(descendants) = descendants.as_array()
        && let Some(descendant) = descendants.first().map(|o| resolve(document, o))
        && let Ok(descendant) = descendant.as_dict()
    {
        if let Ok(dw) = descendant.get(b"DW").and_then(Object::as_float) {
            font.default_width = dw;
        }
        if let Ok(w) = descendant.get(b"W").map(|o| resolve(document, o))
            && let Ok(w) = w.as_array()
        {
            font.cid_widths = cid_widths(document, w);
        }
    }
    font
}

/// The `W` array of a CID font: `c [w1 w2 …]` or `c_first c_last w`.
fn cid_widths(document: &Document, w: &[Object]) -> BTreeMap<u32, f32> {
    let mut widths = BTreeMap::new();
    let mut i = 0;
    while i < w.len() && widths.len() < 65_536 {
        let Ok(first) = resolve(document, &w[i]).as_float() else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| resolve(document, o)) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate().take(65_536) {
                    widths.insert(first + k as u32, width.as_float().unwrap_or(0.0));
                }
                i += 2;
            }
            Some(last) => {
                let (Ok(last), Some(Ok(width))) = (
                    last.as_float(),
                    w.get(i + 2).map(|o| resolve(document, o).as_float()),
                ) else {
                    break;
                };
                let last = (last.max(0.0) as u32).min(first.saturating_add(65_536));
                for code in first..=last {
                    widths.insert(code, width);
                }
                i += 3;
            }
            None => break,
        }
    }
    widths
}

/// The text state of a content stream, enough to place text on lines.
struct TextState {
    /// Text matrix `[a b c d e f]` and text line matrix.
    tm: [f32; 6],
    tlm: [f32; 6],
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
}

impl TextState {
    fn new() -> TextState {
        TextState {
            tm: IDENTITY,
            tlm: IDENTITY,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
        }
    }

    fn move_line(&mut self, tx: f32, ty: f32) {
        let [a, b, c, d, e, f] = self.tlm;
        self.tlm = [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f];
        self.tm = self.tlm;
    }

    /// The font size as drawn, in text space units.
    fn drawn_size(&self) -> f32 {
        let [_, b, _, d, _, _] = self.tm;
        (self.size * (b * b + d * d).sqrt()).abs().max(0.1)
    }

    fn advance(&mut self, tx: f32) {
        let [a, b, c, d, e, f] = self.tm;
        self.tm = [a, b, c, d, e + tx * a, f + tx * b];
    }
}

const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Builds a page's text from positioned pieces.
struct PageText {
    text: String,
    /// Where the previous piece ended: x, y, and the drawn font size.
    last: Option<(f32, f32, f32)>,
}

impl PageText {
    /// Starts a new piece at `(x, y)`: a line break, a paragraph break or a space, depending on
    /// how far it is from where the previous piece ended.
    fn place(&mut self, x: f32, y: f32, size: f32) {
        let Some((last_x, last_y, last_size)) = self.last else {
            return;
        };
        let line = last_size.max(size);
        let dy = last_y - y;
        if dy.abs() > 0.5 * line {
            let paragraph = dy > 1.75 * line || dy < 0.0;
            while self.text.ends_with([' ', '\t']) {
                self.text.pop();
            }
            if !self.text.ends_with('\n') {
                self.text.push('\n');
            }
            if paragraph && !self.text.ends_with("\n\n") {
                self.text.push('\n');
            }
        } else if (x - last_x > 0.15 * line || last_x - x > line)
            && !self.text.ends_with(char::is_whitespace)
        {
            self.text.push(' ');
        }
    }

    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
    }
}

fn page_text(
    document: &Document,
    page_id: lopdf::ObjectId,
    content: &[u8],
) -> Result<String, Error> {
    let fonts: BTreeMap<Vec<u8>, Font<'_>> = document
        .get_page_fonts(page_id)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, dict)| (name, font(document, dict, 4 * MB as usize)))
        .collect();
    let content = Content::decode(content)?;
    let mut state = TextState::new();
    let mut page = PageText {
        text: String::new(),
        last: None,
    };
    let mut current: Option<&Font<'_>> = None;
    for operation in &content.operations {
        let operands = &operation.operands;
        let number = |i: usize| {
            operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .unwrap_or(0.0)
        };
        match operation.operator.as_str() {
            "BT" => {
                state.tm = IDENTITY;
                state.tlm = IDENTITY;
            }
            "Tf" => {
                current = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| fonts.get(name));
                state.size = number(1);
            }
            "Tc" => state.char_spacing = number(0),
            "Tw" => state.word_spacing = number(0),
            "Tz" => state.scale = number(0) / 100.0,
            "TL" => state.leading = number(0),
            "Td" => state.move_line(number(0), number(1)),
            "TD" => {
                state.leading = -number(1);
                state.move_line(number(0), number(1));
            }
            "Tm" if operands.len() == 6 => {
                let m = [0, 1, 2, 3, 4, 5].map(number);
                state.tm = m;
                state.tlm = m;
            }
            "T*" => state.move_line(0.0, -state.leading),
            "Tj" | "TJ" | "'" | "\"" => {
                if matches!(operation.operator.as_str(), "'" | "\"") {
                    state.move_line(0.0, -state.leading);
                }
                let shown = match operation.operator.as_str() {
                    "\"" => operands.get(2..).unwrap_or_default(),
                    _ => operands.as_slice(),
                };
                if let Some(font) = current {
                    show(&mut page, &mut state, font, shown);
                }
            }
            _ => {}
        }
    }
    Ok(page.text)
}

/// Shows strings (and, inside a `TJ` array, kerning adjustments) in `font`.
fn show(page: &mut PageText, state: &mut TextState, font: &Font<'_>, operands: &[Object]) {
    for operand in operands {
        match operand {
            Object::String(bytes, _) => {
                let [_, _, _, _, x, y] = state.tm;
                let size = state.drawn_size();
                page.place(x, y, size);
                if let Some(encoding) = &font.encoding
                    && let Ok(text) = Document::decode_text(encoding, bytes)
                {
                    page.text
                        .extend(text.chars().filter(|c| !c.is_control() || *c == '\t'));
                }
                let mut width = 0.0;
                let codes: Box<dyn Iterator<Item = u32>> = if font.two_byte {
                    Box::new(
                        bytes
                            .chunks(2)
                            .map(|p| u32::from(p[0]) << 8 | u32::from(*p.get(1).unwrap_or(&0))),
                    )
                } else {
                    Box::new(bytes.iter().map(|b| u32::from(*b)))
                };
                for code in codes {
                    width += font.width(code) / 1000.0 * state.size + state.char_spacing;
                    if !font.two_byte && code == 32 {
                        width += state.word_spacing;
                    }
                }
                state.advance(width * state.scale);
                let [_, _, _, _, x, y] = state.tm;
                page.last = Some((x, y, size));
            }
            Object::Array(items) => show(page, state, font, items),
            other => {
                if let Ok(adjust) = other.as_float() {
                    // A large negative adjustment is how many generators write a word gap.
                    if adjust < -200.0 {
                        page.space();
                    }
                    state.advance(-adjust / 1000.0 * state.size * state.scale);
                    if let Some(last) = &mut page.last {
                        last.0 = state.tm[4];
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_before_a_capital_end_paragraphs() {
        let text = "Exceptions\nOnly the chairman can approve first-class travel, and\nonly in writing.\nHotels need no approval.";
        assert_eq!(
            mark_paragraphs(text),
            "Exceptions\n\nOnly the chairman can approve first-class travel, and\nonly in writing.\n\nHotels need no approval."
        );
    }
}
