//! The text `diesel print-schema` (diesel_cli 2.3) writes for a database, after its own pass
//! through rustfmt: `pub mod sql_types` for the custom types, one `diesel::table!` per table
//! (by name), the `joinable!` lines Diesel can name unambiguously and
//! `allow_tables_to_appear_in_same_query!`. Custom types get the derives of the `diesel.toml`
//! that `diesel setup` writes; no doc comments are printed (Diesel's default). Either backend
//! feeds it the tables it read, with their Diesel types already chosen.

use std::fmt;

use crate::describe::{Column, DieselType, ForeignKey, Schema, Table};

/// Diesel's refusal to print a table without a primary key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoPrimaryKey(pub String);

impl fmt::Display for NoPrimaryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Diesel only supports tables with primary keys. Table `{}` has no primary key",
            self.0
        )
    }
}

impl std::error::Error for NoPrimaryKey {}

/// The text `diesel print-schema` prints for these tables.
pub fn print_schema(schema: &Schema) -> Result<String, NoPrimaryKey> {
    let mut tables: Vec<&Table> = schema.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(table) = tables.iter().find(|t| t.primary_key.is_empty()) {
        return Err(NoPrimaryKey(table.name.clone()));
    }
    let mut out = String::from("// @generated automatically by Diesel CLI.\n");
    out.push_str(&sql_types(&tables));
    for table in &tables {
        out.push('\n');
        out.push_str(&table_macro(table));
    }
    let joinable = joinable(&tables);
    if !joinable.is_empty() {
        out.push('\n');
        out.push_str(&joinable.concat());
    }
    if tables.len() > 1 {
        let names: Vec<String> = tables.iter().map(|t| rust_name(&t.name, None)).collect();
        out.push('\n');
        out.push_str(&allow_tables(&names));
    }
    Ok(out)
}

/// `pub mod sql_types { ... }` with one struct per custom type, by Rust name; "" if none.
fn sql_types(tables: &[&Table]) -> String {
    let mut types: Vec<&DieselType> = tables
        .iter()
        .flat_map(|t| &t.columns)
        .map(|c| &c.diesel_type)
        .filter(|t| t.custom.is_some())
        .collect();
    if types.is_empty() {
        return String::new();
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    types.dedup_by(|a, b| a.name == b.name);
    let structs: Vec<String> = types
        .iter()
        .filter_map(|t| t.custom.as_ref().map(|custom| (t, custom)))
        .map(|(t, custom)| {
            let mut args = vec![format!("name = {}", rust_string(&custom.sql_name))];
            if let Some(schema) = &custom.schema {
                args.push(format!("schema = {}", rust_string(schema)));
            }
            // rustfmt breaks an attribute's arguments one per line from 70 characters on.
            let one_line = args.join(", ");
            let postgres_type = if one_line.chars().count() < 70 {
                format!("    #[diesel(postgres_type({one_line}))]\n")
            } else {
                let lines = args.join(",\n        ");
                format!("    #[diesel(postgres_type(\n        {lines}\n    ))]\n")
            };
            format!(
                "    #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]\n\
                 {postgres_type}    pub struct {};\n",
                t.name
            )
        })
        .collect();
    format!("\npub mod sql_types {{\n{}}}\n", structs.join("\n"))
}

fn table_macro(table: &Table) -> String {
    let table_name = rust_name(&table.name, None);
    let mut out = String::from("diesel::table! {\n");
    let mut imported: Vec<&str> = Vec::new();
    for column in &table.columns {
        let t = &column.diesel_type;
        if t.custom.is_some() && !imported.contains(&t.name.as_str()) {
            if imported.is_empty() {
                out.push_str("    use diesel::sql_types::*;\n");
            }
            out.push_str(&format!("    use super::sql_types::{};\n", t.name));
            imported.push(&t.name);
        }
    }
    if !imported.is_empty() {
        out.push('\n');
    }
    if table_name != table.name {
        out.push_str(&format!("    #[sql_name = {}]\n", rust_string(&table.name)));
    }
    let keys: Vec<String> = table
        .primary_key
        .iter()
        .map(|key| rust_name(key, Some(&table_name)))
        .collect();
    out.push_str(&format!("    {table_name} ({}) {{\n", keys.join(", ")));
    for column in &table.columns {
        let name = rust_name(&column.name, Some(&table_name));
        if name != column.name {
            out.push_str(&format!(
                "        #[sql_name = {}]\n",
                rust_string(&column.name)
            ));
        }
        if let Some(length) = column.diesel_type.max_length {
            out.push_str(&format!("        #[max_length = {length}]\n"));
        }
        out.push_str(&format!("        {name} -> {},\n", column_type(column)));
    }
    out.push_str("    }\n}\n");
    out
}

/// `Nullable<Array<Nullable<Text>>>` and the like.
fn column_type(column: &Column) -> String {
    let t = &column.diesel_type;
    let mut text = t.name.clone();
    if t.array {
        text = format!("Array<Nullable<{text}>>");
    }
    if !column.not_null {
        text = format!("Nullable<{text}>");
    }
    text
}

/// The `joinable!` lines, sorted by child, parent and column. Diesel leaves out a key that
/// joins a table to itself, has several columns, refers to anything but its parent's one-column
/// primary key, or shares its pair of tables with another key (either way round).
fn joinable(tables: &[&Table]) -> Vec<String> {
    let keys: Vec<(&str, &ForeignKey)> = tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter().map(|k| (t.name.as_str(), k)))
        .collect();
    let pair = |child: &str, parent: &str| {
        if child < parent {
            (child.to_string(), parent.to_string())
        } else {
            (parent.to_string(), child.to_string())
        }
    };
    let mut kept: Vec<(&str, &str, &str)> = keys
        .iter()
        .filter(|(child, key)| *child != key.parent && key.columns.len() == 1)
        .filter(|(_, key)| {
            tables.iter().any(|t| {
                t.name == key.parent
                    && t.primary_key.len() == 1
                    && key.referenced.first() == t.primary_key.first()
            })
        })
        .filter(|(child, key)| {
            let shared = keys
                .iter()
                .filter(|(c, k)| pair(c, &k.parent) == pair(child, &key.parent))
                .count();
            shared == 1
        })
        .map(|(child, key)| (*child, key.parent.as_str(), key.columns[0].as_str()))
        .collect();
    kept.sort();
    kept.iter()
        .map(|(child, parent, column)| {
            let child = rust_name(child, None);
            format!(
                "diesel::joinable!({child} -> {} ({}));\n",
                rust_name(parent, None),
                rust_name(column, Some(&child))
            )
        })
        .collect()
}

/// The `allow_tables_to_appear_in_same_query!` line, wrapped as rustfmt would at 100 columns:
/// on one line, else the names on one indented line, else one name per line.
fn allow_tables(names: &[String]) -> String {
    const MACRO: &str = "diesel::allow_tables_to_appear_in_same_query!";
    const WIDTH: usize = 100;
    let list = format!("{},", names.join(", "));
    if MACRO.len() + list.len() + 3 <= WIDTH {
        format!("{MACRO}({list});\n")
    } else if list.len() + 4 <= WIDTH {
        format!("{MACRO}(\n    {list}\n);\n")
    } else {
        let lines: String = names.iter().map(|n| format!("    {n},\n")).collect();
        format!("{MACRO}(\n{lines});\n")
    }
}

/// A table or column name as Diesel writes it in Rust: each run of characters an identifier
/// cannot hold becomes one `_`, a leading digit gets a `_` before it, and a name that is a
/// keyword, one of `table!`'s own (`table`, `columns`, `is_nullable`), starts with `__`, or is
/// the table's own name gets a `_` after it.
pub fn rust_name(sql_name: &str, table: Option<&str>) -> String {
    let mut name = String::new();
    if sql_name.starts_with(|c: char| c.is_ascii_digit()) {
        name.push('_');
    }
    let mut replacing = false;
    for c in sql_name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            name.push(c);
            replacing = false;
        } else if !replacing {
            name.push('_');
            replacing = true;
        }
    }
    let reserved = name.is_empty()
        || KEYWORDS.contains(&name.as_str())
        || ["table", "columns", "is_nullable"].contains(&name.as_str())
        || name.starts_with("__") && !name.ends_with('_');
    if reserved || Some(name.as_str()) == table {
        name.push('_');
    }
    name
}

/// What syn refuses as an identifier.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A Rust string literal of `text`: raw, with enough `#`s, when it holds a `"`.
fn rust_string(text: &str) -> String {
    if text.contains('"') {
        let hashes = "#".repeat(text.matches('#').count() + 1);
        format!("r{hashes}\"{text}\"{hashes}")
    } else {
        format!("\"{text}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_rust_identifiers_as_diesel_makes_them() {
        assert_eq!(rust_name("users", None), "users");
        assert_eq!(rust_name("type", None), "type_");
        assert_eq!(rust_name("Weird  Name!", None), "Weird_Name_");
        assert_eq!(rust_name("1st", None), "_1st");
        assert_eq!(rust_name("__hidden", None), "__hidden_");
        assert_eq!(rust_name("columns", None), "columns_");
        assert_eq!(rust_name("", None), "_");
        assert_eq!(rust_name("notes", Some("notes")), "notes_");
        assert_eq!(rust_string("plain"), "\"plain\"");
        assert_eq!(rust_string("say \"#hi\""), "r##\"say \"#hi\"\"##");
    }

    #[test]
    fn a_table_without_a_primary_key_is_refused_as_diesel_refuses_it() {
        let schema = Schema {
            tables: vec![Table {
                name: "log".into(),
                primary_key: vec![],
                columns: vec![],
                unique: vec![],
                foreign_keys: vec![],
            }],
            views: vec![],
        };
        assert_eq!(
            print_schema(&schema).unwrap_err().to_string(),
            "Diesel only supports tables with primary keys. Table `log` has no primary key"
        );
    }
}
