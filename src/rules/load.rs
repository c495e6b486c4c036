//! TOML text → validated [`RuleSet`], with every problem located at file, line and column.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::{
    Allowed, Conditions, Examples, NameEvidence, Reference, Rule, RuleSet, Severity, Topic,
};
use crate::diagnostic::{DataErrors, DataFile, DataProblem};
use crate::scope::{Scope, ScopeSet};

/// The top-level keys of a config file, named in the error when a config is read as rules (as
/// when `extend-rules` lists the config itself).
const CONFIG_KEYS: &[&str] = &[
    "extend-rules",
    "exclude",
    "allow-groups",
    "disable",
    "enable",
    "severity",
    "scope",
    "fail-on",
    "replace",
    "overrides",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    id: Spanned<String>,
    #[serde(default)]
    category: Option<Spanned<String>>,
    #[serde(default)]
    severity: Option<Severity>,
    terms: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    alternatives: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    explanation: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    guidance: Vec<Spanned<String>>,
    #[serde(default)]
    sources: Vec<Spanned<String>>,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    scopes: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    compounds: bool,
    #[serde(default)]
    innocent_compounds: Vec<Spanned<String>>,
    #[serde(default)]
    unless_named_person: bool,
    #[serde(default)]
    unless_quoted: bool,
    #[serde(default)]
    generic_antecedent: bool,
    #[serde(default)]
    unless_name: Option<NameEvidence>,
    #[serde(default)]
    other_repository_branch: bool,
    #[serde(default)]
    fix: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    examples: RawExamples,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawExamples {
    #[serde(default)]
    flagged: Vec<String>,
    #[serde(default)]
    allowed: Vec<String>,
    #[serde(default)]
    code: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAllowed {
    phrase: Spanned<String>,
    reason: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    group: Option<Spanned<String>>,
    #[serde(default)]
    owner: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawGuidanceFile {
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTopic {
    id: Spanned<String>,
    title: String,
    text: String,
    #[serde(default)]
    sources: Vec<RawReference>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReference {
    title: String,
    publisher: String,
    url: String,
}

/// Loads the guidance and the rule files. Files before `builtin_count` are the embedded pack;
/// a later file may replace one of their rules by reusing its id.
pub(super) fn load(
    guidance: &DataFile,
    files: &[DataFile],
    builtin_count: usize,
) -> Result<RuleSet, DataErrors> {
    let mut loader = Loader::default();
    let topics = loader.guidance(guidance);
    let known_topics: HashSet<String> = topics.iter().map(|t| t.id.clone()).collect();
    for (index, file) in files.iter().enumerate() {
        loader.rule_file(file, &known_topics, index < builtin_count);
    }
    loader.check_duplicate_terms();
    if loader.errors.is_empty() {
        let rules = loader.rules.into_iter().map(|r| r.rule).collect();
        Ok(RuleSet::new(rules, loader.allowed, topics))
    } else {
        Err(loader.errors)
    }
}

/// A rule being loaded, with the spans validation needs to point back at its file.
struct Loaded {
    rule: Rule,
    file: usize,
    id_span: Range<usize>,
    term_spans: Vec<Range<usize>>,
    builtin: bool,
}

#[derive(Default)]
struct Loader {
    errors: DataErrors,
    rules: Vec<Loaded>,
    allowed: Vec<Allowed>,
}

impl Loader {
    fn problem(&mut self, file: usize, span: Range<usize>, message: String, label: &str) {
        self.errors.push(DataProblem {
            file,
            span,
            message,
            label: label.into(),
            related: vec![],
            notes: vec![],
        });
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, file: &DataFile) -> (usize, Option<T>) {
        let index = self.errors.add_file(file.clone());
        match toml::from_str::<T>(&file.text) {
            Ok(value) => (index, Some(value)),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = error.message().trim().to_owned();
                self.problem(index, span, message, "here");
                (index, None)
            }
        }
    }

    fn guidance(&mut self, file: &DataFile) -> Vec<Topic> {
        let (index, Some(raw)) = self.parse::<RawGuidanceFile>(file) else {
            return vec![];
        };
        let mut seen = HashMap::new();
        let mut topics = Vec::new();
        for topic in raw.topic {
            let span = topic.id.span();
            let id = topic.id.into_inner();
            if !is_identifier(&id) {
                self.problem(
                    index,
                    span.clone(),
                    format!("topic id `{id}` is not in kebab-case"),
                    "expected lowercase words joined by `-`",
                );
            }
            if seen.insert(id.clone(), span.clone()).is_some() {
                self.problem(
                    index,
                    span,
                    format!("duplicate topic id `{id}`"),
                    "defined again here",
                );
                continue;
            }
            let sources = topic
                .sources
                .into_iter()
                .map(|r| Reference {
                    title: r.title,
                    publisher: r.publisher,
                    url: r.url,
                })
                .collect();
            topics.push(Topic {
                id,
                title: topic.title,
                text: normalize_text(&topic.text),
                sources,
            });
        }
        topics
    }

    /// Loads one rule file. Each `[[rule]]` and `[[allow]]` table is read on its own, so that a
    /// mistake in one rule does not hide the problems of the others.
    fn rule_file(&mut self, file: &DataFile, topics: &HashSet<String>, builtin: bool) {
        let index = self.errors.add_file(file.clone());
        let root = match DeTable::parse(&file.text) {
            Ok(root) => root,
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                self.problem(index, span, error.message().trim().to_owned(), "here");
                // Not TOML: it may be any file a config pointed at, so its lines stay private.
                self.errors.hide_text(index);
                return;
            }
        };
        let recognisable = root.get_ref().iter().any(|(key, _)| {
            let key = key.get_ref().as_ref();
            key == "rule" || key == "allow" || CONFIG_KEYS.contains(&key)
        });
        if !recognisable {
            self.errors.hide_text(index);
        }
        for (key, value) in root.get_ref() {
            match key.get_ref().as_ref() {
                "rule" => {
                    for raw in self.tables::<RawRule>(index, value) {
                        if let Some(mut loaded) = self.rule(index, &file.name, raw, topics) {
                            loaded.builtin = builtin;
                            self.add(loaded);
                        }
                    }
                }
                "allow" => {
                    for raw in self.tables::<RawAllowed>(index, value) {
                        self.allowed_phrase(index, raw);
                    }
                }
                other if CONFIG_KEYS.contains(&other) => self.problem(
                    index,
                    key.span(),
                    format!(
                        "`{other}` is a config setting, but this is read as a rule file, which \
                         holds only `[[rule]]` and `[[allow]]` tables"
                    ),
                    "config setting",
                ),
                other => self.problem(
                    index,
                    key.span(),
                    format!("unknown key `{other}`, expected `rule` or `allow`"),
                    "unknown key",
                ),
            }
        }
    }

    /// Deserializes each table of an array of tables, reporting the ones that do not fit.
    fn tables<T: DeserializeOwned>(&mut self, file: usize, value: &Spanned<DeValue<'_>>) -> Vec<T> {
        let Some(array) = value.get_ref().as_array() else {
            let message = "expected an array of tables, such as `[[rule]]`".to_owned();
            self.problem(file, value.span(), message, "not an array of tables");
            return vec![];
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match T::deserialize(ValueDeserializer::from(item.clone())) {
                Ok(table) => out.push(table),
                Err(error) => {
                    let span = error.span().unwrap_or_else(|| item.span());
                    self.problem(file, span, error.message().trim().to_owned(), "here");
                }
            }
        }
        out
    }

    fn allowed_phrase(&mut self, file: usize, raw: RawAllowed) {
        let span = raw.phrase.span();
        let phrase = raw.phrase.into_inner();
        if let Err(why) = check_phrase(&phrase) {
            self.problem(
                file,
                span,
                format!("allowed phrase `{phrase}` {why}"),
                "invalid phrase",
            );
            return;
        }
        let group = match raw.group {
            Some(group) if !is_identifier(group.get_ref()) => {
                let message = format!("group `{}` is not in kebab-case", group.get_ref());
                let label = "expected lowercase words joined by `-`";
                self.problem(file, group.span(), message, label);
                return;
            }
            group => group.map(Spanned::into_inner),
        };
        if let Some(owner) = &raw.owner
            && group.is_none()
        {
            self.problem(
                file,
                owner.span(),
                format!("allowed phrase `{phrase}` names an owner but no group"),
                "a name another project owns belongs to a group users can switch on",
            );
            return;
        }
        self.allowed.push(Allowed {
            phrase,
            reason: raw.reason,
            source: raw.source,
            group,
            owner: raw.owner.map(Spanned::into_inner),
        });
    }

    /// Adds a rule, letting a user file replace a built-in rule of the same id.
    fn add(&mut self, loaded: Loaded) {
        let existing = self.rules.iter().position(|r| r.rule.id == loaded.rule.id);
        match existing {
            Some(i) if self.rules[i].builtin && !loaded.builtin => self.rules[i] = loaded,
            Some(i) => {
                let first = &self.rules[i];
                let related = vec![(
                    first.file,
                    first.id_span.clone(),
                    "first defined here".into(),
                )];
                self.errors.push(DataProblem {
                    file: loaded.file,
                    span: loaded.id_span,
                    message: format!("duplicate rule id `{}`", loaded.rule.id),
                    label: "defined again here".into(),
                    related,
                    notes: vec!["rule ids must be unique; rename one of the rules".into()],
                });
            }
            None => self.rules.push(loaded),
        }
    }

    fn rule(
        &mut self,
        file: usize,
        name: &str,
        raw: RawRule,
        topics: &HashSet<String>,
    ) -> Option<Loaded> {
        let id_span = raw.id.span();
        let id = raw.id.into_inner();
        if !is_identifier(&id) {
            self.problem(
                file,
                id_span.clone(),
                format!("rule id `{id}` is not in kebab-case"),
                "expected lowercase words joined by `-`, such as `master-slave`",
            );
        }
        let category = match raw.category {
            Some(category) => {
                let span = category.span();
                let category = category.into_inner();
                if !is_identifier(&category) {
                    self.problem(
                        file,
                        span,
                        format!("category `{category}` is not in kebab-case"),
                        "expected lowercase words joined by `-`",
                    );
                }
                category
            }
            None => "custom".into(),
        };

        let terms_span = raw.terms.span();
        let raw_terms = raw.terms.into_inner();
        if raw_terms.is_empty() {
            self.problem(
                file,
                terms_span,
                format!("rule `{id}` has no terms"),
                "add at least one term to match",
            );
        }
        let mut terms = Vec::new();
        let mut term_spans = Vec::new();
        for term in raw_terms {
            let span = term.span();
            let text = term.into_inner();
            if let Err(why) = check_phrase(&text) {
                self.problem(
                    file,
                    span,
                    format!("term `{text}` in rule `{id}` {why}"),
                    "invalid term",
                );
                continue;
            }
            terms.push(text);
            term_spans.push(span);
        }

        for topic in &raw.guidance {
            if !topics.contains(topic.get_ref()) {
                let mut known: Vec<&str> = topics.iter().map(String::as_str).collect();
                known.sort_unstable();
                let mut problem = DataProblem {
                    file,
                    span: topic.span(),
                    message: format!("unknown guidance topic `{}`", topic.get_ref()),
                    label: "not a topic in rules/guidance.toml".into(),
                    related: vec![],
                    notes: vec![format!("known topics: {}", known.join(", "))],
                };
                if let Some(near) = super::closest(topic.get_ref(), known.iter().copied()) {
                    problem.notes.insert(0, format!("did you mean `{near}`?"));
                }
                self.errors.push(problem);
            }
        }
        for source in &raw.sources {
            let url = source.get_ref();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.problem(
                    file,
                    source.span(),
                    format!("source `{url}` is not a link"),
                    "expected an http(s) URL",
                );
            }
        }

        let lowered: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
        for exception in &raw.exceptions {
            let text = exception.get_ref();
            if let Err(why) = check_phrase(text) {
                self.problem(
                    file,
                    exception.span(),
                    format!("exception `{text}` {why}"),
                    "invalid exception",
                );
            } else if !lowered
                .iter()
                .any(|t| text.to_lowercase().contains(t.as_str()))
            {
                self.problem(
                    file,
                    exception.span(),
                    format!("exception `{text}` contains none of the terms of rule `{id}`"),
                    "this phrase could never suppress a match of this rule",
                );
            }
        }

        for compound in &raw.innocent_compounds {
            let text = compound.get_ref();
            let lowered_compound = text.to_lowercase();
            if !raw.compounds {
                self.problem(
                    file,
                    compound.span(),
                    format!("rule `{id}` lists innocent compounds but does not set `compounds`"),
                    "set `compounds = true`, or remove the list",
                );
            } else if !text.chars().all(|c| c.is_ascii_alphanumeric()) {
                self.problem(
                    file,
                    compound.span(),
                    format!("innocent compound `{text}` is not one run of letters and digits"),
                    "a compound is one glued word, such as `webmaster`",
                );
            } else if !lowered
                .iter()
                .any(|t| lowered_compound.contains(t.as_str()))
            {
                self.problem(
                    file,
                    compound.span(),
                    format!("innocent compound `{text}` contains none of the terms of rule `{id}`"),
                    "this compound could never hold a match of this rule",
                );
            }
        }

        let scopes = match raw.scopes {
            None => ScopeSet::ALL,
            Some(list) => {
                let mut set = ScopeSet::NONE;
                for scope in list.get_ref() {
                    match scope.get_ref().parse::<Scope>() {
                        Ok(s) => set = set.with(s),
                        Err(why) => self.problem(file, scope.span(), why, "unknown scope"),
                    }
                }
                if list.get_ref().is_empty() {
                    self.problem(
                        file,
                        list.span(),
                        format!("rule `{id}` applies in no scope"),
                        "list at least one scope, or remove the key",
                    );
                }
                set
            }
        };

        let mut fixes = BTreeMap::new();
        for (term, replacement) in raw.fix {
            let span = term.span();
            let term = term.into_inner();
            if !lowered.contains(&term.to_lowercase()) {
                self.problem(
                    file,
                    span,
                    format!("fix for `{term}`, which is not a term of rule `{id}`"),
                    "a fix key must be one of the rule's terms",
                );
            } else if replacement.trim().is_empty() {
                self.problem(
                    file,
                    span,
                    format!("empty replacement for `{term}`"),
                    "give the replacement text",
                );
            } else {
                fixes.insert(term.to_lowercase(), replacement);
            }
        }

        // A rule with problems is still kept so that cross-rule checks (duplicate ids and
        // terms) see it; `load` returns no rule set at all when any problem was found.
        let rule = Rule {
            summary: raw
                .summary
                .map(|s| normalize_text(&s))
                .unwrap_or_else(|| "may exclude or hurt people".into()),
            explanation: raw
                .explanation
                .map(|s| normalize_text(&s))
                .unwrap_or_default(),
            note: raw.note.map(|s| normalize_text(&s)),
            id,
            category,
            severity: raw.severity.unwrap_or(Severity::Warning),
            terms,
            alternatives: raw.alternatives,
            guidance: raw.guidance.into_iter().map(Spanned::into_inner).collect(),
            sources: raw.sources.into_iter().map(Spanned::into_inner).collect(),
            exceptions: raw
                .exceptions
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            scopes,
            compounds: raw.compounds.then(|| {
                raw.innocent_compounds
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect()
            }),
            conditions: Conditions {
                case_sensitive: raw.case_sensitive,
                unless_named_person: raw.unless_named_person,
                unless_quoted: raw.unless_quoted,
                generic_antecedent: raw.generic_antecedent,
                unless_name: raw.unless_name,
                other_repository_branch: raw.other_repository_branch,
            },
            fixes,
            examples: Examples {
                flagged: raw.examples.flagged,
                allowed: raw.examples.allowed,
                code: raw.examples.code,
            },
            origin: name.to_owned(),
        };
        Some(Loaded {
            rule,
            file,
            id_span,
            term_spans,
            builtin: false,
        })
    }

    /// A term may belong to one rule only, or a match could not say which rule it is.
    fn check_duplicate_terms(&mut self) {
        let mut owners: HashMap<String, (usize, usize)> = HashMap::new();
        let mut duplicates = Vec::new();
        for (r, loaded) in self.rules.iter().enumerate() {
            for (t, term) in loaded.rule.terms.iter().enumerate() {
                let key = normalize_term(term);
                match owners.get(&key) {
                    Some(&(first_rule, first_term)) => {
                        duplicates.push(((first_rule, first_term), (r, t)))
                    }
                    None => {
                        owners.insert(key, (r, t));
                    }
                }
            }
        }
        for ((r1, t1), (r2, t2)) in duplicates {
            let first = &self.rules[r1];
            let second = &self.rules[r2];
            let message = if r1 == r2 {
                format!(
                    "term `{}` is listed twice in rule `{}`",
                    second.rule.terms[t2], second.rule.id
                )
            } else {
                format!(
                    "term `{}` is listed in two rules, `{}` and `{}`",
                    second.rule.terms[t2], first.rule.id, second.rule.id
                )
            };
            let problem = DataProblem {
                file: second.file,
                span: second.term_spans[t2].clone(),
                message,
                label: "listed again here".into(),
                related: vec![(
                    first.file,
                    first.term_spans[t1].clone(),
                    "first listed here".into(),
                )],
                notes: vec!["each term belongs to exactly one rule; remove one of the two".into()],
            };
            self.errors.push(problem);
        }
    }
}

/// Terms that differ only in case or in the kind of spacing are the same term.
fn normalize_term(term: &str) -> String {
    term.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Kebab-case: lowercase ASCII words joined by single hyphens.
fn is_identifier(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A term or exception must contain a letter and have no stray spacing.
fn check_phrase(text: &str) -> Result<(), &'static str> {
    if !text.chars().any(char::is_alphanumeric) {
        return Err("is empty or has no letters");
    }
    if text.trim() != text {
        return Err("starts or ends with a space");
    }
    if text.contains("  ") || text.contains(['\n', '\t', '\r']) {
        return Err("must separate its words with single spaces");
    }
    Ok(())
}

/// Joins the lines of a multi-line TOML string into one paragraph.
fn normalize_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_one(text: &str) -> Result<RuleSet, DataErrors> {
        RuleSet::load_only(&[DataFile::new("team.toml", text)])
    }

    fn first_error(text: &str) -> (String, usize, usize) {
        let errors = load_one(text).unwrap_err();
        let first = errors.located().remove(0);
        (first.message, first.line, first.column)
    }

    const GOOD: &str = r#"
[[rule]]
id = "cheese"
category = "food"
terms = ["cheese", "cheeses"]
alternatives = ["tofu"]
guidance = ["listen"]
sources = ["https://example.org/cheese"]
exceptions = ["cheese board"]
"#;

    #[test]
    fn a_minimal_rule_file_loads() {
        let rules = load_one(GOOD).unwrap();
        let rule = rules.get("cheese").unwrap();
        assert_eq!(rule.severity, Severity::Warning);
        assert_eq!(rule.terms, ["cheese", "cheeses"]);
        assert_eq!(rule.scopes, ScopeSet::ALL);
        assert_eq!(rule.origin, "team.toml");
    }

    #[test]
    fn unknown_keys_are_located() {
        let (message, line, column) =
            first_error("[[rule]]\nid = \"x\"\nterms = [\"x\"]\nseverty = \"error\"\n");
        assert!(message.contains("unknown field `severty`"), "{message}");
        assert_eq!((line, column), (4, 1));
    }

    #[test]
    fn every_bad_rule_is_reported_not_just_the_first() {
        let text =
            "[[rule]]\nid = \"a\"\nterms = [\"a\"]\nbad = 1\n\n[[rule]]\nid = \"b\"\nterms = []\n";
        let located = load_one(text).unwrap_err().located();
        assert_eq!(located.len(), 2, "{located:?}");
        assert_eq!(located[0].line, 4);
        assert_eq!(located[1].message, "rule `b` has no terms");
    }

    #[test]
    fn unknown_top_level_keys_are_errors() {
        let (message, line, column) = first_error("[[rules]]\nid = \"a\"\n");
        assert_eq!(message, "unknown key `rules`, expected `rule` or `allow`");
        assert_eq!((line, column), (1, 3));
    }

    #[test]
    fn a_config_read_as_rules_says_so() {
        let (message, line, column) = first_error("# ally.toml\nextend-rules = [\"ally.toml\"]\n");
        assert_eq!(
            message,
            "`extend-rules` is a config setting, but this is read as a rule file, which holds only \
             `[[rule]]` and `[[allow]]` tables"
        );
        assert_eq!((line, column), (2, 1));
    }

    #[test]
    fn bad_severity_values_are_located() {
        let (message, line, _) =
            first_error("[[rule]]\nid = \"x\"\nterms = [\"x\"]\nseverity = \"fatal\"\n");
        assert!(message.contains("fatal"), "{message}");
        assert_eq!(line, 4);
    }

    #[test]
    fn empty_terms_are_an_error() {
        let (message, line, column) = first_error("[[rule]]\nid = \"x\"\nterms = []\n");
        assert_eq!(message, "rule `x` has no terms");
        assert_eq!((line, column), (3, 9));
        let (message, ..) = first_error("[[rule]]\nid = \"x\"\nterms = [\" \"]\n");
        assert!(message.contains("has no letters"), "{message}");
    }

    #[test]
    fn duplicate_ids_point_at_both_definitions() {
        let text = format!("{GOOD}[[rule]]\nid = \"cheese\"\nterms = [\"brie\"]\n");
        let errors = load_one(&text).unwrap_err();
        let located = errors.located();
        assert_eq!(located[0].message, "duplicate rule id `cheese`");
        assert_eq!(located[0].line, 11);
        assert_eq!(errors.problems[0].related.len(), 1);
    }

    #[test]
    fn a_term_in_two_rules_is_an_error() {
        let other = "[[rule]]\nid = \"dairy\"\nterms = [\"milk\", \"Cheese\"]\n";
        let errors = RuleSet::load_only(&[
            DataFile::new("a.toml", GOOD),
            DataFile::new("b.toml", other),
        ])
        .unwrap_err();
        let located = errors.located();
        assert_eq!(
            located[0].message,
            "term `Cheese` is listed in two rules, `cheese` and `dairy`"
        );
        assert_eq!(
            (located[0].path.as_str(), located[0].line, located[0].column),
            ("b.toml", 3, 18)
        );
    }

    #[test]
    fn unknown_guidance_topics_suggest_the_closest() {
        let errors = load_one(&GOOD.replace("\"listen\"", "\"lisen\"")).unwrap_err();
        assert_eq!(
            errors.located()[0].message,
            "unknown guidance topic `lisen`"
        );
        assert!(errors.problems[0].notes[0].contains("`listen`"));
    }

    #[test]
    fn exceptions_must_contain_a_term() {
        let (message, ..) = first_error(&GOOD.replace("cheese board", "cracker"));
        assert!(message.contains("contains none of the terms"), "{message}");
    }

    #[test]
    fn malformed_toml_is_located() {
        let (message, line, _) = first_error("[[rule]]\nid = \"x\nterms = []\n");
        assert!(!message.is_empty());
        assert_eq!(line, 2);
    }

    #[test]
    fn a_user_rule_replaces_the_builtin_rule_with_its_id() {
        let text = "[[rule]]\nid = \"whitelist\"\nterms = [\"whitelist\"]\nseverity = \"info\"\n";
        let rules = RuleSet::load(&[DataFile::new("team.toml", text)]).unwrap();
        let rule = rules.get("whitelist").unwrap();
        assert_eq!(rule.severity, Severity::Info);
        assert_eq!(rule.terms, ["whitelist"]);
    }
}
