//! Writing files without ever leaving a partial one behind: the bytes go to a temporary file in
//! the same directory, which then replaces the target in one rename. A failed run leaves the old
//! file in place.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written: a temporary file beside the target until [`AtomicFile::commit`].
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    temporary: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temporary = tempfile::Builder::new()
            .prefix(".ally-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temporary,
        })
    }

    /// The temporary file's path (ally never checks it).
    pub fn temporary_path(&self) -> &Path {
        self.temporary.path()
    }

    /// A buffered writer to the temporary file.
    pub fn writer(&self) -> io::Result<BufWriter<std::fs::File>> {
        Ok(BufWriter::new(self.temporary.as_file().try_clone()?))
    }

    /// Replaces the target with what was written. The file keeps the permissions of the file
    /// it replaces; a new file gets the usual `rw-r--r--` rather than the temporary file's
    /// owner-only mode.
    pub fn commit(self) -> io::Result<()> {
        self.temporary.as_file().sync_all()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let permissions = match std::fs::metadata(&self.path) {
                Ok(existing) => existing.permissions(),
                Err(_) => std::fs::Permissions::from_mode(0o644),
            };
            self.temporary.as_file().set_permissions(permissions)?;
        }
        #[cfg(not(unix))]
        if let Ok(existing) = std::fs::metadata(&self.path) {
            self.temporary
                .as_file()
                .set_permissions(existing.permissions())?;
        }
        self.temporary.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Writes `bytes` to `path` atomically, keeping the permissions of a file it replaces.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let file = AtomicFile::create(path)?;
    let mut writer = file.writer()?;
    writer.write_all(bytes)?;
    writer.flush()?;
    drop(writer);
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replaces_the_file_and_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn new_files_are_readable_by_others_and_failed_writes_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_atomically(&path, b"<html>").unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
        let abandoned = AtomicFile::create(&dir.path().join("other.json")).unwrap();
        drop(abandoned);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
