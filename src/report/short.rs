//! `path:line:col: severity[rule]: message`, one finding per line, for editors, grep and
//! reviewdog.

use std::io::{self, Write};

use super::Reporter;
use super::printable::printable;
use crate::finding::{FileReport, Summary};
use crate::rules::RuleSet;

/// The one-line-per-finding format.
#[derive(Debug)]
pub struct Short<W> {
    out: W,
}

impl<W: Write> Short<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Short<W> {
        Short { out }
    }
}

impl<W: Write> Reporter for Short<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        for finding in &report.findings {
            let rule = rules.rule(finding.rule);
            writeln!(
                self.out,
                "{}:{}:{}: {}[{}]: {}",
                printable(&report.path),
                finding.start.line,
                finding.start.column,
                finding.severity,
                rule.id,
                finding.message(rule)
            )?;
        }
        for unused in &report.unused_suppressions {
            writeln!(
                self.out,
                "{}:{}:{}: warning[unused-suppression]: `{}` suppresses nothing; remove it",
                printable(&report.path),
                unused.line,
                unused.column,
                printable(&unused.text)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
