//! Generated rows on PostgreSQL: a few deterministic rows in each table that has none, so that
//! the checks that say "rows kept" and "locks on tables with rows" see a database like the one
//! in production. Each value fits its column's type; identity, serial and generated columns
//! take their own values; foreign keys (and `X_id` columns beside a table `X` or `Xs`, which a
//! later migration may make one) point at existing parents; UNIQUE holds because every
//! value carries a counter; a row a CHECK refuses is tried again with the values its CHECKs
//! name (see `fitting`), then with NULLs, then left out. Among a table's rows, one has every
//! nullable column NULL and one edge values, so that data moves that drop NULLs or mangle text
//! show.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text};

use std::collections::BTreeMap;

use super::fitting;
use crate::rows::Rows;

/// The tables that hold no rows in `rows`, parents before the tables that point at them.
pub fn empty_tables(conn: &mut PgConnection, rows: &Rows) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Table {
        #[diesel(sql_type = Text)]
        name: String,
    }
    // Depth in the foreign-key graph (a table pointing at itself does not count), deepest last.
    let tables: Vec<Table> = diesel::sql_query(
        "WITH RECURSIVE t AS ( \
           SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
           WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
           AND n.nspname NOT LIKE 'pg\\_%' AND c.relname NOT LIKE '\\_\\_diesel\\_%' AND NOT c.relispartition), \
         d(oid, depth) AS ( \
           SELECT oid, 0 FROM t \
           UNION ALL SELECT k.conrelid, d.depth + 1 FROM pg_constraint k JOIN d ON k.confrelid = d.oid \
           WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND d.depth < 20) \
         SELECT oid::regclass::text AS name, max(depth) AS depth FROM d GROUP BY oid ORDER BY 2, 1",
    )
    .load(conn)?;
    let empty = tables
        .into_iter()
        .map(|t| t.name)
        .filter(|name| rows.get(name).is_some_and(Vec::is_empty))
        .collect();
    Ok(empty)
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    name: String,
    /// `format_type` of the column.
    #[diesel(sql_type = Text)]
    sql_type: String,
    /// `pg_type.typcategory`: N numeric, S string, B boolean, D date/time, U user (uuid, json),
    /// E enum, A array, R range and multirange, and so on.
    #[diesel(sql_type = Text)]
    category: String,
    #[diesel(sql_type = Bool)]
    not_null: bool,
    /// The referenced `table.column` when the column is (the only column of) a foreign key, or
    /// by Diesel's naming when it is not one yet: `user_id` points at `users.id` (a later
    /// migration may add the key, and production rows would already fit it).
    #[diesel(sql_type = Nullable<Text>)]
    references: Option<String>,
    /// The maximum length of a `varchar(n)` or `char(n)`.
    #[diesel(sql_type = Nullable<Integer>)]
    length: Option<i32>,
}

/// Adds `per_table` rows to each of `tables`; `counter` numbers the values and goes up with
/// every row, so two calls never repeat a value. Gives the tables no row fits, each with what
/// refused the last one tried (the constraint, or the server's error).
pub fn fill(
    conn: &mut PgConnection,
    tables: &[String],
    per_table: usize,
    counter: &mut u64,
) -> BTreeMap<String, String> {
    // A table none of whose rows fit waits for the others: its parents may get rows first
    // (a key guessed from a column's name is not in the catalogue's order).
    let mut refused = BTreeMap::new();
    // Plans a trigger function cached before a migration changed a column's type would fail
    // here, where a new session in production plans afresh.
    let _ = conn.batch_execute("DISCARD PLANS");
    let mut waiting: Vec<&String> = tables.iter().collect();
    while !waiting.is_empty() {
        let before = waiting.len();
        waiting.retain(|table| match fill_table(conn, table, per_table, counter) {
            Ok(()) => false,
            Err(why) => {
                refused.insert(table.to_string(), why);
                true
            }
        });
        if waiting.len() == before {
            break;
        }
    }
    refused.retain(|table, _| waiting.contains(&table));
    refused
}

/// Adds up to `per_table` rows to `table`: the first with every nullable column NULL, the
/// last with edge values ('' beside NULL, negative numbers, text that is not ASCII), each tried
/// again with the values the table's CHECKs name when its own are refused. `Err` with what
/// refused the last row tried when none fits.
fn fill_table(
    conn: &mut PgConnection,
    table: &str,
    per_table: usize,
    counter: &mut u64,
) -> Result<(), String> {
    let columns = columns(conn, table).map_err(|e| e.to_string())?;
    let checks = checks(conn, table).map_err(|e| e.to_string())?;
    let mut added = 0;
    let mut refused = String::from("no row was tried");
    for row in 0..per_table {
        if columns.is_empty() {
            let insert = format!("INSERT INTO {table} DEFAULT VALUES");
            added += usize::from(conn.batch_execute(&insert).is_ok());
            continue;
        }
        *counter += 1;
        let k = *counter;
        let edge = row + 1 == per_table && per_table > 2;
        let fitting: Vec<Vec<String>> = columns
            .iter()
            .map(|c| fitting::candidates(&checks, &c.name, k))
            .collect();
        let tries = fitting.iter().map(Vec::len).max().unwrap_or(0).min(8);
        // `None`: the column's own values; `Some(i)`: the i-th value the CHECKs name.
        let mut plans: Vec<(bool, Option<usize>)> =
            (0..=tries).map(|i| (false, i.checked_sub(1))).collect();
        if row == 0 {
            plans.insert(0, (true, None));
        } else {
            plans.push((true, None));
        }
        for (nulls, choice) in plans {
            let names: Vec<String> = columns.iter().map(|c| quote(&c.name)).collect();
            // Numbers differ per column too (k and the column's position), so swaps show.
            let values: Vec<String> = columns
                .iter()
                .zip(&fitting)
                .enumerate()
                .map(
                    |(at, (c, fits))| match (nulls && !c.not_null, &c.references, choice) {
                        (true, _, _) => "NULL".to_string(),
                        (false, Some(parent), _) => parent_value(parent, k),
                        (false, None, Some(i)) if !fits.is_empty() => {
                            format!("CAST({} AS {})", fits[i % fits.len()], c.sql_type)
                        }
                        (false, None, _) => value(c, k * 16 + at as u64 % 16, edge),
                    },
                )
                .collect();
            let insert = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                values.join(", ")
            );
            match conn.batch_execute(&insert) {
                Ok(()) => {
                    added += 1;
                    break;
                }
                Err(error) => refused = why(&error.to_string()),
            }
        }
    }
    if added > 0 { Ok(()) } else { Err(refused) }
}

/// What refused a row: the first line of the server's error.
fn why(error: &str) -> String {
    error.lines().next().unwrap_or(error).to_string()
}

/// The definitions of `table`'s CHECK constraints, as `pg_get_constraintdef` prints them.
fn checks(conn: &mut PgConnection, table: &str) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Check {
        #[diesel(sql_type = Text)]
        definition: String,
    }
    let found: Vec<Check> = diesel::sql_query(
        "SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint \
         WHERE conrelid = $1::regclass AND contype = 'c' ORDER BY conname",
    )
    .bind::<Text, _>(table)
    .load(conn)?;
    Ok(found.into_iter().map(|c| c.definition).collect())
}

/// The columns of `table` a row must be given: not identity, serial, generated or defaulted.
fn columns(conn: &mut PgConnection, table: &str) -> QueryResult<Vec<Column>> {
    diesel::sql_query(
        "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS sql_type, \
         t.typcategory::text AS category, a.attnotnull AS not_null, \
         coalesce( \
           (SELECT k.confrelid::regclass::text || '.' || quote_ident(pa.attname) FROM pg_constraint k \
              JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1] \
              WHERE k.conrelid = a.attrelid AND k.contype = 'f' AND k.conkey = ARRAY[a.attnum] LIMIT 1), \
           (SELECT p.oid::regclass::text || '.id' FROM pg_class p JOIN pg_attribute pa ON pa.attrelid = p.oid \
              WHERE a.attname LIKE '%\\_id' AND p.relkind = 'r' AND pa.attname = 'id' AND pa.atttypid = a.atttypid \
              AND p.relname IN (left(a.attname, -3), left(a.attname, -3) || 's') AND p.oid <> a.attrelid \
              AND p.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = a.attrelid) \
              ORDER BY p.relname LIMIT 1)) AS references, \
         CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS length \
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
         WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped \
         AND a.attidentity = '' AND a.attgenerated = '' AND NOT a.atthasdef \
         ORDER BY a.attnum",
    )
    .bind::<Text, _>(table)
    .load(conn)
}

/// One of the parent's keys, spread over the parents (so that a move that sends every row to
/// one parent shows), or NULL when the parent has no rows yet.
fn parent_value(parent: &str, k: u64) -> String {
    let (table, column) = parent.rsplit_once('.').unwrap_or((parent, "id"));
    format!(
        "(SELECT {column} FROM {table} ORDER BY {column} \
         OFFSET {k} % greatest(1, (SELECT count(*) FROM {table})) LIMIT 1)"
    )
}

/// The array types a one-element array of a number fits.
const ARRAYS_OF_NUMBERS_OR_TEXT: [&str; 8] = [
    "integer[]",
    "bigint[]",
    "smallint[]",
    "numeric[]",
    "real[]",
    "double precision[]",
    "text[]",
    "character varying[]",
];

/// A literal for `column` in the `k`-th row, by its type; `edge`: the row of edge values.
fn value(column: &Column, k: u64, edge: bool) -> String {
    let text = |s: String| format!("'{}'", s.replace('\'', "''"));
    let cast = |literal: String| format!("{literal}::{}", column.sql_type);
    match column.category.as_str() {
        "N" if column.sql_type == "numeric" || column.sql_type.starts_with("numeric(") => {
            cast(format!("{}", k % 1000))
        }
        "N" if column.sql_type.contains("double") || column.sql_type == "real" => format!("{k}.5"),
        "N" if edge => format!("-{}", k % 30000),
        "N" => (k % 30000).to_string(),
        // `k` is the row's number times 16 plus the column's position: both turn the value, so
        // each boolean column holds both values over two rows.
        "B" => if (k / 16 + k % 16) % 2 == 0 {
            "true"
        } else {
            "false"
        }
        .to_string(),
        "D" => cast(text(format!(
            "2026-01-{:02} 12:00:{:02}",
            1 + k % 28,
            k % 60
        ))),
        "E" => format!(
            "(enum_range(NULL::{}))[1 + {k} % array_length(enum_range(NULL::{}), 1)]",
            column.sql_type, column.sql_type
        ),
        // One element where any number reads as one (text, numbers), so emptying shows.
        "A" if ARRAYS_OF_NUMBERS_OR_TEXT.contains(&column.sql_type.as_str()) => {
            cast(text(format!("{{{}}}", k % 1000)))
        }
        "A" => cast(text("{}".to_string())),
        "R" => {
            let (low, high) = if column.sql_type.contains("date") {
                (
                    format!("2026-01-{:02}", 1 + k % 28),
                    "2026-02-01".to_string(),
                )
            } else if column.sql_type.starts_with("ts") {
                (
                    format!("2026-01-{:02} 12:00", 1 + k % 28),
                    "2026-02-01 12:00".to_string(),
                )
            } else {
                (k.to_string(), (k + 10).to_string())
            };
            let range = format!("[{low},{high})");
            let literal = if column.sql_type.contains("multirange") {
                format!("{{{range}}}")
            } else {
                range
            };
            cast(text(literal))
        }
        "S" if edge && !column.not_null => "''".to_string(),
        "S" => {
            let mut s = if edge {
                format!("{}-ü-{k}", column.name)
            } else {
                format!("{}-{k}", column.name)
            };
            if let Some(n) = column.length {
                let n = n.max(1) as usize;
                if s.len() > n {
                    s = format!("{k}");
                    s.truncate(n);
                }
            }
            cast(text(s))
        }
        _ => match column.sql_type.as_str() {
            "uuid" => format!("md5('{k}')::uuid"),
            "json" | "jsonb" => cast(text(format!("{{\"k\": {k}}}"))),
            // 32 bytes: the size of the hashes (SHA-256) bytea columns most often hold.
            "bytea" => format!("decode(md5('{k}') || md5('{k}.'), 'hex')"),
            "inet" | "cidr" => cast(text(format!("10.0.{}.{}", (k / 256) % 256, k % 256))),
            _ => "NULL".to_string(),
        },
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postgres::test_server;

    #[test]
    fn rows_fit_types_keys_uniques_checks_and_enums() {
        let db = test_server().scratch().unwrap();
        let mut conn = db.connect().unwrap();
        conn.batch_execute(
            "CREATE TYPE mood AS ENUM ('sad', 'ok'); \
             CREATE TABLE users (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
                 email TEXT NOT NULL UNIQUE, born TIMESTAMPTZ, tags TEXT[], extra JSONB, key UUID); \
             CREATE TABLE tasks (id SERIAL PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id), \
                 title VARCHAR(5) NOT NULL UNIQUE, done BOOLEAN NOT NULL, due DATE, mood mood, \
                 score NUMERIC(4, 1) CHECK (score < 0), during TSTZRANGE NOT NULL, \
                 days DATEMULTIRANGE NOT NULL, span INT8RANGE NOT NULL);",
        )
        .unwrap();
        let rows = |conn: &mut PgConnection| crate::postgres::catalog::rows(conn).unwrap();
        let before = rows(&mut conn);
        let empty = empty_tables(&mut conn, &before).unwrap();
        assert_eq!(empty, ["users", "tasks"], "parents first");
        let mut counter = 0;
        fill(&mut conn, &empty, 3, &mut counter);
        assert_eq!(counter, 6);
        let filled = rows(&mut conn);
        assert!(empty_tables(&mut conn, &filled).unwrap().is_empty());
        assert_eq!(filled["tasks"].len(), 3);
        assert_eq!(filled["users"].len(), 3);
    }
}
