//! The command line of a lesson that runs on PostgreSQL (lesson 08): the migration verbs,
//! `schema`, `print-schema`, `check`, `config` and the app commands as every lesson has them,
//! plus `db` (the lesson's own server) and `move-data` (a lesson-07 SQLite database copied
//! over). With no database URL set, every command uses the lesson's own server, started on
//! first use; `--database-url postgres://...` or DATABASE_URL points it at any other.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;

use super::database::{Text, read_schema};
use super::{Format, MigrationCommand, SchemaFormat, generate, print};
use crate::config::{self, Source, Target};
use crate::course::check::{self, Report};
use crate::course::lesson::Lesson;
use crate::error::{Error, Result};
use crate::lesson_server::{LessonServer, State};

mod checksum;
mod lock_wait;
mod migrate;
mod move_data;
mod revert;

#[derive(Parser, Debug)]
struct Cli<A: Subcommand> {
    /// The PostgreSQL database, postgres://...; beats DATABASE_URL and .env [default: the
    /// lesson's own server, in its folder's .postgres/]
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// Run an app command even when migrations are pending, on the database as it is (a
    /// deploy in progress: `backfill-labels` runs before contract_tag_name)
    #[arg(long, global = true)]
    allow_pending: bool,
    #[command(subcommand)]
    command: Option<Command<A>>,
}

#[derive(Subcommand, Debug)]
enum Command<A: Subcommand> {
    /// Run, revert, redo, list or generate migrations, like `diesel migration`
    #[command(subcommand)]
    Migration(MigrationCommand),
    /// Print the database's schema as normalised SQL, or as a Mermaid ER diagram
    Schema {
        #[arg(long, value_enum, default_value_t = SchemaFormat::Sql)]
        format: SchemaFormat,
    },
    /// Print Diesel's table! definitions for the database, like `diesel print-schema`
    PrintSchema {
        /// Write them to the lesson's src/schema.rs instead
        #[arg(long)]
        write: bool,
    },
    /// Check the lesson's goals on a throwaway PostgreSQL cluster; exit code 0 when all pass
    Check {
        /// `json` prints the checklist as one line of JSON, for tools
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show which database is used and where that setting came from
    Config,
    /// The lesson's own PostgreSQL server: status, start, stop, or reset its database
    #[command(subcommand)]
    Db(DbCommand),
    /// Copy a lesson-07 SQLite database into this (migrated, empty) PostgreSQL database, in
    /// one transaction, proven by row counts and checksums on both sides
    MoveData {
        /// The lesson-07 database file
        #[arg(long, value_name = "PATH.db")]
        from: std::path::PathBuf,
        /// Empty the tables first when they hold rows (else the copy is refused)
        #[arg(long)]
        replace: bool,
    },
    /// Run one SQL statement on the database, as psql would, and say how many rows it
    /// changed: the chapter plays the app of the release before with it
    Sql {
        /// The statement, in quotes: "INSERT INTO tags (name) VALUES ('someday')"
        statement: String,
    },
    #[command(flatten)]
    App(A),
}

#[derive(Subcommand, Debug)]
enum DbCommand {
    /// Say whether the lesson's server runs, and its URL
    Status,
    /// Start it (it is made on first start)
    Start,
    /// Stop it; its data stays for the next start
    Stop,
    /// Drop the lesson's database and make it again, empty (no migration applied)
    Reset {
        /// Go ahead without asking (it asks first in a terminal, and refuses anywhere else)
        #[arg(long)]
        yes: bool,
    },
}

/// Where the database lives.
enum Place {
    /// The lesson's own server, in its folder.
    Own(LessonServer),
    /// A server the user named.
    Given { url: String, source: Source },
}

/// The `main` of a lesson binary on PostgreSQL: parses the command line, runs it, and turns any
/// error into one line on stderr and a non-zero exit code.
pub fn main<A: Subcommand>(lesson: Lesson<A, PgConnection>) -> ExitCode {
    let command = Cli::<A>::command()
        .name(lesson.package)
        .about(lesson.info.title);
    let cli = match Cli::<A>::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = super::output::Output::new(std::io::stdout().lock());
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
    lesson: &Lesson<A, PgConnection>,
    cli: Cli<A>,
    cwd: &Path,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    // The checklist and `migration generate` need no database: the settings are read (and a
    // wrong one said) only by the commands that use them.
    let place = || place(lesson, cli.database_url.as_deref(), cwd);
    let database = database_name(lesson.package);
    // The URL of the database, starting the lesson's own server (and making the database) if
    // need be.
    let url = |place: &Place| -> Result<String> {
        match place {
            Place::Own(server) => server.database(&database),
            Place::Given { url, .. } => Ok(url.clone()),
        }
    };
    match cli.command {
        None
        | Some(Command::Check {
            format: Format::Text,
        }) => {
            let report = checklist(lesson);
            print(out, &report.render())?;
            if !report.passed() && cli.command.is_some() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Some(Command::Check {
            format: Format::Json,
        }) => {
            let report = checklist(lesson);
            print(out, &(report.to_json() + "\n"))?;
            if !report.passed() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Some(Command::Config) => {
            let (name, source) = match &place()? {
                Place::Own(server) => (
                    format!(
                        "{} (the lesson's own server: {})",
                        server.url(&database),
                        state_word(server.state()?)
                    ),
                    Source::LessonDefault.to_string(),
                ),
                Place::Given { url, source } => (config::without_password(url), source.to_string()),
            };
            print(
                out,
                &format!(
                    "database:   {name}\nfrom:       {source}\nmigrations: {}\n",
                    lesson.migrations_dir().display()
                ),
            )?
        }
        Some(Command::Db(command)) => {
            let mut ask = super::ask_in_terminal;
            db(&place()?, &database, command, &mut ask, out)?
        }
        Some(Command::Migration(MigrationCommand::Generate { name })) => {
            generate(lesson, &name, out)?
        }
        Some(Command::Migration(verb)) => migrate::verb(lesson, &url(&place()?)?, verb, out)?,
        Some(Command::Schema { format }) => {
            let text = match format {
                SchemaFormat::Sql => Text::Sql,
                SchemaFormat::Mermaid => Text::Mermaid,
            };
            let place = place()?;
            print(
                out,
                &read_schema(lesson, &target(&place, url(&place)?), text)?,
            )?;
        }
        Some(Command::PrintSchema { write }) => {
            let place = place()?;
            let text = read_schema(lesson, &target(&place, url(&place)?), Text::TableMacros)?;
            if write {
                let file = Path::new(lesson.dir).join("src/schema.rs");
                std::fs::write(&file, &text)
                    .map_err(|e| Error::new(format!("cannot write {}: {e}", file.display())))?;
                print(out, &format!("Wrote {}\n", file.display()))?;
            } else {
                print(out, &text)?;
            }
        }
        Some(Command::MoveData { from, replace }) => {
            let place = place()?;
            move_data::run(lesson, &url(&place)?, &cwd.join(from), replace, out)?
        }
        Some(Command::Sql { statement }) => {
            let url = url(&place()?)?;
            let changed = diesel::sql_query(&statement)
                .execute(&mut crate::postgres::connect(&url)?)
                .map_err(|e| {
                    Error::new(format!(
                        "the statement failed on {}, which is as it was: {e}",
                        config::without_password(&url)
                    ))
                })?;
            let rows = if changed == 1 { "row" } else { "rows" };
            print(out, &format!("{changed} {rows} changed\n"))?
        }
        Some(Command::App(command)) => {
            let url = url(&place()?)?;
            let mut conn = migrate::open_migrated(
                lesson,
                &url,
                if cli.allow_pending {
                    migrate::Pending::Allowed
                } else {
                    migrate::Pending::RefusedUnlessAllowed
                },
            )?;
            super::usernames::key_postgres(&mut conn, &config::without_password(&url))?;
            (lesson.app)(command, &mut conn, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The database the settings name: a PostgreSQL URL, or the lesson's own server when nothing is
/// set. A SQLite file is refused in one line.
fn place<A>(lesson: &Lesson<A, PgConnection>, flag: Option<&str>, cwd: &Path) -> Result<Place> {
    match config::target(flag, cwd, &lesson.default_database())? {
        Target::Postgres { url, source } => Ok(Place::Given { url, source }),
        Target::Sqlite(db) if db.source == Source::LessonDefault => {
            Ok(Place::Own(LessonServer::of(Path::new(lesson.dir))))
        }
        Target::Sqlite(db) => Err(Error::new(format!(
            "the database URL from {} names a SQLite database ({}), but {} runs on PostgreSQL: \
             give a postgres:// URL, or none to use the lesson's own server; `move-data --from \
             FILE.db` copies a SQLite database over",
            db.source,
            db.name(),
            lesson.package
        ))),
    }
}

fn target(place: &Place, url: String) -> Target {
    let source = match place {
        Place::Own(_) => Source::LessonDefault,
        Place::Given { source, .. } => source.clone(),
    };
    Target::Postgres { url, source }
}

/// The database of the lesson on its own server: `lesson_08` for lesson-08.
fn database_name(package: &str) -> String {
    package.replace('-', "_")
}

fn state_word(state: State) -> &'static str {
    match state {
        State::Absent => "not made yet, the first command that needs it makes it",
        State::Stopped => "stopped",
        State::Running => "running",
    }
}

/// `db status | start | stop | reset`; `ask` asks before a reset without --yes.
fn db(
    place: &Place,
    database: &str,
    command: DbCommand,
    ask: &mut dyn FnMut(&str) -> bool,
    out: &mut dyn Write,
) -> Result<()> {
    let server = match place {
        Place::Own(server) => server,
        Place::Given { url, source } => {
            return Err(Error::new(format!(
                "`db` manages the lesson's own server, but the database URL from {source} names \
                 another ({}): start and stop that server your own way, or unset it",
                config::without_password(url)
            )));
        }
    };
    let root = server.root().display();
    let line = match command {
        DbCommand::Status => format!(
            "the lesson's PostgreSQL server in {root} is {}; its database: {}\n",
            state_word(server.state()?),
            config::without_password(&server.url(database))
        ),
        DbCommand::Start => {
            let started = server.start()?;
            server.database(database)?;
            format!(
                "the lesson's PostgreSQL server in {root} {}: {}\n",
                if started { "started" } else { "was running" },
                config::without_password(&server.url(database))
            )
        }
        DbCommand::Stop => {
            let was = server.stop()?;
            format!(
                "the lesson's PostgreSQL server in {root} {}\n",
                if was {
                    "stopped; its data stays for the next start"
                } else {
                    "was not running"
                }
            )
        }
        DbCommand::Reset { yes } => {
            let question = format!(
                "resetting drops database {database} on the lesson's server in {root}, with \
                 every row in it"
            );
            if !yes && !ask(&question) {
                return Err(Error::new(format!(
                    "{question}; nothing was done: run `db reset --yes` to go ahead"
                )));
            }
            format!(
                "database {database} was dropped and made again, empty: {}\n",
                server.reset(database)?
            )
        }
    };
    print(out, &line)
}

/// The lesson's checklist, with its app run in-process by its own arguments, on a throwaway
/// cluster of its own.
pub fn checklist<A: Subcommand>(lesson: &Lesson<A, PgConnection>) -> Report {
    checklist_on(lesson, None)
}

/// `checklist` on `server` when given (the tests share one), else on a cluster of its own.
pub fn checklist_on<A: Subcommand>(
    lesson: &Lesson<A, PgConnection>,
    server: Option<std::sync::Arc<crate::postgres::Server>>,
) -> Report {
    let app = |conn: &mut PgConnection, args: &[&str]| super::run_app(lesson, conn, args);
    check::postgres::check(lesson, &app, server)
}

#[cfg(test)]
mod tests;
