//! `up-loses-rows`: rows or values that were in the database before an up are nowhere after it.

use super::{Example, On, Problem, Rule};
use crate::rows::Rows;

pub const RULE: Rule = Rule {
    name: "up-loses-rows",
    summary: "no up loses a row or a value",
    why: "a rename written as create-new + drop-old, a column moved with ADD + DROP, a join that \
          leaves rows behind, or a DROP TABLE that cascades inside diesel's transaction throws \
          away data the moment it reaches a database with rows. Where the line is: a loss is \
          rows or values vanishing from a table the up keeps, replaces under the same name, or \
          moves (a new table stands in for a dropped one when it has every column of it that \
          holds data), and rows a cascade deletes from tables the up does not drop. The up's \
          intent is no loss: a table dropped with no table made in its place (or beside a \
          different one), DELETE and TRUNCATE, a table emptied and filled anew from other \
          tables (a cache); nor is a down that says in a comment that it cannot give the data \
          back (down-loses-rows is then a note quoting it)",
    fix: "use ALTER TABLE ... RENAME; copy values before dropping their column; rebuild tables \
          outside diesel's transaction (metadata.toml `run_in_transaction = false`) with foreign \
          keys off",
    advisory: false,
    on: On::Both,
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

/// The problem when a table holds fewer rows after the up than before, unless the up deletes
/// from it on purpose (`deleted`) and did not rebuild it (`rebuilt`: a rebuild that copies
/// fewer rows loses them); or when values are nowhere anymore (`lost`, from the value
/// comparison, which leaves out what a migration drops on purpose).
pub fn judge(
    name: &str,
    (before, after): (&Rows, &Rows),
    lost: &[String],
    deleted: &[String],
    rebuilt: &[String],
    cause: &dyn Fn(&str) -> Option<String>,
) -> Option<Problem> {
    let because = |table: &str| cause(table).map_or(String::new(), |c| format!(" ({c})"));
    let held = |rows: &Rows, table: &str| rows.get(table).map_or(0, Vec::len);
    let on_purpose = |table: &str| {
        deleted.iter().any(|d| d.eq_ignore_ascii_case(table))
            && !rebuilt.iter().any(|r| r.eq_ignore_ascii_case(table))
    };
    let mut found: Vec<String> = before
        .iter()
        .filter(|(table, rows)| {
            after.contains_key(*table) && held(after, table) < rows.len() && !on_purpose(table)
        })
        .map(|(table, rows)| {
            format!(
                "{table} had {} rows, now {}{}",
                rows.len(),
                held(after, table),
                because(table)
            )
        })
        .collect();
    // A phrase that says what became of the values (`... are NULL now`) stands as it is.
    found.extend(lost.iter().map(|what| match what.ends_with(" now") {
        true => what.clone(),
        false => {
            let table = what
                .strip_prefix("table ")
                .and_then(|t| t.split(' ').next());
            format!(
                "{what} is nowhere now{}",
                table.map_or(String::new(), because)
            )
        }
    }));
    if found.is_empty() {
        return None;
    }
    Some(
        Problem::new(
            &RULE,
            Some(name),
            format!("migrations/{name} loses data: {}", found.join("; ")),
        )
        .in_file("up.sql", None),
    )
}

/// The line of `up` that drops `table` (`DROP TABLE [IF EXISTS] table`), if one does.
pub fn drop_line(up: &str, table: &str) -> Option<usize> {
    crate::postgres::split::statements(up)
        .into_iter()
        .find_map(|s| {
            let words = s.words();
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            let dropped = match w.as_slice() {
                ["DROP", "TABLE", "IF", "EXISTS", names @ ..] | ["DROP", "TABLE", names @ ..] => {
                    names
                }
                _ => return None,
            };
            dropped
                .iter()
                .any(|t| t.eq_ignore_ascii_case(table))
                .then_some(s.line)
        })
}
