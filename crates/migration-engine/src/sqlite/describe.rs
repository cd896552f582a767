//! A SQLite database's tables read into the shared description, and printed from it: as
//! `src/schema.rs` the way `diesel print-schema` writes it (so a lesson can check its schema
//! file against the database without the diesel CLI installed) and as a Mermaid ER diagram.

use diesel::QueryResult;
use diesel::result::Error::QueryBuilderError;
use diesel::sqlite::SqliteConnection;

use crate::describe::{self, Column, DieselType, ForeignKey, Schema, Table};
use crate::sqlite::schema;

/// The tables, by name, with their columns, keys and foreign keys; and the views, by name.
pub fn read(conn: &mut SqliteConnection) -> QueryResult<Schema> {
    let mut tables = Vec::new();
    for name in schema::tables(conn)? {
        let columns = schema::columns(conn, &name)?;
        // An INTEGER PRIMARY KEY of its own is the rowid: SQLite numbers the rows.
        let keys: Vec<&schema::Column> = columns.iter().filter(|c| c.primary_key).collect();
        let rowid = match keys.as_slice() {
            [key] if key.sql_type.eq_ignore_ascii_case("integer") => Some(key.name.clone()),
            _ => None,
        };
        let foreign_keys = schema::foreign_keys(conn, &name)?
            .into_iter()
            .map(|key| ForeignKey {
                columns: vec![key.from],
                parent: key.table,
                referenced: vec![key.to],
            })
            .collect();
        tables.push(Table {
            primary_key: columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.clone())
                .collect(),
            unique: schema::unique_columns(conn, &name)?,
            columns: columns
                .into_iter()
                .map(|c| column(c, rowid.as_deref()))
                .collect(),
            foreign_keys,
            name,
        });
    }
    let mut views = Vec::new();
    let names = schema::objects(conn)?
        .into_iter()
        .filter(|o| o.kind == "view");
    for name in names.map(|o| o.name) {
        views.push(Table {
            columns: schema::columns(conn, &name)?
                .into_iter()
                .map(|c| column(c, None))
                .collect(),
            name,
            primary_key: Vec::new(),
            unique: Vec::new(),
            foreign_keys: Vec::new(),
        });
    }
    Ok(Schema { tables, views })
}

/// A column as SQLite describes it; `rowid`: the name of the table's rowid column, if any.
fn column(c: schema::Column, rowid: Option<&str>) -> Column {
    Column {
        diesel_type: DieselType::plain(diesel_type(&c.sql_type)),
        has_default: c.default.is_some() || rowid == Some(c.name.as_str()),
        name: c.name,
        sql_type: c.sql_type,
        not_null: c.not_null,
    }
}

/// The text `diesel print-schema` prints for this database.
pub fn print_schema(conn: &mut SqliteConnection) -> QueryResult<String> {
    let mut schema = read(conn)?;
    for table in &mut schema.tables {
        with_rowid(table);
    }
    describe::print_schema::print_schema(&schema).map_err(|e| QueryBuilderError(Box::new(e)))
}

/// The Mermaid `erDiagram` of the database; an empty database gives a diagram with no tables.
pub fn er_diagram(conn: &mut SqliteConnection) -> QueryResult<String> {
    Ok(describe::er_diagram::er_diagram(&read(conn)?))
}

/// A table without a primary key is keyed by its rowid, as Diesel does: the first of SQLite's
/// names for it that no column has taken, as a first column (none left: no key at all).
fn with_rowid(table: &mut Table) {
    if !table.primary_key.is_empty() {
        return;
    }
    let free = ["rowid", "oid", "_rowid_"]
        .into_iter()
        .find(|alias| table.columns.iter().all(|c| c.name != *alias));
    if let Some(alias) = free {
        table.primary_key.push(alias.to_string());
        table.columns.insert(
            0,
            Column {
                name: alias.to_string(),
                sql_type: String::new(),
                not_null: true,
                has_default: true,
                diesel_type: DieselType::plain("Integer"),
            },
        );
    }
}

/// The Diesel SQL type, following diesel's rules for SQLite's declared types.
fn diesel_type(declared: &str) -> &'static str {
    let name = declared.to_lowercase();
    let has = |part: &str| name.contains(part);
    if name == "boolean" || has("tiny") && has("int") {
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
    }
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

    #[test]
    fn a_table_without_a_key_is_keyed_by_the_first_free_rowid_name() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute("CREATE TABLE log (rowid TEXT, line TEXT);")
            .unwrap();
        let printed = print_schema(&mut conn).unwrap();
        assert!(
            printed.contains(
                "    log (oid) {\n        oid -> Integer,\n        rowid -> Nullable<Text>,"
            ),
            "{printed}"
        );
        conn.batch_execute("CREATE TABLE aliases (rowid TEXT, oid TEXT, _rowid_ TEXT);")
            .unwrap();
        let refused = print_schema(&mut conn).unwrap_err().to_string();
        assert_eq!(
            refused,
            "Diesel only supports tables with primary keys. Table `aliases` has no primary key"
        );
    }
}
