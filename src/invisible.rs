//! Invisible characters inside words: soft hyphens, zero-width spaces and joiners, word joiners
//! and stray byte order marks.
//!
//! They are common in text copied from PDFs and word processors (a soft hyphen marks where a
//! word may break), and they hide a term from a byte-for-byte search: `white\u{ad}list` shows
//! as `whitelist` but would not match it. The check reads a copy without them and maps every
//! offset back to the text as written, so findings, fixes and editors see the real positions.

/// Characters that are never visible inside a word. Each is two or three bytes in UTF-8.
const INVISIBLE: [char; 6] = [
    '\u{00ad}', // soft hyphen
    '\u{200b}', // zero-width space
    '\u{200c}', // zero-width non-joiner
    '\u{200d}', // zero-width joiner
    '\u{2060}', // word joiner
    '\u{feff}', // zero-width no-break space (a byte order mark inside text)
];

/// Whether `bytes` hold one of [`INVISIBLE`]: a byte search for their lead bytes, then a look
/// at the bytes after each, so that text full of other non-ASCII characters (dashes, quotes)
/// costs one fast scan.
fn has_invisible(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes).any(|at| {
        matches!(
            &bytes[at..bytes.len().min(at + 3)],
            [0xC2, 0xAD, ..] | [0xE2, 0x80, 0x8B..=0x8D] | [0xE2, 0x81, 0xA0] | [0xEF, 0xBB, 0xBF]
        )
    })
}

/// A text without its invisible characters, and how to find each offset in the original.
#[derive(Debug)]
pub struct Visible {
    /// The text with the invisible characters removed.
    pub text: String,
    /// For each removal, in order: the offset in `text` where it was, and how many bytes had
    /// been removed up to and including it.
    removed: Vec<(usize, usize)>,
}

impl Visible {
    /// The text without its invisible characters, or `None` if it has none (the usual case,
    /// which costs one scan for the bytes these characters start with).
    pub fn of(text: &str) -> Option<Visible> {
        if !has_invisible(text.as_bytes()) {
            return None;
        }
        let mut visible = Visible {
            text: String::with_capacity(text.len()),
            removed: Vec::new(),
        };
        let mut total = 0;
        let mut from = 0;
        for (offset, c) in text.match_indices(INVISIBLE) {
            visible.text.push_str(&text[from..offset]);
            total += c.len();
            visible.removed.push((visible.text.len(), total));
            from = offset + c.len();
        }
        visible.text.push_str(&text[from..]);
        Some(visible)
    }

    /// The offset in the original text of the character at `offset` in [`Visible::text`] (for
    /// the start of a range: invisible characters just before it stay outside).
    pub fn start(&self, offset: usize) -> usize {
        offset + self.removed_before(offset, true)
    }

    /// The original offset of a range end at `offset` (invisible characters just before it
    /// stay outside the range).
    pub fn end(&self, offset: usize) -> usize {
        offset + self.removed_before(offset, false)
    }

    /// Bytes removed before `offset`; `at_too` counts the removals at `offset` itself.
    fn removed_before(&self, offset: usize, at_too: bool) -> usize {
        let count = self
            .removed
            .partition_point(|&(at, _)| at < offset || (at_too && at == offset));
        count.checked_sub(1).map_or(0, |last| self.removed[last].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_past_the_removed_characters() {
        let text = "a \u{ad}white\u{ad}list\u{200b} b";
        let visible = Visible::of(text).unwrap();
        assert_eq!(visible.text, "a whitelist b");
        let start = visible.text.find("whitelist").unwrap();
        let end = start + "whitelist".len();
        let (start, end) = (visible.start(start), visible.end(end));
        assert_eq!(&text[start..end], "white\u{ad}list");
        assert_eq!(visible.start(visible.text.len()), text.len());
        assert!(Visible::of("plain text – with a dash, «quotes» and ½").is_none());
        for c in INVISIBLE {
            assert!(has_invisible(format!("a{c}b").as_bytes()), "{c:?}");
        }
    }
}
