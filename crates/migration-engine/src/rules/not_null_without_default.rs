//! `not-null-without-default`: a NOT NULL column added without a default to a table with rows.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "not-null-without-default",
    summary: "a NOT NULL column added to an existing table has a default",
    why: "the existing rows have nothing to put in the new column, so the migration fails on \
          every database that holds rows, typically production, after passing on every empty \
          development database",
    fix: "give the column a constant DEFAULT (PostgreSQL 11 and later store it once, without \
          rewriting the table), or add it nullable, fill it in batches, then SET NOT NULL",
    advisory: false,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_add_email",
            "ALTER TABLE users ADD COLUMN email TEXT NOT NULL;",
            "ALTER TABLE users DROP COLUMN email;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_add_email",
            "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';",
            "ALTER TABLE users DROP COLUMN email;",
        ),
    ],
};

/// The problem when a statement added a NOT NULL column without a default to a table made
/// before its migration that held no rows here (on one with rows, the statement fails: see
/// `judge`).
pub fn judge_added(ran: &Ran) -> Option<Problem> {
    let column = ran.effect.added_not_null.iter().find(|column| {
        // A table the migration emptied first holds no rows, and its lock lets none in.
        let table = column.rsplit_once('.').map_or(column.as_str(), |(t, _)| t);
        ran.emptied(table.rsplit('.').next().unwrap_or(table))
            .is_none()
    })?;
    Some(ran.problem(
        &RULE,
        format!(
            "adds {column} NOT NULL without a default: it fails on any database where the table \
             holds rows, as production's does; give it a constant DEFAULT, or add it nullable \
             and backfill"
        ),
    ))
}

/// The problem when the statement `ran` failed with `error` because it added a NOT NULL
/// column without a default to a table with rows.
pub fn judge(ran: &Ran, error: &str) -> Option<Problem> {
    let statement = ran.statement;
    let adds = statement.says(&["ADD"]) && statement.says(&["NOT", "NULL"]);
    (adds && error.contains("contains null values")).then(|| {
        Problem::new(
            &RULE,
            Some(ran.migration),
            format!(
                "{} adds a NOT NULL column without a default and fails on a table with rows \
                 ({}); give it a constant DEFAULT, or add it nullable and backfill",
                ran.at(),
                error.lines().next().unwrap_or(error)
            ),
        )
        .in_file(ran.file, Some(statement.line))
    })
}
