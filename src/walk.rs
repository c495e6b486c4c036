//! Paths → inputs: every file to check, in a stable order, honouring `.gitignore`, `.ignore`
//! and `.allyignore`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::WalkBuilder;

use crate::read::describe;

/// How directories are walked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Check hidden files and directories too.
    pub hidden: bool,
    /// Ignore `.gitignore`, `.ignore` and `.allyignore` files.
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
}

/// One thing to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File {
        /// Path to open.
        path: PathBuf,
        /// Path to show.
        display: String,
    },
    /// Standard input, shown (and typed) as `name`.
    Stdin {
        /// Name to show and to pick the file type from.
        name: String,
    },
    /// The staged (index) version of a file in a git repository, for `--staged`.
    Staged {
        /// The file's path in the working tree.
        path: PathBuf,
        /// Path to show.
        display: String,
        /// The repository's top directory.
        root: PathBuf,
    },
    /// A path that could not be walked.
    Error {
        /// The path.
        display: String,
        /// What went wrong.
        message: String,
    },
}

/// The file that ally reads its ignore patterns from, in addition to `.gitignore` and `.ignore`.
pub const IGNORE_FILE: &str = ".allyignore";

/// A test for paths the walk must skip (a config's `exclude` globs), shared with its threads.
pub type Skip = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// Calls `each` for every input under `paths`, in order: paths as given, and the files of each
/// directory sorted by name. Paths for which `skip` is true (a config's `exclude` globs) are left
/// out, explicit ones included; ignore files only apply inside directories. Stops early when
/// `each` returns `false`.
pub fn walk(
    paths: &[PathBuf],
    options: &WalkOptions,
    skip: Option<&Skip>,
    stdin_name: &str,
    show_dot_prefix: bool,
    mut each: impl FnMut(Input) -> bool,
) {
    for path in paths {
        if path.as_os_str() == "-" {
            if !each(Input::Stdin {
                name: stdin_name.to_owned(),
            }) {
                return;
            }
            continue;
        }
        if skip.is_some_and(|skip| skip(path)) {
            continue;
        }
        let display = |p: &Path| display_path(p, show_dot_prefix);
        let input = match std::fs::metadata(path) {
            Err(error) => Input::Error {
                display: display(path),
                message: describe(&error),
            },
            // An explicit file is checked even if an ignore file would skip it.
            Ok(meta) if !meta.is_dir() => Input::File {
                path: path.clone(),
                display: display(path),
            },
            Ok(_) => {
                let mut walker = builder(path, options);
                let skip = skip.cloned();
                walker.filter_entry(move |entry| {
                    let vcs = entry.depth() > 0
                        && VCS_FOLDERS.iter().any(|name| entry.file_name() == *name);
                    !vcs && !skip.as_ref().is_some_and(|skip| skip(entry.path()))
                });
                for entry in walker.build() {
                    let input = match entry {
                        Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                            Input::File {
                                display: display(entry.path()),
                                path: entry.into_path(),
                            }
                        }
                        Ok(_) => continue,
                        Err(error) => walk_error(error),
                    };
                    if !each(input) {
                        return;
                    }
                }
                continue;
            }
        };
        if !each(input) {
            return;
        }
    }
}

/// Version-control data (`.git` and its peers), never walked even with `--hidden`: it is the
/// tool's own bookkeeping, not the project's text.
const VCS_FOLDERS: &[&str] = &[".git", ".hg", ".svn", ".jj", ".bzr"];

fn builder(root: &Path, options: &WalkOptions) -> WalkBuilder {
    let mut builder = WalkBuilder::new(root);
    let respect = !options.no_ignore;
    builder
        .hidden(!options.hidden)
        .ignore(respect)
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .parents(respect)
        .follow_links(options.follow_links)
        .sort_by_file_name(|a, b| a.cmp(b));
    if respect {
        builder.add_custom_ignore_filename(IGNORE_FILE);
    }
    builder
}

/// Turns a walk error into an input that names the path.
fn walk_error(error: ignore::Error) -> Input {
    let (path, message) = describe_walk_error(&error);
    Input::Error {
        display: path.unwrap_or_default(),
        message,
    }
}

fn describe_walk_error(error: &ignore::Error) -> (Option<String>, String) {
    match error {
        ignore::Error::WithPath { path, err } => {
            (Some(path.display().to_string()), describe_walk_error(err).1)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child.display().to_string()),
            format!(
                "symbolic link loop: it points back to {}",
                ancestor.display()
            ),
        ),
        ignore::Error::Io(io) => (None, describe(io)),
        other => (None, other.to_string()),
    }
}

/// `path` relative to the current directory when it is below it, for display.
pub fn relative_to_current_dir(path: &Path) -> String {
    let absolute = crate::config::absolute(path);
    let current = crate::config::absolute(Path::new("."));
    match absolute.strip_prefix(&current) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        _ => absolute.display().to_string(),
    }
}

/// The path as the user would write it: `./` is dropped when no path was given.
fn display_path(path: &Path, show_dot_prefix: bool) -> String {
    let text = path.display().to_string();
    if show_dot_prefix {
        return text;
    }
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(root: &Path, options: &WalkOptions) -> Vec<String> {
        let mut seen = Vec::new();
        walk(
            &[root.to_path_buf()],
            options,
            None,
            "<stdin>",
            true,
            |input| {
                seen.push(match input {
                    Input::File { display, .. } => display
                        .strip_prefix(&format!("{}/", root.display()))
                        .unwrap()
                        .to_owned(),
                    Input::Stdin { name } => name,
                    Input::Staged { display, .. } => display,
                    Input::Error { display, message } => format!("error {display}: {message}"),
                });
                true
            },
        );
        seen
    }

    #[test]
    fn walks_sorted_and_honours_ignore_files_and_hidden() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a/z.txt", "a/skip.log", ".hidden/x.md", "c.md"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::write(dir.path().join(".allyignore"), "*.log\nc.md\n").unwrap();
        assert_eq!(
            collect(dir.path(), &WalkOptions::default()),
            ["a/z.txt", "b.md"]
        );
        let everything = WalkOptions {
            hidden: true,
            no_ignore: true,
            follow_links: false,
        };
        assert_eq!(
            collect(dir.path(), &everything),
            [
                ".allyignore",
                ".hidden/x.md",
                "a/skip.log",
                "a/z.txt",
                "b.md",
                "c.md"
            ]
        );
    }

    #[test]
    fn missing_paths_are_errors_and_stdin_is_an_input() {
        let mut seen = Vec::new();
        walk(
            &[PathBuf::from("no/such/path"), PathBuf::from("-")],
            &WalkOptions::default(),
            None,
            "notes.md",
            false,
            |i| {
                seen.push(i);
                true
            },
        );
        assert_eq!(
            seen,
            [
                Input::Error {
                    display: "no/such/path".into(),
                    message: "no such file or directory".into()
                },
                Input::Stdin {
                    name: "notes.md".into()
                },
            ]
        );
    }

    #[test]
    fn dot_prefix_is_dropped_for_the_default_path() {
        assert_eq!(display_path(Path::new("./a/b.md"), false), "a/b.md");
        assert_eq!(display_path(Path::new("./a/b.md"), true), "./a/b.md");
        assert_eq!(display_path(Path::new("."), false), ".");
    }
}
