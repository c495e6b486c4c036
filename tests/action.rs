//! The GitHub Action's check step (`action/run.sh`), run here against a local repository with the
//! freshly built binary on PATH, as the composite action runs it after installing ally.

use std::path::Path;
use std::process::{Command, Output};

fn run_action(dir: &Path, inputs: &[(&str, &str)]) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh");
    let binary_dir = Path::new(env!("CARGO_BIN_EXE_ally")).parent().unwrap();
    let path = format!(
        "{}:{}",
        binary_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("bash");
    command.arg(script).current_dir(dir).env("PATH", path);
    for (name, value) in inputs {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn git(dir: &Path, args: &[&str]) {
    assert!(
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .unwrap()
            .success()
    );
}

#[test]
fn the_action_annotates_findings_and_fails_the_job() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "Add the host to the whitelist.\n",
    )
    .unwrap();
    let output = run_action(
        dir.path(),
        &[
            ("INPUT_ARGS", "."),
            ("INPUT_FORMAT", "github"),
            ("INPUT_FAIL_ON", "warning"),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("::error file=README.md,line=1,col=21,"),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(1));
    let output = run_action(dir.path(), &[("INPUT_FAIL_ON", "never")]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn the_action_writes_sarif_and_honours_the_diff_base() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["config", "user.email", "ally@example.org"]);
    git(root, &["config", "user.name", "ally tests"]);
    std::fs::write(root.join("a.md"), "Old whitelist.\n").unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    std::fs::write(root.join("a.md"), "Old whitelist.\nNew blacklist.\n").unwrap();
    let output = run_action(
        root,
        &[
            ("INPUT_ARGS", "."),
            ("INPUT_DIFF_BASE", "HEAD"),
            ("INPUT_SARIF_FILE", "ally.sarif"),
            ("INPUT_FORMAT", "short"),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("a.md:2:5: error[blacklist]"), "{stdout}");
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("ally.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 1);
}
