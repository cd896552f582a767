//! What the walk reads from a migration's SQL before it runs it: whether its up drops
//! something (then the database before it is kept to compare), which tables it deletes rows
//! from on purpose or fills anew from other tables; and the snapshot's path as SQL.

use std::collections::BTreeMap;
use std::path::Path;

use diesel::migration::Migration;
use diesel::sqlite::{Sqlite, SqliteConnection};

use crate::migration::{Direction, intent, script};
use crate::postgres::split::Statement;
use crate::rows::Rows;
use crate::rules::up_loses_rows;

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

/// The tables the migration's up deletes rows from on purpose (`DELETE FROM t`), or resets
/// (`intent::reset`).
pub(super) fn deletes(m: &dyn Migration<Sqlite>) -> Vec<String> {
    let text = script::text(m, Direction::Up).unwrap_or_default();
    let statements = script::statements(&text);
    let reset = intent::reset(&statements);
    statements
        .into_iter()
        .filter(|s| script::first_word(s) == "DELETE")
        .filter_map(|s| {
            let words = crate::sqlite::sql::normalize(s);
            let table = words.split_whitespace().nth(2)?;
            Some(table.trim_matches(['"', '`', '[', ']', ';']).to_string())
        })
        .chain(reset)
        .collect()
}

/// The tables the script empties and fills anew from other tables (`intent::recomputed`).
pub(super) fn recomputed(m: &dyn Migration<Sqlite>, direction: Direction) -> Vec<String> {
    let text = script::text(m, direction).unwrap_or_default();
    let words: Vec<Vec<String>> = script::statements(&text)
        .into_iter()
        .map(|s| {
            let text = s.to_string();
            Statement { text, line: 0 }.words()
        })
        .collect();
    intent::recomputed(&words)
}

/// `rows` without the tables named in `left_out`.
pub(super) fn without(rows: &Rows, left_out: &[String]) -> Rows {
    rows.iter()
        .filter(|(table, _)| !left_out.contains(&table.to_ascii_lowercase()))
        .map(|(table, lines)| (table.clone(), lines.clone()))
        .collect()
}

/// For each of `tables` the up may have emptied, the statement that did: the DROP TABLE of it
/// (a rebuild without a copy), or of a table it refers to with ON DELETE CASCADE (with foreign
/// keys on, SQLite deletes a dropped table's rows first, and the cascade follows).
pub(super) fn loss_causes<'t>(
    conn: &mut SqliteConnection,
    m: &dyn Migration<Sqlite>,
    tables: impl Iterator<Item = &'t String>,
) -> BTreeMap<String, String> {
    let up = script::text(m, Direction::Up).unwrap_or_default();
    let mut causes = BTreeMap::new();
    for table in tables {
        if let Some(line) = up_loses_rows::drop_line(&up, table) {
            causes.insert(table.clone(), format!("up.sql:{line} drops it"));
            continue;
        }
        let keys = crate::sqlite::schema::foreign_keys(conn, table).unwrap_or_default();
        let cascade = keys.iter().filter(|k| k.on_delete == "CASCADE").find_map(|k| {
            let line = up_loses_rows::drop_line(&up, &k.table)?;
            Some(format!(
                "up.sql:{line} drops {}, and the foreign key {table}.{} ON DELETE CASCADE deletes \
                 its rows with it",
                k.table, k.from
            ))
        });
        causes.extend(cascade.map(|c| (table.clone(), c)));
    }
    causes
}

/// A path as an SQL string literal.
pub(super) fn literal(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "''"))
}
