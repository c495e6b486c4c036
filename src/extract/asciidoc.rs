//! Regions of an AsciiDoc document, found line by line.
//!
//! AsciiDoc marks what is not prose with lines: delimited blocks (`----` listing, `....` literal,
//! `++++` passthrough, `////` comment), a block style on the line before a block (`[source,rust]`),
//! comment lines (`//`) and indented literal paragraphs. Scanning those lines keeps byte offsets of
//! the source and needs nothing else; the AsciiDoc parser on crates.io (`asciidoc-parser`) is a
//! full Asciidoctor port that resolves includes and substitutions, which is more than a linter
//! wants and moves text away from its place in the file. Inline monospace (`` `x` ``), anchors
//! (`[[id]]`) and cross-reference targets (`<<id,text>>`) are left out of the prose.

use std::ops::Range;

use super::{Region, push_region};
use crate::scope::Scope;

/// Block styles (`[source,rust]`) whose block or paragraph is code or data.
const CODE_STYLES: &[&str] = &[
    "source",
    "listing",
    "literal",
    "pass",
    "stem",
    "latexmath",
    "asciimath",
    "plantuml",
    "graphviz",
    "mermaid",
    "ditaa",
    "svgbob",
];

/// What the lines being read belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block<'t> {
    /// Ordinary text.
    Text,
    /// A delimited block closed by the same delimiter line; its lines are comments
    /// (`Some(Scope::Comment)`) or not checked (`None`).
    Delimited(&'t str, Option<Scope>),
    /// A paragraph running to the next blank line, comment or not checked.
    Paragraph(Option<Scope>),
}

/// The style a block attribute line gives to the next block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Code,
    Comment,
}

/// The prose and comment regions of an AsciiDoc document.
pub(super) fn regions(text: &str) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut block = Block::Text;
    let mut style: Option<Style> = None;
    let mut block_start = true;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        let indent = content.len() - trimmed.len();
        let at = |range: Range<usize>| line_start + range.start..line_start + range.end;
        let whole = at(indent..content.len());
        match block {
            Block::Delimited(delimiter, scope) => {
                if content == delimiter {
                    block = Block::Text;
                    block_start = true;
                } else if let Some(scope) = scope {
                    push_region(&mut regions, whole, scope);
                }
                continue;
            }
            Block::Paragraph(scope) if !trimmed.is_empty() => {
                if let Some(scope) = scope {
                    push_region(&mut regions, whole, scope);
                }
                continue;
            }
            _ => block = Block::Text,
        }
        if trimmed.is_empty() {
            block_start = true;
            continue;
        }
        if let Some(kind) = delimiter_kind(content) {
            block = match (kind, style.take()) {
                (Delimiter::Comment, _) | (Delimiter::Open, Some(Style::Comment)) => {
                    Block::Delimited(content, Some(Scope::Comment))
                }
                (Delimiter::Verbatim, _) | (Delimiter::Open, Some(Style::Code)) => {
                    Block::Delimited(content, None)
                }
                _ => Block::Text,
            };
            block_start = true;
            continue;
        }
        if content.starts_with("//") {
            push_region(&mut regions, whole, Scope::Comment);
            continue;
        }
        if let Some(found) = attribute_line(trimmed) {
            style = found.or(style);
            block_start = true;
            continue;
        }
        if block_start {
            block_start = false;
            let paragraph = match style.take() {
                Some(Style::Code) => Some(None),
                Some(Style::Comment) => Some(Some(Scope::Comment)),
                None if indent > 0 && !is_list_item(trimmed) => Some(None),
                None => None,
            };
            if let Some(scope) = paragraph {
                block = Block::Paragraph(scope);
                if let Some(scope) = scope {
                    push_region(&mut regions, whole, scope);
                }
                continue;
            }
        }
        if trimmed == "+" || is_block_title(trimmed) {
            block_start = true;
        }
        if let Some(value) = attribute_entry_value(content) {
            push_region(&mut regions, at(value), Scope::Prose);
            continue;
        }
        if is_block_macro(trimmed) {
            continue;
        }
        for range in inline_prose(content, indent) {
            push_region(&mut regions, at(range), Scope::Prose);
        }
    }
    regions
}

/// The kinds of delimited block that matter here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delimiter {
    /// `////`: a comment block.
    Comment,
    /// `----`, `....`, `++++` or a fenced block: listing, literal, passthrough, code.
    Verbatim,
    /// `--`: an open block, which takes the style of its attribute line.
    Open,
    /// `====`, `****`, `____`, `|===`…: blocks of ordinary content.
    Other,
}

/// The kind of delimited block that a line opens or closes, if it is a delimiter line.
fn delimiter_kind(line: &str) -> Option<Delimiter> {
    if line == "--" {
        return Some(Delimiter::Open);
    }
    if line.starts_with("```") {
        return Some(Delimiter::Verbatim);
    }
    if matches!(line, "|===" | ",===" | ":===" | "!===") {
        return Some(Delimiter::Other);
    }
    let first = line.chars().next()?;
    if line.len() < 4 || !line.chars().all(|c| c == first) {
        return None;
    }
    match first {
        '/' => Some(Delimiter::Comment),
        '-' | '.' | '+' => Some(Delimiter::Verbatim),
        '=' | '*' | '_' => Some(Delimiter::Other),
        _ => None,
    }
}

/// A block attribute line (`[source,rust]`, `[NOTE]`, `[[anchor]]`), with the style it sets if
/// that style matters here.
fn attribute_line(line: &str) -> Option<Option<Style>> {
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    let style = inner
        .trim_start_matches('[')
        .split([',', '#', '.', '%'])
        .next()
        .unwrap_or("")
        .trim();
    Some(if style == "comment" {
        Some(Style::Comment)
    } else if CODE_STYLES.contains(&style) || (inner.starts_with(',') && !inner.contains('"')) {
        // `[,rust]` is a source block with the style left implicit.
        Some(Style::Code)
    } else {
        None
    })
}

/// A list item, which may be indented without becoming a literal paragraph.
fn is_list_item(line: &str) -> bool {
    let marker = line.trim_start_matches(['*', '-', '.']);
    let marker = if marker.len() == line.len() {
        line.trim_start_matches(|c: char| c.is_ascii_alphanumeric())
            .strip_prefix('.')
            .unwrap_or(line)
    } else {
        marker
    };
    marker.len() < line.len() && marker.starts_with(' ')
}

/// A block title: `.Title`, which labels the block after it.
fn is_block_title(line: &str) -> bool {
    line.strip_prefix('.')
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| !c.is_whitespace() && c != '.')
}

/// The value of a document attribute entry (`:description: A guide`); the name is not prose.
fn attribute_entry_value(line: &str) -> Option<Range<usize>> {
    let rest = line.strip_prefix(':')?;
    let end = rest.find(':')?;
    let name = &rest[..end];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_!".contains(c))
    {
        return None;
    }
    let value_start = 1 + end + 1;
    let value = &line[value_start..];
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    let value_start = line.len() - value.trim_start().len();
    Some(value_start..line.len())
}

/// A block macro line such as `image::diagram.png[]`, `include::part.adoc[]` or `ifdef::x[]`,
/// whose target is a path or name.
fn is_block_macro(line: &str) -> bool {
    let Some((name, rest)) = line.split_once("::") else {
        return false;
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && rest.ends_with(']')
        && rest
            .find('[')
            .is_some_and(|open| !rest[..open].contains(' '))
}

/// The prose parts of a line: everything from `indent` except monospace, anchors and
/// cross-reference targets.
fn inline_prose(line: &str, indent: usize) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut prose_from = indent;
    let mut i = indent;
    while let Some(found) = line[i..].find(['`', '[', '<']) {
        let at = i + found;
        let rest = &line[at..];
        let skipped = if let Some(inner) = rest.strip_prefix("``") {
            inner.find("``").map(|p| p + 4)
        } else if let Some(inner) = rest.strip_prefix('`') {
            inner.find('`').map(|p| p + 2)
        } else if let Some(inner) = rest.strip_prefix("[[") {
            inner.find("]]").map(|p| p + 4)
        } else if let Some(inner) = rest.strip_prefix("<<") {
            // `<<id>>` or `<<id,text>>`: the id is a name, the text after the comma is prose.
            inner
                .find([',', '>'])
                .map(|p| p + 3 + usize::from(inner[p..].starts_with(">>")))
        } else {
            None
        };
        let Some(len) = skipped else {
            i = at + 1;
            continue;
        };
        parts.push(prose_from..at);
        prose_from = at + len;
        i = prose_from;
    }
    parts.push(prose_from..line.len());
    parts.retain(|r| !r.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each region's scope and text, trimmed.
    fn texts(text: &str) -> Vec<(Scope, &str)> {
        crate::extract::region_texts(text, regions(text))
            .into_iter()
            .map(|(scope, t)| (scope, t.trim()))
            .collect()
    }

    fn prose(s: &str) -> (Scope, &str) {
        (Scope::Prose, s)
    }

    fn comment(s: &str) -> (Scope, &str) {
        (Scope::Comment, s)
    }

    #[test]
    fn listing_literal_and_passthrough_blocks_are_skipped() {
        let text = "= Title\n\n----\nmaster\n----\n\n....\nslave\n....\n\n++++\n<b>dummy</b>\n++++\n\n```\nwhitelist\n```\nEnd.\n";
        assert_eq!(texts(text), [prose("= Title"), prose("End.")]);
    }

    #[test]
    fn source_styles_mark_blocks_and_paragraphs_as_code() {
        let text = "[source,python]\n----\nmaster = 1\n----\n\n[source]\nslave = 2\n\n[,ruby]\n--\ndummy\n--\n\n[NOTE]\nA whitelist note.\n";
        assert_eq!(texts(text), [prose("A whitelist note.")]);
    }

    #[test]
    fn comments_are_comments() {
        let text =
            "// a master line\n////\nblock whitelist\n////\n[comment]\nparagraph dummy\n\nText.\n";
        assert_eq!(
            texts(text),
            [
                comment("// a master line"),
                comment("block whitelist"),
                comment("paragraph dummy"),
                prose("Text."),
            ]
        );
    }

    #[test]
    fn indented_paragraphs_are_literal_but_list_items_are_not() {
        let text = "Intro.\n\n  literal master\n  more\n\n  * an item\n  continued\n. ordered\n";
        assert_eq!(
            texts(text),
            [
                prose("Intro."),
                prose("* an item"),
                prose("continued"),
                prose(". ordered")
            ]
        );
    }

    #[test]
    fn inline_monospace_anchors_and_xref_targets_are_not_prose() {
        let text = "Use `master` or ``slave`` here [[dummy-id]] see <<whitelist-ref,the list>> and <<other>>.\n";
        assert_eq!(
            texts(text),
            [
                prose("Use"),
                prose("or"),
                prose("here"),
                prose("see"),
                prose("the list>> and"),
                prose(".")
            ]
        );
    }

    #[test]
    fn attribute_entries_and_block_macros() {
        let text = ":master-key: a dummy value\nimage::master.png[]\ninclude::slave.adoc[]\n.A block title\n";
        assert_eq!(
            texts(text),
            [prose("a dummy value"), prose(".A block title")]
        );
    }
}
