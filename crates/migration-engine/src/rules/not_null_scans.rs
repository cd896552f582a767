//! `not-null-scans`: SET NOT NULL on a column of a table with rows, checked by a full scan.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "not-null-scans",
    summary: "SET NOT NULL on an existing table is proven by a validated CHECK first",
    why: "ALTER COLUMN ... SET NOT NULL reads every row to prove there is no NULL while holding \
          an ACCESS EXCLUSIVE lock: reads and writes wait for the scan",
    fix: "ADD CONSTRAINT c CHECK (column IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c in a \
          later migration; then SET NOT NULL, which PostgreSQL 12 and later prove from the \
          CHECK without scanning (and drop the CHECK)",
    advisory: false,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_email_required",
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
            "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_email_present",
            "ALTER TABLE users ADD CONSTRAINT users_email_present CHECK (email IS NOT NULL) NOT VALID;",
            "ALTER TABLE users DROP CONSTRAINT users_email_present;",
        ),
        Example::new(
            "2024-01-03-120000_email_required",
            "ALTER TABLE users VALIDATE CONSTRAINT users_email_present;
             ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
            "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
             ALTER TABLE users DROP CONSTRAINT users_email_present;
             ALTER TABLE users ADD CONSTRAINT users_email_present CHECK (email IS NOT NULL) NOT VALID;",
        ),
    ],
};

/// The problem when a statement makes an existing column NOT NULL by scanning its rows.
pub fn judge(ran: &Ran) -> Option<Problem> {
    let column = ran.effect.not_null_set.first()?;
    Some(ran.problem(
        &RULE,
        format!(
            "sets {column} NOT NULL, scanning every row under an ACCESS EXCLUSIVE lock; prove it \
             first with CHECK ({} IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT",
            column.rsplit('.').next().unwrap_or(column)
        ),
    ))
}
