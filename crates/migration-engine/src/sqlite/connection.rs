//! The one place that opens SQLite: foreign keys on (explicitly, whatever SQLite was compiled
//! with), a busy timeout so concurrent writers wait instead of failing, and a first read that
//! turns "not a database" into a clear error before any command runs.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

use crate::config::{Database, Location};
use crate::error::{Error, Result};

/// How long a connection waits for another process's write lock before giving up.
pub const BUSY_TIMEOUT_MS: u32 = 5_000;

/// Opens `db`, creating the file if it does not exist yet.
pub fn open(db: &Database) -> Result<SqliteConnection> {
    let name = db.name();
    if let Location::File(path) = &db.location {
        if path.is_dir() {
            return Err(Error::new(format!(
                "cannot open database {name}: it is a folder, not a file; point the database \
                 URL (from {}) at a file such as todo.db",
                db.source
            )));
        }
    }
    let mut conn = SqliteConnection::establish(&db.url).map_err(|e| {
        Error::new(format!(
            "cannot open database {name} (from {}): {e}; check that its folder exists and is \
             writable",
            db.source
        ))
    })?;
    configure(&mut conn).map_err(|e| failure("open database", &name, e))?;
    Ok(conn)
}

/// Sets the per-connection settings every workbook connection has, and proves the file
/// is a readable SQLite database.
fn configure(conn: &mut SqliteConnection) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"
    ))?;
    diesel::sql_query("SELECT 1 FROM sqlite_schema LIMIT 1").execute(conn)?;
    Ok(())
}

// ANCHOR: failure
/// One line for a database failure: what was being done, on which database, SQLite's own
/// words, and what to do about the common causes.
pub fn failure(action: &str, name: &str, error: diesel::result::Error) -> Error {
    let cause = error.to_string();
    Error::new(format!("cannot {action} {name}: {cause}{}", advice(&cause)))
}
// ANCHOR_END: failure

/// What to do about a SQLite error's common causes, to append to its message ("" if none).
pub fn advice(cause: &str) -> &'static str {
    if cause.contains("readonly") {
        "; the database is read-only: check the file's permissions or the URL's mode"
    } else if cause.contains("file is not a database") {
        "; it is not a SQLite database: point the database URL at another file"
    } else if cause.contains("database is locked") {
        "; the database is busy: another process is migrating it or writing to it; try again \
         when it finishes"
    } else if cause.contains("database disk image is malformed") {
        // Only the file's own damage: `malformed JSON` is a value's, said by SQLite as is.
        "; the file is damaged: restore it from a backup, or save what it holds with \
         `sqlite3 FILE .recover | sqlite3 recovered.db`"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Source;
    use std::path::Path;

    fn database(path: &Path) -> Database {
        Database {
            url: path.display().to_string(),
            location: Location::File(path.to_path_buf()),
            source: Source::Flag,
        }
    }

    #[test]
    fn connections_enforce_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&database(&dir.path().join("fk.db"))).unwrap();
        conn.batch_execute(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (parent_id INTEGER REFERENCES parent(id));",
        )
        .unwrap();
        let error = conn
            .batch_execute("INSERT INTO child VALUES (42)")
            .unwrap_err();
        assert!(error.to_string().contains("FOREIGN KEY"), "{error}");
    }

    #[test]
    fn a_folder_is_refused_before_sqlite_sees_it() {
        let dir = tempfile::tempdir().unwrap();
        let message = open(&database(dir.path())).err().unwrap().to_string();
        assert!(message.contains("it is a folder, not a file"), "{message}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(
            &path,
            "these are my notes, not a database, and long enough to tell",
        )
        .unwrap();
        let message = open(&database(&path)).err().unwrap().to_string();
        assert!(message.contains("it is not a SQLite database"), "{message}");
        assert!(message.contains("notes.db"), "{message}");
    }

    #[test]
    fn only_a_damaged_file_is_said_to_be_damaged() {
        assert!(advice("database disk image is malformed").contains("restore it from a backup"));
        assert_eq!(
            advice("malformed JSON"),
            "",
            "a JSON function on a text column"
        );
    }
}
