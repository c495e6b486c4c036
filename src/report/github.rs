//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding,
//! which GitHub turns into annotations on the pull request.

use std::io::{self, Write};

use super::Reporter;
use super::printable::printable_lines;
use crate::finding::{FileReport, Summary};
use crate::rules::{RuleSet, Severity};

/// The GitHub Actions annotation format.
#[derive(Debug)]
pub struct Github<W> {
    out: W,
}

impl<W: Write> Github<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Github<W> {
        Github { out }
    }
}

impl<W: Write> Reporter for Github<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        let file = property(report.path.strip_prefix("./").unwrap_or(&report.path));
        if let Some(message) = &report.error {
            writeln!(
                self.out,
                "::error file={file},title=ally::{}",
                data(message)
            )?;
        }
        // Notes go to standard error too, but here they are escaped and placed on the file.
        for note in &report.notes {
            writeln!(self.out, "::notice file={file},title=ally::{}", data(note))?;
        }
        for finding in &report.findings {
            let rule = rules.rule(finding.rule);
            let command = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                self.out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                finding.start.line,
                finding.start.column,
                finding.end.line,
                finding.end.column,
                property(&format!("ally ({})", rule.id)),
                data(&rule.message(&finding.term))
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}

/// Escapes a command's message; other controls are shown as visible stand-ins.
pub(crate) fn data(text: &str) -> String {
    printable_lines(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
