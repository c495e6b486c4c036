//! Running the ally binary from integration tests: a run with a deadline, the JSON document of
//! `ally check`, and its findings as plain tuples that read well in `assert_eq!`.

#![allow(dead_code, unreachable_pub)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

/// Far above any normal run, even of a debug build on a busy machine. A guard that turns a hang
/// into a failed test, not a measurement.
pub const DEADLINE: Duration = Duration::from_secs(180);

/// Runs ally in `dir` with no standard input, failing the test if it has not finished by the
/// deadline.
pub fn ally(dir: &Path, args: &[&str]) -> Output {
    run(dir, args, None)
}

/// Runs ally in `dir` with `input` on standard input, failing the test if it has not finished
/// by the deadline.
pub fn ally_with_input(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    run(dir, args, Some(input.to_vec()))
}

fn run(dir: &Path, args: &[&str], input: Option<Vec<u8>>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ally"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    run_with_input(&mut command, input)
}

/// Runs any command (ally with an environment, or a shell that sets a limit and then runs
/// ally) with the standard input the caller gave it, failing the test if it has not finished by
/// the deadline.
pub fn run_command(command: &mut Command) -> Output {
    run_with_input(command, None)
}

fn run_with_input(command: &mut Command, input: Option<Vec<u8>>) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // Written from another thread, so that a large input cannot block against a full
        // output pipe; closing the pipe ends ally's input.
        std::thread::spawn(move || stdin.write_all(&input));
    }
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(DEADLINE) {
        Ok(output) => output.expect("the command's output is read"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("{command:?} did not finish within {DEADLINE:?}");
        }
    }
}

/// Runs `ally check --format json ARGS` in `dir` and returns the document, the exit code and
/// standard error. Fails the test if ally panicked or printed something that is not JSON.
pub fn check_json(dir: &Path, args: &[&str]) -> (Value, i32, String) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let output = ally(dir, &all);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "invalid JSON ({e}): {}\n{stderr}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (json, output.status.code().expect("ally exits"), stderr)
}

/// A finding as `(path, line, column, rule)`.
pub type Found = (String, u64, u64, String);

/// Each finding of a JSON document, in the order ally reported them.
pub fn findings(json: &Value) -> Vec<Found> {
    json["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The finding a test expects.
pub fn finding(path: &str, line: u64, column: u64, rule: &str) -> Found {
    (path.to_owned(), line, column, rule.to_owned())
}

/// Writes `text` to `name` below `root`, creating its folders.
pub fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The findings of `ally check --format json ARGS` in `root`.
pub fn findings_of(root: &Path, args: &[&str]) -> Vec<Found> {
    findings(&check_json(root, args).0)
}
