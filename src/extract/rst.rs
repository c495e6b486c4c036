//! Regions of a reStructuredText document, found line by line.
//!
//! What decides whether reStructuredText is prose is line structure and indentation: a paragraph
//! ending in `::` introduces a literal block, `.. code-block::` and its kin hold code, and an
//! explicit markup block that is not a directive, footnote, target or substitution is a comment.
//! That is small enough to scan directly, keeping byte offsets of the source; the one parser on
//! crates.io (`rst_parser`) builds a document tree for rendering instead. Inline literals
//! (``` ``x`` ```) and the text of code-like roles (`:code:`, `:func:`…) are left out of the prose.

use std::ops::Range;

use super::{Region, push_region};
use crate::scope::Scope;

/// Directives whose content (and arguments) are code, data or paths rather than prose.
const CODE_DIRECTIVES: &[&str] = &[
    "code",
    "code-block",
    "sourcecode",
    "literalinclude",
    "highlight",
    "include",
    "raw",
    "math",
    "doctest",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "productionlist",
    "graphviz",
    "digraph",
    "graph",
    "mermaid",
    "uml",
    "ipython",
    "jupyter-execute",
    "program-output",
    "command-output",
];

/// Directives whose arguments are prose (`.. note:: Read this first.`).
const PROSE_ARGUMENT_DIRECTIVES: &[&str] = &[
    "admonition",
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "tip",
    "warning",
    "seealso",
    "todo",
    "topic",
    "sidebar",
    "rubric",
    "title",
    "replace",
];

/// Roles whose text is prose; the text of every other role (`:code:`, `:func:`, `:ref:`…) names
/// or shows code.
const PROSE_ROLES: &[&str] = &[
    "emphasis",
    "strong",
    "literal-emphasis",
    "sub",
    "subscript",
    "sup",
    "superscript",
    "t",
    "title",
    "title-reference",
    "abbr",
    "dfn",
    "term",
    "guilabel",
    "menuselection",
];

/// What the lines being read belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    /// Ordinary text.
    Text,
    /// The body of something that is not prose (a literal block, a code directive) whose marker
    /// was indented this much: more indented lines and blank lines belong to it.
    Skip(usize),
    /// The body of a comment whose `..` was indented this much.
    Comment(usize),
    /// The option lines (`:linenos:`) right after a directive indented this much.
    Options(usize),
    /// Lines up to the next blank line are not prose (doctest and quoted literal blocks).
    SkipParagraph,
}

/// The prose and comment regions of a reStructuredText document.
pub(super) fn regions(text: &str) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut block = Block::Text;
    // Set after a paragraph ending in `::`: the indentation of that paragraph.
    let mut literal_after: Option<usize> = None;
    let mut paragraph_indent: Option<usize> = None;
    let mut in_inline_literal = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        let indent = content.len() - trimmed.len();
        let at = |range: Range<usize>| line_start + range.start..line_start + range.end;
        if trimmed.is_empty() {
            paragraph_indent = None;
            in_inline_literal = false;
            if block == Block::SkipParagraph {
                block = Block::Text;
            }
            continue;
        }
        match block {
            Block::Skip(base) if indent > base => continue,
            Block::Comment(base) if indent > base => {
                push_region(&mut regions, at(indent..content.len()), Scope::Comment);
                continue;
            }
            Block::Options(base) if indent > base && trimmed.starts_with(':') => continue,
            Block::SkipParagraph => continue,
            _ => block = Block::Text,
        }
        if let Some(base) = literal_after.take() {
            if indent > base {
                block = Block::Skip(base);
                continue;
            }
            if indent == base && is_quoted_literal(trimmed) {
                block = Block::SkipParagraph;
                continue;
            }
        }
        if paragraph_indent.is_none() {
            paragraph_indent = Some(indent);
        }
        if let Some(markup) = trimmed.strip_prefix("..")
            && (markup.is_empty() || markup.starts_with(' '))
        {
            let markup = markup.trim_start();
            let offset = content.len() - markup.len();
            block = explicit_markup(markup, indent, |range, scope| {
                push_region(
                    &mut regions,
                    at(offset + range.start..offset + range.end),
                    scope,
                );
            });
            paragraph_indent = None;
            continue;
        }
        if trimmed.starts_with(">>>") {
            block = Block::SkipParagraph;
            continue;
        }
        for range in inline_prose(content, indent, &mut in_inline_literal) {
            push_region(&mut regions, at(range), Scope::Prose);
        }
        if content.ends_with("::") {
            literal_after = paragraph_indent;
        }
    }
    regions
}

/// Reads an explicit markup line (after `..`), reporting its own regions through `region` with
/// ranges relative to `markup`, and returns what the indented lines after it are.
fn explicit_markup(
    markup: &str,
    indent: usize,
    mut region: impl FnMut(Range<usize>, Scope),
) -> Block {
    let offset = |part: &str| markup.len() - part.len();
    // Footnotes and citations: `.. [1] text`.
    if markup.starts_with('[')
        && let Some(close) = markup.find("] ")
    {
        region(close + 2..markup.len(), Scope::Prose);
        return Block::Text;
    }
    // Hyperlink targets: `.. _name: https://…`.
    if markup.starts_with('_') {
        return Block::Skip(indent);
    }
    // Substitution definitions: `.. |name| replace:: text`.
    let directive_part = match markup.strip_prefix('|') {
        Some(rest) => match rest.find("| ") {
            Some(bar) => rest[bar + 2..].trim_start(),
            None => return Block::Skip(indent),
        },
        None => markup,
    };
    if let Some((name, arguments)) = directive_part.split_once("::")
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_:+.".contains(c))
    {
        let name = name.rsplit(':').next().unwrap_or(name);
        if CODE_DIRECTIVES.contains(&name) {
            return Block::Skip(indent);
        }
        if PROSE_ARGUMENT_DIRECTIVES.contains(&name) {
            let from = offset(arguments);
            region(from..markup.len(), Scope::Prose);
        }
        return Block::Options(indent);
    }
    region(0..markup.len(), Scope::Comment);
    Block::Comment(indent)
}

/// A quoted literal block: unindented lines that all start with the same punctuation.
fn is_quoted_literal(line: &str) -> bool {
    line.chars().next().is_some_and(|c| {
        c.is_ascii_punctuation() && !matches!(c, '.' | '`' | '*' | '|' | '_' | '[' | '(')
    })
}

/// The prose parts of a line: everything from `indent` except inline literals and the text of
/// code-like roles. `in_literal` carries an inline literal that is still open at the line end.
fn inline_prose(line: &str, indent: usize, in_literal: &mut bool) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut prose_from = indent;
    let mut i = indent;
    if *in_literal {
        match line[i..].find("``") {
            Some(end) => {
                *in_literal = false;
                i += end + 2;
                prose_from = i;
            }
            None => return parts,
        }
    }
    while let Some(found) = line[i..].find('`') {
        let tick = i + found;
        if line[tick..].starts_with("``") {
            parts.push(prose_from..tick);
            match line[tick + 2..].find("``") {
                Some(end) => {
                    i = tick + 2 + end + 2;
                    prose_from = i;
                }
                None => {
                    *in_literal = true;
                    return parts;
                }
            }
            continue;
        }
        let Some(close) = line[tick + 1..].find('`').map(|e| tick + 1 + e) else {
            break;
        };
        let before = role_before(&line[..tick]);
        let after = role_after(&line[close + 1..]);
        let role = before.or(after).map(|(_, name)| name);
        if role.is_some_and(|name| !PROSE_ROLES.contains(&name)) {
            let skip_from = before.map_or(tick, |(len, _)| tick - len);
            parts.push(prose_from..skip_from);
            i = close + 1 + after.map_or(0, |(len, _)| len);
            prose_from = i;
            continue;
        }
        // A hyperlink reference `text <target>`_: the target is a name or address.
        if line[close + 1..].starts_with('_')
            && line[..close].ends_with('>')
            && let Some(open) = line[tick..close].rfind('<')
        {
            parts.push(prose_from..tick + open);
            prose_from = close;
        }
        i = close + 1;
    }
    parts.push(prose_from..line.len());
    parts.retain(|r| !r.is_empty());
    parts
}

/// The length and last name of a role such as `:py:func:` that ends `text`.
fn role_before(text: &str) -> Option<(usize, &str)> {
    let inner = text.strip_suffix(':')?;
    let start = inner
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || "-_.+:".contains(*c)))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let role = inner[start..].strip_prefix(':')?;
    let name = role.rsplit(':').next()?;
    (!name.is_empty()).then_some((text.len() - start, name))
}

/// The length and last name of a role such as `:sub:` that starts `text`.
fn role_after(text: &str) -> Option<(usize, &str)> {
    let rest = text.strip_prefix(':')?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || "-_.+".contains(c)))?;
    (rest[end..].starts_with(':') && end > 0).then(|| (end + 2, &rest[..end]))
}

/// Whether plain text is written in reStructuredText: it has at least one construct that only
/// reStructuredText has (a directive `.. name::`, a target `.. _label:`, a substitution
/// `.. |name| …`, or a role `` :name:`text` ``) and at least two markers in all, counting
/// literal blocks introduced by `::` and underlined titles. A README with an underlined title
/// and nothing else stays plain text, which reads the same. Only the start of a long file is
/// looked at.
pub(super) fn looks_like_rst(text: &str) -> bool {
    const LOOKED_AT: usize = 64 * 1024;
    let mut end = text.len().min(LOOKED_AT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let (mut strong, mut weak) = (0usize, 0usize);
    let mut previous = "";
    for line in text[..end].lines() {
        let trimmed = line.trim_end();
        if let Some(rest) = trimmed.strip_prefix(".. ") {
            if rest.starts_with('_') && rest.ends_with(':')
                || rest.starts_with('|')
                || is_directive(rest)
            {
                strong += 1;
            }
        } else if roles(trimmed) > 0 {
            strong += roles(trimmed);
        } else if (trimmed.ends_with("::") && trimmed.len() > 2) || is_underline(trimmed, previous)
        {
            weak += 1;
        }
        if strong >= 1 && strong + weak >= 2 {
            return true;
        }
        previous = trimmed;
    }
    false
}

/// `name:: arguments` after `.. `.
fn is_directive(rest: &str) -> bool {
    rest.split_once("::").is_some_and(|(name, after)| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '+' | '.'))
            && (after.is_empty() || after.starts_with(' '))
    })
}

/// How many roles such as `` :ref:`label` `` or `` :py:func:`name` `` the line has.
fn roles(line: &str) -> usize {
    line.match_indices(":`")
        .filter(|(at, _)| {
            let at = *at;
            let before = &line[..at];
            let name_start = before.rfind([' ', '(']).map_or(0, |i| i + 1);
            let role = &before[name_start..];
            role.len() > 1
                && role.starts_with(':')
                && role[1..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '+' | '.'))
        })
        .count()
}

/// A section underline: at least three of one punctuation character, as long as the title
/// above it.
fn is_underline(line: &str, title: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    "=-~^\"'`#*+:._".contains(first)
        && line.len() >= 3
        && chars.all(|c| c == first)
        && !title.trim().is_empty()
        && line.len() >= title.trim_end().chars().count()
}

#[cfg(test)]
mod tests {

    #[test]
    fn rst_in_plain_text_is_told_by_its_markup() {
        let django = "==========\nMiddleware\n==========\n\n.. module:: django.middleware\n\nSee :doc:`/topics/http/middleware` for the master list::\n\n    MIDDLEWARE = []\n";
        assert!(looks_like_rst(django));
        let labels = ".. _whitelist-label:\n\nTitle\n=====\n\nText.\n";
        assert!(looks_like_rst(labels));
        let roles = "Use :ref:`x` and :py:func:`y` here.\n";
        assert!(looks_like_rst(roles));
        // Plain text with an underlined title, a colon pair, or a stray `..`, stays plain.
        for plain in [
            "Release notes\n=============\n\nFixed the master branch build.\n",
            "Usage::\n\n  run it\n\nMore text.\n",
            "Wait.. then go.\n.. and more\n",
            "time: `x` and note:`y`\n",
            "",
        ] {
            assert!(!looks_like_rst(plain), "{plain:?}");
        }
    }
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

    #[test]
    fn literal_blocks_after_double_colons_are_skipped() {
        let text = "Run this::\n\n    master = 1\n\n  still code\n\nBack to text.\n";
        assert_eq!(texts(text), [prose("Run this::"), prose("Back to text.")]);
    }

    #[test]
    fn code_directives_are_skipped_and_other_directives_are_read() {
        let text = ".. code-block:: python\n   :linenos:\n\n   master = 1\n\n.. note:: A dummy note.\n   :class: x\n\n   Body text.\n\n.. sourcecode:: sh\n\n   echo master\nAfter.\n";
        assert_eq!(
            texts(text),
            [prose("A dummy note."), prose("Body text."), prose("After.")]
        );
    }

    #[test]
    fn comments_are_comments() {
        let text = ".. a whitelist comment\n   continued\n\n..\n   empty first line\n\nText.\n";
        assert_eq!(
            texts(text),
            [
                (Scope::Comment, "a whitelist comment"),
                (Scope::Comment, "continued"),
                (Scope::Comment, "empty first line"),
                prose("Text."),
            ]
        );
    }

    #[test]
    fn targets_footnotes_and_substitutions() {
        let text = ".. _master-guide: https://x.org/master\n.. [1] A dummy footnote.\n.. |logo| image:: master.png\n.. |x| replace:: a slave word\n";
        assert_eq!(
            texts(text),
            [prose("A dummy footnote."), prose("a slave word")]
        );
    }

    #[test]
    fn inline_literals_and_code_roles_are_not_prose() {
        let text = "Use ``master`` and :code:`slave` or `dummy`:func: but *a* :sub:`whitelist`, `a title`, `link <master_>`_ and ``open\nmaster`` end.\n";
        assert_eq!(
            texts(text),
            [
                prose("Use"),
                prose("and"),
                prose("or"),
                prose("but *a* :sub:`whitelist`, `a title`, `link"),
                prose("`_ and"),
                prose("end."),
            ]
        );
    }

    #[test]
    fn doctest_and_quoted_literal_blocks_are_skipped() {
        let text = ">>> master()\n1\n\nText::\n\n> quoted master\n> more\n\nEnd.\n";
        assert_eq!(texts(text), [prose("Text::"), prose("End.")]);
    }
}
