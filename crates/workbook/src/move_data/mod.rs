//! `move-data`: the rows of a lesson-07 SQLite database copied into the migrated lesson-08
//! PostgreSQL database, all or nothing. The source is proven to be a lesson-07 database (exactly
//! the expected migrations applied) and read in one read transaction; the target gets every row
//! of every table, ids kept, parents first, in ONE transaction that also proves the copy: each
//! table's row count and a checksum of its canonical text, computed from SQLite's values on one
//! side and read back from PostgreSQL with casts on the other, must agree, or nothing stays.

mod convert;
mod source;
mod target;
#[cfg(test)]
mod tests;

use std::path::Path;

use diesel::connection::DefaultLoadingMode;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

use crate::error::{Error, Result};
use convert::{Checksum, Value, convert};
use source::RawRow;
use target::Plan;

/// Rows per INSERT: one text array per column, each this long at the most.
const BATCH: usize = 5_000;

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
    let full = target::lock_and_count(pg, &plans)?;
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
    let mut sources = Vec::new();
    for plan in &plans {
        sources.push(copy_table(sqlite, pg, name, plan)?);
    }
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

/// Copies one table in batches, as it reads it; its row count and source checksum.
fn copy_table(
    sqlite: &mut SqliteConnection,
    pg: &mut PgConnection,
    name: &str,
    plan: &Plan,
) -> Result<(u64, u64), Failure> {
    let table = plan.table();
    let wanted: Vec<&str> = plan.columns.iter().map(|c| c.source.as_str()).collect();
    let insert = target::insert_sql(plan);
    let read = |e: diesel::result::Error| {
        Failure::Refused(Error::new(format!(
            "cannot read {table} from {name}: {}",
            first_line(&e.to_string())
        )))
    };
    let (mut rows, mut checksum) = (0u64, Checksum::default());
    let mut batch: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(BATCH); plan.columns.len()];
    let iter = diesel::sql_query(source::select(&plan.source, &wanted))
        .load_iter::<RawRow, DefaultLoadingMode>(sqlite)
        .map_err(read)?;
    for row in iter {
        let RawRow(values) = row.map_err(read)?;
        let mut converted = Vec::with_capacity(values.len());
        for (value, column) in values.iter().zip(&plan.columns) {
            let text = convert(value, column.kind).map_err(|why| {
                Error::new(format!(
                    "cannot move {name} into PostgreSQL: {table} row {} cannot be copied: {}.{} \
                     {why}; fix the row in the source; nothing was copied",
                    key_of(plan, &values),
                    table,
                    column.source
                ))
            })?;
            converted.push(text);
        }
        checksum.row(&converted);
        rows += 1;
        for (column, value) in batch.iter_mut().zip(converted) {
            column.push(value);
        }
        if batch.first().is_some_and(|c| c.len() >= BATCH) {
            insert_batch(pg, name, plan, &insert, &batch)?;
            batch.iter_mut().for_each(Vec::clear);
        }
    }
    if batch.first().is_some_and(|c| !c.is_empty()) {
        insert_batch(pg, name, plan, &insert, &batch)?;
    }
    Ok((rows, checksum.value()))
}

/// Inserts a batch under a savepoint; when PostgreSQL refuses it, finds the first row it
/// refuses on its own and names it (the move fails either way).
fn insert_batch(
    pg: &mut PgConnection,
    name: &str,
    plan: &Plan,
    sql: &str,
    batch: &[Vec<Option<String>>],
) -> Result<(), Failure> {
    let Err(error) = pg.transaction(|pg| target::insert(pg, sql, batch)) else {
        return Ok(());
    };
    let refused = |row: Option<usize>, e: &diesel::result::Error| {
        let which = match row {
            Some(r) => {
                let values: Vec<Value> = plan
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(c, column)| match (&batch[c][r], column.kind) {
                        (None, _) => Value::Null,
                        (Some(text), convert::Kind::Integer) => text
                            .parse()
                            .map_or(Value::Text(text.clone()), Value::Integer),
                        (Some(text), _) => Value::Text(text.clone()),
                    })
                    .collect();
                format!("row {}", key_of(plan, &values))
            }
            None => "a batch of rows".to_string(),
        };
        Failure::Refused(Error::new(format!(
            "cannot move {name} into PostgreSQL: PostgreSQL refuses {} {which}: {}; fix the row \
             in the source; nothing was copied",
            plan.table(),
            first_line(&e.to_string())
        )))
    };
    let rows = batch.first().map_or(0, Vec::len);
    for r in 0..rows {
        let one: Vec<Vec<Option<String>>> = batch.iter().map(|c| vec![c[r].clone()]).collect();
        if let Err(e) = pg.transaction(|pg| target::insert(pg, sql, &one)) {
            return Err(refused(Some(r), &e));
        }
    }
    Err(refused(None, &error))
}

/// A row named by its primary key: `id 7`, or `task_id 3, tag_id 4`.
fn key_of(plan: &Plan, values: &[Value]) -> String {
    let parts: Vec<String> = plan
        .key
        .iter()
        .filter_map(|&k| {
            let value = values.get(k)?;
            Some(format!(
                "{} {}",
                plan.columns[k].source,
                convert::shown(value)
            ))
        })
        .collect();
    if parts.is_empty() {
        "(without a key)".to_string()
    } else {
        parts.join(", ")
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}
