//! Prose regions of a Markdown document, found with pulldown-cmark rather than patterns.
//!
//! Only text a reader sees as prose is checked: code blocks, inline code, HTML, link targets and
//! autolinks are left out, and in front matter only the values are checked, not the keys. HTML
//! comments are comment regions: they may hold `ally:` directives.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Region, push_region};
use crate::scope::Scope;

/// The prose regions of a Markdown document.
pub(super) fn prose(text: &str) -> Vec<Region> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut regions = Vec::new();
    let mut in_code_block = 0usize;
    let mut in_autolink = false;
    let mut in_metadata = false;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block += 1,
            Event::End(TagEnd::CodeBlock) => in_code_block = in_code_block.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => in_autolink = true,
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                html_comments(text, range, &mut regions)
            }
            Event::Text(_) if in_metadata => {
                front_matter_values(text, range.start, range.end, &mut regions)
            }
            Event::Text(_) if in_code_block == 0 && !in_autolink => {
                push_region(&mut regions, range, Scope::Prose)
            }
            _ => {}
        }
    }
    regions
}

/// The `<!-- … -->` comments inside a stretch of raw HTML.
fn html_comments(text: &str, range: std::ops::Range<usize>, regions: &mut Vec<Region>) {
    let html = &text[range.clone()];
    let mut from = 0;
    while let Some(open) = html[from..].find("<!--") {
        let start = from + open;
        let end = html[start + 4..]
            .find("-->")
            .map_or(html.len(), |i| start + 4 + i + 3);
        push_region(
            regions,
            range.start + start..range.start + end,
            Scope::Comment,
        );
        from = end;
    }
}

/// The values of YAML (`key: value`) or TOML (`key = "value"`) front matter, line by line.
fn front_matter_values(text: &str, start: usize, end: usize, regions: &mut Vec<Region>) {
    let mut line_start = start;
    for line in text[start..end].split_inclusive('\n') {
        let content = line.trim_end();
        let indent = content.len() - content.trim_start().len();
        let trimmed = content.trim_start();
        let value_at = if trimmed.starts_with('#') {
            None
        } else if let Some(rest) = trimmed.strip_prefix("- ") {
            Some(content.len() - rest.len())
        } else {
            trimmed.find([':', '=']).map(|i| indent + i + 1)
        };
        if let Some(at) = value_at {
            let value = &content[at..];
            let offset = at + (value.len() - value.trim_start().len());
            push_region(
                regions,
                line_start + offset..line_start + content.len(),
                Scope::Prose,
            );
        }
        line_start += line.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose_text(text: &str) -> Vec<&str> {
        prose(text).into_iter().map(|r| &text[r.range]).collect()
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
    fn html_is_not_prose_and_html_comments_are_comments() {
        let text = "<!-- whitelist -->\n\nText <b>bold</b> <!-- note --> here.\n";
        assert_eq!(
            prose_text(text),
            [
                "<!-- whitelist -->",
                "Text ",
                "bold",
                " ",
                "<!-- note -->",
                " here."
            ]
        );
        let scopes: Vec<Scope> = prose(text).into_iter().map(|r| r.scope).collect();
        assert_eq!(scopes[0], Scope::Comment);
        assert_eq!(scopes[4], Scope::Comment);
    }

    #[test]
    fn front_matter_values_are_prose_and_keys_are_not() {
        let text = "---\nmaster: true\ntitle: A whitelist\ntags:\n  - guys\n---\n\nBody.\n";
        assert_eq!(prose_text(text), ["true", "A whitelist", "guys", "Body."]);
    }

    #[test]
    fn soft_breaks_split_text_between_lines() {
        assert_eq!(prose_text("sanity\n  check\n"), ["sanity", "check"]);
    }
}
