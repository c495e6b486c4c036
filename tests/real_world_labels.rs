//! The labelled sample of findings on public repositories (`tests/real-world/labels.jsonl`) is
//! the measure of ally's precision on text nobody here wrote; `scripts/real-world.py precision`
//! reads it. These checks keep it usable: enough labels from enough pinned repositories, each
//! with a reason, and each false positive with a cause class the figures are grouped by.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

const CAUSES: &[&str] = &[
    "external-name",
    "mention",
    "proper-name",
    "other-sense",
    "not-authored",
    "tokenization",
    "quotation",
    "other",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn manifest_names() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("benches/real-world/manifest.toml")).unwrap();
    let manifest: toml::Value = toml::from_str(&text).unwrap();
    manifest["repository"]
        .as_array()
        .unwrap()
        .iter()
        .map(|repo| {
            let commit = repo["commit"].as_str().unwrap();
            assert!(
                commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
                "{repo} is not pinned by a full commit hash"
            );
            repo["name"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn the_real_world_sample_is_large_labelled_and_pinned() {
    let names = manifest_names();
    let text = std::fs::read_to_string(root().join("tests/real-world/labels.jsonl")).unwrap();
    let mut problems = Vec::new();
    let mut keys = HashSet::new();
    let mut repos = BTreeSet::new();
    let mut count = 0;
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = format!("labels.jsonl:{}", number + 1);
        let label: serde_json::Value = match serde_json::from_str(line) {
            Ok(label) => label,
            Err(error) => {
                problems.push(format!("{at}: {error}"));
                continue;
            }
        };
        count += 1;
        let field = |name: &str| label[name].as_str().unwrap_or("").to_owned();
        let repo = field("repo");
        if !names.contains(&repo) {
            problems.push(format!("{at}: repository {repo:?} is not in the manifest"));
        }
        repos.insert(repo.clone());
        let key = (
            repo,
            field("path"),
            label["line"].as_u64(),
            label["column"].as_u64(),
            field("rule"),
        );
        if key.2.is_none() || key.3.is_none() || key.1.is_empty() || key.4.is_empty() {
            problems.push(format!("{at}: path, line, column and rule are all needed"));
        }
        if !keys.insert(key) {
            problems.push(format!("{at}: the same finding is labelled twice"));
        }
        if field("reason").trim().is_empty() {
            problems.push(format!("{at}: no reason"));
        }
        match (field("label").as_str(), label.get("cause").and_then(|c| c.as_str())) {
            ("right", None) => {}
            ("wrong", Some(cause)) if CAUSES.contains(&cause) => {}
            (verdict, cause) => problems.push(format!(
                "{at}: label {verdict:?} with cause {cause:?} (a wrong label needs one of {CAUSES:?}, a right one none)"
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(count >= 800, "only {count} labels");
    assert!(
        repos.len() >= 8,
        "labels from only {} repositories",
        repos.len()
    );
}
