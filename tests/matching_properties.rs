//! Properties of matching over random text: a term placed anywhere is found exactly once, at its
//! line and column, as its own rule; text made of other words has no findings; and the three
//! ways of building the automaton (quick-start, fast, and cut down to a file's vocabulary) find
//! the same things.

mod strategies;

use std::path::Path;
use std::sync::OnceLock;

use ally::extract::FileKind;
use ally::matcher::{Speed, Vocabulary};
use ally::{Linter, Policy, RuleSet};
use proptest::prelude::*;
use strategies::written;

/// Words that are not terms, are in no exception or allowed phrase, and contain no term, so
/// that placing a term between them cannot change what it means.
const FILLER: &[&str] = &[
    "harbor",
    "lantern",
    "quiet",
    "seven",
    "paper",
    "garden",
    "window",
    "orange",
    "yellow",
    "mountain",
    "letter",
    "number",
    "summer",
    "bridge",
    "castle",
    "pencil",
    "cloud",
    "forest",
    "engine",
    "pebble",
    "über",
    "日本語",
    "🙂",
    "42",
    "naïve",
    "Ωmega",
];

/// What may stand between two words.
const SEPARATORS: &[&str] = &[
    " ", "  ", "\n", "\r\n", "\t", ", ", ". ", "; ", " — ", " (", ") ", ": ", "\n\n", " / ",
];

fn linter(speed: Speed) -> &'static Linter {
    static QUICK: OnceLock<Linter> = OnceLock::new();
    static FAST: OnceLock<Linter> = OnceLock::new();
    let cell = if speed == Speed::QuickStart {
        &QUICK
    } else {
        &FAST
    };
    cell.get_or_init(|| Linter::with_speed(RuleSet::builtin(), speed))
}

fn kind(text: &str) -> FileKind {
    FileKind::detect(Path::new("notes.txt"), text)
}

/// `(rule id, line, column, matched text)` of each finding.
fn found(linter: &Linter, text: &str) -> Vec<(String, usize, usize, String)> {
    let policy = Policy::all(linter.rules());
    linter
        .check(text, kind(text), &policy)
        .into_iter()
        .map(|f| {
            let rule = linter.rules().rule(f.rule).id.clone();
            (rule, f.start.line, f.start.column, text[f.range].to_owned())
        })
        .collect()
}

/// Every term of every rule that applies wherever it appears (no condition on case, quotation
/// or a preceding word), paired with its rule's id.
fn plain_terms() -> &'static [(String, String)] {
    static TERMS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let rules = RuleSet::builtin();
        rules
            .rules()
            .iter()
            .filter(|rule| rule.conditions == Default::default())
            .flat_map(|rule| rule.terms.iter().map(|t| (t.clone(), rule.id.clone())))
            .collect()
    })
}

#[test]
fn the_filler_words_are_neutral() {
    let rules = RuleSet::builtin();
    let phrases = rules
        .rules()
        .iter()
        .flat_map(|r| r.terms.iter().chain(&r.exceptions))
        .chain(rules.allowed().iter().map(|a| &a.phrase));
    let mut clashes = Vec::new();
    for phrase in phrases {
        let words: Vec<String> = phrase
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_owned)
            .collect();
        for filler in FILLER {
            if words.contains(&filler.to_lowercase()) {
                clashes.push(format!("{filler:?} is part of {phrase:?}"));
            }
        }
    }
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
    assert!(plain_terms().len() > 1000, "{}", plain_terms().len());
}

/// Each plain term, alone between two filler words, is found as its own rule: the baseline the
/// random placements below are compared with. A term that is also an exception of another rule
/// would show here.
#[test]
fn every_plain_term_is_found_alone() {
    let linter = linter(Speed::Throughput);
    let mut missed = Vec::new();
    for (term, rule) in plain_terms() {
        let text = format!("harbor {term} lantern");
        let expected = [(rule.clone(), 1, 8, term.clone())];
        if found(linter, &text) != expected {
            missed.push(format!("{term:?} ({rule}): {:?}", found(linter, &text)));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

/// Text of filler words and separators.
fn filler_text(words: std::ops::Range<usize>) -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            prop::sample::select(FILLER),
            prop::sample::select(SEPARATORS),
        )
            .prop_map(|(w, s)| (w.to_owned(), s.to_owned())),
        words,
    )
}

fn join(pieces: &[(String, String)]) -> String {
    pieces.iter().map(|(w, s)| format!("{w}{s}")).collect()
}

/// The 1-based line and character column at which `prefix` ends.
fn position_after(prefix: &str) -> (usize, usize) {
    let line = prefix.matches('\n').count() + 1;
    let last_line = prefix.rsplit('\n').next().unwrap_or("");
    (line, last_line.chars().count() + 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_term_placed_anywhere_is_found_once_at_its_position(
        before in filler_text(0..40),
        after in filler_text(0..40),
        separator in prop::sample::select(SEPARATORS),
        which in any::<prop::sample::Index>(),
        case in any::<u8>(),
    ) {
        let (term, rule) = &plain_terms()[which.index(plain_terms().len())];
        let term = written(term, case);
        let prefix = join(&before);
        let text = format!("{prefix}{term}{separator}{}", join(&after));
        let (line, column) = position_after(&prefix);
        let expected = vec![(rule.clone(), line, column, term.clone())];
        prop_assert_eq!(found(linter(Speed::QuickStart), &text), expected.clone(), "{:?}", text);
        prop_assert_eq!(found(linter(Speed::Throughput), &text), expected, "{:?}", text);
    }

    #[test]
    fn text_without_terms_has_no_findings(words in filler_text(0..200)) {
        let text = join(&words);
        prop_assert!(found(linter(Speed::Throughput), &text).is_empty(), "{:?}", text);
    }

    #[test]
    fn every_automaton_finds_the_same(
        pieces in prop::collection::vec(
            (filler_text(0..6), any::<prop::sample::Index>(), any::<u8>()),
            0..6,
        ),
    ) {
        let text: String = pieces
            .iter()
            .map(|(filler, which, case)| {
                let (term, _) = &plain_terms()[which.index(plain_terms().len())];
                format!("{} {} ", join(filler), written(term, *case))
            })
            .collect();
        let mut vocabulary = Vocabulary::default();
        vocabulary.add(&text);
        let small = Linter::with_options(RuleSet::builtin(), Speed::QuickStart, Some(&vocabulary));
        let quick = found(linter(Speed::QuickStart), &text);
        prop_assert_eq!(&found(linter(Speed::Throughput), &text), &quick, "{:?}", text);
        prop_assert_eq!(&found(&small, &text), &quick, "{:?}", text);
    }
}
