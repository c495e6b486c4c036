//! `--diff` and `--staged` against hostile revisions, file names that git quotes, and user git
//! config that changes git's output. Each test builds a throwaway repository; a run that drops a
//! file or lets git read a revision as an option is a failure a user would not see.

mod binary;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use binary::{Found, finding, findings};
use serde_json::Value;

/// A git repository in a temporary directory, with a spare directory beside it for files that
/// must stay outside the repository.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(repo.path()).unwrap();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The repository's top directory.
    fn path(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    /// A path outside the repository.
    fn outside(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &[u8], text: &str) {
        std::fs::write(self.path().join(OsStr::from_bytes(name)), text).unwrap();
    }

    fn append(&self, name: &[u8], text: &str) {
        let path = self.path().join(OsStr::from_bytes(name));
        let mut old = std::fs::read(&path).unwrap();
        old.extend_from_slice(text.as_bytes());
        std::fs::write(path, old).unwrap();
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&[
            "-c",
            "user.email=a@b",
            "-c",
            "user.name=a",
            "commit",
            "-q",
            "-m",
            message,
        ]);
    }

    /// Runs ally in the repository with extra environment variables.
    fn ally(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        ally_in(&self.path(), env, args)
    }

    /// The findings of `ally check --format json ARGS`, sorted, and the exit code.
    fn findings(&self, env: &[(&str, &str)], args: &[&str]) -> (Vec<Found>, i32) {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let output = self.ally(env, &all);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "invalid JSON ({e}): {}\n{stderr}",
                String::from_utf8_lossy(&output.stdout)
            )
        });
        let mut found = findings(&json);
        found.sort();
        (found, output.status.code().expect("ally exits"))
    }
}

/// Runs ally in `dir` with `env` added, killed and failed after the shared deadline (the helper
/// in `binary` takes no environment).
fn ally_in(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    binary::run_command(
        Command::new(env!("CARGO_BIN_EXE_ally"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(dir)
            .stdin(Stdio::null()),
    )
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A repository with one committed file, `a.md`, and an uncommitted line with a finding.
fn repo_with_a_change() -> Repo {
    let repo = Repo::new();
    repo.write(b"a.md", "ok\n");
    repo.commit_all("initial");
    repo.append(b"a.md", "new whitelist\n");
    repo
}

#[test]
fn a_revision_that_looks_like_an_option_is_refused_and_writes_nothing() {
    let repo = repo_with_a_change();
    let victim = repo.outside("victim.txt");
    std::fs::write(&victim, "precious data\n").unwrap();
    let flag = format!("--diff=--output={}", victim.display());
    let output = repo.ally(&[], &["check", &flag]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--output="), "{}", stderr(&output));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious data\n");

    let output = repo.ally(&[], &["check", "--diff=--no-prefix"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--no-prefix"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_revision_that_is_not_a_commit_is_named_in_the_error() {
    let repo = repo_with_a_change();
    // A path in the work tree is not a revision, and neither is a tree.
    for revision in ["a.md", "HEAD^{tree}", "no-such-ref", "HEAD\n--output=x"] {
        let output = repo.ally(&[], &["check", "--diff", revision]);
        assert_eq!(output.status.code(), Some(2), "{revision:?}");
        let said = stderr(&output);
        assert!(said.contains(revision.lines().next().unwrap()), "{said}");
        assert!(!said.contains("shallow"), "{said}");
    }
    assert!(!repo.path().join("x").exists());
}

#[test]
fn a_base_missing_from_a_shallow_clone_gets_a_hint_to_fetch_more_history() {
    let origin = repo_with_a_change();
    origin.commit_all("second");
    let clone = origin.outside("clone");
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", origin.path().display()))
        .arg(&clone)
        .status()
        .unwrap();
    assert!(status.success());
    let output = ally_in(&clone, &[], &["check", "--diff", "HEAD~1"]);
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(said.contains("HEAD~1"), "{said}");
    assert!(said.contains("shallow"), "{said}");
    assert!(said.contains("fetch-depth: 0"), "{said}");
}

/// Names that git C-quotes in a diff (`"`, `\`, tab, newline, invalid UTF-8), a name that looks
/// like an index stage (`0:`), one that starts with `-`, and a plain one to compare with.
const NAMES: [&[u8]; 8] = [
    b"we\"ird.md",
    b"back\\slash.md",
    b"tab\tname.md",
    b"new\nline.md",
    b"n\xff.md",
    b"0:stage.md",
    b"-dash.md",
    b"sp ace.md",
];

/// How ally shows a name in its report: as the user's terminal would, invalid UTF-8 replaced.
fn shown(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

fn repo_with_quoted_names() -> Repo {
    let repo = Repo::new();
    for name in NAMES {
        repo.write(name, "ok\n");
    }
    repo.commit_all("names");
    for name in NAMES {
        repo.append(name, "new whitelist\n");
    }
    repo
}

fn one_finding_per_name(line: u64, untracked: &[u8]) -> Vec<Found> {
    let mut want: Vec<Found> = NAMES
        .iter()
        .map(|name| finding(&shown(name), line, 5, "whitelist"))
        .collect();
    want.push(finding(&shown(untracked), 1, 5, "whitelist"));
    want.sort();
    want
}

#[test]
fn every_quoted_name_keeps_its_finding_with_diff() {
    let repo = repo_with_quoted_names();
    repo.write(b"u\xfe.md", "new whitelist\n");
    let (found, code) = repo.findings(&[], &["--diff", "HEAD"]);
    assert_eq!(found, one_finding_per_name(2, b"u\xfe.md"));
    assert_eq!(code, 1);
}

#[test]
fn every_quoted_name_keeps_its_finding_with_staged() {
    let repo = repo_with_quoted_names();
    repo.write(b"u\xfe.md", "new whitelist\n");
    repo.git(&["add", "-A"]);
    // Unstaged lines are not what a commit would add.
    repo.append(b"we\"ird.md", "unstaged blacklist\n");
    let (found, code) = repo.findings(&[], &["--staged"]);
    assert_eq!(found, one_finding_per_name(2, b"u\xfe.md"));
    assert_eq!(code, 1);
}

#[test]
fn an_added_line_that_looks_like_a_file_header_does_not_end_the_file() {
    let repo = Repo::new();
    let old: String = (1..=20).map(|n| format!("line {n}\n")).collect();
    repo.write(b"a.md", &old);
    repo.commit_all("initial");
    // Two hunks: the first adds a line that reads `+++ b/ghost.md` in the diff.
    let new = old
        .replace("line 2\n", "line 2\n++ b/ghost.md\n")
        .replace("line 19\n", "line 19\nnew whitelist\n");
    repo.write(b"a.md", &new);
    let want = vec![finding("a.md", 21, 5, "whitelist")];
    assert_eq!(repo.findings(&[], &["--diff", "HEAD"]).0, want);
    repo.git(&["add", "-A"]);
    assert_eq!(repo.findings(&[], &["--staged"]).0, want);
}

/// User git config that changes what `git diff` prints, one setting at a time.
const USER_CONFIG: [(&str, &str); 10] = [
    ("diff.noprefix", "true"),
    ("diff.mnemonicPrefix", "true"),
    ("diff.srcPrefix", "x/"),
    ("diff.dstPrefix", "y/"),
    ("diff.relative", "true"),
    ("diff.interHunkContext", "10"),
    ("diff.context", "5"),
    ("color.ui", "always"),
    ("diff.external", "true"),
    ("diff.renames", "copies"),
];

#[test]
fn user_git_config_does_not_change_the_findings() {
    let repo = Repo::new();
    repo.write(b"a.md", "a\nold whitelist\nb\n");
    repo.write(b"moved.md", "one\ntwo\nthree\nfour\n");
    repo.commit_all("initial");
    // Lines 1 and 3 change; line 2 between them is old and must stay unreported.
    repo.write(b"a.md", "a2\nold whitelist\nb2 whitelist\n");
    repo.git(&["mv", "moved.md", "renamed.md"]);
    repo.append(b"renamed.md", "new whitelist\n");
    let want = vec![
        finding("a.md", 3, 4, "whitelist"),
        finding("renamed.md", 5, 5, "whitelist"),
    ];
    for args in [&["--diff", "HEAD"][..], &["--staged"]] {
        if args == ["--staged"] {
            repo.git(&["add", "-A"]);
        }
        assert_eq!(
            repo.findings(&[], args),
            (want.clone(), 1),
            "plain {args:?}"
        );
        for (key, value) in USER_CONFIG {
            let env = [
                ("GIT_CONFIG_COUNT", "1"),
                ("GIT_CONFIG_KEY_0", key),
                ("GIT_CONFIG_VALUE_0", value),
            ];
            assert_eq!(
                repo.findings(&env, args),
                (want.clone(), 1),
                "{key}={value} {args:?}"
            );
        }
        // Environment variables that git reads as diff options.
        for env in [
            [("GIT_DIFF_OPTS", "--unified=5")],
            [("GIT_EXTERNAL_DIFF", "true")],
        ] {
            assert_eq!(repo.findings(&env, args), (want.clone(), 1), "{env:?}");
        }
    }
}
