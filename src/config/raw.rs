//! Config text → raw settings with spans, so that compiling them can point back at the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, ValueDeserializer};

use crate::diagnostic::{DataErrors, DataFile, DataProblem};

/// The keys shared by the top level and `[[overrides]]` tables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawConfig {
    #[serde(default)]
    pub(crate) extend_rules: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) allow_groups: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) disable: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) enable: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub(crate) scope: Option<Spanned<ScopeList>>,
    #[serde(default)]
    pub(crate) fail_on: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) replace: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    pub(crate) file_types: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub(crate) include_generated: Option<bool>,
    #[serde(default)]
    pub(crate) overrides: Vec<RawOverride>,
}

/// An `[[overrides]]` table: settings for the paths its globs match.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawOverride {
    pub(crate) paths: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(crate) disable: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) enable: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub(crate) scope: Option<Spanned<ScopeList>>,
    #[serde(default)]
    pub(crate) fail_on: Option<Spanned<String>>,
}

/// `scope = "comments,strings"` or `scope = ["comments", "strings"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum ScopeList {
    One(String),
    Many(Vec<String>),
}

impl ScopeList {
    pub(crate) fn joined(&self) -> String {
        match self {
            ScopeList::One(text) => text.clone(),
            ScopeList::Many(list) => list.join(","),
        }
    }
}

/// A config file as read from disk, before it is checked against the rules.
#[derive(Debug)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text, for diagnostics.
    pub data: DataFile,
    pub(crate) raw: RawConfig,
}

impl ConfigFile {
    /// Reads and parses a config file. `pyproject.toml` files are read for their `[tool.ally]`
    /// table; one without that table yields `Ok(None)`.
    pub fn load(path: &Path) -> Result<Option<ConfigFile>, DataErrors> {
        let text = crate::diagnostic::read_data_file(path).map_err(|error| {
            let mut errors = DataErrors::default();
            let file = errors.add_file(DataFile::new(path.display().to_string(), ""));
            errors.push(DataProblem {
                file,
                span: 0..0,
                message: format!("cannot read config file: {}", crate::read::describe(&error)),
                label: String::new(),
                related: vec![],
                notes: vec![],
            });
            errors
        })?;
        let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        Self::parse(path, &text, pyproject)
    }

    /// Parses config text; `pyproject` selects the `[tool.ally]` table.
    pub fn parse(
        path: &Path,
        text: &str,
        pyproject: bool,
    ) -> Result<Option<ConfigFile>, DataErrors> {
        let data = DataFile::new(crate::walk::relative_to_current_dir(path), text);
        let fail = |span: std::ops::Range<usize>, message: String| {
            let mut errors = DataErrors::default();
            let file = errors.add_file(data.clone());
            errors.push(DataProblem {
                file,
                span,
                message,
                label: "here".into(),
                related: vec![],
                notes: vec![],
            });
            errors
        };
        let root = DeTable::parse(text)
            .map_err(|e| fail(e.span().unwrap_or(0..0), e.message().trim().into()))?;
        let table = if pyproject {
            let Some(tool) = root.get_ref().get("tool") else {
                return Ok(None);
            };
            let Some(ally) = tool.get_ref().as_table().and_then(|t| t.get("ally")) else {
                return Ok(None);
            };
            ally.clone()
        } else {
            let span = root.span();
            Spanned::new(span, toml::de::DeValue::Table(root.into_inner()))
        };
        let raw = RawConfig::deserialize(ValueDeserializer::from(table))
            .map_err(|e| fail(e.span().unwrap_or(0..0), e.message().trim().into()))?;
        Ok(Some(ConfigFile {
            path: path.to_path_buf(),
            data,
            raw,
        }))
    }

    /// The directory the file's relative paths and globs are resolved against.
    pub fn root(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str, pyproject: bool) -> (String, usize, usize) {
        let errors = ConfigFile::parse(Path::new("cfg.toml"), text, pyproject).unwrap_err();
        let first = errors.located().remove(0);
        (first.message, first.line, first.column)
    }

    #[test]
    fn unknown_keys_are_located() {
        let (message, line, column) = error("scope = \"comments\"\nfail_on = \"error\"\n", false);
        assert!(message.starts_with("unknown field `fail_on`"), "{message}");
        assert_eq!((line, column), (2, 1));
        let (message, line, _) = error("[[overrides]]\npaths = [\"a\"]\nseverty = {}\n", false);
        assert!(message.starts_with("unknown field `severty`"), "{message}");
        assert_eq!(line, 3);
    }

    #[test]
    fn pyproject_reads_tool_ally_only() {
        let text = "[project]\nname = \"x\"\n\n[tool.ally]\ndisable = [\"guys\"]\n";
        let file = ConfigFile::parse(Path::new("pyproject.toml"), text, true)
            .unwrap()
            .unwrap();
        assert_eq!(file.raw.disable[0].get_ref(), "guys");
        assert!(
            ConfigFile::parse(Path::new("pyproject.toml"), "[project]\n", true)
                .unwrap()
                .is_none()
        );
        let (message, line, _) = error("[tool.ally]\nbogus = 1\n", true);
        assert!(message.contains("bogus"), "{message}");
        assert_eq!(line, 2);
    }

    #[test]
    fn scope_takes_a_string_or_a_list() {
        let one = ConfigFile::parse(Path::new("c"), "scope = \"comments,strings\"", false)
            .unwrap()
            .unwrap();
        let many = ConfigFile::parse(Path::new("c"), "scope = [\"comments\", \"strings\"]", false)
            .unwrap()
            .unwrap();
        assert_eq!(
            one.raw.scope.unwrap().get_ref().joined(),
            many.raw.scope.unwrap().get_ref().joined()
        );
    }
}
