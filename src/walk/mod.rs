//! Paths → inputs: every file to check, in a stable order, honouring `.gitignore`, `.ignore`
//! and `.allyignore`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::WalkBuilder;
use ignore::gitignore::Gitignore;

use crate::read::describe;

pub mod origin;

pub use origin::Origin;
use origin::{Attributes, Evidence};

/// How directories are walked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Which hidden files and folders are walked.
    pub hidden: Hidden,
    /// Ignore `.gitignore`, `.ignore` and `.allyignore` files.
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_links: bool,
    /// Check files named on the command line even where an ignore file or an `exclude` glob
    /// would skip them in a directory walk (`--no-force-exclude`). By default a named file is
    /// skipped as the walk would skip it, so that a hook or CI job that passes file names
    /// agrees with `ally check .`.
    pub check_named_excluded: bool,
}

/// Which hidden files and folders the walk enters. Version-control folders (`.git`) are never
/// entered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hidden {
    /// None at all (`--no-hidden`).
    None,
    /// The project's own (`.github/`, `.gitlab-ci.yml`, `.pre-commit-config.yaml`), but not the
    /// folders that tools keep their caches and environments in ([`TOOL_FOLDERS`]).
    #[default]
    Project,
    /// Tool folders too (`--hidden`).
    All,
}

/// Folders that tools create for themselves: virtual environments, caches, build state and
/// editor settings. Their files are copies, downloads or output, not the project's writing, so
/// the walk leaves them out unless `--hidden` asks for them. The list follows ruff's default
/// exclusions, with the caches of other ecosystems added.
pub const TOOL_FOLDERS: &[&str] = &[
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".eggs",
    ".direnv",
    ".pyenv",
    ".pants.d",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".pytype",
    ".hypothesis",
    ".ipynb_checkpoints",
    "__pycache__",
    "__pypackages__",
    "site-packages",
    ".cache",
    ".idea",
    ".vscode",
    ".history",
    ".yarn",
    ".pnpm-store",
    ".npm",
    ".next",
    ".nuxt",
    ".svelte-kit",
    ".angular",
    ".docusaurus",
    ".turbo",
    ".parcel-cache",
    ".sass-cache",
    ".jekyll-cache",
    ".nyc_output",
    ".expo",
    ".gradle",
    ".m2",
    ".dart_tool",
    ".pub-cache",
    ".stack-work",
    ".bloop",
    ".metals",
    ".ccls-cache",
    ".clangd",
    ".terraform",
    ".serverless",
    ".vagrant",
    ".bundle",
];

/// One thing to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File {
        /// Path to open.
        path: PathBuf,
        /// Path to show.
        display: String,
        /// A directory listing said it is a regular file, so it can be opened without a look
        /// at its path first (which would cost a system call per file on a large tree).
        listed: bool,
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
    /// A file left out because it is not the author's words (generated, a lockfile,
    /// vendored), counted in the summary but not read.
    Skipped {
        /// Path to show.
        display: String,
        /// What it is.
        origin: Origin,
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

/// What the walk leaves out: `excluded` for every path (a config's `exclude` globs, and ally's
/// own files), and `named` for the paths given by name, which skip less with
/// [`WalkOptions::check_named_excluded`].
#[derive(Clone)]
pub struct Skips {
    /// Paths a directory walk skips.
    pub excluded: Skip,
    /// Paths given by name that are skipped.
    pub named: Skip,
    /// Whether generated, lockfile and vendored files are skipped (the default; not with
    /// `--include-generated`).
    pub generated: bool,
}

impl std::fmt::Debug for Skips {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Skips")
    }
}

/// Calls `each` for every input under `paths`, in order: paths as given, and the files of each
/// directory sorted by name. Paths that `skip` and the ignore files exclude are left out, named
/// ones included unless [`WalkOptions::check_named_excluded`]. Stops early when `each` returns
/// `false`.
pub fn walk(
    paths: &[PathBuf],
    options: &WalkOptions,
    skip: Option<&Skips>,
    stdin_name: &str,
    show_dot_prefix: bool,
    mut each: impl FnMut(Input) -> bool,
) {
    let mut ignore_files = IgnoreFiles::default();
    let mut origins = skip.filter(|s| s.generated).map(|_| Origins::default());
    let respect_ignore_files = !options.no_ignore && !options.check_named_excluded;
    for path in paths {
        if path.as_os_str() == "-" {
            if !each(Input::Stdin {
                name: stdin_name.to_owned(),
            }) {
                return;
            }
            continue;
        }
        if skip.is_some_and(|skip| (skip.named)(path)) {
            continue;
        }
        let display = |p: &Path| display_path(p, show_dot_prefix);
        let input = match std::fs::metadata(path) {
            Err(error) => Input::Error {
                display: display(path),
                message: describe(&error),
            },
            Ok(meta) if !meta.is_dir() && respect_ignore_files && ignore_files.ignores(path) => {
                continue;
            }
            Ok(meta) if !meta.is_dir() => {
                let input = Input::File {
                    path: path.clone(),
                    display: display(path),
                    listed: false,
                };
                Origins::sort(origins.as_mut(), input, &named_relative(path))
            }
            Ok(_) => {
                let mut walker = builder(path, options);
                let skip = skip.map(|skip| skip.excluded.clone());
                let hidden = options.hidden;
                walker.filter_entry(move |entry| {
                    let name = entry.file_name();
                    let left_out = entry.depth() > 0
                        && (VCS_FOLDERS.iter().any(|vcs| name == *vcs)
                            || (hidden != Hidden::All
                                && entry.file_type().is_some_and(|t| t.is_dir())
                                && TOOL_FOLDERS.iter().any(|tool| name == *tool)));
                    !left_out && !skip.as_ref().is_some_and(|skip| skip(entry.path()))
                });
                for entry in walker.build() {
                    let input = match entry {
                        Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                            let display = display(entry.path());
                            let found = origins
                                .as_mut()
                                .and_then(|o| o.of(entry.path(), below(entry.path(), path)));
                            match found {
                                Some(evidence) => Input::Skipped {
                                    display,
                                    origin: evidence.origin,
                                },
                                None => Input::File {
                                    display,
                                    path: entry.into_path(),
                                    listed: true,
                                },
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

/// The part of `path`, found by walking `root`, below `root`. The walk's paths start with
/// `root` as written, so the bytes are cut rather than the components compared.
#[cfg(unix)]
fn below<'a>(path: &'a Path, root: &Path) -> &'a Path {
    use std::os::unix::ffi::OsStrExt;
    match path
        .as_os_str()
        .as_bytes()
        .strip_prefix(root.as_os_str().as_bytes())
    {
        Some(rest) => {
            let separators = rest.iter().take_while(|&&b| b == b'/').count();
            Path::new(std::ffi::OsStr::from_bytes(&rest[separators..]))
        }
        None => path,
    }
}

/// The part of `path`, found by walking `root`, below `root`.
#[cfg(not(unix))]
fn below<'a>(path: &'a Path, root: &Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

/// Generated and vendored files, as the walk and the lists of changed files find them: by path
/// first (no reading), then by `.gitattributes`. Headers are read later, with the file.
#[derive(Debug, Default)]
pub struct Origins {
    attributes: Attributes,
}

impl Origins {
    /// What the file at `path` is, if it is not the author's own; `relative` is the part of its
    /// path below the folder being checked, whose folder names count.
    pub fn of(&mut self, path: &Path, relative: &Path) -> Option<Evidence> {
        origin::of_path(relative).or_else(|| self.attributes.of(path))
    }

    /// [`Origins::of`] for one file named by a user or an editor, with nothing cached.
    pub fn of_named(path: &Path) -> Option<Evidence> {
        Origins::default().of(path, &named_relative(path))
    }

    /// `input` itself, or a skipped input in its place when its file is not the author's own.
    /// With no `origins` (`--include-generated`) every input stays.
    pub fn sort(origins: Option<&mut Origins>, input: Input, relative: &Path) -> Input {
        let found = match (origins, &input) {
            (
                Some(origins),
                Input::File { path, display, .. } | Input::Staged { path, display, .. },
            ) => origins
                .of(path, relative)
                .map(|e| (e.origin, display.clone())),
            _ => None,
        };
        match found {
            Some((origin, display)) => Input::Skipped { display, origin },
            None => input,
        }
    }
}

/// The path of a file named on the command line, as far as its folder names count: below the
/// current directory when it is there, as written when it is relative.
pub fn named_relative(path: &Path) -> PathBuf {
    if path.is_relative() {
        return path.to_path_buf();
    }
    let current = crate::config::absolute(Path::new("."));
    match path.strip_prefix(&current) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => PathBuf::from(path.file_name().unwrap_or_default()),
    }
}

/// The ignore files as the walk applies them, for a path that is not reached by walking: a file
/// named on the command line, a file a change touched (`--diff`, `--staged`), a document open in
/// an editor. The same files, with the same precedence, as [`ignore`]'s walk: `.allyignore`
/// over `.ignore` over `.gitignore` over `.git/info/exclude` over git's global excludes, the
/// nearest directory first within each, git's files only inside a repository and not above its
/// top; and a path inside an ignored directory is ignored. Each directory's files are read once.
#[derive(Debug, Default)]
pub struct IgnoreFiles {
    directories: HashMap<PathBuf, IgnoreLevel>,
    global: Option<Gitignore>,
}

/// The ignore files of one directory.
#[derive(Debug)]
struct IgnoreLevel {
    ally: Gitignore,
    ignore: Gitignore,
    git: Gitignore,
    git_exclude: Gitignore,
    is_repository_top: bool,
}

impl IgnoreLevel {
    fn read(directory: &Path) -> IgnoreLevel {
        let matcher = |path: PathBuf| {
            if path.is_file() {
                Gitignore::new(path).0
            } else {
                Gitignore::empty()
            }
        };
        let is_repository_top = directory.join(".git").exists();
        IgnoreLevel {
            ally: matcher(directory.join(IGNORE_FILE)),
            ignore: matcher(directory.join(".ignore")),
            git: matcher(directory.join(".gitignore")),
            git_exclude: if is_repository_top {
                let exclude = directory.join(".git/info/exclude");
                let mut builder = ignore::gitignore::GitignoreBuilder::new(directory);
                if exclude.is_file() {
                    builder.add(exclude);
                }
                builder.build().unwrap_or_else(|_| Gitignore::empty())
            } else {
                Gitignore::empty()
            },
            is_repository_top,
        }
    }
}

impl IgnoreFiles {
    /// Whether the walk would skip `path` (a file), or a directory above it, for an ignore file.
    pub fn ignores(&mut self, path: &Path) -> bool {
        let path = crate::config::absolute(path);
        let ancestors: Vec<&Path> = path.ancestors().collect();
        // From the top down, each directory that holds the path, then the path itself; the
        // filesystem root is never ignored.
        (0..ancestors.len().saturating_sub(1))
            .rev()
            .any(|i| self.ignored(ancestors[i], i > 0, &ancestors[i + 1..]))
    }

    /// Whether the ignore files of `directories` (nearest first) ignore `candidate`.
    fn ignored(&mut self, candidate: &Path, is_dir: bool, directories: &[&Path]) -> bool {
        for directory in directories {
            if !self.directories.contains_key(*directory) {
                let level = IgnoreLevel::read(directory);
                self.directories.insert(directory.to_path_buf(), level);
            }
        }
        let levels: Vec<&IgnoreLevel> = directories.iter().map(|d| &self.directories[*d]).collect();
        let in_repository = levels.iter().any(|level| level.is_repository_top);
        let decide = |matcher: &dyn Fn(&IgnoreLevel) -> &Gitignore, git_only: bool| {
            let mut above_top = false;
            for level in &levels {
                if git_only && (above_top || !in_repository) {
                    break;
                }
                let found = matcher(level).matched(candidate, is_dir);
                if !found.is_none() {
                    return Some(found.is_ignore());
                }
                above_top |= level.is_repository_top;
            }
            None
        };
        let decision = decide(&|l| &l.ally, false)
            .or_else(|| decide(&|l| &l.ignore, false))
            .or_else(|| decide(&|l| &l.git, true))
            .or_else(|| decide(&|l| &l.git_exclude, true));
        if let Some(ignored) = decision {
            return ignored;
        }
        if !in_repository {
            return false;
        }
        let global = self.global.get_or_insert_with(|| Gitignore::global().0);
        global.matched(candidate, is_dir).is_ignore()
    }
}

/// Version-control data (`.git` and its peers), never walked even with `--hidden`: it is the
/// tool's own bookkeeping, not the project's text.
const VCS_FOLDERS: &[&str] = &[".git", ".hg", ".svn", ".jj", ".bzr"];

fn builder(root: &Path, options: &WalkOptions) -> WalkBuilder {
    let mut builder = WalkBuilder::new(root);
    let respect = !options.no_ignore;
    builder
        .hidden(options.hidden == Hidden::None)
        .ignore(respect)
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .parents(respect)
        .follow_links(options.follow_links)
        // Siblings share their parent's path, so comparing whole paths as bytes orders them by
        // name, without splitting each path into components at every comparison.
        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()));
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
    let text = path.to_string_lossy();
    match text.strip_prefix("./") {
        Some(rest) if !show_dot_prefix && !rest.is_empty() => rest.to_owned(),
        _ => text.into_owned(),
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
                    Input::Skipped { display, origin } => format!("{} {display}", origin.name()),
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
        for name in [
            "b.md",
            "a/z.txt",
            "a/skip.log",
            ".github/x.md",
            ".tox/y.md",
            ".git/config",
            "c.md",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::write(dir.path().join(".allyignore"), "*.log\nc.md\n").unwrap();
        assert_eq!(
            collect(dir.path(), &WalkOptions::default()),
            [".allyignore", ".github/x.md", "a/z.txt", "b.md"]
        );
        let no_hidden = WalkOptions {
            hidden: Hidden::None,
            ..WalkOptions::default()
        };
        assert_eq!(collect(dir.path(), &no_hidden), ["a/z.txt", "b.md"]);
        let everything = WalkOptions {
            hidden: Hidden::All,
            no_ignore: true,
            ..WalkOptions::default()
        };
        assert_eq!(
            collect(dir.path(), &everything),
            [
                ".allyignore",
                ".github/x.md",
                ".tox/y.md",
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
