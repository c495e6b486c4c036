//! `ally fix`: safe, case-preserving rewrites that change nothing else.
//!
//! A finding is rewritten only when its replacement is certain: the rule declares one for the
//! exact term form (`whitelisted` → `allowlisted`), or the user names one for the rule
//! (`--replace master-slave=primary/replica`), which is then inflected to the form found
//! (`masters` → `primaries`). Everything else is left for a human, with the reason. The
//! replacement takes the case pattern of each word it replaces (`BLACKLIST_PATH` →
//! `DENYLIST_PATH`, `isWhitelisted` → `isAllowlisted`) and keeps the original separators and line
//! breaks between words (`white_list` → `allow_list`). Only the matched bytes change, and the
//! `a` or `an` before them when the replacement needs the other (`a whitelist` → `an allowlist`).

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
use std::path::Path;

use crate::case::CasePattern;
use crate::check::Policy;
use crate::finding::{Finding, Position, Replacement};
use crate::read::{Encoding, decode};
use crate::rules::{Rule, RuleSet};
use crate::scope::Scope;

/// What `ally fix` may change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FixOptions {
    /// Rewrite identifiers too (renaming a public name breaks its callers).
    pub identifiers: bool,
    /// Replacements the user chose, by rule id (`master` → `primary`).
    pub replace: BTreeMap<String, String>,
}

/// One rewrite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the decoded text: the finding's, widened to the `a` or `an` before it
    /// when that changes too.
    pub range: Range<usize>,
    /// The text the edit replaces.
    pub original: String,
    /// The text that replaces it.
    pub replacement: String,
    /// The finding it fixes.
    pub finding: Finding,
}

/// A finding left for a human, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Left {
    /// The finding.
    pub finding: Finding,
    /// Why it was not rewritten.
    pub reason: String,
}

/// The rewrites for one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Rewrites, in order of position, not overlapping.
    pub edits: Vec<Edit>,
    /// Findings not rewritten.
    pub left: Vec<Left>,
}

/// Gives each finding of `text` that `ally fix` would rewrite the rewrite it would make, with
/// `replace` as the replacements chosen in the config, so that reports offering fixes (SARIF,
/// review suggestions) offer exactly what `ally fix` does. Identifiers are left alone, as
/// `ally fix` leaves them without `--identifiers`.
pub fn attach_replacements(
    text: &str,
    findings: &mut [Finding],
    rules: &RuleSet,
    replace: &BTreeMap<String, String>,
) {
    let options = FixOptions {
        identifiers: false,
        replace: replace.clone(),
    };
    let edits = plan(text, findings.to_vec(), rules, &options).edits;
    // Both are in order of position, so one pass pairs them.
    let mut findings = findings.iter_mut().peekable();
    for edit in edits {
        while findings
            .next_if(|f| f.range.start < edit.finding.range.start)
            .is_some()
        {}
        let Some(finding) = findings.next_if(|f| f.range == edit.finding.range) else {
            continue;
        };
        let widened = text.get(edit.range.start..finding.range.start);
        let start = match widened {
            Some("") => finding.start,
            // The article before the term changes too: it starts that many characters before.
            Some(before) if !before.contains('\n') && edit.range.end == finding.range.end => {
                Position {
                    line: finding.start.line,
                    column: finding.start.column.saturating_sub(before.chars().count()),
                }
            }
            _ => continue,
        };
        finding.fix = Some(Box::new(Replacement {
            start,
            end: finding.end,
            original: edit.original,
            text: edit.replacement,
            bytes_before: finding.range.start - edit.range.start,
        }));
    }
}

/// Decides, for each finding, whether and how to rewrite it.
pub fn plan(text: &str, findings: Vec<Finding>, rules: &RuleSet, options: &FixOptions) -> Plan {
    let mut plan = Plan::default();
    for finding in findings {
        let rule = rules.rule(finding.rule);
        if finding.scope == Scope::Identifier && !options.identifiers {
            let reason = "an identifier: renaming it can break code that uses it (`--identifiers` allows it)";
            plan.left.push(Left {
                finding,
                reason: reason.into(),
            });
            continue;
        }
        if !options.identifiers && inside_name(text, &finding.range) {
            let reason = format!(
                "part of a longer name in a {}: renaming it there alone would break references to the name (`--identifiers` allows it)",
                finding.scope
            );
            plan.left.push(Left { finding, reason });
            continue;
        }
        let written = &text[finding.range.clone()];
        match replacement(
            rule,
            finding.term_index,
            written,
            options.replace.get(&rule.id).map(String::as_str),
        ) {
            Ok(replacement) => {
                let (range, replacement) = with_article(text, finding.range.clone(), replacement);
                plan.edits.push(Edit {
                    original: text[range.clone()].to_owned(),
                    range,
                    replacement,
                    finding,
                });
            }
            Err(reason) => plan.left.push(Left { finding, reason }),
        }
    }
    plan
}

/// The edit widened to the article before the match when the replacement needs the other one
/// (`a whitelist` → `an allowlist`, `an …` → `a …`), keeping the article's case.
fn with_article(text: &str, range: Range<usize>, replacement: String) -> (Range<usize>, String) {
    let before = &text[..range.start];
    let gap = before.len() - before.trim_end().len();
    let word_end = range.start - gap;
    let word_start = before[..word_end]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(word_end, |(i, _)| i);
    let article = &text[word_start..word_end];
    let joined = before[..word_start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
    let is_an = match article.to_lowercase().as_str() {
        "a" => false,
        "an" => true,
        _ => return (range, replacement),
    };
    if gap == 0 || joined || takes_an(&replacement).is_none_or(|an| an == is_an) {
        return (range, replacement);
    }
    let capital = article.starts_with('A');
    let shouting = replacement
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let new_article = match (is_an, capital) {
        (false, true) if shouting && replacement.chars().count() > 1 => "AN",
        (false, true) => "An",
        (false, false) => "an",
        (true, true) => "A",
        (true, false) => "a",
    };
    let widened = format!("{new_article}{}{replacement}", &text[word_end..range.start]);
    (word_start..range.end, widened)
}

/// Whether a word takes `an`, where its first letter tells: vowels yes, other letters no; words
/// whose sound the letter does not settle (`hour`, `user`, `one-off`, `European`) give `None`.
fn takes_an(word: &str) -> Option<bool> {
    let lower = word.to_lowercase();
    if ["one", "once", "eu", "ewe"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return None;
    }
    match lower.chars().next()? {
        'a' | 'e' | 'i' | 'o' => Some(true),
        'h' | 'u' | 'y' => None,
        c if c.is_ascii_alphabetic() => Some(false),
        _ => None,
    }
}

/// Whether the match is part of a longer name such as `BLACKLIST_CHECK` or `whitelistPath`
/// (in a comment that mentions an identifier, say).
pub(crate) fn inside_name(text: &str, range: &Range<usize>) -> bool {
    let joined = |c: Option<char>| c.is_some_and(|c| c == '_' || c.is_alphanumeric());
    joined(text[..range.start].chars().next_back()) || joined(text[range.end..].chars().next())
}

/// The text with the edits applied.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The replacement for `written` (a match of `rule.terms[term]`), or why there is none.
pub fn replacement(
    rule: &Rule,
    term: usize,
    written: &str,
    user: Option<&str>,
) -> Result<String, String> {
    if let Some(chosen) = user {
        let base = &rule.terms[0];
        return adapt(written, base, chosen, true).ok_or_else(|| {
            format!("cannot tell how to inflect `{chosen}` for `{written}`; fix this one by hand")
        });
    }
    let form = rule.terms[term].to_lowercase();
    match rule.fixes.get(&form) {
        Some(fixed) => adapt(written, &form, fixed, false)
            .ok_or_else(|| format!("cannot map `{fixed}` onto `{written}`")),
        None if rule.fixes.is_empty() => Err(format!(
            "the alternatives ({}) need judgement; choose one with `--replace {}=TEXT`",
            crate::rules::quote_list(&rule.alternatives, 3),
            rule.id
        )),
        None => Err(format!(
            "no safe replacement for the form `{form}`; choose one with `--replace {}=TEXT`",
            rule.id
        )),
    }
}

/// `replacement` in the case of `written`, word by word where both have as many words, without
/// inflecting it: for an alternative that a person picks knowing the form they need (`his` →
/// `their`), where [`replacement`] cannot tell how to inflect it.
pub fn in_case_of(written: &str, replacement: &str) -> Option<String> {
    adapt(written, written, replacement, false)
}

/// Maps `replacement` onto the written text: word by word when both have as many words (keeping
/// the written separators, line breaks and each word's case), otherwise as a whole in the case
/// of the written text. With `inflect`, each replacement word gets the suffix that separates the
/// written word from `base` (`masters` from `master` → `primaries`).
fn adapt(written: &str, base: &str, replacement: &str, inflect: bool) -> Option<String> {
    let (written_words, gaps) = words(written);
    let (base_words, _) = words(base);
    let (replacement_words, _) = words(replacement);
    if written_words.is_empty() {
        return None;
    }
    if written_words.len() == replacement_words.len() {
        let mut out = String::new();
        for (i, word) in written_words.iter().enumerate() {
            let mut new = replacement_words[i].to_owned();
            if inflect {
                new = inflect_like(base_words.get(i)?, &word.to_lowercase(), &new)?;
            }
            out.push_str(&match_word_case(word, &new));
            if let Some(gap) = gaps.get(i) {
                out.push_str(gap);
            }
        }
        return Some(out);
    }
    let mut new = replacement.to_owned();
    if inflect {
        if written_words.len() != 1 || base_words.len() != 1 {
            return None;
        }
        new = inflect_like(base_words[0], &written_words[0].to_lowercase(), replacement)?;
    }
    let pattern = CasePattern::of(written);
    Some(if pattern == CasePattern::Mixed {
        match_word_case(written_words[0], &new)
    } else {
        pattern.apply(&new)
    })
}

/// Words (letters, digits and inner apostrophes) and the separators between them. The
/// connectors `and`, `or` and `&` count as separators, so `master and slave` pairs up with
/// `primary/replica`.
fn words(text: &str) -> (Vec<&str>, Vec<&str>) {
    let mut words = Vec::new();
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inner_apostrophe = (c == '\'' || c == '\u{2019}')
            && start.is_some()
            && text[i + c.len_utf8()..].starts_with(char::is_alphanumeric);
        if c.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            spans.push(s..i);
        }
    }
    if let Some(s) = start {
        spans.push(s..text.len());
    }
    let spans: Vec<Range<usize>> = spans
        .into_iter()
        .filter(|r| !matches!(text[r.clone()].to_lowercase().as_str(), "and" | "or"))
        .collect();
    let mut gaps = Vec::new();
    for pair in spans.windows(2) {
        gaps.push(&text[pair[0].end..pair[1].start]);
    }
    for span in spans {
        words.push(&text[span]);
    }
    (words, gaps)
}

/// `replacement` with the case pattern of `original`; for camelCase words such as `whiteList`,
/// the capitals are placed where the replacement shares the original's last part
/// (`whiteList` → `allowList`).
fn match_word_case(original: &str, replacement: &str) -> String {
    let pattern = CasePattern::of(original);
    if pattern != CasePattern::Mixed {
        return pattern.apply(replacement);
    }
    let parts = camel_parts(original);
    if let Some(last) = parts.last().filter(|_| parts.len() > 1) {
        let lower = replacement.to_lowercase();
        if let Some(head) = lower
            .strip_suffix(&last.to_lowercase())
            .filter(|h| !h.is_empty())
        {
            let head = CasePattern::of(parts[0]).apply(head);
            return format!(
                "{head}{}",
                CasePattern::of(last).apply(&lower[lower.len() - last.len()..])
            );
        }
    }
    CasePattern::of(&original[..original.chars().next().map_or(0, char::len_utf8)])
        .apply(replacement)
}

/// `whiteList` → `white`, `List`; `HTTPServer` → `HTTP`, `Server`.
fn camel_parts(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1].1, chars[i].1);
        let next = chars.get(i + 1).map(|c| c.1);
        let split = (prev.is_lowercase() && cur.is_uppercase())
            || (prev.is_uppercase() && cur.is_uppercase() && next.is_some_and(char::is_lowercase));
        if split {
            parts.push(&word[start..chars[i].0]);
            start = chars[i].0;
        }
    }
    parts.push(&word[start..]);
    parts
}

/// `replacement` given the suffix that turns `base` into `found` (`s`, `es`, `ed`, `d`, `ing`).
fn inflect_like(base: &str, found: &str, replacement: &str) -> Option<String> {
    let base = base.to_lowercase();
    if found == base {
        return Some(replacement.to_owned());
    }
    let suffix = found.strip_prefix(base.as_str()).or_else(|| {
        // `slaving` from `slave`: the base lost its final `e`.
        base.strip_suffix('e')
            .and_then(|stem| found.strip_prefix(stem))
    })?;
    let stem_y = |s: &str| s[..s.len() - 1].to_owned();
    Some(match suffix {
        "s" | "es" => {
            if ends_with_consonant_y(replacement) {
                format!("{}ies", stem_y(replacement))
            } else if replacement.ends_with(['s', 'x', 'z'])
                || replacement.ends_with("ch")
                || replacement.ends_with("sh")
            {
                format!("{replacement}es")
            } else {
                format!("{replacement}s")
            }
        }
        "ed" | "d" => {
            if replacement.ends_with('e') {
                format!("{replacement}d")
            } else if ends_with_consonant_y(replacement) {
                format!("{}ied", stem_y(replacement))
            } else {
                format!("{replacement}ed")
            }
        }
        "ing" => match replacement.strip_suffix('e') {
            Some(stem) if !replacement.ends_with("ee") => format!("{stem}ing"),
            _ => format!("{replacement}ing"),
        },
        _ => return None,
    })
}

/// `replica` no, `primary` yes: the `y` that becomes `ies` or `ied`.
fn ends_with_consonant_y(word: &str) -> bool {
    let mut reversed = word.chars().rev();
    reversed.next() == Some('y') && reversed.next().is_some_and(|c| !"aeiou".contains(c))
}

/// The outcome of fixing one file's bytes.
#[derive(Debug, Default)]
pub struct FileFix {
    /// The new bytes, if anything changed.
    pub bytes: Option<Vec<u8>>,
    /// The plan (edits and what was left).
    pub plan: Plan,
    /// Why the file is not rewritten at all, if it is not.
    pub refused: Option<String>,
}

/// Formats whose files are never rewritten: ally reads their text but cannot write them back
/// without losing formatting.
const READ_ONLY_FORMATS: [&str; 7] = ["docx", "odt", "pdf", "rtf", "doc", "pptx", "xlsx"];

/// Plans and applies the fixes for one file's bytes, keeping its encoding and byte order mark.
pub fn fix_bytes(
    linter: &crate::Linter,
    policy: &Policy,
    path: &Path,
    bytes: &[u8],
    options: &FixOptions,
) -> FileFix {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let Some(decoded) = decode(bytes) else {
        return FileFix::default();
    };
    let kind = policy.file_kind(path, &decoded.text);
    let findings = linter.check(&decoded.text, kind, policy);
    let plan = plan(&decoded.text, findings, linter.rules(), options);
    let refuse = |plan: Plan, reason: &str| {
        let left = plan
            .edits
            .into_iter()
            .map(|e| Left {
                finding: e.finding,
                reason: reason.to_owned(),
            })
            .chain(plan.left)
            .collect();
        FileFix {
            bytes: None,
            plan: Plan {
                edits: vec![],
                left,
            },
            refused: Some(reason.to_owned()),
        }
    };
    if READ_ONLY_FORMATS.contains(&extension.as_str()) {
        return refuse(plan, "ally does not rewrite documents in this format");
    }
    if decoded.encoding == Encoding::Lossy {
        return refuse(
            plan,
            "the file is not valid UTF-8, so it cannot be rewritten without losing bytes",
        );
    }
    if plan.edits.is_empty() {
        return FileFix {
            bytes: None,
            plan,
            refused: None,
        };
    }
    let text = apply(&decoded.text, &plan.edits);
    FileFix {
        bytes: Some(encode(&text, decoded.encoding)),
        plan,
        refused: None,
    }
}

/// Text back to bytes in the file's original encoding.
fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 | Encoding::Lossy => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    }
}

/// What happened when writing a fixed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// The file now holds the new bytes.
    Done,
    /// The file changed on disk after it was read; it was left alone.
    ChangedOnDisk,
    /// The file is read-only; it was left alone.
    ReadOnly,
}

/// Writes `new` over the file at `path` if it still holds `original`: a temporary file in the
/// same directory, then an atomic rename. A symbolic link stays a link: its target is written.
/// The file keeps its mode, owner, group and extended attributes; a file with other hard links,
/// or one whose owner or attributes ally cannot keep, is left alone with an error that
/// [`crate::output::NotReplaced::of`] recognises, so the caller can report it with its reason.
pub fn write_if_unchanged(path: &Path, original: &[u8], new: &[u8]) -> io::Result<Written> {
    let target = std::fs::canonicalize(path)?;
    if std::fs::metadata(&target)?.permissions().readonly() {
        return Ok(Written::ReadOnly);
    }
    if std::fs::read(&target)? != original {
        return Ok(Written::ChangedOnDisk);
    }
    crate::output::write_atomically(&target, new)?;
    Ok(Written::Done)
}

/// A unified diff between two versions of a file, for `ally fix --diff`. Paths are written as
/// `git diff` writes them (`a/src/x.rs`, not `a/./src/x.rs`), so the diff applies with
/// `git apply` or `patch -p1`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let path = path.trim_start_matches("./");
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_fixes_keep_case_separators_and_line_breaks() {
        assert_eq!(
            adapt("whitelist", "whitelist", "allowlist", false).unwrap(),
            "allowlist"
        );
        assert_eq!(
            adapt("Whitelisted", "whitelisted", "allowlisted", false).unwrap(),
            "Allowlisted"
        );
        assert_eq!(
            adapt("BLACKLIST", "blacklist", "denylist", false).unwrap(),
            "DENYLIST"
        );
        assert_eq!(
            adapt("whiteList", "whitelist", "allowlist", false).unwrap(),
            "allowList"
        );
        assert_eq!(
            adapt("WhiteList", "whitelist", "allowlist", false).unwrap(),
            "AllowList"
        );
        assert_eq!(
            adapt("white_list", "white list", "allow list", false).unwrap(),
            "allow_list"
        );
        assert_eq!(
            adapt("White\n  List", "white list", "allow list", false).unwrap(),
            "Allow\n  List"
        );
        assert_eq!(
            adapt("Man-Hours", "man-hours", "person-hours", false).unwrap(),
            "Person-Hours"
        );
        assert_eq!(
            adapt("Chairman", "chairman", "chair", false).unwrap(),
            "Chair"
        );
    }

    #[test]
    fn user_replacements_are_inflected_and_pairs_stay_pairs() {
        assert_eq!(
            adapt("masters", "master", "primary", true).unwrap(),
            "primaries"
        );
        assert_eq!(
            adapt("Master", "master", "primary", true).unwrap(),
            "Primary"
        );
        assert_eq!(
            adapt("master/slave", "master-slave", "primary/replica", true).unwrap(),
            "primary/replica"
        );
        assert_eq!(
            adapt("Master-Slave", "master-slave", "primary/replica", true).unwrap(),
            "Primary-Replica"
        );
        assert_eq!(
            adapt("masters/slaves", "master-slave", "primary/replica", true).unwrap(),
            "primaries/replicas"
        );
        assert_eq!(
            adapt("master and slave", "master-slave", "leader/follower", true).unwrap(),
            "leader and follower"
        );
        assert_eq!(
            adapt("slaved", "slave", "replicate", true).unwrap(),
            "replicated"
        );
        assert_eq!(
            adapt("slaving", "slave", "replicate", true).unwrap(),
            "replicating"
        );
        assert_eq!(adapt("MASTER", "master", "main", true).unwrap(), "MAIN");
        assert!(
            adapt("mastery", "master", "primary", true).is_none(),
            "an unknown suffix is left alone"
        );
    }

    #[test]
    fn edits_replace_exactly_their_ranges() {
        let text = "a whitelist and a blacklist.";
        let finding = |range: Range<usize>| Finding {
            rule: 0,
            severity: crate::Severity::Error,
            scope: Scope::Prose,
            range,
            start: crate::Position { line: 1, column: 1 },
            end: crate::Position { line: 1, column: 1 },
            term: String::new(),
            term_index: 0,
            excerpt: crate::finding::Excerpt {
                text: String::new(),
                first_line: 1,
                skipped_columns: 0,
                highlight: 0..0,
            },
            snippet: Default::default(),
            location: None,
            external: None,
            copied_from: None,
            fix: None,
        };
        let edits = vec![
            Edit {
                range: 2..11,
                original: "whitelist".into(),
                replacement: "allowlist".into(),
                finding: finding(2..11),
            },
            Edit {
                range: 18..27,
                original: "blacklist".into(),
                replacement: "denylist".into(),
                finding: finding(18..27),
            },
        ];
        assert_eq!(apply(text, &edits), "a allowlist and a denylist.");
    }

    #[test]
    fn the_article_before_a_rewritten_word_agrees_with_it() {
        let fix = |text: &str, word: &str, replacement: &str| {
            let start = text.find(word).unwrap();
            let (range, new) = with_article(text, start..start + word.len(), replacement.into());
            format!("{}{new}{}", &text[..range.start], &text[range.end..])
        };
        let cases = [
            // (text, word, replacement, expected)
            ("a whitelist", "whitelist", "allowlist", "an allowlist"),
            (
                "Add A whitelist",
                "whitelist",
                "allowlist",
                "Add An allowlist",
            ),
            ("A WHITELIST", "WHITELIST", "ALLOWLIST", "AN ALLOWLIST"),
            ("an old-timer", "old-timer", "veteran", "a veteran"),
            ("An\told-timer", "old-timer", "veteran", "A\tveteran"),
            (
                "a\n  whitelist",
                "whitelist",
                "allowlist",
                "an\n  allowlist",
            ),
            // Already agreeing, unsettled by the letter, or not an article: left as written.
            ("a blacklist", "blacklist", "denylist", "a denylist"),
            ("an insane", "insane", "unusual", "an unusual"),
            ("a whitelist", "whitelist", "user list", "a user list"),
            (
                "plan-a whitelist",
                "whitelist",
                "allowlist",
                "plan-a allowlist",
            ),
            ("data whitelist", "whitelist", "allowlist", "data allowlist"),
            (
                "a\n// whitelist",
                "whitelist",
                "allowlist",
                "a\n// allowlist",
            ),
        ];
        for (text, word, replacement, expected) in cases {
            assert_eq!(fix(text, word, replacement), expected, "{text:?}");
        }
    }

    #[test]
    fn encodings_round_trip() {
        for encoding in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let bytes = encode("héllo\r\n", encoding);
            let decoded = decode(&bytes).unwrap();
            assert_eq!(
                (decoded.text.as_ref(), decoded.encoding),
                ("héllo\r\n", encoding)
            );
        }
    }
}
