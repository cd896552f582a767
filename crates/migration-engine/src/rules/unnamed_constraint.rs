//! `unnamed-constraint` (advice): a UNIQUE, CHECK or FOREIGN KEY without a name.

use diesel::sqlite::SqliteConnection;

use super::{Example, On, Problem, Rule};
use crate::sqlite::schema;
use crate::sqlite::sql::{self, ConstraintKind};

pub const RULE: Rule = Rule {
    name: "unnamed-constraint",
    summary: "every UNIQUE, CHECK and FOREIGN KEY has a name (advice)",
    why: "SQLite names a failing CHECK by its name and can only change or drop a constraint by \
          rebuilding its table: a named one can be found and carried over by the next rebuild",
    fix: "write CONSTRAINT <name> before it, e.g. `CONSTRAINT uq_users_email UNIQUE`",
    advisory: true,
    on: On::Sqlite,
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
        for constraint in sql.iter().flat_map(|sql| unnamed_constraints(sql)) {
            found.push(Problem::new(
                &RULE,
                None,
                format!("{table}: {constraint} has no name; write CONSTRAINT <name> before it"),
            ));
        }
    }
    found
}

/// The constraints of a `CREATE TABLE` that have no name, said as `UNIQUE (username)`: SQLite
/// can only change or drop them by rebuilding the table, and cannot tell you which one failed.
/// Primary keys and NOT NULL are left out: they are not named in practice.
pub fn unnamed_constraints(create_table: &str) -> Vec<String> {
    sql::table_constraints(create_table)
        .into_iter()
        .filter(|c| c.name.is_none())
        .filter_map(|c| {
            let what = match c.kind {
                ConstraintKind::Unique => "UNIQUE",
                ConstraintKind::ForeignKey => "FOREIGN KEY",
                ConstraintKind::Check => return Some(format!("CHECK ({})", c.expression)),
                ConstraintKind::PrimaryKey | ConstraintKind::NotNull => return None,
            };
            Some(format!("{what} ({})", c.columns.join(", ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_constraints_are_listed_and_named_ones_are_not() {
        let sql = "CREATE TABLE tasks (id INTEGER PRIMARY KEY NOT NULL, \
                   description TEXT NOT NULL CHECK (description <> ''), \
                   user_id INTEGER CONSTRAINT fk_tasks_user_id REFERENCES users(id), \
                   category_id INTEGER REFERENCES categories(id), \
                   code TEXT UNIQUE, \
                   CONSTRAINT uq_tasks_code_user UNIQUE (code, user_id))";
        assert_eq!(
            unnamed_constraints(sql),
            [
                "CHECK (description <> '')",
                "FOREIGN KEY (category_id)",
                "UNIQUE (code)"
            ]
        );
    }
}
