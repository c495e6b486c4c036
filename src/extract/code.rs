//! Comment and string regions of source code, driven by the language table.
//!
//! The lexer jumps from one byte that can open a comment or string to the next, so plain code is
//! skipped quickly. It only needs to be right about where comments and strings start and end;
//! every other word in a code file is treated as part of an identifier.

use std::ops::Range;

use memchr::memmem;

use super::languages::{Language, Position, Special, StringSyntax};
use super::{Region, push_region};
use crate::scope::Scope;

/// The comment and string regions of `text`, in order.
pub(super) fn regions(language: &Language, text: &str) -> Vec<Region> {
    let lexer = Lexer {
        language,
        bytes: text.as_bytes(),
    };
    let mut regions = Vec::new();
    // The escape sequences of the string literal just lexed, which are left out of its region.
    let mut escapes = Vec::new();
    // A here-document body found on the current line. The rest of the operator's line is still
    // code (`cat <<EOF > out # note`), so the body is pushed once the scan reaches it.
    let mut heredoc: Option<Range<usize>> = None;
    let mut i = 0;
    while i < lexer.bytes.len() {
        if let Some(body) = heredoc.take_if(|body| i >= body.start) {
            i = body.end.max(i + 1);
            push_region(&mut regions, body, Scope::String);
            continue;
        }
        if !language.starts[lexer.bytes[i] as usize] {
            let next = next_start(language, lexer.bytes, i);
            i = heredoc
                .as_ref()
                .map_or(next, |body| next.min(body.start.max(i + 1)));
            continue;
        }
        escapes.clear();
        match lexer.token_at(i, &mut escapes) {
            Some(Token::Heredoc { operator_end, body }) => {
                // A second operator on the same line would need the first body's end; rare
                // enough to read as code.
                if heredoc.is_none() {
                    heredoc = Some(body);
                }
                i = operator_end.max(i + 1);
            }
            Some(Token::Region(mut range, scope)) => {
                if let Some(body) = &heredoc {
                    // A token on the operator's line cannot run into the here-document body.
                    range.end = range.end.min(body.start).max(i + 1);
                }
                i = range.end.max(i + 1);
                push_pieces(&mut regions, range, scope, &escapes);
            }
            None => i += 1,
        }
    }
    if let Some(body) = heredoc {
        push_region(&mut regions, body, Scope::String);
    }
    regions
}

/// Pushes `range` without the escape sequences inside it. An escape is a word boundary whose
/// bytes belong to no word: `"\nblacklist"` holds `blacklist`, and `"\blacklist"` in C holds a
/// backspace and `lacklist`, so a match that starts or ends inside an escape is no longer
/// inside one string region.
fn push_pieces(
    regions: &mut Vec<Region>,
    range: Range<usize>,
    scope: Scope,
    escapes: &[Range<usize>],
) {
    let mut start = range.start;
    for escape in escapes {
        if escape.start >= range.end {
            break;
        }
        push_region(regions, start..escape.start, scope);
        start = escape.end;
    }
    push_region(regions, start..range.end.max(start), scope);
}

/// The next byte at or after `from` that can open a comment or string. Most languages have at
/// most three such bytes (`/`, `"` and `'` in C), which `memchr` finds many bytes at a time.
fn next_start(language: &Language, bytes: &[u8], from: usize) -> usize {
    let haystack = &bytes[from..];
    let found = match language.start_bytes() {
        [a] => memchr::memchr(*a, haystack),
        [a, b] => memchr::memchr2(*a, *b, haystack),
        [a, b, c] => memchr::memchr3(*a, *b, *c, haystack),
        _ => haystack.iter().position(|b| language.starts[*b as usize]),
    };
    found.map_or(bytes.len(), |p| from + p)
}

struct Lexer<'a> {
    language: &'a Language,
    bytes: &'a [u8],
}

/// What the lexer finds at a position.
#[derive(Debug)]
enum Token {
    /// A comment or string literal.
    Region(Range<usize>, Scope),
    /// A here-document operator (`<<EOF`) ending at `operator_end`, whose body is a string on the
    /// lines after it.
    Heredoc {
        operator_end: usize,
        body: Range<usize>,
    },
}

impl Lexer<'_> {
    /// The comment or string starting at (or, for prefixed raw strings, just before) `i`.
    fn token_at(&self, i: usize, escapes: &mut Vec<Range<usize>>) -> Option<Token> {
        for special in &self.language.special {
            if let Some(found) = self.special_at(*special, i) {
                return Some(found);
            }
        }
        for block in &self.language.block_comments {
            if self.bytes[i..].starts_with(block.open.as_bytes())
                && (!block.line_start || self.at_line_start(i))
            {
                let end = if block.nested {
                    self.nested_end(i, block.open.as_bytes(), block.close.as_bytes())
                } else if block.line_start {
                    let close = format!("\n{}", block.close);
                    self.line_end(
                        self.find(close.as_bytes(), i + block.open.len())
                            .map_or(self.bytes.len(), |p| p + close.len()),
                    )
                } else {
                    self.find(block.close.as_bytes(), i + block.open.len())
                        .map_or(self.bytes.len(), |p| p + block.close.len())
                };
                return Some(Token::Region(i..end, Scope::Comment));
            }
        }
        for marker in &self.language.line_comments {
            if self.bytes[i..].starts_with(marker.as_bytes())
                && self.may_start(i, self.language.line_comment_at)
            {
                return Some(Token::Region(i..self.line_end(i), Scope::Comment));
            }
        }
        for syntax in &self.language.strings {
            if self.bytes[i..].starts_with(syntax.open.as_bytes()) {
                if self.is_identifier_quote(i) || !self.may_start(i, syntax.at) {
                    return None;
                }
                let end = self.string_end(i + syntax.open.len(), syntax, escapes);
                let scope = if syntax.docstring && self.stands_alone(i, end) {
                    Scope::Comment
                } else {
                    Scope::String
                };
                return Some(Token::Region(i..end, scope));
            }
        }
        if self.language.char_literals && self.bytes[i] == b'\'' {
            return self
                .char_literal(i)
                .map(|end| Token::Region(i..end, Scope::String));
        }
        None
    }

    fn special_at(&self, special: Special, i: usize) -> Option<Token> {
        let b = self.bytes;
        match special {
            Special::RustRaw if b[i] == b'"' => {
                let hashes = self.count_back(i, b'#');
                let r = i.checked_sub(hashes + 1)?;
                if b[r] != b'r' {
                    return None;
                }
                let start = if r > 0 && (b[r - 1] == b'b' || b[r - 1] == b'c') {
                    r - 1
                } else {
                    r
                };
                if start > 0 && self.is_identifier_byte(b[start - 1]) {
                    return None;
                }
                let close = [b"\"".as_slice(), &vec![b'#'; hashes]].concat();
                let end = self
                    .find(&close, i + 1)
                    .map_or(b.len(), |p| p + close.len());
                Some(Token::Region(start..end, Scope::String))
            }
            Special::SwiftRaw if b[i] == b'"' => {
                let hashes = self.count_back(i, b'#');
                if hashes == 0 {
                    return None;
                }
                let start = i - hashes;
                let quotes = if b[i..].starts_with(b"\"\"\"") { 3 } else { 1 };
                let close = [vec![b'"'; quotes], vec![b'#'; hashes]].concat();
                let end = self
                    .find(&close, i + quotes)
                    .map_or(b.len(), |p| p + close.len());
                Some(Token::Region(start..end, Scope::String))
            }
            Special::CppRaw if b[i] == b'"' && i > 0 && b[i - 1] == b'R' => {
                let mut start = i - 1;
                for prefix in [b"u8".as_slice(), b"u", b"U", b"L"] {
                    if b[..start].ends_with(prefix) {
                        start -= prefix.len();
                        break;
                    }
                }
                if start > 0 && self.is_identifier_byte(b[start - 1]) {
                    return None;
                }
                let open = memchr::memchr(b'(', &b[i + 1..(i + 18).min(b.len())])?;
                let delimiter = &b[i + 1..i + 1 + open];
                if delimiter
                    .iter()
                    .any(|c| matches!(c, b' ' | b'\\' | b')' | b'\n'))
                {
                    return None;
                }
                let close = [b")".as_slice(), delimiter, b"\""].concat();
                let end = self
                    .find(&close, i + 2 + open)
                    .map_or(b.len(), |p| p + close.len());
                Some(Token::Region(start..end, Scope::String))
            }
            Special::ShellHeredoc | Special::TightHeredoc | Special::PhpHeredoc if b[i] == b'<' => {
                self.heredoc(special, i)
            }
            Special::LuaLong if b[i] == b'[' => {
                let (level, len) = long_bracket(&b[i..])?;
                Some(Token::Region(
                    i..self.long_bracket_end(i + len, level),
                    Scope::String,
                ))
            }
            Special::LuaLong if b[i..].starts_with(b"--[") => {
                let (level, len) = long_bracket(&b[i + 2..])?;
                Some(Token::Region(
                    i..self.long_bracket_end(i + 2 + len, level),
                    Scope::Comment,
                ))
            }
            Special::PowershellHere if b[i] == b'@' => {
                let quote = *b.get(i + 1)?;
                if !matches!(quote, b'"' | b'\'') {
                    return None;
                }
                let rest = &b[i + 2..self.line_end(i)];
                if !rest.iter().all(u8::is_ascii_whitespace) {
                    return None;
                }
                let close = [b'\n', quote, b'@'];
                let end = self
                    .find(&close, i + 2)
                    .map_or(b.len(), |p| p + close.len());
                Some(Token::Region(i..end, Scope::String))
            }
            _ => None,
        }
    }

    /// The here-document whose operator starts at `i`. The operator line itself stays code; the
    /// body runs from the next line to the terminator line.
    fn heredoc(&self, kind: Special, i: usize) -> Option<Token> {
        let b = self.bytes;
        let operator: &[u8] = if kind == Special::PhpHeredoc {
            b"<<<"
        } else {
            b"<<"
        };
        if !b[i..].starts_with(operator) || b.get(i + operator.len()) == Some(&b'<') {
            return None;
        }
        let mut j = i + operator.len();
        if kind != Special::PhpHeredoc && matches!(b.get(j), Some(b'-' | b'~')) {
            j += 1;
        }
        if kind != Special::TightHeredoc {
            while matches!(b.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
        }
        let quote = match b.get(j) {
            Some(q @ (b'"' | b'\'')) => {
                j += 1;
                Some(*q)
            }
            _ => None,
        };
        let word_start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
            j += 1;
        }
        let word = &b[word_start..j];
        let first = *word.first()?;
        if first.is_ascii_digit()
            || (kind == Special::TightHeredoc
                && quote.is_none()
                && !(first.is_ascii_uppercase() || first == b'_'))
        {
            return None;
        }
        if let Some(q) = quote {
            if b.get(j) != Some(&q) {
                return None;
            }
            j += 1;
        }
        let operator_end = j;
        let body_start = (self.line_end(i) + 1).min(b.len());
        let mut line_start = body_start;
        while line_start < b.len() {
            let line_end = self.line_end(line_start);
            let line = &b[line_start..line_end];
            let trimmed = trim_ascii(line);
            let terminated = trimmed == word
                || (kind == Special::PhpHeredoc
                    && trimmed.starts_with(word)
                    && !trimmed[word.len()..]
                        .first()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_'));
            if terminated {
                return Some(Token::Heredoc {
                    operator_end,
                    body: body_start..line_end,
                });
            }
            line_start = line_end + 1;
        }
        Some(Token::Heredoc {
            operator_end,
            body: body_start..b.len(),
        })
    }

    fn long_bracket_end(&self, from: usize, level: usize) -> usize {
        let close = [b"]".as_slice(), &vec![b'='; level], b"]"].concat();
        self.find(&close, from)
            .map_or(self.bytes.len(), |p| p + close.len())
    }

    /// The end of the literal whose body starts at `j`; its escape sequences are added to
    /// `escapes`.
    fn string_end(
        &self,
        mut j: usize,
        syntax: &StringSyntax,
        escapes: &mut Vec<Range<usize>>,
    ) -> usize {
        let b = self.bytes;
        let close = syntax.close.as_bytes();
        let escape = syntax.escape.filter(char::is_ascii).map(|c| c as u8);
        while j < b.len() {
            // Checked before the closing delimiter, so that a literal closed by the line end
            // (`\\` lines in Zig) does not take the line break with it.
            if b[j] == b'\n' && !syntax.multiline {
                return j;
            }
            if Some(b[j]) == escape {
                // An escape the literal does not know still keeps the next byte from closing
                // it (`\m`), but stands for itself.
                match syntax.escape_len(&b[j..]) {
                    Some(len) => {
                        escapes.push(j..j + len);
                        j += len;
                    }
                    None => j += 2,
                }
                continue;
            }
            if b[j..].starts_with(close) {
                if syntax.doubled && b[j + close.len()..].starts_with(close) {
                    j += 2 * close.len();
                    continue;
                }
                return j + close.len();
            }
            j += 1;
        }
        b.len()
    }

    /// The end of a one-character literal such as `'a'`, `'\n'` or `'é'`; `None` for a lifetime
    /// or an apostrophe.
    fn char_literal(&self, i: usize) -> Option<usize> {
        let b = self.bytes;
        if self.is_identifier_quote(i) {
            return None;
        }
        if b.get(i + 1) == Some(&b'\\') {
            // The escaped character itself may be a quote: `'\''`.
            let from = (i + 3).min(b.len());
            let window = &b[from..(i + 14).min(b.len())];
            return memchr::memchr(b'\'', window).map(|p| from + p + 1);
        }
        let first = *b.get(i + 1)?;
        let width = match first {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
        (b.get(i + 1 + width) == Some(&b'\'')).then_some(i + 2 + width)
    }

    fn nested_end(&self, i: usize, open: &[u8], close: &[u8]) -> usize {
        let b = self.bytes;
        let mut depth = 0usize;
        let mut j = i;
        while j < b.len() {
            if b[j..].starts_with(open) {
                depth += 1;
                j += open.len();
            } else if b[j..].starts_with(close) {
                depth -= 1;
                j += close.len();
                if depth == 0 {
                    return j;
                }
            } else {
                j += 1;
            }
        }
        b.len()
    }

    /// A quote right after an identifier character in a language where quotes can be part of
    /// identifiers (`x'` in Haskell) is not an opening delimiter.
    fn is_identifier_quote(&self, i: usize) -> bool {
        let quote = self.bytes[i] as char;
        i > 0
            && self.language.identifier_chars.contains(quote)
            && self.is_identifier_byte(self.bytes[i - 1])
    }

    /// Whether a comment marker or quote at `i` counts where it stands.
    fn may_start(&self, i: usize, position: Position) -> bool {
        let before = i.checked_sub(1).map(|p| self.bytes[p]);
        match position {
            Position::Anywhere => true,
            Position::WordStart => before.is_none_or(|c| c.is_ascii_whitespace()),
            Position::ShellWord => {
                before.is_none_or(|c| c.is_ascii_whitespace() || b";|&()".contains(&c))
            }
            Position::TokenStart => {
                before.is_none_or(|c| c.is_ascii_whitespace() || b"[{(,:=".contains(&c))
            }
            Position::LineStart => self.at_line_start(i),
        }
    }

    /// Whether the literal `start..end` is alone on its lines: nothing but spacing before it,
    /// and nothing but spacing or a comment after it.
    fn stands_alone(&self, start: usize, end: usize) -> bool {
        if !self.at_line_start(start) {
            return false;
        }
        let rest = &self.bytes[end..self.line_end(end)];
        let rest = &rest[rest.iter().take_while(|c| c.is_ascii_whitespace()).count()..];
        rest.is_empty()
            || self
                .language
                .line_comments
                .iter()
                .any(|marker| rest.starts_with(marker.as_bytes()))
    }

    fn at_line_start(&self, i: usize) -> bool {
        self.bytes[..i]
            .iter()
            .rev()
            .take_while(|&&c| c != b'\n')
            .all(|&c| c == b' ' || c == b'\t')
    }

    fn is_identifier_byte(&self, byte: u8) -> bool {
        byte.is_ascii_alphanumeric()
            || byte == b'_'
            || byte >= 0x80
            || self.language.identifier_chars.as_bytes().contains(&byte)
    }

    fn count_back(&self, i: usize, byte: u8) -> usize {
        self.bytes[..i]
            .iter()
            .rev()
            .take_while(|&&c| c == byte)
            .count()
    }

    fn line_end(&self, i: usize) -> usize {
        memchr::memchr(b'\n', &self.bytes[i..]).map_or(self.bytes.len(), |p| i + p)
    }

    fn find(&self, needle: &[u8], from: usize) -> Option<usize> {
        let from = from.min(self.bytes.len());
        memmem::find(&self.bytes[from..], needle).map(|p| from + p)
    }
}

/// The level and length of a Lua long bracket opening such as `[[` or `[==[`.
fn long_bracket(b: &[u8]) -> Option<(usize, usize)> {
    if b.first() != Some(&b'[') {
        return None;
    }
    let level = b[1..].iter().take_while(|&&c| c == b'=').count();
    (b.get(1 + level) == Some(&b'[')).then_some((level, level + 2))
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |p| p + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::languages;

    /// The text of each region with its scope, for compact assertions.
    fn lex(language: &str, text: &str) -> Vec<(Scope, String)> {
        let language = languages().by_name(language).unwrap();
        regions(language, text)
            .into_iter()
            .map(|r| (r.scope, text[r.range].to_owned()))
            .collect()
    }

    fn c(s: &str) -> (Scope, String) {
        (Scope::Comment, s.to_owned())
    }

    fn s(s: &str) -> (Scope, String) {
        (Scope::String, s.to_owned())
    }

    #[test]
    fn c_comments_and_strings() {
        let text = "int a = 1; // one\n/* two\n three */ char *s = \"// not a comment\";";
        assert_eq!(
            lex("C", text),
            [
                c("// one"),
                c("/* two\n three */"),
                s("\"// not a comment\"")
            ]
        );
    }

    #[test]
    fn escapes_do_not_close_strings() {
        assert_eq!(
            lex("C", r#"x = "a \" b"; // c"#),
            [s(r#""a "#), s(r#" b""#), c("// c")]
        );
    }

    /// The bytes of an escape belong to no word, so they are left out of the string, each
    /// language with its own escapes.
    #[test]
    fn escapes_are_left_out_of_string_regions() {
        assert_eq!(
            lex("Go", r#"fmt.Printf("\nblacklist loaded\n")"#),
            [s("\""), s("blacklist loaded"), s("\"")]
        );
        // C reads every hexadecimal digit after `\x`; Python two.
        assert_eq!(lex("C", r#""\x41bad""#), [s("\""), s("\"")]);
        assert_eq!(lex("Python", r#""\x41bad""#), [s("\""), s("bad\"")]);
        // An escape Python does not know stands for itself.
        assert_eq!(lex("Python", r#""\master""#), [s(r#""\master""#)]);
        assert_eq!(
            lex("Python", r#""\N{EM DASH}master \U0001F600\101x""#),
            [s("\""), s("master "), s("x\"")]
        );
        assert_eq!(
            lex("Rust", r#""\u{1F600}master""#),
            [s("\""), s("master\"")]
        );
        assert_eq!(lex("PowerShell", "\"a`tb\""), [s("\"a"), s("b\"")]);
        // Raw literals have no escapes.
        assert_eq!(lex("Rust", r##"r#"\nmaster"#"##), [s(r##"r#"\nmaster"#"##)]);
        assert_eq!(lex("Go", r"`\nmaster`"), [s(r"`\nmaster`")]);
        // A brace that never closes, or closes after the literal, opens no escape.
        assert_eq!(lex("Rust", r#""\u{12" x"#), [s(r#""\u{12""#)]);
    }

    #[test]
    fn single_line_strings_stop_at_the_line_end() {
        assert_eq!(
            lex("C", "x = \"open\n// comment"),
            [s("\"open"), c("// comment")]
        );
    }

    #[test]
    fn rust_nested_comments_raw_strings_chars_and_lifetimes() {
        let text = "/* a /* b */ c */ fn f<'a>(x: &'a str) { let q = '\"'; r#\"raw \" // x\"#; }";
        assert_eq!(
            lex("Rust", text),
            [c("/* a /* b */ c */"), s("'\"'"), s("r#\"raw \" // x\"#")]
        );
    }

    #[test]
    fn python_triple_quotes_and_hash_comments() {
        let text = "x = '''doc # not comment'''\ny = 'a' # real\n";
        assert_eq!(
            lex("Python", text),
            [s("'''doc # not comment'''"), s("'a'"), c("# real")]
        );
    }

    #[test]
    fn python_docstrings_alone_on_their_lines_are_comments() {
        let text = "def f():\n    \"\"\"The master copy.\"\"\"  # note\n    call(\"\"\"arg\"\"\",\n    )\n";
        assert_eq!(
            lex("Python", text),
            [
                c("\"\"\"The master copy.\"\"\""),
                c("# note"),
                s("\"\"\"arg\"\"\"")
            ]
        );
    }

    #[test]
    fn shell_comments_need_a_word_start_and_heredocs_are_strings() {
        let text = "echo $# ${#x} a#b # count\ncat <<'EOF' > out\nbody # text\nEOF\nx=1;# done";
        assert_eq!(
            lex("Shell", text),
            [c("# count"), s("body # text\nEOF"), c("# done")]
        );
    }

    #[test]
    fn ruby_heredocs_and_block_comments() {
        let text = "=begin\nold\n=end\nx = <<~SQL\n  SELECT 1\n  SQL\ny = a << b\n";
        assert_eq!(
            lex("Ruby", text),
            [c("=begin\nold\n=end"), s("  SELECT 1\n  SQL")]
        );
    }

    #[test]
    fn cpp_raw_strings() {
        assert_eq!(
            lex("C++", r#"auto s = R"x(a ")" b)x"; // c"#),
            [s(r#"R"x(a ")" b)x""#), c("// c")]
        );
    }

    #[test]
    fn sql_doubled_quotes() {
        assert_eq!(
            lex("SQL", "SELECT 'it''s' -- note"),
            [s("'it''s'"), c("-- note")]
        );
    }

    #[test]
    fn lua_long_brackets() {
        assert_eq!(
            lex("Lua", "--[==[ a ]] b ]==] x = [[s]] -- c"),
            [c("--[==[ a ]] b ]==]"), s("[[s]]"), c("-- c")]
        );
    }

    #[test]
    fn haskell_primes_are_identifiers() {
        assert_eq!(
            lex("Haskell", "x' = 'a' -- c\n{- {- n -} -}"),
            [s("'a'"), c("-- c"), c("{- {- n -} -}")]
        );
    }

    #[test]
    fn heredoc_operator_lines_are_still_lexed() {
        let text = "cat <<'EOF' | grep \"x\" # master\nbody\nEOF\n# after\n";
        assert_eq!(
            lex("Shell", text),
            [s("\"x\""), c("# master"), s("body\nEOF"), c("# after")]
        );
        let text = "x = f(<<~A, \"y\") # c\n  text\nA\n";
        assert_eq!(lex("Ruby", text), [s("\"y\""), c("# c"), s("  text\nA")]);
    }

    #[test]
    fn escaped_quotes_in_char_literals() {
        assert_eq!(lex("Rust", r"let q = '\''; // c"), [s(r"'\''"), c("// c")]);
        assert_eq!(lex("C", r"c = '\\'; // c"), [s(r"'\\'"), c("// c")]);
    }

    #[test]
    fn zig_multiline_string_lines_end_at_the_line_end() {
        assert_eq!(
            lex("Zig", "const s =\n    \\\\ a // b\n;// c\n"),
            [s("\\\\ a // b"), c("// c")]
        );
    }

    #[test]
    fn yaml_quotes_open_strings_only_at_the_start_of_a_value() {
        let text = "title: it's the master copy # note\nlist: ['a', \"b\"]\n";
        assert_eq!(lex("YAML", text), [c("# note"), s("'a'"), s("\"b\"")]);
    }

    #[test]
    fn vim_double_quotes_are_comments_at_line_start_and_strings_elsewhere() {
        assert_eq!(
            lex("Vim script", "\" note\necho \"text\"\n"),
            [c("\" note"), s("\"text\"")]
        );
    }

    #[test]
    fn css_has_no_line_comments_but_scss_does() {
        let text = "a { background: url(//cdn.example.org/m.png) } // x\n";
        assert_eq!(lex("CSS", text), []);
        assert_eq!(lex("SCSS", "$a: 1; // x\n"), [c("// x")]);
    }

    #[test]
    fn unterminated_tokens_run_to_the_end_without_panicking() {
        assert_eq!(lex("Rust", "/* open"), [c("/* open")]);
        assert_eq!(lex("Rust", "r##\"open"), [s("r##\"open")]);
        assert_eq!(lex("Shell", "cat <<EOF\nno end"), [s("no end")]);
        assert_eq!(lex("C", "'"), []);
        assert_eq!(lex("C", "'\\"), []);
    }
}
