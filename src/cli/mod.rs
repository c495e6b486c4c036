//! The command line: one module per command, each a thin layer that turns arguments into
//! library calls and decides where the output goes. [`args`] holds the clap definitions.

pub(crate) mod args;
mod baseline;
mod check;
mod common;
mod config;
mod explain;
mod fix;
mod guide;
mod init;
mod review;
mod rules;
mod suggest;
mod text;

use std::io;
use std::process::ExitCode;

use args::Command;
use common::{ERROR, Failure};

/// Runs one command and maps its outcome to the process's exit code.
pub(crate) fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Check(args) => check::check(args),
        Command::Fix(args) => fix::fix(args),
        Command::Review(args) => review::review(args),
        Command::Baseline(args) => baseline::baseline(args),
        Command::Rules(args) => rules::list_rules(args),
        Command::Explain { rule, rule_files } => explain::explain(&rule, &rule_files),
        Command::Guide { topic } => guide::guide(topic.as_deref()),
        Command::Init { force } => init::init(force),
        Command::Config { path, source } => config::show_config(path.as_deref(), &source),
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
