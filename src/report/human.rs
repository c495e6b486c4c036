//! Readable diagnostics: codespan-reporting snippets with the term underlined, the
//! alternatives, why the term hurts (once per rule), and where to learn more.

use std::collections::{HashMap, HashSet};
use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as Level};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config};
use termcolor::{Color, ColorSpec, WriteColor};

use super::Reporter;
use super::printable::{printable, printable_excerpt};
use crate::finding::{Excerpt, FileReport, Finding, Summary};
use crate::rules::{RuleSet, Severity, quote_list};

/// The human-readable format.
#[derive(Debug)]
pub struct Human<W> {
    out: W,
    config: Config,
    /// Rules whose explanation was already shown in this run.
    explained: HashSet<String>,
    /// How many findings point to each guidance topic (by id), with the topic's title.
    topics: HashMap<String, (usize, String)>,
}

impl<W: WriteColor> Human<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Human<W> {
        let config = Config {
            start_context_lines: 0,
            end_context_lines: 0,
            ..Config::default()
        };
        Human {
            out,
            config,
            explained: HashSet::new(),
            topics: HashMap::new(),
        }
    }

    fn finding(&mut self, path: &str, finding: &Finding, rules: &RuleSet) -> io::Result<()> {
        let rule = rules.rule(finding.rule);
        let level = match finding.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => Level::Note,
        };
        let label = if rule.alternatives.is_empty() {
            String::new()
        } else {
            format!("consider {}", quote_list(&rule.alternatives, 3))
        };
        let mut notes = Vec::new();
        if let Some(location) = &finding.location {
            notes.push(format!("where: {location}"));
        }
        if let Some(external) = &finding.external {
            notes.push(wrap(
                &format!(
                    "owner: this is part of a name that {} defines, so it cannot be renamed \
                     here; `allow-groups = [\"{}\"]` in .ally.toml allows it",
                    external.owner, external.group
                ),
                NOTE_WIDTH,
            ));
        }
        if let Some(fixture) = &finding.copied_from {
            notes.push(wrap(
                &format!(
                    "copy: this value is copied from the fixture `{fixture}`, where it is \
                     reported; renaming it starts there"
                ),
                NOTE_WIDTH,
            ));
        }
        if self.explained.insert(rule.id.clone()) {
            if !rule.explanation.is_empty() {
                notes.push(wrap(&format!("why: {}", rule.explanation), NOTE_WIDTH));
            }
            if let Some(note) = &rule.note {
                notes.push(wrap(&format!("note: {note}"), NOTE_WIDTH));
            }
        }
        notes.push(format!("more: `ally explain {}`", rule.id));
        if let Some(topic) = rule.guidance.first().and_then(|id| rules.topic(id)) {
            let entry = self
                .topics
                .entry(topic.id.clone())
                .or_insert((0, topic.title.clone()));
            entry.0 += 1;
        }
        let excerpt = printable_excerpt(&finding.excerpt);
        let diagnostic = Diagnostic::new(level)
            .with_code(&rule.id)
            .with_message(format!("`{}` {}", finding.term, rule.summary))
            .with_labels(vec![
                Label::primary((), excerpt.highlight.clone()).with_message(label),
            ])
            .with_notes(notes);
        let path = printable(path);
        let file = ExcerptFile::new(&path, &excerpt);
        term::emit_to_write_style(&mut self.out, &self.config, &file, &diagnostic)
            .map_err(io::Error::other)
    }

    /// The guidance topic most of this run's findings point to: its id and title.
    fn main_topic(&self) -> Option<(&str, &str)> {
        self.topics
            .iter()
            .max_by_key(|(id, (count, _))| (*count, std::cmp::Reverse(id.as_str())))
            .map(|(id, (_, title))| (id.as_str(), title.as_str()))
    }
}

impl<W: WriteColor> Reporter for Human<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        for finding in &report.findings {
            self.finding(&report.path, finding, rules)?;
        }
        for unused in &report.unused_suppressions {
            self.out
                .set_color(ColorSpec::new().set_fg(Some(Color::Yellow)).set_bold(true))?;
            write!(self.out, "unused suppression")?;
            self.out.reset()?;
            writeln!(
                self.out,
                ": {}:{}:{}: `{}` suppresses nothing; remove it",
                printable(&report.path),
                unused.line,
                unused.column,
                printable(&unused.text)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let files = super::summary::checked(summary);
        let seconds = summary.elapsed.as_secs_f64();
        let counts = if summary.findings() == 0 {
            "no findings".to_owned()
        } else {
            format!(
                "{}, {}, {} info",
                plural(summary.count(Severity::Error), "error", "errors"),
                plural(summary.count(Severity::Warning), "warning", "warnings"),
                summary.count(Severity::Info)
            )
        };
        self.out.set_color(ColorSpec::new().set_bold(true))?;
        write!(self.out, "ally: checked {files} in {seconds:.2}s: {counts}")?;
        self.out.reset()?;
        writeln!(self.out, "{}", super::summary::tail(summary))?;
        if let Some(fixed) = summary.baseline_fixed {
            let hidden = plural(summary.baseline_matched, "finding", "findings");
            write!(self.out, "ally: the baseline hid {hidden}")?;
            if fixed > 0 {
                let entries = plural(fixed, "entry", "entries");
                write!(
                    self.out,
                    "; {entries} no longer occur (fixed): run `ally baseline` to shrink the file"
                )?;
            }
            writeln!(self.out)?;
        }
        if let Some((id, title)) = self.main_topic() {
            let line = format!(" {title} (`ally guide {id}`)");
            self.out
                .set_color(ColorSpec::new().set_fg(Some(Color::Cyan)))?;
            write!(self.out, "guidance:")?;
            self.out.reset()?;
            writeln!(self.out, "{line}")?;
        }
        self.out.flush()
    }
}

/// Notes are wrapped so that a long explanation stays readable in an 80-column terminal.
const NOTE_WIDTH: usize = 74;

/// Wraps `text` at `width` characters; codespan-reporting indents the continuation lines.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An excerpt presented to codespan-reporting as a file, with the real line and column numbers.
struct ExcerptFile<'a> {
    name: &'a str,
    excerpt: &'a Excerpt,
    line_starts: Vec<usize>,
}

impl<'a> ExcerptFile<'a> {
    fn new(name: &'a str, excerpt: &'a Excerpt) -> ExcerptFile<'a> {
        let line_starts = std::iter::once(0)
            .chain(excerpt.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        ExcerptFile {
            name,
            excerpt,
            line_starts,
        }
    }
}

impl<'a> Files<'a> for ExcerptFile<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.excerpt.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self
            .line_starts
            .partition_point(|&start| start <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.excerpt.first_line + line_index)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let start = self.line_range((), line_index)?.start;
        let text = &self.excerpt.text;
        let column = text[start..byte_index.clamp(start, text.len())]
            .chars()
            .count()
            + 1;
        Ok(if line_index == 0 {
            column + self.excerpt.skipped_columns
        } else {
            column
        })
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let start = *self
            .line_starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: self.line_starts.len() - 1,
            })?;
        let end = self
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.excerpt.text.len());
        Ok(start..end)
    }
}
