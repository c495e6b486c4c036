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
//!
//! The automaton reports every match, overlapping ones included, each where it ends. A
//! leftmost-longest automaton would report fewer, but it stops at each match and has to walk
//! again from one byte after the match's start to find the next: on the kernel's sources those
//! second walks cost a tenth of the run. One overlapping walk reads each byte once.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{Anchored, MatchKind, StartKind, dfa};

use super::dense::Dense;

/// A match of one pattern: `start..end` in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Match {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// The automaton the walk goes through, for a large run.
#[derive(Debug)]
enum Search {
    /// The matcher's own copy, whose hot part stays in the processor's cache.
    Dense(Dense),
    /// The library's DFA, when the copy cannot name every state.
    Dfa(dfa::DFA),
    /// None: the walk goes through the compact automaton.
    Compact,
}

/// One compiled form of the compact automaton.
#[derive(Debug)]
enum Table {
    /// Quick to build; a few times slower to walk than a DFA.
    Contiguous(contiguous::NFA),
    /// The fallback when a rule set is too large for the contiguous form.
    Noncontiguous(noncontiguous::NFA),
}

/// Runs `$body` with `$automaton` bound to the table's automaton, whatever its form, so that
/// each walk is compiled for each form.
macro_rules! with_table {
    ($table:expr, $automaton:ident => $body:expr) => {
        match $table {
            Table::Contiguous($automaton) => $body,
            Table::Noncontiguous($automaton) => $body,
        }
    };
}

/// The automaton over every pattern, matched without regard to ASCII case.
#[derive(Debug)]
pub(super) struct Engine {
    /// Walked over the text in a large run.
    search: Search,
    /// Asked the anchored questions, and walked over the text unless `search` is there.
    compact: Table,
    patterns: usize,
    /// The length in bytes of the longest pattern.
    longest: usize,
}

/// How many walks run side by side over a text: measured on this table, four lanes walk the
/// kernel's sources about twice as fast as one.
const LANES: usize = 4;

/// The fewest bytes a lane walks: a shorter text is walked in fewer lanes. Measured on the
/// kernel's sources under 4 KB, four lanes walk them a third faster than one.
const MIN_LANE: usize = 256;

impl Engine {
    /// Builds the automaton over `patterns`: with a copy laid out for speed when `fast`, else
    /// only the compact form that builds quickest.
    pub(super) fn build(patterns: &[String], fast: bool) -> Engine {
        let nfa = noncontiguous::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .expect("rule files small enough to load give an automaton within its limits");
        let contiguous = contiguous::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build_from_noncontiguous(&nfa);
        let search = match fast {
            false => Search::Compact,
            true => match contiguous
                .as_ref()
                .ok()
                .and_then(|c| Dense::copy(c, patterns))
            {
                Some(dense) => Search::Dense(dense),
                None => dfa::Builder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .start_kind(StartKind::Unanchored)
                    .prefilter(false)
                    .build_from_noncontiguous(&nfa)
                    .map_or(Search::Compact, Search::Dfa),
            },
        };
        let compact = match contiguous {
            Ok(contiguous) => Table::Contiguous(contiguous),
            Err(_) => Table::Noncontiguous(nfa),
        };
        Engine {
            search,
            compact,
            patterns: patterns.len(),
            longest: patterns.iter().map(String::len).max().unwrap_or(0),
        }
    }

    /// For each position where a pattern matches, in order, the longest pattern there, unless
    /// `reject` turns it down. `reject` is asked about every match; whenever it turns down a
    /// match it must turn down the shorter ones at the same start too, as a test of the start
    /// and of what the pattern could mean does.
    ///
    /// This is what a leftmost-longest search restarted one byte after each match's start
    /// finds, so the first of these that starts at or after any position is the
    /// leftmost-longest match from there. Because the matches that start in a stretch of text
    /// depend only on the text from there, the text is cut into lanes walked side by side: one
    /// walk waits on each table load in turn, several independent walks overlap their waits.
    pub(super) fn matches(&self, bytes: &[u8], reject: impl FnMut(&Match) -> bool) -> Vec<Match> {
        if self.patterns == 0 {
            return Vec::new();
        }
        let lanes = (bytes.len() / MIN_LANE).clamp(1, LANES);
        match &self.search {
            Search::Dense(dense) => walk_lanes(dense, bytes, lanes, self.longest, reject),
            Search::Dfa(dfa) => walk_lanes(&Library(dfa), bytes, lanes, self.longest, reject),
            Search::Compact => with_table!(&self.compact, automaton => {
                walk_lanes(&Library(automaton), bytes, lanes, self.longest, reject)
            }),
        }
    }

    /// The longest match that starts at `start` and ends at or before `limit`.
    pub(super) fn find_anchored(&self, bytes: &[u8], start: usize, limit: usize) -> Option<Match> {
        if self.patterns == 0 {
            return None;
        }
        with_table!(&self.compact, automaton => longest_at(automaton, &bytes[..limit], start))
    }
}

/// What the walk needs of an automaton: the library's forms and the matcher's own copy.
trait Steps {
    type State: Copy;
    /// The unanchored start.
    fn start(&self) -> Option<Self::State>;
    fn next(&self, state: Self::State, byte: u8) -> Self::State;
    /// Whether the walk stops to look at `state`: every state that ends a pattern is such.
    fn is_special(&self, state: Self::State) -> bool;
    /// Calls `found` with each pattern that ends in `state`, and its length.
    fn each_end(&self, state: Self::State, found: impl FnMut(usize, usize));
}

/// One of the library's forms of the automaton, walked through its own interface.
struct Library<'a, A>(&'a A);

impl<A: Automaton> Steps for Library<'_, A> {
    type State = StateID;

    #[inline(always)]
    fn start(&self) -> Option<StateID> {
        self.0.start_state(Anchored::No).ok()
    }

    #[inline(always)]
    fn next(&self, state: StateID, byte: u8) -> StateID {
        self.0.next_state(Anchored::No, state, byte)
    }

    #[inline(always)]
    fn is_special(&self, state: StateID) -> bool {
        self.0.is_special(state)
    }

    fn each_end(&self, state: StateID, mut found: impl FnMut(usize, usize)) {
        if !self.0.is_match(state) {
            return;
        }
        for index in 0..self.0.match_len(state) {
            let pattern = self.0.match_pattern(state, index);
            found(pattern.as_usize(), self.0.pattern_len(pattern));
        }
    }
}

impl Steps for Dense {
    type State = u16;

    #[inline(always)]
    fn start(&self) -> Option<u16> {
        Some(Dense::START)
    }

    #[inline(always)]
    fn next(&self, state: u16, byte: u8) -> u16 {
        self.next_state(state, byte)
    }

    #[inline(always)]
    fn is_special(&self, state: u16) -> bool {
        Dense::is_match(state)
    }

    fn each_end(&self, state: u16, mut found: impl FnMut(usize, usize)) {
        for &(pattern, len) in self.ends(state) {
            found(pattern as usize, len as usize);
        }
    }
}

/// One of the walks over a text: it reports the matches that start in `from..until`. Where
/// the walk is (`at`, `state`) lives here between rounds and in registers during one.
#[derive(Clone, Copy)]
struct Lane<S> {
    until: usize,
    /// No match that starts before `until` ends past this: the lane is walked up to here.
    stop: usize,
    at: usize,
    state: S,
}

/// Walks `bytes` in `lanes` lanes side by side and joins their matches in order. Nothing is
/// allocated but the matches: on a tree of small files this runs once per file.
#[inline(always)]
fn walk_lanes<A: Steps>(
    automaton: &A,
    bytes: &[u8],
    lanes: usize,
    longest: usize,
    mut reject: impl FnMut(&Match) -> bool,
) -> Vec<Match> {
    let Some(start) = automaton.start() else {
        return Vec::new();
    };
    let step = bytes.len().div_ceil(lanes);
    let mut walks: [Lane<A::State>; LANES] = std::array::from_fn(|lane| {
        let from = (lane * step).min(bytes.len());
        let until = ((lane + 1) * step).min(bytes.len());
        Lane {
            until,
            stop: if from == until {
                from
            } else {
                (until + longest).min(bytes.len())
            },
            at: from,
            state: start,
        }
    });
    let mut walk = Walk {
        automaton,
        bytes,
        reject: &mut reject,
        matches: Default::default(),
    };
    // Each round walks the lanes still going until one of them is done.
    loop {
        let mut going = [0; LANES];
        let mut count = 0;
        for (i, lane) in walks.iter().enumerate() {
            if lane.at < lane.stop {
                going[count] = i;
                count += 1;
            }
        }
        match count {
            0 => break,
            1 => walk.round([going[0]], &mut walks),
            2 => walk.round([going[0], going[1]], &mut walks),
            3 => walk.round([going[0], going[1], going[2]], &mut walks),
            _ => walk.round(going, &mut walks),
        }
    }
    let [mut matches, rest @ ..] = walk.matches;
    for more in rest {
        matches.extend(more);
    }
    matches
}

/// What every lane of a walk shares.
struct Walk<'a, A, R> {
    automaton: &'a A,
    bytes: &'a [u8],
    reject: &'a mut R,
    /// The matches each lane kept so far, in order of their starts, the longest at each.
    matches: [Vec<Match>; LANES],
}

impl<A: Steps, R: FnMut(&Match) -> bool> Walk<'_, A, R> {
    /// Walks the lanes `ids` side by side until one of them reaches its stop.
    #[inline(always)]
    fn round<const N: usize>(&mut self, ids: [usize; N], lanes: &mut [Lane<A::State>]) {
        let (automaton, bytes) = (self.automaton, self.bytes);
        let mut state = ids.map(|i| lanes[i].state);
        let mut at = ids.map(|i| lanes[i].at);
        // Every lane has at least this many bytes before its stop.
        let run = (0..N)
            .map(|k| lanes[ids[k]].stop - at[k])
            .min()
            .unwrap_or(0);
        for _ in 0..run {
            for k in 0..N {
                state[k] = automaton.next(state[k], bytes[at[k]]);
                at[k] += 1;
                if automaton.is_special(state[k]) {
                    self.special(ids[k], lanes[ids[k]].until, state[k], at[k]);
                }
            }
        }
        for k in 0..N {
            lanes[ids[k]].state = state[k];
            lanes[ids[k]].at = at[k];
        }
    }

    /// Keeps the matches that end at `at` in the state lane `lane` just entered, unless
    /// rejected or starting at or past the lane's `until`. The walk started where the lane
    /// does, so none of them starts before it.
    #[inline(never)]
    fn special(&mut self, lane: usize, until: usize, state: A::State, at: usize) {
        let Walk {
            automaton,
            reject,
            matches,
            ..
        } = self;
        let matches = &mut matches[lane];
        automaton.each_end(state, |pattern, len| {
            let start = at - len;
            if start >= until {
                return;
            }
            let found = Match {
                start,
                end: at,
                pattern,
            };
            if !reject(&found) {
                keep_in_order(matches, found);
            }
        });
    }
}

/// Adds `found` to `matches`, kept in order of their starts with the longest at each. A lane
/// finds matches in the order they end, so `found` ends at or after every match kept: it goes
/// after those that start before it, and replaces one that starts where it does. The matches
/// it goes before lie inside it, so there are only ever a few to pass.
fn keep_in_order(matches: &mut Vec<Match>, found: Match) {
    let after = matches
        .iter()
        .rposition(|m| m.start <= found.start)
        .map_or(0, |i| i + 1);
    match after.checked_sub(1).map(|i| &mut matches[i]) {
        Some(same) if same.start == found.start => *same = found,
        _ => matches.insert(after, found),
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
        let engines = [
            Engine::build(&patterns, false),
            Engine::build(&patterns, true),
        ];
        assert!(matches!(engines[0].search, Search::Compact));
        assert!(matches!(engines[1].search, Search::Dense(_)));
        engines
    }

    /// Patterns of random letters whose trie has more states than the copy can number.
    fn too_many_states() -> Vec<String> {
        let mut seed = 11u32;
        (0..5_000)
            .map(|_| {
                (0..12)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        (b'a' + (seed >> 16) as u8 % 26) as char
                    })
                    .collect()
            })
            .collect()
    }

    /// A rule set too large for the copy is walked through the library's DFA, with the same
    /// matches as the compact automaton.
    #[test]
    fn a_rule_set_too_large_for_the_copy_walks_the_dfa() {
        let patterns = too_many_states();
        let fast = Engine::build(&patterns, true);
        assert!(matches!(fast.search, Search::Dfa(_)));
        let compact = Engine::build(&patterns, false);
        let text: String = patterns[..200].join(" ") + &patterns[3000][2..];
        let walked = |engine: &Engine| {
            let matches = engine.matches(text.as_bytes(), |_| false);
            matches
                .iter()
                .map(|m| (m.start, m.end, m.pattern))
                .collect::<Vec<_>>()
        };
        assert_eq!(walked(&fast).len(), 200);
        assert_eq!(walked(&fast), walked(&compact));
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

    fn walked(engine: &Engine, text: &str) -> Vec<(usize, usize, usize)> {
        let matches = engine.matches(text.as_bytes(), |_| false);
        matches
            .iter()
            .map(|m| (m.start, m.end, m.pattern))
            .collect()
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
                assert_eq!(walked(&engine, text), library_matches(text), "{text:?}");
            }
        }
    }

    /// Long texts are walked in several lanes; a match across a lane's end is found once.
    #[test]
    fn lanes_find_every_match_once() {
        let mut seed = 7u32;
        let text: String = (0..20_000)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                b"abcdehrs \nHB"[(seed >> 16) as usize % 12] as char
            })
            .collect();
        for engine in engines() {
            for len in [20_000, 4_097, 1_024, 1_023, 700, 512, 257, 256, 255, 3] {
                assert_eq!(walked(&engine, &text[..len]), library_matches(&text[..len]));
            }
        }
    }

    #[test]
    fn a_rejected_match_makes_way_for_the_next_start() {
        for engine in engines() {
            let starts = |text: &str, reject: fn(&Match) -> bool| -> Vec<(usize, usize)> {
                let matches = engine.matches(text.as_bytes(), reject);
                matches.iter().map(|m| (m.start, m.end)).collect()
            };
            // `bc` is seen first in `abcd`, yet `abcd` starts earlier and is the match.
            assert_eq!(starts("abcd", |_| false), [(0, 4), (1, 3)]);
            assert_eq!(starts("the he", |m| m.start == 1), [(4, 6)]);
            assert!(starts("the", |_| true).is_empty());
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
