//! Every change the app makes runs in one `BEGIN IMMEDIATE` transaction: it takes the write
//! lock before its first read, so two processes never both read, then both try to write (the
//! case SQLite answers with "database is locked" at once, whatever the busy timeout), and a
//! failure part-way leaves nothing behind.

use diesel::prelude::*;
use workbook::connection::failure;
use workbook::{Error, Result};

/// Why a transaction ended early: the app refused, or SQLite failed.
enum Abort {
    App(Error),
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Database(error)
    }
}

// ANCHOR: immediate
/// Runs `change` in an immediate transaction; `action` names it in a database error
/// ("add a task to").
pub fn immediate<T>(
    conn: &mut SqliteConnection,
    action: &str,
    change: impl FnOnce(&mut SqliteConnection) -> Result<T>,
) -> Result<T> {
    conn.immediate_transaction(|conn| change(conn).map_err(Abort::App))
        .map_err(|abort| match abort {
            Abort::App(error) => error,
            Abort::Database(error) => failure(action, "the database", error),
        })
}
// ANCHOR_END: immediate

/// Runs `read` in one (deferred) transaction, so every query in it sees the same database even
/// while other processes write: `users` measures its columns, then reads its listing, and the
/// widths must fit the rows.
pub fn snapshot<T>(
    conn: &mut SqliteConnection,
    read: impl FnOnce(&mut SqliteConnection) -> Result<T>,
) -> Result<T> {
    conn.transaction(|conn| read(conn).map_err(Abort::App))
        .map_err(|abort| match abort {
            Abort::App(error) => error,
            Abort::Database(error) => failure("read", "the database", error),
        })
}
