//! Keys, values and comments of data files: YAML, JSON, TOML, INI and CSV.
//!
//! In a data file the keys are names, and so is a value of one token (`mode: master`,
//! `"role": "slave"`, `branch = "master"`): a program reads it as a setting. A value written as
//! words (`description: The user must confirm his email address`) is text for a person to read,
//! and is a string region, as a string literal in code is; so are YAML block scalars. Comments
//! stay comments. Keys, single-token values and punctuation are left outside every region, where
//! [`Regions`](super::Regions) reads them as identifiers, as it does in code.
//!
//! Each format has a small scanner that knows just enough of its syntax to tell keys from values
//! and to find comments. None of them rejects a file: a broken file still gets regions. They
//! work on bytes and cut only at ASCII delimiters, line ends and spacing, so that every range
//! falls on a character boundary.

use std::ops::Range;

use memchr::{memchr, memchr2, memchr3, memmem};

use super::languages::Language;
use super::{Region, push_region};
use crate::scope::Scope;

/// The scope of a value written as words. One constant, so that the choice is made in one place.
const TEXT: Scope = Scope::String;

/// A data format read by this module rather than by the code lexer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DataFormat {
    Yaml,
    Json,
    Toml,
    Ini,
    Csv,
}

impl DataFormat {
    /// Each format with the name of its entry in the language table, which still owns file
    /// detection and the comment syntax that inline directives are written in.
    const BY_LANGUAGE: [(&'static str, DataFormat); 5] = [
        ("YAML", DataFormat::Yaml),
        ("JSON", DataFormat::Json),
        ("TOML", DataFormat::Toml),
        ("INI", DataFormat::Ini),
        ("CSV", DataFormat::Csv),
    ];

    /// The data format of a language-table entry, if it is one.
    pub(super) fn of(language: &Language) -> Option<DataFormat> {
        DataFormat::BY_LANGUAGE
            .iter()
            .find(|(name, _)| *name == language.name)
            .map(|(_, format)| *format)
    }
}

/// The comment and text regions of a data file, in order.
#[cfg(test)]
pub(super) fn regions(format: DataFormat, text: &str) -> Vec<Region> {
    read(format, text).0
}

/// The regions of a data file, and the ranges that are not checked at all: the cells of a
/// table's account columns, which hold the handles people chose (`dumb0002`).
pub(super) fn read(format: DataFormat, text: &str) -> (Vec<Region>, Vec<Range<usize>>) {
    let mut scan = Scan {
        text,
        b: text.as_bytes(),
        regions: Vec::new(),
        unchecked: Vec::new(),
    };
    match format {
        DataFormat::Yaml => scan.yaml(),
        DataFormat::Json => scan.json(),
        DataFormat::Toml => scan.toml(),
        DataFormat::Ini => scan.ini(),
        DataFormat::Csv => scan.csv(),
    }
    (scan.regions, scan.unchecked)
}

/// Whether `value` is written as words: it holds at least two words, separated by spacing.
///
/// A word starts with a letter and goes on with letters, digits (`IPv6`), apostrophes or
/// hyphens (`don't`, `well-known`), and may carry sentence punctuation at its edges: opening
/// brackets and quotes before it, `.,;:!?`, closing brackets and quotes after it. Punctuation
/// inside a token (`a=b`, `v1.2`, `/usr/bin`, `snake_case`, `user@host`) or before it
/// (`--flag`, `$HOME`) makes it a name, a path or code, not a word, and so does the lack of any
/// letter (`0 0 * * *`); so `--port 80 --bind master` is not text, and `Promote the master.`
/// is. Template expressions (`{{ .Values.name }}`, `{% if x %}`, `${{ github.ref }}`) are code
/// and separate words. With `escapes`, a backslash escape (`\n`, `\u00e9`) separates words as a
/// space does. A token of two or more characters of a script written without spaces (Chinese,
/// Japanese, Thai) counts as text on its own.
fn is_text(value: &str, escapes: bool) -> bool {
    let bytes = value.as_bytes();
    let mut words = 0;
    let mut token: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let separator_end = match bytes[i] {
            c if c.is_ascii_whitespace() => Some(i + 1),
            b'\\' if escapes => Some(escape_end(bytes, i)),
            b'{' | b'$' => template_end(bytes, i),
            _ => None,
        };
        match separator_end {
            Some(end) => {
                if let Some(start) = token.take() {
                    words += word_weight(value.get(start..i).unwrap_or_default());
                    if words >= 2 {
                        return true;
                    }
                }
                i = end.max(i + 1);
            }
            None => {
                token.get_or_insert(i);
                i += 1;
            }
        }
    }
    if let Some(start) = token {
        words += word_weight(value.get(start..).unwrap_or_default());
    }
    words >= 2
}

/// The end of the backslash escape at `i`: the escaped character, and the hex digits after `u`,
/// `U` or `x`.
fn escape_end(bytes: &[u8], i: usize) -> usize {
    let mut end = i + 2;
    if matches!(bytes.get(i + 1), Some(b'u' | b'U' | b'x')) {
        while end < bytes.len() && end < i + 10 && bytes[end].is_ascii_hexdigit() {
            end += 1;
        }
    }
    // Past a multi-byte escaped character, to the next character boundary.
    while end < bytes.len() && (bytes[end] & 0xc0) == 0x80 {
        end += 1;
    }
    end.min(bytes.len())
}

/// The end of a template expression opening at `i` (`{{ … }}`, `{% … %}`, `${ … }`), if one
/// opens there; an unclosed one runs to the end of the value.
fn template_end(bytes: &[u8], i: usize) -> Option<usize> {
    if !matches!(bytes.get(i), Some(b'{' | b'$')) {
        return None;
    }
    let (close, second) = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
        (b'{', Some(b'{'), _) | (b'$', Some(b'{'), Some(b'{')) => (b'}', Some(b'}')),
        (b'{', Some(b'%'), _) => (b'%', Some(b'}')),
        (b'$', Some(b'{'), _) => (b'}', None),
        _ => return None,
    };
    // The closing byte, followed by `second` when the delimiter has two (found with `memchr`:
    // templates are frequent in Helm charts and short).
    let mut j = i + 2;
    while let Some(found) = memchr(close, &bytes[j.min(bytes.len())..]) {
        let at = j + found;
        match second {
            None => return Some(at + 1),
            Some(second) if bytes.get(at + 1) == Some(&second) => return Some(at + 2),
            Some(_) => j = at + 1,
        }
    }
    Some(bytes.len())
}

/// Punctuation that may open a word.
const OPENING: &[char] = &[
    '(', '[', '"', '\'', '*', '\u{201c}', '\u{2018}', '\u{ab}', '\u{bf}', '\u{a1}',
];

/// Punctuation that may close a word.
const CLOSING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '*', '\u{201d}', '\u{2019}', '\u{bb}',
    '\u{2026}',
];

/// How many words a token between separators counts for: 0, 1, or 2 for a run of a script
/// written without spaces.
fn word_weight(token: &str) -> usize {
    if token.is_ascii() {
        return ascii_word_weight(token.as_bytes());
    }
    if token
        .chars()
        .filter(|c| is_spaceless_script(*c))
        .nth(1)
        .is_some()
    {
        return 2;
    }
    let word = token.trim_start_matches(OPENING).trim_end_matches(CLOSING);
    let mut chars = word.chars();
    let starts_with_letter = chars.next().is_some_and(char::is_alphabetic);
    let rest_is_word = chars.all(|c| c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-'));
    usize::from(starts_with_letter && rest_is_word)
}

/// [`word_weight`] of an ASCII token, without decoding characters.
fn ascii_word_weight(token: &[u8]) -> usize {
    let start = token
        .iter()
        .position(|c| !b"([\"'*".contains(c))
        .unwrap_or(token.len());
    let end = token
        .iter()
        .rposition(|c| !b".,;:!?)]\"'*".contains(c))
        .map_or(start, |p| p + 1)
        .max(start);
    match &token[start..end] {
        [first, rest @ ..] => usize::from(
            first.is_ascii_alphabetic()
                && rest
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'\'' | b'-')),
        ),
        [] => 0,
    }
}

/// Han ideographs, kana and Thai, which are written without spaces between words.
fn is_spaceless_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{0e00}'..='\u{0e7f}')
}

/// Whether `line` starts with a YAML document marker, `---` or `...`, alone or before spacing.
fn is_document_marker(line: &[u8]) -> bool {
    matches!(line, [b'-', b'-', b'-', ..] | [b'.', b'.', b'.', ..])
        && line.get(3).is_none_or(u8::is_ascii_whitespace)
}

/// Spaces and tabs.
fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

/// The scanners' shared state: the text and the regions found so far.
struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    regions: Vec<Region>,
    unchecked: Vec<Range<usize>>,
}

impl Scan<'_> {
    /// The offset of the line break ending the line that holds `i`, or the end of the text.
    fn line_end(&self, i: usize) -> usize {
        let from = i.min(self.b.len());
        memchr(b'\n', &self.b[from..]).map_or(self.b.len(), |p| from + p)
    }

    /// The start of the line that holds `i`.
    fn line_start(&self, i: usize) -> usize {
        memchr::memrchr(b'\n', &self.b[..i]).map_or(0, |p| p + 1)
    }

    /// The first offset at or after `i` (and before `end`) that is not a space or tab.
    fn skip_blanks(&self, mut i: usize, end: usize) -> usize {
        while i < end && is_blank(self.b[i]) {
            i += 1;
        }
        i
    }

    /// `end` moved back over spacing (and the `\r` of a CRLF line end), not before `start`.
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && self.b[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        end
    }

    /// Whether the line holding `i` has nothing but spacing before `i`.
    fn at_line_start(&self, i: usize) -> bool {
        let blanks = self.b[..i]
            .iter()
            .rev()
            .take_while(|c| is_blank(**c))
            .count();
        i == blanks || self.b[i - blanks - 1] == b'\n'
    }

    /// Whether the line starting at `i` holds only spacing.
    fn is_blank_line(&self, i: usize) -> bool {
        self.b[i..self.line_end(i)]
            .iter()
            .all(u8::is_ascii_whitespace)
    }

    /// A comment from `start` to the end of its line; returns the line end.
    fn comment(&mut self, start: usize) -> usize {
        let end = self.line_end(start);
        let trimmed = self.trim_end(start, end);
        push_region(&mut self.regions, start..trimmed, Scope::Comment);
        end
    }

    /// A comment from `start` to `end`.
    fn block_comment(&mut self, range: Range<usize>) {
        push_region(&mut self.regions, range, Scope::Comment);
    }

    /// A value: text if it is written as words, otherwise a name left outside the regions.
    /// Returns whether it is text.
    fn value(&mut self, range: Range<usize>, escapes: bool) -> bool {
        let words = self.text.get(range.clone()).unwrap_or_default();
        let text = is_text(words, escapes);
        if text {
            push_region(&mut self.regions, range, TEXT);
        }
        text
    }

    /// The string literals and comments inside the template expressions of a value that is not
    /// text itself: `{{ fail "Set a name for the master" }}` is template code around a message,
    /// and `{{/* note */}}` a comment.
    fn template_parts(&mut self, range: Range<usize>) {
        let b = &self.b[..range.end];
        let mut j = range.start;
        while let Some(found) = memchr(b'{', &b[j..]) {
            let open = j + found;
            if b.get(open + 1) != Some(&b'{') {
                j = open + 1;
                continue;
            }
            let close = template_end(b, open).unwrap_or(b.len());
            let mut k = open + 2;
            while k < close {
                match b[k] {
                    b'"' => {
                        let end = self.quoted_end(k, Some(b'\\'), false, false).min(close);
                        self.value(k..end, true);
                        k = end.max(k + 1);
                    }
                    b'`' => {
                        let end = memchr(b'`', &b[k + 1..close]).map_or(close, |p| k + p + 2);
                        self.value(k..end, false);
                        k = end;
                    }
                    b'/' if b.get(k + 1) == Some(&b'*') => {
                        let end =
                            memmem::find(&b[k + 2..close], b"*/").map_or(close, |p| k + p + 4);
                        self.block_comment(k..end);
                        k = end;
                    }
                    _ => k += 1,
                }
            }
            j = close.max(open + 2);
        }
    }

    /// A comment after a value on the rest of the line from `from` to `end` (a `#` after
    /// spacing); returns the start of the next line.
    fn rest_of_line(&mut self, from: usize, end: usize) -> usize {
        let mut j = from;
        while let Some(found) = memchr(b'#', &self.b[j..end]) {
            j += found;
            if j == 0 || self.b[j - 1].is_ascii_whitespace() {
                self.comment(j);
                break;
            }
            j += 1;
        }
        (end + 1).min(self.b.len())
    }

    /// The end of a quoted string opening at `start`: after the closing quote, or at the end of
    /// the opening line if it never closes, so that a stray quote cannot swallow the file.
    /// `escape` is the escape character; `doubled` lets a doubled quote stand for itself
    /// (`'it''s'` in YAML, `"a ""b"""` in CSV); `multiline` lets it span lines.
    fn quoted_end(
        &self,
        start: usize,
        escape: Option<u8>,
        doubled: bool,
        multiline: bool,
    ) -> usize {
        let b = self.b;
        let quote = b[start];
        let mut j = start + 1;
        while j < b.len() {
            let c = b[j];
            if c == b'\n' && !multiline {
                return self.trim_end(start, j);
            }
            if Some(c) == escape {
                j += 2;
                continue;
            }
            if c == quote {
                if doubled && b.get(j + 1) == Some(&quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j += 1;
        }
        let end = self.line_end(start);
        self.trim_end(start, end)
    }

    // YAML

    /// YAML, line by line: `key: value`, `- item`, quoted keys and values, block scalars, flow
    /// collections, comments, document markers and directives.
    fn yaml(&mut self) {
        let b = self.b;
        let mut i = 0;
        while i < b.len() {
            let end = self.line_end(i);
            let p = self.skip_blanks(i, end);
            if self.trim_end(p, end) == p {
                i = end + 1;
                continue;
            }
            // A bare scalar on its own line may go on at its own indentation; one after a
            // document marker (`--- |`) at any indentation.
            let mut start = p;
            let mut owner = (p - i) as isize - 1;
            if p == i {
                if b[p] == b'%' {
                    i = end + 1;
                    continue;
                }
                if is_document_marker(&b[p..]) {
                    start = p + 3;
                    owner = -1;
                }
            }
            let line = Line { start: i, end };
            i = self.yaml_line(start, line, owner).max(end + 1);
        }
    }

    /// The nodes of the `line` from `p`; `owner` is the indentation that the lines of a value
    /// found here must exceed. Returns where the next line to read starts.
    fn yaml_line(&mut self, mut p: usize, line: Line, mut owner: isize) -> usize {
        let b = self.b;
        let end = line.end;
        loop {
            p = self.skip_blanks(p, end);
            if p >= end {
                return end + 1;
            }
            let marker = matches!(b[p], b'-' | b'?' | b':')
                && b.get(p + 1).is_none_or(u8::is_ascii_whitespace);
            if !marker {
                break;
            }
            owner = (p - line.start) as isize;
            p += 1;
        }
        self.yaml_node(p, line, owner, false)
    }

    /// One node at `p`: a key and its value, or a value. `owner` is the indentation that the
    /// lines of a block scalar or a multi-line plain value must exceed. A plain scalar followed
    /// by `: ` is a key unless the node is already a value (`in_value`).
    fn yaml_node(&mut self, p: usize, line: Line, owner: isize, in_value: bool) -> usize {
        let b = self.b;
        let end = line.end;
        let p = self.skip_properties(p, end);
        if p >= end {
            return end + 1;
        }
        let column = (p - line.start) as isize;
        match b[p] {
            b'#' => {
                self.comment(p);
                return end + 1;
            }
            b'"' | b'\'' => {
                let (escape, doubled) = if b[p] == b'"' {
                    (Some(b'\\'), false)
                } else {
                    (None, true)
                };
                let close = self.quoted_end(p, escape, doubled, true);
                let close_line = self.line_of(line, close);
                if !in_value && let Some(after) = self.key_colon(close, close_line.end) {
                    return self.yaml_value(after, close_line, column);
                }
                self.value(p..close, escape.is_some());
                return self.rest_of_line(close, close_line.end);
            }
            b'[' | b'{' if b.get(p + 1) != Some(&b'{') || b[p] == b'[' => {
                let close = self.flow(p);
                let close_line = self.line_of(line, close);
                if !in_value && let Some(after) = self.key_colon(close, close_line.end) {
                    return self.yaml_value(after, close_line, column);
                }
                return self.rest_of_line(close, close_line.end);
            }
            b'|' | b'>' => return self.block_scalar(p, owner),
            b'{' if template_end(&b[..end], p) == Some(end) => {
                // A template expression over several lines, such as a Helm comment
                // (`{{- /*` … `*/ -}}`): code, with comments and strings of its own.
                let close = template_end(b, p).unwrap_or(end);
                self.template_parts(p..close);
                return self.rest_of_line(close, self.line_of(line, close).end);
            }
            b'*' => {
                let alias_end = b[p..end]
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .map_or(end, |q| p + q);
                return self.rest_of_line(alias_end, end);
            }
            _ => {}
        }
        if !in_value {
            let (_, stop) = self.plain_scan(p, end, true);
            if let Stop::Key(colon) = stop {
                return self.yaml_value(colon + 1, line, column);
            }
        }
        self.plain_value(p, end, owner)
    }

    /// The line that holds `i`, which is `line` or a later one.
    fn line_of(&self, line: Line, i: usize) -> Line {
        if i <= line.end {
            line
        } else {
            Line {
                start: self.line_start(i),
                end: self.line_end(i),
            }
        }
    }

    /// The offset after the `:` that follows `close` (after spacing on the same line, which ends
    /// at `end`) when it makes what came before a key.
    fn key_colon(&self, close: usize, end: usize) -> Option<usize> {
        let after = self.skip_blanks(close, end);
        (self.b.get(after) == Some(&b':')
            && self
                .b
                .get(after + 1)
                .is_none_or(|c| c.is_ascii_whitespace() || b",]}".contains(c)))
        .then_some(after + 1)
    }

    /// The value after `key:`, at `p` on `line`; `key_column` is the key's indentation.
    fn yaml_value(&mut self, p: usize, line: Line, key_column: isize) -> usize {
        let p = self.skip_blanks(p, line.end);
        if p >= line.end {
            return line.end + 1;
        }
        self.yaml_node(p, line, key_column, true)
    }

    /// Anchors (`&name`) and tags (`!!str`, `!Ref`) before a node, which are names.
    fn skip_properties(&self, mut p: usize, end: usize) -> usize {
        while p < end && matches!(self.b[p], b'&' | b'!') {
            while p < end && !self.b[p].is_ascii_whitespace() {
                p += 1;
            }
            p = self.skip_blanks(p, end);
        }
        p
    }

    /// Scans a plain scalar from `p` to the end of its line: where it ends (before spacing), and
    /// what stops it: a comment, or with `detect_key` the `:` of a key. Template expressions
    /// (`{{ … }}`) are skipped whole, since they may hold `: ` and ` #`.
    fn plain_scan(&self, p: usize, end: usize, detect_key: bool) -> (usize, Stop) {
        let b = self.b;
        let mut j = p;
        let mut stop = Stop::LineEnd;
        // Only `#`, `:` and the `{` of a template (also the second byte of `${`) can stop or
        // skip anything.
        while let Some(found) = memchr3(b'#', b':', b'{', &b[j..end]) {
            j += found;
            let c = b[j];
            if c == b'#' && j > p && is_blank(b[j - 1]) {
                stop = Stop::Comment(j);
                break;
            }
            if detect_key && c == b':' && b.get(j + 1).is_none_or(u8::is_ascii_whitespace) {
                stop = Stop::Key(j);
                break;
            }
            if let Some(template) = template_end(&b[..end], j) {
                j = template.max(j + 1);
                continue;
            }
            j += 1;
        }
        let value_end = match stop {
            Stop::Key(at) | Stop::Comment(at) => at,
            Stop::LineEnd => end,
        };
        (self.trim_end(p, value_end.min(end)), stop)
    }

    /// A plain value from `p`, with the more indented lines that continue it; returns where the
    /// next line to read starts.
    fn plain_value(&mut self, p: usize, end: usize, owner: isize) -> usize {
        let b = self.b;
        let (mut value_end, mut stop) = self.plain_scan(p, end, false);
        let mut next = (end + 1).min(b.len());
        while matches!(stop, Stop::LineEnd) {
            // The next line that is not blank.
            let mut q = next;
            let mut line_end = self.line_end(q);
            while q < b.len() && b[q..line_end].iter().all(u8::is_ascii_whitespace) {
                q = (line_end + 1).min(b.len());
                line_end = self.line_end(q);
            }
            if q >= b.len() {
                break;
            }
            let indent = b[q..line_end].iter().take_while(|c| **c == b' ').count();
            let content = q + indent;
            let sequence_entry =
                b[content] == b'-' && b.get(content + 1).is_none_or(u8::is_ascii_whitespace);
            if indent as isize <= owner || b[content] == b'#' || sequence_entry {
                break;
            }
            let (continued_end, continued_stop) = self.plain_scan(content, line_end, true);
            if matches!(continued_stop, Stop::Key(_)) {
                break;
            }
            value_end = continued_end;
            stop = continued_stop;
            next = (line_end + 1).min(b.len());
        }
        if !self.value(p..value_end, false) {
            self.template_parts(p..value_end);
        }
        if let Stop::Comment(at) = stop {
            self.comment(at);
        }
        next
    }

    /// A block scalar (`|`, `>-`, `|2`) whose header is at `p`: its lines, more indented than
    /// `owner`, are text. Returns where the first line after it starts.
    fn block_scalar(&mut self, p: usize, owner: isize) -> usize {
        let b = self.b;
        let end = self.line_end(p);
        let mut j = p + 1;
        while j < end && (b[j] == b'-' || b[j] == b'+' || b[j].is_ascii_digit()) {
            j += 1;
        }
        let after = self.skip_blanks(j, end);
        if after < end && b[after] == b'#' {
            self.comment(after);
        }
        let mut q = (end + 1).min(b.len());
        let mut body: Option<Range<usize>> = None;
        while q < b.len() {
            let line_end = self.line_end(q);
            if b[q..line_end].iter().all(u8::is_ascii_whitespace) {
                q = (line_end + 1).min(b.len());
                continue;
            }
            let indent = b[q..line_end].iter().take_while(|c| **c == b' ').count();
            let content = q + indent;
            let marker = indent == 0 && is_document_marker(&b[content..]);
            if indent as isize <= owner || marker {
                break;
            }
            let last = self.trim_end(content, line_end);
            body = Some(body.map_or(content..last, |r| r.start..last));
            q = (line_end + 1).min(b.len());
        }
        if let Some(range) = body {
            push_region(&mut self.regions, range, TEXT);
        }
        q
    }

    /// A flow collection (`[a, b]`, `{key: value}`) opening at `start`, over as many lines as it
    /// takes; returns the offset after its closing bracket. In a mapping, a scalar after a `:` is
    /// a value and one before it a key; in a sequence every scalar is a value, except the key of
    /// a single-pair mapping (`[key: value]`).
    fn flow(&mut self, start: usize) -> usize {
        /// Nesting deeper than this is only counted: a file of brackets must not grow a stack.
        const MAX_TRACKED: usize = 64;
        let b = self.b;
        // For each open collection: whether it is a mapping, and whether its entry has had its `:`.
        let mut stack: Vec<(bool, bool)> = Vec::new();
        let mut untracked = 0usize;
        let mut j = start;
        while j < b.len() {
            let c = b[j];
            match c {
                b'[' | b'{' => {
                    if stack.len() < MAX_TRACKED {
                        stack.push((c == b'{', false));
                    } else {
                        untracked += 1;
                    }
                    j += 1;
                }
                b']' | b'}' => {
                    j += 1;
                    if untracked > 0 {
                        untracked -= 1;
                    } else {
                        stack.pop();
                        if stack.is_empty() {
                            return j;
                        }
                    }
                }
                b',' => {
                    if let Some(top) = stack.last_mut() {
                        top.1 = false;
                    }
                    j += 1;
                }
                b'#' if j == start || b[j - 1].is_ascii_whitespace() => {
                    j = self.comment(j);
                }
                b':' if b
                    .get(j + 1)
                    .is_none_or(|c| c.is_ascii_whitespace() || b",[]{}".contains(c)) =>
                {
                    if let Some(top) = stack.last_mut() {
                        top.1 = true;
                    }
                    j += 1;
                }
                _ if c.is_ascii_whitespace() => j += 1,
                _ => {
                    let (close, escapes) = match c {
                        b'"' => (self.quoted_end(j, Some(b'\\'), false, true), true),
                        b'\'' => (self.quoted_end(j, None, true, true), false),
                        _ => (self.flow_plain_end(j), false),
                    };
                    let close = close.max(j + 1);
                    let followed_by_colon = {
                        let after = self.skip_blanks(close, b.len());
                        b.get(after) == Some(&b':')
                    };
                    let is_value = match stack.last() {
                        Some((true, after_colon)) => *after_colon,
                        _ => !followed_by_colon,
                    };
                    if is_value && !followed_by_colon {
                        self.value(j..close, escapes);
                    }
                    j = close;
                }
            }
        }
        b.len()
    }

    /// The end of a plain scalar inside a flow collection, starting at `j`: before a flow
    /// indicator, a `: `, a ` #` or the line end.
    fn flow_plain_end(&self, j: usize) -> usize {
        let b = self.b;
        let mut k = j;
        while k < b.len() {
            let c = b[k];
            if c == b'\n'
                || b",[]{}".contains(&c)
                || (c == b':'
                    && b.get(k + 1)
                        .is_none_or(|n| n.is_ascii_whitespace() || b",[]{}".contains(n)))
                || (c == b'#' && k > j && is_blank(b[k - 1]))
            {
                break;
            }
            k += 1;
        }
        self.trim_end(j, k)
    }

    // JSON

    /// JSON, JSON with comments and JSON5: a string followed by `:` is a key; any other string
    /// is a value. Numbers, `true`, `null` and unquoted JSON5 keys are names.
    fn json(&mut self) {
        let b = self.b;
        let mut i = 0;
        while let Some(found) = memchr3(b'"', b'\'', b'/', &b[i..]) {
            let j = i + found;
            match b[j] {
                b'/' if b.get(j + 1) == Some(&b'/') => i = self.comment(j),
                b'/' if b.get(j + 1) == Some(&b'*') => {
                    let end = memmem::find(&b[j + 2..], b"*/").map_or(b.len(), |p| j + 4 + p);
                    self.block_comment(j..end);
                    i = end;
                }
                b'/' => i = j + 1,
                _ => {
                    let close = self.quoted_end(j, Some(b'\\'), false, false).max(j + 1);
                    let mut after = close;
                    while after < b.len() && b[after].is_ascii_whitespace() {
                        after += 1;
                    }
                    if b.get(after) != Some(&b':') {
                        self.value(j..close, true);
                    }
                    i = close;
                }
            }
            if i >= b.len() {
                break;
            }
        }
    }

    // TOML

    /// TOML: `key = value`, dotted and quoted keys, `[table]` and `[[array]]` headers (names),
    /// strings of the four kinds, arrays and inline tables over several lines, comments.
    fn toml(&mut self) {
        let b = self.b;
        // Open `[` and `{` of values: a `[` at a line start is a table header only outside them.
        let mut depth = 0usize;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'#' => i = self.comment(i),
                b'[' if depth == 0 && self.at_line_start(i) => i = self.toml_header(i),
                b'[' | b'{' => {
                    depth += 1;
                    i += 1;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
                quote @ (b'"' | b'\'') => {
                    let close = self.toml_string_end(i).max(i + 1);
                    let after = self.skip_blanks(close, b.len());
                    if !matches!(b.get(after), Some(b'=' | b'.')) {
                        self.value(i..close, quote == b'"');
                    }
                    i = close;
                }
                _ => i += 1,
            }
        }
    }

    /// A table header line from its `[`: names, then perhaps a comment. Returns the line end.
    fn toml_header(&mut self, start: usize) -> usize {
        let end = self.line_end(start);
        let mut j = start;
        while j < end {
            match self.b[j] {
                b'"' | b'\'' => j = self.toml_string_end(j).max(j + 1),
                b'#' => return self.comment(j),
                _ => j += 1,
            }
        }
        end
    }

    /// The end of the TOML string opening at `i`: basic (`"…"`, with escapes), literal (`'…'`),
    /// or their multi-line forms (`"""…"""`, `'''…'''`), which may end with up to two more
    /// quotes of content.
    fn toml_string_end(&self, i: usize) -> usize {
        let b = self.b;
        let quote = b[i];
        let escape = (quote == b'"').then_some(b'\\');
        let triple = [quote; 3];
        if !b[i..].starts_with(&triple) {
            return self.quoted_end(i, escape, false, false);
        }
        let mut j = i + 3;
        while j < b.len() {
            if Some(b[j]) == escape {
                j += 2;
                continue;
            }
            if b[j..].starts_with(&triple) {
                let mut close = j + 3;
                while close < b.len() && close < j + 5 && b[close] == quote {
                    close += 1;
                }
                return close;
            }
            j += 1;
        }
        b.len()
    }

    // INI

    /// INI and its relatives (`.cfg`, `.properties`, `.editorconfig`, `.gitconfig`, systemd
    /// units): `[section]` names, `key = value` or `key: value`, comments that start a line with
    /// `;`, `#` or `!`. A `#` or `;` later in a line is part of the value, as in Python's
    /// configparser and systemd. A more indented line without `=` or `:` after a key continues
    /// its value, and so does the line after one that ends with `\`.
    fn ini(&mut self) {
        let b = self.b;
        // The indentation of the last key whose value more indented lines may continue.
        let mut key_indent: Option<usize> = None;
        let mut i = 0;
        while i < b.len() {
            let end = self.line_end(i);
            let p = self.skip_blanks(i, end);
            let last = self.trim_end(p, end);
            let next = (end + 1).min(b.len());
            if last == p {
                i = next;
                continue;
            }
            let indent = p - i;
            match b[p] {
                b';' | b'#' | b'!' => {
                    self.comment(p);
                    i = next;
                    continue;
                }
                b'[' => {
                    if let Some(close) = memchr(b']', &b[p..last]) {
                        let after = self.skip_blanks(p + close + 1, last);
                        if after < last && matches!(b[after], b';' | b'#') {
                            self.comment(after);
                        }
                    }
                    key_indent = None;
                    i = next;
                    continue;
                }
                _ => {}
            }
            let separator = memchr2(b'=', b':', &b[p..last]).map(|s| p + s);
            match separator {
                None if key_indent.is_some_and(|k| indent > k) => {
                    self.value(p..last, true);
                    i = next;
                }
                None => {
                    key_indent = None;
                    i = next;
                }
                Some(s) => {
                    key_indent = Some(indent);
                    let start = self.skip_blanks(s + 1, last);
                    let (value_end, after) = self.ini_continued(last, next);
                    if start < value_end {
                        self.value(start..value_end, true);
                    }
                    i = after;
                }
            }
        }
    }

    /// A value whose line ends with an odd number of backslashes goes on on the next line
    /// (`.properties`). From the trimmed end of the first line and the start of the next: the
    /// end of the value and where the line after it starts.
    fn ini_continued(&self, mut last: usize, mut next: usize) -> (usize, usize) {
        let b = self.b;
        loop {
            let backslashes = b[..last].iter().rev().take_while(|c| **c == b'\\').count();
            if backslashes % 2 == 0 || next >= b.len() {
                return (last, next);
            }
            let end = self.line_end(next);
            let trimmed = self.trim_end(next, end);
            if trimmed == self.skip_blanks(next, end) {
                return (last, next);
            }
            last = trimmed;
            next = (end + 1).min(b.len());
        }
    }

    // CSV

    /// CSV and TSV: the cells of the first row are column names; every later cell is a value.
    /// Quoted cells may hold the delimiter, line breaks and doubled quotes (`""`). The delimiter
    /// is the most frequent of `,`, `;`, tab and `|` in the first row. A line starting with `# `
    /// (or `#` alone, or `##`) before a row is a comment, as pandas, R and numpy readers allow;
    /// `#id,name` is a row.
    fn csv(&mut self) {
        let b = self.b;
        let mut i = 0;
        let mut delimiter = None;
        let mut header = true;
        let mut accounts = Vec::new();
        while i < b.len() {
            let end = self.line_end(i);
            if self.is_blank_line(i) {
                i = (end + 1).min(b.len());
                continue;
            }
            if b[i] == b'#'
                && b.get(i + 1)
                    .is_none_or(|c| c.is_ascii_whitespace() || *c == b'#')
            {
                self.comment(i);
                i = (end + 1).min(b.len());
                continue;
            }
            let delimiter = *delimiter.get_or_insert_with(|| self.csv_delimiter(i, end));
            i = self.csv_row(i, delimiter, header, &mut accounts);
            header = false;
        }
    }

    /// The delimiter of the row at `start..end`: the most frequent candidate outside quotes.
    fn csv_delimiter(&self, start: usize, end: usize) -> u8 {
        let mut counts = [0usize; 4];
        let candidates = [b',', b';', b'\t', b'|'];
        let mut quoted = false;
        for &c in &self.b[start..end] {
            if c == b'"' {
                quoted = !quoted;
            } else if !quoted && let Some(k) = candidates.iter().position(|d| *d == c) {
                counts[k] += 1;
            }
        }
        let best = (0..4).rev().max_by_key(|k| counts[*k]).unwrap_or(0);
        if counts[best] == 0 {
            b','
        } else {
            candidates[best]
        }
    }

    /// One row from `start`; its cells are values unless it is the `header`, which says which
    /// columns hold accounts (`accounts`). Returns where the next row starts.
    fn csv_row(
        &mut self,
        start: usize,
        delimiter: u8,
        header: bool,
        accounts: &mut Vec<bool>,
    ) -> usize {
        let b = self.b;
        let mut i = start;
        let mut column = 0;
        loop {
            let cell_start = i;
            if b.get(i) == Some(&b'"') {
                i = self.csv_quoted_end(i);
            }
            let cell_end = memchr2(delimiter, b'\n', &b[i..]).map_or(b.len(), |p| i + p);
            let last = self.trim_end(cell_start, cell_end);
            if header {
                accounts.push(names_accounts(&b[cell_start..last]));
            } else if accounts.get(column).copied().unwrap_or(false) {
                self.unchecked.push(cell_start..last);
            } else {
                self.value(cell_start..last, false);
            }
            column += 1;
            i = cell_end;
            if i >= b.len() {
                return b.len();
            }
            i += 1;
            if b[i - 1] == b'\n' {
                return i;
            }
        }
    }

    /// The end of a quoted cell opening at `i`: after its closing quote (a doubled quote is
    /// content), or at the end of the line if it never closes.
    fn csv_quoted_end(&self, i: usize) -> usize {
        let b = self.b;
        let mut j = i + 1;
        while let Some(p) = memchr(b'"', &b[j..]) {
            let q = j + p;
            if b.get(q + 1) == Some(&b'"') {
                j = q + 2;
                continue;
            }
            return q + 1;
        }
        self.line_end(i)
    }
}

/// Whether a header cell names a column of accounts (`GitHub Name`, `username`, `email`): the
/// handles people chose for themselves (`dumb0002`), which are theirs, not the table's words.
fn names_accounts(header: &[u8]) -> bool {
    const ACCOUNT_WORDS: &[&str] = &[
        "github",
        "gitlab",
        "username",
        "user name",
        "user_name",
        "handle",
        "login",
        "email",
        "e-mail",
        "account",
        "nickname",
    ];
    let header = String::from_utf8_lossy(header).to_lowercase();
    ACCOUNT_WORDS.iter().any(|word| header.contains(word))
}

/// A line of the text: where it starts, and where its line break (or the text) ends it.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
}

/// What ends a plain YAML scalar on its line.
#[derive(Clone, Copy, Debug)]
enum Stop {
    /// The line end.
    LineEnd,
    /// A comment at this offset.
    Comment(usize),
    /// A key's `:` at this offset.
    Key(usize),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::region_texts;

    fn read(format: DataFormat, text: &str) -> Vec<(Scope, &str)> {
        region_texts(text, regions(format, text))
    }

    fn c(s: &str) -> (Scope, &str) {
        (Scope::Comment, s)
    }

    fn t(s: &str) -> (Scope, &str) {
        (TEXT, s)
    }

    #[test]
    fn words_need_two_tokens_that_are_words() {
        for text in [
            "The user must confirm his email address",
            "Promote the master.",
            "Could not reach the master (timeout).",
            "\"quoted words\"",
            "don't panic",
            "主节点的名称",
        ] {
            assert!(is_text(text, false), "{text}");
        }
        for text in [
            "master",
            "Deprecated.",
            "--port 80 --bind master",
            "0 0 * * *",
            "snake_case names_only",
            "v1.2 v1.3",
            "{{ include \"chart.name\" . }}",
            "${{ github.ref }} master",
            "https://example.org/a b/c",
            "",
        ] {
            assert!(!is_text(text, false), "{text}");
        }
        assert!(is_text("(see the guide)", false));
        assert!(is_text("\u{201c}Quoted\u{201d} words", false));
        assert!(is_text("caf\u{e9} cr\u{e8}me", false));
        assert!(!is_text("caf\u{e9}_x cr\u{e8}me_y", false));
        assert!(is_text("line one\\nline two", true));
        assert!(!is_text("master\\nslave", false));
        assert!(!is_text("caf\\u00e9", true));
    }

    #[test]
    fn yaml_keys_values_and_comments() {
        let text = "# whitelist\nmode: master\ndescription: The user must confirm his email address\nmaster_key: x # a note\n";
        assert_eq!(
            read(DataFormat::Yaml, text),
            [
                c("# whitelist"),
                t("The user must confirm his email address"),
                c("# a note")
            ]
        );
    }

    #[test]
    fn yaml_lists_quotes_and_flow_collections() {
        let text = "items:\n  - one word\n  - single\n  - \"quoted words here\"\n  - 'it''s mine'\nflow: {role: slave, note: a slave node, \"k\": \"v w\"}\nseq: [ master, two words ] # c\n";
        assert_eq!(
            read(DataFormat::Yaml, text),
            [
                t("one word"),
                t("\"quoted words here\""),
                t("'it''s mine'"),
                t("a slave node"),
                t("\"v w\""),
                t("two words"),
                c("# c")
            ]
        );
    }

    #[test]
    fn yaml_block_scalars_are_text_and_end_at_the_indentation() {
        let text = "a:\n  run: |\n    echo master\n    # not a comment\n\n  next: value\nb: >- # folded\n  x\n";
        assert_eq!(
            read(DataFormat::Yaml, text),
            [t("echo master\n    # not a comment"), c("# folded"), t("x")]
        );
    }

    #[test]
    fn yaml_document_markers_and_directives() {
        let text = "%YAML 1.2\n--- |\n  The master copy\n...\n--- # c\nkey: two words\n";
        assert_eq!(
            read(DataFormat::Yaml, text),
            [t("The master copy"), c("# c"), t("two words")]
        );
    }

    #[test]
    fn yaml_plain_values_continue_on_more_indented_lines() {
        let text =
            "help: The user must\n  confirm his address\nnext: x\n- item one\n  goes on\n- two\n";
        assert_eq!(
            read(DataFormat::Yaml, text),
            [
                t("The user must\n  confirm his address"),
                t("item one\n  goes on")
            ]
        );
    }

    #[test]
    fn yaml_templates_and_github_actions() {
        let text = "on:\n  push:\n    branches: [ master ]\nname: {{ .Values.name }}-master\nif: ${{ github.ref == 'refs/heads/master' }}\n";
        assert_eq!(read(DataFormat::Yaml, text), []);
    }

    #[test]
    fn yaml_template_messages_are_text_and_template_comments_comments() {
        let text = "{{- fail \"Set a name for the master\" }}\nname: {{ template \"chart.name\" . }}\n{{/* a note */}}\n";
        assert_eq!(
            read(DataFormat::Yaml, text),
            [t("\"Set a name for the master\""), c("/* a note */")]
        );
    }

    #[test]
    fn yaml_templates_over_several_lines() {
        let text = "{{- /*\nGenerated from a file. Do not change it:\nsee the docs\n*/ -}}\nkey: {{ x }}\n";
        assert_eq!(
            read(DataFormat::Yaml, text),
            [c(
                "/*\nGenerated from a file. Do not change it:\nsee the docs\n*/"
            )]
        );
    }

    #[test]
    fn yaml_hash_inside_values_and_urls_is_not_a_comment() {
        let text = "url: https://x.org/a#master\ntitle: it's a webmaster page\nnote: \"see # the value\"\n";
        assert_eq!(
            read(DataFormat::Yaml, text),
            [t("it's a webmaster page"), t("\"see # the value\"")]
        );
    }

    #[test]
    fn json_keys_are_names_and_sentences_are_text() {
        let text = "// whitelist\n{\"role\": \"slave\", \"description\": \"The user must confirm his email\",\n \"list\": [\"a b\", \"c\"] /* x */}";
        assert_eq!(
            read(DataFormat::Json, text),
            [
                c("// whitelist"),
                t("\"The user must confirm his email\""),
                t("\"a b\""),
                c("/* x */")
            ]
        );
    }

    #[test]
    fn toml_keys_tables_and_values() {
        let text = "# c\n[tool.master]\nbranch = \"master\"\n\"quoted key\" = 'two words'\na.\"b\".c = 1\nlist = [\n  \"one two\", # inner\n  \"x\",\n]\n[[bin]]\ndoc = \"\"\"\nThe user must\nconfirm\"\"\"\ninline = { k = \"a b\" }\n";
        assert_eq!(
            read(DataFormat::Toml, text),
            [
                c("# c"),
                t("'two words'"),
                t("\"one two\""),
                c("# inner"),
                t("\"\"\"\nThe user must\nconfirm\"\"\""),
                t("\"a b\"")
            ]
        );
    }

    #[test]
    fn ini_sections_keys_values_and_continuations() {
        let text = "; c\n[master]\nmode = master\nnote: see # the dummy value\n# c2\nrequires =\n    requests\n    two words\nmsg = The user \\\n  must confirm\n";
        assert_eq!(
            read(DataFormat::Ini, text),
            [
                c("; c"),
                t("see # the dummy value"),
                c("# c2"),
                t("two words"),
                t("The user \\\n  must confirm")
            ]
        );
    }

    #[test]
    fn csv_header_cells_are_names_and_later_cells_by_words() {
        let text = "# note\nname,Long Title,role\nx,\"The user, and his \"\"mail\"\"\",slave\r\ny,two words,\n";
        assert_eq!(
            read(DataFormat::Csv, text),
            [
                c("# note"),
                t("\"The user, and his \"\"mail\"\"\""),
                t("two words")
            ]
        );
        let tsv = "a\tb\nmaster\tthe master copy\n";
        assert_eq!(read(DataFormat::Csv, tsv), [t("the master copy")]);
        assert_eq!(
            read(DataFormat::Csv, "#id,name\nsome words,x\n"),
            [t("some words")]
        );
    }

    #[test]
    fn every_format_names_a_language_of_the_table() {
        for (name, format) in DataFormat::BY_LANGUAGE {
            let language = crate::extract::languages()
                .by_name(name)
                .unwrap_or_else(|| panic!("no language `{name}`"));
            assert_eq!(DataFormat::of(language), Some(format));
        }
    }

    #[test]
    fn unterminated_and_deep_input_gives_regions_without_panicking() {
        let deep = "[".repeat(10_000) + "a b";
        for format in DataFormat::BY_LANGUAGE.map(|(_, f)| f) {
            for text in [
                "\"open words here",
                "key: 'open\nnext: x",
                "a: [b, {c: \"d e",
                "\"\"\"\nopen",
                "x,\"open cell",
                "\\",
                "é\\é",
                deep.as_str(),
                "- - - |",
                "k: |\n",
                "{{",
            ] {
                let regions = regions(format, text);
                let mut end = 0;
                for region in &regions {
                    assert!(end <= region.range.start && region.range.end <= text.len());
                    assert!(text.is_char_boundary(region.range.start));
                    assert!(text.is_char_boundary(region.range.end));
                    end = region.range.end;
                }
            }
        }
        assert_eq!(
            read(DataFormat::Yaml, "key: 'open words\nnext: x y"),
            [t("'open words"), t("x y")]
        );
    }
}
