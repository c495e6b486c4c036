//! Snapshot tests of the command line: one `tests/cmd/<behaviour>.toml` per behaviour, with its
//! expected stdout and stderr beside it. Refresh with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
