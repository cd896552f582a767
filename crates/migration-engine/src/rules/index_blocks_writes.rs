//! `index-blocks-writes`: an index built or dropped in place on an existing table.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "index-blocks-writes",
    summary: "no index is built or dropped without CONCURRENTLY on an existing table",
    why: "CREATE INDEX holds a SHARE lock on the table until the index is built, so every \
          INSERT, UPDATE and DELETE waits (minutes on a big table); DROP INDEX takes an ACCESS \
          EXCLUSIVE lock, so even reads wait",
    fix: "CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY, alone in a migration whose \
          metadata.toml says `run_in_transaction = false` (and IF NOT EXISTS, since a failed \
          concurrent build leaves an invalid index behind)",
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
            "CREATE INDEX users_email ON users (email);",
            "DROP INDEX users_email;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT NOT NULL);
             CREATE INDEX users_email ON users (email);",
            "DROP TABLE users;",
        ),
        Example {
            folder: "2024-01-02-120000_index_lower_email",
            up: "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_lower_email ON users (lower(email));",
            down: Some("DROP INDEX CONCURRENTLY IF EXISTS users_lower_email;"),
            outside_transaction: true,
            app: None,
        },
    ],
};

/// The problem when a statement builds or drops an index in place under a lock that blocks
/// writes on an existing table.
pub fn judge(ran: &Ran) -> Option<Problem> {
    let s = ran.statement;
    let index = s.says(&["INDEX"]) && (s.says(&["CREATE"]) || s.says(&["DROP"]));
    if !index || s.says(&["CONCURRENTLY"]) || s.says(&["ALTER", "TABLE"]) {
        return None;
    }
    let (table, lock) = ran
        .effect
        .locks
        .iter()
        .find(|(_, l)| l.blocks().is_some())?;
    Some(ran.problem(
        &RULE,
        format!(
            "{} holds {} on {table}, an existing table, while it works: {} wait; use \
             CONCURRENTLY in a migration with `run_in_transaction = false`",
            if s.says(&["DROP"]) {
                "DROP INDEX"
            } else {
                "CREATE INDEX"
            },
            lock.a(),
            lock.blocks().unwrap_or("writes")
        ),
    ))
}
