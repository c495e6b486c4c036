//! `ally review`: a reviewed copy of each Word document, with every finding as a comment on
//! its term, for the people who own policy documents and work in a word processor.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use ally::config::Settings;
use ally::documents::DocumentType;
use ally::documents::review::{Author, Comment, Place, now_utc, review as review_document};
use ally::finding::Finding;
use ally::report::printable::printable;
use ally::walk::{Input, walk};

use super::args::ReviewArgs;
use super::common::{ERROR, FINDINGS, Failure, cli_settings, count, fail, groups, print_messages};

/// What a run of `ally review` did, for its summary.
#[derive(Default)]
struct Totals {
    documents: usize,
    /// Documents read that had nothing to comment on.
    clean: usize,
    comments: usize,
    errors: usize,
    /// Findings that could not become comments, each a line for the summary.
    listed: Vec<String>,
}

pub(crate) fn review(args: ReviewArgs) -> Result<u8, Failure> {
    let selection = &args.selection;
    if selection.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(fail(
            "review writes a copy of a document file, so it needs a path, not standard input",
        ));
    }
    let cli = cli_settings(selection, None, &[])?;
    let groups = groups(selection, &cli, super::args::ColorArg::Auto)?;
    let mut documents = Vec::new();
    for group in &groups {
        let walk_options = super::common::run_options(selection, vec![]).walk;
        let paths = if group.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            group.paths.clone()
        };
        let skip = group.settings.skips(walk_options.check_named_excluded);
        walk(
            &paths,
            &walk_options,
            Some(&skip),
            "<stdin>",
            !group.paths.is_empty(),
            |input| {
                documents.push((input, &group.settings));
                true
            },
        );
    }
    let mut walk_errors = 0;
    let mut documents: Vec<(PathBuf, String, &Settings)> = documents
        .into_iter()
        .filter_map(|(input, settings)| match input {
            // In a folder, only the documents a review can write; a file named on the command
            // line is tried whatever it is, so that its error says why.
            Input::File {
                path,
                display,
                listed,
            } if !listed || (is_reviewable(&path) && !is_reviewed_copy(&path)) => {
                Some((path, display, settings))
            }
            Input::Error { display, message } => {
                eprintln!("ally: error: {}: {message}", printable(&display));
                walk_errors += 1;
                None
            }
            _ => None,
        })
        .collect();
    documents.sort_by(|a, b| a.0.cmp(&b.0));
    documents.dedup_by(|a, b| a.0 == b.0);
    if args.output.is_some() && documents.len() != 1 {
        return Err(fail(format!(
            "--output names the copy of one document, and {} were given",
            documents.len()
        )));
    }
    if documents.is_empty() {
        if walk_errors > 0 {
            return Ok(ERROR);
        }
        eprintln!("ally: no .docx or .odt documents to review under the given paths");
        return Ok(0);
    }
    let author = Author {
        name: ally::documents::review::AUTHOR.into(),
        date: now_utc(),
    };
    let mut totals = Totals {
        errors: walk_errors,
        ..Totals::default()
    };
    let mut out = io::stdout().lock();
    for (path, display, settings) in &documents {
        let output = args.output.clone().unwrap_or_else(|| reviewed_name(path));
        review_one(
            settings,
            path,
            display,
            &output,
            &author,
            &mut totals,
            &mut out,
        )?;
    }
    // Nothing was read: the errors above say why, and totals of nothing would only confuse.
    if totals.documents + totals.clean == 0 && totals.listed.is_empty() {
        return Ok(if totals.errors > 0 { ERROR } else { 0 });
    }
    writeln!(
        out,
        "ally: {} written as {} in {}",
        count(totals.comments, "finding"),
        if totals.comments == 1 {
            "a comment"
        } else {
            "comments"
        },
        match totals.documents {
            1 => "1 reviewed copy".to_owned(),
            n => format!("{n} reviewed copies"),
        }
    )?;
    if !totals.listed.is_empty() {
        writeln!(
            out,
            "ally: {} outside the main text (headers, footers, notes, comments), to change by hand:",
            count(totals.listed.len(), "finding")
        )?;
        for line in &totals.listed {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(if totals.errors > 0 {
        ERROR
    } else if totals.comments + totals.listed.len() > 0 {
        FINDINGS
    } else {
        0
    })
}

fn review_one(
    settings: &Settings,
    path: &Path,
    display: &str,
    output: &Path,
    author: &Author,
    totals: &mut Totals,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let shown = printable(display);
    let mut bytes = Vec::new();
    if let Err(error) = ally::read::read_file(path, ally::read::MAX_INPUT, &mut bytes, false) {
        eprintln!("ally: error: {shown}: {}", ally::read::describe(&error));
        totals.errors += 1;
        return Ok(());
    }
    let Some(kind) = DocumentType::of(path, &bytes) else {
        eprintln!(
            "ally: error: {shown}: not a document that review can write comments into; it \
             writes .docx and .odt files (`ally check` reads every format)"
        );
        totals.errors += 1;
        return Ok(());
    };
    let Some((report, document)) = checked_document(settings, path, display, &bytes, kind) else {
        totals.errors += 1;
        return Ok(());
    };
    let rules = settings.linter.rules();
    let comments: Vec<Comment> = report
        .findings
        .iter()
        .filter_map(|finding| comment_for(rules, &document, finding))
        .collect();
    let reviewed = match review_document(kind, &bytes, &comments, &[], author) {
        Ok(reviewed) => reviewed,
        Err(error) => {
            eprintln!("ally: error: {shown}: {error}");
            totals.errors += 1;
            return Ok(());
        }
    };
    for &index in &reviewed.not_anchored {
        let comment = &comments[index];
        totals.listed.push(format!(
            "{shown}: {} paragraph {}: {}",
            comment.place.part,
            comment.place.paragraph,
            comment.text.first().map_or("", String::as_str)
        ));
    }
    let written = comments.len() - reviewed.not_anchored.len();
    if written == 0 {
        totals.clean += 1;
        if reviewed.not_anchored.is_empty() {
            writeln!(out, "{shown}: nothing to comment on")?;
        } else {
            writeln!(
                out,
                "{shown}: no copy written; its findings are outside the main text, listed below"
            )?;
        }
        return Ok(());
    }
    if let Err(error) = ally::output::write_atomically(output, &reviewed.bytes) {
        eprintln!(
            "ally: error: cannot write {}: {}",
            printable(&output.display().to_string()),
            ally::read::describe(&error)
        );
        totals.errors += 1;
        return Ok(());
    }
    totals.documents += 1;
    totals.comments += written;
    writeln!(
        out,
        "{shown}: {} in {}",
        count(written, "comment"),
        printable(&output.display().to_string())
    )?;
    Ok(())
}

/// A document's findings and its extracted text, which their ranges point into. Messages and
/// errors are printed; `None` when the document could not be read.
pub(super) fn checked_document(
    settings: &Settings,
    path: &Path,
    display: &str,
    bytes: &[u8],
    kind: DocumentType,
) -> Option<(ally::FileReport, ally::documents::ExtractedDocument)> {
    let report = ally::run::check_bytes(settings, display, path, bytes);
    print_messages(&report);
    if report.error.is_some() {
        return None;
    }
    match ally::documents::extract(kind, bytes, &Default::default()) {
        Ok(document) => Some((report, document)),
        Err(error) => {
            eprintln!("ally: error: {}: {error}", printable(display));
            None
        }
    }
}

/// The comment for a finding: what the term is and why it can hurt, what to use instead, and
/// where to read more.
fn comment_for(
    rules: &ally::rules::RuleSet,
    document: &ally::documents::ExtractedDocument,
    finding: &Finding,
) -> Option<Comment> {
    Some(Comment {
        place: place_of(document, finding)?,
        text: comment_text(rules, finding),
    })
}

/// Where a finding's words are, as a review finds them in the document.
pub(super) fn place_of(
    document: &ally::documents::ExtractedDocument,
    finding: &Finding,
) -> Option<Place> {
    place_at(document, finding.range.clone(), finding.location.as_ref()?)
}

/// The place of `range` of a document's extracted text, in the paragraph at `location`.
pub(super) fn place_at(
    document: &ally::documents::ExtractedDocument,
    range: std::ops::Range<usize>,
    location: &ally::finding::Location,
) -> Option<Place> {
    let (span, _) = document
        .spans
        .iter()
        .find(|(span, _)| span.start <= range.start && range.end <= span.end)?;
    Some(Place {
        part: location.part.clone()?.into_owned(),
        paragraph: location.paragraph?,
        line: document.text[span.clone()].to_owned(),
        range: range.start - span.start..range.end - span.start,
    })
}

/// The paragraphs of the comment on a finding.
pub(super) fn comment_text(rules: &ally::rules::RuleSet, finding: &Finding) -> Vec<String> {
    let rule = rules.rule(finding.rule);
    let mut text = vec![format!(
        "“{}” {}.",
        finding.term,
        rule.summary.trim_end_matches('.')
    )];
    let why = one_paragraph(&rule.explanation);
    if !why.is_empty() {
        text.push(why);
    }
    if !rule.alternatives.is_empty() {
        text.push(format!("Instead: {}.", or_list(&rule.alternatives)));
    }
    for topic in rule.guidance.iter().filter_map(|id| rules.topic(id)) {
        match topic.sources.first() {
            Some(source) => text.push(format!("Read more: {} ({})", topic.title, source.url)),
            None => text.push(format!(
                "Read more: {} (`ally guide {}`)",
                topic.title, topic.id
            )),
        }
    }
    text
}

/// A text written over several lines, as one paragraph.
fn one_paragraph(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `a`, `b` or `c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Whether a review can write comments into a file of this name.
fn is_reviewable(path: &Path) -> bool {
    matches!(
        DocumentType::detect(path),
        Some(DocumentType::Docx | DocumentType::Odt)
    )
}

/// `policy.reviewed.docx` beside `policy.docx`.
fn reviewed_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.reviewed.{extension}"))
}

/// Whether a file is a copy that `ally review` wrote, which a second run over the folder leaves
/// alone.
fn is_reviewed_copy(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.ends_with(".reviewed"))
}
