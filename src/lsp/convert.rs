//! Between ally's byte offsets and the protocol's positions, and from findings to diagnostics.
//!
//! The protocol counts a position's `character` in UTF-16 code units and ends a line at `\n`,
//! `\r\n` or a lone `\r`; findings carry byte ranges into the text. A [`LineIndex`] converts
//! both ways for one version of a document.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, DiagnosticTag, NumberOrString, Position,
    Range, Uri,
};

use super::workspace::{Found, Outcome};
use crate::diagnostic::DataErrors;
use crate::rules::{RuleSet, Severity};

/// Where each line of a text starts, to convert between byte offsets and positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub(crate) fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &byte) in bytes.iter().enumerate() {
            let ends_line = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 0-based line that holds the byte at `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte range of line `line` without its line break; past the end, an empty range at
    /// the end of the text.
    pub(crate) fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.starts.get(line) else {
            return text.len()..text.len();
        };
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = text[start..next].trim_end_matches(['\n', '\r']);
        start..start + content.len()
    }

    /// The line break that ends line `line` (`"\n"`, `"\r\n"`, `"\r"`), or `""` for the last.
    pub(crate) fn line_break<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let end = self.line_range(text, line).end;
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        &text[end..next]
    }

    /// The protocol position of the byte at `offset` (clamped to the text and to a character
    /// boundary).
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let character = text[start..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The protocol range of a byte range.
    pub(crate) fn range(&self, text: &str, bytes: std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(text, bytes.start),
            self.position(text, bytes.end),
        )
    }

    /// The byte offset of a protocol position. A line past the end is the end of the text; a
    /// character past the end of its line is the end of the line; a character inside a
    /// surrogate pair is the start of that pair's character.
    pub(crate) fn offset(&self, text: &str, position: Position) -> usize {
        let line = self.line_range(text, position.line as usize);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in text[line.clone()].char_indices() {
            units += c.len_utf16();
            if units > wanted {
                return line.start + i;
            }
        }
        line.end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The protocol severity of a finding's severity.
pub(crate) fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The most diagnostics of each kind published for one document. Every diagnostic is sent,
/// kept and drawn by the editor, which slows down long before a document with a hundred
/// thousand findings is shown; nobody reads past the first thousand there, and past them one
/// note says how many more there are and that `ally check` lists them all.
pub(crate) const MAX_DIAGNOSTICS: usize = 1_000;

/// The diagnostic for a finding: the rule id as its code, the rule's message and explanation,
/// and a link to the rule's first source.
pub(crate) fn diagnostic(
    finding: &Found,
    rules: &RuleSet,
    text: &str,
    index: &LineIndex,
) -> Diagnostic {
    let rule = rules.rule(finding.rule);
    let mut message = format!("{}.", rule.message(&finding.term));
    let explanation = rule.explanation.split_whitespace().collect::<Vec<_>>();
    if !explanation.is_empty() {
        message.push_str("\n\n");
        message.push_str(&explanation.join(" "));
    }
    Diagnostic {
        range: index.range(text, finding.range.clone()),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(rule.id.clone())),
        code_description: rule
            .sources
            .first()
            .and_then(|source| Uri::from_str(source).ok())
            .map(|href| CodeDescription { href }),
        source: Some("ally".to_owned()),
        message,
        ..Diagnostic::default()
    }
}

/// The diagnostics for one checked text: the findings, then problems with `ally:` directives
/// (an unknown rule id) and directives that suppress nothing, faded as unnecessary; at most
/// [`MAX_DIAGNOSTICS`] of each, and a note at the first one left out.
pub(crate) fn diagnostics(outcome: &Outcome, text: &str, index: &LineIndex) -> Vec<Diagnostic> {
    let rules = outcome.loaded.settings.linter.rules();
    let mut out = Vec::new();
    bounded(
        &mut out,
        &outcome.findings,
        |finding| diagnostic(finding, rules, text, index),
        ["finding", "findings"],
    );
    bounded(
        &mut out,
        &outcome.directive_notes,
        |note| {
            let line = index.line_range(text, note.line.saturating_sub(1));
            let start = text[line.clone()]
                .char_indices()
                .nth(note.column.saturating_sub(1))
                .map_or(line.end, |(i, _)| line.start + i);
            let end = text[start..line.end]
                .find(char::is_whitespace)
                .map_or(line.end, |i| start + i);
            Diagnostic {
                range: index.range(text, start..end),
                severity: Some(DiagnosticSeverity::WARNING),
                source: Some("ally".to_owned()),
                message: note.message.clone(),
                ..Diagnostic::default()
            }
        },
        [
            "problem with an `ally:` directive",
            "problems with `ally:` directives",
        ],
    );
    bounded(
        &mut out,
        &outcome.unused_suppressions,
        |directive| {
            let end = (directive.offset + directive.text.len()).min(directive.masked.end);
            Diagnostic {
                range: index.range(text, directive.offset..end),
                severity: Some(DiagnosticSeverity::HINT),
                source: Some("ally".to_owned()),
                message: format!(
                    "`{}` suppresses nothing here; it can be removed",
                    directive.text
                ),
                tags: Some(vec![DiagnosticTag::UNNECESSARY]),
                ..Diagnostic::default()
            }
        },
        [
            "`ally:` directive that suppresses nothing",
            "`ally:` directives that suppress nothing",
        ],
    );
    out
}

/// Appends the diagnostics of the first [`MAX_DIAGNOSTICS`] items, and if there are more, an
/// information diagnostic at the first item left out that says how many (`what` names one
/// item and several).
fn bounded<T>(
    out: &mut Vec<Diagnostic>,
    items: &[T],
    diagnostic: impl Fn(&T) -> Diagnostic,
    [one, several]: [&str; 2],
) {
    out.extend(items.iter().take(MAX_DIAGNOSTICS).map(&diagnostic));
    let Some(first_hidden) = items.get(MAX_DIAGNOSTICS) else {
        return;
    };
    let hidden = items.len() - MAX_DIAGNOSTICS;
    let (what, are) = if hidden == 1 {
        (one, "is")
    } else {
        (several, "are")
    };
    let message = format!(
        "{} more {what} from here on {are} not shown: the editor shows the first {} in a \
         document. Run `ally check` on this file to see them all.",
        grouped(hidden),
        grouped(MAX_DIAGNOSTICS),
    );
    out.push(Diagnostic {
        range: diagnostic(first_hidden).range,
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("ally".to_owned()),
        message,
        ..Diagnostic::default()
    });
}

/// `12345` as `12,345`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Problems in config or rule files, as diagnostics on each file they are in.
pub(crate) fn data_problems(errors: &DataErrors) -> Vec<(PathBuf, Diagnostic)> {
    errors
        .problems
        .iter()
        .map(|problem| {
            let file = &errors.files[problem.file];
            let index = LineIndex::new(&file.text);
            let mut span = problem.span.start.min(file.text.len())..problem.span.end;
            span.end = span.end.clamp(span.start, file.text.len());
            let mut message = problem.message.clone();
            for note in &problem.notes {
                message.push('\n');
                message.push_str(note);
            }
            let diagnostic = Diagnostic {
                range: index.range(&file.text, span),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("ally".to_owned()),
                message,
                ..Diagnostic::default()
            };
            (crate::config::absolute(Path::new(&file.name)), diagnostic)
        })
        .collect()
}

/// The local path of a `file:` URI, or `None` for other schemes (`untitled:`).
pub(crate) fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = strip_prefix_ignore_case(uri, "file://")?;
    // The authority (a host name, usually empty) ends at the path's first slash.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    native_path(bytes)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(unix)]
fn native_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn native_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/Users/…` is `C:\Users\…`.
    let text = match text.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &text[1..],
        _ => text.as_str(),
    };
    Some(PathBuf::from(text.replace('/', "\\")))
}

/// The `file:` URI of an absolute path.
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte);
        if keep {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    /// The diagnostics the server publishes for `text` in a file named `name`.
    fn diagnostics_of(name: &str, text: &str) -> Vec<Diagnostic> {
        use super::super::workspace::{Configs, Document, check};
        let uri = Uri::from_str(&format!("file:///nowhere/{name}")).unwrap();
        let document = Document::new(uri, String::new(), 1, text.to_owned());
        let loaded = Configs::default().for_path(None);
        let outcome = check(&document, loaded, Some(Path::new("/nowhere")));
        diagnostics(&outcome, &document.text, &document.index)
    }

    #[test]
    fn at_most_a_thousand_findings_are_published_and_a_note_tells_how_many_more() {
        let text = "The whitelist.\n".repeat(MAX_DIAGNOSTICS + 2);
        let found = diagnostics_of("a.txt", &text);
        assert_eq!(found.len(), MAX_DIAGNOSTICS + 1);
        assert!(found[..MAX_DIAGNOSTICS].iter().all(|d| d.code.is_some()));
        let note = &found[MAX_DIAGNOSTICS];
        let line = u32::try_from(MAX_DIAGNOSTICS).unwrap();
        assert_eq!(note.range, Range::new(pos(line, 4), pos(line, 13)));
        assert_eq!(note.severity, Some(DiagnosticSeverity::INFORMATION));
        assert_eq!(note.code, None);
        assert_eq!(
            note.message,
            "2 more findings from here on are not shown: the editor shows the first 1,000 in a \
             document. Run `ally check` on this file to see them all."
        );
        // Exactly the limit: no note.
        let text = "The whitelist.\n".repeat(MAX_DIAGNOSTICS);
        assert_eq!(diagnostics_of("a.txt", &text).len(), MAX_DIAGNOSTICS);
    }

    #[test]
    fn unused_directives_are_bounded_too() {
        let text = "Fine. <!-- ally:ignore whitelist -->\n".repeat(MAX_DIAGNOSTICS + 1);
        let found = diagnostics_of("a.md", &text);
        assert_eq!(found.len(), MAX_DIAGNOSTICS + 1);
        assert!(
            found[MAX_DIAGNOSTICS].message.starts_with(
                "1 more `ally:` directive that suppresses nothing from here on is not shown"
            ),
            "{}",
            found[MAX_DIAGNOSTICS].message
        );
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(99_000), "99,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn characters_are_utf16_code_units() {
        // é: 2 bytes, 1 unit; 日本語: 3 bytes each, 1 unit each; 🦀: 4 bytes, 2 units.
        let text = "é 日本語 🦀 master\n";
        let index = LineIndex::new(text);
        let offset = text.find("master").unwrap();
        assert_eq!(offset, 18);
        assert_eq!(index.position(text, offset), pos(0, 9));
        assert_eq!(index.offset(text, pos(0, 9)), offset);
        assert_eq!(index.position(text, offset + 6), pos(0, 15));
    }

    #[test]
    fn every_line_break_style_ends_a_line() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.starts, [0, 3, 5, 7]);
        assert_eq!(index.position(text, text.find('b').unwrap()), pos(1, 0));
        assert_eq!(index.position(text, text.find('c').unwrap()), pos(2, 0));
        assert_eq!(index.position(text, text.find('d').unwrap()), pos(3, 0));
        assert_eq!(index.line_range(text, 0), 0..1);
        assert_eq!(index.line_break(text, 0), "\r\n");
        assert_eq!(index.line_break(text, 1), "\r");
        assert_eq!(index.line_break(text, 3), "");
    }

    #[test]
    fn positions_out_of_range_are_clamped() {
        let text = "ab🦀\r\ncd";
        let index = LineIndex::new(text);
        // Past the end of a line: the end of the line, before its break.
        assert_eq!(index.offset(text, pos(0, 99)), 6);
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(index.offset(text, pos(0, 3)), 2);
        assert_eq!(index.offset(text, pos(0, 4)), 6);
        // Past the last line: the end of the text.
        assert_eq!(index.offset(text, pos(7, 0)), text.len());
        assert_eq!(index.position(text, 999), pos(1, 2));
        // Inside a character: its start.
        assert_eq!(index.position(text, 3), pos(0, 2));
    }

    #[test]
    fn round_trip_over_every_character_boundary() {
        let text = "x\u{e9}\u{65e5}\u{1f980}y\r\n\u{1f469}\u{200d}\u{1f4bb} z\rw";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let position = index.position(text, offset);
            let back = index.offset(text, position);
            // A break's second byte (`\n` of `\r\n`) maps to the end of its line.
            if text[offset..].starts_with('\n') && text[..offset].ends_with('\r') {
                assert_eq!(back, offset - 1);
            } else {
                assert_eq!(back, offset, "{offset} {position:?}");
            }
        }
    }

    #[test]
    fn directive_problems_and_unused_directives_are_diagnostics_too() {
        let text = "é <!-- ally:ignore mastr -->\n\nFine. <!-- ally:ignore whitelist -->\n";
        let found = diagnostics_of("a.md", text);
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.range.start, d.range.end, d.severity, d.tags.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    pos(0, 7),
                    pos(0, 18),
                    Some(DiagnosticSeverity::WARNING),
                    None
                ),
                (
                    pos(0, 7),
                    pos(0, 24),
                    Some(DiagnosticSeverity::HINT),
                    Some(vec![DiagnosticTag::UNNECESSARY])
                ),
                (
                    pos(2, 11),
                    pos(2, 32),
                    Some(DiagnosticSeverity::HINT),
                    Some(vec![DiagnosticTag::UNNECESSARY])
                ),
            ]
        );
        assert!(
            found[0].message.contains("did you mean `master`?"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn file_uris_and_paths() {
        #[cfg(unix)]
        {
            assert_eq!(
                uri_to_path("file:///home/a%20b/r%C3%A9sum%C3%A9.md"),
                Some(PathBuf::from("/home/a b/résumé.md"))
            );
            assert_eq!(
                uri_to_path("FILE://localhost/tmp/x.rs"),
                Some(PathBuf::from("/tmp/x.rs"))
            );
            let uri = path_to_uri(Path::new("/home/a b/résumé#1.md")).unwrap();
            assert_eq!(uri.as_str(), "file:///home/a%20b/r%C3%A9sum%C3%A9%231.md");
            assert_eq!(
                uri_to_path(uri.as_str()),
                Some(PathBuf::from("/home/a b/résumé#1.md"))
            );
        }
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("file:///bad%zz"), None);
    }
}
