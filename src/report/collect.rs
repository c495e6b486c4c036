//! What the document reports (HTML, Markdown) share: they keep every file's results until the
//! end, because their summary comes first, and they describe findings in words for readers who
//! do not know line numbers or rule ids.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Reporter;
use crate::finding::{FileReport, Finding, Summary};
use crate::rules::{Rule, RuleSet, Severity};

/// A report written in one piece when the run ends, because its summary comes first: the HTML
/// page or the Markdown summary.
#[derive(Debug)]
pub struct Page<W> {
    out: W,
    collected: Collected,
    render: fn(&RuleSet, &Collected, &Summary) -> String,
}

impl<W: Write> Page<W> {
    /// The HTML report, written to `out` when the run ends.
    pub fn html(out: W) -> Page<W> {
        Page::new(out, super::html::render)
    }

    /// The Markdown report, written to `out` when the run ends.
    pub fn markdown(out: W) -> Page<W> {
        Page::new(out, super::markdown::render)
    }

    fn new(out: W, render: fn(&RuleSet, &Collected, &Summary) -> String) -> Page<W> {
        Page {
            out,
            collected: Collected::default(),
            render,
        }
    }
}

impl<W: Write> Reporter for Page<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.collected.add(report, rules);
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let page = (self.render)(&self.collected.rules(), &self.collected, summary);
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

/// A run's results, kept for a report written at the end.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    /// Files with findings, errors or notes, in walk order.
    pub(crate) files: Vec<FileReport>,
    /// Files checked with nothing to report.
    pub(crate) clean: Vec<String>,
    /// The rules the kept findings refer to: the first file's rule set, extended with the rules
    /// of any other set (paths under another config file with its own rules).
    rules: Option<RuleSet>,
    /// The rule set last seen, to notice when the next file uses another one.
    last_source: usize,
    /// How the last seen set's rule indexes map into `rules`.
    mapping: Vec<usize>,
}

impl Collected {
    pub(crate) fn add(&mut self, report: &FileReport, rules: &RuleSet) {
        let source = std::ptr::from_ref(rules) as usize;
        if self.rules.is_none() {
            self.rules = Some(rules.clone());
            self.mapping = (0..rules.rules().len()).collect();
            self.last_source = source;
        } else if source != self.last_source {
            self.mapping = self
                .rules
                .as_mut()
                .map(|merged| merged.absorb(rules))
                .unwrap_or_default();
            self.last_source = source;
        }
        if report.continued {
            self.add_part(report);
            return;
        }
        if report.findings.is_empty() && report.error.is_none() && report.notes.is_empty() {
            if report.skipped.is_none() {
                self.clean.push(report.path.clone());
            }
        } else {
            let mut report = report.clone();
            for finding in &mut report.findings {
                finding.rule = self.mapping[finding.rule];
            }
            self.files.push(report);
        }
    }

    /// Adds a later part of a very large file to the file's entry, so it is shown once.
    fn add_part(&mut self, part: &FileReport) {
        if part.findings.is_empty() && part.error.is_none() && part.notes.is_empty() {
            return;
        }
        if self.clean.last() == Some(&part.path) {
            self.clean.pop();
            self.files.push(FileReport {
                path: part.path.clone(),
                threshold: part.threshold,
                ..FileReport::default()
            });
        }
        let Some(entry) = self
            .files
            .last_mut()
            .filter(|entry| entry.path == part.path)
        else {
            return;
        };
        entry
            .findings
            .extend(part.findings.iter().cloned().map(|mut finding| {
                finding.rule = self.mapping[finding.rule];
                finding
            }));
        entry.notes.extend(part.notes.iter().cloned());
        if entry.error.is_none() {
            entry.error.clone_from(&part.error);
        }
    }

    /// The rules the kept findings refer to (the built-in rules if no file was reported).
    pub(crate) fn rules(&self) -> std::borrow::Cow<'_, RuleSet> {
        match &self.rules {
            Some(rules) => std::borrow::Cow::Borrowed(rules),
            None => std::borrow::Cow::Owned(RuleSet::builtin()),
        }
    }

    fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| &f.findings)
    }

    /// Findings per category, most first.
    pub(crate) fn by_category(&self, rules: &RuleSet) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for finding in self.findings() {
            *counts
                .entry(&rules.rule(finding.rule).category)
                .or_default() += 1;
        }
        let mut list: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(category, n)| (category_title(category), n))
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list
    }

    /// The most frequent terms (as written, ignoring case), with their rule, most first.
    pub(crate) fn top_terms<'r>(
        &self,
        rules: &'r RuleSet,
        limit: usize,
    ) -> Vec<(String, usize, &'r Rule)> {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for finding in self.findings() {
            let entry = counts
                .entry(finding.term.to_lowercase())
                .or_insert((0, finding.rule));
            entry.0 += 1;
        }
        let mut list: Vec<(String, usize, &Rule)> = counts
            .into_iter()
            .map(|(term, (n, rule))| (term, n, rules.rule(rule)))
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list.truncate(limit);
        list
    }

    /// The guidance topics the findings point to, in the order the rule pack lists them.
    pub(crate) fn topics<'r>(&self, rules: &'r RuleSet) -> Vec<&'r crate::rules::Topic> {
        let used: Vec<&str> = self
            .findings()
            .flat_map(|f| rules.rule(f.rule).guidance.iter().map(String::as_str))
            .collect();
        rules
            .topics()
            .iter()
            .filter(|t| used.contains(&t.id.as_str()))
            .collect()
    }

    /// The number of files that could not be checked.
    pub(crate) fn errors(&self) -> usize {
        self.files.iter().filter(|f| f.error.is_some()).count()
    }
}

/// Findings of each severity, most serious first, with a word for each.
pub(crate) fn severities(summary: &Summary) -> [(Severity, usize); 3] {
    [Severity::Error, Severity::Warning, Severity::Info].map(|s| (s, summary.count(s)))
}

/// What each severity asks of the reader.
pub(crate) fn severity_meaning(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "replace: every guide that covers this term asks for a change",
        Severity::Warning => "usually worth changing; the word also has ordinary senses",
        Severity::Info => "worth a thought; depends on the context",
    }
}

/// A category id in words: `mental-health` → `Mental health`.
pub(crate) fn category_title(category: &str) -> String {
    match category {
        "tech" => "Technical jargon".into(),
        "race" => "Race and ethnicity".into(),
        "lgbtq" => "Sexual orientation and gender identity".into(),
        "religion-culture" => "Religion and culture".into(),
        "socioeconomic" => "Socioeconomic status".into(),
        other => {
            let words = other.replace(['-', '_'], " ");
            let mut chars = words.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

/// Where a reader finds a finding: `page 2`, `paragraph 3`, `footnote, paragraph 1`, or
/// `line 4` in files that have lines.
pub(crate) fn place(finding: &Finding) -> String {
    let Some(location) = &finding.location else {
        return format!("line {}", finding.start.line);
    };
    let mut words = Vec::new();
    if let Some(page) = location.page {
        words.push(format!("page {page}"));
    }
    if let Some(slide) = location.slide {
        words.push(format!("slide {slide}"));
    }
    if let Some(sheet) = &location.sheet {
        words.push(format!("sheet {sheet}"));
    }
    if let Some(cell) = &location.cell {
        words.push(format!("cell {cell}"));
    }
    if let Some(part) = location.part.as_deref().filter(|p| *p != "body") {
        words.push(match part {
            "table" => "in a table".to_owned(),
            "comment" => "in a comment".to_owned(),
            other => format!("in the {other}"),
        });
    }
    if let Some(paragraph) = location.paragraph {
        words.push(format!("paragraph {paragraph}"));
    }
    if words.is_empty() {
        format!("line {}", finding.start.line)
    } else {
        words.join(", ")
    }
}

/// `a`, `a or b`, `a, b or c`.
pub(crate) fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;

    #[test]
    fn categories_read_as_words() {
        assert_eq!(category_title("mental-health"), "Mental health");
        assert_eq!(category_title("tech"), "Technical jargon");
        assert_eq!(category_title(""), "");
    }

    #[test]
    fn places_read_as_words() {
        let mut finding = Finding {
            rule: 0,
            severity: Severity::Info,
            scope: crate::Scope::Prose,
            range: 0..1,
            start: crate::Position { line: 4, column: 1 },
            end: crate::Position { line: 4, column: 2 },
            term: "x".into(),
            term_index: 0,
            excerpt: crate::finding::Excerpt {
                text: String::new(),
                first_line: 4,
                skipped_columns: 0,
                highlight: 0..0,
            },
            snippet: Default::default(),
            location: None,
            external: None,
            copied_from: None,
            fix: None,
        };
        assert_eq!(place(&finding), "line 4");
        finding.location = Some(Location {
            paragraph: Some(3),
            part: Some("footnote".into()),
            ..Location::default()
        });
        assert_eq!(place(&finding), "in the footnote, paragraph 3");
        finding.location = Some(Location {
            page: Some(2),
            ..Location::default()
        });
        assert_eq!(place(&finding), "page 2");
    }
}
