//! Phrases that look like findings but are not: the Inclusive Naming Initiative's "no change
//! recommended" terms, the false positives other tools are known for, quotations and named
//! people, and git branch names when a team opts to allow them. Every phrase is asserted by
//! name, so a failure says which one regressed.

use ally::extract::{DocumentFormat, FileKind, languages};
use ally::{Linter, Policy, RuleSet};

const TEXT: FileKind = FileKind::Document(DocumentFormat::Text);
const MARKDOWN: FileKind = FileKind::Document(DocumentFormat::Markdown);

fn linter() -> Linter {
    Linter::new(RuleSet::builtin())
}

fn javascript() -> FileKind {
    FileKind::Code(languages().by_name("JavaScript").unwrap())
}

/// `(rule id, line, column)` of every finding in `text`.
fn found(
    linter: &Linter,
    text: &str,
    kind: FileKind,
    policy: &Policy,
) -> Vec<(String, usize, usize)> {
    linter
        .check(text, kind, policy)
        .into_iter()
        .map(|f| {
            let id = linter.rules().rule(f.rule).id.clone();
            (id, f.start.line, f.start.column)
        })
        .collect()
}

/// Asserts that none of `cases` (a phrase and a sentence using it) produces any finding, and
/// names every phrase that does.
fn assert_silent(cases: &[(&str, &str)], kind: FileKind) {
    let linter = linter();
    let policy = Policy::all(linter.rules());
    let problems: Vec<String> = cases
        .iter()
        .filter_map(|(phrase, text)| {
            let findings = found(&linter, text, kind, &policy);
            (!findings.is_empty()).then(|| format!("`{phrase}` in {text:?} gives {findings:?}"))
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The Inclusive Naming Initiative reviewed these and recommends no change. Each is shipped as an
/// allowed phrase and produces no finding.
#[test]
fn ini_no_change_terms_are_allowed_phrases_and_never_findings() {
    let cases = [
        ("blackbox", "Treat the service as a blackbox."),
        ("black box", "The model is a black box to its users."),
        ("black-box", "We ran black-box tests against the API."),
        ("whitebox", "Whitebox tests can see the internals."),
        ("white box", "A white box test reads the source."),
        ("white-box", "Add white-box coverage for the parser."),
        ("white-label", "We sell a white-label version to partners."),
        ("white label", "The white label product ships next month."),
        ("white-labeling", "White-labeling takes a day per customer."),
        ("mastermind", "She was the mastermind behind the redesign."),
        ("masterminded", "She masterminded the migration."),
        (
            "master inventor",
            "She was named a master inventor last year.",
        ),
        ("red team", "The red team found three issues."),
        ("red teaming", "Red teaming starts after the freeze."),
        ("fellow", "She is a fellow of the society."),
        ("fellowship", "The fellowship funds two years of research."),
        ("blackout", "A blackout window applies during the sale."),
        ("parent/child", "Each parent/child pair shares a pipe."),
        (
            "parent-child",
            "The parent-child relationship between processes.",
        ),
        ("disable", "Disable the cache before profiling."),
        (
            "disabled",
            "The button stays disabled until the form is valid.",
        ),
        ("disabling", "Disabling telemetry is one click."),
        (
            "fair hiring practice",
            "Blind review is a fair hiring practice.",
        ),
    ];
    let rules = RuleSet::builtin();
    let missing: Vec<&str> = cases
        .iter()
        .map(|(phrase, _)| *phrase)
        .filter(|phrase| {
            !rules
                .allowed()
                .iter()
                .any(|a| a.phrase.eq_ignore_ascii_case(phrase))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "not shipped as allowed phrases: {missing:?}"
    );
    for allowed in rules.allowed().iter().filter(|a| {
        a.source.as_deref() == Some("https://inclusivenaming.org/word-lists/no-change/")
    }) {
        assert!(
            !allowed.reason.is_empty(),
            "`{}` has no reason",
            allowed.phrase
        );
    }
    assert_silent(&cases, TEXT);
    assert_silent(&cases, MARKDOWN);
}

/// Master in its senses of education, skill and brand names (larseggert/ietf-reviewtool#141,
/// rubocop/rubocop#9893, Shopify/ruby-style-guide#352, realm/SwiftLint#4205,
/// canonical/documentation-style-guide#203).
#[test]
fn master_in_degrees_skills_brands_and_fixed_names_is_not_flagged() {
    let cases = [
        ("master's degree", "She holds a master's degree in physics."),
        (
            "master\u{2019}s degree",
            "She holds a master\u{2019}s degree in physics.",
        ),
        ("Master of Arts", "She earned a Master of Arts in history."),
        (
            "Master of Science",
            "a Master of Science in Computer Science",
        ),
        (
            "master's thesis",
            "My master's thesis covered type systems.",
        ),
        (
            "Master Boot Record",
            "The Master Boot Record sits in the first sector.",
        ),
        ("Mastercard", "Pay with Mastercard or Visa."),
        ("MasterCard", "MasterCard and Visa are accepted."),
        ("webmaster", "Email the webmaster about broken links."),
        ("mastery", "Mastery takes practice."),
        ("masterpiece", "The cathedral is a masterpiece of design."),
        ("master class", "She teaches a master class on compilers."),
        ("masterclass", "Join the Rust masterclass on Friday."),
        (
            "master the art",
            "It takes years to master the art of estimation.",
        ),
    ];
    assert_silent(&cases, TEXT);
}

#[test]
fn brand_and_job_names_in_identifiers_are_not_flagged() {
    let cases = [
        ("MasterCard", "const payWithMasterCard = () => charge();"),
        ("webmaster", "const webMasterEmail = config.webmaster;"),
        (
            "postmaster",
            "let postmasterAddress = 'postmaster@example.org';",
        ),
    ];
    assert_silent(&cases, javascript());
}

/// No rule flags Black as a capitalised identity term (APA style capitalises it).
#[test]
fn black_as_an_identity_term_is_never_flagged() {
    let cases = [
        ("Black people", "The survey oversampled Black people."),
        ("Black-owned", "We buy from Black-owned businesses."),
        (
            "Black History Month",
            "Events for Black History Month start Monday.",
        ),
        (
            "Black women",
            "A mentoring program for Black women in tech.",
        ),
        (
            "Black and Latino",
            "Black and Latino founders receive less funding.",
        ),
        (
            "White",
            "APA capitalises Black and White as racial identities.",
        ),
    ];
    assert_silent(&cases, TEXT);
    assert_silent(&cases, MARKDOWN);
}

#[test]
fn place_names_literal_objects_and_research_designs_are_not_flagged() {
    let cases = [
        (
            "Great Slave Lake",
            "Great Slave Lake is the deepest lake in North America.",
        ),
        (
            "crash test dummy",
            "The crash test dummy hit the steering wheel.",
        ),
        (
            "crash test dummies",
            "Crash test dummies now come in more body types.",
        ),
        (
            "double-blind study",
            "The double-blind study ran for a year.",
        ),
        (
            "double blind",
            "a randomised, double blind, placebo-controlled trial",
        ),
        (
            "blind to the treatment",
            "Raters were blind to the treatment group.",
        ),
        ("slave trade", "a museum of the Atlantic slave trade"),
        ("lame duck", "Congress met in a lame-duck session."),
        (
            "Homo sapiens",
            "Homo sapiens appeared about 300,000 years ago.",
        ),
        (
            "segregation of duties",
            "Payments require segregation of duties.",
        ),
    ];
    assert_silent(&cases, TEXT);
}

/// A pronoun inside a quotation is someone else's words; a quoted pronoun is a mention; a
/// pronoun after a named person refers to that person; a pronoun declaration states a person's
/// own pronouns.
#[test]
fn pronouns_in_quotations_mentions_named_people_and_declarations_are_not_generic() {
    let cases = [
        (
            "he inside a quotation",
            "The old manual said: \"when the admin logs in, he sees the dashboard\".",
        ),
        (
            "he inside curly quotes",
            "It said \u{201c}a user knows he must wait\u{201d} and moved on.",
        ),
        ("the word \"he\"", "The word \"he\" is a pronoun."),
        (
            "the word `his`",
            "Replace `his` with `their` in the template.",
        ),
        ("a named person", "Linus Torvalds said he would merge it."),
        (
            "a named person, next sentence",
            "Ada Lovelace wrote the notes. Later he cited them.",
        ),
        (
            "pronoun declaration",
            "Sam Lee (he/him) maintains the parser.",
        ),
    ];
    assert_silent(&cases, TEXT);
    let linter = linter();
    let policy = Policy::all(linter.rules());
    assert_eq!(
        found(
            &linter,
            "When a user logs in, he sees the dashboard.",
            TEXT,
            &policy
        ),
        [("generic-he".to_owned(), 1, 22)],
        "an unquoted generic pronoun is still reported"
    );
}

/// Branch names in git commands are findings by default, and are allowed when a team switches on
/// the optional `git-branch-names` group.
#[test]
fn git_branch_names_are_allowed_only_when_the_group_is_switched_on() {
    let linter = linter();
    let mut allow = Policy::all(linter.rules());
    allow.allow_groups.push("git-branch-names".into());
    let strict = Policy::all(linter.rules());
    let group: Vec<&str> = linter
        .rules()
        .allowed()
        .iter()
        .filter(|a| a.group.as_deref() == Some("git-branch-names"))
        .map(|a| a.phrase.as_str())
        .collect();
    for phrase in [
        "origin/master",
        "upstream/master",
        "git checkout master",
        "git switch master",
        "git merge master",
        "git rebase master",
        "git branch master",
        "git push origin master",
        "git pull origin master",
        "git fetch origin master",
        "git reset --hard origin/master",
    ] {
        assert!(group.contains(&phrase), "`{phrase}` is not in the group");
    }
    let mut problems = Vec::new();
    for phrase in &group {
        let text = format!("Then run {phrase} to update.");
        let by_default = found(&linter, &text, TEXT, &strict);
        if !by_default.iter().any(|(id, ..)| id == "master") {
            problems.push(format!(
                "`{phrase}` is not a finding by default: {by_default:?}"
            ));
        }
        let allowed = found(&linter, &text, TEXT, &allow);
        if !allowed.is_empty() {
            problems.push(format!(
                "`{phrase}` is still flagged with the group on: {allowed:?}"
            ));
        }
    }
    // The group does not hide other uses of master.
    let text = "Run git checkout master, then promote the master node.";
    assert_eq!(
        found(&linter, text, TEXT, &allow),
        [("master".to_owned(), 1, 43)]
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
