//! One migration, up or down, applied and recorded together: diesel's version row and the
//! workbook's checksum are written inside the migration's own transaction, so a crash (even
//! `kill -9`) leaves the migration either applied and recorded, or neither.
//!
//! A migration that runs outside diesel's transaction (`metadata.toml` with
//! `run_in_transaction = false`, as a rebuild that turns foreign keys off must) opens its own.
//! The runner records it just before the `COMMIT` that ends its last transaction; when it
//! fails part-way, the runner rolls its open transaction back and turns foreign keys on again
//! before it reports the error.

use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteConnection};

use super::{APPLIED_TABLE, Migrations, checksum, full_name, script, version};
use crate::error::{Error, Result};
use crate::sqlite::{catalogue, connection, violation};

/// Which file of a migration runs: `up.sql` or `down.sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Runs one migration's `up.sql` (or `down.sql`) and records it, as diesel does, with its
/// checksum. A failure is one line, with the query that finds the rows when existing rows
/// break a new constraint.
pub fn step(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
    migration: &dyn Migration<Sqlite>,
    direction: Direction,
) -> Result<()> {
    // What a dangling reference's advice compares with: which tables were there before.
    let before = catalogue::read(conn).unwrap_or_default();
    if migration.metadata().run_in_transaction() {
        conn.transaction(|conn| {
            run(conn, migration, direction)
                .map_err(|cause| Failed(explain(conn, &before, migration, direction, &cause)))?;
            record(conn, migrations, migration, direction)
                .map_err(|e| Failed(not_recorded(migration, e)))
        })
        .map_err(|Failed(error)| error)
    } else {
        outside_transaction(conn, &before, migrations, migration, direction)
    }
}

/// The error a migration's transaction ends with; diesel's own failures (a COMMIT that fails)
/// arrive through `From`.
struct Failed(Error);

impl From<diesel::result::Error> for Failed {
    fn from(e: diesel::result::Error) -> Self {
        Failed(Error::new(format!(
            "cannot end the migration's transaction: {e}"
        )))
    }
}

fn outside_transaction(
    conn: &mut SqliteConnection,
    before: &catalogue::Catalogue,
    migrations: &Migrations,
    migration: &dyn Migration<Sqlite>,
    direction: Direction,
) -> Result<()> {
    let text = script::text(migration, direction).unwrap_or_default();
    let statements = script::statements(&text);
    let outcome = match script::last_commit(&statements) {
        Some(commit) => conn
            .batch_execute(&statements[..commit].concat())
            .map_err(|e| explain(conn, before, migration, direction, &e.to_string()))
            .and_then(|()| {
                record(conn, migrations, migration, direction)
                    .map_err(|e| not_recorded(migration, e))
            })
            .and_then(|()| {
                conn.batch_execute(&statements[commit..].concat())
                    .map_err(|e| explain(conn, before, migration, direction, &e.to_string()))
            }),
        // No transaction of its own to record it in: run it whole, then record it.
        None => run(conn, migration, direction)
            .map_err(|cause| explain(conn, before, migration, direction, &cause))
            .and_then(|()| {
                record(conn, migrations, migration, direction)
                    .map_err(|e| not_recorded(migration, e))
            }),
    };
    if outcome.is_err() {
        // Fails harmlessly when the migration stopped outside its own transaction.
        let _ = conn.batch_execute("ROLLBACK");
    }
    conn.batch_execute("PRAGMA foreign_keys = ON")
        .map_err(|e| {
            Error::new(format!(
                "cannot turn foreign keys back on after {}: {e}",
                full_name(migration)
            ))
        })?;
    outcome
}

/// Runs the migration's SQL; the error is SQLite's words.
fn run(
    conn: &mut SqliteConnection,
    migration: &dyn Migration<Sqlite>,
    direction: Direction,
) -> std::result::Result<(), String> {
    let result = match direction {
        Direction::Up => migration.run(conn),
        Direction::Down => migration.revert(conn),
    };
    result.map_err(|e| {
        // Diesel wraps SQLite's words in "Failed to run <migration> with: ", which the
        // workbook's line already says.
        let wrapped = e.to_string();
        let prefix = format!("Failed to run {} with: ", full_name(migration));
        wrapped
            .strip_prefix(&prefix)
            .unwrap_or(&wrapped)
            .to_string()
    })
}

/// Diesel's version row and the workbook's checksum, added (up) or removed (down).
fn record(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
    migration: &dyn Migration<Sqlite>,
    direction: Direction,
) -> QueryResult<()> {
    let version = version(migration);
    match direction {
        Direction::Up => {
            diesel::sql_query(format!("INSERT INTO {APPLIED_TABLE} (version) VALUES (?)"))
                .bind::<Text, _>(&version)
                .execute(conn)?;
            if let Some(files) = checksum::Files::read(&migrations.folder(migration)) {
                checksum::record(conn, &version, &files)?;
            }
        }
        Direction::Down => {
            diesel::sql_query(format!("DELETE FROM {APPLIED_TABLE} WHERE version = ?"))
                .bind::<Text, _>(&version)
                .execute(conn)?;
            checksum::forget(conn, &version)?;
        }
    }
    Ok(())
}

/// One line for a migration that failed: which, SQLite's words, and the advice read from the
/// database before its transaction is rolled back (a rebuild's new_X table exists until then).
fn explain(
    conn: &mut SqliteConnection,
    before: &catalogue::Catalogue,
    migration: &dyn Migration<Sqlite>,
    direction: Direction,
    cause: &str,
) -> Error {
    let what = match direction {
        Direction::Up => "migration",
        Direction::Down => "reverting migration",
    };
    let rows = violation::advice_before(conn, cause, &|table| before.has_table(table));
    let dangling = catalogue::dangling_references(conn, before)
        .unwrap_or_default()
        .first()
        .map(|found| format!("; {found}"))
        .unwrap_or_default();
    Error::new(format!(
        "{what} {} failed: {cause}{rows}{dangling}{}",
        full_name(migration),
        connection::advice(cause)
    ))
}

fn not_recorded(migration: &dyn Migration<Sqlite>, e: diesel::result::Error) -> Error {
    Error::new(format!(
        "cannot record migration {} in {APPLIED_TABLE}: {e}",
        full_name(migration)
    ))
}
