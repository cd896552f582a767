//! A database's shape (its tables with their columns and constraints, its indexes, triggers
//! and views) and the differences between two shapes, said in words: "table tags is left
//! behind", "column users.birthday was DATE, is TEXT", "the columns of tasks are in another
//! order: category is now last". This is how a `down.sql` that does not restore the schema
//! exactly is explained.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

use crate::schema::{self, Column};
use crate::sql::{normalize, quote_identifier};

/// What `differences` compares, read from the catalogue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    tables: BTreeMap<String, Table>,
    /// Indexes, triggers and views by name: (kind, table, normalised statement).
    others: BTreeMap<String, (String, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Table {
    /// What follows the column list in the normalised `CREATE TABLE` (`WITHOUT ROWID`, ...).
    options: String,
    columns: Vec<Column>,
    /// Each column's definition as the normalised `CREATE TABLE` writes it, by column name,
    /// without its `REFERENCES` clause (foreign keys are compared as SQLite reports them).
    definitions: BTreeMap<String, String>,
    /// The table constraints (`PRIMARY KEY (a, b)`, `CONSTRAINT uq UNIQUE (x)`, ...), foreign
    /// keys left out.
    constraints: Vec<String>,
    /// The foreign keys by meaning, sorted: `user_id REFERENCES users(id) ON DELETE CASCADE`,
    /// whether written on the column or as a table constraint, with or without the column.
    foreign_keys: Vec<String>,
}

impl Shape {
    /// The shape of the database `conn` is open on, leaving out SQLite's and diesel's tables.
    pub fn read(conn: &mut SqliteConnection) -> QueryResult<Shape> {
        let mut shape = Shape::default();
        let mut keys = Vec::new();
        for object in schema::objects(conn)? {
            let statement = normalized(&object.sql);
            if object.kind != "table" {
                shape
                    .others
                    .insert(object.name, (object.kind, object.table, statement));
                continue;
            }
            let (table, references) = read_table(conn, &object.name, &object.sql, statement)?;
            keys.push((object.name.clone(), references));
            shape.tables.insert(object.name, table);
        }
        // A reference without a column names the parent's primary key, as SQLite reads it.
        for (name, references) in keys {
            let mut found: Vec<String> = references
                .into_iter()
                .map(|key| {
                    let to = match key.to.is_empty() {
                        false => key.to,
                        true => shape
                            .tables
                            .get(&key.table)
                            .map(|parent| {
                                let pk: Vec<&str> = parent
                                    .columns
                                    .iter()
                                    .filter(|c| c.primary_key)
                                    .map(|c| c.name.as_str())
                                    .collect();
                                pk.join(", ")
                            })
                            .unwrap_or_default(),
                    };
                    format!(
                        "{} REFERENCES {}({to}) ON DELETE {}",
                        key.from, key.table, key.on_delete
                    )
                })
                .collect();
            found.sort();
            if let Some(table) = shape.tables.get_mut(&name) {
                table.foreign_keys = found;
            }
        }
        Ok(shape)
    }
}

/// A table as `read_table` read it, with its references still to be resolved.
type ReadTable = (Table, Vec<schema::ForeignKey>);

thread_local! {
    /// Statements already normalised: a stairway reads the same ones again and again.
    static NORMALIZED: std::cell::RefCell<BTreeMap<String, String>> =
        const { std::cell::RefCell::new(BTreeMap::new()) };
    /// Tables already read, by name and statement: everything `read_table` gives follows from
    /// the `CREATE TABLE` statement, and a stairway reads the same tables again and again.
    static READ: std::cell::RefCell<BTreeMap<(String, String), ReadTable>> =
        const { std::cell::RefCell::new(BTreeMap::new()) };
}

/// `normalize(sql)`, remembered.
fn normalized(sql: &str) -> String {
    if let Some(found) = NORMALIZED.with(|n| n.borrow().get(sql).cloned()) {
        return found;
    }
    let statement = normalize(sql);
    NORMALIZED.with(|n| {
        let mut n = n.borrow_mut();
        if n.len() > 10_000 {
            n.clear();
        }
        n.insert(sql.to_string(), statement.clone());
    });
    statement
}

/// One table of the shape (its foreign keys still to be resolved) and its references.
fn read_table(
    conn: &mut SqliteConnection,
    name: &str,
    sql: &str,
    statement: String,
) -> QueryResult<ReadTable> {
    let key = (name.to_string(), sql.to_string());
    if let Some(found) = READ.with(|read| read.borrow().get(&key).cloned()) {
        return Ok(found);
    }
    let columns = schema::columns(conn, name)?;
    let (definitions, constraints) = split_items(&statement, &columns);
    let references = schema::foreign_keys(conn, name)?;
    let options = statement
        .rsplit_once(')')
        .map_or(String::new(), |(_, rest)| rest.trim().to_string());
    let table = Table {
        options,
        columns,
        definitions,
        constraints,
        foreign_keys: Vec::new(),
    };
    READ.with(|read| {
        let mut read = read.borrow_mut();
        if read.len() > 10_000 {
            read.clear();
        }
        read.insert(key, (table.clone(), references.clone()));
    });
    Ok((table, references))
}

/// A column definition without its `REFERENCES` clause (and the `CONSTRAINT name` before it).
fn without_reference(definition: &str) -> String {
    let Some(at) = definition.find(" REFERENCES ") else {
        return definition.to_string();
    };
    let mut kept = definition[..at].trim_end().to_string();
    if let Some((head, name)) = kept.rsplit_once(" CONSTRAINT ") {
        if !name.contains(' ') {
            kept = head.to_string();
        }
    }
    kept
}

impl Shape {
    /// The tables of `self` that are new since `before`, or made differently.
    pub fn changed_tables(&self, before: &Shape) -> Vec<String> {
        self.tables
            .iter()
            .filter(|(name, table)| before.tables.get(*name) != Some(*table))
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// The items of a normalised `CREATE TABLE` (one per line between its parentheses), as the
/// definitions of `columns` by name and the table constraints, foreign keys left out.
fn split_items(statement: &str, columns: &[Column]) -> (BTreeMap<String, String>, Vec<String>) {
    let mut definitions = BTreeMap::new();
    let mut constraints = Vec::new();
    let lines: Vec<&str> = statement.lines().collect();
    let items = lines
        .get(1..lines.len().saturating_sub(1))
        .unwrap_or_default();
    for item in items {
        let item = item.trim().trim_end_matches(',').to_string();
        let column = columns.iter().find(|c| {
            let name = quote_identifier(&c.name);
            item == name || item.starts_with(&format!("{name} "))
        });
        match column {
            Some(column) => {
                definitions.insert(column.name.clone(), without_reference(&item));
            }
            None if item.contains("FOREIGN KEY") => {}
            None => constraints.push(item),
        }
    }
    (definitions, constraints)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::connection::SimpleConnection;

    fn shape(sql: &str) -> Shape {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(sql).unwrap();
        Shape::read(&mut conn).unwrap()
    }

    const TASKS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, birthday DATE);
        CREATE TABLE tasks (id INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,
            complete BOOLEAN NOT NULL DEFAULT 0, category TEXT,
            user_id INTEGER REFERENCES users(id));
        CREATE INDEX ix_tasks_user_id ON tasks(user_id);";

    #[test]
    fn the_same_shape_has_no_differences() {
        assert_eq!(
            differences(&shape(TASKS), &shape(TASKS)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn tables_indexes_and_triggers_left_behind_or_gone_are_named() {
        let more = format!(
            "{TASKS} CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
             CREATE INDEX ix_tags_name ON tags(name);
             CREATE TRIGGER tasks_touch AFTER UPDATE ON tasks BEGIN SELECT 1; END;"
        );
        assert_eq!(
            differences(&shape(TASKS), &shape(&more)),
            [
                "table tags is left behind",
                "trigger tasks_touch is left behind"
            ]
        );
        let fewer = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, birthday DATE);";
        assert_eq!(
            differences(&shape(TASKS), &shape(fewer)),
            ["table tasks, there before, is gone"]
        );
        let unindexed = TASKS.replace("CREATE INDEX ix_tasks_user_id ON tasks(user_id);", "");
        assert_eq!(
            differences(&shape(TASKS), &shape(&unindexed)),
            ["index ix_tasks_user_id, there before, is gone"]
        );
    }

    #[test]
    fn a_column_s_type_nullability_default_and_key_are_said_in_words() {
        let changed = TASKS
            .replace("birthday DATE", "birthday TEXT")
            .replace("complete BOOLEAN NOT NULL DEFAULT 0", "complete BOOLEAN")
            .replace(
                "description TEXT NOT NULL",
                "description TEXT NOT NULL UNIQUE",
            );
        assert_eq!(
            differences(&shape(TASKS), &shape(&changed)),
            [
                "column tasks.description was declared `description TEXT NOT NULL`, is \
                 `description TEXT NOT NULL UNIQUE`",
                "column tasks.complete was NOT NULL, now allows NULL",
                "column tasks.complete had DEFAULT 0, has no default",
                "column users.birthday was DATE, is TEXT",
            ]
        );
    }

    #[test]
    fn columns_gone_left_behind_or_moved_are_named() {
        let appended = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, birthday DATE);
            CREATE TABLE tasks (id INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,
                complete BOOLEAN NOT NULL DEFAULT 0, user_id INTEGER REFERENCES users(id),
                category TEXT, note TEXT);
            CREATE INDEX ix_tasks_user_id ON tasks(user_id);";
        assert_eq!(
            differences(&shape(TASKS), &shape(appended)),
            [
                "column tasks.note is left behind",
                "the columns of tasks are in another order: category is now last, it was \
                 after complete",
            ]
        );
        let shuffled = TASKS.replace(
            "id INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,
            complete BOOLEAN NOT NULL DEFAULT 0, category TEXT,",
            "category TEXT, complete BOOLEAN NOT NULL DEFAULT 0,
            id INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,",
        );
        assert_eq!(
            differences(&shape(TASKS), &shape(&shuffled)),
            [
                "the columns of tasks are in another order: they were (id, description, \
              complete, category, user_id), are now (category, complete, id, description, \
              user_id)"
            ]
        );
    }

    #[test]
    fn table_constraints_lost_or_gained_are_quoted() {
        let keyed = "CREATE TABLE task_tags (task_id INTEGER NOT NULL, tag_id INTEGER NOT NULL,
            PRIMARY KEY (task_id, tag_id));";
        let unkeyed = "CREATE TABLE task_tags (task_id INTEGER NOT NULL, tag_id INTEGER NOT NULL);";
        assert_eq!(
            differences(&shape(keyed), &shape(unkeyed)),
            [
                "column task_tags.task_id was part of the primary key, is not",
                "column task_tags.tag_id was part of the primary key, is not",
                "table task_tags lost `PRIMARY KEY (task_id, tag_id)`",
            ]
        );
    }
}
