//! What a piece of text is: prose, a comment, a string literal or an identifier.
//!
//! Every finding carries its [`Scope`], and the `scope` setting (a [`ScopeSet`]) chooses which
//! kinds of text are checked.

use std::fmt;
use std::str::FromStr;

/// The kind of text a byte range holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Running text of a document (Markdown, plain text, HTML text, .docx…).
    Prose,
    /// A comment in source code.
    Comment,
    /// A string literal in source code.
    String,
    /// A name in source code (`masterNode`, `white_list`).
    Identifier,
}

impl Scope {
    /// Every scope, in a fixed order.
    pub const ALL: [Scope; 4] = [
        Scope::Prose,
        Scope::Comment,
        Scope::String,
        Scope::Identifier,
    ];

    /// The singular name used in JSON output (`prose`, `comment`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Prose => "prose",
            Scope::Comment => "comment",
            Scope::String => "string",
            Scope::Identifier => "identifier",
        }
    }

    /// The plural name used by `--scope` and the config (`comments`, …).
    pub fn plural(self) -> &'static str {
        match self {
            Scope::Prose => "prose",
            Scope::Comment => "comments",
            Scope::String => "strings",
            Scope::Identifier => "identifiers",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;

    /// Accepts the singular and the plural names.
    fn from_str(s: &str) -> Result<Scope, String> {
        let wanted = s.trim().to_ascii_lowercase();
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == wanted || scope.plural() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown scope `{s}`; expected one of: all, prose, comments, strings, identifiers"
                )
            })
    }
}

/// A set of scopes, such as the kinds of text a run checks.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScopeSet(u8);

impl ScopeSet {
    /// Every scope.
    pub const ALL: ScopeSet = ScopeSet(0b1111);
    /// No scope at all.
    pub const NONE: ScopeSet = ScopeSet(0);

    /// Whether `scope` is in the set.
    pub fn contains(self, scope: Scope) -> bool {
        self.0 & scope.bit() != 0
    }

    /// The set with `scope` added.
    pub fn with(self, scope: Scope) -> ScopeSet {
        ScopeSet(self.0 | scope.bit())
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The scopes in the set, in [`Scope::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

impl FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> ScopeSet {
        iter.into_iter().fold(ScopeSet::NONE, ScopeSet::with)
    }
}

impl fmt::Debug for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == ScopeSet::ALL {
            return f.write_str("all");
        }
        let names: Vec<&str> = self.iter().map(Scope::plural).collect();
        f.write_str(&names.join(","))
    }
}

impl FromStr for ScopeSet {
    type Err = String;

    /// Parses a comma-separated list such as `comments,identifiers`, or `all`.
    fn from_str(s: &str) -> Result<ScopeSet, String> {
        let mut set = ScopeSet::NONE;
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if part.eq_ignore_ascii_case("all") {
                set = ScopeSet::ALL;
            } else {
                set = set.with(part.parse()?);
            }
        }
        if set.is_empty() {
            return Err("the scope list is empty; expected e.g. `comments,identifiers`".into());
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plural_and_singular_names() {
        let set: ScopeSet = "comments, identifier".parse().unwrap();
        assert!(set.contains(Scope::Comment));
        assert!(set.contains(Scope::Identifier));
        assert!(!set.contains(Scope::Prose));
        assert_eq!(set.to_string(), "comments,identifiers");
        assert_eq!("all".parse::<ScopeSet>().unwrap(), ScopeSet::ALL);
    }

    #[test]
    fn rejects_unknown_and_empty_lists() {
        assert!(
            "comment,docs"
                .parse::<ScopeSet>()
                .unwrap_err()
                .contains("`docs`")
        );
        assert!(",".parse::<ScopeSet>().is_err());
    }
}
