//! Bad input never stops a run: each file gets a clear message or a clean result, and the other
//! files are still checked. Large inputs are generated here rather than committed.

mod binary;

use binary::{ally, ally_with_input, check_json, finding, findings};

#[test]
fn binary_files_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("image.bin"),
        b"whitelist\0\x01\x02whitelist",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "a whitelist\n").unwrap();
    let (json, code, _) = check_json(dir.path(), &["."]);
    assert_eq!(findings(&json), [finding("./notes.txt", 1, 3, "whitelist")]);
    assert_eq!(json["summary"]["files_skipped"], 1);
    assert_eq!(json["summary"]["files_checked"], 1);
    assert_eq!(code, 1);
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"bad \xff\xfe whitelist\n").unwrap();
    let (json, code, stderr) = check_json(dir.path(), &["bad.txt"]);
    assert_eq!(findings(&json), [finding("bad.txt", 1, 8, "whitelist")]);
    assert!(stderr.contains("bad.txt: not valid UTF-8"), "{stderr}");
    assert_eq!(code, 1);
}

#[test]
fn utf16_with_a_bom_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(
        "first line\r\nthe whitelist\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(dir.path().join("utf16le.txt"), le).unwrap();
    let mut be = vec![0xFE, 0xFF];
    be.extend("ça blacklist".encode_utf16().flat_map(u16::to_be_bytes));
    std::fs::write(dir.path().join("utf16be.txt"), be).unwrap();
    let (json, _, _) = check_json(dir.path(), &["utf16le.txt", "utf16be.txt"]);
    assert_eq!(
        findings(&json),
        [
            finding("utf16le.txt", 2, 5, "whitelist"),
            finding("utf16be.txt", 1, 4, "blacklist")
        ]
    );
}

#[test]
fn a_utf8_bom_does_not_shift_columns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bom.md"), b"\xEF\xBB\xBFwhitelist").unwrap();
    let (json, _, _) = check_json(dir.path(), &["bom.md"]);
    assert_eq!(findings(&json), [finding("bom.md", 1, 1, "whitelist")]);
}

#[test]
fn empty_files_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.md"), b"").unwrap();
    let (json, code, _) = check_json(dir.path(), &["empty.md"]);
    assert!(findings(&json).is_empty());
    assert_eq!(json["summary"]["files_checked"], 1);
    assert_eq!(code, 0);
}

#[test]
fn a_20_mb_single_line_reports_the_right_column() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "lorem ipsum ".repeat(20 * 1024 * 1024 / 12);
    let text = format!("{filler}é whitelist");
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    let (json, code, _) = check_json(dir.path(), &["long.txt"]);
    let column = filler.chars().count() as u64 + 3;
    assert_eq!(
        findings(&json),
        [finding("long.txt", 1, column, "whitelist")]
    );
    assert_eq!(code, 1);
    // The human report shows a window of the line, not 20 MB of it.
    let human = ally(dir.path(), &["check", "long.txt"]);
    let stdout = String::from_utf8_lossy(&human.stdout);
    assert!(
        stdout.len() < 4000,
        "human output is {} bytes",
        stdout.len()
    );
    assert!(stdout.contains(&format!("long.txt:1:{column}")), "{stdout}");
}

#[test]
fn unreadable_files_are_errors_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.md");
    std::fs::write(&secret, "whitelist").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::write(dir.path().join("open.md"), "whitelist").unwrap();
    if std::fs::read(&secret).is_ok() {
        eprintln!("skipped: this user can read files without permission (root)");
        return;
    }
    let (json, code, stderr) = check_json(dir.path(), &["."]);
    assert_eq!(findings(&json), [finding("./open.md", 1, 1, "whitelist")]);
    assert_eq!(json["errors"][0]["path"], "./secret.md");
    assert_eq!(json["errors"][0]["message"], "permission denied");
    assert!(
        stderr.contains("ally: error: ./secret.md: permission denied"),
        "{stderr}"
    );
    assert_eq!(code, 2);
}

#[test]
fn missing_and_dangling_paths_are_errors_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("nowhere.md", dir.path().join("dangling.md")).unwrap();
    std::fs::write(dir.path().join("ok.md"), "fine").unwrap();
    let (json, code, stderr) = check_json(dir.path(), &["dangling.md", "ok.md", "missing.md"]);
    let errors: Vec<&str> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["dangling.md", "missing.md"]);
    assert!(
        stderr.contains("missing.md: no such file or directory"),
        "{stderr}"
    );
    assert_eq!(json["summary"]["files_checked"], 1);
    assert_eq!(code, 2);
}

#[test]
fn a_tree_of_ten_thousand_files_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    for d in 0..100 {
        let sub = dir.path().join(format!("d{d:03}"));
        std::fs::create_dir(&sub).unwrap();
        for f in 0..100 {
            let text = if f == 42 {
                "the whitelist\n"
            } else {
                "nothing to see\n"
            };
            std::fs::write(sub.join(format!("f{f:03}.md")), text).unwrap();
        }
    }
    let (json, code, stderr) = check_json(dir.path(), &["."]);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(json["summary"]["files_checked"], 10_000);
    assert_eq!(findings(&json).len(), 100);
    assert_eq!(findings(&json)[0].0, "./d000/f042.md");
    assert_eq!(code, 1);
}

#[test]
fn stdin_without_a_name_is_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let output = ally_with_input(
        dir.path(),
        &["check", "--format", "short", "-"],
        b"a whitelist here\n",
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("<stdin>:1:3: error[whitelist]"),
        "{stdout}"
    );
}

#[test]
fn version_control_folders_are_never_walked() {
    let dir = tempfile::tempdir().unwrap();
    for folder in [".git/hooks", ".hg", ".svn", "docs/.git"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::write(dir.path().join(folder).join("notes.md"), "a whitelist").unwrap();
    }
    std::fs::write(dir.path().join(".notes.md"), "a whitelist").unwrap();
    let (json, code, _) = check_json(dir.path(), &["--hidden", "--no-ignore", "."]);
    assert_eq!(findings(&json), [finding("./.notes.md", 1, 3, "whitelist")]);
    assert_eq!(code, 1);
}
