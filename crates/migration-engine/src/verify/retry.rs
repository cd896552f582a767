//! When an up (or down) fails on the generated rows, the walk does not stop there: the step is
//! tried again, first with each table keeping only its first row, then with every table
//! emptied, each try inside a transaction that is rolled back (or, for a migration that runs
//! outside diesel's transaction, on a scratch database the walk replays). When a try runs, the
//! walk keeps that many rows (the rows are deleted for real) and goes on; the note says which
//! rows went and why. A step that fails on empty tables too stays a problem, and so
//! does one that fails on any row whatever its values (a NOT NULL column added without a
//! default, a foreign key left pointing at a parent the step drops).

use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::sqlite::{Sqlite, SqliteConnection};

use crate::migration::{self, Direction, Migrations};
use crate::sqlite::schema;
use crate::sqlite::sql::quote_identifier as q;

/// How many generated rows a try keeps.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fewer {
    /// Each table keeps its first row.
    OneRow,
    /// Every table is emptied.
    None,
}

/// The rows a try deleted: table and how many, tables that lost none left out.
pub type Dropped = Vec<(String, i64)>;

/// What a rolled-back try ends with.
struct Undo(Result<(), String>);

impl From<diesel::result::Error> for Undo {
    fn from(e: diesel::result::Error) -> Self {
        Undo(Err(e.to_string()))
    }
}

/// How few rows the step that failed with `error` runs on, found by `trial` (which tries it
/// on that many rows and leaves the walk's database as it was); `None` when it fails on any
/// row (or on none).
pub fn how_few(error: &str, mut trial: impl FnMut(Fewer) -> Result<(), String>) -> Option<Fewer> {
    if fails_on_any_row(error) {
        return None;
    }
    let one_row_error = match trial(Fewer::OneRow) {
        Ok(()) => return Some(Fewer::OneRow),
        Err(e) => e,
    };
    // One row makes it fail whatever its values: any table with rows would.
    if fails_on_any_row(&one_row_error) {
        return None;
    }
    trial(Fewer::None).ok().map(|()| Fewer::None)
}

/// Tries migration `m` in `direction` on `fewer` rows, in a transaction rolled back whatever
/// happens: for a migration diesel runs in its transaction (the try's is then a savepoint).
pub fn try_in_transaction(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
    m: &dyn Migration<Sqlite>,
    direction: Direction,
    fewer: Fewer,
) -> Result<(), String> {
    let tried = conn.transaction::<(), Undo, _>(|conn| {
        thin(conn, fewer)?;
        migration::step(conn, migrations, m, direction).map_err(|e| Undo(Err(e.to_string())))?;
        Err(Undo(Ok(())))
    });
    match tried {
        Err(Undo(result)) => result,
        Ok(()) => Ok(()),
    }
}

/// Deletes rows for good (committed) as `fewer` says; the note says which and why. `None`
/// when there was nothing to delete (the step failed for another reason than the rows).
pub fn thin_for_good(
    conn: &mut SqliteConnection,
    m: &dyn Migration<Sqlite>,
    direction: Direction,
    error: &str,
    fewer: Fewer,
) -> Result<Option<String>, String> {
    let dropped = conn
        .transaction::<Dropped, diesel::result::Error, _>(|conn| thin(conn, fewer))
        .map_err(|e| e.to_string())?;
    Ok((!dropped.is_empty()).then(|| note(m, direction, error, fewer, &dropped)))
}

/// Whether SQLite's error says the step fails on any row whatever its values: a NOT NULL
/// column added without a default, a row left pointing at a parent the step drops or deletes.
fn fails_on_any_row(error: &str) -> bool {
    error.contains("Cannot add a NOT NULL column")
        || error.contains("FOREIGN KEY constraint failed")
}

fn note(
    m: &dyn Migration<Sqlite>,
    direction: Direction,
    error: &str,
    fewer: Fewer,
    dropped: &Dropped,
) -> String {
    let file = match direction {
        Direction::Up => "up.sql",
        Direction::Down => "down.sql",
    };
    // SQLite's words, without the advice after them.
    let cause = error
        .split_once(" failed: ")
        .map_or(error, |(_, cause)| cause);
    let cause = cause.split(';').next().unwrap_or(cause).trim();
    let how = match fewer {
        Fewer::OneRow => "once each table keeps only its first generated row",
        Fewer::None => "once its tables are emptied",
    };
    let rows: Vec<String> = dropped
        .iter()
        .map(|(table, n)| format!("{table}: {n} row{}", if *n == 1 { "" } else { "s" }))
        .collect();
    format!(
        "migrations/{}/{file} fails on the generated rows ({cause}) and runs {how}: the walk \
         went on without the rows deleted ({})",
        migration::full_name(m),
        rows.join(", ")
    )
}

/// Deletes generated rows (every table, or all but each table's first row, and then the rows
/// whose parent went), inside the caller's transaction.
pub fn thin(conn: &mut SqliteConnection, fewer: Fewer) -> QueryResult<Dropped> {
    conn.batch_execute("PRAGMA defer_foreign_keys = ON")?;
    let tables = schema::tables(conn)?;
    let before = counts(conn, &tables)?;
    for table in &tables {
        let all = format!("DELETE FROM {}", q(table));
        match fewer {
            Fewer::None => conn.batch_execute(&all)?,
            // A table WITHOUT ROWID has no rowid to keep the first by: emptied.
            Fewer::OneRow => conn
                .batch_execute(&format!(
                    "DELETE FROM {t} WHERE rowid > (SELECT min(rowid) FROM {t})",
                    t = q(table)
                ))
                .or_else(|_| conn.batch_execute(&all))?,
        }
    }
    // Children of the rows that went, and their children.
    for _ in 0..tables.len() {
        #[derive(QueryableByName)]
        struct Orphan {
            #[diesel(sql_type = Text)]
            table: String,
            #[diesel(sql_type = Nullable<BigInt>)]
            rowid: Option<i64>,
        }
        let orphans: Vec<Orphan> =
            diesel::sql_query("SELECT \"table\", rowid FROM pragma_foreign_key_check")
                .load(conn)?;
        if orphans.is_empty() {
            break;
        }
        for orphan in orphans {
            let t = q(&orphan.table);
            match orphan.rowid {
                Some(rowid) => {
                    conn.batch_execute(&format!("DELETE FROM {t} WHERE rowid = {rowid}"))?
                }
                None => conn.batch_execute(&format!("DELETE FROM {t}"))?,
            }
        }
    }
    let after = counts(conn, &tables)?;
    Ok(before
        .into_iter()
        .zip(after)
        .filter(|((_, was), (_, is))| was > is)
        .map(|((table, was), (_, is))| (table, was - is))
        .collect())
}

fn counts(conn: &mut SqliteConnection, tables: &[String]) -> QueryResult<Vec<(String, i64)>> {
    tables
        .iter()
        .map(|table| {
            diesel::dsl::sql::<BigInt>(&format!("SELECT count(*) FROM {}", q(table)))
                .get_result(conn)
                .map(|n| (table.clone(), n))
        })
        .collect()
}
