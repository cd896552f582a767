//! `concurrently-in-transaction`: CONCURRENTLY in a migration diesel runs in a transaction.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "concurrently-in-transaction",
    summary: "CONCURRENTLY appears only in migrations with `run_in_transaction = false`",
    why: "PostgreSQL refuses CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX \
          CONCURRENTLY inside a transaction block, and diesel wraps each migration in one: the \
          migration fails on every database",
    fix: "put the statement alone in its own migration with a metadata.toml saying \
          `run_in_transaction = false`",
    advisory: false,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT NOT NULL);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_index_email",
            "CREATE INDEX CONCURRENTLY users_email ON users (email);",
            "DROP INDEX CONCURRENTLY users_email;",
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
            up: "CREATE INDEX CONCURRENTLY users_email ON users (email);",
            down: Some("DROP INDEX CONCURRENTLY users_email;"),
            outside_transaction: true,
            app: None,
        },
    ],
};

/// The problem when a statement that cannot run in a transaction is in one.
pub fn judge(ran: &Ran, in_transaction: bool) -> Option<Problem> {
    let s = ran.statement;
    (in_transaction && s.says(&["CONCURRENTLY"]) && !s.says(&["REFRESH", "MATERIALIZED"])).then(
        || {
            ran.problem(
                &RULE,
                "uses CONCURRENTLY, which cannot run inside the transaction diesel wraps the \
             migration in: add metadata.toml with `run_in_transaction = false`",
            )
        },
    )
}
