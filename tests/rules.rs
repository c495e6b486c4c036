//! The built-in rule pack is its own specification: every rule is complete, every term is
//! found, every example behaves as it says, and every exception and allowed phrase silences its
//! match.

use ally::extract::{DocumentFormat, FileKind, languages};
use ally::{Linter, Policy, RuleSet};

const TEXT: FileKind = FileKind::Document(DocumentFormat::Text);

fn linter() -> Linter {
    Linter::new(RuleSet::builtin())
}

/// The ids of the rules that report something in `text`.
fn rules_found(linter: &Linter, text: &str, kind: FileKind) -> Vec<String> {
    let policy = Policy::all(linter.rules());
    linter
        .check(text, kind, &policy)
        .into_iter()
        .map(|f| linter.rules().rule(f.rule).id.clone())
        .collect()
}

#[test]
fn every_rule_is_complete() {
    let linter = linter();
    let mut problems = Vec::new();
    for rule in linter.rules().rules() {
        let mut missing = Vec::new();
        if rule.explanation.is_empty() {
            missing.push("an explanation");
        }
        if rule.alternatives.is_empty() && rule.note.is_none() {
            missing.push("alternatives or a note saying why there are none");
        }
        if rule.sources.is_empty() {
            missing.push("a source");
        }
        if rule.guidance.is_empty() {
            missing.push("a guidance topic");
        }
        if rule.summary == "may exclude or hurt people" {
            missing.push("a summary");
        }
        if rule.examples.flagged.is_empty() && rule.examples.code.is_empty() {
            missing.push("a flagged example");
        }
        if !missing.is_empty() {
            problems.push(format!("{}: needs {}", rule.id, missing.join(", ")));
        }
    }
    assert!(
        problems.is_empty(),
        "incomplete rules:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_term_is_found_on_its_own() {
    let linter = linter();
    let mut problems = Vec::new();
    for rule in linter.rules().rules() {
        for term in &rule.terms {
            let found = rules_found(&linter, &format!("x {term} x"), TEXT);
            if found != [rule.id.clone()] {
                problems.push(format!("{}: `{term}` gives {found:?}", rule.id));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "terms not found as their rule:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_example_behaves_as_documented() {
    let linter = linter();
    let code = FileKind::Code(languages().by_name("JavaScript").unwrap());
    let mut problems = Vec::new();
    for rule in linter.rules().rules() {
        let id = &rule.id;
        for example in &rule.examples.flagged {
            if !rules_found(&linter, example, TEXT).contains(id) {
                problems.push(format!("{id}: not flagged in prose: {example:?}"));
            }
        }
        for example in &rule.examples.code {
            if !rules_found(&linter, example, code).contains(id) {
                problems.push(format!("{id}: not flagged in code: {example:?}"));
            }
        }
        for example in &rule.examples.allowed {
            if rules_found(&linter, example, TEXT).contains(id) {
                problems.push(format!("{id}: flagged but should not be: {example:?}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "examples that misbehave:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_exception_and_allowed_phrase_silences_its_match() {
    let linter = linter();
    let mut problems = Vec::new();
    for rule in linter.rules().rules() {
        for exception in &rule.exceptions {
            let found = rules_found(&linter, &format!("x {exception} x"), TEXT);
            if found.contains(&rule.id) {
                problems.push(format!(
                    "{}: exception `{exception}` still flagged",
                    rule.id
                ));
            }
        }
    }
    for allowed in linter
        .rules()
        .allowed()
        .iter()
        .filter(|a| a.group.is_none())
    {
        let found = rules_found(&linter, &format!("x {} x", allowed.phrase), TEXT);
        if !found.is_empty() {
            problems.push(format!("allowed `{}` gives {found:?}", allowed.phrase));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
