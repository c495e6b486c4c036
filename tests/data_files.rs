//! Data files are read as data: in YAML, JSON, TOML, INI and CSV, keys and values of one token
//! are names (identifier scope), values written as words are text (string scope), and comments
//! are comments. Each test runs the binary on files in a temporary directory and checks the
//! findings' exact place and scope.

mod binary;

use binary::check_json;
use serde_json::Value;

/// A finding as `(path, line, column, rule, scope)`.
type Row = (String, u64, u64, String, String);

fn row(path: &str, line: u64, column: u64, rule: &str, scope: &str) -> Row {
    (
        path.to_owned(),
        line,
        column,
        rule.to_owned(),
        scope.to_owned(),
    )
}

fn rows(json: &Value) -> Vec<Row> {
    json["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .map(|f| {
            row(
                f["path"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["scope"].as_str().unwrap(),
            )
        })
        .collect()
}

/// Writes `files` into a new directory and checks each of them, in the order given, with the
/// default scopes and the built-in rules (and the rule file `rules`, if any).
fn check(files: &[(&str, &str)], rules: Option<&str>) -> Vec<Row> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut args = vec!["--isolated", "--hidden"];
    if let Some(rules) = rules {
        std::fs::write(dir.path().join("extra-rules.toml"), rules).unwrap();
        args.extend(["--rules", "extra-rules.toml"]);
    }
    let mut all = Vec::new();
    for (name, _) in files {
        let mut file_args = args.clone();
        file_args.push(name);
        let (json, code, stderr) = check_json(dir.path(), &file_args);
        assert!(code == 0 || code == 1, "exit {code}: {stderr}");
        assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{json}");
        all.extend(rows(&json));
    }
    all
}

/// The built-in `generic-he` rule checks prose and comments only. This replacement, which a
/// team may load with `--rules`, checks strings too, so that the scope of a data file's values
/// shows in its findings.
const PRONOUNS_IN_STRINGS: &str = r#"
[[rule]]
id = "generic-he"
category = "gender"
severity = "info"
terms = ["he", "him", "his", "himself"]
alternatives = ["they", "them", "their", "themselves"]
summary = "may assume the gender of someone unspecified"
explanation = "Checked in string literals and in the text values of data files too."
scopes = ["prose", "comments", "strings"]
generic-antecedent = true
"#;

const SENTENCE: &str = "The user must confirm his email address";

#[test]
fn a_value_written_as_words_is_text_in_every_data_format() {
    let yaml = format!("description: {SENTENCE}\n");
    let json = format!("{{\n  \"description\": \"{SENTENCE}\"\n}}\n");
    let toml = format!("[project]\ndescription = \"{SENTENCE}\"\n");
    let ini = format!("[metadata]\ndescription = {SENTENCE}\n");
    let csv = format!("id,description\n1,{SENTENCE}\n");
    let files = [
        ("config.yaml", yaml.as_str()),
        ("package.json", json.as_str()),
        ("pyproject.toml", toml.as_str()),
        ("setup.cfg", ini.as_str()),
        ("users.csv", csv.as_str()),
    ];
    // The built-in rule, which checks prose and comments, judges a value written as words as it
    // judges the same sentence in a comment.
    let expected = [
        row("config.yaml", 1, 36, "generic-he", "string"),
        row("package.json", 2, 41, "generic-he", "string"),
        row("pyproject.toml", 2, 38, "generic-he", "string"),
        row("setup.cfg", 2, 37, "generic-he", "string"),
        row("users.csv", 2, 25, "generic-he", "string"),
    ];
    assert_eq!(check(&files, None), expected);
    let found = check(&files, Some(PRONOUNS_IN_STRINGS));
    assert_eq!(
        found,
        [
            row("config.yaml", 1, 36, "generic-he", "string"),
            row("package.json", 2, 41, "generic-he", "string"),
            row("pyproject.toml", 2, 38, "generic-he", "string"),
            row("setup.cfg", 2, 37, "generic-he", "string"),
            row("users.csv", 2, 25, "generic-he", "string"),
        ]
    );
}

#[test]
fn strings_in_code_written_as_words_are_judged_as_sentences_and_names_are_not() {
    let python = format!(
        "x = \"{SENTENCE}\"\nlanguage = \"he\"\nprint(f\"he: {{value}}\")\n\
         print(\"Ask the author; he knows\")\n"
    );
    let config = "mode: his\nnote: his, hers\nwho: The admin said \"his\" twice\n";
    let found = check(&[("app.py", &python), ("values.yaml", config)], None);
    assert_eq!(
        found,
        [
            row("app.py", 1, 28, "generic-he", "string"),
            row("app.py", 4, 24, "generic-he", "string"),
        ]
    );
}

#[test]
fn keys_and_values_of_one_token_are_names() {
    let found = check(
        &[
            ("a.yaml", "mode: master\nmaster_key: x\n\"role\": 'slave'\n"),
            ("b.json", "{\"role\": \"slave\", \"masterKey\": 1}\n"),
            ("c.toml", "[tool.master]\nbranch = \"master\"\n"),
            ("d.ini", "[master]\nmode = master\n"),
            ("e.csv", "master_host,role\nx,slave\n"),
        ],
        None,
    );
    assert_eq!(
        found,
        [
            row("a.yaml", 1, 7, "master", "identifier"),
            row("a.yaml", 2, 1, "master", "identifier"),
            row("a.yaml", 3, 10, "slave", "identifier"),
            row("b.json", 1, 11, "slave", "identifier"),
            row("b.json", 1, 20, "master", "identifier"),
            row("c.toml", 1, 7, "master", "identifier"),
            row("c.toml", 2, 11, "master", "identifier"),
            row("d.ini", 1, 2, "master", "identifier"),
            row("d.ini", 2, 8, "master", "identifier"),
            row("e.csv", 1, 1, "master", "identifier"),
            row("e.csv", 2, 3, "slave", "identifier"),
        ]
    );
}

#[test]
fn comments_stay_comments_and_hashes_in_values_do_not_open_them() {
    let found = check(
        &[
            (
                "a.yaml",
                "# whitelist\nmode: x # whitelist\nurl: https://example.org/a#whitelist\n",
            ),
            ("b.jsonc", "// whitelist\n{\"a\": 1 /* whitelist */}\n"),
            ("c.toml", "# whitelist\na = \"#\" # whitelist\n"),
            ("d.ini", "; whitelist\n# whitelist\ncolor = #whitelist\n"),
            ("e.csv", "# whitelist\na,b\n"),
        ],
        None,
    );
    assert_eq!(
        found,
        [
            row("a.yaml", 1, 3, "whitelist", "comment"),
            row("a.yaml", 2, 11, "whitelist", "comment"),
            row("b.jsonc", 1, 4, "whitelist", "comment"),
            row("b.jsonc", 2, 12, "whitelist", "comment"),
            row("c.toml", 1, 3, "whitelist", "comment"),
            row("c.toml", 2, 11, "whitelist", "comment"),
            row("d.ini", 1, 3, "whitelist", "comment"),
            row("d.ini", 2, 3, "whitelist", "comment"),
            row("d.ini", 3, 10, "whitelist", "identifier"),
            row("e.csv", 1, 3, "whitelist", "comment"),
        ]
    );
}

#[test]
fn github_actions_branch_filters_are_names_and_commands_are_text() {
    let workflow = "\
on:
  push:
    branches: [ master ]
  pull_request:
    branches:
      - master
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Deploy the master build
        if: github.ref == 'refs/heads/master'
        run: |
          make deploy
";
    let found = check(&[(".github/workflows/ci.yml", workflow)], None);
    let path = ".github/workflows/ci.yml";
    assert_eq!(
        found,
        [
            row(path, 3, 17, "master", "identifier"),
            row(path, 6, 9, "master", "identifier"),
            row(path, 11, 26, "master", "string"),
            row(path, 12, 39, "master", "identifier"),
        ]
    );
}

#[test]
fn helm_values_nested_documents() {
    let values = "\
## @section Redis master parameters

master:
  # The user must restart his pods after a change.
  count: 1
  extraFlags: []
  configuration: |
    slave-read-only yes
  service:
    type: ClusterIP
    annotations: {}
replica:
  replicaof: master
  description: Promote a replica when the master fails
  nodeSelector: {role: slave, note: runs next to the master}
  command: [\"redis-server\", \"--replicaof master 6379\"]
image:
  tag: \"7.2\"
";
    let path = "charts/redis/values.yaml";
    let found = check(&[(path, values)], None);
    assert_eq!(
        found,
        [
            row(path, 1, 19, "master", "comment"),
            row(path, 3, 1, "master", "identifier"),
            row(path, 4, 27, "generic-he", "comment"),
            row(path, 8, 5, "slave", "string"),
            row(path, 13, 14, "master", "identifier"),
            row(path, 14, 43, "master", "string"),
            row(path, 15, 24, "slave", "identifier"),
            row(path, 15, 54, "master", "string"),
            row(path, 16, 42, "master", "identifier"),
        ]
    );
}

#[test]
fn a_broken_data_file_is_still_read() {
    let found = check(
        &[
            (
                "a.yaml",
                "key: 'never closed\nnext: the master copy\n[ master",
            ),
            (
                "b.json",
                "{\"a\": \"never closed\n\"b\": \"the master copy\"",
            ),
            ("c.toml", "[table\nd = \"\"\"the master copy"),
            ("d.csv", "a,b\n\"never closed,the master copy\n"),
        ],
        None,
    );
    assert_eq!(
        found,
        [
            row("a.yaml", 2, 11, "master", "string"),
            row("a.yaml", 3, 3, "master", "identifier"),
            row("b.json", 2, 11, "master", "string"),
            row("c.toml", 2, 12, "master", "string"),
            row("d.csv", 2, 19, "master", "string"),
        ]
    );
}
