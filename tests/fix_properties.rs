//! Properties of `ally fix` over random text: random fixable terms in random case patterns,
//! mixed with near misses, non-ASCII words and random line endings. The fix changes exactly the
//! flagged spans (and the `a` or `an` before one, to agree with it) and nothing else, a second
//! fix changes nothing, and the encoding is kept.

mod strategies;

use ally::extract::{DocumentFormat, FileKind};
use ally::fix::{FixOptions, apply, fix_bytes, plan};
use ally::read::decode;
use ally::{Linter, Policy, RuleSet};
use proptest::prelude::*;
use strategies::written;

const TEXT: FileKind = FileKind::Document(DocumentFormat::Text);

/// Words that are not findings, including near misses of the terms.
const FILLER: &[&str] = &[
    "the",
    "host",
    "list",
    "white",
    "black",
    "node",
    "mastery",
    "webmaster",
    "Mastercard",
    "hours",
    "man",
    "allowlist",
    "é",
    "naïve",
    "日本語",
    "can't",
    "data",
    "42",
    "x_y",
    "a",
    "an",
    "A",
];

/// Term forms with a safe replacement in the built-in rules.
const FIXABLE: &[&str] = &[
    "whitelist",
    "whitelisted",
    "whitelisting",
    "white-list",
    "blacklist",
    "blacklists",
    "blacklisted",
    "man-hours",
    "man-hour",
    "chairman",
    "manpower",
    "mankind",
];

const SEPARATORS: &[&str] = &[" ", "  ", "\n", "\r\n", "\t", ", ", ". ", "; ", " (", ") "];

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(FILLER).prop_map(str::to_owned),
        2 => (prop::sample::select(FIXABLE), any::<u8>()).prop_map(|(w, c)| written(w, c)),
    ];
    prop::collection::vec((piece, prop::sample::select(SEPARATORS)), 0..40).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(word, sep)| format!("{word}{sep}"))
            .collect()
    })
}

fn linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| Linter::new(RuleSet::builtin()))
}

proptest! {
    #[test]
    fn fix_changes_exactly_the_flagged_spans(text in text_strategy()) {
        let linter = linter();
        let policy = Policy::all(linter.rules());
        let findings = linter.check(&text, TEXT, &policy);
        let plan = plan(&text, findings.clone(), linter.rules(), &FixOptions::default());
        // Every edit is one finding's exact span, widened at most to an `a` or `an` before it,
        // in order, without overlap.
        let mut previous_end = 0;
        for edit in &plan.edits {
            prop_assert_eq!(edit.range.end, edit.finding.range.end);
            let article = text[edit.range.start..edit.finding.range.start].trim_end().to_lowercase();
            prop_assert!(["", "a", "an"].contains(&article.as_str()), "{:?}", article);
            prop_assert!(findings.contains(&edit.finding));
            prop_assert!(edit.range.start >= previous_end);
            previous_end = edit.range.end;
        }
        // Outside the edits the output is the input, byte for byte.
        let fixed = apply(&text, &plan.edits);
        let mut at_old = 0;
        let mut at_new = 0;
        for edit in &plan.edits {
            let kept = &text[at_old..edit.range.start];
            prop_assert_eq!(&fixed[at_new..at_new + kept.len()], kept);
            at_new += kept.len();
            prop_assert_eq!(&fixed[at_new..at_new + edit.replacement.len()], edit.replacement.as_str());
            at_new += edit.replacement.len();
            at_old = edit.range.end;
        }
        prop_assert_eq!(&fixed[at_new..], &text[at_old..]);
        // Line breaks are never added or removed.
        prop_assert_eq!(fixed.matches('\n').count(), text.matches('\n').count());
        prop_assert_eq!(fixed.matches('\r').count(), text.matches('\r').count());
    }

    #[test]
    fn a_second_fix_changes_nothing(text in text_strategy()) {
        let linter = linter();
        let policy = Policy::all(linter.rules());
        let first = plan(&text, linter.check(&text, TEXT, &policy), linter.rules(), &FixOptions::default());
        let fixed = apply(&text, &first.edits);
        let second = plan(&fixed, linter.check(&fixed, TEXT, &policy), linter.rules(), &FixOptions::default());
        prop_assert!(second.edits.is_empty(), "second pass would change {:?} in {:?}", second.edits, fixed);
    }

    #[test]
    fn the_encoding_is_kept(text in text_strategy(), encoding in 0u8..4) {
        let bytes: Vec<u8> = match encoding {
            0 => text.as_bytes().to_vec(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            2 => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            _ => [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
        };
        let linter = linter();
        let policy = Policy::all(linter.rules());
        let result = fix_bytes(linter, &policy, std::path::Path::new("notes.txt"), &bytes, &FixOptions::default());
        let original = decode(&bytes).unwrap();
        match result.bytes {
            None => prop_assert!(result.plan.edits.is_empty()),
            Some(new) => {
                let decoded = decode(&new).unwrap();
                prop_assert_eq!(decoded.encoding, original.encoding);
                prop_assert_eq!(decoded.text.as_ref(), apply(&original.text, &result.plan.edits));
            }
        }
    }
}
