//! JUnit XML for CI dashboards: one test suite per file, one test case per finding, and one
//! passing test case for a clean file.
//!
//! A finding fails its test case only if it fails the run (at or above the file's `fail-on`
//! threshold). One below it passes, with the finding in `<system-out>`: a green build then shows
//! no failed tests, and the finding stays readable. `<skipped>` would say the check did not run,
//! which is not so; GitLab and Jenkins count and flag skipped tests as such (and GitLab users
//! ask for skipped tests to warn), while junitparser, GitLab and Jenkins all read a test case's
//! `<system-out>`. Each case names its `file` and `line`, which GitLab's test view shows.

use std::io::{self, Write};

use super::Reporter;
use super::xml::escape;
use crate::finding::{FileReport, Summary};
use crate::rules::RuleSet;

/// The JUnit format. The totals come first in the document, so suites are kept until the end.
#[derive(Debug)]
pub struct Junit<W> {
    out: W,
    suites: Vec<Suite>,
}

/// One file's test suite, kept until the end.
#[derive(Debug)]
struct Suite {
    /// The file's path, escaped for XML.
    path: String,
    cases: String,
    tests: usize,
    failures: usize,
    errors: usize,
    /// Whether the suite is only the passing case of a file with nothing to report.
    clean: bool,
}

impl<W: Write> Junit<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Junit<W> {
        Junit {
            out,
            suites: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for Junit<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        if report.skipped.is_some() {
            return Ok(());
        }
        // `./docs/a.md` and `docs/a.md` are the same file to a reader.
        let path = escape(report.path.strip_prefix("./").unwrap_or(&report.path));
        let mut cases = String::new();
        let (tests, mut failures, errors);
        let clean = report.error.is_none() && report.findings.is_empty();
        if let Some(message) = &report.error {
            (tests, failures, errors) = (1, 0, 1);
            cases.push_str(&format!(
                "    <testcase name=\"{path}\" classname=\"ally\" file=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                escape(message)
            ));
        } else if clean {
            (tests, failures, errors) = (1, 0, 0);
            cases.push_str(&format!(
                "    <testcase name=\"{path}\" classname=\"ally\" file=\"{path}\"/>\n"
            ));
        } else {
            (tests, failures, errors) = (report.findings.len(), 0, 0);
            for finding in &report.findings {
                let rule = rules.rule(finding.rule);
                let message = escape(&finding.message(rule));
                let (line, column) = (finding.start.line, finding.start.column);
                cases.push_str(&format!(
                    "    <testcase name=\"{path}:{line}:{column} {}\" classname=\"ally.{}\" file=\"{path}\" line=\"{line}\">\n",
                    escape(&rule.id),
                    escape(&rule.category),
                ));
                let fails = report.threshold.is_some_and(|t| finding.severity >= t);
                if fails {
                    failures += 1;
                    cases.push_str(&format!(
                        "      <failure message=\"{message}\" type=\"{}\">{path}:{line}:{column}: {message}</failure>\n",
                        finding.severity,
                    ));
                } else {
                    let threshold = report.threshold.map_or("never", |t| t.as_str());
                    cases.push_str(&format!(
                        "      <system-out>{path}:{line}:{column}: {}: {message} (does not fail the check: fail-on is {threshold})</system-out>\n",
                        finding.severity,
                    ));
                }
                cases.push_str("    </testcase>\n");
            }
        }
        let suite = Suite {
            path,
            cases,
            tests,
            failures,
            errors,
            clean,
        };
        // A later part of a very large file joins the suite of its first part.
        match self.suites.last_mut() {
            Some(last) if report.continued && last.path == suite.path => last.absorb(suite),
            _ => self.suites.push(suite),
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            self.out,
            "<testsuites name=\"ally\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3}\">",
            self.suites.iter().map(|s| s.tests).sum::<usize>(),
            self.suites.iter().map(|s| s.failures).sum::<usize>(),
            self.suites.iter().map(|s| s.errors).sum::<usize>(),
            summary.elapsed.as_secs_f64()
        )?;
        for Suite {
            path,
            cases,
            tests,
            failures,
            errors,
            ..
        } in &self.suites
        {
            writeln!(
                self.out,
                "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{cases}  </testsuite>"
            )?;
        }
        writeln!(self.out, "</testsuites>")?;
        self.out.flush()
    }
}

impl Suite {
    /// Adds the cases of a later part of the same file. A part with nothing to report adds
    /// nothing; one with findings or an error replaces the passing case of a clean file.
    fn absorb(&mut self, part: Suite) {
        if part.clean {
            return;
        }
        if self.clean {
            *self = part;
            return;
        }
        self.cases.push_str(&part.cases);
        self.tests += part.tests;
        self.failures += part.failures;
        self.errors += part.errors;
    }
}
