//! Names and titles: a proper noun is not a use of the word inside it.
//!
//! `Your employment with Manpower is at-will`, `Edgar Lee Masters`, `Twelve Years a Slave` and
//! the Sun `Psycho` chip name a company, a poet, a book and a product. What gives a name away
//! in running text is its capital: a capital in the middle of a sentence, or a run of
//! capitalised words. A capital at the start of a sentence, in a heading written in title case,
//! or in an acronym says nothing.

use crate::rules::NameEvidence;

/// Small words that may stand inside a title or a name without a capital (`Twelve Years a
/// Slave`, `Death of a Salesman`, `Ludwig van Beethoven`).
const CONNECTORS: &[&str] = &[
    "a", "an", "and", "de", "del", "der", "for", "in", "la", "le", "of", "on", "the", "to", "van",
    "von",
];

/// Whether the match at `text[start..end]` reads as part of a name, given the evidence the
/// rule accepts.
pub(super) fn is_name(evidence: NameEvidence, text: &str, start: usize, end: usize) -> bool {
    let written = &text[start..end];
    if !starts_capitalised(written) || is_all_capitals(written) {
        return false;
    }
    let (line_start, line_end) = (super::line_start(text, start), super::line_end(text, end));
    if is_heading(text, line_start, line_end) {
        return false;
    }
    let run = capitalised_run(text, start, end, line_start, line_end);
    match evidence {
        NameEvidence::Capitalised => run >= 2 || !at_sentence_start(text, start, line_start),
        NameEvidence::Title => run >= 3,
    }
}

/// Whether `text[start..end]` is a whole token, outside prose, written with one capital and
/// then lower case: `Postman` in `"Postman"` or `,Postman,`.
pub(super) fn is_lone_capitalised_word(text: &str, start: usize, end: usize) -> bool {
    let written = &text[start..end];
    let joins = |c: char| c.is_alphanumeric() || c == '_';
    starts_capitalised(written)
        && !written.chars().skip(1).any(char::is_uppercase)
        && !text[..start].ends_with(joins)
        && !text[end..].starts_with(joins)
}

fn starts_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// `MASTER`, `PSYCHO_MODE`: constants and shouting, not names.
fn is_all_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() > 1 && !word.chars().any(char::is_lowercase)
}

/// A Markdown heading, or a line underlined as a heading in reStructuredText or Setext
/// Markdown: headings capitalise every word, so their capitals are no evidence.
fn is_heading(text: &str, line_start: usize, line_end: usize) -> bool {
    if text[line_start..line_end].trim_start().starts_with('#') {
        return true;
    }
    let next = text[line_end..].trim_start_matches(['\r', '\n']);
    let underline = next.split('\n').next().unwrap_or("").trim_end();
    underline.len() >= 3
        && underline
            .chars()
            .next()
            .is_some_and(|first| "=-~^*+#".contains(first) && underline.chars().all(|c| c == first))
}

/// Whether the match opens a sentence, a line of a list, or the text: a capital there is
/// grammar, not a name.
fn at_sentence_start(text: &str, start: usize, line_start: usize) -> bool {
    let on_line = &text[line_start..start];
    let is_marker = |c: char| c.is_whitespace() || "\"'([{*_>#-+|\u{201c}\u{2018}".contains(c);
    if on_line
        .trim_start_matches(|c: char| is_marker(c) || c.is_ascii_digit() || c == '.')
        .is_empty()
    {
        return true;
    }
    let before = text[..start].trim_end_matches(is_marker);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';'])
}

/// How many capitalised words, the match included, stand together on its line, with
/// [`CONNECTORS`] allowed between them. Words at the start of a sentence count only when the
/// run goes on after them.
fn capitalised_run(
    text: &str,
    start: usize,
    end: usize,
    line_start: usize,
    line_end: usize,
) -> usize {
    let words_before: Vec<&str> = text[line_start..start].split_whitespace().collect();
    let words_after: Vec<&str> = text[end..line_end].split_whitespace().collect();
    let mut run = 1;
    let mut pending = 0;
    for (index, word) in words_before.iter().enumerate().rev() {
        let (word, ends_sentence) = clean(word);
        if ends_sentence {
            break;
        }
        // The first word of a sentence has its capital anyway: it joins a run only when it
        // stands right next to it (`Edgar Lee Masters`), not across small words (`Connect to
        // the Redis Master`).
        let opens_sentence = index == 0 || clean(words_before[index - 1]).1;
        if is_capitalised_word(word) {
            if opens_sentence && pending > 0 {
                break;
            }
            run += 1;
            pending = 0;
        } else if CONNECTORS.contains(&word) && pending < 2 {
            pending += 1;
        } else {
            break;
        }
    }
    // The match's own word may go on past the term (`Masters'`), and end a sentence.
    if text[end..line_end].starts_with(['.', '!', '?', ',', ';', ':', ')']) {
        return run;
    }
    pending = 0;
    for word in words_after
        .iter()
        .skip(usize::from(!text[end..].starts_with(char::is_whitespace)))
    {
        let (cleaned, ends) = clean(word);
        if is_capitalised_word(cleaned) {
            run += 1;
            pending = 0;
        } else if CONNECTORS.contains(&cleaned) && pending < 2 {
            pending += 1;
            continue;
        } else {
            break;
        }
        if ends {
            break;
        }
    }
    run
}

/// A word without the punctuation around it, and whether it ends a sentence or a clause.
fn clean(word: &str) -> (&str, bool) {
    let ends = word.ends_with(['.', '!', '?', ',', ';', ':', ')']);
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    (word, ends)
}

/// `Rich`, `McMaster`: a capital, then a lower-case letter somewhere (not an acronym).
fn is_capitalised_word(word: &str) -> bool {
    starts_capitalised(word) && word.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(evidence: NameEvidence, text: &str, term: &str) -> bool {
        let start = text.find(term).unwrap();
        is_name(evidence, text, start, start + term.len())
    }

    #[test]
    fn capitals_mid_sentence_and_title_runs_are_names() {
        use NameEvidence::*;
        assert!(name(
            Capitalised,
            "Your employment with Manpower is at-will.",
            "Manpower"
        ));
        assert!(name(
            Capitalised,
            "Crazy Rich Asians opened in August.",
            "Crazy"
        ));
        assert!(name(
            Capitalised,
            "We read Death of a Salesman.",
            "Salesman"
        ));
        assert!(name(Capitalised, "the Sun Psycho chip", "Psycho"));
        assert!(name(Title, "a poem by Edgar Lee Masters", "Masters"));
        assert!(name(Title, "We watched Twelve Years a Slave.", "Slave"));
        assert!(name(
            Title,
            "Kenneth Reitz, reluctant Keeper of the Master Crystal.",
            "Master"
        ));
    }

    #[test]
    fn sentence_starts_headings_lower_case_and_acronyms_are_not_names() {
        use NameEvidence::*;
        assert!(!name(Capitalised, "Crazy ideas are welcome.", "Crazy"));
        assert!(!name(Capitalised, "It works. Crazy, right?", "Crazy"));
        assert!(!name(Capitalised, "- Crazy fast builds", "Crazy"));
        assert!(!name(Capitalised, "# Crazy Fast Builds", "Crazy"));
        assert!(!name(
            Capitalised,
            "Crazy Fast Builds\n=================\n",
            "Crazy"
        ));
        assert!(!name(Capitalised, "we need more manpower", "manpower"));
        assert!(!name(Capitalised, "set PSYCHO mode", "PSYCHO"));
        assert!(!name(Title, "Connect to the Redis Master first.", "Master"));
        assert!(!name(Title, "Master Yoda trains Luke.", "Master"));
    }
}
