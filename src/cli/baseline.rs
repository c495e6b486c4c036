//! `ally baseline`: record today's findings, so that `ally check --baseline` reports only new
//! ones.

use ally::run::run;

use super::args::{BaselineArgs, ColorArg};
use super::common::{
    ERROR, Failure, cli_settings, count, fail, groups, print_messages, run_options,
};

pub(crate) fn baseline(args: BaselineArgs) -> Result<u8, Failure> {
    let selection = &args.selection;
    let cli = cli_settings(selection, None, &[&args.output])?;
    let groups = groups(selection, &cli, ColorArg::Auto)?;
    let mut entries = Vec::new();
    let mut errors = 0;
    for group in &groups {
        let options = run_options(selection, group.paths.clone());
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
