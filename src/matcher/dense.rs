//! A copy of the automaton laid out for the walk over large trees.
//!
//! The library's DFA keeps a row of 4-byte entries per state, in the order it made the states,
//! 12 MB for the default rules. The walk spends most of its time in the states a few bytes from
//! the start, but those are spread over the whole table, so most steps wait on memory. This copy
//! numbers the states breadth first from the start, so that the states near it share a few
//! hundred kilobytes, and keeps 2-byte entries: 3 MB in all, of which the part the walk uses
//! stays in the processor's cache.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};

/// The bit of an entry that says its state ends at least one pattern.
const MATCH: u16 = 1 << 15;

/// The most states an entry can name beside [`MATCH`].
const MAX_STATES: usize = MATCH as usize;

/// The automaton's transitions, row after row, with the patterns each state ends.
#[derive(Debug)]
pub(super) struct Dense {
    /// The class of each byte: a byte that no pattern holds is in class 0, which every state
    /// treats alike, and a letter shares its class with its other case, as the automaton does.
    classes: [u8; 256],
    /// A row is `1 << shift` entries long: at least as many as there are classes.
    shift: u32,
    /// The state each state goes to on each class: its number, with [`MATCH`] set when that
    /// state ends a pattern. The start state is [`Dense::START`].
    next: Vec<u16>,
    /// For each state, where its patterns start in `ends`; one more entry closes the last.
    ends_at: Vec<u32>,
    /// The patterns that end in each state, with their lengths.
    ends: Vec<(u32, u32)>,
}

impl Dense {
    /// Copies the unanchored automaton `automaton`, which must report overlapping matches
    /// (every pattern that ends at a state), over `patterns`. `None` when it has more states
    /// than an entry can name.
    pub(super) fn copy<A: Automaton>(automaton: &A, patterns: &[String]) -> Option<Dense> {
        let mut classes = [0u8; 256];
        let mut representatives = vec![0u8];
        for byte in patterns.iter().flat_map(|p| p.bytes()) {
            let byte = byte.to_ascii_lowercase();
            if classes[usize::from(byte)] == 0 {
                let class = u8::try_from(representatives.len()).ok()?;
                classes[usize::from(byte)] = class;
                classes[usize::from(byte.to_ascii_uppercase())] = class;
                representatives.push(byte);
            }
        }
        // Class 0 stands for the bytes that no pattern holds, if there are any.
        representatives[0] = (0..=255u8)
            .find(|&b| classes[usize::from(b)] == 0)
            .unwrap_or(0);
        let shift = representatives.len().next_power_of_two().trailing_zeros();
        let start = automaton.start_state(Anchored::No).ok()?;
        let mut numbers = std::collections::HashMap::from([(start, Dense::START)]);
        let mut order: Vec<StateID> = vec![start];
        let mut next = Vec::new();
        let mut ends_at = Vec::new();
        let mut ends = Vec::new();
        let mut done = 0;
        while done < order.len() {
            let state = order[done];
            ends_at.push(u32::try_from(ends.len()).ok()?);
            // The library asks that only a match state be asked for its matches.
            let matches = match automaton.is_match(state) {
                true => automaton.match_len(state),
                false => 0,
            };
            for index in 0..matches {
                let pattern = automaton.match_pattern(state, index);
                let len = u32::try_from(automaton.pattern_len(pattern)).ok()?;
                ends.push((pattern.as_u32(), len));
            }
            let row = next.len();
            next.resize(row + (1 << shift), 0);
            for (class, &byte) in representatives.iter().enumerate() {
                let target = automaton.next_state(Anchored::No, state, byte);
                let number = match numbers.get(&target) {
                    Some(&number) => number,
                    None => {
                        if order.len() >= MAX_STATES {
                            return None;
                        }
                        let number = order.len() as u16;
                        numbers.insert(target, number);
                        order.push(target);
                        number
                    }
                };
                let flag = if automaton.is_match(target) { MATCH } else { 0 };
                next[row + class] = number | flag;
            }
            done += 1;
        }
        ends_at.push(u32::try_from(ends.len()).ok()?);
        Some(Dense {
            classes,
            shift,
            next,
            ends_at,
            ends,
        })
    }

    /// The start state: the first one numbered.
    pub(super) const START: u16 = 0;

    /// The state after `state` on `byte`.
    #[inline(always)]
    pub(super) fn next_state(&self, state: u16, byte: u8) -> u16 {
        let row = usize::from(state & !MATCH) << self.shift;
        self.next[row | usize::from(self.classes[usize::from(byte)])]
    }

    /// Whether `state` ends a pattern.
    #[inline(always)]
    pub(super) fn is_match(state: u16) -> bool {
        state & MATCH != 0
    }

    /// The patterns that end in `state`, with their lengths.
    pub(super) fn ends(&self, state: u16) -> &[(u32, u32)] {
        let number = usize::from(state & !MATCH);
        &self.ends[self.ends_at[number] as usize..self.ends_at[number + 1] as usize]
    }
}
