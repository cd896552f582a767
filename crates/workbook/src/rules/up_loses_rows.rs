//! `up-loses-rows`: rows or values that were in the database before an up are nowhere after it.

use std::collections::BTreeMap;

use super::{Example, Problem, Rule};

pub const RULE: Rule = Rule {
    name: "up-loses-rows",
    summary: "no up loses a row or a value",
    why: "a rename written as create-new + drop-old, a column moved with ADD + DROP, a join that \
          leaves rows behind, or a DROP TABLE that cascades inside diesel's transaction throws \
          away data the moment it reaches a database with rows",
    fix: "use ALTER TABLE ... RENAME; copy values before dropping their column; rebuild tables \
          outside diesel's transaction (metadata.toml `run_in_transaction = false`) with foreign \
          keys off",
    advisory: false,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_user",
            "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);",
            "DROP TABLE user;",
        ),
        Example::new(
            "2024-01-02-120000_rename_user",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); DROP TABLE user;",
            "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT); DROP TABLE users;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_user",
            "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);",
            "DROP TABLE user;",
        ),
        Example::new(
            "2024-01-02-120000_rename_user",
            "ALTER TABLE user RENAME TO users;",
            "ALTER TABLE users RENAME TO user;",
        ),
    ],
};

/// The problem when tables hold fewer rows after the up than before (a table that is gone is
/// matched by the rows of tables that are new, as a rename would carry them), or when values
/// are nowhere anymore (`lost`, from the value comparison).
pub fn judge(
    name: &str,
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
    lost: &[String],
) -> Option<Problem> {
    let held =
        |rows: &BTreeMap<String, Vec<String>>, table: &str| rows.get(table).map_or(0, Vec::len);
    let mut found: Vec<String> = before
        .iter()
        .filter(|(table, rows)| after.contains_key(*table) && held(after, table) < rows.len())
        .map(|(table, rows)| {
            format!(
                "{table} had {} rows, now {}",
                rows.len(),
                held(after, table)
            )
        })
        .collect();
    let gone: usize = before
        .iter()
        .filter(|(table, _)| !after.contains_key(*table))
        .map(|(_, rows)| rows.len())
        .sum();
    let new: usize = after
        .iter()
        .filter(|(table, _)| !before.contains_key(*table))
        .map(|(_, rows)| rows.len())
        .sum();
    if gone > new {
        found.extend(
            before
                .iter()
                .filter(|(table, rows)| !after.contains_key(*table) && !rows.is_empty())
                .map(|(table, rows)| format!("{table} had {} rows, now 0", rows.len())),
        );
    }
    // A table whose rows were counted above is not said twice.
    let counted: Vec<String> = found
        .iter()
        .map(|f| format!("table {} ", f.split(' ').next().unwrap_or("")))
        .collect();
    found.extend(
        lost.iter()
            .filter(|what| !counted.iter().any(|table| what.starts_with(table.as_str())))
            .map(|what| format!("{what} is nowhere now")),
    );
    if found.is_empty() {
        return None;
    }
    Some(Problem::new(
        &RULE,
        Some(name),
        format!("migrations/{name} loses data: {}", found.join("; ")),
    ))
}
