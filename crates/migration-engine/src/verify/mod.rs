//! `verify`: the rules (see `rules`) run on any folder of Diesel migrations, SQLite's or
//! PostgreSQL's, on a throw-away database, so that any project can run them in CI. The
//! migrations are read from the folder at run time; a project that keeps one folder per
//! backend has each SQLite and PostgreSQL one judged, a section each. Exit code 0: every rule
//! passes; 1: problems; 2: could not run.

use std::io::Write;
use std::path::{Path, PathBuf};

use diesel::sqlite::SqliteConnection;
use diesel_migrations::FileBasedMigrations;

use crate::config::{self, Database};
use crate::error::{Error, Result};
use crate::migration::{self, Migrations};
use crate::rules::{self, Problem, edited_migration, pragma_foreign_keys_in_transaction};

mod allowed;
mod folder;
pub mod foreign_keys;
mod masks;
mod postgres;
mod report;
mod retry;
mod rows;
mod sections;
mod seed;
mod since;
mod suppress;
mod walk;

pub use report::Report;
pub use sections::{Section, Verdict, verify_each};
pub use seed::Seed;
pub use since::Since;

/// The command line of `verify`, shared by `verify-migrations` and `cargo run -p course --
/// verify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The migrations folder, or a project folder that has one
    #[arg(required_unless_present = "explain")]
    pub path: Option<PathBuf>,
    /// SQL run before the first migration (or after --seed-after, SQLite only): rows of your own,
    /// or on PostgreSQL what the project makes outside its migrations (CREATE EXTENSION ...)
    #[arg(long, value_name = "FILE.sql")]
    pub seed: Option<PathBuf>,
    /// Load the seed right after this migration (its name or folder name)
    #[arg(long, value_name = "NAME", requires = "seed")]
    pub seed_after: Option<String>,
    /// Rows generated in every table after each migration
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub rows: usize,
    /// Foreign keys while migrating: on (a bundled SQLite's way), or off (a system SQLite's);
    /// by default read from the project (libsqlite3-sys with "bundled" in Cargo.toml, or
    /// `PRAGMA foreign_keys = ON` in its src/), else off
    #[arg(long, value_enum)]
    pub foreign_keys: Option<Switch>,
    /// A migration without a down.sql is not a problem (its up is still checked)
    #[arg(long)]
    pub allow_irreversible: bool,
    /// SQLite: also report migrations edited after they were applied to this database.
    /// postgres://: the server to verify on (a scratch database is made there and dropped),
    /// for the PostgreSQL folders only where a project keeps one per backend; without it,
    /// PostgreSQL migrations run on a throwaway cluster verify starts itself
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// The folder of PostgreSQL's server programs (initdb, postgres) to start the throwaway
    /// cluster with; by default the newest installed (PATH, /usr/lib/postgresql/N/bin,
    /// pg_config --bindir)
    #[arg(long, value_name = "DIR")]
    pub postgres_bin: Option<PathBuf>,
    /// Judge only this backend's migrations; by default told from the folder (a `sqlite`,
    /// `postgres`, `postgresql` or `pg` folder, or `migrations_sqlite` and the like, each judged
    /// where a project keeps several; PostgreSQL-only SQL such as SERIAL or $$ bodies) or from a
    /// postgres:// URL
    #[arg(long, value_enum)]
    pub backend: Option<Backend>,
    /// Judge only migrations newer than this version; older ones are applied first
    #[arg(long, value_name = "VERSION", conflicts_with = "since_commit")]
    pub since: Option<String>,
    /// Judge only migrations added since this git commit or branch (older ones are applied
    /// first)
    #[arg(long, value_name = "REF")]
    pub since_commit: Option<String>,
    /// `json` prints one JSON object, for CI
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print every note (by default a few of each rule's, with a count of the rest)
    #[arg(long)]
    pub verbose: bool,
    /// PostgreSQL: run the migrations as the throwaway cluster's superuser, for migrations that
    /// need one (by default they run as a role that owns the scratch database and nothing more,
    /// so unreviewed SQL cannot run programs, read files or reach other servers)
    #[arg(long)]
    pub superuser: bool,
    /// Give up on a migration step that runs longer than this, in seconds (0: never)
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub statement_timeout: u64,
    /// Print what a rule checks, why, and an example it rejects and one it accepts
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    On,
    Off,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// The `main` of `verify`: runs it, prints an error as one line, and gives the exit code:
/// 0 when every rule passes, 1 on problems, 2 when it could not run (see `Verdict::code` for
/// a project judged in several sections).
pub fn main(args: &Args, out: &mut dyn Write) -> std::process::ExitCode {
    crate::interrupt::install();
    let cwd = std::env::current_dir().unwrap_or_default();
    let result = run(args, &cwd, out);
    crate::interrupt::wait_if_interrupted();
    match result {
        Ok(code) => std::process::ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::from(2)
        }
    }
}

/// Runs `verify` as its command line says and prints the report; `Ok` with the exit code (0
/// when no rule found a problem). `Err` when it could not run at all (exit code 2); a section
/// that could not run beside others is said on stderr too.
pub fn run(args: &Args, cwd: &Path, out: &mut dyn Write) -> Result<u8> {
    if let Some(name) = &args.explain {
        let rule = rules::named(name).ok_or_else(|| {
            let names: Vec<&str> = rules::ALL.iter().map(|r| r.name).collect();
            Error::new(format!(
                "there is no rule named {name:?}: the rules are {}",
                names.join(", ")
            ))
        })?;
        return print(out, &rule.explain()).map(|()| 0);
    }
    let path = args
        .path
        .as_deref()
        .expect("clap requires a path without --explain");
    let options = Options {
        seed: args
            .seed
            .as_deref()
            .map(|file| Seed::read(file, args.seed_after.clone()))
            .transpose()?,
        rows: args.rows,
        foreign_keys: match args.foreign_keys {
            Some(switch) => foreign_keys::Mode::said(switch == Switch::On),
            None => foreign_keys::of_project(path),
        },
        allow_irreversible: args.allow_irreversible,
        database: args
            .database_url
            .as_deref()
            .filter(|url| !config::is_postgres(url))
            .map(|url| config::resolve_from(Some(url), None, cwd, Path::new("")))
            .transpose()?,
        postgres_url: args
            .database_url
            .clone()
            .filter(|url| config::is_postgres(url))
            .map(|url| config::readable(&url, "--database-url").map(|()| url))
            .transpose()?,
        postgres_bin: args
            .postgres_bin
            .as_deref()
            .map(crate::postgres::cluster::given_programs)
            .transpose()?,
        backend: args.backend,
        since: match (&args.since, &args.since_commit) {
            (Some(version), _) => Some(Since::version(version)?),
            (None, Some(commit)) => Some(Since::Commit(commit.clone())),
            (None, None) => None,
        },
        server: None,
        superuser: args.superuser,
        statement_timeout: args.statement_timeout,
    };
    let mut verdict = verify_each(path, &options)?;
    for report in verdict
        .sections
        .iter_mut()
        .filter_map(|s| s.report.as_mut().ok())
    {
        report.verbose = args.verbose;
    }
    for section in &verdict.sections {
        if let Err(error) = &section.report {
            eprintln!("error: {}: {error}", section.dir.display());
        }
    }
    let text = match args.format {
        Format::Text => verdict.render(),
        Format::Json => verdict.to_json() + "\n",
    };
    print(out, &text)?;
    Ok(verdict.code())
}

fn print(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}

/// How `verify` runs.
pub struct Options {
    pub seed: Option<Seed>,
    /// Rows generated in every table after each migration.
    pub rows: usize,
    /// Foreign keys on or off while migrating, and why.
    pub foreign_keys: foreign_keys::Mode,
    pub allow_irreversible: bool,
    /// A SQLite database to compare the applied migrations with.
    pub database: Option<Database>,
    /// The user's PostgreSQL server to verify on (PostgreSQL's folders only, where a project
    /// keeps one per backend).
    pub postgres_url: Option<String>,
    /// The server programs to start a throwaway cluster with (else the newest installed).
    pub postgres_bin: Option<PathBuf>,
    /// Whose migrations these are, when the user said: only that backend's folder is judged.
    pub backend: Option<Backend>,
    /// Only the newer migrations are judged.
    pub since: Option<Since>,
    /// A PostgreSQL server already running (the tests share one); else one is started or the
    /// URL's is used.
    pub server: Option<std::sync::Arc<crate::postgres::Server>>,
    /// Migrations run as the throwaway cluster's superuser, not as its unprivileged role.
    pub superuser: bool,
    /// Seconds a migration step may run (0: no limit).
    pub statement_timeout: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: None,
            rows: 3,
            foreign_keys: foreign_keys::Mode::said(true),
            allow_irreversible: false,
            database: None,
            postgres_url: None,
            postgres_bin: None,
            backend: None,
            since: None,
            server: None,
            superuser: false,
            statement_timeout: 300,
        }
    }
}

/// Runs every rule on the migrations `path` names, one folder: where a project keeps one per
/// backend, the wanted backend's (`options.backend`, or PostgreSQL's for a postgres:// URL),
/// else SQLite's (`verify_each` judges each). `Err` only when the rules cannot run at all:
/// no such folder, no migrations, a seed that names no migration, no PostgreSQL server.
pub fn verify(path: &Path, options: &Options) -> Result<Report> {
    let wanted = options
        .backend
        .or(options.postgres_url.as_ref().map(|_| Backend::Postgres));
    let mut layout = folder::locate(path, wanted)?;
    let picked = layout
        .sections
        .iter()
        .position(|s| s.backend == Some(Backend::Sqlite))
        .unwrap_or(0);
    let located = layout.sections.swap_remove(picked);
    for other in &layout.sections {
        layout
            .notes
            .push(format!("{} not judged in this run", other.dir.display()));
    }
    verify_folder(located, layout.notes, options)
}

/// Runs every rule on one folder of migrations, `notes` said about how it was found.
fn verify_folder(
    located: folder::Located,
    notes: Vec<String>,
    options: &Options,
) -> Result<Report> {
    let dir = located.dir;
    let folders = migration::folders(&dir)?;
    if folders.is_empty() {
        return Err(Error::new(format!(
            "there are no migrations in {}: give the folder that holds the migration folders, \
             or the project folder above it",
            dir.display()
        )));
    }
    // The folder's name says more than a URL given for a project's other folders.
    let backend = options
        .backend
        .or(located.backend)
        .or(options.postgres_url.as_ref().map(|_| Backend::Postgres))
        .unwrap_or_else(|| match folder::postgres_marker(&dir, &folders) {
            Some(_) => Backend::Postgres,
            None => Backend::Sqlite,
        });
    if backend == Backend::Postgres {
        if options.seed.as_ref().is_some_and(|s| s.after.is_some()) {
            return Err(Error::new(
                "--seed-after is for SQLite only for now: on PostgreSQL the seed runs before the \
                 first migration (CREATE EXTENSION and the like); leave --seed-after out",
            ));
        }
        return postgres::verify(&dir, &folders, notes, options);
    }
    let judged = options
        .since
        .as_ref()
        .map(|since| since.judged(&dir, &folders))
        .transpose()?;
    let mut problems = folder::problems(&dir, &folders);
    // The folders diesel can run, in a copy the rules read.
    let usable = tempfile::tempdir()
        .map_err(|e| Error::new(format!("cannot make a temporary folder: {e}")))?;
    for name in folder::usable(&dir, &folders) {
        copy_folder(&dir.join(name), &usable.path().join(name))?;
    }
    let source = FileBasedMigrations::from_path(usable.path()).map_err(|e| {
        Error::new(format!(
            "cannot read the migrations in {}: {e}",
            dir.display()
        ))
    })?;
    // Loaded from the copy, named by the folder itself: advice shows the user's paths.
    let migrations = Migrations::load(&source, &dir)?;
    if let Some(after) = options.seed.as_ref().and_then(|s| s.after.as_ref()) {
        if !migrations
            .iter()
            .any(|m| migration::short_name(m) == *after || migration::full_name(m) == *after)
        {
            return Err(Error::new(format!(
                "there is no migration named {after} in {} to load the seed after",
                dir.display()
            )));
        }
    }
    let is_judged = |m: &dyn diesel::migration::Migration<diesel::sqlite::Sqlite>| {
        judged
            .as_ref()
            .is_none_or(|names| names.contains(&migration::full_name(m)))
    };
    for m in migrations.iter().filter(|m| is_judged(*m)) {
        problems.extend(pragma_foreign_keys_in_transaction::judge(
            m,
            options.foreign_keys.on,
        ));
    }
    let to_judge: Vec<String> = migrations
        .iter()
        .filter(|m| is_judged(*m))
        .map(migration::full_name)
        .collect();
    if !options.allow_irreversible {
        problems.extend(folder::irreversible(&dir, &to_judge));
    }
    let walked = walk::walk(&migrations, options, &is_judged).map_err(Error::new)?;
    let (walked_unreached, walked_rowless, walked_tables) =
        (walked.unreached, walked.rowless, walked.tables.len());
    problems.extend(walked.problems);
    let mut notes = notes;
    if let (Some(since), Some(judged)) = (&options.since, &judged) {
        notes.push(since.note(judged.len(), migrations.iter().count()));
    }
    notes.extend(walked.notes);
    if let Some(db) = &options.database {
        problems.extend(edited_migration::find(db, &migrations)?);
    }
    suppress::apply(&dir, &to_judge, &walked_unreached, &mut problems);
    Ok(Report {
        dir,
        migrations: migrations.iter().count(),
        options: format!(
            "{}; {} generated rows per table after each migration{}",
            options.foreign_keys.line(),
            options.rows,
            options.seed.as_ref().map_or(String::new(), |s| format!(
                ", and the rows of {}",
                s.file.display()
            ))
        ),
        notes,
        problems: in_rule_order(problems),
        compared_with: options.database.as_ref().map(Database::name),
        foreign_keys: Some(options.foreign_keys.clone()),
        postgres: false,
        verbose: false,
        coverage: report::Coverage {
            judged: to_judge.len(),
            unreached: walked_unreached,
            tables: walked_tables,
            rowless: walked_rowless,
            newer: None,
        },
    })
}

/// `problems` in the order the rules are listed, which the report follows.
fn in_rule_order(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| rules::ALL.iter().position(|r| r.name == p.rule));
    problems
}

fn copy_folder(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)
        .map_err(|e| Error::new(format!("cannot make {}: {e}", to.display())))?;
    let entries = std::fs::read_dir(from)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", from.display())))?;
    for entry in entries.flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))
                .map_err(|e| Error::new(format!("cannot read {}: {e}", entry.path().display())))?;
        }
    }
    Ok(())
}

/// The app runner of a scratch database: a migrations folder has no app to run.
fn no_app(_: &mut SqliteConnection, _: &[&str]) -> Result<String> {
    Err(Error::new("verify runs no app commands"))
}

#[cfg(test)]
mod examples;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_contained;
#[cfg(test)]
mod tests_generated_rows;
