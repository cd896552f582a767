//! Generated rows: after each migration, `verify` puts a few deterministic rows in every table
//! the migration made or changed (so a new column gets values too), so that the checks that
//! say "rows kept" see rows without a seed file. Each value fits its column's declared type;
//! foreign keys point at existing parents; UNIQUE holds because every value carries a counter;
//! a CHECK's `IN (...)` list or `>`/`>=` bound is read and met; any other CHECK is met by trial
//! (other values, then NULLs), and a row that no trial fits is left out.
//!
//! The rows are chosen to show data bugs, in turn: an ordinary row (text values carry their
//! column's name, so two columns swapped show), a row with every nullable column NULL, and a
//! row of edge values ('' beside that NULL, 0, negative numbers, non-ASCII text).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;

use std::collections::BTreeMap;

use crate::sqlite::schema::{self, Column, ForeignKey};
use crate::sqlite::sql::quote_identifier as q;

use super::allowed::checks;

/// Adds up to `per_table` rows to each of `tables` (every table for `None`); `counter`
/// numbers the values and goes up with every row, so two calls never repeat a value. Returns
/// the tables to which not one row could be added, each with what refused it.
pub fn fill(
    conn: &mut SqliteConnection,
    tables: Option<&[String]>,
    per_table: usize,
    counter: &mut u64,
) -> BTreeMap<String, String> {
    let tables = match tables {
        Some(tables) => tables.to_vec(),
        None => schema::tables(conn).unwrap_or_default(),
    };
    let mut rowless = BTreeMap::new();
    // Parents first: a table waits until the tables its foreign keys need have rows.
    let mut waiting: Vec<String> = tables;
    for _ in 0..=waiting.len() {
        let mut still = Vec::new();
        for table in waiting {
            match fill_table(conn, &table, per_table, counter) {
                Filled::Waiting => {
                    still.push(table);
                }
                Filled::Refused(why) => {
                    rowless.insert(table, why);
                }
                Filled::Some => {}
            }
        }
        waiting = still;
        if waiting.is_empty() {
            break;
        }
    }
    for table in waiting {
        rowless.insert(
            table,
            "a NOT NULL foreign key whose parent table has no rows".to_string(),
        );
    }
    // A table the migrations fill themselves (a settings row) holds rows all the same.
    rowless.retain(|table, _| count(conn, table) == 0);
    rowless
}

enum Filled {
    /// At least one row was added (or none was asked for).
    Some,
    /// A NOT NULL foreign key's parent has no rows yet.
    Waiting,
    /// Not one row fit: SQLite's last refusal.
    Refused(String),
}

/// Which of the generated rows: each shows another kind of data bug.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Every column holds an ordinary value.
    Ordinary,
    /// Every nullable column is NULL.
    Nulls,
    /// Edge values: '' in nullable text, 0 and negative numbers, non-ASCII text.
    Edges,
}

/// Fills one table.
fn fill_table(
    conn: &mut SqliteConnection,
    table: &str,
    per_table: usize,
    counter: &mut u64,
) -> Filled {
    let (Ok(columns), Ok(keys)) = (
        schema::columns(conn, table),
        schema::foreign_keys(conn, table),
    ) else {
        return Filled::Some;
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
            return Filled::Waiting;
        }
    }
    let checks = checks(conn, table);
    let rowid_key = columns.iter().filter(|c| c.primary_key).count() == 1
        && columns
            .iter()
            .any(|c| c.primary_key && c.sql_type.eq_ignore_ascii_case("INTEGER"));
    let mut added = 0;
    let mut refused = String::new();
    for row in 0..per_table {
        *counter += 1;
        let k = *counter;
        let kind = [Kind::Ordinary, Kind::Nulls, Kind::Edges][row % 3];
        for scheme in 0..3 {
            let mut names = Vec::new();
            let mut values = Vec::new();
            for (index, column) in columns.iter().enumerate() {
                let listed = checks
                    .iter()
                    .find(|(c, _)| c.eq_ignore_ascii_case(&column.name));
                // A rowid key takes its own value, unless a CHECK says which (`id = 0`).
                let own_key = rowid_key && column.primary_key && listed.is_none();
                if own_key || schema::is_clock_default(column) {
                    continue;
                }
                let nullable = !column.not_null && !column.primary_key;
                let value = match keys.iter().find(|key| key.from == column.name) {
                    Some(_) if nullable && kind == Kind::Nulls && scheme == 0 => "NULL".to_string(),
                    Some(key) => parent_value(conn, key, k, &tables),
                    None if nullable && (scheme == 2 || (scheme == 0 && kind == Kind::Nulls)) => {
                        "NULL".to_string()
                    }
                    None => match listed {
                        Some((_, allowed)) if scheme < 2 => allowed.pick(k),
                        _ => {
                            let kind = if scheme == 0 { Some(kind) } else { None };
                            value(column, index, k, kind)
                        }
                    },
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
            match conn.batch_execute(&sql) {
                Ok(()) => {
                    added += 1;
                    break;
                }
                Err(e) => refused = e.to_string(),
            }
        }
    }
    if added == 0 && per_table > 0 {
        Filled::Refused(refused)
    } else {
        Filled::Some
    }
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

/// A literal for column `column` (the `index`-th of its table) in the `k`-th row, by its
/// declared type (SQLite's affinity rules): the `kind` of row's value, or (`None`) a plainer
/// one tried when a CHECK refuses it. Numbers carry the column's index as text carries its
/// name, so that two columns swapped show.
fn value(column: &Column, index: usize, k: u64, kind: Option<Kind>) -> String {
    let n = k * 100 + (index as u64 % 100);
    let declared = column.sql_type.to_ascii_uppercase();
    let day = 1 + k % 28;
    let edges = kind == Some(Kind::Edges);
    if declared.contains("INT") {
        if declared.contains("BOOL") || declared == "TINYINT(1)" {
            return (k % 2).to_string();
        }
        return match kind {
            Some(Kind::Edges) if !column.primary_key && !column.not_null => "0".to_string(),
            Some(Kind::Edges) if !column.primary_key => format!("-{n}"),
            Some(_) if !column.primary_key => n.to_string(),
            Some(_) => k.to_string(),
            None => (k % 2 + 1).to_string(),
        };
    }
    if declared.contains("CHAR") || declared.contains("CLOB") || declared.contains("TEXT") {
        let text = match kind {
            Some(Kind::Edges) if !column.not_null && !column.primary_key => String::new(),
            Some(Kind::Edges) => format!("{}-ü{k}", column.name),
            Some(_) => format!("{}-{k}", column.name),
            None => format!("x{k}"),
        };
        return format!("'{}'", text.replace('\'', "''"));
    }
    if declared.contains("BLOB") || declared.is_empty() {
        return format!("x'{:02x}{:02x}'", k % 256, (k / 256) % 256);
    }
    if declared.contains("REAL") || declared.contains("FLOA") || declared.contains("DOUB") {
        return if edges {
            format!("-{n}.5")
        } else {
            format!("{n}.5")
        };
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
    if edges {
        format!("-{n}")
    } else {
        n.to_string()
    }
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

    #[test]
    fn rows_hold_nulls_beside_empty_text_and_edge_values_and_meet_listed_checks() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(
            "CREATE TABLE tasks (id INTEGER PRIMARY KEY NOT NULL, title TEXT NOT NULL,
                 category TEXT, points INTEGER,
                 status TEXT NOT NULL CHECK (status IN ('open', 'done')),
                 size INTEGER NOT NULL CHECK (size > 10));",
        )
        .unwrap();
        let mut counter = 0;
        let refused = fill(&mut conn, None, 3, &mut counter);
        assert!(refused.is_empty(), "{refused:?}");
        assert_eq!(
            rows(&mut conn, "tasks"),
            [
                "1, 'title-1', 'category-1', 103, 'done', 11",
                "2, 'title-2', NULL, NULL, 'open', 12",
                "3, 'title-ü3', '', 0, 'done', 13",
            ]
        );
    }

    #[test]
    fn a_table_no_row_fits_is_said_with_what_refused_it() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute("CREATE TABLE one (id INTEGER PRIMARY KEY, n INTEGER NOT NULL CHECK (n = 7 AND n <> 7));")
            .unwrap();
        let mut counter = 0;
        let refused = fill(&mut conn, None, 2, &mut counter);
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert!(
            refused["one"].contains("CHECK constraint failed"),
            "{refused:?}"
        );
    }
}
