//! JUnit XML for CI dashboards: one test suite per file, one failing test case per finding, and
//! one passing test case for a clean file.

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
        if report.binary {
            return Ok(());
        }
        let path = escape(&report.path);
        let mut cases = String::new();
        let (tests, failures, errors);
        if let Some(message) = &report.error {
            (tests, failures, errors) = (1, 0, 1);
            cases.push_str(&format!(
                "    <testcase name=\"{path}\" classname=\"ally\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                escape(message)
            ));
        } else if report.findings.is_empty() {
            (tests, failures, errors) = (1, 0, 0);
            cases.push_str(&format!(
                "    <testcase name=\"{path}\" classname=\"ally\"/>\n"
            ));
        } else {
            (tests, failures, errors) = (report.findings.len(), report.findings.len(), 0);
            for finding in &report.findings {
                let rule = rules.rule(finding.rule);
                let message = escape(&rule.message(&finding.term));
                cases.push_str(&format!(
                    "    <testcase name=\"{path}:{}:{} {}\" classname=\"ally.{}\">\n      \
                     <failure message=\"{message}\" type=\"{}\">{path}:{}:{}: {message}</failure>\n    </testcase>\n",
                    finding.start.line,
                    finding.start.column,
                    escape(&rule.id),
                    escape(&rule.category),
                    finding.severity,
                    finding.start.line,
                    finding.start.column,
                ));
            }
        }
        let suite = Suite {
            path,
            cases,
            tests,
            failures,
            errors,
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
    /// Adds the cases of a later part of the same file. A part that passed adds nothing; one
    /// that failed replaces a passing case.
    fn absorb(&mut self, part: Suite) {
        if part.failures + part.errors == 0 {
            return;
        }
        if self.failures + self.errors == 0 {
            *self = part;
            return;
        }
        self.cases.push_str(&part.cases);
        self.tests += part.tests;
        self.failures += part.failures;
        self.errors += part.errors;
    }
}
