//! Prose regions of a Markdown document, found with pulldown-cmark rather than patterns.
//!
//! Only text a reader sees as prose is checked: code blocks, inline code, link targets and
//! autolinks are left out. HTML inside the document is read as HTML (its text and `alt`/`title`
//! attributes are prose, its comments are comments), and in front matter only the values are
//! checked, not the keys.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::{Region, html, push_region};
use crate::scope::Scope;

/// The prose and comment regions of a Markdown document.
pub(super) fn regions(text: &str) -> Vec<Region> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut regions = Vec::new();
    let mut in_code_block = 0usize;
    let mut in_autolink = false;
    let mut metadata = None;
    // An HTML block arrives line by line; it is read as HTML once it is complete, so that a
    // comment spanning lines stays one comment.
    let mut html_block: Option<Range<usize>> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block += 1,
            Event::End(TagEnd::CodeBlock) => in_code_block = in_code_block.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => in_autolink = true,
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Start(Tag::MetadataBlock(kind)) => metadata = Some(kind),
            Event::End(TagEnd::MetadataBlock(_)) => metadata = None,
            Event::Start(Tag::HtmlBlock) => html_block = None,
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = html_block.take() {
                    html_regions(text, block, &mut regions);
                }
            }
            Event::Html(_) => {
                html_block = Some(match html_block {
                    Some(block) => block.start..range.end,
                    None => range,
                });
            }
            Event::InlineHtml(_) => html_regions(text, range, &mut regions),
            Event::Text(_) if metadata.is_some() => {
                let toml = metadata == Some(MetadataBlockKind::PlusesStyle);
                front_matter_values(text, range, toml, &mut regions)
            }
            Event::Text(_) if in_code_block == 0 && !in_autolink => {
                push_region(&mut regions, range, Scope::Prose)
            }
            _ => {}
        }
    }
    regions
}

/// The regions of a piece of HTML inside the document, moved to its place in the whole text.
fn html_regions(text: &str, range: Range<usize>, regions: &mut Vec<Region>) {
    let offset = range.start;
    for region in html::regions(&text[range]) {
        let moved = region.range.start + offset..region.range.end + offset;
        push_region(regions, moved, region.scope);
    }
}

/// The values of YAML (`key: value`) or TOML (`key = "value"`) front matter, line by line.
///
/// Keys name fields and are left alone; values, list items, YAML block scalars (`summary: |`
/// and the more indented lines after it) and TOML multi-line strings are prose.
fn front_matter_values(text: &str, range: Range<usize>, toml: bool, regions: &mut Vec<Region>) {
    // The indentation of the key that opened a YAML block scalar, while inside one.
    let mut block_scalar: Option<usize> = None;
    // The closing delimiter of a TOML multi-line string, while inside one.
    let mut multiline: Option<&str> = None;
    let mut line_start = range.start;
    for line in text[range].split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        let indent = content.len() - trimmed.len();
        let mut value = |at: usize| {
            push_region(regions, start + at..start + content.len(), Scope::Prose);
        };
        if trimmed.is_empty() {
            continue;
        }
        if let Some(key_indent) = block_scalar {
            if indent > key_indent {
                value(indent);
                continue;
            }
            block_scalar = None;
        }
        if let Some(close) = multiline {
            value(indent);
            if trimmed.contains(close) {
                multiline = None;
            }
            continue;
        }
        if trimmed.starts_with('#') || (toml && trimmed.starts_with('[')) {
            continue;
        }
        let at = if toml {
            toml_value(content)
        } else {
            yaml_value(content)
        };
        let rest = content[at..].trim_start();
        let at = content.len() - rest.len();
        if rest.is_empty() {
            continue;
        }
        if !toml && is_block_scalar_header(rest) {
            block_scalar = Some(indent);
            continue;
        }
        if toml {
            multiline = ["\"\"\"", "'''"]
                .into_iter()
                .find(|q| rest.starts_with(q) && !rest[3..].contains(q));
        }
        value(at);
    }
}

/// Where the value starts on a YAML line: after `key:` and any `- ` list markers, or the whole
/// line when it is a list item or a continued scalar without a key.
fn yaml_value(line: &str) -> usize {
    let mut at = line.len() - line.trim_start().len();
    while let Some(rest) = line[at..].strip_prefix("- ") {
        at = line.len() - rest.trim_start().len();
    }
    let rest = &line[at..];
    let key_len = match rest.chars().next() {
        // A quoted key may itself hold `: ` ("a: b": value).
        Some(quote @ ('"' | '\'')) => rest[1..]
            .find(quote)
            .map(|close| close + 2)
            .filter(|&end| rest[end..].starts_with(": ") || &rest[end..] == ":"),
        _ => rest
            .find(": ")
            .or_else(|| rest.strip_suffix(':').map(str::len))
            .filter(|&end| !rest[..end].contains(['[', '{'])),
    };
    key_len.map_or(at, |len| at + len + 1)
}

/// Where the value starts on a TOML line: after `key =`, or the whole line inside an array.
fn toml_value(line: &str) -> usize {
    line.find('=').map_or(0, |i| i + 1)
}

/// Whether a YAML value opens a block scalar: `|`, `>`, with optional chomping and indentation
/// indicators (`|-`, `>+2`).
fn is_block_scalar_header(value: &str) -> bool {
    let header = value.split(" #").next().unwrap_or(value).trim_end();
    let mut chars = header.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(Scope, &str)> {
        crate::extract::region_texts(text, regions(text))
    }

    fn prose_text(text: &str) -> Vec<&str> {
        texts(text)
            .into_iter()
            .filter(|(scope, _)| *scope == Scope::Prose)
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn code_is_not_prose() {
        let text = "Intro `inline whitelist` text.\n\n```\nfenced whitelist\n```\n\n    indented whitelist\n\nOutro.\n";
        assert_eq!(prose_text(text), ["Intro ", " text.", "Outro."]);
    }

    #[test]
    fn link_targets_and_autolinks_are_not_prose() {
        let text = "See [the guide](https://x.org/blob/master/a.md) and <https://x.org/master>.\n";
        assert_eq!(prose_text(text), ["See ", "the guide", " and ", "."]);
    }

    #[test]
    fn html_tags_are_not_prose_and_comments_are_comments() {
        let text = "<!-- whitelist -->\n\nText <b>bold</b> here.\n";
        assert_eq!(
            texts(text),
            [
                (Scope::Comment, "<!-- whitelist -->"),
                (Scope::Prose, "Text "),
                (Scope::Prose, "bold"),
                (Scope::Prose, " here.")
            ]
        );
    }

    #[test]
    fn html_blocks_are_read_as_html() {
        let text = "<div align=\"center\">\n<img alt=\"a dummy\" src=\"master.png\">\n<!-- one\ntwo -->\n<p>Hello</p>\n</div>\n";
        assert_eq!(
            texts(text),
            [
                (Scope::Prose, "a dummy"),
                (Scope::Comment, "<!-- one\ntwo -->"),
                (Scope::Prose, "Hello"),
            ]
        );
    }

    #[test]
    fn front_matter_values_are_prose_and_keys_are_not() {
        let text = "---\nmaster: true\ntitle: A whitelist\ntags:\n  - guys\n---\n\nBody.\n";
        assert_eq!(prose_text(text), ["true", "A whitelist", "guys", "Body."]);
    }

    #[test]
    fn yaml_front_matter_lists_of_maps_comments_and_block_scalars() {
        let text = "---\n# master: a comment\nauthors:\n  - name: Sam Master\n    role: slave-keeper\nsummary: >-\n  A long text about\n  the whitelist.\nurl: https://x.org/master\n---\n";
        assert_eq!(
            prose_text(text),
            [
                "Sam Master",
                "slave-keeper",
                "A long text about",
                "the whitelist.",
                "https://x.org/master"
            ]
        );
    }

    #[test]
    fn toml_front_matter_values_and_multiline_strings() {
        let text = "+++\n[params]\nmaster = \"A whitelist\"\ntags = [\n  \"dummy\",\n]\nnote = \"\"\"\nfirst\nlast\"\"\"\n+++\n\nBody.\n";
        assert_eq!(
            prose_text(text),
            [
                "\"A whitelist\"",
                "[",
                "\"dummy\",",
                "]",
                "\"\"\"",
                "first",
                "last\"\"\"",
                "Body."
            ]
        );
    }

    #[test]
    fn soft_breaks_split_text_between_lines() {
        assert_eq!(prose_text("sanity\n  check\n"), ["sanity", "check"]);
    }
}
