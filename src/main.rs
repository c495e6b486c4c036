//! The `ally` binary: parse arguments, call the library, map the outcome to an exit code.

mod cli;

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use termcolor::{ColorChoice, NoColor, StandardStream, WriteColor};

use ally::diagnostic::DataFile;
use ally::report::{Html, Human, Json, Markdown, Reporter, Short};
use ally::rules::{RuleSet, quote_list};
use ally::run::{RunOptions, run};
use ally::walk::WalkOptions;
use ally::{Linter, Policy, Severity};
use cli::{CheckArgs, Cli, ColorArg, Command, FailOn, FormatArg, ListFormat, RulesArgs};

/// Exit code when findings reach the failure threshold.
const FINDINGS: u8 = 1;
/// Exit code for errors: bad arguments, bad rule files, unreadable paths.
const ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => list_rules(args),
        Command::Explain { rule, rule_files } => explain(&rule, &rule_files),
        Command::Guide { topic } => guide(topic.as_deref()),
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

fn check(args: CheckArgs) -> Result<u8, Failure> {
    let rules = load_rules(&args.rule_files, args.color)?;
    let linter = Linter::new(rules);
    let mut policy = Policy::all(linter.rules());
    if let Some(scopes) = args.scope {
        policy.scopes = scopes;
    }
    let mut options = RunOptions {
        paths: args.paths,
        walk: WalkOptions {
            hidden: args.hidden,
            no_ignore: args.no_ignore,
            follow_links: args.follow,
        },
        threads: args.threads.unwrap_or(0),
        stdin_name: args.stdin_filename,
        exclude: Vec::new(),
    };
    let output = args.output.as_deref().map(Output::create).transpose()?;
    if let Some(output) = &output {
        options.exclude = vec![output.path.clone(), output.temp.path().to_path_buf()];
    }
    let stdout = StandardStream::stdout(color_choice(args.color, io::stdout().is_terminal()));
    let rules = linter.rules();
    let mut reporter = match &output {
        None => reporter(args.format, rules, stdout.lock()),
        Some(output) => reporter(args.format, rules, NoColor::new(output.writer()?)),
    };
    let summary = run(&linter, &policy, &options, |report| {
        for note in &report.notes {
            eprintln!("ally: note: {}: {note}", report.path);
        }
        if let Some(error) = &report.error {
            eprintln!("ally: error: {}: {error}", report.path);
        }
        reporter.file(&report)
    })?;
    reporter.finish(&summary)?;
    drop(reporter);
    if let Some(output) = output {
        output.persist()?;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    Ok(if summary.errors > 0 {
        ERROR
    } else if threshold.is_some_and(|t| summary.at_or_above(t) > 0) {
        FINDINGS
    } else {
        0
    })
}

fn reporter<'a, W: WriteColor + 'a>(
    format: FormatArg,
    rules: &'a RuleSet,
    out: W,
) -> Box<dyn Reporter + 'a> {
    match format {
        FormatArg::Human => Box::new(Human::new(rules, out)),
        FormatArg::Short => Box::new(Short::new(rules, out)),
        FormatArg::Json => Box::new(Json::new(rules, out)),
        FormatArg::Html => Box::new(Html::new(rules, out)),
        FormatArg::Markdown => Box::new(Markdown::new(rules, out)),
    }
}

/// A report written to a file: first to a temporary file beside it, then renamed over it, so
/// that the file is never half written and a failed run leaves the old one in place.
struct Output {
    path: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl Output {
    fn create(path: &Path) -> Result<Output, Failure> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".ally-report-")
            .tempfile_in(dir)
            .map_err(|error| {
                eprintln!(
                    "ally: error: cannot write {}: {}",
                    path.display(),
                    ally::read::describe(&error)
                );
                Failure::Reported
            })?;
        Ok(Output {
            path: path.to_path_buf(),
            temp,
        })
    }

    fn writer(&self) -> io::Result<BufWriter<File>> {
        Ok(BufWriter::new(self.temp.as_file().try_clone()?))
    }

    fn persist(self) -> Result<(), Failure> {
        // A temporary file is private to its owner; a report is as readable as any new file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&self.path).map_or(0o644, |m| m.permissions().mode());
            let _ = self
                .temp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode));
        }
        let path = self.path;
        self.temp.persist(&path).map_err(|error| {
            eprintln!(
                "ally: error: cannot write {}: {}",
                path.display(),
                ally::read::describe(&error.error)
            );
            Failure::Reported
        })?;
        Ok(())
    }
}

/// The built-in rules plus the given files; problems are shown with file, line and column.
fn load_rules(paths: &[PathBuf], color: ColorArg) -> Result<RuleSet, Failure> {
    let mut files = Vec::new();
    for path in paths {
        match std::fs::read_to_string(path) {
            Ok(text) => files.push(DataFile::new(path.display().to_string(), text)),
            Err(error) => {
                eprintln!(
                    "ally: error: cannot read rule file {}: {}",
                    path.display(),
                    ally::read::describe(&error)
                );
                return Err(Failure::Reported);
            }
        }
    }
    RuleSet::load(&files).map_err(|errors| {
        let mut stderr = StandardStream::stderr(color_choice(color, io::stderr().is_terminal()));
        // If stderr itself is gone there is nobody left to tell.
        let _ = errors.render(&mut stderr);
        let _ = writeln!(
            stderr,
            "ally: {} in rule files; nothing was checked",
            count(errors.problems.len(), "problem")
        );
        Failure::Reported
    })
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

fn list_rules(args: RulesArgs) -> Result<u8, Failure> {
    let rules = load_rules(&args.rule_files, ColorArg::Auto)?;
    let selected: Vec<_> = rules
        .rules()
        .iter()
        .filter(|r| args.category.as_deref().is_none_or(|c| r.category == c))
        .collect();
    if let Some(category) = &args.category
        && selected.is_empty()
    {
        eprintln!(
            "ally: error: no rules in category `{category}`; categories: {}",
            rules.categories().join(", ")
        );
        return Err(Failure::Reported);
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
            writeln!(
                out,
                "\n{} in {}. `ally explain RULE` tells more about one.",
                count(selected.len(), "rule"),
                count(
                    selected
                        .iter()
                        .map(|r| &r.category)
                        .collect::<std::collections::HashSet<_>>()
                        .len(),
                    "category"
                )
                .replace("categorys", "categories")
            )?;
        }
    }
    Ok(0)
}

fn explain(id: &str, rule_files: &[PathBuf]) -> Result<u8, Failure> {
    let rules = load_rules(rule_files, ColorArg::Auto)?;
    let Some(rule) = rules.get(id) else {
        match rules.closest_id(id) {
            Some(near) => eprintln!("ally: error: there is no rule `{id}`; did you mean `{near}`?"),
            None => eprintln!("ally: error: there is no rule `{id}`; `ally rules` lists them"),
        }
        return Err(Failure::Reported);
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
        match rules.closest_topic(id) {
            Some(near) => {
                eprintln!("ally: error: there is no guidance topic `{id}`; did you mean `{near}`?")
            }
            None => {
                eprintln!("ally: error: there is no guidance topic `{id}`; `ally guide` lists them")
            }
        }
        return Err(Failure::Reported);
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
