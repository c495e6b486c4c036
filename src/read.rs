//! Bytes → text: binary detection and decoding (UTF-8 with or without BOM, UTF-16 with BOM,
//! anything else read lossily with a note).

use std::borrow::Cow;
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

/// Decodes `bytes`, or returns `None` for binary data (a NUL byte in the first 8 KiB of a file
/// without a UTF-16 byte order mark).
pub fn decode(bytes: &[u8]) -> Option<Decoded<'_>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Some(utf8(rest, Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Some(utf16(rest, u16::from_le_bytes, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Some(utf16(rest, u16::from_be_bytes, Encoding::Utf16Be));
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some() {
        return None;
    }
    Some(utf8(bytes, Encoding::Utf8))
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

/// Reads a whole file into `buffer`, replacing its contents.
pub fn read_file(path: &Path, buffer: &mut Vec<u8>) -> io::Result<()> {
    buffer.clear();
    let mut file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("is a directory"));
    }
    file.read_to_end(buffer)?;
    Ok(())
}

/// A plain-language description of an I/O error, without the `(os error 2)` noise.
pub fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
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
    fn nul_bytes_mean_binary_and_bad_utf8_is_lossy() {
        assert!(decode(b"ab\0cd").is_none());
        let lossy = decode(b"ma\xffster").unwrap();
        assert_eq!(lossy.encoding, Encoding::Lossy);
        assert_eq!(lossy.text, "ma\u{fffd}ster");
        assert_eq!(decode(b"").unwrap().text, "");
    }
}
