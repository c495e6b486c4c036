//! The `ally` binary: parse arguments, call the library, map the outcome to an exit code.

mod cli;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use termcolor::{BufferedStandardStream, ColorChoice, NoColor, StandardStream, WriteColor};

use ally::Severity;
use ally::baseline::Baseline;
use ally::config::{CliSettings, ConfigFile, STARTER, Settings, discover, effective_toml};
use ally::diagnostic::{DataErrors, DataFile};
use ally::finding::{FileReport, Summary};
use ally::fix::{FixOptions, Written};
use ally::git::ChangedLines;
use ally::matcher::{Speed, Vocabulary};
use ally::report::{Checkstyle, Github, Gitlab, Human, Json, Junit, Page, Reporter, Sarif, Short};
use ally::rules::{RuleSet, quote_list};
use ally::run::{RunOptions, run};
use ally::walk::{Input, WalkOptions, relative_to_current_dir, walk};
use cli::{
    BaselineArgs, CheckArgs, Cli, ColorArg, Command, ConfigSource, FailOn, FixArgs, FormatArg,
    ListFormat, RulesArgs, Selection,
};

/// Exit code when findings reach the failure threshold.
const FINDINGS: u8 = 1;
/// Exit code for errors: bad arguments, bad config or rule files, unreadable paths.
const ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Fix(args) => fix(args),
        Command::Baseline(args) => baseline(args),
        Command::Rules(args) => list_rules(args),
        Command::Explain { rule, rule_files } => explain(&rule, &rule_files),
        Command::Guide { topic } => guide(topic.as_deref()),
        Command::Init { force } => init(force),
        Command::Config { path, source } => show_config(path.as_deref(), &source),
        Command::Lsp => ally::lsp::serve()
            .map(|shut_down| u8::from(!shut_down))
            .map_err(Failure::Io),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // Output cut short by a closed pipe (`ally check | head`) is not a failure.
        Err(Failure::Io(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(error)) => {
            eprintln!("ally: error: {error}");
            ExitCode::from(ERROR)
        }
        Err(Failure::Reported) => ExitCode::from(ERROR),
    }
}

/// Why a command failed.
enum Failure {
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
fn fail(message: impl std::fmt::Display) -> Failure {
    eprintln!("ally: error: {message}");
    Failure::Reported
}

/// Consecutive paths that share a config file, with the settings compiled from it.
struct Group {
    settings: Settings,
    paths: Vec<PathBuf>,
}

/// Groups the paths by the config file that applies to each (nearest first, unless `--config`
/// or `--isolated` says otherwise) and compiles each config once.
fn groups(
    selection: &Selection,
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
            paths: selection.paths.clone(),
        }]);
    }
    let starts: Vec<PathBuf> = if selection.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        selection.paths.clone()
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
    let explicit = !selection.paths.is_empty();
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

fn load_config(path: &Path, color: ColorArg) -> Result<ConfigFile, Failure> {
    match ConfigFile::load(path) {
        Ok(Some(config)) => Ok(config),
        Ok(None) => Err(fail(format!("{} has no [tool.ally] table", path.display()))),
        Err(errors) => Err(report_data_errors(&errors, color)),
    }
}

/// Shows problems in config or rule files at file, line and column.
fn report_data_errors(errors: &DataErrors, color: ColorArg) -> Failure {
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
fn cli_settings(
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
    })
}

/// A directory, or more than a few megabytes of files, is worth the automaton that takes longer
/// to build but scans several times faster; a few small files (a pre-commit hook) are not.
fn speed_for(paths: &[PathBuf]) -> Speed {
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
fn vocabulary_of(paths: &[PathBuf]) -> Option<std::sync::Arc<Vocabulary>> {
    let mut vocabulary = Vocabulary::default();
    for path in paths {
        // Standard input and pipes (`ally check <(git show HEAD:notes.md)`) can be read once
        // only, and documents are read as text later.
        let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        if path.as_os_str() == "-"
            || !regular
            || ally::documents::DocumentType::detect(path).is_some()
        {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        vocabulary.add(&ally::read::decode(&bytes)?.text);
        vocabulary.add(&path.to_string_lossy());
    }
    Some(std::sync::Arc::new(vocabulary))
}

fn run_options(
    selection: &Selection,
    paths: Vec<PathBuf>,
    inputs: Option<Vec<Input>>,
) -> RunOptions {
    RunOptions {
        paths,
        walk: WalkOptions {
            hidden: selection.hidden,
            no_ignore: selection.no_ignore,
            follow_links: selection.follow,
        },
        threads: selection.threads.unwrap_or(0),
        stdin_name: selection.stdin_filename.clone(),
        inputs,
        check_filenames: selection.check_filenames,
    }
}

/// The files `--diff` or `--staged` selects under the given paths.
fn changed_inputs(changed: &ChangedLines, paths: &[PathBuf], staged: bool) -> Vec<Input> {
    let roots: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    changed
        .files()
        .into_iter()
        .filter(|file| roots.is_empty() || roots.iter().any(|root| file.starts_with(root)))
        .filter(|file| staged || file.is_file())
        .map(|file| {
            let display = relative_to_current_dir(file);
            if staged {
                Input::Staged {
                    path: file.to_path_buf(),
                    display,
                    root: changed.root.clone(),
                }
            } else {
                Input::File {
                    path: file.to_path_buf(),
                    display,
                }
            }
        })
        .collect()
}

fn check(args: CheckArgs) -> Result<u8, Failure> {
    let selection = &args.selection;
    let output = match &args.output {
        Some(path) => Some(ally::output::AtomicFile::create(path).map_err(|e| {
            fail(format!(
                "cannot write {}: {}",
                path.display(),
                ally::read::describe(&e)
            ))
        })?),
        None => None,
    };
    // ally's own files are never checked: the baseline, the report and its temporary file.
    let mut own_files: Vec<&Path> = args
        .baseline
        .iter()
        .chain(&args.output)
        .map(PathBuf::as_path)
        .collect();
    own_files.extend(output.as_ref().map(|f| f.temporary_path()));
    let cli = cli_settings(selection, args.fail_on, &own_files)?;
    let groups = groups(selection, &cli, args.color)?;
    let changed = match (&args.diff, args.staged) {
        (Some(reference), _) => Some(ChangedLines::against(reference).map_err(fail)?),
        (None, true) => Some(ChangedLines::staged().map_err(fail)?),
        (None, false) => None,
    };
    let mut baseline = match &args.baseline {
        Some(path) => Some(Baseline::load(path).map_err(fail)?),
        None => None,
    };

    // On a terminal, output appears line by line; into a pipe or file it is block-buffered.
    let terminal = io::stdout().is_terminal();
    let stdout = StandardStream::stdout(color_choice(args.color, terminal));
    let mut reporter: Box<dyn Reporter> = match &output {
        None if terminal => reporter(args.format, stdout.lock()),
        None => reporter(
            args.format,
            BufferedStandardStream::stdout(color_choice(args.color, false)),
        ),
        Some(file) => reporter(args.format, NoColor::new(file.writer()?)),
    };
    let mut summary = Summary::default();
    let mut matched = 0;
    for group in &groups {
        let inputs = changed
            .as_ref()
            .map(|c| changed_inputs(c, &group.paths, args.staged));
        let options = run_options(selection, group.paths.clone(), inputs);
        let rules = group.settings.linter.rules();
        let part = run(&group.settings, &options, |report| {
            print_messages(report);
            if let Some(changed) = &changed {
                let path = Path::new(&report.path);
                report
                    .findings
                    .retain(|f| changed.contains(path, f.start.line));
            }
            if let Some(baseline) = &mut baseline {
                matched += baseline.filter(report, rules);
            }
            if !args.report_unused_suppressions {
                report.unused_suppressions.clear();
            }
            reporter.file(report, rules)
        })?;
        summary.merge(&part);
    }
    summary.baseline_matched = matched;
    if let Some(baseline) = &baseline {
        summary.baseline_fixed = Some(baseline.fixed());
    }
    reporter.finish(&summary)?;
    drop(reporter);
    if let (Some(file), Some(path)) = (output, &args.output) {
        file.commit().map_err(|e| {
            fail(format!(
                "cannot write {}: {}",
                path.display(),
                ally::read::describe(&e)
            ))
        })?;
    }
    if let Some(fixed) = summary.baseline_fixed
        && args.format != FormatArg::Human
        && fixed > 0
    {
        eprintln!(
            "ally: {fixed} baseline entries no longer occur; run `ally baseline` to shrink the file"
        );
    }
    Ok(if summary.errors > 0 {
        ERROR
    } else if summary.failing > 0 {
        FINDINGS
    } else {
        0
    })
}

/// The reporter for a format.
fn reporter<'a, W: WriteColor + 'a>(format: FormatArg, out: W) -> Box<dyn Reporter + 'a> {
    match format {
        FormatArg::Human => Box::new(Human::new(out)),
        FormatArg::Short => Box::new(Short::new(out)),
        FormatArg::Json => Box::new(Json::new(out)),
        FormatArg::Sarif => Box::new(Sarif::new(out)),
        FormatArg::Github => Box::new(Github::new(out)),
        FormatArg::Checkstyle => Box::new(Checkstyle::new(out)),
        FormatArg::Junit => Box::new(Junit::new(out)),
        FormatArg::Gitlab => Box::new(Gitlab::new(out)),
        FormatArg::Html => Box::new(Page::html(out)),
        FormatArg::Markdown => Box::new(Page::markdown(out)),
    }
}

/// Errors and notes about a file go to stderr, whatever the output format.
fn print_messages(report: &FileReport) {
    for note in &report.notes {
        eprintln!("ally: note: {}: {note}", report.path);
    }
    if let Some(error) = &report.error {
        eprintln!("ally: error: {}: {error}", report.path);
    }
}

/// Totals of an `ally fix` run.
#[derive(Default)]
struct FixTotals {
    files_changed: usize,
    fixed: usize,
    left: Vec<String>,
    errors: usize,
}

fn fix(args: FixArgs) -> Result<u8, Failure> {
    let selection = &args.selection;
    let cli = cli_settings(selection, None, &[])?;
    let groups = groups(selection, &cli, ColorArg::Auto)?;
    let preview = args.diff || args.dry_run;
    let mut totals = FixTotals::default();
    let mut out = io::stdout().lock();
    for group in &groups {
        let settings = &group.settings;
        let mut options = FixOptions {
            identifiers: args.identifiers,
            replace: settings.replace.clone(),
        };
        for (rule, text) in &args.replace {
            if settings.linter.rules().get(rule).is_none() {
                return Err(fail(match settings.linter.rules().closest_id(rule) {
                    Some(near) => {
                        format!("--replace names no rule `{rule}`; did you mean `{near}`?")
                    }
                    None => format!("--replace names no rule `{rule}`; `ally rules` lists them"),
                }));
            }
            options.replace.insert(rule.clone(), text.clone());
        }
        if group.paths.iter().any(|p| p.as_os_str() == "-") {
            fix_stdin(
                settings,
                selection.stdin_filename.as_deref(),
                &options,
                args.diff,
                &mut out,
            )?;
            continue;
        }
        let walk_options = WalkOptions {
            hidden: selection.hidden,
            no_ignore: selection.no_ignore,
            follow_links: selection.follow,
        };
        let paths = if group.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            group.paths.clone()
        };
        let skip = settings.skipper();
        let mut inputs = Vec::new();
        walk(
            &paths,
            &walk_options,
            Some(&skip),
            "<stdin>",
            !group.paths.is_empty(),
            |input| {
                inputs.push(input);
                true
            },
        );
        for input in inputs {
            let (path, display) = match input {
                Input::File { path, display } => (path, display),
                Input::Error { display, message } => {
                    eprintln!("ally: error: {display}: {message}");
                    totals.errors += 1;
                    continue;
                }
                Input::Stdin { .. } | Input::Staged { .. } => continue,
            };
            fix_file(
                settings,
                &path,
                &display,
                &options,
                &args,
                &mut totals,
                &mut out,
            )?;
        }
    }
    let mut err = io::stderr().lock();
    let files = count(totals.files_changed, "file");
    let fixed = count(totals.fixed, "finding");
    let verb = if preview { "would fix" } else { "fixed" };
    writeln!(err, "ally: {verb} {fixed} in {files}")?;
    if args.identifiers && totals.fixed > 0 && !preview {
        writeln!(
            err,
            "ally: identifiers were renamed; build and test the project before committing"
        )?;
    }
    if !totals.left.is_empty() {
        writeln!(
            err,
            "ally: left {} for a human:",
            count(totals.left.len(), "finding")
        )?;
        for line in &totals.left {
            writeln!(err, "  {line}")?;
        }
    }
    Ok(if totals.errors > 0 {
        ERROR
    } else if preview && totals.fixed > 0 {
        FINDINGS
    } else {
        0
    })
}

/// Fixes one file: previews the change, or writes it atomically if the file did not change
/// meanwhile.
fn fix_file(
    settings: &Settings,
    path: &Path,
    display: &str,
    options: &FixOptions,
    args: &FixArgs,
    totals: &mut FixTotals,
    out: &mut impl Write,
) -> io::Result<()> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("ally: error: {display}: {}", ally::read::describe(&error));
            totals.errors += 1;
            return Ok(());
        }
    };
    let policy = settings.policy_for(path);
    let result = ally::fix::fix_bytes(&settings.linter, &policy, path, &bytes, options);
    let rules = settings.linter.rules();
    let mut left: Vec<String> = result
        .plan
        .left
        .iter()
        .map(|l| {
            format!(
                "{display}:{}:{}: {}: {}",
                l.finding.start.line,
                l.finding.start.column,
                rules.rule(l.finding.rule).id,
                l.reason
            )
        })
        .collect();
    if let Some(new) = &result.bytes {
        let edits = &result.plan.edits;
        if args.diff {
            let old_text = ally::read::decode(&bytes)
                .map(|d| d.text.into_owned())
                .unwrap_or_default();
            let new_text = ally::read::decode(new)
                .map(|d| d.text.into_owned())
                .unwrap_or_default();
            write!(
                out,
                "{}",
                ally::fix::unified_diff(display, &old_text, &new_text)
            )?;
        } else if args.dry_run {
            for edit in edits {
                let position = edit.finding.start;
                writeln!(
                    out,
                    "{display}:{}:{}: `{}` → `{}`",
                    position.line, position.column, edit.original, edit.replacement
                )?;
            }
        } else {
            match ally::fix::write_if_unchanged(path, &bytes, new) {
                Ok(Written::Done) => {}
                Ok(Written::ChangedOnDisk) => {
                    eprintln!(
                        "ally: warning: {display} changed on disk while ally ran; it was left alone"
                    );
                    left.push(format!(
                        "{display}: changed on disk during the run; run `ally fix` again"
                    ));
                    totals.left.extend(left);
                    return Ok(());
                }
                Ok(Written::ReadOnly) => {
                    left.push(format!(
                        "{display}: read-only; {} not written",
                        count(edits.len(), "fix")
                    ));
                    totals.left.extend(left);
                    return Ok(());
                }
                Err(error) => {
                    eprintln!(
                        "ally: error: cannot write {display}: {}",
                        ally::read::describe(&error)
                    );
                    totals.errors += 1;
                    return Ok(());
                }
            }
        }
        totals.files_changed += 1;
        totals.fixed += edits.len();
    }
    totals.left.extend(left);
    Ok(())
}

/// `ally fix -`: the fixed text (or a diff) on standard output, for editors and pipes.
fn fix_stdin(
    settings: &Settings,
    name: Option<&str>,
    options: &FixOptions,
    diff: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)?;
    let name = name.unwrap_or("<stdin>");
    let policy = settings.policy_for(Path::new(name));
    let result = ally::fix::fix_bytes(&settings.linter, &policy, Path::new(name), &bytes, options);
    let new = result.bytes.unwrap_or_else(|| bytes.clone());
    if diff {
        let old_text = ally::read::decode(&bytes)
            .map(|d| d.text.into_owned())
            .unwrap_or_default();
        let new_text = ally::read::decode(&new)
            .map(|d| d.text.into_owned())
            .unwrap_or_default();
        write!(
            out,
            "{}",
            ally::fix::unified_diff(name, &old_text, &new_text)
        )?;
    } else {
        out.write_all(&new)?;
    }
    Ok(())
}

fn baseline(args: BaselineArgs) -> Result<u8, Failure> {
    let selection = &args.selection;
    let cli = cli_settings(selection, None, &[&args.output])?;
    let groups = groups(selection, &cli, ColorArg::Auto)?;
    let mut entries = Vec::new();
    let mut errors = 0;
    for group in &groups {
        let options = run_options(selection, group.paths.clone(), None);
        let mut reports = Vec::new();
        run(&group.settings, &options, |report| {
            print_messages(report);
            errors += usize::from(report.error.is_some());
            reports.push(std::mem::take(report));
            Ok(())
        })?;
        entries.extend(ally::baseline::entries(
            &args.output,
            &reports,
            group.settings.linter.rules(),
        ));
    }
    ally::baseline::write(&args.output, &entries).map_err(|e| {
        fail(format!(
            "cannot write {}: {}",
            args.output.display(),
            ally::read::describe(&e)
        ))
    })?;
    let file = args.output.display();
    eprintln!(
        "ally: recorded {} in {file}; `ally check --baseline {file}` now reports only new ones",
        count(entries.len(), "finding")
    );
    Ok(if errors > 0 { ERROR } else { 0 })
}

fn color_choice(color: ColorArg, is_terminal: bool) -> ColorChoice {
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

fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn init(force: bool) -> Result<u8, Failure> {
    let path = Path::new(".ally.toml");
    if path.exists() && !force {
        return Err(fail(".ally.toml already exists; use --force to replace it"));
    }
    ally::output::write_atomically(path, STARTER.as_bytes()).map_err(|e| {
        fail(format!(
            "cannot write .ally.toml: {}",
            ally::read::describe(&e)
        ))
    })?;
    println!(
        "ally: wrote .ally.toml; every setting in it is commented out, so the defaults apply until you edit it"
    );
    Ok(0)
}

fn show_config(path: Option<&Path>, source: &ConfigSource) -> Result<u8, Failure> {
    let path = path.unwrap_or(Path::new("."));
    let config = if source.isolated {
        None
    } else if let Some(file) = &source.config {
        Some(load_config(file, ColorArg::Auto)?)
    } else {
        discover(path).map_err(|e| report_data_errors(&e, ColorArg::Auto))?
    };
    let settings = Settings::new(config.as_ref(), &CliSettings::default())
        .map_err(|e| report_data_errors(&e, ColorArg::Auto))?;
    print!("{}", effective_toml(&settings, path));
    Ok(0)
}

fn load_rules(paths: &[PathBuf]) -> Result<RuleSet, Failure> {
    let files = read_rule_files(paths)?;
    RuleSet::load(&files).map_err(|errors| report_data_errors(&errors, ColorArg::Auto))
}

/// Reads the rule files given with `--rules`, stopping at the first that cannot be read.
fn read_rule_files(paths: &[PathBuf]) -> Result<Vec<DataFile>, Failure> {
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| {
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

fn list_rules(args: RulesArgs) -> Result<u8, Failure> {
    let rules = load_rules(&args.rule_files)?;
    let selected: Vec<_> = rules
        .rules()
        .iter()
        .filter(|r| args.category.as_deref().is_none_or(|c| r.category == c))
        .collect();
    if let Some(category) = &args.category
        && selected.is_empty()
    {
        return Err(fail(format!(
            "no rules in category `{category}`; categories: {}",
            rules.categories().join(", ")
        )));
    }
    let mut out = io::stdout().lock();
    if args.export_terms {
        for rule in &selected {
            for term in &rule.terms {
                writeln!(out, "{term}")?;
            }
        }
        return Ok(0);
    }
    match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = selected
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "category": r.category,
                        "severity": r.severity.as_str(),
                        "terms": r.terms,
                        "alternatives": r.alternatives,
                        "summary": r.summary,
                        "explanation": r.explanation,
                        "note": r.note,
                        "guidance": r.guidance,
                        "sources": r.sources,
                        "exceptions": r.exceptions,
                        "scopes": r.scopes.iter().map(|s| s.plural()).collect::<Vec<_>>(),
                        "fixable": !r.fixes.is_empty(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "rules": list }))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ListFormat::Human => {
            let id_width = selected
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(2)
                .max(2);
            let category_width = selected
                .iter()
                .map(|r| r.category.len())
                .max()
                .unwrap_or(8)
                .max(8);
            writeln!(
                out,
                "{:id_width$}  {:category_width$}  {:8}  terms",
                "id", "category", "severity"
            )?;
            for rule in &selected {
                let terms = rule
                    .terms
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                let more = if rule.terms.len() > 3 {
                    format!(", … ({} in all)", rule.terms.len())
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{:id_width$}  {:category_width$}  {:8}  {terms}{more}",
                    rule.id,
                    rule.category,
                    rule.severity.as_str()
                )?;
            }
            let categories = selected
                .iter()
                .map(|r| &r.category)
                .collect::<std::collections::HashSet<_>>()
                .len();
            let categories = if categories == 1 {
                "1 category".to_owned()
            } else {
                format!("{categories} categories")
            };
            writeln!(
                out,
                "\n{} in {categories}. `ally explain RULE` tells more about one.",
                count(selected.len(), "rule")
            )?;
        }
    }
    Ok(0)
}

fn explain(id: &str, rule_files: &[PathBuf]) -> Result<u8, Failure> {
    let rules = load_rules(rule_files)?;
    let Some(rule) = rules.get(id) else {
        return Err(fail(match rules.closest_id(id) {
            Some(near) => format!("there is no rule `{id}`; did you mean `{near}`?"),
            None => format!("there is no rule `{id}`; `ally rules` lists them"),
        }));
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{} ({}, {})\n", rule.id, rule.category, rule.severity)?;
    writeln!(out, "{}\n", wrap(&rule.explanation, 78))?;
    if let Some(note) = &rule.note {
        writeln!(out, "{}\n", wrap(&format!("Note: {note}"), 78))?;
    }
    writeln!(out, "Terms: {}", rule.terms.join(", "))?;
    if rule.alternatives.is_empty() {
        writeln!(
            out,
            "Instead: no single replacement; rephrase for the context."
        )?;
    } else {
        writeln!(
            out,
            "Instead: {}",
            quote_list(&rule.alternatives, usize::MAX)
        )?;
    }
    if !rule.exceptions.is_empty() {
        writeln!(out, "Not flagged in: {}", rule.exceptions.join(", "))?;
    }
    if !rule.sources.is_empty() {
        writeln!(out, "\nSources:")?;
        for source in &rule.sources {
            writeln!(out, "  {source}")?;
        }
    }
    for topic in rule.guidance.iter().filter_map(|id| rules.topic(id)) {
        writeln!(
            out,
            "\nGuidance: {} (`ally guide {}`)",
            topic.title, topic.id
        )?;
        writeln!(out, "{}", indent(&wrap(&topic.text, 76), "  "))?;
    }
    Ok(0)
}

fn guide(topic: Option<&str>) -> Result<u8, Failure> {
    let rules = RuleSet::builtin();
    let mut out = io::stdout().lock();
    let Some(id) = topic else {
        writeln!(
            out,
            "Allyship guidance. Read a topic with `ally guide TOPIC`.\n"
        )?;
        let width = rules.topics().iter().map(|t| t.id.len()).max().unwrap_or(0);
        for topic in rules.topics() {
            writeln!(out, "  {:width$}  {}", topic.id, topic.title)?;
        }
        return Ok(0);
    };
    let Some(topic) = rules.topic(id) else {
        return Err(fail(match rules.closest_topic(id) {
            Some(near) => format!("there is no guidance topic `{id}`; did you mean `{near}`?"),
            None => format!("there is no guidance topic `{id}`; `ally guide` lists them"),
        }));
    };
    writeln!(out, "{}\n", topic.title)?;
    writeln!(out, "{}\n", wrap(&topic.text, 78))?;
    if !topic.sources.is_empty() {
        writeln!(out, "Sources:")?;
        for source in &topic.sources {
            writeln!(
                out,
                "  {}, {}\n    {}",
                source.title, source.publisher, source.url
            )?;
        }
    }
    Ok(0)
}

/// Wraps a paragraph at `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
