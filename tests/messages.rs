//! Commit messages and pull-request text: `ally check --commits REV_RANGE` on a real git history
//! made here (a root commit, a branch and its merge), `--commit-message` on the file git hands
//! a commit-msg hook, and `--pull-request-event` on a recorded GitHub event payload.

mod binary;

use std::path::Path;
use std::process::Command;

use binary::ally;

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_DATE", "2026-12-01T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-12-01T10:00:00Z")
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A history of four commits: a root commit, one on `main`, one on a branch, and the merge.
/// Returns the short hash of each, oldest first.
fn history(dir: &Path) -> [String; 4] {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.email", "ally@example.org"]);
    git(dir, &["config", "user.name", "ally tests"]);
    git(dir, &["config", "core.abbrev", "7"]);
    let commit = |message: &str| {
        git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
        git(dir, &["rev-parse", "--short", "HEAD"])
    };
    let root = commit("Import the whitelist loader\n\nThe old code kept a blacklist too.");
    git(dir, &["checkout", "-q", "-b", "feature"]);
    let feature = commit("Handle the crazy case");
    git(dir, &["checkout", "-q", "main"]);
    let main = commit("Document the allowlist");
    git(
        dir,
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge the feature for the guys",
            "feature",
        ],
    );
    let merge = git(dir, &["rev-parse", "--short", "HEAD"]);
    [root, feature, main, merge]
}

#[test]
fn commits_of_a_range_are_checked_oldest_first_merges_and_root_included() {
    let dir = tempfile::tempdir().unwrap();
    let [root, feature, _, merge] = history(dir.path());
    let all = ally(
        dir.path(),
        &["check", "--format", "short", "--commits", "HEAD"],
    );
    assert_eq!(all.status.code(), Some(1), "{all:?}");
    assert_eq!(
        stdout(&all),
        format!(
            "commit {root}:1:12: error[whitelist]: `whitelist` can suggest that white means good and black means bad; consider `allowlist`, `allow list` or `permit list`\n\
             commit {root}:3:21: error[blacklist]: `blacklist` can suggest that black means bad and white means good; consider `denylist`, `blocklist` or `deny list`\n\
             commit {feature}:1:12: warning[crazy]: `crazy` uses mental illness as shorthand for wrong or extreme; consider `surprising`, `baffling` or `unexpected`\n\
             commit {merge}:1:27: warning[guys]: `guys` uses a masculine word for a mixed group; consider `everyone`, `folks` or `all`\n"
        )
    );
    // A range as CI gives it: what the branch adds to its base, the merge included.
    let range = ally(
        dir.path(),
        &["check", "--format", "short", "--commits", "main~1..main"],
    );
    let lines: Vec<String> = stdout(&range).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with(&format!("commit {feature}:1:12: warning[crazy]")));
    assert!(lines[1].starts_with(&format!("commit {merge}:1:27: warning[guys]")));

    // The JSON says which commit, in full; the summary counts messages, not files.
    let json = ally(
        dir.path(),
        &["check", "--format", "json", "--commits", "HEAD"],
    );
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let first = &value["findings"][0];
    assert_eq!(first["path"], format!("commit {root}"));
    assert_eq!(first["writing"]["kind"], "commit");
    assert_eq!(first["writing"]["short"], root.as_str());
    assert_eq!(
        first["writing"]["hash"],
        git(dir.path(), &["rev-parse", &root]).as_str()
    );
    assert_eq!(first["writing"]["subject"], "Import the whitelist loader");
    assert_eq!(value["summary"]["messages_checked"], 4);
    assert_eq!(value["summary"]["files_checked"], 0);

    // GitHub annotations have no file to point at: they name the commit and the line.
    let github = ally(
        dir.path(),
        &["check", "--format", "github", "--commits", "main~1..main"],
    );
    assert_eq!(
        stdout(&github).lines().nth(1),
        Some(
            format!(
                "::warning title=ally (guys)::commit {merge}, line 1, column 27: `guys` uses a masculine word for a mixed group; consider `everyone`, `folks` or `all` (in “Merge the feature for the guys”)"
            )
            .as_str()
        )
    );
}

#[test]
fn the_config_applies_to_commit_messages_and_a_bad_range_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    history(dir.path());
    std::fs::write(
        dir.path().join(".ally.toml"),
        "disable = [\"guys\"]\nseverity = { crazy = \"info\" }\n",
    )
    .unwrap();
    let output = ally(
        dir.path(),
        &["check", "--format", "short", "--commits", "main~1..main"],
    );
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("info[crazy]"), "{text}");
    assert_eq!(
        output.status.code(),
        Some(0),
        "info does not fail by default"
    );

    // An inline directive in a message suppresses as it does in a file.
    git(
        dir.path(),
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "Quote the old name\n\nally:ignore-next-line whitelist\nIt was called the whitelist.",
        ],
    );
    let quiet = ally(
        dir.path(),
        &["check", "--format", "short", "--commits", "HEAD~1..HEAD"],
    );
    assert_eq!(stdout(&quiet), "");
    assert_eq!(quiet.status.code(), Some(0));

    let bad = ally(dir.path(), &["check", "--commits", "no-such-branch..HEAD"]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.starts_with("ally: error: --commits no-such-branch..HEAD: `git log"),
        "{stderr}"
    );
    let option = ally(dir.path(), &["check", "--commits", "--output=x"]);
    assert_eq!(option.status.code(), Some(2));
    assert!(!dir.path().join("x").exists());
}

#[test]
fn a_commit_message_file_is_checked_without_git_comments_or_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    std::fs::write(
        dir.path().join("COMMIT_EDITMSG"),
        "Fix the whitelist check\n\n# Please enter the commit message for your changes.\n# On branch master\nIt was crazy slow.\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n+the blacklist\n",
    )
    .unwrap();
    let output = ally(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--commit-message",
            "COMMIT_EDITMSG",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "COMMIT_EDITMSG:1:9: error[whitelist]: `whitelist` can suggest that white means good and black means bad; consider `allowlist`, `allow list` or `permit list`\n\
         COMMIT_EDITMSG:5:8: warning[crazy]: `crazy` uses mental illness as shorthand for wrong or extreme; consider `surprising`, `baffling` or `unexpected`\n"
    );
    let missing = ally(dir.path(), &["check", "--commit-message", "NOPE"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("NOPE"));
}

#[test]
fn a_pull_request_event_gives_its_title_and_description() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("event.json"),
        r#"{"action":"opened","number":12,"pull_request":{"number":12,"title":"Drop the whitelist","body":"Hi all,\r\nthe master branch is gone."}}"#,
    )
    .unwrap();
    let output = ally(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--pull-request-event",
            "event.json",
        ],
    );
    assert_eq!(
        stdout(&output),
        "pull request #12 title:1:10: error[whitelist]: `whitelist` can suggest that white means good and black means bad; consider `allowlist`, `allow list` or `permit list`\n\
         pull request #12 description:2:5: warning[master-branch]: `master branch` is the old default branch name, which hosting services have replaced with `main`; consider `main branch` or `default branch`\n"
    );
    std::fs::write(dir.path().join("bad.json"), "{").unwrap();
    let bad = ally(dir.path(), &["check", "--pull-request-event", "bad.json"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr)
            .contains("--pull-request-event bad.json: the event payload is not valid JSON"),
        "{bad:?}"
    );
}
