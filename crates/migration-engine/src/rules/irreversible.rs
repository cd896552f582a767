//! `irreversible`: a migration without a usable `down.sql`.

use std::path::Path;

use super::{Example, On, Problem, Rule};
use crate::sqlite::sql;

pub const RULE: Rule = Rule {
    name: "irreversible",
    summary: "every migration has a down.sql that does something",
    why: "without a down.sql (or with one holding only comments) `diesel migration revert` \
          and `redo` cannot undo the migration, and the stairway cannot prove it reversible",
    fix: "write the down.sql that undoes up.sql; a project that never reverts can say so with \
          --allow-irreversible, and its ups are still checked",
    advisory: false,
    on: On::Both,
    rejects: &[Example {
        folder: "2024-01-01-120000_create_users",
        up: "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        down: Some("-- This file should undo anything in `up.sql`"),
        outside_transaction: false,
        app: None,
    }],
    accepts: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE users;",
    )],
};

/// The problem when the migration folder `folder` (named `name`) has no usable down.sql.
pub fn judge(folder: &Path, name: &str) -> Option<Problem> {
    // Said on the down.sql, or on the up.sql when there is no down.sql to show.
    let (what, file) = match std::fs::read_to_string(folder.join("down.sql")) {
        Err(_) => ("has no down.sql", "up.sql"),
        Ok(text) if sql::normalize(&text).is_empty() => {
            ("has a down.sql with no SQL in it", "down.sql")
        }
        Ok(_) => return None,
    };
    Some(
        Problem::new(
            &RULE,
            Some(name),
            format!("migrations/{name} {what}, so it cannot be reverted (its up is still checked)"),
        )
        .in_file(file, None),
    )
}
