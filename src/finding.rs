//! What the check stage hands to the reports: findings located by line and column, and the
//! outcome of each file and of the whole run.

use std::borrow::Cow;
use std::ops::Range;
use std::time::Duration;

use serde::Serialize;

use crate::rules::{RuleIndex, Severity};
use crate::scope::Scope;
use crate::snippet::Snippet;

/// A 1-based line and column; the column counts characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// The source lines around a finding, cut to a readable width for very long lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Excerpt {
    /// The lines (or the window of a long line) containing the finding.
    pub text: String,
    /// The line number of the first line of `text`.
    pub first_line: usize,
    /// Characters of the first line left out before `text` starts (for long lines).
    pub skipped_columns: usize,
    /// The finding's byte range inside `text`.
    pub highlight: Range<usize>,
}

/// One use of a flagged term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule that matched.
    pub rule: RuleIndex,
    /// Severity after any configured override.
    pub severity: Severity,
    /// The kind of text the term was found in.
    pub scope: Scope,
    /// Byte range in the checked text.
    pub range: Range<usize>,
    /// Position of the first character.
    pub start: Position,
    /// Position just past the last character (exclusive, as in SARIF and LSP).
    pub end: Position,
    /// The term as written, with line breaks and runs of spaces shown as one space.
    pub term: String,
    /// Which of the rule's terms matched (an index into `Rule::terms`).
    pub term_index: usize,
    /// The surrounding source text.
    pub excerpt: Excerpt,
    /// The sentence containing the term, for reports that show it in context.
    pub snippet: Snippet,
    /// Where a reader finds the term in a document without lines (page, paragraph).
    pub location: Option<Location>,
    /// Set when the term is part of a name that another project defines (a Redis command,
    /// Sphinx's `master_doc`): the author cannot rename it here.
    pub external: Option<Box<External>>,
    /// Set when the term is in a value a test copies from a fixture file: the path of the
    /// fixture, where the value is reported.
    pub copied_from: Option<Box<str>>,
    /// The rewrite `ally fix` would make, when the run asks for it and there is a safe one.
    pub fix: Option<Box<Replacement>>,
}

/// A safe rewrite of a finding: the text from `start` to `end` (the term, with the `a` or `an`
/// before it when that changes too) becomes `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub start: Position,
    /// Just past the last character replaced.
    pub end: Position,
    /// The words replaced, as written.
    pub original: String,
    pub text: String,
    /// Bytes replaced before the term itself (the `a ` of `a whitelist`), for formats that
    /// count columns in bytes.
    pub bytes_before: usize,
}

/// A name that another project defines, met in checked text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct External {
    /// The project that owns the name (`Redis`).
    pub owner: String,
    /// The allowed-phrase group that allows it (`redis`).
    pub group: String,
}

impl Finding {
    /// The message shown for this finding: the rule's message, and for another project's name,
    /// who owns it and how to allow it.
    pub fn message(&self, rule: &crate::rules::Rule) -> String {
        let mut message = rule.message(&self.term);
        if let Some(external) = &self.external {
            message.push_str(&format!(
                " (here `{}` is part of a name that {} defines, which cannot be renamed here; \
                 `allow-groups = [\"{}\"]` allows it)",
                self.term, external.owner, external.group
            ));
        }
        if let Some(fixture) = &self.copied_from {
            message.push_str(&format!(
                " (here `{}` is in a value copied from the fixture `{fixture}`, where it is \
                 reported)",
                self.term
            ));
        }
        message
    }
}

/// Where a finding is in a document that has pages or paragraphs rather than lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based page (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// 1-based slide, in the order the presentation shows them (.pptx).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide: Option<usize>,
    /// The sheet's name (.xlsx).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The cell's reference within its sheet, `B2` (.xlsx).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// 1-based paragraph within its part (.docx, .odt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// The part of the document: `body`, `table`, `header`, `footer`, `footnote`, `endnote`,
    /// `comment`.
    ///
    /// Borrowed for the fixed names, so that a document of a million paragraphs does not hold
    /// a million copies of `body`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Cow<'static, str>>,
}

/// `page 2`, `paragraph 3, in the table`, `sheet Pay, cell B2`: the place as a reader looks
/// for it.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut place = Vec::new();
        if let Some(page) = self.page {
            place.push(format!("page {page}"));
        }
        if let Some(slide) = self.slide {
            place.push(format!("slide {slide}"));
        }
        if let Some(sheet) = &self.sheet {
            place.push(format!("sheet {sheet}"));
        }
        if let Some(cell) = &self.cell {
            place.push(format!("cell {cell}"));
        }
        if let Some(paragraph) = self.paragraph {
            place.push(format!("paragraph {paragraph}"));
        }
        if let Some(part) = &self.part {
            place.push(format!("in the {part}"));
        }
        f.write_str(&place.join(", "))
    }
}

/// The outcome of checking one file (or standard input).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The path as the user gave it, or the stdin name.
    pub path: String,
    /// The format it was read as (`markdown`, `Rust`, …); empty if it was not read.
    pub kind: String,
    /// Findings in order of position.
    pub findings: Vec<Finding>,
    /// Why the file could not be checked, if it could not.
    pub error: Option<String>,
    /// Things worth knowing that did not stop the check (such as invalid UTF-8).
    pub notes: Vec<String>,
    /// Why the file was not checked, when it was left out on purpose.
    pub skipped: Option<Skipped>,
    /// The lowest severity that fails the run for this file (`fail-on`); `None` never fails.
    pub threshold: Option<Severity>,
    /// `ally:` directives that suppressed nothing.
    pub unused_suppressions: Vec<UnusedSuppression>,
    /// Whether this report continues one already handed on for the same file (a very large
    /// file is reported in parts, as it is read).
    pub continued: bool,
    /// What the text is when it is not a file's: a commit message, a pull request's text.
    pub writing: Option<Writing>,
}

/// Words that are not a file's, checked like one: reports point at the commit or the pull
/// request rather than at a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Writing {
    /// A commit's message.
    Commit {
        /// The full hash.
        hash: String,
        /// The short hash, as `git log --oneline` shows it.
        short: String,
        /// The first line of the message.
        subject: String,
    },
    /// A pull request's `title` or `description`.
    PullRequest {
        #[serde(skip_serializing_if = "Option::is_none")]
        number: Option<u64>,
        part: String,
    },
}

/// Why a file was left out without being checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skipped {
    /// Its bytes are not text.
    Binary,
    /// A program wrote it: generated code, a lockfile, a minified bundle.
    Generated,
    /// It is a copy of another project's files.
    Vendored,
}

impl From<crate::walk::Origin> for Skipped {
    fn from(origin: crate::walk::Origin) -> Skipped {
        match origin {
            crate::walk::Origin::Generated => Skipped::Generated,
            crate::walk::Origin::Vendored => Skipped::Vendored,
        }
    }
}

/// A suppression directive that suppressed nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnusedSuppression {
    /// 1-based line of the directive.
    pub line: usize,
    /// 1-based column of the directive.
    pub column: usize,
    /// The directive as written.
    pub text: String,
}

impl FileReport {
    /// A report for a path that could not be read or walked.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> FileReport {
        FileReport {
            path: path.into(),
            error: Some(message.into()),
            ..FileReport::default()
        }
    }
}

/// Totals for a whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files that were read and checked.
    pub files_checked: usize,
    /// Commit messages and pull-request texts that were checked.
    pub messages_checked: usize,
    /// Files skipped because they are binary.
    pub files_skipped: usize,
    /// Files skipped because a program wrote them (generated code, lockfiles).
    pub skipped_generated: usize,
    /// Files skipped because they are copies of other projects (vendored).
    pub skipped_vendored: usize,
    /// Paths that could not be checked.
    pub errors: usize,
    /// Findings of each severity, indexed info, warning, error.
    pub by_severity: [usize; 3],
    /// Findings at or above their file's `fail-on` threshold.
    pub failing: usize,
    /// With a baseline: its entries for checked files that no longer occur (fixed).
    pub baseline_fixed: Option<usize>,
    /// With a baseline: findings it hid.
    pub baseline_matched: usize,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Summary {
    /// Adds one file's outcome.
    pub fn add(&mut self, report: &FileReport) {
        if report.error.is_some() {
            self.errors += 1;
        } else if report.continued {
            // The file was counted with its first part.
        } else if let Some(skipped) = report.skipped {
            match skipped {
                Skipped::Binary => self.files_skipped += 1,
                Skipped::Generated => self.skipped_generated += 1,
                Skipped::Vendored => self.skipped_vendored += 1,
            }
        } else if report.writing.is_some() {
            self.messages_checked += 1;
        } else {
            self.files_checked += 1;
        }
        for finding in &report.findings {
            self.by_severity[finding.severity as usize] += 1;
            if report.threshold.is_some_and(|t| finding.severity >= t) {
                self.failing += 1;
            }
        }
    }

    /// Adds the totals of another run (of other paths).
    pub fn merge(&mut self, other: &Summary) {
        self.messages_checked += other.messages_checked;
        self.files_checked += other.files_checked;
        self.files_skipped += other.files_skipped;
        self.skipped_generated += other.skipped_generated;
        self.skipped_vendored += other.skipped_vendored;
        self.errors += other.errors;
        for (mine, theirs) in self.by_severity.iter_mut().zip(other.by_severity) {
            *mine += theirs;
        }
        self.failing += other.failing;
        self.baseline_matched += other.baseline_matched;
        self.elapsed += other.elapsed;
    }

    /// The number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity[severity as usize]
    }

    /// The total number of findings.
    pub fn findings(&self) -> usize {
        self.by_severity.iter().sum()
    }

    /// The number of findings at or above `threshold`.
    pub fn at_or_above(&self, threshold: Severity) -> usize {
        self.by_severity[threshold as usize..].iter().sum()
    }
}
