//! What an up does to the values it keeps, column by column, as SQLite's walk judges them
//! (`migration::loss`): rows are matched by primary key; a value turned to NULL, or put in
//! another column of its row, is lost; a dropped column's values must be somewhere after the up
//! when the up adds a column or a table (a rename or move written as add + drop), and a move
//! must not make alike the rows its values told apart (NULL and '' filed together); a table
//! dropped while the up makes one with every column it had (a rename written as create +
//! drop) must keep its rows there. A column or table dropped alone is the migration's intent.

use std::collections::{BTreeMap, BTreeSet};

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Text};
use serde_json::{Map, Value};

use crate::migration::loss::{are, counted};
use crate::postgres::catalog;
use crate::postgres::split::statements;

/// One table as the comparison reads it.
#[derive(Debug, Default)]
pub(super) struct Table {
    key: Vec<String>,
    columns: Vec<String>,
    rows: Vec<Map<String, Value>>,
}

/// Every table's rows, by table name.
pub(super) type Snapshot = BTreeMap<String, Table>;

/// One row: its columns' values.
type Row = Map<String, Value>;

/// Whether `up` can lose values in place: it drops, rebuilds, updates or copies.
pub(super) fn moves_values(up: &str) -> bool {
    statements(up).iter().any(|s| {
        let words = s.words();
        let first = words.first().map(String::as_str);
        matches!(first, Some("UPDATE" | "INSERT" | "WITH")) || s.says(&["DROP"])
    })
}

/// Every user table with its key, columns and rows: two queries, however many tables.
pub(super) fn read(conn: &mut PgConnection) -> QueryResult<Snapshot> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        table: String,
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Bool)]
        key: bool,
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        t: String,
        #[diesel(sql_type = Text)]
        row: String,
    }
    let tables = catalog::tables(conn)?;
    let mut out = Snapshot::new();
    if tables.is_empty() {
        return Ok(out);
    }
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT c.oid::regclass::text AS table, a.attname::text AS name, \
         coalesce(a.attnum = ANY(i.indkey), false) AS key \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary \
         WHERE c.oid = ANY($1::text[]::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY c.oid, a.attnum",
    )
    .bind::<Array<Text>, _>(&tables)
    .load(conn)?;
    for column in columns {
        let table: &mut Table = out.entry(column.table).or_default();
        if column.key {
            table.key.push(column.name.clone());
        }
        table.columns.push(column.name);
    }
    let union: Vec<String> = tables
        .iter()
        .map(|t| {
            format!(
                "SELECT '{}' AS t, to_jsonb(x)::text AS row FROM {t} x",
                t.replace('\'', "''")
            )
        })
        .collect();
    for row in diesel::sql_query(union.join(" UNION ALL ")).load::<Row>(conn)? {
        if let (Some(table), Ok(Value::Object(map))) =
            (out.get_mut(&row.t), serde_json::from_str(&row.row))
        {
            table.rows.push(map);
        }
    }
    Ok(out)
}

/// What the up lost of `before`, one phrase each, ending in `now` (as `up-loses-rows` says
/// it); `deleted`: tables the up deletes rows from on purpose.
pub(super) fn lost(before: &Snapshot, after: &Snapshot, deleted: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, table) in before.iter().filter(|(_, t)| !t.rows.is_empty()) {
        if deleted.contains(&name.to_ascii_lowercase()) {
            continue;
        }
        match after.get(name) {
            Some(now) => {
                found.extend(changed_in_place(name, table, now));
                found.extend(dropped_columns(name, table, now, before, after));
            }
            None => found.extend(renamed_without_copy(name, table, before, after)),
        }
    }
    found
}

/// The value of `column` in `row`, NULL when absent.
fn value<'a>(row: &'a Map<String, Value>, column: &str) -> &'a Value {
    row.get(column).unwrap_or(&Value::Null)
}

/// `table`'s rows before, each with its row after, matched by primary key.
fn matched<'a>(table: &'a Table, now: &'a Table) -> Vec<(&'a Row, &'a Row)> {
    if table.key.is_empty() || !table.key.iter().all(|k| now.columns.contains(k)) {
        return Vec::new();
    }
    let key = |row: &Map<String, Value>| -> Vec<Value> {
        table.key.iter().map(|k| value(row, k).clone()).collect()
    };
    let by_key: BTreeMap<String, &Map<String, Value>> = now
        .rows
        .iter()
        .map(|row| (serde_json::to_string(&key(row)).unwrap_or_default(), row))
        .collect();
    table
        .rows
        .iter()
        .filter_map(|row| {
            let after = by_key.get(&serde_json::to_string(&key(row)).unwrap_or_default())?;
            Some((row, *after))
        })
        .collect()
}

/// Values of the columns kept (same table, same name) turned to NULL, or put in another
/// column of their row.
fn changed_in_place(name: &str, table: &Table, now: &Table) -> Vec<String> {
    let pairs = matched(table, now);
    let kept: Vec<&String> = table
        .columns
        .iter()
        .filter(|c| now.columns.contains(c))
        .collect();
    let mut found = Vec::new();
    for column in &kept {
        let nulled = pairs
            .iter()
            .filter(|(b, a)| !value(b, column).is_null() && value(a, column).is_null())
            .count();
        if nulled > 0 {
            found.push(format!(
                "{} of column {name}.{column} {} NULL now",
                counted(nulled as i64),
                are(nulled as i64)
            ));
            continue;
        }
        for other in kept.iter().filter(|o| *o != column) {
            let moved = pairs
                .iter()
                .filter(|(b, a)| {
                    let was = value(b, column);
                    !was.is_null()
                        && value(a, column) != was
                        && value(a, other) == was
                        && value(b, other) != was
                })
                .count();
            if moved > 0 {
                found.push(format!(
                    "{} of column {name}.{column} {} in {name}.{other} now",
                    counted(moved as i64),
                    are(moved as i64)
                ));
                break;
            }
        }
    }
    found
}

/// Values of columns the up dropped while it added columns or tables: somewhere after it, and
/// told apart as before by the table's new columns.
fn dropped_columns(
    name: &str,
    table: &Table,
    now: &Table,
    before: &Snapshot,
    after: &Snapshot,
) -> Vec<String> {
    let added: Vec<&String> = now
        .columns
        .iter()
        .filter(|c| !table.columns.contains(c))
        .collect();
    let new_tables = after.keys().any(|t| !before.contains_key(t));
    let dropped: Vec<&String> = table
        .columns
        .iter()
        .filter(|c| !now.columns.contains(c))
        .collect();
    if dropped.is_empty() || added.is_empty() && !new_tables {
        return Vec::new();
    }
    let everywhere: BTreeSet<String> = after
        .values()
        .flat_map(|t| t.rows.iter().flat_map(|r| r.values()))
        .filter(|v| !v.is_null())
        .map(text)
        .collect();
    let pairs = matched(table, now);
    let mut found = Vec::new();
    for column in dropped {
        let values: Vec<&Value> = table
            .rows
            .iter()
            .map(|r| value(r, column))
            .filter(|v| !v.is_null())
            .collect();
        let gone = values
            .iter()
            .filter(|v| !everywhere.contains(&text(v)))
            .count();
        if gone > 0 {
            found.push(format!("column {name}.{column} ({} values)", gone));
            continue;
        }
        if added.is_empty() || pairs.is_empty() {
            continue;
        }
        let was: BTreeSet<String> = pairs
            .iter()
            .map(|(b, _)| value(b, column).to_string())
            .collect();
        let is: BTreeSet<String> = pairs
            .iter()
            .map(|(_, a)| {
                let new: Vec<&Value> = added.iter().map(|c| value(a, c)).collect();
                serde_json::to_string(&new).unwrap_or_default()
            })
            .collect();
        if is.len() < was.len() {
            found.push(format!(
                "the {} different values of {name}.{column} (NULL counted as one) are {} in \
                 {name}'s new columns now",
                was.len(),
                is.len()
            ));
        }
    }
    found
}

/// A table dropped while the up made one with every column it had: its rows must be there.
fn renamed_without_copy(
    name: &str,
    table: &Table,
    before: &Snapshot,
    after: &Snapshot,
) -> Vec<String> {
    let Some((new, now)) = after
        .iter()
        .filter(|(t, _)| !before.contains_key(*t))
        .find(|(_, t)| table.columns.iter().all(|c| t.columns.contains(c)))
    else {
        return Vec::new();
    };
    // Keys are left out where other columns are there to compare: a copy may number anew.
    let compared: Vec<&String> = match table.columns.iter().filter(|c| !table.key.contains(c)) {
        others if table.columns.len() > table.key.len() => others.collect(),
        _ => table.columns.iter().collect(),
    };
    let project = |row: &Map<String, Value>| -> String {
        let values: Vec<String> = compared.iter().map(|c| text(value(row, c))).collect();
        values.join("\u{1f}")
    };
    let there: BTreeSet<String> = now.rows.iter().map(project).collect();
    let missing = table
        .rows
        .iter()
        .filter(|r| !there.contains(&project(r)))
        .count();
    match missing {
        0 => Vec::new(),
        n => vec![format!(
            "{n} of the {} rows of {name} are not in {new}, the table made in its place, now",
            table.rows.len()
        )],
    }
}

/// A value as text, whatever its JSON type: `3` and `"3"` are one value moved between types.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
