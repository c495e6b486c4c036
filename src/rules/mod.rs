//! Rules are data: each names the terms it flags, why they hurt, what to write instead, and the
//! phrases in which a term is fine.
//!
//! The default pack is the TOML in `rules/`, embedded in the binary ([`RuleSet::builtin`]);
//! teams add their own files in the same format ([`RuleSet::load`]). Loading validates
//! everything and reports problems at file, line and column.

mod builtin;
pub mod docs;
mod load;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

pub use crate::diagnostic::{DataErrors, DataFile};
use crate::scope::ScopeSet;

/// How serious a finding is; also the `--fail-on` threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Context-dependent or contested: worth a look, rarely a reason to fail a build.
    Info,
    /// Broad agreement among guides, but the word has ordinary senses too.
    Warning,
    /// Slurs and terms that every authority covering them asks to replace.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Severity, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "unknown severity `{s}`; expected info, warning or error"
            )),
        }
    }
}

/// Extra conditions a rule places on its matches, beyond whole-word matching.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    /// Only text whose case equals one of the terms exactly matches (`Oriental` but not
    /// `oriental rug` when the term is written capitalised).
    pub case_sensitive: bool,
    /// Skip a match when a named person was mentioned just before it (a pronoun that refers
    /// to a specific person is not a generic pronoun).
    pub unless_named_person: bool,
    /// Skip a match inside a quotation (someone else's words, reported as written).
    pub unless_quoted: bool,
    /// Report a match only when a word for an unspecified person (a user, someone, each
    /// developer) comes before it in the same or the previous sentence: a pronoun with no such
    /// antecedent usually refers to a specific person.
    pub generic_antecedent: bool,
    /// Skip a match that reads as part of a name or title (`Manpower` the company, `Twelve
    /// Years a Slave`), on the evidence given.
    pub unless_name: Option<NameEvidence>,
    /// Report a match that names another repository's branch (`` `owner/repo` master``) as
    /// that repository's name: the author cannot rename it.
    pub other_repository_branch: bool,
}

/// What shows that a capitalised term is part of a name rather than a use of the word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NameEvidence {
    /// A capital in the middle of a sentence, or a run of two capitalised words: for words
    /// whose ordinary use is lower case (`crazy`, `manpower`, `salesman`).
    Capitalised,
    /// Only a run of three or more capitalised words (`Edgar Lee Masters`, `Keeper of the
    /// Master Crystal`): for words that technical writing capitalises as terms (`the Master
    /// node`).
    Title,
}

/// One rule: a family of terms with the same explanation and alternatives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable identifier, such as `whitelist` or `master-slave`.
    pub id: String,
    /// Category such as `tech`, `gender` or `disability`.
    pub category: String,
    /// Severity before any user override.
    pub severity: Severity,
    /// Every form the rule matches (plurals, verb forms, spelling variants).
    pub terms: Vec<String>,
    /// What to write instead.
    pub alternatives: Vec<String>,
    /// A short clause that follows the term in messages ("can suggest that white means good").
    pub summary: String,
    /// One or two sentences on why the term hurts, for `ally explain` and reports.
    pub explanation: String,
    /// A caveat, or why the rule offers no alternative.
    pub note: Option<String>,
    /// Guidance topic ids.
    pub guidance: Vec<String>,
    /// Links to the authorities that recommend the change.
    pub sources: Vec<String>,
    /// Phrases containing a term in which the term is fine ("master's degree").
    pub exceptions: Vec<String>,
    /// Where the rule applies; a pronoun rule has no business in identifiers.
    pub scopes: ScopeSet,
    /// `Some` when the terms also match glued inside longer names (`Nodewhitelist`,
    /// `slavemode`), with the compounds in which they are innocent (`webmaster`, `mastery`).
    pub compounds: Option<Vec<String>>,
    /// Extra matching conditions.
    pub conditions: Conditions,
    /// Safe one-to-one replacements, by lowercase term form, used by `ally fix`.
    pub fixes: BTreeMap<String, String>,
    /// Sentences the rule must flag and must leave alone; checked by the test suite.
    pub examples: Examples,
    /// The file the rule came from.
    pub origin: String,
}

/// Example sentences attached to a rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Examples {
    /// Prose in which the rule must report a finding.
    pub flagged: Vec<String>,
    /// Prose in which the rule must report nothing.
    pub allowed: Vec<String>,
    /// Lines of source code (read as JavaScript) in which the rule must report a finding.
    pub code: Vec<String>,
}

impl Rule {
    /// The message shown for a match of `term`: the term, why it hurts, what to use instead.
    pub fn message(&self, term: &str) -> String {
        let mut message = format!("`{term}` {}", self.summary);
        if !self.alternatives.is_empty() {
            message.push_str("; consider ");
            message.push_str(&quote_list(&self.alternatives, 3));
        }
        message
    }
}

/// `a`, `b` or `c`, with at most `limit` items.
pub fn quote_list(items: &[String], limit: usize) -> String {
    let shown: Vec<String> = items.iter().take(limit).map(|i| format!("`{i}`")).collect();
    match shown.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A phrase that is fine wherever it appears, even though it contains a flagged term or looks
/// like one (the Inclusive Naming Initiative's "no change recommended" list, brand names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allowed {
    /// The phrase.
    pub phrase: String,
    /// Why it is fine.
    pub reason: String,
    /// Where that judgement comes from.
    pub source: Option<String>,
    /// An optional group: the phrase only counts when the user enables the group (for example
    /// `git-branch-names`, for teams that must still name a `master` branch).
    pub group: Option<String>,
    /// The project that defines the phrase (`Redis`, `Sphinx`), when it is a name the author
    /// cannot change. Until its group is switched on, terms inside the phrase are reported as
    /// that project's names, at `info`, rather than as the author's words.
    pub owner: Option<String>,
}

/// A short topic of allyship practice that rules point to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    /// Identifier such as `listen` or `inclusive-naming`.
    pub id: String,
    /// Title for display.
    pub title: String,
    /// A few sentences in the project's own words.
    pub text: String,
    /// Public sources the topic draws on.
    pub sources: Vec<Reference>,
}

/// A public source cited by a guidance topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Title of the work.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Where to read it.
    pub url: String,
}

/// A validated set of rules, allowed phrases and guidance topics.
#[derive(Clone, Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    allowed: Vec<Allowed>,
    topics: Vec<Topic>,
    by_id: HashMap<String, usize>,
}

/// Index of a rule inside its [`RuleSet`].
pub type RuleIndex = usize;

impl RuleSet {
    /// The default pack embedded in the binary.
    pub fn builtin() -> RuleSet {
        // The embedded files are validated by the test suite, so this cannot fail in a build
        // that passed its tests.
        RuleSet::load(&[])
            .unwrap_or_else(|errors| panic!("the embedded rule pack is invalid:\n{errors}"))
    }

    /// The default pack plus the given rule files. A user rule with the id of a built-in rule
    /// replaces it.
    pub fn load(extra: &[DataFile]) -> Result<RuleSet, DataErrors> {
        let mut files = builtin::rule_files();
        files.extend_from_slice(extra);
        load::load(
            &builtin::guidance_file(),
            &files,
            builtin::rule_files().len(),
        )
    }

    /// Only the given rule files, with the built-in guidance (no built-in rules).
    pub fn load_only(files: &[DataFile]) -> Result<RuleSet, DataErrors> {
        load::load(&builtin::guidance_file(), files, 0)
    }

    /// All rules, in the order they were loaded.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule at `index`.
    pub fn rule(&self, index: RuleIndex) -> &Rule {
        &self.rules[index]
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.index_of(id).map(|i| &self.rules[i])
    }

    /// The index of the rule with this id.
    pub fn index_of(&self, id: &str) -> Option<RuleIndex> {
        self.by_id.get(id).copied()
    }

    /// Phrases that are fine wherever they appear.
    pub fn allowed(&self) -> &[Allowed] {
        &self.allowed
    }

    /// All guidance topics.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// The guidance topic with this id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// The categories in use, sorted.
    pub fn categories(&self) -> Vec<&str> {
        let mut categories: Vec<&str> = self.rules.iter().map(|r| r.category.as_str()).collect();
        categories.sort_unstable();
        categories.dedup();
        categories
    }

    /// The names of the optional allowed-phrase groups, sorted.
    pub fn allow_groups(&self) -> Vec<&str> {
        let mut groups: Vec<&str> = self
            .allowed
            .iter()
            .filter_map(|a| a.group.as_deref())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }

    /// The project that owns the names of an allowed-phrase group, if the group is one of
    /// another project's names (`redis` → `Redis`).
    pub fn group_owner(&self, group: &str) -> Option<&str> {
        self.allowed
            .iter()
            .filter(|a| a.group.as_deref() == Some(group))
            .find_map(|a| a.owner.as_deref())
    }

    /// The existing id closest to `id`, to suggest when a user mistypes one.
    pub fn closest_id(&self, id: &str) -> Option<&str> {
        closest(id, self.rules.iter().map(|r| r.id.as_str()))
    }

    /// The existing topic id closest to `id`.
    pub fn closest_topic(&self, id: &str) -> Option<&str> {
        closest(id, self.topics.iter().map(|t| t.id.as_str()))
    }

    /// Adds the rules of `other` that this set lacks (by id) and returns, for each rule of
    /// `other`, its index in this set. Reports gathering findings from several rule sets use
    /// it to refer to one.
    pub fn absorb(&mut self, other: &RuleSet) -> Vec<RuleIndex> {
        other
            .rules
            .iter()
            .map(|rule| match self.index_of(&rule.id) {
                Some(index) => index,
                None => {
                    self.rules.push(rule.clone());
                    self.by_id.insert(rule.id.clone(), self.rules.len() - 1);
                    self.rules.len() - 1
                }
            })
            .collect()
    }

    /// Adds allowed phrases (for example from a team's config).
    pub fn allow(&mut self, phrases: impl IntoIterator<Item = Allowed>) {
        self.allowed.extend(phrases);
    }

    fn new(rules: Vec<Rule>, allowed: Vec<Allowed>, topics: Vec<Topic>) -> RuleSet {
        let by_id = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        RuleSet {
            rules,
            allowed,
            topics,
            by_id,
        }
    }
}

/// The candidate closest to `wanted` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted = wanted.to_ascii_lowercase();
    candidates
        .map(|c| (edit_distance(&wanted, c), c))
        .filter(|(d, c)| {
            *d <= (c.len().max(wanted.len()) / 3).max(2)
                || (wanted.len() >= 4 && c.contains(wanted.as_str()))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_term_and_up_to_three_alternatives() {
        let rule = RuleSet::builtin().get("whitelist").unwrap().clone();
        let message = rule.message("whitelist");
        assert!(message.starts_with("`whitelist` "), "{message}");
        assert!(message.contains("; consider `allowlist`"), "{message}");
    }

    #[test]
    fn quote_list_joins_with_or() {
        let items = ["a", "b", "c", "d"].map(String::from);
        assert_eq!(quote_list(&items[..1], 3), "`a`");
        assert_eq!(quote_list(&items, 3), "`a`, `b` or `c`");
    }

    #[test]
    fn closest_suggests_likely_typos_only() {
        let ids = ["whitelist", "blacklist", "master-slave"];
        assert_eq!(closest("whitelst", ids.into_iter()), Some("whitelist"));
        assert_eq!(closest("master", ids.into_iter()), Some("master-slave"));
        assert_eq!(closest("zzzzzzzz", ids.into_iter()), None);
    }
}
