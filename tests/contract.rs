//! The machine-readable interfaces others rely on: the JSON document (pinned with
//! `deny_unknown_fields`, so that any change to it is deliberate), SARIF validated against the
//! OASIS 2.1.0 schema, and the published config schema.

use std::path::Path;
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;

fn ally(args: &[&str]) -> (Vec<u8>, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .output()
        .unwrap();
    (output.stdout, output.status.code().unwrap())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Document {
    version: u32,
    findings: Vec<JsonFinding>,
    summary: JsonSummary,
    errors: Vec<JsonError>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonFinding {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: String,
    category: String,
    severity: String,
    term: String,
    message: String,
    alternatives: Vec<String>,
    scope: String,
    guidance: Vec<String>,
    sources: Vec<String>,
    #[serde(default)]
    location: Option<Value>,
    snippet: JsonSnippet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonSnippet {
    text: String,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonSummary {
    files_checked: usize,
    files_skipped: usize,
    skipped_binary: usize,
    skipped_generated: usize,
    skipped_vendored: usize,
    errors: usize,
    findings: usize,
    error: usize,
    warning: usize,
    info: usize,
    elapsed_ms: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonError {
    path: String,
    message: String,
}

#[test]
fn json_output_is_exactly_the_documented_document() {
    let (stdout, code) = ally(&["check", "--format", "json", "tour", "no-such-file.md"]);
    let document: Document =
        serde_json::from_slice(&stdout).expect("the JSON document matches the contract");
    assert_eq!(code, 2);
    assert_eq!(document.version, 1);
    assert_eq!(document.summary.findings, document.findings.len());
    assert_eq!(document.errors[0].path, "no-such-file.md");
    for finding in &document.findings {
        assert!(["prose", "comment", "string", "identifier"].contains(&finding.scope.as_str()));
        assert!(["error", "warning", "info"].contains(&finding.severity.as_str()));
        assert!(finding.line >= 1 && finding.column >= 1);
        assert!((finding.end_line, finding.end_column) > (finding.line, finding.column));
        assert!(!finding.sources.is_empty() && !finding.guidance.is_empty());
    }
}

/// Compiles a JSON schema file and validates `instance` against it.
fn validate(schema_path: &Path, instance: &Value) -> Result<(), String> {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let location = "file:///schema.json";
    compiler.add_resource(location, schema).unwrap();
    let index = compiler.compile(location, &mut schemas).unwrap();
    schemas
        .validate(instance, index)
        .map_err(|e| format!("{e:#}"))
}

#[test]
fn sarif_output_validates_against_the_oasis_schema() {
    let (stdout, _) = ally(&["check", "--format", "sarif", "tour", "no-such-file.md"]);
    let sarif: Value = serde_json::from_slice(&stdout).unwrap();
    // A copy of the OASIS schema, from
    // https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif/sarif-schema-2.1.0.json");
    validate(&schema, &sarif).unwrap();

    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at the rule"
        );
    }
    let whitelist = results.iter().find(|r| r["ruleId"] == "whitelist").unwrap();
    let fix = &whitelist["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "allowlist");
    assert_eq!(fix["deletedRegion"]["startColumn"], 21);
    let master = results.iter().find(|r| r["ruleId"] == "master").unwrap();
    assert!(
        master.get("fixes").is_none(),
        "no fix where the alternatives need judgement"
    );
    let rule = rules.iter().find(|r| r["id"] == "whitelist").unwrap();
    assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
    assert!(rule["help"]["text"].as_str().unwrap().contains("allowlist"));
    assert_eq!(
        run["invocations"][0]["executionSuccessful"], false,
        "the missing file is reported"
    );
}

/// A tree with what SARIF finds hardest to say: an absolute path argument, a name that needs
/// percent-encoding, a .docx document, a finding in a file name, repeated identical findings and
/// a path that does not exist.
#[test]
fn sarif_for_documents_file_names_duplicates_and_absolute_paths_validates() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(
        Command::new("git")
            .args(["init", "-q"])
            .current_dir(root)
            .status()
            .unwrap()
            .success()
    );
    std::fs::create_dir_all(root.join("my docs")).unwrap();
    std::fs::write(
        root.join("my docs/ü file #1 100%.md"),
        "whitelist and whitelist\nwhitelist and whitelist\n",
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy/handbook.docx"),
        root.join("handbook.docx"),
    )
    .unwrap();
    std::fs::write(root.join("blacklist-notes.txt"), "Nothing here.\n").unwrap();
    let absolute = root.join("my docs");
    let output = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["check", "--format", "sarif", "--check-filenames"])
        .arg(&absolute)
        .args(["handbook.docx", "blacklist-notes.txt", "missing.md"])
        .current_dir(root)
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif/sarif-schema-2.1.0.json");
    validate(&schema, &sarif).unwrap();

    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4 + 6 + 1, "{run}");
    for result in results {
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{artifact}");
        assert!(
            !artifact["uri"].as_str().unwrap().starts_with('/'),
            "{artifact}"
        );
    }
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn the_published_config_schema_accepts_the_starter_and_rejects_unknown_keys() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.schema.json");
    let top_level = ally::config::STARTER
        .split("# [[overrides]]")
        .next()
        .unwrap();
    let uncommented: String = top_level
        .lines()
        .filter(|l| l.starts_with("# ") && l.contains(" = ") && !l.starts_with("# ally"))
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    let mut starter: toml::Table = toml::from_str(&uncommented).unwrap();
    starter.insert(
        "overrides".into(),
        toml::Value::Array(vec![toml::Value::Table(
            toml::from_str("paths = [\"vendor/**\"]\nscope = [\"comments\"]").unwrap(),
        )]),
    );
    let as_json = serde_json::to_value(&starter).unwrap();
    validate(&schema, &as_json).unwrap();
    assert!(
        as_json.as_object().unwrap().len() >= 9,
        "the starter shows every key: {as_json}"
    );

    let unknown = serde_json::json!({ "fail_on": "error" });
    assert!(validate(&schema, &unknown).is_err());
    let bad_value = serde_json::json!({ "fail-on": "sometimes" });
    assert!(validate(&schema, &bad_value).is_err());
}
