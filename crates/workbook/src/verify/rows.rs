//! Generated rows: after each migration, `verify` puts a few deterministic rows in every table
//! the migration made or changed (so a new column gets values too), so that the checks that
//! say "rows kept" see rows without a seed file. Each value fits its
//! column's declared type; foreign keys point at existing parents; UNIQUE holds because every
//! value carries a counter; a CHECK is met by trial (other values, then NULLs), and a row that
//! no trial fits is left out.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;

use crate::sqlite::schema::{self, Column, ForeignKey};
use crate::sqlite::sql::quote_identifier as q;

/// Adds up to `per_table` rows to each of `tables` (every table for `None`); `counter`
/// numbers the values and goes up with every row, so two calls never repeat a value.
pub fn fill(
    conn: &mut SqliteConnection,
    tables: Option<&[String]>,
    per_table: usize,
    counter: &mut u64,
) {
    let tables = match tables {
        Some(tables) => tables.to_vec(),
        None => schema::tables(conn).unwrap_or_default(),
    };
    // Parents first: a table waits until the tables its foreign keys need have rows.
    let mut waiting: Vec<String> = tables;
    for _ in 0..=waiting.len() {
        let mut still = Vec::new();
        for table in waiting {
            if !fill_table(conn, &table, per_table, counter) {
                still.push(table);
            }
        }
        waiting = still;
        if waiting.is_empty() {
            break;
        }
    }
}

/// Fills one table; false when a NOT NULL foreign key's parent has no rows yet.
fn fill_table(
    conn: &mut SqliteConnection,
    table: &str,
    per_table: usize,
    counter: &mut u64,
) -> bool {
    let (Ok(columns), Ok(keys)) = (
        schema::columns(conn, table),
        schema::foreign_keys(conn, table),
    ) else {
        return true;
    };
    let tables = schema::tables(conn).unwrap_or_default();
    for key in &keys {
        let required = columns.iter().any(|c| c.name == key.from && c.not_null);
        let parent_rows = if tables.iter().any(|t| t.eq_ignore_ascii_case(&key.table)) {
            count(conn, &key.table)
        } else {
            0
        };
        if required && parent_rows == 0 && !key.table.eq_ignore_ascii_case(table) {
            return false;
        }
    }
    let rowid_key = columns.iter().filter(|c| c.primary_key).count() == 1
        && columns
            .iter()
            .any(|c| c.primary_key && c.sql_type.eq_ignore_ascii_case("INTEGER"));
    for _ in 0..per_table {
        *counter += 1;
        let k = *counter;
        for scheme in 0..3 {
            let mut names = Vec::new();
            let mut values = Vec::new();
            for column in &columns {
                if (rowid_key && column.primary_key) || schema::is_clock_default(column) {
                    continue;
                }
                let value = match keys.iter().find(|key| key.from == column.name) {
                    Some(key) => parent_value(conn, key, k, &tables),
                    None if scheme == 2 && !column.not_null => "NULL".to_string(),
                    None => value(column, k, scheme),
                };
                names.push(q(&column.name));
                values.push(value);
            }
            let sql = if names.is_empty() {
                format!("INSERT INTO {} DEFAULT VALUES", q(table))
            } else {
                format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    q(table),
                    names.join(", "),
                    values.join(", ")
                )
            };
            if conn.batch_execute(&sql).is_ok() {
                break;
            }
        }
    }
    true
}

fn count(conn: &mut SqliteConnection, table: &str) -> i64 {
    diesel::dsl::sql::<BigInt>(&format!("SELECT count(*) FROM {}", q(table)))
        .get_result(conn)
        .unwrap_or(0)
}

/// A parent's key for the `k`-th row, as SQL: one of the parent's rows, or NULL when there
/// is none (or no such table yet: a later migration may create it).
fn parent_value(
    conn: &mut SqliteConnection,
    key: &ForeignKey,
    k: u64,
    tables: &[String],
) -> String {
    if !tables.iter().any(|t| t.eq_ignore_ascii_case(&key.table)) {
        return "NULL".to_string();
    }
    let rows = count(conn, &key.table);
    if rows == 0 {
        return "NULL".to_string();
    }
    let to = if key.to.is_empty() {
        "rowid".to_string()
    } else {
        q(&key.to)
    };
    // Spread over the parents, so that a move that sends every row to one parent shows.
    let offset = (k as i64 * 7) % rows;
    format!(
        "(SELECT {to} FROM {} ORDER BY rowid LIMIT 1 OFFSET {offset})",
        q(&key.table)
    )
}

/// A literal for column `column` in the `k`-th row, by its declared type (SQLite's affinity
/// rules), in one of three schemes tried in turn when a CHECK refuses the first.
fn value(column: &Column, k: u64, scheme: usize) -> String {
    let declared = column.sql_type.to_ascii_uppercase();
    let day = 1 + k % 28;
    if declared.contains("INT") {
        if declared.contains("BOOL") || declared == "TINYINT(1)" {
            return (k % 2).to_string();
        }
        return match scheme {
            0 => k.to_string(),
            _ => (k % 2 + 1).to_string(),
        };
    }
    if declared.contains("CHAR") || declared.contains("CLOB") || declared.contains("TEXT") {
        let text = match scheme {
            0 => format!("{}-{k}", column.name),
            _ => format!("x{k}"),
        };
        return format!("'{}'", text.replace('\'', "''"));
    }
    if declared.contains("BLOB") || declared.is_empty() {
        return format!("x'{:02x}{:02x}'", k % 256, (k / 256) % 256);
    }
    if declared.contains("REAL") || declared.contains("FLOA") || declared.contains("DOUB") {
        return format!("{k}.5");
    }
    if declared.contains("BOOL") {
        return (k % 2).to_string();
    }
    if declared.contains("DATETIME") || declared.contains("TIMESTAMP") {
        return format!("'2026-01-{day:02} 12:00:{:02}'", k % 60);
    }
    if declared.contains("DATE") {
        return format!("'2026-01-{day:02}'");
    }
    if declared.contains("TIME") {
        return format!("'12:00:{:02}'", k % 60);
    }
    // NUMERIC, DECIMAL and the like.
    k.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(conn: &mut SqliteConnection, table: &str) -> Vec<String> {
        schema::rows(conn)
            .unwrap()
            .remove(table)
            .unwrap_or_default()
    }

    #[test]
    fn rows_fit_types_keys_uniques_and_checks() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL,
                 username TEXT NOT NULL UNIQUE, birthday DATE,
                 created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
             CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT NOT NULL
                 CHECK (length(description) < 5), done BOOLEAN NOT NULL DEFAULT 0,
                 user_id INTEGER NOT NULL REFERENCES users(id));
             CREATE TABLE task_tags (task_id INTEGER NOT NULL REFERENCES tasks(id),
                 tag TEXT NOT NULL, PRIMARY KEY (task_id, tag)) WITHOUT ROWID;",
        )
        .unwrap();
        let mut counter = 0;
        fill(&mut conn, None, 3, &mut counter);
        fill(&mut conn, None, 3, &mut counter);
        assert_eq!(rows(&mut conn, "users").len(), 6);
        // description-N is too long for the CHECK: the second scheme's xN fits.
        let tasks = rows(&mut conn, "tasks");
        assert_eq!(tasks.len(), 6, "{tasks:?}");
        assert!(tasks[0].contains("'x"), "{tasks:?}");
        assert_eq!(rows(&mut conn, "task_tags").len(), 6);
        let broken: i64 =
            diesel::dsl::sql::<BigInt>("SELECT count(*) FROM pragma_foreign_key_check")
                .get_result(&mut conn)
                .unwrap();
        assert_eq!(broken, 0);
    }

    #[test]
    fn a_reference_to_a_table_not_made_yet_gets_null_where_it_can_be_written() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(
            "PRAGMA foreign_keys = OFF;
             CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors(id));",
        )
        .unwrap();
        let mut counter = 0;
        fill(&mut conn, None, 2, &mut counter);
        assert_eq!(rows(&mut conn, "posts"), ["1, NULL", "2, NULL"]);
        // With foreign keys on, SQLite refuses every write to such a table: no rows, no error.
        conn.batch_execute("PRAGMA foreign_keys = ON").unwrap();
        fill(&mut conn, None, 2, &mut counter);
        assert_eq!(rows(&mut conn, "posts").len(), 2);
    }
}
