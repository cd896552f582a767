//! `down-not-exact`: after a down, the schema is not what it was before the up.

use super::{Example, On, Problem, Rule};

pub const RULE: Rule = Rule {
    name: "down-not-exact",
    summary: "each down.sql gives back exactly the schema the up found",
    why: "a down that leaves an index behind, recreates a foreign key pointing elsewhere or \
          appends a column at the end leaves a schema no migration describes: the next up or \
          `diesel print-schema` then works on something else than the files say",
    fix: "undo every statement of up.sql, in reverse order; to give a column back in its place, \
          rebuild the table",
    advisory: false,
    on: On::Both,
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

/// The problem when the down left the schema different from before the up; `said` is each
/// difference in words, as the backend compares schemas.
pub fn judge(name: &str, said: Vec<String>) -> Option<Problem> {
    (!said.is_empty()).then(|| {
        Problem::new(
            &RULE,
            Some(name),
            format!(
                "reverting migrations/{name} leaves a different schema: {}",
                said.join("; ")
            ),
        )
        .in_file("down.sql", None)
    })
}
