//! What reverting migrations would throw away, found before anything is reverted: the downs
//! run on a snapshot of the database (`VACUUM INTO` a temporary file, read and then deleted,
//! never put back), and the snapshot is compared with the database.
//!
//! A value is lost when it is nowhere in the database afterwards. So a renamed table or
//! column is not a loss, nor is a column whose values a down moves into another column (as
//! lesson-05's `move_category_to_categories` puts category names back into `tasks`). Key
//! columns (primary and foreign keys) are not counted on their own: they only tie rows
//! together, and their rows are counted instead.

use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double};
use diesel::sqlite::{Sqlite, SqliteConnection};

use super::{Direction, Migrations, step};
use crate::config::{Database, Location, Source};
use crate::error::{Error, Result};
use crate::sqlite::connection;
use crate::sqlite::schema::{self, Column};
use crate::sqlite::sql::quote_identifier as q;

/// One table as the comparison needs it.
pub(crate) struct Table {
    pub(crate) name: String,
    rows: i64,
    /// The sum of the rowids: with `rows`, what tells a renamed table from another one.
    rowids: f64,
    /// The columns that hold data of their own (not primary or foreign keys).
    data: Vec<Column>,
    columns: Vec<String>,
    /// The primary key's columns (empty: rows are told apart by rowid).
    keys: Vec<String>,
}

/// What reverting `downs` (newest first) would throw away, one phrase each, such as
/// `table categories (3 rows)`; empty when nothing would be lost, or when a down fails on
/// the snapshot (the real revert then fails the same way and changes nothing).
pub fn of_reverting(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
    downs: &[&dyn Migration<Sqlite>],
) -> Result<Vec<String>> {
    let before = tables(conn).map_err(|e| snapshot_failed(&e))?;
    if before.iter().all(|t| t.rows == 0) {
        return Ok(Vec::new());
    }
    let dir = tempfile::tempdir()
        .map_err(|e| Error::new(format!("cannot make a folder for a snapshot: {e}")))?;
    let path = dir.path().join("snapshot.db");
    let literal = format!("'{}'", path.display().to_string().replace('\'', "''"));
    conn.batch_execute(&format!("VACUUM INTO {literal}"))
        .map_err(|e| snapshot_failed(&e))?;
    let mut snapshot = connection::open(&Database {
        url: path.display().to_string(),
        location: Location::File(path.clone()),
        source: Source::Flag,
    })?;
    for down in downs {
        if step(&mut snapshot, migrations, *down, Direction::Down).is_err() {
            return Ok(Vec::new());
        }
    }
    let after = tables(&mut snapshot).map_err(|e| snapshot_failed(&e))?;
    drop(snapshot);
    conn.batch_execute(&format!("ATTACH DATABASE {literal} AS after"))
        .map_err(|e| snapshot_failed(&e))?;
    let losses =
        lost(conn, ("main", &before), ("after", &after), false).map_err(|e| snapshot_failed(&e));
    conn.batch_execute("DETACH DATABASE after")
        .map_err(|e| snapshot_failed(&e))?;
    losses
}

fn snapshot_failed(e: &diesel::result::Error) -> Error {
    Error::new(format!(
        "cannot try the revert on a snapshot first: {e}; nothing was reverted"
    ))
}

/// The tables of the database `conn` is open on, as the comparison needs them.
pub(crate) fn tables(conn: &mut SqliteConnection) -> QueryResult<Vec<Table>> {
    let mut found = Vec::new();
    for name in schema::tables(conn)? {
        let keys: Vec<String> = schema::foreign_keys(conn, &name)?
            .into_iter()
            .map(|fk| fk.from)
            .collect();
        let columns = schema::columns(conn, &name)?;
        let rows: i64 = diesel::dsl::sql::<BigInt>(&format!("SELECT count(*) FROM {}", q(&name)))
            .get_result(conn)?;
        // A table WITHOUT ROWID has no rowid: its rows alone must match.
        let rowids: f64 =
            diesel::dsl::sql::<Double>(&format!("SELECT total(rowid) FROM {}", q(&name)))
                .get_result(conn)
                .unwrap_or(0.0);
        found.push(Table {
            keys: columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.clone())
                .collect(),
            rows,
            rowids,
            columns: columns.iter().map(|c| c.name.clone()).collect(),
            data: columns
                .into_iter()
                .filter(|c| !c.primary_key && !keys.contains(&c.name))
                .collect(),
            name,
        });
    }
    Ok(found)
}

/// The values of `before` that are nowhere in `after`, one phrase each: both databases are open
/// on `conn`, under the schema names given (`main`, or an attached one).
///
/// With `replaced_only`, what a migration drops on purpose does not count: a table is lost only
/// when a new table stands in for it (`stands_in`: a rename written as create + drop), a column
/// only when new columns were made (a move written as add + drop), and tables
/// that hold fewer rows are left to the caller.
pub(crate) fn lost(
    conn: &mut SqliteConnection,
    (old, before): (&str, &[Table]),
    (new, after): (&str, &[Table]),
    replaced_only: bool,
) -> QueryResult<Vec<String>> {
    let is_new = |table: &Table, column: &str| {
        !before
            .iter()
            .any(|b| b.name == table.name && b.columns.iter().any(|c| c == column))
    };
    // Where a value that leaves its column may have gone: every column that is new.
    let new_columns: Vec<(&str, &str)> = after
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t.name.as_str(), c.as_str())))
        .filter(|(t, c)| is_new(after.iter().find(|a| a.name == *t).expect("listed"), c))
        .collect();
    let mut losses = Vec::new();
    for table in before.iter().filter(|t| t.rows > 0) {
        let kept = after.iter().find(|a| a.name == table.name).or_else(|| {
            after.iter().find(|a| {
                !before.iter().any(|b| b.name == a.name)
                    && a.rows == table.rows
                    && a.rowids == table.rowids
            })
        });
        let replaced = after
            .iter()
            .any(|a| !before.iter().any(|b| b.name == a.name) && stands_in(table, a));
        match kept {
            None if replaced_only && !replaced => {}
            None => {
                let mut moved = true;
                for column in &table.data {
                    if !kept_somewhere(conn, (old, &table.name, &column.name), new, &new_columns)? {
                        moved = false;
                    }
                }
                if !moved || table.data.is_empty() {
                    losses.push(format!("table {} ({})", table.name, rows(table.rows)));
                }
            }
            Some(now) => {
                if now.rows < table.rows && !replaced_only {
                    losses.push(format!(
                        "{} of the {} rows of {}",
                        table.rows - now.rows,
                        table.rows,
                        table.name
                    ));
                }
                let dropped = table.data.iter().filter(|c| !now.columns.contains(&c.name));
                for column in dropped.filter(|_| !(replaced_only && new_columns.is_empty())) {
                    let values = values(conn, old, &table.name, &column.name)?;
                    if values > 0
                        && !kept_somewhere(
                            conn,
                            (old, &table.name, &column.name),
                            new,
                            &new_columns,
                        )?
                    {
                        losses.push(format!(
                            "column {}.{} ({})",
                            table.name,
                            column.name,
                            counted(values)
                        ));
                    } else if now.rows == table.rows {
                        losses.extend(collapsed(conn, (old, table), (new, now), &column.name)?);
                    }
                }
            }
        }
    }
    Ok(losses)
}

/// Whether `new`, a table the migration made, stands in for `table`, one it dropped: it has every
/// column of `table` that holds data of its own (every column, where none does). A table that
/// shares only a key name such as `id` is a different table, made beside a drop on purpose.
fn stands_in(table: &Table, new: &Table) -> bool {
    let data: Vec<&String> = table.data.iter().map(|c| &c.name).collect();
    let needed = if data.is_empty() {
        table.columns.iter().collect()
    } else {
        data
    };
    needed.iter().all(|c| new.columns.contains(c))
}

fn values(conn: &mut SqliteConnection, db: &str, table: &str, column: &str) -> QueryResult<i64> {
    diesel::dsl::sql::<BigInt>(&format!(
        "SELECT count({}) FROM {db}.{}",
        q(column),
        q(table)
    ))
    .get_result(conn)
}

/// Whether every value of the column `(db, table, column)` is in one of `candidates`, columns
/// of the database `new`.
fn kept_somewhere(
    conn: &mut SqliteConnection,
    (old, table, column): (&str, &str, &str),
    new: &str,
    candidates: &[(&str, &str)],
) -> QueryResult<bool> {
    for (other, into) in candidates {
        // A value may also be moved into a JSON document (`json_object('k', c)`).
        let missing: i64 = diesel::dsl::sql::<BigInt>(&format!(
            "SELECT count(*) FROM {old}.{t} WHERE {c} IS NOT NULL AND {c} NOT IN \
             (SELECT {i} FROM {new}.{o} WHERE {i} IS NOT NULL) AND {c} NOT IN \
             (SELECT j.atom FROM {new}.{o}, json_tree({new}.{o}.{i}) AS j \
              WHERE json_valid({new}.{o}.{i}) AND j.atom IS NOT NULL)",
            t = q(table),
            c = q(column),
            o = q(other),
            i = q(into),
        ))
        .get_result(conn)?;
        if missing == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// When the column `column` of `table` was dropped and its values moved (into the table's new
/// columns, or through them into another table), whether rows its values told apart are now
/// alike in those new columns (NULL and '' filed together, two categories made one).
fn collapsed(
    conn: &mut SqliteConnection,
    (old, table): (&str, &Table),
    (new, now): (&str, &Table),
    column: &str,
) -> QueryResult<Option<String>> {
    let added: Vec<String> = now
        .columns
        .iter()
        .filter(|c| !table.columns.contains(c))
        .map(|c| q(c))
        .collect();
    if added.is_empty() {
        return Ok(None);
    }
    let classes = |conn: &mut SqliteConnection, db: &str, table: &str, columns: &str| {
        diesel::dsl::sql::<BigInt>(&format!(
            "SELECT count(*) FROM (SELECT DISTINCT {columns} FROM {db}.{})",
            q(table)
        ))
        .get_result::<i64>(conn)
    };
    let was = classes(conn, old, &table.name, &q(column))?;
    let is = classes(conn, new, &now.name, &added.join(", "))?;
    Ok((is < was).then(|| {
        format!(
            "the {was} different values of {}.{column} (NULL counted as one) are {is} in {}'s \
             new columns now",
            table.name, now.name
        )
    }))
}

/// Values of the columns an up keeps (same table, same column) that it turned to NULL or put
/// in another column of the same row, one phrase each (`... now`): a rebuild that forgets a
/// column in its copy, or copies by position into a table whose columns are in another order.
/// Rows are matched by primary key (or rowid); columns `masked` fills from the clock or at
/// random are left out.
pub(crate) fn changed_in_place(
    conn: &mut SqliteConnection,
    (old, before): (&str, &[Table]),
    (new, after): (&str, &[Table]),
    masked: &dyn Fn(&str, &str) -> bool,
) -> Vec<String> {
    let mut found = Vec::new();
    for table in before.iter().filter(|t| t.rows > 0) {
        let Some(now) = after.iter().find(|a| a.name == table.name) else {
            continue;
        };
        let from = joined((old, table), (new, now));
        let kept: Vec<&Column> = table
            .data
            .iter()
            .filter(|c| now.columns.contains(&c.name) && !masked(&table.name, &c.name))
            .collect();
        for column in &kept {
            let c = q(&column.name);
            let count = |conn: &mut SqliteConnection, condition: &str| {
                diesel::dsl::sql::<BigInt>(&format!(
                    "SELECT count(*) {from} WHERE b.{c} IS NOT NULL AND {condition}"
                ))
                .get_result::<i64>(conn)
                .unwrap_or(0)
            };
            let nulled = count(conn, &format!("a.{c} IS NULL"));
            if nulled > 0 {
                found.push(format!(
                    "{} of column {}.{} {} NULL now",
                    counted(nulled),
                    table.name,
                    column.name,
                    are(nulled)
                ));
                continue;
            }
            for other in kept.iter().filter(|o| o.name != column.name) {
                let d = q(&other.name);
                let moved = count(
                    conn,
                    &format!("a.{c} IS NOT b.{c} AND a.{d} IS b.{c} AND b.{d} IS NOT b.{c}"),
                );
                if moved > 0 {
                    found.push(format!(
                        "{} of column {t}.{} {} in {t}.{} now",
                        counted(moved),
                        column.name,
                        are(moved),
                        other.name,
                        t = table.name
                    ));
                    break;
                }
            }
        }
    }
    found
}

/// `1 value`, `3 values`.
pub(crate) fn counted(n: i64) -> String {
    match n {
        1 => "1 value".to_string(),
        n => format!("{n} values"),
    }
}

/// `1 row`, `3 rows`.
fn rows(n: i64) -> String {
    match n {
        1 => "1 row".to_string(),
        n => format!("{n} rows"),
    }
}

/// `is` or `are`, as `n` says.
pub(crate) fn are(n: i64) -> &'static str {
    if n == 1 { "is" } else { "are" }
}

/// `FROM old.t b JOIN new.t a ON ...`: a table's rows before (`b`) and after (`a`), matched
/// by primary key (or rowid).
fn joined((old, table): (&str, &Table), (new, now): (&str, &Table)) -> String {
    let on = if !table.keys.is_empty() && table.keys.iter().all(|k| now.columns.contains(k)) {
        let pairs: Vec<String> = table
            .keys
            .iter()
            .map(|k| format!("b.{c} IS a.{c}", c = q(k)))
            .collect();
        pairs.join(" AND ")
    } else {
        "b.rowid = a.rowid".to_string()
    };
    format!(
        "FROM {old}.{} b JOIN {new}.{} a ON {on}",
        q(&table.name),
        q(&now.name)
    )
}

/// Whether the up gave a value to a NULL of a column it keeps (`coalesce(x, '')` on the way
/// to NOT NULL): a choice of the up, which no down can take back value for value.
pub(crate) fn fills_nulls(
    conn: &mut SqliteConnection,
    (old, before): (&str, &[Table]),
    (new, after): (&str, &[Table]),
) -> bool {
    before.iter().filter(|t| t.rows > 0).any(|table| {
        let Some(now) = after.iter().find(|a| a.name == table.name) else {
            return false;
        };
        let from = joined((old, table), (new, now));
        table
            .data
            .iter()
            .filter(|c| now.columns.contains(&c.name))
            .any(|c| {
                diesel::dsl::sql::<BigInt>(&format!(
                    "SELECT count(*) {from} WHERE b.{c} IS NULL AND a.{c} IS NOT NULL",
                    c = q(&c.name)
                ))
                .get_result::<i64>(conn)
                .is_ok_and(|n| n > 0)
            })
    })
}
