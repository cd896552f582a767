//! `up-again-differs`: running an up again after its down gives something else.

use super::down_loses_rows::first_difference;
use super::{Example, On, Problem, Rule};
use crate::rows::Rows;

pub const RULE: Rule = Rule {
    name: "up-again-differs",
    summary: "running an up again after its down gives the same schema and rows",
    why: "`diesel migration redo` is how a migration is tested and fixed; if up, down, up does \
          not come back to the same place, the down left something the up trips over or builds \
          on",
    fix: "make the down undo everything the up did, so the up meets the database it was \
          written for (an AUTOINCREMENT counter is not rewound by DELETE: an id copied into a \
          column no foreign key declares changes with every redo; declare the reference, or \
          give the rows their ids)",
    advisory: false,
    on: On::Both,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_roles",
            "CREATE TABLE roles (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
             CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT);",
            "DROP TABLE settings; DROP TABLE roles;",
        ),
        Example::new(
            "2024-01-02-120000_add_admin",
            "INSERT INTO roles (name) VALUES ('admin');
             INSERT INTO settings SELECT 'admin_role', id FROM roles WHERE name = 'admin';",
            "DELETE FROM settings WHERE key = 'admin_role';
             DELETE FROM roles WHERE name = 'admin';",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_roles",
            "CREATE TABLE roles (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);",
            "DROP TABLE roles;",
        ),
        Example::new(
            "2024-01-02-120000_add_admin",
            "INSERT INTO roles (name) VALUES ('admin');",
            "DELETE FROM roles WHERE name = 'admin';",
        ),
    ],
};

/// The problem when the second up fails, or gives another schema (`said`: each difference
/// from the first up's, in words) or other rows than the first up's `first_rows`.
pub fn judge(
    name: &str,
    first_rows: &Rows,
    again: Result<(Vec<String>, &Rows), &str>,
) -> Option<Problem> {
    let text = match again {
        Err(error) => format!("after its down, migrations/{name} fails: {error}"),
        Ok((said, rows)) => {
            if !said.is_empty() {
                format!(
                    "running migrations/{name} again after its down gives another schema: {}",
                    said.join("; ")
                )
            } else {
                let difference = first_difference(first_rows, rows)?;
                format!(
                    "running migrations/{name} again after its down gives other rows: {difference}"
                )
            }
        }
    };
    Some(Problem::new(&RULE, Some(name), text).in_file("down.sql", None))
}
