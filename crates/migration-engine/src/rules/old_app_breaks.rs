//! `old-app-breaks`: the app that keeps running during the deploy, judged from its own
//! `schema.rs` (the one at the commit deployed before these migrations), against the database
//! the migrations leave. Diesel selects every column a `table!` names and reads each into the
//! Rust type of its SQL type, so the file says exactly what that app needs: every table and
//! column it names, each of a type its Rust type still reads (`reads` states the mapping), and
//! no NOT NULL column without a default that its inserts leave out. `Watch` follows a walk
//! migration by migration, so that each finding names the migration that broke it.

use crate::app_schema::{AppSchema, AppTable};
use crate::describe::{Column, Schema, Table};

use super::{Example, On, Rule};

mod reads;
mod watch;

pub use reads::refused;
pub use watch::Watch;

pub const RULE: Rule = Rule {
    name: "old-app-breaks",
    summary: "the app still running during the deploy (as its own schema.rs says) works on the \
              migrated database",
    why: "during a deploy the old release keeps running against the migrated database until \
          every server has the new one; Diesel selects every column its table! names and reads \
          each into the Rust type of its SQL type, so a table or column it names that is dropped \
          or renamed, a type its Rust type cannot read, or a NOT NULL column without a default \
          that its inserts leave out fails its queries at once. Types it still reads: on \
          PostgreSQL the same type (Int2, Int4 and Int8 only from int2, int4 and int8, as \
          Diesel checks the value's size; Float4 and Float8 likewise; Text from text, varchar, \
          char(n) or citext; Timestamp and Timestamptz from either, the same 8 bytes; a custom \
          type from the type of that name); on SQLite the same storage or one SQLite converts \
          without loss (SmallInt, Integer, BigInt and Bool from any integer type; Float and \
          Double from any real or integer; Text from any text, integer or real; Timestamp, Date \
          and Time from any text; Binary from a blob or text). A NOT NULL column where \
          the app says Nullable is fine. A table or column the app never named may go",
    fix: "expand and contract over two releases: add the new table or column beside the old \
          one and keep both in step (a trigger, or the app writing both), release the app that \
          uses only the new one (its schema.rs no longer names the old one), and drop the old \
          one in a later migration; give a new NOT NULL column a default first",
    advisory: false,
    on: On::Both,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_rename_name",
            "ALTER TABLE users RENAME COLUMN name TO full_name;",
            "ALTER TABLE users RENAME COLUMN full_name TO name;",
        )
        .while_running(OLD_APP),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_add_full_name",
            "ALTER TABLE users ADD COLUMN full_name TEXT;\nUPDATE users SET full_name = name;",
            "ALTER TABLE users DROP COLUMN full_name;",
        )
        .while_running(OLD_APP),
    ],
};

/// The examples' running app: it reads `users.name`.
const OLD_APP: &str = "diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
    }
}";

/// One way the migrated database breaks the running app.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Break {
    /// A table it names is not there (nor a view of that name).
    TableGone { table: String },
    /// A column it names is not there.
    ColumnGone { table: String, column: String },
    /// The column's type is one the app's Rust type does not read: the type as the app writes
    /// it, the database's now, and why not.
    Retyped {
        table: String,
        column: String,
        app: String,
        now: String,
        why: String,
    },
    /// The column holds shorter text than the app writes: the app's length (`None`: its
    /// `table!` gives none) and the database's.
    Narrowed {
        table: String,
        column: String,
        app: Option<u64>,
        now: u64,
    },
    /// A NOT NULL column without a default that the app's `table!` does not name: its inserts
    /// leave it out.
    Required { table: String, column: String },
}

impl Break {
    /// The table it is about.
    pub fn table(&self) -> &str {
        match self {
            Break::TableGone { table }
            | Break::ColumnGone { table, .. }
            | Break::Retyped { table, .. }
            | Break::Narrowed { table, .. }
            | Break::Required { table, .. } => table,
        }
    }

    /// The column it is about, if it is about one.
    pub fn column(&self) -> Option<&str> {
        match self {
            Break::TableGone { .. } => None,
            Break::ColumnGone { column, .. }
            | Break::Retyped { column, .. }
            | Break::Narrowed { column, .. }
            | Break::Required { column, .. } => Some(column),
        }
    }
}

/// Every way the database `db` (on `on`) breaks the app whose tables are `app`. Tables the app
/// places in a schema of their own are not judged (only the default schema is read).
pub fn breaks(app: &AppSchema, db: &Schema, on: On) -> Vec<Break> {
    let mut found = Vec::new();
    let default_schema = |s: &Option<String>| match s {
        None => true,
        Some(s) => on.postgres() && s == "public",
    };
    for table in app.tables.iter().filter(|t| default_schema(&t.schema)) {
        let real = find(&db.tables, &table.name, on);
        let Some(now) = real.or_else(|| find(&db.views, &table.name, on)) else {
            found.push(Break::TableGone {
                table: table.name.clone(),
            });
            continue;
        };
        found.extend(columns(table, now, on));
        // A view takes no inserts of its own: only a table's new columns are judged.
        if real.is_some() {
            found.extend(
                now.columns
                    .iter()
                    .filter(|c| c.not_null && !c.has_default)
                    .filter(|c| !table.columns.iter().any(|a| same(&a.name, &c.name, on)))
                    .map(|c| Break::Required {
                        table: now.name.clone(),
                        column: c.name.clone(),
                    }),
            );
        }
    }
    found
}

/// What breaks among the columns `table` names, in the table (or view) `now`.
fn columns(table: &AppTable, now: &Table, on: On) -> Vec<Break> {
    let mut found = Vec::new();
    for column in &table.columns {
        let Some(db) = now.columns.iter().find(|c| same(&c.name, &column.name, on)) else {
            found.push(Break::ColumnGone {
                table: table.name.clone(),
                column: column.name.clone(),
            });
            continue;
        };
        if let Some(why) = refused(&column.sql_type, db, on) {
            found.push(Break::Retyped {
                table: table.name.clone(),
                column: column.name.clone(),
                app: column.sql_type.written.clone(),
                now: shown(db),
                why,
            });
        } else if let Some(now) = narrowed(column.max_length, db, on) {
            found.push(Break::Narrowed {
                table: table.name.clone(),
                column: column.name.clone(),
                app: column.max_length,
                now,
            });
        }
    }
    found
}

/// The database's length of a text column shorter than the app's (`None`: no length), on
/// PostgreSQL (SQLite keeps text of any length whatever its declared type).
fn narrowed(app: Option<u64>, db: &Column, on: On) -> Option<u64> {
    let now = db.diesel_type.max_length.filter(|_| on == On::Postgres)?;
    app.is_none_or(|app| now < app).then_some(now)
}

/// A column's type as the database writes it (`untyped` where SQLite's declares none).
fn shown(db: &Column) -> String {
    match db.sql_type.is_empty() {
        true => "untyped".to_string(),
        false => db.sql_type.clone(),
    }
}

/// The table or view named `name` among `tables`: SQLite's names are the same in any case.
fn find<'a>(tables: &'a [Table], name: &str, on: On) -> Option<&'a Table> {
    tables.iter().find(|t| same(&t.name, name, on))
}

fn same(a: &str, b: &str, on: On) -> bool {
    match on {
        On::Postgres => a == b,
        _ => a.eq_ignore_ascii_case(b),
    }
}

#[cfg(test)]
mod tests;
