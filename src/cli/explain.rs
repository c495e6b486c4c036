//! `ally explain RULE`: what a rule flags, why, what to write instead, and its guidance.

use std::io::{self, Write};
use std::path::PathBuf;

use ally::rules::quote_list;

use super::common::{Failure, fail, load_rules};
use super::text::{indent, wrap};

pub(crate) fn explain(id: &str, rule_files: &[PathBuf]) -> Result<u8, Failure> {
    let rules = load_rules(rule_files)?;
    let Some(rule) = rules.get(id) else {
        return Err(fail(match rules.closest_id(id) {
            Some(near) => format!("there is no rule `{id}`; did you mean `{near}`?"),
            None => format!("there is no rule `{id}`; `ally rules` lists them"),
        }));
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{} ({}, {})\n", rule.id, rule.category, rule.severity)?;
    writeln!(out, "{}\n", wrap(&rule.explanation, 78))?;
    if let Some(note) = &rule.note {
        writeln!(out, "{}\n", wrap(&format!("Note: {note}"), 78))?;
    }
    writeln!(out, "Terms: {}", rule.terms.join(", "))?;
    if rule.alternatives.is_empty() {
        writeln!(
            out,
            "Instead: no single replacement; rephrase for the context."
        )?;
    } else {
        writeln!(
            out,
            "Instead: {}",
            quote_list(&rule.alternatives, usize::MAX)
        )?;
    }
    if !rule.exceptions.is_empty() {
        writeln!(out, "Not flagged in: {}", rule.exceptions.join(", "))?;
    }
    if !rule.sources.is_empty() {
        writeln!(out, "\nSources:")?;
        for source in &rule.sources {
            writeln!(out, "  {source}")?;
        }
    }
    for topic in rule.guidance.iter().filter_map(|id| rules.topic(id)) {
        writeln!(
            out,
            "\nGuidance: {} (`ally guide {}`)",
            topic.title, topic.id
        )?;
        writeln!(out, "{}", indent(&wrap(&topic.text, 76), "  "))?;
    }
    Ok(0)
}
