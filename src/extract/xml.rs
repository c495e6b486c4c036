//! Regions of an XML document, from the quick-xml reader: text nodes are prose and comments are
//! comments.
//!
//! quick-xml is a small, widely used streaming reader that tells its byte position after each
//! event, so an event's region is the span between two positions of the original text. Markup,
//! attribute values, processing instructions, the document type and CDATA sections (where XML
//! keeps scripts and queries) are not checked, and neither is the text of `script` and `style`
//! elements (SVG, XHTML). A document that stops being well-formed is read as far as the reader
//! can go.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::{Region, push_region};
use crate::scope::Scope;

/// Elements whose text is code.
const CODE_ELEMENTS: &[&str] = &["script", "style"];

/// The prose and comment regions of an XML document.
pub(super) fn regions(text: &str) -> Vec<Region> {
    let mut reader = Reader::from_str(text);
    // Mismatched end tags are the author's problem, not a reason to stop reading.
    reader.config_mut().check_end_names = false;
    let position = |reader: &Reader<&[u8]>| {
        usize::try_from(reader.buffer_position()).map_or(text.len(), |p| p.min(text.len()))
    };
    let mut regions = Vec::new();
    let mut code_depth = 0usize;
    loop {
        let start = position(&reader);
        let event = reader.read_event();
        let end = position(&reader);
        let scope = match event {
            Ok(Event::Eof) => break,
            Ok(Event::Start(tag)) => {
                if CODE_ELEMENTS.contains(&tag.local_name().into_inner()) {
                    code_depth += 1;
                }
                None
            }
            Ok(Event::End(tag)) => {
                if CODE_ELEMENTS.contains(&tag.local_name().into_inner()) {
                    code_depth = code_depth.saturating_sub(1);
                }
                None
            }
            Ok(Event::Text(_)) if code_depth == 0 => Some(Scope::Prose),
            Ok(Event::Comment(_)) => Some(Scope::Comment),
            Ok(_) => None,
            // Skip the ill-formed part and read on, as long as the reader moves forward.
            Err(_) if end > start => None,
            Err(_) => break,
        };
        if let Some(scope) = scope
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
        {
            push_region(&mut regions, start..end, scope);
        }
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(Scope, &str)> {
        crate::extract::region_texts(text, regions(text))
    }

    #[test]
    fn text_nodes_are_prose_and_comments_are_comments() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r>\n<r a=\"master\">Some &amp; master text<!-- whitelist --><![CDATA[ dummy ]]><x/>tail</r>\n";
        assert_eq!(
            texts(text),
            [
                (Scope::Prose, "Some "),
                (Scope::Prose, " master text"),
                (Scope::Comment, "<!-- whitelist -->"),
                (Scope::Prose, "tail"),
            ]
        );
    }

    #[test]
    fn script_and_style_text_is_code() {
        let text = "<svg><style>.master{}</style><script>var slave;</script><text>Hi</text></svg>";
        assert_eq!(texts(text), [(Scope::Prose, "Hi")]);
    }

    #[test]
    fn ill_formed_documents_are_read_as_far_as_possible() {
        let text = "<r>one</x> two <!-- three --><!bad> four";
        assert_eq!(
            texts(text),
            [
                (Scope::Prose, "one"),
                (Scope::Prose, " two "),
                (Scope::Comment, "<!-- three -->")
            ]
        );
    }
}
