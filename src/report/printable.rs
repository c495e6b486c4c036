//! Text that is safe to print to a terminal or a CI log.
//!
//! Paths and lines come from the files being checked, so whoever wrote those files chooses
//! their bytes. Printed raw, a lone carriage return or line break starts a new line that a CI
//! runner may read as a workflow command (`::add-mask::`), ANSI and OSC escape sequences drive
//! the reader's terminal, and bidirectional overrides make the text read differently from what
//! it is. Each such character is shown as one visible stand-in instead: a control picture
//! (`␛`, `␍`, `␊`) for C0 controls and DEL, `�` for the others. One character for one keeps
//! every column count true.

use std::borrow::Cow;

use crate::finding::Excerpt;

/// `text` with every control, line or paragraph separator and bidirectional control replaced
/// by a visible stand-in. For one-line fields: paths, messages, terms.
pub fn printable(text: &str) -> Cow<'_, str> {
    replace(text, false)
}

/// Like [`printable`], but line breaks (`\n`, and `\r\n`) and tabs stay: for excerpts that may
/// span lines.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    replace(text, true)
}

/// An excerpt whose text is [`printable_lines`], with its highlight moved to match.
pub fn printable_excerpt(excerpt: &Excerpt) -> Cow<'_, Excerpt> {
    if !excerpt.text.chars().any(|c| stand_in(c, true).is_some()) {
        return Cow::Borrowed(excerpt);
    }
    let mut text = String::with_capacity(excerpt.text.len());
    let mut highlight = excerpt.highlight.clone();
    let mut chars = excerpt.text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i == excerpt.highlight.start {
            highlight.start = text.len();
        }
        if i == excerpt.highlight.end {
            highlight.end = text.len();
        }
        let keep_cr = c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n');
        match stand_in(c, true).filter(|_| !keep_cr) {
            Some(shown) => text.push(shown),
            None => text.push(c),
        }
    }
    if excerpt.highlight.end >= excerpt.text.len() {
        highlight.end = text.len();
    }
    if excerpt.highlight.start >= excerpt.text.len() {
        highlight.start = text.len();
    }
    Cow::Owned(Excerpt {
        text,
        highlight,
        ..excerpt.clone()
    })
}

fn replace(text: &str, keep_lines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| stand_in(c, keep_lines).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let keep_cr = keep_lines && c == '\r' && chars.peek() == Some(&'\n');
        match stand_in(c, keep_lines).filter(|_| !keep_cr) {
            Some(shown) => out.push(shown),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The stand-in shown for `c`, or `None` if `c` prints as itself.
fn stand_in(c: char, keep_lines: bool) -> Option<char> {
    match c {
        '\n' | '\t' if keep_lines => None,
        // `\r` before `\n` is decided by the caller, which sees the next character.
        '\r' if keep_lines => Some('\u{240d}'),
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        // C1 controls (CSI, OSC and others that terminals obey), line and paragraph
        // separators, and the bidirectional marks, embeddings, overrides and isolates.
        '\u{80}'..='\u{9f}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_stand_ins_one_for_one() {
        let hostile = "x\n::error file=a::b\r\u{1b}[2J\u{9b}\u{202e}txt";
        let shown = printable(hostile);
        assert_eq!(shown, "x␊::error file=a::b␍␛[2J��txt");
        assert_eq!(shown.chars().count(), hostile.chars().count());
        assert!(matches!(printable("plain – text"), Cow::Borrowed(_)));
    }

    #[test]
    fn excerpts_keep_their_lines_and_their_highlight() {
        let text = "a\u{1b}]0;t\u{7} whitelist\r\nnext\rline";
        let start = text.find("whitelist").unwrap();
        let excerpt = Excerpt {
            text: text.to_owned(),
            first_line: 3,
            skipped_columns: 0,
            highlight: start..start + "whitelist".len(),
        };
        assert_eq!(&excerpt.text[excerpt.highlight.clone()], "whitelist");
        let shown = printable_excerpt(&excerpt);
        assert_eq!(shown.text, "a␛]0;t␇ whitelist\r\nnext␍line");
        assert_eq!(&shown.text[shown.highlight.clone()], "whitelist");
    }
}
