//! Changed lines from git, for `--diff REF` (the pull request's changes) and `--staged` (what a
//! commit would add). ally runs the `git` command rather than linking a git library: it is on
//! every machine that has a repository, and it reads every repository format git supports.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::config::absolute;

/// Which lines of a file are new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lines {
    /// The whole file is new (untracked, or added).
    All,
    /// These 1-based line ranges were added or changed.
    Ranges(Vec<RangeInclusive<usize>>),
}

/// The added and changed lines of each file, keyed by absolute path.
#[derive(Clone, Debug, Default)]
pub struct ChangedLines {
    /// The repository's top directory.
    pub root: PathBuf,
    files: HashMap<PathBuf, Lines>,
}

impl ChangedLines {
    /// Lines of the working tree that differ from `reference`, and every untracked file that is
    /// not ignored.
    /// `reference` is the user's: it is refused if git could read it as an option, and checked
    /// to name a commit before the diff runs, so that a typo or a base missing from a shallow
    /// clone is an error and not an empty, passing check.
    pub fn against(reference: &str) -> Result<ChangedLines, String> {
        let root = repository_root()?;
        let commit = resolve_commit(&root, reference)?;
        let diff = git(
            &root,
            &[
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                "--end-of-options",
                &commit,
                "--",
            ],
        )?;
        let mut changed = ChangedLines {
            files: parse_diff(&root, &diff),
            root,
        };
        let untracked = git(
            &changed.root,
            &["ls-files", "--others", "--exclude-standard", "-z"],
        )?;
        for name in untracked.split(|&b| b == 0).filter(|n| !n.is_empty()) {
            let path = changed.root.join(String::from_utf8_lossy(name).as_ref());
            changed.files.insert(path, Lines::All);
        }
        Ok(changed)
    }

    /// Lines that the staged changes add (the index against `HEAD`).
    pub fn staged() -> Result<ChangedLines, String> {
        let root = repository_root()?;
        let diff = git(
            &root,
            &[
                "diff",
                "--cached",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                "--",
            ],
        )?;
        Ok(ChangedLines {
            files: parse_diff(&root, &diff),
            root,
        })
    }

    /// The changed files, sorted.
    pub fn files(&self) -> Vec<&Path> {
        let mut files: Vec<&Path> = self.files.keys().map(PathBuf::as_path).collect();
        files.sort();
        files
    }

    /// Whether `line` of the file at `path` (as shown to the user) is new.
    pub fn contains(&self, path: &Path, line: usize) -> bool {
        match self.files.get(&absolute(path)) {
            Some(Lines::All) => true,
            Some(Lines::Ranges(ranges)) => ranges.iter().any(|r| r.contains(&line)),
            None => false,
        }
    }
}

/// The staged content of a file (`git show :path`).
pub fn staged_content(root: &Path, path: &Path) -> Result<Vec<u8>, String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let spec = format!(":{}", relative.to_string_lossy().replace('\\', "/"));
    git(root, &["show", &spec])
}

/// The object id of the commit that `revision` names, or a message that names the revision and
/// says what to do.
fn resolve_commit(root: &Path, revision: &str) -> Result<String, String> {
    let shown = revision.escape_debug();
    if revision.is_empty() {
        return Err("--diff needs a git revision, such as `origin/main`".to_owned());
    }
    if revision.starts_with('-') {
        return Err(format!(
            "`{shown}` is not a git revision: a revision given to --diff cannot start with `-`"
        ));
    }
    let spec = format!("{revision}^{{commit}}");
    let output = git_output(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )?;
    let id = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() && !id.is_empty() {
        return Ok(id);
    }
    let mut message = format!("`{shown}` does not name a commit in this repository");
    if git(root, &["rev-parse", "--verify", "--quiet", "HEAD"]).is_err() {
        message.push_str("; the repository has no commits yet");
    } else if git(root, &["rev-parse", "--is-shallow-repository"])
        .is_ok_and(|out| out.starts_with(b"true"))
    {
        message.push_str(
            "; this is a shallow clone, so the commit may be in history that it does not have: \
             fetch more of it (for example `fetch-depth: 0` in actions/checkout, or \
             `git fetch --unshallow`)",
        );
    } else {
        message
            .push_str("; check its spelling, or fetch it first (for example `git fetch origin`)");
    }
    Err(message)
}

fn repository_root() -> Result<PathBuf, String> {
    let out = git(Path::new("."), &["rev-parse", "--show-toplevel"])?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// Runs git and returns what it did, whether it succeeded or not.
fn git_output(dir: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new("git")
        .arg("-c")
        .arg("core.quotePath=false")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))
}

/// Runs git and returns its standard output, or a message with what git said.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = git_output(dir, args)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        Err(format!("`git {}` failed: {said}", args.join(" ")))
    }
}

/// The added line ranges of each file in a `--unified=0` diff.
fn parse_diff(root: &Path, diff: &[u8]) -> HashMap<PathBuf, Lines> {
    let text = String::from_utf8_lossy(diff);
    let mut files: HashMap<PathBuf, Lines> = HashMap::new();
    let mut current: Option<PathBuf> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("+++ ") {
            current = name
                .strip_prefix("b/")
                .map(|n| root.join(n.trim_end_matches('\t')));
            if let Some(path) = &current {
                files
                    .entry(path.clone())
                    .or_insert_with(|| Lines::Ranges(vec![]));
            }
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            let Some(added) = hunk.split_whitespace().find(|w| w.starts_with('+')) else {
                continue;
            };
            let mut numbers = added[1..].split(',');
            let start: usize = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let count: usize = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(1);
            if count > 0
                && let Some(Lines::Ranges(ranges)) = files.get_mut(path)
            {
                ranges.push(start..=start + count - 1);
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_ranges_come_from_hunk_headers() {
        let diff = b"diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -3 +3 @@\n-x\n+y\n@@ -10,0 +11,2 @@\n+p\n+q\n@@ -20,4 +21,0 @@\n\
diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n";
        let files = parse_diff(Path::new("/r"), diff);
        assert_eq!(
            files.get(Path::new("/r/a.md")),
            Some(&Lines::Ranges(vec![3..=3, 11..=12]))
        );
        assert_eq!(files.len(), 1);
    }
}
