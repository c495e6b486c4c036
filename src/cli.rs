//! The command line: clap definitions only. `main.rs` turns them into library calls.

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
above it, 2 an error (bad arguments, bad rule file, unreadable path)."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check files and directories for non-inclusive terms.
    #[command(
        after_help = "Examples:\n  ally check                      check the current directory\n  \
ally check docs README.md       check some paths\n  ally check --format json .       \
machine-readable output\n  ally check policies/ --format html --output report.html\n  git diff | ally check - --stdin-filename notes.md\n  \
ally check --scope comments src/ only comments in code"
    )]
    Check(CheckArgs),
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
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub(crate) format: FormatArg,

    /// Write the report to FILE instead of standard output (replaced in one step, so a reader
    /// never sees half a report). The file itself is not checked.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// When to use colour in human output. `auto` uses it on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub(crate) color: ColorArg,

    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning, value_name = "SEVERITY")]
    pub(crate) fail_on: FailOn,

    /// Which kinds of text to check: a comma-separated list of prose, comments, strings,
    /// identifiers, or all.
    #[arg(long, value_name = "LIST", value_parser = parse_scopes)]
    pub(crate) scope: Option<ScopeSet>,

    /// Also load these rule files (same format as the built-in `rules/*.toml`). A rule with the
    /// id of a built-in rule replaces it.
    #[arg(long = "rules", value_name = "FILE")]
    pub(crate) rule_files: Vec<PathBuf>,

    /// Check hidden files and directories too.
    #[arg(long)]
    pub(crate) hidden: bool,

    /// Do not honour .gitignore, .ignore or .allyignore files.
    #[arg(long)]
    pub(crate) no_ignore: bool,

    /// Follow symbolic links.
    #[arg(short = 'L', long)]
    pub(crate) follow: bool,

    /// Number of worker threads (default: the number of CPUs).
    #[arg(short = 'j', long, value_name = "N")]
    pub(crate) threads: Option<usize>,

    /// The name to show for standard input, which also selects its file type.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,
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
    /// One self-contained HTML page: a summary with charts, each finding in its sentence, and
    /// the guidance. For policy owners; open it in a browser.
    Html,
    /// A Markdown summary for a ticket or a pull request comment.
    Markdown,
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
