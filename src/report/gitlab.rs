//! GitLab Code Quality report: a JSON array of issues that merge requests show inline.

use std::io::{self, Write};

use serde_json::json;

use super::Reporter;
use crate::finding::{FileReport, Summary};
use crate::rules::{RuleSet, Severity};

/// The GitLab Code Quality format.
#[derive(Debug)]
pub struct Gitlab<W> {
    out: W,
    started: bool,
    any: bool,
}

impl<W: Write> Gitlab<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Gitlab<W> {
        Gitlab {
            out,
            started: false,
            any: false,
        }
    }
}

impl<W: Write> Reporter for Gitlab<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(b"[")?;
        }
        let path = report.path.strip_prefix("./").unwrap_or(&report.path);
        let mut occurrence = std::collections::HashMap::new();
        for finding in &report.findings {
            let rule = rules.rule(finding.rule);
            let n = occurrence
                .entry((finding.rule, finding.excerpt.text.as_str()))
                .or_insert(0);
            let issue = json!({
                "type": "issue",
                "check_name": format!("ally/{}", rule.id),
                "description": rule.message(&finding.term),
                "categories": ["Style"],
                "severity": match finding.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "fingerprint": crate::baseline::fingerprint(&rule.id, path, &finding.excerpt.text, *n),
                "location": { "path": path, "lines": { "begin": finding.start.line, "end": finding.end.line } },
            });
            *n += 1;
            if self.any {
                self.out.write_all(b",\n")?;
            }
            self.any = true;
            serde_json::to_writer(&mut self.out, &issue)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        if !self.started {
            self.out.write_all(b"[")?;
        }
        self.out.write_all(b"]\n")?;
        self.out.flush()
    }
}
