//! The language table: comment and string syntax per language, and which files are documents.
//!
//! The table is data (`languages.toml`, embedded); adding a language means adding an entry there
//! and a fixture under `tests/languages/`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{DocumentFormat, FileKind};

/// Comment and string syntax of one programming or configuration language.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Language {
    /// Display name, such as `Rust` or `Shell`.
    pub name: String,
    /// File extensions without the dot.
    #[serde(default)]
    pub extensions: Vec<String>,
    /// Exact file names (`Makefile`, `.bashrc`).
    #[serde(default)]
    pub filenames: Vec<String>,
    /// Beginnings of file names that have no known extension (`Dockerfile.` for
    /// `Dockerfile.dev`).
    #[serde(default)]
    pub filename_prefixes: Vec<String>,
    /// Ends of file names that have no known extension (`_defconfig` for
    /// `x86_64_defconfig`).
    #[serde(default)]
    pub filename_suffixes: Vec<String>,
    /// Interpreter names found on a `#!` line, without version numbers.
    #[serde(default)]
    pub interpreters: Vec<String>,
    /// Markers that start a comment running to the end of the line.
    #[serde(default)]
    pub line_comments: Vec<String>,
    /// Where a line comment marker counts.
    #[serde(default)]
    pub line_comment_at: Position,
    /// Block comments.
    #[serde(default)]
    pub block_comments: Vec<BlockComment>,
    /// Delimited string literals, tried longest opening delimiter first.
    #[serde(default)]
    pub strings: Vec<StringSyntax>,
    /// String forms that need more than a pair of delimiters.
    #[serde(default)]
    pub special: Vec<Special>,
    /// Whether `'` delimits a one-character literal only (`'a'`), so that `'a` lifetimes and
    /// apostrophes do not open a string.
    #[serde(default)]
    pub char_literals: bool,
    /// Characters besides letters, digits and `_` that may appear inside identifiers (`-` in
    /// CSS, `'` in Haskell).
    #[serde(default)]
    pub identifier_chars: String,
    /// Bytes that can start a comment or string; computed once when the table is loaded.
    #[serde(skip, default = "no_bytes")]
    pub(super) starts: [bool; 256],
    /// The same bytes as a list, for `memchr`.
    #[serde(skip)]
    start_list: Vec<u8>,
}

fn no_bytes() -> [bool; 256] {
    [false; 256]
}

impl Language {
    /// The bytes that can start a comment or string in this language.
    pub(super) fn start_bytes(&self) -> &[u8] {
        &self.start_list
    }
}

/// Where a line comment marker starts a comment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// Anywhere outside a string (`//` in C).
    #[default]
    Anywhere,
    /// Only at the start of a word: after spacing or at the start of a line (`#` in shell,
    /// where `$#` is not a comment).
    WordStart,
    /// Only at the start of a shell word: after spacing or an operator (`;`, `|`, `&`, `(`,
    /// `)`), so that `x=1;# note` has a comment and `$#` does not.
    ShellWord,
    /// Only at the start of a token: after spacing, an opening bracket, `,`, `:` or `=` (quotes
    /// in YAML, where the `'` of `it's` in a plain value opens nothing).
    TokenStart,
    /// Only as the first non-blank character of a line (`;` in INI files).
    LineStart,
}

/// A block comment's delimiters.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BlockComment {
    /// Opening delimiter.
    pub open: String,
    /// Closing delimiter.
    pub close: String,
    /// Whether comments nest (`/* /* */ */` in Rust).
    #[serde(default)]
    pub nested: bool,
    /// Whether the delimiters must start a line (`=begin`/`=end` in Ruby).
    #[serde(default)]
    pub line_start: bool,
}

/// A string literal's delimiters.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StringSyntax {
    /// Opening delimiter.
    pub open: String,
    /// Closing delimiter.
    pub close: String,
    /// Escape character, if any (`\`).
    #[serde(default)]
    pub escape: Option<char>,
    /// Whether a doubled closing delimiter stands for itself (`'it''s'` in SQL).
    #[serde(default)]
    pub doubled: bool,
    /// Whether the literal may span lines; an unterminated single-line literal ends at the line
    /// end, so that a stray quote cannot swallow the rest of a file.
    #[serde(default)]
    pub multiline: bool,
    /// Where the opening delimiter counts.
    #[serde(default)]
    pub at: Position,
    /// Whether a literal alone on its lines is documentation and so a comment (Python
    /// docstrings, which are where Python code is explained).
    #[serde(default)]
    pub docstring: bool,
    /// The name of the escape sequences the literal understands, from the table's `escapes`.
    /// Only these are word boundaries: an escape character before anything else (`\m` in
    /// Python) stands for itself.
    #[serde(default, rename = "escapes")]
    pub escape_syntax: Option<String>,
    /// The escape sequences named by `escape_syntax`, resolved when the table is loaded.
    #[serde(skip)]
    escapes: Option<EscapeSyntax>,
}

impl StringSyntax {
    /// The escape sequences this literal understands, if it has any.
    pub fn escapes(&self) -> Option<&EscapeSyntax> {
        self.escapes.as_ref()
    }

    /// The length in bytes of the escape sequence at the start of `bytes`, which begins with
    /// this literal's escape character; `None` if what follows is not one of its escapes.
    pub(super) fn escape_len(&self, bytes: &[u8]) -> Option<usize> {
        let escape = self.escape?;
        let syntax = self.escapes.as_ref()?;
        let rest = bytes.strip_prefix(escape.encode_utf8(&mut [0; 4]).as_bytes())?;
        syntax
            .body_len(rest)
            .map(|len| bytes.len() - rest.len() + len)
    }
}

/// The escape sequences of a kind of string literal: what may follow its escape character.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EscapeSyntax {
    /// Characters that make an escape of two characters with the escape character (`n` in
    /// `\n`).
    #[serde(default)]
    pub single: String,
    /// Escapes made of digits, after an optional leading character (`x41`, `u00e9`, octal
    /// `101`).
    #[serde(default)]
    pub digits: Vec<DigitEscape>,
    /// Characters followed by a body between braces (`u` in `\u{1F600}`, `N` in `\N{DASH}`).
    #[serde(default)]
    pub braced: String,
}

/// An escape made of digits: `after`, then from `min` to `max` digits in `base`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DigitEscape {
    /// The character before the digits (`x`, `u`); empty when the digits follow the escape
    /// character directly (octal `\101`).
    #[serde(default)]
    pub after: String,
    /// 8, 10 or 16.
    pub base: u32,
    /// The fewest digits.
    pub min: usize,
    /// The most digits: longer runs of digits end the escape there (C reads as many
    /// hexadecimal digits as there are, so its `max` is large).
    pub max: usize,
}

impl EscapeSyntax {
    /// The length of the escape body at the start of `rest` (what follows the escape
    /// character): the longest digit form, else a braced body, else a single character.
    fn body_len(&self, rest: &[u8]) -> Option<usize> {
        let first = *rest.first()?;
        let digits = self
            .digits
            .iter()
            .filter_map(|form| {
                let digits = rest.strip_prefix(form.after.as_bytes())?;
                let count = digits
                    .iter()
                    .take(form.max)
                    .take_while(|b| (**b as char).is_digit(form.base))
                    .count();
                (count >= form.min.max(1)).then_some(form.after.len() + count)
            })
            .max();
        if digits.is_some() {
            return digits;
        }
        if first.is_ascii() && self.braced.as_bytes().contains(&first) && rest.get(1) == Some(&b'{')
        {
            // A name or a number (`N{EM DASH}`, `u{1F600}`); anything else, such as the
            // literal's closing quote, means the brace opens no escape.
            let body = &rest[2..];
            let len = body
                .iter()
                .take(MAX_BRACED)
                .take_while(|b| b.is_ascii_alphanumeric() || b" +-_".contains(b))
                .count();
            return (body.get(len) == Some(&b'}')).then_some(len + 3);
        }
        (first.is_ascii() && self.single.as_bytes().contains(&first)).then_some(1)
    }
}

impl EscapeSyntax {
    /// Whether `body` is exactly one escape body of this syntax (what follows the escape
    /// character), with any number of digits a form allows.
    fn is_body(&self, body: &[u8]) -> bool {
        match body {
            [] => false,
            [c] if c.is_ascii() && self.single.as_bytes().contains(c) => true,
            [c, b'{', .., b'}'] if c.is_ascii() && self.braced.as_bytes().contains(c) => true,
            _ => self.digits.iter().any(|form| {
                body.strip_prefix(form.after.as_bytes())
                    .is_some_and(|digits| {
                        (form.min.max(1)..=form.max).contains(&digits.len())
                            && digits.iter().all(|b| (*b as char).is_digit(form.base))
                    })
            }),
        }
    }
}

/// The escapes of every literal of the table, merged by escape character.
///
/// Left out: digits right after the escape character in base 16 (CSS's `\201C`), which would
/// make `\cac` an escape and `he` a word in the assembler macro argument `\cache`; CSS's own
/// literals still leave them out of their regions.
fn any_escapes(languages: &[Language]) -> Vec<AnyEscape> {
    let mut merged: Vec<AnyEscape> = Vec::new();
    let quotes: Vec<u8> = languages
        .iter()
        .flat_map(|l| &l.strings)
        .filter_map(|s| s.open.bytes().next())
        .chain([b'`'])
        .collect();
    for syntax in languages.iter().flat_map(|l| &l.strings) {
        let (Some(escape), Some(escapes)) = (syntax.escape, &syntax.escapes) else {
            continue;
        };
        let Ok(escape) = u8::try_from(escape) else {
            continue;
        };
        let index = match merged.iter().position(|m| m.escape == escape) {
            Some(index) => index,
            None => {
                merged.push(AnyEscape {
                    escape,
                    syntax: EscapeSyntax::default(),
                    glued: escape != b'\\' && quotes.contains(&escape),
                    longest: 1,
                });
                merged.len() - 1
            }
        };
        let any = &mut merged[index];
        for c in escapes.single.chars().chain(escapes.braced.chars()) {
            let target = if escapes.single.contains(c) {
                &mut any.syntax.single
            } else {
                &mut any.syntax.braced
            };
            if !target.contains(c) {
                target.push(c);
            }
        }
        for form in escapes
            .digits
            .iter()
            .filter(|f| !(f.after.is_empty() && f.base == 16))
        {
            any.longest = any.longest.max(form.after.len() + form.max);
            let same = |f: &&mut DigitEscape| f.after == form.after && f.base == form.base;
            match any.syntax.digits.iter_mut().find(same) {
                Some(known) => {
                    known.min = known.min.min(form.min);
                    known.max = known.max.max(form.max);
                }
                None => any.syntax.digits.push(form.clone()),
            }
        }
    }
    merged
}

/// The longest body of a braced escape such as `\N{LATIN SMALL LETTER E WITH ACUTE}`.
const MAX_BRACED: usize = 96;

/// String forms handled by dedicated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Special {
    /// Rust raw strings: `r"…"`, `r#"…"#`, `br##"…"##`.
    RustRaw,
    /// Swift extended delimiters: `#"…"#`.
    SwiftRaw,
    /// C++ raw strings: `R"delim(…)delim"`.
    CppRaw,
    /// Shell here-documents: `<<EOF`, `<< 'EOF'`, `<<-EOF`.
    ShellHeredoc,
    /// Ruby, Perl and HCL here-documents: `<<EOS`, `<<~EOS`, `<<-EOS`, written without a space.
    TightHeredoc,
    /// PHP here- and now-documents: `<<<EOT`, `<<<'EOT'`.
    PhpHeredoc,
    /// Lua long brackets: `[[…]]`, `[==[…]==]`, and `--[[…]]` comments.
    LuaLong,
    /// PowerShell here-strings: `@"…"@` and `@'…'@`.
    PowershellHere,
}

/// Document formats selected by extension.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DocumentEntry {
    format: DocumentFormatName,
    extensions: Vec<String>,
    #[serde(default)]
    filenames: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum DocumentFormatName {
    Text,
    Markdown,
    Html,
    Xml,
    Rst,
    Asciidoc,
}

impl DocumentFormatName {
    fn format(self) -> DocumentFormat {
        match self {
            DocumentFormatName::Text => DocumentFormat::Text,
            DocumentFormatName::Markdown => DocumentFormat::Markdown,
            DocumentFormatName::Html => DocumentFormat::Html,
            DocumentFormatName::Xml => DocumentFormat::Xml,
            DocumentFormatName::Rst => DocumentFormat::Rst,
            DocumentFormatName::Asciidoc => DocumentFormat::AsciiDoc,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TableFile {
    document: Vec<DocumentEntry>,
    /// Escape sequences by name, shared by the string literals of several languages.
    #[serde(default)]
    escapes: HashMap<String, EscapeSyntax>,
    language: Vec<Language>,
}

/// The loaded language table with its lookup indexes.
#[derive(Debug)]
pub struct LanguageTable {
    languages: Vec<Language>,
    by_extension: HashMap<String, usize>,
    by_filename: HashMap<String, usize>,
    by_prefix: Vec<(String, usize)>,
    by_suffix: Vec<(String, usize)>,
    by_interpreter: HashMap<String, usize>,
    documents_by_extension: HashMap<String, DocumentFormat>,
    documents_by_filename: HashMap<String, DocumentFormat>,
    /// For each escape character, the escapes of every literal that uses it.
    any_escapes: Vec<AnyEscape>,
    /// The longest body without braces of any of them.
    longest_escape: usize,
}

/// The escape sequences that one escape character starts in any language of the table, for
/// the stages that read raw text without knowing its language (word boundaries, masks).
#[derive(Debug)]
struct AnyEscape {
    escape: u8,
    syntax: EscapeSyntax,
    /// Whether the character also opens strings or code somewhere (`` ` `` in JavaScript, Go,
    /// Markdown and reStructuredText), and so only escapes right after a letter, a digit or a
    /// double quote (``line`nnext``, ``"`tindented"``), never at the start of a word
    /// (`` `the latest` ``).
    glued: bool,
    /// The longest body without braces.
    longest: usize,
}

const TABLE: &str = include_str!("languages.toml");

/// The embedded language table.
pub fn languages() -> &'static LanguageTable {
    static TABLE_CELL: OnceLock<LanguageTable> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        LanguageTable::parse(TABLE).unwrap_or_else(|e| panic!("languages.toml is invalid: {e}"))
    })
}

impl LanguageTable {
    fn parse(text: &str) -> Result<LanguageTable, String> {
        let mut file: TableFile = toml::from_str(text).map_err(|e| e.to_string())?;
        for language in &mut file.language {
            for syntax in &mut language.strings {
                let Some(name) = &syntax.escape_syntax else {
                    continue;
                };
                let escapes = file
                    .escapes
                    .get(name)
                    .ok_or_else(|| format!("{}: no escape syntax named `{name}`", language.name))?;
                if let Some(form) = escapes
                    .digits
                    .iter()
                    .find(|f| ![8, 10, 16].contains(&f.base))
                {
                    return Err(format!(
                        "escapes `{name}`: base {} is not 8, 10 or 16",
                        form.base
                    ));
                }
                syntax.escapes = Some(escapes.clone());
            }
        }
        let mut table = LanguageTable {
            languages: file.language,
            by_extension: HashMap::new(),
            by_filename: HashMap::new(),
            by_prefix: Vec::new(),
            by_suffix: Vec::new(),
            by_interpreter: HashMap::new(),
            documents_by_extension: HashMap::new(),
            documents_by_filename: HashMap::new(),
            any_escapes: Vec::new(),
            longest_escape: 0,
        };
        table.any_escapes = any_escapes(&table.languages);
        table.longest_escape = table
            .any_escapes
            .iter()
            .map(|a| a.longest)
            .max()
            .unwrap_or(0);
        for document in file.document {
            let format = document.format.format();
            for ext in document.extensions {
                table
                    .documents_by_extension
                    .insert(ext.to_ascii_lowercase(), format);
            }
            for name in document.filenames {
                table.documents_by_filename.insert(name, format);
            }
        }
        for (index, language) in table.languages.iter_mut().enumerate() {
            // Longer delimiters first, so that `"""` is not read as an empty `""` string.
            language
                .strings
                .sort_by_key(|s| std::cmp::Reverse(s.open.len()));
            language
                .line_comments
                .sort_by_key(|m| std::cmp::Reverse(m.len()));
            language.starts = start_bytes(language);
            language.start_list = (0..=255u8)
                .filter(|b| language.starts[*b as usize])
                .collect();
            for ext in &language.extensions {
                table.by_extension.insert(ext.to_ascii_lowercase(), index);
            }
            for name in &language.filenames {
                table.by_filename.insert(name.clone(), index);
            }
            for prefix in &language.filename_prefixes {
                table.by_prefix.push((prefix.clone(), index));
            }
            for suffix in &language.filename_suffixes {
                table.by_suffix.push((suffix.clone(), index));
            }
            for interpreter in &language.interpreters {
                table.by_interpreter.insert(interpreter.clone(), index);
            }
        }
        Ok(table)
    }

    /// Whether `text[..start]` ends with an escape sequence of some language of the table
    /// (`\n`, `\x41`, `` `t ``), so that a word can start at `start` right after a letter or
    /// digit.
    #[inline]
    pub fn ends_with_escape(&self, text: &str, start: usize) -> bool {
        // Only a body of letters and digits can run into a word, so the escape character is
        // right before the letters and digits that end at `start`.
        let bytes = &text.as_bytes()[..start];
        let longest = self.longest_escape;
        let body = bytes
            .iter()
            .rev()
            .take(longest + 1)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if body == 0 || body > longest || body >= start {
            return false;
        }
        let escape = bytes[start - body - 1];
        let at = start - body - 1;
        self.any_escapes.iter().any(|any| {
            any.escape == escape
                && body <= any.longest
                && (!any.glued
                    || at
                        .checked_sub(1)
                        .is_some_and(|p| bytes[p].is_ascii_alphanumeric() || bytes[p] == b'"'))
                && any.syntax.is_body(&bytes[start - body..])
        })
    }

    /// The length of the backslash escape at the start of `bytes` in the language of the table
    /// that reads the longest one, if any.
    pub fn backslash_escape_len(&self, bytes: &[u8]) -> Option<usize> {
        let rest = bytes.strip_prefix(b"\\")?;
        let any = self.any_escapes.iter().find(|any| any.escape == b'\\')?;
        any.syntax.body_len(rest).map(|len| len + 1)
    }

    /// Every language, in table order.
    pub fn all(&self) -> &[Language] {
        &self.languages
    }

    /// The language with this display name.
    pub fn by_name(&self, name: &str) -> Option<&Language> {
        self.languages
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(name))
    }

    /// The kind of a file, from its name alone. Exact names win over extensions, so that
    /// `CMakeLists.txt` is CMake rather than text, and extensions win over name prefixes, so that
    /// `Dockerfile.md` is Markdown and `Dockerfile.dev` a Dockerfile.
    pub(super) fn kind_for(&'static self, name: &str) -> Option<FileKind> {
        if let Some(format) = self.documents_by_filename.get(name) {
            return Some(FileKind::Document(*format));
        }
        if let Some(index) = self.by_filename.get(name) {
            return Some(FileKind::Code(&self.languages[*index]));
        }
        if let Some(ext) = extension(name) {
            if let Some(format) = self.documents_by_extension.get(&ext) {
                return Some(FileKind::Document(*format));
            }
            if let Some(index) = self.by_extension.get(&ext) {
                return Some(FileKind::Code(&self.languages[*index]));
            }
        }
        self.by_prefix
            .iter()
            .find(|(prefix, _)| name.starts_with(prefix.as_str()))
            .or_else(|| {
                self.by_suffix.iter().find(|(suffix, _)| {
                    name.len() > suffix.len() && name.ends_with(suffix.as_str())
                })
            })
            .map(|(_, index)| FileKind::Code(&self.languages[*index]))
    }

    /// The language named by a `#!` line (`#!/usr/bin/env python3`, `#!/bin/sh -e`).
    pub(super) fn for_shebang(&self, line: &str) -> Option<&Language> {
        let command = line.strip_prefix("#!")?.trim();
        let mut words = command.split_whitespace();
        let mut program = words.next()?.rsplit('/').next()?;
        if program == "env" {
            program = words.find(|w| !w.starts_with('-'))?;
        }
        let name = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        self.by_interpreter.get(name).map(|i| &self.languages[*i])
    }
}

/// The lowercase extension of a file name (`tar.gz` → `gz`); none for dot files like `.bashrc`.
fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// The bytes at which a comment or string of this language can start.
fn start_bytes(language: &Language) -> [bool; 256] {
    let mut starts = [false; 256];
    let firsts = language
        .line_comments
        .iter()
        .chain(language.block_comments.iter().map(|b| &b.open))
        .chain(language.strings.iter().map(|s| &s.open))
        .filter_map(|s| s.bytes().next());
    for byte in firsts {
        starts[byte as usize] = true;
    }
    for special in &language.special {
        let bytes: &[u8] = match special {
            Special::RustRaw | Special::SwiftRaw | Special::CppRaw => b"\"",
            Special::ShellHeredoc | Special::TightHeredoc | Special::PhpHeredoc => b"<",
            Special::LuaLong => b"[-",
            Special::PowershellHere => b"@",
        };
        for b in bytes {
            starts[*b as usize] = true;
        }
    }
    if language.char_literals {
        starts[b'\'' as usize] = true;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_loads_and_names_are_unique() {
        let table = languages();
        let mut names: Vec<&str> = table.all().iter().map(|l| l.name.as_str()).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "duplicate language names");
    }

    #[test]
    fn no_extension_or_file_name_is_claimed_twice() {
        let file: TableFile = toml::from_str(TABLE).unwrap();
        let owners = file
            .document
            .iter()
            .map(|d| ("document", &d.extensions, &d.filenames))
            .chain(
                file.language
                    .iter()
                    .map(|l| (l.name.as_str(), &l.extensions, &l.filenames)),
            );
        let (mut extensions, mut filenames) = (HashMap::new(), HashMap::new());
        for (owner, exts, names) in owners {
            for (seen, keys) in [(&mut extensions, exts), (&mut filenames, names)] {
                for key in keys {
                    if let Some(first) = seen.insert(key.clone(), owner) {
                        panic!("`{key}` is claimed by both {first} and {owner}");
                    }
                }
            }
        }
    }

    /// A literal with an escape character says which escapes it has, so that they are word
    /// boundaries; only raw literals, which have no escape character, have none.
    #[test]
    fn every_literal_with_an_escape_character_names_its_escapes() {
        for language in languages().all() {
            for syntax in &language.strings {
                assert_eq!(
                    syntax.escape.is_some(),
                    syntax.escapes().is_some(),
                    "{}: {}",
                    language.name,
                    syntax.open
                );
            }
        }
    }

    #[test]
    fn escapes_have_the_length_of_their_language() {
        let len = |language: &str, open: &str, text: &str| {
            let language = languages().by_name(language).unwrap();
            let syntax = language.strings.iter().find(|s| s.open == open).unwrap();
            syntax.escape_len(text.as_bytes())
        };
        assert_eq!(len("C", "\"", r"\x41bad"), Some(7));
        assert_eq!(len("Python", "\"", r"\x41bad"), Some(4));
        assert_eq!(len("Python", "\"", r"\N{EM DASH}x"), Some(11));
        assert_eq!(len("Python", "\"", r"\master"), None);
        assert_eq!(len("Go", "\"", r"\101x"), Some(4));
        assert_eq!(len("Go", "\"", r"\10x"), None);
        assert_eq!(len("Rust", "\"", r"\u{1F600}"), Some(9));
        assert_eq!(len("Rust", "\"", r"\u{1F600"), None);
        assert_eq!(len("PowerShell", "\"", "`nx"), Some(2));
        assert_eq!(len("CSS", "\"", r"\201C x"), Some(5));
    }

    #[test]
    fn any_escape_of_the_table_ends_where_a_word_can_start() {
        let ends = |text: &str| languages().ends_with_escape(text, text.len());
        for text in [
            r"\n",
            r"\x41",
            r"\xff",
            r"\u00e9",
            r"\U0001F600",
            r"\101",
            "line`t",
            "\"`t",
            r"\\b",
        ] {
            assert!(ends(text), "{text}");
        }
        // A braced escape ends with `}`, which no word continues.
        // Nor does a backtick at the start of a word (`` `the ``), or `\cac` (CSS's hexadecimal
        // escapes are left out).
        for text in [
            "n", r"\", r"\q", "x41", r"\u{41", r"\u{41}", "`t", " `t", r"\cac",
        ] {
            assert!(!ends(text), "{text}");
        }
    }

    #[test]
    fn extensions_ignore_dot_files() {
        assert_eq!(extension("a.tar.GZ").as_deref(), Some("gz"));
        assert_eq!(extension(".bashrc"), None);
        assert_eq!(extension("Makefile"), None);
    }
}
