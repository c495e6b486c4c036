//! The little XML the Checkstyle and JUnit formats need.

/// Escapes text for an XML attribute or element. Characters that XML 1.0 cannot carry at all,
/// not even as character references (C0 controls other than tab, line feed and carriage return,
/// and the non-characters U+FFFE and U+FFFF), become U+FFFD, so that a file name or message
/// holding one still gives a well-formed report.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !is_xml_char(c) => out.push(char::REPLACEMENT_CHARACTER),
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (the `Char` production). A Rust `char` is never a
/// surrogate, so only controls and the two non-characters at the end of the BMP are left out.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_become_replacement_characters() {
        assert_eq!(
            escape("a\u{FFFF}b\u{FFFE}c\u{1}d\te<&>\"'\u{10FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te&lt;&amp;&gt;&quot;&apos;\u{10FFFF}"
        );
    }
}
