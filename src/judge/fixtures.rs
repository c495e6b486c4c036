//! Values a test copies from its fixtures. A Go test that expects the hostname `master-2`
//! found it in `testdata/swarmprom/nodes.json`, a dump captured from a real cluster: the test
//! cannot be changed without the fixture, and the fixture is where the name is reported. Such a
//! copy is reported at `info`, with the fixture's path, so one name fails a build once.
//!
//! Only string literals of test files are judged, and only values that look captured: one
//! token that holds more than the term (`master-2`, `k8s-master-01`), not the bare word, which
//! is the author's own choice wherever it is written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::finding::Finding;
use crate::rules::Severity;
use crate::scope::Scope;

/// Folders that hold the inputs and recorded outputs of tests, by the names test frameworks
/// give them.
const FIXTURE_FOLDERS: &[&str] = &[
    "testdata",
    "test_data",
    "test-data",
    "fixtures",
    "__fixtures__",
];

/// How many folders up from a test file a fixture folder is looked for (`tests/unit/test_a.py`
/// and `tests/fixtures/`).
const FOLDERS_UP: usize = 2;

/// Fixture files larger than this are not read: a value copied into a test comes from a
/// readable dump, not from a bulk data set.
const MAX_FIXTURE_FILE: u64 = 1 << 20;

/// At most this many bytes, in at most this many files, are kept for one folder.
const MAX_FIXTURE_BYTES: usize = 16 << 20;
const MAX_FIXTURE_FILES: usize = 2_000;

/// The files of a fixture folder, read once and shared by every test that sits near it.
#[derive(Debug, Default)]
struct FixtureFiles {
    /// Each file's path relative to the folder that holds the fixture folder, and its bytes.
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// The fixture folders met so far, by the folder that holds them.
#[derive(Debug, Default)]
pub struct Fixtures {
    folders: Mutex<HashMap<PathBuf, Arc<FixtureFiles>>>,
}

impl Fixtures {
    /// Marks each finding of a test file whose string literal copies a value from a nearby
    /// fixture: at most `info`, with the fixture's path as the report shows it.
    pub fn mark_copies(&self, path: &Path, display: &str, findings: &mut [Finding]) {
        let could_be_copied = |finding: &Finding| {
            finding.scope == Scope::String
                && finding.severity != Severity::Info
                && finding.copied_from.is_none()
        };
        // Most files have no such finding: the path is then not looked at.
        if !findings.iter().any(could_be_copied) || !is_test_file(Path::new(display)) {
            return;
        }
        for finding in findings.iter_mut() {
            if !could_be_copied(finding) {
                continue;
            }
            let Some(value) = captured_value(finding) else {
                continue;
            };
            if let Some(fixture) = self.fixture_holding(path, value) {
                let shown = Path::new(display)
                    .parent()
                    .map_or(fixture.clone(), |parent| parent.join(&fixture));
                finding.severity = Severity::Info;
                finding.copied_from = Some(shown.to_string_lossy().into_owned().into());
            }
        }
    }

    /// The first fixture file, relative to the test's folder, that holds `value` as a whole
    /// value (between quotes, or ending a line).
    fn fixture_holding(&self, test: &Path, value: &str) -> Option<PathBuf> {
        let mut up = PathBuf::new();
        let mut folder = test.parent()?;
        for _ in 0..=FOLDERS_UP {
            let files = self.files_near(folder);
            for (relative, bytes) in &files.files {
                if holds_value(bytes, value.as_bytes()) {
                    return Some(up.join(relative));
                }
            }
            folder = folder.parent()?;
            up.push("..");
        }
        None
    }

    /// The fixture files in the fixture folders directly inside `folder`, read on first use.
    fn files_near(&self, folder: &Path) -> Arc<FixtureFiles> {
        if let Some(files) = self.lock().get(folder) {
            return files.clone();
        }
        let mut files = FixtureFiles::default();
        let mut budget = MAX_FIXTURE_BYTES;
        for name in FIXTURE_FOLDERS {
            let fixture = folder.join(name);
            if fixture.is_dir() {
                read_folder(&fixture, Path::new(name), &mut files, &mut budget);
            }
        }
        let files = Arc::new(files);
        self.lock().insert(folder.to_owned(), files.clone());
        files
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<FixtureFiles>>> {
        // A worker that panicked left the map whole: every insert is one call.
        self.folders
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Reads the small files under `folder` (in name order, so the path named is always the same),
/// until the byte budget is spent. Unreadable entries are passed over: the fixtures only soften
/// findings, and a test's own report says nothing about them.
fn read_folder(folder: &Path, relative: &Path, into: &mut FixtureFiles, budget: &mut usize) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        if into.files.len() == MAX_FIXTURE_FILES {
            return;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = relative.join(entry.file_name());
        if kind.is_dir() {
            read_folder(&entry.path(), &name, into, budget);
        } else if kind.is_file() {
            let Ok(metadata) = entry.metadata() else {
                continue;
            };
            if metadata.len() > MAX_FIXTURE_FILE || metadata.len() as usize > *budget {
                continue;
            }
            if let Ok(bytes) = std::fs::read(entry.path()) {
                *budget -= bytes.len();
                into.files.push((name, bytes));
            }
        }
    }
}

/// Whether a path is a test by the conventions of the common test frameworks: `*_test.go`,
/// `test_*.py`, `*.test.ts`, `*.spec.js`, `*Test.java`, or a file under `test/`, `tests/`,
/// `__tests__/` or `spec/`.
fn is_test_file(path: &Path) -> bool {
    let in_test_folder = path.parent().is_some_and(|parent| {
        parent.components().any(|component| {
            matches!(
                component.as_os_str().to_str(),
                Some("test" | "tests" | "__tests__" | "spec")
            )
        })
    });
    if in_test_folder {
        return true;
    }
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name);
    stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("Test")
        || stem.ends_with("Tests")
        || name.contains(".test.")
        || name.contains(".spec.")
}

/// The string literal around a finding, when it looks captured rather than chosen: one token,
/// longer than the term, on one line.
fn captured_value(finding: &Finding) -> Option<&str> {
    let excerpt = &finding.excerpt;
    let before = excerpt.text.get(..excerpt.highlight.start)?;
    let after = excerpt.text.get(excerpt.highlight.end..)?;
    let opening = before.rfind(['"', '\'', '`', '\n'])?;
    let quote = before[opening..].chars().next()?;
    if quote == '\n' {
        return None;
    }
    let closing = excerpt.highlight.end + after.find(quote)?;
    let value = &excerpt.text[opening + 1..closing];
    let looks_captured = value.len() > excerpt.highlight.len()
        && value.len() <= 100
        && !value.contains(char::is_whitespace)
        && value
            .chars()
            .any(|c| c.is_ascii_digit() || c == '-' || c == '_' || c == '.');
    looks_captured.then_some(value)
}

/// Whether `haystack` holds `value` as a whole value: not inside a longer word on either side.
fn holds_value(haystack: &[u8], value: &[u8]) -> bool {
    memchr::memmem::find_iter(haystack, value).any(|at| {
        let before = at.checked_sub(1).map(|i| haystack[i]);
        let after = haystack.get(at + value.len()).copied();
        let free = |byte: Option<u8>| {
            byte.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        };
        free(before) && free(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_files_follow_the_frameworks_names() {
        for test in [
            "discovery/moby/nodes_test.go",
            "pkg/test_client.py",
            "src/app.test.ts",
            "src/app.spec.js",
            "src/main/java/NodeTest.java",
            "tests/unit/helpers.py",
            "spec/models/user_spec.rb",
        ] {
            assert!(is_test_file(Path::new(test)), "{test}");
        }
        for source in [
            "discovery/moby/nodes.go",
            "src/contest.py",
            "src/latest.ts",
            "tests.md",
        ] {
            assert!(!is_test_file(Path::new(source)), "{source}");
        }
    }

    #[test]
    fn a_whole_value_is_not_part_of_a_longer_one() {
        assert!(holds_value(br#"{"Hostname": "master-2"}"#, b"master-2"));
        assert!(holds_value(b"hostname: master-2\n", b"master-2"));
        assert!(!holds_value(br#""master-22""#, b"master-2"));
        assert!(!holds_value(br#""k8s-master-2""#, b"master-2"));
    }
}
