//! The running app's view of a walk: the database's tables after each migration, judged
//! against the app's `table!` definitions. A way the database breaks the app is the doing of
//! the judged migration after which it appeared (and stayed to the end); one that was there
//! before the judged migrations is not theirs, and is said in a note.

use std::collections::BTreeMap;

use super::{Break, RULE, breaks, same};
use crate::app_schema::AppSchema;
use crate::describe::{Schema, Table};
use crate::postgres::split::{Statement, statements};
use crate::rules::{On, Problem};

/// The judged migration that left a break, and what says where and how.
#[derive(Debug, Clone)]
struct Cause {
    migration: String,
    /// The line of its up.sql that names what broke.
    line: Option<usize>,
    /// The new name of a table or column that is gone under the app's name for it.
    renamed: Option<String>,
    /// For a NOT NULL column the app does not know: what the migration did to it (`adds`,
    /// `makes` one that took NULL, `drops the default of` one that had it).
    did: &'static str,
}

/// The app still running, watching the walk.
pub struct Watch<'a> {
    app: &'a AppSchema,
    /// Where the app's tables were read: `src/schema.rs at HEAD~1`.
    from: String,
    on: On,
    /// Every way the database breaks the app now, with the judged migration that did it
    /// (`None`: it did before the judged migrations).
    open: BTreeMap<Break, Option<Cause>>,
    /// The database after the last migration.
    previous: Schema,
}

impl<'a> Watch<'a> {
    /// The watch on the database `start` before the first migration (empty, or the seed's).
    pub fn new(app: &'a AppSchema, from: &str, on: On, start: Schema) -> Watch<'a> {
        Watch {
            open: breaks(app, &start, on)
                .into_iter()
                .map(|b| (b, None))
                .collect(),
            app,
            from: from.to_string(),
            on,
            previous: start,
        }
    }

    /// After the migration `name` (its up.sql `up`) left the database `now`: what breaks the app
    /// from here on is its doing when it is `judged`, else it was there before the judged ones.
    pub fn after(&mut self, name: &str, up: &str, judged: bool, now: Schema) {
        let found = breaks(self.app, &now, self.on);
        self.open.retain(|b, _| found.contains(b));
        for b in found {
            if self.open.contains_key(&b) {
                continue;
            }
            let cause = (judged && self.narrowed_here(&b)).then(|| {
                let renamed = renamed(&b, (&self.previous, &now), up, self.on);
                let word = match (&b, b.column()) {
                    (Break::TableGone { table }, _) => table.as_str(),
                    (_, Some(column)) => column,
                    (_, None) => b.table(),
                };
                let before = b
                    .column()
                    .and_then(|c| column_of(&self.previous, b.table(), c, self.on));
                let did = match before {
                    None => "adds",
                    Some(c) if c.not_null && c.has_default => "drops the default of",
                    Some(_) => "makes",
                };
                Cause {
                    migration: name.to_string(),
                    line: line(up, b.table(), word),
                    renamed,
                    did,
                }
            });
            self.open.insert(b, cause);
        }
        self.previous = now;
    }

    /// False for a column of a length the app's `table!` does not state (diesel 1 wrote none)
    /// that the migration did not make shorter: it was as long before, or new.
    fn narrowed_here(&self, b: &Break) -> bool {
        let Break::Narrowed {
            table,
            column,
            app: None,
            now,
        } = b
        else {
            return true;
        };
        match column_of(&self.previous, table, column, self.on) {
            Some(before) => before.diesel_type.max_length.is_none_or(|then| then > *now),
            None => false,
        }
    }

    /// The problems: each way the database breaks the app that a judged migration did (a
    /// renamed column's new name is said with the rename, not as a column the app lacks).
    pub fn problems(&self) -> Vec<Problem> {
        let renamed_to = |table: &str, column: &str| {
            self.open.iter().any(|(b, cause)| {
                matches!(b, Break::ColumnGone { .. })
                    && same(b.table(), table, self.on)
                    && cause
                        .as_ref()
                        .and_then(|c| c.renamed.as_deref())
                        .is_some_and(|new| same(new, column, self.on))
            })
        };
        self.open
            .iter()
            .filter(|(b, _)| match b {
                Break::Required { table, column } => !renamed_to(table, column),
                _ => true,
            })
            .filter_map(|(b, cause)| {
                let cause = cause.as_ref()?;
                let text = said(b, cause, &self.from);
                Some(
                    Problem::new(&RULE, Some(&cause.migration), text).in_file("up.sql", cause.line),
                )
            })
            .collect()
    }

    /// What the database lacked for the app before the judged migrations: not theirs.
    pub fn note(&self) -> Option<String> {
        // A length the app does not state is no disagreement (diesel 1 wrote none).
        let before: Vec<String> = self
            .open
            .iter()
            .filter(|(b, cause)| cause.is_none() && !matches!(b, Break::Narrowed { app: None, .. }))
            .map(|(b, _)| lacked(b))
            .collect();
        if before.is_empty() {
            return None;
        }
        let shown = before.len().min(3);
        let more = match before.len() - shown {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        Some(format!(
            "old-app-breaks: {} and the database disagreed before the judged migrations ({}{more}); \
             no judged migration did it, so it is not judged",
            self.from,
            before[..shown].join(", ")
        ))
    }
}

/// What a break the database already had is, in a few words.
fn lacked(b: &Break) -> String {
    match b {
        Break::TableGone { table } => format!("no table {table}"),
        Break::ColumnGone { table, column } => format!("no column {table}.{column}"),
        Break::Retyped {
            table, column, now, ..
        } => format!("{table}.{column} of type {now}"),
        Break::Narrowed {
            table, column, now, ..
        } => format!("{table}.{column} of {now} characters"),
        Break::Required { table, column } => {
            format!("{table}.{column} NOT NULL without a default")
        }
    }
}

/// The problem's line: where, what, and the safe sequence.
fn said(b: &Break, cause: &Cause, from: &str) -> String {
    let at = match cause.line {
        Some(n) => format!("migrations/{}/up.sql:{n}", cause.migration),
        None => format!("migrations/{}/up.sql", cause.migration),
    };
    let app = format!("the app still running ({from})");
    let later = "until every server runs the new app";
    match (b, &cause.renamed) {
        (Break::TableGone { table }, Some(new)) => format!(
            "{at}: renames table {table} to {new} while {app} still queries {table}: its queries \
             fail {later}; split it (expand and contract): create {new} beside {table} and keep \
             both in step (or leave a view named {table}), release the app that uses {new}, then \
             drop {table} in a later migration"
        ),
        (Break::TableGone { table }, None) => format!(
            "{at}: drops table {table}, which {app} still queries: its queries fail {later}; \
             release an app whose schema.rs no longer has table {table} first, then drop it in a \
             later migration"
        ),
        (Break::ColumnGone { table, column }, Some(new)) => format!(
            "{at}: renames {table}.{column} to {new} while {app} still selects {column} (Diesel \
             selects every column its table! names): its queries on {table} fail {later}; split \
             it (expand and contract): add {new} beside {column} and keep both in step (a \
             trigger, or the app writing both), release the app that uses {new}, then drop \
             {column} in a later migration"
        ),
        (Break::ColumnGone { table, column }, None) => format!(
            "{at}: drops {table}.{column}, which {app} still selects (Diesel selects every column \
             its table! names): its queries on {table} fail {later}; release an app whose \
             schema.rs no longer names {column} first, then drop it in a later migration"
        ),
        (
            Break::Retyped {
                table,
                column,
                app: written,
                now,
                why,
            },
            _,
        ) => format!(
            "{at}: changes {table}.{column} to {now}, which {app} reads as {written}: {why}; add \
             a column of the new type beside it and keep both in step, release the app that uses \
             it, then drop the old one in a later migration"
        ),
        (
            Break::Narrowed {
                table,
                column,
                app: longest,
                now,
            },
            _,
        ) => format!(
            "{at}: narrows {table}.{column} to {now} characters while {app} writes {}: its longer \
             values fail {later}; narrow it only once every server runs an app that writes no \
             more than {now}",
            match longest {
                Some(n) => format!("up to {n} (its #[max_length = {n}])"),
                None =>
                    "what the column took before (its table! gives no #[max_length])".to_string(),
            }
        ),
        (Break::Required { table, column }, _) => format!(
            "{at}: {}, a column {app} does not know: its inserts into {table} leave it out and \
             fail {later}; add it with a default (or nullable), release the app that writes it, \
             then drop the default (or SET NOT NULL) in a later migration",
            match cause.did {
                "drops the default of" =>
                    format!("drops the default of {table}.{column}, NOT NULL"),
                did => format!("{did} {table}.{column} NOT NULL without a default"),
            }
        ),
    }
}

/// The table or column that took the place of the one `b` misses, when the migration renamed
/// it: the one new column of the same type in the same table (or, retyped too, the one new
/// column a statement of `up` renames it to), or the one new table with the same columns.
fn renamed(b: &Break, (before, now): (&Schema, &Schema), up: &str, on: On) -> Option<String> {
    let new_tables = || {
        now.tables
            .iter()
            .filter(|t| table_of(before, &t.name, on).is_none())
    };
    let one = |found: Vec<String>| match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    };
    match b {
        Break::TableGone { table } => {
            let old = table_of(before, table, on)?;
            one(new_tables()
                .filter(|t| same_columns(t, old, on))
                .map(|t| t.name.clone())
                .collect())
        }
        Break::ColumnGone { table, column } => {
            let old = column_of(before, table, column, on)?;
            let (then, now) = (table_of(before, table, on)?, table_of(now, table, on)?);
            let new: Vec<&crate::describe::Column> = now
                .columns
                .iter()
                .filter(|c| !then.columns.iter().any(|t| same(&t.name, &c.name, on)))
                .collect();
            let alike = new.iter().filter(|c| c.diesel_type == old.diesel_type);
            one(alike.map(|c| c.name.clone()).collect()).or_else(|| {
                let said = statements(up);
                let renames = |to: &str| {
                    said.iter().any(|s| {
                        let text = s.text.to_lowercase();
                        s.says(&["RENAME"])
                            && names(&text, &column.to_lowercase())
                            && names(&text, &to.to_lowercase())
                    })
                };
                one(new
                    .iter()
                    .filter(|c| renames(&c.name))
                    .map(|c| c.name.clone())
                    .collect())
            })
        }
        _ => None,
    }
}

fn table_of<'s>(schema: &'s Schema, name: &str, on: On) -> Option<&'s Table> {
    schema.tables.iter().find(|t| same(&t.name, name, on))
}

fn column_of<'s>(
    schema: &'s Schema,
    table: &str,
    column: &str,
    on: On,
) -> Option<&'s crate::describe::Column> {
    table_of(schema, table, on)?
        .columns
        .iter()
        .find(|c| same(&c.name, column, on))
}

fn same_columns(a: &Table, b: &Table, on: On) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .all(|c| b.columns.iter().any(|d| same(&c.name, &d.name, on)))
}

/// The line where the statement of `up` that did it starts: the first that changes a table
/// (ALTER, DROP, CREATE) naming `word` and `table`, else one naming `word`, else one changing
/// `table` (a rebuild drops the old table), else any naming `word`.
fn line(up: &str, table: &str, word: &str) -> Option<usize> {
    let all: Vec<(Statement, String)> = statements(up)
        .into_iter()
        .map(|s| {
            let text = s.text.to_lowercase();
            (s, text)
        })
        .collect();
    let (table, word) = (table.to_lowercase(), word.to_lowercase());
    let changes = |s: &Statement| {
        let first = s.words().into_iter().next().unwrap_or_default();
        ["ALTER", "DROP", "CREATE"].contains(&first.as_str())
    };
    let found = |wanted: &dyn Fn(&Statement, &str) -> bool| {
        all.iter()
            .find(|(s, text)| wanted(s, text))
            .map(|(s, _)| s.line)
    };
    found(&|s, t| changes(s) && names(t, &word) && names(t, &table))
        .or_else(|| found(&|s, t| changes(s) && names(t, &word)))
        .or_else(|| found(&|s, t| changes(s) && names(t, &table)))
        .or_else(|| found(&|_, t| names(t, &word)))
}

/// Whether `text` has `word` as a whole word.
fn names(text: &str, word: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}
