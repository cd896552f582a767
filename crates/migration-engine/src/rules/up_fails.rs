//! `up-fails`: a migration's `up.sql` fails on the database the migrations before it built.

use super::{Example, On, Problem, Ran, Rule, not_null_without_default};

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
    Problem::new(&RULE, Some(name), format!("{error}{unchecked}")).in_file("up.sql", None)
}

/// What to say when a PostgreSQL statement `ran` fails with `error`: a rule's problem where one
/// explains it (`Ok`), else the server's first line, with what to do where the cause is known.
pub fn statement_failed(ran: &Ran, error: &str) -> Result<Problem, String> {
    if let Some(problem) = not_null_without_default::judge(ran, error) {
        return Ok(problem);
    }
    let first = error.lines().next().unwrap_or(error);
    let at = ran.at();
    if !error.contains("contains null values") {
        // pg_trgm's operator classes, citext's or PostGIS's types, uuid-ossp's functions, ...
        let missing = ["operator class", "type", "function"]
            .iter()
            .any(|what| first.starts_with(what) && first.contains(" does not exist"));
        if first.contains("statement timeout") {
            return Err(format!(
                "{at} fails: {first}: verify's --statement-timeout ran out (a sleep, a lock wait \
                 or a loop; give it more seconds if the migration is meant to take that long)"
            ));
        }
        return Err(match missing {
            true => format!(
                "{at} fails: {first}; if an extension the project creates outside its migrations \
                 provides it, give verify --seed FILE.sql with its CREATE EXTENSION"
            ),
            false => format!("{at} fails: {first}"),
        });
    }
    // `column "c" of relation "t" contains null values`
    let table = first.split('"').nth(3).unwrap_or_default();
    Err(match ran.updated(table) {
        Some(update) => format!(
            "{at} fails: {first}; the UPDATE at line {} leaves rows NULL there (rows it does not \
             reach, or a value it computes as NULL): make it give every row a value",
            update.line
        ),
        None => format!(
            "{at} fails: {first}; rows hold NULL there: a backfill done outside the migrations \
             does not run on other databases, so put it in a migration before this one"
        ),
    })
}
