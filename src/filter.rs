//! The filter stage: which of a file's findings a run reports, once they are judged.
//!
//! Inline suppressions are applied while a file is checked, because they are part of its text.
//! What this stage adds is what the run knows and a single file does not: the lines a change
//! touched (`--diff`, `--staged`), the findings a baseline already records, and whether unused
//! suppression directives are worth reporting. Every front end (`ally check`, `ally baseline`,
//! the language server, the GitHub Action through the CLI) passes its reports through one
//! [`Filter`], so they agree on what is new.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::baseline::Baseline;
use crate::check::Checked;
use crate::documents::{self, DocumentType, Limits};
use crate::finding::{FileReport, Summary};
use crate::git::{ChangedLines, Lines, add_line};
use crate::rules::RuleSet;
use crate::walk::{Input, relative_to_current_dir};

/// What a run reports of the findings it judged. The default reports everything.
#[derive(Debug)]
pub struct Filter {
    changed: Option<ChangedLines>,
    staged: bool,
    baseline: Option<Baseline>,
    unused_suppressions: bool,
    baseline_matched: usize,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            changed: None,
            staged: false,
            baseline: None,
            unused_suppressions: true,
            baseline_matched: 0,
        }
    }
}

impl Filter {
    /// A filter that reports every finding and every unused suppression.
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Reports only findings on the lines that `changed` says are new. With `staged`, the files
    /// are read from the index (what a commit would add) rather than from the work tree.
    /// A changed document (.docx, .odt, .pdf, .rtf), whose findings are numbered by the lines
    /// of its extracted text and not of the file, is compared paragraph by paragraph: see
    /// [`document_changes`].
    pub fn changed_lines(mut self, mut changed: ChangedLines, staged: bool) -> Filter {
        let documents: Vec<(PathBuf, DocumentType)> = changed
            .files()
            .into_iter()
            .filter_map(|path| Some((path.to_path_buf(), DocumentType::detect(path)?)))
            .collect();
        for (path, kind) in documents {
            // A document that cannot be compared is checked whole: nothing is lost.
            let lines = document_changes(&changed, &path, kind).unwrap_or(Lines::All);
            changed.set_lines(&path, lines);
        }
        self.changed = Some(changed);
        self.staged = staged;
        self
    }

    /// Hides the findings that `baseline` records.
    pub fn baseline(mut self, baseline: Baseline) -> Filter {
        self.baseline = Some(baseline);
        self
    }

    /// Whether directives that suppress nothing are reported.
    pub fn unused_suppressions(mut self, report: bool) -> Filter {
        self.unused_suppressions = report;
        self
    }

    /// The inputs a change selects under `paths` (all of them when `paths` is empty), or `None`
    /// when every walked file is to be checked.
    pub fn inputs(&self, paths: &[PathBuf]) -> Option<Vec<Input>> {
        let changed = self.changed.as_ref()?;
        let roots: Vec<PathBuf> = paths
            .iter()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
            .collect();
        let inputs = changed
            .files()
            .into_iter()
            .filter(|file| roots.is_empty() || roots.iter().any(|root| file.starts_with(root)))
            .filter(|file| self.staged || file.is_file())
            .map(|file| {
                let display = relative_to_current_dir(file);
                let path = file.to_path_buf();
                if self.staged {
                    let root = changed.root.clone();
                    Input::Staged {
                        path,
                        display,
                        root,
                    }
                } else {
                    Input::File {
                        path,
                        display,
                        listed: false,
                    }
                }
            })
            .collect();
        Some(inputs)
    }

    /// Removes from a checked text what this run does not report: the form the language
    /// server holds, for the file at `path` (as the user would write it).
    pub fn apply_checked(&mut self, path: &str, checked: &mut Checked, rules: &RuleSet) {
        let mut report = FileReport {
            path: path.to_owned(),
            findings: std::mem::take(&mut checked.findings),
            ..FileReport::default()
        };
        self.apply(&mut report, rules);
        checked.findings = report.findings;
        if !self.unused_suppressions {
            checked.unused_suppressions.clear();
        }
    }

    /// Removes from `report` what this run does not report.
    pub fn apply(&mut self, report: &mut FileReport, rules: &RuleSet) {
        if let Some(changed) = &self.changed {
            let path = Path::new(&report.path);
            report
                .findings
                .retain(|f| changed.contains(path, f.start.line));
        }
        if let Some(baseline) = &mut self.baseline {
            self.baseline_matched += baseline.filter(report, rules);
        }
        if !self.unused_suppressions {
            report.unused_suppressions.clear();
        }
    }

    /// Adds what the filter hid to the run's totals.
    pub fn finish(&self, summary: &mut Summary) {
        summary.baseline_matched = self.baseline_matched;
        summary.baseline_fixed = self.baseline.as_ref().map(Baseline::fixed);
    }
}

/// The new lines of a changed document's extracted text, where a line is a paragraph (a line of
/// a page in a PDF): those whose text the earlier version does not have, counted as a multiset,
/// so that a paragraph added twice is new once. Findings in a document are numbered by these
/// lines, so the line filter then reports what the change wrote and not what it moved.
/// `None` for a new document, or one whose versions cannot be read.
fn document_changes(changed: &ChangedLines, path: &Path, kind: DocumentType) -> Option<Lines> {
    let limits = Limits::default();
    let before = documents::extract(kind, &changed.before(path)?, &limits).ok()?;
    let after = changed.after(path, kind.max_file_size()).ok()?;
    let after = documents::extract(kind, &after, &limits).ok()?;
    let mut earlier: HashMap<&str, usize> = HashMap::new();
    for line in before.text.lines() {
        *earlier.entry(line).or_default() += 1;
    }
    let mut ranges: Vec<std::ops::RangeInclusive<usize>> = Vec::new();
    for (index, line) in after.text.lines().enumerate() {
        match earlier.get_mut(line) {
            Some(count) if *count > 0 => *count -= 1,
            _ => add_line(&mut ranges, index + 1),
        }
    }
    Some(Lines::Ranges(ranges))
}
