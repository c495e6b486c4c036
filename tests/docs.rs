//! `docs/rules.md` is generated from the rule pack and must match it, so that a pull request
//! that changes a rule shows the change in readable form too. Regenerate it with
//! `SNAPSHOTS=overwrite cargo test --test docs`.

use ally::RuleSet;
use ally::rules::docs;

#[test]
fn docs_rules_md_is_current() {
    let actual = docs::markdown(&RuleSet::builtin());
    snapbox::assert_data_eq!(actual, snapbox::file!["../docs/rules.md"].raw());
}
