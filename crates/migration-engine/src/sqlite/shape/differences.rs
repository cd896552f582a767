//! The differences between two shapes, said in words, of the tables and columns as much as of
//! the indexes, triggers and views.

use super::{Shape, Table};
use crate::sqlite::schema::Column;

/// What differs between `expected` and `found`, one phrase each, said of `found`: tables,
/// indexes, triggers and views that are gone or left behind, and, in a table that is in both,
/// columns gone or left behind, a column's type, nullability, default, key or definition, the
/// order of the columns, and table constraints lost or gained. Empty when they are the same.
pub fn differences(expected: &Shape, found: &Shape) -> Vec<String> {
    let mut said = Vec::new();
    for name in expected.tables.keys() {
        if !found.tables.contains_key(name) {
            said.push(format!("table {name}, there before, is gone"));
        }
    }
    for name in found.tables.keys() {
        if !expected.tables.contains_key(name) {
            said.push(format!("table {name} is left behind"));
        }
    }
    for (name, table) in &expected.tables {
        if let Some(now) = found.tables.get(name) {
            said.extend(table_differences(name, table, now));
        }
    }
    // An index or trigger of a table that is gone or left behind went with its table.
    let in_both =
        |table: &str| expected.tables.contains_key(table) == found.tables.contains_key(table);
    for (name, (kind, table, statement)) in &expected.others {
        match found.others.get(name) {
            None if in_both(table) => said.push(format!("{kind} {name}, there before, is gone")),
            Some((_, _, now)) if now != statement => {
                said.push(format!("{kind} {name} was `{statement}`, is `{now}`"));
            }
            _ => {}
        }
    }
    for (name, (kind, table, _)) in &found.others {
        if !expected.others.contains_key(name) && in_both(table) {
            said.push(format!("{kind} {name} is left behind"));
        }
    }
    said
}

fn table_differences(table: &str, expected: &Table, found: &Table) -> Vec<String> {
    let mut said = Vec::new();
    let named = |columns: &[Column], name: &str| columns.iter().any(|c| c.name == name);
    for column in &expected.columns {
        if !named(&found.columns, &column.name) {
            said.push(format!(
                "column {table}.{}, there before, is gone",
                column.name
            ));
        }
    }
    for column in &found.columns {
        if !named(&expected.columns, &column.name) {
            said.push(format!("column {table}.{} is left behind", column.name));
        }
    }
    for column in &expected.columns {
        if let Some(now) = found.columns.iter().find(|c| c.name == column.name) {
            let changes = column_differences(column, now);
            let (before, after) = (
                expected.definitions.get(&column.name),
                found.definitions.get(&column.name),
            );
            if changes.is_empty() && before != after {
                said.push(format!(
                    "column {table}.{} was declared `{}`, is `{}`",
                    column.name,
                    before.map_or("", String::as_str),
                    after.map_or("", String::as_str)
                ));
            }
            said.extend(
                changes
                    .into_iter()
                    .map(|change| format!("column {table}.{} {change}", column.name)),
            );
        }
    }
    if let Some(order) = order_difference(&expected.columns, &found.columns) {
        said.push(format!(
            "the columns of {table} are in another order: {order}"
        ));
    }
    for constraint in &expected.constraints {
        if !found.constraints.contains(constraint) {
            said.push(format!("table {table} lost `{constraint}`"));
        }
    }
    for constraint in &found.constraints {
        if !expected.constraints.contains(constraint) {
            said.push(format!("table {table} gained `{constraint}`"));
        }
    }
    for key in &expected.foreign_keys {
        if !found.foreign_keys.contains(key) {
            said.push(format!("table {table} lost the foreign key `{key}`"));
        }
    }
    for key in &found.foreign_keys {
        if !expected.foreign_keys.contains(key) {
            said.push(format!("table {table} gained the foreign key `{key}`"));
        }
    }
    if expected.options != found.options {
        said.push(format!(
            "table {table} was made with `{}`, is made with `{}`",
            expected.options, found.options
        ));
    }
    said
}

/// How a column that is in both shapes changed: type, nullability, default, primary key.
fn column_differences(expected: &Column, found: &Column) -> Vec<String> {
    let mut said = Vec::new();
    let sql_type = |c: &Column| match c.sql_type.as_str() {
        "" => "untyped".to_string(),
        t => t.to_string(),
    };
    if !expected.sql_type.eq_ignore_ascii_case(&found.sql_type) {
        said.push(format!(
            "was {}, is {}",
            sql_type(expected),
            sql_type(found)
        ));
    }
    match (expected.not_null, found.not_null) {
        (true, false) => said.push("was NOT NULL, now allows NULL".to_string()),
        (false, true) => said.push("allowed NULL, is now NOT NULL".to_string()),
        _ => {}
    }
    let default = |c: &Column| {
        c.default
            .as_ref()
            .map_or("no default".to_string(), |d| format!("DEFAULT {d}"))
    };
    if expected.default != found.default {
        said.push(format!("had {}, has {}", default(expected), default(found)));
    }
    match (expected.primary_key, found.primary_key) {
        (true, false) => said.push("was part of the primary key, is not".to_string()),
        (false, true) => said.push("is now part of the primary key, was not".to_string()),
        _ => {}
    }
    said
}

/// How the order of the columns both lists have differs: the column that moved and where it
/// is now, or else both orders.
fn order_difference(expected: &[Column], found: &[Column]) -> Option<String> {
    let common = |from: &[Column], other: &[Column]| -> Vec<String> {
        from.iter()
            .filter(|c| other.iter().any(|o| o.name == c.name))
            .map(|c| c.name.clone())
            .collect()
    };
    let (before, after) = (common(expected, found), common(found, expected));
    if before == after {
        return None;
    }
    let without = |list: &[String], name: &str| -> Vec<String> {
        list.iter().filter(|n| *n != name).cloned().collect()
    };
    // The one column whose move explains the new order; of two (a swap of neighbours), the
    // one now further back, as `ADD COLUMN` appends.
    let at = |list: &[String], name: &str| list.iter().position(|n| n == name).unwrap_or(0);
    let moved = after
        .iter()
        .filter(|name| without(&before, name) == without(&after, name))
        .max_by_key(|name| {
            (
                at(&after, name).abs_diff(at(&before, name)),
                at(&after, name),
            )
        });
    let place = |list: &[String], name: &str| -> String {
        match list.iter().position(|n| n == name) {
            Some(0) => "first".to_string(),
            Some(at) if at + 1 == list.len() => "last".to_string(),
            Some(at) => format!("after {}", list[at - 1]),
            None => "gone".to_string(),
        }
    };
    Some(match moved {
        Some(name) => format!(
            "{name} is now {}, it was {}",
            place(&after, name),
            place(&before, name)
        ),
        None => format!(
            "they were ({}), are now ({})",
            before.join(", "),
            after.join(", ")
        ),
    })
}
