//! Terms written against escape sequences and comment markers are found, at their own line and
//! column, and letters that only happen to spell a term inside encoded data are not.
//!
//! The property test covers every language of the table: a term right after each line and block
//! comment opener, right before each block comment closer, and on either side of each escape
//! sequence its string literals understand, built from the table's own data.

mod binary;
mod strategies;

use std::sync::OnceLock;

use ally::extract::{FileKind, Language, languages};
use ally::matcher::Speed;
use ally::{Linter, Policy, RuleSet, Scope};
use binary::check_json;
use proptest::prelude::*;
use strategies::written;

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| Linter::with_speed(RuleSet::builtin(), Speed::Throughput))
}

/// `(rule, line, column, scope, matched text)` of each finding in `text`, read as `language`.
fn found(language: &'static Language, text: &str) -> Vec<(String, usize, usize, Scope, String)> {
    let linter = linter();
    let policy = Policy::all(linter.rules());
    linter
        .check(text, FileKind::Code(language), &policy)
        .into_iter()
        .map(|f| {
            let rule = linter.rules().rule(f.rule).id.clone();
            (
                rule,
                f.start.line,
                f.start.column,
                f.scope,
                text[f.range].to_owned(),
            )
        })
        .collect()
}

/// A text with one term in it, and where the term must be found.
#[derive(Clone, Debug)]
struct Case {
    what: String,
    text: String,
    line: usize,
    column: usize,
    scope: Scope,
}

/// Builds a case from the text before the term, the term, and the text after it.
fn case(what: String, before: &str, term: &str, after: &str, scope: Scope) -> Case {
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Case {
        what,
        text: format!("{before}{term}{after}"),
        line,
        column,
        scope,
    }
}

/// One example of each escape sequence a literal understands, from the table's data: each
/// single character, each digit form with its most digits and, when the term cannot be read as
/// more digits, its fewest, each braced form.
fn escape_examples(language: &Language, term: &str) -> Vec<(String, String, String)> {
    let mut examples = Vec::new();
    for syntax in &language.strings {
        let (Some(escape), Some(escapes)) = (syntax.escape, syntax.escapes()) else {
            continue;
        };
        let mut sequences: Vec<String> = escapes
            .single
            .chars()
            .map(|c| format!("{escape}{c}"))
            .collect();
        for form in &escapes.digits {
            let digit = if form.base == 8 { "1" } else { "4" };
            sequences.push(format!("{escape}{}{}", form.after, digit.repeat(form.max)));
            if !term.starts_with(|c: char| c.is_digit(form.base)) {
                sequences.push(format!("{escape}{}{}", form.after, digit.repeat(form.min)));
            }
        }
        for c in escapes.braced.chars() {
            sequences.push(format!("{escape}{c}{{2014}}"));
        }
        for sequence in sequences {
            examples.push((syntax.open.clone(), sequence, syntax.close.clone()));
        }
    }
    examples
}

/// Every case for one language, with `term` as the term.
fn cases(language: &'static Language, term: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    // In a data file a value of one word is a name, not text: the cases between escapes put a
    // word before the term there.
    let data = ["JSON", "YAML", "TOML", "INI", "CSV"].contains(&language.name.as_str());
    // Line comments, at the start of the second line: every marker counts there, except that
    // in CSV `#` opens a comment only before a space (`#id,name` is a common header row).
    for marker in &language.line_comments {
        if language.name == "CSV" {
            continue;
        }
        cases.push(case(
            format!("after line comment {marker:?}"),
            &format!("\n{marker}"),
            term,
            " harbor\n",
            Scope::Comment,
        ));
    }
    let mut blocks: Vec<(String, String, bool)> = language
        .block_comments
        .iter()
        .map(|b| (b.open.clone(), b.close.clone(), b.line_start))
        .collect();
    if language
        .special
        .iter()
        .any(|s| format!("{s:?}") == "LuaLong")
    {
        blocks.push(("--[[".into(), "]]".into(), false));
        blocks.push(("--[==[".into(), "]==]".into(), false));
    }
    for (open, close, line_start) in blocks {
        if line_start {
            // Delimiters that must stand at the start of a line (`=begin`, `=pod`) are words
            // of their own, followed by a line break.
            cases.push(case(
                format!("after block opener {open:?}"),
                &format!("{open}\n"),
                term,
                &format!(" harbor\n{close}\n"),
                Scope::Comment,
            ));
            cases.push(case(
                format!("before block closer {close:?}"),
                &format!("{open}\nharbor "),
                term,
                &format!("\n{close}\n"),
                Scope::Comment,
            ));
        } else {
            cases.push(case(
                format!("after block opener {open:?}"),
                &format!("x = 1\n{open}"),
                term,
                &format!(" harbor{close}\n"),
                Scope::Comment,
            ));
            cases.push(case(
                format!("before block closer {close:?}"),
                &format!("x = 1\n{open}harbor "),
                term,
                &format!("{close}\n"),
                Scope::Comment,
            ));
            cases.push(case(
                format!("alone in block {open:?} {close:?}"),
                &format!("x = 1\n{open}"),
                term,
                &format!("{close}\n"),
                Scope::Comment,
            ));
        }
    }
    for (open, escape, close) in escape_examples(language, term) {
        // `\/whitelist` stands for the path `/whitelist`: only a term before it is a word.
        let slash = escape.ends_with('/');
        // A word right after the escape would make `term\\word` a Windows path.
        cases.push(case(
            format!("before escape {escape:?} in {open:?}"),
            &format!("x = {open}harbor "),
            term,
            &format!("{escape}{close}\n"),
            Scope::String,
        ));
        if slash {
            continue;
        }
        // Right after the opening quote: a backtick escape (PowerShell) only counts where it
        // cannot open a literal of another language, after a letter, a digit or a quote.
        cases.push(case(
            format!("after escape {escape:?} in {open:?}"),
            &format!("x = {open}{escape}"),
            term,
            &format!(" lantern{close}\n"),
            Scope::String,
        ));
        let first_word = if data { "harbor " } else { "" };
        cases.push(case(
            format!("between escapes {escape:?} in {open:?}"),
            &format!("x = {open}{first_word}{escape}"),
            term,
            &format!("{escape}{close}\n"),
            Scope::String,
        ));
    }
    cases
}

/// The term is found exactly once, where it was placed, as what it was placed in.
fn check(language: &'static Language, case: &Case, term: &str, rule: &str) -> Result<(), String> {
    let want = vec![(
        rule.to_owned(),
        case.line,
        case.column,
        case.scope,
        term.to_owned(),
    )];
    let got = found(language, &case.text);
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "{}: {}: {:?}\n  expected {want:?}\n  found    {got:?}",
            language.name, case.what, case.text
        ))
    }
}

/// Terms of plain rules, with their rule, to place in the cases.
const TERMS: &[(&str, &str)] = &[
    ("whitelist", "whitelist"),
    ("blacklist", "blacklist"),
    ("master", "master"),
    ("slave", "slave"),
];

#[test]
fn terms_against_every_comment_marker_and_escape_of_every_language_are_found() {
    let mut failures = Vec::new();
    let mut count = 0;
    for language in languages().all() {
        for case in cases(language, "whitelist") {
            count += 1;
            if let Err(e) = check(language, &case, "whitelist", "whitelist") {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every language has comments; most have escapes.
    assert!(count > 500, "only {count} cases");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The same placements with other terms, written in any case, after a random number of
    /// lines.
    #[test]
    fn any_term_in_any_case_is_found_against_markers_and_escapes(
        which_language in any::<prop::sample::Index>(),
        which_case in any::<prop::sample::Index>(),
        which_term in any::<prop::sample::Index>(),
        case_style in any::<u8>(),
        lines in 0usize..4,
    ) {
        let all = languages().all();
        let language = &all[which_language.index(all.len())];
        let (term, rule) = TERMS[which_term.index(TERMS.len())];
        let term = written(term, case_style);
        let cases = cases(language, &term);
        prop_assume!(!cases.is_empty());
        let mut case = cases[which_case.index(cases.len())].clone();
        case.text = format!("{}{}", "\n".repeat(lines), case.text);
        case.line += lines;
        check(language, &case, &term, rule).map_err(TestCaseError::fail)?;
    }
}

/// Letters inside an escape are not a word: `\blacklist` in C is a backspace and `lacklist`,
/// `\nwhitelist` never makes a word `nwhitelist`, and a raw literal has no escapes.
#[test]
fn escapes_belong_to_no_word() {
    let c = languages().by_name("C").unwrap();
    assert_eq!(found(c, "s = \"\\blacklist\";\n"), []);
    assert_eq!(found(c, "s = \"\\x41bad\\nxdummy\";\n"), []);
    let python = languages().by_name("Python").unwrap();
    // An escape Python does not know stands for itself: a backslash, then the word.
    assert_eq!(
        found(python, "s = \"\\master\"\n"),
        [("master".into(), 1, 7, Scope::String, "master".into())]
    );
    let rust = languages().by_name("Rust").unwrap();
    assert_eq!(
        found(rust, "let s = r\"\\blacklist\";\n"),
        [("blacklist".into(), 1, 12, Scope::String, "blacklist".into())]
    );
}

/// The examples of the issue, through the binary: each gives exactly one finding, at its line
/// and column, in its scope.
#[test]
fn the_reported_examples_are_found_at_their_position() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "spi.c",
            "static int probe(struct device *dev)\n{\n\tdev_err(dev, \"Unable to allocate SPI Master\\n\");\n\treturn -ENOMEM;\n}\n",
            (3, 39, "master", "string"),
        ),
        (
            "uart.c",
            "#define UART_OVERRUN 4\n\t/*Slave data overrun */\n",
            (2, 4, "slave", "comment"),
        ),
        (
            "ioctl.c",
            "int n;\n//whitelist of ioctls\n",
            (2, 3, "whitelist", "comment"),
        ),
        (
            "load.go",
            "package main\n\nfunc main() {\n\tfmt.Printf(\"\\nblacklist loaded\\n\")\n}\n",
            (4, 16, "blacklist", "string"),
        ),
        (
            "reach.py",
            "def reach():\n    print(\"Could not reach the master\\n\")\n",
            (2, 32, "master", "string"),
        ),
    ];
    for (name, text, _) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    for (name, _, (line, column, rule, scope)) in files {
        let (json, code, stderr) = check_json(dir.path(), &[name]);
        // `SPI Master` is the SPI specification's name for the role, reported at info as
        // another project's name, which fails no build.
        let external = name == "spi.c";
        assert_eq!(code, if external { 0 } else { 1 }, "{name}: {stderr}");
        assert_eq!(
            json["findings"][0]["external"]["group"].as_str(),
            external.then_some("bus-specifications"),
            "{name}"
        );
        let rows: Vec<(u64, u64, String, String)> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["rule"].as_str().unwrap().to_owned(),
                    f["scope"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [(line, column, rule.to_owned(), scope.to_owned())],
            "{name}"
        );
    }
}

/// Hashes, keys and encoded blobs in realistic places hold no finding; names made of words
/// next to them still do.
#[test]
fn encoded_data_has_no_findings_and_names_still_do() {
    let js = languages().by_name("JavaScript").unwrap();
    let text = concat!(
        "const script = '<script src=\"x.js\" integrity=\"sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlMaster1kPzQho1wx4JwY8wC\">';\n",
        "const token = \"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_Jap5c\";\n",
        "const key = `-----BEGIN PUBLIC KEY-----\n",
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n",
        "4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n",
        "+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPg1slave5MghRniWaoLcyeh\n",
        "kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ\n",
        "0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg\n",
        "cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc\n",
        "mwIDAQAB\n",
        "-----END PUBLIC KEY-----`;\n",
        "const commit = \"9fceb02d0ae598e95dc970b74767f19372d61af8\";\n",
        "const id = \"123e4567-e89b-12d3-a456-426614174000\";\n",
        "const MasterKey = 0xWhitelist + whitelist_v2;\n",
    );
    let rows: Vec<(String, usize, usize, Scope)> = found(js, text)
        .into_iter()
        .map(|(rule, line, column, scope, _)| (rule, line, column, scope))
        .collect();
    assert_eq!(
        rows,
        [
            ("master".into(), 14, 7, Scope::Identifier),
            ("whitelist".into(), 14, 21, Scope::Identifier),
            ("whitelist".into(), 14, 33, Scope::Identifier),
        ]
    );
}
