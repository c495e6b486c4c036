//! The machine-read report formats as their consumers read them: SARIF for code scanning
//! (fingerprints, fixes, URIs, snippets, document locations), JUnit for CI test views, GitHub
//! workflow commands, Checkstyle and GitLab Code Quality.

mod binary;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use binary::ally;
use serde_json::Value;

/// The standard output of `ally ARGS` in `dir`, and its exit code.
fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = ally(dir, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        String::from_utf8(output.stdout).expect("reports are UTF-8"),
        output.status.code().expect("ally exits"),
    )
}

fn sarif(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let (stdout, _) = run(dir, &all);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("invalid SARIF ({e}): {stdout}"))
}

fn results(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["results"]
        .as_array()
        .expect("a results array")
}

fn git_init(dir: &Path) {
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success());
}

/// A file URI for a directory, as SARIF's `originalUriBaseIds` holds it.
fn dir_uri(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap();
    format!("file://{}/", dir.to_str().unwrap())
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn repeated_identical_findings_get_distinct_fingerprints_that_survive_moved_lines() {
    let dir = tempfile::tempdir().unwrap();
    let twice = "whitelist and whitelist\nwhitelist and whitelist\n";
    write(dir.path(), "dup/a.md", twice);
    write(dir.path(), "dup/b.md", twice);
    let prints = |value: &Value| -> Vec<String> {
        results(value)
            .iter()
            .map(|r| {
                r["partialFingerprints"]["allyFingerprint/v1"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let before = prints(&sarif(dir.path(), &["dup"]));
    assert_eq!(before.len(), 8);
    assert_eq!(before.iter().collect::<HashSet<_>>().len(), 8, "{before:?}");

    // Lines added above the findings change their line numbers, not their fingerprints.
    write(
        dir.path(),
        "dup/a.md",
        &format!("A new first line.\n\n{twice}"),
    );
    let after = prints(&sarif(dir.path(), &["dup"]));
    assert_eq!(after, before);

    // GitLab counts the same way, with the same shared code.
    let (gitlab, _) = run(dir.path(), &["check", "--format", "gitlab", "dup"]);
    let issues: Vec<Value> = serde_json::from_str(&gitlab).unwrap();
    let gitlab_prints: HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(gitlab_prints.len(), 8);
}

#[test]
fn sarif_offers_fixes_only_where_they_apply_to_the_file_text() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.md", "Add the host to the whitelist.\n");
    write(dir.path(), "whitelist.txt", "Nothing to see.\n");
    std::fs::copy(
        fixture("policy/handbook.docx"),
        dir.path().join("handbook.docx"),
    )
    .unwrap();
    let value = sarif(
        dir.path(),
        &[
            "--check-filenames",
            "notes.md",
            "whitelist.txt",
            "handbook.docx",
        ],
    );
    let results = results(&value);
    let of = |uri: &str| -> Vec<&Value> {
        results
            .iter()
            .filter(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri)
            .collect()
    };

    let text = of("notes.md");
    assert_eq!(text.len(), 1);
    assert_eq!(
        text[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "allowlist"
    );
    assert!(text[0]["locations"][0].get("properties").is_none());

    let name = of("whitelist.txt");
    assert_eq!(name.len(), 1);
    assert!(name[0].get("fixes").is_none(), "{}", name[0]);
    assert_eq!(name[0]["locations"][0]["properties"]["part"], "file name");
    assert!(
        name[0]["message"]["text"]
            .as_str()
            .unwrap()
            .ends_with("(in the file name)"),
        "{}",
        name[0]["message"]
    );

    let document = of("handbook.docx");
    assert!(!document.is_empty());
    for result in &document {
        assert!(result.get("fixes").is_none(), "{result}");
        let location = &result["locations"][0];
        assert!(
            location["properties"]["paragraph"].as_u64().unwrap() >= 1,
            "{location}"
        );
        assert!(location["properties"]["part"].is_string(), "{location}");
        let logical = &location["logicalLocations"][0];
        assert!(
            logical["name"].as_str().unwrap().starts_with("paragraph "),
            "{logical}"
        );
    }
    let blacklist = document
        .iter()
        .find(|r| r["ruleId"] == "blacklist")
        .unwrap();
    assert_eq!(
        blacklist["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "body/paragraph 3"
    );
    assert!(
        blacklist["message"]["text"]
            .as_str()
            .unwrap()
            .ends_with("(paragraph 3)"),
        "{}",
        blacklist["message"]
    );
}

#[test]
fn absolute_paths_give_uris_relative_to_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_init(root);
    write(
        root,
        "sub/my docs/ü #1 100%.md",
        "Add the host to the whitelist.\n",
    );
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "far.md", "A blacklist.\n");
    let inside = root.join("sub/my docs/ü #1 100%.md");
    let far = outside.path().join("far.md");
    let args = [
        inside.to_str().unwrap(),
        far.to_str().unwrap(),
        "missing.md",
    ];
    // Run from a subdirectory: the URIs are still relative to the top of the repository.
    let value = sarif(&root.join("sub"), &args);
    let first_run = &value["runs"][0];
    assert_eq!(
        first_run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        dir_uri(root),
        "{first_run}"
    );
    let location = |r: &Value| r["locations"][0]["physicalLocation"]["artifactLocation"].clone();
    let whitelist = results(&value)
        .iter()
        .find(|r| r["ruleId"] == "whitelist")
        .unwrap();
    assert_eq!(
        location(whitelist),
        serde_json::json!({
            "uri": "sub/my%20docs/%C3%BC%20%231%20100%25.md",
            "uriBaseId": "%SRCROOT%",
        })
    );
    assert_eq!(
        whitelist["fixes"][0]["artifactChanges"][0]["artifactLocation"],
        location(whitelist)
    );
    let blacklist = results(&value)
        .iter()
        .find(|r| r["ruleId"] == "blacklist")
        .unwrap();
    let far_uri = format!("file://{}", far.canonicalize().unwrap().to_str().unwrap());
    assert_eq!(location(blacklist), serde_json::json!({ "uri": far_uri }));
    let notification = &first_run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"],
        serde_json::json!({ "uri": "sub/missing.md", "uriBaseId": "%SRCROOT%" })
    );

    // GitLab names the file from the same root.
    let mut gitlab_args = vec!["check", "--format", "gitlab"];
    gitlab_args.extend_from_slice(&args[..1]);
    let (gitlab, _) = run(&root.join("sub"), &gitlab_args);
    let issues: Vec<Value> = serde_json::from_str(&gitlab).unwrap();
    assert_eq!(issues[0]["location"]["path"], "sub/my docs/ü #1 100%.md");
}

#[test]
fn outside_a_repository_the_root_is_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/a.md", "Add the host to the whitelist.\n");
    let absolute = dir.path().join("docs/a.md");
    let value = sarif(&dir.path().join("docs"), &[absolute.to_str().unwrap()]);
    assert_eq!(
        value["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        dir_uri(&dir.path().join("docs"))
    );
    assert_eq!(
        results(&value)[0]["locations"][0]["physicalLocation"]["artifactLocation"],
        serde_json::json!({ "uri": "a.md", "uriBaseId": "%SRCROOT%" })
    );
}

#[test]
fn sarif_snippets_hold_the_region_and_the_context_holds_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "Add the host to the whitelist.\nDear ladies and\ngentlemen, hello.\n",
    );
    let value = sarif(dir.path(), &["a.md"]);
    let physical = |rule: &str| {
        results(&value)
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap()["locations"][0]["physicalLocation"]
            .clone()
    };
    let whitelist = physical("whitelist");
    assert_eq!(
        whitelist["region"],
        serde_json::json!({
            "startLine": 1, "startColumn": 21, "endLine": 1, "endColumn": 30,
            "snippet": { "text": "whitelist" },
        })
    );
    assert_eq!(
        whitelist["contextRegion"],
        serde_json::json!({
            "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 31,
            "snippet": { "text": "Add the host to the whitelist." },
        })
    );
    let phrase = physical("ladies-and-gentlemen");
    assert_eq!(phrase["region"]["snippet"]["text"], "ladies and\ngentlemen");
    assert_eq!(
        phrase["contextRegion"],
        serde_json::json!({
            "startLine": 2, "startColumn": 1, "endLine": 3, "endColumn": 18,
            "snippet": { "text": "Dear ladies and\ngentlemen, hello." },
        })
    );
}

#[test]
fn sarif_rule_names_are_readable_and_differ_from_ids() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "Run a sanity check on the whitelist.\n");
    let value = sarif(dir.path(), &["a.md"]);
    let rules = value["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let names: Vec<(&str, Option<&str>)> = rules
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["name"].as_str()))
        .collect();
    // `Whitelist` would be the id but for case, which SARIF tools count as the same: no name.
    assert_eq!(
        names,
        [("sanity-check", Some("SanityCheck")), ("whitelist", None)]
    );
}

/// `time="…"` varies from run to run.
fn without_time(xml: &str) -> String {
    let start = xml.find(" time=\"").expect("a time attribute") + 7;
    let end = start + xml[start..].find('"').unwrap();
    format!("{}{}", &xml[..start], &xml[end..])
}

#[test]
fn junit_passes_findings_below_the_threshold_and_names_each_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "Add the host to the whitelist.\nLadies and gentlemen, welcome.\n",
    );
    write(dir.path(), "clean.md", "All good here.\n");
    let (xml, code) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "junit",
            "--fail-on",
            "warning",
            ".",
            "missing.md",
        ],
    );
    assert_eq!(code, 2);
    let whitelist = "`whitelist` can suggest that white means good and black means bad; consider \
                     `allowlist`, `allow list` or `permit list`";
    let ladies = "`Ladies and gentlemen` addresses people as if everyone were one of two genders; \
                  consider `everyone`, `folks` or `friends`";
    let expected = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="ally" tests="4" failures="1" errors="1" time="">
  <testsuite name="a.md" tests="2" failures="1" errors="0">
    <testcase name="a.md:1:21 whitelist" classname="ally.tech" file="a.md" line="1">
      <failure message="{whitelist}" type="error">a.md:1:21: {whitelist}</failure>
    </testcase>
    <testcase name="a.md:2:1 ladies-and-gentlemen" classname="ally.gender" file="a.md" line="2">
      <system-out>a.md:2:1: info: {ladies} (does not fail the check: fail-on is warning)</system-out>
    </testcase>
  </testsuite>
  <testsuite name="clean.md" tests="1" failures="0" errors="0">
    <testcase name="clean.md" classname="ally" file="clean.md"/>
  </testsuite>
  <testsuite name="missing.md" tests="1" failures="0" errors="1">
    <testcase name="missing.md" classname="ally" file="missing.md">
      <error message="no such file or directory"/>
    </testcase>
  </testsuite>
</testsuites>
"#
    );
    assert_eq!(without_time(&xml), expected);

    // With `--fail-on info` the same finding fails.
    let (xml, _) = run(
        dir.path(),
        &["check", "--format", "junit", "--fail-on", "info", "a.md"],
    );
    assert!(xml.contains(r#"failures="2""#), "{xml}");
    assert!(!xml.contains("<system-out>"), "{xml}");
}

#[test]
fn github_annotations_of_several_lines_carry_no_columns() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "multi.md",
        "Dear ladies and\ngentlemen, hello.\n",
    );
    let (stdout, _) = run(dir.path(), &["check", "--format", "github", "multi.md"]);
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::notice file=multi.md,line=1,endLine=2,title=ally (ladies-and-gentlemen)::"
        ),
        "{stdout}"
    );
}

/// A document has no lines of its own to mark, and neither has a file's name: such an
/// annotation goes on the file and says where to look.
#[test]
fn github_annotations_in_documents_and_file_names_name_the_place_not_a_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice/handbook.docx"),
        dir.path().join("handbook.docx"),
    )
    .unwrap();
    write(dir.path(), "whitelist.md", "Clean.\n");
    let (stdout, _) = run(
        dir.path(),
        &["check", "--format", "github", "--check-filenames", "."],
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with(
            "::error file=handbook.docx,title=ally (whitelist)::paragraph 2, in the body: \
             `whitelist` can suggest"
        ),
        "{stdout}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=whitelist.md,title=ally (whitelist)::in the file name: `whitelist`"
        )),
        "{stdout}"
    );
}

#[test]
fn github_output_says_what_the_annotation_limit_hides_and_ends_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let many: String = (1..=14)
        .map(|i| format!("It is crazy number {i}.\n"))
        .collect();
    write(dir.path(), "many.md", &many);
    write(dir.path(), "clean.md", "All good here.\n");
    let (stdout, code) = run(dir.path(), &["check", "--format", "github", "many.md"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 16, "{stdout}");
    assert!(
        lines[..14].iter().all(|l| l.starts_with("::warning ")),
        "{stdout}"
    );
    assert_eq!(
        lines[14],
        "ally: GitHub shows at most 10 warning annotations per step: the other 4 warnings are \
         listed in this log above"
    );
    assert_eq!(
        lines[15],
        "ally: checked 1 file: 0 errors, 14 warnings, 0 info"
    );

    let (stdout, code) = run(dir.path(), &["check", "--format", "github", "clean.md"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "ally: checked 1 file: no findings\n");
}

#[test]
fn checkstyle_reports_a_file_it_could_not_read_at_line_1_as_checkstyle_does() {
    let dir = tempfile::tempdir().unwrap();
    let (xml, code) = run(
        dir.path(),
        &["check", "--format", "checkstyle", "missing.md"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n  \
         <file name=\"missing.md\">\n    <error line=\"1\" severity=\"error\" \
         message=\"no such file or directory\" source=\"ally\"/>\n  </file>\n</checkstyle>\n"
    );
}

/// rdjson for reviewdog: byte columns, the rule as the code, and the rewrite `ally fix` makes
/// as a suggestion, widened to the article it changes; none where the alternatives need
/// judgement. A replacement chosen in the config is the suggestion too.
#[test]
fn rdjson_suggests_what_fix_would_write_at_byte_columns() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    std::fs::write(
        dir.path().join("notes.md"),
        "Add a whitelist here.\nCafé: the master copy.\n",
    )
    .unwrap();
    let (stdout, code) = run(dir.path(), &["check", "--format", "rdjson", "notes.md"]);
    assert_eq!(code, 1);
    let value: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        value["diagnostics"][0],
        serde_json::json!({
            "message": "`whitelist` can suggest that white means good and black means bad; consider `allowlist`, `allow list` or `permit list`",
            "location": { "path": "notes.md", "range": {
                "start": { "line": 1, "column": 7 }, "end": { "line": 1, "column": 16 } } },
            "severity": "ERROR",
            "code": { "value": "whitelist", "url": "https://inclusivenaming.org/word-lists/tier-1/" },
            "suggestions": [{ "range": {
                "start": { "line": 1, "column": 5 }, "end": { "line": 1, "column": 16 } },
                "text": "an allowlist" }],
        })
    );
    let master = &value["diagnostics"][1];
    assert_eq!(
        master["location"]["range"]["start"]["column"], 12,
        "é is two bytes"
    );
    assert!(master.get("suggestions").is_none(), "{master}");
    assert_eq!(value["source"]["name"], "ally");

    std::fs::write(
        dir.path().join(".ally.toml"),
        "replace = { master = \"primary\" }\n",
    )
    .unwrap();
    let (stdout, _) = run(dir.path(), &["check", "--format", "rdjson", "notes.md"]);
    let value: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["diagnostics"][1]["suggestions"][0]["text"], "primary");
}

/// SonarQube's generic issue format, checked against the fields its documentation lists: each
/// rule once with an engine, a clean-code attribute and impacts from the documented values;
/// each issue on a rule of the report, with a 1-based line and 0-based columns; a document's
/// finding on the file, without a range.
#[test]
fn sonarqube_issues_have_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    std::fs::write(
        dir.path().join("notes.md"),
        "Add a whitelist here.\nAnother whitelist, and the guys.\n",
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy/handbook.docx"),
        dir.path().join("handbook.docx"),
    )
    .unwrap();
    let (stdout, code) = run(dir.path(), &["check", "--format", "sonarqube", "."]);
    assert_eq!(code, 1);
    let value: Value = serde_json::from_str(&stdout).unwrap();
    let rules = value["rules"].as_array().unwrap();
    let attributes = [
        "FORMATTED",
        "CONVENTIONAL",
        "IDENTIFIABLE",
        "CLEAR",
        "COMPLETE",
        "EFFICIENT",
        "LOGICAL",
        "DISTINCT",
        "FOCUSED",
        "MODULAR",
        "TESTED",
        "LAWFUL",
        "RESPECTFUL",
        "TRUSTWORTHY",
    ];
    let mut ids = HashSet::new();
    for rule in rules {
        let object = rule.as_object().unwrap();
        for field in [
            "id",
            "name",
            "description",
            "engineId",
            "cleanCodeAttribute",
            "impacts",
        ] {
            assert!(object.contains_key(field), "{field} in {rule}");
        }
        assert!(ids.insert(rule["id"].as_str().unwrap()), "each rule once");
        assert_eq!(rule["engineId"], "ally");
        assert!(attributes.contains(&rule["cleanCodeAttribute"].as_str().unwrap()));
        for impact in rule["impacts"].as_array().unwrap() {
            assert!(
                ["MAINTAINABILITY", "RELIABILITY", "SECURITY"]
                    .contains(&impact["softwareQuality"].as_str().unwrap())
            );
            assert!(
                ["INFO", "LOW", "MEDIUM", "HIGH", "BLOCKER"]
                    .contains(&impact["severity"].as_str().unwrap())
            );
        }
    }
    let issues = value["issues"].as_array().unwrap();
    for issue in issues {
        assert!(ids.contains(issue["ruleId"].as_str().unwrap()), "{issue}");
        assert!(issue["effortMinutes"].as_u64().is_some());
        let location = &issue["primaryLocation"];
        assert!(!location["message"].as_str().unwrap().is_empty());
        let path = location["filePath"].as_str().unwrap();
        assert!(dir.path().join(path).is_file(), "{path}");
    }
    let text: Vec<&Value> = issues
        .iter()
        .filter(|i| i["primaryLocation"]["filePath"] == "notes.md")
        .collect();
    assert_eq!(
        text[0]["primaryLocation"]["textRange"],
        serde_json::json!({ "startLine": 1, "endLine": 1, "startColumn": 6, "endColumn": 15 })
    );
    let whitelist = rules.iter().find(|r| r["id"] == "whitelist").unwrap();
    assert_eq!(
        whitelist["impacts"],
        serde_json::json!([{ "softwareQuality": "MAINTAINABILITY", "severity": "HIGH" }])
    );
    assert_eq!(whitelist["cleanCodeAttribute"], "RESPECTFUL");
    let document = issues
        .iter()
        .find(|i| i["primaryLocation"]["filePath"] == "handbook.docx")
        .unwrap();
    assert!(
        document["primaryLocation"].get("textRange").is_none(),
        "{document}"
    );
    assert!(
        document["primaryLocation"]["message"]
            .as_str()
            .unwrap()
            .starts_with("paragraph "),
        "{document}"
    );
}
