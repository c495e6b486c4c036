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
        // A rule that needs a generic antecedent gets one.
        let context = if rule.conditions.generic_antecedent {
            "when a user asked, "
        } else {
            ""
        };
        for term in &rule.terms {
            let found = rules_found(&linter, &format!("{context}x {term} x"), TEXT);
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

#[test]
fn the_pack_covers_at_least_200_rules_in_at_least_9_categories() {
    let rules = RuleSet::builtin();
    let categories = rules.categories();
    assert!(
        rules.rules().len() >= 200,
        "only {} rules",
        rules.rules().len()
    );
    assert!(categories.len() >= 9, "only {categories:?}");
    for wanted in [
        "tech",
        "race",
        "gender",
        "disability",
        "mental-health",
        "age",
        "lgbtq",
        "religion-culture",
        "socioeconomic",
        "body",
    ] {
        assert!(categories.contains(&wanted), "no `{wanted}` rules");
    }
}

#[test]
fn every_source_is_an_https_link_and_every_guidance_topic_exists() {
    let rules = RuleSet::builtin();
    let mut problems = Vec::new();
    for rule in rules.rules() {
        for source in &rule.sources {
            if !source.starts_with("https://") {
                problems.push(format!("{}: source `{source}` is not https", rule.id));
            }
        }
        for topic in &rule.guidance {
            if rules.topic(topic).is_none() {
                problems.push(format!("{}: unknown guidance topic `{topic}`", rule.id));
            }
        }
    }
    for allowed in rules.allowed() {
        if allowed.reason.trim().is_empty() {
            problems.push(format!("allowed `{}` has no reason", allowed.phrase));
        }
        if let Some(source) = &allowed.source
            && !source.starts_with("https://")
        {
            problems.push(format!(
                "allowed `{}`: `{source}` is not https",
                allowed.phrase
            ));
        }
    }
    for topic in rules.topics() {
        if topic.sources.is_empty() {
            problems.push(format!("guidance `{}` cites no source", topic.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_guidance_topics_keep_their_ids() {
    let rules = RuleSet::builtin();
    let ids: Vec<&str> = rules.topics().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "why-words-matter",
            "listen",
            "educate-yourself",
            "speak-up",
            "inclusive-language",
            "respect-identity",
            "microaggressions",
            "amplify",
            "accountability",
            "keep-learning",
            "inclusive-naming",
        ]
    );
}

/// Each rule file says in a comment how severities map to the authorities.
#[test]
fn every_rule_file_states_the_severity_mapping() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".toml") || name == "guidance.toml" || name == "allowed.toml" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let header: String = text.lines().take_while(|l| l.starts_with('#')).collect();
        if !(header.contains("Severity: error = INI tier 1")
            && header.contains("warning = INI tier 2")
            && header.contains("info = INI tier 3"))
        {
            problems.push(name);
        }
    }
    assert!(
        problems.is_empty(),
        "rule files without the severity comment: {problems:?}"
    );
}

/// Fixes are for one-to-one replacements only; terms that need judgement get none.
#[test]
fn rules_that_need_judgement_offer_no_automatic_fix() {
    let rules = RuleSet::builtin();
    for id in [
        "master",
        "slave",
        "master-slave",
        "crazy",
        "insane",
        "generic-he",
        "he-or-she",
        "guys",
        "dummy",
    ] {
        let rule = rules.get(id).unwrap_or_else(|| panic!("no rule `{id}`"));
        assert!(rule.fixes.is_empty(), "{id} has fixes {:?}", rule.fixes);
    }
    for (id, term, replacement) in [
        ("whitelist", "whitelisted", "allowlisted"),
        ("blacklist", "blacklist", "denylist"),
        ("man-hours", "man-hours", "person-hours"),
        ("chairman", "chairman", "chair"),
        (
            "sexual-preference",
            "sexual preference",
            "sexual orientation",
        ),
        ("mankind", "mankind", "humankind"),
    ] {
        let rule = rules.get(id).unwrap();
        assert_eq!(
            rule.fixes.get(term).map(String::as_str),
            Some(replacement),
            "{id}"
        );
    }
}

/// Pronouns and idioms about people make no sense as names in code.
#[test]
fn pronoun_and_idiom_rules_do_not_apply_to_identifiers() {
    let rules = RuleSet::builtin();
    for id in [
        "generic-he",
        "he-or-she",
        "guys",
        "blind-to",
        "deaf-to",
        "suffers-from",
        "common-man",
        "off-the-reservation",
        "too-many-chiefs",
        "committed-suicide",
        "spirit-animal",
    ] {
        let rule = rules.get(id).unwrap_or_else(|| panic!("no rule `{id}`"));
        assert!(
            !rule.scopes.contains(ally::Scope::Identifier),
            "{id} applies to identifiers"
        );
    }
    for id in [
        "whitelist",
        "blacklist",
        "master",
        "slave",
        "master-slave",
        "dummy",
    ] {
        assert_eq!(rules.get(id).unwrap().scopes, ally::ScopeSet::ALL, "{id}");
    }
}
