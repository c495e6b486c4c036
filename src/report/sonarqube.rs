//! SonarQube's generic external issues format (SonarQube 10.3 and later, SonarCloud): the rules
//! the run used and one issue per finding, for `sonar.externalIssuesReportPaths`, so that ally's
//! findings appear in SonarQube next to other linters'.
//!
//! Each rule is a maintainability issue with the clean-code attribute `RESPECTFUL` (code that
//! avoids discriminatory and offensive language), its impact's severity following ally's as the
//! run applies it (the config may change a rule's): error is high, warning medium, info low. Lines are 1-based and columns 0-based, as the format
//! has them. A finding in a document (.docx, .pdf) is an issue on the file, without a range,
//! since the document's paragraphs are not lines of the file. Commit messages and pull-request
//! text are in no file and are left out.
//! <https://docs.sonarsource.com/sonarqube-server/latest/analyzing-source-code/importing-external-issues/generic-issue-import-format/>

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::Reporter;
use super::root::ProjectRoot;
use crate::finding::{FileReport, Finding, Summary};
use crate::rules::{RuleSet, Severity};

/// The SonarQube format. Issues are written as they come and the rules they use at the end,
/// so that memory stays flat however many findings a run has.
#[derive(Debug)]
pub struct Sonarqube<W> {
    out: W,
    root: ProjectRoot,
    /// The rules met, by id: each is declared once.
    rules: BTreeMap<String, Value>,
    started: bool,
    any: bool,
}

impl<W: Write> Sonarqube<W> {
    /// A reporter writing to `out`, naming files from `root` (the project's base directory, as
    /// the scanner reads them).
    pub fn new(out: W, root: ProjectRoot) -> Sonarqube<W> {
        Sonarqube {
            out,
            root,
            rules: BTreeMap::new(),
            started: false,
            any: false,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(br#"{"issues":["#)?;
        }
        Ok(())
    }
}

fn impact(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "HIGH",
        Severity::Warning => "MEDIUM",
        Severity::Info => "LOW",
    }
}

/// The 0-based columns of a finding's start and end, in the UTF-16 units SonarQube counts; a
/// line cut to a window falls back to characters.
fn columns(finding: &Finding) -> (usize, usize) {
    super::measured_columns(finding, |text| text.encode_utf16().count())
        .unwrap_or((finding.start.column - 1, finding.end.column - 1))
}

impl<W: Write> Reporter for Sonarqube<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.start()?;
        if report.writing.is_some() {
            return Ok(());
        }
        let path = self.root.relative(&report.path);
        for finding in &report.findings {
            let rule = rules.rule(finding.rule);
            self.rules.entry(rule.id.clone()).or_insert_with(|| {
                let alternatives = crate::rules::quote_list(&rule.alternatives, usize::MAX);
                let mut description = rule.explanation.clone();
                if !alternatives.is_empty() {
                    description.push_str(&format!(" Instead: {alternatives}."));
                }
                json!({
                    "id": rule.id,
                    "name": format!("`{}` {}", rule.terms[0], rule.summary),
                    "description": description,
                    "engineId": "ally",
                    "cleanCodeAttribute": "RESPECTFUL",
                    "impacts": [{
                        "softwareQuality": "MAINTAINABILITY",
                        "severity": impact(finding.severity),
                    }],
                })
            });
            let mut location = json!({ "message": finding.message(rule), "filePath": path });
            match &finding.location {
                Some(place) => {
                    location["message"] = json!(format!("{place}: {}", finding.message(rule)));
                }
                None => {
                    let (start, end) = columns(finding);
                    location["textRange"] = json!({
                        "startLine": finding.start.line,
                        "endLine": finding.end.line,
                        "startColumn": start,
                        "endColumn": end,
                    });
                }
            }
            if self.any {
                self.out.write_all(b",")?;
            }
            self.any = true;
            serde_json::to_writer(
                &mut self.out,
                &json!({
                    "ruleId": rule.id,
                    "effortMinutes": 2,
                    "primaryLocation": location,
                }),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.start()?;
        let rules: Vec<Value> = std::mem::take(&mut self.rules).into_values().collect();
        self.out.write_all(b"],\"rules\":")?;
        serde_json::to_writer(&mut self.out, &rules)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}
