//! `verify-migrations PATH`: the workbook's `verify` for any Diesel SQLite project, as a tool
//! of its own. Exit code 0 when every rule passes, 1 on problems, 2 when it cannot run.

use std::process::ExitCode;

use clap::Parser;
use workbook::verify;

/// Check a Diesel SQLite project's migrations on a throw-away database: up, down and up again
/// with generated rows, exact downs, rows kept, foreign keys and SQLite's traps
#[derive(Parser)]
#[command(name = "verify-migrations", version)]
struct Cli {
    #[command(flatten)]
    args: verify::Args,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    verify::main(&cli.args, &mut std::io::stdout().lock())
}
