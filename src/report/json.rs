//! One JSON document: `{"version": 1, "findings": [...], "summary": {...}, "errors": [...]}`.
//!
//! Findings are written as they arrive, one per line, so the document streams; errors are kept
//! until the end because they belong after the findings.

use std::io::{self, Write};

use serde::Serialize;

use super::Reporter;
use crate::finding::{FileReport, Finding, Location, Summary, Writing};
use crate::rules::RuleSet;

/// The JSON document format.
#[derive(Debug)]
pub struct Json<W> {
    out: W,
    started: bool,
    any_finding: bool,
    errors: Vec<JsonError>,
    unused: Vec<JsonUnused>,
}

/// The wire format of one finding. Field names are a contract (see DESIGN.md).
#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    term: &'a str,
    message: String,
    alternatives: &'a [String],
    scope: &'a str,
    guidance: &'a [String],
    sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a Location>,
    /// Present when the text is a commit message or a pull request's: `path` then names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    writing: Option<&'a Writing>,
    /// Present when the term is part of a name another project defines.
    #[serde(skip_serializing_if = "Option::is_none")]
    external: Option<JsonExternal<'a>>,
    /// Present when the term is in a value a test copies from this fixture file.
    #[serde(skip_serializing_if = "Option::is_none")]
    copied_from: Option<&'a str>,
    snippet: JsonSnippet<'a>,
}

/// Who owns a name the author cannot rename, and the group that allows it.
#[derive(Serialize)]
struct JsonExternal<'a> {
    owner: &'a str,
    group: &'a str,
}

/// The sentence around a finding; `start` and `end` count characters, like columns.
#[derive(Serialize)]
struct JsonSnippet<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Debug, Serialize)]
struct JsonUnused {
    path: String,
    line: usize,
    column: usize,
    directive: String,
}

#[derive(Debug, Serialize)]
struct JsonError {
    path: String,
    message: String,
}

#[derive(Serialize)]
struct JsonSummary {
    files_checked: usize,
    /// Commit messages and pull-request texts checked; only in runs that check them, so that
    /// the summary of a run over files stays as it always was.
    #[serde(skip_serializing_if = "is_zero")]
    messages_checked: usize,
    /// Files left out: the total, then by why. The object stays flat, so that a script can
    /// read it with one pattern.
    files_skipped: usize,
    skipped_binary: usize,
    skipped_generated: usize,
    skipped_vendored: usize,
    errors: usize,
    findings: usize,
    error: usize,
    warning: usize,
    info: usize,
    elapsed_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_matched: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_fixed: Option<usize>,
}

impl<W: Write> Json<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Json<W> {
        Json {
            out,
            started: false,
            any_finding: false,
            errors: Vec::new(),
            unused: Vec::new(),
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(b"{\"version\":1,\"findings\":[")?;
        }
        Ok(())
    }
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// The wire form of one finding, borrowing from the report and its rule.
fn json_finding<'a>(
    path: &'a str,
    writing: Option<&'a Writing>,
    finding: &'a Finding,
    rules: &'a RuleSet,
) -> JsonFinding<'a> {
    let rule = rules.rule(finding.rule);
    let (before, term, _) = finding.snippet.parts();
    let start = before.chars().count();
    JsonFinding {
        path,
        line: finding.start.line,
        column: finding.start.column,
        end_line: finding.end.line,
        end_column: finding.end.column,
        rule: &rule.id,
        category: &rule.category,
        severity: finding.severity.as_str(),
        term: &finding.term,
        message: finding.message(rule),
        alternatives: &rule.alternatives,
        scope: finding.scope.as_str(),
        guidance: &rule.guidance,
        sources: &rule.sources,
        location: finding.location.as_ref(),
        writing,
        external: finding.external.as_ref().map(|e| JsonExternal {
            owner: &e.owner,
            group: &e.group,
        }),
        copied_from: finding.copied_from.as_deref(),
        snippet: JsonSnippet {
            text: &finding.snippet.text,
            start,
            end: start + term.chars().count(),
        },
    }
}

impl<W: Write> Reporter for Json<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.start()?;
        if let Some(message) = &report.error {
            self.errors.push(JsonError {
                path: report.path.clone(),
                message: message.clone(),
            });
        }
        for unused in &report.unused_suppressions {
            self.unused.push(JsonUnused {
                path: report.path.clone(),
                line: unused.line,
                column: unused.column,
                directive: unused.text.clone(),
            });
        }
        for finding in &report.findings {
            let separator: &[u8] = if self.any_finding { b",\n" } else { b"\n" };
            self.out.write_all(separator)?;
            self.any_finding = true;
            let value = json_finding(&report.path, report.writing.as_ref(), finding, rules);
            serde_json::to_writer(&mut self.out, &value)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.start()?;
        let summary = JsonSummary {
            files_checked: summary.files_checked,
            messages_checked: summary.messages_checked,
            files_skipped: summary.files_skipped
                + summary.skipped_generated
                + summary.skipped_vendored,
            skipped_binary: summary.files_skipped,
            skipped_generated: summary.skipped_generated,
            skipped_vendored: summary.skipped_vendored,
            errors: summary.errors,
            findings: summary.findings(),
            error: summary.by_severity[2],
            warning: summary.by_severity[1],
            info: summary.by_severity[0],
            elapsed_ms: summary.elapsed.as_millis(),
            baseline_matched: summary.baseline_fixed.map(|_| summary.baseline_matched),
            baseline_fixed: summary.baseline_fixed,
        };
        let close: &[u8] = if self.any_finding {
            b"\n],\"summary\":"
        } else {
            b"],\"summary\":"
        };
        self.out.write_all(close)?;
        serde_json::to_writer(&mut self.out, &summary)?;
        self.out.write_all(b",\"errors\":")?;
        serde_json::to_writer(&mut self.out, &self.errors)?;
        // Only present when asked for (`--report-unused-suppressions`).
        if !self.unused.is_empty() {
            self.out.write_all(b",\"unused_suppressions\":")?;
            serde_json::to_writer(&mut self.out, &self.unused)?;
        }
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}
