//! `down-fails`: a migration's `down.sql` fails right after its up.

use super::{Example, On, Problem, Rule};

pub const RULE: Rule = Rule {
    name: "down-fails",
    summary: "every down.sql runs right after its up",
    why: "a down that fails (a typo, another database's syntax, a table it expects that the up \
          never made) leaves `diesel migration revert` and `redo` stuck exactly when someone \
          needs them",
    fix: "run `diesel migration redo` after writing a migration; write SQLite's syntax in a \
          SQLite project's down.sql",
    advisory: false,
    on: On::Both,
    rejects: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE user;",
    )],
    accepts: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE users;",
    )],
};

pub fn problem(name: &str, error: &str) -> Problem {
    Problem::new(&RULE, Some(name), error.to_string()).in_file("down.sql", None)
}
