//! The migration verbs on PostgreSQL, through Diesel's own migration harness: each migration in
//! its own transaction (unless its metadata.toml says otherwise), and the whole command under
//! an advisory lock, so two processes migrating one database at once take turns instead of
//! applying a migration twice (`revert` holds revert and redo). Each migration is recorded
//! with its checksum (`checksum`), as on SQLite: an applied migration edited since is refused,
//! and one whose up.sql holds no SQL is never run.

use std::io::Write;
use std::path::Path;

use diesel::migration::Migration;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_migrations::MigrationHarness;

use super::super::{MigrationCommand, print};
use super::checksum;
use crate::config::without_password;
use crate::course::lesson::Lesson;
use crate::error::{Error, Result};
use crate::harness::postgres::{PgMigrations, load, short_name};
use crate::migration::checksum::{Edited, Files, compare};
use crate::migration::find_version;
use crate::migration::runner::no_sql;
use crate::postgres;

/// The advisory lock every migration command takes: one number, shared by the workbook's
/// lessons and fixed (the bytes of `diesel` read as a number), so that every process agrees.
const MIGRATION_LOCK: i64 = 0x6469_6573_656c;

/// Runs a migration verb on the database at `url`.
pub(super) fn verb<A>(
    lesson: &Lesson<A, PgConnection>,
    url: &str,
    verb: MigrationCommand,
    out: &mut dyn Write,
) -> Result<()> {
    let dir = lesson.migrations_dir();
    let migrations = load(lesson.migrations.as_ref(), &dir).map_err(Error::new)?;
    let mut conn = postgres::connect(url)?;
    let name = without_password(url);
    let on = Folder {
        migrations: &migrations,
        dir: &dir,
        name: &name,
    };
    locked(&mut conn, &name, |conn| {
        // Every verb but `list` refuses a migration applied that the folder does not have.
        if !matches!(verb, MigrationCommand::List) {
            refuse_unknown(conn, on.migrations, on.name)?;
        }
        verb_on(conn, &on, verb, out)
    })
}

/// Runs `verb` on the locked database.
fn verb_on(
    conn: &mut PgConnection,
    on: &Folder,
    verb: MigrationCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match verb {
        MigrationCommand::List => list(conn, on, out),
        MigrationCommand::Run { to } => run(conn, on, to.as_deref(), out),
        MigrationCommand::Revert { amount, to } => {
            super::revert::revert(conn, on, amount.count(to), amount.yes, out, false)
        }
        MigrationCommand::Redo(amount) => {
            super::revert::revert(conn, on, amount.count(None), amount.yes, out, true)
        }
        MigrationCommand::Pending => {
            let pending = pending(conn, on.migrations).map_err(|e| on.failed(&e))?;
            print(out, &format!("{}\n", !pending.is_empty()))
        }
        MigrationCommand::Generate { .. } => unreachable!("generate needs no database"),
    }
}

/// `migration list`: every migration of the folder, `[X]` when applied (and said when edited
/// since), then any applied migration the folder does not have.
fn list(conn: &mut PgConnection, on: &Folder, out: &mut dyn Write) -> Result<()> {
    let applied = applied(conn).map_err(|e| on.failed(&e))?;
    let edited = edited(conn, on)?;
    print(out, "Migrations:\n")?;
    for m in on.migrations {
        let version = m.name().version().to_string();
        let mark = if applied.contains(&version) { "X" } else { " " };
        let note = match edited
            .iter()
            .find(|e| e.migration.name().version() == m.name().version())
        {
            Some(found) => format!(
                " (edited after it was applied: {})",
                advice(on, &applied, found)
            ),
            None => String::new(),
        };
        print(out, &format!("  [{mark}] {}{note}\n", m.name()))?;
    }
    let known: Vec<String> = on
        .migrations
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    for unknown in applied.iter().filter(|v| !known.contains(v)) {
        print(
            out,
            &format!("  [X] {unknown} (applied, but missing from the migrations folder)\n"),
        )?;
    }
    Ok(())
}

/// A lesson's migrations, the folder that holds their files, and the database they run on.
pub(super) struct Folder<'a> {
    pub(super) migrations: &'a PgMigrations,
    dir: &'a Path,
    pub(super) name: &'a str,
}

impl Folder<'_> {
    pub(super) fn failed(&self, e: &dyn std::fmt::Display) -> Error {
        Error::new(format!("cannot read {}: {e}", self.name))
    }

    fn files(&self, m: &dyn Migration<Pg>) -> Option<Files> {
        Files::read(&self.dir.join(m.name().to_string()))
    }

    /// The migration `given` names (`--to VERSION`).
    pub(super) fn find(&self, given: &str) -> Result<&dyn Migration<Pg>> {
        let names: Vec<String> = self
            .migrations
            .iter()
            .map(|m| m.name().to_string())
            .collect();
        Ok(self.migrations[find_version(&names, given, self.dir)?].as_ref())
    }
}

/// `migration run`: the pending migrations (up to and including `to`), each recorded with its
/// checksum; refused when an applied migration was edited since, and stopped before one whose
/// up.sql holds no SQL.
fn run(conn: &mut PgConnection, on: &Folder, to: Option<&str>, out: &mut dyn Write) -> Result<()> {
    if let Some(found) = edited(conn, on)?.first() {
        let applied = applied(conn).map_err(|e| on.failed(&e))?;
        return Err(Error::new(format!(
            "migration {} was edited after it was applied to {}: {}",
            found.migration.name(),
            on.name,
            advice(on, &applied, found)
        )));
    }
    let mut pending = pending(conn, on.migrations).map_err(|e| on.failed(&e))?;
    if let Some(to) = to {
        let last = on.find(to)?.name().version().to_string();
        if !pending
            .iter()
            .any(|m| m.name().version().to_string() == last)
        {
            let said = format!(
                "Nothing to run: {} is applied already.\n",
                on.find(to)?.name()
            );
            return print(out, &said);
        }
        pending.retain(|m| m.name().version().to_string() <= last);
    }
    let empty = pending
        .iter()
        .position(|m| on.files(*m).is_some_and(|f| f.up_holds_no_sql()));
    let runs = &pending[..empty.unwrap_or(pending.len())];
    if !runs.is_empty() {
        // diesel's table of applied migrations, made on the first run (reading never makes it).
        conn.applied_migrations()
            .map_err(|e| Error::new(format!("cannot set up {}: {e}", on.name)))?;
    }
    for m in runs {
        print(out, &format!("Running migration {}\n", m.name()))?;
        step(conn, on, *m, true)?;
    }
    match empty {
        None => Ok(()),
        Some(index) => Err(no_sql(
            &on.dir.join(pending[index].name().to_string()),
            index,
            pending.len() - index,
        )),
    }
}

/// Runs (`up`) or reverts one migration and records or forgets its checksum, in the
/// migration's own transaction when it runs in one.
pub(super) fn step(
    conn: &mut PgConnection,
    on: &Folder,
    m: &dyn Migration<Pg>,
    up: bool,
) -> Result<()> {
    let version = m.name().version().to_string();
    let files = on.files(m);
    let failed = |e: &dyn std::fmt::Display| {
        let what = if up {
            "migration"
        } else {
            "reverting migration"
        };
        Error::new(format!(
            "{what} {} failed on {}, and nothing of it was kept: {}",
            m.name(),
            on.name,
            first_line(&e.to_string())
        ))
    };
    let both = |conn: &mut PgConnection| -> Result<()> {
        if up {
            conn.run_migration(m).map_err(|e| failed(&e))?;
            if let Some(files) = &files {
                checksum::record(conn, &version, files).map_err(|e| failed(&e))?;
            }
        } else {
            conn.revert_migration(m).map_err(|e| failed(&e))?;
            checksum::forget(conn, &version).map_err(|e| failed(&e))?;
        }
        Ok(())
    };
    if !m.metadata().run_in_transaction() {
        return both(conn);
    }
    let mut kept = None;
    let ended = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        both(conn).map_err(|e| {
            kept = Some(e);
            diesel::result::Error::RollbackTransaction
        })
    });
    let said = match (kept, ended) {
        (Some(e), _) => e,
        (None, Err(e)) => failed(&e),
        (None, Ok(())) => return Ok(()),
    };
    // After the rollback: what another transaction still holds.
    let advice = super::lock_wait::advice(conn, &said.to_string());
    Err(Error::new(format!("{said}{advice}")))
}

/// The applied migrations whose files changed since they ran, oldest first.
fn edited<'m>(
    conn: &mut PgConnection,
    on: &Folder<'m>,
) -> Result<Vec<Edited<'m, dyn Migration<Pg>>>> {
    let recorded = checksum::recorded(conn).map_err(|e| on.failed(&e))?;
    let applied = applied(conn).map_err(|e| on.failed(&e))?;
    Ok(compare(
        &recorded,
        &applied,
        on.migrations.iter().map(|m| {
            (
                m.as_ref(),
                m.name().version().to_string(),
                on.dir.join(m.name().to_string()),
            )
        }),
    ))
}

/// What to do about an edited migration: revert to the one before it and run, or start the
/// database again (`db reset` on the lesson's own server).
fn advice(on: &Folder, applied: &[String], found: &Edited<dyn Migration<Pg>>) -> String {
    let version = found.migration.name().version().to_string();
    let back_to = applied
        .iter()
        .take_while(|v| **v != version)
        .last()
        .and_then(|v| {
            on.migrations
                .iter()
                .find(|m| m.name().version().to_string() == *v)
        })
        .map(|m| m.name().to_string());
    crate::migration::checksum::advice(
        found.change.as_deref(),
        back_to.as_deref(),
        &format!(
            "empty {} with `db reset` (the lesson's own server) and run `migration run`",
            on.name
        ),
    )
}

/// Whether a command runs on a database with pending migrations.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Pending {
    /// Refused; the error says `--allow-pending` would run it anyway (the app commands).
    RefusedUnlessAllowed,
    /// Allowed (`--allow-pending`).
    Allowed,
    /// Refused (`move-data`: a copy into a schema half-way is no copy).
    Refused,
}

/// Opens the database at `url` with every migration of the lesson applied, as the app needs,
/// unless `pending` allows otherwise.
pub(super) fn open_migrated<A>(
    lesson: &Lesson<A, PgConnection>,
    url: &str,
    pending_ok: Pending,
) -> Result<PgConnection> {
    let migrations =
        load(lesson.migrations.as_ref(), &lesson.migrations_dir()).map_err(Error::new)?;
    let mut conn = postgres::connect(url)?;
    let name = without_password(url);
    refuse_unknown(&mut conn, &migrations, &name)?;
    let pending = pending(&mut conn, &migrations)
        .map_err(|e| Error::new(format!("cannot read {name}: {e}")))?;
    if !pending.is_empty() && pending_ok != Pending::Allowed {
        let names: Vec<String> = pending.iter().map(|m| short_name(*m)).collect();
        let or = if pending_ok == Pending::RefusedUnlessAllowed {
            ", or pass --allow-pending to use it as it is"
        } else {
            ""
        };
        return Err(Error::new(format!(
            "database {name} has {} pending migration(s) ({}): run `{} migration run` first{or}",
            names.len(),
            names.join(", "),
            lesson.command()
        )));
    }
    Ok(conn)
}

/// The versions applied to the database, oldest first (none when it has no migrations table
/// yet). Reads only: diesel's own `applied_migrations` would make the table.
pub(super) fn applied(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    #[derive(QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    let table: Exists =
        diesel::sql_query("SELECT to_regclass('__diesel_schema_migrations') IS NOT NULL AS exists")
            .get_result(conn)?;
    if !table.exists {
        return Ok(Vec::new());
    }
    let rows: Vec<Version> =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
            .load(conn)?;
    Ok(rows.into_iter().map(|row| row.version).collect())
}

/// Refuses a database with a migration applied that the lesson does not have (a newer
/// lesson's, or one whose folder was deleted): its down.sql is unknown here, and the app's
/// code may not fit its schema. Reads only.
fn refuse_unknown(conn: &mut PgConnection, migrations: &PgMigrations, name: &str) -> Result<()> {
    let applied = applied(conn).map_err(|e| Error::new(format!("cannot read {name}: {e}")))?;
    let known: Vec<String> = migrations
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    match applied.iter().find(|v| !known.contains(v)) {
        None => Ok(()),
        Some(unknown) => Err(Error::new(format!(
            "database {name} has migration {unknown} applied, but the migrations folder has no \
             migration with that version (a newer lesson's, or a deleted folder): put its \
             folder back, or use another database (`db reset` empties the lesson's own)"
        ))),
    }
}

/// The lesson's migrations not applied yet, oldest first.
fn pending<'m>(
    conn: &mut PgConnection,
    migrations: &'m PgMigrations,
) -> QueryResult<Vec<&'m dyn Migration<Pg>>> {
    let applied = applied(conn)?;
    Ok(migrations
        .iter()
        .map(AsRef::as_ref)
        .filter(|m| !applied.contains(&m.name().version().to_string()))
        .collect())
}

/// Runs `work` holding the migration lock, waiting for it when another process holds it.
///
/// The wait is a try every 50 ms, not `pg_advisory_lock`: a session blocked in a statement
/// holds a snapshot, and `CREATE INDEX CONCURRENTLY` in the other process waits for every
/// snapshot to end, so the two would wait for each other (PostgreSQL reports a deadlock).
fn locked<T>(
    conn: &mut PgConnection,
    name: &str,
    work: impl FnOnce(&mut PgConnection) -> Result<T>,
) -> Result<T> {
    #[derive(QueryableByName)]
    struct Taken {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        taken: bool,
    }
    loop {
        let tried: Taken = diesel::sql_query("SELECT pg_try_advisory_lock($1) AS taken")
            .bind::<BigInt, _>(MIGRATION_LOCK)
            .get_result(conn)
            .map_err(|e| Error::new(format!("cannot take the migration lock on {name}: {e}")))?;
        if tried.taken {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let result = work(conn);
    let _ = diesel::sql_query("SELECT pg_advisory_unlock($1)")
        .bind::<BigInt, _>(MIGRATION_LOCK)
        .execute(conn);
    result
}

pub(super) fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_string()
}
