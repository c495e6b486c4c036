//! SARIF 2.1.0 for code scanning: rule metadata with help text and links, results with
//! fingerprints, and `fixes` where a rule has one safe replacement for the term.
//!
//! Results stream into the document as files are reported; the tool section (which lists every
//! rule) is written at the end, since JSON objects are unordered.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::Reporter;
use crate::case::match_case;
use crate::finding::{FileReport, Finding, Summary};
use crate::rules::{Rule, RuleSet, Severity};

/// The SARIF format.
#[derive(Debug)]
pub struct Sarif<W> {
    out: W,
    started: bool,
    any_result: bool,
    notifications: Vec<Value>,
    /// Metadata of each rule that has a result, in order of first appearance; a result's
    /// `ruleIndex` points into it.
    rules: Vec<Value>,
    rule_indexes: HashMap<String, usize>,
}

impl<W: Write> Sarif<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Sarif<W> {
        Sarif {
            out,
            started: false,
            any_result: false,
            notifications: Vec::new(),
            rules: Vec::new(),
            rule_indexes: HashMap::new(),
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(
                b"{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\
                  \"runs\":[{\"columnKind\":\"unicodeCodePoints\",\"results\":[",
            )?;
        }
        Ok(())
    }

    /// The index of a rule in the driver's rule list, adding the rule on first use.
    fn rule_index(&mut self, rule: &Rule) -> usize {
        if let Some(index) = self.rule_indexes.get(&rule.id) {
            return *index;
        }
        self.rules.push(rule_metadata(rule));
        self.rule_indexes
            .insert(rule.id.clone(), self.rules.len() - 1);
        self.rules.len() - 1
    }

    fn result(&mut self, path: &str, finding: &Finding, rules: &RuleSet) -> Value {
        let rule = rules.rule(finding.rule);
        let rule_index = self.rule_index(rule);
        let uri = uri(path);
        let region = json!({
            "startLine": finding.start.line,
            "startColumn": finding.start.column,
            "endLine": finding.end.line,
            "endColumn": finding.end.column,
            "snippet": { "text": finding.excerpt.text },
        });
        let mut result = json!({
            "ruleId": rule.id,
            "ruleIndex": rule_index,
            "level": level(finding.severity),
            "message": { "text": rule.message(&finding.term) },
            "locations": [{
                "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region }
            }],
            "partialFingerprints": {
                "allyFingerprint/v1": crate::baseline::fingerprint(&rule.id, &uri, &finding.excerpt.text, 0)
            },
            "properties": { "category": rule.category, "scope": finding.scope.as_str(), "term": finding.term },
        });
        if let Some(replacement) = rule.fixes.get(&finding.term.to_lowercase()) {
            let text = match_case(&finding.term, replacement);
            result["fixes"] = json!([{
                "description": { "text": format!("Replace `{}` with `{text}`", finding.term) },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri },
                    "replacements": [{
                        "deletedRegion": {
                            "startLine": finding.start.line,
                            "startColumn": finding.start.column,
                            "endLine": finding.end.line,
                            "endColumn": finding.end.column,
                        },
                        "insertedContent": { "text": text },
                    }],
                }],
            }]);
        }
        result
    }

    fn driver(&self) -> Value {
        json!({
            "name": "ally",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://inclusivenaming.org/word-lists/",
            "rules": self.rules,
        })
    }
}

/// A rule's SARIF metadata: descriptions, help text with the alternatives and sources, a help
/// link, and its default level.
fn rule_metadata(rule: &Rule) -> Value {
    let alternatives = crate::rules::quote_list(&rule.alternatives, usize::MAX);
    let mut help = rule.explanation.clone();
    if !alternatives.is_empty() {
        help.push_str(&format!(" Instead: {alternatives}."));
    }
    let sources: Vec<String> = rule.sources.iter().map(|s| format!("- <{s}>")).collect();
    let markdown = format!("{help}\n\nSources:\n\n{}", sources.join("\n"));
    let mut value = json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": { "text": format!("`{}` {}", rule.terms[0], rule.summary) },
        "fullDescription": { "text": rule.explanation },
        "help": { "text": help, "markdown": markdown },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "category": rule.category, "tags": ["inclusive-language", rule.category] },
    });
    if let Some(source) = rule.sources.first() {
        value["helpUri"] = json!(source);
    }
    value
}

impl<W: Write> Reporter for Sarif<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.start()?;
        if let Some(message) = &report.error {
            self.notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {message}", report.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&report.path) } } }],
            }));
        }
        for finding in &report.findings {
            if self.any_result {
                self.out.write_all(b",")?;
            }
            self.any_result = true;
            let result = self.result(&report.path, finding, rules);
            serde_json::to_writer(&mut self.out, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.start()?;
        self.out.write_all(b"],\"tool\":")?;
        let tool = json!({ "driver": self.driver() });
        serde_json::to_writer(&mut self.out, &tool)?;
        self.out.write_all(b",\"invocations\":")?;
        let invocation = json!([{
            "executionSuccessful": self.notifications.is_empty(),
            "toolExecutionNotifications": self.notifications,
        }]);
        serde_json::to_writer(&mut self.out, &invocation)?;
        self.out.write_all(b"}]}\n")?;
        self.out.flush()
    }
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI with `/` separators, as code scanning expects.
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
    path.split('/')
        .map(percent_encode)
        .collect::<Vec<_>>()
        .join("/")
}

fn percent_encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
