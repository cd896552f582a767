//! A PostgreSQL database's tables read into the shared description, and printed from it: as
//! `src/schema.rs` the way `diesel print-schema` writes it, and as a Mermaid ER diagram. Like
//! diesel_cli, it reads the `public` schema's base tables (views, and tables whose names start
//! with `__`, are left out) from `information_schema`, and names each column's Diesel type
//! after PostgreSQL's own type name (`int4` is `Int4`, `task_status` a custom `TaskStatus`).

use diesel::QueryResult;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::Error::QueryBuilderError;
use diesel::sql_types::{Array, Bool, Integer, Nullable, Text};

use crate::describe::{self, Column, CustomType, DieselType, ForeignKey, Schema, Table};

/// The `public` schema's tables, by name, with their columns, keys and foreign keys; and its
/// views, by name.
pub fn read(conn: &mut PgConnection) -> QueryResult<Schema> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        table_name: String,
    }
    let named = |conn: &mut PgConnection, kind: &str| -> QueryResult<Vec<Table>> {
        let names: Vec<Name> = diesel::sql_query(format!(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_type = '{kind}' AND table_name NOT LIKE '\\_\\_%'"
        ))
        .load(conn)?;
        let mut tables: Vec<Table> = names
            .into_iter()
            .map(|n| Table {
                name: n.table_name,
                primary_key: Vec::new(),
                columns: Vec::new(),
                unique: Vec::new(),
                foreign_keys: Vec::new(),
            })
            .collect();
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(tables)
    };
    let mut tables = named(conn, "BASE TABLE")?;
    let mut views = named(conn, "VIEW")?;
    fn find<'a>(tables: &'a mut [Table], name: &str) -> Option<&'a mut Table> {
        tables.iter_mut().find(|t| t.name == name)
    }
    for row in columns(conn)? {
        let name = row.table_name.clone();
        if let Some(table) = find(&mut tables, &name).or_else(|| find(&mut views, &name)) {
            table.columns.push(row.column());
        }
    }
    for (table_name, column) in key_columns(conn, PRIMARY_KEYS)? {
        if let Some(table) = find(&mut tables, &table_name) {
            table.primary_key.push(column);
        }
    }
    for (table_name, column) in key_columns(conn, UNIQUE_COLUMNS)? {
        if let Some(table) = find(&mut tables, &table_name) {
            table.unique.push(column);
        }
    }
    for (table_name, key) in foreign_keys(conn)? {
        if let Some(table) = find(&mut tables, &table_name) {
            table.foreign_keys.push(key);
        }
    }
    Ok(Schema { tables, views })
}

/// The text `diesel print-schema` prints for this database; an error names a table without a
/// primary key, as Diesel's does.
pub fn print_schema(conn: &mut PgConnection) -> QueryResult<String> {
    describe::print_schema::print_schema(&read(conn)?).map_err(|e| QueryBuilderError(Box::new(e)))
}

/// The Mermaid `erDiagram` of the database.
pub fn er_diagram(conn: &mut PgConnection) -> QueryResult<String> {
    Ok(describe::er_diagram::er_diagram(&read(conn)?))
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    udt_name: String,
    #[diesel(sql_type = Text)]
    udt_schema: String,
    #[diesel(sql_type = Bool)]
    not_null: bool,
    #[diesel(sql_type = Nullable<Integer>)]
    max_length: Option<i32>,
    #[diesel(sql_type = Text)]
    sql_type: String,
    #[diesel(sql_type = Bool)]
    has_default: bool,
}

impl ColumnRow {
    /// The column, its Diesel type named as diesel_cli names it.
    fn column(self) -> Column {
        let (array, name) = match self.udt_name.strip_prefix('_') {
            Some(element) => (true, element.to_string()),
            None => (false, self.udt_name),
        };
        let rust_name = upper_camel_case(&name);
        let custom = (!PROVIDED.contains(&rust_name.as_str())).then(|| CustomType {
            sql_name: name,
            schema: (self.udt_schema != "public").then_some(self.udt_schema),
        });
        Column {
            name: self.column_name,
            sql_type: self.sql_type,
            not_null: self.not_null,
            has_default: self.has_default,
            diesel_type: DieselType {
                name: rust_name,
                array,
                max_length: self.max_length.and_then(|n| u64::try_from(n).ok()),
                custom,
            },
        }
    }
}

/// Every column of the `public` schema, by table and position: what `information_schema` says
/// (as diesel_cli reads it), the type as PostgreSQL writes it (`text array` for `text[]`), and
/// whether an insert that leaves it out gets a value (a default, generated, an identity).
fn columns(conn: &mut PgConnection) -> QueryResult<Vec<ColumnRow>> {
    diesel::sql_query(
        "SELECT c.table_name::text, c.column_name::text, c.udt_name::text, c.udt_schema::text, \
         c.is_nullable = 'NO' AS not_null, c.character_maximum_length::int4 AS max_length, \
         replace(format_type(a.atttypid, a.atttypmod), '[]', ' array') AS sql_type, \
         a.atthasdef OR a.attidentity <> '' AS has_default \
         FROM information_schema.columns c JOIN pg_attribute a \
         ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass \
         AND a.attnum = c.ordinal_position \
         WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position",
    )
    .load(conn)
}

/// The primary keys' columns, in key order.
const PRIMARY_KEYS: &str = "SELECT c.relname::text AS table_name, a.attname::text AS column_name \
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, position) \
     JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum \
     WHERE k.contype = 'p' AND n.nspname = 'public' ORDER BY 1, u.position";

/// The columns that a unique index (a constraint's or not) covers on their own.
const UNIQUE_COLUMNS: &str = "SELECT DISTINCT c.relname::text AS table_name, \
     a.attname::text AS column_name FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] \
     WHERE i.indisunique AND NOT i.indisprimary AND i.indnkeyatts = 1 AND n.nspname = 'public' \
     ORDER BY 1, 2";

/// (table, column) pairs from `PRIMARY_KEYS` or `UNIQUE_COLUMNS`.
fn key_columns(conn: &mut PgConnection, query: &str) -> QueryResult<Vec<(String, String)>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        column_name: String,
    }
    let rows: Vec<Row> = diesel::sql_query(query).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.table_name, r.column_name))
        .collect())
}

/// Each foreign key between two tables of the `public` schema, by table and constraint name.
fn foreign_keys(conn: &mut PgConnection) -> QueryResult<Vec<(String, ForeignKey)>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        parent: String,
        #[diesel(sql_type = Array<Text>)]
        columns: Vec<String>,
        #[diesel(sql_type = Array<Text>)]
        referenced: Vec<String>,
    }
    let names = |keys: &str, table: &str| {
        format!(
            "ARRAY(SELECT a.attname::text FROM unnest(k.{keys}) WITH ORDINALITY AS u(attnum, i) \
             JOIN pg_attribute a ON a.attrelid = k.{table} AND a.attnum = u.attnum ORDER BY u.i)"
        )
    };
    let rows: Vec<Row> = diesel::sql_query(format!(
        "SELECT c.relname::text AS table_name, p.relname::text AS parent, {} AS columns, \
         {} AS referenced FROM pg_constraint k \
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace \
         WHERE k.contype = 'f' AND n.nspname = 'public' AND pn.nspname = 'public' \
         ORDER BY c.relname, k.conname",
        names("conkey", "conrelid"),
        names("confkey", "confrelid")
    ))
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let key = ForeignKey {
                columns: r.columns,
                parent: r.parent,
                referenced: r.referenced,
            };
            (r.table_name, key)
        })
        .collect())
}

/// The SQL types Diesel provides for PostgreSQL, by the names diesel_cli gives them; any other
/// type is a custom one that `print-schema` defines.
const PROVIDED: &[&str] = &[
    "Bool",
    "Integer",
    "SmallInt",
    "BigInt",
    "Binary",
    "Text",
    "Double",
    "Float",
    "Numeric",
    "Timestamp",
    "Date",
    "Time",
    "Float4",
    "Smallint",
    "Int2",
    "Int4",
    "Int8",
    "Bigint",
    "Float8",
    "Decimal",
    "VarChar",
    "Varchar",
    "Char",
    "Tinytext",
    "Mediumtext",
    "Longtext",
    "Tinyblob",
    "Blob",
    "Mediumblob",
    "Longblob",
    "Varbinary",
    "Bit",
    "Cidr",
    "Citext",
    "Inet",
    "Jsonb",
    "MacAddr",
    "MacAddr8",
    "Money",
    "Oid",
    "Range",
    "Timestamptz",
    "Uuid",
    "Json",
    "PgLsn",
    "Record",
    "Interval",
    "Int4range",
    "Int8range",
    "Daterange",
    "Numrange",
    "Tsrange",
    "Tstzrange",
    "Int4multirange",
    "Int8multirange",
    "Datemultirange",
    "Nummultirange",
    "Tsmultirange",
    "Tstzmultirange",
    "SmallSerial",
    "BigSerial",
    "Serial",
    "Bytea",
    "Bpchar",
    "Macaddr",
    "Macaddr8",
];

/// `task_status` as `TaskStatus`, split into words and capitalised the way the heck crate
/// (which diesel_cli uses) does: at anything but a letter or digit, before an upper-case letter
/// that follows a lower-case one, and before the last of a run of capitals followed by
/// lower case (`HTTPStatus` is `HttpStatus`).
fn upper_camel_case(name: &str) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        None,
        Lower,
        Upper,
    }
    let mut out = String::new();
    let mut capitalize = |word: &str| {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(&chars.as_str().to_lowercase());
        }
    };
    for word in name.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let mut start = 0;
        let mut case = Case::None;
        for (k, &(i, c)) in chars.iter().enumerate() {
            let Some(&(next_i, next)) = chars.get(k + 1) else {
                capitalize(&word[start..]);
                break;
            };
            let next_case = if c.is_lowercase() {
                Case::Lower
            } else if c.is_uppercase() {
                Case::Upper
            } else {
                case
            };
            if next_case == Case::Lower && next.is_uppercase() {
                capitalize(&word[start..next_i]);
                start = next_i;
                case = Case::None;
            } else if case == Case::Upper && c.is_uppercase() && next.is_lowercase() {
                capitalize(&word[start..i]);
                start = i;
                case = Case::None;
            } else {
                case = next_case;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
