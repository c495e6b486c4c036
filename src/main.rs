//! The `ally` binary: parse the arguments and hand them to the command they name. Each command
//! lives in its own module under `cli/`; the work itself is the library's.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    cli::run(cli::args::Cli::parse().command)
}
