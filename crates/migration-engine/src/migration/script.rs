//! A migration's SQL as statements: what a migration that runs outside diesel's transaction
//! is made of, so the runner can record it inside the migration's own last transaction.

use std::ffi::CString;
use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use diesel::migration::Migration;
use diesel::sqlite::{Sqlite, SqliteConnection};

use super::Direction;

/// The SQL a migration runs in `direction`, exactly as diesel would pass it to SQLite, read
/// from the migration itself (embedded or a folder alike). The migration runs on an empty,
/// read-only in-memory database that only listens: its first write fails there, and an ATTACH
/// or VACUUM INTO of a file is refused (`query_only` does not stop those).
pub fn text(migration: &dyn Migration<Sqlite>, direction: Direction) -> Option<String> {
    let open = || {
        SqliteConnection::establish(":memory:").map_err(|e| crate::error::Error::new(e.to_string()))
    };
    let mut listener = crate::sqlite::confined::open(None, open).ok()?;
    listener.batch_execute("PRAGMA query_only = ON").ok()?;
    let heard = Arc::new(Mutex::new(None));
    let sink = Arc::clone(&heard);
    listener.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            if let Ok(mut slot) = sink.lock() {
                slot.get_or_insert_with(|| query.to_string());
            }
        }
    });
    // Only what it says matters here: the empty database is expected to refuse it.
    let _ = match direction {
        Direction::Up => migration.run(&mut listener),
        Direction::Down => migration.revert(&mut listener),
    };
    heard.lock().ok()?.take()
}

/// Splits a script into its statements as SQLite would run them, each with its comments and
/// closing `;` (a trigger's body stays whole). Text after the last `;` that holds only
/// comments and whitespace is not a statement.
pub fn statements(script: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    for (end, _) in script.match_indices(';') {
        let piece = &script[start..=end];
        if is_complete(piece) {
            found.push(piece);
            start = end + 1;
        }
    }
    let rest = &script[start..];
    if !first_word(rest).is_empty() {
        found.push(rest);
    }
    found
}

/// Where the runner records a migration that runs outside diesel's transaction: the index of
/// the statement that commits its last transaction, when nothing after that statement writes
/// (only PRAGMA and SELECT follow). `None` when the script has no such COMMIT.
pub fn last_commit(statements: &[&str]) -> Option<usize> {
    let commit = statements
        .iter()
        .rposition(|s| matches!(first_word(s).as_str(), "COMMIT" | "END"))?;
    statements[commit + 1..]
        .iter()
        .all(|s| matches!(first_word(s).as_str(), "PRAGMA" | "SELECT" | ""))
        .then_some(commit)
}

/// The statement's first keyword in capitals, after whitespace and comments ("" if none).
pub fn first_word(statement: &str) -> String {
    let mut rest = statement.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("--") {
            rest = after
                .split_once('\n')
                .map_or("", |(_, next)| next)
                .trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after
                .split_once("*/")
                .map_or("", |(_, next)| next)
                .trim_start();
        } else {
            break;
        }
    }
    rest.chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// SQLite's own answer to "does this text end a statement?" (quotes, comments and trigger
/// bodies included).
fn is_complete(text: &str) -> bool {
    let Ok(text) = CString::new(text) else {
        return false;
    };
    // SAFETY: sqlite3_complete reads a NUL-terminated string and keeps no pointer to it.
    unsafe { libsqlite3_sys::sqlite3_complete(text.as_ptr()) != 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REBUILD: &str = "-- users gains a rule.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE new_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'a;b');
/* a comment; with a semicolon */
CREATE TRIGGER t AFTER UPDATE ON new_users BEGIN UPDATE new_users SET name = 'x'; END;
COMMIT;
PRAGMA foreign_keys = ON;
-- done; nothing after this
";

    #[test]
    fn statements_are_split_where_sqlite_ends_them() {
        let found = statements(REBUILD);
        let words: Vec<String> = found.iter().map(|s| first_word(s)).collect();
        assert_eq!(
            words,
            ["PRAGMA", "BEGIN", "CREATE", "CREATE", "COMMIT", "PRAGMA"]
        );
        assert!(
            found[3].trim_start().starts_with("/* a comment"),
            "{found:?}"
        );
        assert!(found[3].trim_end().ends_with("END;"), "{found:?}");
        assert_eq!(
            found.concat().len() + "\n-- done; nothing after this\n".len(),
            REBUILD.len()
        );
    }

    #[test]
    fn the_record_goes_before_the_last_commit_unless_something_writes_after_it() {
        assert_eq!(last_commit(&statements(REBUILD)), Some(4));
        let writes_after = "BEGIN; CREATE TABLE a (x); COMMIT; CREATE INDEX i ON a (x);";
        assert_eq!(last_commit(&statements(writes_after)), None);
        assert_eq!(last_commit(&statements("CREATE TABLE a (x);")), None);
        assert_eq!(
            last_commit(&statements("BEGIN; DROP TABLE a; END;")),
            Some(2)
        );
    }

    #[test]
    fn a_statement_without_a_final_semicolon_is_still_a_statement() {
        assert_eq!(
            statements("CREATE TABLE a (x); CREATE TABLE b (y)"),
            ["CREATE TABLE a (x);", " CREATE TABLE b (y)"]
        );
        assert!(statements("-- only a comment\n").is_empty());
    }
}
