//! `unique-builds-under-lock`: a UNIQUE or PRIMARY KEY constraint whose index is built while the
//! table is locked.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "unique-builds-under-lock",
    summary: "UNIQUE and PRIMARY KEY constraints on existing tables use an index built concurrently",
    why: "ADD CONSTRAINT ... UNIQUE builds its index while holding an ACCESS EXCLUSIVE lock: \
          reads and writes wait until every row is indexed",
    fix: "CREATE UNIQUE INDEX CONCURRENTLY in a migration with `run_in_transaction = false`, \
          then ALTER TABLE ... ADD CONSTRAINT name UNIQUE USING INDEX index_name",
    advisory: false,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT NOT NULL);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_unique_email",
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
            "ALTER TABLE users DROP CONSTRAINT users_email_key;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT NOT NULL);",
            "DROP TABLE users;",
        ),
        Example {
            folder: "2024-01-02-120000_index_email",
            up: "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);",
            down: Some("DROP INDEX CONCURRENTLY users_email_key;"),
            outside_transaction: true,
            app: None,
        },
        Example::new(
            "2024-01-03-120000_unique_email",
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
            "ALTER TABLE users DROP CONSTRAINT users_email_key;
             CREATE UNIQUE INDEX users_email_key ON users (email);",
        ),
    ],
};

/// The problem when a statement adds a UNIQUE or PRIMARY KEY constraint to a table with rows by
/// building a new index under its lock (`USING INDEX` builds nothing).
pub fn judge(ran: &Ran) -> Option<Problem> {
    if ran.statement.says(&["USING", "INDEX"]) {
        return None;
    }
    let (table, name, kind) = ran
        .effect
        .validated
        .iter()
        .find(|(_, _, kind)| matches!(kind, 'u' | 'p'))?;
    let what = if *kind == 'u' {
        "UNIQUE"
    } else {
        "PRIMARY KEY"
    };
    Some(ran.problem(
        &RULE,
        format!(
            "adds the {what} constraint {name} to {table}, an existing table, building its index \
             under an ACCESS EXCLUSIVE lock; build it first with CREATE UNIQUE INDEX CONCURRENTLY, \
             then ADD CONSTRAINT {name} {what} USING INDEX"
        ),
    ))
}
