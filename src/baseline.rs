//! Baselines: record today's findings so that a check reports only new ones.
//!
//! A finding's fingerprint is built from its rule, its file (relative to the baseline file), the
//! text of its line with spacing normalised, and its occurrence index among findings of the same
//! rule on identical lines of that file. Line numbers are left out, so unrelated edits above a
//! finding do not make it new again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::absolute;
use crate::finding::{FileReport, Finding};
use crate::rules::RuleSet;

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Hash of the fields below.
    pub fingerprint: String,
    /// Rule id.
    pub rule: String,
    /// Path relative to the baseline file, with `/` separators.
    pub path: String,
    /// The line's text, spacing normalised.
    pub line_text: String,
    /// Which of the identical (rule, path, line text) findings this is, from 0.
    pub occurrence: usize,
}

/// The file format: `{"version": 1, "entries": [...]}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

/// A loaded baseline, consumed as findings match it.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    remaining: HashMap<String, usize>,
    by_path: HashMap<String, usize>,
    seen_paths: HashSet<String>,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = crate::diagnostic::read_data_file(path).map_err(|e| {
            format!(
                "cannot read baseline {}: {}",
                path.display(),
                crate::read::describe(&e)
            )
        })?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a valid ally baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if file.version != 1 {
            return Err(format!(
                "{}: unsupported baseline version {}",
                path.display(),
                file.version
            ));
        }
        let mut remaining = HashMap::new();
        let mut by_path = HashMap::new();
        for entry in file.entries {
            *remaining.entry(entry.fingerprint).or_default() += 1;
            *by_path.entry(entry.path).or_default() += 1;
        }
        Ok(Baseline {
            dir: base_dir(path),
            remaining,
            by_path,
            seen_paths: HashSet::new(),
        })
    }

    /// Removes the findings of `report` that the baseline records; returns how many.
    pub fn filter(&mut self, report: &mut FileReport, rules: &RuleSet) -> usize {
        let path = relative_path(&self.dir, &report.path);
        self.seen_paths.insert(path.clone());
        let prints = fingerprints(&path, &report.findings, rules);
        let before = report.findings.len();
        let mut prints = prints.into_iter();
        report.findings.retain(|_| {
            let print = prints.next().expect("one fingerprint per finding");
            match self.remaining.get_mut(&print) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    if let Some(n) = self.by_path.get_mut(&path) {
                        *n -= 1;
                    }
                    false
                }
                _ => true,
            }
        });
        before - report.findings.len()
    }

    /// Entries for files that were checked but whose findings no longer occur: they were fixed,
    /// and the baseline can be shrunk.
    pub fn fixed(&self) -> usize {
        self.seen_paths
            .iter()
            .filter_map(|p| self.by_path.get(p))
            .sum()
    }
}

/// The baseline entries for a run's reports, with paths relative to the baseline file's
/// directory.
pub fn entries(baseline: &Path, reports: &[FileReport], rules: &RuleSet) -> Vec<Entry> {
    let dir = base_dir(baseline);
    let mut entries = Vec::new();
    for report in reports {
        let path = relative_path(&dir, &report.path);
        let mut occurrences: HashMap<(String, String), usize> = HashMap::new();
        for finding in &report.findings {
            let rule = rules.rule(finding.rule).id.clone();
            let line_text = line_text(finding);
            let occurrence = occurrences
                .entry((rule.clone(), line_text.clone()))
                .or_default();
            entries.push(Entry {
                fingerprint: fingerprint(&rule, &path, &line_text, *occurrence),
                rule,
                path: path.clone(),
                line_text,
                occurrence: *occurrence,
            });
            *occurrence += 1;
        }
    }
    entries
}

/// Writes a baseline file (atomically).
pub fn write(path: &Path, entries: &[Entry]) -> std::io::Result<()> {
    let file = BaselineFile {
        version: 1,
        entries: entries.to_vec(),
    };
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    crate::output::write_atomically(path, text.as_bytes())
}

/// The fingerprints of a file's findings, in order.
fn fingerprints(path: &str, findings: &[Finding], rules: &RuleSet) -> Vec<String> {
    let mut occurrences: HashMap<(&str, String), usize> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let rule = rules.rule(finding.rule).id.as_str();
            let text = line_text(finding);
            let occurrence = occurrences.entry((rule, text.clone())).or_default();
            let print = fingerprint(rule, path, &text, *occurrence);
            *occurrence += 1;
            print
        })
        .collect()
}

/// The finding's line with spacing normalised (long lines are windowed the same way each time).
fn line_text(finding: &Finding) -> String {
    finding
        .excerpt
        .text
        .trim_matches('…')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stable 64-bit FNV-1a hash of the fields, as hex.
pub fn fingerprint(rule: &str, path: &str, line_text: &str, occurrence: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [rule, path, line_text, &occurrence.to_string()] {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn base_dir(baseline: &Path) -> PathBuf {
    absolute(baseline)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// `display` (as the user gave it) relative to the baseline's directory, with `/` separators.
fn relative_path(dir: &Path, display: &str) -> String {
    let absolute = absolute(Path::new(display));
    let relative = absolute.strip_prefix(dir).map_or(absolute.as_path(), |r| r);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinguish_their_fields() {
        let a = fingerprint("whitelist", "docs/a.md", "Add the whitelist.", 0);
        assert_eq!(
            a,
            fingerprint("whitelist", "docs/a.md", "Add the whitelist.", 0)
        );
        assert_ne!(
            a,
            fingerprint("whitelist", "docs/a.md", "Add the whitelist.", 1)
        );
        assert_ne!(
            a,
            fingerprint("whitelist", "docs/b.md", "Add the whitelist.", 0)
        );
        assert_eq!(a.len(), 16);
    }
}
