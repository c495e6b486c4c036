//! Precision and recall of the built-in rules over the labelled corpus in `tests/corpus/`.
//!
//! Each case lists the rule ids it must produce; anything else found is a false positive and
//! anything missing a false negative. The test prints the figures overall, per category and per
//! scope, and fails if precision or recall falls below 0.95.

use std::collections::BTreeMap;
use std::path::Path;

use ally::extract::FileKind;
use ally::{Linter, Policy, RuleSet};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    file: String,
    expect: Vec<String>,
    source: String,
}

/// True positives, false positives and false negatives.
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

const MINIMUM: f64 = 0.95;

#[test]
fn corpus_precision_and_recall() {
    let linter = Linter::new(RuleSet::builtin());
    let policy = Policy::all(linter.rules());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();

    let mut total = Counts::default();
    let mut by_category: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_scope: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut cases, mut negatives) = (0, 0);
    let mut misses = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: CorpusFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.case {
            assert!(
                !case.source.trim().is_empty(),
                "{}: a case has no source",
                path.display()
            );
            cases += 1;
            negatives += usize::from(case.expect.is_empty());
            let kind = FileKind::detect(Path::new(&case.file), &case.text);
            let default_scope = if matches!(kind, FileKind::Document(_)) {
                "prose"
            } else {
                "code"
            };
            let mut expected: Vec<(String, String)> = case
                .expect
                .iter()
                .map(|e| match e.split_once('@') {
                    Some((id, scope)) => (id.to_owned(), scope.to_owned()),
                    None => (e.clone(), default_scope.to_owned()),
                })
                .collect();
            for (id, _) in &expected {
                assert!(
                    linter.rules().get(id).is_some(),
                    "{}: unknown rule `{id}`",
                    path.display()
                );
            }
            let found = linter.check(&case.text, kind, &policy);
            let mut unexpected = Vec::new();
            for finding in &found {
                let rule = linter.rules().rule(finding.rule);
                let scope = finding.scope.as_str().to_owned();
                let matched = expected.iter().position(|(id, s)| {
                    *id == rule.id && (s == &scope || s == "code" || s == "prose")
                });
                let counts = [
                    &mut total,
                    by_category.entry(rule.category.clone()).or_default(),
                ];
                match matched {
                    Some(i) => {
                        expected.remove(i);
                        for c in counts {
                            c.tp += 1;
                        }
                        by_scope.entry(scope).or_default().tp += 1;
                    }
                    None => {
                        for c in counts {
                            c.fp += 1;
                        }
                        by_scope.entry(scope).or_default().fp += 1;
                        unexpected.push(format!("{}@{}", rule.id, finding.scope));
                    }
                }
            }
            for (id, scope) in &expected {
                let category = linter.rules().get(id).unwrap().category.clone();
                total.fn_ += 1;
                by_category.entry(category).or_default().fn_ += 1;
                by_scope.entry(scope.clone()).or_default().fn_ += 1;
            }
            if !unexpected.is_empty() || !expected.is_empty() {
                misses.push(format!(
                    "{}: {:?}\n    unexpected {unexpected:?}, missing {expected:?}",
                    path.file_name().unwrap().to_string_lossy(),
                    case.text
                ));
            }
        }
    }

    println!("corpus: {cases} cases, {negatives} negatives");
    println!(
        "{:<26} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "", "tp", "fp", "fn", "precision", "recall"
    );
    let row = |name: &str, c: Counts| {
        println!(
            "{name:<26} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
    };
    row("all", total);
    for (category, counts) in &by_category {
        row(&format!("category {category}"), *counts);
    }
    for (scope, counts) in &by_scope {
        row(&format!("scope {scope}"), *counts);
    }
    for miss in &misses {
        println!("miss: {miss}");
    }
    assert!(
        total.precision() >= MINIMUM && total.recall() >= MINIMUM,
        "precision {:.3} or recall {:.3} is below {MINIMUM}; misses:\n{}",
        total.precision(),
        total.recall(),
        misses.join("\n")
    );
}
