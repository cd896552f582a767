//! Every change the app makes runs in one transaction, so a failure part-way leaves nothing
//! behind. SQLite had one write lock for the whole file, taken up front (`BEGIN IMMEDIATE`) and
//! waited for (the busy timeout). PostgreSQL locks rows, not the database: writers of different
//! rows never wait for each other, and a change that reads a row before writing it locks that
//! row as it reads (`SELECT ... FOR UPDATE`, see `tasks::own_task`). A unique index makes two
//! sign-ups of one name wait for each other; the second then finds the first (`account`).

use diesel::pg::PgConnection;
use diesel::prelude::*;
use workbook::{Error, Result};

/// Why a transaction ended early: the app refused, or PostgreSQL failed.
enum Abort {
    App(Error),
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Database(error)
    }
}

// ANCHOR: transaction
/// Runs `change` in one transaction (READ COMMITTED, PostgreSQL's default); `action` names it
/// in a database error ("add a task to").
pub fn transaction<T>(
    conn: &mut PgConnection,
    action: &str,
    change: impl FnOnce(&mut PgConnection) -> Result<T>,
) -> Result<T> {
    conn.transaction(|conn| change(conn).map_err(Abort::App))
        .map_err(|abort| match abort {
            Abort::App(error) => error,
            Abort::Database(error) => failure(action, "the database", error),
        })
}
// ANCHOR_END: transaction

/// Runs `read` in one REPEATABLE READ, READ ONLY transaction, so every query in it sees the same
/// snapshot even while others write: `users` reads its listing twice, and the two must agree.
pub fn snapshot<T>(
    conn: &mut PgConnection,
    read: impl FnOnce(&mut PgConnection) -> Result<T>,
) -> Result<T> {
    conn.build_transaction()
        .repeatable_read()
        .read_only()
        .run(|conn| read(conn).map_err(Abort::App))
        .map_err(|abort| match abort {
            Abort::App(error) => error,
            Abort::Database(error) => failure("read", "the database", error),
        })
}

// ANCHOR: failure
/// One line for a database failure: what was being done, on which database, PostgreSQL's own
/// words, and what to do about the common causes.
pub fn failure(action: &str, name: &str, error: diesel::result::Error) -> Error {
    let cause = error.to_string();
    Error::new(format!("cannot {action} {name}: {cause}{}", advice(&cause)))
}
// ANCHOR_END: failure

/// What to do about a PostgreSQL error's common causes, to append to its message ("" if none).
fn advice(cause: &str) -> &'static str {
    if cause.contains("lock timeout") || cause.contains("deadlock detected") {
        "; another transaction (a migration?) holds the rows: try again when it finishes"
    } else if cause.contains("read-only transaction") {
        "; the server is read-only (a standby?): point the database URL at the primary"
    } else if cause.contains("terminating connection") || cause.contains("server closed") {
        "; the server went away: check it runs (`db status`) and try again"
    } else {
        ""
    }
}
