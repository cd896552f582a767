//! The database as a Mermaid ER diagram: tables with their columns, types and keys, and one
//! line per foreign key. The book shows it for every stage of every lesson, generated from the
//! migrated schema so that it cannot drift.

use diesel::QueryResult;
use diesel::sqlite::SqliteConnection;

use crate::sqlite::schema::{self, Column, ForeignKey};

/// The Mermaid `erDiagram` of the database; an empty database gives a diagram with no tables.
pub fn er_diagram(conn: &mut SqliteConnection) -> QueryResult<String> {
    let mut out = String::from("erDiagram\n");
    let mut relations = Vec::new();
    for table in schema::tables(conn)? {
        let columns = schema::columns(conn, &table)?;
        let keys = schema::foreign_keys(conn, &table)?;
        let unique = schema::unique_columns(conn, &table)?;
        out.push_str(&format!("    {} {{\n", entity(&table)));
        for column in &columns {
            let is_unique = unique.contains(&column.name);
            out.push_str(&format!(
                "        {}\n",
                attribute(column, &keys, is_unique)
            ));
        }
        out.push_str("    }\n");
        for key in &keys {
            let optional = columns.iter().any(|c| c.name == key.from && !c.not_null);
            relations.push(relation(&table, key, optional));
        }
    }
    for line in relations {
        out.push_str(&line);
    }
    Ok(out)
}

/// `TYPE name PK, FK, UK "NOT NULL"`: the column's declared type (`ANY` when it has none), its
/// keys (UK: unique on its own), and whether it is required.
fn attribute(column: &Column, keys: &[ForeignKey], unique: bool) -> String {
    let sql_type: String = column
        .sql_type
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let sql_type = match sql_type.trim_matches('_') {
        "" => "ANY".to_string(),
        trimmed => trimmed.to_string(),
    };
    let mut marks = Vec::new();
    if column.primary_key {
        marks.push("PK");
    }
    if keys.iter().any(|k| k.from == column.name) {
        marks.push("FK");
    }
    if unique {
        marks.push("UK");
    }
    let mut line = format!("{sql_type} {}", entity(&column.name));
    if !marks.is_empty() {
        line.push(' ');
        line.push_str(&marks.join(", "));
    }
    if column.not_null && !column.primary_key {
        line.push_str(" \"NOT NULL\"");
    }
    line
}

/// `parent ||--o{ child : "column"`: one parent has many children; a nullable key makes the
/// parent optional (`|o`).
fn relation(child: &str, key: &ForeignKey, optional: bool) -> String {
    let parent_end = if optional { "|o" } else { "||" };
    format!(
        "    {} {parent_end}--o{{ {} : \"{}\"\n",
        entity(&key.table),
        entity(child),
        key.from
    )
}

/// A name Mermaid accepts as an entity or attribute: letters, digits, `_` and `-`.
fn entity(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;

    #[test]
    fn tables_keys_and_relations_are_drawn() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, username VARCHAR(30) NOT NULL UNIQUE);
             CREATE TABLE tasks (id INTEGER PRIMARY KEY NOT NULL, note,
                 user_id INTEGER REFERENCES users(id));
             CREATE TABLE task_tags (task_id INTEGER NOT NULL REFERENCES tasks(id),
                 tag TEXT NOT NULL, PRIMARY KEY (task_id, tag));",
        )
        .unwrap();
        assert_eq!(
            er_diagram(&mut conn).unwrap(),
            "erDiagram
    task_tags {
        INTEGER task_id PK, FK
        TEXT tag PK
    }
    tasks {
        INTEGER id PK
        ANY note
        INTEGER user_id FK
    }
    users {
        INTEGER id PK
        VARCHAR_30 username UK \"NOT NULL\"
    }
    tasks ||--o{ task_tags : \"task_id\"
    users |o--o{ tasks : \"user_id\"
"
        );
    }
}
