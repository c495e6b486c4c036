//! GitLab Code Quality report: a JSON array of issues that merge requests show inline.

use std::io::{self, Write};

use serde_json::json;

use super::Reporter;
use super::fingerprint::Fingerprints;
use super::root::ProjectRoot;
use crate::finding::{FileReport, Summary};
use crate::rules::{RuleSet, Severity};

/// The GitLab Code Quality format.
#[derive(Debug)]
pub struct Gitlab<W> {
    out: W,
    started: bool,
    any: bool,
    /// GitLab maps `location.path` to a file of the repository, so paths are relative to it.
    root: ProjectRoot,
    fingerprints: Fingerprints,
}

impl<W: Write> Gitlab<W> {
    /// A reporter writing to `out`, naming files relative to `root`.
    pub fn new(out: W, root: ProjectRoot) -> Gitlab<W> {
        Gitlab {
            out,
            started: false,
            any: false,
            root,
            fingerprints: Fingerprints::default(),
        }
    }
}

impl<W: Write> Reporter for Gitlab<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(b"[")?;
        }
        if report.findings.is_empty() {
            return Ok(());
        }
        let path = self.root.relative(&report.path);
        for finding in &report.findings {
            let rule = rules.rule(finding.rule);
            let fingerprint = self
                .fingerprints
                .next(&rule.id, &path, &finding.excerpt.text);
            let issue = json!({
                "type": "issue",
                "check_name": format!("ally/{}", rule.id),
                "description": finding.message(rule),
                "categories": ["Style"],
                "severity": match finding.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "fingerprint": fingerprint,
                "location": { "path": path, "lines": { "begin": finding.start.line, "end": finding.end.line } },
            });
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
