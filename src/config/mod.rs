//! Team settings: `.ally.toml`, `ally.toml` or `[tool.ally]` in `pyproject.toml`.
//!
//! A config file is found from a checked path upward to the repository root, nearest first
//! ([`discover`]). It is parsed with spans so that every unknown key or bad value is reported at
//! file, line and column ([`ConfigFile::load`]), then compiled against the rule set into a
//! [`Settings`] that answers two questions per file: is it excluded, and which [`Policy`]
//! applies to it (base settings, then every `[[overrides]]` table whose globs match).

mod discover;
mod raw;
mod settings;
mod sphinx;

pub(crate) use discover::absolute;
pub use discover::{CONFIG_NAMES, discover};
pub use raw::ConfigFile;
pub use settings::{CliSettings, Settings, effective_toml, parse_fail_on};
pub use sphinx::{SphinxConfig, SphinxProjects};

/// A commented starter config, written by `ally init`.
pub const STARTER: &str = r#"# ally configuration. Every key is optional; remove what you do not need.
# Reference: the "Configuration" section of ally's README.

# Kinds of text to check: prose, comments, strings, identifiers (default: all).
# Teams that cannot rename public APIs often start with comments and strings.
# scope = ["prose", "comments", "strings", "identifiers"]

# The lowest severity that fails the check: error, warning (default), info or never.
# fail-on = "warning"

# Rules to switch off, by id or whole categories.
# disable = ["guys", "category:age"]

# Rules to switch back on after a category was disabled.
# enable = []

# Severity per rule id, per category, or "*" for every rule.
# severity = { master = "info", "category:tech" = "warning" }

# Phrases that are fine in this project, such as product names.
# allow = ["MasterControl"]

# Optional groups of allowed phrases shipped with ally:
#   git-branch-names  `origin/master`, `git checkout master`, … for repositories that still
#                     have a branch called master.
# allow-groups = ["git-branch-names"]

# Replacements `ally fix` may use for rules whose alternatives need judgement.
# replace = { master = "primary", master-slave = "primary/replica" }

# Files and directories to skip (globs relative to this file).
# exclude = ["vendor/**", "*.min.js"]

# The team's own rule files, in the same format as ally's rules/*.toml.
# extend-rules = ["ally-rules.toml"]

# Different settings for some paths; later tables win over earlier ones.
# [[overrides]]
# paths = ["vendor/**"]
# scope = ["comments"]
#
# [[overrides]]
# paths = ["docs/history/**"]
# severity = { "*" = "info" }
"#;
