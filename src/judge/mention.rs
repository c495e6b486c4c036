//! Use and mention: text about a term, or about renaming it, is not a use of it.
//!
//! `replace blacklist with allowlist`, `master --> main`, `(referred to as master/slave by some
//! databases)` and `the word "he"` talk about a word; a reader who is told about them would not
//! learn anything. What marks a mention is a frame around the term (a metalinguistic phrase
//! before it, an arrow after it) or the rule's own alternative next to a word for replacing.
//! Quotation marks alone are no evidence: `the "master" controller` and `a "dumb" SMTP server`
//! are uses in scare quotes.

use crate::rules::Rule;

/// How far from the term, in bytes, a frame or an alternative is looked for.
const REACH: usize = 120;

/// Whether the term at `text[start..end]`, in prose or a comment, is being talked about rather
/// than used.
pub(super) fn is_mention(rule: &Rule, text: &str, start: usize, end: usize) -> bool {
    in_backticks(text, start, end)
        || framed_before(text, start)
        || arrow_after(text, end)
        || quoted_then_named(text, start, end)
        || alternative_offered(rule, text, start, end)
}

/// Whether the match is part of a name that the same line also writes with one of the rule's
/// alternatives in its place: a table of old and new names (`"reset-slave": "reset-replica"`),
/// an alias kept for compatibility (`isSlave = isReplica`). Applies in code as in prose.
pub(super) fn renamed_name(rule: &Rule, text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let is_part = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let (line_start, line_end) = (super::line_start(text, start), super::line_end(text, end));
    let token_start = bytes[line_start..start]
        .iter()
        .rposition(|&b| !is_part(b))
        .map_or(line_start, |i| line_start + i + 1);
    let token_end = bytes[end..line_end]
        .iter()
        .position(|&b| !is_part(b))
        .map_or(line_end, |i| end + i);
    // A bare word is judged in its clause (see `alternative_offered`); a compound name, with
    // the term in place, is specific enough to be compared on its own.
    if token_end - token_start == end - start {
        return false;
    }
    let line = text[line_start..line_end].to_ascii_lowercase();
    let (before, after) = (
        text[token_start..start].to_ascii_lowercase(),
        text[end..token_end].to_ascii_lowercase(),
    );
    // A plural term takes a plural alternative: `min-slaves-to-write`, `min-replicas-to-write`.
    let plural = text[start..end].to_ascii_lowercase().ends_with('s');
    single_word_alternatives(rule).any(|alternative| {
        let swapped = format!("{before}{alternative}{after}");
        let plural_swapped = format!("{before}{alternative}s{after}");
        line.contains(&swapped) || (plural && line.contains(&plural_swapped))
    })
}

/// The rule's alternatives that are one word, in lower case (`replica`, `allowlist`).
fn single_word_alternatives(rule: &Rule) -> impl Iterator<Item = String> + '_ {
    rule.alternatives
        .iter()
        .filter(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(|a| a.to_ascii_lowercase())
}

/// `` `master` `` in a comment or in prose is the name of something in code, reported where
/// the code defines it.
fn in_backticks(text: &str, start: usize, end: usize) -> bool {
    text[..start].ends_with('`') && text[end..].starts_with('`')
}

/// Phrases that, right before a term, say that the term is being talked about.
const FRAMES: &[&str] = &[
    "(was",
    "a.k.a.",
    "aka",
    "also known as",
    "formerly",
    "formerly called",
    "formerly known as",
    "once called",
    "previously called",
    "previously known as",
    "referred to as",
    "rename",
    "rename the",
    "renamed",
    "renamed from",
    "renamed the",
    "renames",
    "renames the",
    "renaming",
    "renaming the",
    "terms like",
    "terms such as",
    "the label",
    "the name",
    "the names",
    "the phrase",
    "the phrases",
    "the term",
    "the terms",
    "the word",
    "the words",
    "used to be called",
    "words like",
    "words such as",
];

/// Whether a frame such as `the word`, `formerly` or `referred to as` comes right before
/// `start` in the same line, with at most quotes between them.
fn framed_before(text: &str, start: usize) -> bool {
    let from = floor_boundary(
        text,
        start.saturating_sub(40).max(super::line_start(text, start)),
    );
    let before = text[from..start]
        .trim_end_matches(|c: char| c.is_whitespace() || "\"'`*_\u{201c}\u{2018}".contains(c))
        .to_ascii_lowercase();
    let before = before.trim_end_matches(':');
    FRAMES.iter().any(|frame| {
        before.ends_with(frame)
            && !before[..before.len() - frame.len()].ends_with(|c: char| c.is_ascii_alphanumeric())
    })
}

/// What may follow a quoted term to say that the quotes hold a word, not a use of it:
/// `("insane" was the word Guido used)`, `"slave" is a term that hurts`.
const FRAMES_AFTER: &[&str] = &[
    "is a word",
    "is the word",
    "is a term",
    "is the term",
    "was a word",
    "was the word",
    "was the term",
    "as a word",
    "as a term",
];

/// Whether the term sits in quotes that a frame such as `was the word` follows. Without the
/// quotes the same words are a use (`the code is insane is the word on the street`).
fn quoted_then_named(text: &str, start: usize, end: usize) -> bool {
    const QUOTES: &str = "\"'\u{201c}\u{201d}\u{2018}\u{2019}";
    let opened = text[..start].ends_with(|c: char| QUOTES.contains(c));
    let Some(rest) = text[end..].strip_prefix(|c: char| QUOTES.contains(c)) else {
        return false;
    };
    let rest = rest.trim_start_matches([',', ' ']);
    let rest = rest[..floor_boundary(rest, rest.len().min(24))].to_ascii_lowercase();
    opened
        && FRAMES_AFTER.iter().any(|frame| {
            rest.starts_with(frame)
                && !rest[frame.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        })
}

/// Whether an arrow follows the term (`master --> main`, `whitelist → allowlist`): a rename
/// written as a mapping.
fn arrow_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches(|c: char| {
        (c.is_whitespace() && c != '\n') || "\"'`*_\u{201d}\u{2019}".contains(c)
    });
    ["->", "-->", "→", "=>", "⇒", "⟶"]
        .iter()
        .any(|arrow| rest.starts_with(arrow))
}

/// Words that, in the same clause as one of the rule's own alternatives, make the clause about
/// replacing the term.
const REPLACING: &[&str] = &[
    "replace",
    "rename",
    "instead of",
    "rather than",
    "in favor of",
    "in favour of",
    "->",
    "→",
    "=>",
];

/// Words that offer an alternative right after them (`use they`, `prefer allowlist`).
const OFFERING: &[&str] = &["use", "prefer", "say", "write", "try"];

/// Whether the clause around the term offers one of the rule's own alternatives in its place:
/// `replace blacklist/whitelist with allowlist/denylist`, `he or she... use they`.
fn alternative_offered(rule: &Rule, text: &str, start: usize, end: usize) -> bool {
    if rule.alternatives.is_empty() {
        return false;
    }
    let from = clause_start(text, start);
    let to = clause_end(text, end);
    let clause = text[from..to].to_ascii_lowercase();
    let (term_from, term_to) = (start - from, end - from);
    let replacing = REPLACING.iter().any(|word| clause.contains(word));
    rule.alternatives.iter().any(|alternative| {
        let alternative = alternative.to_ascii_lowercase();
        clause
            .match_indices(alternative.as_str())
            .filter(|&(at, _)| at + alternative.len() <= term_from || at >= term_to)
            .filter(|&(at, _)| is_whole_word(&clause, at, at + alternative.len()))
            .any(|(at, _)| {
                let before = clause[..at]
                    .trim_end_matches(|c: char| c.is_whitespace() || "\"'`*_".contains(c));
                replacing
                    || OFFERING.iter().any(|word| {
                        before.ends_with(word)
                            && !before[..before.len() - word.len()]
                                .ends_with(|c: char| c.is_ascii_alphanumeric())
                    })
            })
    })
}

/// Whether `start..end` of `text` is a whole word, not part of a longer one.
pub(super) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    !text[..start].ends_with(|c: char| c.is_alphanumeric())
        && !text[end..].starts_with(|c: char| c.is_alphanumeric())
}

/// Where the clause holding `offset` starts: after the last sentence end, semicolon or blank
/// line, at most [`REACH`] bytes back.
fn clause_start(text: &str, offset: usize) -> usize {
    let from = floor_boundary(text, offset.saturating_sub(REACH));
    let window = &text[from..offset];
    let cut = window
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | ';')
                && window[i + 1..].starts_with(char::is_whitespace)
                && !window[..i].ends_with('.')
                && !window[i + 1..].starts_with('.')
        })
        .map(|(i, c)| i + c.len_utf8());
    let blank = window.rfind("\n\n").map(|i| i + 2);
    from + cut.max(blank).unwrap_or(0)
}

/// Where the clause holding `offset` ends: at the next sentence end (an ellipsis is not one),
/// semicolon or blank line, at most [`REACH`] bytes on.
fn clause_end(text: &str, offset: usize) -> usize {
    let mut to = (offset + REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let window = &text[offset..to];
    let bytes = window.as_bytes();
    let end = (0..bytes.len()).find(|&i| {
        let c = bytes[i];
        (matches!(c, b'.' | b'!' | b'?' | b';')
            && bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace)
            && (i == 0 || bytes[i - 1] != b'.'))
            || (c == b'\n' && bytes.get(i + 1) == Some(&b'\n'))
    });
    offset + end.unwrap_or(window.len())
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}
