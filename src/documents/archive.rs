//! Zip archives (.docx, .odt) read defensively: every entry is inflated through a loop that
//! stops as soon as the entry, the whole archive, or the compression ratio passes its limit, so
//! a zip bomb costs milliseconds, not gigabytes.

use std::collections::HashSet;
use std::io::{Cursor, ErrorKind, Read, Write};

use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{DocumentError, Limits, MB};

/// The signature of an OLE compound file: a password-protected Office document (or an old
/// binary .doc) rather than a zip archive.
const COMPOUND_FILE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// A zip archive and what is left of its expansion budget.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    remaining: u64,
    kind: &'static str,
    /// Names that more than one entry has. The zip reader keeps only the last of them, while
    /// other programs may show the first, so such an entry is never read as if it were one.
    duplicates: HashSet<String>,
}

impl<'a> Archive<'a> {
    /// Opens the archive of a `.kind` file.
    pub(crate) fn open(
        bytes: &'a [u8],
        limits: &'a Limits,
        kind: &'static str,
    ) -> Result<Archive<'a>, DocumentError> {
        if bytes.starts_with(COMPOUND_FILE) {
            return Err(protected(kind));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(kind, &e))?;
        let duplicates = if zip.has_duplicate_names() {
            duplicate_names(bytes)
        } else {
            HashSet::new()
        };
        Ok(Archive {
            zip,
            limits,
            remaining: limits.max_total,
            kind,
            duplicates,
        })
    }

    /// The names of the entries.
    pub(crate) fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .flatten()
            .map(|n| n.into_owned())
            .collect()
    }

    /// The bytes of entry `name`, or `None` if there is no such entry.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocumentError> {
        let kind = self.kind;
        let limits = self.limits;
        if self.duplicates.contains(name) {
            return Err(DocumentError(format!(
                "cannot read this .{kind} file reliably: it holds more than one entry named \
                 {name}, and programs differ in which one they show, so ally cannot tell which \
                 text a reader sees; saving the document again from a word processor keeps one"
            )));
        }
        let mut file = match self.zip.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(ZipError::UnsupportedArchive(what)) if what.contains("assword") => {
                return Err(protected(kind));
            }
            Err(error) => return Err(damaged(kind, &error)),
        };
        if file.encrypted() {
            return Err(protected(kind));
        }
        let declared = file.size();
        let compressed = file.compressed_size().max(1);
        // The declared size is the archive's own claim, so it can refuse a bomb at once; the
        // loop below does not trust it.
        if declared > limits.max_entry {
            return Err(bomb_entry(name, limits));
        }
        if declared > self.remaining {
            return Err(bomb_total(limits));
        }
        let mut out = Vec::with_capacity(declared.min(MB) as usize);
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match file.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(error) if error.kind() == ErrorKind::Interrupted => continue,
                // The zip reader stops an entry at the size the archive declares for it.
                Err(error) if error.to_string().contains("larger than its declared") => {
                    return Err(DocumentError(format!(
                        "skipped: {name} in this document unpacks to more than the size it \
                         declares (a possible zip bomb)"
                    )));
                }
                Err(error) => {
                    return Err(DocumentError(format!(
                        "cannot read this .{kind} file: it is damaged or incomplete \
                         ({name} cannot be unpacked: {error})"
                    )));
                }
            };
            out.extend_from_slice(&chunk[..n]);
            let len = out.len() as u64;
            if len > limits.max_entry {
                return Err(bomb_entry(name, limits));
            }
            if len > self.remaining {
                return Err(bomb_total(limits));
            }
            if len > limits.ratio_floor && len / compressed > limits.max_ratio {
                return Err(DocumentError(format!(
                    "skipped: {name} in this document unpacks to more than {} times its \
                     compressed size, which real documents never do (a possible zip bomb)",
                    limits.max_ratio
                )));
            }
        }
        self.remaining -= out.len() as u64;
        Ok(Some(out))
    }
}

impl Archive<'_> {
    /// A copy of the archive in which the entries named in `replace` hold new contents and
    /// `add` follow at the end. Every other entry is copied as it was stored, compressed bytes
    /// and all, so the parts that were not touched stay byte for byte the same.
    pub(crate) fn rewrite(
        &mut self,
        replace: &[(String, Vec<u8>)],
        add: &[(String, Vec<u8>)],
    ) -> Result<Vec<u8>, DocumentError> {
        let kind = self.kind;
        let failed = |error: ZipError| {
            DocumentError(format!(
                "cannot write the reviewed copy of this .{kind} file: {error}"
            ))
        };
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        for index in 0..self.zip.len() {
            let file = self
                .zip
                .by_index_raw(index)
                .map_err(|e| damaged(kind, &e))?;
            let stored = file.name().map(|n| n.into_owned()).unwrap_or_default();
            match replace.iter().find(|(name, _)| *name == stored) {
                Some((name, contents)) => {
                    let options =
                        options.last_modified_time(file.last_modified().unwrap_or_default());
                    drop(file);
                    out.start_file(name.as_str(), options).map_err(failed)?;
                    out.write_all(contents)
                        .map_err(|e| failed(ZipError::Io(e)))?;
                }
                None => out.raw_copy_file(file).map_err(failed)?,
            }
        }
        for (name, contents) in add {
            out.start_file(name.as_str(), options).map_err(failed)?;
            out.write_all(contents)
                .map_err(|e| failed(ZipError::Io(e)))?;
        }
        Ok(out.finish().map_err(failed)?.into_inner())
    }
}

/// The names that more than one central directory entry has. Only called when the zip reader
/// has said there are some: it keeps one entry per name and cannot say which names repeat. A
/// central directory entry is its signature, 42 bytes of fields (the name's length at offset
/// 28) and the name.
fn duplicate_names(bytes: &[u8]) -> HashSet<String> {
    const SIGNATURE: &[u8] = b"PK\x01\x02";
    let mut seen = HashSet::new();
    let mut duplicates = HashSet::new();
    for start in memchr::memmem::find_iter(bytes, SIGNATURE) {
        let Some(length) = bytes.get(start + 28..start + 30) else {
            continue;
        };
        let length = usize::from(u16::from_le_bytes([length[0], length[1]]));
        let Some(name) = bytes.get(start + 46..start + 46 + length) else {
            continue;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        if !seen.insert(name.clone()) {
            duplicates.insert(name);
        }
    }
    duplicates
}

fn bomb_entry(name: &str, limits: &Limits) -> DocumentError {
    DocumentError(format!(
        "skipped: the document expands to more than {} MB when unpacked ({name} alone is \
         over the limit; a possible zip bomb)",
        limits.max_entry / MB
    ))
}

fn bomb_total(limits: &Limits) -> DocumentError {
    DocumentError(format!(
        "skipped: the document expands to more than {} MB when unpacked (a possible zip bomb)",
        limits.max_total / MB
    ))
}

/// The message for a password-protected document.
pub(crate) fn protected(kind: &str) -> DocumentError {
    DocumentError(format!(
        "skipped: this .{kind} file is password-protected (encrypted), so its text cannot be \
         read; check a copy saved without the password"
    ))
}

fn damaged(kind: &str, error: &ZipError) -> DocumentError {
    let detail = match error {
        ZipError::Io(error) => crate::read::describe(error),
        other => other.to_string(),
    };
    DocumentError(format!(
        "cannot read this .{kind} file: it is damaged or incomplete (not a valid zip archive: \
         {detail})"
    ))
}
