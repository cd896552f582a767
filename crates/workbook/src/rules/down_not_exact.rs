//! `down-not-exact`: after a down, the schema is not what it was before the up.

use super::{Example, Problem, Rule};
use crate::sqlite::shape::{self, Shape};

pub const RULE: Rule = Rule {
    name: "down-not-exact",
    summary: "each down.sql gives back exactly the schema the up found",
    why: "a down that leaves an index behind, recreates a foreign key pointing elsewhere or \
          appends a column at the end leaves a schema no migration describes: the next up or \
          `diesel print-schema` then works on something else than the files say",
    fix: "undo every statement of up.sql, in reverse order; to give a column back in its place, \
          rebuild the table",
    advisory: false,
    rejects: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
         CREATE INDEX ix_users_email ON users(email);",
        "DROP INDEX ix_users_email;",
    )],
    accepts: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
         CREATE INDEX ix_users_email ON users(email);",
        "DROP INDEX ix_users_email; DROP TABLE users;",
    )],
};

/// What the down left different from the schema before the up, in words.
pub fn judge(name: &str, before: &Shape, after_down: &Shape) -> Option<Problem> {
    let said = shape::differences(before, after_down);
    (!said.is_empty()).then(|| {
        Problem::new(
            &RULE,
            Some(name),
            format!(
                "reverting migrations/{name} leaves a different schema: {}",
                said.join("; ")
            ),
        )
    })
}
