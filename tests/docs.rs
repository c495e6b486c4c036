//! `docs/rules.md` is generated from the rule pack and the considered-and-left-out list, and
//! must match them, so that a pull request that changes a rule shows the change in readable
//! form too. Regenerate it with `SNAPSHOTS=overwrite cargo test --test docs`.

use ally::RuleSet;
use ally::rules::docs;

#[test]
fn docs_rules_md_is_current() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/considered/left-out.toml"
    ))
    .unwrap();
    let considered = docs::considered(&text).unwrap();
    assert!(considered.len() > 400, "{}", considered.len());
    let actual = docs::markdown_with_considered(&RuleSet::builtin(), &considered);
    snapbox::assert_data_eq!(actual, snapbox::file!["../docs/rules.md"].raw());
}
