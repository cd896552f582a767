//! What to say when rows already in a table break a constraint a migration adds: which table,
//! which constraint, and the query that lists the offending rows.
//!
//! SQLite names the table the failing statement wrote to, which in a rebuild is the temporary
//! `new_X`; the message names `X`, the table the student knows.

use diesel::sqlite::SqliteConnection;

use crate::sqlite::schema;
use crate::sqlite::sql::{self, ConstraintKind, quote_identifier};

/// Advice to append to a failed migration's message ("" when the error is not a constraint
/// that existing rows break). Reads the catalogue as it stands when the migration failed, so
/// call it before the failed work is rolled back.
#[cfg(test)]
pub fn advice(conn: &mut SqliteConnection, error: &str) -> String {
    advice_before(conn, error, &|_| true)
}

/// `advice`, knowing which tables were there before the migration (`existed`): rows that
/// break a constraint of a table the same migration makes are rows it wrote, not rows
/// "already in" it.
pub fn advice_before(
    conn: &mut SqliteConnection,
    error: &str,
    existed: &dyn Fn(&str) -> bool,
) -> String {
    let Some(text) = explain(conn, error) else {
        return String::new();
    };
    let made = ["rows already in "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .and_then(|rest| rest.split_once(' '))
        .filter(|(table, _)| !existed(table));
    match made {
        Some((table, rest)) => {
            let rest = rest
                .split_once(": list them")
                .map_or(rest, |(head, _)| head);
            format!(
                "; the rows this migration writes into {table}, a table it makes, {rest}: look at \
                 the statement that fills {table}"
            )
        }
        None => format!("; {text}"),
    }
}

fn explain(conn: &mut SqliteConnection, error: &str) -> Option<String> {
    let clean_first = "fix or remove them first, for example with a data migration before this one";
    if let Some(columns) = after(error, "UNIQUE constraint failed: ") {
        let (table, columns) = split_columns(columns)?;
        let (real, new_sql) = real_table(conn, &table);
        let name = new_sql
            .and_then(|sql| {
                sql::table_constraints(&sql)
                    .into_iter()
                    .find(|c| c.kind == ConstraintKind::Unique && c.columns == columns)
            })
            .and_then(|c| c.name)
            .map_or(String::new(), |name| format!(" {name}"));
        let list = columns
            .iter()
            .map(|c| quote_identifier(c))
            .collect::<Vec<_>>()
            .join(", ");
        return Some(format!(
            "rows already in {real} break the UNIQUE constraint{name} on ({list}): list them with \
             `SELECT {list}, count(*) FROM {} GROUP BY {list} HAVING count(*) > 1` and {clean_first}",
            quote_identifier(&real)
        ));
    }
    if let Some(columns) = after(error, "NOT NULL constraint failed: ") {
        let (table, columns) = split_columns(columns)?;
        let (real, _) = real_table(conn, &table);
        let column = quote_identifier(columns.first()?);
        return Some(format!(
            "rows already in {real} have no {column}, which is now NOT NULL: list them with \
             `SELECT * FROM {} WHERE {column} IS NULL` and {clean_first}",
            quote_identifier(&real)
        ));
    }
    if let Some(check) = after(error, "CHECK constraint failed: ") {
        let (table, expression) = find_check(conn, check)?;
        let (real, _) = real_table(conn, &table);
        return Some(format!(
            "rows already in {real} break the CHECK constraint {check}: list them with \
             `SELECT * FROM {} WHERE NOT ({expression})` and {clean_first}",
            quote_identifier(&real)
        ));
    }
    None
}

/// The text after `prefix` in `error`, up to the end of SQLite's message.
fn after<'a>(error: &'a str, prefix: &str) -> Option<&'a str> {
    let start = error.find(prefix)? + prefix.len();
    let rest = &error[start..];
    Some(rest.split(['\n', ';']).next().unwrap_or(rest).trim())
}

/// `new_users.a, new_users.b` -> (`new_users`, [`a`, `b`]).
fn split_columns(list: &str) -> Option<(String, Vec<String>)> {
    let mut table = None;
    let mut columns = Vec::new();
    for item in list.split(", ") {
        let (t, c) = item.split_once('.')?;
        table = Some(t.to_string());
        columns.push(c.to_string());
    }
    Some((table?, columns))
}

/// The table the student knows (`users` for the rebuild's `new_users`, when `users` exists),
/// and the SQL of the table SQLite named, if it is still in the catalogue.
fn real_table(conn: &mut SqliteConnection, table: &str) -> (String, Option<String>) {
    let sql = table_sql(conn, table);
    let real = table
        .strip_prefix("new_")
        .filter(|old| table_sql(conn, old).is_some())
        .unwrap_or(table);
    (real.to_string(), sql)
}

fn table_sql(conn: &mut SqliteConnection, table: &str) -> Option<String> {
    schema::table_sql(conn, table).ok().flatten()
}

/// The table holding the CHECK that SQLite reported (by its name, or by its expression when it
/// has none), and that CHECK's expression.
fn find_check(conn: &mut SqliteConnection, reported: &str) -> Option<(String, String)> {
    let reported_expression = sql::normalize(reported);
    let tables = schema::tables(conn).ok()?;
    tables.into_iter().find_map(|table| {
        let sql = table_sql(conn, &table)?;
        sql::table_constraints(&sql)
            .into_iter()
            .find(|c| {
                c.kind == ConstraintKind::Check
                    && (c.name.as_deref() == Some(reported) || c.expression == reported_expression)
            })
            .map(|c| (table, c.expression))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;

    /// A database in the middle of a rebuild of `users` and `tasks`, as a failed migration
    /// leaves it, and the error SQLite gives for `statement`.
    fn failing(statement: &str) -> (SqliteConnection, String) {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);
             INSERT INTO users (username) VALUES ('bugs'), ('bugs'), (NULL);
             CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT NOT NULL);
             INSERT INTO tasks (description) VALUES ('  ');
             BEGIN;
             CREATE TABLE new_users (id INTEGER PRIMARY KEY,
                 username TEXT NOT NULL CONSTRAINT uq_users_username UNIQUE);
             CREATE TABLE new_tasks (id INTEGER PRIMARY KEY,
                 description TEXT CONSTRAINT ck_tasks_description_not_blank
                     CHECK (trim(description) <> ''),
                 note TEXT CHECK (length(note) < 5));",
        )
        .unwrap();
        let error = conn.batch_execute(statement).unwrap_err().to_string();
        (conn, error)
    }

    #[test]
    fn a_duplicate_names_the_real_table_the_constraint_and_the_query() {
        let (mut conn, error) = failing(
            "INSERT INTO new_users (id, username) SELECT id, username FROM users WHERE username IS NOT NULL",
        );
        assert_eq!(error, "UNIQUE constraint failed: new_users.username");
        assert_eq!(
            advice(&mut conn, &format!("migration x failed: {error}")),
            "; rows already in users break the UNIQUE constraint uq_users_username on (username): \
             list them with `SELECT username, count(*) FROM users GROUP BY username HAVING count(*) > 1` \
             and fix or remove them first, for example with a data migration before this one"
        );
    }

    #[test]
    fn a_missing_value_names_the_column_and_the_query() {
        let (mut conn, error) = failing(
            "INSERT INTO new_users (id, username) SELECT id, username FROM users WHERE id = 3",
        );
        assert_eq!(
            advice(&mut conn, &error),
            "; rows already in users have no username, which is now NOT NULL: list them with \
             `SELECT * FROM users WHERE username IS NULL` and fix or remove them first, for \
             example with a data migration before this one"
        );
    }

    #[test]
    fn a_check_is_found_by_its_name_or_its_expression() {
        let (mut conn, error) =
            failing("INSERT INTO new_tasks (id, description) SELECT id, description FROM tasks");
        let text = advice(&mut conn, &error);
        assert!(
            text.starts_with(
                "; rows already in tasks break the CHECK constraint ck_tasks_description_not_blank: \
                 list them with `SELECT * FROM tasks WHERE NOT (trim(description) <> '')`"
            ),
            "{text}"
        );
        let (mut conn, error) =
            failing("INSERT INTO new_tasks (description, note) VALUES ('ok', 'too long')");
        let text = advice(&mut conn, &error);
        assert!(
            text.contains("`SELECT * FROM tasks WHERE NOT (length(note) < 5)`"),
            "{error}: {text}"
        );
    }

    #[test]
    fn other_errors_get_no_advice() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        assert_eq!(advice(&mut conn, "no such table: users"), "");
    }
}
