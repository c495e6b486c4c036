//! `ally check`: check the paths, pass the findings through the filter stage, report them.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use termcolor::{BufferedStandardStream, NoColor, StandardStream, WriteColor};

use ally::baseline::Baseline;
use ally::filter::Filter;
use ally::finding::{FileReport, Summary};
use ally::git::ChangedLines;
use ally::output::AtomicFile;
use ally::report::{
    Checkstyle, Github, Gitlab, Human, Json, Junit, Page, ProjectRoot, Rdjson, Reporter, Sarif,
    Short, Sonarqube,
};
use ally::rules::RuleSet;
use ally::run::run_filtered;

use super::args::{CheckArgs, FormatArg};
use super::common::{
    ERROR, FINDINGS, Failure, cli_settings, color_choice, fail, groups, print_messages, run_options,
};
use super::suggest::Suggestions;

pub(crate) fn check(args: CheckArgs) -> Result<u8, Failure> {
    let selection = &args.selection;
    let output = match &args.output {
        Some(path) => Some(ReportFile::create(path)?),
        None => None,
    };
    let reports = report_files(&args)?;
    // ally's own files are never checked: the baseline, the reports and their temporary files.
    let mut own_files: Vec<&Path> = args.baseline.iter().map(PathBuf::as_path).collect();
    for file in output.iter().chain(reports.iter().map(|(_, file)| file)) {
        own_files.extend([file.path, file.file.temporary_path()]);
    }
    let mut cli = cli_settings(selection, args.fail_on, &own_files)?;
    // Reports that offer fixes get the rewrites `ally fix` would make.
    cli.replacements = std::iter::once(args.format)
        .chain(args.reports.iter().map(|(format, _)| *format))
        .any(|format| matches!(format, FormatArg::Sarif | FormatArg::Rdjson));
    let groups = groups(selection, &cli, args.color)?;
    let mut filter = Filter::new().unused_suppressions(args.report_unused_suppressions);
    filter = match (&args.diff, args.staged) {
        (Some(reference), _) => {
            filter.changed_lines(ChangedLines::against(reference).map_err(fail)?, false)
        }
        (None, true) => filter.changed_lines(ChangedLines::staged().map_err(fail)?, true),
        (None, false) => filter,
    };
    if let Some(path) = &args.baseline {
        filter = filter.baseline(Baseline::load(path).map_err(fail)?);
    }

    // On a terminal, output appears line by line; into a pipe or file it is block-buffered.
    let terminal = io::stdout().is_terminal();
    let stdout = StandardStream::stdout(color_choice(args.color, terminal));
    let main: Box<dyn Reporter> = match &output {
        None if terminal => reporter(args.format, stdout.lock()),
        None => reporter(
            args.format,
            BufferedStandardStream::stdout(color_choice(args.color, false)),
        ),
        Some(file) => file.reporter(args.format)?,
    };
    let mut reporter: Box<dyn Reporter> = if reports.is_empty() {
        main
    } else {
        let mut all = vec![main];
        for (format, file) in &reports {
            all.push(file.reporter(*format)?);
        }
        Box::new(Fanout(all))
    };
    let mut summary = Summary::default();
    let mut suggestions = Suggestions::default();
    let messages = messages(&args)?;
    // Commit messages and pull-request text alone, unless paths are named too.
    let check_files = !selection.paths.is_empty() || messages.is_none();
    for group in groups.iter().filter(|_| check_files) {
        if args.commit_message {
            for path in &group.paths {
                let report = commit_message_file(&group.settings, path);
                print_messages(&report);
                reporter.file(&report, group.settings.linter.rules())?;
                summary.add(&report);
            }
            continue;
        }
        let options = run_options(selection, group.paths.clone());
        let rules = group.settings.linter.rules();
        let part = run_filtered(&group.settings, &options, &mut filter, |report| {
            print_messages(report);
            if args.suggest_allow {
                suggestions.observe(report, rules);
            }
            reporter.file(report, rules)
        })?;
        summary.merge(&part);
    }
    if let Some(messages) = messages {
        // The project's config, as for `ally check .`. Messages are new words, not lines of a
        // diff: the changed-lines filter does not apply to them.
        let settings = &groups[0].settings;
        let root_settings;
        let settings = if selection.paths.is_empty() {
            settings
        } else {
            root_settings = super::common::root_settings(selection, &cli, args.color)?;
            &root_settings
        };
        for message in messages {
            let mut report = ally::run::check_bytes(
                settings,
                &message.display,
                Path::new(ally::messages::MESSAGE_FILE_NAME),
                message.text.as_bytes(),
            );
            report.writing = Some(message.writing);
            print_messages(&report);
            reporter.file(&report, settings.linter.rules())?;
            summary.add(&report);
        }
    }
    filter.finish(&mut summary);
    reporter.finish(&summary)?;
    drop(reporter);
    if args.suggest_allow {
        let text = suggestions
            .render()
            .unwrap_or_else(|| "# No names of other projects were met in this run.\n".into());
        if args.format == FormatArg::Human && output.is_none() {
            print!("\n{text}");
        } else {
            eprint!("{text}");
        }
    }
    // Every file is committed even when one fails, so that one full disk or read-only
    // directory does not cost the other reports.
    let mut committed = true;
    for file in output
        .into_iter()
        .chain(reports.into_iter().map(|(_, file)| file))
    {
        committed &= file.commit();
    }
    if !committed {
        return Err(Failure::Reported);
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

/// The commit messages of `--commits` and the pull-request text of `--pull-request-event`, or
/// `None` when neither is asked for.
fn messages(args: &CheckArgs) -> Result<Option<Vec<ally::messages::Message>>, Failure> {
    if args.commits.is_none() && args.pull_request_event.is_none() {
        return Ok(None);
    }
    let mut messages = Vec::new();
    if let Some(range) = &args.commits {
        messages.extend(ally::git::commit_messages(range).map_err(fail)?);
    }
    if let Some(path) = &args.pull_request_event {
        let payload = std::fs::read_to_string(path).map_err(|e| {
            fail(format!(
                "--pull-request-event: cannot read {}: {}",
                path.display(),
                ally::read::describe(&e)
            ))
        })?;
        messages.extend(
            ally::messages::pull_request_messages(&payload)
                .map_err(|e| fail(format!("--pull-request-event {}: {e}", path.display())))?,
        );
    }
    Ok(Some(messages))
}

/// A commit message file that git hands the commit-msg hook, checked without git's comments.
fn commit_message_file(settings: &ally::config::Settings, path: &Path) -> FileReport {
    let display = path.display().to_string();
    let mut bytes = Vec::new();
    if let Err(error) = ally::read::read_file(path, ally::read::MAX_INPUT, &mut bytes, true) {
        return FileReport::error(display, ally::read::describe(&error));
    }
    let Some(decoded) = ally::read::decode(&bytes) else {
        return FileReport::error(display, "not text, so not a commit message");
    };
    let text = ally::messages::commit_message_text(&decoded.text, ally::git::comment_char());
    ally::run::check_bytes(
        settings,
        &display,
        Path::new(ally::messages::MESSAGE_FILE_NAME),
        text.as_bytes(),
    )
}

/// The `--report` files, each opened before anything is checked so that a path that cannot be
/// written stops the run at once. A path named twice (or also by `--output`) is refused: the
/// last report to be committed would silently replace the other.
fn report_files(args: &CheckArgs) -> Result<Vec<(FormatArg, ReportFile<'_>)>, Failure> {
    let mut files = Vec::with_capacity(args.reports.len());
    for (index, (format, path)) in args.reports.iter().enumerate() {
        let earlier = args.reports[..index].iter().map(|(_, p)| p);
        if args.output.iter().chain(earlier).any(|p| p == path) {
            return Err(fail(format!(
                "{} is named by more than one --report or --output; give each report its own file",
                path.display()
            )));
        }
        files.push((*format, ReportFile::create(path)?));
    }
    Ok(files)
}

/// A report being written to a file (`--output` or `--report`): a temporary file beside the
/// target until the run is over. Errors name the file.
struct ReportFile<'a> {
    path: &'a Path,
    file: AtomicFile,
}

impl<'a> ReportFile<'a> {
    fn create(path: &'a Path) -> Result<ReportFile<'a>, Failure> {
        match AtomicFile::create(path) {
            Ok(file) => Ok(ReportFile { path, file }),
            Err(e) => Err(fail(cannot_write(path, &e))),
        }
    }

    /// The reporter for `format` that writes to this file.
    fn reporter(&self, format: FormatArg) -> Result<Box<dyn Reporter + 'a>, Failure> {
        let writer = self
            .file
            .writer()
            .map_err(|e| fail(cannot_write(self.path, &e)))?;
        Ok(Box::new(Named {
            path: self.path,
            inner: reporter(format, NoColor::new(writer)),
        }))
    }

    /// Replaces the target; says why not on standard error and returns false if it cannot.
    fn commit(self) -> bool {
        let path = self.path;
        match self.file.commit() {
            Ok(()) => true,
            Err(e) => {
                fail(cannot_write(path, &e));
                false
            }
        }
    }
}

fn cannot_write(path: &Path, error: &io::Error) -> String {
    format!(
        "cannot write {}: {}",
        path.display(),
        ally::read::describe(error)
    )
}

/// A reporter whose write errors (a full disk) name the file it writes.
struct Named<'a> {
    path: &'a Path,
    inner: Box<dyn Reporter + 'a>,
}

impl Named<'_> {
    fn name(&self, error: io::Error) -> io::Error {
        io::Error::new(error.kind(), cannot_write(self.path, &error))
    }
}

impl Reporter for Named<'_> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.inner.file(report, rules).map_err(|e| self.name(e))
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.inner.finish(summary).map_err(|e| self.name(e))
    }
}

/// Hands one run's results to several reporters in turn: `--report` writes more formats from
/// the same findings, without checking twice.
struct Fanout<'a>(Vec<Box<dyn Reporter + 'a>>);

impl Reporter for Fanout<'_> {
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
        self.0.iter_mut().try_for_each(|r| r.file(report, rules))
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.0.iter_mut().try_for_each(|r| r.finish(summary))
    }
}

/// The reporter for a format. SARIF and GitLab name files from the project root (the top of
/// the git work tree, or the current directory), which code scanning and merge requests map to
/// the repository.
fn reporter<'a, W: WriteColor + 'a>(format: FormatArg, out: W) -> Box<dyn Reporter + 'a> {
    match format {
        FormatArg::Human => Box::new(Human::new(out)),
        FormatArg::Short => Box::new(Short::new(out)),
        FormatArg::Json => Box::new(Json::new(out)),
        FormatArg::Sarif => Box::new(Sarif::new(out, ProjectRoot::discover())),
        FormatArg::Github => Box::new(Github::new(out)),
        FormatArg::Checkstyle => Box::new(Checkstyle::new(out)),
        FormatArg::Junit => Box::new(Junit::new(out)),
        FormatArg::Gitlab => Box::new(Gitlab::new(out, ProjectRoot::discover())),
        FormatArg::Html => Box::new(Page::html(out)),
        FormatArg::Markdown => Box::new(Page::markdown(out)),
        FormatArg::Rdjson => Box::new(Rdjson::new(out, ProjectRoot::discover())),
        FormatArg::Sonarqube => Box::new(Sonarqube::new(out, ProjectRoot::discover())),
    }
}
