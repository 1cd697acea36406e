//! The `standpoint` binary: parses the command line and reports errors.

use std::process::ExitCode;

use clap::Parser;
use standpoint::cli::{run, Cli};
use standpoint::error::Error;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`standpoint score … | head`) is not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("standpoint: error: {e}");
            ExitCode::FAILURE
        }
    }
}
