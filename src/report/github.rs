//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding,
//! which GitHub turns into annotations on the pull request, and a summary line for the log.

use std::io::{self, Write};

use super::Reporter;
use super::printable::printable_lines;
use crate::finding::{FileReport, Summary};
use crate::rules::{RuleSet, Severity};

/// GitHub shows at most this many annotations of each kind (error, warning, notice) per step;
/// the commands past it still print in the log.
const SHOWN_PER_KIND: usize = 10;

/// The annotation kinds, in the order their counts are kept.
const KINDS: [(&str, &str); 3] = [
    ("error", "errors"),
    ("warning", "warnings"),
    ("notice", "notices"),
];

/// The GitHub Actions annotation format.
#[derive(Debug)]
pub struct Github<W> {
    out: W,
    /// Annotations written of each of [`KINDS`].
    written: [usize; 3],
}

impl<W: Write> Github<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Github<W> {
        Github {
            out,
            written: [0; 3],
        }
    }

    /// Writes `::kind properties::message` and counts it.
    fn command(&mut self, kind: usize, properties: &str, message: &str) -> io::Result<()> {
        self.written[kind] += 1;
        writeln!(self.out, "::{} {properties}::{message}", KINDS[kind].0)
    }
}

impl<W: Write> Reporter for Github<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        // A commit message or a pull request's text is in no file of the checkout: its
        // annotations go on the run, titled with what they are about, and say the line.
        let file = match &report.writing {
            None => {
                let path = report.path.strip_prefix("./").unwrap_or(&report.path);
                format!("file={},", property(path))
            }
            Some(_) => String::new(),
        };
        if let Some(message) = &report.error {
            self.command(0, &format!("{file}title=ally"), &data(message))?;
        }
        // Notes go to standard error too, but here they are escaped and placed on the file.
        for note in &report.notes {
            self.command(2, &format!("{file}title=ally"), &data(note))?;
        }
        for finding in &report.findings {
            let rule = rules.rule(finding.rule);
            let kind = match finding.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            };
            let (start, end) = (finding.start, finding.end);
            let mut message = finding.message(rule);
            let position = if report.writing.is_some() {
                // With no file to open, the sentence says where the term is.
                message = format!(
                    "{}, line {}, column {}: {message} (in “{}”)",
                    report.path, start.line, start.column, finding.snippet.text
                );
                String::new()
            } else if let Some(location) = &finding.location {
                // A finding in a document (.docx, .pdf) or in a file's name has no line of the
                // file to mark: the annotation goes on the file, and says where to look.
                message = format!("{location}: {message}");
                String::new()
            } else if start.line == end.line {
                format!(
                    "line={},col={},endLine={},endColumn={},",
                    start.line, start.column, end.line, end.column
                )
            } else {
                // actions/toolkit: `col` and `endColumn` cannot be sent when the annotation
                // spans lines.
                format!("line={},endLine={},", start.line, end.line)
            };
            let title = property(&format!("ally ({})", rule.id));
            self.command(
                kind,
                &format!("{file}{position}title={title}"),
                &data(&message),
            )?;
        }
        Ok(())
    }

    /// Says which annotations GitHub will not show, then sums the run up in plain log lines (not
    /// workflow commands), so that even a clean run's log says what was checked.
    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        for ((one, many), written) in KINDS.into_iter().zip(self.written) {
            if written > SHOWN_PER_KIND {
                let hidden = written - SHOWN_PER_KIND;
                let what = if hidden == 1 {
                    format!("the other {one} is")
                } else {
                    format!("the other {hidden} {many} are")
                };
                writeln!(
                    self.out,
                    "ally: GitHub shows at most {SHOWN_PER_KIND} {one} annotations per step: \
                     {what} listed in this log above"
                )?;
            }
        }
        writeln!(self.out, "ally: {}", super::summary::line(summary))?;
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
