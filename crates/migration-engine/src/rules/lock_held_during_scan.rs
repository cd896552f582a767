//! `lock-held-during-scan`: `VALIDATE CONSTRAINT` scanning every row while a lock that an
//! earlier statement of the same migration took is still held.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "lock-held-during-scan",
    summary: "no constraint is validated while an earlier statement's lock is still held",
    why: "a migration runs in one transaction, so every lock a statement takes is held until the \
          migration ends: `ADD CONSTRAINT ... NOT VALID` takes a lock that blocks writes (an \
          ACCESS EXCLUSIVE one for a CHECK, blocking reads too), and a `VALIDATE CONSTRAINT` in \
          the same migration then scans every row with that lock still held, exactly as if the \
          constraint had been added without NOT VALID",
    fix: "validate in a migration of its own, after the one that adds the constraint NOT VALID: \
          VALIDATE CONSTRAINT alone takes a SHARE UPDATE EXCLUSIVE lock, which lets reads and \
          writes go on while it scans",
    advisory: false,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, age INTEGER);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_age_positive",
            "ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;
             ALTER TABLE users VALIDATE CONSTRAINT age_positive;",
            "ALTER TABLE users DROP CONSTRAINT age_positive;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, age INTEGER);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_age_positive",
            "SET LOCAL lock_timeout = '2s';
             ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;",
            "ALTER TABLE users DROP CONSTRAINT age_positive;",
        ),
        Example::new(
            "2024-01-03-120000_validate_age_positive",
            "ALTER TABLE users VALIDATE CONSTRAINT age_positive;",
            "ALTER TABLE users DROP CONSTRAINT age_positive;
             ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;",
        ),
    ],
};

/// The problem when a statement validates a constraint while a lock stronger than its own,
/// taken by an earlier statement of the same transaction, is still held on the table.
pub fn judge(ran: &Ran) -> Option<Problem> {
    let effect = ran.effect;
    let (table, name, held, line) = effect.revalidated.iter().find_map(|(table, name)| {
        let (held, line) = effect.held.get(table)?;
        let own = effect.locks.get(table);
        (held.blocks().is_some() && own.is_none_or(|own| own < held))
            .then_some((table, name, held, line))
    })?;
    Some(ran.problem(
        &RULE,
        format!(
            "VALIDATE CONSTRAINT {name} scans every row of {table} while the {} lock taken at \
             line {line} of the same migration is still held: {} wait for the whole scan; \
             validate in a migration of its own",
            held.name(),
            held.blocks().unwrap_or("writes")
        ),
    ))
}
