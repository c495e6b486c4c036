//! The judge stage: context decisions about a term that the automaton found in checked text.
//!
//! A match is only a candidate. Whether it is a use of the word that a reader would want to hear
//! about depends on what surrounds it: a term between quotes is being mentioned, a pronoun after
//! a person's name refers to that person, a pronoun with no generic antecedent is not a generic
//! pronoun. Each decision here is switched on per rule by a condition declared in the rule data
//! (`unless-quoted`, `unless-named-person`, `generic-antecedent`), so a new rule opts into them
//! without code.

use std::ops::Range;

use crate::extract::{Regions, is_masked};
use crate::matcher::Candidate;
use crate::rules::{NameEvidence, Rule};
use crate::scope::Scope;

mod fixtures;
mod mention;
mod names;
mod repository;

pub use fixtures::Fixtures;

/// What the judge says of a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// A use of the term: a finding.
    Use,
    /// Not for this rule here (out of its scope, or its conditions say no); a shorter term at
    /// the same place may still apply (`sanity` when `sanity check` is not in scope).
    Pass,
    /// The words are talked about or are part of a name: nothing inside them is a use
    /// (`referred to as master/slave` holds no finding of `slave` either).
    Silence,
    /// A use, but of a name another repository defines (its branch): reported as that
    /// repository's, like the names of an allow-group with an owner.
    OtherRepository,
}

impl Verdict {
    fn from_allowed(allowed: bool) -> Verdict {
        if allowed { Verdict::Use } else { Verdict::Pass }
    }
}

/// [`allows`], with strings written as words judged as sentences. A rule for prose and
/// comments also applies to a string that reads as a sentence (`description: The user must
/// confirm his email address` in YAML, `print("Could not reach the master")`), judged on the
/// string's own text as it would be in a comment; a string that is a name or a key (`"his"`,
/// `"%s: %d"`) stays out of such a rule.
pub(crate) fn allows_in(
    rule: &Rule,
    text: &str,
    scope: Scope,
    regions: &Regions,
    candidate: &Candidate,
) -> Verdict {
    if scope != Scope::String || rule.scopes.contains(Scope::String) {
        return allows(rule, text, scope, candidate);
    }
    let Some(string) = regions.range_at(candidate.start) else {
        return Verdict::Pass;
    };
    let string = without_delimiters(text, string);
    if candidate.start < string.start || candidate.end > string.end {
        return Verdict::Pass;
    }
    let words = &text[string.clone()];
    if !reads_as_words(words) {
        return Verdict::Pass;
    }
    let inside = Candidate {
        start: candidate.start - string.start,
        end: candidate.end - string.start,
        ..*candidate
    };
    allows(rule, words, Scope::Comment, &inside)
}

/// A string literal's range without its quotes and prefix (`f"…"`, `r#"…"#`, `'''…'''`), so
/// that its opening quote is not taken for a quotation around the words inside.
fn without_delimiters(text: &str, range: Range<usize>) -> Range<usize> {
    let literal = &text[range.clone()];
    let is_quote = |c: char| matches!(c, '"' | '\'' | '`' | '#');
    let opening = match literal.char_indices().take(4).find(|&(_, c)| is_quote(c)) {
        Some((at, _)) => {
            at + literal[at..].len() - literal[at..].trim_start_matches(is_quote).len()
        }
        None => 0,
    };
    let closing = literal.len() - literal.trim_end_matches(is_quote).len();
    if opening + closing >= literal.len() {
        return range;
    }
    range.start + opening..range.end - closing
}

/// Whether a string's text is written as words: three or more words of letters, separated by
/// spaces, making up most of it.
fn reads_as_words(text: &str) -> bool {
    let mut words = 0;
    let mut word_bytes = 0;
    for token in text.split_whitespace() {
        let word = token.trim_matches(|c: char| c.is_ascii_punctuation());
        if word.len() > 1
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
        {
            words += 1;
            word_bytes += word.len();
        }
    }
    words >= 3 && word_bytes * 2 >= text.trim().len()
}

/// Whether the rule's own conditions let this match through.
pub(crate) fn allows(rule: &Rule, text: &str, scope: Scope, candidate: &Candidate) -> Verdict {
    if !rule.scopes.contains(scope) {
        return Verdict::Pass;
    }
    if mention::renamed_name(rule, text, candidate.start, candidate.end) {
        return Verdict::Silence;
    }
    if !matches!(scope, Scope::Prose | Scope::Comment) {
        // In code and data a capitalised word standing alone (`"Postman"`, a CSV cell
        // `Aviatrix`) is a name; `PostmanClient` and `POSTMAN` are the code's own words.
        let named = rule.conditions.unless_name == Some(NameEvidence::Capitalised)
            && names::is_lone_capitalised_word(text, candidate.start, candidate.end);
        return if named {
            Verdict::Silence
        } else {
            Verdict::Use
        };
    }
    if mention::is_mention(rule, text, candidate.start, candidate.end) {
        return Verdict::Silence;
    }
    if rule.conditions.other_repository_branch
        && repository::names_other_repository_branch(text, candidate.start, candidate.end)
    {
        return Verdict::OtherRepository;
    }
    if inside_quotation(text, candidate.start)
        && (rule.conditions.unless_quoted || quotation_is_attributed(text, candidate.end))
    {
        return Verdict::Silence;
    }
    if scope == Scope::Prose && in_attributed_block_quote(text, candidate.start) {
        return Verdict::Silence;
    }
    if let Some(evidence) = rule.conditions.unless_name
        && names::is_name(evidence, text, candidate.start, candidate.end)
    {
        return Verdict::Silence;
    }
    if rule.conditions.generic_antecedent && !preceded_by_generic_person(text, candidate.start) {
        return Verdict::Pass;
    }
    Verdict::from_allowed(
        !(rule.conditions.unless_named_person && preceded_by_name(text, candidate.start)),
    )
}

/// Whether a match sits inside a URL, e-mail address, path or hash. A phrase that spans
/// whitespace (`his or\n// her`) is judged by the tokens of its first and last words: taken as
/// one token, the comment markers between its lines would look like a path.
pub(crate) fn masked_phrase(text: &str, start: usize, end: usize) -> bool {
    let matched = &text[start..end];
    match (
        matched.find(char::is_whitespace),
        matched.rfind(char::is_whitespace),
    ) {
        (Some(first_gap), Some(last_gap)) => {
            let last_word =
                start + last_gap + matched[last_gap..].chars().next().map_or(1, char::len_utf8);
            is_masked(text, start, start + first_gap) || is_masked(text, last_word, end)
        }
        _ => is_masked(text, start, end),
    }
}

/// Whether `offset` falls inside a quotation that opened earlier in the same paragraph: an odd
/// number of straight double quotes before it, or more opening than closing curly ones.
fn inside_quotation(text: &str, offset: usize) -> bool {
    let mut before = text_before(text, offset, 1000);
    if let Some(paragraph) = before.rfind("\n\n") {
        before = &before[paragraph + 2..];
    }
    let straight = before.matches('"').count();
    let opened = before.matches('\u{201c}').count();
    let closed = before.matches('\u{201d}').count();
    straight % 2 == 1 || opened > closed
}

/// Words that, in the line before an indented quotation, say whose words follow (`Tim Peters
/// gives us three:`, `As Guido wrote:`).
const SPEECH_VERBS: &[&str] = &[
    "wrote",
    "writes",
    "says",
    "said",
    "put it",
    "puts it",
    "explains",
    "explained",
    "noted",
    "replied",
    "commented",
    "posted",
    "gives us",
    "gave us",
    "observed",
];

/// How many lines back the lead-in of a block quote is looked for.
const BLOCK_QUOTE_LINES: usize = 40;

/// Whether the term is in a block quote (indented lines, or lines that start with `>`) whose
/// lead-in line names a speaker and ends with a colon: `Tim Peters gives us three:` and then
/// his message, indented. The words are that person's, quoted. A literal block (`::`) is code,
/// and a lead-in without a speech verb (`Run these steps:`) says nothing of whose words follow.
/// Only prose is judged so: in code, indentation is structure.
fn in_attributed_block_quote(text: &str, offset: usize) -> bool {
    let is_quoted = |line: &str| line.starts_with([' ', '\t']) || line.starts_with('>');
    let line_start = line_start(text, offset);
    // A line longer than the reach is cut, and its cut start says nothing of indentation.
    let at_line_start = line_start == 0 || text.as_bytes()[line_start - 1] == b'\n';
    if !at_line_start || !is_quoted(&text[line_start..offset]) {
        return false;
    }
    let before = text_before(text, line_start, BLOCK_QUOTE_LINES * LINE_REACH);
    // The first line of a cut window may be the tail of a longer one: it is no lead-in.
    let whole_lines = match before.find('\n') {
        Some(at) if before.len() < line_start => &before[at + 1..],
        _ => before,
    };
    let lead_in = whole_lines
        .lines()
        .rev()
        .take(BLOCK_QUOTE_LINES)
        .find(|line| !line.trim().is_empty() && !is_quoted(line));
    lead_in.is_some_and(|line| {
        let line = line.trim_end();
        if !line.ends_with(':') || line.ends_with("::") {
            return false;
        }
        // The speaker is in the lead-in's last clause: `As the README said, run this:` leads
        // into the author's own steps.
        let last_clause = line.rsplit([',', ';', '.']).next().unwrap_or(line);
        let lower = last_clause.to_lowercase();
        SPEECH_VERBS.iter().any(|verb| {
            lower
                .match_indices(verb)
                .any(|(at, _)| mention::is_whole_word(&lower, at, at + verb.len()))
        })
    })
}

/// How far either side of a match the judge reads for the line that holds it. A longer line is
/// cut there, so that a file of one long line (minified text, a word list) costs no more per
/// finding than any other.
const LINE_REACH: usize = 1000;

/// Where the line holding `offset` starts, looking back at most [`LINE_REACH`] bytes.
pub(super) fn line_start(text: &str, offset: usize) -> usize {
    let before = text_before(text, offset, LINE_REACH);
    let from = offset - before.len();
    before.rfind('\n').map_or(from, |at| from + at + 1)
}

/// Where the line holding `offset` ends, looking ahead at most [`LINE_REACH`] bytes.
pub(super) fn line_end(text: &str, offset: usize) -> usize {
    let ahead = text_after(text, offset, LINE_REACH);
    ahead
        .find('\n')
        .map_or(offset + ahead.len(), |at| offset + at)
}

/// At most `reach` bytes of `text` before `offset`, starting on a character boundary.
fn text_before(text: &str, offset: usize, reach: usize) -> &str {
    let mut from = offset.saturating_sub(reach);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..offset]
}

/// At most `reach` bytes of `text` from `offset`, ending on a character boundary.
fn text_after(text: &str, offset: usize, reach: usize) -> &str {
    let mut limit = (offset + reach).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    &text[offset..limit]
}

/// Whether the quotation around a term ends with its speaker's name on the next line, as an
/// epigraph or a quoted message does (`"… this behaviour is dumb …"` then `- Lukasa`): the
/// words are that person's, quoted, not the author's.
fn quotation_is_attributed(text: &str, offset: usize) -> bool {
    let after = text_after(text, offset, 1000);
    let Some(close) = after.find(['"', '\u{201d}']) else {
        return false;
    };
    if after[..close].contains("\n\n") {
        return false;
    }
    let rest = &after[close..];
    let rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
    let Some(line_break) = rest.find('\n') else {
        return false;
    };
    // Only closing punctuation may follow the quote on its line.
    if !rest[..line_break]
        .trim()
        .chars()
        .all(|c| matches!(c, '.' | ',' | '*' | '/' | ')'))
    {
        return false;
    }
    let next = rest[line_break + 1..].split('\n').next().unwrap_or("");
    let next = next.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '#' | '/' | '*'));
    let Some(name) = ["-", "\u{2014}", "\u{2013}"]
        .iter()
        .find_map(|dash| next.strip_prefix(dash))
    else {
        return false;
    };
    let name = name.trim_start_matches('-').trim();
    // A name or handle of one to four words, not a list item that goes on as a sentence.
    !name.is_empty()
        && name.split_whitespace().count() <= 4
        && name.starts_with(|c: char| c.is_alphanumeric() || c == '@')
        && !name.ends_with(['.', ':', ';'])
}

/// Whether a person's name appears in the current or previous sentence before `offset`, so that
/// a pronoun probably refers to that person rather than to someone unspecified.
fn preceded_by_name(text: &str, offset: usize) -> bool {
    sentence_window(text, offset)
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(is_name_like)
}

/// Whether a word for an unspecified person (`a user`, `someone`, `each developer`) appears in
/// the current or previous sentence before `offset`: the antecedent a generic pronoun needs.
fn preceded_by_generic_person(text: &str, offset: usize) -> bool {
    sentence_window(text, offset)
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| {
            GENERIC_PEOPLE
                .binary_search(&word.to_ascii_lowercase().as_str())
                .is_ok()
        })
}

/// Words for a person who is not anyone in particular, sorted (for binary search).
const GENERIC_PEOPLE: &[&str] = &[
    "admin",
    "administrator",
    "any",
    "anybody",
    "anyone",
    "applicant",
    "attacker",
    "attendee",
    "author",
    "beginner",
    "buyer",
    "caller",
    "candidate",
    "child",
    "citizen",
    "client",
    "colleague",
    "committer",
    "consumer",
    "contributor",
    "coworker",
    "customer",
    "developer",
    "doctor",
    "driver",
    "each",
    "employee",
    "engineer",
    "every",
    "everybody",
    "everyone",
    "expert",
    "guest",
    "hacker",
    "human",
    "individual",
    "judge",
    "learner",
    "maintainer",
    "manager",
    "member",
    "newcomer",
    "novice",
    "nurse",
    "officer",
    "operator",
    "owner",
    "participant",
    "patient",
    "person",
    "player",
    "programmer",
    "reader",
    "recipient",
    "researcher",
    "reviewer",
    "scientist",
    "sender",
    "somebody",
    "someone",
    "speaker",
    "student",
    "subscriber",
    "supervisor",
    "teacher",
    "teammate",
    "tester",
    "user",
    "viewer",
    "visitor",
    "voter",
    "whoever",
    "worker",
    "writer",
];

/// The current sentence up to `offset` and the sentence before it, within the paragraph.
fn sentence_window(text: &str, offset: usize) -> &str {
    let mut window = text_before(text, offset, 300);
    if let Some(paragraph) = window.rfind("\n\n") {
        window = &window[paragraph + 2..];
    }
    // Keep the sentence so far and the one before it.
    let mut ends = window
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i)
        .filter(|&i| window[i + 1..].starts_with(char::is_whitespace));
    let boundaries: Vec<usize> = ends.by_ref().collect();
    if boundaries.len() >= 2 {
        window = &window[boundaries[boundaries.len() - 2] + 1..];
    }
    window
}

/// Capitalised words that commonly start sentences (or headings) and are not names: function
/// words, and the imperative verbs that documentation is full of.
const NOT_NAMES: &[&str] = &[
    "A",
    "About",
    "Add",
    "After",
    "Again",
    "All",
    "Also",
    "Always",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "Ask",
    "At",
    "Be",
    "Because",
    "Before",
    "Both",
    "Build",
    "But",
    "By",
    "Call",
    "Can",
    "Change",
    "Check",
    "Choose",
    "Click",
    "Configure",
    "Copy",
    "Create",
    "Delete",
    "Do",
    "Does",
    "Each",
    "Edit",
    "Either",
    "Enable",
    "Ensure",
    "Enter",
    "Even",
    "Every",
    "Find",
    "First",
    "Fix",
    "Follow",
    "For",
    "From",
    "Get",
    "Give",
    "Go",
    "He",
    "Her",
    "Here",
    "Hers",
    "Him",
    "His",
    "How",
    "However",
    "If",
    "In",
    "Install",
    "Instead",
    "It",
    "Its",
    "Just",
    "Keep",
    "Later",
    "Let",
    "Look",
    "Make",
    "Many",
    "May",
    "Most",
    "Move",
    "Must",
    "My",
    "Never",
    "Next",
    "No",
    "Not",
    "Note",
    "Now",
    "Of",
    "Often",
    "On",
    "Once",
    "One",
    "Only",
    "Open",
    "Or",
    "Our",
    "Please",
    "Press",
    "Read",
    "Remove",
    "Return",
    "Run",
    "Save",
    "See",
    "Select",
    "Set",
    "She",
    "Should",
    "Since",
    "So",
    "Some",
    "Start",
    "Stop",
    "Such",
    "Take",
    "Tell",
    "Test",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Try",
    "Type",
    "Under",
    "Until",
    "Update",
    "Use",
    "User",
    "Users",
    "Wait",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "Will",
    "With",
    "Without",
    "Write",
    "Yet",
    "You",
    "Your",
];

/// A capitalised word that is probably a name: not a common sentence starter, not all capitals
/// (an acronym), and not shaped like a verb or adverb (`Quoted`, `Running`, `Quickly`).
fn is_name_like(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && word.chars().count() >= 2
        && chars.any(char::is_lowercase)
        && !NOT_NAMES.contains(&word)
        && !["ing", "ed", "ly"]
            .iter()
            .any(|suffix| word.len() > 4 && word.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_people_are_sorted_for_binary_search() {
        assert!(GENERIC_PEOPLE.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_line_around_a_match_is_cut_at_its_reach() {
        let text = format!(
            "first\n{}master{}\nlast",
            "a ".repeat(800),
            " b".repeat(800)
        );
        let at = text.find("master").unwrap();
        assert_eq!(line_start(&text, at), at - LINE_REACH);
        assert_eq!(line_end(&text, at), at + LINE_REACH);
        let short = "first\nthe master node\nlast";
        let at = short.find("master").unwrap();
        assert_eq!(
            &short[line_start(short, at)..line_end(short, at)],
            "the master node"
        );
    }

    fn quoted_at(text: &str, term: &str) -> bool {
        in_attributed_block_quote(text, text.find(term).expect("the term is in the text"))
    }

    #[test]
    fn a_block_quote_led_in_by_its_speaker_is_their_words() {
        let text =
            "Tim Peters gives us three:\n\n    safety net\n    when a program goes insane.\n";
        assert!(quoted_at(text, "insane"));
        assert!(quoted_at("As Linus wrote:\n> this is insane\n", "insane"));
    }

    #[test]
    fn a_cut_long_line_is_no_block_quote() {
        // One line, not indented: its start, beyond the reach, leads into nothing.
        let text = format!("As Linus wrote:{}the master\n", " ".repeat(2 * LINE_REACH));
        assert!(!quoted_at(&text, "master"));
    }

    #[test]
    fn a_lead_in_without_a_speaker_or_a_literal_block_is_the_authors() {
        assert!(!quoted_at(
            "Run these steps:\n\n    restart the master\n",
            "master"
        ));
        assert!(!quoted_at(
            "As he said::\n\n    restart the master\n",
            "master"
        ));
        assert!(!quoted_at(
            "As the README said, run this:\n\n    the master\n",
            "master"
        ));
        assert!(!quoted_at(
            "Tim Peters gives us three:\nthe master\n",
            "master"
        ));
        assert!(!quoted_at(
            "Tim Peters gives us three\n\n    the master\n",
            "master"
        ));
    }
}
