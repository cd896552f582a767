//! `verify-migrations PATH`: the `verify` of migration-engine for any Diesel project, SQLite's or
//! PostgreSQL's, as a tool of its own. Exit code 0 when every rule passes, 1 on problems, 2 when it cannot run.

use std::process::ExitCode;

use clap::Parser;
use migration_engine::verify;

/// Check a Diesel project's migrations on a throw-away database: up, down and up again with
/// generated rows, exact downs, rows kept, foreign keys, SQLite's traps, and on PostgreSQL
/// (a throwaway cluster, or --database-url postgres://...) the locks and rewrites each
/// statement takes on tables that hold rows
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
