//! The project root that machine-read reports name files from: code scanning and GitLab map a
//! path to a file of the repository, whatever directory ally ran in and however the paths were
//! given (`docs/a.md`, `./docs/a.md`, `/home/me/project/docs/a.md`).

use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// The directory report paths are relative to: the top of the git work tree ally runs in, or
/// else the current directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectRoot {
    /// Absolute, as git or the operating system gives it.
    dir: PathBuf,
    /// The same directory with symbolic links resolved, to place paths given through a link.
    canonical: Option<PathBuf>,
}

/// Where a report path is, seen from the project root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Placed {
    /// Inside the root: its components from there (empty for the root itself).
    Inside(Vec<String>),
    /// Outside the root: its absolute path.
    Outside(PathBuf),
}

impl ProjectRoot {
    /// The git top-level directory of the current directory, or the current directory when it
    /// is not in a work tree (or git cannot be run).
    pub fn discover() -> ProjectRoot {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        ProjectRoot::new(git_top_level(&cwd).unwrap_or(cwd))
    }

    /// A root at `dir`, which should be absolute.
    pub fn new(dir: impl Into<PathBuf>) -> ProjectRoot {
        let dir = normalise(&dir.into());
        let canonical = std::fs::canonicalize(&dir).ok().filter(|c| *c != dir);
        ProjectRoot { dir, canonical }
    }

    /// The root directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where `path` (as the user gave it, relative to the current directory or absolute) is.
    /// The path is resolved by name first (`a/../b`), and only through the file system when that
    /// does not place it inside the root (a path given through a symbolic link, as macOS's
    /// temporary directory is); a file that is itself a link keeps its own name.
    pub(crate) fn place(&self, path: &str) -> Placed {
        let absolute = crate::config::absolute(Path::new(path));
        if let Some(inside) = components_under(&absolute, &self.dir) {
            return Placed::Inside(inside);
        }
        let resolved = absolute.parent().and_then(|parent| {
            let parent = std::fs::canonicalize(parent).ok()?;
            Some(match absolute.file_name() {
                Some(name) => parent.join(name),
                None => parent,
            })
        });
        if let Some(resolved) = resolved {
            for root in std::iter::once(&self.dir).chain(&self.canonical) {
                if let Some(inside) = components_under(&resolved, root) {
                    return Placed::Inside(inside);
                }
            }
        }
        Placed::Outside(absolute)
    }

    /// `path` relative to the root with `/` separators, or its absolute path when it is outside.
    pub fn relative(&self, path: &str) -> String {
        match self.place(path) {
            Placed::Inside(components) => components.join("/"),
            Placed::Outside(absolute) => absolute.to_string_lossy().replace('\\', "/"),
        }
    }
}

/// The components of `path` below `root`, if it is there.
fn components_under(path: &Path, root: &Path) -> Option<Vec<String>> {
    let rest = path.strip_prefix(root).ok()?;
    Some(
        rest.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect(),
    )
}

/// `path` with `.` and `..` resolved by name.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `git rev-parse --show-toplevel` in `dir`; `None` outside a work tree or without git.
fn git_top_level(dir: &Path) -> Option<PathBuf> {
    let output = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let mut out = output.stdout;
    if !output.status.success() {
        return None;
    }
    // Only the line end is git's: a directory name may end in spaces.
    if out.last() == Some(&b'\n') {
        out.pop();
    }
    if out.is_empty() {
        return None;
    }
    Some(path_from_bytes(out))
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_placed_by_name_under_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = ProjectRoot::new(dir.path());
        let inside = dir.path().join("docs/../my docs/a.md");
        assert_eq!(
            root.place(inside.to_str().unwrap()),
            Placed::Inside(vec!["my docs".into(), "a.md".into()])
        );
        assert_eq!(root.relative(inside.to_str().unwrap()), "my docs/a.md");
        assert_eq!(
            root.place(dir.path().to_str().unwrap()),
            Placed::Inside(vec![])
        );
        let outside = dir.path().parent().unwrap().join("elsewhere.md");
        assert_eq!(
            root.place(outside.to_str().unwrap()),
            Placed::Outside(outside.clone())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_path_through_a_linked_directory_is_still_inside() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("a.md"), "x").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        let root = ProjectRoot::new(&real);
        let through_link = dir.path().join("link/a.md");
        assert_eq!(root.relative(through_link.to_str().unwrap()), "a.md");
    }
}
