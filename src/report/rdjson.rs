//! The Reviewdog Diagnostic Format (rdjson): one `DiagnosticResult` object whose diagnostics
//! reviewdog posts on a pull request. A finding with a safe replacement carries it as a
//! suggestion, the same rewrite `ally fix` makes, which reviewdog's `github-pr-review` reporter
//! turns into a suggestion the author commits in one click.
//!
//! Positions are 1-based; columns count bytes of UTF-8, as the format says, and an end is just
//! past the last byte. A finding in a document (.docx, .pdf) names the file and says the
//! paragraph or page in its message, without a range. Commit messages and pull-request text are in no file, so they are left
//! out: reviewdog can only comment on the lines of a diff.
//! <https://github.com/reviewdog/reviewdog/tree/master/proto/rdf>

use std::io::{self, Write};

use serde_json::json;

use super::Reporter;
use super::root::ProjectRoot;
use crate::finding::{FileReport, Finding, Summary};
use crate::rules::{RuleSet, Severity};

/// The rdjson format. Diagnostics are written as they come, so that memory stays flat however
/// many findings a run has.
#[derive(Debug)]
pub struct Rdjson<W> {
    out: W,
    root: ProjectRoot,
    /// Whether the document has been opened, and whether a diagnostic was written.
    started: bool,
    any: bool,
}

impl<W: Write> Rdjson<W> {
    /// A reporter writing to `out`, naming files from `root`, as reviewdog reads them from the
    /// top of the repository.
    pub fn new(out: W, root: ProjectRoot) -> Rdjson<W> {
        Rdjson {
            out,
            root,
            started: false,
            any: false,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(
                br#"{"source":{"name":"ally","url":"https://inclusivenaming.org/word-lists/"},"diagnostics":["#,
            )?;
        }
        Ok(())
    }
}

/// The byte columns of a finding's start and end, 1-based. A line too long to show whole is cut
/// to a window; then the character columns are the best guess.
fn byte_columns(finding: &Finding) -> (usize, usize) {
    super::measured_columns(finding, str::len).map_or(
        (finding.start.column, finding.end.column),
        |(start, end)| (start + 1, end + 1),
    )
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

impl<W: Write> Reporter for Rdjson<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.start()?;
        if report.writing.is_some() {
            return Ok(());
        }
        let path = self.root.relative(&report.path);
        for finding in &report.findings {
            let rule = rules.rule(finding.rule);
            let mut message = finding.message(rule);
            if let Some(location) = &finding.location {
                message = format!("{location}: {message}");
            }
            let (start, end) = byte_columns(finding);
            let mut diagnostic = json!({
                "message": message,
                "location": { "path": path },
                "severity": severity(finding.severity),
                "code": { "value": rule.id },
            });
            // A document's paragraphs are not lines of the file: its findings are about the
            // file as a whole, their place said in the message.
            if finding.location.is_none() {
                diagnostic["location"]["range"] = json!({
                    "start": { "line": finding.start.line, "column": start },
                    "end": { "line": finding.end.line, "column": end },
                });
            }
            if let Some(source) = rule.sources.first() {
                diagnostic["code"]["url"] = json!(source);
            }
            // A document's lines are not its bytes: no suggestion could apply there.
            if let Some(fix) = finding
                .fix
                .as_deref()
                .filter(|_| finding.location.is_none())
            {
                diagnostic["suggestions"] = json!([{
                    "range": {
                        "start": {
                            "line": fix.start.line,
                            "column": start.saturating_sub(fix.bytes_before).max(1),
                        },
                        "end": { "line": fix.end.line, "column": end },
                    },
                    "text": fix.text,
                }]);
            }
            if self.any {
                self.out.write_all(b",")?;
            }
            self.any = true;
            serde_json::to_writer(&mut self.out, &diagnostic)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.start()?;
        self.out.write_all(b"]}\n")?;
        self.out.flush()
    }
}
