//! `--check-filenames`: path components are checked like identifiers, even for binary and empty
//! files, and only when asked.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn check(dir: &Path, extra: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["check", "--format", "json"])
        .args(extra)
        .arg("whitelist")
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn path_components_are_findings_only_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("whitelist");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("slaveNode.bin"), b"\0\x01\x02binary").unwrap();
    std::fs::write(sub.join("empty.txt"), b"").unwrap();
    std::fs::write(sub.join("webmaster.txt"), b"").unwrap();

    assert_eq!(check(dir.path(), &[])["findings"], Value::Array(vec![]));

    let json = check(dir.path(), &["--check-filenames", "--scope", "comments"]);
    let findings: Vec<Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            serde_json::json!([
                f["path"],
                f["rule"],
                f["term"],
                f["scope"],
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["location"]
            ])
        })
        .collect();
    let part = serde_json::json!({"part": "file name"});
    assert_eq!(
        findings,
        [
            serde_json::json!([
                "whitelist/empty.txt",
                "whitelist",
                "whitelist",
                "identifier",
                1,
                1,
                1,
                1,
                part
            ]),
            serde_json::json!([
                "whitelist/slaveNode.bin",
                "whitelist",
                "whitelist",
                "identifier",
                1,
                1,
                1,
                1,
                part
            ]),
            serde_json::json!([
                "whitelist/slaveNode.bin",
                "slave",
                "slave",
                "identifier",
                1,
                1,
                1,
                1,
                part
            ]),
            serde_json::json!([
                "whitelist/webmaster.txt",
                "whitelist",
                "whitelist",
                "identifier",
                1,
                1,
                1,
                1,
                part
            ]),
        ]
    );
    assert_eq!(json["summary"]["files_skipped"], 1);
}
