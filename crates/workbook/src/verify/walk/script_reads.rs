//! What the walk reads from a migration's SQL before it runs it: whether its up drops
//! something (then the database before it is kept to compare), and which tables it deletes
//! rows from on purpose; and the snapshot's path as SQL.

use std::path::Path;

use diesel::migration::Migration;
use diesel::sqlite::Sqlite;

use crate::migration::{Direction, script};

/// Whether the migration's up drops a table or a column.
pub(super) fn drops(m: &dyn Migration<Sqlite>) -> bool {
    let text = script::text(m, Direction::Up).unwrap_or_default();
    script::statements(&text).into_iter().any(|s| {
        let words = crate::sqlite::sql::normalize(s).to_ascii_uppercase();
        words.starts_with("DROP TABLE")
            || words.contains(" DROP COLUMN ")
            || words.contains(" DROP ")
    })
}

/// The tables the migration's up deletes rows from on purpose (`DELETE FROM t`).
pub(super) fn deletes(m: &dyn Migration<Sqlite>) -> Vec<String> {
    let text = script::text(m, Direction::Up).unwrap_or_default();
    script::statements(&text)
        .into_iter()
        .filter(|s| script::first_word(s) == "DELETE")
        .filter_map(|s| {
            let words = crate::sqlite::sql::normalize(s);
            let table = words.split_whitespace().nth(2)?;
            Some(table.trim_matches(['"', '`', '[', ']']).to_string())
        })
        .collect()
}

/// A path as an SQL string literal.
pub(super) fn literal(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "''"))
}
