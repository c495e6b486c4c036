//! `ally fix` never loses a byte it was not asked to change: exact bytes before and after, for
//! line endings, byte order marks, UTF-16, permissions, symbolic links, read-only files and files
//! that change while ally runs.

mod binary;

use std::process::Output;

use binary::{ally, ally_with_input};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn crlf_and_mixed_line_endings_are_kept_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let before = b"Add it to the whitelist.\r\nA Blacklist\nand 40 man-hours.\r\nno newline at the end: WHITELISTED";
    std::fs::write(dir.path().join("notes.md"), before).unwrap();
    let output = ally(dir.path(), &["fix"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = std::fs::read(dir.path().join("notes.md")).unwrap();
    assert_eq!(
        after,
        b"Add it to the allowlist.\r\nA Denylist\nand 40 person-hours.\r\nno newline at the end: ALLOWLISTED".to_vec()
    );
    assert!(
        stderr(&output).contains("fixed 4 findings in 1 file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn byte_order_marks_and_utf16_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bom.txt"), b"\xEF\xBB\xBFthe whitelist\n").unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "the blacklist\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(dir.path().join("wide.txt"), utf16).unwrap();
    ally(dir.path(), &["fix"]);
    assert_eq!(
        std::fs::read(dir.path().join("bom.txt")).unwrap(),
        b"\xEF\xBB\xBFthe allowlist\n".to_vec()
    );
    let expected: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("the denylist\r\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(
        std::fs::read(dir.path().join("wide.txt")).unwrap(),
        expected
    );
}

#[test]
fn permissions_are_kept_and_symlinks_stay_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("run.sh");
    std::fs::write(&script, "#!/bin/sh\n# update the whitelist\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o751)).unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/real.md"), "The whitelist.\n").unwrap();
    std::os::unix::fs::symlink("docs/real.md", dir.path().join("link.md")).unwrap();
    let output = ally(dir.path(), &["fix", "run.sh", "link.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&script).unwrap(),
        "#!/bin/sh\n# update the allowlist\n"
    );
    assert_eq!(
        std::fs::metadata(&script).unwrap().permissions().mode() & 0o777,
        0o751
    );
    let link = dir.path().join("link.md");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/real.md")).unwrap(),
        "The allowlist.\n"
    );
}

#[test]
fn read_only_files_are_reported_not_forced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.md");
    std::fs::write(&path, "The whitelist.\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = ally(dir.path(), &["fix"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "The whitelist.\n");
    assert!(
        stderr(&output).contains("locked.md: read-only; 1 fix not written"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_that_changed_on_disk_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(&path, "The whitelist.\n").unwrap();
    let original = std::fs::read(&path).unwrap();
    // Someone saves the file between ally reading and writing it.
    std::fs::write(&path, "The whitelist, edited.\n").unwrap();
    let written = ally::fix::write_if_unchanged(&path, &original, b"The allowlist.\n").unwrap();
    assert_eq!(written, ally::fix::Written::ChangedOnDisk);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "The whitelist, edited.\n"
    );
}

#[test]
fn fix_is_idempotent_and_check_then_reports_none_of_the_fixed_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "The whitelist and the master/slave pair.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.py"),
        "# blacklisted hosts\nBLACKLIST = []\n",
    )
    .unwrap();
    ally(
        dir.path(),
        &["fix", "--replace", "master-slave=primary/replica"],
    );
    let first = (
        std::fs::read(dir.path().join("a.md")).unwrap(),
        std::fs::read(dir.path().join("b.py")).unwrap(),
    );
    assert_eq!(
        first.0,
        b"The allowlist and the primary/replica pair.\n".to_vec()
    );
    let again = ally(
        dir.path(),
        &["fix", "--replace", "master-slave=primary/replica"],
    );
    assert!(
        stderr(&again).contains("fixed 0 findings in 0 files"),
        "{}",
        stderr(&again)
    );
    let second = (
        std::fs::read(dir.path().join("a.md")).unwrap(),
        std::fs::read(dir.path().join("b.py")).unwrap(),
    );
    assert_eq!(first, second);
    // What is left is the identifier, which fix does not rename by default.
    let check = ally(dir.path(), &["check", "--format", "short"]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "b.py:2:1: error[blacklist]: `BLACKLIST` can suggest that black means bad and white means good; consider `denylist`, `blocklist` or `deny list`"
        ]
    );
}

#[test]
fn previews_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "The whitelist.\n").unwrap();
    let diff = ally(dir.path(), &["fix", "--diff"]);
    assert_eq!(diff.status.code(), Some(1), "something would change");
    assert_eq!(
        String::from_utf8_lossy(&diff.stdout),
        "--- a/a.md\n+++ b/a.md\n@@ -1 +1 @@\n-The whitelist.\n+The allowlist.\n"
    );
    let dry = ally(dir.path(), &["fix", "--dry-run"]);
    assert_eq!(
        String::from_utf8_lossy(&dry.stdout),
        "a.md:1:5: `whitelist` → `allowlist`\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "The whitelist.\n"
    );
}

#[test]
fn the_diff_applies_with_git_apply_and_equals_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let text = "Keep a whitelist.\nNothing here.\nAnd a Blacklist too.\n";
    std::fs::write(dir.path().join("docs/a.md"), text).unwrap();
    let diff = ally(dir.path(), &["fix", "--diff", "."]);
    let diff = String::from_utf8(diff.stdout).unwrap();
    assert!(
        diff.starts_with("--- a/docs/a.md\n+++ b/docs/a.md\n"),
        "{diff}"
    );
    std::fs::write(dir.path().join("fix.diff"), &diff).unwrap();
    let applied = std::process::Command::new("git")
        .args(["apply", "--unsafe-paths", "fix.diff"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(applied.status.success(), "{}", stderr(&applied));
    let patched = std::fs::read(dir.path().join("docs/a.md")).unwrap();
    std::fs::write(dir.path().join("docs/a.md"), text).unwrap();
    ally(dir.path(), &["fix", "."]);
    assert_eq!(
        std::fs::read(dir.path().join("docs/a.md")).unwrap(),
        patched
    );
    assert_eq!(
        String::from_utf8(patched).unwrap(),
        "Keep an allowlist.\nNothing here.\nAnd a Denylist too.\n"
    );
}

#[test]
fn documents_and_invalid_utf8_are_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"the whitelist \xff\n").unwrap();
    let output = ally(dir.path(), &["fix"]);
    assert_eq!(
        std::fs::read(dir.path().join("bad.txt")).unwrap(),
        b"the whitelist \xff\n".to_vec()
    );
    assert!(
        stderr(&output).contains("not valid UTF-8, so it cannot be rewritten"),
        "{}",
        stderr(&output)
    );
}

/// A policy owner who runs `ally fix` on a folder of documents gets the safe fixes as tracked
/// changes and learns what is left to change, and where, instead of reading "fixed 0 findings"
/// as "nothing to do".
#[test]
fn fix_lists_the_document_findings_it_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy");
    let original = std::fs::read(fixtures.join("handbook.docx")).unwrap();
    std::fs::write(dir.path().join("handbook.docx"), &original).unwrap();
    let output = ally(dir.path(), &["fix"]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "ally: fixed 5 findings in 1 file\n\
         ally: left 1 finding for a human:\n  \
         handbook.docx: paragraph 1, in the comment: crazy (`crazy`): the alternatives \
         (`surprising`, `baffling` or `unexpected`) need judgement; choose one with \
         `--replace crazy=TEXT`\n"
    );
    assert_ne!(
        std::fs::read(dir.path().join("handbook.docx")).unwrap(),
        original
    );
    // A second run finds only what is left: the tracked changes are the document's new text.
    let again = ally(dir.path(), &["fix", "--dry-run"]);
    assert_eq!(String::from_utf8_lossy(&again.stdout), "");
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let output = ally_with_input(
        dir.path(),
        &["fix", "-", "--stdin-filename", "notes.md"],
        b"Whitelist `whitelist` here.\n",
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "Allowlist `whitelist` here.\n"
    );
}
