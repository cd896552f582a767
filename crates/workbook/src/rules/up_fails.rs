//! `up-fails`: a migration's `up.sql` fails on the database the migrations before it built.

use super::{Example, On, Problem, Rule};

pub const RULE: Rule = Rule {
    name: "up-fails",
    summary: "every up.sql runs on the database the migrations before it leave, rows included",
    why: "a migration that fails stops `diesel migration run` for everyone: often it only \
          fails once tables hold rows (a NOT NULL column added without a default, a UNIQUE \
          index over duplicates)",
    fix: "fix the SQL so it runs on a database with rows in it; the migrations after it are not \
          checked until it runs",
    advisory: false,
    on: On::Both,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
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
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_add_email",
            "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';",
            "ALTER TABLE users DROP COLUMN email;",
        ),
    ],
};

/// The problem for a failed up; `later` is how many migrations after it go unchecked.
pub fn problem(name: &str, error: &str, later: usize) -> Problem {
    let unchecked = match later {
        0 => String::new(),
        1 => "; the migration after it is not checked".to_string(),
        n => format!("; the {n} migrations after it are not checked"),
    };
    Problem::new(&RULE, Some(name), format!("{error}{unchecked}"))
}
