//! A Markdown summary for a ticket or a pull request comment: totals and a table by category,
//! then each document's findings with where they are, the sentence, what to write instead, and
//! how to read more. Document text is escaped so that it cannot turn into markup or links.

use super::collect::{
    Collected, category_title, or_list, place, plural, severities, severity_meaning,
};
use crate::finding::{FileReport, Summary};
use crate::rules::RuleSet;

/// Escapes characters that Markdown (GitHub's included) would read as markup.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn render(rules: &RuleSet, collected: &Collected, summary: &Summary) -> String {
    let mut md = String::new();
    let total = summary.findings();
    md.push_str("# Inclusive language report\n\n");
    let counts = severities(summary)
        .iter()
        .map(|(s, n)| match s {
            crate::rules::Severity::Info => format!("{n} info"),
            s => plural(*n, s.as_str(), &format!("{s}s")),
        })
        .collect::<Vec<_>>()
        .join(", ");
    md.push_str(&format!(
        "{} checked: {}{}.",
        plural(summary.files_checked, "document", "documents"),
        plural(total, "finding", "findings"),
        if total > 0 {
            format!(" ({counts})")
        } else {
            String::new()
        }
    ));
    if collected.errors() > 0 {
        md.push_str(&format!(
            " {} could not be checked.",
            plural(collected.errors(), "document", "documents")
        ));
    }
    md.push_str("\n\n");
    if total > 0 {
        md.push_str("| Category | Findings |\n|---|---:|\n");
        for (category, n) in collected.by_category(rules) {
            md.push_str(&format!("| {} | {n} |\n", escape(&category)));
        }
        md.push_str("\n| Severity | Findings | Meaning |\n|---|---:|---|\n");
        for (severity, n) in severities(summary) {
            md.push_str(&format!(
                "| {severity} | {n} | {} |\n",
                severity_meaning(severity)
            ));
        }
        let terms: Vec<String> = collected
            .top_terms(rules, 5)
            .into_iter()
            .map(|(term, n, _)| format!("{} ({n})", escape(&term)))
            .collect();
        md.push_str(&format!("\nMost frequent: {}.\n\n", terms.join(", ")));
    }
    for file in &collected.files {
        if file.findings.is_empty() {
            continue;
        }
        md.push_str(&format!(
            "## {} ({})\n\n",
            escape(&file.path),
            plural(file.findings.len(), "finding", "findings")
        ));
        for note in &file.notes {
            md.push_str(&format!("Note: {}\n\n", escape(note)));
        }
        for (i, finding) in file.findings.iter().enumerate() {
            let rule = rules.rule(finding.rule);
            let (before, term, after) = finding.snippet.parts();
            md.push_str(&format!(
                "{}. **{}**: {} · {} · {}\n",
                i + 1,
                escape(&finding.term),
                place(finding),
                finding.severity,
                escape(&category_title(&rule.category))
            ));
            md.push_str(&format!(
                "   > {}**{}**{}\n\n",
                escape(before),
                escape(term),
                escape(after)
            ));
            let instead = if rule.alternatives.is_empty() {
                "rephrase for the context".to_owned()
            } else {
                or_list(&rule.alternatives)
            };
            md.push_str(&format!(
                "   Consider: {}. “{}” {}.\n",
                escape(&instead),
                escape(&finding.term),
                escape(rule.summary.trim().trim_end_matches('.'))
            ));
            let guidance: Vec<String> = rule
                .guidance
                .iter()
                .filter_map(|id| rules.topic(id))
                .map(|t| match t.sources.first() {
                    Some(source) => format!("[{}]({})", escape(&t.title), source.url),
                    None => escape(&t.title),
                })
                .collect();
            md.push_str(&format!("   More: `ally explain {}`", rule.id));
            if !guidance.is_empty() {
                md.push_str(&format!("; guidance: {}", guidance.join(", ")));
            }
            md.push_str("\n\n");
        }
    }
    let problems: Vec<&FileReport> = collected
        .files
        .iter()
        .filter(|f| f.error.is_some() || (f.findings.is_empty() && !f.notes.is_empty()))
        .collect();
    if !problems.is_empty() {
        md.push_str("## Not checked fully\n\n");
        for file in problems {
            let mut messages: Vec<String> = file.error.iter().cloned().collect();
            messages.extend(file.notes.iter().cloned());
            md.push_str(&format!(
                "- {}: {}\n",
                escape(&file.path),
                escape(&messages.join("; "))
            ));
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_document_text_is_escaped() {
        assert_eq!(
            escape("[link](x) *b* <i> a|b #1!"),
            "\\[link\\](x) \\*b\\* \\<i\\> a\\|b #1!"
        );
    }
}
