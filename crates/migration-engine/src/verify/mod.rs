//! `verify`: the rules (see `rules`) run on any folder of Diesel migrations, SQLite's or
//! PostgreSQL's, on a throw-away database, so that any project can run them in CI. The
//! migrations are read from the folder at run time; a project that keeps one folder per
//! backend has each SQLite and PostgreSQL one judged, a section each; a project records its
//! choices once in `verify-migrations.toml` (`project_file`). Exit code 0: every rule passes;
//! 1: problems; 2: could not run.

use std::path::{Path, PathBuf};

use diesel::sqlite::SqliteConnection;
use diesel_migrations::FileBasedMigrations;

use crate::config::Database;
use crate::error::{Error, Result};
use crate::migration::{self, Migrations};
use crate::rules::{self, Problem, edited_migration, pragma_foreign_keys_in_transaction};

mod allowed;
mod command;
mod findings;
mod folder;
pub mod foreign_keys;
mod github;
mod masks;
mod old_app;
mod postgres;
pub mod project_file;
mod report;
mod retry;
mod rows;
mod sarif;
mod sections;
mod seed;
mod since;
mod suppress;
mod walk;

pub use command::{Args, Backend, Format, Switch, main, run};
pub use old_app::App;
pub use report::Report;
pub use sections::{Section, Verdict, verify_each};
pub use seed::Seed;
pub use since::Since;

/// How `verify` runs.
pub struct Options {
    pub seed: Option<Seed>,
    /// Rows generated in every table after each migration.
    pub rows: usize,
    /// Foreign keys on or off while migrating, and why.
    pub foreign_keys: foreign_keys::Mode,
    pub allow_irreversible: bool,
    /// Migrations (folder names) allowed to have no down.sql: `irreversible` says nothing of them.
    pub irreversible: Vec<String>,
    /// Rules turned off: their findings are dropped, and the checklist says the rule is off.
    pub off: Vec<&'static str>,
    /// Rules made advice: their problems are notes, which never fail the run.
    pub advice: Vec<&'static str>,
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
    /// The app that keeps running while the migrations deploy, judged by `old-app-breaks`.
    pub app: Option<App>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: None,
            rows: 3,
            foreign_keys: foreign_keys::Mode::said(true),
            allow_irreversible: false,
            irreversible: Vec::new(),
            off: Vec::new(),
            advice: Vec::new(),
            database: None,
            postgres_url: None,
            postgres_bin: None,
            backend: None,
            since: None,
            server: None,
            superuser: false,
            statement_timeout: 300,
            app: None,
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

/// Runs every rule on one folder of migrations, `notes` said about how it was found, and
/// applies what the project chose (`Options::irreversible`, `off`, `advice`) to the findings.
fn verify_folder(
    located: folder::Located,
    notes: Vec<String>,
    options: &Options,
) -> Result<Report> {
    let mut report = judge_folder(located, notes, options)?;
    let allowed = |p: &Problem| {
        p.rule == rules::irreversible::RULE.name
            && p.migration
                .as_ref()
                .is_some_and(|m| options.irreversible.contains(m))
    };
    report
        .problems
        .retain(|p| !options.off.contains(&p.rule) && !allowed(p));
    for problem in &mut report.problems {
        problem.note |= options.advice.contains(&problem.rule);
    }
    report.off = options.off.clone();
    report.advice = options.advice.clone();
    Ok(report)
}

/// Runs every rule on one folder of migrations, `notes` said about how it was found.
fn judge_folder(located: folder::Located, notes: Vec<String>, options: &Options) -> Result<Report> {
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
    // The folders diesel can run, in a copy the rules read (in memory where there is room:
    // making 300 folders' files took 0.36 s in /tmp and 0.03 s in /dev/shm here).
    let usable = crate::throwaway::folder("workbook-migrations-")
        .map_err(|e| Error::new(format!("cannot make a temporary folder: {e}")))?;
    let _removed = crate::interrupt::remove_on_interrupt(usable.path());
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
    let app = old_app::resolve(&dir, options.app.as_ref())?;
    let walked = walk::walk(
        &migrations,
        options,
        &is_judged,
        old_app::tables(app.as_ref()),
    )
    .map_err(Error::new)?;
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
        off: Vec::new(),
        advice: Vec::new(),
        coverage: report::Coverage {
            judged: to_judge.len(),
            unreached: walked_unreached,
            tables: walked_tables,
            rowless: walked_rowless,
            newer: None,
            app: report::judged_app(app),
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
#[cfg(test)]
mod tests_project_file;
