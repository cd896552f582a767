//! `move-data`: the rows of a lesson-07 SQLite database copied into the migrated lesson-08
//! PostgreSQL database, all or nothing. The source is proven to be a lesson-07 database (exactly
//! the expected migrations applied) and read in one read transaction; the target gets every row
//! of every table, ids kept, parents first, in ONE transaction that also proves the copy: each
//! table's row count and a checksum of its canonical text, computed from SQLite's values on one
//! side and read back from PostgreSQL with casts on the other, must agree, or nothing stays.

mod batches;
mod convert;
mod foreign_keys;
mod source;
mod target;
#[cfg(test)]
mod tests;

use std::path::Path;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::DatabaseErrorKind;
use diesel::result::Error::DatabaseError;
use diesel::sqlite::SqliteConnection;

use crate::error::{Error, Result};
use foreign_keys::ForeignKey;
use target::Plan;

/// How to move.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Empty the target's tables first (in the same transaction) instead of refusing them.
    pub replace: bool,
    /// The migrations the source must have applied, exactly (lesson-07's), as folder names or
    /// versions (`2026-11-24-120000_create_user` or `20261124120000`).
    pub expected_versions: Vec<String>,
    /// (table, old column, new column): a source column the target has renamed.
    pub renamed: &'a [(&'a str, &'a str, &'a str)],
}

/// What one table's move proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableMoved {
    pub table: String,
    pub rows: u64,
    pub source_checksum: u64,
    pub target_checksum: u64,
}

impl TableMoved {
    pub fn ok(&self) -> bool {
        self.source_checksum == self.target_checksum
    }
}

/// What a move copied, table by table, parents first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Moved {
    pub tables: Vec<TableMoved>,
}

impl Moved {
    /// All rows copied.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    /// A small table for the command to print: table, rows, checksum, ok.
    pub fn render(&self) -> String {
        let rows: Vec<[String; 4]> = self
            .tables
            .iter()
            .map(|t| {
                [
                    t.table.clone(),
                    t.rows.to_string(),
                    format!("{:016x}", t.source_checksum),
                    if t.ok() {
                        "yes".to_string()
                    } else {
                        format!("NO (target {:016x})", t.target_checksum)
                    },
                ]
            })
            .collect();
        let headers = ["table", "rows", "checksum", "ok"];
        let width = |i: usize| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([headers[i].len()])
                .max()
                .unwrap_or(0)
        };
        let widths = [width(0), width(1), width(2)];
        let line = |cells: [&str; 4]| {
            format!(
                "{:<w0$}  {:>w1$}  {:<w2$}  {}\n",
                cells[0],
                cells[1],
                cells[2],
                cells[3],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2]
            )
        };
        let mut out = line(headers);
        for r in &rows {
            out.push_str(&line([&r[0], &r[1], &r[2], &r[3]]));
        }
        out
    }
}

/// Why a move stopped: a refusal already worded, or a database error to word.
enum Failure {
    Refused(Error),
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Failure::Database(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Refused(e)
    }
}

/// Copies every row of the lesson-07 SQLite database at `source` into `target`, a database
/// migrated to the lesson's PostgreSQL schema (the caller checks it has no pending migration),
/// in one transaction; or one line saying why not, with nothing changed.
pub fn move_data(source: &Path, target: &mut PgConnection, options: &Options) -> Result<Moved> {
    let name = source.display().to_string();
    let mut sqlite = source::open(source)?;
    let outcome = sqlite.transaction::<_, Failure, _>(|sqlite| {
        source::check_versions(sqlite, &name, &options.expected_versions)?;
        let tables = source::tables(sqlite)
            .map_err(|e| Error::new(format!("cannot read the tables of {name}: {e}")))?;
        target.transaction::<_, Failure, _>(|pg| copy(sqlite, pg, &name, &tables, options))
    });
    outcome.map_err(|failure| match failure {
        Failure::Refused(e) => e,
        Failure::Database(e) => Error::new(format!(
            "cannot move {name} into PostgreSQL: {}; nothing was copied",
            first_line(&e.to_string())
        )),
    })
}

fn copy(
    sqlite: &mut SqliteConnection,
    pg: &mut PgConnection,
    name: &str,
    tables: &[source::Table],
    options: &Options,
) -> Result<Moved, Failure> {
    let plans = target::plan(pg, tables, options.renamed)?
        .map_err(|why| Error::new(format!("cannot move data from {name}: {why}")))?;
    target::settle(pg)?;
    let keys = foreign_keys::of(pg, &plans)?;
    let full = target::lock_and_count(pg, &plans, &keys)?;
    // Read again under the lock: a key changed since the first read is dropped and added
    // back as it is now (no one can change them any more until the move ends).
    let keys = foreign_keys::of(pg, &plans)?;
    if !full.is_empty() && !options.replace {
        let listed: Vec<String> = full
            .iter()
            .map(|(t, n)| format!("{t} ({n} row{})", if *n == 1 { "" } else { "s" }))
            .collect();
        return Err(Error::new(format!(
            "cannot move {name} into PostgreSQL: the target already holds rows in {}; pass \
             --replace to empty them first",
            listed.join(", ")
        ))
        .into());
    }
    if options.replace {
        target::truncate(pg, &plans)?;
    }
    let sources = copy_rows(sqlite, pg, name, &plans, &keys)?;
    target::reset_sequences(pg, &plans)?;
    // Read back only now: a trigger on a later table may change an earlier one.
    let mut moved = Vec::new();
    for (plan, (rows, checksum)) in plans.iter().zip(sources) {
        let (target_rows, target_checksum) = target::read_back(pg, plan)?;
        if target_rows != rows || target_checksum != checksum {
            return Err(Error::new(format!(
                "cannot move {name} into PostgreSQL: the copy of {} differs from the source \
                 (source {rows} rows, checksum {checksum:016x}; target {target_rows} rows, \
                 checksum {target_checksum:016x}): a trigger on the target changed values as they \
                 were inserted, or a value did not convert exactly; nothing was copied",
                plan.table()
            ))
            .into());
        }
        moved.push(TableMoved {
            table: plan.table().to_string(),
            rows,
            source_checksum: checksum,
            target_checksum,
        });
    }
    Ok(Moved { tables: moved })
}

/// Copies the rows with the foreign keys `keys` checked once, at the end; when one refuses,
/// copies them again (the first attempt undone) with every key checking row by row, which
/// names the first row refused.
fn copy_rows(
    sqlite: &mut SqliteConnection,
    pg: &mut PgConnection,
    name: &str,
    plans: &[Plan],
    keys: &[ForeignKey],
) -> Result<Vec<(u64, u64)>, Failure> {
    let at_end = pg.transaction(|pg| {
        foreign_keys::drop_all(pg, keys)?;
        let sums = batches::copy_tables(sqlite, pg, name, plans)?;
        foreign_keys::add_all(pg, keys)?;
        Ok(sums)
    });
    match at_end {
        Err(Failure::Database(DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _))) => {
            pg.transaction(|pg| batches::copy_tables(sqlite, pg, name, plans))
        }
        other => other,
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}
