//! The command line's arguments: clap definitions only. The modules beside this one turn them
//! into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use ally::ScopeSet;

/// Finds non-inclusive language in documents and code, explains why it can hurt, and suggests
/// alternatives.
#[derive(Debug, Parser)]
#[command(
    name = "ally",
    version,
    about,
    long_about = "ally finds non-inclusive terms (master/slave, whitelist, crazy, man-hours, guys, …) in \
documents and source code. For each one it explains why the term can hurt, suggests alternatives, \
and points to short allyship guidance.",
    after_help = "Start with `ally check .` in a project, `ally rules` to see what is checked, and \
`ally guide` for the guidance.\n\nExit codes: 0 nothing at or above --fail-on, 1 findings at or \
above it, 2 an error (bad arguments, bad config or rule file, unreadable path)."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check files and directories for non-inclusive terms.
    #[command(after_help = "Examples:\n  \
ally check                          check the current directory\n  \
ally check docs README.md           check some paths\n  \
ally check --format json .          machine-readable output\n  \
ally check --diff origin/main       only lines a branch adds (for pull requests)\n  \
ally check --staged                 only lines a commit adds (for pre-commit)\n  \
ally check --baseline .ally-baseline.json   only findings not recorded yet\n  \
ally check policies/ --format html --output report.html   a report to read in a browser\n  \
ally check --format github --report sarif=ally.sarif   annotations, and SARIF from the same run\n  \
ally check --commits origin/main..HEAD   the messages of a branch's commits\n  \
ally check --format rdjson . | reviewdog -f=rdjson -reporter=github-pr-review   suggestions in review\n  \
git show HEAD:README.md | ally check - --stdin-filename README.md")]
    Check(CheckArgs),
    /// Rewrite findings that have a safe replacement, keeping case; list the rest.
    #[command(
        after_help = "Only findings with one certain replacement are rewritten: the rule declares it for \
the term (whitelist → allowlist), or you name one with --replace (or `replace` in the config). \
Prose, comments and strings are rewritten; identifiers only with --identifiers. Every other byte \
of a file, its encoding, line endings and permissions are kept. A .docx or .odt gets tracked changes to \
accept or reject in Word or LibreOffice, and a comment on each finding that needs judgement.\n\nExamples:\n  \
ally fix --diff                         show what would change\n  \
ally fix docs                           rewrite files under docs/\n  \
ally fix --replace master-slave=primary/replica --replace master=primary\n\n\
Exit codes: 0 done (or, with --diff or --dry-run, nothing to change), 1 with --diff or --dry-run \
when something would change, 2 an error."
    )]
    Fix(FixArgs),
    /// Write a reviewed copy of each .docx or .odt document, with every finding as a comment on its term.
    #[command(
        after_help = "The original is never changed. `policy.docx` gives `policy.reviewed.docx` beside it \
(or --output FILE for one document). Each comment says what the term is, why it can hurt, what \
to use instead, and where to read more. Open the copy in Word or LibreOffice and work through \
the comments. Findings outside the main text (headers, footers, footnotes, existing comments) are listed here \
instead.\n\nExamples:\n  \
ally review policy.docx                 writes policy.reviewed.docx\n  \
ally review handbook/                   one reviewed copy per .docx and .odt under handbook/\n  \
ally review policy.docx -o out.docx\n\n\
Exit codes: 0 nothing to comment on, 1 comments written, 2 an error (other documents are \
still reviewed)."
    )]
    Review(ReviewArgs),
    /// Record the current findings so that later checks report only new ones.
    #[command(
        after_help = "Then run `ally check --baseline .ally-baseline.json`. Findings are matched by rule, \
file and the text of their line, not by line number, so unrelated edits do not bring them back."
    )]
    Baseline(BaselineArgs),
    /// List the rules ally checks.
    Rules(RulesArgs),
    /// Explain a rule: why its terms hurt, what to use instead, and its sources.
    Explain {
        /// The rule id, as shown in brackets in findings (for example `whitelist`).
        rule: String,
        /// Also load these rule files.
        #[arg(long = "rules", value_name = "FILE")]
        rule_files: Vec<PathBuf>,
    },
    /// Read the allyship guidance: list the topics, or read one.
    Guide {
        /// The topic id (for example `speak-up`); omit to list the topics.
        topic: Option<String>,
    },
    /// Write a commented starter `.ally.toml` in the current directory.
    Init {
        /// Replace an existing `.ally.toml`.
        #[arg(long)]
        force: bool,
    },
    /// Run a language server on standard input and output, for editors.
    #[command(
        after_help = "Editors start this themselves; see the \"Editors\" section of the README for \
VS Code, Neovim and Helix. Diagnostics follow the same config files, rules and inline \
suppressions as `ally check`, and each one offers quick fixes: replace the term with an \
alternative, or ignore it on its line or in its file."
    )]
    Lsp,
    /// Print the settings that apply to a path, after config files and overrides.
    Config {
        /// The file or directory (default: the current directory).
        path: Option<PathBuf>,
        #[command(flatten)]
        source: ConfigSource,
    },
}

/// Where settings come from.
#[derive(Debug, Args)]
pub(crate) struct ConfigSource {
    /// Use this config file instead of searching for `.ally.toml`, `ally.toml` or a
    /// `pyproject.toml` with `[tool.ally]` from each path upward.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub(crate) config: Option<PathBuf>,

    /// Ignore every config file.
    #[arg(long)]
    pub(crate) isolated: bool,
}

/// What to check, shared by `check` and `baseline`.
#[derive(Debug, Args)]
pub(crate) struct Selection {
    /// Files or directories to check; `-` reads standard input. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    #[command(flatten)]
    pub(crate) source: ConfigSource,

    /// Which kinds of text to check: a comma-separated list of prose, comments, strings,
    /// identifiers, or all.
    #[arg(long, value_name = "LIST", value_parser = parse_scopes)]
    pub(crate) scope: Option<ScopeSet>,

    /// Also load these rule files (same format as the built-in `rules/*.toml`). A rule with the
    /// id of a built-in rule replaces it.
    #[arg(long = "rules", value_name = "FILE")]
    pub(crate) rule_files: Vec<PathBuf>,

    /// Also check the hidden folders of tools (`.venv`, `.tox`, `.mypy_cache`, `.cache`, …).
    /// The project's own hidden files (`.github/`, `.gitlab-ci.yml`, `.pre-commit-config.yaml`)
    /// are checked by default; version-control folders such as `.git` never are.
    #[arg(long, overrides_with = "no_hidden")]
    pub(crate) hidden: bool,

    /// Check no hidden file or folder at all.
    #[arg(long, overrides_with = "hidden")]
    pub(crate) no_hidden: bool,

    /// Also check generated files (whose first lines say so, or marked `linguist-generated` in
    /// `.gitattributes`), lockfiles (`Cargo.lock`, `package-lock.json`, …) and vendored folders
    /// (`vendor/`, `third_party/`, `node_modules/`, or `linguist-vendored`), which are skipped by
    /// default: they are not the author's words.
    #[arg(long)]
    pub(crate) include_generated: bool,

    /// Do not honour .gitignore, .ignore or .allyignore files.
    #[arg(long)]
    pub(crate) no_ignore: bool,

    /// Check files named on the command line even if an ignore file or a config `exclude`
    /// glob lists them. By default a named file is skipped just as `ally check .` would skip
    /// it, so that pre-commit hooks, CI jobs and editors, which pass file names, agree with it.
    #[arg(long)]
    pub(crate) no_force_exclude: bool,

    /// Follow symbolic links.
    #[arg(short = 'L', long)]
    pub(crate) follow: bool,

    /// Number of worker threads (default: the number of CPUs).
    #[arg(short = 'j', long, value_name = "N")]
    pub(crate) threads: Option<usize>,

    /// The name to show for standard input, which also selects its file type.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,

    /// Also check the path of each file (`tests/whitelist/`), even binary and empty files.
    #[arg(long)]
    pub(crate) check_filenames: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) selection: Selection,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub(crate) format: FormatArg,

    /// Write the report to this file instead of standard output (replaced in one step, so a
    /// reader never sees half a report). The file itself is not checked.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Also write the same run's findings in FORMAT to FILE, such as `--report sarif=ally.sarif`;
    /// repeat it for more files. Like --output, each file is replaced in one step and is not
    /// checked itself.
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub(crate) reports: Vec<(FormatArg, PathBuf)>,

    /// When to use colour in human output. `auto` uses it on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub(crate) color: ColorArg,

    /// The lowest severity that makes the exit code 1 (default: the config's `fail-on`, or
    /// warning).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub(crate) fail_on: Option<FailOn>,

    /// Report only findings that this baseline file does not record (see `ally baseline`).
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,

    /// Report only findings on lines added or changed since this git revision (such as
    /// `origin/main`), plus untracked files.
    #[arg(long, value_name = "REF", conflicts_with = "staged")]
    pub(crate) diff: Option<String>,

    /// Check the staged version of staged files, reporting only the lines the commit adds.
    #[arg(long)]
    pub(crate) staged: bool,

    /// Also list `ally:` suppression directives that suppress nothing.
    #[arg(long)]
    pub(crate) report_unused_suppressions: bool,

    /// Also check the messages of the commits in this range, such as `origin/main..HEAD` in a
    /// pull request's CI (merges included). Each finding names the commit's short hash and the
    /// line of its message. Without paths, only the messages are checked.
    #[arg(long, value_name = "REV_RANGE")]
    pub(crate) commits: Option<String>,

    /// Read each path as the message file that git hands a commit-msg hook: git's comment
    /// lines (`#`, or core.commentChar) and the diff below the scissors line of `git commit -v`
    /// are left out.
    #[arg(long, conflicts_with_all = ["diff", "staged"])]
    pub(crate) commit_message: bool,

    /// Also check the title and description of the pull request in this GitHub event payload
    /// (the file `$GITHUB_EVENT_PATH` names); an event without a pull request has none.
    /// Without paths, only the pull request's text is checked.
    #[arg(long, value_name = "FILE")]
    pub(crate) pull_request_event: Option<PathBuf>,

    /// After the report, print config that allows the names this run met that other projects
    /// define: the shipped groups of such names (Redis commands, MySQL replication statements,
    /// Sphinx settings, …) and identifiers only ever used as fields or methods of other code
    /// (`instance.MasterUsername`). Printed to stderr when the report format is not `human`.
    #[arg(long)]
    pub(crate) suggest_allow: bool,
}

#[derive(Debug, Args)]
pub(crate) struct FixArgs {
    #[command(flatten)]
    pub(crate) selection: Selection,

    /// Print a unified diff of the changes and write nothing.
    #[arg(long, conflicts_with = "dry_run")]
    pub(crate) diff: bool,

    /// List what would change and write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,

    /// Also rename identifiers. Renaming a public name breaks code that uses it.
    #[arg(long)]
    pub(crate) identifiers: bool,

    /// Write fixes as tracked changes, for the editor to accept or reject in Word or
    /// LibreOffice. Always so for .docx and .odt documents; other files have no tracked changes.
    #[arg(long)]
    pub(crate) track_changes: bool,

    /// The replacement to use for a rule's terms, such as `master-slave=primary/replica`;
    /// inflected forms follow (`masters` → `primaries`). Repeatable.
    #[arg(long, value_name = "RULE=TEXT", value_parser = parse_replace)]
    pub(crate) replace: Vec<(String, String)>,
}

#[derive(Debug, Args)]
pub(crate) struct ReviewArgs {
    #[command(flatten)]
    pub(crate) selection: Selection,

    /// Where to write the reviewed copy of a single document.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct BaselineArgs {
    #[command(flatten)]
    pub(crate) selection: Selection,

    /// Where to write the baseline.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        default_value = ".ally-baseline.json"
    )]
    pub(crate) output: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub(crate) format: ListFormat,

    /// Only rules of this category.
    #[arg(long, value_name = "NAME")]
    pub(crate) category: Option<String>,

    /// Print every term, one per line (for example for `rg -i -w -F -f`).
    #[arg(long)]
    pub(crate) export_terms: bool,

    /// Also load these rule files.
    #[arg(long = "rules", value_name = "FILE")]
    pub(crate) rule_files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// Readable diagnostics with source excerpts.
    Human,
    /// `path:line:col: severity[rule]: message`, one per line.
    Short,
    /// One JSON document with findings, summary and errors.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations (`::warning file=…`).
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML, for CI dashboards.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// One self-contained HTML page: a summary with charts, each finding in its sentence, and
    /// the guidance. For policy owners; open it in a browser.
    Html,
    /// A Markdown summary for a ticket or a pull request comment.
    Markdown,
    /// The Reviewdog Diagnostic Format, with each safe replacement as a suggestion, for
    /// `reviewdog -f=rdjson` (review comments a pull request's author applies in one click).
    Rdjson,
    /// SonarQube's generic external issues JSON, for `sonar.externalIssuesReportPaths`.
    Sonarqube,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// A table.
    Human,
    /// `{"rules": [...]}`.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Fail only on errors.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

fn parse_scopes(text: &str) -> Result<ScopeSet, String> {
    text.parse()
}

fn parse_replace(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((rule, replacement)) if !rule.trim().is_empty() && !replacement.trim().is_empty() => {
            Ok((rule.trim().to_owned(), replacement.trim().to_owned()))
        }
        _ => Err(format!(
            "expected RULE=TEXT, such as `master=primary`, not `{text}`"
        )),
    }
}

/// `FORMAT=FILE` for `--report`: the format's name as `--format` takes it, then the path (which
/// may itself hold `=`).
fn parse_report(text: &str) -> Result<(FormatArg, PathBuf), String> {
    let names = || {
        FormatArg::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((name, path)) = text.split_once('=').filter(|(_, path)| !path.is_empty()) else {
        return Err(format!(
            "expected FORMAT=FILE, such as `sarif=ally.sarif`, not `{text}`"
        ));
    };
    match FormatArg::from_str(name, false) {
        Ok(format) => Ok((format, PathBuf::from(path))),
        Err(_) => Err(format!(
            "`{name}` is not a report format; use one of {}",
            names()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
