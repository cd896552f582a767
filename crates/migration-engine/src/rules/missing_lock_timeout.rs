//! `missing-lock-timeout`: an ACCESS EXCLUSIVE lock requested with no `lock_timeout` in force.

use super::{Example, On, Problem, Ran, Rule};
use crate::postgres::effects::Lock;

pub const RULE: Rule = Rule {
    name: "missing-lock-timeout",
    summary: "a statement that takes an ACCESS EXCLUSIVE lock on an existing table runs under a \
              lock_timeout",
    why: "even a brief ACCESS EXCLUSIVE lock (ADD COLUMN, RENAME) waits behind every running \
          transaction on the table, and every later query, reads included, queues behind it: \
          one long report stops the whole app",
    fix: "start the migration with SET LOCAL lock_timeout = '2s' (and retry the deploy when it \
          times out), so the migration gives up instead of stopping everyone",
    advisory: true,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_add_email",
            "ALTER TABLE users ADD COLUMN email TEXT;",
            "ALTER TABLE users DROP COLUMN email;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_add_email",
            "SET LOCAL lock_timeout = '2s';
             ALTER TABLE users ADD COLUMN email TEXT;",
            "ALTER TABLE users DROP COLUMN email;",
        ),
    ],
};

/// The note when a statement took an ACCESS EXCLUSIVE lock on an existing table with no
/// lock_timeout set.
pub fn judge(ran: &Ran) -> Option<Problem> {
    if ran.effect.lock_timeout {
        return None;
    }
    let (table, _) = ran
        .effect
        .locks
        .iter()
        .find(|(_, l)| **l == Lock::AccessExclusive)?;
    Some(ran.problem(
        &RULE,
        format!(
            "takes an ACCESS EXCLUSIVE lock on {table}, an existing table, with no lock_timeout: \
             behind a long transaction it would stop every query on {table}; SET LOCAL \
             lock_timeout first"
        ),
    ))
}
