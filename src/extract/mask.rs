//! URLs, e-mail addresses, file paths and hashes inside prose, comments and strings are names of
//! things the writer cannot rename, so matches inside them are not reported
//! (`https://github.com/org/repo/blob/master/x` is not a finding). Neither are letters that only
//! happen to spell a term inside encoded data: a base64 blob, a JWT, an SRI hash, a UUID.

/// The longest token examined; a longer run of text without spaces is treated as data.
const MAX_TOKEN: usize = 2048;

/// Whether `text[start..end]` lies inside a URL, e-mail address, path or hash.
pub fn is_masked(text: &str, start: usize, end: usize) -> bool {
    token_around(text, start, end)
        .is_none_or(|token| is_url(token) || is_email(token) || is_path(token) || is_hash(token))
        || is_encoded(text, start, end)
}

/// Whether `text[start..end]` lies inside a URL, an e-mail address or encoded data. This is the
/// mask for code outside comments and strings, where a plain value can hold a URL (`url:
/// https://…` in YAML, `RUN curl https://…` in a Dockerfile) or a key, but `a/b` is more often a
/// division than a path.
pub fn is_address(text: &str, start: usize, end: usize) -> bool {
    token_around(text, start, end).is_none_or(|token| is_url(token) || is_email(token))
        || is_encoded(text, start, end)
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
    let token = &*without_escapes(without_comment_markers(token));
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

/// A token without the comment markers written against it (`/*Slave`, `//whitelist`,
/// `master*/`): they are not the slashes of a path. A protocol-relative URL (`//cdn.example.org/x`)
/// has been recognised as a URL before this.
fn without_comment_markers(token: &str) -> &str {
    let mut token = token;
    if let Some(rest) = token.strip_prefix("/*") {
        token = rest.trim_start_matches(['*', '!']);
    } else if token.starts_with("//") {
        token = token.trim_start_matches('/').trim_start_matches('!');
    }
    if let Some(rest) = token.strip_suffix("*/") {
        token = rest.trim_end_matches('*');
    }
    token
}

/// A token without the escape sequences of string literals (`Master\n`, `\"name\"`,
/// `\x1b[0m`, `\u{2014}`), those of any language in the table, which are not the separators of
/// a Windows path. The escapes of separators stand for them: `\\` for a backslash
/// (`"C:\\Users\\x"`), `\/` for a slash (`"https:\/\/example.org\/x"` in JSON).
fn without_escapes(token: &str) -> std::borrow::Cow<'_, str> {
    if !token.contains('\\') {
        return token.into();
    }
    let bytes = token.as_bytes();
    let mut kept = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            kept.push(bytes[i]);
            i += 1;
            continue;
        }
        let len = if let Some(separator @ (b'\\' | b'/')) = bytes.get(i + 1) {
            kept.push(*separator);
            2
        } else if let Some(len) = super::languages().backslash_escape_len(&bytes[i..]) {
            len
        } else if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            && bytes.get(i + 2) == Some(&b'{')
        {
            // A braced escape whose closing brace was taken for punctuation (`x\u{2014}`).
            2 + bytes[i + 2..]
                .iter()
                .position(|b| *b == b'}')
                .map_or(bytes.len() - i - 2, |p| p + 1)
        } else {
            kept.push(b'\\');
            1
        };
        i += len;
    }
    // Only ASCII bytes were removed, so the rest is still UTF-8.
    String::from_utf8(kept).map_or(token.into(), Into::into)
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

/// The fewest characters of a piece of encoded data: shorter random-looking runs are too often
/// names (`getV2Master`) to tell apart.
const MIN_ENCODED: usize = 16;

/// Whether `text[start..end]` lies in encoded data: a run of base64 characters that holds a
/// random-looking piece (a base64 blob or PEM line, a JWT, an SRI hash such as
/// `sha384-oqVuAfXR…`), or a long hexadecimal number, hash or UUID. The letters of a term occur
/// in such data by chance, between case changes that look like word boundaries (`…Zm9vMasterYm…`).
///
/// The run takes in `-`, `_` and `/` (base64url, JWT segments, base64 with slashes), whose pieces
/// are judged one by one; a name made of words (`MasterKey`, `whitelist_v2`,
/// `getHTTPMasterURLForNode3`) has no random-looking piece and stays checked.
fn is_encoded(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let in_run =
        |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'_' | b'-' | b'=');
    let from = start.saturating_sub(MAX_TOKEN);
    let run_start = bytes[from..start]
        .iter()
        .rposition(|b| !in_run(b))
        .map_or(from, |p| from + p + 1);
    let to = (end + MAX_TOKEN).min(bytes.len());
    let run_end = bytes[end..to]
        .iter()
        .position(|b| !in_run(b))
        .map_or(to, |p| end + p);
    let run = &bytes[run_start..run_end];
    if run.len() < MIN_ENCODED {
        return false;
    }
    let hex_digits = run.iter().filter(|b| b.is_ascii_hexdigit()).count();
    if hex_digits >= MIN_ENCODED
        && run.iter().all(|b| b.is_ascii_hexdigit() || *b == b'-')
        && run.iter().any(u8::is_ascii_digit)
    {
        return true;
    }
    // `=` is base64 padding at the end of a piece; elsewhere it joins a key to its value
    // (`whitelist=Zm9v…`), so it splits pieces like the other separators.
    run.split(|b| matches!(b, b'/' | b'_' | b'-' | b'='))
        .any(|piece| is_random(piece) || is_long_hex(piece))
}

fn is_long_hex(piece: &[u8]) -> bool {
    piece.len() >= MIN_ENCODED
        && piece.iter().all(u8::is_ascii_hexdigit)
        && piece.iter().any(u8::is_ascii_digit)
}

/// Whether a piece of base64 (letters, digits and `+`) looks random rather than made of words:
/// both cases, short parts between case and digit changes, and nearly as many distinct
/// characters as a random string. Tuned on random base64, base64 of text and PEM lines, against
/// the names in the Linux kernel and in Rust crates, none of which it takes for data.
fn is_random(piece: &[u8]) -> bool {
    let n = piece.len();
    if n < MIN_ENCODED
        || !piece.iter().any(u8::is_ascii_uppercase)
        || !piece.iter().any(u8::is_ascii_lowercase)
    {
        return false;
    }
    let mut counts = [0usize; 256];
    for b in piece {
        counts[*b as usize] += 1;
    }
    let entropy: f64 = counts
        .iter()
        .filter(|c| **c > 0)
        .map(|&c| {
            let p = c as f64 / n as f64;
            -p * p.log2()
        })
        .sum();
    let parts = 1
        + piece
            .windows(3)
            .filter(|w| is_part_step(w[0], w[1], Some(w[2])))
            .count()
        + usize::from(is_part_step(piece[n - 2], piece[n - 1], None))
        + piece.iter().filter(|b| **b == b'+').count();
    let mean_part = n as f64 / parts as f64;
    if n >= 2 * MIN_ENCODED {
        return entropy >= 4.2 && mean_part < 3.0;
    }
    mean_part < 2.6
        && piece.iter().any(|b| b.is_ascii_digit() || *b == b'+')
        && entropy >= (n as f64).log2() - 0.5
}

/// A step between the parts of a name, as the matcher splits identifiers: lower to upper case,
/// the end of a run of capitals, or a change between letters and digits.
fn is_part_step(a: u8, b: u8, c: Option<u8>) -> bool {
    (a.is_ascii_lowercase() && b.is_ascii_uppercase())
        || (a.is_ascii_uppercase()
            && b.is_ascii_uppercase()
            && c.is_some_and(|c| c.is_ascii_lowercase()))
        || (a.is_ascii_digit() != b.is_ascii_digit()
            && a.is_ascii_alphanumeric()
            && b.is_ascii_alphanumeric())
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
    fn escapes_and_comment_markers_are_not_path_separators() {
        assert!(!masked(r#"dev_err(dev, "SPI Master\n");"#, "Master"));
        assert!(!masked(
            r#"fmt.Printf("\nblacklist loaded\n")"#,
            "blacklist"
        ));
        assert!(!masked(r#"say \"master\", \tslave\r\n"#, "slave"));
        assert!(!masked(r#""\x1b[1mMaster\x1b[0m""#, "Master"));
        assert!(!masked("/*Slave data overrun */", "Slave"));
        assert!(!masked("/**Slave*/", "Slave"));
        assert!(!masked("//whitelist of ioctls", "whitelist"));
        assert!(!masked("///whitelist", "whitelist"));
        assert!(!masked("//!whitelist", "whitelist"));
        assert!(!masked("overrun master*/", "master"));
        // Real paths stay paths.
        assert!(masked(r#""C:\\Users\\master\\x""#, "master"));
        assert!(masked(r"C:\temp\master.txt", "master"));
        assert!(masked("/*/master/x", "master"));
        assert!(masked("//cdn.example.org/master.png", "master"));
        assert!(masked("//server/share/master", "master"));
    }

    #[test]
    fn encoded_data_is_masked() {
        let cases = [
            // A base64 blob and a PEM line, with the letters of a term between case changes.
            ("blob: Zm9vMasterYmFyYmF6cXV4cXV1eGNvcmdl", "Master"),
            (
                "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7slaveUt9Us8cKj",
                "slave",
            ),
            // A JWT, in its short last segment after `_`.
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_Jap5c",
                "Jap",
            ),
            // An SRI hash.
            (
                "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlMaster1kPzQho1wx4JwY8wC",
                "Master",
            ),
            // Random keys of 20 characters.
            ("key = \"k9Jap2xQzLmN4pRtV8wY\"", "Jap"),
        ];
        for (text, word) in cases {
            assert!(masked(text, word), "{text}");
            let start = text.find(word).unwrap();
            assert!(is_address(text, start, start + word.len()), "{text}");
        }
        // Hexadecimal: a SHA and a UUID hold no word, whatever letters they spell.
        let sha = "commit 3f2a9b1c4d5e6f708192a3b4c5d6e7f8deadbeef";
        assert!(masked(sha, "dead"));
        assert!(masked(
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0"
        ));
        assert!(masked(
            "id 123e4567-e89b-12d3-a456-426614174000-beef",
            "beef"
        ));
    }

    /// Names made of words are not data, however long or however many digits they have.
    #[test]
    fn names_are_not_encoded_data() {
        let cases = [
            ("MasterKey", "Master"),
            ("whitelist_v2", "whitelist"),
            ("0xWhitelist", "Whitelist"),
            ("getHTTPMasterURLForNode3", "Master"),
            ("getV2MasterNodeListForK8s", "Master"),
            ("MasterKeyDerivation2024", "Master"),
            (
                "DWC_E12MP_PHY_X4_NS_X4_0_LANE0_ANA_RX_ATB_IQSKEW__master_atb_en_MASK",
                "master",
            ),
            ("CCI5xx_SLAVE_PORT_MAX_EV", "SLAVE"),
            ("PropertyEnumIndicSyllabicCategoryV1Master", "Master"),
            ("whitelist=Zm9vYmFyYmF6cXV4cXV1eGNvcmdl", "whitelist"),
        ];
        for (text, word) in cases {
            let start = text.find(word).unwrap();
            assert!(!is_masked(text, start, start + word.len()), "{text}");
            assert!(!is_address(text, start, start + word.len()), "{text}");
        }
    }

    #[test]
    fn very_long_tokens_are_treated_as_data() {
        let text = format!("{}master", "x".repeat(5000));
        assert!(is_masked(&text, 5000, 5006));
    }
}
