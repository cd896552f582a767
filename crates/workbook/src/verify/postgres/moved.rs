//! Values an up moves: when it drops a column and adds a column or a table in the same up (a
//! rename or a move written as add + drop), the dropped column's values must be somewhere
//! after it. A column dropped alone is the migration's intent.

use std::collections::BTreeMap;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::postgres::split::statements;
use crate::rows::Rows;

/// The values of every column of the tables whose columns `up` drops while it adds a column or
/// a table: `table.column` to its values (NULLs left out). Empty when `up` does not move.
pub(super) fn before(conn: &mut PgConnection, up: &str) -> BTreeMap<String, Vec<String>> {
    let all = statements(up);
    let adds = all
        .iter()
        .any(|s| s.says(&["ADD", "COLUMN"]) || s.says(&["CREATE", "TABLE"]) || adds_bare(s));
    let tables: Vec<String> = all
        .iter()
        .filter(|s| s.says(&["ALTER", "TABLE"]) && s.says(&["DROP", "COLUMN"]))
        .filter_map(|s| {
            let words = s.words();
            let at = 2 + words[2..]
                .iter()
                .take_while(|w| *w == "IF" || *w == "EXISTS" || *w == "ONLY")
                .count();
            words.get(at).map(|t| t.to_ascii_lowercase())
        })
        .collect();
    if !adds || tables.is_empty() {
        return BTreeMap::new();
    }
    #[derive(QueryableByName)]
    struct Value {
        #[diesel(sql_type = Text)]
        column: String,
        #[diesel(sql_type = Text)]
        value: String,
    }
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for table in tables {
        let Ok(values) = diesel::sql_query(format!(
            "SELECT '{}.' || key AS column, value FROM {table} x, jsonb_each_text(to_jsonb(x)) \
             WHERE value IS NOT NULL",
            table.replace('\'', "''")
        ))
        .load::<Value>(conn) else {
            continue;
        };
        for v in values {
            found.entry(v.column).or_default().push(v.value);
        }
    }
    found
}

/// `ALTER TABLE t ADD c ...` without the word COLUMN.
fn adds_bare(s: &crate::postgres::split::Statement) -> bool {
    s.says(&["ALTER", "TABLE"])
        && s.says(&["ADD"])
        && !s.says(&["ADD", "CONSTRAINT"])
        && !s.says(&["ADD", "PRIMARY"])
        && !s.says(&["ADD", "UNIQUE"])
        && !s.says(&["ADD", "FOREIGN"])
        && !s.says(&["ADD", "CHECK"])
}

/// What of `before` is nowhere in `after` among the columns that are gone: `table.column`
/// with how many of its values vanished.
pub(super) fn lost(
    conn: &mut PgConnection,
    before: &BTreeMap<String, Vec<String>>,
    after: &Rows,
) -> Vec<String> {
    if before.is_empty() {
        return Vec::new();
    }
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let now: Vec<String> = diesel::sql_query(
        "SELECT attrelid::regclass::text || '.' || attname AS name FROM pg_attribute \
         WHERE attnum > 0 AND NOT attisdropped",
    )
    .load::<Column>(conn)
    .map(|columns| columns.into_iter().map(|c| c.name).collect())
    .unwrap_or_default();
    let everything: Vec<&String> = after.values().flatten().collect();
    before
        .iter()
        .filter(|(column, _)| !now.contains(column))
        .filter_map(|(column, values)| {
            let gone = values
                .iter()
                .filter(|v| !everything.iter().any(|row| row.contains(v.as_str())))
                .count();
            (gone > 0).then(|| format!("column {column} ({gone} values)"))
        })
        .collect()
}
