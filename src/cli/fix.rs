//! `ally fix`: plan the safe replacements for each file, then show them (`--diff`,
//! `--dry-run`) or write them. The planning is the library's; this module decides where the
//! bytes go.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use ally::config::Settings;
use ally::documents::DocumentType;
use ally::fix::{FixOptions, Written};
use ally::report::printable::printable;
use ally::walk::{Input, walk};

use super::args::{ColorArg, FixArgs};
use super::common::{ERROR, FINDINGS, Failure, cli_settings, count, fail, groups, print_messages};

/// Totals of an `ally fix` run.
#[derive(Default)]
struct FixTotals {
    files_changed: usize,
    fixed: usize,
    left: Vec<String>,
    errors: usize,
}

pub(crate) fn fix(args: FixArgs) -> Result<u8, Failure> {
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
        let walk_options = super::common::run_options(selection, vec![]).walk;
        let paths = if group.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            group.paths.clone()
        };
        let skip = settings.skips(walk_options.check_named_excluded);
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
                Input::File { path, display, .. } => (path, display),
                Input::Error { display, message } => {
                    eprintln!("ally: error: {}: {message}", printable(&display));
                    totals.errors += 1;
                    continue;
                }
                Input::Stdin { .. } | Input::Staged { .. } | Input::Skipped { .. } => continue,
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
    // Paths in messages are made safe to print; the diff keeps the real one for `git apply`.
    let shown = printable(display);
    let mut bytes = Vec::new();
    if let Err(error) = ally::read::read_file(path, ally::read::MAX_INPUT, &mut bytes, false) {
        eprintln!("ally: error: {shown}: {}", ally::read::describe(&error));
        totals.errors += 1;
        return Ok(());
    }
    let document = ally::documents::DocumentType::of(path, &bytes);
    if let Some(kind @ (DocumentType::Docx | DocumentType::Odt)) = document {
        return tracked_changes(
            settings, path, display, &bytes, kind, options, args, totals, out,
        );
    }
    if args.track_changes {
        eprintln!(
            "ally: error: {shown}: --track-changes writes tracked changes into .docx and .odt \
             documents; this file has none (run without it to rewrite the file)"
        );
        totals.errors += 1;
        return Ok(());
    }
    if document.is_some() || ally::documents::unsupported(path, &bytes).is_some() {
        let format = document.map_or("doc", ally::documents::DocumentType::name);
        left_in_document(settings, path, display, format, &bytes, totals);
        return Ok(());
    }
    // A generated file is rewritten by its generator, not by hand: `check` skips it, so `fix`
    // leaves it alone too.
    let policy = settings.policy_for(path);
    if ally::read::decode(&bytes)
        .is_some_and(|d| settings.skips_as_generated(&d.text, policy.file_kind(path, &d.text)))
    {
        return Ok(());
    }
    let result = ally::fix::fix_bytes(&settings.linter, &policy, path, &bytes, options);
    let rules = settings.linter.rules();
    let mut left: Vec<String> = result
        .plan
        .left
        .iter()
        .map(|l| {
            format!(
                "{shown}:{}:{}: {}: {}",
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
            write_diff(out, display, &bytes, new)?;
        } else if args.dry_run {
            for edit in edits {
                let position = edit.finding.start;
                writeln!(
                    out,
                    "{shown}:{}:{}: `{}` → `{}`",
                    position.line, position.column, edit.original, edit.replacement
                )?;
            }
        } else {
            match ally::fix::write_if_unchanged(path, &bytes, new) {
                Ok(Written::Done) => {}
                Ok(Written::ChangedOnDisk) => {
                    eprintln!(
                        "ally: warning: {shown} changed on disk while ally ran; it was left alone"
                    );
                    left.push(format!(
                        "{shown}: changed on disk during the run; run `ally fix` again"
                    ));
                    totals.left.extend(left);
                    return Ok(());
                }
                Ok(Written::ReadOnly) => {
                    left.push(format!(
                        "{shown}: read-only; {} not written",
                        count(edits.len(), "fix")
                    ));
                    totals.left.extend(left);
                    return Ok(());
                }
                // Replacing the file would split its hard links or change its owner: left for
                // a person, like a read-only file.
                Err(ref error) if let Some(reason) = ally::output::NotReplaced::of(error) => {
                    left.push(format!(
                        "{shown}: {reason}; {} not written",
                        count(edits.len(), "fix")
                    ));
                    totals.left.extend(left);
                    return Ok(());
                }
                Err(error) => {
                    eprintln!(
                        "ally: error: cannot write {shown}: {}",
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

/// Fixes a .docx or .odt with tracked changes: each safe replacement is a deletion and an insertion
/// by `ally` that the editor accepts or rejects, and each finding that needs a person's
/// judgement becomes a comment on its term. Shown instead with `--diff` (on the document's
/// text) or `--dry-run`.
#[allow(clippy::too_many_arguments)]
fn tracked_changes(
    settings: &Settings,
    path: &Path,
    display: &str,
    bytes: &[u8],
    kind: DocumentType,
    options: &FixOptions,
    args: &FixArgs,
    totals: &mut FixTotals,
    out: &mut impl Write,
) -> io::Result<()> {
    use ally::documents::review::{Author, Change, Comment, now_utc, review};
    let shown = printable(display);
    let Some((report, document)) =
        super::review::checked_document(settings, path, display, bytes, kind)
    else {
        totals.errors += 1;
        return Ok(());
    };
    let rules = settings.linter.rules();
    let plan = ally::fix::plan(&document.text, report.findings.clone(), rules, options);
    let place = |edit: &ally::fix::Edit| {
        super::review::place_at(
            &document,
            edit.range.clone(),
            edit.finding.location.as_ref()?,
        )
    };
    let changes: Vec<Change> = plan
        .edits
        .iter()
        .filter_map(|edit| {
            Some(Change {
                place: place(edit)?,
                replacement: edit.replacement.clone(),
            })
        })
        .collect();
    let where_ = |finding: &ally::finding::Finding| {
        finding
            .location
            .as_ref()
            .map_or_else(String::new, |location| format!(" {location}:"))
    };
    if args.dry_run {
        for edit in &plan.edits {
            writeln!(
                out,
                "{shown}:{} `{}` → `{}` (tracked change)",
                where_(&edit.finding),
                edit.original,
                edit.replacement
            )?;
        }
        totals.fixed += plan.edits.len();
        totals.files_changed += usize::from(!plan.edits.is_empty());
        return Ok(());
    }
    if args.diff {
        if !plan.edits.is_empty() {
            let fixed = ally::fix::apply(&document.text, &plan.edits);
            write!(
                out,
                "{}",
                ally::fix::unified_diff(display, &document.text, &fixed)
            )?;
        }
        totals.fixed += plan.edits.len();
        totals.files_changed += usize::from(!plan.edits.is_empty());
        return Ok(());
    }
    let comments: Vec<Comment> = plan
        .left
        .iter()
        .filter_map(|left| {
            let mut text = super::review::comment_text(rules, &left.finding);
            text.push(format!(
                "Not changed by ally fix: {}.",
                left.reason.trim_end_matches('.')
            ));
            Some(Comment {
                place: super::review::place_of(&document, &left.finding)?,
                text,
            })
        })
        .collect();
    let author = Author {
        name: ally::documents::review::AUTHOR.into(),
        date: now_utc(),
    };
    let reviewed = match review(kind, bytes, &comments, &changes, &author) {
        Ok(reviewed) => reviewed,
        Err(error) => {
            eprintln!("ally: error: {shown}: {error}");
            totals.errors += 1;
            return Ok(());
        }
    };
    let made = changes.len() - reviewed.not_changed.len();
    let mut left: Vec<String> = Vec::new();
    for &index in &reviewed.not_changed {
        let edit = &plan.edits[index];
        left.push(format!(
            "{shown}:{} {} (`{}`): outside the main text or across a link; change it in the document",
            where_(&edit.finding),
            rules.rule(edit.finding.rule).id,
            printable(&edit.finding.term)
        ));
    }
    for (index, left_finding) in plan.left.iter().enumerate() {
        let commented = !reviewed.not_anchored.contains(&index);
        left.push(format!(
            "{shown}:{} {} (`{}`): {}{}",
            where_(&left_finding.finding),
            rules.rule(left_finding.finding.rule).id,
            printable(&left_finding.finding.term),
            left_finding.reason,
            if commented {
                " (a comment in the document says so)"
            } else {
                ""
            }
        ));
    }
    if reviewed.bytes != bytes {
        match ally::fix::write_if_unchanged(path, bytes, &reviewed.bytes) {
            Ok(Written::Done) => {
                totals.files_changed += usize::from(made > 0);
                totals.fixed += made;
            }
            Ok(_) => left.push(format!(
                "{shown}: changed on disk or read-only; not written"
            )),
            Err(error) => {
                eprintln!(
                    "ally: error: cannot write {shown}: {}",
                    ally::read::describe(&error)
                );
                totals.errors += 1;
                return Ok(());
            }
        }
    }
    totals.left.extend(left);
    Ok(())
}

/// A document other than .docx and .odt (.rtf, .pdf, .pptx, .xlsx) is never rewritten: its findings are listed for a person to
/// change in the document's own editor, each with the place a reader looks for it.
fn left_in_document(
    settings: &Settings,
    path: &Path,
    display: &str,
    format: &str,
    bytes: &[u8],
    totals: &mut FixTotals,
) {
    let shown = printable(display);
    let report = ally::run::check_bytes(settings, display, path, bytes);
    print_messages(&report);
    if report.error.is_some() {
        totals.errors += 1;
    }
    let rules = settings.linter.rules();
    let reason = format!("ally does not rewrite .{format} files; change it in the document");
    totals.left.extend(report.findings.iter().map(|finding| {
        let place = finding
            .location
            .as_ref()
            .map_or_else(String::new, |location| format!(" {location}:"));
        format!(
            "{shown}:{place} {} (`{}`): {reason}",
            rules.rule(finding.rule).id,
            printable(&finding.term)
        )
    }));
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
    ally::read::read_limited(io::stdin().lock(), ally::read::MAX_INPUT, &mut bytes).map_err(
        |error| {
            fail(format!(
                "cannot read standard input: {}",
                ally::read::describe(&error)
            ))
        },
    )?;
    let name = name.unwrap_or("<stdin>");
    let policy = settings.policy_for(Path::new(name));
    let result = ally::fix::fix_bytes(&settings.linter, &policy, Path::new(name), &bytes, options);
    let new = result.bytes.unwrap_or_else(|| bytes.clone());
    if diff {
        write_diff(out, name, &bytes, &new)?;
    } else {
        out.write_all(&new)?;
    }
    Ok(())
}

/// Writes the change from `old` to `new` (a file's bytes, in its encoding) as a unified diff
/// of their text, with git-style paths for `name`.
fn write_diff(out: &mut impl Write, name: &str, old: &[u8], new: &[u8]) -> io::Result<()> {
    let text = |bytes| {
        ally::read::decode(bytes)
            .map(|d| d.text.into_owned())
            .unwrap_or_default()
    };
    write!(
        out,
        "{}",
        ally::fix::unified_diff(name, &text(old), &text(new))
    )
}
