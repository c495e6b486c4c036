//! What each byte of a file is: prose, comment, string or identifier.
//!
//! [`FileKind::detect`] picks a format from the file name (or the shebang line, or the text), and
//! [`Regions::of`] classifies the text. Documents yield prose regions and leave everything else
//! (code blocks, link targets, markup) unchecked; source code yields comment and string regions,
//! and every other word in it is an identifier.

mod asciidoc;
mod code;
mod data;
mod html;
mod languages;
mod markdown;
mod mask;
mod rst;
mod xml;

use std::ops::Range;
use std::path::Path;

pub use languages::{Language, languages};
pub use mask::{is_address, is_data, is_masked};

use crate::scope::Scope;

/// The document formats ally reads as prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentFormat {
    /// Plain text: every word is prose.
    Text,
    /// CommonMark with GitHub extensions and front matter.
    Markdown,
    /// HTML: text nodes and the text of `alt`, `title` and similar attributes.
    Html,
    /// XML: text nodes and comments.
    Xml,
    /// reStructuredText, without literal blocks, code directives and inline literals.
    Rst,
    /// AsciiDoc, without listing, literal, source and passthrough blocks.
    AsciiDoc,
}

impl DocumentFormat {
    /// A short name for messages and `--format json`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentFormat::Text => "text",
            DocumentFormat::Markdown => "markdown",
            DocumentFormat::Html => "html",
            DocumentFormat::Xml => "xml",
            DocumentFormat::Rst => "restructuredtext",
            DocumentFormat::AsciiDoc => "asciidoc",
        }
    }
}

/// How a file is read.
#[derive(Clone, Copy, Debug)]
pub enum FileKind {
    /// A document whose text is prose.
    Document(DocumentFormat),
    /// Source code in a known language.
    Code(&'static Language),
}

/// A file's kind and why it was chosen, for `ally config PATH`.
#[derive(Clone, Copy, Debug)]
pub struct Detected {
    /// How the file is read.
    pub kind: FileKind,
    /// Why: what in the file's name or text decided it.
    pub reason: &'static str,
}

impl FileKind {
    /// Picks the kind from the file name, then from a `#!` line, then from the text: plain text
    /// (a `.txt` file, or one with no known name) that is written in reStructuredText markup is
    /// read as reStructuredText, as Sphinx projects that use `source_suffix = ".txt"` are.
    /// Unknown files are plain text.
    pub fn detect(path: &Path, text: &str) -> FileKind {
        FileKind::detect_with_reason(path, text).kind
    }

    /// [`FileKind::detect`], with the reason.
    pub fn detect_with_reason(path: &Path, text: &str) -> Detected {
        const PLAIN: FileKind = FileKind::Document(DocumentFormat::Text);
        let by_content = |otherwise: Detected| {
            if rst::looks_like_rst(text) {
                Detected {
                    kind: FileKind::Document(DocumentFormat::Rst),
                    reason: "its text, written in reStructuredText markup (directives, roles, \
                             labels)",
                }
            } else {
                otherwise
            }
        };
        match FileKind::by_name(path) {
            Some(FileKind::Document(DocumentFormat::Text)) => by_content(Detected {
                kind: PLAIN,
                reason: "its name (a plain text file)",
            }),
            Some(kind) => Detected {
                kind,
                reason: "its name",
            },
            None => match text.lines().next().and_then(|l| languages().for_shebang(l)) {
                Some(language) => Detected {
                    kind: FileKind::Code(language),
                    reason: "its `#!` line",
                },
                None => by_content(Detected {
                    kind: PLAIN,
                    reason: "nothing in its name or text: plain text",
                }),
            },
        }
    }

    /// The kind the file's name alone gives, if it gives one.
    pub fn by_name(path: &Path) -> Option<FileKind> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        languages().kind_for(&name)
    }

    /// The kind a config names: a document format (`text`, `markdown`, `html`, `xml`, `rst`,
    /// `asciidoc`), a language of the table by name (`Python`, `shell`), or an extension that
    /// names one (`md`, `yml`).
    pub fn named(name: &str) -> Option<FileKind> {
        let format = match name.to_ascii_lowercase().as_str() {
            "text" | "plain" | "txt" => Some(DocumentFormat::Text),
            "markdown" | "md" => Some(DocumentFormat::Markdown),
            "html" => Some(DocumentFormat::Html),
            "xml" => Some(DocumentFormat::Xml),
            "rst" | "restructuredtext" => Some(DocumentFormat::Rst),
            "asciidoc" | "adoc" => Some(DocumentFormat::AsciiDoc),
            _ => None,
        };
        if let Some(format) = format {
            return Some(FileKind::Document(format));
        }
        if let Some(language) = languages().by_name(name) {
            return Some(FileKind::Code(language));
        }
        languages().kind_for(&format!("file.{name}"))
    }

    /// A short name for messages and `--format json`: `markdown`, `text`, `html`… or the
    /// language.
    pub fn name(&self) -> &str {
        match self {
            FileKind::Document(format) => format.name(),
            FileKind::Code(language) => &language.name,
        }
    }
}

/// A byte range and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// Byte range in the file's text.
    pub range: Range<usize>,
    /// What the range holds.
    pub scope: Scope,
}

/// The classified regions of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regions {
    /// Sorted, non-overlapping regions.
    regions: Vec<Region>,
    /// The scope of bytes outside every region, if they are checked at all: prose for plain
    /// text, identifiers for code, nothing for markup (code blocks, link targets, tags).
    outside: Option<Scope>,
    /// Sorted ranges outside every region that are not checked even so (a table's column of
    /// account handles).
    unchecked: Vec<Range<usize>>,
}

impl Regions {
    /// Classifies `text` as a file of the given kind.
    pub fn of(kind: FileKind, text: &str) -> Regions {
        let mut unchecked = Vec::new();
        let (regions, outside) = match kind {
            FileKind::Document(DocumentFormat::Text) => (Vec::new(), Some(Scope::Prose)),
            FileKind::Document(DocumentFormat::Markdown) => (markdown::regions(text), None),
            FileKind::Document(DocumentFormat::Html) => (html::regions(text), None),
            FileKind::Document(DocumentFormat::Xml) => (xml::regions(text), None),
            FileKind::Document(DocumentFormat::Rst) => (rst::regions(text), None),
            FileKind::Document(DocumentFormat::AsciiDoc) => (asciidoc::regions(text), None),
            // Data files (YAML, JSON, TOML, INI, CSV) are read by their own scanner: keys and
            // one-token values are names, values written as words are text.
            FileKind::Code(language) => match data::DataFormat::of(language) {
                Some(format) => {
                    let (regions, not_checked) = data::read(format, text);
                    unchecked = not_checked;
                    (regions, Some(Scope::Identifier))
                }
                None => (code::regions(language, text), Some(Scope::Identifier)),
            },
        };
        Regions {
            regions,
            outside,
            unchecked,
        }
    }

    /// Every byte of the text in one scope, such as a path read as an identifier.
    pub fn uniform(scope: Scope) -> Regions {
        Regions {
            regions: Vec::new(),
            outside: Some(scope),
            unchecked: Vec::new(),
        }
    }

    /// The scope of the byte at `offset`, or `None` if it is not checked.
    pub fn scope_at(&self, offset: usize) -> Option<Scope> {
        let index = self.regions.partition_point(|r| r.range.end <= offset);
        match self.regions.get(index) {
            Some(region) if region.range.start <= offset => Some(region.scope),
            _ if self.is_unchecked(offset) => None,
            _ => self.outside,
        }
    }

    fn is_unchecked(&self, offset: usize) -> bool {
        let index = self.unchecked.partition_point(|r| r.end <= offset);
        self.unchecked.get(index).is_some_and(|r| r.start <= offset)
    }

    /// The byte range of the region holding `offset`, if `offset` is inside one.
    pub fn range_at(&self, offset: usize) -> Option<Range<usize>> {
        let index = self.regions.partition_point(|r| r.range.end <= offset);
        self.regions
            .get(index)
            .filter(|r| r.range.start <= offset)
            .map(|r| r.range.clone())
    }

    /// The end of the region holding `offset`, if `offset` is inside one.
    pub fn region_end(&self, offset: usize) -> Option<usize> {
        self.range_at(offset).map(|range| range.end)
    }

    /// The regions, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter()
    }
}

/// Appends a region, merging it with the previous one when they touch and share a scope. A range
/// that is empty or starts before the end of the previous region is dropped, so that regions stay
/// sorted and disjoint whatever a parser reports.
fn push_region(regions: &mut Vec<Region>, range: Range<usize>, scope: Scope) {
    if range.is_empty()
        || regions
            .last()
            .is_some_and(|last| range.start < last.range.end)
    {
        return;
    }
    if let Some(last) = regions.last_mut()
        && last.scope == scope
        && last.range.end == range.start
    {
        last.range.end = range.end;
        return;
    }
    regions.push(Region { range, scope });
}

/// For the extractors' tests: the scope and text of each region that is not only whitespace.
#[cfg(test)]
fn region_texts(text: &str, regions: Vec<Region>) -> Vec<(Scope, &str)> {
    regions
        .into_iter()
        .map(|r| (r.scope, &text[r.range]))
        .filter(|(_, t)| !t.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_names_and_shebangs() {
        assert_eq!(
            FileKind::detect(Path::new("README.md"), "").name(),
            "markdown"
        );
        assert_eq!(FileKind::detect(Path::new("notes"), "hello").name(), "text");
        assert_eq!(
            FileKind::detect(Path::new("src/main.rs"), "").name(),
            "Rust"
        );
        assert_eq!(
            FileKind::detect(Path::new("Makefile"), "").name(),
            "Makefile"
        );
        assert_eq!(
            FileKind::detect(Path::new("deploy"), "#!/usr/bin/env python3\n").name(),
            "Python"
        );
        assert_eq!(
            FileKind::detect(Path::new("run"), "#!/bin/bash -e\n").name(),
            "Shell"
        );
    }

    #[test]
    fn exact_names_beat_extensions_and_extensions_beat_prefixes() {
        let name = |path: &str| FileKind::detect(Path::new(path), "").name().to_owned();
        assert_eq!(name("CMakeLists.txt"), "CMake");
        assert_eq!(name("notes.txt"), "text");
        assert_eq!(name("Dockerfile.dev"), "Dockerfile");
        assert_eq!(name("Dockerfile-prod"), "Dockerfile");
        assert_eq!(name("Dockerfile.md"), "markdown");
        assert_eq!(name("Makefile.am"), "Makefile");
        assert_eq!(name("Makefile.toml"), "TOML");
        assert_eq!(name("app.Dockerfile"), "Dockerfile");
        assert_eq!(name("page.html"), "html");
        assert_eq!(name("pom.xml"), "xml");
        assert_eq!(name("index.rst"), "restructuredtext");
        assert_eq!(name("guide.adoc"), "asciidoc");
        assert_eq!(name("analysis.Rmd"), "markdown");
        assert_eq!(name("x.h"), "C");
        assert_eq!(name("App.tsx"), "TypeScript");
        assert_eq!(name("styles.scss"), "SCSS");
        assert_eq!(name("main.tf"), "HCL");
    }

    /// Pieces of syntax that open, close or confuse the extractors, glued at random.
    const FRAGMENTS: &[&str] = &[
        "\"",
        "'",
        "`",
        "/*",
        "*/",
        "//",
        "#",
        "--",
        "<!--",
        "-->",
        "<",
        ">",
        "</",
        "<<EOF\n",
        "EOF\n",
        "<<<",
        "<<~A",
        "@\"",
        "\"@",
        "r#\"",
        "\"#",
        "R\"x(",
        ")x\"",
        "[[",
        "]]",
        "[==[",
        "--[[",
        "{-",
        "-}",
        "(*",
        "*)",
        "\\",
        "\\\\",
        "\n",
        "\r\n",
        " ",
        "   ",
        "\t",
        "é",
        "日本",
        "🦀",
        "::",
        "..",
        ".. ",
        "----",
        "....",
        "++++",
        "////",
        "```",
        "[source]",
        "``",
        "master",
        "=begin",
        "=end",
        "=pod",
        "=cut",
        "&amp;",
        "&",
        ";",
        "<script>",
        "</script>",
        "<pre>",
        "<![CDATA[",
        "]]>",
        "<?",
        "?>",
        "---\n",
        "+++\n",
        ":",
        "=",
        "|",
        "\"\"\"",
        "'''",
        "$",
        "@",
        "\u{0}",
        "<a title=\"",
        "<<",
        ">>",
        ":code:",
        "- ",
        "key: |\n",
        "\n  ",
    ];

    /// Every extractor returns sorted, disjoint, in-bounds ranges on character boundaries,
    /// whatever the input.
    #[test]
    fn extractors_survive_garbled_input() {
        let mut kinds: Vec<FileKind> = languages().all().iter().map(FileKind::Code).collect();
        kinds.extend(
            [
                DocumentFormat::Text,
                DocumentFormat::Markdown,
                DocumentFormat::Html,
                DocumentFormat::Xml,
                DocumentFormat::Rst,
                DocumentFormat::AsciiDoc,
            ]
            .map(FileKind::Document),
        );
        // A fixed xorshift generator: the same inputs on every run.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let len = (next() % 80) as usize;
            let text: String = (0..len)
                .map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize])
                .collect();
            for kind in &kinds {
                let regions = Regions::of(*kind, &text);
                let mut end = 0;
                for region in regions.iter() {
                    let range = &region.range;
                    assert!(
                        end <= range.start && range.start < range.end && range.end <= text.len(),
                        "{}: bad range {range:?} after {end} in {text:?}",
                        kind.name()
                    );
                    assert!(
                        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
                        "{}: {range:?} splits a character in {text:?}",
                        kind.name()
                    );
                    end = range.end;
                }
            }
        }
    }

    #[test]
    fn scope_lookup_uses_the_outside_scope_between_regions() {
        let language = languages().by_name("Rust").unwrap();
        let text = "let x = 1; // note\nlet y = \"s\";";
        let regions = Regions::of(FileKind::Code(language), text);
        assert_eq!(regions.scope_at(0), Some(Scope::Identifier));
        assert_eq!(
            regions.scope_at(text.find("note").unwrap()),
            Some(Scope::Comment)
        );
        assert_eq!(
            regions.scope_at(text.find("\"s\"").unwrap() + 1),
            Some(Scope::String)
        );
    }
}
