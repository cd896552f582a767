//! The rows on their way, on two threads at once: one reads the source table by table,
//! converts each row and adds it to the table's checksum, in batches; the other inserts each
//! batch into PostgreSQL as the next one is read. A batch is handed over only when the writer
//! is ready for it (two batches at most, one read, one written), so memory stays flat however
//! large the source.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use diesel::connection::DefaultLoadingMode;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

use super::convert::{self, Checksum, Value, convert};
use super::source::{self, RawRow};
use super::target::{self, Plan};
use super::{Failure, first_line};
use crate::error::Error;

/// Rows per INSERT: one text array per column, each this long at the most. Measured on 100k
/// tasks: 1,000 to 20,000 take the same time within the noise; the peak memory grows with it
/// (2,500: 11.4 MiB, 5,000: 15 MiB, 20,000: 43 MiB).
const BATCH: usize = 2_500;

/// One batch of one table (its position in the plans): `columns[c][r]`, column by column.
type Batch = (usize, Vec<Vec<Option<String>>>);

/// Copies every planned table, parents first; each table's row count and source checksum.
pub fn copy_tables(
    sqlite: &mut SqliteConnection,
    pg: &mut PgConnection,
    name: &str,
    plans: &[Plan],
) -> Result<Vec<(u64, u64)>, Failure> {
    let inserts: Vec<String> = plans.iter().map(target::insert_sql).collect();
    std::thread::scope(|scope| {
        let (send, receive) = sync_channel::<Batch>(0);
        let reader = scope.spawn(move || read_tables(sqlite, name, plans, &send));
        let written = write(pg, name, plans, &inserts, receive);
        // The receiver is gone: a reader still sending stops at its next batch.
        let read = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written?;
        read
    })
}

/// Inserts the batches as they come, until the reader is done or an insert is refused.
fn write(
    pg: &mut PgConnection,
    name: &str,
    plans: &[Plan],
    inserts: &[String],
    receive: Receiver<Batch>,
) -> Result<(), Failure> {
    receive
        .into_iter()
        .try_for_each(|(t, batch)| insert_batch(pg, name, &plans[t], &inserts[t], &batch))
}

/// Reads and converts every table, sending its rows in batches; stops early (with what it has
/// counted) when the writer has stopped listening.
fn read_tables(
    sqlite: &mut SqliteConnection,
    name: &str,
    plans: &[Plan],
    send: &SyncSender<Batch>,
) -> Result<Vec<(u64, u64)>, Failure> {
    let mut sums = Vec::new();
    for (t, plan) in plans.iter().enumerate() {
        let Some(sum) = read_table(sqlite, name, t, plan, send)? else {
            break;
        };
        sums.push(sum);
    }
    Ok(sums)
}

/// One table's rows, converted and sent in batches: its row count and checksum, or None when
/// the writer stopped listening.
fn read_table(
    sqlite: &mut SqliteConnection,
    name: &str,
    t: usize,
    plan: &Plan,
    send: &SyncSender<Batch>,
) -> Result<Option<(u64, u64)>, Failure> {
    let table = plan.table();
    let wanted: Vec<&str> = plan.columns.iter().map(|c| c.source.as_str()).collect();
    let read = |e: diesel::result::Error| {
        Failure::Refused(Error::new(format!(
            "cannot read {table} from {name}: {}",
            first_line(&e.to_string())
        )))
    };
    let empty = || vec![Vec::with_capacity(BATCH); plan.columns.len()];
    let (mut rows, mut checksum, mut batch) = (0u64, Checksum::default(), empty());
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
        if batch.first().is_some_and(|c| c.len() >= BATCH)
            && send
                .send((t, std::mem::replace(&mut batch, empty())))
                .is_err()
        {
            return Ok(None);
        }
    }
    if batch.first().is_some_and(|c| !c.is_empty()) && send.send((t, batch)).is_err() {
        return Ok(None);
    }
    Ok(Some((rows, checksum.value())))
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

#[cfg(test)]
mod tests {
    use super::super::move_data;
    use super::super::tests::{counts, empty, lesson07, lines, migrated_target, options};

    /// Tasks 100 to 7,599 of user 1 (three batches and more), with `odd` in place of one's
    /// values: `(id, due_date, user_id)`.
    fn many_tasks(odd: (u32, &str, u32)) -> String {
        let (id, due, user) = odd;
        format!(
            "PRAGMA foreign_keys = OFF;
             WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 7599)
             INSERT INTO tasks (id, description, due_date, user_id)
                 SELECT i, 'task ' || i, CASE WHEN i = {id} THEN '{due}' END,
                        CASE WHEN i = {id} THEN {user} ELSE 1 END FROM n;"
        )
    }

    #[test]
    fn move_data_copies_many_batches_and_names_the_first_row_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (_first, mut pg) = migrated_target();

        // All of them, in batches, every one checked.
        let source = lesson07(dir.path(), "many.db", &many_tasks((5000, "2026-05-01", 2)));
        let moved = move_data(&source, &mut pg, &options(false)).unwrap();
        let tasks = moved.tables.iter().find(|t| t.table == "tasks").unwrap();
        assert_eq!((tasks.rows, tasks.ok()), (7503, true), "{}", moved.render());
        assert_eq!(
            lines(
                &mut pg,
                "SELECT count(*) || ' ' || max(id) || ' ' || sum(user_id) AS line FROM tasks"
            ),
            ["7503 7599 7505"]
        );

        // Refused by PostgreSQL in the second batch, while the reader has more to send.
        let (_second, mut pg) = migrated_target();
        let source = lesson07(
            dir.path(),
            "orphan.db",
            &many_tasks((3000, "2026-05-01", 99)),
        );
        let message = move_data(&source, &mut pg, &options(false))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(
                "PostgreSQL refuses tasks row id 3000: insert or update on table \"tasks\" \
                 violates foreign key constraint \"fk_tasks_user_id\""
            ),
            "{message}"
        );
        assert_eq!(counts(&mut pg), empty());

        // Refused by the reader after two batches went in.
        let source = lesson07(dir.path(), "date.db", &many_tasks((7000, "2026-02-30", 1)));
        let message = move_data(&source, &mut pg, &options(false))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(
                "tasks row id 7000 cannot be copied: tasks.due_date '2026-02-30' is not a date"
            ),
            "{message}"
        );
        assert_eq!(counts(&mut pg), empty());
    }
}
