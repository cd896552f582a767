//! The command line every lesson binary shares: the migration verbs, `schema`, `print-schema`,
//! `check`, `config`, the overview with no command, and the lesson's own app commands.
//! `database` opens the database each command works on, `input` checks what users type into
//! the app commands, `usernames` gives the users a migration could not key the app's key, and
//! `table` lays out what they list.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use diesel::sqlite::SqliteConnection;

use crate::config::{self, Database, Location};
use crate::course::check::{self, Report};
use crate::course::lesson::{Lesson, rebuilds_on_migrations};
use crate::error::{Error, Result};
use crate::migration::{self, Consent, Count};
use crate::sqlite::connection::{self, failure};
use database::{Text, open_existing, open_migrated, read_schema, sqlite_only};

mod database;
pub mod input;
mod output;
pub mod postgres;
pub mod table;
mod usernames;

#[derive(Parser, Debug)]
struct Cli<A: Subcommand> {
    /// The database: a SQLite file, or a postgres:// URL for schema and print-schema; beats
    /// DATABASE_URL and .env [default: the lesson's own file]
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Option<Command<A>>,
}

#[derive(Subcommand, Debug)]
enum Command<A: Subcommand> {
    /// Run, revert, redo, list or generate migrations, like `diesel migration`
    #[command(subcommand)]
    Migration(MigrationCommand),
    /// Print the database's schema as normalised SQL (the schema.sql the checks compare), or
    /// as a Mermaid ER diagram
    Schema {
        #[arg(long, value_enum, default_value_t = SchemaFormat::Sql)]
        format: SchemaFormat,
    },
    /// Print Diesel's table! definitions for the database, like `diesel print-schema`
    PrintSchema {
        /// Write them to the lesson's src/schema.rs instead (safe where `> src/schema.rs` is
        /// not: the shell would empty the file before cargo builds the lesson)
        #[arg(long)]
        write: bool,
    },
    /// Check the lesson's goals on a fresh throw-away database; exit code 0 when all pass
    Check {
        /// `json` prints the checklist as one line of JSON, for tools
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show which database is used and where that setting came from
    Config,
    #[command(flatten)]
    App(A),
}

/// How `schema` prints the database.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum SchemaFormat {
    /// The normalised schema.sql
    Sql,
    /// A Mermaid ER diagram (tables, columns, keys, relations)
    Mermaid,
}

/// How `check` prints its checklist.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum MigrationCommand {
    /// Run every pending migration (or those up to and including --to VERSION)
    Run {
        /// The last migration to run: its version (2026-11-24-120000) or folder name
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
    },
    /// Revert the last migration (or the last N, or all, or those newer than --to VERSION)
    Revert {
        #[command(flatten)]
        amount: Amount,
        /// Revert every migration newer than VERSION, so that it is the newest applied: its
        /// version (2026-11-24-120000) or folder name
        #[arg(long, value_name = "VERSION", conflicts_with_all = ["all", "number"])]
        to: Option<String>,
    },
    /// Revert the last migration (or N, or all) and run it again
    Redo(Amount),
    /// List every migration, [X] when applied
    List,
    /// Print true if any migration is pending, else false
    Pending,
    /// Create migrations/YYYY-MM-DD-HHMMSS_NAME/{up.sql,down.sql}
    Generate {
        /// The migration's name, e.g. create_task
        name: String,
    },
}

#[derive(clap::Args, Debug)]
struct Amount {
    /// Every applied migration
    #[arg(long, conflicts_with = "number")]
    all: bool,
    /// How many migrations
    #[arg(short = 'n', long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    number: u32,
    /// Go ahead even when the down.sql files throw rows away (they are counted and asked
    /// about first otherwise)
    #[arg(long)]
    yes: bool,
}

impl Amount {
    fn consent<'a>(&self, ask: &'a mut dyn FnMut(&str) -> bool) -> Consent<'a> {
        if self.yes {
            Consent::Given
        } else {
            Consent::Ask(ask)
        }
    }

    /// How many migrations: those newer than `to` when given, else -n N or --all.
    fn count(&self, to: Option<String>) -> Count {
        if let Some(to) = to {
            Count::To(to)
        } else if self.all {
            Count::All
        } else {
            Count::Last(self.number as usize)
        }
    }
}

/// The `main` of every lesson binary: parses the command line, runs it, and turns any error
/// into one line on stderr and a non-zero exit code.
pub fn main<A: Subcommand>(lesson: Lesson<A>) -> ExitCode {
    let command = Cli::<A>::command()
        .name(lesson.package)
        .about(lesson.info.title);
    let cli = match Cli::<A>::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = output::Output::new(std::io::stdout().lock());
    let code = match run(&lesson, cli, &cwd, &mut out) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    };
    out.finish();
    code
}

fn run<A: Subcommand>(
    lesson: &Lesson<A>,
    cli: Cli<A>,
    cwd: &Path,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let target = config::target(cli.database_url.as_deref(), cwd, &lesson.default_database())?;
    match cli.command {
        None => {
            let report = checklist(lesson);
            print(out, &report.render())?;
        }
        Some(Command::Check { format }) => {
            let report = checklist(lesson);
            match format {
                Format::Text => print(out, &report.render())?,
                Format::Json => print(out, &(report.to_json() + "\n"))?,
            }
            if !report.passed() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Some(Command::Config) => print(
            out,
            &format!(
                "database:   {}\nfrom:       {}\nmigrations: {}\n",
                target.name(),
                target.source(),
                lesson.migrations_dir().display()
            ),
        )?,
        Some(Command::Migration(MigrationCommand::Generate { name })) => {
            generate(lesson, &name, out)?
        }
        Some(Command::Migration(verb)) => {
            let db = sqlite_only(&target, "the migration commands")?;
            migration_verb(lesson, db, verb, out)?
        }
        Some(Command::Schema { format }) => {
            let text = match format {
                SchemaFormat::Sql => Text::Sql,
                SchemaFormat::Mermaid => Text::Mermaid,
            };
            print(out, &read_schema(lesson, &target, text)?)?;
        }
        Some(Command::PrintSchema { write }) => {
            let text = read_schema(lesson, &target, Text::TableMacros)?;
            if write {
                let file = Path::new(lesson.dir).join("src/schema.rs");
                std::fs::write(&file, &text)
                    .map_err(|e| Error::new(format!("cannot write {}: {e}", file.display())))?;
                print(out, &format!("Wrote {}\n", file.display()))?;
            } else {
                print(out, &text)?;
            }
        }
        Some(Command::App(command)) => {
            let db = sqlite_only(&target, "the lesson's app commands")?;
            let mut conn = if lesson.has_migrations() {
                open_migrated(lesson, db)?
            } else {
                // A lesson without migrations has no database of its own: its app commands
                // get an empty in-memory one.
                connection::open(&Database {
                    url: ":memory:".into(),
                    location: Location::Memory,
                    source: db.source.clone(),
                })?
            };
            (lesson.app)(command, &mut conn, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `migration generate`: new migration files, whatever database the URL names.
fn generate<A, C>(lesson: &Lesson<A, C>, name: &str, out: &mut dyn Write) -> Result<()> {
    let now = chrono::Utc::now().naive_utc();
    migration::generate(&lesson.migrations_dir(), name, now, out)?;
    let next = if lesson.migrations.is_none() {
        "Write the change in up.sql and how to undo it in down.sql; `migration run` reads them \
         from the folder until the lesson embeds them.\n"
    } else if rebuilds_on_migrations(Path::new(lesson.dir)) {
        "Write the change in up.sql and how to undo it in down.sql; the next `cargo run` builds \
         them into the lesson.\n"
    } else {
        "Write the change in up.sql and how to undo it in down.sql, and add build.rs printing \
         `cargo:rerun-if-changed=migrations` (the lesson-02 chapter shows it): without it, \
         `cargo run` keeps the migrations of the last build.\n"
    };
    print(out, next)
}

/// The migration verbs that work on the database.
fn migration_verb<A>(
    lesson: &Lesson<A>,
    db: &Database,
    verb: MigrationCommand,
    out: &mut dyn Write,
) -> Result<()> {
    let migrations = lesson.load_migrations()?;
    match verb {
        MigrationCommand::Run { to } => migration::run(db, &migrations, to.as_deref(), out),
        MigrationCommand::Revert { amount, to } => {
            open_existing(lesson, db)?;
            let mut ask = ask_in_terminal;
            migration::revert(
                db,
                &migrations,
                amount.count(to),
                amount.consent(&mut ask),
                out,
            )
        }
        MigrationCommand::Redo(amount) => {
            open_existing(lesson, db)?;
            let mut ask = ask_in_terminal;
            migration::redo(
                db,
                &migrations,
                amount.count(None),
                amount.consent(&mut ask),
                out,
            )
        }
        MigrationCommand::List => migration::list(
            &mut open_existing(lesson, db)?,
            &db.name(),
            &migrations,
            out,
        ),
        MigrationCommand::Pending => {
            let pending = migration::pending(&mut open_existing(lesson, db)?, &migrations)
                .map_err(|e| failure("read", &db.name(), e))?;
            print(out, &format!("{}\n", !pending.is_empty()))
        }
        MigrationCommand::Generate { name } => generate(lesson, &name, out),
    }
}

/// Asks `question` in a terminal and waits for y or n; anywhere else (a script, CI) the answer
/// is no, and the error says to add --yes.
fn ask_in_terminal(question: &str) -> bool {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("{question}. Go ahead? [y/N] ");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok()
        && matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// The lesson's checklist, with its app run in-process by its own arguments.
pub fn checklist<A: Subcommand>(lesson: &Lesson<A>) -> Report {
    checklist_of_copy(lesson, lesson.migrations.is_some())
}

/// The checklist of a copy of a lesson crate that reads its migrations at run time, as if its
/// binary embedded them when `embeds` (the tests' copies of a solution).
pub fn checklist_of_copy<A: Subcommand>(lesson: &Lesson<A>, embeds: bool) -> Report {
    let app = |conn: &mut SqliteConnection, args: &[&str]| run_app(lesson, conn, args);
    check::check(lesson, &app, embeds)
}

/// Runs one app command given as arguments, as a goal does, and returns its output.
fn run_app<A: Subcommand, C>(lesson: &Lesson<A, C>, conn: &mut C, args: &[&str]) -> Result<String> {
    #[derive(Parser)]
    struct AppArgs<A: Subcommand> {
        #[command(subcommand)]
        command: A,
    }
    let parsed =
        AppArgs::<A>::try_parse_from(std::iter::once(lesson.package).chain(args.iter().copied()))
            .map_err(|e| {
            Error::new(
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or("bad arguments")
                    .to_string(),
            )
        })?;
    let mut out = Vec::new();
    (lesson.app)(parsed.command, conn, &mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn print(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}

#[cfg(test)]
mod tests;
