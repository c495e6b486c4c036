//! Byte offsets to 1-based lines and character columns, computed in one forward pass over the
//! findings of a file rather than from the start of the file for each one.

use crate::finding::{Excerpt, Position};

/// The widest excerpt shown for a long line, in characters on each side of the term.
const CONTEXT_CHARS: usize = 60;

/// Walks forward through a text, turning increasing byte offsets into positions.
#[derive(Debug)]
pub struct LineCursor<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
    line_start: usize,
    column: usize,
}

impl<'t> LineCursor<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> LineCursor<'t> {
        LineCursor {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
            column: 1,
        }
    }

    /// The position of `offset`, which must not be before the previous offset asked for.
    pub fn position(&mut self, offset: usize) -> Position {
        debug_assert!(offset >= self.offset, "offsets must increase");
        let skipped = &self.text[self.offset..offset];
        match memchr::memrchr(b'\n', skipped.as_bytes()) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', skipped.as_bytes()).count();
                self.line_start = self.offset + last + 1;
                self.column = 1 + self.text[self.line_start..offset].chars().count();
            }
            None => self.column += skipped.chars().count(),
        }
        self.offset = offset;
        Position {
            line: self.line,
            column: self.column,
        }
    }

    /// The line start at or before the current offset.
    pub fn line_start(&self) -> usize {
        self.line_start
    }
}

/// The line around `text[start..end]`, windowed when it is very long. `position` is where
/// `start` is (from a [`LineCursor`]) and `line_start` the offset its line starts at.
///
/// The work is bounded by the window, not by the line: on a 30 MB line with a finding every ten
/// bytes, looking for the line's end or counting its columns from the line start for each
/// finding would make the run quadratic.
pub fn excerpt(
    text: &str,
    start: usize,
    end: usize,
    position: Position,
    line_start: usize,
) -> Excerpt {
    let bytes = text.as_bytes();
    let limit = forward_chars(text, end, CONTEXT_CHARS);
    // A line break at the limit, or just after a `\r` there, still ends the line in the window.
    let search_end = (limit + 2).min(text.len());
    let line_end = match memchr::memchr(b'\n', &bytes[end..search_end]) {
        Some(p) => Some(end + p),
        None if search_end == text.len() => Some(text.len()),
        None => None,
    };
    let line_end = line_end.map(|line_end| {
        if line_end > line_start && bytes[line_end - 1] == b'\r' {
            line_end - 1
        } else {
            line_end
        }
    });
    let window_start = back_chars(text, start, CONTEXT_CHARS).max(line_start);
    let window_end = line_end
        .map_or(limit, |line_end| limit.min(line_end))
        .max(end);
    let cut_after = line_end.is_none_or(|line_end| window_end < line_end);
    let mut snippet = String::new();
    if window_start > line_start {
        snippet.push('…');
    }
    let highlight_start = snippet.len() + (start - window_start);
    snippet.push_str(&text[window_start..window_end]);
    let highlight_end = highlight_start + (end - start);
    if cut_after {
        snippet.push('…');
    }
    // Columns before the window, less the one the `…` stands in.
    let skipped_columns = (position.column - 1) - text[window_start..start].chars().count();
    Excerpt {
        text: snippet,
        first_line: position.line,
        skipped_columns: skipped_columns.saturating_sub(usize::from(window_start > line_start)),
        highlight: highlight_start..highlight_end,
    }
}

/// The offset `n` characters before `offset` (or the start of the line's window).
fn back_chars(text: &str, offset: usize, n: usize) -> usize {
    text[..offset]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(offset, |(i, _)| i)
}

/// The offset `n` characters after `offset`.
fn forward_chars(text: &str, offset: usize, n: usize) -> usize {
    text[offset..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| offset + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\nçé master\n\nx";
        let mut cursor = LineCursor::new(text);
        assert_eq!(cursor.position(1), Position { line: 1, column: 2 });
        assert_eq!(
            cursor.position(text.find("master").unwrap()),
            Position { line: 2, column: 4 }
        );
        assert_eq!(cursor.position(text.len()), Position { line: 4, column: 2 });
    }

    #[test]
    fn excerpts_are_whole_short_lines() {
        let text = "first\nthe master node\r\nlast";
        let start = text.find("master").unwrap();
        let e = excerpt(text, start, start + 6, Position { line: 2, column: 5 }, 6);
        assert_eq!(e.text, "the master node");
        assert_eq!(&e.text[e.highlight.clone()], "master");
        assert_eq!(e.skipped_columns, 0);
    }

    #[test]
    fn long_lines_are_windowed_around_the_term() {
        let text = format!("{}master{}", "a ".repeat(1000), " b".repeat(1000));
        let start = 2000;
        let e = excerpt(
            &text,
            start,
            start + 6,
            Position {
                line: 1,
                column: 2001,
            },
            0,
        );
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
        assert_eq!(&e.text[e.highlight.clone()], "master");
        assert!(e.text.chars().count() < 2 * CONTEXT_CHARS + 10);
        assert_eq!(
            e.skipped_columns + e.text[..e.highlight.start].chars().count(),
            2000
        );
    }
}
