//! One self-contained HTML page for readers who do not use a terminal: a summary with charts,
//! then each document's findings in their sentences, then the guidance they point to.
//!
//! The page loads nothing: styles are inline, charts are inline SVG (each with a title, a
//! description and the same numbers as a table), and links go only to anchors in the page or
//! to the guidance sources. Every piece of document text is escaped. Headings follow the
//! document (h1 the report, h2 each document, h3 each finding) so that a screen reader's
//! heading navigation works, and severity is written out, never shown by colour alone.

use super::collect::{Collected, or_list, place, plural, severities, severity_meaning};
use crate::finding::{FileReport, Finding, Summary};
use crate::rules::{RuleSet, Severity};

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An id safe in any attribute and URL fragment.
fn anchor(prefix: &str, id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{id}")
}

pub(super) fn render(rules: &RuleSet, collected: &Collected, summary: &Summary) -> String {
    let mut page = String::with_capacity(64 * 1024);
    let total = summary.findings();
    let documents = summary.files_checked;
    page.push_str(HEAD);
    page.push_str("<header>\n<h1>Inclusive language report</h1>\n");
    page.push_str(&format!(
        "<p class=\"lead\">{} checked; {}{}.</p>\n",
        plural(documents, "document", "documents"),
        match total {
            0 => "nothing to review".to_owned(),
            n => plural(n, "term to review", "terms to review"),
        },
        match collected.errors() {
            0 => String::new(),
            n => format!(
                "; {} could not be checked (<a href=\"#not-checked\">see why</a>)",
                plural(n, "document", "documents")
            ),
        }
    ));
    page.push_str(
        "<p>Each finding below shows the sentence it is in, what to write instead, and why the \
         word can hurt. The words are usually used without any intent to hurt; the point is \
         to choose words that welcome every reader.</p>\n</header>\n<main>\n",
    );

    // Summary.
    page.push_str("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n");
    page.push_str("<dl class=\"totals\">\n");
    for (label, value) in [
        ("Documents checked", documents),
        ("Findings", total),
        ("Could not be checked", collected.errors()),
    ] {
        page.push_str(&format!("<div><dt>{label}</dt><dd>{value}</dd></div>\n"));
    }
    page.push_str("</dl>\n");
    if total > 0 {
        let severity_rows: Vec<(String, usize, &str)> = severities(summary)
            .into_iter()
            .map(|(s, n)| (severity_label(s).to_owned(), n, s.as_str()))
            .collect();
        let mut legend = String::from("<ul class=\"legend\">\n");
        for (severity, _) in severities(summary) {
            legend.push_str(&format!(
                "<li><span class=\"badge {}\">{}</span> {}</li>\n",
                severity.as_str(),
                severity_label(severity),
                escape(severity_meaning(severity))
            ));
        }
        legend.push_str("</ul>\n");
        chart(
            &mut page,
            "by-severity",
            "Findings by severity",
            "Severity",
            &severity_rows,
            &legend,
        );
        let category_rows: Vec<(String, usize, &str)> = collected
            .by_category(rules)
            .into_iter()
            .map(|(c, n)| (c, n, "category"))
            .collect();
        chart(
            &mut page,
            "by-category",
            "Findings by category",
            "Category",
            &category_rows,
            "",
        );
        page.push_str("<h3 id=\"top-terms\">Most frequent terms</h3>\n<table>\n<caption class=\"visually-hidden\">Most frequent terms</caption>\n<thead><tr><th scope=\"col\">Term</th><th scope=\"col\" class=\"number\">Times</th><th scope=\"col\">Consider instead</th></tr></thead>\n<tbody>\n");
        for (term, count, rule) in collected.top_terms(rules, 10) {
            page.push_str(&format!(
                "<tr><td>{}</td><td class=\"number\">{count}</td><td>{}</td></tr>\n",
                escape(&term),
                escape(&alternatives_text(&rule.alternatives))
            ));
        }
        page.push_str("</tbody>\n</table>\n");
    }
    documents_table(&mut page, collected);
    page.push_str("</section>\n");

    // One section per document with findings.
    for (index, file) in collected.files.iter().enumerate() {
        if file.findings.is_empty() {
            continue;
        }
        page.push_str(&format!(
            "<section class=\"document\" aria-labelledby=\"doc-{index}\">\n<h2 id=\"doc-{index}\"><span class=\"visually-hidden\">Document: </span>{}</h2>\n",
            escape(&file.path)
        ));
        page.push_str(&format!(
            "<p class=\"meta\">{}{}</p>\n",
            plural(file.findings.len(), "finding", "findings"),
            kind_text(&file.kind)
        ));
        for note in &file.notes {
            page.push_str(&format!("<p class=\"note\">Note: {}</p>\n", escape(note)));
        }
        page.push_str("<ol class=\"findings\">\n");
        for finding in &file.findings {
            finding_item(&mut page, rules, finding);
        }
        page.push_str("</ol>\n</section>\n");
    }

    // Files that could not be checked, or that came with notes only.
    let problems: Vec<&FileReport> = collected
        .files
        .iter()
        .filter(|f| f.error.is_some() || (f.findings.is_empty() && !f.notes.is_empty()))
        .collect();
    if !problems.is_empty() {
        page.push_str("<section aria-labelledby=\"not-checked\">\n<h2 id=\"not-checked\">Documents that could not be checked fully</h2>\n<ul class=\"problems\">\n");
        for file in problems {
            let mut messages: Vec<String> = file.error.iter().cloned().collect();
            messages.extend(file.notes.iter().cloned());
            page.push_str(&format!(
                "<li><strong>{}</strong>: {}</li>\n",
                escape(&file.path),
                escape(&messages.join("; "))
            ));
        }
        page.push_str("</ul>\n</section>\n");
    }

    // The guidance appendix.
    let topics = collected.topics(rules);
    if !topics.is_empty() {
        page.push_str("<section aria-labelledby=\"guidance\">\n<h2 id=\"guidance\">Guidance</h2>\n<p>Short notes on allyship that the findings above point to.</p>\n");
        for topic in topics {
            let id = anchor("guide", &topic.id);
            page.push_str(&format!(
                "<section class=\"topic\" aria-labelledby=\"{id}\">\n<h3 id=\"{id}\">{}</h3>\n<p>{}</p>\n",
                escape(&topic.title),
                escape(topic.text.trim())
            ));
            if !topic.sources.is_empty() {
                page.push_str("<p class=\"sources\">Sources:</p>\n<ul class=\"sources\">\n");
                for source in &topic.sources {
                    page.push_str(&format!(
                        "<li><a href=\"{}\">{}</a>, {}</li>\n",
                        escape(&source.url),
                        escape(&source.title),
                        escape(&source.publisher)
                    ));
                }
                page.push_str("</ul>\n");
            }
            page.push_str("</section>\n");
        }
        page.push_str("</section>\n");
    }
    page.push_str(&format!(
        "</main>\n<footer>\n<p>Made by ally {} — an inclusive-language checker. To read more about a finding in a terminal, run <code>ally explain RULE</code> with the rule named under it.</p>\n</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    ));
    page
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

fn kind_text(kind: &str) -> String {
    let name = match kind {
        "docx" => "Word document",
        "odt" => "OpenDocument text",
        "pdf" => "PDF",
        "rtf" => "Rich Text Format document",
        "pptx" => "PowerPoint presentation",
        "xlsx" => "Excel workbook",
        "markdown" => "Markdown",
        "text" => "plain text",
        "" => return String::new(),
        other => other,
    };
    format!(" · {}", escape(name))
}

fn alternatives_text(alternatives: &[String]) -> String {
    if alternatives.is_empty() {
        "rephrase for the context".into()
    } else {
        or_list(alternatives)
    }
}

fn finding_item(page: &mut String, rules: &RuleSet, finding: &Finding) {
    let rule = rules.rule(finding.rule);
    let severity = finding.severity;
    let (before, term, after) = finding.snippet.parts();
    page.push_str("<li class=\"finding\">\n");
    page.push_str(&format!(
        "<h3>“{}” <span class=\"where\">— {}</span> <span class=\"badge {}\">{}</span></h3>\n",
        escape(&finding.term),
        escape(&place(finding)),
        severity.as_str(),
        severity_label(severity)
    ));
    page.push_str(&format!(
        "<blockquote class=\"sentence\"><p>{}<mark>{}</mark>{}</p></blockquote>\n",
        escape(before),
        escape(term),
        escape(after)
    ));
    page.push_str("<dl class=\"detail\">\n");
    page.push_str(&format!(
        "<dt>Consider</dt><dd class=\"alternatives\">{}</dd>\n",
        if rule.alternatives.is_empty() {
            "rephrasing for the context".to_owned()
        } else {
            or_list(
                &rule
                    .alternatives
                    .iter()
                    .map(|a| format!("<span class=\"alternative\">{}</span>", escape(a)))
                    .collect::<Vec<_>>(),
            )
        }
    ));
    let why = if rule.explanation.is_empty() {
        &rule.summary
    } else {
        &rule.explanation
    };
    page.push_str(&format!("<dt>Why</dt><dd>{}</dd>\n", escape(why.trim())));
    if let Some(note) = &rule.note {
        page.push_str(&format!("<dt>Note</dt><dd>{}</dd>\n", escape(note.trim())));
    }
    let topics: Vec<String> = rule
        .guidance
        .iter()
        .filter_map(|id| rules.topic(id))
        .map(|t| {
            format!(
                "<a href=\"#{}\">{}</a>",
                anchor("guide", &t.id),
                escape(&t.title)
            )
        })
        .collect();
    if !topics.is_empty() {
        page.push_str(&format!(
            "<dt>Guidance</dt><dd>{}</dd>\n",
            topics.join(" · ")
        ));
    }
    page.push_str(&format!(
        "<dt>Rule</dt><dd><code>{}</code> ({})</dd>\n",
        escape(&rule.id),
        escape(&super::collect::category_title(&rule.category))
    ));
    page.push_str("</dl>\n</li>\n");
}

fn documents_table(page: &mut String, collected: &Collected) {
    if collected.files.is_empty() && collected.clean.is_empty() {
        return;
    }
    page.push_str("<h3 id=\"documents\">Documents</h3>\n<table>\n<caption class=\"visually-hidden\">Documents and their findings</caption>\n<thead><tr><th scope=\"col\">Document</th><th scope=\"col\" class=\"number\">Findings</th></tr></thead>\n<tbody>\n");
    for (index, file) in collected.files.iter().enumerate() {
        let cell = if file.error.is_some() {
            "<a href=\"#not-checked\">not checked</a>".to_owned()
        } else if file.findings.is_empty() {
            "0".to_owned()
        } else {
            format!("<a href=\"#doc-{index}\">{}</a>", file.findings.len())
        };
        page.push_str(&format!(
            "<tr><td>{}</td><td class=\"number\">{cell}</td></tr>\n",
            escape(&file.path)
        ));
    }
    for path in &collected.clean {
        page.push_str(&format!(
            "<tr><td>{}</td><td class=\"number\">0</td></tr>\n",
            escape(path)
        ));
    }
    page.push_str("</tbody>\n</table>\n");
}

/// A horizontal bar chart in inline SVG, followed by the same numbers as a table.
fn chart(
    page: &mut String,
    id: &str,
    title: &str,
    label: &str,
    rows: &[(String, usize, &str)],
    after: &str,
) {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    // About 8 px a character at 14 px, so labels fit without a wide empty margin.
    let longest = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let label_width = (longest * 8 + 16).clamp(80, 330);
    let bar_width = 300;
    let row_height = 30;
    let height = rows.len() * row_height + 10;
    let width = label_width + bar_width + 60;
    let description: Vec<String> = rows
        .iter()
        .map(|(name, n, _)| format!("{name}: {n}"))
        .collect();
    page.push_str(&format!("<h3 id=\"{id}\">{}</h3>\n", escape(title)));
    page.push_str(&format!(
        "<figure>\n<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(title),
        escape(&description.join("; "))
    ));
    for (i, (name, n, class)) in rows.iter().enumerate() {
        let y = 5 + i * row_height;
        let bar = if *n == 0 {
            0
        } else {
            (n * bar_width / max).max(2)
        };
        page.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\n<rect x=\"{}\" y=\"{}\" width=\"{bar}\" height=\"20\" class=\"bar {}\"/>\n<text x=\"{}\" y=\"{}\" class=\"value\">{n}</text>\n",
            label_width - 10,
            y + 15,
            escape(name),
            label_width,
            y,
            escape(class),
            label_width + bar + 8,
            y + 15
        ));
    }
    page.push_str("</svg>\n</figure>\n");
    page.push_str(after);
    page.push_str(&format!(
        "<details>\n<summary>{} as a table</summary>\n<table class=\"chart-data\">\n<caption class=\"visually-hidden\">{}</caption>\n<thead><tr><th scope=\"col\">{label}</th><th scope=\"col\" class=\"number\">Findings</th></tr></thead>\n<tbody>\n",
        escape(title),
        escape(title)
    ));
    for (name, n, _) in rows {
        page.push_str(&format!(
            "<tr><td>{}</td><td class=\"number\">{n}</td></tr>\n",
            escape(name)
        ));
    }
    page.push_str("</tbody>\n</table>\n</details>\n");
}

/// The page head: metadata and every style the page uses. Colours meet WCAG AA contrast on
/// white (text at least 4.5:1, bars and badges at least 3:1 next to their text labels).
const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ally">
<title>Inclusive language report</title>
<style>
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 52rem; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 2rem; margin: 0 0 .5rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 .5rem; padding-top: 1rem; border-top: 2px solid #d0d0d0; overflow-wrap: anywhere; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.lead { font-size: 1.2rem; }
a { color: #0b57a4; }
a:focus, a:hover { outline: 2px solid #0b57a4; outline-offset: 2px; }
.totals { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; padding: 0; }
.totals div { border: 1px solid #c4c4c4; border-radius: .5rem; padding: .5rem 1rem; min-width: 9rem; }
.totals dt { font-size: .9rem; color: #444; }
.totals dd { font-size: 1.8rem; font-weight: 700; margin: 0; }
figure { margin: .5rem 0; overflow-x: auto; }
svg text { font: 14px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1a1a1a; }
.bar.error { fill: #b3261e; } .bar.warning { fill: #8a5a00; } .bar.info { fill: #1f5fa8; } .bar.category { fill: #4a4a8a; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #c4c4c4; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.number { text-align: right; }
caption { text-align: left; font-size: .9rem; color: #444; padding-bottom: .25rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.badge { display: inline-block; font-size: .8rem; font-weight: 700; padding: .05rem .45rem; border-radius: .3rem; border: 2px solid; vertical-align: middle; }
.badge.error { color: #8c1d18; border-color: #b3261e; background: #fdecea; }
.badge.warning { color: #6b4600; border-color: #8a5a00; background: #fff4dc; }
.badge.info { color: #174a82; border-color: #1f5fa8; background: #e8f0fb; }
.legend { list-style: none; padding: 0; }
.legend li { margin: .25rem 0; }
details { margin: .25rem 0 1rem; }
summary { cursor: pointer; color: #0b57a4; }
.meta { color: #444; margin-top: 0; }
.note { border-left: 4px solid #8a5a00; padding-left: .75rem; }
.findings { padding-left: 1.5rem; }
.finding { margin: 0 0 1.75rem; }
.finding h3 { margin-bottom: .25rem; }
.where { font-weight: 400; color: #444; }
.sentence { margin: .25rem 0 .5rem; padding: .5rem .9rem; border-left: 4px solid #767676; background: #f7f7f7; font-size: 1.05rem; }
.sentence p { margin: 0; }
mark { background: #ffe58a; color: #1a1a1a; font-weight: 700; text-decoration: underline; text-decoration-thickness: 2px; padding: 0 .1em; }
.detail { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
.detail dt { font-weight: 700; }
.detail dd { margin: 0; }
.alternative { font-weight: 700; }
.topic p { margin: .25rem 0; }
.sources { margin: .25rem 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .95em; }
footer { margin-top: 3rem; border-top: 1px solid #d0d0d0; color: #444; font-size: .9rem; }
@media print { h2 { break-before: auto; } .finding { break-inside: avoid; } a { color: inherit; } }
</style>
</head>
<body>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        assert_eq!(anchor("guide", "Speak Up!"), "guide-speak-up-");
    }
}
