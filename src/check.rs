//! The per-file pipeline, free of I/O: text → candidates → regions → findings.
//!
//! The automaton runs first over the raw text; most files have no candidate at all and are done
//! without being classified. Only when a candidate exists are the regions computed, and then
//! each candidate is kept or dropped by its scope, the masks (URLs, paths), the rule's own
//! conditions, and finally the leftmost-longest rule that lets exceptions win.

use std::path::Path;

use crate::extract::{DocumentFormat, FileKind, Regions, is_address, is_data};
use crate::finding::{Excerpt, External, Finding, Location, Position};
use crate::invisible::Visible;
use crate::judge::{self, Verdict, masked_phrase};
use crate::lines::{LineCursor, excerpt};
use crate::matcher::{Boundary, Candidate, Matcher, Speed, Target, Vocabulary};
use crate::rules::{RuleSet, Severity};
use crate::scope::{Scope, ScopeSet};
use crate::snippet::{Snippet, sentence};
use crate::suppress::{Directive, DirectiveNote, Suppressions};
use std::cell::{Cell, OnceCell};

/// The most findings listed for one text (a file, or a window of a very large one). A file with
/// more is almost always generated or a word list; listing them all would cost time and memory
/// in proportion, for a report nobody reads. The rest are counted, and the report says so.
pub const MAX_FINDINGS: usize = 10_000;

/// Candidates kept for resolution, at most: room for [`MAX_FINDINGS`] findings and the exceptions
/// and overlapping matches around them.
const KEPT_CANDIDATES: usize = 4 * MAX_FINDINGS;

/// The settings that decide what is reported for one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Kinds of text to check.
    pub scopes: ScopeSet,
    /// Whether each rule (by index) is enabled.
    pub enabled: Vec<bool>,
    /// The severity of each rule (by index), after overrides.
    pub severity: Vec<Severity>,
    /// Optional allowed-phrase groups that are switched on (such as `git-branch-names`).
    pub allow_groups: Vec<String>,
    /// The lowest severity that fails the run (`fail-on`); `None` never fails.
    pub threshold: Option<Severity>,
    /// How to read the file when its name and text are not enough to tell: chosen by the
    /// config's `file-types` or by the project's Sphinx configuration.
    pub file_type: Option<ChosenType>,
}

/// A file type chosen for a path, and by what.
#[derive(Clone, Debug)]
pub struct ChosenType {
    /// How the file is read.
    pub kind: FileKind,
    /// What chose it, for `ally config PATH`.
    pub reason: String,
}

/// Two choices are the same when they read the file the same way for the same reason.
impl PartialEq for ChosenType {
    fn eq(&self, other: &ChosenType) -> bool {
        self.kind.name() == other.kind.name() && self.reason == other.reason
    }
}

impl Eq for ChosenType {}

impl Policy {
    /// How to read the file at `path`: the type chosen for it, or the one its name and text
    /// give ([`FileKind::detect`]).
    pub fn file_kind(&self, path: &Path, text: &str) -> FileKind {
        match &self.file_type {
            Some(chosen) => chosen.kind,
            None => FileKind::detect(path, text),
        }
    }

    /// Every rule enabled at its own severity, in every scope.
    pub fn all(rules: &RuleSet) -> Policy {
        Policy {
            scopes: ScopeSet::ALL,
            enabled: vec![true; rules.rules().len()],
            severity: rules.rules().iter().map(|r| r.severity).collect(),
            allow_groups: Vec::new(),
            threshold: Some(Severity::Warning),
            file_type: None,
        }
    }
}

/// The outcome of checking one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// Findings in order of position, after suppressions: at most [`MAX_FINDINGS`].
    pub findings: Vec<Finding>,
    /// Findings past [`MAX_FINDINGS`], counted but not listed (far past it, matches are counted
    /// before overlaps are resolved, so the number is close rather than exact).
    pub unlisted: usize,
    /// Terms passed over because they sit in a run of text without spaces too long to be
    /// words (minified code, an encoded blob, markup nested thousands deep).
    pub in_data: usize,
    /// `ally:` directives that suppressed nothing.
    pub unused_suppressions: Vec<Directive>,
    /// Problems with directives (an unknown verb or rule id).
    pub directive_notes: Vec<DirectiveNote>,
}

/// A rule set compiled for matching.
#[derive(Debug)]
pub struct Linter {
    rules: RuleSet,
    matcher: Matcher,
    /// For each of the matcher's groups, the project that owns its names, if any; one more,
    /// last, for another repository's branch names.
    owners: Vec<Option<External>>,
}

/// The group that allows branch names, another repository's among them.
const BRANCH_GROUP: &str = "git-branch-names";

impl Linter {
    /// Compiles the automaton for `rules`.
    pub fn new(rules: RuleSet) -> Linter {
        Linter::with_speed(rules, Speed::QuickStart)
    }

    /// Compiles the automaton for the given kind of workload: quick to build for a few small
    /// files, fast to run for whole trees.
    pub fn with_speed(rules: RuleSet, speed: Speed) -> Linter {
        Linter::with_options(rules, speed, None)
    }

    /// Compiles the automaton for texts made of the given vocabulary only (see
    /// [`Vocabulary`]), or for any text.
    pub fn with_options(rules: RuleSet, speed: Speed, vocabulary: Option<&Vocabulary>) -> Linter {
        let matcher = Matcher::with_options(&rules, speed, vocabulary);
        let owners = matcher
            .groups()
            .iter()
            .map(|group| {
                rules.group_owner(group).map(|owner| External {
                    owner: owner.to_owned(),
                    group: group.clone(),
                })
            })
            .chain(std::iter::once(Some(External {
                owner: "another repository".to_owned(),
                group: BRANCH_GROUP.to_owned(),
            })))
            .collect();
        Linter {
            rules,
            matcher,
            owners,
        }
    }

    /// The rules this linter checks.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The compiled automaton.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The findings in `text`, read as a file of `kind`, in order of position.
    pub fn check(&self, text: &str, kind: FileKind, policy: &Policy) -> Vec<Finding> {
        self.check_file(text, kind, policy).findings
    }

    /// The findings in `text` after inline suppressions, and what the directives left unused.
    ///
    /// Invisible characters inside words (soft hyphens, zero-width spaces) do not hide a term:
    /// the text is checked without them, and every position is given in `text` as written.
    pub fn check_file(&self, text: &str, kind: FileKind, policy: &Policy) -> Checked {
        let Some(visible) = Visible::of(text) else {
            return self.check_regions(text, || Regions::of(kind, text), Some(kind), policy);
        };
        let shown = &visible.text;
        let mut checked =
            self.check_regions(shown, || Regions::of(kind, shown), Some(kind), policy);
        let mut cursor = LineCursor::new(text);
        for finding in &mut checked.findings {
            finding.range = visible.start(finding.range.start)..visible.end(finding.range.end);
            let start = cursor.position(finding.range.start);
            finding.excerpt.skipped_columns += start.column - finding.start.column;
            finding.start = start;
            finding.end = cursor.position(finding.range.end);
        }
        for directive in &mut checked.unused_suppressions {
            directive.offset = visible.start(directive.offset);
            directive.masked =
                visible.start(directive.masked.start)..visible.end(directive.masked.end);
        }
        checked
    }

    /// The terms in a file's path (`tests/whitelist/a.txt`), for `--check-filenames`.
    ///
    /// A path is a name, so it is read as one identifier (`white_list.rs` is found) whatever
    /// `policy.scopes` says: asking for file names is the choice. The term is not in the file's
    /// text, so each finding sits at line 1, column 1 with an empty range, says so in its
    /// `location` (`part` = `file name`), and shows the path as its excerpt.
    pub fn check_file_name(&self, path: &str, policy: &Policy) -> Vec<Finding> {
        let policy = Policy {
            scopes: ScopeSet::NONE.with(Scope::Identifier),
            ..policy.clone()
        };
        let start = Position { line: 1, column: 1 };
        let mut findings = self
            .check_regions(path, || Regions::uniform(Scope::Identifier), None, &policy)
            .findings;
        for finding in &mut findings {
            finding.excerpt = Excerpt {
                text: path.to_owned(),
                first_line: 1,
                skipped_columns: 0,
                highlight: finding.range.clone(),
            };
            finding.range = 0..0;
            finding.start = start;
            finding.end = start;
            finding.location = Some(Location {
                part: Some("file name".into()),
                ..Location::default()
            });
        }
        findings
    }

    /// The findings in `text`, a file of `kind` (`None` for a file name); `regions` classifies
    /// it, and is only called when a term or a directive occurs.
    fn check_regions(
        &self,
        text: &str,
        regions_fn: impl FnOnce() -> Regions,
        kind: Option<FileKind>,
        policy: &Policy,
    ) -> Checked {
        // Plain text has no comment syntax, so a directive may stand anywhere in it.
        let plain_text = matches!(kind, Some(FileKind::Document(DocumentFormat::Text)));
        // Regions (and the directives in comments) are only worked out once a match needs
        // them: most files have no match at all.
        let has_directives = memchr::memmem::find(text.as_bytes(), b"ally:").is_some();
        let regions: OnceCell<Regions> = OnceCell::new();
        let regions_fn = std::cell::Cell::new(Some(regions_fn));
        let regions =
            || regions.get_or_init(|| (regions_fn.take().expect("regions are computed once"))());
        let suppressions: OnceCell<Suppressions> = OnceCell::new();
        let suppressions_of = |regions: &Regions| {
            suppressions.get_or_init(|| {
                if has_directives {
                    Suppressions::find(text, regions, plain_text, &self.rules)
                } else {
                    Suppressions::default()
                }
            })
        };
        let groups = self.matcher.groups();
        let (mut kept_count, mut overflow) = (0, 0);
        let in_data = Cell::new(0);
        // The last phrase of another project's names met (`SHOW SLAVE STATUS`), and its group:
        // terms inside it are that project's names.
        let mut external: Option<(usize, u16)> = None;
        let kept = self.matcher.candidates(text, |candidate| {
            // A disabled rule's words stay its own: `sanity check` with `sanity-check` off is
            // silent, not a finding of the shorter `sane` rule.
            let silenced;
            let candidate = match candidate.target {
                Target::Term { rule, .. } if !policy.enabled[rule] => {
                    silenced = Candidate {
                        target: Target::Exception { group: None },
                        ..*candidate
                    };
                    &silenced
                }
                _ => candidate,
            };
            match candidate.target {
                Target::Exception { group: Some(group) }
                    if !policy
                        .allow_groups
                        .iter()
                        .any(|g| *g == groups[group as usize]) =>
                {
                    if self.owners[group as usize].is_some() {
                        external = Some((candidate.end, group));
                    }
                    return None;
                }
                _ => {}
            }
            let regions = regions();
            let scope = self.scope_of(text, regions, candidate, &in_data)?;
            let silenced_by_judge;
            let mut other_repository = false;
            let candidate = match candidate.target {
                Target::Term { .. } if !policy.scopes.contains(scope) => return None,
                Target::Term { rule, .. } => {
                    match judge::allows_in(self.rules.rule(rule), text, scope, regions, candidate) {
                        Verdict::Use => candidate,
                        Verdict::OtherRepository
                            if !policy.allow_groups.iter().any(|g| g == BRANCH_GROUP) =>
                        {
                            other_repository = true;
                            candidate
                        }
                        Verdict::Pass => return None,
                        // Allowed branch names hide the shorter terms inside them too.
                        Verdict::Silence | Verdict::OtherRepository => {
                            silenced_by_judge = Candidate {
                                target: Target::Exception { group: None },
                                ..*candidate
                            };
                            &silenced_by_judge
                        }
                    }
                }
                Target::Exception { .. } => candidate,
            };
            if suppressions_of(regions).masks(&(candidate.start..candidate.end)) {
                return None;
            }
            // Far past the listing limit, candidates are only counted: a 30 MB file of one
            // repeated term would otherwise hold millions of them.
            if kept_count == KEPT_CANDIDATES {
                overflow += usize::from(matches!(candidate.target, Target::Term { .. }));
                return None;
            }
            kept_count += 1;
            let owner = external
                .filter(|&(end, _)| candidate.end <= end)
                .map(|(_, group)| group)
                .or(other_repository.then_some(groups.len() as u16));
            Some((*candidate, scope, owner))
        });
        if kept.is_empty() && !has_directives {
            return Checked {
                in_data: in_data.get(),
                ..Checked::default()
            };
        }
        let mut suppressions = match suppressions.into_inner() {
            Some(found) => found,
            None if has_directives => Suppressions::find(text, regions(), plain_text, &self.rules),
            None => Suppressions::default(),
        };
        // In code a line is the unit a reader looks at; in documents, the sentence.
        let lines_are_paragraphs = matches!(kind, Some(FileKind::Code(_)));
        let (findings, unlisted) =
            self.resolve(text, kept, &mut suppressions, policy, lines_are_paragraphs);
        Checked {
            findings,
            unlisted: unlisted + overflow,
            in_data: in_data.get(),
            unused_suppressions: suppressions.unused().cloned().collect(),
            directive_notes: suppressions.notes().to_vec(),
        }
    }

    /// The scope of a candidate, or `None` if it is not in checked text.
    /// A term passed over because it sits in a run too long to be words is counted in
    /// `in_data`, so that the report can say so.
    fn scope_of(
        &self,
        text: &str,
        regions: &Regions,
        candidate: &Candidate,
        in_data: &Cell<usize>,
    ) -> Option<Scope> {
        let scope = regions.scope_at(candidate.start)?;
        if regions.scope_at(candidate.end - 1) != Some(scope) {
            return None;
        }
        // Case changes split words only where names are written: identifiers and strings (which
        // often hold keys and names). In prose `McMaster` is one word.
        if candidate.boundary >= Boundary::Identifier
            && !matches!(scope, Scope::Identifier | Scope::String)
        {
            return None;
        }
        // Outside comments and strings, `a/b` is more often code than a path, but a URL is a URL
        // (`url: https://…/blob/master/x` in YAML).
        let masked = if scope == Scope::Identifier {
            is_address(text, candidate.start, candidate.end)
        } else {
            masked_phrase(text, candidate.start, candidate.end)
        };
        if masked {
            if matches!(candidate.target, Target::Term { .. })
                && is_data(text, candidate.start, candidate.end)
            {
                in_data.set(in_data.get() + 1);
            }
            return None;
        }
        Some(scope)
    }

    /// Leftmost-longest selection (exceptions first on ties), then inline suppressions, then
    /// positions and excerpts for at most [`MAX_FINDINGS`]; the rest are only counted.
    fn resolve(
        &self,
        text: &str,
        kept: Vec<(Candidate, Scope, Option<u16>)>,
        suppressions: &mut Suppressions,
        policy: &Policy,
        lines_are_paragraphs: bool,
    ) -> (Vec<Finding>, usize) {
        let mut findings = Vec::new();
        let mut unlisted = 0;
        let mut cursor = LineCursor::new(text);
        let mut covered = 0;
        for (candidate, scope, owner) in kept {
            if candidate.start < covered {
                continue;
            }
            covered = candidate.end;
            let Target::Term { rule, term } = candidate.target else {
                continue;
            };
            let start = cursor.position(candidate.start);
            let line_start = cursor.line_start();
            let end = cursor.position(candidate.end);
            let range = candidate.start..candidate.end;
            let mut finding = Finding {
                rule,
                severity: policy.severity[rule],
                scope,
                range: range.clone(),
                start,
                end,
                term: String::new(),
                term_index: term as usize,
                excerpt: Excerpt::default(),
                snippet: Snippet::default(),
                location: None,
                external: None,
                copied_from: None,
                fix: None,
            };
            // Another project's name fails no build: it is reported at `info` at most.
            if let Some(external) = owner.and_then(|group| self.owners[group as usize].clone()) {
                finding.severity = finding.severity.min(Severity::Info);
                finding.external = Some(Box::new(external));
            }
            if suppressions.suppresses(&finding, &self.rules) {
                continue;
            }
            if findings.len() == MAX_FINDINGS {
                unlisted += 1;
                continue;
            }
            let written = &text[range.clone()];
            finding.term = written.split_whitespace().collect::<Vec<_>>().join(" ");
            finding.excerpt = excerpt(text, range.start, range.end, start, line_start);
            finding.snippet = sentence(text, range, lines_are_paragraphs);
            findings.push(finding);
        }
        (findings, unlisted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{DocumentFormat, languages};
    use crate::rules::DataFile;

    fn linter(rules: &str) -> Linter {
        Linter::new(RuleSet::load_only(&[DataFile::new("t.toml", rules)]).unwrap())
    }

    const RULES: &str = r#"
[[rule]]
id = "master"
terms = ["master"]
exceptions = ["master's degree"]

[[rule]]
id = "master-slave"
terms = ["master/slave", "master-slave"]

[[rule]]
id = "sanity"
terms = ["sanity check"]

[[rule]]
id = "pronoun"
terms = ["he"]
unless-named-person = true
unless-quoted = true
scopes = ["prose", "comments"]

[[allow]]
phrase = "origin/master"
reason = "a branch name"
group = "git-branch-names"

[[allow]]
phrase = "master inventor"
reason = "skill"
"#;

    fn found(linter: &Linter, kind: FileKind, text: &str) -> Vec<(String, usize, usize, Scope)> {
        let policy = Policy::all(linter.rules());
        linter
            .check(text, kind, &policy)
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

    const TEXT: FileKind = FileKind::Document(DocumentFormat::Text);
    const MARKDOWN: FileKind = FileKind::Document(DocumentFormat::Markdown);

    #[test]
    fn exceptions_and_longer_terms_win() {
        let l = linter(RULES);
        assert!(found(&l, TEXT, "a master's degree").is_empty());
        assert!(found(&l, TEXT, "our Master Inventor").is_empty());
        assert_eq!(
            found(&l, TEXT, "a master/slave bus"),
            [("master-slave".into(), 1, 3, Scope::Prose)]
        );
    }

    #[test]
    fn phrases_over_line_breaks_are_one_finding_at_their_start() {
        let l = linter(RULES);
        assert_eq!(
            found(&l, TEXT, "run a\nsanity\n  check now"),
            [("sanity".into(), 2, 1, Scope::Prose)]
        );
        assert_eq!(
            found(&l, MARKDOWN, "Run a sanity\ncheck now.\n"),
            [("sanity".into(), 1, 7, Scope::Prose)]
        );
    }

    #[test]
    fn phrases_over_comment_lines_are_not_mistaken_for_paths() {
        let l = linter(RULES);
        let rust = FileKind::Code(languages().by_name("Rust").unwrap());
        assert_eq!(
            found(&l, rust, "// run a sanity\n// check first\nfn f() {}\n"),
            [("sanity".into(), 1, 10, Scope::Comment)]
        );
        assert!(found(&l, TEXT, "see https://x.org/sanity check").is_empty());
        assert!(found(&l, TEXT, "a sanity check/x.txt file").is_empty());
        assert_eq!(found(&l, TEXT, "a sanity check / test").len(), 1);
    }

    #[test]
    fn markdown_code_and_urls_are_skipped() {
        let l = linter(RULES);
        let text = "Use `master` or\n\n```\nmaster\n```\n\nsee https://x.org/blob/master/y and [m](https://x.org/master).\n";
        assert!(found(&l, MARKDOWN, text).is_empty());
    }

    #[test]
    fn camel_case_splits_only_in_identifiers_and_strings() {
        let l = linter(RULES);
        let rust = FileKind::Code(languages().by_name("Rust").unwrap());
        assert_eq!(
            found(&l, rust, "let masterNode = \"isMaster\"; // McMaster\n"),
            [
                ("master".into(), 1, 5, Scope::Identifier),
                ("master".into(), 1, 21, Scope::String)
            ]
        );
        assert!(found(&l, TEXT, "McMaster University").is_empty());
    }

    /// The column of a finding in an identifier is the column of the word, in every case style
    /// and in the markup formats where names are written in kebab-case.
    #[test]
    fn identifier_words_are_reported_at_their_own_column() {
        let l = linter(RULES);
        let code = |name: &str| FileKind::Code(languages().by_name(name).unwrap());
        let cases = [
            (code("Java"), "int getHTTPMasterURL();", 12),
            (code("Python"), "def sync_master_node():", 10),
            (code("C"), "#define MASTER_NODE 1", 9),
            (code("Go"), "var nodeMaster2 = 1", 9),
            (code("CSS"), ".nav-master-item { }", 6),
            (code("SCSS"), "$color-master: red;", 8),
            (code("YAML"), "use-master-key: true", 5),
            (
                FileKind::Document(DocumentFormat::Html),
                "<div class=\"nav nav-master\">x</div>",
                21,
            ),
        ];
        for (kind, text, column) in cases {
            assert_eq!(
                found(&l, kind, text),
                [("master".into(), 1, column, Scope::Identifier)],
                "{text}"
            );
        }
        assert!(found(&l, code("Java"), "int Mastercard; int webmaster;").is_empty());
    }

    #[test]
    fn file_names_are_read_as_identifiers_at_line_one() {
        let l = linter(RULES);
        let mut policy = Policy::all(l.rules());
        policy.scopes = "comments".parse().unwrap();
        let findings = l.check_file_name("tests/master_list/sanity_check.txt", &policy);
        let summary: Vec<_> = findings
            .iter()
            .map(|f| {
                (
                    l.rules().rule(f.rule).id.as_str(),
                    f.term.as_str(),
                    f.scope,
                    (f.start.line, f.start.column, f.end.line, f.end.column),
                    f.range.clone(),
                    f.location.as_ref().and_then(|l| l.part.as_deref()),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "master",
                    "master",
                    Scope::Identifier,
                    (1, 1, 1, 1),
                    0..0,
                    Some("file name")
                ),
                (
                    "sanity",
                    "sanity_check",
                    Scope::Identifier,
                    (1, 1, 1, 1),
                    0..0,
                    Some("file name")
                ),
            ]
        );
        assert_eq!(
            findings[0].excerpt.text,
            "tests/master_list/sanity_check.txt"
        );
        assert_eq!(findings[0].excerpt.highlight, 6..12);
        assert!(
            l.check_file_name("docs/webmaster/he.txt", &policy)
                .is_empty()
        );
    }

    #[test]
    fn quoted_mentions_and_named_people_are_not_generic_pronouns() {
        let l = linter(RULES);
        assert_eq!(
            found(&l, TEXT, "When a user logs in, he waits."),
            [("pronoun".into(), 1, 22, Scope::Prose)]
        );
        assert!(found(&l, TEXT, "The word \"he\" is short.").is_empty());
        assert!(found(&l, TEXT, "Ada Lovelace wrote notes. Later he was cited.").is_empty());
        assert!(found(&l, TEXT, "Ada wrote it.\n\nWhen a user logs in, he waits.").len() == 1);
    }

    #[test]
    fn generic_antecedent_rules_need_a_word_for_an_unspecified_person() {
        let rules = r#"
[[rule]]
id = "generic"
terms = ["his"]
generic-antecedent = true
"#;
        let l = linter(rules);
        assert_eq!(
            found(&l, TEXT, "Each developer checks his own code."),
            [("generic".into(), 1, 23, Scope::Prose)]
        );
        assert_eq!(
            found(&l, TEXT, "When a USER logs in. Then his session starts.").len(),
            1
        );
        assert!(found(&l, TEXT, "I met the boogeyman. His hat was red.").is_empty());
        assert!(found(&l, TEXT, "Ask a user.\n\nHis reply came later.").is_empty());
        assert!(found(&l, TEXT, "A user left. Time passed. His reply came.").is_empty());
    }

    #[test]
    fn quotations_are_skipped_for_rules_that_ask() {
        let l = linter(RULES);
        assert!(
            found(
                &l,
                TEXT,
                "The manual said: \"when a user logs in, he waits\"."
            )
            .is_empty()
        );
        assert!(
            found(
                &l,
                TEXT,
                "It said \u{201c}a user knows he must wait\u{201d}."
            )
            .is_empty()
        );
        assert_eq!(
            found(&l, TEXT, "\"Quoted.\" Then a user logs in and he waits.").len(),
            1
        );
    }

    #[test]
    fn optional_allowed_groups_apply_only_when_enabled() {
        let l = linter(RULES);
        assert_eq!(found(&l, TEXT, "git push origin/master").len(), 1);
        let mut policy = Policy::all(l.rules());
        policy.allow_groups.push("git-branch-names".into());
        assert!(l.check("git push origin/master", TEXT, &policy).is_empty());
    }

    #[test]
    fn rule_scopes_and_policy_scopes_filter() {
        let l = linter(RULES);
        let rust = FileKind::Code(languages().by_name("Rust").unwrap());
        assert!(found(&l, rust, "fn he() {}").is_empty());
        let mut policy = Policy::all(l.rules());
        policy.scopes = "comments".parse().unwrap();
        let findings = l.check("let master = 1; // master\n", rust, &policy);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].scope, Scope::Comment);
    }

    #[test]
    fn directives_suppress_in_comments_and_are_never_findings() {
        let l = linter(RULES);
        let policy = Policy::all(l.rules());
        let rust = FileKind::Code(languages().by_name("Rust").unwrap());
        let text = "let master = 1; // ally:ignore master\n\
                    // ally:ignore-next-line master-slave -- a protocol name\n\
                    let m = \"master/slave\";\n\
                    let master2 = 2;\n\
                    // ally:disable\n\
                    let masters = master;\n\
                    // ally:enable\n\
                    let slave = master;\n\
                    // ally:ignore sanity\n";
        let checked = l.check_file(text, rust, &policy);
        let lines: Vec<usize> = checked.findings.iter().map(|f| f.start.line).collect();
        assert_eq!(lines, [4, 8]);
        let unused: Vec<&str> = checked
            .unused_suppressions
            .iter()
            .map(|d| d.text.as_str())
            .collect();
        assert_eq!(unused, ["ally:ignore sanity"]);
    }

    #[test]
    fn markdown_directives_live_in_html_comments() {
        let l = linter(RULES);
        let policy = Policy::all(l.rules());
        let text = "<!-- ally:ignore-next-line master -->\nThe master node.\n\nThe master node. <!-- ally:ignore -->\n\nally:ignore master here is prose.\n";
        let findings = l.check(text, MARKDOWN, &policy);
        let lines: Vec<usize> = findings.iter().map(|f| f.start.line).collect();
        assert_eq!(lines, [6]);
        // In plain text there are no comments, so a directive may stand anywhere.
        assert!(l.check("the master ally:ignore", TEXT, &policy).is_empty());
    }

    #[test]
    fn directive_problems_are_notes() {
        let l = linter(RULES);
        let policy = Policy::all(l.rules());
        let checked = l.check_file(
            "x # ally:ignor master\ny # ally:ignore mastr\n",
            TEXT,
            &policy,
        );
        let notes: Vec<&str> = checked
            .directive_notes
            .iter()
            .map(|n| n.message.as_str())
            .collect();
        assert_eq!(notes.len(), 2);
        assert!(notes[0].starts_with("unknown ally directive `ally:ignor`"));
        assert!(notes[1].contains("did you mean `master`?"));
    }

    #[test]
    fn disabled_rules_report_nothing() {
        let l = linter(RULES);
        let mut policy = Policy::all(l.rules());
        policy.enabled[0] = false;
        assert!(l.check("the master", TEXT, &policy).is_empty());
    }

    #[test]
    fn a_disabled_rule_does_not_hand_its_words_to_a_shorter_rule() {
        let l = linter(
            r#"
[[rule]]
id = "sane"
terms = ["sanity"]
summary = "s"
explanation = "e"
sources = ["https://example.com"]
[[rule]]
id = "sanity-check"
terms = ["sanity check"]
summary = "s"
explanation = "e"
sources = ["https://example.com"]
"#,
        );
        let mut policy = Policy::all(l.rules());
        let ids = |found: Vec<Finding>| -> Vec<String> {
            found
                .iter()
                .map(|f| l.rules().rule(f.rule).id.clone())
                .collect()
        };
        assert_eq!(
            ids(l.check("run a sanity check", TEXT, &policy)),
            ["sanity-check"]
        );
        policy.enabled[1] = false;
        assert!(l.check("run a sanity check", TEXT, &policy).is_empty());
        assert_eq!(
            ids(l.check("for sanity, check it", TEXT, &policy)),
            ["sane"]
        );
    }
}
