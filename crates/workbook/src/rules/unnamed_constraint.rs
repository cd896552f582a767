//! `unnamed-constraint` (advice): a UNIQUE, CHECK or FOREIGN KEY without a name.

use diesel::sqlite::SqliteConnection;

use super::{Example, Problem, Rule};
use crate::sqlite::schema;
use crate::traps;

pub const RULE: Rule = Rule {
    name: "unnamed-constraint",
    summary: "every UNIQUE, CHECK and FOREIGN KEY has a name (advice)",
    why: "SQLite names a failing CHECK by its name and can only change or drop a constraint by \
          rebuilding its table: a named one can be found and carried over by the next rebuild",
    fix: "write CONSTRAINT <name> before it, e.g. `CONSTRAINT uq_users_email UNIQUE`",
    advisory: true,
    rejects: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE);",
        "DROP TABLE users;",
    )],
    accepts: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT CONSTRAINT uq_users_email UNIQUE);",
        "DROP TABLE users;",
    )],
};

/// A note per unnamed constraint of the database after the last migration.
pub fn find(conn: &mut SqliteConnection) -> Vec<Problem> {
    let mut found = Vec::new();
    for table in schema::tables(conn).unwrap_or_default() {
        let sql = schema::table_sql(conn, &table).ok().flatten();
        for constraint in sql.iter().flat_map(|sql| traps::unnamed_constraints(sql)) {
            found.push(Problem::new(
                &RULE,
                None,
                format!("{table}: {constraint} has no name; write CONSTRAINT <name> before it"),
            ));
        }
    }
    found
}
