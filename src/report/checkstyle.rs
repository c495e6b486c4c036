//! Checkstyle XML, read by many CI dashboards and review tools.

use std::io::{self, Write};

use super::Reporter;
use super::xml::escape;
use crate::finding::{FileReport, Summary};
use crate::rules::RuleSet;

/// The Checkstyle format.
#[derive(Debug)]
pub struct Checkstyle<W> {
    out: W,
    started: bool,
}

impl<W: Write> Checkstyle<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Checkstyle<W> {
        Checkstyle {
            out,
            started: false,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(
                self.out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">"
            )?;
        }
        Ok(())
    }
}

impl<W: Write> Reporter for Checkstyle<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.start()?;
        if report.findings.is_empty() && report.error.is_none() {
            return Ok(());
        }
        writeln!(self.out, "  <file name=\"{}\">", escape(&report.path))?;
        // A file that could not be read is an error at line 1, as Checkstyle's own Checker
        // reports an unreadable file. Its `<exception>` element (for a check that crashed) is
        // not read by reviewdog or Jenkins warnings-ng, which take only `<error>`, and both read
        // an error without `line` as line 0, which names no line of the file.
        if let Some(message) = &report.error {
            writeln!(
                self.out,
                "    <error line=\"1\" severity=\"error\" message=\"{}\" source=\"ally\"/>",
                escape(message)
            )?;
        }
        for finding in &report.findings {
            let rule = rules.rule(finding.rule);
            writeln!(
                self.out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"ally.{}\"/>",
                finding.start.line,
                finding.start.column,
                finding.severity,
                escape(&finding.message(rule)),
                escape(&rule.id)
            )?;
        }
        writeln!(self.out, "  </file>")
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.start()?;
        writeln!(self.out, "</checkstyle>")?;
        self.out.flush()
    }
}
