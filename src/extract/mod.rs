//! What each byte of a file is: prose, comment, string or identifier.
//!
//! [`FileKind::detect`] picks a format from the file name (or the shebang line), and
//! [`Regions::of`] classifies the text. Documents yield prose regions and leave everything else
//! (code blocks, link targets, markup) unchecked; source code yields comment and string regions,
//! and every other word in it is an identifier.

mod code;
mod languages;
mod markdown;
mod mask;

use std::ops::Range;
use std::path::Path;

pub use languages::{Language, languages};
pub use mask::is_masked;

use crate::scope::Scope;

/// The document formats ally reads as prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentFormat {
    /// Plain text: every word is prose.
    Text,
    /// CommonMark with GitHub extensions and front matter.
    Markdown,
}

/// How a file is read.
#[derive(Clone, Copy, Debug)]
pub enum FileKind {
    /// A document whose text is prose.
    Document(DocumentFormat),
    /// Source code in a known language.
    Code(&'static Language),
}

impl FileKind {
    /// Picks the kind from the file name, then from a `#!` line; unknown files are plain text.
    pub fn detect(path: &Path, text: &str) -> FileKind {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let table = languages();
        if let Some(format) = table.document_for(&name) {
            return FileKind::Document(format);
        }
        if let Some(language) = table.for_file_name(&name) {
            return FileKind::Code(language);
        }
        if let Some(language) = text.lines().next().and_then(|line| table.for_shebang(line)) {
            return FileKind::Code(language);
        }
        FileKind::Document(DocumentFormat::Text)
    }

    /// A short name for messages and `--format json`: `markdown`, `text` or the language.
    pub fn name(&self) -> &str {
        match self {
            FileKind::Document(DocumentFormat::Text) => "text",
            FileKind::Document(DocumentFormat::Markdown) => "markdown",
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
    /// text, identifiers for code, nothing for Markdown (code blocks, link targets).
    outside: Option<Scope>,
}

impl Regions {
    /// Classifies `text` as a file of the given kind.
    pub fn of(kind: FileKind, text: &str) -> Regions {
        match kind {
            FileKind::Document(DocumentFormat::Text) => Regions {
                regions: vec![],
                outside: Some(Scope::Prose),
            },
            FileKind::Document(DocumentFormat::Markdown) => Regions {
                regions: markdown::prose(text),
                outside: None,
            },
            FileKind::Code(language) => Regions {
                regions: code::regions(language, text),
                outside: Some(Scope::Identifier),
            },
        }
    }

    /// The scope of the byte at `offset`, or `None` if it is not checked.
    pub fn scope_at(&self, offset: usize) -> Option<Scope> {
        let index = self.regions.partition_point(|r| r.range.end <= offset);
        match self.regions.get(index) {
            Some(region) if region.range.start <= offset => Some(region.scope),
            _ => self.outside,
        }
    }

    /// The end of the region holding `offset`, if `offset` is inside one.
    pub fn region_end(&self, offset: usize) -> Option<usize> {
        let index = self.regions.partition_point(|r| r.range.end <= offset);
        self.regions
            .get(index)
            .filter(|r| r.range.start <= offset)
            .map(|r| r.range.end)
    }

    /// The regions, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter()
    }
}

/// Appends a region, merging it with the previous one when they touch and share a scope.
fn push_region(regions: &mut Vec<Region>, range: Range<usize>, scope: Scope) {
    if range.is_empty() {
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
