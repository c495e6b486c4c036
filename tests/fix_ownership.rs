//! `ally fix` replaces a file with a rewritten copy; the copy keeps what the old file had besides
//! its text: owner and group, extended attributes (and so ACLs and security labels), and every
//! name a hard-linked file has. When one of them cannot be kept, the file is left alone with a
//! reason, and the other files are still fixed.

#![cfg(unix)]

mod binary;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use binary::ally;

/// The uid and gid of `nobody` and `nogroup` on most Linux systems; the tests only need an
/// owner that is not the one running them.
const NOBODY: u32 = 65534;

const BEFORE: &str = "Add the host to the whitelist.\n";
const AFTER: &str = "Add the host to the allowlist.\n";

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Gives `path` to `nobody:nogroup`, or says why the test cannot (only root may give files away).
fn give_to_nobody(path: &Path) -> Result<(), String> {
    std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY))
        .map_err(|e| format!("cannot give a file to uid {NOBODY} ({e}); run the tests as root"))
}

/// Whether this process may give files away, which the tests that run ally as `nobody` need.
fn may_give_files_away() -> Result<(), String> {
    let probe = tempfile::NamedTempFile::new().unwrap();
    give_to_nobody(probe.path())
}

/// Runs ally as `nobody` in `dir`, with the same deadline as the shared runner.
fn ally_as_nobody(dir: &Path, args: &[&str]) -> Output {
    binary::run_command(
        Command::new(env!("CARGO_BIN_EXE_ally"))
            .args(args)
            .current_dir(dir)
            .uid(NOBODY)
            .gid(NOBODY)
            .stdin(Stdio::null()),
    )
}

/// A temporary directory that `nobody` can enter (the usual one is owner-only).
fn open_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// The names of the files ally left in `dir`, to see that no temporary file remains.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_fixed_file_keeps_its_owner_and_group_when_root_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.md");
    std::fs::write(&path, BEFORE).unwrap();
    if let Err(reason) = give_to_nobody(&path) {
        println!("skipped: {reason}");
        return;
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = ally(dir.path(), &["fix", "--isolated", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read(&path).unwrap(), AFTER.as_bytes());
    let metadata = std::fs::metadata(&path).unwrap();
    assert_eq!(
        (metadata.uid(), metadata.gid(), metadata.mode() & 0o7777),
        (NOBODY, NOBODY, 0o640),
        "the file still belongs to nobody:nogroup, mode 640"
    );
    assert_eq!(names(dir.path()), ["other.md"]);
}

#[test]
fn a_fixed_file_keeps_its_extended_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xa.md");
    std::fs::write(&path, BEFORE).unwrap();
    if let Err(e) = rustix::fs::setxattr(
        &path,
        "user.origin",
        b"keep",
        rustix::fs::XattrFlags::empty(),
    ) {
        println!("skipped: the temporary directory's file system refuses user xattrs ({e})");
        return;
    }
    let output = ally(dir.path(), &["fix", "--isolated", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read(&path).unwrap(), AFTER.as_bytes());
    let mut value = [0u8; 16];
    let length = rustix::fs::getxattr(&path, "user.origin", &mut value)
        .expect("the fixed file still has user.origin");
    assert_eq!(&value[..length], b"keep");
}

#[test]
fn a_hard_linked_file_is_left_alone_under_every_name_and_the_rest_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("t");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let hard = tree.join("hard.md");
    let link = outside.join("hard_link.md");
    std::fs::write(&hard, BEFORE).unwrap();
    std::fs::hard_link(&hard, &link).unwrap();
    std::fs::write(tree.join("plain.md"), BEFORE).unwrap();
    let output = ally(&tree, &["fix", "--isolated", "."]);
    let stderr = stderr(&output);
    // Left for a person, like a read-only file: not an error.
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "  ./hard.md: has 2 hard links; ally leaves it alone so that every name keeps the \
             same text; 1 fix not written"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&hard).unwrap(), BEFORE.as_bytes());
    assert_eq!(std::fs::read(&link).unwrap(), BEFORE.as_bytes());
    let (a, b) = (
        std::fs::metadata(&hard).unwrap(),
        std::fs::metadata(&link).unwrap(),
    );
    assert_eq!(
        (a.ino(), a.nlink()),
        (b.ino(), 2),
        "still one file, two names"
    );
    assert_eq!(
        std::fs::read(tree.join("plain.md")).unwrap(),
        AFTER.as_bytes()
    );
    assert_eq!(names(&tree), ["hard.md", "plain.md"]);
}

#[test]
fn a_normal_fixed_file_holds_exactly_the_new_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(
        &path,
        b"\xEF\xBB\xBFAdd the host to the whitelist.\r\nLeave this line as it is.\r\nA blacklist",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = ally(dir.path(), &["fix", "--isolated", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"\xEF\xBB\xBFAdd the host to the allowlist.\r\nLeave this line as it is.\r\nA denylist"
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().mode() & 0o7777,
        0o600,
        "mode kept"
    );
    assert_eq!(names(dir.path()), ["notes.md"]);
}

#[test]
fn a_file_ally_cannot_give_back_to_its_owner_is_left_alone_with_the_reason() {
    // As nobody, in a directory nobody may write: a root-owned file could be replaced by one
    // owned by nobody (what `sed -i` does). ally refuses instead.
    let dir = open_tempdir();
    let sub = dir.path().join("shared");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("root.md"), BEFORE).unwrap();
    if let Err(reason) = give_to_nobody(&sub) {
        println!("skipped: {reason}");
        return;
    }
    let output = ally_as_nobody(&sub, &["fix", "--isolated", "."]);
    let stderr = stderr(&output);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("root.md: belongs to uid 0 and gid 0"),
        "{stderr}"
    );
    let path = sub.join("root.md");
    assert_eq!(std::fs::read(&path).unwrap(), BEFORE.as_bytes());
    let metadata = std::fs::metadata(&path).unwrap();
    assert_eq!((metadata.uid(), metadata.gid()), (0, 0));
    assert_eq!(names(&sub), ["root.md"]);
}

#[test]
fn a_directory_without_room_for_a_temporary_file_is_named_in_the_error() {
    // As nobody: a world-writable file in a directory only root may write.
    let dir = open_tempdir();
    let sub = dir.path().join("locked");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("open.md");
    std::fs::write(&path, BEFORE).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    if let Err(reason) = may_give_files_away() {
        println!("skipped: {reason}");
        return;
    }
    let output = ally_as_nobody(&sub, &["fix", "--isolated", "."]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let canonical = std::fs::canonicalize(&sub).unwrap();
    let expected = format!(
        "cannot create a temporary file in {}: permission denied",
        canonical.display()
    );
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    assert_eq!(std::fs::read(&path).unwrap(), BEFORE.as_bytes());
}
