//! Whose words a finding is in, as met on public repositories: another repository's branch, a
//! hardware interface's register names, a mailing-list program, the handles in a table of
//! people, a licence text, a library that the project's notices file names as third-party.
//! Each is either reported as another project's name (at info, with its owner) or left out as
//! not the author's writing; the author's own words next to them are still findings.

mod binary;

use binary::{check_json, write};
use serde_json::Value;

/// `(line, column, rule, severity, external group)` of each finding of one file.
fn rows(json: &Value) -> Vec<(u64, u64, String, String, Option<String>)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["external"]["group"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn row(
    line: u64,
    column: u64,
    rule: &str,
    severity: &str,
    group: Option<&str>,
) -> (u64, u64, String, String, Option<String>) {
    (
        line,
        column,
        rule.to_owned(),
        severity.to_owned(),
        group.map(str::to_owned),
    )
}

#[test]
fn another_repositorys_branch_is_that_repositorys_name() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "RELEASING.md",
        "- merge the PR into `prometheus-operator/kube-prometheus` master and/or release branch\n\
         - merge the PR into [mixin](https://github.com/kubernetes-monitoring/kubernetes-mixin) master\n\
         - then merge our own PR into master and tag it.\n\
         - nightly builds follow the CPython master branch.\n",
    );
    let (json, code, stderr) = check_json(dir.path(), &["RELEASING.md"]);
    assert_eq!(
        rows(&json),
        [
            row(1, 59, "master", "info", Some("git-branch-names")),
            row(2, 88, "master", "info", Some("git-branch-names")),
            row(3, 30, "master", "warning", None),
            row(4, 37, "master-branch", "info", Some("git-branch-names")),
        ],
        "{stderr}"
    );
    assert_eq!(code, 1, "the project's own branch still fails the run");
    assert_eq!(
        json["findings"][0]["message"].as_str().unwrap(),
        "`master` in computing stays tied to the master/slave metaphor; consider `main`, \
         `primary` or `source` (here `master` is part of a name that another repository \
         defines, which cannot be renamed here; `allow-groups = [\"git-branch-names\"]` allows it)"
    );

    // A team that keeps branch names allows the other repositories' ones too.
    write(
        dir.path(),
        ".ally.toml",
        "allow-groups = [\"git-branch-names\"]\n",
    );
    let (json, _, _) = check_json(dir.path(), &["RELEASING.md"]);
    assert_eq!(rows(&json), [row(3, 30, "master", "warning", None)]);
}

#[test]
fn register_names_of_an_interconnect_and_a_mailing_list_program_belong_to_their_owners() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k1.c",
        "#define CCI_550_SLAVE_IFACE0_OFFSET 0x1000\n\
         int slave_if_id = cci_map[port];\n\
         int slave_count = 2;\n",
    );
    write(
        dir.path(),
        "check.py",
        "MAILMAN_3_PATTERN = re.compile(r\"x\")\nif \"mailman3\" in parts:\n    mailman = 1\n",
    );
    let (json, _, stderr) = check_json(dir.path(), &["k1.c"]);
    assert_eq!(
        rows(&json),
        [
            row(1, 17, "slave", "info", Some("bus-specifications")),
            row(2, 5, "slave", "info", Some("bus-specifications")),
            row(3, 5, "slave", "error", None),
        ],
        "{stderr}"
    );
    let (json, _, stderr) = check_json(dir.path(), &["check.py"]);
    assert_eq!(
        rows(&json),
        [
            row(1, 1, "mailman", "info", Some("gnu-mailman")),
            row(2, 5, "mailman", "info", Some("gnu-mailman")),
            row(3, 5, "mailman", "warning", None),
        ],
        "{stderr}"
    );
}

#[test]
fn the_handles_in_a_column_of_accounts_are_their_owners() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "maintainers.csv",
        "Project,Maintainer Name,GitHub Name,Notes\n\
         x,Braulio Dumba,dumb0002,\n\
         y,Sam,sam1,a dumb default\n",
    );
    let (json, _, stderr) = check_json(dir.path(), &["maintainers.csv"]);
    assert_eq!(
        rows(&json),
        [row(3, 14, "dumb", "warning", None)],
        "{stderr}"
    );
}

#[test]
fn licence_texts_and_libraries_named_in_the_notices_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        "LICENSE.md",
        "The person who associated a work with this deed has dedicated the work to the public \
         domain by waiving all of his or her rights to the work.\n",
    );
    write(
        dir.path(),
        "ThirdPartyNotices.md",
        "Third Party Notices\n===================\n\nlibfdt\n------\n\nDual licensed.\n",
    );
    write(
        dir.path(),
        "lib/libfdt/fdt.c",
        "/* Minimal sanity check for a read-only tree. */\n",
    );
    write(
        dir.path(),
        "lib/serial/uart.c",
        "/* Minimal sanity check for the port. */\n",
    );
    let (json, _, stderr) = check_json(dir.path(), &["."]);
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./lib/serial/uart.c"], "{stderr}");
    assert_eq!(
        json["summary"]["skipped_vendored"].as_u64(),
        Some(2),
        "{json}"
    );
}

#[test]
fn a_value_a_test_copies_from_its_fixture_is_reported_at_the_fixture() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "moby/testdata/swarm/nodes.json",
        "[{\"Description\": {\"Hostname\": \"master-2\"}}]\n",
    );
    write(
        dir.path(),
        "moby/nodes_test.go",
        "want := model.LabelValue(\"master-2\")\n\
         role := \"master\"\n\
         other := \"master-22\"\n",
    );
    write(dir.path(), "moby/nodes.go", "host := \"master-2\"\n");
    let (json, _, stderr) = check_json(dir.path(), &["moby"]);
    let found: Vec<(String, u64, String, Option<String>)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_owned(),
                f["copied_from"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let fixture = Some("moby/testdata/swarm/nodes.json".to_owned());
    let at = |path: &str, line, severity: &str, copy: &Option<String>| {
        (path.to_owned(), line, severity.to_owned(), copy.clone())
    };
    assert_eq!(
        found,
        [
            // Code outside the tests, a bare word and a value the fixture lacks are the
            // author's own.
            at("moby/nodes.go", 1, "warning", &None),
            at("moby/nodes_test.go", 1, "info", &fixture),
            at("moby/nodes_test.go", 2, "warning", &None),
            at("moby/nodes_test.go", 3, "warning", &None),
            at("moby/testdata/swarm/nodes.json", 1, "warning", &None),
        ],
        "{stderr}"
    );
    assert!(
        json["findings"][1]["message"]
            .as_str()
            .unwrap()
            .ends_with("(here `master` is in a value copied from the fixture `moby/testdata/swarm/nodes.json`, where it is reported)"),
        "{json}"
    );
}

#[test]
fn a_pinned_actions_branch_and_a_release_note_credited_to_another_repository_are_theirs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ci.yml",
        "jobs:\n  scan:\n    steps:\n      \
         - uses: golang/govulncheck-action@032d45514ae346b1db93c04b0c90b841c370344f # master\n      \
         - uses: actions/checkout@v4 # master\n",
    );
    write(
        dir.path(),
        "CHANGELOG.md",
        "- Additional documentation:\n\n  <!--\n  avoid linking directly to the master branch.\n  \
         -->  ([kubernetes/kubernetes#86139](https://github.com/kubernetes/kubernetes/pull/86139), \
         [@someone](https://github.com/someone))\n\
         - Fix the master branch build.\n\
         - Other ([kubernetes/kubernetes#1](https://github.com/kubernetes/kubernetes/pull/1))\n",
    );
    let (json, _, stderr) = check_json(dir.path(), &["ci.yml", "CHANGELOG.md"]);
    assert_eq!(
        rows(&json),
        [
            row(4, 84, "master", "info", Some("git-branch-names")),
            // A version tag is not a commit: the comment is the author's own.
            row(5, 37, "master", "warning", None),
            row(4, 33, "master-branch", "info", Some("git-branch-names")),
            // The project's own note, above another repository's, is its own.
            row(6, 11, "master-branch", "warning", None),
        ],
        "{stderr}"
    );
}
