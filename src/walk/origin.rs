//! Whose words a file holds. Generated code, lockfiles and vendored copies of other projects are
//! not the author's writing: a finding there cannot be fixed where it is reported, so the walk
//! leaves them out by default (`--include-generated` checks them) and the summary counts them.
//!
//! A file is generated when its name says so (lockfiles, minified bundles), when a
//! `.gitattributes` file marks it `linguist-generated`, or when its first lines say so
//! (`Code generated … DO NOT EDIT.`, `@generated`). It is vendored when it sits in a `vendor/`,
//! `third_party/` or `node_modules/` folder, or is marked `linguist-vendored`. The attributes
//! follow GitHub Linguist, so a repository that already tells GitHub which files are generated
//! tells ally too.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher};

/// Why a file is not the author's own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Written by a program: generated code, a lockfile, a minified bundle.
    Generated,
    /// A copy of another project's files.
    Vendored,
}

impl Origin {
    /// `generated` or `vendored`, as reports name it.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Generated => "generated",
            Origin::Vendored => "vendored",
        }
    }
}

/// An origin with the evidence for it, for `ally config PATH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// What the file is.
    pub origin: Origin,
    /// Why ally thinks so, in words (`a lockfile`, `inside node_modules/`).
    pub reason: String,
}

/// Folders that hold other projects' files, by the names package managers and build tools give
/// them.
const VENDOR_FOLDERS: &[&str] = &[
    "vendor",
    "vendors",
    "third_party",
    "third-party",
    "thirdparty",
    "node_modules",
    "bower_components",
    "jspm_packages",
];

/// Files that package managers write and nobody edits by hand.
const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "deno.lock",
    "Cargo.lock",
    "go.sum",
    "go.work.sum",
    "poetry.lock",
    "Pipfile.lock",
    "pdm.lock",
    "uv.lock",
    "pylock.toml",
    "Gemfile.lock",
    "composer.lock",
    "mix.lock",
    "flake.lock",
    "pubspec.lock",
    "Package.resolved",
    "Podfile.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "conan.lock",
    "shard.lock",
    ".terraform.lock.hcl",
];

/// Name endings of files that a build writes: minified bundles and their source maps.
const GENERATED_SUFFIXES: &[&str] = &[".min.js", ".min.mjs", ".min.css", ".js.map", ".css.map"];

/// Name endings of a program's recorded output (expected test output, a captured run): the
/// words in it are what the program printed.
const OUTPUT_SUFFIXES: &[&str] = &[".out", ".stdout", ".stderr"];

/// Whether a file name is a licence's (`LICENSE`, `LICENCE.txt`, `COPYING.BSD`,
/// `LICENSE-MIT`): written in capitals, with at most one suffix, so that `docs/license.rst` (a
/// page) and `LICENSE.txt.erb` (a template) are not.
fn is_licence_name(name: &str) -> bool {
    ["LICENSE", "LICENCE", "COPYING"].iter().any(|stem| {
        name.strip_prefix(stem).is_some_and(|rest| {
            rest.is_empty()
                || (rest.len() > 1
                    && rest.starts_with(['.', '-'])
                    && rest[1..].chars().all(|c| c.is_ascii_alphanumeric()))
        })
    })
}

/// What a file's path alone says: a lockfile, a minified bundle, or a file below a vendor
/// folder. Only the components of `relative` count, so that checking a project that itself
/// lives in a folder named `vendor` does not skip the whole project.
pub fn of_path(relative: &Path) -> Option<Evidence> {
    let name = relative.file_name()?.to_str()?;
    if LOCKFILES.contains(&name) {
        return Some(Evidence {
            origin: Origin::Generated,
            reason: "a lockfile".to_owned(),
        });
    }
    if GENERATED_SUFFIXES
        .iter()
        .any(|suffix| name.ends_with(suffix))
    {
        return Some(Evidence {
            origin: Origin::Generated,
            reason: "a minified bundle or source map, by its name".to_owned(),
        });
    }
    if OUTPUT_SUFFIXES.iter().any(|suffix| name.ends_with(suffix)) {
        return Some(Evidence {
            origin: Origin::Generated,
            reason: "a program's recorded output, by its name".to_owned(),
        });
    }
    // A licence is its authors' legal text (the GPL, a Creative Commons deed): changing a word
    // changes the licence.
    if is_licence_name(name) {
        return Some(Evidence {
            origin: Origin::Vendored,
            reason: "a licence text, whose words are its authors'".to_owned(),
        });
    }
    let mut folders = relative.parent()?.components().filter_map(|c| match c {
        Component::Normal(name) => name.to_str(),
        _ => None,
    });
    // `deps/` at the top holds vendored dependencies (Redis, Node.js, Elixir's mix); deeper
    // down the name is too common to mean that.
    let first = folders.next()?;
    let vendor = std::iter::once(first)
        .chain(folders)
        .find(|folder| VENDOR_FOLDERS.contains(folder))
        .or((first == "deps").then_some(first))?;
    Some(Evidence {
        origin: Origin::Vendored,
        reason: format!("inside a {vendor}/ folder"),
    })
}

/// How many lines, and bytes, of a file's start are read for a header that says it is
/// generated. Go puts its marker after the licence, so a few lines are not enough.
const HEADER_LINES: usize = 40;
const HEADER_BYTES: usize = 8 * 1024;

/// How a file writes comments, as far as its header is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentSyntax {
    /// Source code and data: any of the common line and block comment markers.
    Code,
    /// Markup: only markup comments (`<!--`, reStructuredText's `..`, AsciiDoc's
    /// `//`); a Markdown heading that starts with `#` is text, not a comment.
    Document,
}

impl From<crate::extract::FileKind> for CommentSyntax {
    fn from(kind: crate::extract::FileKind) -> CommentSyntax {
        use crate::extract::{DocumentFormat, FileKind};
        match kind {
            // Plain text is whatever ally has no reader for (`requirements.txt`, `.def`,
            // `.tpl`): its header may be in any syntax.
            FileKind::Document(DocumentFormat::Text) | FileKind::Code(_) => CommentSyntax::Code,
            FileKind::Document(_) => CommentSyntax::Document,
        }
    }
}

/// Whether the leading comments of `text` say that a program wrote it: Go's `Code generated …
/// DO NOT EDIT.`, the `@generated` tag, or a comment sentence that opens with `Generated by`,
/// `Auto-generated` or `This file is automatically generated`. Only the comment lines before
/// the first line of code or text count: a generator script that writes such a header further
/// down, or a comment about another file, does not make its own file generated.
pub fn has_generated_header(text: &str, syntax: CommentSyntax) -> bool {
    let mut cut = text.len().min(HEADER_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let openers = match syntax {
        CommentSyntax::Code => CODE_OPENERS,
        CommentSyntax::Document => DOCUMENT_OPENERS,
    };
    if syntax == CommentSyntax::Document && front_matter_says_generated(&text[..cut]) {
        return true;
    }
    if syntax == CommentSyntax::Code && is_template_first_line(text.lines().next()) {
        return true;
    }
    // Inside a block comment or docstring that an earlier line opened, every line is comment.
    let mut open_block: Option<&str> = None;
    // Whether the previous comment line ended a sentence, so that this one starts one.
    let mut sentence_starts = true;
    for line in text[..cut].lines().take(HEADER_LINES) {
        let line = line.trim();
        if line.starts_with("#!") {
            continue;
        }
        let comment = openers
            .iter()
            .find_map(|opener| line.strip_prefix(opener))
            .or(open_block.map(|_| line));
        let Some(comment) = comment else {
            if line.is_empty() || is_preamble(line) {
                sentence_starts = true;
                continue;
            }
            return false;
        };
        let words = comment.trim_matches(|c: char| c.is_whitespace() || "*#/-!=<>{}".contains(c));
        // A capital opens a sentence too, whatever the line before ended with.
        let opens_sentence = sentence_starts || words.starts_with(char::is_uppercase);
        // Every marker says `generat…`: most lines are passed over without a closer look.
        if mentions_generat(words) && says_generated(&words.to_ascii_lowercase(), opens_sentence) {
            return true;
        }
        sentence_starts = words.is_empty() || words.ends_with(['.', ':', '!', '?']);
        open_block = match open_block {
            Some(closer) if line.contains(closer) => None,
            Some(closer) => Some(closer),
            // A header's block comment opens at the start of its line (`/*`, `"""`, `{{- /*`).
            None => {
                let start = line.get(..8).unwrap_or(line);
                BLOCK_COMMENTS.iter().find_map(|(opener, closer)| {
                    let after = &line[start.find(opener)? + opener.len()..];
                    (!after.contains(closer)).then_some(*closer)
                })
            }
        };
    }
    false
}

/// First lines that a program writes at the top of a settings template it makes for the user
/// to fill in: the comments below are the program's, not the project's (`doxygen -g` writes
/// `# Doxyfile 1.9.8` and a page of explanations).
const TEMPLATE_FIRST_LINES: &[&str] = &["# Doxyfile "];

/// Whether `line` is one of [`TEMPLATE_FIRST_LINES`] followed by the program's version.
fn is_template_first_line(line: Option<&str>) -> bool {
    TEMPLATE_FIRST_LINES.iter().any(|first| {
        line.and_then(|line| line.trim_end().strip_prefix(first))
            .is_some_and(|version| {
                version.starts_with(|c: char| c.is_ascii_digit())
                    && version.chars().all(|c| c.is_ascii_digit() || c == '.')
            })
    })
}

/// Whether a document's front matter (the `---` block of Jekyll, Hugo and others) has a value
/// that says the page is generated: `note: This file is autogenerated. Edit /History.markdown
/// instead.`
fn front_matter_says_generated(text: &str) -> bool {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    lines
        .take(HEADER_LINES)
        .take_while(|line| !matches!(line.trim_end(), "---" | "..."))
        .filter_map(|line| line.split_once(':'))
        .any(|(_, value)| {
            let value = value.trim().trim_matches(['"', '\'']);
            mentions_generat(value) && says_generated(&value.to_ascii_lowercase(), true)
        })
}

/// Whether `words` holds `generat` in any case, found without allocating.
fn mentions_generat(words: &str) -> bool {
    let bytes = words.as_bytes();
    memchr::memchr2_iter(b'g', b'G', bytes).any(|at| {
        bytes
            .get(at + 1..at + 7)
            .is_some_and(|rest| rest.eq_ignore_ascii_case(b"enerat"))
    })
}

/// Lines that may come before a file's header comment: a shebang, an XML declaration or
/// doctype, a YAML document start, an opening bracket.
fn is_preamble(line: &str) -> bool {
    line.starts_with("#!")
        || line.starts_with("<?xml")
        || line.to_ascii_lowercase().starts_with("<!doctype")
        || matches!(line, "---" | "{" | "[" | "(" | "<html>")
}

/// Line comment openers of code and data, longest first; `"` is Vim's, and also how a JSON
/// file, which has no comments, writes a `"//": "…"` note.
const CODE_OPENERS: &[&str] = &[
    "{{- /*", "{{/*", "<!--", "/**", "/*", "//", "(*", "{-", "--", "\"\"\"", "'''", "#", ";", "%",
    "*", "!", "\"", "rem ", "REM ",
];

/// Comment openers of markup and prose documents.
const DOCUMENT_OPENERS: &[&str] = &["<!--", ".. ", "//"];

/// Block comments and docstrings, whose inner lines need no marker of their own.
const BLOCK_COMMENTS: &[(&str, &str)] = &[
    ("/*", "*/"),
    ("<!--", "-->"),
    ("\"\"\"", "\"\"\""),
    ("'''", "'''"),
    ("(*", "*)"),
    ("{-", "-}"),
];

/// Whether the words of one comment line (lower case) say the file is generated. The
/// explicit markers count anywhere in the line; a phrase such as `generated by` only where it
/// opens a sentence, so that `… not present in this autogenerated file.` (Sphinx's own
/// template) is not a header.
fn says_generated(words: &str, sentence_starts: bool) -> bool {
    if is_tag(words, "@generated") {
        return true;
    }
    if (words.contains("do not edit") || words.contains("don't edit"))
        && words.contains("generated")
    {
        return true;
    }
    const OPENINGS: &[&str] = &[
        "code generated ",
        "generated by ",
        "generated from ",
        "generated automatically",
        "generated file",
        "auto-generated",
        "autogenerated",
        "auto generated",
        "automatically generated",
        "machine generated",
        "machine-generated",
        "this file is generated",
        "this file was generated",
        "this file has been generated",
        "this file is auto",
        "this file was auto",
        "this file is automatically",
        "this file was automatically",
        "this file has been automatically",
        "this is a generated file",
        "this is an auto",
        "this is an automatically",
    ];
    sentence_starts && OPENINGS.iter().any(|opening| words.starts_with(opening))
}

/// Whether `tag` occurs in `line` as a whole token (`@generated`, not `@generatedAt`).
fn is_tag(line: &str, tag: &str) -> bool {
    line.match_indices(tag).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + tag.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric())
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The `linguist-generated` and `linguist-vendored` lines of one `.gitattributes` file.
#[derive(Debug)]
struct AttributeFile {
    lines: Vec<AttributeLine>,
}

#[derive(Debug)]
struct AttributeLine {
    /// Matches paths relative to the file's folder (patterns with a slash) or file names.
    pattern: GlobMatcher,
    whole_path: bool,
    generated: Option<bool>,
    vendored: Option<bool>,
}

impl AttributeFile {
    /// Reads the lines that set, unset or reset a linguist attribute. Other lines, and lines
    /// whose pattern is not a valid glob, say nothing about origin and are passed over, as git
    /// passes over what it cannot parse.
    fn read(path: &Path) -> Option<AttributeFile> {
        let text = std::fs::read_to_string(path).ok()?;
        let lines: Vec<AttributeLine> = text.lines().filter_map(AttributeLine::parse).collect();
        (!lines.is_empty()).then_some(AttributeFile { lines })
    }

    /// What this file says of `relative` (a path below its folder), the last line deciding.
    fn says(&self, relative: &Path, name: &str, origin: Origin) -> Option<bool> {
        self.lines
            .iter()
            .rev()
            .filter_map(|line| {
                let value = match origin {
                    Origin::Generated => line.generated,
                    Origin::Vendored => line.vendored,
                }?;
                let matched = if line.whole_path {
                    line.pattern.is_match(relative)
                } else {
                    line.pattern.is_match(name)
                };
                matched.then_some(value)
            })
            .next()
    }
}

impl AttributeLine {
    fn parse(line: &str) -> Option<AttributeLine> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || !line.contains("linguist-") {
            return None;
        }
        let mut words = line.split_whitespace();
        let pattern = words.next()?;
        let (mut generated, mut vendored) = (None, None);
        for word in words {
            let (name, value) = match word.split_once('=') {
                Some((name, value)) => (name, !matches!(value, "false" | "0")),
                None => match word.strip_prefix(['-', '!']) {
                    Some(name) => (name, false),
                    None => (word, true),
                },
            };
            match name {
                "linguist-generated" => generated = Some(value),
                "linguist-vendored" => vendored = Some(value),
                _ => {}
            }
        }
        if generated.is_none() && vendored.is_none() {
            return None;
        }
        // As in git: a pattern with a slash (other than a trailing one) is anchored to the
        // attribute file's folder; one without matches the file name at any depth.
        let trimmed = pattern.trim_end_matches('/');
        let whole_path = trimmed.contains('/');
        let glob = trimmed.trim_start_matches('/');
        let pattern = GlobBuilder::new(glob)
            .literal_separator(whole_path)
            .backslash_escape(true)
            .build()
            .or_else(|_| Glob::new(&globset::escape(glob)))
            .ok()?
            .compile_matcher();
        Some(AttributeLine {
            pattern,
            whole_path,
            generated,
            vendored,
        })
    }
}

/// The `.gitattributes` files that apply in each folder, read once per folder, from the folder
/// up to the top of its repository. Used by the walk, which visits each folder's files together.
#[derive(Debug, Default)]
pub struct Attributes {
    /// For each folder, the attribute files in effect.
    chains: HashMap<PathBuf, Chain>,
    /// The same, by the folder as the caller names it (relative, as walked).
    by_given: HashMap<PathBuf, Chain>,
    /// The last folder asked about and its chain: the walk visits a folder's files together,
    /// so most files need neither a hash nor a lookup.
    last: Option<(PathBuf, Chain)>,
    /// For each folder, the licence texts of the nearest folder at or above it that has any.
    licences: HashMap<PathBuf, Option<Arc<BTreeSet<String>>>>,
    /// For each folder, the third-party notices of the nearest folder at or above it.
    notices: HashMap<PathBuf, Option<Arc<Notices>>>,
}

/// A third-party notices file (`ThirdPartyNotices.md`, `THIRD-PARTY-NOTICES.txt`): the project's
/// list of the other projects' code it includes, one heading each.
#[derive(Debug)]
struct Notices {
    /// The file's name, for the reason a report gives.
    file: String,
    /// The headings, in lower case (`libfdt`).
    components: HashSet<String>,
}

impl Notices {
    /// The notices file of `folder`, if it has one with headings.
    fn read(listing: &[std::fs::DirEntry]) -> Option<Notices> {
        const LIMIT: u64 = 256 * 1024;
        let entry = listing.iter().find(|entry| {
            is_notices_name(&entry.file_name()) && entry.file_type().is_ok_and(|t| t.is_file())
        })?;
        let text = read_start(&entry.path(), LIMIT)?;
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let underline = |line: &str| {
            line.len() >= 3 && (line.bytes().all(|b| b == b'-') || line.bytes().all(|b| b == b'='))
        };
        let components: HashSet<String> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let heading = match line.strip_prefix('#') {
                    Some(atx) => atx.trim_matches(|c: char| c == '#' || c.is_whitespace()),
                    None if !line.is_empty() && lines.get(i + 1).is_some_and(|l| underline(l)) => {
                        line
                    }
                    None => return None,
                };
                (heading.len() >= 2).then(|| heading.to_lowercase())
            })
            .collect();
        (!components.is_empty()).then(|| Notices {
            file: entry.file_name().to_string_lossy().into_owned(),
            components,
        })
    }
}

/// Whether a file name is that of a third-party notices file (`ThirdPartyNotices.txt`,
/// `THIRD-PARTY-NOTICES.md`): its stem, without case and punctuation, starts with
/// `thirdpartynotice`. Every name of every folder is asked, so it allocates nothing.
fn is_notices_name(name: &std::ffi::OsStr) -> bool {
    const WANTED: &[u8] = b"thirdpartynotice";
    let stem = name.as_encoded_bytes().split(|&b| b == b'.').next();
    let mut letters = stem
        .unwrap_or_default()
        .iter()
        // Non-ASCII letters stay, and differ from every wanted one.
        .filter(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
        .map(u8::to_ascii_lowercase);
    WANTED.iter().all(|&wanted| letters.next() == Some(wanted))
}

/// What a folder says about the files below it.
#[derive(Debug)]
enum FolderMark {
    /// Its `.gitattributes` lines.
    Attributes(AttributeFile),
    /// A `.buildinfo`: the folder is the output of a Sphinx build (HTML, copied sources and
    /// bundled scripts), which the project's real sources generate.
    SphinxBuild,
    /// `.openapi-generator/`: the files, relative to the folder, that OpenAPI Generator wrote
    /// and will write again (its `FILES`), and the names of the API descriptions it read (it
    /// keeps a `NAME.sha256` of each). A description inside the generator's output folder is
    /// a copy of the API's, as in the clients generated for Kubernetes.
    OpenApi {
        written: HashSet<PathBuf>,
        inputs: Vec<String>,
    },
    /// A licence file unlike those of the folders above: the folder is another project's code
    /// copied in (a library kept in `scripts/` or `lib/`), which no vendor folder name marks.
    OwnLicence(String),
    /// The folder's name is a heading of the third-party notices file (named here) of a folder
    /// above: the project says that it is another project's code.
    NamedInNotices(String),
}

/// The first `limit` bytes of a small text file that a folder's origin is read from, or
/// `None` if it cannot be read as UTF-8.
fn read_start(path: &Path, limit: u64) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(file, limit), &mut text).ok()?;
    Some(text)
}

/// The texts of a folder's licence files (`LICENSE`, `LICENCE.txt`, `COPYING.BSD`, …), each
/// reduced to its words without the copyright lines, so that a package of a monorepo that
/// repeats the project's licence with another year or holder is still the project's own.
fn licence_texts(listing: &[std::fs::DirEntry]) -> Option<(String, BTreeSet<String>)> {
    const LIMIT: u64 = 64 * 1024;
    let mut first = None;
    let mut texts = BTreeSet::new();
    for entry in listing {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_licence_name(name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Some(text) = read_start(&entry.path(), LIMIT) else {
            continue;
        };
        let words: Vec<String> = text
            .lines()
            .filter(|line| {
                let lower = line.to_lowercase();
                !lower.contains("copyright") && !lower.contains("(c)")
            })
            .flat_map(|line| line.split(|c: char| !c.is_alphabetic()))
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            continue;
        }
        texts.insert(words.join(" "));
        if first.as_ref().is_none_or(|f: &String| name < f.as_str()) {
            first = Some(name.to_owned());
        }
    }
    Some((first?, texts))
}

/// The marks in effect in one folder, nearest first, each with the folder it is in.
type Chain = Arc<[(PathBuf, Arc<FolderMark>)]>;

impl Attributes {
    /// What `.gitattributes` says of the file at `path`: generated, vendored, or nothing.
    pub fn of(&mut self, path: &Path) -> Option<Evidence> {
        let given = match path.parent()? {
            folder if folder.as_os_str().is_empty() => Path::new("."),
            folder => folder,
        };
        // Keyed by the folder as the walk names it, so that a file costs a lookup and no
        // system call; the folder is made absolute once.
        let chain = match &self.last {
            Some((folder, chain)) if folder == given => Arc::clone(chain),
            _ => {
                let chain = match self.by_given.get(given) {
                    Some(chain) => Arc::clone(chain),
                    None => {
                        let chain = self.chain(&crate::config::absolute(given));
                        self.by_given
                            .insert(given.to_path_buf(), Arc::clone(&chain));
                        chain
                    }
                };
                self.last = Some((given.to_path_buf(), Arc::clone(&chain)));
                chain
            }
        };
        if chain.is_empty() {
            return None;
        }
        let absolute = crate::config::absolute(path);
        let name = absolute.file_name()?.to_str()?;
        let mut own = false;
        let mut own_copy = false;
        for origin in [Origin::Generated, Origin::Vendored] {
            // The nearest file that says anything decides, as in git.
            let decided = chain.iter().find_map(|(dir, mark)| {
                let FolderMark::Attributes(file) = &**mark else {
                    return None;
                };
                let relative = absolute.strip_prefix(dir).ok()?;
                file.says(relative, name, origin)
            });
            match decided {
                Some(true) => {
                    return Some(Evidence {
                        origin,
                        reason: format!("marked linguist-{} in .gitattributes", origin.name()),
                    });
                }
                // `-linguist-generated` is the project's word that the file is its own, and
                // `-linguist-vendored` that the folder's licence does not make it a copy.
                Some(false) if origin == Origin::Generated => own = true,
                Some(false) => own_copy = true,
                _ => {}
            }
        }
        if own {
            return None;
        }
        chain.iter().find_map(|(dir, mark)| {
            let (origin, reason) = match &**mark {
                FolderMark::SphinxBuild => (
                    Origin::Generated,
                    "inside a Sphinx build folder (it has a .buildinfo)".to_owned(),
                ),
                FolderMark::OpenApi { written, .. }
                    if written.contains(absolute.strip_prefix(dir).ok()?) =>
                {
                    (
                        Origin::Generated,
                        "listed in .openapi-generator/FILES".to_owned(),
                    )
                }
                FolderMark::OpenApi { inputs, .. }
                    if absolute.parent() == Some(dir.as_path())
                        && inputs.iter().any(|input| name.starts_with(input.as_str())) =>
                {
                    (
                        Origin::Vendored,
                        "an API description that OpenAPI Generator read (its checksum is in .openapi-generator/)".to_owned(),
                    )
                }
                FolderMark::OwnLicence(licence) if !own_copy => (
                    Origin::Vendored,
                    format!(
                        "its folder {}/ has a licence of its own ({licence}), unlike the folders above",
                        dir.file_name()?.to_string_lossy()
                    ),
                ),
                FolderMark::NamedInNotices(notices) if !own_copy => (
                    Origin::Vendored,
                    format!(
                        "its folder {}/ is third-party code, as {notices} says",
                        dir.file_name()?.to_string_lossy()
                    ),
                ),
                _ => return None,
            };
            Some(Evidence { origin, reason })
        })
    }

    fn chain(&mut self, folder: &Path) -> Chain {
        if let Some(chain) = self.chains.get(folder) {
            return Arc::clone(chain);
        }
        let is_top = folder.join(".git").exists();
        let parent_chain = match folder.parent() {
            Some(parent) if !is_top => self.chain(parent),
            _ => Arc::from(Vec::new()),
        };
        let inherited = match folder.parent() {
            Some(parent) if !is_top => self.licences.get(parent).cloned().flatten(),
            _ => None,
        };
        // One listing of the folder serves every question asked of its file names; only the
        // names that could answer one are kept.
        let listing: Vec<std::fs::DirEntry> = std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|entry| {
                        let name = entry.file_name();
                        is_notices_name(&name) || name.to_str().is_some_and(is_licence_name)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let own_licence = licence_texts(&listing);
        let differs = match (&own_licence, &inherited) {
            (Some((_, own)), Some(above)) => !own.is_subset(above),
            _ => false,
        };
        let nearest = match own_licence {
            Some((name, texts)) => {
                let texts = Arc::new(texts);
                (differs.then_some(name), Some(texts))
            }
            None => (None, inherited),
        };
        self.licences.insert(folder.to_path_buf(), nearest.1);
        let notices_above = match folder.parent() {
            Some(parent) if !is_top => self.notices.get(parent).cloned().flatten(),
            _ => None,
        };
        let named_in_notices = notices_above.as_ref().and_then(|notices| {
            let name = folder.file_name()?.to_str()?.to_lowercase();
            notices
                .components
                .contains(&name)
                .then(|| FolderMark::NamedInNotices(notices.file.clone()))
        });
        let notices = Notices::read(&listing).map(Arc::new).or(notices_above);
        self.notices.insert(folder.to_path_buf(), notices);
        let generator = folder.join(".openapi-generator");
        let marks = [
            AttributeFile::read(&folder.join(".gitattributes")).map(FolderMark::Attributes),
            folder
                .join(".buildinfo")
                .is_file()
                .then_some(FolderMark::SphinxBuild),
            std::fs::read_to_string(generator.join("FILES"))
                .ok()
                .map(|list| FolderMark::OpenApi {
                    written: list
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(PathBuf::from)
                        .collect(),
                    inputs: std::fs::read_dir(&generator)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .filter_map(|entry| {
                            let name = entry.file_name().into_string().ok()?;
                            let input = name.strip_suffix(".sha256")?;
                            // `swagger.json-default.sha256` is a second checksum of the same
                            // `swagger.json`.
                            Some(input.strip_suffix("-default").unwrap_or(input).to_owned())
                        })
                        .collect(),
                }),
            nearest.0.map(FolderMark::OwnLicence),
            named_in_notices,
        ];
        let chain: Arc<[_]> = if marks.iter().all(Option::is_none) {
            parent_chain
        } else {
            marks
                .into_iter()
                .flatten()
                .map(|mark| (folder.to_path_buf(), Arc::new(mark)))
                .chain(parent_chain.iter().cloned())
                .collect()
        };
        self.chains.insert(folder.to_path_buf(), Arc::clone(&chain));
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_files_are_known_by_their_stem() {
        for name in [
            "ThirdPartyNotices.txt",
            "THIRD-PARTY-NOTICES.md",
            "third_party_notice",
            "ThirdPartyNotices",
        ] {
            assert!(is_notices_name(name.as_ref()), "{name}");
        }
        for name in [
            "NOTICES.md",
            "third.party-notices.txt",
            "thirdéparty-notices.txt",
            "ThirdParty",
            "",
        ] {
            assert!(!is_notices_name(name.as_ref()), "{name}");
        }
    }

    #[test]
    fn headers_that_say_generated_are_found_in_any_comment_syntax() {
        for header in [
            "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n",
            "// Copyright 2020\n// Licence text\n\n// Code generated by mockery v2. DO NOT EDIT.\n",
            "# This file is automatically generated by pip-compile\n",
            "/*\n * Automatically generated file; DO NOT EDIT.\n */\n",
            "<!-- Generated by javadoc (17) -->\n<html>",
            "# @generated by Sapling\n",
            "{\n  \"//\": \"This file is generated. Do not edit.\",\n  \"a\": 1\n}\n",
            "-- Autogenerated by Thrift Compiler\n",
            "{{- /*\nGenerated from 'etcd' from https://github.com/etcd-io/etcd.git\n*/ -}}\n",
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# Generated by Django 4.2 on 2024-01-01\n",
            "\"\"\"\nThis file was generated by the build.\n\"\"\"\n",
        ] {
            assert!(
                has_generated_header(header, CommentSyntax::Code),
                "{header}"
            );
        }
    }

    #[test]
    fn prose_about_generation_and_late_markers_are_not_headers() {
        for text in [
            "# Docs\n\nThe reference is generated from docstrings.\n",
            "The code generated by this tool is fast.\n",
            "fn main() {}\n// see @generatedAt\n",
            "// Generating the table takes a while\n",
            &format!(
                "{}// Code generated by x. DO NOT EDIT.\n",
                "x = 1\n".repeat(50)
            ),
            // A comment about another file, after the first line of code.
            "// Shared settings.\n\nexport const PORT = 80;\n\n// This file is generated by setup.js\n",
            // A generator script writes the header of the files it makes.
            "#!/bin/sh\nset -e\ncat <<HEADER\n# This file is auto-generated by gen.sh. Do not edit.\n",
            // Sphinx's conf.py template, whose sentence runs over a line break.
            "# Note that not all possible configuration values are present in this\n\
             # autogenerated file.\n",
        ] {
            assert!(!has_generated_header(text, CommentSyntax::Code), "{text}");
        }
    }

    #[test]
    fn in_documents_only_markup_comments_are_headers() {
        let document = |text: &str| has_generated_header(text, CommentSyntax::Document);
        assert!(document(
            "<!-- Generated by javadoc (17) -->\n<p>Text</p>\n"
        ));
        assert!(document(
            "<!--\nThis file is generated by mkdocs-gen. Do not edit.\n-->\n"
        ));
        assert!(!document("## Generated files and do-not-edit rules\n"));
        assert!(!document(
            "- Do not edit generated files such as CODEOWNERS directly.\n"
        ));
        assert!(!document("This file was generated by hand.\n"));
    }

    #[test]
    fn lockfiles_bundles_and_vendor_folders_are_known_by_path() {
        let of = |p: &str| of_path(Path::new(p)).map(|e| (e.origin, e.reason));
        assert_eq!(
            of("web/package-lock.json"),
            Some((Origin::Generated, "a lockfile".to_owned()))
        );
        assert_eq!(of("static/app.min.js").unwrap().0, Origin::Generated);
        assert_eq!(
            of("src/third_party/zlib/deflate.c"),
            Some((Origin::Vendored, "inside a third_party/ folder".to_owned()))
        );
        assert_eq!(of("deps/lua/lua.c").unwrap().0, Origin::Vendored);
        assert_eq!(of("src/deps/graph.c"), None);
        assert_eq!(of("vendor"), None);
        assert_eq!(of("src/vendor.go"), None);
        assert_eq!(of("docs/lockfile.md"), None);
        assert_eq!(
            of("tests/cmd/help.stdout"),
            Some((
                Origin::Generated,
                "a program's recorded output, by its name".to_owned()
            ))
        );
        assert_eq!(of("peps/pep-0505/find.out").unwrap().0, Origin::Generated);
        assert_eq!(of("src/layout.rs"), None);
    }

    #[test]
    fn licence_texts_are_their_authors_words() {
        let of = |p: &str| of_path(Path::new(p)).map(|e| e.origin);
        for licence in [
            "LICENSE",
            "LICENSE.md",
            "COPYING.BSD",
            "LICENSE-MIT",
            "lib/LICENCE",
        ] {
            assert_eq!(of(licence), Some(Origin::Vendored), "{licence}");
        }
        for page in [
            "docs/license.rst",
            "LICENSE.txt.erb",
            "LICENSES.md",
            "COPYING-",
            "license.go",
        ] {
            assert_eq!(of(page), None, "{page}");
        }
    }

    #[test]
    fn a_settings_template_that_a_program_wrote_is_generated() {
        let doxyfile = "# Doxyfile 1.8.13\n\n# This file describes the settings to be used by \
                        the documentation system\nPROJECT_NAME = \"x\"\n";
        assert!(has_generated_header(doxyfile, CommentSyntax::Code));
        assert!(!has_generated_header(
            "# Doxyfile settings for our docs\nPROJECT_NAME = x\n",
            CommentSyntax::Code
        ));
    }

    /// A tree with a `.git` folder at its top, and the files given as (path, contents).
    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        for (path, contents) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        dir
    }

    #[test]
    fn a_folder_with_another_licence_or_named_in_the_notices_is_vendored() {
        let dir = tree(&[
            (
                "LICENSE",
                "BSD 2-Clause License\nRedistribution and use are permitted.\n",
            ),
            (
                "ThirdPartyNotices.md",
                "Third Party Notices\n===================\n\nlibfdt\n------\n\nDual licensed.\n",
            ),
            ("lib/utils/libfdt/fdt.c", "/* sanity check */\n"),
            ("lib/utils/serial/uart.c", "/* ours */\n"),
            (
                "scripts/kconfig/LICENSE.txt",
                "ISC License\nPermission to use is granted.\n",
            ),
            ("scripts/kconfig/kconfiglib.py", "# sanity\n"),
            // The same licence with another holder is still the project's own.
            (
                "pkg/LICENSE",
                "Copyright 2020 Someone\nBSD 2-Clause License\nRedistribution and use are permitted.\n",
            ),
            ("pkg/a.c", "x\n"),
        ]);
        let mut attributes = Attributes::default();
        let mut of = |p: &str| {
            attributes
                .of(&dir.path().join(p))
                .map(|e| (e.origin, e.reason))
        };
        assert_eq!(
            of("lib/utils/libfdt/fdt.c"),
            Some((
                Origin::Vendored,
                "its folder libfdt/ is third-party code, as ThirdPartyNotices.md says".to_owned()
            ))
        );
        assert_eq!(of("lib/utils/serial/uart.c"), None);
        assert_eq!(
            of("scripts/kconfig/kconfiglib.py"),
            Some((
                Origin::Vendored,
                "its folder kconfig/ has a licence of its own (LICENSE.txt), unlike the folders above"
                    .to_owned()
            ))
        );
        assert_eq!(of("pkg/a.c"), None);
    }

    #[test]
    fn openapi_generator_output_and_its_input_are_not_the_authors() {
        let dir = tree(&[
            (
                "client/.openapi-generator/FILES",
                "api/core.py\nREADME.md\n",
            ),
            ("client/.openapi-generator/swagger.json.sha256", "abc\n"),
            (
                "client/.openapi-generator/swagger.json-default.sha256",
                "abc\n",
            ),
            ("client/api/core.py", "x\n"),
            ("client/api/hand_written.py", "x\n"),
            ("client/swagger.json.unprocessed", "{}\n"),
            ("client/notes.md", "x\n"),
        ]);
        let mut attributes = Attributes::default();
        let mut of = |p: &str| attributes.of(&dir.path().join(p)).map(|e| e.origin);
        assert_eq!(of("client/api/core.py"), Some(Origin::Generated));
        assert_eq!(of("client/api/hand_written.py"), None);
        assert_eq!(
            of("client/swagger.json.unprocessed"),
            Some(Origin::Vendored)
        );
        assert_eq!(of("client/notes.md"), None);
    }

    #[test]
    fn gitattributes_lines_decide_last_and_nearest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("api/gen")).unwrap();
        std::fs::write(
            root.join(".gitattributes"),
            "*.c diff=cpp\n*.pb.go linguist-generated=true\napi/gen/** linguist-generated\n\
             deps/** linguist-vendored\napi/gen/keep.go -linguist-generated\n",
        )
        .unwrap();
        std::fs::write(
            root.join("api/.gitattributes"),
            "*.txt linguist-generated\n",
        )
        .unwrap();
        let mut attributes = Attributes::default();
        let mut of = |p: &str| attributes.of(&root.join(p)).map(|e| e.origin);
        assert_eq!(of("x/y.pb.go"), Some(Origin::Generated));
        assert_eq!(of("api/gen/client.go"), Some(Origin::Generated));
        assert_eq!(of("api/gen/keep.go"), None);
        assert_eq!(of("api/notes.txt"), Some(Origin::Generated));
        assert_eq!(of("notes.txt"), None);
        assert_eq!(of("deps/lib/a.c"), Some(Origin::Vendored));
        assert_eq!(of("src/main.c"), None);
    }
}
