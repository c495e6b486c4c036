//! One fixture per language and markup format in `tests/languages/`, each with the exact findings
//! expected of it in a sibling `<fixture>.expected` file (`rule  line:column  scope`).
//!
//! Every source fixture follows the same plan, so that a wrong lexer shows as a wrong scope:
//!
//! - a comment holding `whitelist` and a URL with `master` in it (never reported);
//! - an identifier holding `slave`, in the case style usual for the language;
//! - a string holding the language's own comment marker followed by `dummy`, which must be
//!   reported as a string, never as a comment;
//! - a false friend such as `Mastercard` or `webmaster` (never reported).
//!
//! The expectations are those of a run with every scope; a run with a narrower scope must report
//! exactly the expected findings of those scopes. `.allyignore` keeps the `.expected` files out
//! of `ally check tests/languages`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use ally::extract::{FileKind, languages};
use ally::{Linter, Policy, RuleSet, Scope, ScopeSet};

/// One expected or actual finding: rule, line, column, scope.
type Row = (String, usize, usize, Scope);

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/languages")
}

/// The fixtures, sorted by name.
fn fixtures() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && !name.ends_with(".expected")
        })
        .collect();
    paths.sort();
    paths
}

fn expected(fixture: &Path) -> Vec<Row> {
    let path = PathBuf::from(format!("{}.expected", fixture.display()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [rule, position, scope] = fields[..] else {
                panic!(
                    "{}: expected `rule line:column scope`: {line}",
                    path.display()
                );
            };
            let (line_number, column) = position.split_once(':').unwrap();
            (
                rule.to_owned(),
                line_number.parse().unwrap(),
                column.parse().unwrap(),
                scope.parse().unwrap(),
            )
        })
        .collect()
}

fn actual(linter: &Linter, fixture: &Path, scopes: ScopeSet) -> Vec<Row> {
    let text = std::fs::read_to_string(fixture).unwrap();
    let kind = FileKind::detect(fixture, &text);
    let mut policy = Policy::all(linter.rules());
    policy.scopes = scopes;
    linter
        .check(&text, kind, &policy)
        .into_iter()
        .map(|f| {
            (
                linter.rules().rule(f.rule).id.clone(),
                f.start.line,
                f.start.column,
                f.scope,
            )
        })
        .collect()
}

#[test]
fn each_fixture_gives_exactly_its_expected_findings_in_every_scope() {
    let linter = Linter::new(RuleSet::builtin());
    let settings = ["all", "prose", "comments", "strings", "identifiers"];
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let all = expected(&fixture);
        for setting in settings {
            let scopes: ScopeSet = setting.parse().unwrap();
            let want: Vec<Row> = all
                .iter()
                .filter(|row| scopes.contains(row.3))
                .cloned()
                .collect();
            let got = actual(&linter, &fixture, scopes);
            if got != want {
                failures.push(format!(
                    "{} --scope {setting}\n  expected {want:?}\n  found    {got:?}",
                    fixture.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_language_has_a_fixture_that_follows_the_plan() {
    let mut covered = BTreeSet::new();
    for fixture in fixtures() {
        let text = std::fs::read_to_string(&fixture).unwrap();
        let kind = FileKind::detect(&fixture, &text);
        covered.insert(kind.name().to_owned());
        let FileKind::Code(language) = kind else {
            continue;
        };
        let rows = expected(&fixture);
        let has = |scope: Scope| rows.iter().any(|row| row.3 == scope);
        let name = fixture.file_name().unwrap().to_string_lossy();
        assert!(has(Scope::Comment), "{name}: no comment finding");
        assert!(
            has(Scope::String) || language.strings.is_empty(),
            "{name}: no string finding"
        );
        assert!(
            has(Scope::Identifier) || language.name == "JSON",
            "{name}: no identifier finding"
        );
    }
    let missing: Vec<&str> = languages()
        .all()
        .iter()
        .map(|l| l.name.as_str())
        .chain([
            "text",
            "markdown",
            "html",
            "xml",
            "restructuredtext",
            "asciidoc",
        ])
        .filter(|name| !covered.contains(*name))
        .collect();
    assert!(missing.is_empty(), "no fixture for {missing:?}");
    assert!(covered.len() >= 25 + 6, "{covered:?}");
}

#[test]
fn the_binary_reports_exactly_the_expected_code_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args([
            "check",
            "--format",
            "json",
            "--scope",
            "comments,strings,identifiers",
            "tests/languages",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{json}");

    let mut found = BTreeSet::new();
    for finding in json["findings"].as_array().unwrap() {
        let path = finding["path"].as_str().unwrap();
        let line = finding["line"].as_u64().unwrap() as usize;
        let column = finding["column"].as_u64().unwrap() as usize;
        let rule = finding["rule"].as_str().unwrap();
        let scope = finding["scope"].as_str().unwrap();
        // A comment marker inside a string never starts a comment.
        assert!(
            !(rule == "dummy" && scope == "comment" && is_string_trap(root, path, line)),
            "{path}:{line}:{column}: a comment marker inside a string was read as a comment"
        );
        // Nothing inside a URL is reported.
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        let source_line = text.lines().nth(line - 1).unwrap();
        let token = token_at(source_line, column);
        assert!(
            !token.contains("://"),
            "{path}:{line}:{column}: reported inside the URL {token}"
        );
        found.insert((
            path.to_owned(),
            line,
            column,
            rule.to_owned(),
            scope.to_owned(),
        ));
    }

    let mut want = BTreeSet::new();
    for fixture in fixtures() {
        let path = format!(
            "tests/languages/{}",
            fixture.file_name().unwrap().to_string_lossy()
        );
        for (rule, line, column, scope) in expected(&fixture) {
            if scope != Scope::Prose {
                want.insert((path.clone(), line, column, rule, scope.to_string()));
            }
        }
    }
    let missing: Vec<_> = want.difference(&found).collect();
    let unexpected: Vec<_> = found.difference(&want).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing {missing:#?}\nunexpected {unexpected:#?}"
    );
}

/// Whether the line holds the string trap of the plan: a comment marker, then `dummy`, inside
/// quotes.
fn is_string_trap(root: &Path, path: &str, line: usize) -> bool {
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    text.lines()
        .nth(line - 1)
        .is_some_and(|l| l.contains("see ") && l.contains("the dummy value"))
}

/// The whitespace-delimited token of `line` that holds the 1-based character `column`.
fn token_at(line: &str, column: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let at = (column - 1).min(chars.len());
    let start = chars[..at]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let end = chars[at..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |p| at + p);
    chars[start..end].iter().collect()
}
