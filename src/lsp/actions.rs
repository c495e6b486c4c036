//! Quick fixes for a finding: replace the term with an alternative, or suppress it on its line or
//! in the whole file with an `ally:` directive in the file's own comment syntax.
//!
//! Replacements use the same case-preserving mapping as `ally fix`. A suppression is offered
//! only where ally itself would honour it: each candidate placement is applied to a copy of the
//! text and checked again, and the first one that silences the finding without adding or
//! hiding anything else is the one offered. That keeps a directive out of strings, heredocs and
//! code blocks in every language without a rule per language.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use super::convert;
use super::workspace::{Document, Found, Outcome};
use crate::extract::{DocumentFormat, FileKind, Regions};
use crate::fix;
use crate::rules::{Rule, RuleIndex};
use crate::scope::Scope;

/// The quick fixes for the findings that touch `range` (bytes) of the document.
pub(crate) fn actions(
    document: &Document,
    outcome: &Outcome,
    range: Range<usize>,
) -> Vec<CodeActionOrCommand> {
    let rules = outcome.loaded.settings.linter.rules();
    let mut actions = Vec::new();
    let mut ignored_lines = Vec::new();
    let mut ignored_rules = Vec::new();
    let fixer = Fixer {
        document,
        outcome,
        syntaxes: outcome
            .kind
            .map(|kind| syntaxes(kind, &document.text))
            .unwrap_or_default(),
        kept: OnceCell::new(),
    };
    for finding in &outcome.findings {
        if finding.range.start > range.end || range.start > finding.range.end {
            continue;
        }
        let rule = rules.rule(finding.rule);
        let diagnostic = convert::diagnostic(finding, rules, &document.text, &document.index);
        let action = |title: String, edit: TextEdit, preferred: bool| {
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(workspace_edit(&document.uri, edit)),
                is_preferred: preferred.then_some(true),
                ..CodeAction::default()
            })
        };
        for replacement in fixer.replacements(finding, rule) {
            let edit = TextEdit {
                range: document.index.range(&document.text, finding.range.clone()),
                new_text: replacement.text,
            };
            actions.push(action(replacement.title, edit, replacement.preferred));
        }
        let line = document.index.line_of(finding.range.start);
        if !ignored_lines.contains(&(finding.rule, line)) {
            ignored_lines.push((finding.rule, line));
            if let Some(edit) = fixer.ignore_line(finding, &rule.id) {
                let title = format!("Ignore `{}` on this line", rule.id);
                actions.push(action(title, edit, false));
            }
        }
        if !ignored_rules.contains(&finding.rule) {
            ignored_rules.push(finding.rule);
            if let Some(edit) = fixer.ignore_file(finding, &rule.id) {
                let title = format!("Ignore `{}` in this file", rule.id);
                actions.push(action(title, edit, false));
            }
        }
    }
    actions
}

fn workspace_edit(uri: &Uri, edit: TextEdit) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
        ..WorkspaceEdit::default()
    }
}

/// One "Replace with" action.
#[derive(Debug, PartialEq, Eq)]
struct Replacement {
    title: String,
    text: String,
    preferred: bool,
}

/// How a directive is written as a comment in one kind of file.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Syntax {
    /// A comment to the end of the line: `//`, `#`, `--`, `;`.
    Line(String),
    /// A delimited comment: `/* */`, `<!-- -->`, `(* *)`.
    Block(String, String),
    /// A reStructuredText comment: `..` at the start of a line.
    Rst,
    /// Plain text, where a directive may stand anywhere.
    Bare,
}

impl Syntax {
    fn comment(&self, directive: &str) -> String {
        match self {
            Syntax::Line(marker) => format!("{marker} {directive}"),
            Syntax::Block(open, close) => format!("{open} {directive} {close}"),
            Syntax::Rst => format!(".. {directive}"),
            Syntax::Bare => directive.to_owned(),
        }
    }

    /// Whether the comment can follow code on the same line.
    fn trails(&self) -> bool {
        !matches!(self, Syntax::Rst)
    }
}

/// The comment syntaxes a directive may be written in, most usual first.
fn syntaxes(kind: FileKind, text: &str) -> Vec<Syntax> {
    match kind {
        FileKind::Document(DocumentFormat::Text) => vec![Syntax::Bare],
        FileKind::Document(
            DocumentFormat::Markdown | DocumentFormat::Html | DocumentFormat::Xml,
        ) => vec![Syntax::Block("<!--".into(), "-->".into())],
        FileKind::Document(DocumentFormat::Rst) => vec![Syntax::Rst],
        FileKind::Document(DocumentFormat::AsciiDoc) => vec![Syntax::Line("//".into())],
        FileKind::Code(language) => {
            // Strict JSON has no comments: only offer one where the file already has some
            // (JSON with comments, such as tsconfig.json).
            if language.name == "JSON"
                && !Regions::of(kind, text)
                    .iter()
                    .any(|r| r.scope == Scope::Comment)
            {
                return Vec::new();
            }
            let line = language
                .line_comments
                .first()
                .map(|marker| Syntax::Line(marker.trim().to_owned()));
            let block = language
                .block_comments
                .iter()
                .find(|b| !b.line_start)
                .map(|b| Syntax::Block(b.open.clone(), b.close.clone()));
            line.into_iter().chain(block).collect()
        }
    }
}

/// Builds the actions for one document.
struct Fixer<'a> {
    document: &'a Document,
    outcome: &'a Outcome,
    syntaxes: Vec<Syntax>,
    /// The rule and range of every finding, to compare a check of the text with a
    /// suppression added; built on first use.
    kept: OnceCell<HashSet<(RuleIndex, Range<usize>)>>,
}

impl Fixer<'_> {
    /// "Replace with" actions: the team's `replace` choice or the rule's declared fix first
    /// (preferred), then every alternative, mapped onto the written form as `ally fix` does.
    fn replacements(&self, finding: &Found, rule: &Rule) -> Vec<Replacement> {
        let text = &self.document.text;
        let written = &text[finding.range.clone()];
        let chosen = self.outcome.loaded.settings.replace.get(&rule.id);
        let preferred = chosen
            .and_then(|c| fix::replacement(rule, finding.term_index, written, Some(c)).ok())
            .or_else(|| fix::replacement(rule, finding.term_index, written, None).ok());
        // Renaming one use of a name breaks the others; say so, and never prefer it.
        let in_name = finding.scope == Scope::Identifier || fix::inside_name(text, &finding.range);
        let suffix = if in_name {
            " (this occurrence only)"
        } else {
            ""
        };
        let mut out: Vec<Replacement> = Vec::new();
        let mut push = |replacement: String, note: &str, preferred: bool| {
            if replacement == written || out.iter().any(|r| r.text == replacement) {
                return;
            }
            out.push(Replacement {
                title: format!("Replace with `{replacement}`{note}{suffix}"),
                text: replacement,
                preferred: preferred && !in_name,
            });
        };
        if let Some(replacement) = preferred {
            push(replacement, "", true);
        }
        for alternative in &rule.alternatives {
            let (words, note) = split_note(alternative);
            if is_description(words) {
                continue;
            }
            let mapped = fix::replacement(rule, finding.term_index, written, Some(words))
                .ok()
                .or_else(|| fix::in_case_of(written, words));
            if let Some(replacement) = mapped {
                push(replacement, note, false);
            }
        }
        out
    }

    /// An `ally:ignore` at the end of the finding's line, or an `ally:ignore-next-line` on a
    /// line of its own above it, whichever ally honours there.
    fn ignore_line(&self, finding: &Found, rule: &str) -> Option<TextEdit> {
        let text = &self.document.text;
        let index = &self.document.index;
        let line = index.line_of(finding.range.start);
        let content = index.line_range(text, line);
        let line_text = &text[content.clone()];
        let continued = |line_text: &str| line_text.trim_end().ends_with('\\');
        let code = matches!(self.outcome.kind, Some(FileKind::Code(_)));
        let newline = self.newline(line);
        let mut candidates = Vec::new();
        // After the line's last character, unless the finding runs on past it, or a trailing
        // backslash continues the line (a comment after it would end the continuation).
        let inside = finding.range.start < content.end && content.end < finding.range.end;
        let continues = code && continued(line_text);
        if !inside && !continues {
            for syntax in self.syntaxes.iter().filter(|s| s.trails()) {
                let gap = match syntax {
                    _ if line_text.trim().is_empty() => "",
                    Syntax::Line(marker) if marker == "#" && self.is_python() => "  ",
                    _ => " ",
                };
                let comment = syntax.comment(&format!("ally:ignore {rule}"));
                candidates.push((content.end, format!("{gap}{comment}")));
            }
        }
        let previous_continues = line > 0 && continued(&text[index.line_range(text, line - 1)]);
        if !(code && previous_continues) {
            let indent = &line_text[..line_text.len() - line_text.trim_start().len()];
            for syntax in &self.syntaxes {
                let comment = syntax.comment(&format!("ally:ignore-next-line {rule}"));
                candidates.push((content.start, format!("{indent}{comment}{newline}")));
            }
        }
        self.first_that_suppresses(finding, candidates)
    }

    /// An `ally:disable` comment at the top of the file, after a shebang line, an encoding
    /// line, front matter or an XML declaration.
    fn ignore_file(&self, finding: &Found, rule: &str) -> Option<TextEdit> {
        let text = &self.document.text;
        let kind = self.outcome.kind?;
        let at = top(kind, text);
        let line = self.document.index.line_of(at);
        let newline = self.newline(line);
        let candidates = self
            .syntaxes
            .iter()
            .map(|syntax| {
                let mut insert = syntax.comment(&format!("ally:disable {rule}"));
                insert.push_str(newline);
                // A comment directly above text would swallow it in reStructuredText.
                if *syntax == Syntax::Rst {
                    insert.push_str(newline);
                }
                if at == text.len() && !text.is_empty() && !text.ends_with(['\n', '\r']) {
                    insert.insert_str(0, newline);
                }
                (at, insert)
            })
            .collect();
        self.first_that_suppresses(finding, candidates)
    }

    /// The first insertion after which the finding is gone and every other finding, and no
    /// new one, remains.
    fn first_that_suppresses(
        &self,
        target: &Found,
        candidates: Vec<(usize, String)>,
    ) -> Option<TextEdit> {
        let (offset, insert) = candidates
            .into_iter()
            .find(|(offset, insert)| self.suppresses(target, *offset, insert))?;
        let text = &self.document.text;
        Some(TextEdit {
            range: self.document.index.range(text, offset..offset),
            new_text: insert,
        })
    }

    fn suppresses(&self, target: &Found, offset: usize, insert: &str) -> bool {
        let Some(kind) = self.outcome.kind else {
            return false;
        };
        let mut text = self.document.text.clone();
        text.insert_str(offset, insert);
        let linter = &self.outcome.loaded.settings.linter;
        let after = linter.check_file(&text, kind, &self.outcome.policy);
        // Every finding after the insertion must be one of those before it, moved back to
        // where it was; one inside the inserted text is new.
        let inserted = offset..offset + insert.len();
        let before = |range: &Range<usize>| match range.start {
            start if start < inserted.start => Some(range.clone()),
            start if start >= inserted.end => Some(start - insert.len()..range.end - insert.len()),
            _ => None,
        };
        let kept = self.kept.get_or_init(|| {
            let findings = self.outcome.findings.iter();
            findings.map(|f| (f.rule, f.range.clone())).collect()
        });
        after.findings.len() < self.outcome.findings.len()
            && after.findings.iter().all(|f| {
                before(&f.range).is_some_and(|range| {
                    (f.rule != target.rule || range != target.range)
                        && kept.contains(&(f.rule, range))
                })
            })
            && after.directive_notes.len() <= self.outcome.directive_notes.len()
    }

    /// The line break to end an inserted line with: the one that ends `line`, else the text's
    /// first, else `\n`.
    fn newline(&self, line: usize) -> &str {
        let text = &self.document.text;
        let own = self.document.index.line_break(text, line);
        if !own.is_empty() {
            return own;
        }
        match text.find(['\n', '\r']) {
            Some(i) if text[i..].starts_with("\r\n") => "\r\n",
            Some(i) if text[i..].starts_with('\r') => "\r",
            _ => "\n",
        }
    }

    fn is_python(&self) -> bool {
        matches!(self.outcome.kind, Some(FileKind::Code(l)) if l.name == "Python")
    }
}

/// `nonspeaking (for people)` → `nonspeaking`, ` (for people)`.
fn split_note(alternative: &str) -> (&str, &str) {
    match alternative.find(" (") {
        Some(i) if alternative.ends_with(')') => (&alternative[..i], &alternative[i..]),
        _ => (alternative, ""),
    }
}

/// Alternatives that describe what to write rather than being the words to write
/// (`the specific nationality`).
fn is_description(alternative: &str) -> bool {
    ["the specific ", "the name of "]
        .iter()
        .any(|prefix| alternative.starts_with(prefix))
}

/// Where a file-wide directive goes: the first line, or after what must come first.
fn top(kind: FileKind, text: &str) -> usize {
    let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = |at: usize| text[at..line_end(at)].trim_end();
    if first(at).starts_with("#!") {
        at = line_end(at);
    }
    match kind {
        FileKind::Code(language) => {
            let line = first(at);
            let encoding =
                line.starts_with('#') && line.contains("coding") && line.contains(['=', ':']);
            if encoding || (language.name == "PHP" && line.starts_with("<?php")) {
                at = line_end(at);
            }
        }
        FileKind::Document(DocumentFormat::Markdown) => {
            let fence = first(at);
            if fence == "---" || fence == "+++" {
                let mut next = line_end(at);
                while next < text.len() {
                    let line = first(next);
                    next = line_end(next);
                    if line == fence || (fence == "---" && line == "...") {
                        at = next;
                        break;
                    }
                }
            }
        }
        FileKind::Document(DocumentFormat::Xml | DocumentFormat::Html) => {
            let rest = &text[at..];
            let declaration = rest.starts_with("<?xml")
                || rest
                    .get(..9)
                    .is_some_and(|s| s.eq_ignore_ascii_case("<!doctype"));
            if declaration && let Some(close) = rest.find('>') {
                at = line_end(at + close);
            }
        }
        FileKind::Document(_) => {}
    }
    at
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::rc::Rc;
    use std::str::FromStr;

    use super::*;
    use crate::lsp::workspace::{Configs, check};

    /// The text with the edit applied.
    fn apply(document: &Document, edit: &TextEdit) -> String {
        let start = document.index.offset(&document.text, edit.range.start);
        let end = document.index.offset(&document.text, edit.range.end);
        let mut text = document.text.clone();
        text.replace_range(start..end, &edit.new_text);
        text
    }

    /// `(title, text after the edit, preferred)` for each action at the first finding.
    fn actions_for(name: &str, text: &str) -> Vec<(String, String, bool)> {
        let uri = Uri::from_str(&format!("file:///nowhere/{name}")).unwrap();
        let document = Document::new(uri, String::new(), 1, text.to_owned());
        let loaded = Configs::default().for_path(None);
        let outcome = check(&document, Rc::clone(&loaded), Some(Path::new("/nowhere")));
        let first = outcome.findings.first().expect("a finding").range.clone();
        actions(&document, &outcome, first.start..first.start)
            .into_iter()
            .map(|action| {
                let CodeActionOrCommand::CodeAction(action) = action else {
                    panic!("a command");
                };
                let edits = action.edit.unwrap().changes.unwrap().into_values().next();
                let edit = &edits.unwrap()[0];
                (
                    action.title,
                    apply(&document, edit),
                    action.is_preferred == Some(true),
                )
            })
            .collect()
    }

    fn edit_titled(name: &str, text: &str, title: &str) -> Option<String> {
        actions_for(name, text)
            .into_iter()
            .find(|(t, _, _)| t == title)
            .map(|(_, text, _)| text)
    }

    #[test]
    fn replacements_keep_case_and_prefer_the_declared_fix() {
        let actions = actions_for("a.md", "The Whitelisted hosts.\n");
        let titles: Vec<(&str, bool)> = actions
            .iter()
            .map(|(title, _, preferred)| (title.as_str(), *preferred))
            .collect();
        assert_eq!(
            titles[..3],
            [
                ("Replace with `Allowlisted`", true),
                ("Replace with `Allow listed`", false),
                ("Replace with `Permit listed`", false),
            ]
        );
        assert_eq!(actions[0].1, "The Allowlisted hosts.\n");
    }

    #[test]
    fn notes_and_descriptions_in_alternatives() {
        assert_eq!(
            split_note("nonspeaking (for people)"),
            ("nonspeaking", " (for people)")
        );
        assert_eq!(split_note("primary/replica"), ("primary/replica", ""));
        assert!(is_description("the specific nationality"));
        assert!(!is_description("the user"));
    }

    #[test]
    fn identifiers_are_replaced_here_only_and_never_preferred() {
        let actions = actions_for("a.rs", "let whitelist_path = 1;\n");
        assert_eq!(
            actions[0].0,
            "Replace with `allowlist` (this occurrence only)"
        );
        assert!(actions.iter().all(|(_, _, preferred)| !preferred));
    }

    #[test]
    fn ignore_on_this_line_in_each_comment_syntax() {
        let ignore = |name: &str, text: &str, rule: &str| {
            edit_titled(name, text, &format!("Ignore `{rule}` on this line"))
        };
        assert_eq!(
            ignore("a.rs", "let x = 1; // the whitelist\n", "whitelist").unwrap(),
            "let x = 1; // the whitelist // ally:ignore whitelist\n"
        );
        assert_eq!(
            ignore("a.py", "hosts = whitelist()\n", "whitelist").unwrap(),
            "hosts = whitelist()  # ally:ignore whitelist\n"
        );
        assert_eq!(
            ignore("a.sql", "SELECT 1; -- the whitelist\n", "whitelist").unwrap(),
            "SELECT 1; -- the whitelist -- ally:ignore whitelist\n"
        );
        assert_eq!(
            ignore("a.md", "The whitelist.\r\n", "whitelist").unwrap(),
            "The whitelist. <!-- ally:ignore whitelist -->\r\n"
        );
        assert_eq!(
            ignore("a.txt", "The whitelist.", "whitelist").unwrap(),
            "The whitelist. ally:ignore whitelist"
        );
        assert_eq!(
            ignore("a.css", ".whitelist { }\n", "whitelist").unwrap(),
            ".whitelist { } /* ally:ignore whitelist */\n"
        );
        assert_eq!(
            ignore("a.rst", "Text.\n\n   The whitelist.\n", "whitelist").unwrap(),
            "Text.\n\n   .. ally:ignore-next-line whitelist\n   The whitelist.\n"
        );
        assert_eq!(
            ignore("a.adoc", "The whitelist.\n", "whitelist").unwrap(),
            "// ally:ignore-next-line whitelist\nThe whitelist.\n"
        );
        // `;` only starts a comment at the start of a line in an INI file.
        assert_eq!(
            ignore("a.ini", "[a]\nhosts = whitelist\n", "whitelist").unwrap(),
            "[a]\n# ally:ignore-next-line whitelist\nhosts = whitelist\n"
        );
        assert_eq!(
            ignore("Dockerfile", "  RUN make whitelist\n", "whitelist").unwrap(),
            "  # ally:ignore-next-line whitelist\n  RUN make whitelist\n"
        );
    }

    #[test]
    fn ignore_on_this_line_avoids_strings_and_continuations() {
        let ignore =
            |name: &str, text: &str| edit_titled(name, text, "Ignore `whitelist` on this line");
        // The line ends inside a string: the directive goes above.
        assert_eq!(
            ignore("a.rs", "let s = \"the whitelist\n  more\";\n").unwrap(),
            "// ally:ignore-next-line whitelist\nlet s = \"the whitelist\n  more\";\n"
        );
        // The whole line is inside a string: there is nowhere to put it.
        assert_eq!(ignore("a.py", "s = '''\nthe whitelist\n'''\n"), None);
        // A comment after a continuation backslash would end the continuation.
        assert_eq!(
            ignore("a.sh", "    echo whitelist \\\n  next\n").unwrap(),
            "    # ally:ignore-next-line whitelist\n    echo whitelist \\\n  next\n"
        );
        // Strict JSON has no comments.
        assert_eq!(ignore("a.json", "{\"whitelist\": 1}\n"), None);
        assert!(ignore("a.json", "// hosts\n{\"whitelist\": 1}\n").is_some());
    }

    #[test]
    fn ignore_in_this_file_goes_after_what_must_come_first() {
        let ignore = |name: &str, text: &str| {
            edit_titled(name, text, "Ignore `whitelist` in this file").unwrap()
        };
        assert_eq!(
            ignore("a.rs", "fn main() {} // whitelist\n"),
            "// ally:disable whitelist\nfn main() {} // whitelist\n"
        );
        assert_eq!(
            ignore("run", "#!/bin/sh\necho whitelist\n"),
            "#!/bin/sh\n# ally:disable whitelist\necho whitelist\n"
        );
        assert_eq!(
            ignore("a.py", "# -*- coding: utf-8 -*-\nx = 'whitelist'\n"),
            "# -*- coding: utf-8 -*-\n# ally:disable whitelist\nx = 'whitelist'\n"
        );
        assert_eq!(
            ignore("a.md", "---\ntitle: x\n---\nThe whitelist.\n"),
            "---\ntitle: x\n---\n<!-- ally:disable whitelist -->\nThe whitelist.\n"
        );
        assert_eq!(
            ignore("a.xml", "<?xml version=\"1.0\"?>\n<a>whitelist</a>\n"),
            "<?xml version=\"1.0\"?>\n<!-- ally:disable whitelist -->\n<a>whitelist</a>\n"
        );
        assert_eq!(
            ignore("a.php", "<?php\n$whitelist = 1;\n"),
            "<?php\n// ally:disable whitelist\n$whitelist = 1;\n"
        );
        assert_eq!(
            ignore("a.rst", "The whitelist.\n"),
            ".. ally:disable whitelist\n\nThe whitelist.\n"
        );
        assert_eq!(
            ignore("a.txt", "The whitelist."),
            "ally:disable whitelist\nThe whitelist."
        );
    }
}
