//! `path:line:col: severity[rule]: message`, one finding per line, for editors, grep and
//! reviewdog.

use std::io::{self, Write};

use super::Reporter;
use crate::finding::{FileReport, Summary};
use crate::rules::RuleSet;

/// The one-line-per-finding format.
#[derive(Debug)]
pub struct Short<'a, W> {
    rules: &'a RuleSet,
    out: W,
}

impl<'a, W: Write> Short<'a, W> {
    /// A reporter writing to `out`.
    pub fn new(rules: &'a RuleSet, out: W) -> Short<'a, W> {
        Short { rules, out }
    }
}

impl<W: Write> Reporter for Short<'_, W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for finding in &report.findings {
            let rule = self.rules.rule(finding.rule);
            writeln!(
                self.out,
                "{}:{}:{}: {}[{}]: {}",
                report.path,
                finding.start.line,
                finding.start.column,
                finding.severity,
                rule.id,
                rule.message(&finding.term)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
