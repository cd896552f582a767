//! `src/schema.rs` as `diesel print-schema` writes it for a SQLite database, so a lesson can
//! check its schema file against the database without the diesel CLI installed.

use diesel::QueryResult;
use diesel::sqlite::SqliteConnection;

use crate::sqlite::schema::{self, Column};

/// The text `diesel print-schema` prints for this database.
pub fn print_schema(conn: &mut SqliteConnection) -> QueryResult<String> {
    let tables = schema::tables(conn)?;
    let mut out = String::from("// @generated automatically by Diesel CLI.\n");
    let mut joins = Vec::new();
    for table in &tables {
        let columns = schema::columns(conn, table)?;
        out.push_str(&table_macro(table, &columns));
        for key in schema::foreign_keys(conn, table)? {
            if tables.contains(&key.table) {
                joins.push((table.clone(), key.table, key.from));
            }
        }
    }
    joins.sort();
    // Diesel leaves out a join it cannot name unambiguously (two keys to the same parent)
    // and a table joined to itself.
    let ambiguous = |child: &str, parent: &str| {
        joins
            .iter()
            .filter(|(c, p, _)| c == child && p == parent)
            .count()
            > 1
    };
    let joinable: Vec<String> = joins
        .iter()
        .filter(|(child, parent, _)| child != parent && !ambiguous(child, parent))
        .map(|(child, parent, column)| {
            format!(
                "diesel::joinable!({} -> {} ({}));\n",
                rust_name(child),
                rust_name(parent),
                rust_name(column)
            )
        })
        .collect();
    if !joinable.is_empty() {
        out.push('\n');
        out.push_str(&joinable.concat());
    }
    if tables.len() > 1 {
        let names: Vec<String> = tables.iter().map(|t| rust_name(t)).collect();
        out.push('\n');
        out.push_str(&allow_tables(&names));
    }
    Ok(out)
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

fn table_macro(table: &str, columns: &[Column]) -> String {
    let mut keys: Vec<String> = columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| rust_name(&c.name))
        .collect();
    let rowid = keys.is_empty();
    if rowid {
        keys.push("rowid".to_string());
    }
    let mut out = String::from("\ndiesel::table! {\n");
    if rust_name(table) != table {
        out.push_str(&format!("    #[sql_name = \"{table}\"]\n"));
    }
    out.push_str(&format!(
        "    {} ({}) {{\n",
        rust_name(table),
        keys.join(", ")
    ));
    if rowid {
        out.push_str("        rowid -> Integer,\n");
    }
    for column in columns {
        if rust_name(&column.name) != column.name {
            out.push_str(&format!("        #[sql_name = \"{}\"]\n", column.name));
        }
        out.push_str(&format!(
            "        {} -> {},\n",
            rust_name(&column.name),
            column_type(column)
        ));
    }
    out.push_str("    }\n}\n");
    out
}

/// The Diesel SQL type, following diesel's rules for SQLite's declared types.
fn column_type(column: &Column) -> String {
    let name = column.sql_type.to_lowercase();
    let has = |part: &str| name.contains(part);
    let base = if name == "boolean" || has("tiny") && has("int") {
        "Bool"
    } else if name == "int2" || has("small") && has("int") {
        "SmallInt"
    } else if name == "int8" || has("big") && has("int") {
        "BigInt"
    } else if has("int") {
        "Integer"
    } else if has("char") || has("clob") || has("text") {
        "Text"
    } else if has("blob") || has("binary") || name.is_empty() {
        "Binary"
    } else if has("float") || has("real") {
        "Float"
    } else if has("double") || has("num") || has("dec") {
        "Double"
    } else if name == "datetime" || name == "timestamp" {
        "Timestamp"
    } else if name == "date" {
        "Date"
    } else if name == "time" {
        "Time"
    } else {
        "Text"
    };
    if column.not_null {
        base.to_string()
    } else {
        format!("Nullable<{base}>")
    }
}

/// A table or column name as a Rust identifier: keywords and odd characters get a `_`.
fn rust_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if RUST_KEYWORDS.contains(&cleaned.as_str()) {
        format!("{cleaned}_")
    } else {
        cleaned
    }
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];
