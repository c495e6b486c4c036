//! `ally check`: check the paths, pass the findings through the filter stage, report them.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use termcolor::{BufferedStandardStream, NoColor, StandardStream, WriteColor};

use ally::baseline::Baseline;
use ally::filter::Filter;
use ally::finding::Summary;
use ally::git::ChangedLines;
use ally::report::{
    Checkstyle, Github, Gitlab, Human, Json, Junit, Page, ProjectRoot, Reporter, Sarif, Short,
};
use ally::run::run_filtered;

use super::args::{CheckArgs, FormatArg};
use super::common::{
    ERROR, FINDINGS, Failure, cli_settings, color_choice, fail, groups, print_messages, run_options,
};

pub(crate) fn check(args: CheckArgs) -> Result<u8, Failure> {
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
    let mut reporter: Box<dyn Reporter> = match &output {
        None if terminal => reporter(args.format, stdout.lock()),
        None => reporter(
            args.format,
            BufferedStandardStream::stdout(color_choice(args.color, false)),
        ),
        Some(file) => reporter(args.format, NoColor::new(file.writer()?)),
    };
    let mut summary = Summary::default();
    for group in &groups {
        let options = run_options(selection, group.paths.clone());
        let rules = group.settings.linter.rules();
        let part = run_filtered(&group.settings, &options, &mut filter, |report| {
            print_messages(report);
            reporter.file(report, rules)
        })?;
        summary.merge(&part);
    }
    filter.finish(&mut summary);
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
    }
}
