//! Rich Text Format (.rtf, and RTF saved under a .doc name): the text of the body, tables,
//! headers, footers, footnotes, endnotes and comments, paragraph by paragraph.
//!
//! RTF is text with control words (`\par`, `\b`, `\'e9`, `\u8217?`) and groups in braces. The
//! reader keeps a stack of group states: which part the text belongs to, whether the group is a
//! destination whose text is not prose (font and colour tables, style sheets, document info,
//! pictures, field instructions, bookmark names, list labels), and how many fallback
//! characters follow each `\uN`. Bytes written as `\'hh` are decoded in the document's code page
//! (`\ansicpgN`), several at a time, so that double-byte code pages work too.
//!
//! Spec: Microsoft's "Rich Text Format (RTF) Specification", version 1.9.1.

use encoding_rs::Encoding;

use super::{DocumentError, ExtractedDocument, Limits, Paragraphs, Part};

/// Groups nest at most this deep on the stack; deeper ones share their parent's state, so a
/// file of a million `{` cannot take a million states of memory.
const MAX_DEPTH: usize = 1_000;

/// Whether `bytes` are an RTF document: `{\rtf` after optional white space.
pub(crate) fn is_rtf(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes[start..].starts_with(b"{\\rtf")
}

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<ExtractedDocument, DocumentError> {
    if bytes.len() as u64 > limits.max_total {
        return Err(DocumentError(format!(
            "skipped: the document is larger than {} MB",
            limits.max_total / super::MB
        )));
    }
    if !is_rtf(bytes) {
        return Err(DocumentError(
            "cannot read this .rtf file: it does not start with `{\\rtf`, so it is not a Rich \
             Text Format document or it is damaged"
                .into(),
        ));
    }
    let mut reader = Reader::new(limits);
    reader.read(bytes);
    Ok(reader.paragraphs.finish("rtf"))
}

/// What a group's text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Text {
    /// Prose of this part.
    Prose(Part),
    /// Not prose: skipped with everything inside it.
    Skipped,
}

/// The state a group inherits from its parent and may change for itself.
#[derive(Clone, Copy, Debug)]
struct Group {
    text: Text,
    /// How many fallback characters follow a `\uN`.
    unicode_skip: usize,
    /// Whether the paragraph is in a table (`\intbl`).
    in_table: bool,
    /// How many paragraphs were open when this destination began: text inside it goes to a
    /// paragraph of its own, nested in the one it interrupts (a footnote inside a sentence).
    base_depth: usize,
    /// The group began with `\*`: a destination the reader may skip if it does not know it.
    ignorable: bool,
    /// Whether this group is a destination of its own (a header, a footnote), whose paragraph
    /// ends with it.
    destination: bool,
    /// Whether a control word or text has come after the group's opening.
    started: bool,
}

struct Reader {
    paragraphs: Paragraphs,
    stack: Vec<Group>,
    /// Groups deeper than [`MAX_DEPTH`], which share the top state.
    overflow: usize,
    encoding: &'static Encoding,
    /// Bytes written as `\'hh` (or raw above 0x7f) not yet decoded.
    pending_bytes: Vec<u8>,
    /// A UTF-16 high surrogate from `\uN`, waiting for its low half.
    high_surrogate: Option<u16>,
    /// Fallback characters still to skip after a `\uN`.
    to_skip: usize,
}

impl Reader {
    fn new(limits: &Limits) -> Reader {
        Reader {
            paragraphs: Paragraphs::new(limits),
            stack: vec![Group {
                text: Text::Prose(Part::Body),
                unicode_skip: 1,
                in_table: false,
                base_depth: 0,
                ignorable: false,
                destination: false,
                started: true,
            }],
            overflow: 0,
            encoding: encoding_rs::WINDOWS_1252,
            pending_bytes: Vec::new(),
            high_surrogate: None,
            to_skip: 0,
        }
    }

    fn group(&mut self) -> &mut Group {
        self.stack
            .last_mut()
            .expect("the document's own state is never popped")
    }

    fn read(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'{' => {
                    self.flush_bytes();
                    self.to_skip = 0;
                    if self.stack.len() >= MAX_DEPTH {
                        self.overflow += 1;
                    } else {
                        let mut group = *self.group();
                        group.ignorable = false;
                        group.destination = false;
                        group.started = false;
                        self.stack.push(group);
                    }
                    i += 1;
                }
                b'}' => {
                    self.flush_bytes();
                    self.to_skip = 0;
                    if self.overflow > 0 {
                        self.overflow -= 1;
                    } else if self.stack.len() > 1 {
                        let group = self.stack.pop().expect("checked above");
                        self.end_destination(group);
                    }
                    i += 1;
                }
                b'\\' => i = self.control(bytes, i + 1),
                // Line ends in the file are not text; a paragraph ends with `\par`.
                b'\r' | b'\n' => i += 1,
                byte => {
                    if byte >= 0x80 {
                        self.byte(byte);
                    } else {
                        self.flush_bytes();
                        let mut buffer = [0; 4];
                        self.text((byte as char).encode_utf8(&mut buffer));
                    }
                    i += 1;
                }
            }
        }
        self.flush_bytes();
    }

    /// Reads the control word or symbol after a backslash at `i`; returns where reading goes on.
    fn control(&mut self, bytes: &[u8], i: usize) -> usize {
        let Some(&first) = bytes.get(i) else {
            return i;
        };
        if !first.is_ascii_alphabetic() {
            return self.symbol(bytes, i, first);
        }
        let name_end = i + bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let number_start = name_end;
        let mut number_end = number_start;
        if bytes.get(number_end) == Some(&b'-') {
            number_end += 1;
        }
        number_end += bytes[number_end..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let parameter = std::str::from_utf8(&bytes[number_start..number_end])
            .ok()
            .and_then(|n| n.parse::<i64>().ok());
        let mut next = number_end;
        // One space after a control word is its delimiter, not text.
        if bytes.get(next) == Some(&b' ') {
            next += 1;
        }
        let name = std::str::from_utf8(&bytes[i..name_end]).unwrap_or_default();
        if name == "bin" {
            // Binary data of the given length follows, raw.
            self.flush_bytes();
            let length = usize::try_from(parameter.unwrap_or(0)).unwrap_or(0);
            return next.saturating_add(length).min(bytes.len());
        }
        if name != "u" {
            self.flush_bytes();
        }
        self.word(name, parameter);
        next
    }

    /// A control symbol: a backslash and one character that is not a letter.
    fn symbol(&mut self, bytes: &[u8], i: usize, symbol: u8) -> usize {
        match symbol {
            b'\'' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    self.byte(byte);
                    return i + 3;
                }
                i + 1
            }
            b'*' => {
                let group = self.group();
                if !group.started {
                    group.ignorable = true;
                }
                i + 1
            }
            b'\\' | b'{' | b'}' => {
                self.flush_bytes();
                self.text(if symbol == b'\\' {
                    "\\"
                } else if symbol == b'{' {
                    "{"
                } else {
                    "}"
                });
                i + 1
            }
            b'~' => {
                self.flush_bytes();
                self.text("\u{a0}");
                i + 1
            }
            b'_' => {
                self.flush_bytes();
                self.text("\u{2011}");
                i + 1
            }
            // An escaped line end is a paragraph mark.
            b'\r' | b'\n' => {
                self.flush_bytes();
                self.word("par", None);
                i + 1
            }
            // `\-` (an optional hyphen) and anything else: no text.
            _ => i + 1,
        }
    }

    /// Acts on a control word.
    fn word(&mut self, name: &str, parameter: Option<i64>) {
        let first_in_group = !self.group().started;
        let ignorable = self.group().ignorable;
        self.group().started = true;
        if self.group().text == Text::Skipped {
            return;
        }
        if first_in_group && let Some(text) = destination(name, ignorable) {
            self.begin_destination(text);
            return;
        }
        match name {
            "par" | "sect" | "page" | "cell" | "row" | "nestcell" | "nestrow" => {
                self.end_paragraph();
            }
            "pard" => self.group().in_table = false,
            "intbl" => self.group().in_table = true,
            "ftnalt" => {
                if let Text::Prose(Part::Footnote) = self.group().text {
                    self.group().text = Text::Prose(Part::Endnote);
                }
            }
            "line" | "tab" | "emspace" | "enspace" | "qmspace" => self.text(" "),
            "emdash" => self.text("\u{2014}"),
            "endash" => self.text("\u{2013}"),
            "lquote" => self.text("\u{2018}"),
            "rquote" => self.text("\u{2019}"),
            "ldblquote" => self.text("\u{201c}"),
            "rdblquote" => self.text("\u{201d}"),
            "bullet" => self.text("\u{2022}"),
            "uc" => {
                self.group().unicode_skip = usize::try_from(parameter.unwrap_or(1)).unwrap_or(1);
            }
            "u" => self.unicode(parameter.unwrap_or(0)),
            "ansicpg" => {
                if let Some(encoding) = parameter.and_then(code_page) {
                    self.encoding = encoding;
                }
            }
            "mac" => self.encoding = encoding_rs::MACINTOSH,
            _ => {}
        }
        if self.to_skip > 0 && name != "u" {
            self.to_skip -= 1;
        }
    }

    fn begin_destination(&mut self, text: Text) {
        let depth = self.paragraphs.depth();
        let group = self.group();
        group.text = text;
        group.base_depth = depth;
        group.in_table = false;
        group.destination = true;
    }

    /// Closes the paragraph a destination opened when its group ends.
    fn end_destination(&mut self, group: Group) {
        if group.destination && group.text != Text::Skipped {
            while self.paragraphs.depth() > group.base_depth {
                self.paragraphs.close();
            }
        }
    }

    fn end_paragraph(&mut self) {
        let base = self.group().base_depth;
        if self.paragraphs.depth() > base {
            self.paragraphs.close();
        }
    }

    /// A character given as `\uN`, a signed 16-bit UTF-16 unit.
    fn unicode(&mut self, value: i64) {
        self.flush_bytes();
        let unit = (value.rem_euclid(65_536)) as u16;
        let c = match (self.high_surrogate.take(), unit) {
            (_, 0xD800..=0xDBFF) => {
                self.high_surrogate = Some(unit);
                None
            }
            (Some(high), 0xDC00..=0xDFFF) => {
                char::decode_utf16([high, unit]).next().and_then(Result::ok)
            }
            (_, unit) => char::from_u32(u32::from(unit)).filter(|c| !c.is_control()),
        };
        if let Some(c) = c {
            let mut buffer = [0; 4];
            self.text(c.encode_utf8(&mut buffer));
        }
        self.to_skip = self.group().unicode_skip;
    }

    /// A byte of text in the document's code page.
    fn byte(&mut self, byte: u8) {
        if self.to_skip > 0 {
            self.to_skip -= 1;
            return;
        }
        self.pending_bytes.push(byte);
    }

    fn flush_bytes(&mut self) {
        if self.pending_bytes.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending_bytes);
        let (text, _) = self.encoding.decode_without_bom_handling(&bytes);
        let text = text.into_owned();
        self.prose(&text);
    }

    /// Plain text: a fallback character after `\uN` is skipped.
    fn text(&mut self, text: &str) {
        if self.to_skip > 0 {
            self.to_skip -= 1;
            return;
        }
        self.prose(text);
    }

    /// Text that is part of the document, added to the paragraph open for its group.
    fn prose(&mut self, text: &str) {
        let group = *self.group();
        let Text::Prose(part) = group.text else {
            return;
        };
        if self.paragraphs.depth() <= group.base_depth {
            let part = if group.in_table && part == Part::Body {
                Part::Table
            } else {
                part
            };
            self.paragraphs.open(part);
        }
        self.paragraphs.push(text);
    }
}

/// What the text of a destination group that starts with control word `name` is, or `None`
/// if `name` does not start a destination. An unknown destination marked with `\*` is skipped,
/// as the specification asks of readers that do not know it.
fn destination(name: &str, ignorable: bool) -> Option<Text> {
    Some(match name {
        "header" | "headerl" | "headerr" | "headerf" => Text::Prose(Part::Header),
        "footer" | "footerl" | "footerr" | "footerf" => Text::Prose(Part::Footer),
        "footnote" => Text::Prose(Part::Footnote),
        "annotation" => Text::Prose(Part::Comment),
        // Text boxes and the visible result of a field are text where they stand.
        "shptxt" | "fldrslt" => return None,
        "fonttbl" | "colortbl" | "stylesheet" | "info" | "pict" | "objdata" | "fldinst"
        | "bkmkstart" | "bkmkend" | "listtable" | "listoverridetable" | "listtext" | "pntext"
        | "pntxta" | "pntxtb" | "revtbl" | "rsidtbl" | "generator" | "xmlnstbl" | "themedata"
        | "colorschememapping" | "datastore" | "latentstyles" | "pgdsctbl" | "filetbl"
        | "userprops" | "docvar" | "sp" | "sn" | "sv" | "nonshppict" | "atnid" | "atnauthor"
        | "atndate" | "atnref" | "atrfstart" | "atrfend" | "mmathPr" | "wgrffmtfilter"
        | "template" | "falt" | "panose" => Text::Skipped,
        _ if ignorable => Text::Skipped,
        _ => return None,
    })
}

/// The encoding of a Windows code page number, where encoding_rs knows it.
fn code_page(number: i64) -> Option<&'static Encoding> {
    let label = match number {
        65001 => "utf-8".to_owned(),
        932 => "shift_jis".to_owned(),
        936 => "gbk".to_owned(),
        949 => "euc-kr".to_owned(),
        950 => "big5".to_owned(),
        10000 => "macintosh".to_owned(),
        866 => "ibm866".to_owned(),
        874 | 1250..=1258 => format!("windows-{number}"),
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(rtf: &str) -> Vec<(String, String)> {
        let document = extract(rtf.as_bytes(), &Limits::default()).unwrap();
        document
            .text
            .lines()
            .zip(&document.spans)
            .map(|(line, (_, location))| (location.to_string(), line.to_owned()))
            .collect()
    }

    fn pair(place: &str, text: &str) -> (String, String) {
        (place.to_owned(), text.to_owned())
    }

    #[test]
    fn paragraphs_parts_and_skipped_destinations() {
        let rtf = r#"{\rtf1\ansi\deff0{\fonttbl{\f0\fswiss Helvetica;}}{\colortbl;\red0\green0\blue0;}
{\stylesheet{\s1 heading 1;}}{\info{\title The master plan}{\author A}}
{\header\pard\plain Chairman's office\par}
{\footer\pard HR guys\par}
\pard\plain Add the host to the white{\b list}.\par
Second paragraph with a foot{\super\chftn}{\footnote\pard\plain{\super\chftn} The blacklist note.}note.\par
\trowd\cellx1000\cellx2000\pard\intbl Foreman\cell manpower\cell\row
\pard After the table: {\field{\*\fldinst HYPERLINK "https://example.org/master"}{\fldrslt the link}}.\par
{\*\annotation{\*\atnauthor ally}\pard A crazy comment.\par}
{\*\unknowndestination master slave}{\pict\pngblip 0123abcd}Last.\par}"#;
        assert_eq!(
            lines(rtf),
            [
                pair("paragraph 1, in the body", "Add the host to the whitelist."),
                pair(
                    "paragraph 2, in the body",
                    "Second paragraph with a footnote."
                ),
                pair("paragraph 1, in the table", "Foreman"),
                pair("paragraph 2, in the table", "manpower"),
                pair("paragraph 3, in the body", "After the table: the link."),
                pair("paragraph 4, in the body", "Last."),
                pair("paragraph 1, in the header", "Chairman's office"),
                pair("paragraph 1, in the footer", "HR guys"),
                pair("paragraph 1, in the footnote", "The blacklist note."),
                pair("paragraph 1, in the comment", "A crazy comment."),
            ]
        );
    }

    #[test]
    fn escapes_code_pages_and_unicode() {
        let rtf = r"{\rtf1\ansi\ansicpg1252\uc1 caf\'e9 \u8217? \'93q\'94 a\~b \{x\} back\\slash\par
\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2\par
\uc2\u-10179\'3f\'3f\u-8704\'3f\'3f ok\par
{\ftnalt}white\-list\emdash done\par}";
        assert_eq!(
            lines(rtf),
            [
                pair(
                    "paragraph 1, in the body",
                    "café ’ “q” a\u{a0}b {x} back\\slash"
                ),
                pair("paragraph 2, in the body", "Привет"),
                pair("paragraph 3, in the body", "😀 ok"),
                pair("paragraph 4, in the body", "whitelist—done"),
            ]
        );
    }

    #[test]
    fn endnotes_and_binary_data() {
        let rtf = "{\\rtf1 Text.{\\footnote\\ftnalt An endnote.}\\par{\\*\\blipuid 00}\\bin4 }}}}After.\\par}";
        assert_eq!(
            lines(rtf),
            [
                pair("paragraph 1, in the body", "Text."),
                pair("paragraph 2, in the body", "After."),
                pair("paragraph 1, in the endnote", "An endnote."),
            ]
        );
    }

    #[test]
    fn hostile_input_is_bounded_and_never_panics() {
        for rtf in [
            "{\\rtf1".to_owned() + &"{".repeat(200_000) + "deep",
            "{\\rtf1 \\u".to_owned(),
            "{\\rtf1 \\'".to_owned(),
            "{\\rtf1 \\'zz \\u-99999999999999999999 \\uc-5 x\\bin-3 y}}}}".to_owned(),
            "{\\rtf1 \\bin99999999999999999999 x}".to_owned(),
            "{\\rtf1 \\".to_owned(),
        ] {
            let _ = extract(rtf.as_bytes(), &Limits::default()).unwrap();
        }
        let deep = "{\\rtf1".to_owned() + &"{".repeat(200_000) + "deep" + &"}".repeat(200_000);
        assert_eq!(lines(&deep), [pair("paragraph 1, in the body", "deep")]);
        assert!(extract(b"plain text", &Limits::default()).is_err());
    }
}
