//! `down-loses-rows`: after a down, the rows are not what they were before the up.

use super::{Example, On, Problem, Rule};
use crate::rows::Rows;

pub const RULE: Rule = Rule {
    name: "down-loses-rows",
    summary: "each down.sql gives back the rows the up found, value for value",
    why: "a down that moves data back the wrong way (every task to one category, a column \
          restored empty) loses data on the day someone reverts in production",
    fix: "move values back by their keys, the way up.sql moved them forward",
    advisory: false,
    on: On::Both,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_emails",
            "CREATE TABLE emails (user_id INTEGER PRIMARY KEY, email TEXT);
             INSERT INTO emails SELECT id, email FROM users;
             ALTER TABLE users DROP COLUMN email;",
            "ALTER TABLE users ADD COLUMN email TEXT; DROP TABLE emails;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_emails",
            "CREATE TABLE emails (user_id INTEGER PRIMARY KEY, email TEXT);
             INSERT INTO emails SELECT id, email FROM users;
             ALTER TABLE users DROP COLUMN email;",
            "ALTER TABLE users ADD COLUMN email TEXT;
             UPDATE users SET email = (SELECT email FROM emails WHERE user_id = users.id);
             DROP TABLE emails;",
        ),
    ],
};

/// The first difference between the rows before the up and after the down, by table.
pub fn judge(name: &str, before: &Rows, after_down: &Rows) -> Option<Problem> {
    let difference = first_difference(before, after_down)?;
    Some(
        Problem::new(
            &RULE,
            Some(name),
            format!("reverting migrations/{name} does not give the rows back: {difference}"),
        )
        .in_file("down.sql", None),
    )
}

/// Where two sets of rows first differ, in words; `None` when they are the same.
pub fn first_difference(expected: &Rows, found: &Rows) -> Option<String> {
    for (table, rows) in expected {
        match found.get(table) {
            // A table that is gone is the schema rule's to report.
            None => continue,
            Some(now) if now == rows => continue,
            Some(now) => {
                let missing = rows.iter().find(|row| !now.contains(row));
                let extra = now.iter().find(|row| !rows.contains(row));
                return Some(match (missing, extra) {
                    (Some(was), Some(is)) => format!("{table} had ({was}), now has ({is})"),
                    (Some(was), None) => format!("{table} lost ({was})"),
                    (None, Some(is)) => format!("{table} gained ({is})"),
                    (None, None) => format!("{table} has its rows in another number"),
                });
            }
        }
    }
    None
}
