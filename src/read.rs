//! Bytes → text: bounded reading of files and streams, binary detection and decoding (UTF-8
//! with or without BOM, UTF-16 and UTF-32 with BOM, anything else read lossily with a note).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// How a file's bytes were turned into text; `ally fix` writes the same encoding back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (removed from the text).
    Utf8Bom,
    /// UTF-16, little-endian, with a byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte order mark.
    Utf16Be,
    /// Not valid UTF-8: invalid sequences were replaced with U+FFFD.
    Lossy,
}

/// Decoded text, borrowed from the read buffer when no conversion was needed.
#[derive(Debug)]
pub struct Decoded<'b> {
    /// The text, without any byte order mark.
    pub text: Cow<'b, str>,
    /// How it was decoded.
    pub encoding: Encoding,
}

/// How many leading bytes are searched for a NUL to decide that a file is binary.
const BINARY_PROBE: usize = 8 * 1024;

/// The UTF-32 byte order marks, little- and big-endian. The little-endian one starts with the
/// UTF-16 one, so it is looked for first.
const UTF32_LE_BOM: &[u8] = b"\xFF\xFE\0\0";
const UTF32_BE_BOM: &[u8] = b"\0\0\xFE\xFF";

/// Whether bytes that start with `prefix` are binary: a NUL byte in the first 8 KiB of a file
/// without a UTF-16 or UTF-32 byte order mark. The first 8 KiB decide, so a reader of a stream
/// may stop there.
pub fn is_binary(prefix: &[u8]) -> bool {
    let has_bom = [b"\xFF\xFE".as_slice(), b"\xFE\xFF", UTF32_BE_BOM]
        .iter()
        .any(|bom| prefix.starts_with(bom));
    !has_bom && memchr::memchr(0, &prefix[..prefix.len().min(BINARY_PROBE)]).is_some()
}

/// Decodes `bytes`, or returns `None` for binary data (see [`is_binary`]).
///
/// UTF-32 with a byte order mark is decoded but reported as [`Encoding::Lossy`]: nothing writes
/// UTF-32 back yet, and `Lossy` keeps `ally fix` from rewriting the file in another encoding.
/// [`read_limited`] and its callers turn UTF-32 input into UTF-8 before it is checked (see
/// [`utf32_to_utf8`]), so `ally check` reads it without a note about invalid UTF-8.
pub fn decode(bytes: &[u8]) -> Option<Decoded<'_>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Some(utf8(rest, Encoding::Utf8Bom));
    }
    if let Some(text) = utf32(bytes) {
        return Some(Decoded {
            text: Cow::Owned(text),
            encoding: Encoding::Lossy,
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Some(utf16(rest, u16::from_le_bytes, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Some(utf16(rest, u16::from_be_bytes, Encoding::Utf16Be));
    }
    if is_binary(bytes) {
        return None;
    }
    Some(utf8(bytes, Encoding::Utf8))
}

/// The text of UTF-32 bytes with a byte order mark (without the mark; invalid code points and
/// a trailing partial unit become U+FFFD), or `None` if there is no UTF-32 byte order mark.
fn utf32(bytes: &[u8]) -> Option<String> {
    let little_endian = bytes.starts_with(UTF32_LE_BOM);
    if !little_endian && !bytes.starts_with(UTF32_BE_BOM) {
        return None;
    }
    let rest = &bytes[4..];
    let unit = if little_endian {
        u32::from_le_bytes
    } else {
        u32::from_be_bytes
    };
    let mut text = String::with_capacity(rest.len() / 4);
    let mut units = rest.chunks_exact(4);
    for quad in &mut units {
        let code = unit([quad[0], quad[1], quad[2], quad[3]]);
        text.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    if !units.remainder().is_empty() {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    Some(text)
}

/// Replaces UTF-32 bytes (with a byte order mark) by the same text in UTF-8 with a byte order
/// mark, and says so in the returned note; other bytes are left as they are. This lets every
/// later stage read UTF-32 as the UTF-8 it already handles, with line and column unchanged.
pub fn utf32_to_utf8(bytes: &mut Vec<u8>) -> Option<String> {
    let text = utf32(bytes)?;
    let endian = if bytes.starts_with(UTF32_LE_BOM) {
        "little"
    } else {
        "big"
    };
    bytes.clear();
    bytes.extend_from_slice(b"\xEF\xBB\xBF");
    bytes.extend_from_slice(text.as_bytes());
    Some(format!(
        "read as UTF-32 ({endian}-endian, from its byte order mark); `ally fix` does not \
         rewrite UTF-32 files"
    ))
}

fn utf8(bytes: &[u8], encoding: Encoding) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            encoding,
        },
        Err(_) => Decoded {
            text: String::from_utf8_lossy(bytes),
            encoding: Encoding::Lossy,
        },
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, encoding: Encoding) -> Decoded<'static> {
    let units = bytes
        .chunks(2)
        .map(|pair| unit([pair[0], *pair.get(1).unwrap_or(&0)]));
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Decoded {
        text: Cow::Owned(text),
        encoding,
    }
}

/// The most bytes ally holds in memory from any one input read whole: a file, standard input,
/// a config, rule or baseline file. Text files on disk larger than 32 MB are checked a window
/// at a time and are not held to it; policy documents may have lower limits of their own.
pub const MAX_INPUT: u64 = 256 * 1024 * 1024;

/// An input larger than the limit it is read with. Carried inside an [`io::Error`] of kind
/// [`io::ErrorKind::FileTooLarge`], so that [`describe`] says what happened.
#[derive(Debug)]
pub struct TooLarge {
    /// The input's size, when it is known (a regular file); `None` for a stream.
    pub size: Option<u64>,
    /// The limit it was read with, in bytes.
    pub limit: u64,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limit = megabytes(self.limit);
        match self.size {
            Some(size) => write!(
                f,
                "skipped: it is {}, larger than the {limit} that ally reads of such a file",
                megabytes(size)
            ),
            None => write!(
                f,
                "skipped: it holds more than {limit}, the most that ally reads of such an input"
            ),
        }
    }
}

impl std::error::Error for TooLarge {}

/// `256 MB`, `2048 MB`; below a mebibyte, in bytes.
fn megabytes(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

fn too_large(size: Option<u64>, limit: u64) -> io::Error {
    io::Error::new(io::ErrorKind::FileTooLarge, TooLarge { size, limit })
}

/// Reads `reader` to its end into `buffer` (replacing its contents), but never more than
/// `limit + 1` bytes: an input with more than `limit` bytes is an error of kind
/// [`io::ErrorKind::FileTooLarge`] (a [`TooLarge`]), after reading at most `limit + 1` bytes.
/// Memory stays bounded even for `/dev/zero` or an endless pipe. Use [`MAX_INPUT`] unless the
/// caller has a limit of its own.
pub fn read_limited(reader: impl Read, limit: u64, buffer: &mut Vec<u8>) -> io::Result<()> {
    read_bounded(reader, limit, buffer, false)
}

/// Like [`read_limited`], but stops after the first 8 KiB when they show that the input is
/// binary (see [`is_binary`]): the rest would not be checked anyway. `buffer` then holds only
/// those first bytes, enough for [`decode`] to say "binary" again.
pub fn read_text_limited(reader: impl Read, limit: u64, buffer: &mut Vec<u8>) -> io::Result<()> {
    read_bounded(reader, limit, buffer, true)
}

fn read_bounded(
    mut reader: impl Read,
    limit: u64,
    buffer: &mut Vec<u8>,
    stop_if_binary: bool,
) -> io::Result<()> {
    buffer.clear();
    if stop_if_binary {
        let probe = BINARY_PROBE.min(usize::try_from(limit).unwrap_or(usize::MAX)) as u64 + 1;
        (&mut reader).take(probe).read_to_end(buffer)?;
        // Short of the probe, the reader is at its end: no need to ask it again.
        if is_binary(buffer) || (buffer.len() as u64) < probe {
            return Ok(());
        }
    }
    let left = (limit + 1).saturating_sub(buffer.len() as u64);
    reader.take(left).read_to_end(buffer)?;
    if buffer.len() as u64 > limit {
        buffer.clear();
        buffer.shrink_to(BINARY_PROBE);
        return Err(too_large(None, limit));
    }
    Ok(())
}

/// What a path names, when it is not something ally reads: `Some("a character device")`.
#[cfg(unix)]
fn not_readable_kind(file_type: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_char_device() {
        Some("a character device")
    } else if file_type.is_block_device() {
        Some("a block device")
    } else if file_type.is_socket() {
        Some("a socket")
    } else {
        None
    }
}

#[cfg(not(unix))]
fn not_readable_kind(_: std::fs::FileType) -> Option<&'static str> {
    None
}

/// Reads a file into `buffer`, replacing its contents, with at most `limit` bytes (see
/// [`read_limited`]). A regular file larger than the limit is refused from its size, before
/// anything is read. Character and block devices (`/dev/zero`) and sockets are refused before
/// they are opened, since opening some devices has effects and reading others never ends;
/// pipes (`<(git show HEAD:notes.md)`) are read once, to their end or the limit.
/// `stop_if_binary` stops after the first 8 KiB of a binary file (see [`read_text_limited`]).
pub fn read_file(
    path: &Path,
    limit: u64,
    buffer: &mut Vec<u8>,
    stop_if_binary: bool,
) -> io::Result<()> {
    buffer.clear();
    if let Some(kind) = not_readable_kind(std::fs::metadata(path)?.file_type()) {
        return Err(refuse(kind));
    }
    let file = std::fs::File::open(path)?;
    // Checked again on the open file: the path may have been replaced since.
    let metadata = file.metadata()?;
    read_opened(file, &metadata, limit, buffer, stop_if_binary)
}

/// [`read_file`] for the file once opened, with its metadata.
fn read_opened(
    file: std::fs::File,
    metadata: &std::fs::Metadata,
    limit: u64,
    buffer: &mut Vec<u8>,
    stop_if_binary: bool,
) -> io::Result<()> {
    buffer.clear();
    if metadata.is_dir() {
        return Err(io::Error::other("is a directory"));
    }
    if let Some(kind) = not_readable_kind(metadata.file_type()) {
        return Err(refuse(kind));
    }
    if metadata.is_file() {
        if metadata.len() > limit {
            return Err(too_large(Some(metadata.len()), limit));
        }
        // The file may still grow while it is read; the limit below holds either way.
        buffer.reserve_exact(metadata.len() as usize + 1);
    }
    read_bounded(file, limit, buffer, stop_if_binary).map_err(|error| {
        match error.get_ref().and_then(|e| e.downcast_ref::<TooLarge>()) {
            Some(_) if metadata.is_file() => too_large(Some(metadata.len().max(limit + 1)), limit),
            _ => error,
        }
    })
}

/// How much of a file that a directory listing said is regular is read before its size is
/// asked. Most files are smaller: the read that reaches their end spares a system call each.
const FIRST_READ: u64 = 64 * 1024;

/// The start of a listed file, read by [`read_listed_start`].
#[derive(Debug)]
pub enum ListedStart {
    /// The buffer holds the whole file.
    Whole,
    /// There is more, to read with [`read_listed_rest`] unless the file is too large.
    More(std::fs::File, std::fs::Metadata),
}

/// Opens a file that a directory listing said is regular and reads its start into `buffer`,
/// replacing its contents, without a look at its size or its path first.
pub fn read_listed_start(path: &Path, buffer: &mut Vec<u8>) -> io::Result<ListedStart> {
    buffer.clear();
    let mut file = std::fs::File::open(path)?;
    (&mut file).take(FIRST_READ + 1).read_to_end(buffer)?;
    if buffer.len() as u64 <= FIRST_READ {
        return Ok(ListedStart::Whole);
    }
    let metadata = file.metadata()?;
    Ok(ListedStart::More(file, metadata))
}

/// Reads the rest of a file whose start [`read_listed_start`] read, as [`read_opened`] reads a
/// whole file: refused if larger than `limit`, stopped early if binary and `stop_if_binary`.
pub fn read_listed_rest(
    file: std::fs::File,
    metadata: &std::fs::Metadata,
    limit: u64,
    buffer: &mut Vec<u8>,
    stop_if_binary: bool,
) -> io::Result<()> {
    if let Some(kind) = not_readable_kind(metadata.file_type()) {
        return Err(refuse(kind));
    }
    if metadata.is_file() && metadata.len() > limit {
        buffer.clear();
        return Err(too_large(Some(metadata.len()), limit));
    }
    if stop_if_binary && is_binary(&buffer[..buffer.len().min(BINARY_PROBE + 1)]) {
        buffer.truncate(BINARY_PROBE + 1);
        return Ok(());
    }
    let size = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
    buffer.reserve_exact((size + 1).saturating_sub(buffer.len()));
    let left = (limit + 1).saturating_sub(buffer.len() as u64);
    file.take(left).read_to_end(buffer)?;
    if buffer.len() as u64 > limit {
        let read = buffer.len() as u64;
        buffer.clear();
        buffer.shrink_to(BINARY_PROBE);
        return Err(too_large(Some(metadata.len().max(read)), limit));
    }
    Ok(())
}

/// The error for a file that is not read because of what it is.
fn refuse(kind: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("skipped: it is not a regular file ({kind}), so it was not read"),
    )
}

/// A plain-language description of an I/O error, without the `(os error 2)` noise.
pub fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::OutOfMemory => "out of memory while reading it".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A listed file is read whole whatever its size, and refused or cut short as a file read
    /// by its path would be.
    #[test]
    fn listed_files_are_read_as_files_read_by_their_path() {
        let dir = tempfile::tempdir().unwrap();
        let text_of = |len: usize| -> Vec<u8> { (0..len).map(|i| b'a' + (i % 26) as u8).collect() };
        let first = FIRST_READ as usize;
        for len in [0, 10, first, first + 1, 3 * first + 7] {
            let path = dir.path().join(format!("{len}.txt"));
            std::fs::write(&path, text_of(len)).unwrap();
            let mut buffer = b"left over".to_vec();
            let read = match read_listed_start(&path, &mut buffer).unwrap() {
                ListedStart::Whole => len <= first,
                ListedStart::More(file, metadata) => {
                    read_listed_rest(file, &metadata, MAX_INPUT, &mut buffer, true).unwrap();
                    len > first
                }
            };
            assert!(read, "{len}");
            assert_eq!(buffer, text_of(len), "{len}");
        }
        let large = dir.path().join("large.txt");
        std::fs::write(&large, text_of(first + 100)).unwrap();
        let mut buffer = Vec::new();
        let ListedStart::More(file, metadata) = read_listed_start(&large, &mut buffer).unwrap()
        else {
            panic!("{} bytes were read whole", first + 100);
        };
        let error = read_listed_rest(file, &metadata, first as u64, &mut buffer, true).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::FileTooLarge);
        assert!(buffer.is_empty());
        let binary = dir.path().join("binary.bin");
        let mut bytes = vec![0u8; 16];
        bytes.extend(text_of(2 * first));
        std::fs::write(&binary, &bytes).unwrap();
        let ListedStart::More(file, metadata) = read_listed_start(&binary, &mut buffer).unwrap()
        else {
            panic!("the binary file was read whole");
        };
        read_listed_rest(file, &metadata, MAX_INPUT, &mut buffer, true).unwrap();
        assert_eq!(buffer, bytes[..BINARY_PROBE + 1]);
    }

    #[test]
    fn utf8_is_borrowed_and_boms_are_removed() {
        let plain = decode(b"master").unwrap();
        assert!(matches!(plain.text, Cow::Borrowed("master")));
        assert_eq!(plain.encoding, Encoding::Utf8);
        let bom = decode(b"\xEF\xBB\xBFmaster").unwrap();
        assert_eq!(
            (bom.text.as_ref(), bom.encoding),
            ("master", Encoding::Utf8Bom)
        );
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().text, "hé");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be).unwrap().encoding, Encoding::Utf16Be);
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x41]).unwrap().text,
            "A",
            "odd trailing byte"
        );
    }

    #[test]
    fn utf32_with_a_bom_is_decoded_and_never_written_back() {
        let le: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain("hé\u{1F600}".chars().flat_map(|c| (c as u32).to_le_bytes()))
            .collect();
        let decoded = decode(&le).unwrap();
        assert_eq!(decoded.text, "hé\u{1F600}");
        assert_eq!(decoded.encoding, Encoding::Lossy, "so that fix refuses it");
        let be: Vec<u8> = [0, 0, 0xFE, 0xFF, 0, 0, 0, b'A', 0, 0x11, 0, 0, 0]
            .into_iter()
            .collect();
        assert_eq!(decode(&be).unwrap().text, "A\u{FFFD}\u{FFFD}");
        let mut bytes = le.clone();
        assert!(utf32_to_utf8(&mut bytes).unwrap().contains("little-endian"));
        assert_eq!(bytes, "\u{FEFF}hé\u{1F600}".as_bytes());
        let mut plain = b"plain".to_vec();
        assert_eq!(utf32_to_utf8(&mut plain), None);
        assert_eq!(plain, b"plain");
    }

    #[test]
    fn reads_stop_at_the_limit() {
        let mut buffer = Vec::new();
        read_limited(&b"12345"[..], 5, &mut buffer).unwrap();
        assert_eq!(buffer, b"12345");
        let error = read_limited(io::repeat(b'a'), 1 << 20, &mut buffer).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(
            describe(&error),
            "skipped: it holds more than 1 MB, the most that ally reads of such an input"
        );
        // Binary input is known from its first 8 KiB; the rest is not read.
        read_text_limited(io::repeat(0), MAX_INPUT, &mut buffer).unwrap();
        assert!(buffer.len() <= BINARY_PROBE + 1 && decode(&buffer).is_none());
        // UTF-16 has NUL bytes and is text.
        let utf16 = [0xFF, 0xFE, b'a', 0, b'b', 0];
        read_text_limited(&utf16[..], MAX_INPUT, &mut buffer).unwrap();
        assert_eq!(buffer, utf16);
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_and_large_files_refused_from_their_size() {
        let mut buffer = Vec::new();
        let error = read_file(Path::new("/dev/zero"), MAX_INPUT, &mut buffer, false).unwrap_err();
        assert_eq!(
            describe(&error),
            "skipped: it is not a regular file (a character device), so it was not read"
        );
        let dir = tempfile::tempdir().unwrap();
        let sparse = dir.path().join("sparse");
        std::fs::File::create(&sparse)
            .unwrap()
            .set_len(3 << 20)
            .unwrap();
        let error = read_file(&sparse, 2 << 20, &mut buffer, false).unwrap_err();
        assert_eq!(
            describe(&error),
            "skipped: it is 3 MB, larger than the 2 MB that ally reads of such a file"
        );
        assert!(buffer.capacity() < 1 << 20, "nothing was read");
    }

    #[test]
    fn nul_bytes_mean_binary_and_bad_utf8_is_lossy() {
        assert!(decode(b"ab\0cd").is_none());
        let lossy = decode(b"ma\xffster").unwrap();
        assert_eq!(lossy.encoding, Encoding::Lossy);
        assert_eq!(lossy.text, "ma\u{fffd}ster");
        assert_eq!(decode(b"").unwrap().text, "");
    }
}
