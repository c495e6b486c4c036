// The whitelist is read first: https://example.org/blob/master/x.md
/* Nested /* comments */ stay comments: a dummy flag. */
fn promote(slaveCount: u32) -> &'static str {
    let _card = Mastercard::default();
    let _raw = r#"a "quoted" // blacklist"#;
    "see // the dummy value"
}
