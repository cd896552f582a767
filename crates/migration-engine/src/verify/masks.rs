//! Which values a migration fills with something that cannot repeat (the clock, random values),
//! read from its SQL: only those columns are left out of the value comparison, every other
//! column is still compared value by value.
//!
//! `INSERT INTO t (a, b) SELECT x, CURRENT_TIMESTAMP ...` masks `t.b`; `INSERT INTO t SELECT *,
//! CURRENT_TIMESTAMP ...` the last column of `t` (its columns read from the `CREATE TABLE` in
//! the same script, or from the database); `UPDATE t SET token = hex(randomblob(16))` masks
//! `t.token`. A table renamed later in the script is masked under both names. Where the
//! column cannot be told, the whole table is compared by its count of rows; where not even the
//! table can (a `WITH` statement), every table is.

use std::collections::{BTreeMap, BTreeSet};

use diesel::migration::Migration;
use diesel::sqlite::{Sqlite, SqliteConnection};

use crate::migration::{Direction, script};
use crate::sqlite::schema;
use crate::sqlite::sql::normalize;

/// What is left out of a migration's value comparison.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Masks {
    /// Table to its masked columns; an empty set: the whole table (compared by count).
    pub tables: BTreeMap<String, BTreeSet<String>>,
    /// Every table is compared by count.
    pub everything: bool,
    /// The call found first, for the note.
    pub call: Option<&'static str>,
}

impl Masks {
    /// Whether the column `table.column` is left out.
    pub fn column(&self, table: &str, column: &str) -> bool {
        self.tables
            .get(table)
            .is_some_and(|columns| columns.contains(column))
    }

    /// Whether the whole table is compared by its count of rows.
    pub fn whole(&self, table: &str) -> bool {
        self.everything || self.tables.get(table).is_some_and(BTreeSet::is_empty)
    }

    /// The note: which call, and what it masked among the tables `exists` says are there
    /// (a rebuild's temporary table is not).
    pub fn note(&self, name: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
        let call = self.call?.trim_end_matches('(');
        let what = if self.everything {
            "its rows were compared by count".to_string()
        } else {
            let said: Vec<String> = self
                .tables
                .iter()
                .filter(|(table, _)| exists(table))
                .map(|(table, columns)| match columns.is_empty() {
                    true => format!("the rows of {table} were compared by count"),
                    false => format!(
                        "{} not compared value by value",
                        columns
                            .iter()
                            .map(|c| format!("{table}.{c}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                })
                .collect();
            if said.is_empty() {
                return None;
            }
            said.join("; ")
        };
        Some(format!(
            "migrations/{name} calls {call}, whose values cannot repeat: {what}"
        ))
    }
}

const WRITING_CALLS: &[&str] = &[
    "randomblob(",
    "random(",
    "'now'",
    "current_timestamp",
    "current_date",
    "current_time",
    "unixepoch(",
];

/// The masks of migration `m`, both directions, read before its up runs (`conn` gives the
/// columns of tables the script does not create).
pub fn of(m: &dyn Migration<Sqlite>, conn: &mut SqliteConnection) -> Masks {
    let mut masks = Masks::default();
    for direction in [Direction::Up, Direction::Down] {
        let text = script::text(m, direction).unwrap_or_default();
        let mut created: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for statement in script::statements(&text) {
            let words = normalize(statement);
            let upper = words.to_ascii_uppercase();
            if let Some((old, new)) = renamed(&words) {
                if let Some(columns) = masks.tables.get(&old).cloned() {
                    masks.tables.insert(new.clone(), columns);
                }
                if let Some(columns) = created.remove(&old) {
                    created.insert(new, columns);
                }
                continue;
            }
            if upper.starts_with("CREATE TABLE") {
                if let Some((table, columns)) = create_table(&words) {
                    created.insert(table, columns);
                }
            }
            let lower = statement.to_ascii_lowercase();
            let writes = matches!(
                script::first_word(statement).as_str(),
                "INSERT" | "UPDATE" | "REPLACE" | "WITH"
            );
            let calls: &[&str] = if writes {
                WRITING_CALLS
            } else {
                &["randomblob(", "random("]
            };
            let Some(call) = calls.iter().find(|call| lower.contains(*call)).copied() else {
                continue;
            };
            masks.call = masks.call.or(Some(call));
            match filled(&words, &created, conn) {
                Some((table, columns)) => {
                    let entry = masks.tables.entry(table).or_default();
                    // A whole table stays whole.
                    if !(entry.is_empty() && columns.is_empty()) {
                        entry.extend(columns);
                    }
                }
                None => masks.everything = true,
            }
        }
    }
    masks
}

/// `ALTER TABLE a RENAME TO b` -> (a, b).
fn renamed(words: &str) -> Option<(String, String)> {
    let rest = strip(words, "ALTER TABLE ")?;
    let (old, rest) = rest.split_once(' ')?;
    let new = strip(rest, "RENAME TO ")?;
    Some((unquote(old), unquote(new.trim_end_matches(';').trim())))
}

/// A `CREATE TABLE`'s name and column names (normalised: one item a line).
fn create_table(words: &str) -> Option<(String, Vec<String>)> {
    let head = words.lines().next()?;
    if !(strip(head, "CREATE ")?.contains("TABLE ") && head.ends_with('(')) {
        return None;
    }
    let name = head
        .trim_end_matches('(')
        .split_whitespace()
        .last()
        .map(unquote)?;
    let columns = words
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|line| {
            let first = line.split_whitespace().next().unwrap_or("");
            !line.starts_with(')')
                && !["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", ""].contains(&first)
        })
        .filter_map(|line| line.split_whitespace().next().map(unquote))
        .collect();
    Some((name, columns))
}

/// The table a writing statement fills with the call, and the columns it fills (empty: the
/// column cannot be told); `None` when not even the table can.
fn filled(
    words: &str,
    created: &BTreeMap<String, Vec<String>>,
    conn: &mut SqliteConnection,
) -> Option<(String, BTreeSet<String>)> {
    let upper = words.to_ascii_uppercase();
    if let Some(rest) = strip(words, "UPDATE ") {
        let rest = [
            "OR ROLLBACK ",
            "OR ABORT ",
            "OR REPLACE ",
            "OR FAIL ",
            "OR IGNORE ",
        ]
        .iter()
        .find_map(|or| strip(rest, or))
        .unwrap_or(rest);
        let (table, rest) = rest.split_once(' ')?;
        let set = strip(rest, "SET ")?;
        let set = cut_at(set, &[" WHERE ", " FROM ", " RETURNING "]);
        let columns = split_top_level(set)
            .into_iter()
            .filter(|item| calls(item))
            .filter_map(|item| item.split_once('=').map(|(c, _)| unquote(c.trim())))
            .collect();
        return Some((unquote(table), columns));
    }
    if !(upper.starts_with("INSERT") || upper.starts_with("REPLACE")) {
        // A CREATE TABLE whose DEFAULT is random: that column.
        let (table, columns) = create_table(words)?;
        let defaults = words
            .lines()
            .skip(1)
            .filter(|line| calls(line))
            .filter_map(|line| line.split_whitespace().next().map(unquote))
            .filter(|c| columns.contains(c))
            .collect();
        return Some((table, defaults));
    }
    let at = upper.find(" INTO ")? + " INTO ".len();
    let rest = &words[at..];
    let end = rest.find([' ', '(']).unwrap_or(rest.len());
    let table = unquote(&rest[..end]);
    let rest = rest[end..].trim_start();
    let (listed, rest) = match rest.strip_prefix('(') {
        Some(inner) => {
            let close = inner.find(')')?;
            let names: Vec<String> = inner[..close]
                .split(',')
                .map(|c| unquote(c.trim()))
                .collect();
            (Some(names), inner[close + 1..].trim_start())
        }
        None => (None, rest),
    };
    let items = if let Some(values) = strip(rest, "VALUES") {
        let inner = values.trim_start().strip_prefix('(')?;
        split_top_level(first_group(inner)?)
    } else {
        let select = strip(rest, "SELECT ")?;
        let select = strip(select, "DISTINCT ").unwrap_or(select);
        split_top_level(cut_at(select, &[" FROM ", " WHERE "]))
    };
    let columns = match listed {
        Some(names) => names,
        None => match created.get(&table) {
            Some(columns) => columns.clone(),
            None => schema::columns(conn, &table)
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.name)
                .collect(),
        },
    };
    let star = items
        .iter()
        .any(|i| i.trim() == "*" || i.trim().ends_with(".*"));
    let mut masked = BTreeSet::new();
    for (index, _) in items.iter().enumerate().filter(|(_, i)| calls(i)) {
        // After a `*`, positions count from the end of the column list.
        let position = if star {
            columns.len().checked_sub(items.len() - index)
        } else {
            Some(index)
        };
        match position.and_then(|p| columns.get(p)) {
            Some(column) => {
                masked.insert(column.clone());
            }
            None => return Some((table, BTreeSet::new())),
        }
    }
    Some((table, masked))
}

fn calls(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    WRITING_CALLS.iter().any(|call| lower.contains(call))
}

/// `text` after `prefix` (any case).
fn strip<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `text` up to the first of `ends` outside parentheses and quotes.
fn cut_at<'a>(text: &'a str, ends: &[&str]) -> &'a str {
    let mut depth = 0i32;
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            _ if depth == 0
                && !quoted
                && ends.iter().any(|end| strip(&text[at..], end).is_some()) =>
            {
                return &text[..at];
            }
            _ => {}
        }
    }
    text.trim_end_matches(';')
}

/// The text inside the parenthesis `inner` starts in (up to its closing one).
fn first_group(inner: &str) -> Option<&str> {
    let mut depth = 1i32;
    let mut quoted = false;
    for (at, c) in inner.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return Some(&inner[..at]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Items separated by commas outside parentheses and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (at, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

fn unquote(name: &str) -> String {
    name.trim().trim_matches(['"', '`', '[', ']']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::Connection;

    fn masked(sql: &str) -> Option<(String, BTreeSet<String>)> {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let mut created = BTreeMap::new();
        let mut last = None;
        for statement in script::statements(sql) {
            let words = normalize(statement);
            if let Some((table, columns)) = create_table(&words) {
                created.insert(table, columns);
            } else {
                last = filled(&words, &created, &mut conn);
            }
        }
        last
    }

    fn set(columns: &[&str]) -> BTreeSet<String> {
        columns.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn the_clock_masks_only_the_column_it_fills() {
        let star = "CREATE TABLE people_new (id INTEGER PRIMARY KEY, last_name TEXT,
            first_name TEXT, created_at TIMESTAMP NOT NULL);
            INSERT INTO people_new SELECT *, CURRENT_TIMESTAMP FROM people;";
        assert_eq!(
            masked(star),
            Some(("people_new".into(), set(&["created_at"])))
        );
        let named =
            "INSERT INTO api_keys (user_id, token) SELECT id, hex(randomblob(16)) FROM users;";
        assert_eq!(masked(named), Some(("api_keys".into(), set(&["token"]))));
        let values = "INSERT INTO t (a, b, c) VALUES (1, datetime('now'), 'x');";
        assert_eq!(masked(values), Some(("t".into(), set(&["b"]))));
        let update = "UPDATE users SET seen = 1, token = hex(randomblob(8)) WHERE id > 0;";
        assert_eq!(masked(update), Some(("users".into(), set(&["token"]))));
        // No column list and no table to read: the whole table.
        let unknown = "INSERT INTO nowhere SELECT *, CURRENT_TIMESTAMP FROM people;";
        assert_eq!(masked(unknown), Some(("nowhere".into(), set(&[]))));
    }

    #[test]
    fn a_rename_after_the_insert_carries_the_mask() {
        assert_eq!(
            renamed("ALTER TABLE people_new RENAME TO people"),
            Some(("people_new".into(), "people".into()))
        );
    }
}
