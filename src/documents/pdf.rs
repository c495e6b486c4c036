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
    let pages = page_tree(&document)?;
    let mut out = ExtractedDocument::default();
    let mut budget = limits.max_pdf_content;
    // Pages that could not be read, and why. Any one makes the document an error: a check
    // that skipped a page would pass text nobody looked at.
    let mut unreadable: Vec<(u32, String)> = Vec::new();
    let mut text_full = false;
    for (index, &page_id) in pages.iter().enumerate() {
        let number = index as u32 + 1;
        let max = limits.max_page_content.min(budget);
        let content = match page_content(&document, page_id, max) {
            Ok(content) => content,
            Err(PageError::OverLimit) if max < limits.max_page_content => {
                return Err(DocumentError(format!(
                    "skipped: the PDF's pages expand to more than {} MB when unpacked (the \
                     limit was reached on page {number}; a possible decompression bomb)",
                    limits.max_pdf_content as u64 / MB
                )));
            }
            Err(PageError::OverLimit) => {
                return Err(DocumentError(format!(
                    "skipped: page {number} of the PDF expands to more than {} MB when \
                     unpacked (a possible decompression bomb)",
                    limits.max_page_content as u64 / MB
                )));
            }
            Err(PageError::Damaged(reason)) => {
                unreadable.push((number, reason));
                continue;
            }
        };
        budget = budget.saturating_sub(content.len());
        if text_full {
            continue;
        }
        let text = match page_text(&document, page_id, &content) {
            Ok(text) => text,
            Err(reason) => {
                unreadable.push((number, reason));
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
            // The later pages are still read for damage, not for text.
            text_full = true;
            continue;
        }
        let start = out.text.len();
        out.text.push_str(text);
        out.spans.push((
            start..out.text.len(),
            Location {
                page: Some(number as usize),
                ..Location::default()
            },
        ));
        out.text.push_str("\n\n");
    }
    if let Some((first, reason)) = unreadable.first() {
        let others: Vec<u32> = unreadable[1..].iter().map(|(page, _)| *page).collect();
        let also = if others.is_empty() {
            String::new()
        } else {
            format!("; {} could not be read either", pages_list(&others))
        };
        return Err(DocumentError(format!(
            "cannot read all of this .pdf file, so it was not checked: on page {first}, \
             {reason}{also} (the PDF may be damaged; a copy saved again or printed to PDF may \
             read)"
        )));
    }
    // Only now is it known that every page and font was read: an empty text means the pages
    // draw no text at all.
    if out.text.is_empty() && !pages.is_empty() {
        out.notes.push(
            "the PDF has no text layer (it may be a scan), so there was nothing to check".into(),
        );
    }
    Ok(out)
}

/// The pages in reading order, from a walk of the page tree. The tree is a tree: a node that
/// is met twice (a cycle such as 2 → 6 → 2, or a node shared by two parents) means the file
/// is damaged, and is an error rather than a document with fewer pages. The walk keeps its own
/// stack, so a tree of any depth is walked without recursion.
fn page_tree(document: &Document) -> Result<Vec<lopdf::ObjectId>, DocumentError> {
    let damaged = |what: &str| {
        DocumentError(format!(
            "cannot read this .pdf file: the page tree is damaged ({what}), so its pages \
             cannot be found"
        ))
    };
    let root = document
        .catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| damaged("the document catalog does not point to it"))?;
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::from([root]);
    let mut stack: Vec<&[Object]> = vec![kids(document, root).unwrap_or_default()];
    while let Some(level) = stack.last_mut() {
        let Some((kid, rest)) = level.split_first() else {
            stack.pop();
            continue;
        };
        *level = rest;
        let Ok(id) = kid.as_reference() else {
            continue;
        };
        let node = match document.get_dictionary(id) {
            // Read as a page: reading it reports it as missing.
            Err(_) => {
                pages.push(id);
                continue;
            }
            Ok(node) => node,
        };
        let kind = node.get(b"Type").and_then(Object::as_name).ok();
        let is_node = kind == Some(b"Pages".as_slice()) || (kind.is_none() && node.has(b"Kids"));
        if is_node {
            if !seen.insert(id) {
                return Err(damaged(&format!(
                    "object {} is reached twice, so the tree loops back on itself",
                    id.0
                )));
            }
            stack.push(kids(document, id).unwrap_or_default());
        } else if kind.is_none_or(|kind| kind == b"Page") {
            if pages.len() >= document.objects.len() {
                return Err(damaged("it lists more pages than the file has objects"));
            }
            pages.push(id);
        }
    }
    Ok(pages)
}

fn kids(document: &Document, node: lopdf::ObjectId) -> Option<&[Object]> {
    document
        .get_dictionary(node)
        .and_then(|node| node.get_deref(b"Kids", document))
        .and_then(Object::as_array)
        .map(Vec::as_slice)
        .ok()
}

/// Why a page's content could not be had.
enum PageError {
    /// It expands past the budget it was read with.
    OverLimit,
    /// It is missing or damaged, and why, in words that follow "on page 3, ".
    Damaged(String),
}

/// How many references in a row are followed before a chain is taken for a loop.
const MAX_HOPS: usize = 32;

/// The object `object` stands for, following references. A reference to an object the file
/// does not have, or a chain of references that loops, is an error saying so.
fn follow<'a>(document: &'a Document, mut object: &'a Object) -> Result<&'a Object, String> {
    for _ in 0..MAX_HOPS {
        let Object::Reference(id) = object else {
            return Ok(object);
        };
        object = document
            .objects
            .get(id)
            .ok_or_else(|| format!("object {} is missing from the file", id.0))?;
    }
    Err("its references loop back on themselves".into())
}

/// The page's content streams, decompressed and joined, within `max` bytes. A page without
/// `/Contents` is blank; one whose content is missing, not a stream, or cannot be
/// decompressed is an error, never a blank page.
fn page_content(
    document: &Document,
    page_id: lopdf::ObjectId,
    max: usize,
) -> Result<Vec<u8>, PageError> {
    let damaged = |what: String| PageError::Damaged(what);
    let page = document
        .get_dictionary(page_id)
        .map_err(|_| damaged("the page itself is missing from the file or damaged".into()))?;
    let Ok(contents) = page.get(b"Contents") else {
        return Ok(Vec::new());
    };
    let contents = follow(document, contents)
        .map_err(|why| damaged(format!("its content cannot be found ({why})")))?;
    let streams: Vec<&Object> = match contents {
        Object::Array(items) => items.iter().collect(),
        Object::Null => Vec::new(),
        other => vec![other],
    };
    let mut content = Vec::new();
    for stream in streams {
        let stream = follow(document, stream)
            .map_err(|why| damaged(format!("its content cannot be found ({why})")))?;
        let stream = match stream {
            Object::Stream(stream) => stream,
            Object::Null => continue,
            _ => return Err(damaged("its content is not a content stream".into())),
        };
        // A stream whose bytes could not be located (its /Length is missing, loops, or runs
        // past the end of the file) is left empty by the parser; it is not a blank page.
        let declared = stream
            .dict
            .get(b"Length")
            .ok()
            .and_then(|length| follow(document, length).ok())
            .and_then(|length| length.as_float().ok());
        if stream.content.is_empty() && declared != Some(0.0) {
            return Err(damaged(
                "its content stream cannot be read (its length is missing or wrong)".into(),
            ));
        }
        match stream.decompressed_content_with_limit(max.saturating_sub(content.len())) {
            Ok(data) => content.extend_from_slice(&data),
            Err(Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(PageError::OverLimit);
            }
            Err(error) => {
                return Err(damaged(format!(
                    "its content cannot be decompressed ({error})"
                )));
            }
        }
        content.push(b'\n');
    }
    Ok(content)
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
    /// The font's resource name, such as `F1`, for messages.
    name: String,
    /// How its codes become text, or why that cannot be known.
    encoding: Result<Encoding<'a>, String>,
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

fn font<'a>(document: &'a Document, name: &[u8], dict: &'a Dictionary, limit: usize) -> Font<'a> {
    let encoding =
        dict.get_font_encoding_with_limit(document, limit)
            .map_err(|error| match error {
                Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => format!(
                    "its character map expands to more than {} MB when unpacked",
                    limit as u64 / MB
                ),
                other => other.to_string(),
            });
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
        name: String::from_utf8_lossy(name).into_owned(),
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

/// The text a page draws. Text drawn in a font that cannot be found or decoded is an error
/// saying which font and why (words that follow "on page 3, "), not text left out in silence.
fn page_text(
    document: &Document,
    page_id: lopdf::ObjectId,
    content: &[u8],
) -> Result<String, String> {
    // Why the page's fonts may be missing: resources that cannot be read.
    let mut resources_problem = document
        .get_dictionary(page_id)
        .ok()
        .and_then(|page| page.get(b"Resources").ok())
        .and_then(|resources| match follow(document, resources) {
            Err(why) => Some(format!("its resources cannot be read ({why})")),
            Ok(Object::Dictionary(_)) => None,
            Ok(_) => Some("its resources are not a dictionary".into()),
        });
    let fonts: BTreeMap<Vec<u8>, Font<'_>> = match document.get_page_fonts(page_id) {
        Ok(fonts) => fonts,
        Err(error) => {
            resources_problem.get_or_insert(format!("its resources cannot be read ({error})"));
            BTreeMap::new()
        }
    }
    .into_iter()
    .map(|(name, dict)| {
        let font = font(document, &name, dict, 4 * MB as usize);
        (name, font)
    })
    .collect();
    let content = Content::decode(content)
        .map_err(|error| format!("its content cannot be parsed ({error})"))?;
    // A font that `Tf` named but the page does not have.
    let mut missing: Option<String> = None;
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
                let name = operands.first().and_then(|o| o.as_name().ok());
                current = name.and_then(|name| fonts.get(name));
                missing = match (current, name) {
                    (None, Some(name)) => Some(String::from_utf8_lossy(name).into_owned()),
                    _ => None,
                };
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
                    show(&mut page, &mut state, font, shown)?;
                } else if let Some(name) = &missing {
                    let why = resources_problem
                        .as_deref()
                        .map_or(String::new(), |why| format!("; {why}"));
                    return Err(format!(
                        "it draws text in the font /{name}, which the page does not have{why}"
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(page.text)
}

/// Shows strings (and, inside a `TJ` array, kerning adjustments) in `font`.
/// Fails, saying why, when the font's text cannot be decoded.
fn show(
    page: &mut PageText,
    state: &mut TextState,
    font: &Font<'_>,
    operands: &[Object],
) -> Result<(), String> {
    for operand in operands {
        match operand {
            Object::String(bytes, _) => {
                let [_, _, _, _, x, y] = state.tm;
                let size = state.drawn_size();
                page.place(x, y, size);
                let encoding = font.encoding.as_ref().map_err(|why| {
                    format!("the text in the font /{} cannot be read: {why}", font.name)
                })?;
                let text = Document::decode_text(encoding, bytes).map_err(|error| {
                    format!(
                        "the text in the font /{} cannot be decoded ({error})",
                        font.name
                    )
                })?;
                page.text
                    .extend(text.chars().filter(|c| !c.is_control() || *c == '\t'));
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
            Object::Array(items) => show(page, state, font, items)?,
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
    Ok(())
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
