//! Giving a replacement the case pattern of the text it replaces: `Whitelist` → `Allowlist`,
//! `BLACKLIST` → `DENYLIST`, `isWhitelisted` (the matched part `Whitelisted`) → `Allowlisted`.

/// The case pattern of a piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CasePattern {
    /// `whitelist`
    Lower,
    /// `WHITELIST`
    Upper,
    /// `Whitelist`
    Title,
    /// Anything else (`WhiteList`), kept as the replacement is written.
    Mixed,
}

impl CasePattern {
    /// The pattern of `text`, judged by its letters.
    pub fn of(text: &str) -> CasePattern {
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        match letters.as_slice() {
            [] => CasePattern::Lower,
            all if all.iter().all(|c| c.is_lowercase()) => CasePattern::Lower,
            all if all.len() > 1 && all.iter().all(|c| c.is_uppercase()) => CasePattern::Upper,
            [first, rest @ ..] if first.is_uppercase() && rest.iter().all(|c| c.is_lowercase()) => {
                CasePattern::Title
            }
            [single] if single.is_uppercase() => CasePattern::Title,
            _ => CasePattern::Mixed,
        }
    }

    /// `replacement` written in this pattern.
    pub fn apply(self, replacement: &str) -> String {
        match self {
            CasePattern::Lower | CasePattern::Mixed => replacement.to_owned(),
            CasePattern::Upper => replacement.to_uppercase(),
            CasePattern::Title => {
                let mut chars = replacement.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            }
        }
    }
}

/// `replacement` in the case pattern of `original`.
pub fn match_case(original: &str, replacement: &str) -> String {
    CasePattern::of(original).apply(replacement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lower_upper_and_title_case() {
        assert_eq!(match_case("whitelist", "allowlist"), "allowlist");
        assert_eq!(match_case("Whitelist", "allowlist"), "Allowlist");
        assert_eq!(match_case("BLACKLIST", "denylist"), "DENYLIST");
        assert_eq!(match_case("Man-hours", "person-hours"), "Person-hours");
        assert_eq!(match_case("MAN-HOURS", "person-hours"), "PERSON-HOURS");
        assert_eq!(match_case("WhiteList", "allowlist"), "allowlist");
    }
}
