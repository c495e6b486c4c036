//! One Aho-Corasick automaton over every term, exception and allowed phrase of a rule set.
//!
//! The automaton runs once over a file's raw text, leftmost-longest, and reports *candidates*:
//! matches that sit on a word boundary, either a plain one (`master node`) or one inside an
//! identifier (`masterNode`, `BLACKLIST_PATH`), and whose rule the policy enables. Leftmost-longest
//! is what lets an exception such as `master's degree` win over the bare term it contains, and a
//! pair such as `master/slave` be one finding. When the longest match at a position is rejected
//! (`sanity checker` is not `sanity check`), shorter patterns at the same position are tried
//! (`sanity`), then the search moves on by one character.
//!
//! Phrases written with one space between words (`sanity check`) are matched by the automaton
//! directly. The same phrase broken over a line, padded with several spaces or joined with `_` or
//! `-` is found through extra *prefix* patterns (`sanity\n`, `sanity_`, …) that trigger a short
//! word-by-word comparison.

mod dense;
mod engine;

use std::collections::HashMap;

use crate::rules::{RuleIndex, RuleSet};
use engine::Engine;

/// What a match stands for. Exceptions order first, so that they win ties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// An exception or allowed phrase: a span of text that is fine. Phrases of an optional group
    /// (an index into [`Matcher::groups`]) only count when the policy enables the group.
    Exception {
        /// The optional group, if any.
        group: Option<u16>,
    },
    /// A term of a rule: a potential finding.
    Term {
        /// The rule.
        rule: RuleIndex,
        /// Index of the term in the rule's `terms`.
        term: u32,
    },
}

/// How a candidate meets the words around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Boundary {
    /// Separated from its neighbours by non-alphanumeric characters (or the edge of the text).
    Word,
    /// At least one side is a case or digit change inside an identifier (`master|Node`).
    Identifier,
    /// Glued inside a longer token with no boundary at all (`Nodewhitelist`, `slavemode`),
    /// for a rule that matches inside compounds.
    Compound,
}

/// A match on a word boundary of an enabled rule or exception, before scope resolution.
/// Candidates never overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// The term or exception matched.
    pub target: Target,
    /// The kind of boundary around the match.
    pub boundary: Boundary,
}

/// The compiled automaton and what each of its patterns means.
#[derive(Debug)]
pub struct Matcher {
    engine: EngineCell,
    patterns: Vec<PatternMeaning>,
    /// Per pattern: what a match of it needs from the text before it (see [`Reach`]).
    reach: Vec<Reach>,
    phrases: Vec<Phrase>,
    case_sensitive: Vec<Option<Vec<String>>>,
    /// Per rule: `None` when its terms match only as words; otherwise the compounds, in lower
    /// case, in which a glued term is innocent (`webmaster`, `mastery`).
    compounds: Vec<Option<Vec<String>>>,
    groups: Vec<String>,
}

/// The engine of a matcher. The fast engine of a large run takes tens of milliseconds to build,
/// so it is built on a thread of its own while the run starts walking and reading; the first
/// text to check waits for it. A quick-start engine is built at once.
#[derive(Debug)]
struct EngineCell {
    ready: std::sync::OnceLock<Engine>,
    building: std::sync::Mutex<Option<std::thread::JoinHandle<Engine>>>,
}

impl EngineCell {
    fn ready(engine: Engine) -> EngineCell {
        EngineCell {
            ready: std::sync::OnceLock::from(engine),
            building: std::sync::Mutex::new(None),
        }
    }

    fn building(texts: Vec<String>) -> EngineCell {
        let texts = std::sync::Arc::new(texts);
        let shared = std::sync::Arc::clone(&texts);
        let spawned = std::thread::Builder::new()
            .name("ally-automaton".into())
            .spawn(move || Engine::build(&shared, true));
        match spawned {
            Ok(handle) => EngineCell {
                ready: std::sync::OnceLock::new(),
                building: std::sync::Mutex::new(Some(handle)),
            },
            // No thread to spare: built here instead.
            Err(_) => EngineCell::ready(Engine::build(&texts, true)),
        }
    }

    fn get(&self) -> &Engine {
        self.ready.get_or_init(|| {
            let handle = self
                .building
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("an engine that is not ready is being built");
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Default)]
struct PatternMeaning {
    /// The terms and exceptions spelled exactly by the pattern (exceptions first, so that they
    /// win when the same phrase is both).
    exact: Vec<Target>,
    /// The phrases the pattern starts, followed by irregular spacing (`sanity\n`).
    phrases: Vec<u32>,
    /// For a phrase prefix, the length in bytes of its words before the gap, and how many
    /// words they are: the same for every phrase it starts.
    head: (usize, usize),
}

/// Whether a match of a pattern, or of a shorter pattern that it starts with, could be taken
/// where no word starts: the walk passes over the others there without asking further.
#[derive(Clone, Copy, Debug, Default)]
struct Reach {
    /// Some target of the pattern, or of a shorter pattern it starts with, is a term of a rule
    /// that matches inside glued compounds (`ipwhitelist`).
    inside_words: bool,
    /// Some other pattern is a proper prefix of this one (`he` of `her`), so a rejected match
    /// may make way for a shorter one at the same start.
    shorter: bool,
}

/// Which automaton to build: a quick-to-build one for a few small inputs, or a fast-to-run one
/// for large trees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Speed {
    /// Builds in a few milliseconds; scans more slowly. For single files and editors.
    #[default]
    QuickStart,
    /// Takes longer to build and more memory; scans several times faster. For whole trees.
    Throughput,
}

#[derive(Debug)]
struct Phrase {
    words: Vec<String>,
    target: Target,
}

/// Bytes that may start an irregular gap between the words of a phrase. A single space is the
/// regular gap, matched by the automaton itself.
const GAP_STARTS: [&str; 9] = ["\n", "\r", "\t", "  ", " \n", " \r", " \t", "_", "-"];

/// Above this many patterns (the default pack has about 7,000), a DFA would take hundreds of
/// megabytes, so the compact automaton is used whatever the workload.
const DFA_PATTERN_LIMIT: usize = 50_000;

/// The longest gap accepted between two words of a phrase.
const MAX_GAP: usize = 64;

impl Matcher {
    /// Builds a quick-start automaton over every term of every rule, every exception and every
    /// allowed phrase.
    pub fn new(rules: &RuleSet) -> Matcher {
        Matcher::with_speed(rules, Speed::QuickStart)
    }

    /// Builds the automaton for the given kind of workload.
    pub fn with_speed(rules: &RuleSet, speed: Speed) -> Matcher {
        Matcher::with_options(rules, speed, None)
    }

    /// Builds the automaton, leaving out the patterns that cannot occur in texts made of the
    /// given vocabulary. Checking a few small files then needs only the few patterns that could
    /// match them, which build in a fraction of the time of the whole set.
    pub fn with_options(rules: &RuleSet, speed: Speed, vocabulary: Option<&Vocabulary>) -> Matcher {
        let mut builder = Builder {
            vocabulary,
            ..Builder::default()
        };
        for (index, rule) in rules.rules().iter().enumerate() {
            for (t, term) in rule.terms.iter().enumerate() {
                builder.add(
                    term,
                    Target::Term {
                        rule: index,
                        term: t as u32,
                    },
                );
            }
            for exception in &rule.exceptions {
                builder.add(exception, Target::Exception { group: None });
            }
        }
        let groups: Vec<String> = rules
            .allow_groups()
            .into_iter()
            .map(str::to_owned)
            .collect();
        for allowed in rules.allowed() {
            let group = allowed
                .group
                .as_ref()
                .and_then(|g| groups.iter().position(|n| n == g))
                .map(|i| i as u16);
            builder.add(&allowed.phrase, Target::Exception { group });
        }
        let fast = speed == Speed::Throughput && builder.texts.len() <= DFA_PATTERN_LIMIT;
        let engine = if fast {
            EngineCell::building(builder.texts.clone())
        } else {
            EngineCell::ready(Engine::build(&builder.texts, false))
        };
        let case_sensitive = rules
            .rules()
            .iter()
            .map(|r| r.conditions.case_sensitive.then(|| r.terms.clone()))
            .collect();
        let compounds: Vec<Option<Vec<String>>> = rules
            .rules()
            .iter()
            .map(|r| {
                r.compounds
                    .as_ref()
                    .map(|innocent| innocent.iter().map(|c| c.to_ascii_lowercase()).collect())
            })
            .collect();
        let reach = builder.reach(|target| match target {
            Target::Term { rule, .. } => compounds[rule].is_some(),
            Target::Exception { .. } => false,
        });
        Matcher {
            engine,
            patterns: builder.meanings,
            reach,
            phrases: builder.phrases,
            case_sensitive,
            compounds,
            groups,
        }
    }

    /// The names of the optional allowed-phrase groups.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// The number of patterns in the automaton (terms, exceptions and phrase prefixes).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The matches in `text` that sit on a word or identifier boundary and that `accept` turns
    /// into a value, leftmost-longest, in order and without overlap. `accept` is where the
    /// caller applies everything the automaton cannot know (enabled rules, scopes); a rejected
    /// match makes way for shorter ones at the same position.
    pub fn candidates<T>(
        &self,
        text: &str,
        mut accept: impl FnMut(&Candidate) -> Option<T>,
    ) -> Vec<T> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut at = 0;
        // A match where no word starts, and that no compound term could use, is passed over in
        // the walk itself: most matches are such (`he` in `the`). A shorter pattern at the same
        // start can reach no further than a longer one it begins (`Reach` counts its prefixes),
        // so the engine may ask about each match on its own.
        let nowhere = |m: &engine::Match| {
            !self.reach[m.pattern].inside_words && word_start(text, m.start).is_none()
        };
        let matches = self.engine.get().matches(bytes, nowhere);
        let mut matches = matches.iter();
        // The leftmost-longest match from `at` is the first that starts there or later.
        while let Some(&longest) = matches.find(|m| m.start >= at) {
            let start = longest.start;
            let mut best = self.accepted(text, start, longest.end, longest.pattern, &mut accept);
            // Shorter patterns at the same position, longest first.
            let mut limit = longest.end;
            let mut shorter = self.reach[longest.pattern].shorter;
            while best.is_none() && shorter && limit > start + 1 {
                let Some(m) = self.engine.get().find_anchored(bytes, start, limit - 1) else {
                    break;
                };
                best = self.accepted(text, start, m.end, m.pattern, &mut accept);
                limit = m.end;
                shorter = self.reach[m.pattern].shorter;
            }
            match best {
                Some((end, value)) => {
                    at = end.max(start + 1);
                    found.push(value);
                }
                None => at = next_char(text, start),
            }
        }
        found
    }

    /// The first acceptable reading of pattern `pattern` matched at `start..end`, and its end:
    /// the exceptions and terms it spells exactly, then, for a phrase prefix, its phrases that
    /// really follow, longest first.
    fn accepted<T>(
        &self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
        accept: &mut impl FnMut(&Candidate) -> Option<T>,
    ) -> Option<(usize, T)> {
        let meaning = &self.patterns[pattern];
        // How a word starts here, worked out once for every reading of the match.
        let mut start_edge = None;
        let mut before = || *start_edge.get_or_insert_with(|| word_start(text, start));
        for &target in &meaning.exact {
            if let Some(value) = self
                .check(text, start, end, target, &mut before)
                .and_then(|c| accept(&c))
            {
                return Some((end, value));
            }
        }
        // A phrase prefix (`master_`) is common inside longer names (`xmaster_`); only when the
        // match starts a word is it worth comparing the phrases word by word.
        if meaning.phrases.is_empty() || before().is_none() {
            return None;
        }
        // The word after the gap is where the phrases of a prefix part: most are told apart by
        // its first letter, before comparing them word by word.
        let (head_len, head_words) = meaning.head;
        let next = skip_gap(text.as_bytes(), start + head_len)
            .and_then(|at| text.as_bytes().get(at))
            .map(u8::to_ascii_lowercase);
        let mut phrases: Vec<(usize, Target)> = meaning
            .phrases
            .iter()
            .filter_map(|&p| {
                let phrase = &self.phrases[p as usize];
                let first = phrase.words[head_words].as_bytes().first();
                if first.is_some_and(|b| b.is_ascii() && Some(*b) != next) {
                    return None;
                }
                Some((match_phrase(text, start, &phrase.words)?, phrase.target))
            })
            .collect();
        phrases.sort_by_key(|(end, target)| (std::cmp::Reverse(*end), *target));
        phrases.into_iter().find_map(|(end, target)| {
            let candidate = self.check(text, start, end, target, &mut before)?;
            accept(&candidate).map(|value| (end, value))
        })
    }

    /// A candidate if the match sits on a boundary and has the case a case-sensitive rule asks
    /// for.
    /// `before` gives the boundary at the start of the match (see [`word_start`]).
    fn check(
        &self,
        text: &str,
        start: usize,
        end: usize,
        target: Target,
        before: &mut impl FnMut() -> Option<Boundary>,
    ) -> Option<Candidate> {
        let boundary = match word_end(text, start, end) {
            Some(after) => before().map(|b| b.max(after)),
            None => None,
        };
        let boundary = match (boundary, target) {
            (Some(boundary), _) => boundary,
            (None, Target::Term { rule, .. }) => {
                let innocent = self.compounds[rule].as_ref()?;
                if in_innocent_compound(text, start, end, innocent) {
                    return None;
                }
                Boundary::Compound
            }
            (None, Target::Exception { .. }) => return None,
        };
        if let Target::Term { rule, .. } = target
            && let Some(terms) = &self.case_sensitive[rule]
            && !terms.iter().any(|t| same_words(&text[start..end], t))
        {
            return None;
        }
        Some(Candidate {
            start,
            end,
            target,
            boundary,
        })
    }
}

/// How a word starts at `start`, if it can: the text before it is not a letter or digit that
/// the match would continue, or it is a case step inside an identifier, or it ends an escape
/// sequence (`\nmaster`), which counts as an identifier boundary.
fn word_start(text: &str, start: usize) -> Option<Boundary> {
    let mut after = text[start..].chars();
    match edge(
        text[..start].chars().next_back(),
        after.next(),
        after.next(),
    ) {
        // A letter right before may end an escape (`\nmaster`), which is no part of the word.
        // Like a case change (a digit before, as in `\x41master`, is one already), it splits
        // words only where strings and names are written: in prose and comments `\the` is a
        // TeX command and `\cache` an assembler macro argument.
        None if after_escape(text, start) => Some(Boundary::Identifier),
        other => other,
    }
}

/// How a word that starts at `start` ends at `end`, if it can.
fn word_end(text: &str, start: usize, end: usize) -> Option<Boundary> {
    let last = text[start..end].chars().next_back()?;
    let mut after = text[end..].chars();
    edge(Some(last), after.next(), after.next())
}

/// Whether the glued match `text[start..end]` is part of one of the `innocent` compounds
/// (lower case) written in the same run of letters and digits (`webmasters`, `getMastery`).
fn in_innocent_compound(text: &str, start: usize, end: usize, innocent: &[String]) -> bool {
    let bytes = text.as_bytes();
    let is_part = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let token_start = bytes[..start]
        .iter()
        .rposition(|&b| !is_part(b))
        .map_or(0, |i| i + 1);
    let token_end = bytes[end..]
        .iter()
        .position(|&b| !is_part(b))
        .map_or(bytes.len(), |i| end + i);
    let token = text[token_start..token_end].to_ascii_lowercase();
    let (start, end) = (start - token_start, end - token_start);
    innocent.iter().any(|compound| {
        token
            .match_indices(compound.as_str())
            .any(|(at, _)| at < end && at + compound.len() > start)
    })
}

/// The offset of the character after the one at `offset`.
fn next_char(text: &str, offset: usize) -> usize {
    offset + text[offset..].chars().next().map_or(1, char::len_utf8)
}

#[derive(Default)]
struct Builder<'v> {
    vocabulary: Option<&'v Vocabulary>,
    texts: Vec<String>,
    meanings: Vec<PatternMeaning>,
    phrases: Vec<Phrase>,
    ids: HashMap<String, usize>,
}

impl Builder<'_> {
    fn add(&mut self, phrase: &str, target: Target) {
        if self.vocabulary.is_some_and(|v| !v.admits(phrase)) {
            return;
        }
        for variant in spellings(phrase) {
            let meaning = self.meaning(variant);
            meaning.exact.push(target);
            meaning.exact.sort();
            meaning.exact.dedup();
        }
        let words: Vec<String> = phrase.split(' ').map(str::to_lowercase).collect();
        if words.len() < 2 {
            return;
        }
        let phrase_id = self.phrases.len() as u32;
        for cut in 1..words.len() {
            let head = words[..cut].join(" ");
            for gap in GAP_STARTS {
                for variant in spellings(&format!("{head}{gap}")) {
                    let head = (variant.len() - gap.len(), cut);
                    let meaning = self.meaning(variant);
                    meaning.head = head;
                    if !meaning.phrases.contains(&phrase_id) {
                        meaning.phrases.push(phrase_id);
                    }
                }
            }
        }
        self.phrases.push(Phrase { words, target });
    }

    /// What each pattern's matches need from the text before them, given which targets match
    /// inside compounds.
    fn reach(&self, inside_words: impl Fn(Target) -> bool) -> Vec<Reach> {
        let lower: Vec<String> = self.texts.iter().map(|t| t.to_ascii_lowercase()).collect();
        let own: Vec<bool> = self
            .meanings
            .iter()
            .map(|m| m.exact.iter().any(|&t| inside_words(t)))
            .collect();
        lower
            .iter()
            .enumerate()
            .map(|(id, text)| {
                let prefixes = text
                    .char_indices()
                    .skip(1)
                    .filter_map(|(cut, _)| self.ids.get(&text[..cut]).copied());
                let mut reach = Reach {
                    inside_words: own[id],
                    shorter: false,
                };
                for prefix in prefixes {
                    reach.shorter = true;
                    reach.inside_words |= own[prefix];
                }
                reach
            })
            .collect()
    }

    /// The meaning of a pattern, adding the pattern if it is new. Patterns are compared in
    /// lowercase, as the automaton matches them.
    fn meaning(&mut self, text: String) -> &mut PatternMeaning {
        let key = text.to_ascii_lowercase();
        let id = *self.ids.entry(key).or_insert_with(|| {
            self.texts.push(text);
            self.meanings.push(PatternMeaning::default());
            self.meanings.len() - 1
        });
        &mut self.meanings[id]
    }
}

/// The words of the texts a run is about to check, for leaving out of the automaton the
/// patterns that cannot occur in them.
///
/// A pattern can only match where the text holds its first word: a whole word (`master`), a
/// camelCase or digit-separated part of a name (`master` in `getMasterURL`), or several
/// consecutive parts (`whitelist` in `whiteList`). The vocabulary records all of these, in
/// lowercase, so that leaving out the other patterns never loses a finding.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    words: std::collections::HashSet<String>,
}

/// Parts joined into longer words than this are not recorded: no pattern starts with one.
const LONGEST_FIRST_WORD: usize = 48;

impl Vocabulary {
    /// Adds the words of `text`.
    pub fn add(&mut self, text: &str) {
        // The check reads text without its invisible characters (`white\u{ad}list`), so the
        // vocabulary must hold the words as the check will see them.
        let visible = crate::invisible::Visible::of(text);
        let text = visible.as_ref().map_or(text, |v| v.text.as_str());
        let mut rest = text;
        while let Some(start) = rest.find(char::is_alphanumeric) {
            let len = rest[start..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len() - start);
            let offset = text.len() - rest.len() + start;
            self.add_run(&text[offset..offset + len]);
            // After an escape (`\nblacklist`), the word starts past it.
            if matches!(
                text.as_bytes().get(offset.wrapping_sub(1)),
                Some(b'\\' | b'`')
            ) {
                for cut in 1..len.min(MAX_ESCAPE_BODY + 1) {
                    if text.is_char_boundary(offset + cut) && after_escape(text, offset + cut) {
                        self.add_run(&text[offset + cut..offset + len]);
                    }
                }
            }
            rest = &rest[start + len..];
        }
    }

    /// Adds a run of letters and digits, and the parts it splits into.
    fn add_run(&mut self, run: &str) {
        self.words.insert(run.to_lowercase());
        let parts = word_parts(run);
        if parts.len() < 2 {
            return;
        }
        for first in 0..parts.len() {
            for last in first..parts.len() {
                let joined = &run[parts[first].start..parts[last].end];
                if joined.len() > LONGEST_FIRST_WORD {
                    break;
                }
                self.words.insert(joined.to_lowercase());
            }
        }
    }

    /// Whether a pattern could match a text made of these words: its first word is one of them.
    fn admits(&self, pattern: &str) -> bool {
        let first = pattern
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty());
        first.is_none_or(|word| self.words.contains(&word.to_lowercase()))
    }
}

/// The parts of an identifier-like run of letters and digits (`getHTTPMasterURL` → `get`,
/// `HTTP`, `Master`, `URL`), split where [`boundary`] sees word boundaries.
fn word_parts(run: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        if is_case_step(chars[i - 1].1, chars[i].1, chars.get(i + 1).map(|c| c.1)) {
            parts.push(start..chars[i].0);
            start = chars[i].0;
        }
    }
    parts.push(start..run.len());
    parts
}

/// The byte strings that spell `phrase`: the automaton folds ASCII case itself, so non-ASCII
/// letters need their case variants spelled out, and a straight apostrophe also matches the
/// typographic one.
fn spellings(phrase: &str) -> Vec<String> {
    let mut variants = vec![phrase.to_owned()];
    if !phrase.is_ascii() {
        let mut title: String = phrase.to_lowercase();
        if let Some(first) = title.chars().next() {
            title = first.to_uppercase().chain(title.chars().skip(1)).collect();
        }
        variants.extend([phrase.to_lowercase(), phrase.to_uppercase(), title]);
    }
    if phrase.contains('\'') {
        let curly: Vec<String> = variants
            .iter()
            .map(|v| v.replace('\'', "\u{2019}"))
            .collect();
        variants.extend(curly);
    }
    variants.sort();
    variants.dedup();
    variants
}

/// Matches the words of a phrase at `start`, allowing any run of spacing, `_` or `-` between
/// them, and comment markers after a line break (`// sanity\n// check`). Returns the end.
fn match_phrase(text: &str, start: usize, words: &[String]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut pos = start;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            pos = skip_gap(bytes, pos)?;
        }
        let len = starts_with_word(&text[pos..], word)?;
        pos += len;
    }
    Some(pos)
}

/// The length of `word` at the start of `text`, compared without case.
fn starts_with_word(text: &str, word: &str) -> Option<usize> {
    if word.is_ascii() {
        let candidate = text.as_bytes().get(..word.len())?;
        return candidate
            .eq_ignore_ascii_case(word.as_bytes())
            .then_some(word.len());
    }
    let mut expected = word.chars();
    let mut len = 0;
    for c in text.chars() {
        let Some(e) = expected.next() else { break };
        if !c.to_lowercase().eq(e.to_lowercase()) {
            return None;
        }
        len += c.len_utf8();
    }
    expected.next().is_none().then_some(len)
}

fn skip_gap(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos;
    let mut after_newline = false;
    while i < bytes.len() && i - pos <= MAX_GAP {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'_' | b'-' => {}
            b'\n' => after_newline = true,
            b'/' | b'#' | b'*' | b';' | b'!' | b'>' | b'%' if after_newline => {}
            _ => break,
        }
        i += 1;
    }
    (i > pos && i - pos <= MAX_GAP).then_some(i)
}

/// Whether the text written in the source and a term have the same words in the same case.
fn same_words(written: &str, term: &str) -> bool {
    let written = written
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty());
    let term = term
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty());
    written.eq(term)
}

/// The boundary around `text[start..end]`, or `None` when the match is part of a longer word
/// (`webmaster`, `Mastercard`, `ümaster`).
pub fn boundary(text: &str, start: usize, end: usize) -> Option<Boundary> {
    // The end first: it is cheaper, and most matches inside longer words fail there.
    let after = word_end(text, start, end)?;
    Some(word_start(text, start)?.max(after))
}

/// The longest escape body the vocabulary looks past: a letter and twelve digits (Haskell's
/// `\o` octal escapes are the longest in the table).
const MAX_ESCAPE_BODY: usize = 13;

/// Whether `text[..start]` ends with an escape sequence, so that a word starts at `start` even
/// though a letter or digit comes right before it (`\nblacklist`, `\u00e9master`).
///
/// The matcher reads a file's raw text and does not know which escapes a string literal has, so
/// any escape of any language in the table counts, whatever comes before its escape character:
/// `"\\bmaster"` is the regular expression `\bmaster`, an escape read by a second layer. The
/// extractor leaves each escape a literal really has out of its string region, so a match that
/// starts inside one (`\blacklist` in C, a backspace and `lacklist`) is not taken for a word in
/// a string.
#[inline]
fn after_escape(text: &str, start: usize) -> bool {
    crate::extract::languages().ends_with_escape(text, start)
}

/// The boundary between characters `a` and `b` (`c` follows `b`), if any.
fn edge(a: Option<char>, b: Option<char>, c: Option<char>) -> Option<Boundary> {
    match (a, b) {
        (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric() => {
            is_case_step(a, b, c).then_some(Boundary::Identifier)
        }
        _ => Some(Boundary::Word),
    }
}

/// Whether an identifier splits into words between `a` and `b` (`c` follows `b`): a lower-case
/// letter followed by an upper-case one (`master|Node`), the end of an acronym (`HTTP|Master`),
/// or a change between letters and digits (`v2|master`).
fn is_case_step(a: char, b: char, c: Option<char>) -> bool {
    (a.is_lowercase() && b.is_uppercase())
        || (a.is_uppercase() && b.is_uppercase() && c.is_some_and(char::is_lowercase))
        || (a.is_numeric() != b.is_numeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::DataFile;

    fn matcher(rules: &str) -> (RuleSet, Matcher) {
        let rules = RuleSet::load_only(&[DataFile::new("t.toml", rules)]).unwrap();
        let matcher = Matcher::new(&rules);
        (rules, matcher)
    }

    fn spans(matcher: &Matcher, text: &str) -> Vec<(String, Boundary)> {
        matcher
            .candidates(text, |c| Some(*c))
            .into_iter()
            .map(|c| (text[c.start..c.end].to_owned(), c.boundary))
            .collect()
    }

    const MASTER: &str = r#"
[[rule]]
id = "master"
terms = ["master", "sanity check", "white list"]
exceptions = ["master's degree"]
"#;

    #[test]
    fn whole_words_only() {
        let (_, m) = matcher(MASTER);
        assert_eq!(
            spans(&m, "the master node"),
            [("master".into(), Boundary::Word)]
        );
        for text in [
            "webmaster",
            "Mastercard",
            "mastery",
            "masterpiece",
            "remaster",
            "ümaster",
            "masterß",
        ] {
            assert!(spans(&m, text).is_empty(), "{text}");
        }
        assert_eq!(spans(&m, "master…"), [("master".into(), Boundary::Word)]);
        assert_eq!(spans(&m, "«master»"), [("master".into(), Boundary::Word)]);
    }

    #[test]
    fn ascii_case_is_ignored() {
        let (_, m) = matcher(MASTER);
        assert_eq!(spans(&m, "MASTER Master mAsTeR").len(), 3);
    }

    #[test]
    fn identifier_boundaries() {
        let (_, m) = matcher(MASTER);
        assert_eq!(
            spans(&m, "masterNode"),
            [("master".into(), Boundary::Identifier)]
        );
        assert_eq!(
            spans(&m, "getHTTPMasterURL"),
            [("Master".into(), Boundary::Identifier)]
        );
        assert_eq!(
            spans(&m, "MASTER_NODE"),
            [("MASTER".into(), Boundary::Word)]
        );
        assert_eq!(
            spans(&m, "v2master"),
            [("master".into(), Boundary::Identifier)]
        );
        assert!(spans(&m, "MASTERCARD").is_empty());
        assert!(spans(&m, "McMasterx").is_empty());
    }

    /// Every way of writing a name splits into words, and the match is the word itself.
    #[test]
    fn identifier_case_styles() {
        let (_, m) = matcher(MASTER);
        let cases = [
            ("masterNode", "master", Boundary::Identifier),
            ("nodeMaster", "Master", Boundary::Identifier),
            ("MasterNode", "Master", Boundary::Identifier),
            ("getHTTPMasterURL", "Master", Boundary::Identifier),
            ("master_node", "master", Boundary::Word),
            ("MASTER_NODE", "MASTER", Boundary::Word),
            ("node-master-list", "master", Boundary::Word),
            ("--master-color", "master", Boundary::Word),
            ("master2", "master", Boundary::Identifier),
            ("v2master", "master", Boundary::Identifier),
            ("HTTP2Master", "Master", Boundary::Identifier),
            ("node.master.port", "master", Boundary::Word),
        ];
        for (text, word, boundary) in cases {
            let found = m.candidates(text, |c| Some(*c));
            assert_eq!(found.len(), 1, "{text}");
            let start = text.find(word).unwrap();
            assert_eq!(
                (found[0].start, found[0].end, found[0].boundary),
                (start, start + word.len(), boundary),
                "{text}"
            );
        }
        for text in [
            "Mastercard",
            "webmaster",
            "remaster",
            "MASTERCARD",
            "masterful",
            "Webmaster",
            "postmasterGeneral",
            "masteryLevel",
        ] {
            assert!(spans(&m, text).is_empty(), "{text}");
        }
    }

    /// An escape sequence before a word is a boundary (`\nmaster`), and the word is found at
    /// its own position; like a case change, one that only strings and names split at.
    #[test]
    fn escapes_before_a_word_are_boundaries() {
        let (_, m) = matcher(MASTER);
        for (text, at) in [
            (r"\nmaster", 2),
            (r"\tmaster", 2),
            (r"\xffmaster", 4),
            (r"\u00e9master", 6),
            (r"\U0001F600master", 10),
            (r"\0master", 2),
            (r"\101master", 4),
            (r"\\bmaster", 3),
            ("line`nmaster", 6),
            ("\"`tmaster", 3),
        ] {
            let found = m.candidates(text, |c| Some(*c));
            assert_eq!(
                found
                    .iter()
                    .map(|c| (c.start, c.end, c.boundary))
                    .collect::<Vec<_>>(),
                [(at, at + 6, Boundary::Identifier)],
                "{text}"
            );
        }
        for text in [
            "nmaster",
            "xnmaster",
            "\\nmasterful",
            "\\qqmaster",
            "x `nmaster",
            "`tmaster",
            r"\cacmaster",
        ] {
            assert!(spans(&m, text).is_empty(), "{text}");
        }
        assert_eq!(spans(&m, r"\nsanity check")[0].0, "sanity check");
    }

    #[test]
    fn exceptions_are_candidates_too() {
        let (_, m) = matcher(MASTER);
        let found = m.candidates("a master's degree", |c| Some(*c));
        assert_eq!(found.len(), 1, "the exception covers the term");
        assert_eq!(found[0].target, Target::Exception { group: None });
        assert_eq!((found[0].start, found[0].end), (2, 17));
        let without = m.candidates("a master's degree", |c| {
            matches!(c.target, Target::Term { .. }).then_some(*c)
        });
        assert_eq!(without.len(), 1, "without the exception, the term");
        assert!(matches!(without[0].target, Target::Term { .. }));
    }

    #[test]
    fn typographic_apostrophes_match_straight_ones() {
        let (_, m) = matcher(MASTER);
        let found = m.candidates("a master\u{2019}s degree", |c| Some(*c));
        assert_eq!(found[0].target, Target::Exception { group: None });
    }

    #[test]
    fn phrases_match_across_lines_spaces_and_separators() {
        let (_, m) = matcher(MASTER);
        for text in [
            "sanity check",
            "sanity\n  check",
            "sanity   check",
            "sanity_check",
            "Sanity-Check",
            "sanity\n// check",
            "sanity \r\n * check",
        ] {
            assert_eq!(
                spans(&m, text),
                [(text.to_owned(), Boundary::Word)],
                "{text:?}"
            );
        }
        assert!(spans(&m, "sanity\n\nfoo check").is_empty());
        assert!(spans(&m, "sanity checker").is_empty());
        assert_eq!(spans(&m, "white_list_path")[0].0, "white_list");
    }

    #[test]
    fn a_vocabulary_keeps_every_pattern_that_can_match() {
        let rules = RuleSet::builtin();
        let texts = [
            "The master node and the whiteList, isWhitelisted(), BLACKLIST_PATH, v2master.",
            "getHTTPMasterURL; sanity\n  check; a master's degree; s/he; (s)he; Man-Hours.",
            "Ümlaut über émigré; x_white_list_y; he or\nshe",
            r#"printf("\nblacklist\tmaster\u00e9slave\x41whiteList")"#,
        ];
        let full = Matcher::new(&rules);
        for text in texts {
            let mut vocabulary = Vocabulary::default();
            vocabulary.add(text);
            let small = Matcher::with_options(&rules, Speed::QuickStart, Some(&vocabulary));
            assert!(
                small.pattern_count() * 10 < full.pattern_count(),
                "{}",
                small.pattern_count()
            );
            let all = |m: &Matcher| m.candidates(text, |c| Some((c.start, c.end, c.target)));
            assert_eq!(all(&small), all(&full), "{text}");
        }
    }

    #[test]
    fn word_parts_split_like_the_boundary_check() {
        let run = "getHTTPMasterURL2x";
        let parts: Vec<&str> = word_parts(run).into_iter().map(|r| &run[r]).collect();
        assert_eq!(parts, ["get", "HTTP", "Master", "URL", "2", "x"]);
    }

    #[test]
    fn non_ascii_terms_match_in_any_case() {
        let (_, m) = matcher("[[rule]]\nid = \"x\"\nterms = [\"émigré\"]\n");
        assert_eq!(spans(&m, "Émigré and ÉMIGRÉ and émigré").len(), 3);
    }

    #[test]
    fn case_sensitive_rules_need_the_exact_case() {
        let (_, m) =
            matcher("[[rule]]\nid = \"x\"\nterms = [\"Oriental\"]\ncase-sensitive = true\n");
        assert_eq!(spans(&m, "an Oriental man, an oriental rug").len(), 1);
    }
}
