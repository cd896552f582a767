//! `breaks-running-clients`: a rename or drop that the app's running version still uses.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "breaks-running-clients",
    summary: "tables and columns that hold data are renamed or dropped in two releases",
    why: "during a deploy the old version of the app keeps running until the new one is up: a \
          column or table it still reads or writes is gone at once, and its queries fail",
    fix: "expand and contract: add the new column or table, keep both in step (a trigger, or \
          the app writing both), switch the app, and drop the old one in a later release",
    advisory: true,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_rename_name",
            "ALTER TABLE users RENAME COLUMN name TO full_name;",
            "ALTER TABLE users RENAME COLUMN full_name TO name;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_add_full_name",
            "ALTER TABLE users ADD COLUMN full_name TEXT;",
            "ALTER TABLE users DROP COLUMN full_name;",
        ),
    ],
};

/// The note when a statement renames or drops a table or column of a table with rows.
pub fn judge(ran: &Ran) -> Option<Problem> {
    let s = ran.statement;
    let renames =
        s.says(&["ALTER", "TABLE"]) && s.says(&["RENAME"]) && !s.says(&["RENAME", "CONSTRAINT"]);
    let what = if renames {
        "renames"
    } else if s.says(&["DROP", "TABLE"]) || s.says(&["DROP", "COLUMN"]) {
        "drops"
    } else {
        return None;
    };
    let (table, _) = ran.effect.locks.iter().next()?;
    Some(ran.problem(
        &RULE,
        format!(
            "{what} part of {table}, an existing table, while the running app may still use it; \
             expand and contract over two releases"
        ),
    ))
}
