//! A database's shape (its tables with their columns and constraints, its indexes, triggers
//! and views) and the differences between two shapes, said in words: "table tags is left
//! behind", "column users.birthday was DATE, is TEXT", "the columns of tasks are in another
//! order: category is now last". This is how a `down.sql` that does not restore the schema
//! exactly is explained.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

use crate::sqlite::schema::{self, Column};
use crate::sqlite::sql::{normalize, quote_identifier};

mod differences;

pub use differences::differences;

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
    /// The tables of `self` that `before` did not have, by name.
    pub fn new_tables<'a>(&'a self, before: &Shape) -> Vec<&'a str> {
        (self.tables.keys())
            .filter(|table| !before.tables.contains_key(*table))
            .map(String::as_str)
            .collect()
    }

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
#[cfg(test)]
mod tests;
