//! `ally check --report FORMAT=FILE`: more reports from the same run, each written like
//! `--output` (in one step, never checked itself).

mod binary;

use std::path::Path;

use binary::ally;
use serde_json::Value;

const FLAGGED: &str = "Add the host to the whitelist.\n";

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The JSON document without its one field that changes from run to run.
fn without_elapsed(text: &str) -> Value {
    let mut json: Value = serde_json::from_str(text).unwrap();
    json["summary"]
        .as_object_mut()
        .unwrap()
        .remove("elapsed_ms");
    json
}

#[test]
fn one_run_writes_every_report_and_checks_none_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.md"), FLAGGED).unwrap();
    std::fs::create_dir(root.join("out")).unwrap();
    // Reports left by an earlier run, full of the terms they report: this run rewrites them
    // and does not check them.
    for name in ["out/ally.sarif", "out/ally.json", "summary.md"] {
        std::fs::write(root.join(name), "whitelist blacklist whitelist\n").unwrap();
    }
    let output = ally(
        root,
        &[
            "check",
            "--format",
            "short",
            "--report",
            "sarif=out/ally.sarif",
            "--report",
            "json=out/ally.json",
            "--report",
            "markdown=summary.md",
            ".",
        ],
    );
    assert_eq!(
        stdout(&output),
        "./a.md:1:21: error[whitelist]: `whitelist` can suggest that white means good and black \
         means bad; consider `allowlist`, `allow list` or `permit list`\n"
    );
    assert_eq!(stderr(&output), "");
    assert_eq!(output.status.code(), Some(1));

    // Each file holds what `--format` alone prints for the same tree (the reports taken out
    // of it first, as the run above did not check them).
    let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    let written: Vec<String> = ["summary.md", "out/ally.sarif", "out/ally.json"]
        .iter()
        .map(|name| read(name))
        .collect();
    let mut names: Vec<String> = std::fs::read_dir(root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["ally.json", "ally.sarif"],
        "no temporary file is left"
    );
    for name in ["summary.md", "out/ally.sarif", "out/ally.json"] {
        std::fs::remove_file(root.join(name)).unwrap();
    }
    let alone = |format: &str| stdout(&ally(root, &["check", "--format", format, "."]));
    assert_eq!(written[0], alone("markdown"));
    assert_eq!(written[1], alone("sarif"));
    assert_eq!(
        without_elapsed(&written[2]),
        without_elapsed(&alone("json"))
    );
    let json = without_elapsed(&written[2]);
    assert_eq!(json["summary"]["files_checked"], 1);
    assert_eq!(json["findings"][0]["path"], "./a.md");
}

#[test]
fn a_report_path_that_cannot_be_written_is_named_before_anything_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), FLAGGED).unwrap();
    let output = ally(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--report",
            "json=ok.json",
            "--report",
            "sarif=no/such/dir/ally.sarif",
            ".",
        ],
    );
    assert_eq!(
        stderr(&output),
        "ally: error: cannot write no/such/dir/ally.sarif: no such file or directory\n"
    );
    assert_eq!(stdout(&output), "");
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.path().join("ok.json").exists());
}

#[test]
fn a_report_that_fails_at_the_end_is_named_and_the_others_are_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.md"), FLAGGED).unwrap();
    // A directory where the report should go: the temporary file is created beside it, and
    // replacing the directory at the end fails.
    std::fs::create_dir(root.join("taken.sarif")).unwrap();
    let output = ally(
        root,
        &[
            "check",
            "--format",
            "short",
            "--report",
            "sarif=taken.sarif",
            "--report",
            "json=ally.json",
            "a.md",
        ],
    );
    let stderr = stderr(&output);
    assert!(
        stderr.starts_with("ally: error: cannot write taken.sarif: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(output.status.code(), Some(2));
    let json = without_elapsed(&std::fs::read_to_string(root.join("ally.json")).unwrap());
    assert_eq!(json["summary"]["findings"], 1);
    assert!(root.join("taken.sarif").is_dir());
}

#[test]
fn report_arguments_are_checked_with_a_message_that_says_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = ally(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "");
        stderr(&output)
    };
    let message = run(&["check", "--report", "pdf=report.pdf", "."]);
    assert!(
        message.contains(
            "`pdf` is not a report format; use one of human, short, json, sarif, github, \
             checkstyle, junit, gitlab, html, markdown"
        ),
        "{message}"
    );
    let message = run(&["check", "--report", "ally.sarif", "."]);
    assert!(
        message.contains("expected FORMAT=FILE, such as `sarif=ally.sarif`, not `ally.sarif`"),
        "{message}"
    );
    let message = run(&[
        "check",
        "--output",
        "same.json",
        "--report",
        "json=same.json",
        ".",
    ]);
    assert_eq!(
        message,
        "ally: error: same.json is named by more than one --report or --output; give each \
         report its own file\n"
    );
    assert!(!Path::new(&dir.path().join("same.json")).exists());
}

#[test]
fn a_path_may_hold_an_equals_sign_and_help_teaches_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), FLAGGED).unwrap();
    let output = ally(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--report",
            "json=a=b.json",
            "a.md",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(dir.path().join("a=b.json").is_file());

    let help = stdout(&ally(dir.path(), &["check", "--help"]));
    assert!(help.contains("--report <FORMAT=FILE>"), "{help}");
    assert!(
        help.contains("ally check --format github --report sarif=ally.sarif"),
        "{help}"
    );
}
