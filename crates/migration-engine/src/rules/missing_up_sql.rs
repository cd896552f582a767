//! `missing-up-sql`: a migration folder without `up.sql`.

use std::path::Path;

use super::{Example, On, Problem, Rule};

pub const RULE: Rule = Rule {
    name: "missing-up-sql",
    summary: "every migration folder has an up.sql",
    why: "diesel refuses to load a migrations folder holding a folder without up.sql \
          (\"unknown migration format\"), so no migration of the project runs",
    fix: "add the folder's up.sql, or move the folder out of the migrations folder",
    advisory: false,
    on: On::Both,
    rejects: &[Example {
        folder: "2024-01-01-120000_create_users",
        up: "",
        down: Some("DROP TABLE users;"),
        outside_transaction: false,
        app: None,
    }],
    accepts: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE users;",
    )],
};

/// The folders of `dir` (named in `folders`) that have no up.sql.
pub fn find(dir: &Path, folders: &[String]) -> Vec<Problem> {
    folders
        .iter()
        .filter(|name| !dir.join(name).join("up.sql").is_file())
        .map(|name| {
            Problem::new(
                &RULE,
                Some(name),
                format!("migrations/{name} has no up.sql: diesel refuses to load the folder"),
            )
        })
        .collect()
}
