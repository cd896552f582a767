//! The database as a Mermaid ER diagram: tables with their columns, types and keys, and one
//! line per foreign key. The book shows it for every stage of every lesson, generated from the
//! migrated schema so that it cannot drift; either backend feeds it the tables it read.

use crate::describe::{Column, ForeignKey, Schema, Table};

/// The Mermaid `erDiagram` of these tables, in the order given; no tables give a diagram with
/// none.
pub fn er_diagram(schema: &Schema) -> String {
    let mut out = String::from("erDiagram\n");
    let mut relations = Vec::new();
    for table in &schema.tables {
        out.push_str(&format!("    {} {{\n", entity(&table.name)));
        for column in &table.columns {
            out.push_str(&format!("        {}\n", attribute(table, column)));
        }
        out.push_str("    }\n");
        for key in &table.foreign_keys {
            let optional = table
                .columns
                .iter()
                .any(|c| key.columns.contains(&c.name) && !c.not_null);
            relations.push(relation(&table.name, key, optional));
        }
    }
    out.push_str(&relations.concat());
    out
}

/// `TYPE name PK, FK, UK "NOT NULL"`: the column's type as the database spells it (`ANY` when
/// it has none), its keys (UK: unique on its own), and whether it is required.
fn attribute(table: &Table, column: &Column) -> String {
    let sql_type: String = column
        .sql_type
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let sql_type = match sql_type.trim_matches('_') {
        "" => "ANY".to_string(),
        trimmed => trimmed.to_string(),
    };
    let primary_key = table.primary_key.contains(&column.name);
    let mut marks = Vec::new();
    if primary_key {
        marks.push("PK");
    }
    if table
        .foreign_keys
        .iter()
        .any(|k| k.columns.contains(&column.name))
    {
        marks.push("FK");
    }
    if table.unique.contains(&column.name) {
        marks.push("UK");
    }
    let mut line = format!("{sql_type} {}", entity(&column.name));
    if !marks.is_empty() {
        line.push(' ');
        line.push_str(&marks.join(", "));
    }
    if column.not_null && !primary_key {
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
        entity(&key.parent),
        entity(child),
        key.columns.join(", ")
    )
}

/// A name Mermaid accepts as an entity or attribute: letters, digits, `_` and `-`, not
/// starting with a digit.
fn entity(name: &str) -> String {
    let prefix = if name.starts_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}{name}")
}
