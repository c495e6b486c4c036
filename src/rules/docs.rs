//! The rule pack as a Markdown document, so that people can review it in a pull request.
//!
//! `docs/rules.md` is this function's output for the built-in pack; a test fails when the file
//! and the rules disagree, and `SNAPSHOTS=overwrite cargo test --test docs` regenerates it.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Allowed, Rule, RuleSet, Severity};
use crate::scope::{Scope, ScopeSet};

/// Categories in the order the document presents them; any others follow alphabetically.
const CATEGORY_ORDER: &[&str] = &[
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
    "other",
];

/// The whole rule set as Markdown: an overview, every rule grouped by category, and the allowed
/// phrases with their reasons and sources.
pub fn markdown(rules: &RuleSet) -> String {
    let mut out = String::new();
    let by_category = group_by_category(rules);
    out.push_str("# The ally rule pack\n\n");
    out.push_str(
        "<!-- Generated from rules/*.toml by `SNAPSHOTS=overwrite cargo test --test docs`. \
         Do not edit by hand. -->\n\n",
    );
    let count = |severity| {
        rules
            .rules()
            .iter()
            .filter(|r| r.severity == severity)
            .count()
    };
    let terms: usize = rules.rules().iter().map(|r| r.terms.len()).sum();
    let _ = writeln!(
        out,
        "{} rules ({} terms) in {} categories: {} error, {} warning, {} info. {} allowed phrases.\n",
        rules.rules().len(),
        terms,
        by_category.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        rules.allowed().len(),
    );
    out.push_str(
        "Severity follows the authority behind each rule: Inclusive Naming Initiative tier 1 \
         terms and widely agreed slurs are `error`; tier 2 terms and common replacements are \
         `warning`; tier 3, contested and context-dependent terms are `info`.\n\n",
    );
    out.push_str("| category | rules | error | warning | info |\n");
    out.push_str("|---|---:|---:|---:|---:|\n");
    for (category, list) in &by_category {
        let of = |severity| list.iter().filter(|r| r.severity == severity).count();
        let _ = writeln!(
            out,
            "| [{category}](#{category}) | {} | {} | {} | {} |",
            list.len(),
            of(Severity::Error),
            of(Severity::Warning),
            of(Severity::Info),
        );
    }
    out.push_str("\nSee also [allowed phrases](#allowed-phrases).\n");

    for (category, list) in &by_category {
        let _ = write!(out, "\n## {category}\n");
        for rule in list {
            rule_section(&mut out, rules, rule);
        }
    }

    allowed_section(&mut out, rules.allowed());
    out
}

fn group_by_category(rules: &RuleSet) -> Vec<(String, Vec<&Rule>)> {
    let mut groups: BTreeMap<(usize, &str), Vec<&Rule>> = BTreeMap::new();
    for rule in rules.rules() {
        let rank = CATEGORY_ORDER
            .iter()
            .position(|c| *c == rule.category)
            .unwrap_or(CATEGORY_ORDER.len());
        groups
            .entry((rank, rule.category.as_str()))
            .or_default()
            .push(rule);
    }
    groups
        .into_iter()
        .map(|((_, category), list)| (category.to_owned(), list))
        .collect()
}

fn rule_section(out: &mut String, rules: &RuleSet, rule: &Rule) {
    let _ = write!(out, "\n### {}\n\n", rule.id);
    let _ = writeln!(
        out,
        "**{}** · {} · applies to {}\n",
        rule.severity,
        rule.category,
        scopes(rule.scopes)
    );
    let _ = writeln!(out, "*{}* {}.\n", code(&rule.terms[0]), rule.summary);
    if !rule.explanation.is_empty() {
        let _ = writeln!(out, "{}\n", rule.explanation);
    }
    let _ = writeln!(out, "- Terms: {}", code_list(&rule.terms));
    if rule.alternatives.is_empty() {
        out.push_str("- Alternatives: none (see the note)\n");
    } else {
        let _ = writeln!(out, "- Alternatives: {}", code_list(&rule.alternatives));
    }
    if let Some(note) = &rule.note {
        let _ = writeln!(out, "- Note: {note}");
    }
    if !rule.exceptions.is_empty() {
        let _ = writeln!(
            out,
            "- Exceptions (not flagged): {}",
            code_list(&rule.exceptions)
        );
    }
    let mut conditions = Vec::new();
    if rule.conditions.case_sensitive {
        conditions.push("matches only the exact case of a term");
    }
    if rule.conditions.unless_named_person {
        conditions.push("skipped when a named person comes just before");
    }
    if rule.conditions.unless_quoted {
        conditions.push("skipped inside quotations");
    }
    if rule.conditions.generic_antecedent {
        conditions.push("reported only after a word for an unspecified person");
    }
    match rule.conditions.unless_name {
        Some(crate::rules::NameEvidence::Capitalised) => {
            conditions.push("skipped when capitalised as part of a name or title")
        }
        Some(crate::rules::NameEvidence::Title) => {
            conditions.push("skipped inside a title-case name of three or more words")
        }
        None => {}
    }
    if rule.conditions.other_repository_branch {
        conditions.push("another repository's branch is reported as that repository's name");
    }
    if !conditions.is_empty() {
        let _ = writeln!(out, "- Conditions: {}", conditions.join("; "));
    }
    if !rule.fixes.is_empty() {
        let fixes: Vec<String> = rule
            .fixes
            .iter()
            .map(|(from, to)| format!("{} → {}", code(from), code(to)))
            .collect();
        let _ = writeln!(out, "- Fixes: {}", fixes.join(", "));
    }
    let guidance: Vec<String> = rule
        .guidance
        .iter()
        .map(|id| match rules.topic(id) {
            Some(topic) => format!("{} ({})", topic.title, code(id)),
            None => code(id),
        })
        .collect();
    let _ = writeln!(out, "- Guidance: {}", guidance.join(", "));
    let sources: Vec<String> = rule.sources.iter().map(|s| format!("<{s}>")).collect();
    let _ = writeln!(out, "- Sources: {}", sources.join(", "));
}

fn allowed_section(out: &mut String, allowed: &[Allowed]) {
    out.push_str("\n## Allowed phrases\n\n");
    out.push_str(
        "These phrases are never reported, even though they contain or look like a flagged term. \
         Phrases in a group count only when that group is switched on.\n",
    );
    let mut groups: BTreeMap<Option<&str>, Vec<&Allowed>> = BTreeMap::new();
    for phrase in allowed {
        groups
            .entry(phrase.group.as_deref())
            .or_default()
            .push(phrase);
    }
    for (group, list) in groups {
        match group {
            None => out.push_str("\n### Always allowed\n\n"),
            Some(name) => {
                let _ = write!(out, "\n### Group {} (off by default)\n\n", code(name));
            }
        }
        // Phrases that share a reason and a source are listed together.
        let mut merged: Vec<(Vec<&str>, &str, Option<&str>)> = Vec::new();
        for phrase in list {
            match merged.last_mut() {
                Some((phrases, reason, source))
                    if *reason == phrase.reason && *source == phrase.source.as_deref() =>
                {
                    phrases.push(&phrase.phrase);
                }
                _ => merged.push((
                    vec![&phrase.phrase],
                    &phrase.reason,
                    phrase.source.as_deref(),
                )),
            }
        }
        for (phrases, reason, source) in merged {
            let phrases: Vec<String> = phrases.into_iter().map(code).collect();
            let _ = write!(out, "- {}: {reason}", phrases.join(", "));
            if let Some(source) = source {
                let _ = write!(out, " <{source}>");
            }
            out.push('\n');
        }
    }
}

fn scopes(set: ScopeSet) -> String {
    let names: Vec<&str> = Scope::ALL
        .into_iter()
        .filter(|s| set.contains(*s))
        .map(Scope::plural)
        .collect();
    match names.as_slice() {
        [] => "nothing".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Inline code that survives backticks in the text.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn code_list(items: &[String]) -> String {
    items.iter().map(|i| code(i)).collect::<Vec<_>>().join(", ")
}

/// One term of the authorities' lists that the pack leaves out, from
/// `rules/considered/left-out.toml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Considered {
    /// The term as the source lists it.
    pub term: String,
    /// The lists that name it (`alex`, `yoast`, `inclusive-naming`, …).
    pub sources: Vec<String>,
    /// Why ally does not flag it.
    pub reason: String,
}

/// Reads the considered-and-left-out list.
pub fn considered(toml_text: &str) -> Result<Vec<Considered>, toml::de::Error> {
    #[derive(serde::Deserialize)]
    struct File {
        considered: Vec<Considered>,
    }
    Ok(toml::from_str::<File>(toml_text)?.considered)
}

/// [`markdown`], followed by the terms of the authorities' lists that the pack leaves out, with
/// the reason for each; terms that share a reason (spellings and plurals of one word) share a
/// row.
pub fn markdown_with_considered(rules: &RuleSet, considered: &[Considered]) -> String {
    let mut out = markdown(rules);
    out.push_str("\n## Considered and left out\n\n");
    let _ = writeln!(
        out,
        "{} terms of the lists ally was checked against (alex's retext-equality, Yoast SEO, the \
         Inclusive Naming Initiative, woke, the Google and Microsoft style guides) are not \
         flagged, each for the reason given. The Conscious Style Guide is a collection of \
         essays rather than a term list; its advice informs the explanations instead.\n",
        considered.len()
    );
    out.push_str("| terms | lists | why ally leaves them out |\n|---|---|---|\n");
    let mut rows: Vec<(Vec<&str>, BTreeMap<&str, ()>, &str)> = Vec::new();
    for entry in considered {
        match rows
            .iter_mut()
            .find(|(_, _, reason)| *reason == entry.reason)
        {
            Some((terms, sources, _)) => {
                terms.push(&entry.term);
                sources.extend(entry.sources.iter().map(|s| (s.as_str(), ())));
            }
            None => rows.push((
                vec![&entry.term],
                entry.sources.iter().map(|s| (s.as_str(), ())).collect(),
                &entry.reason,
            )),
        }
    }
    for (terms, sources, reason) in rows {
        let sources: Vec<&str> = sources.into_keys().collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            code_list(&terms.iter().map(|t| t.to_string()).collect::<Vec<_>>()),
            sources.join(", "),
            reason.replace('|', "\\|").replace('\n', " ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::DataFile;

    const RULES: &str = r#"
[[rule]]
id = "cheese"
category = "food"
severity = "info"
terms = ["cheese", "`brie`"]
alternatives = ["tofu"]
summary = "is dairy"
explanation = "Some people avoid dairy."
guidance = ["listen"]
sources = ["https://example.org/cheese"]
exceptions = ["cheese board"]
scopes = ["prose", "comments"]
case-sensitive = true

[rule.fix]
cheese = "tofu"

[[allow]]
phrase = "cheesecake"
reason = "A dessert."

[[allow]]
phrase = "origin/cheese"
reason = "A branch."
group = "git-branch-names"
"#;

    #[test]
    fn every_field_of_a_rule_is_listed() {
        let rules = RuleSet::load_only(&[DataFile::new("t.toml", RULES)]).unwrap();
        let text = markdown(&rules);
        for expected in [
            "1 rules (2 terms) in 1 categories: 0 error, 0 warning, 1 info. 2 allowed phrases.",
            "## food",
            "### cheese",
            "**info** · food · applies to prose and comments",
            "*`cheese`* is dairy.",
            "Some people avoid dairy.",
            "- Terms: `cheese`, `` `brie` ``",
            "- Alternatives: `tofu`",
            "- Exceptions (not flagged): `cheese board`",
            "- Conditions: matches only the exact case of a term",
            "- Fixes: `cheese` → `tofu`",
            "- Guidance: Listen first (`listen`)",
            "- Sources: <https://example.org/cheese>",
            "### Always allowed\n\n- `cheesecake`: A dessert.",
            "### Group `git-branch-names` (off by default)\n\n- `origin/cheese`: A branch.",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }

    #[test]
    fn categories_follow_the_preferred_order() {
        let text = markdown(&RuleSet::builtin());
        let tech = text.find("\n## tech\n").unwrap();
        let race = text.find("\n## race\n").unwrap();
        let other = text.find("\n## other\n").unwrap();
        assert!(tech < race && race < other);
    }
}
