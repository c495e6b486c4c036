//! Errors in the data files ally reads (rule files, guidance, config), shown at file, line and
//! column with codespan-reporting.

use std::fmt;
use std::io::{self, Read};
use std::ops::Range;
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use termcolor::WriteColor;

/// A named text that ally parsed: a rule file, the guidance or a config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataFile {
    /// The name shown in messages: a path, or `rules/tech.toml` for the embedded pack.
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl DataFile {
    /// A data file from its name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> DataFile {
        DataFile {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// The largest config, rule or baseline file ally reads. The biggest real rule packs are a few
/// megabytes; the limit stops a path such as `/dev/zero` from filling memory.
pub const DATA_FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// Reads a config, rule or baseline file: a regular file (or a symlink to one) of at most
/// [`DATA_FILE_LIMIT`] bytes, as UTF-8. Devices, FIFOs and directories are refused before
/// anything is read, so a path can neither block the run nor exhaust memory.
pub fn read_data_file(path: &Path) -> io::Result<String> {
    let metadata = std::fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(io::Error::other("is a directory"));
    }
    if !metadata.is_file() {
        return Err(io::Error::other(
            "is not a regular file (a device, pipe or socket)",
        ));
    }
    let too_large = || {
        io::Error::other(format!(
            "is larger than {} MB",
            DATA_FILE_LIMIT / (1024 * 1024)
        ))
    };
    if metadata.len() > DATA_FILE_LIMIT {
        return Err(too_large());
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(DATA_FILE_LIMIT + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > DATA_FILE_LIMIT {
        return Err(too_large());
    }
    Ok(text)
}

/// One problem in one data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataProblem {
    /// Index of the file in [`DataErrors::files`].
    pub file: usize,
    /// Where the problem is, in bytes; empty spans point between two characters.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A short label under the offending text.
    pub label: String,
    /// Other places that explain the problem (such as the first definition of a duplicate).
    pub related: Vec<(usize, Range<usize>, String)>,
    /// Hints on how to fix it.
    pub notes: Vec<String>,
}

/// Every problem found while loading a set of data files.
///
/// Loading reports all problems at once rather than stopping at the first, so that a rule
/// author can fix a file in one pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataErrors {
    /// The files the problems point into.
    pub files: Vec<DataFile>,
    /// The problems, in the order they were found.
    pub problems: Vec<DataProblem>,
    /// Files whose lines are never quoted (by index): files that are not recognisably ally's
    /// own, which may hold anything, secrets included.
    pub unquoted: Vec<usize>,
}

/// A problem located by file, line and column, for machine-readable output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The file name.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The message.
    pub message: String,
}

impl DataErrors {
    /// Adds a file and returns its index.
    pub fn add_file(&mut self, file: DataFile) -> usize {
        self.files.push(file);
        self.files.len() - 1
    }

    /// Never quote the lines of file `index` in messages: name only its line and column.
    pub fn hide_text(&mut self, index: usize) {
        if !self.unquoted.contains(&index) {
            self.unquoted.push(index);
        }
    }

    /// Records a problem.
    pub fn push(&mut self, problem: DataProblem) {
        self.problems.push(problem);
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Adds the problems of `other`, keeping their files.
    pub fn extend(&mut self, other: DataErrors) {
        let offset = self.files.len();
        self.files.extend(other.files);
        self.unquoted
            .extend(other.unquoted.iter().map(|index| index + offset));
        for mut problem in other.problems {
            problem.file += offset;
            for related in &mut problem.related {
                related.0 += offset;
            }
            self.problems.push(problem);
        }
    }

    /// Each problem with its file, line and column.
    pub fn located(&self) -> Vec<Located> {
        self.problems
            .iter()
            .map(|p| {
                let file = &self.files[p.file];
                let (line, column) = line_column(&file.text, p.span.start);
                Located {
                    path: file.name.clone(),
                    line,
                    column,
                    message: p.message.clone(),
                }
            })
            .collect()
    }

    /// Renders every problem as a codespan-reporting diagnostic.
    pub fn render(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let mut files = SimpleFiles::new();
        for file in &self.files {
            files.add(file.name.as_str(), file.text.as_str());
        }
        let config = Config::default();
        for problem in &self.problems {
            if self.unquoted.contains(&problem.file) {
                let file = &self.files[problem.file];
                let (line, column) = line_column(&file.text, problem.span.start);
                let diagnostic = Diagnostic::error()
                    .with_message(problem.message.clone())
                    .with_notes(vec![format!(
                        "at {}:{line}:{column}; its lines are not shown, since it is not a rule file",
                        file.name
                    )]);
                term::emit_to_write_style(out, &config, &files, &diagnostic)
                    .map_err(std::io::Error::other)?;
                continue;
            }
            let mut labels = vec![
                Label::primary(
                    problem.file,
                    clamp(&self.files[problem.file].text, &problem.span),
                )
                .with_message(problem.label.clone()),
            ];
            for (file, span, message) in &problem.related {
                labels.push(
                    Label::secondary(*file, clamp(&self.files[*file].text, span))
                        .with_message(message.clone()),
                );
            }
            let diagnostic = Diagnostic::error()
                .with_message(problem.message.clone())
                .with_labels(labels)
                .with_notes(problem.notes.clone());
            term::emit_to_write_style(out, &config, &files, &diagnostic)
                .map_err(std::io::Error::other)?;
        }
        Ok(())
    }
}

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = termcolor::NoColor::new(Vec::new());
        self.render(&mut buffer).map_err(|_| fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&buffer.into_inner()))
    }
}

impl std::error::Error for DataErrors {}

/// Keeps a span inside the text and on character boundaries, so rendering never fails.
fn clamp(text: &str, span: &Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The 1-based line and character column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = clamp(text, &(offset..offset)).start;
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_and_column() {
        let mut errors = DataErrors::default();
        let file = errors.add_file(DataFile::new("rules/x.toml", "[[rule]]\nid = \"\"\n"));
        errors.push(DataProblem {
            file,
            span: 14..16,
            message: "a rule id must not be empty".into(),
            label: "empty id".into(),
            related: vec![],
            notes: vec!["ids look like `master-slave`".into()],
        });
        let text = errors.to_string();
        assert!(
            text.contains("error: a rule id must not be empty"),
            "{text}"
        );
        assert!(text.contains("rules/x.toml:2:6"), "{text}");
        assert!(text.contains("ids look like `master-slave`"), "{text}");
        assert_eq!(errors.located()[0].line, 2);
        assert_eq!(errors.located()[0].column, 6);
    }

    #[test]
    fn spans_off_the_end_or_inside_a_character_are_clamped() {
        assert_eq!(clamp("aé", &(2..9)), 1..3);
        assert_eq!(line_column("a\nbé", 99), (2, 3));
    }
}
