//! Inline suppression: `ally:` directives written in a file's own comments.
//!
//! ```text
//! // ally:ignore master              this line
//! # ally:ignore-next-line whitelist  the next line
//! <!-- ally:disable guys -->         from here …
//! <!-- ally:enable guys -->          … to here (or to the end of the file)
//! -- ally:ignore master -- reason    text after ` -- ` is a free-form reason
//! ```
//!
//! Rule ids (or `category:NAME`) follow the verb; with none, a directive covers every rule. A
//! directive only counts inside a comment (anywhere in plain text, which has no comments), and
//! the comment holding it is never checked itself, so naming a term in a directive does not
//! trigger a finding.

use std::ops::Range;

use memchr::memmem;

use crate::extract::Regions;
use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::scope::Scope;

/// What a directive covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// The directive's own line.
    Ignore,
    /// The line after the directive.
    IgnoreNextLine,
    /// From the directive to the matching `enable`, or to the end of the file.
    Disable,
    /// Ends a `disable` block.
    Enable,
}

/// One `ally:` directive found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// What it covers.
    pub verb: Verb,
    /// The rules it names (ids or `category:NAME`); empty means all.
    pub rules: Vec<String>,
    /// Byte range of the directive and the rest of its comment, which is not checked.
    pub masked: Range<usize>,
    /// Byte offset of `ally:`.
    pub offset: usize,
    /// 1-based line of the directive.
    pub line: usize,
    /// The directive as written, for messages.
    pub text: String,
}

/// A directive that is worth telling the user about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveNote {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Every directive of a file, ready to filter findings.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    used: Vec<bool>,
    notes: Vec<DirectiveNote>,
}

const MARKER: &[u8] = b"ally:";

impl Suppressions {
    /// Finds the directives in `text`. `regions` decides what is a comment; when the format has
    /// no comments at all (`plain_text`), a directive may stand anywhere.
    pub fn find(text: &str, regions: &Regions, plain_text: bool, rules: &RuleSet) -> Suppressions {
        let mut found = Suppressions::default();
        if memmem::find(text.as_bytes(), MARKER).is_none() {
            return found;
        }
        for offset in memmem::find_iter(text.as_bytes(), MARKER) {
            if text[..offset]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric())
            {
                continue;
            }
            let in_comment = regions.scope_at(offset) == Some(Scope::Comment);
            if !in_comment && !plain_text {
                continue;
            }
            let comment_end = if in_comment {
                regions.region_end(offset)
            } else {
                None
            };
            let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
            let end = comment_end.unwrap_or(line_end).min(line_end);
            let line = text[..offset].bytes().filter(|&b| b == b'\n').count() + 1;
            let column = text[..offset]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                + 1;
            match parse(&text[offset + MARKER.len()..end]) {
                Ok((verb, ids)) => {
                    for id in &ids {
                        let known = match id.strip_prefix("category:") {
                            Some(category) => rules.categories().contains(&category),
                            None => rules.get(id).is_some(),
                        };
                        if !known {
                            let hint = rules
                                .closest_id(id)
                                .map(|n| format!("; did you mean `{n}`?"))
                                .unwrap_or_default();
                            found.notes.push(DirectiveNote {
                                line,
                                column,
                                message: format!("unknown rule `{id}` in an ally directive{hint}"),
                            });
                        }
                    }
                    found.directives.push(Directive {
                        verb,
                        rules: ids,
                        masked: offset..end,
                        offset,
                        line,
                        text: text[offset..end]
                            .trim_end_matches(['-', '>', '*', '/', ' '])
                            .trim()
                            .to_owned(),
                    });
                }
                Err(message) => found.notes.push(DirectiveNote {
                    line,
                    column,
                    message,
                }),
            }
        }
        found.used = vec![false; found.directives.len()];
        found
    }

    /// Whether there are no directives.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Whether `range` overlaps a directive, whose text is never checked.
    pub fn masks(&self, range: &Range<usize>) -> bool {
        self.directives
            .iter()
            .any(|d| d.masked.start < range.end && range.start < d.masked.end)
    }

    /// Removes the suppressed findings and remembers which directives were used.
    pub fn filter(&mut self, findings: &mut Vec<Finding>, rules: &RuleSet) {
        findings.retain(|finding| !self.suppresses(finding, rules));
    }

    /// Whether a directive suppresses `finding`; every directive that does is marked used.
    pub fn suppresses(&mut self, finding: &Finding, rules: &RuleSet) -> bool {
        let mut suppressed = false;
        for (index, directive) in self.directives.iter().enumerate() {
            if self.covers(index, directive, finding, rules) {
                self.used[index] = true;
                suppressed = true;
            }
        }
        suppressed
    }

    fn covers(
        &self,
        index: usize,
        directive: &Directive,
        finding: &Finding,
        rules: &RuleSet,
    ) -> bool {
        if !names(&directive.rules, finding, rules) {
            return false;
        }
        match directive.verb {
            Verb::Ignore => finding.start.line == directive.line,
            Verb::IgnoreNextLine => finding.start.line == directive.line + 1,
            Verb::Enable => false,
            Verb::Disable => {
                let start = finding.range.start;
                if start < directive.offset {
                    return false;
                }
                // The block ends at the first later `enable` that covers this finding's rule.
                !self.directives[index + 1..].iter().any(|later| {
                    later.verb == Verb::Enable
                        && later.offset <= start
                        && (later.rules.is_empty() || names(&later.rules, finding, rules))
                })
            }
        }
    }

    /// Directives that suppressed nothing (`enable` directives are never reported).
    pub fn unused(&self) -> impl Iterator<Item = &Directive> {
        self.directives
            .iter()
            .zip(&self.used)
            .filter(|(d, used)| !**used && d.verb != Verb::Enable)
            .map(|(d, _)| d)
    }

    /// Problems with the directives themselves (unknown verbs or rule ids).
    pub fn notes(&self) -> &[DirectiveNote] {
        &self.notes
    }
}

/// Whether a directive's rule list covers the finding's rule.
fn names(list: &[String], finding: &Finding, rules: &RuleSet) -> bool {
    let rule = rules.rule(finding.rule);
    list.is_empty()
        || list
            .iter()
            .any(|name| match name.strip_prefix("category:") {
                Some(category) => rule.category == category,
                None => rule.id == *name,
            })
}

/// Parses what follows `ally:`: a verb, then rule ids up to ` -- ` or the end of the comment.
fn parse(rest: &str) -> Result<(Verb, Vec<String>), String> {
    let verb_len = rest
        .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
        .unwrap_or(rest.len());
    let verb = match &rest[..verb_len] {
        "ignore" => Verb::Ignore,
        "ignore-next-line" => Verb::IgnoreNextLine,
        "disable" => Verb::Disable,
        "enable" => Verb::Enable,
        other => {
            return Err(format!(
                "unknown ally directive `ally:{other}`; expected ignore, ignore-next-line, disable or enable"
            ));
        }
    };
    let list = &rest[verb_len..];
    let list = list.split(" -- ").next().unwrap_or("");
    let ids = list
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_end_matches(['-', '>', '*', '/']))
        .take_while(|w| !w.starts_with("--"))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    Ok((verb, ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_verbs_ids_and_reasons() {
        assert_eq!(parse("ignore"), Ok((Verb::Ignore, vec![])));
        assert_eq!(
            parse("ignore master, guys"),
            Ok((Verb::Ignore, vec!["master".into(), "guys".into()]))
        );
        assert_eq!(
            parse("ignore-next-line master -- legacy API"),
            Ok((Verb::IgnoreNextLine, vec!["master".into()]))
        );
        assert_eq!(
            parse("disable category:age -->"),
            Ok((Verb::Disable, vec!["category:age".into()]))
        );
        assert_eq!(parse("enable */"), Ok((Verb::Enable, vec![])));
        assert!(
            parse("ignor master")
                .unwrap_err()
                .contains("unknown ally directive `ally:ignor`")
        );
    }
}
