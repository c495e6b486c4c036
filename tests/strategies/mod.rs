//! Pieces shared by the property tests (tests/matching_properties.rs, tests/fix_properties.rs).

#![allow(dead_code, unreachable_pub)]

/// How a term is written: as listed, in capitals, or with a capital first letter, picked by
/// `case` so that a strategy can draw it as a number.
pub fn written(term: &str, case: u8) -> String {
    match case % 3 {
        0 => term.to_owned(),
        1 => term.to_uppercase(),
        _ => {
            let mut chars = term.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}
