//! The library without the CLI: a front end checks a tree and passes the findings through the
//! same filter stage `ally check` uses.

use std::path::PathBuf;

use ally::baseline::{Baseline, entries, write};
use ally::config::{CliSettings, Settings};
use ally::filter::Filter;
use ally::finding::FileReport;
use ally::run::{RunOptions, run_filtered};

/// A finding as `(file name, line, column, rule)`.
type Found = (String, usize, usize, String);

/// Runs the pipeline over `dir` with `filter`, returning each file's findings as
/// `(path, line, column, rule)` and the reports themselves.
fn check(
    settings: &Settings,
    dir: &std::path::Path,
    filter: &mut Filter,
) -> (Vec<Found>, Vec<FileReport>) {
    let options = RunOptions {
        paths: vec![PathBuf::from(dir)],
        ..RunOptions::default()
    };
    let rules = settings.linter.rules();
    let mut found = Vec::new();
    let mut reports = Vec::new();
    run_filtered(settings, &options, filter, |report| {
        for f in &report.findings {
            let name = report.path.rsplit('/').next().unwrap().to_owned();
            found.push((
                name,
                f.start.line,
                f.start.column,
                rules.rule(f.rule).id.clone(),
            ));
        }
        reports.push(report.clone());
        Ok(())
    })
    .unwrap();
    (found, reports)
}

#[test]
fn a_front_end_checks_and_filters_through_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    std::fs::write(tree.join("a.md"), "Add the host to the whitelist.\n").unwrap();
    std::fs::write(
        tree.join("b.py"),
        "x = 1  # ally:ignore master\n# the blacklist\n",
    )
    .unwrap();
    let settings = Settings::new(None, &CliSettings::default()).unwrap();

    // With no filter, every finding and the unused directive are reported.
    let mut everything = Filter::new();
    let (found, reports) = check(&settings, &tree, &mut everything);
    assert_eq!(
        found,
        vec![
            ("a.md".to_owned(), 1, 21, "whitelist".to_owned()),
            ("b.py".to_owned(), 2, 7, "blacklist".to_owned()),
        ]
    );
    assert_eq!(reports[1].unused_suppressions.len(), 1);

    // A baseline of today's findings hides them; a new finding still shows.
    let baseline_path = dir.path().join("baseline.json");
    write(
        &baseline_path,
        &entries(&baseline_path, &reports, settings.linter.rules()),
    )
    .unwrap();
    std::fs::write(
        tree.join("a.md"),
        "Add the host to the whitelist.\nAsk the master.\n",
    )
    .unwrap();
    let mut filter = Filter::new()
        .baseline(Baseline::load(&baseline_path).unwrap())
        .unused_suppressions(false);
    let (found, reports) = check(&settings, &tree, &mut filter);
    assert_eq!(found, vec![("a.md".to_owned(), 2, 9, "master".to_owned())]);
    assert!(reports.iter().all(|r| r.unused_suppressions.is_empty()));
    let mut summary = ally::Summary::default();
    filter.finish(&mut summary);
    assert_eq!(summary.baseline_matched, 2);
    assert_eq!(summary.baseline_fixed, Some(0));
}
