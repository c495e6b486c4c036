//! Fingerprints that tell apart repeated identical findings, shared by the SARIF and GitLab
//! reports.
//!
//! A fingerprint hashes the rule, the file and the text of the finding's line, not its line
//! number, so that it stays the same when unrelated lines move. Findings that agree on all three
//! (`whitelist and whitelist`, or the same line twice in a file) are then told apart by their
//! occurrence: the first such finding is 0, the next 1, and so on, in the order of the file.

use std::collections::HashMap;

use crate::baseline::fingerprint;

/// Counts the findings of a run by file, rule and line text, and gives each its fingerprint.
///
/// The count covers the whole run, not one file report, so that the parts of a very large file
/// (reported as it is read) and a path given twice still get distinct fingerprints.
#[derive(Debug, Default)]
pub(crate) struct Fingerprints {
    /// Findings seen so far, keyed by the fingerprint of their first occurrence (a hash of the
    /// file, rule and line text, so that the key stays small however long the line is).
    seen: HashMap<String, usize>,
}

impl Fingerprints {
    /// The fingerprint of the next finding of `rule` in `path` on a line reading `line_text`.
    pub(crate) fn next(&mut self, rule: &str, path: &str, line_text: &str) -> String {
        let first = fingerprint(rule, path, line_text, 0);
        let occurrence = self.seen.entry(first.clone()).or_insert(0);
        let print = if *occurrence == 0 {
            first
        } else {
            fingerprint(rule, path, line_text, *occurrence)
        };
        *occurrence += 1;
        print
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_findings_get_distinct_fingerprints_that_do_not_depend_on_lines() {
        let mut prints = Fingerprints::default();
        let a = prints.next("whitelist", "a.md", "whitelist and whitelist");
        let b = prints.next("whitelist", "a.md", "whitelist and whitelist");
        let c = prints.next("whitelist", "b.md", "whitelist and whitelist");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            a,
            fingerprint("whitelist", "a.md", "whitelist and whitelist", 0)
        );
        assert_eq!(
            b,
            fingerprint("whitelist", "a.md", "whitelist and whitelist", 1)
        );
        // A run where other lines were added first numbers the same findings the same way.
        let mut later = Fingerprints::default();
        later.next("master", "a.md", "a new line with master");
        assert_eq!(
            later.next("whitelist", "a.md", "whitelist and whitelist"),
            a
        );
    }
}
