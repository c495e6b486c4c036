//! URLs, e-mail addresses, file paths and hashes inside prose, comments and strings are names of
//! things the writer cannot rename, so matches inside them are not reported
//! (`https://github.com/org/repo/blob/master/x` is not a finding).

/// The longest token examined; a longer run of text without spaces is treated as data.
const MAX_TOKEN: usize = 2048;

/// Whether `text[start..end]` lies inside a URL, e-mail address, path or hash.
pub fn is_masked(text: &str, start: usize, end: usize) -> bool {
    token_around(text, start, end)
        .is_none_or(|token| is_url(token) || is_email(token) || is_path(token) || is_hash(token))
}

/// Whether `text[start..end]` lies inside a URL or e-mail address. This is the mask for code
/// outside comments and strings, where a plain value can hold a URL (`url: https://…` in YAML,
/// `RUN curl https://…` in a Dockerfile) but `a/b` is more often a division than a path.
pub fn is_address(text: &str, start: usize, end: usize) -> bool {
    token_around(text, start, end).is_none_or(|token| is_url(token) || is_email(token))
}

/// Whether `text[start..end]` lies in a run of text without spaces too long to be words
/// (minified code, an encoded blob), which is never checked.
pub fn is_data(text: &str, start: usize, end: usize) -> bool {
    token_around(text, start, end).is_none()
}

/// The token around `text[start..end]`, delimited by whitespace and by the angle brackets of
/// markup (`<b>whitelist</b></b>` is not a path), without surrounding punctuation; `None` when it
/// is too long to be anything but data.
fn token_around(text: &str, start: usize, end: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let from = start.saturating_sub(MAX_TOKEN);
    let token_start = bytes[from..start]
        .iter()
        .rposition(|&b| ends_token(b))
        .map_or(from, |p| from + p + 1);
    let to = (end + MAX_TOKEN).min(bytes.len());
    let token_end = bytes[end..to]
        .iter()
        .position(|&b| ends_token(b))
        .map_or(to, |p| end + p);
    if (token_start == from && from > 0) || (token_end == to && to < bytes.len()) {
        return None;
    }
    Some(trim_punctuation(&text[token_start..token_end]))
}

/// Whether a byte cannot be part of a URL, address or path token.
fn ends_token(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'<' || byte == b'>'
}

fn trim_punctuation(token: &str) -> &str {
    token
        .trim_start_matches(['(', '[', '{', '<', '"', '\'', '`', '*', '_'])
        .trim_end_matches([
            '.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '"', '\'', '`', '*', '_',
        ])
}

fn is_url(token: &str) -> bool {
    if token.contains("://") || token.starts_with("www.") {
        return true;
    }
    // A domain followed by a path, also after `//` (protocol-relative, as in CSS
    // `url(//cdn.example.org/x.png)`): github.com/org/repo/blob/master
    is_host_and_path(token)
        || token
            .match_indices("//")
            .any(|(i, _)| is_host_and_path(&token[i + 2..]))
}

fn is_host_and_path(text: &str) -> bool {
    text.split_once('/').is_some_and(|(host, _)| {
        host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        })
    })
}

fn is_email(token: &str) -> bool {
    token.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    })
}

fn is_path(token: &str) -> bool {
    if token.len() < 3 {
        return false;
    }
    if ["/", "./", "../", "~/"]
        .iter()
        .any(|p| token.starts_with(p))
        && token.len() > 2
    {
        return true;
    }
    if token.contains('\\') && token.split('\\').filter(|s| !s.is_empty()).count() >= 2 {
        return true;
    }
    let slashes = token.matches('/').count();
    if slashes >= 2 {
        return true;
    }
    slashes == 1 && has_file_extension(token.rsplit('/').next().unwrap_or(""))
}

fn has_file_extension(segment: &str) -> bool {
    segment.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=6).contains(&ext.len())
            && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

fn is_hash(token: &str) -> bool {
    token.len() >= 7
        && token.bytes().all(|b| b.is_ascii_hexdigit())
        && token.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str, word: &str) -> bool {
        let start = text.find(word).unwrap();
        is_masked(text, start, start + word.len())
    }

    #[test]
    fn urls_emails_paths_and_hashes_are_masked() {
        assert!(masked(
            "see https://example.org/blob/master/x.md now",
            "master"
        ));
        assert!(masked("see github.com/org/repo/blob/master/x", "master"));
        assert!(masked("(www.whitelist.com)", "whitelist"));
        assert!(masked("mail master@example.org.", "master"));
        assert!(masked("in tests/whitelist/ and", "whitelist"));
        assert!(masked("open src/master.c", "master"));
        assert!(masked("run ./master", "master"));
        assert!(masked(r"C:\Users\master\x", "master"));
    }

    #[test]
    fn addresses_are_urls_and_emails_only() {
        let address = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            is_address(text, start, start + word.len())
        };
        assert!(address("url: https://x.org/blob/master/y", "master"));
        assert!(address(
            "background: url(//cdn.example.org/master.png)",
            "master"
        ));
        assert!(address("MAINTAINER master@example.org", "master"));
        assert!(!address("x = rate/master", "master"));
        assert!(!address("COPY src/master.c /app/", "master"));
        assert!(masked(
            "background: url(//cdn.example.org/master.png)",
            "master"
        ));
    }

    #[test]
    fn ordinary_words_and_pairs_are_not_masked() {
        assert!(!masked("the master node.", "master"));
        assert!(!masked("a master/slave pair", "master/slave"));
        assert!(!masked("his/her", "his/her"));
        assert!(!masked("@master said", "master"));
    }

    #[test]
    fn markup_around_a_word_does_not_make_it_a_path() {
        assert!(!masked("<div><div>whitelist</div></div>", "whitelist"));
        assert!(!masked(&format!("{}master", "<b>".repeat(5000)), "master"));
        assert!(masked("<https://example.org/blob/master/x>", "master"));
        assert!(masked("<a href=\"src/master.c\">", "master"));
    }

    #[test]
    fn very_long_tokens_are_treated_as_data() {
        let text = format!("{}master", "x".repeat(5000));
        assert!(is_masked(&text, 5000, 5006));
    }
}
