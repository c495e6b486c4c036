//! Hostile input: each case gives a clean result or a clear message naming the file, and the run
//! always ends. Every run has a deadline far above its normal time, so that a hang fails the
//! test instead of stalling the suite; the deadline is a guard, not a measurement.
//!
//! Inputs are generated here rather than committed.

mod binary;

use std::process::Command;

use binary::{ally, check_json, finding, findings};

#[test]
fn markup_nested_100_000_levels_deep() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let files = [
        ("quotes.md", format!("{} whitelist\n", ">".repeat(depth))),
        ("lists.md", format!("{}whitelist\n", "- ".repeat(depth))),
        ("links.md", format!("{}whitelist\n", "[".repeat(depth))),
        (
            "emphasis.md",
            format!("{}whitelist{}\n", "*_".repeat(depth), "_*".repeat(depth)),
        ),
        (
            "divs.html",
            format!(
                "{}whitelist{}\n",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            ),
        ),
        (
            "comments.html",
            format!("{}whitelist\n", "<!--<!--".repeat(depth)),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (json, code, stderr) = check_json(dir.path(), &["."]);
    // The runs read as data are not checked, and the report says so for each such file.
    for name in ["links.md", "emphasis.md"] {
        assert!(
            stderr.contains(&format!(
                "ally: note: ./{name}: 1 possible findings were not checked: they are inside runs"
            )),
            "{stderr}"
        );
    }
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert_eq!(json["summary"]["files_checked"], files.len());
    let column = |text: &str| text.find("whitelist").unwrap() as u64 + 1;
    // Brackets and emphasis marks leave no space before the term: a run of 200,000 characters
    // without one is read as data (like a minified file or an encoded blob), not as words.
    let mut expected: Vec<_> = files
        .iter()
        .filter(|(name, _)| !["links.md", "emphasis.md"].contains(name))
        .map(|(name, text)| finding(&format!("./{name}"), 1, column(text), "whitelist"))
        .collect();
    expected.sort();
    let mut found = findings(&json);
    found.sort();
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

#[test]
fn a_100_mb_line_is_checked_with_exact_columns() {
    let dir = tempfile::tempdir().unwrap();
    // Multibyte filler, so that a column counted in bytes instead of characters would show.
    let filler = "lorem ipsum é ".repeat(100 * 1024 * 1024 / 15);
    let middle = filler.len() / 2;
    let text = format!(
        "{}whitelist {}blacklist",
        &filler[..middle],
        &filler[middle..]
    );
    std::fs::write(dir.path().join("line.txt"), &text).unwrap();
    let (json, code, stderr) = check_json(dir.path(), &["line.txt"]);
    let chars_before = |term: &str| text[..text.find(term).unwrap()].chars().count() as u64;
    assert_eq!(
        findings(&json),
        [
            finding("line.txt", 1, chars_before("whitelist") + 1, "whitelist"),
            finding("line.txt", 1, chars_before("blacklist") + 1, "blacklist"),
        ]
    );
    assert!(
        stderr.contains("line.txt: a large file (100 MB)"),
        "{stderr}"
    );
    assert_eq!(json["summary"]["files_checked"], 1);
    assert_eq!(code, 1);
}

#[test]
fn a_large_file_is_read_in_windows_without_losing_or_repeating_findings() {
    let dir = tempfile::tempdir().unwrap();
    // 40 MB of short lines, with a term on the lines around every 8 MiB, where the windows are
    // cut, and a phrase broken across two of those lines.
    let size = 40 << 20;
    let near_cut = |offset: usize| (1..5).any(|k| offset.abs_diff(k << 23) < 200);
    let mut text = String::with_capacity(size + 100);
    let mut expected = Vec::new();
    let mut line = 1;
    while text.len() < size {
        if near_cut(text.len()) {
            text.push_str("é a whitelist then a sanity\ncheck\n");
            expected.push(finding("big.txt", line, 5, "whitelist"));
            expected.push(finding("big.txt", line, 22, "sanity-check"));
            line += 2;
        } else {
            text.push_str("ordinary words on a line\n");
            line += 1;
        }
    }
    std::fs::write(dir.path().join("big.txt"), &text).unwrap();
    assert!(expected.len() >= 16, "{}", expected.len());
    let (json, code, stderr) = check_json(dir.path(), &["big.txt"]);
    assert_eq!(findings(&json), expected);
    assert_eq!(json["summary"]["findings"], expected.len());
    assert_eq!(json["summary"]["files_checked"], 1);
    assert!(stderr.contains("big.txt: a large file (40 MB)"), "{stderr}");
    assert_eq!(code, 1);
    // Reports that group findings by file show the file once, with all its findings.
    let junit = ally(dir.path(), &["check", "--format", "junit", "big.txt"]);
    let junit = String::from_utf8(junit.stdout).unwrap();
    assert_eq!(junit.matches("<testsuite ").count(), 1, "{junit}");
    let suite = format!(
        "<testsuite name=\"big.txt\" tests=\"{0}\" failures=\"{0}\"",
        expected.len()
    );
    assert!(junit.contains(&suite), "{junit}");
    let markdown = ally(dir.path(), &["check", "--format", "markdown", "big.txt"]);
    let markdown = String::from_utf8(markdown.stdout).unwrap();
    let heading = format!("## big.txt ({} findings)", expected.len());
    assert_eq!(markdown.matches("## big.txt").count(), 1, "{markdown}");
    assert!(markdown.contains(&heading), "{markdown}");
}

#[test]
fn a_file_of_only_multibyte_characters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plain.txt"), "é日本語🙂".repeat(250_000)).unwrap();
    let term = format!("{}whitelist{}", "日本語 ".repeat(1000), " 🙂".repeat(1000));
    std::fs::write(dir.path().join("term.txt"), term).unwrap();
    let (json, code, stderr) = check_json(dir.path(), &["plain.txt", "term.txt"]);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(findings(&json), [finding("term.txt", 1, 4001, "whitelist")]);
    assert_eq!(json["summary"]["files_checked"], 2);
    assert_eq!(code, 1);
}

#[test]
fn nul_padded_text_is_skipped_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut padded = b"a whitelist here".to_vec();
    padded.extend(std::iter::repeat_n(0u8, 1 << 20));
    std::fs::write(dir.path().join("padded.txt"), &padded).unwrap();
    let mut leading = vec![0u8; 4096];
    leading.extend_from_slice(b"a whitelist here");
    std::fs::write(dir.path().join("leading.txt"), &leading).unwrap();
    std::fs::write(dir.path().join("text.txt"), "a whitelist here").unwrap();
    let (json, code, stderr) = check_json(dir.path(), &["."]);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(findings(&json), [finding("./text.txt", 1, 3, "whitelist")]);
    assert_eq!(json["summary"]["files_checked"], 1);
    assert_eq!(json["summary"]["files_skipped"], 2);
    assert_eq!(code, 1);
}

#[test]
fn fifos_and_devices_in_the_tree_are_skipped_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.md")).unwrap();
    std::os::unix::fs::symlink("/dev/null", dir.path().join("null.md")).unwrap();
    std::fs::write(dir.path().join("notes.md"), "a whitelist").unwrap();
    // Neither walking nor following links reads the pipe (which would wait for a writer for
    // ever) or the endless device.
    for args in [&["."][..], &["-L", "."][..]] {
        let (json, code, stderr) = check_json(dir.path(), args);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(findings(&json), [finding("./notes.md", 1, 3, "whitelist")]);
        assert_eq!(json["summary"]["files_checked"], 1);
        assert_eq!(code, 1);
    }
}

#[test]
fn files_deleted_during_the_walk_are_errors_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let count = 4000;
    for n in 0..count {
        std::fs::write(dir.path().join(format!("f{n:04}.md")), "a whitelist\n").unwrap();
    }
    let root = dir.path().to_owned();
    let deleter = std::thread::spawn(move || {
        for n in (0..count).rev().step_by(2) {
            let _ = std::fs::remove_file(root.join(format!("f{n:04}.md")));
        }
    });
    let (json, code, stderr) = check_json(dir.path(), &["--threads", "2", "."]);
    deleter.join().unwrap();
    // Every file is reported either checked (one finding), vanished (an error naming it), or
    // not at all (deleted before the walk reached it); nothing else.
    for error in json["errors"].as_array().unwrap() {
        let path = error["path"].as_str().unwrap();
        assert!(path.starts_with("./f") && path.ends_with(".md"), "{error}");
        assert_eq!(error["message"], "no such file or directory", "{error}");
        assert!(stderr.contains(&format!("{path}: no such file or directory")));
    }
    let checked = json["summary"]["files_checked"].as_u64().unwrap();
    assert_eq!(findings(&json).len() as u64, checked);
    assert!(checked >= count as u64 / 2, "{checked}");
    let errors = json["errors"].as_array().unwrap().len();
    assert_eq!(code, if errors > 0 { 2 } else { 1 });
}

#[test]
fn permission_denied_directories_are_errors_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("inside.md"), "a whitelist").unwrap();
    std::fs::write(dir.path().join("open.md"), "a whitelist").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok();
    let result = (!readable).then(|| check_json(dir.path(), &["."]));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some((json, code, stderr)) = result else {
        eprintln!("skipped: this user can read directories without permission (root)");
        return;
    };
    assert_eq!(findings(&json), [finding("./open.md", 1, 3, "whitelist")]);
    assert_eq!(json["errors"][0]["path"], "./locked");
    assert_eq!(json["errors"][0]["message"], "permission denied");
    assert!(
        stderr.contains("ally: error: ./locked: permission denied"),
        "{stderr}"
    );
    assert_eq!(code, 2);
}

#[test]
fn symlink_loops_do_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/notes.md"), "a whitelist").unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("a/up")).unwrap();
    std::os::unix::fs::symlink("loop-b", dir.path().join("a/loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", dir.path().join("a/loop-b")).unwrap();
    // Links are not followed by default, so the loop is never entered.
    let (json, code, stderr) = check_json(dir.path(), &["a"]);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(findings(&json), [finding("a/notes.md", 1, 3, "whitelist")]);
    assert_eq!(code, 1);
    // Following links finds the loops, reports them, and still checks the file.
    let (json, code, stderr) = check_json(dir.path(), &["-L", "a"]);
    assert!(findings(&json).contains(&finding("a/notes.md", 1, 3, "whitelist")));
    assert!(stderr.contains("symbolic link loop"), "{stderr}");
    assert!(stderr.contains("a/loop-a"), "{stderr}");
    assert_eq!(code, 2);
}

#[test]
fn a_rule_file_with_100_000_terms_builds_and_matches() {
    let dir = tempfile::tempdir().unwrap();
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let term = |n: usize| {
        let mut word = String::from("zq");
        let mut rest = n;
        for _ in 0..4 {
            word.push(letters[rest % 26] as char);
            rest /= 26;
        }
        word
    };
    let mut rules = String::new();
    for r in 0..100 {
        let terms: Vec<String> = (r * 1000..(r + 1) * 1000)
            .map(|n| format!("\"{}\"", term(n)))
            .collect();
        rules.push_str(&format!(
            "[[rule]]\nid = \"generated-{r}\"\ncategory = \"generated\"\nseverity = \"warning\"\n\
             terms = [{}]\nalternatives = [\"other\"]\nsummary = \"is a generated term\"\n\
             explanation = \"A generated rule.\"\nguidance = [\"why-words-matter\"]\n\
             sources = [\"https://example.org/\"]\n\n",
            terms.join(", ")
        ));
    }
    std::fs::write(dir.path().join("many.toml"), rules).unwrap();
    let text = format!("{} and {} on a whitelist\n", term(0), term(99_999));
    std::fs::create_dir(dir.path().join("tree")).unwrap();
    std::fs::write(dir.path().join("tree/notes.md"), &text).unwrap();
    let expected = [
        finding("tree/notes.md", 1, 1, "generated-0"),
        finding("tree/notes.md", 1, 12, "generated-99"),
        finding("tree/notes.md", 1, 24, "whitelist"),
    ];
    // A single file (quick-start automaton) and a tree (the fast one) find the same.
    for path in ["tree/notes.md", "tree"] {
        let (json, code, stderr) = check_json(dir.path(), &["--rules", "many.toml", path]);
        assert!(stderr.is_empty(), "{stderr}");
        assert_eq!(findings(&json), expected);
        assert_eq!(code, 1);
    }
}

#[test]
fn a_config_that_lists_itself_as_rules_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ally.toml"),
        "extend-rules = [\"ally.toml\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.md"), "a whitelist").unwrap();
    let output = ally(dir.path(), &["check", "notes.md"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("error: `extend-rules` is a config setting, but this is read as a rule file"),
        "{stderr}"
    );
    assert!(stderr.contains("ally.toml:1:1"), "{stderr}");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn a_pipe_named_on_the_command_line_is_read_once() {
    // As with `ally check <(git show HEAD:notes.md)`: the pipe is the input, read to its end.
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let writer = std::thread::spawn(move || std::fs::write(pipe, "a whitelist\n"));
    let (json, code, stderr) = check_json(dir.path(), &["pipe"]);
    writer.join().unwrap().unwrap();
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(findings(&json), [finding("pipe", 1, 3, "whitelist")]);
    assert_eq!(code, 1);
}

#[test]
fn invisible_characters_inside_a_term_do_not_hide_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Add the host to the white\u{ad}list, the \u{200b}master\u{200d} node.\n\
                Zero\u{2060}width \u{feff}sanity check.\n";
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let (json, code, _) = check_json(dir.path(), &["a.md"]);
    let mut found = findings(&json);
    found.sort();
    assert_eq!(
        found,
        vec![
            finding("a.md", 1, 21, "whitelist"),
            finding("a.md", 1, 38, "master"),
            finding("a.md", 2, 13, "sanity-check"),
        ]
    );
    // The end column counts the soft hyphen: the range covers the term as written.
    assert_eq!(json["findings"][0]["end_column"], 31);
    assert_eq!(code, 1);

    // ally fix replaces the whole term, soft hyphen included, and keeps every other byte.
    let output = ally(dir.path(), &["fix", "a.md"]);
    assert!(output.status.success(), "{output:?}");
    let fixed = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        fixed,
        text.replace("white\u{ad}list", "allowlist")
            .replace("sanity check", "confidence check")
    );
}

#[test]
fn many_findings_cost_time_and_memory_for_those_listed_only() {
    let dir = tempfile::tempdir().unwrap();
    // 400,000 findings on one line: quadratic before (69 s for this size), now linear.
    std::fs::write(dir.path().join("w.txt"), "whitelist ".repeat(400_000)).unwrap();
    let output = ally(dir.path(), &["check", "--format", "short", "w.txt"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout.lines().count(), 10_000);
    assert_eq!(
        stdout.lines().last().unwrap(),
        "w.txt:1:99991: error[whitelist]: `whitelist` can suggest that white means good and \
         black means bad; consider `allowlist`, `allow list` or `permit list`"
    );
    assert!(
        stderr.contains("ally: note: w.txt: about 390000 more findings were not listed"),
        "{stderr}"
    );
}

#[test]
fn under_a_memory_limit_a_file_full_of_findings_does_not_end_the_run() {
    let dir = tempfile::tempdir().unwrap();
    // 409,600 findings: this aborted with "memory allocation failed" under a 250 MB limit, and
    // the report on every other file was lost.
    std::fs::write(dir.path().join("many.txt"), "whitelist\n".repeat(409_600)).unwrap();
    std::fs::write(dir.path().join("other.md"), "Ask the master.\n").unwrap();
    let binary = env!("CARGO_BIN_EXE_ally");
    let script = format!(
        "ulimit -v 400000 && exec {binary} check --isolated --format short -j 1 many.txt other.md"
    );
    let output = binary::run_command(
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(&dir)
            .stdin(std::process::Stdio::null()),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout.lines().count(), 10_001, "{stderr}");
    assert!(stdout.contains("other.md:1:9: warning[master]"), "{stdout}");
    assert!(stderr.contains("about 399600 more findings"), "{stderr}");
}
