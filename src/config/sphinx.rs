//! A Sphinx project's `conf.py`, for the one setting that says how its files are read:
//! `source_suffix`, which maps file suffixes to parsers. Projects such as Django's
//! documentation write reStructuredText in `.txt` files; their `conf.py` says so.
//!
//! `conf.py` is Python and is never run: the last top-level `source_suffix = …` assignment is
//! read as a literal (a string, a list of strings, or a dict of strings to parser names), which
//! is how nearly every project writes it. Anything else is ignored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::extract::DocumentFormat;

/// The most of a `conf.py` that is read.
const MAX_CONF: u64 = 1024 * 1024;

/// What a Sphinx project reads its files as: each suffix (`.txt`) with its format.
#[derive(Debug, PartialEq, Eq)]
pub struct SphinxConfig {
    /// The `conf.py` this came from.
    pub path: PathBuf,
    /// Suffixes, with their leading dot, and the format Sphinx reads them in.
    pub suffixes: Vec<(String, DocumentFormat)>,
}

impl SphinxConfig {
    /// The format of a file with this extension (without the dot), if the project lists it.
    pub fn format_of(&self, extension: &str) -> Option<DocumentFormat> {
        self.suffixes
            .iter()
            .find(|(suffix, _)| suffix.strip_prefix('.') == Some(extension))
            .map(|(_, format)| *format)
    }
}

/// The Sphinx project of each directory, found once: the nearest `conf.py` above a file, no
/// higher than the top of its repository.
#[derive(Debug, Default)]
pub struct SphinxProjects {
    by_directory: Mutex<HashMap<PathBuf, Option<Arc<SphinxConfig>>>>,
}

impl SphinxProjects {
    /// The Sphinx configuration that covers the file at `path` (absolute), if any.
    pub fn for_file(&self, path: &Path) -> Option<Arc<SphinxConfig>> {
        self.for_directory(path.parent()?)
    }

    fn for_directory(&self, directory: &Path) -> Option<Arc<SphinxConfig>> {
        if let Some(found) = self.lock().get(directory) {
            return found.clone();
        }
        let conf = directory.join("conf.py");
        let found = if conf.is_file() {
            read(&conf).map(Arc::new)
        } else if directory.join(".git").exists() {
            None
        } else {
            directory
                .parent()
                .and_then(|parent| self.for_directory(parent))
        };
        self.lock().insert(directory.to_path_buf(), found.clone());
        found
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Option<Arc<SphinxConfig>>>> {
        self.by_directory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Reads `source_suffix` from a `conf.py`; `None` if it is not a Sphinx configuration.
fn read(path: &Path) -> Option<SphinxConfig> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(MAX_CONF)
        .read_to_string(&mut text)
        .ok()?;
    // Sphinx's default: `.rst` files only.
    let suffixes =
        source_suffix(&text).unwrap_or_else(|| vec![(".rst".to_owned(), DocumentFormat::Rst)]);
    Some(SphinxConfig {
        path: path.to_path_buf(),
        suffixes,
    })
}

/// The value of the last top-level `source_suffix = …` in `text`.
fn source_suffix(text: &str) -> Option<Vec<(String, DocumentFormat)>> {
    let mut last = None;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("source_suffix") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        // A list or dict may go on for several lines, until its brackets close.
        let mut value = value.to_owned();
        while depth(&value) > 0 {
            match lines.next() {
                Some(next) => {
                    value.push('\n');
                    value.push_str(next);
                }
                None => break,
            }
        }
        last = Some(value);
    }
    let value = last?;
    let strings = string_literals(&value);
    if value.trim_start().starts_with('{') {
        // `{'.rst': 'restructuredtext', '.txt': 'markdown'}`: suffixes and parser names alternate.
        Some(
            strings
                .chunks(2)
                .filter_map(|pair| match pair {
                    [suffix, parser] => Some((suffix.clone(), parser_format(parser)?)),
                    _ => None,
                })
                .collect(),
        )
    } else {
        Some(
            strings
                .into_iter()
                .map(|suffix| (suffix, DocumentFormat::Rst))
                .collect(),
        )
    }
}

/// How deep a Python value is still open in brackets, ignoring brackets inside strings.
fn depth(value: &str) -> i32 {
    let mut depth = 0;
    let mut quote = None;
    for c in value.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '#') => break,
            (None, '[' | '{' | '(') => depth += 1,
            (None, ']' | '}' | ')') => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// The contents of the single- or double-quoted strings in a Python value, outside comments.
fn string_literals(value: &str) -> Vec<String> {
    let mut strings = Vec::new();
    for line in value.lines() {
        let mut quote = None;
        let mut current = String::new();
        for c in line.chars() {
            match quote {
                Some(q) if c == q => {
                    strings.push(std::mem::take(&mut current));
                    quote = None;
                }
                Some(_) => current.push(c),
                None if c == '\'' || c == '"' => quote = Some(c),
                None if c == '#' => break,
                None => {}
            }
        }
    }
    strings
}

/// The format a Sphinx parser name stands for.
fn parser_format(parser: &str) -> Option<DocumentFormat> {
    match parser {
        "restructuredtext" => Some(DocumentFormat::Rst),
        "markdown" | "myst" | "myst_parser" | "myst-nb" => Some(DocumentFormat::Markdown),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suffixes(conf: &str) -> Option<Vec<(String, DocumentFormat)>> {
        source_suffix(conf)
    }

    fn rst(suffix: &str) -> (String, DocumentFormat) {
        (suffix.to_owned(), DocumentFormat::Rst)
    }

    #[test]
    fn the_forms_projects_write() {
        assert_eq!(
            suffixes("source_suffix = '.txt'\n"),
            Some(vec![rst(".txt")])
        );
        assert_eq!(
            suffixes("# source_suffix = ['.rst', '.md']\nsource_suffix = \".txt\"  # Django\n"),
            Some(vec![rst(".txt")])
        );
        assert_eq!(
            suffixes("source_suffix = [\n    '.rst',\n    '.txt',  # old pages\n]\n"),
            Some(vec![rst(".rst"), rst(".txt")])
        );
        assert_eq!(
            suffixes(
                "source_suffix = {\n    '.rst': 'restructuredtext',\n    '.md': 'markdown',\n    '.txt': 'markdown',\n}\n"
            ),
            Some(vec![
                rst(".rst"),
                (".md".to_owned(), DocumentFormat::Markdown),
                (".txt".to_owned(), DocumentFormat::Markdown),
            ])
        );
        // The last assignment wins; indented ones are inside a block and are not read.
        assert_eq!(
            suffixes(
                "source_suffix = ['.rst', '.md']\nif x:\n    source_suffix = '.txt'\nsource_suffix = '.rst'\n"
            ),
            Some(vec![rst(".rst")])
        );
        assert_eq!(suffixes("project = 'x'\n"), None);
        assert_eq!(suffixes("source_suffix = ['.rst'"), Some(vec![rst(".rst")]));
    }

    #[test]
    fn the_nearest_conf_py_up_to_the_repository_covers_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("docs/topics/deep")).unwrap();
        std::fs::write(root.join("docs/conf.py"), "source_suffix = '.txt'\n").unwrap();
        let projects = SphinxProjects::default();
        let found = projects
            .for_file(&root.join("docs/topics/deep/intro.txt"))
            .unwrap();
        assert_eq!(found.path, root.join("docs/conf.py"));
        assert_eq!(found.format_of("txt"), Some(DocumentFormat::Rst));
        assert_eq!(found.format_of("md"), None);
        assert!(projects.for_file(&root.join("notes.txt")).is_none());
        // A conf.py without source_suffix reads `.rst` only.
        std::fs::write(root.join("docs/conf.py"), "project = 'x'\n").unwrap();
        let fresh = SphinxProjects::default();
        let found = fresh.for_file(&root.join("docs/a.txt")).unwrap();
        assert_eq!(found.format_of("txt"), None);
    }
}
