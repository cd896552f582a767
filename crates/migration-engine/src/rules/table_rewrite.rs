//! `table-rewrite`: a statement that rewrites a table (or its indexes) that holds rows.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "table-rewrite",
    summary: "no statement rewrites an existing table",
    why: "a column type change, a volatile default such as random() or clock_timestamp(), or \
          SET LOGGED copies every row into a new file while holding an ACCESS EXCLUSIVE lock: \
          reads and writes wait for the whole copy, and the disk needs room for two tables",
    fix: "expand and contract: add a new column (no default, or a constant one, rewrites \
          nothing), fill it in batches, switch the app, drop the old column in a later release",
    advisory: false,
    on: On::Postgres,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, age INT);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_age_bigint",
            "ALTER TABLE users ALTER COLUMN age TYPE BIGINT;",
            "ALTER TABLE users ALTER COLUMN age TYPE INT;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(20));",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_longer_names",
            "ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(80);
             ALTER TABLE users ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;",
            "ALTER TABLE users DROP COLUMN active;
             ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(20);",
        ),
    ],
};

/// The problem when a statement gave a table with rows, or one of its indexes, a new file.
pub fn judge(ran: &Ran) -> Option<Problem> {
    ran.effect.rewritten.first()?;
    let s = ran.statement;
    // TRUNCATE gives the table a new, empty file on purpose: nothing is copied.
    if s.words().first().is_some_and(|w| w == "TRUNCATE") {
        return None;
    }
    let cause = if s.says(&["TYPE"]) && s.says(&["ALTER"]) {
        "changes a column's type, which"
    } else if s.says(&["DEFAULT"]) && s.says(&["ADD"]) {
        "adds a column whose default is computed for each row, which"
    } else {
        ""
    };
    Some(ran.problem(
        &RULE,
        format!(
            "{cause}{}rewrites {} under an ACCESS EXCLUSIVE lock: reads \
             and writes wait for the copy; expand and contract instead (new column, backfill in \
             batches, switch, drop the old one later)",
            if cause.is_empty() { "" } else { " " },
            rewritten(&ran.effect.rewritten)
        ),
    ))
}

/// The tables rewritten, each once, with its indexes: `poll (and its indexes poll_pkey,
/// poll_fk_issue_key)`, from the effect's `table` and `table (index)` entries.
fn rewritten(entries: &[String]) -> String {
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for entry in entries {
        let (table, index) = match entry.split_once(" (") {
            Some((table, index)) => (table, Some(index.trim_end_matches(')').to_string())),
            None => (entry.as_str(), None),
        };
        match tables.iter_mut().find(|(t, _)| t == table) {
            Some((_, indexes)) => indexes.extend(index),
            None => tables.push((table.to_string(), index.into_iter().collect())),
        }
    }
    let said: Vec<String> = tables
        .into_iter()
        .map(|(table, indexes)| match indexes.len() {
            0 => table,
            1 => format!("{table} (and its index {})", indexes[0]),
            _ => format!("{table} (and its indexes {})", indexes.join(", ")),
        })
        .collect();
    said.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_table_is_said_once_with_its_indexes() {
        let entries = [
            "poll",
            "poll (poll_pkey)",
            "poll (poll_fk_issue_key)",
            "build",
        ];
        let entries: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            super::rewritten(&entries),
            "poll (and its indexes poll_pkey, poll_fk_issue_key), build"
        );
    }
}
