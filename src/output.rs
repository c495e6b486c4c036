//! Writing files without ever leaving a partial one behind: the bytes go to a temporary file in
//! the same directory, which then replaces the target in one rename. A failed run leaves the old
//! file in place.
//!
//! The new file keeps what the old one had besides its bytes: its permissions, and on unix its
//! owner and group and its extended attributes (and with them ACLs and security labels). When
//! one of them cannot be kept, or the old file has other names (hard links) that a rename would
//! leave with the old text, the old file is left alone and the error says why
//! ([`NotReplaced`]). Files are never rewritten in place: a crash would leave half a file.

use std::fmt;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why ally left a file alone rather than replace it: the new file would have lost something the
/// old one had. It travels inside an [`io::Error`]; [`NotReplaced::of`] finds it there, so that
/// a caller can report it as a file left for a human rather than as a failure.
#[derive(Debug)]
#[non_exhaustive]
pub enum NotReplaced {
    /// The file has this many names; replacing one would split them.
    HardLinks(u64),
    /// This process may not give the new file the old one's owner and group.
    Owner {
        /// The old file's user id.
        uid: u32,
        /// The old file's group id.
        gid: u32,
    },
    /// An extended attribute that could be read could not be given to the new file.
    Attribute {
        /// The attribute's name.
        name: String,
        /// Why it could not be set.
        error: io::Error,
    },
}

impl NotReplaced {
    /// The reason inside `error`, if the file was left alone on purpose.
    pub fn of(error: &io::Error) -> Option<&NotReplaced> {
        error.get_ref()?.downcast_ref()
    }
}

impl fmt::Display for NotReplaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotReplaced::HardLinks(links) => write!(
                f,
                "has {links} hard links; ally leaves it alone so that every name keeps the same text"
            ),
            NotReplaced::Owner { uid, gid } => write!(
                f,
                "belongs to uid {uid} and gid {gid}, and ally may not give a rewritten file that \
                 owner; it was left alone so that its owner does not change"
            ),
            NotReplaced::Attribute { name, error } => write!(
                f,
                "its extended attribute {name} could not be copied ({}); it was left alone so \
                 that it keeps the attribute",
                crate::read::describe(error)
            ),
        }
    }
}

impl std::error::Error for NotReplaced {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NotReplaced::Attribute { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<NotReplaced> for io::Error {
    fn from(reason: NotReplaced) -> io::Error {
        io::Error::other(reason)
    }
}

/// The directory refused the temporary file. Said as such, because the target itself may well
/// be writable (a world-writable file in a directory the user may not write).
#[derive(Debug)]
struct NoTemporaryFile {
    dir: PathBuf,
    error: io::Error,
}

impl fmt::Display for NoTemporaryFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot create a temporary file in {}: {}",
            self.dir.display(),
            crate::read::describe(&self.error)
        )
    }
}

impl std::error::Error for NoTemporaryFile {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// A file being written: a temporary file beside the target until [`AtomicFile::commit`].
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    temporary: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Starts writing `path`. When the directory exists but refuses a new file, the error names
    /// the directory; a missing directory keeps the plain "no such file or directory", which is
    /// already right about the path.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temporary = tempfile::Builder::new()
            .prefix(".ally-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|error| {
                if error.kind() == io::ErrorKind::NotFound {
                    error
                } else {
                    io::Error::other(NoTemporaryFile {
                        dir: dir.to_path_buf(),
                        error,
                    })
                }
            })?;
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
    /// it replaces (and on unix its owner, group and extended attributes); a new file gets the
    /// usual `rw-r--r--` rather than the temporary file's owner-only mode. A target that cannot
    /// keep them, or that has other hard links, is left alone with a [`NotReplaced`] error.
    pub fn commit(self) -> io::Result<()> {
        #[cfg(unix)]
        unix::keep_what_the_old_file_had(&self.path, self.temporary.as_file())?;
        #[cfg(not(unix))]
        if let Ok(existing) = std::fs::metadata(&self.path) {
            self.temporary
                .as_file()
                .set_permissions(existing.permissions())?;
        }
        self.temporary.as_file().sync_all()?;
        self.temporary.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(unix)]
mod unix {
    use std::fs::{File, Permissions};
    use std::io;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::path::Path;

    use rustix::fs::{Gid, Uid};
    use rustix::io::Errno;

    use super::NotReplaced;

    /// Gives `copy` what the file at `path` has besides its bytes, in the order that keeps each:
    /// owner first (a change of owner clears the set-user-id bit and file capabilities), then
    /// extended attributes, then the mode (which also sets an ACL's mask to the old one).
    pub(super) fn keep_what_the_old_file_had(path: &Path, copy: &File) -> io::Result<()> {
        let Ok(old) = std::fs::metadata(path) else {
            return copy.set_permissions(Permissions::from_mode(0o644));
        };
        // A symbolic link given as the target is itself replaced, so its target's other names
        // are not split; a directory's link count says nothing about names.
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if old.is_file() && !is_link && old.nlink() > 1 {
            return Err(NotReplaced::HardLinks(old.nlink()).into());
        }
        let new = copy.metadata()?;
        if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
            let uid = (new.uid() != old.uid()).then(|| Uid::from_raw(old.uid()));
            let gid = (new.gid() != old.gid()).then(|| Gid::from_raw(old.gid()));
            match rustix::fs::fchown(copy, uid, gid) {
                Ok(()) => {}
                // EPERM: not root and not a member of the group; EINVAL: the id has no mapping
                // in this user namespace.
                Err(e) if e == Errno::PERM || e == Errno::INVAL => {
                    return Err(NotReplaced::Owner {
                        uid: old.uid(),
                        gid: old.gid(),
                    }
                    .into());
                }
                Err(e) => return Err(e.into()),
            }
        }
        attributes::copy(path, copy)?;
        copy.set_permissions(old.permissions())
    }

    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    mod attributes {
        use std::ffi::CStr;
        use std::fs::File;
        use std::io;
        use std::path::Path;

        use rustix::fs::XattrFlags;
        use rustix::io::Errno;

        use crate::output::NotReplaced;

        /// A list or value that keeps changing size while it is read is given up after this
        /// many tries.
        const TRIES: usize = 8;

        /// Copies every extended attribute of `path` that can be read to `copy`. A file system
        /// without them, an attribute this process may not read, and one the system does not let
        /// it set (EPERM: file capabilities without CAP_SETFCAP, macOS's own provenance, which
        /// an in-place write drops too) are passed over; any other failure keeps the old file.
        pub(super) fn copy(path: &Path, copy: &File) -> io::Result<()> {
            let names = match read(
                || rustix::fs::listxattr_query(path),
                |buffer| rustix::fs::listxattr(path, buffer),
            ) {
                Ok(names) => names,
                Err(e) if e == Errno::NOTSUP || e == Errno::OPNOTSUPP => return Ok(()),
                Err(e) => return Err(e.into()),
            };
            for name in names.split_inclusive(|&b| b == 0) {
                let Ok(name) = CStr::from_bytes_with_nul(name) else {
                    continue;
                };
                let Ok(value) = read(
                    || rustix::fs::getxattr_query(path, name),
                    |buffer| rustix::fs::getxattr(path, name, buffer),
                ) else {
                    continue;
                };
                match rustix::fs::fsetxattr(copy, name, &value, XattrFlags::empty()) {
                    Ok(()) => {}
                    Err(e) if e == Errno::NOTSUP || e == Errno::OPNOTSUPP || e == Errno::PERM => {}
                    Err(e) => {
                        return Err(NotReplaced::Attribute {
                            name: name.to_string_lossy().into_owned(),
                            error: e.into(),
                        }
                        .into());
                    }
                }
            }
            Ok(())
        }

        /// Reads a list or value whose size is first queried, again if it grew in between.
        fn read(
            query: impl Fn() -> rustix::io::Result<usize>,
            fill: impl Fn(&mut [u8]) -> rustix::io::Result<usize>,
        ) -> rustix::io::Result<Vec<u8>> {
            for _ in 0..TRIES {
                let size = query()?;
                if size == 0 {
                    return Ok(Vec::new());
                }
                let mut buffer = vec![0; size];
                match fill(&mut buffer) {
                    Ok(length) => {
                        buffer.truncate(length);
                        return Ok(buffer);
                    }
                    Err(Errno::RANGE) => continue,
                    Err(e) => return Err(e),
                }
            }
            Err(Errno::RANGE)
        }
    }

    /// Other unix systems name extended attributes differently (FreeBSD's extattr); there the
    /// new file keeps owner, group and mode only.
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    mod attributes {
        pub(super) fn copy(_: &std::path::Path, _: &std::fs::File) -> std::io::Result<()> {
            Ok(())
        }
    }
}

/// Writes `bytes` to `path` atomically, keeping the permissions (and on unix the owner, group
/// and extended attributes) of a file it replaces.
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

    #[test]
    fn a_file_with_other_names_is_left_alone_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::hard_link(&path, dir.path().join("b.md")).unwrap();
        let error = write_atomically(&path, b"new").unwrap_err();
        assert!(matches!(
            NotReplaced::of(&error),
            Some(NotReplaced::HardLinks(2))
        ));
        assert_eq!(
            error.to_string(),
            "has 2 hard links; ally leaves it alone so that every name keeps the same text"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.md")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_missing_directory_is_reported_as_missing_and_a_directory_target_is_not_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_atomically(&dir.path().join("no/such.json"), b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        // A directory has a link count of two or more; replacing it fails, but not as a link.
        let target = dir.path().join("sub");
        std::fs::create_dir(&target).unwrap();
        let error = write_atomically(&target, b"x").unwrap_err();
        assert!(NotReplaced::of(&error).is_none(), "{error}");
    }
}
