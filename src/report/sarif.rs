//! SARIF 2.1.0 for code scanning: rule metadata with help text and links, results with
//! fingerprints, and `fixes` where a rule has one safe replacement for the term.
//!
//! Results stream into the document as files are reported; the tool section (which lists every
//! rule) is written at the end, since JSON objects are unordered.
//!
//! Section numbers (§) refer to the OASIS SARIF 2.1.0 specification.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::Reporter;
use super::collect::place;
use super::fingerprint::Fingerprints;
use super::root::{Placed, ProjectRoot};
use crate::finding::{FileReport, Finding, Location, Summary};
use crate::rules::{Rule, RuleSet, Severity};

/// The URI base id that artifact URIs are relative to: the project root (§3.4.4, §3.14.14).
const SRCROOT: &str = "%SRCROOT%";

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
    /// The directory artifact URIs are relative to.
    root: ProjectRoot,
    fingerprints: Fingerprints,
}

impl<W: Write> Sarif<W> {
    /// A reporter writing to `out`, naming files relative to `root`.
    pub fn new(out: W, root: ProjectRoot) -> Sarif<W> {
        Sarif {
            out,
            started: false,
            any_result: false,
            notifications: Vec::new(),
            rules: Vec::new(),
            rule_indexes: HashMap::new(),
            root,
            fingerprints: Fingerprints::default(),
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

    /// Where a file is: a relative URI against the project root, or an absolute `file:` URI
    /// for a file outside it (§3.4.3, §3.4.4). A bare absolute path is not a valid relative
    /// reference, and relative to the working directory a URI cannot be mapped to the repository.
    fn artifact_location(&self, path: &str) -> Value {
        match self.root.place(path) {
            Placed::Inside(components) => {
                let segments: Vec<String> = components.iter().map(|c| percent_encode(c)).collect();
                json!({ "uri": segments.join("/"), "uriBaseId": SRCROOT })
            }
            Placed::Outside(absolute) => json!({ "uri": file_uri(&absolute) }),
        }
    }

    fn result(&mut self, artifact: &Value, finding: &Finding, rules: &RuleSet) -> Value {
        let rule = rules.rule(finding.rule);
        let rule_index = self.rule_index(rule);
        let uri = artifact["uri"].as_str().unwrap_or_default();
        let fingerprint = self.fingerprints.next(&rule.id, uri, &finding.excerpt.text);
        let mut message = finding.message(rule);
        // In a document or a file name the line and column are not where a reader looks.
        if finding.location.is_some() {
            message.push_str(&format!(" ({})", place(finding)));
        }
        let mut result = json!({
            "ruleId": rule.id,
            "ruleIndex": rule_index,
            "level": level(finding.severity),
            "message": { "text": message },
            "locations": [location(artifact, finding)],
            // Distinct for every result of a run (§3.27.17): repeated identical findings are
            // numbered, so that code scanning keeps one alert for each.
            "partialFingerprints": { "allyFingerprint/v1": fingerprint },
            "properties": { "category": rule.category, "scope": finding.scope.as_str(), "term": finding.term },
        });
        // A fix edits the file's text at the finding's line and column (§3.27.30): the rewrite
        // `ally fix` would make, when the run worked it out. A finding in a document (.docx,
        // .odt, .pdf) or in a file name has none: its line and column are not in the file's
        // bytes, and an edit there would corrupt the file.
        if let Some(fix) = finding
            .fix
            .as_deref()
            .filter(|_| finding.location.is_none())
        {
            result["fixes"] = json!([{
                "description": { "text": format!("Replace `{}` with `{}`", fix.original, fix.text) },
                "artifactChanges": [{
                    "artifactLocation": artifact,
                    "replacements": [{
                        "deletedRegion": {
                            "startLine": fix.start.line,
                            "startColumn": fix.start.column,
                            "endLine": fix.end.line,
                            "endColumn": fix.end.column,
                        },
                        "insertedContent": { "text": fix.text },
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
        "shortDescription": { "text": format!("`{}` {}", rule.terms[0], rule.summary) },
        "fullDescription": { "text": rule.explanation },
        "help": { "text": help, "markdown": markdown },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "category": rule.category, "tags": ["inclusive-language", rule.category] },
    });
    if let Some(source) = rule.sources.first() {
        value["helpUri"] = json!(source);
    }
    // `name` is a readable identifier that must differ from the opaque `id` (§3.49.7), or be
    // left out. SARIF tools expect one Pascal-case word: `sanity-check` is `SanityCheck`, and
    // `whitelist` has none, since `Whitelist` differs from its id only in case (which the SARIF
    // Multitool counts as the same).
    if let Some(name) = friendly_name(&rule.id) {
        value["name"] = json!(name);
    }
    value
}

/// `sanity-check` → `SanityCheck`; `None` when that is the id but for case, or empty.
fn friendly_name(id: &str) -> Option<String> {
    let name: String = id
        .split(|c: char| !c.is_alphanumeric())
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
        })
        .collect();
    (!name.is_empty() && name.to_lowercase() != id.to_lowercase()).then_some(name)
}

/// A result's location (§3.28): the file and region, the line around it as context, and for a
/// document or a file name, where a reader finds the term.
fn location(artifact: &Value, finding: &Finding) -> Value {
    let mut region = json!({
        "startLine": finding.start.line,
        "startColumn": finding.start.column,
        "endLine": finding.end.line,
        "endColumn": finding.end.column,
    });
    let mut physical = json!({ "artifactLocation": artifact });
    // A snippet is the text of its region (§3.30.13). A region that is empty, as a file-name
    // finding's is, has none, and no context either.
    if finding.start != finding.end {
        let excerpt = &finding.excerpt;
        if let Some(text) = excerpt.text.get(excerpt.highlight.clone()) {
            region["snippet"] = json!({ "text": text });
        }
        if let Some(context) = context_region(finding) {
            physical["contextRegion"] = context;
        }
    }
    physical["region"] = region;
    let mut location = json!({ "physicalLocation": physical });
    if let Some(place) = &finding.location {
        // What JSON's `location` holds (paragraph and part, or page, or `part: "file name"`),
        // in the location's property bag (§3.8), and as a logical location (§3.28.4, §3.33).
        location["properties"] = serde_json::to_value(place).unwrap_or_default();
        if let Some(logical) = logical_location(place) {
            location["logicalLocations"] = json!([logical]);
        }
    }
    location
}

/// The line (or lines) around a finding, from its excerpt, as a region of its own (§3.29.5):
/// `None` where it would not be larger than the finding's region, as the spec requires.
fn context_region(finding: &Finding) -> Option<Value> {
    let excerpt = &finding.excerpt;
    let before = excerpt.text.get(..excerpt.highlight.start)?;
    let term = excerpt.text.get(excerpt.highlight.clone())?;
    let after = excerpt.text.get(excerpt.highlight.end..)?;
    // A very long line is shown as a window with `…` at a cut end; the `…` is not in the file.
    let before = before.strip_prefix('…').unwrap_or(before);
    let after = after.strip_suffix('…').unwrap_or(after);
    // The excerpt runs from the start of the finding's first line to the end of its last.
    if (before.is_empty() && after.is_empty()) || before.contains('\n') || after.contains('\n') {
        return None;
    }
    let start_column = finding.start.column.checked_sub(before.chars().count())?;
    Some(json!({
        "startLine": finding.start.line,
        "startColumn": start_column,
        "endLine": finding.end.line,
        "endColumn": finding.end.column + after.chars().count(),
        "snippet": { "text": format!("{before}{term}{after}") },
    }))
}

/// A document's paragraph or page as a logical location: `body/paragraph 3`, `page 2`,
/// `slide 4/notes/paragraph 1`, a cell as `'Pay grades'!B2`. A file name has none (its path is
/// the artifact).
fn logical_location(place: &Location) -> Option<Value> {
    let (name, qualified) = if let Some(page) = place.page {
        let name = format!("page {page}");
        (name.clone(), name)
    } else if let Some(paragraph) = place.paragraph {
        let name = format!("paragraph {paragraph}");
        let mut qualified: Vec<String> = place
            .slide
            .map(|s| format!("slide {s}"))
            .into_iter()
            .collect();
        qualified.extend(place.part.as_deref().map(str::to_owned));
        qualified.push(name.clone());
        (name, qualified.join("/"))
    } else if let (Some(sheet), Some(cell)) = (&place.sheet, &place.cell) {
        (cell.clone(), format!("{}!{cell}", sheet_reference(sheet)))
    } else {
        return None;
    };
    Some(json!({ "name": name, "fullyQualifiedName": qualified }))
}

/// A sheet's name as spreadsheets write it in a reference: `Pay`, or quoted, `'Pay grades'`,
/// when it holds anything but letters, digits and `_`.
fn sheet_reference(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

impl<W: Write> Reporter for Sarif<W> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.start()?;
        // Code scanning places every result in a file of the repository; a commit message or
        // a pull request's text is in none, and is annotated and summarised instead.
        if (report.error.is_none() && report.findings.is_empty()) || report.writing.is_some() {
            return Ok(());
        }
        let artifact = self.artifact_location(&report.path);
        if let Some(message) = &report.error {
            self.notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {message}", report.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact } }],
            }));
        }
        for finding in &report.findings {
            if self.any_result {
                self.out.write_all(b",")?;
            }
            self.any_result = true;
            let result = self.result(&artifact, finding, rules);
            serde_json::to_writer(&mut self.out, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.start()?;
        self.out.write_all(b"]")?;
        // The absolute URI of the project root, so that a viewer on this machine finds the
        // files (§3.14.14); it ends with `/`, as the spec requires.
        if self.root.dir().is_absolute() {
            let mut root = file_uri(self.root.dir());
            if !root.ends_with('/') {
                root.push('/');
            }
            self.out.write_all(b",\"originalUriBaseIds\":")?;
            serde_json::to_writer(&mut self.out, &json!({ SRCROOT: { "uri": root } }))?;
        }
        self.out.write_all(b",\"tool\":")?;
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

/// An absolute `file:` URI for an absolute path (`file:///home/a%20b/x.md`,
/// `file:///C:/work/x.md`), each segment percent-encoded.
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    let segments: Vec<String> = text
        .split('/')
        .enumerate()
        .map(|(i, segment)| {
            // A Windows drive (`C:`) stays as it is.
            let drive = i == 0 && segment.len() == 2 && segment.ends_with(':');
            if drive {
                segment.to_owned()
            } else {
                percent_encode(segment)
            }
        })
        .collect();
    uri.push_str(&segments.join("/"));
    uri
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

#[cfg(test)]
mod tests {

    #[test]
    fn logical_locations_name_the_cell_as_spreadsheets_do() {
        let cell = |sheet: &str| Location {
            sheet: Some(sheet.into()),
            cell: Some("B2".into()),
            ..Location::default()
        };
        assert_eq!(
            logical_location(&cell("Pay")),
            Some(json!({ "name": "B2", "fullyQualifiedName": "Pay!B2" }))
        );
        assert_eq!(
            logical_location(&cell("Pay grades")),
            Some(json!({ "name": "B2", "fullyQualifiedName": "'Pay grades'!B2" }))
        );
        assert_eq!(
            logical_location(&cell("Ann's")),
            Some(json!({ "name": "B2", "fullyQualifiedName": "'Ann''s'!B2" }))
        );
    }

    #[test]
    fn logical_locations_name_the_slide_part_and_paragraph() {
        let place = Location {
            slide: Some(4),
            paragraph: Some(1),
            part: Some("notes".into()),
            ..Location::default()
        };
        assert_eq!(
            logical_location(&place),
            Some(
                json!({ "name": "paragraph 1", "fullyQualifiedName": "slide 4/notes/paragraph 1" })
            )
        );
        let body = Location {
            paragraph: Some(3),
            part: Some("body".into()),
            ..Location::default()
        };
        assert_eq!(
            logical_location(&body).unwrap()["fullyQualifiedName"],
            "body/paragraph 3"
        );
    }

    use super::*;
    use crate::finding::Excerpt;
    use crate::{Position, Scope};

    fn finding(text: &str, highlight: std::ops::Range<usize>, start: Position) -> Finding {
        let end = Position {
            line: start.line,
            column: start.column + text[highlight.clone()].chars().count(),
        };
        Finding {
            rule: 0,
            severity: Severity::Warning,
            scope: Scope::Prose,
            range: 0..0,
            start,
            end,
            term: text[highlight.clone()].to_owned(),
            term_index: 0,
            excerpt: Excerpt {
                text: text.to_owned(),
                first_line: start.line,
                skipped_columns: 0,
                highlight,
            },
            snippet: Default::default(),
            location: None,
            external: None,
            copied_from: None,
            fix: None,
        }
    }

    #[test]
    fn the_context_of_a_cut_long_line_leaves_out_the_ellipses() {
        // `…` stands for the columns before and after the window: 100 characters, say.
        let text = "…words before the master node and after…";
        let start = text.find("master").unwrap();
        let found = finding(
            text,
            start..start + 6,
            Position {
                line: 4,
                column: 120,
            },
        );
        let context = context_region(&found).unwrap();
        assert_eq!(
            context["snippet"]["text"],
            "words before the master node and after"
        );
        assert_eq!(context["startColumn"], 120 - "words before the ".len());
        assert_eq!(context["endColumn"], 126 + " node and after".len());
    }

    #[test]
    fn a_finding_that_is_its_whole_line_has_no_context() {
        let found = finding("whitelist", 0..9, Position { line: 1, column: 1 });
        assert!(context_region(&found).is_none());
    }

    #[test]
    fn rule_names_are_pascal_case_and_never_the_id() {
        assert_eq!(
            friendly_name("sanity-check").as_deref(),
            Some("SanityCheck")
        );
        assert_eq!(
            friendly_name("ladies-and-gentlemen").as_deref(),
            Some("LadiesAndGentlemen")
        );
        assert_eq!(friendly_name("whitelist"), None);
        assert_eq!(friendly_name("---"), None);
    }

    #[test]
    fn file_uris_are_absolute_and_encoded() {
        assert_eq!(
            file_uri(Path::new("/home/a b/ü#1.md")),
            "file:///home/a%20b/%C3%BC%231.md"
        );
        assert_eq!(
            file_uri(Path::new("C:\\work\\x.md")),
            "file:///C:/work/x.md"
        );
    }
}
