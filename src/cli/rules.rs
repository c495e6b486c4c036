//! `ally rules`: list the rules, as a table or JSON, or export their terms.

use std::io::{self, Write};

use super::args::{ListFormat, RulesArgs};
use super::common::{Failure, count, fail, load_rules};

pub(crate) fn list_rules(args: RulesArgs) -> Result<u8, Failure> {
    let rules = load_rules(&args.rule_files)?;
    let selected: Vec<_> = rules
        .rules()
        .iter()
        .filter(|r| args.category.as_deref().is_none_or(|c| r.category == c))
        .collect();
    if let Some(category) = &args.category
        && selected.is_empty()
    {
        return Err(fail(format!(
            "no rules in category `{category}`; categories: {}",
            rules.categories().join(", ")
        )));
    }
    let mut out = io::stdout().lock();
    if args.export_terms {
        for rule in &selected {
            for term in &rule.terms {
                writeln!(out, "{term}")?;
            }
        }
        return Ok(0);
    }
    match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = selected
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "category": r.category,
                        "severity": r.severity.as_str(),
                        "terms": r.terms,
                        "alternatives": r.alternatives,
                        "summary": r.summary,
                        "explanation": r.explanation,
                        "note": r.note,
                        "guidance": r.guidance,
                        "sources": r.sources,
                        "exceptions": r.exceptions,
                        "scopes": r.scopes.iter().map(|s| s.plural()).collect::<Vec<_>>(),
                        "fixable": !r.fixes.is_empty(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "rules": list }))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ListFormat::Human => {
            let id_width = selected
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(2)
                .max(2);
            let category_width = selected
                .iter()
                .map(|r| r.category.len())
                .max()
                .unwrap_or(8)
                .max(8);
            writeln!(
                out,
                "{:id_width$}  {:category_width$}  {:8}  terms",
                "id", "category", "severity"
            )?;
            for rule in &selected {
                let terms = rule
                    .terms
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                let more = if rule.terms.len() > 3 {
                    format!(", … ({} in all)", rule.terms.len())
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{:id_width$}  {:category_width$}  {:8}  {terms}{more}",
                    rule.id,
                    rule.category,
                    rule.severity.as_str()
                )?;
            }
            let categories = selected
                .iter()
                .map(|r| &r.category)
                .collect::<std::collections::HashSet<_>>()
                .len();
            let categories = if categories == 1 {
                "1 category".to_owned()
            } else {
                format!("{categories} categories")
            };
            writeln!(
                out,
                "\n{} in {categories}. `ally explain RULE` tells more about one.",
                count(selected.len(), "rule")
            )?;
        }
    }
    Ok(0)
}
