//! The migration verbs on PostgreSQL, through Diesel's own migration harness: each migration in
//! its own transaction (unless its metadata.toml says otherwise), and the whole command under
//! an advisory lock, so two processes migrating one database at once take turns instead of
//! applying a migration twice. A revert that would throw rows away says so first.

use std::io::Write;

use diesel::migration::Migration;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_migrations::MigrationHarness;

use super::super::{Amount, MigrationCommand, ask_in_terminal, print};
use crate::config::without_password;
use crate::course::lesson::Lesson;
use crate::error::{Error, Result};
use crate::harness::postgres::{PgMigrations, load, short_name};
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
    let migrations =
        load(lesson.migrations.as_ref(), &lesson.migrations_dir()).map_err(Error::new)?;
    let mut conn = postgres::connect(url)?;
    let name = without_password(url);
    let failed =
        |what: &str, e: &dyn std::fmt::Display| Error::new(format!("cannot {what} {name}: {e}"));
    locked(&mut conn, &name, |conn| match verb {
        MigrationCommand::Run => {
            for m in pending(conn, &migrations).map_err(|e| failed("read", &e))? {
                print(out, &format!("Running migration {}\n", m.name()))?;
                if let Err(e) = conn.run_migration(m) {
                    return Err(failed_migration(
                        conn,
                        "migration",
                        m,
                        &name,
                        &e.to_string(),
                    ));
                }
            }
            Ok(())
        }
        MigrationCommand::Revert(amount) => revert(conn, &migrations, &amount, &name, out, false),
        MigrationCommand::Redo(amount) => revert(conn, &migrations, &amount, &name, out, true),
        MigrationCommand::List => {
            let applied = applied(conn).map_err(|e| failed("read", &e))?;
            print(out, "Migrations:\n")?;
            for m in &migrations {
                let mark = if applied.contains(&m.name().version().to_string()) {
                    "X"
                } else {
                    " "
                };
                print(out, &format!("  [{mark}] {}\n", m.name()))?;
            }
            Ok(())
        }
        MigrationCommand::Pending => {
            let pending = pending(conn, &migrations).map_err(|e| failed("read", &e))?;
            print(out, &format!("{}\n", !pending.is_empty()))
        }
        MigrationCommand::Generate { .. } => unreachable!("generate needs no database"),
    })
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

/// The versions applied to the database (none when it has no migrations table yet).
fn applied(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    conn.applied_migrations()
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(diesel::result::Error::QueryBuilderError)
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

/// `revert` (and `redo`, which runs each reverted migration again).
fn revert(
    conn: &mut PgConnection,
    migrations: &PgMigrations,
    amount: &Amount,
    name: &str,
    out: &mut dyn Write,
    redo: bool,
) -> Result<()> {
    let applied = applied(conn).map_err(|e| Error::new(format!("cannot read {name}: {e}")))?;
    let mut newest: Vec<&dyn Migration<Pg>> = migrations
        .iter()
        .map(AsRef::as_ref)
        .filter(|m| applied.contains(&m.name().version().to_string()))
        .collect();
    newest.reverse();
    let count = if amount.all {
        newest.len()
    } else {
        amount.number as usize
    };
    if newest.is_empty() {
        return Err(Error::new(format!(
            "no migration is applied to {name}: there is nothing to revert"
        )));
    }
    let chosen: Vec<&dyn Migration<Pg>> = newest.into_iter().take(count).collect();
    // What the downs would throw away, tried in a transaction rolled back at once.
    let lost = rows_lost(conn, &chosen)?;
    if !lost.is_empty() && !amount.yes {
        let said = lost
            .iter()
            .map(|(table, n)| format!("{n} row(s) of {table}"))
            .collect::<Vec<_>>()
            .join(", ");
        let question = format!("reverting would throw away {said}");
        if !ask_in_terminal(&question) {
            return Err(Error::new(format!(
                "{question}; nothing was reverted: run it again with --yes to go ahead"
            )));
        }
    }
    for m in &chosen {
        print(out, &format!("Rolling back migration {}\n", m.name()))?;
        if let Err(e) = conn.revert_migration(*m) {
            return Err(failed_migration(
                conn,
                "reverting migration",
                *m,
                name,
                &e.to_string(),
            ));
        }
    }
    if redo {
        for m in chosen.iter().rev() {
            print(out, &format!("Running migration {}\n", m.name()))?;
            if let Err(e) = conn.run_migration(*m) {
                return Err(failed_migration(
                    conn,
                    "migration",
                    *m,
                    name,
                    &e.to_string(),
                ));
            }
        }
    }
    Ok(())
}

/// The rows each table would lose if the downs of `chosen` ran, found by running them in a
/// transaction that is rolled back. Downs that run outside a transaction (CONCURRENTLY) are
/// skipped: they cannot be tried and rolled back, and they drop no rows.
fn rows_lost(conn: &mut PgConnection, chosen: &[&dyn Migration<Pg>]) -> Result<Vec<(String, i64)>> {
    let counted = |conn: &mut PgConnection| -> QueryResult<Vec<(String, i64)>> {
        #[derive(QueryableByName)]
        struct Table {
            #[diesel(sql_type = Text)]
            name: String,
        }
        let tables: Vec<Table> = diesel::sql_query(
            "SELECT quote_ident(relname) AS name FROM pg_class WHERE relkind = 'r' \
             AND relnamespace = 'public'::regnamespace AND relname <> '__diesel_schema_migrations' \
             ORDER BY 1",
        )
        .load(conn)?;
        tables
            .into_iter()
            .map(|t| {
                #[derive(QueryableByName)]
                struct Count {
                    #[diesel(sql_type = BigInt)]
                    n: i64,
                }
                let n: Count = diesel::sql_query(format!("SELECT count(*) AS n FROM {}", t.name))
                    .get_result(conn)?;
                Ok((t.name, n.n))
            })
            .collect()
    };
    let mut lost = Vec::new();
    let tried = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        let before = counted(conn)?;
        for m in chosen.iter().filter(|m| m.metadata().run_in_transaction()) {
            let down = m
                .revert(conn)
                .map_err(diesel::result::Error::QueryBuilderError);
            if down.is_err() {
                // A down that fails says so when it runs for real.
                return Err(diesel::result::Error::RollbackTransaction);
            }
        }
        let after = counted(conn)?;
        for (table, n) in before {
            let now = after
                .iter()
                .find(|(t, _)| *t == table)
                .map_or(0, |(_, m)| *m);
            if now < n {
                lost.push((table, n - now));
            }
        }
        Err(diesel::result::Error::RollbackTransaction)
    });
    match tried {
        Err(diesel::result::Error::RollbackTransaction) | Ok(()) => Ok(lost),
        Err(e) => Err(Error::new(format!(
            "cannot count the rows a revert would lose: {e}"
        ))),
    }
}

/// One line for a migration (`what`: "migration", "reverting migration") that failed on the
/// database `name` with `error`; after a lock timeout (SQLSTATE 55P03), which tables another
/// transaction holds, and to run it again when that transaction ends.
fn failed_migration(
    conn: &mut PgConnection,
    what: &str,
    m: &dyn Migration<Pg>,
    name: &str,
    error: &str,
) -> Error {
    let cause = first_line(error);
    let advice = if cause.contains("lock timeout") {
        match held_by_others(conn).unwrap_or_default() {
            held if held.is_empty() => {
                "; another transaction held a lock it needs, and may still: run again when it \
                 ends"
                    .to_string()
            }
            held => format!(
                "; another transaction holds {}: run again when it ends",
                held.join(", ")
            ),
        }
    } else {
        String::new()
    };
    Error::new(format!(
        "{what} {} failed on {name}, and nothing of it was kept: {cause}{advice}",
        m.name()
    ))
}

/// The tables of this database that other sessions hold a lock on now, by name.
fn held_by_others(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Held {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let held: Vec<Held> = diesel::sql_query(
        "SELECT DISTINCT c.relname::text AS name FROM pg_locks l \
         JOIN pg_class c ON c.oid = l.relation \
         WHERE l.granted AND l.pid <> pg_backend_pid() AND c.relkind IN ('r', 'p') \
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         AND c.relnamespace = 'public'::regnamespace ORDER BY 1",
    )
    .load(conn)?;
    Ok(held.into_iter().map(|h| h.name).collect())
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_string()
}
