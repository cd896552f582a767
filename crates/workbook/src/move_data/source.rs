//! The SQLite side of a move: the file opened read-only, proven to be a lesson-07 database
//! (exactly the expected migrations applied), its tables and columns, and its rows as SQLite
//! stores them (integer, real, text, blob or NULL, whatever the declared type).

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::deserialize::{self, QueryableByName};
use diesel::prelude::*;
use diesel::row::{Field, NamedRow, Row};
use diesel::sql_types::{Integer, Text};
use diesel::sqlite::{Sqlite, SqliteConnection, SqliteType};

use super::convert::Value;
use crate::error::{Error, Result};
use crate::sqlite::connection::{BUSY_TIMEOUT_MS, advice};

/// A table of the source: its columns in order, and which of them make its primary key.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
    /// The primary key's columns in key order; every column when the table has none.
    pub key: Vec<String>,
}

/// The file at `path`, opened read-only; one line when it is missing or not a SQLite database.
pub fn open(path: &Path) -> Result<SqliteConnection> {
    let name = path.display();
    if !path.exists() {
        return Err(Error::new(format!(
            "cannot move data from {name}: there is no such file; give the path of the \
             lesson-07 database"
        )));
    }
    if path.is_dir() {
        return Err(Error::new(format!(
            "cannot move data from {name}: it is a folder, not a SQLite database; give the path \
             of the lesson-07 database"
        )));
    }
    // A pipe or a device would be read forever, or block: only a file is a database.
    if !path.is_file() {
        return Err(Error::new(format!(
            "cannot move data from {name}: it is not a regular file (a pipe, socket or device), \
             not a SQLite database; give the path of the lesson-07 database"
        )));
    }
    // A URI: read-only (nothing created, nothing written), the path's own %, ? and # escaped.
    let escaped = path
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    let refused = |e: &dyn std::fmt::Display| {
        let cause = e.to_string();
        let advice = if cause.contains("file is not a database") {
            "; it is not a SQLite database: give the path of the lesson-07 database"
        } else {
            advice(&cause)
        };
        Error::new(format!("cannot move data from {name}: {cause}{advice}"))
    };
    let mut conn =
        SqliteConnection::establish(&format!("file:{escaped}?mode=ro")).map_err(|e| refused(&e))?;
    conn.batch_execute(&format!("PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"))
        .and_then(|()| diesel::sql_query("SELECT 1 FROM sqlite_schema LIMIT 1").execute(&mut conn))
        .map_err(|e| refused(&e))?;
    Ok(conn)
}

/// A migration version as written in the folder's name or in `__diesel_schema_migrations`:
/// `2026-11-24-120000_create_user` and `20261124120000` are the same version.
fn version_key(version: &str) -> String {
    let version = version.split('_').next().unwrap_or(version);
    version.chars().filter(char::is_ascii_digit).collect()
}

/// Refuses a source whose applied migrations are not exactly `expected`.
pub fn check_versions(conn: &mut SqliteConnection, name: &str, expected: &[String]) -> Result<()> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = Text)]
        version: String,
    }
    let read = |e: diesel::result::Error| {
        Error::new(format!("cannot read the migrations applied to {name}: {e}"))
    };
    let has_table: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM sqlite_schema WHERE type = 'table' \
         AND name = '__diesel_schema_migrations')",
    ))
    .get_result(conn)
    .map_err(read)?;
    if has_table == 0 {
        return Err(Error::new(format!(
            "cannot move data from {name}: it is not a lesson-07 database (it has no \
             __diesel_schema_migrations table: no migration was ever run on it); give the path \
             of the lesson-07 database"
        )));
    }
    let applied: Vec<Version> =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
            .load(conn)
            .map_err(read)?;
    let applied: Vec<String> = applied.into_iter().map(|v| v.version).collect();
    let has = |list: &[String], v: &str| list.iter().any(|x| version_key(x) == version_key(v));
    let missing: Vec<&str> = expected
        .iter()
        .filter(|v| !has(&applied, v))
        .map(String::as_str)
        .collect();
    let extra: Vec<&str> = applied
        .iter()
        .filter(|v| !has(expected, v))
        .map(String::as_str)
        .collect();
    if !extra.is_empty() {
        return Err(Error::new(format!(
            "cannot move data from {name}: it is not a lesson-07 database (it has migrations \
             lesson-07 does not have: {}{}); give the path of the lesson-07 database",
            extra.join(", "),
            if missing.is_empty() {
                String::new()
            } else {
                format!("; and lacks {}", missing.join(", "))
            }
        )));
    }
    if !missing.is_empty() {
        return Err(Error::new(format!(
            "cannot move data from {name}: it has pending migrations ({} not applied); run \
             lesson-07's migrations on it first, then move it",
            missing.join(", ")
        )));
    }
    Ok(())
}

/// The tables of the database, SQLite's own and the migration bookkeeping (diesel's, the
/// workbook's checksums) left out.
pub fn tables(conn: &mut SqliteConnection) -> QueryResult<Vec<Table>> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        table: String,
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Integer)]
        key: i32,
    }
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT m.name AS \"table\", p.name AS name, p.pk AS key \
         FROM sqlite_schema m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         ORDER BY m.name, p.cid",
    )
    .load(conn)?;
    let columns: Vec<Column> = columns
        .into_iter()
        .filter(|c| !crate::sqlite::schema::is_internal(&c.table))
        .collect();
    let mut tables: Vec<Table> = Vec::new();
    let mut keys: Vec<Vec<(i32, String)>> = Vec::new();
    for column in columns {
        if tables.last().is_none_or(|t| t.name != column.table) {
            tables.push(Table {
                name: column.table.clone(),
                columns: Vec::new(),
                key: Vec::new(),
            });
            keys.push(Vec::new());
        }
        let (Some(table), Some(key)) = (tables.last_mut(), keys.last_mut()) else {
            unreachable!("a table was pushed above");
        };
        if column.key > 0 {
            key.push((column.key, column.name.clone()));
        }
        table.columns.push(column.name);
    }
    for (table, mut key) in tables.iter_mut().zip(keys) {
        key.sort();
        table.key = if key.is_empty() {
            table.columns.clone()
        } else {
            key.into_iter().map(|(_, name)| name).collect()
        };
    }
    Ok(tables)
}

/// Double-quotes an identifier for SQL (either backend).
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The query that reads every row of `table`, `columns` in this order, by primary key.
pub fn select(table: &Table, columns: &[&str]) -> String {
    let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
    let key: Vec<String> = table.key.iter().map(|c| quoted(c)).collect();
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        list.join(", "),
        quoted(&table.name),
        key.join(", ")
    )
}

/// One row of any table, each value as SQLite stores it.
pub struct RawRow(pub Vec<Value>);

impl QueryableByName<Sqlite> for RawRow {
    fn build<'a>(row: &impl NamedRow<'a, Sqlite>) -> deserialize::Result<Self> {
        let mut values = Vec::with_capacity(row.field_count());
        for i in 0..row.field_count() {
            let field = Row::get(row, i).ok_or("a row shorter than its field count")?;
            let value = match field.value() {
                None => Value::Null,
                Some(mut raw) => match raw.value_type() {
                    Some(SqliteType::Long) => Value::Integer(raw.read_long()),
                    Some(SqliteType::Double) => Value::Real(raw.read_double()),
                    Some(SqliteType::Binary) => Value::Blob(raw.read_blob().to_vec()),
                    // Text read as its bytes: SQLite keeps what it was given, and text that is
                    // not UTF-8 would be changed on the way (PostgreSQL's text is UTF-8).
                    Some(_) => match String::from_utf8(raw.read_blob().to_vec()) {
                        Ok(text) => Value::Text(text),
                        Err(_) => {
                            let key =
                                Row::get(row, 0).and_then(|f| f.field_name().map(str::to_string));
                            return Err(format!(
                                "column {} of the row whose {} is {} holds text that is not \
                                 UTF-8, which PostgreSQL would store changed: fix that value in \
                                 the SQLite database first",
                                field.field_name().unwrap_or("?"),
                                key.as_deref().unwrap_or("first column"),
                                values
                                    .first()
                                    .map_or("?".to_string(), super::convert::shown),
                            )
                            .into());
                        }
                    },
                    None => Value::Null,
                },
            };
            values.push(value);
        }
        Ok(RawRow(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_data_versions_match_in_either_spelling() {
        assert_eq!(
            version_key("2026-11-24-120000_create_user"),
            "20261124120000"
        );
        assert_eq!(version_key("20261124120000"), "20261124120000");
    }
}
