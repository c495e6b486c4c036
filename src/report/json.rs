//! One JSON document: `{"version": 1, "findings": [...], "summary": {...}, "errors": [...]}`.
//!
//! Findings are written as they arrive, one per line, so the document streams; errors are kept
//! until the end because they belong after the findings.

use std::io::{self, Write};

use serde::Serialize;

use super::Reporter;
use crate::finding::{FileReport, Finding, Location, Summary};
use crate::rules::RuleSet;

/// The JSON document format.
#[derive(Debug)]
pub struct Json<'a, W> {
    rules: &'a RuleSet,
    out: W,
    started: bool,
    any_finding: bool,
    errors: Vec<JsonError>,
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
    snippet: JsonSnippet<'a>,
}

/// The sentence around a finding; `start` and `end` count characters, like columns.
#[derive(Serialize)]
struct JsonSnippet<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Debug, Serialize)]
struct JsonError {
    path: String,
    message: String,
}

#[derive(Serialize)]
struct JsonSummary {
    files_checked: usize,
    files_skipped: usize,
    errors: usize,
    findings: usize,
    error: usize,
    warning: usize,
    info: usize,
    elapsed_ms: u128,
}

impl<'a, W: Write> Json<'a, W> {
    /// A reporter writing to `out`.
    pub fn new(rules: &'a RuleSet, out: W) -> Json<'a, W> {
        Json {
            rules,
            out,
            started: false,
            any_finding: false,
            errors: Vec::new(),
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(b"{\"version\":1,\"findings\":[")?;
        }
        Ok(())
    }

    fn finding(&self, path: &'a str, finding: &'a Finding) -> JsonFinding<'a> {
        let rule = self.rules.rule(finding.rule);
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
            message: rule.message(&finding.term),
            alternatives: &rule.alternatives,
            scope: finding.scope.as_str(),
            guidance: &rule.guidance,
            sources: &rule.sources,
            location: finding.location.as_ref(),
            snippet: {
                let (before, term, _) = finding.snippet.parts();
                let start = before.chars().count();
                JsonSnippet {
                    text: &finding.snippet.text,
                    start,
                    end: start + term.chars().count(),
                }
            },
        }
    }
}

impl<W: Write> Reporter for Json<'_, W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.start()?;
        if let Some(message) = &report.error {
            self.errors.push(JsonError {
                path: report.path.clone(),
                message: message.clone(),
            });
        }
        for finding in &report.findings {
            let separator: &[u8] = if self.any_finding { b",\n" } else { b"\n" };
            self.out.write_all(separator)?;
            self.any_finding = true;
            let value = self.finding(&report.path, finding);
            serde_json::to_writer(&mut self.out, &value)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.start()?;
        let summary = JsonSummary {
            files_checked: summary.files_checked,
            files_skipped: summary.files_skipped,
            errors: summary.errors,
            findings: summary.findings(),
            error: summary.by_severity[2],
            warning: summary.by_severity[1],
            info: summary.by_severity[0],
            elapsed_ms: summary.elapsed.as_millis(),
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
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}
