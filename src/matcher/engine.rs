//! The automaton walk under the matcher, written against the automaton's transition table
//! rather than its search calls.
//!
//! A search call validates its input, picks a start state and builds a match each time it is
//! made. The matcher makes one for every match, and most matches are rejected at once: short
//! terms inside ordinary words (`he` in `the`, `his` in `this`). Walking the table directly
//! lets the matcher reject those in the walk, without leaving it, and lets the table hold only
//! the unanchored automaton: one table with both starts lays the two out side by side and
//! searches measurably slower. The shorter patterns at a rejected match's start, a rare
//! question, are answered by a separate, compact automaton.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{Anchored, MatchKind, StartKind, dfa};

/// A match of one pattern: `start..end` in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Match {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// One compiled form of the automaton.
#[derive(Debug)]
enum Table {
    /// Fastest to walk; takes longer to build and more memory.
    Dfa(dfa::DFA),
    /// Quick to build; a few times slower to walk.
    Contiguous(contiguous::NFA),
    /// The fallback when a rule set is too large for the contiguous form.
    Noncontiguous(noncontiguous::NFA),
}

/// Runs `$body` with `$automaton` bound to the table's automaton, whatever its form, so that
/// each walk is compiled for each form.
macro_rules! with_table {
    ($table:expr, $automaton:ident => $body:expr) => {
        match $table {
            Table::Dfa($automaton) => $body,
            Table::Contiguous($automaton) => $body,
            Table::Noncontiguous($automaton) => $body,
        }
    };
}

/// The automaton over every pattern, matched leftmost-longest without regard to ASCII case.
#[derive(Debug)]
pub(super) struct Engine {
    /// Walked over the text.
    search: Table,
    /// For anchored questions, when `search` cannot answer them (a DFA built unanchored only).
    anchored: Option<Table>,
    patterns: usize,
}

impl Engine {
    /// Builds the automaton over `patterns`: a DFA when `fast`, else the compact form that
    /// builds quickest.
    pub(super) fn build(patterns: &[String], fast: bool) -> Engine {
        let nfa = noncontiguous::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(patterns)
            .expect("rule files small enough to load give an automaton within its limits");
        let contiguous = || {
            contiguous::Builder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .prefilter(false)
                .build_from_noncontiguous(&nfa)
                .ok()
                .map(Table::Contiguous)
        };
        let dfa = fast
            .then(|| {
                dfa::Builder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Unanchored)
                    .prefilter(false)
                    .build_from_noncontiguous(&nfa)
                    .ok()
            })
            .flatten();
        let (search, anchored) = match dfa {
            Some(dfa) => (Table::Dfa(dfa), contiguous()),
            None => (
                contiguous().unwrap_or(Table::Noncontiguous(nfa.clone())),
                None,
            ),
        };
        let anchored = match (&search, anchored) {
            (Table::Dfa(_), None) => Some(Table::Noncontiguous(nfa)),
            (_, anchored) => anchored,
        };
        Engine {
            search,
            anchored,
            patterns: patterns.len(),
        }
    }

    /// The leftmost-longest match that starts at or after `at` and that `reject` lets through.
    /// A rejected match is passed over as a search call restarted one byte after its start
    /// would pass it: no match can start inside a character, so one byte is enough.
    pub(super) fn find(
        &self,
        bytes: &[u8],
        at: usize,
        reject: impl FnMut(&Match) -> bool,
    ) -> Option<Match> {
        if self.patterns == 0 {
            return None;
        }
        with_table!(&self.search, automaton => leftmost_longest(automaton, bytes, at, reject))
    }

    /// The longest match that starts at `start` and ends at or before `limit`.
    pub(super) fn find_anchored(&self, bytes: &[u8], start: usize, limit: usize) -> Option<Match> {
        if self.patterns == 0 {
            return None;
        }
        let table = self.anchored.as_ref().unwrap_or(&self.search);
        with_table!(table, automaton => longest_at(automaton, &bytes[..limit], start))
    }
}

/// The unanchored leftmost-longest walk, restarted after each match `reject` turns down.
#[inline(always)]
fn leftmost_longest<A: Automaton>(
    automaton: &A,
    bytes: &[u8],
    mut at: usize,
    mut reject: impl FnMut(&Match) -> bool,
) -> Option<Match> {
    let start = automaton.start_state(Anchored::No).ok()?;
    let mut state = start;
    let mut found: Option<Match> = None;
    loop {
        let settled = if at < bytes.len() {
            state = automaton.next_state(Anchored::No, state, bytes[at]);
            at += 1;
            if !automaton.is_special(state) {
                continue;
            }
            if automaton.is_match(state) {
                let pattern = automaton.match_pattern(state, 0);
                found = Some(Match {
                    start: at - automaton.pattern_len(pattern),
                    end: at,
                    pattern: pattern.as_usize(),
                });
                continue;
            }
            if !automaton.is_dead(state) {
                continue;
            }
            // Under leftmost semantics the walk dies only after a match, which it settles.
            found.take()?
        } else {
            // The text ended, perhaps while a longer match was still possible.
            found.take()?
        };
        if !reject(&settled) {
            return Some(settled);
        }
        at = settled.start + 1;
        state = start;
    }
}

/// The longest pattern that matches `bytes` from `start`.
#[inline(always)]
fn longest_at<A: Automaton>(automaton: &A, bytes: &[u8], start: usize) -> Option<Match> {
    let mut state = automaton.start_state(Anchored::Yes).ok()?;
    let mut found = None;
    for (at, &byte) in bytes.iter().enumerate().skip(start) {
        state = automaton.next_state(Anchored::Yes, state, byte);
        if automaton.is_dead(state) {
            break;
        }
        if automaton.is_match(state) {
            // A state also carries the matches of its suffixes; only one spans the whole walk.
            let len = at + 1 - start;
            let pattern = (0..automaton.match_len(state))
                .map(|index| automaton.match_pattern(state, index))
                .find(|&pattern| automaton.pattern_len(pattern) == len);
            if let Some(pattern) = pattern {
                found = Some(Match {
                    start,
                    end: at + 1,
                    pattern: pattern.as_usize(),
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, Input};

    const PATTERNS: [&str; 7] = ["abcd", "bc", "b", "he", "her", "hers", "sanity\n"];

    fn engines() -> [Engine; 2] {
        let patterns: Vec<String> = PATTERNS.iter().map(|p| p.to_string()).collect();
        [
            Engine::build(&patterns, false),
            Engine::build(&patterns, true),
        ]
    }

    /// Every match start, each with its longest match, as the library's own search gives them
    /// when restarted one byte after each match.
    fn library_matches(text: &str) -> Vec<(usize, usize, usize)> {
        let reference = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(PATTERNS)
            .unwrap();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(m) = reference.find(Input::new(text).range(at..)) {
            found.push((m.start(), m.end(), m.pattern().as_usize()));
            at = m.start() + 1;
        }
        found
    }

    #[test]
    fn the_walk_finds_what_the_library_search_finds() {
        for text in [
            "abcd abce xbc",
            "The HERS of her, the he",
            "abcabcd",
            "sanity\ncheck hehe",
            "ab",
            "",
        ] {
            for engine in engines() {
                let mut found = Vec::new();
                let mut at = 0;
                while let Some(m) = engine.find(text.as_bytes(), at, |_| false) {
                    found.push((m.start, m.end, m.pattern));
                    at = m.start + 1;
                }
                assert_eq!(found, library_matches(text), "{text:?}");
            }
        }
    }

    #[test]
    fn a_rejected_match_makes_way_for_the_next_start() {
        for engine in engines() {
            // `bc` settles first in `abce`, `abcd` starts earlier than the `bc` seen first.
            let first = engine.find(b"abcd", 0, |_| false).unwrap();
            assert_eq!((first.start, first.end), (0, 4));
            let not_at_one = engine.find(b"the he", 0, |m| m.start == 1).unwrap();
            assert_eq!((not_at_one.start, not_at_one.end), (4, 6));
            assert_eq!(engine.find(b"the", 0, |_| true), None);
        }
    }

    #[test]
    fn anchored_questions_find_the_longest_shorter_pattern() {
        for engine in engines() {
            let text = b"xhers";
            let end = |limit| engine.find_anchored(text, 1, limit).map(|m| m.end);
            assert_eq!(end(5), Some(5));
            assert_eq!(end(4), Some(4));
            assert_eq!(end(3), Some(3));
            assert_eq!(end(2), None);
            // Anchored means no match that starts later counts.
            assert_eq!(engine.find_anchored(b"ther", 0, 4), None);
        }
    }
}
