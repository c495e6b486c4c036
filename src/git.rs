//! Changed lines from git, for `--diff REF` (the pull request's changes) and `--staged` (what a
//! commit would add). ally runs the `git` command rather than linking a git library: it is on
//! every machine that has a repository, and it reads every repository format git supports.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::config::absolute;

/// Which lines of a file are new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lines {
    /// The whole file is new (untracked, or added).
    All,
    /// These 1-based line ranges were added or changed.
    Ranges(Vec<RangeInclusive<usize>>),
}

/// Options that fix what `git diff` prints, whatever the user's git config says: the `a/` and
/// `b/` prefixes (`diff.noprefix`, `diff.mnemonicPrefix`, `diff.srcPrefix`), no context lines
/// and no merged hunks (`diff.context`, `diff.interHunkContext`), paths from the top of the
/// repository (`diff.relative`), no colour, no external diff or text conversion (their lines
/// are not the file's), and no renames (a renamed file is new under its new name).
const DIFF_OPTIONS: [&str; 9] = [
    "--unified=0",
    "--inter-hunk-context=0",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--no-relative",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-renames",
];

/// Environment variables that git reads as diff options, over the command line's.
const DIFF_ENVIRONMENT: [&str; 2] = ["GIT_DIFF_OPTS", "GIT_EXTERNAL_DIFF"];

/// Adds a line to sorted line ranges, extending the last range when the line follows it.
pub fn add_line(ranges: &mut Vec<RangeInclusive<usize>>, line: usize) {
    match ranges.last_mut() {
        Some(last) if *last.end() + 1 == line => *last = *last.start()..=line,
        _ => ranges.push(line..=line),
    }
}

impl Lines {
    fn contains(&self, line: usize) -> bool {
        match self {
            Lines::All => true,
            Lines::Ranges(ranges) => ranges.iter().any(|r| r.contains(&line)),
        }
    }
}

/// The added and changed lines of each file, keyed by absolute path.
#[derive(Clone, Debug, Default)]
pub struct ChangedLines {
    /// The repository's top directory.
    pub root: PathBuf,
    files: HashMap<PathBuf, Lines>,
    /// The commit the changes are measured from; `None` before the first commit.
    base: Option<String>,
    /// Whether the new versions are the staged ones rather than the working tree's.
    staged: bool,
    /// The files whose names are not valid UTF-8, under the name a report shows for them
    /// (invalid bytes replaced), so that a finding shown under that name still finds its lines.
    shown: HashMap<PathBuf, Vec<PathBuf>>,
}

impl ChangedLines {
    /// Lines of the working tree that differ from `reference`, and every untracked file that is
    /// not ignored.
    /// `reference` is the user's: it is refused if git could read it as an option, and checked
    /// to name a commit before the diff runs, so that a typo or a base missing from a shallow
    /// clone is an error and not an empty, passing check.
    pub fn against(reference: &str) -> Result<ChangedLines, String> {
        let root = repository_root()?;
        let commit = resolve_commit(&root, reference)?;
        let mut args = vec!["diff"];
        args.extend(DIFF_OPTIONS);
        args.extend(["--end-of-options", &commit, "--"]);
        let diff = git(&root, &args)?;
        let mut files = parse_diff(&root, &diff);
        for path in binary_changes(&root, &["diff", "--end-of-options", &commit, "--"])? {
            files.insert(path, Lines::All);
        }
        let untracked = git(&root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        for name in untracked.split(|&b| b == 0).filter(|n| !n.is_empty()) {
            files.insert(root.join(path_from_bytes(name)), Lines::All);
        }
        Ok(ChangedLines::new(root, files, Some(commit), false))
    }

    /// Lines that the staged changes add (the index against `HEAD`).
    pub fn staged() -> Result<ChangedLines, String> {
        let root = repository_root()?;
        let mut args = vec!["diff", "--cached"];
        args.extend(DIFF_OPTIONS);
        args.push("--");
        let diff = git(&root, &args)?;
        let mut files = parse_diff(&root, &diff);
        for path in binary_changes(&root, &["diff", "--cached", "--"])? {
            files.insert(path, Lines::All);
        }
        // Before the first commit there is no earlier version: every staged file is new.
        let head = git(
            &root,
            &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
        )
        .ok()
        .map(|id| String::from_utf8_lossy(&id).trim().to_owned());
        Ok(ChangedLines::new(root, files, head, true))
    }

    fn new(
        root: PathBuf,
        files: HashMap<PathBuf, Lines>,
        base: Option<String>,
        staged: bool,
    ) -> ChangedLines {
        let mut shown: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
        for path in files.keys() {
            if path.to_str().is_none() {
                let lossy = PathBuf::from(path.to_string_lossy().into_owned());
                shown.entry(lossy).or_default().push(path.clone());
            }
        }
        ChangedLines {
            root,
            files,
            base,
            staged,
            shown,
        }
    }

    /// The bytes of a changed file (an absolute path) as it was at the base, or `None` when it
    /// is new there.
    pub fn before(&self, path: &Path) -> Option<Vec<u8>> {
        let base = self.base.as_ref()?;
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let mut name = OsString::from(format!("{base}:"));
        name.push(git_path(relative));
        git(
            &self.root,
            &[OsStr::new("cat-file"), OsStr::new("blob"), &name],
        )
        .ok()
    }

    /// The bytes of the new version of a changed file: the staged one, or the working tree's,
    /// read up to `limit`.
    pub fn after(&self, path: &Path, limit: u64) -> Result<Vec<u8>, String> {
        if self.staged {
            return staged_content(&self.root, path);
        }
        let mut bytes = Vec::new();
        crate::read::read_file(path, limit, &mut bytes, false)
            .map_err(|e| crate::read::describe(&e))?;
        Ok(bytes)
    }

    /// Sets which lines of a changed file are new.
    pub fn set_lines(&mut self, path: &Path, lines: Lines) {
        if let Some(entry) = self.files.get_mut(path) {
            *entry = lines;
        }
    }

    /// The changed files, sorted.
    pub fn files(&self) -> Vec<&Path> {
        let mut files: Vec<&Path> = self.files.keys().map(PathBuf::as_path).collect();
        files.sort();
        files
    }

    /// Whether `line` of the file at `path` (as shown to the user) is new. A report shows a
    /// name that is not valid UTF-8 with its invalid bytes replaced; such a name stands for
    /// every changed file it could be, so that no finding is lost.
    pub fn contains(&self, path: &Path, line: usize) -> bool {
        let path = absolute(path);
        if let Some(lines) = self.files.get(&path) {
            return lines.contains(line);
        }
        self.shown.get(&path).is_some_and(|paths| {
            paths
                .iter()
                .filter_map(|p| self.files.get(p))
                .any(|lines| lines.contains(line))
        })
    }
}

/// The changed files that `diff` (git's arguments up to and including `--`) reports as binary,
/// leaving out deleted ones: documents such as .docx, .odt and .pdf, and text in encodings git
/// does not read, such as UTF-16. Git gives no lines for them, so they count as wholly new until
/// the filter stage compares the text of their two versions. `--numstat` counts `-` added and `-` deleted lines for them; with
/// `-z` their names are written as they are, unquoted.
fn binary_changes(root: &Path, diff: &[&str]) -> Result<Vec<PathBuf>, String> {
    let (command, rest) = diff.split_first().expect("a diff command");
    let mut args = vec![*command];
    args.extend(DIFF_OPTIONS);
    args.extend(["--numstat", "-z", "--diff-filter=d"]);
    args.extend(rest);
    let out = git(root, &args)?;
    Ok(parse_numstat_binaries(&out)
        .into_iter()
        .map(|name| root.join(path_from_bytes(name)))
        .collect())
}

/// The names of the binary entries (`-\t-\tNAME`) in `git diff --numstat -z` output.
fn parse_numstat_binaries(out: &[u8]) -> Vec<&[u8]> {
    out.split(|&b| b == 0)
        .filter_map(|record| record.strip_prefix(b"-\t-\t"))
        .filter(|name| !name.is_empty())
        .collect()
}

/// The staged content of a file (`git cat-file blob :0:path`). The stage is always written out,
/// so that a name such as `0:notes.md` is not read as a stage number, and the name is passed
/// as the bytes it has on disk.
pub fn staged_content(root: &Path, path: &Path) -> Result<Vec<u8>, String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut spec = OsString::from(":0:");
    spec.push(git_path(relative));
    git(root, &[OsStr::new("cat-file"), OsStr::new("blob"), &spec])
}

/// The object id of the commit that `revision` names, or a message that names the revision and
/// says what to do.
fn resolve_commit(root: &Path, revision: &str) -> Result<String, String> {
    let shown = revision.escape_debug();
    if revision.is_empty() {
        return Err("--diff needs a git revision, such as `origin/main`".to_owned());
    }
    if revision.starts_with('-') {
        return Err(format!(
            "`{shown}` is not a git revision: a revision given to --diff cannot start with `-`"
        ));
    }
    let spec = format!("{revision}^{{commit}}");
    let output = git_output(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )?;
    let id = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() && !id.is_empty() {
        return Ok(id);
    }
    let mut message = format!("`{shown}` does not name a commit in this repository");
    if git(root, &["rev-parse", "--verify", "--quiet", "HEAD"]).is_err() {
        message.push_str("; the repository has no commits yet");
    } else if git(root, &["rev-parse", "--is-shallow-repository"])
        .is_ok_and(|out| out.starts_with(b"true"))
    {
        message.push_str(
            "; this is a shallow clone, so the commit may be in history that it does not have: \
             fetch more of it (for example `fetch-depth: 0` in actions/checkout, or \
             `git fetch --unshallow`)",
        );
    } else {
        message
            .push_str("; check its spelling, or fetch it first (for example `git fetch origin`)");
    }
    Err(message)
}

/// The messages of the commits in `range` (`origin/main..HEAD`, or one revision for all its
/// history), oldest first, merges included, each as git keeps it.
/// A range that git could read as an option is refused.
pub fn commit_messages(range: &str) -> Result<Vec<crate::messages::Message>, String> {
    if range.starts_with('-') {
        return Err(format!(
            "--commits {range}: a range cannot start with `-`; name commits, such as origin/main..HEAD"
        ));
    }
    let root = repository_root().map_err(|e| {
        format!("--commits {range}: commit messages are read from a git repository, and here: {e}")
    })?;
    // NUL cannot be in a commit message, so it ends each field and each commit.
    let out = git(
        &root,
        &[
            "log",
            "--reverse",
            "--format=%H%x00%h%x00%B%x00",
            "--end-of-options",
            range,
            "--",
        ],
    )
    .map_err(|e| format!("--commits {range}: {e}"))?;
    let fields: Vec<&[u8]> = out.split(|&b| b == 0).collect();
    let mut messages = Vec::new();
    for commit in fields.chunks_exact(3) {
        let hash = String::from_utf8_lossy(commit[0]).trim().to_owned();
        let short = String::from_utf8_lossy(commit[1]).into_owned();
        let text = String::from_utf8_lossy(commit[2]).into_owned();
        let subject = text.lines().next().unwrap_or_default().to_owned();
        messages.push(crate::messages::Message {
            display: format!("commit {short}"),
            writing: crate::finding::Writing::Commit {
                hash,
                short,
                subject,
            },
            text,
        });
    }
    Ok(messages)
}

/// The character that starts git's comment lines in a message being edited (`core.commentChar`;
/// `#` unless set, and for `auto`, which picks one per message and cannot be known here).
pub fn comment_char() -> char {
    git(Path::new("."), &["config", "--get", "core.commentChar"])
        .ok()
        .and_then(|out| {
            let value = String::from_utf8_lossy(&out).trim().to_owned();
            let mut chars = value.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        })
        .unwrap_or('#')
}

fn repository_root() -> Result<PathBuf, String> {
    let mut out = git(Path::new("."), &["rev-parse", "--show-toplevel"])?;
    // Only the line end is git's: a directory name may end in spaces.
    if out.last() == Some(&b'\n') {
        out.pop();
    }
    Ok(path_from_bytes(&out))
}

/// A path from the bytes git prints for it, which are the bytes of the name on disk.
#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// A relative path as git names it: its bytes, with `/` between components.
#[cfg(unix)]
fn git_path(relative: &Path) -> OsString {
    relative.as_os_str().to_owned()
}

#[cfg(not(unix))]
fn git_path(relative: &Path) -> OsString {
    OsString::from(relative.to_string_lossy().replace('\\', "/"))
}

/// Runs git and returns what it did, whether it succeeded or not.
fn git_output<A: AsRef<OsStr>>(dir: &Path, args: &[A]) -> Result<Output, String> {
    let mut command = Command::new("git");
    command.arg("-c").arg("core.quotePath=false").args(args);
    for name in DIFF_ENVIRONMENT {
        command.env_remove(name);
    }
    command
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))
}

/// Runs git and returns its standard output, or a message with what git said.
fn git<A: AsRef<OsStr>>(dir: &Path, args: &[A]) -> Result<Vec<u8>, String> {
    let output = git_output(dir, args)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        let command: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
        Err(format!("`git {}` failed: {said}", command.join(" ")))
    }
}

/// The added line ranges of each file in a diff, read as bytes: a name is the bytes git gives
/// for it, unquoted where git quoted it. A hunk's lines are counted from its header, so that an
/// added line that reads like a header (`++ b/x` shows as `+++ b/x`) stays content, and only
/// `+` lines are taken, so that context lines are never reported however many git shows.
fn parse_diff(root: &Path, diff: &[u8]) -> HashMap<PathBuf, Lines> {
    let mut files: HashMap<PathBuf, Lines> = HashMap::new();
    let mut current: Option<PathBuf> = None;
    // Lines still to come in the current hunk, on its old and its new side, and the number of
    // the next line on the new side.
    let (mut old_left, mut new_left, mut next) = (0usize, 0usize, 0usize);
    for line in diff.split(|&b| b == b'\n') {
        let in_hunk = old_left > 0 || new_left > 0;
        // Every line of a hunk starts with one of these (or is empty); anything else means the
        // hunk was shorter than its header said, and the line is read as a header.
        if in_hunk && matches!(line.first(), None | Some(b' ' | b'+' | b'-' | b'\\')) {
            match line.first() {
                Some(b'+') => {
                    if let Some(Lines::Ranges(ranges)) =
                        current.as_ref().and_then(|p| files.get_mut(p))
                    {
                        add_line(ranges, next);
                    }
                    new_left = new_left.saturating_sub(1);
                    next += 1;
                }
                Some(b'-') => old_left = old_left.saturating_sub(1),
                // `\ No newline at end of file` belongs to the line before it.
                Some(b'\\') => {}
                // A context line; empty with `diff.suppressBlankEmpty`.
                _ => {
                    old_left = old_left.saturating_sub(1);
                    new_left = new_left.saturating_sub(1);
                    next += 1;
                }
            }
            continue;
        }
        (old_left, new_left) = (0, 0);
        if line.starts_with(b"diff ") {
            current = None;
        } else if let Some(name) = line.strip_prefix(b"+++ ") {
            current = new_name(name).map(|n| root.join(path_from_bytes(&n)));
            if let Some(path) = &current {
                files
                    .entry(path.clone())
                    .or_insert_with(|| Lines::Ranges(vec![]));
            }
        } else if let Some((old, new)) = line.strip_prefix(b"@@ ").and_then(hunk_header) {
            (old_left, new_left, next) = (old.count, new.count, new.start);
        }
    }
    files
}

/// The name in a `+++ b/NAME` line, without its `b/`; `None` for `/dev/null` (a deleted file).
/// Git C-quotes a name that has `"`, `\\`, a control character or (with `core.quotePath`) a
/// byte above 0x7f, and ends an unquoted name that has a space with a tab.
fn new_name(name: &[u8]) -> Option<Vec<u8>> {
    let name = if name.first() == Some(&b'"') {
        unquote(name)?
    } else {
        let name = name.strip_suffix(b"\t").unwrap_or(name);
        if name == b"/dev/null" {
            return None;
        }
        name.to_vec()
    };
    name.strip_prefix(b"b/").map(<[u8]>::to_vec)
}

/// The bytes of a name that git wrote C-style: in double quotes, with `\\"`, `\\\\`, `\\t`, `\\n`
/// and the like, and any other byte as three octal digits. `None` if it is not such a name.
fn unquote(quoted: &[u8]) -> Option<Vec<u8>> {
    let mut bytes = quoted.strip_prefix(b"\"")?.iter();
    let mut name = Vec::with_capacity(quoted.len());
    loop {
        let byte = match *bytes.next()? {
            b'"' => return Some(name),
            b'\\' => match *bytes.next()? {
                b'a' => 0x07,
                b'b' => 0x08,
                b't' => b'\t',
                b'n' => b'\n',
                b'v' => 0x0b,
                b'f' => 0x0c,
                b'r' => b'\r',
                digit @ b'0'..=b'3' => {
                    let mut value = digit - b'0';
                    for _ in 0..2 {
                        match *bytes.next()? {
                            d @ b'0'..=b'7' => value = value * 8 + (d - b'0'),
                            _ => return None,
                        }
                    }
                    value
                }
                quoted @ (b'"' | b'\\') => quoted,
                _ => return None,
            },
            other => other,
        };
        name.push(byte);
    }
}

/// One side of a hunk header: where it starts and how many lines it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Side {
    start: usize,
    count: usize,
}

impl Side {
    /// `3` or `3,2` (after the `-` or `+`).
    fn parse(text: &[u8]) -> Option<Side> {
        let text = std::str::from_utf8(text).ok()?;
        let (start, count) = match text.split_once(',') {
            Some((start, count)) => (start.parse().ok()?, count.parse().ok()?),
            None => (text.parse().ok()?, 1),
        };
        Some(Side { start, count })
    }
}

/// The old and new sides of a hunk header, `-3,2 +4 @@ …` (after the leading `@@ `).
fn hunk_header(hunk: &[u8]) -> Option<(Side, Side)> {
    let mut words = hunk.split(|&b| b == b' ');
    let old = Side::parse(words.next()?.strip_prefix(b"-")?)?;
    let new = Side::parse(words.next()?.strip_prefix(b"+")?)?;
    (words.next()? == b"@@").then_some((old, new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_ranges_are_the_plus_lines_of_each_hunk() {
        let diff = b"diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -3 +3 @@\n-x\n+y\n\
@@ -10,0 +11,2 @@\n+p\n+q\n@@ -20,2 +21,0 @@\n--- a/not-a-header\n-r\n\
@@ -30,4 +29,6 @@\n c\n-d\n+e\n+++ b/not-a-header\n\n+f\n\\ No newline at end of file\n c\n\
diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n";
        let files = parse_diff(Path::new("/r"), diff);
        assert_eq!(
            files.get(Path::new("/r/a.md")),
            Some(&Lines::Ranges(vec![3..=3, 11..=12, 30..=31, 33..=33]))
        );
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_hunk_cut_short_ends_at_the_next_file() {
        let diff = b"diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -1,4 +1,3 @@\n+x\n\
diff --git a/b.md b/b.md\n--- a/b.md\n+++ b/b.md\n@@ -2,0 +3 @@\n+y\n";
        let files = parse_diff(Path::new("/r"), diff);
        assert_eq!(
            files.get(Path::new("/r/a.md")),
            Some(&Lines::Ranges(vec![1..=1]))
        );
        assert_eq!(
            files.get(Path::new("/r/b.md")),
            Some(&Lines::Ranges(vec![3..=3]))
        );
    }

    #[test]
    fn binary_entries_of_a_numstat() {
        let out = b"3\t1\ta.md\0-\t-\tpolicy.docx\0-\t-\tsp ace\t.odt\x000\t2\tb.md\0";
        assert_eq!(
            parse_numstat_binaries(out),
            [&b"policy.docx"[..], b"sp ace\t.odt"]
        );
    }

    #[test]
    fn quoted_names_are_unquoted_into_their_bytes() {
        assert_eq!(unquote(br#""we\"ird.md""#), Some(b"we\"ird.md".to_vec()));
        assert_eq!(
            unquote(br#""back\\slash.md""#),
            Some(b"back\\slash.md".to_vec())
        );
        assert_eq!(
            unquote(br#""tab\tname\n.md""#),
            Some(b"tab\tname\n.md".to_vec())
        );
        assert_eq!(
            unquote(br#""\a\b\v\f\r""#),
            Some(b"\x07\x08\x0b\x0c\r".to_vec())
        );
        assert_eq!(unquote(br#""n\377.md""#), Some(b"n\xff.md".to_vec()));
        assert_eq!(
            unquote(br#""caf\303\251\001""#),
            Some("café\u{1}".as_bytes().to_vec())
        );
        // Whatever follows the closing quote is not part of the name.
        assert_eq!(unquote(b"\"sp ace\"\t"), Some(b"sp ace".to_vec()));
    }

    #[test]
    fn malformed_quoting_is_no_name() {
        for quoted in [
            &b"plain"[..],
            b"\"unterminated",
            b"\"ends in a backslash\\",
            b"\"short octal \\37\"",
            b"\"not octal \\389\"",
            b"\"above 0xff \\400\"",
        ] {
            assert_eq!(unquote(quoted), None, "{}", String::from_utf8_lossy(quoted));
        }
    }

    #[test]
    fn names_in_new_file_lines() {
        assert_eq!(new_name(b"b/a.md"), Some(b"a.md".to_vec()));
        assert_eq!(new_name(b"b/sp ace.md\t"), Some(b"sp ace.md".to_vec()));
        assert_eq!(new_name(br#""b/we\"ird.md""#), Some(b"we\"ird.md".to_vec()));
        assert_eq!(new_name(b"b/dev/null"), Some(b"dev/null".to_vec()));
        assert_eq!(new_name(b"/dev/null"), None);
        // Another prefix is not the one ally asked for.
        assert_eq!(new_name(b"w/a.md"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_keeps_its_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let diff = b"diff --git \"a/n\\377.md\" \"b/n\\377.md\"\n--- \"a/n\\377.md\"\n\
+++ \"b/n\\377.md\"\n@@ -1,0 +2 @@\n+x\n";
        let files = parse_diff(Path::new("/r"), diff);
        let name = Path::new(OsStr::from_bytes(b"/r/n\xff.md"));
        assert_eq!(files.get(name), Some(&Lines::Ranges(vec![2..=2])));
        let changed = ChangedLines::new(PathBuf::from("/r"), files, None, false);
        assert!(changed.contains(name, 2));
        // A report shows the name with U+FFFD in place of the invalid byte.
        assert!(changed.contains(Path::new("/r/n\u{fffd}.md"), 2));
        assert!(!changed.contains(Path::new("/r/n\u{fffd}.md"), 1));
    }
}
