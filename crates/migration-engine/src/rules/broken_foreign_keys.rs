//! `broken-foreign-keys`: after the last migration, a foreign key points at nothing, or rows
//! break one.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;

use super::{Example, On, Problem, Rule};
use crate::sqlite::schema;

pub const RULE: Rule = Rule {
    name: "broken-foreign-keys",
    summary: "after the last migration every foreign key points at a table that exists, and \
              every row keeps to its foreign keys (and SQLite's integrity check passes)",
    why: "a reference to a table that is gone makes every insert into the child table fail \
          while foreign keys are on; rows whose parent is gone break joins and cascades. A \
          table may refer to one a later migration creates: only the end counts",
    fix: "drop a table after the tables that refer to it; rebuild a table by creating new_X, \
          copying, dropping X and renaming new_X to X (never rename the old table first); run \
          PRAGMA foreign_key_check before COMMIT in a rebuild",
    advisory: false,
    on: On::Sqlite,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_create_posts",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES user(id));",
            "DROP TABLE posts;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_posts",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));",
            "DROP TABLE posts;",
        ),
        Example::new(
            "2024-01-02-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            "DROP TABLE users;",
        ),
    ],
};

/// The problems of the database after the last migration: `dangling` are the references to
/// missing tables, each with the migration that left it so and why (found as the walk went).
pub fn judge(conn: &mut SqliteConnection, dangling: &[(String, String)]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = dangling
        .iter()
        .map(|(migration, text)| {
            Problem::new(
                &RULE,
                Some(migration),
                format!("after migrations/{migration} ran, {text}; it still does after the last migration"),
            )
        })
        .collect();
    let integrity = schema::integrity_problems(conn).unwrap_or_default();
    problems.extend(
        violations(conn)
            .into_iter()
            .chain(integrity)
            .map(|text| Problem::new(&RULE, None, format!("after the last migration, {text}"))),
    );
    problems
}

/// Rows whose parent row is missing, counted per child and parent table. Rows pointing at a
/// table that does not exist are left out: the reference itself is reported.
fn violations(conn: &mut SqliteConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Broken {
        #[diesel(sql_type = Text)]
        child: String,
        #[diesel(sql_type = Text)]
        parent: String,
        #[diesel(sql_type = BigInt)]
        rows: i64,
    }
    let found: Vec<Broken> = diesel::sql_query(
        "SELECT \"table\" AS child, parent, count(*) AS rows FROM pragma_foreign_key_check \
         WHERE parent IN (SELECT name FROM sqlite_schema WHERE type = 'table') \
         GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .load(conn)
    .unwrap_or_default();
    found
        .into_iter()
        .map(|b| {
            format!(
                "{} rows of {} refer to {} rows that do not exist",
                b.rows, b.child, b.parent
            )
        })
        .collect()
}
