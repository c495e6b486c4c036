//! What the commands share: failures and exit codes, config groups, the settings the command
//! line adds, colour, and the messages each file gets on standard error.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use termcolor::{ColorChoice, StandardStream};

use ally::Severity;
use ally::config::{CliSettings, ConfigFile, Settings, discover};
use ally::diagnostic::{DataErrors, DataFile, read_data_file};
use ally::finding::FileReport;
use ally::matcher::{Speed, Vocabulary};
use ally::report::printable::printable;
use ally::rules::RuleSet;
use ally::run::RunOptions;
use ally::walk::{Hidden, WalkOptions};

use super::args::{ColorArg, FailOn, Selection};

/// Exit code when findings reach the failure threshold.
pub(crate) const FINDINGS: u8 = 1;
/// Exit code for errors: bad arguments, bad config or rule files, unreadable paths.
pub(crate) const ERROR: u8 = 2;

/// Why a command failed.
pub(crate) enum Failure {
    /// An I/O error not yet shown to the user.
    Io(io::Error),
    /// The problem was already printed.
    Reported,
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        Failure::Io(error)
    }
}

/// Prints an error and gives up.
pub(crate) fn fail(message: impl std::fmt::Display) -> Failure {
    eprintln!("ally: error: {message}");
    Failure::Reported
}

/// Consecutive paths that share a config file, with the settings compiled from it.
pub(crate) struct Group {
    pub(crate) settings: Settings,
    pub(crate) paths: Vec<PathBuf>,
}

/// Groups the paths by the config file that applies to each (nearest first, unless `--config`
/// or `--isolated` says otherwise) and compiles each config once.
pub(crate) fn groups(
    selection: &Selection,
    cli: &CliSettings,
    color: ColorArg,
) -> Result<Vec<Group>, Failure> {
    groups_of(selection, &selection.paths, cli, color)
}

/// The settings that `ally check .` uses, for words that are in no file (commit messages, a
/// pull request's text).
pub(crate) fn root_settings(
    selection: &Selection,
    cli: &CliSettings,
    color: ColorArg,
) -> Result<Settings, Failure> {
    let mut groups = groups_of(selection, &[], cli, color)?;
    Ok(groups.remove(0).settings)
}

fn groups_of(
    selection: &Selection,
    paths: &[PathBuf],
    cli: &CliSettings,
    color: ColorArg,
) -> Result<Vec<Group>, Failure> {
    let compile = |config: Option<&ConfigFile>| {
        Settings::new(config, cli).map_err(|e| report_data_errors(&e, color))
    };
    let source = &selection.source;
    if source.isolated || source.config.is_some() {
        let config = match &source.config {
            Some(path) => Some(load_config(path, color)?),
            None => None,
        };
        return Ok(vec![Group {
            settings: compile(config.as_ref())?,
            paths: paths.to_vec(),
        }]);
    }
    let starts: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut groups: Vec<(Option<PathBuf>, Option<ConfigFile>, Vec<PathBuf>)> = Vec::new();
    for path in &starts {
        let config = discover(path).map_err(|e| report_data_errors(&e, color))?;
        let key = config.as_ref().map(|c| c.path.clone());
        match groups.last_mut() {
            Some((last, _, paths)) if *last == key => paths.push(path.clone()),
            _ => groups.push((key, config, vec![path.clone()])),
        }
    }
    let explicit = !paths.is_empty();
    groups
        .into_iter()
        .map(|(_, config, paths)| {
            Ok(Group {
                settings: compile(config.as_ref())?,
                paths: if explicit { paths } else { vec![] },
            })
        })
        .collect()
}

pub(crate) fn load_config(path: &Path, color: ColorArg) -> Result<ConfigFile, Failure> {
    match ConfigFile::load(path) {
        Ok(Some(config)) => Ok(config),
        Ok(None) => Err(fail(format!("{} has no [tool.ally] table", path.display()))),
        Err(errors) => Err(report_data_errors(&errors, color)),
    }
}

/// Shows problems in config or rule files at file, line and column.
pub(crate) fn report_data_errors(errors: &DataErrors, color: ColorArg) -> Failure {
    let mut stderr = StandardStream::stderr(color_choice(color, io::stderr().is_terminal()));
    // If stderr itself is gone there is nobody left to tell.
    let _ = errors.render(&mut stderr);
    let _ = writeln!(
        stderr,
        "ally: {} in config or rule files; nothing was checked",
        count(errors.problems.len(), "problem")
    );
    Failure::Reported
}

/// The command-line settings shared by `check` and `baseline`.
pub(crate) fn cli_settings(
    selection: &Selection,
    fail_on: Option<FailOn>,
    skip: &[&Path],
) -> Result<CliSettings, Failure> {
    let rule_files = read_rule_files(&selection.rule_files)?;
    let fail_on = fail_on.map(|f| match f {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    });
    // ally's own outputs and inputs (a baseline, a report) are never checked.
    let skip_files = skip.iter().map(|p| p.to_path_buf()).collect();
    let speed = speed_for(&selection.paths);
    let vocabulary = (speed == Speed::QuickStart)
        .then(|| vocabulary_of(&selection.paths))
        .flatten();
    Ok(CliSettings {
        scope: selection.scope,
        fail_on,
        rule_files,
        skip_files,
        speed,
        vocabulary,
        include_generated: selection.include_generated,
        replacements: false,
    })
}

/// A directory, or more than a few megabytes of files, is worth the automaton that takes longer
/// to build but scans several times faster; a few small files (a pre-commit hook) are not.
pub(crate) fn speed_for(paths: &[PathBuf]) -> Speed {
    const LARGE: u64 = 4 * 1024 * 1024;
    if paths.is_empty() {
        return Speed::Throughput;
    }
    let mut total = 0;
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Speed::Throughput,
            Ok(meta) => total += meta.len(),
            Err(_) => {}
        }
    }
    if total > LARGE {
        Speed::Throughput
    } else {
        Speed::QuickStart
    }
}

/// The words of a few small files, read ahead so that the automaton only holds the patterns
/// that could match them. With standard input, pipes or policy documents among them, the full
/// automaton is built instead.
pub(crate) fn vocabulary_of(paths: &[PathBuf]) -> Option<std::sync::Arc<Vocabulary>> {
    let mut vocabulary = Vocabulary::default();
    for path in paths {
        // Standard input and pipes (`ally check <(git show HEAD:notes.md)`) can be read once
        // only, and documents are read as text later.
        let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        if path.as_os_str() == "-" || !regular {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        if ally::documents::DocumentType::of(path, &bytes).is_some() {
            return None;
        }
        vocabulary.add(&ally::read::decode(&bytes)?.text);
        vocabulary.add(&path.to_string_lossy());
    }
    Some(std::sync::Arc::new(vocabulary))
}

/// The run options that the common selection flags give for `paths`.
pub(crate) fn run_options(selection: &Selection, paths: Vec<PathBuf>) -> RunOptions {
    RunOptions {
        paths,
        walk: WalkOptions {
            hidden: if selection.no_hidden {
                Hidden::None
            } else if selection.hidden {
                Hidden::All
            } else {
                Hidden::Project
            },
            no_ignore: selection.no_ignore,
            follow_links: selection.follow,
            check_named_excluded: selection.no_force_exclude,
        },
        threads: selection.threads.unwrap_or(0),
        stdin_name: selection.stdin_filename.clone(),
        inputs: None,
        check_filenames: selection.check_filenames,
    }
}

/// Errors and notes about a file go to stderr, whatever the output format, with the path and
/// message made safe to print (a file name may hold a line break or a terminal escape).
pub(crate) fn print_messages(report: &FileReport) {
    let path = printable(&report.path);
    for note in &report.notes {
        eprintln!("ally: note: {path}: {}", printable(note));
    }
    if let Some(error) = &report.error {
        eprintln!("ally: error: {path}: {}", printable(error));
    }
}

pub(crate) fn color_choice(color: ColorArg, is_terminal: bool) -> ColorChoice {
    match color {
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
        ColorArg::Auto
            if is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) =>
        {
            ColorChoice::Auto
        }
        ColorArg::Auto => ColorChoice::Never,
    }
}

pub(crate) fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub(crate) fn load_rules(paths: &[PathBuf]) -> Result<RuleSet, Failure> {
    let files = read_rule_files(paths)?;
    RuleSet::load(&files).map_err(|errors| report_data_errors(&errors, ColorArg::Auto))
}

/// Reads the rule files given with `--rules`, stopping at the first that cannot be read.
pub(crate) fn read_rule_files(paths: &[PathBuf]) -> Result<Vec<DataFile>, Failure> {
    paths
        .iter()
        .map(|path| {
            let text = read_data_file(path).map_err(|e| {
                fail(format!(
                    "cannot read rule file {}: {}",
                    path.display(),
                    ally::read::describe(&e)
                ))
            })?;
            Ok(DataFile::new(path.display().to_string(), text))
        })
        .collect()
}
