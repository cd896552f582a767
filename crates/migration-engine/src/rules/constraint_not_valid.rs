//! `constraint-not-valid`: a foreign key or CHECK added by scanning an existing table.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "constraint-not-valid",
    summary: "foreign keys and CHECKs on existing tables are added NOT VALID, then validated",
    why: "adding a foreign key or CHECK checks every row while holding a lock (SHARE ROW \
          EXCLUSIVE for a foreign key, on both tables; ACCESS EXCLUSIVE for a CHECK): writes, \
          or reads and writes, wait for the whole scan",
    fix: "ADD CONSTRAINT ... NOT VALID (brief lock, new rows checked at once), then ALTER TABLE \
          ... VALIDATE CONSTRAINT in a later migration (it scans under SHARE UPDATE EXCLUSIVE, \
          which blocks neither reads nor writes)",
    advisory: false,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_tasks",
            "CREATE TABLE users (id SERIAL PRIMARY KEY);
             CREATE TABLE tasks (id SERIAL PRIMARY KEY, user_id INT NOT NULL, title TEXT NOT NULL);",
            "DROP TABLE tasks; DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_tasks_keys",
            "ALTER TABLE tasks ADD CONSTRAINT tasks_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_fk;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_tasks",
            "CREATE TABLE users (id SERIAL PRIMARY KEY);
             CREATE TABLE tasks (id SERIAL PRIMARY KEY, user_id INT NOT NULL, title TEXT NOT NULL);",
            "DROP TABLE tasks; DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_tasks_keys",
            "ALTER TABLE tasks ADD CONSTRAINT tasks_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_fk;",
        ),
        Example::new(
            "2024-01-03-120000_validate_tasks_keys",
            "ALTER TABLE tasks VALIDATE CONSTRAINT tasks_user_fk;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_fk;
             ALTER TABLE tasks ADD CONSTRAINT tasks_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
        ),
    ],
};

/// The problem when a statement adds a validated foreign key or CHECK to a table with rows.
pub fn judge(ran: &Ran) -> Option<Problem> {
    let (table, name, kind) = ran
        .effect
        .validated
        .iter()
        .find(|(_, _, kind)| matches!(kind, 'f' | 'c'))?;
    let (what, lock) = if *kind == 'f' {
        ("foreign key", "SHARE ROW EXCLUSIVE")
    } else {
        ("CHECK", "ACCESS EXCLUSIVE")
    };
    Some(ran.problem(
        &RULE,
        format!(
            "adds the {what} {name} to {table}, an existing table, checking every row under \
             {} {lock} lock; add it NOT VALID and VALIDATE CONSTRAINT in a later migration",
            if lock.starts_with('A') { "an" } else { "a" }
        ),
    ))
}
