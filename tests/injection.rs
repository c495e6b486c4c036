//! What a pull request controls cannot turn against the CI that checks it: file names and lines
//! cannot inject workflow commands or terminal escapes, and a repository's config cannot make
//! ally read or print files outside the project.

mod binary;

use binary::{ally, ally_with_input};

/// Every line of `text` that a GitHub runner would read as a workflow command.
fn workflow_commands(text: &str) -> Vec<&str> {
    text.split(['\n', '\r'])
        .filter(|line| line.starts_with("::"))
        .collect()
}

#[test]
fn a_file_name_cannot_inject_a_workflow_command_on_stdout_or_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let name = "policy\n::error file=README.md,line=1::Injected by a file name\n.docx";
    std::fs::write(dir.path().join(name), "not a zip").unwrap();
    std::fs::write(
        dir.path().join("bad\n::warning::x.md"),
        b"the whitelist \xff\n",
    )
    .unwrap();
    let output = ally(
        dir.path(),
        &["check", "--isolated", "--format", "github", "."],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
    for line in workflow_commands(&stdout)
        .into_iter()
        .chain(workflow_commands(&stderr))
    {
        assert!(
            !line.contains("Injected") || line.contains("%0A"),
            "injected: {line}"
        );
        assert!(!line.starts_with("::warning::x.md"), "injected: {line}");
    }
    // The note about the invalid UTF-8 is sent as an escaped notice, on the file it is about.
    assert!(
        stdout.contains("::notice file=bad%0A%3A%3Awarning%3A%3Ax.md,title=ally::not valid UTF-8"),
        "{stdout}"
    );
    // On stderr the name is shown, with its line breaks as visible stand-ins.
    assert!(
        stderr.contains(
            "ally: error: ./policy␊::error file=README.md,line=1::Injected by a file name␊.docx: "
        ),
        "{stderr}"
    );
}

#[test]
fn human_and_short_output_show_controls_as_visible_stand_ins() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Add \u{1b}[2J\u{1b}]0;title\u{7} the whitelist.\r::add-mask::hunter2\u{202e}\n";
    for format in ["human", "short"] {
        let output = ally_with_input(
            dir.path(),
            &[
                "check",
                "--isolated",
                "--color",
                "never",
                "--format",
                format,
                "--stdin-filename",
                "esc\u{1b}[31m.md",
                "-",
            ],
            line.as_bytes(),
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(1), "{stdout}");
        assert!(
            !stdout.contains(['\u{1b}', '\r', '\u{7}', '\u{202e}']),
            "{stdout:?}"
        );
        assert!(workflow_commands(&stdout).is_empty(), "{stdout}");
        // The column stays the term's real column: one stand-in per character.
        assert!(stdout.contains("esc␛[31m.md:1:24"), "{format}: {stdout}");
        if format == "human" {
            assert!(
                stdout.contains("Add ␛[2J␛]0;title␇ the whitelist.␍::add-mask::hunter2�"),
                "{stdout}"
            );
        }
    }
}

/// A repository whose `.ally.toml` extends the rules with `target`.
fn repository_extending(target: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("a.md"), "hello\n").unwrap();
    std::fs::write(
        dir.path().join(".ally.toml"),
        format!("extend-rules = [{target:?}]\n"),
    )
    .unwrap();
    dir
}

#[test]
fn extend_rules_cannot_read_files_outside_the_project() {
    let secrets = tempfile::tempdir().unwrap();
    let credentials = secrets.path().join("credentials");
    std::fs::write(
        &credentials,
        "[default]\naws_access_key_id = AKIAFAKEFAKEFAKE\n",
    )
    .unwrap();
    let credentials = credentials.to_str().unwrap().to_owned();
    for target in [
        credentials.as_str(),
        "/proc/self/environ",
        "/dev/zero",
        "../../../../../../../../etc/passwd",
    ] {
        let dir = repository_extending(target);
        let output = ally(dir.path(), &["check", "."]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{target}: {stderr}");
        assert!(
            stderr.contains("cannot read rule file"),
            "{target}: {stderr}"
        );
        assert!(!stderr.contains("AKIA"), "{target}: {stderr}");
        assert!(!stderr.contains("PATH="), "{target}: {stderr}");
        assert!(!stderr.contains("root:"), "{target}: {stderr}");
    }
}

#[test]
fn a_symlink_inside_the_project_to_a_file_outside_is_refused() {
    let secrets = tempfile::tempdir().unwrap();
    let secret = secrets.path().join("secret.toml");
    std::fs::write(&secret, "token = hunter2\n").unwrap();
    let dir = repository_extending("rules/link.toml");
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("rules/link.toml")).unwrap();
    let output = ally(dir.path(), &["check", "."]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("outside the project"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn a_rule_file_inside_the_project_still_works_and_a_broken_one_is_quoted() {
    let dir = repository_extending("rules/team.toml");
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(
        dir.path().join("rules/team.toml"),
        "[[rule]]\nid = \"hello\"\nterms = [\"hello\"]\nsummary = \"is a greeting\"\n",
    )
    .unwrap();
    let output = ally(dir.path(), &["check", "--format", "short", "."]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("a.md:1:1: warning[hello]"), "{stdout}");

    // A rule file with a mistake is shown with its lines, so that its author can fix it.
    std::fs::write(
        dir.path().join("rules/team.toml"),
        "[[rule]]\nid = \"hello\"\nterms = [\"hello\"]\nsevrity = \"info\"\n",
    )
    .unwrap();
    let output = ally(dir.path(), &["check", "."]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("sevrity = \"info\""), "{stderr}");
}

#[test]
fn a_file_that_is_not_a_rule_file_is_named_but_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "hello\n").unwrap();
    std::fs::write(
        dir.path().join("creds"),
        "[default]\nkey = AKIAFAKEFAKEFAKE\n",
    )
    .unwrap();
    let output = ally(dir.path(), &["check", "--rules", "creds", "a.md"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("creds:2:7"), "{stderr}");
    assert!(!stderr.contains("AKIA"), "{stderr}");
}

#[test]
fn config_rules_and_baseline_paths_must_be_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "hello\n").unwrap();
    let fifo = dir.path().join("fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in [
        ["check", "--config", "fifo.toml", "a.md"],
        ["check", "--rules", "fifo.toml", "a.md"],
        ["check", "--baseline", "fifo.toml", "a.md"],
        ["check", "--config", "/dev/zero", "a.md"],
        ["check", "--rules", "/dev/zero", "a.md"],
    ] {
        let output = ally(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is not a regular file"),
            "{args:?}: {stderr}"
        );
    }
}
