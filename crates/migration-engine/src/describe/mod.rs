//! A database's tables as either backend reads them, and the two ways the workbook prints
//! them: Diesel's `table!` definitions, as `diesel print-schema` writes them (`print_schema`),
//! and a Mermaid ER diagram (`er_diagram`). Each backend reads its own catalogue into these
//! values (`sqlite::describe`, `postgres::describe`); the text is written here, once.

pub mod er_diagram;
pub mod print_schema;

/// The tables of a database, with their columns, keys and foreign keys.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    pub tables: Vec<Table>,
    /// Its views, with their columns (no keys): what an app may read like a table. Neither
    /// `print_schema` nor the ER diagram prints them.
    pub views: Vec<Table>,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    /// The primary key's columns in key order; empty when it has none.
    pub primary_key: Vec<String>,
    /// In declared order.
    pub columns: Vec<Column>,
    /// The columns a unique constraint or index covers on their own (the primary key aside).
    pub unique: Vec<String>,
    /// Its foreign keys, in the order the database lists them.
    pub foreign_keys: Vec<ForeignKey>,
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// Its type as the database spells it (`VARCHAR(30)`, `character varying(30)`), or empty.
    pub sql_type: String,
    pub not_null: bool,
    /// The database fills it when an insert leaves it out: a default, an identity or serial
    /// column, a generated one, SQLite's rowid.
    pub has_default: bool,
    /// The Diesel SQL type `print-schema` gives it.
    pub diesel_type: DieselType,
}

/// A column's Diesel SQL type, without the `Nullable<...>` that `not_null` decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DieselType {
    /// `Integer`, `Int4`, `Varchar`, or a custom type's Rust name such as `TaskStatus`.
    pub name: String,
    /// An array of it (`Array<Nullable<...>>`).
    pub array: bool,
    /// Printed as `#[max_length = N]`.
    pub max_length: Option<u64>,
    /// Set for a type Diesel does not provide, which `print-schema` defines in `sql_types`.
    pub custom: Option<CustomType>,
}

impl DieselType {
    /// A type Diesel provides, neither an array nor length-limited.
    pub fn plain(name: &str) -> DieselType {
        DieselType {
            name: name.to_string(),
            array: false,
            max_length: None,
            custom: None,
        }
    }
}

/// The PostgreSQL type behind a custom Diesel type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomType {
    /// The type's name in the database, e.g. `task_status`.
    pub sql_name: String,
    /// Its schema, unless it is the default one (`public`).
    pub schema: Option<String>,
}

/// A foreign key: `columns` of the table it belongs to refer to `referenced` of `parent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub parent: String,
    pub referenced: Vec<String>,
}
