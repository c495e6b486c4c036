//! Regions of an HTML document, from the html5gum tokenizer.
//!
//! html5gum follows the WHATWG tokenizer, has no dependencies, and reports the byte span of every
//! token in the source, so regions are ranges of the original text and entities (`&amp;`) never
//! shift a column. No tree is built: elements are tracked by name, which is all that is needed to
//! know whether a piece of text is inside `<pre>`.
//!
//! - Text is prose, except inside elements that hold code or data ([`NOT_PROSE`]).
//! - The values of attributes written for people to read (`alt`, `title`, …) are prose; the
//!   values of attributes that name things (`id`, `class`, `name`, `for`), `data-*` attribute
//!   names and custom element names are identifiers, so `class="nav-master"` is found.
//! - Comments are comments wherever they are, so that they can carry directives.

use std::convert::Infallible;
use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use super::{Region, push_region};
use crate::scope::Scope;

/// Elements whose text is code, data or markup rather than prose. `noscript`, `iframe`,
/// `noembed` and `noframes` are here because the tokenizer reads their content as raw text, tags
/// and all.
const NOT_PROSE: &[&[u8]] = &[
    b"script",
    b"style",
    b"code",
    b"pre",
    b"kbd",
    b"samp",
    b"tt",
    b"xmp",
    b"listing",
    b"plaintext",
    b"noscript",
    b"iframe",
    b"noembed",
    b"noframes",
];

/// Attributes whose value is text for people: alternative text, tooltips, labels.
const PROSE_ATTRIBUTES: &[&[u8]] = &[
    b"alt",
    b"title",
    b"aria-label",
    b"aria-description",
    b"placeholder",
];

/// Attributes whose value names something in the page's code or style sheets.
const IDENTIFIER_ATTRIBUTES: &[&[u8]] = &[b"id", b"class", b"name", b"for"];

/// The prose, comment and identifier regions of an HTML document or fragment.
pub(super) fn regions(text: &str) -> Vec<Region> {
    let mut regions = Vec::new();
    // A range that is not on character boundaries is dropped rather than trusted.
    let mut push = |range: Range<usize>, scope| {
        if text.get(range.clone()).is_some() {
            push_region(&mut regions, range, scope);
        }
    };
    let mut not_prose_depth = 0usize;
    let mut attribute_scope = None;
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: Span<usize>| -> Option<Infallible> {
            let range = span.start..span.end;
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    if NOT_PROSE.contains(&name) {
                        not_prose_depth += 1;
                    }
                    if name.contains(&b'-') {
                        // `<master-panel ` → the name as written after `<` (the tokenizer's
                        // copy is normalised and may differ in length).
                        let written = text.get(range.start + 1..range.end).unwrap_or("");
                        let len = written
                            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
                            .unwrap_or(written.len());
                        push(range.start + 1..range.start + 1 + len, Scope::Identifier);
                    }
                }
                CallbackEvent::EndTag { name } if NOT_PROSE.contains(&name) => {
                    not_prose_depth = not_prose_depth.saturating_sub(1);
                }
                CallbackEvent::AttributeName { name } => {
                    attribute_scope = if PROSE_ATTRIBUTES.contains(&name) {
                        Some(Scope::Prose)
                    } else if IDENTIFIER_ATTRIBUTES.contains(&name) {
                        Some(Scope::Identifier)
                    } else {
                        None
                    };
                    if name.starts_with(b"data-") {
                        push(range, Scope::Identifier);
                    }
                }
                CallbackEvent::AttributeValue { .. } => {
                    if let Some(scope) = attribute_scope.take() {
                        push(range, scope);
                    }
                }
                CallbackEvent::String { .. } if not_prose_depth == 0 => {
                    push(range, Scope::Prose);
                }
                CallbackEvent::Comment { .. } => {
                    push(range, Scope::Comment);
                }
                _ => {}
            }
            None
        },
    );
    emitter.naively_switch_states(true);
    // The callback records everything; the tokenizer yields no tokens of its own.
    for _ in Tokenizer::new_with_emitter(text, emitter) {}
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(Scope, &str)> {
        crate::extract::region_texts(text, regions(text))
    }

    #[test]
    fn text_nodes_and_readable_attributes_are_prose() {
        let text =
            r#"<p title="A title">Some <b>bold</b> text</p><img alt="a dummy" src="x/master.png">"#;
        assert_eq!(
            texts(text),
            [
                (Scope::Prose, "A title"),
                (Scope::Prose, "Some "),
                (Scope::Prose, "bold"),
                (Scope::Prose, " text"),
                (Scope::Prose, "a dummy"),
            ]
        );
    }

    #[test]
    fn code_elements_are_skipped_but_their_comments_are_not() {
        let text = "<script>var x = '<!-- no -->'; // master</script><style>.master{}</style><pre>a <!-- note --> b</pre><code>whitelist</code>After";
        assert_eq!(
            texts(text),
            [(Scope::Comment, "<!-- note -->"), (Scope::Prose, "After")]
        );
    }

    #[test]
    fn names_in_attributes_and_custom_elements_are_identifiers() {
        let text = r#"<master-panel id="mainMaster" class="nav nav-master" data-slave-id=1 href="/master">x</master-panel>"#;
        assert_eq!(
            texts(text),
            [
                (Scope::Identifier, "master-panel"),
                (Scope::Identifier, "mainMaster"),
                (Scope::Identifier, "nav nav-master"),
                (Scope::Identifier, "data-slave-id"),
                (Scope::Prose, "x"),
            ]
        );
    }

    #[test]
    fn entities_keep_their_place_in_the_source() {
        let text = "<p>Caf&eacute; &amp; whitelist</p>";
        let regions = regions(text);
        assert_eq!(
            &text[regions[0].range.clone()],
            "Caf&eacute; &amp; whitelist"
        );
    }

    #[test]
    fn comments_are_comments() {
        assert_eq!(
            texts("<!-- ally:ignore master -->\n<p>x</p>"),
            [
                (Scope::Comment, "<!-- ally:ignore master -->"),
                (Scope::Prose, "x")
            ]
        );
    }
}
