//! The sentence around a finding, for reports that show a term in context rather than on its
//! source line (HTML, Markdown, JSON's `snippet`).
//!
//! A sentence ends at `.`, `!` or `?` followed by white space, or at a paragraph break: a blank
//! line, or any line break where lines are paragraphs (source code, and text extracted from
//! .docx and .odt files). White space inside the sentence, line breaks included, is shown as one
//! space, and a sentence longer than [`MAX_CHARS`] is cut to a window around the term.

use std::ops::Range;

/// A sentence with the finding's term marked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The sentence, white space collapsed, possibly cut with `…` at either end.
    pub text: String,
    /// The term's byte range inside `text`.
    pub highlight: Range<usize>,
}

impl Snippet {
    /// The text before the term, the term, and the text after it.
    pub fn parts(&self) -> (&str, &str, &str) {
        (
            &self.text[..self.highlight.start],
            &self.text[self.highlight.clone()],
            &self.text[self.highlight.end..],
        )
    }
}

/// The longest snippet, in characters, before it is cut around the term.
pub const MAX_CHARS: usize = 200;

/// How far, in bytes, the search for a sentence's edges goes on each side of the term.
const SEARCH_BYTES: usize = 4096;

/// The sentence of `text` that contains `range`.
pub fn sentence(text: &str, range: Range<usize>, lines_are_paragraphs: bool) -> Snippet {
    sentence_in(text, range, lines_are_paragraphs, true)
}

/// [`sentence`]; `windowed` is false only in tests, which check that the window changes
/// nothing.
fn sentence_in(
    text: &str,
    range: Range<usize>,
    lines_are_paragraphs: bool,
    windowed: bool,
) -> Snippet {
    let mut start = sentence_start(text, range.start, lines_are_paragraphs);
    let mut end = sentence_end(text, range.end, lines_are_paragraphs);
    // Only what `cut` can keep is collapsed: a long sentence costs no more than a short one.
    if windowed {
        start = window_start(text, start, range.start);
        end = window_end(text, range.end, end);
    }
    let mut out = String::new();
    let mut highlight = 0..0;
    let mut pending_space = false;
    for (offset, c) in text[start..end].char_indices() {
        let offset = start + offset;
        if offset == range.start {
            highlight.start = out.len() + usize::from(pending_space && !out.is_empty());
        }
        if offset == range.end {
            highlight.end = out.len();
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    if range.end >= end {
        highlight.end = out.len();
    }
    // A term that starts with white space cannot happen, but keep the range valid regardless.
    highlight.start = highlight.start.min(highlight.end);
    cut(Snippet {
        text: out,
        highlight,
    })
}

/// How many visible characters on each side of the term are more than `cut` ever keeps.
const WINDOW: usize = MAX_CHARS + 2;

/// Where to start collapsing the sentence that starts at `start`: there, or later when more
/// than [`WINDOW`] visible characters lie before the term. A later start is at a visible
/// character, so the text after it collapses exactly as in the whole sentence, and `cut` keeps
/// the same window and marks the same cut.
fn window_start(text: &str, start: usize, term_start: usize) -> usize {
    let mut visible = 0;
    for (i, c) in text[start..term_start].char_indices().rev() {
        if !c.is_whitespace() {
            visible += 1;
            if visible == WINDOW {
                return start + i;
            }
        }
    }
    start
}

/// Where to stop collapsing the sentence that ends at `end`: there, or right after the
/// [`WINDOW`]th visible character after the term.
fn window_end(text: &str, term_end: usize, end: usize) -> usize {
    let mut visible = 0;
    for (i, c) in text[term_end..end].char_indices() {
        if !c.is_whitespace() {
            visible += 1;
            if visible == WINDOW {
                return term_end + i + c.len_utf8();
            }
        }
    }
    end
}

fn is_break(text: &str, at: usize, lines_are_paragraphs: bool) -> bool {
    let rest = &text.as_bytes()[at..];
    if lines_are_paragraphs {
        rest.first() == Some(&b'\n')
    } else {
        rest.starts_with(b"\n\n") || rest.starts_with(b"\n\r\n")
    }
}

/// Whether the character ending at `at` closes a sentence: `.`, `!` or `?` (optionally followed
/// by a closing quote or bracket) and then white space.
fn ends_sentence(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let trimmed = before.trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}', '»']);
    let Some(last) = trimmed.chars().next_back() else {
        return false;
    };
    matches!(last, '.' | '!' | '?' | '\u{3002}' | '\u{2026}')
        && text[at..].chars().next().is_some_and(char::is_whitespace)
}

fn sentence_start(text: &str, from: usize, lines_are_paragraphs: bool) -> usize {
    let limit = floor_boundary(text, from.saturating_sub(SEARCH_BYTES));
    let mut at = from;
    for (i, c) in text[limit..from].char_indices().rev() {
        let i = limit + i;
        if c == '\n' && is_break(text, i, lines_are_paragraphs) {
            return i + 1;
        }
        if c.is_whitespace() && ends_sentence(text, i) {
            return i;
        }
        at = i;
    }
    at.min(from)
}

fn sentence_end(text: &str, from: usize, lines_are_paragraphs: bool) -> usize {
    let limit = floor_boundary(text, (from + SEARCH_BYTES).min(text.len()));
    for (i, c) in text[from..limit].char_indices() {
        let i = from + i;
        if c == '\n' && is_break(text, i, lines_are_paragraphs) {
            return i;
        }
        if c.is_whitespace() && ends_sentence(text, i) {
            return i;
        }
    }
    limit
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Cuts a long snippet to [`MAX_CHARS`] around the term, at word boundaries.
fn cut(snippet: Snippet) -> Snippet {
    let total = snippet.text.chars().count();
    if total <= MAX_CHARS {
        return snippet;
    }
    let (before, term, after) = snippet.parts();
    let room = MAX_CHARS.saturating_sub(term.chars().count()) / 2;
    let before_chars = before.chars().count();
    let after_chars = after.chars().count();
    // Give the room one side does not need to the other.
    let (keep_before, keep_after) = if before_chars < room {
        (before_chars, 2 * room - before_chars)
    } else if after_chars < room {
        (2 * room - after_chars, after_chars)
    } else {
        (room, room)
    };
    let mut head = tail_chars(before, keep_before);
    if head.len() < before.len() {
        // Start at a word: drop the partial word the cut landed in.
        head = match head.find(' ') {
            Some(space) if space + 1 < head.len() => &head[space + 1..],
            _ => head,
        };
    }
    let mut tail = head_chars(after, keep_after);
    if tail.len() < after.len() {
        tail = match tail.rfind(' ') {
            Some(space) if space > 0 => &tail[..space],
            _ => tail,
        };
    }
    let mut text = String::new();
    if head.len() < before.len() {
        text.push('…');
    }
    text.push_str(head);
    let start = text.len();
    text.push_str(term);
    let end = text.len();
    text.push_str(tail);
    if tail.len() < after.len() {
        text.push('…');
    }
    Snippet {
        text,
        highlight: start..end,
    }
}

fn tail_chars(text: &str, n: usize) -> &str {
    match text.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &text[i..],
        _ if n == 0 => "",
        _ => text,
    }
}

fn head_chars(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Long sentences with runs of white space, line breaks and wide characters: the window
    /// gives the snippet that collapsing the whole sentence gives.
    #[test]
    fn the_window_changes_no_snippet() {
        let pieces = [
            "word ", "   ", "\n", "é", "日本 ", "x", "\t\t", "end. ", "a", "—",
        ];
        let mut seed = 7u64;
        for case in 0..400 {
            let mut text = String::new();
            let length = 50 + case * 3;
            for _ in 0..length {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let at = text.len() / 2;
            let at = (at..text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap();
            text.insert_str(at, "whitelist");
            let range = at..at + "whitelist".len();
            for paragraphs in [false, true] {
                assert_eq!(
                    sentence_in(&text, range.clone(), paragraphs, true),
                    sentence_in(&text, range.clone(), paragraphs, false),
                    "case {case}"
                );
            }
        }
    }

    fn snip(text: &str, term: &str, lines_are_paragraphs: bool) -> (String, String) {
        let start = text.find(term).unwrap();
        let s = sentence(text, start..start + term.len(), lines_are_paragraphs);
        let (_, highlighted, _) = s.parts();
        (s.text.clone(), highlighted.to_owned())
    }

    #[test]
    fn the_sentence_around_the_term() {
        let text = "First one. Add the host to the whitelist now! Then go.";
        assert_eq!(
            snip(text, "whitelist", false),
            (
                "Add the host to the whitelist now!".into(),
                "whitelist".into()
            )
        );
    }

    #[test]
    fn soft_line_breaks_join_and_blank_lines_end() {
        let text = "# Title\n\nRun a sanity\n  check before\nyou merge\n\nNext paragraph.";
        assert_eq!(
            snip(text, "sanity\n  check", false),
            (
                "Run a sanity check before you merge".into(),
                "sanity check".into()
            )
        );
        let paragraphs = "Whitelist policy\nHosts on the whitelist are trusted.\nMore";
        assert_eq!(
            snip(paragraphs, "whitelist", true).0,
            "Hosts on the whitelist are trusted."
        );
    }

    #[test]
    fn abbreviations_inside_quotes_and_brackets_still_end_sentences() {
        let text = "He said \"stop.\" The master copy is here.";
        assert_eq!(snip(text, "master", false).0, "The master copy is here.");
    }

    #[test]
    fn long_sentences_are_cut_around_the_term_at_words() {
        let text = format!(
            "{} the whitelist {}.",
            "word ".repeat(100),
            "more ".repeat(100)
        );
        let s = sentence(
            &text,
            text.find("whitelist").unwrap()..text.find("whitelist").unwrap() + 9,
            false,
        );
        assert!(
            s.text.starts_with("…word") && s.text.ends_with("more…"),
            "{}",
            s.text
        );
        assert!(s.text.chars().count() <= MAX_CHARS + 2);
        assert_eq!(s.parts().1, "whitelist");
        let near_start = format!("The whitelist {}.", "more ".repeat(100));
        let s = sentence(&near_start, 4..13, false);
        assert!(s.text.starts_with("The whitelist more"));
        assert_eq!(s.parts().1, "whitelist");
    }

    #[test]
    fn edges_of_the_text_and_multibyte_characters() {
        assert_eq!(snip("whitelist", "whitelist", false).0, "whitelist");
        assert_eq!(
            snip("Ça va. «whitelist» é.", "whitelist", false).0,
            "«whitelist» é."
        );
        let huge = "x".repeat(10_000) + " whitelist";
        let s = sentence(&huge, huge.len() - 9..huge.len(), false);
        assert_eq!(s.parts().1, "whitelist");
    }
}
