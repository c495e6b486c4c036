//! Team workflows, driven through the binary in throwaway git repositories: config discovery,
//! suppressions, baselines, changed lines (`--diff`, `--staged`) and the starter config.

mod binary;
mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// A temporary git repository with helpers to write files and run ally or git in it.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.email", "ally@example.org"]);
        repo.git(&["config", "user.name", "ally tests"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn write_bytes(&self, name: &str, bytes: &[u8]) {
        let path = self.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn ally(&self, args: &[&str]) -> Output {
        binary::ally(self.path(), args)
    }

    /// `(path, line, rule)` of each finding of `ally check --format json ARGS`, and the exit code.
    fn findings(&self, args: &[&str]) -> (Vec<(String, u64, String)>, i32) {
        let (json, code, _) = binary::check_json(self.path(), args);
        let found = binary::findings(&json)
            .into_iter()
            .map(|(path, line, _, rule)| (path, line, rule))
            .collect();
        (found, code)
    }
}

fn found(path: &str, line: u64, rule: &str) -> (String, u64, String) {
    (path.to_owned(), line, rule.to_owned())
}

#[test]
fn diff_reports_only_lines_added_since_the_reference() {
    let repo = Repo::new();
    repo.write(
        "docs/guide.md",
        "Old whitelist line.\n\nSecond paragraph.\n",
    );
    repo.write("src/lib.rs", "// the master copy\n");
    repo.commit_all("initial");
    repo.write(
        "docs/guide.md",
        "Old whitelist line.\n\nSecond paragraph with a blacklist.\n\nA new whitelist.\n",
    );
    repo.write("notes.md", "An untracked sanity check.\n");
    let (findings, code) = repo.findings(&["--diff", "HEAD"]);
    assert_eq!(
        findings,
        [
            found("docs/guide.md", 3, "blacklist"),
            found("docs/guide.md", 5, "whitelist"),
            found("notes.md", 1, "sanity-check")
        ]
    );
    assert_eq!(code, 1);
    // Restricted to a path.
    let (findings, _) = repo.findings(&["--diff", "HEAD", "docs"]);
    assert_eq!(findings.len(), 2);
    // A bad reference is an error, not an empty result.
    let output = repo.ally(&["check", "--diff", "no-such-ref"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-ref"));
}

/// Git gives no lines for a document ("Binary files differ"), so a changed one is compared
/// paragraph by paragraph with its earlier version, and a new one is checked whole.
#[test]
fn diff_and_staged_check_changed_and_new_documents_by_paragraph() {
    use support::{DocxParts, docx, odt, p};
    let repo = Repo::new();
    let before = [p(&["An old whitelist."]), p(&["Clean text."])].concat();
    repo.write_bytes("policy.docx", &docx(&before, &DocxParts::default()));
    repo.write("a.md", "Clean.\n");
    repo.commit_all("initial");
    // The old paragraph moves down and two new ones arrive, one of them the same as an old one.
    let after = [
        p(&["A new ", "black", "list."]),
        p(&["An old whitelist."]),
        p(&["Clean text."]),
        p(&["An old whitelist."]),
    ]
    .concat();
    repo.write_bytes("policy.docx", &docx(&after, &DocxParts::default()));
    repo.write_bytes(
        "new.odt",
        &odt(
            "<text:p>Hello guys.</text:p><text:p>A sanity check.</text:p>",
            None,
        ),
    );
    let expected = [
        found("new.odt", 1, "guys"),
        found("new.odt", 2, "sanity-check"),
        found("policy.docx", 1, "blacklist"),
        found("policy.docx", 4, "whitelist"),
    ];
    let (findings, code) = repo.findings(&["--diff", "HEAD"]);
    assert_eq!(findings, expected);
    assert_eq!(code, 1);
    repo.git(&["add", "-A"]);
    let (findings, _) = repo.findings(&["--staged"]);
    assert_eq!(findings, expected);
    // Once committed, nothing in them is new.
    repo.commit_all("documents");
    let (findings, code) = repo.findings(&["--diff", "HEAD"]);
    assert_eq!((findings, code), (vec![], 0));
    // RTF is text to git, but its findings are numbered by the paragraphs of its text too.
    repo.write("notes.rtf", "{\\rtf1 Old whitelist.\\par}");
    repo.commit_all("rtf");
    repo.write(
        "notes.rtf",
        "{\\rtf1\n{\\fonttbl{\\f0 Arial;}}\nOld whitelist.\\par\nNew black{\\b list}.\\par}",
    );
    let (findings, _) = repo.findings(&["--diff", "HEAD"]);
    assert_eq!(findings, [found("notes.rtf", 2, "blacklist")]);
    // Before the first commit, every staged document is new.
    let first = Repo::new();
    first.write_bytes("policy.docx", &docx(&before, &DocxParts::default()));
    first.git(&["add", "-A"]);
    let (findings, _) = first.findings(&["--staged"]);
    assert_eq!(findings, [found("policy.docx", 1, "whitelist")]);
}

/// A hook, a CI job and an editor pass file names; each skips what `ally check .` skips.
#[test]
fn named_and_changed_files_are_skipped_as_the_walk_skips_them() {
    let repo = Repo::new();
    repo.write(".allyignore", "drafts/\n*.log.md\n!keep.log.md\n");
    repo.write(".gitignore", "build/\n");
    repo.write("docs/.ignore", "old.md\n");
    repo.write(".ally.toml", "exclude = [\"external/**\"]\n");
    let names = [
        "drafts/deep/a.md",
        "x.log.md",
        "keep.log.md",
        "build/out.md",
        "docs/old.md",
        "docs/new.md",
        "external/lib.md",
        "a.md",
    ];
    for name in names {
        repo.write(name, "A whitelist.\n");
    }
    let checked = ["a.md", "docs/new.md", "keep.log.md"];
    let paths = |findings: Vec<(String, u64, String)>| -> Vec<String> {
        let mut paths: Vec<String> = findings.into_iter().map(|(p, _, _)| p).collect();
        paths.sort();
        paths
    };
    let (walked, _) = repo.findings(&["."]);
    assert_eq!(paths(walked), ["./a.md", "./docs/new.md", "./keep.log.md"]);
    let mut args = vec!["--"];
    args.extend(names);
    let (named, code) = repo.findings(&args);
    assert_eq!(paths(named), checked);
    assert_eq!(code, 1);
    // Asked for, every named file is checked.
    let mut args = vec!["--no-force-exclude", "--"];
    args.extend(names);
    let (named, _) = repo.findings(&args);
    assert_eq!(paths(named).len(), names.len());
    // `--no-ignore` still leaves the config's `exclude` in force.
    let mut args = vec!["--no-ignore", "--"];
    args.extend(names);
    let (named, _) = repo.findings(&args);
    assert_eq!(paths(named).len(), names.len() - 1);
    // The files a change touches, in the work tree and staged.
    repo.git(&["add", "-f", "-A"]);
    repo.git(&["commit", "-q", "-m", "files"]);
    for name in names {
        repo.write(name, "Clean.\nA blacklist.\n");
    }
    let (changed, _) = repo.findings(&["--diff", "HEAD"]);
    assert_eq!(paths(changed), checked);
    repo.git(&["add", "-f", "-A"]);
    let (staged, _) = repo.findings(&["--staged"]);
    assert_eq!(paths(staged), checked);
    // `ally config` says why a file is skipped.
    let output = repo.ally(&["config", "drafts/deep/a.md"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("excluded = true  # by an ignore file"),
        "{stdout}"
    );
}

#[test]
fn staged_checks_the_index_not_the_working_tree() {
    let repo = Repo::new();
    repo.write("a.md", "Clean.\n");
    repo.commit_all("initial");
    repo.write("a.md", "Clean.\nA staged whitelist.\n");
    repo.git(&["add", "a.md"]);
    repo.write(
        "a.md",
        "Clean.\nA staged whitelist.\nAn unstaged blacklist.\n",
    );
    repo.write("b.md", "An unstaged new file with guys.\n");
    let (findings, code) = repo.findings(&["--staged"]);
    assert_eq!(findings, [found("a.md", 2, "whitelist")]);
    assert_eq!(code, 1);
}

#[test]
fn a_baseline_hides_old_findings_and_survives_unrelated_edits() {
    let repo = Repo::new();
    repo.write("a.md", "The whitelist.\n\nThe whitelist.\n");
    let output = repo.ally(&["baseline"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("recorded 2 findings in .ally-baseline.json")
    );
    // Unrelated lines move the old findings; a third identical line is new.
    repo.write(
        "a.md",
        "Intro.\n\nThe whitelist.\n\nThe whitelist.\n\nThe whitelist.\n\nA blacklist.\n",
    );
    let (findings, code) = repo.findings(&["--baseline", ".ally-baseline.json"]);
    assert_eq!(
        findings,
        [found("a.md", 7, "whitelist"), found("a.md", 9, "blacklist")]
    );
    assert_eq!(code, 1);
    // Fixing a recorded finding is counted so the baseline can be shrunk.
    repo.write("a.md", "The allowlist.\n\nThe whitelist.\n");
    let output = repo.ally(&["check", "--baseline", ".ally-baseline.json"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("the baseline hid 1 finding; 1 entry no longer occur (fixed)"),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_suppression_silences_exactly_one_finding_and_is_not_reported_itself() {
    let repo = Repo::new();
    repo.write(
        "guide.md",
        "<!-- ally:ignore-next-line whitelist -->\nThe whitelist stays for now.\nThe whitelist again.\n\
         <!-- ally:ignore master -->\n",
    );
    repo.write(
        "main.py",
        "MASTER = 1  # ally:ignore master\nslave = 2  # ally:ignore master\n",
    );
    let (findings, _) = repo.findings(&[]);
    assert_eq!(
        findings,
        [
            found("guide.md", 3, "whitelist"),
            found("main.py", 2, "slave")
        ]
    );
    let output = repo.ally(&["check", "--format", "short", "--report-unused-suppressions"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "guide.md:4:6: warning[unused-suppression]: `ally:ignore master` suppresses nothing"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("main.py:2:14: warning[unused-suppression]: `ally:ignore master`"),
        "{stdout}"
    );
}

#[test]
fn the_nearest_config_applies_with_its_overrides() {
    let repo = Repo::new();
    repo.write(".ally.toml", "disable = [\"guys\"]\nexclude = [\"vendor/**\"]\n\n[[overrides]]\npaths = [\"legacy/**\"]\nscope = \"comments\"\n");
    repo.write("a.md", "Hey guys, the whitelist.\n");
    repo.write("vendor/lib.md", "A whitelist.\n");
    repo.write("legacy/old.rs", "let master = 1; // master\n");
    repo.write("sub/.ally.toml", "fail-on = \"never\"\n");
    repo.write("sub/b.md", "Hey guys.\n");
    let (findings, code) = repo.findings(&[]);
    assert_eq!(
        findings,
        [
            found("a.md", 1, "whitelist"),
            found("legacy/old.rs", 1, "master")
        ]
    );
    assert_eq!(code, 1);
    // Checking the subdirectory uses its own config: guys is enabled again, and nothing fails.
    let (findings, code) = repo.findings(&["sub"]);
    assert_eq!(findings, [found("sub/b.md", 1, "guys")]);
    assert_eq!(code, 0);
    // --isolated ignores every config.
    let (findings, _) = repo.findings(&["--isolated", "a.md", "vendor"]);
    assert_eq!(findings.len(), 3);
}

#[test]
fn the_git_branch_names_group_allows_branch_references_when_enabled() {
    let repo = Repo::new();
    repo.write(
        "CONTRIBUTING.md",
        "Run `git fetch` then git rebase origin/master before you push.\n",
    );
    let (findings, _) = repo.findings(&[]);
    assert_eq!(findings, [found("CONTRIBUTING.md", 1, "master")]);
    repo.write(".ally.toml", "allow-groups = [\"git-branch-names\"]\n");
    let (findings, code) = repo.findings(&[]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(code, 0);
}

#[test]
fn pyproject_tool_ally_is_a_config() {
    let repo = Repo::new();
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"demo\"\n\n[tool.ally]\nallow = [\"Master Control\"]\n",
    );
    repo.write("a.md", "Open Master Control. Promote the master.\n");
    let (findings, _) = repo.findings(&[]);
    assert_eq!(findings, [found("a.md", 1, "master")]);
}

#[test]
fn config_errors_name_the_file_line_and_column() {
    let repo = Repo::new();
    repo.write(".ally.toml", "disable = [\"whitelst\"]\n");
    repo.write("a.md", "text\n");
    let output = repo.ally(&["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown rule `whitelst`; did you mean `whitelist`?"),
        "{stderr}"
    );
    assert!(stderr.contains(".ally.toml:1:12"), "{stderr}");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn init_writes_a_starter_that_loads_and_config_prints_the_effective_settings() {
    let repo = Repo::new();
    let output = repo.ally(&["init"]);
    assert!(output.status.success());
    let text = std::fs::read_to_string(repo.path().join(".ally.toml")).unwrap();
    assert!(text.contains("# disable = [\"guys\", \"category:age\"]"));
    assert_eq!(
        repo.ally(&["init"]).status.code(),
        Some(2),
        "refuses to overwrite"
    );
    // Uncommenting every example gives a valid config.
    let uncommented: String = text
        .lines()
        .map(|l| {
            if l.starts_with("# ") && !l.starts_with("# ally") && l.contains(['=', '[']) {
                &l[2..]
            } else {
                l
            }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    // (No team rule file exists here.)
    let uncommented = uncommented.replace("extend-rules = [\"ally-rules.toml\"]", "");
    repo.write(".ally.toml", &uncommented);
    repo.write("vendor/x.rs", "// the master\n");
    let output = repo.ally(&["config", "vendor/x.rs"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("scope = [\"comments\"]"), "{stdout}");
    assert!(stdout.contains("\"master\" = \"info\""), "{stdout}");
    assert!(stdout.contains("excluded = true"), "{stdout}");
    assert!(
        stdout.contains("allow-groups = [\"git-branch-names\"]"),
        "{stdout}"
    );
}

#[test]
fn output_files_are_written_whole() {
    let repo = Repo::new();
    repo.write("a.md", "A whitelist.\n");
    let output = repo.ally(&["check", "--format", "json", "--output", "report.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(json["summary"]["findings"], 1);
}
