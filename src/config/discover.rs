//! Finding the config file that applies to a path: the nearest one in the path's directory or
//! a parent, stopping at the repository root.

use std::path::{Path, PathBuf};

use super::ConfigFile;
use crate::diagnostic::DataErrors;

/// The file names searched in each directory, in order of preference. A `pyproject.toml`
/// counts only if it has a `[tool.ally]` table.
pub const CONFIG_NAMES: [&str; 3] = [".ally.toml", "ally.toml", "pyproject.toml"];

/// The config file nearest to `path`: its own directory first, then each parent, up to and
/// including the directory that holds `.git`.
pub fn discover(path: &Path) -> Result<Option<ConfigFile>, DataErrors> {
    let absolute = absolute(path);
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent().unwrap_or(&absolute)
    };
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file()
                && let Some(file) = ConfigFile::load(&candidate)?
            {
                return Ok(Some(file));
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    Ok(None)
}

/// `path` made absolute without resolving symbolic links; `-` (standard input) stands for the
/// current directory.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str() == "-" {
        Path::new(".")
    } else {
        path
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // `std::path::absolute` keeps `.` and `..` components; resolve them by name, so that
    // `docs/../shared/r.toml` and `shared/r.toml` compare equal, as prefixes and as files.
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !normal.pop() {
                    normal.push(component);
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_config_wins_and_the_search_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("docs/deep")).unwrap();
        std::fs::write(dir.path().join(".ally.toml"), "").unwrap();
        std::fs::write(repo.join("pyproject.toml"), "[project]\nname = \"x\"\n").unwrap();
        // Outside the repository root: not found, and pyproject without [tool.ally] is skipped.
        assert!(discover(&repo.join("docs/deep/a.md")).unwrap().is_none());
        std::fs::write(repo.join("ally.toml"), "").unwrap();
        let found = discover(&repo.join("docs/deep/a.md")).unwrap().unwrap();
        assert_eq!(found.path, repo.join("ally.toml"));
        std::fs::write(repo.join("docs/.ally.toml"), "").unwrap();
        let found = discover(&repo.join("docs/deep")).unwrap().unwrap();
        assert_eq!(found.path, repo.join("docs/.ally.toml"));
    }
}
