//! Paired terms are one finding of the pair rule, not one per half: "he or she" is reported as
//! `he-or-she` (not also as a generic `he`), and "master/slave" as `master-slave` (not as
//! `master` and `slave`).

use ally::extract::{DocumentFormat, FileKind, languages};
use ally::{Linter, Policy, RuleSet};

const TEXT: FileKind = FileKind::Document(DocumentFormat::Text);
const MARKDOWN: FileKind = FileKind::Document(DocumentFormat::Markdown);

fn found(linter: &Linter, text: &str, kind: FileKind) -> Vec<(String, usize, usize)> {
    let policy = Policy::all(linter.rules());
    linter
        .check(text, kind, &policy)
        .into_iter()
        .map(|f| {
            let id = linter.rules().rule(f.rule).id.clone();
            (id, f.start.line, f.start.column)
        })
        .collect()
}

fn one(id: &str, line: usize, column: usize) -> Vec<(String, usize, usize)> {
    vec![(id.to_owned(), line, column)]
}

#[test]
fn binary_pronoun_pairs_are_one_finding_of_the_pair_rule() {
    let linter = Linter::new(RuleSet::builtin());
    let cases = [
        ("Each user sets his or her own password.", 16),
        ("Each user sets his/her own password.", 16),
        ("When he/she logs in, the token is refreshed.", 6),
        ("When s/he logs in, the token is refreshed.", 6),
        ("Tell the reviewer that (s)he can merge.", 24),
        ("If he or she agrees, merge it.", 4),
        ("Ask him or her first.", 5),
        ("The admin can do it himself or herself.", 21),
        ("She or he decides.", 1),
    ];
    let mut problems = Vec::new();
    for (text, column) in cases {
        let got = found(&linter, text, TEXT);
        if got != one("he-or-she", 1, column) {
            problems.push(format!(
                "{text:?}: {got:?}, expected he-or-she at 1:{column}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_pair_broken_over_lines_is_one_finding_at_its_start() {
    let linter = Linter::new(RuleSet::builtin());
    assert_eq!(
        found(
            &linter,
            "Each user sets his or\nher own password.\n",
            MARKDOWN
        ),
        one("he-or-she", 1, 16)
    );
    let javascript = FileKind::Code(languages().by_name("JavaScript").unwrap());
    assert_eq!(
        found(
            &linter,
            "// The caller passes his or\n// her token.\nrun();\n",
            javascript
        ),
        one("he-or-she", 1, 22)
    );
}

#[test]
fn master_slave_pairs_are_one_finding_of_the_master_slave_rule() {
    let linter = Linter::new(RuleSet::builtin());
    let cases = [
        ("The database uses a master/slave setup.", 21),
        ("Configure master-slave replication.", 11),
        ("Sam set up the network as master and slave.", 27),
        ("The bus is Master/Slave by design.", 12),
        ("a master slave pair", 3),
        ("a master\u{2013}slave pair", 3),
    ];
    let mut problems = Vec::new();
    for (text, column) in cases {
        let got = found(&linter, text, TEXT);
        if got != one("master-slave", 1, column) {
            problems.push(format!(
                "{text:?}: {got:?}, expected master-slave at 1:{column}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let rust = FileKind::Code(languages().by_name("Rust").unwrap());
    assert_eq!(
        found(&linter, "let master_slave_mode = true;\n", rust),
        one("master-slave", 1, 5)
    );
}

#[test]
fn pair_rules_suggest_pair_alternatives() {
    let rules = RuleSet::builtin();
    let master_slave = rules.get("master-slave").unwrap();
    for pair in ["primary/replica", "leader/follower", "controller/worker"] {
        assert!(
            master_slave.alternatives.iter().any(|a| a == pair),
            "master-slave lacks {pair}"
        );
    }
    let he_or_she = rules.get("he-or-she").unwrap();
    assert_eq!(
        he_or_she.alternatives.first().map(String::as_str),
        Some("they")
    );
}
