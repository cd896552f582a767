//! `not-valid-hides-bad-rows`: after the last migration, a constraint added NOT VALID that the
//! rows already there break.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::{Example, On, Problem, Rule};

pub const RULE: Rule = Rule {
    name: "not-valid-hides-bad-rows",
    summary: "after the last migration, every foreign key and CHECK added NOT VALID holds for \
              the rows already there",
    why: "NOT VALID checks only new rows: old rows that break the constraint stay, joins on the \
          foreign key miss them, and the VALIDATE CONSTRAINT a later release runs fails in \
          production",
    fix: "fix the rows first (an UPDATE or DELETE in the migration before), then VALIDATE \
          CONSTRAINT in a later migration",
    advisory: false,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_tasks",
            "CREATE TABLE users (id INT PRIMARY KEY);
             CREATE TABLE tasks (id SERIAL PRIMARY KEY, owner INT NOT NULL);",
            "DROP TABLE tasks; DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_tasks_owner_fk",
            "ALTER TABLE tasks ADD CONSTRAINT tasks_owner_fk FOREIGN KEY (owner) REFERENCES users (id) NOT VALID;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_owner_fk;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_tasks",
            "CREATE TABLE users (id INT PRIMARY KEY);
             CREATE TABLE tasks (id SERIAL PRIMARY KEY, user_id INT NOT NULL);",
            "DROP TABLE tasks; DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_tasks_user_fk",
            "ALTER TABLE tasks ADD CONSTRAINT tasks_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_fk;",
        ),
    ],
};

/// One problem per NOT VALID foreign key or CHECK that validating would refuse: each is
/// validated in a transaction rolled back, so the database stays as it is.
pub fn find(conn: &mut PgConnection) -> QueryResult<Vec<Problem>> {
    #[derive(QueryableByName)]
    struct Unvalidated {
        #[diesel(sql_type = Text)]
        table: String,
        #[diesel(sql_type = Text)]
        name: String,
    }
    let pending: Vec<Unvalidated> = diesel::sql_query(
        "SELECT conrelid::regclass::text AS table, quote_ident(conname) AS name \
         FROM pg_constraint WHERE NOT convalidated AND contype IN ('f', 'c') ORDER BY 1, 2",
    )
    .load(conn)?;
    let mut problems = Vec::new();
    for c in pending {
        conn.batch_execute("BEGIN")?;
        let validated = conn.batch_execute(&format!(
            "ALTER TABLE {} VALIDATE CONSTRAINT {}",
            c.table, c.name
        ));
        conn.batch_execute("ROLLBACK")?;
        if let Err(error) = validated {
            let error = error.to_string();
            problems.push(Problem::new(
                &RULE,
                None,
                format!(
                    "{} on {} was added NOT VALID and rows already there break it ({}); fix them \
                     before VALIDATE CONSTRAINT",
                    c.name,
                    c.table,
                    error.lines().next().unwrap_or(&error)
                ),
            ));
        }
    }
    Ok(problems)
}
