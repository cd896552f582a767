//! The checks, one file each (squawk's `rules/` is the model): what the rule finds, why it
//! matters, the safe way, a migration it rejects and one it accepts, and the tests that prove
//! both. `verify` runs every rule (`verify --explain NAME` prints one, and every problem names
//! its rule); the lessons' checklist uses the traps it shares with them (a foreign-keys pragma
//! inside a transaction, unnamed constraints). Rules are built on the migration engine and the
//! backend, never on `verify` or the course, which use them.

use std::fmt::Write as _;

use crate::postgres::effects::Effect;
use crate::postgres::split::Statement;

pub mod breaks_running_clients;
pub mod broken_foreign_keys;
pub mod concurrently_in_transaction;
pub mod constraint_not_valid;
pub mod down_fails;
pub mod down_loses_rows;
pub mod down_not_exact;
pub mod duplicate_version;
pub mod edited_migration;
pub mod frozen_now;
pub mod index_blocks_writes;
pub mod irreversible;
pub mod lock_held_during_scan;
pub mod missing_lock_timeout;
pub mod missing_up_sql;
pub mod not_null_scans;
pub mod not_null_without_default;
pub mod not_valid_hides_bad_rows;
pub mod old_app_breaks;
pub mod pragma_foreign_keys_in_transaction;
pub mod rebuild_loses_index;
pub mod suppression;
pub mod table_rewrite;
pub mod unique_builds_under_lock;
pub mod unnamed_constraint;
pub mod unusual_name;
pub mod up_again_differs;
pub mod up_fails;
pub mod up_loses_rows;

/// One rule.
#[derive(Debug)]
pub struct Rule {
    /// The name problems are reported under, e.g. `down-not-exact`.
    pub name: &'static str,
    /// What holds when the rule passes, as the checklist says it.
    pub summary: &'static str,
    /// Why a problem matters.
    pub why: &'static str,
    /// The safe way.
    pub fix: &'static str,
    /// Advice: its findings are notes that never fail `verify`.
    pub advisory: bool,
    /// The backends whose migrations it judges.
    pub on: On,
    /// Migrations the rule reports (oldest first).
    pub rejects: &'static [Example],
    /// The same change done right: the rule reports nothing.
    pub accepts: &'static [Example],
}

/// The backends a rule judges: what only SQLite or only a PostgreSQL server can show, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    Sqlite,
    Postgres,
    Both,
}

impl On {
    /// Whether a rule that judges these backends judges PostgreSQL's migrations.
    pub fn postgres(self) -> bool {
        self != On::Sqlite
    }

    /// Whether a rule that judges these backends judges SQLite's migrations.
    pub fn sqlite(self) -> bool {
        self != On::Postgres
    }
}

/// A migration folder of an example: its name, `up.sql` and `down.sql` (none: no file).
#[derive(Debug)]
pub struct Example {
    pub folder: &'static str,
    pub up: &'static str,
    pub down: Option<&'static str>,
    /// `metadata.toml` with `run_in_transaction = false`.
    pub outside_transaction: bool,
    /// The `src/schema.rs` of the app that keeps running while this migration deploys, which
    /// `old-app-breaks` judges the database against.
    pub app: Option<&'static str>,
}

impl Example {
    /// A migration diesel runs in its transaction.
    pub const fn new(folder: &'static str, up: &'static str, down: &'static str) -> Self {
        Example {
            folder,
            up,
            down: Some(down),
            outside_transaction: false,
            app: None,
        }
    }

    /// The example, deployed while an app with this `src/schema.rs` is running.
    pub const fn while_running(self, app: &'static str) -> Self {
        Example {
            app: Some(app),
            ..self
        }
    }
}

/// Every rule, in the order `verify` reports them.
pub const ALL: &[&Rule] = &[
    &missing_up_sql::RULE,
    &duplicate_version::RULE,
    &unusual_name::RULE,
    &suppression::RULE,
    &irreversible::RULE,
    &up_fails::RULE,
    &up_loses_rows::RULE,
    &rebuild_loses_index::RULE,
    &down_fails::RULE,
    &down_not_exact::RULE,
    &down_loses_rows::RULE,
    &up_again_differs::RULE,
    &broken_foreign_keys::RULE,
    &pragma_foreign_keys_in_transaction::RULE,
    &unnamed_constraint::RULE,
    &edited_migration::RULE,
    &concurrently_in_transaction::RULE,
    &not_null_without_default::RULE,
    &index_blocks_writes::RULE,
    &constraint_not_valid::RULE,
    &unique_builds_under_lock::RULE,
    &not_null_scans::RULE,
    &lock_held_during_scan::RULE,
    &table_rewrite::RULE,
    &missing_lock_timeout::RULE,
    &not_valid_hides_bad_rows::RULE,
    &old_app_breaks::RULE,
    &breaks_running_clients::RULE,
    &frozen_now::RULE,
];

/// The rule called `name`.
pub fn named(name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.name == name)
}

impl Rule {
    /// The rule as `verify --explain` prints it.
    pub fn explain(&self) -> String {
        let mut text = format!(
            "{}{}\n\n",
            self.name,
            if self.advisory { " (advice)" } else { "" }
        );
        let _ = writeln!(
            text,
            "Checks: {}\n\nWhy: {}\n\nThe safe way: {}",
            self.summary, self.why, self.fix
        );
        for (title, examples) in [("Rejected", self.rejects), ("Accepted", self.accepts)] {
            let _ = writeln!(text, "\n{title}:");
            for example in examples {
                let _ = writeln!(text, "  {}/up.sql:\n{}", example.folder, indent(example.up));
                match example.down {
                    Some(down) => {
                        let _ = writeln!(text, "  {}/down.sql:\n{}", example.folder, indent(down));
                    }
                    None => {
                        let _ = writeln!(text, "  ({} has no down.sql)", example.folder);
                    }
                }
                if example.outside_transaction {
                    let _ = writeln!(
                        text,
                        "  {}/metadata.toml: run_in_transaction = false",
                        example.folder
                    );
                }
                if let Some(app) = example.app {
                    let app: Vec<String> = app.lines().map(|l| format!("    {l}")).collect();
                    let _ = writeln!(
                        text,
                        "  {} deploys while the app still running has this src/schema.rs:\n{}",
                        example.folder,
                        app.join("\n")
                    );
                }
            }
        }
        text
    }
}

fn indent(sql: &str) -> String {
    sql.trim()
        .lines()
        .map(|line| format!("    {}", line.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One statement of a migration as a PostgreSQL server ran it: where it is and what it did.
pub struct Ran<'a> {
    /// The migration's folder name.
    pub migration: &'a str,
    /// `up.sql` or `down.sql`.
    pub file: &'a str,
    pub statement: &'a Statement,
    /// The statements of the same file before it.
    pub earlier: &'a [Statement],
    pub effect: &'a Effect,
}

impl Ran<'_> {
    /// The earlier statement of the file that empties `table` on purpose (`TRUNCATE`, or `DELETE
    /// FROM` without `WHERE`), if there is one.
    pub fn emptied(&self, table: &str) -> Option<&Statement> {
        self.earlier.iter().find(|s| {
            let words = s.words();
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            let named = |t: &&str| t.eq_ignore_ascii_case(table);
            match w.as_slice() {
                ["TRUNCATE", "TABLE", t, ..] | ["TRUNCATE", t, ..] => named(t),
                ["DELETE", "FROM", t, rest @ ..] => named(t) && !rest.contains(&"WHERE"),
                _ => false,
            }
        })
    }

    /// The earlier statement of the file that updates `table` (a backfill), if there is one.
    pub fn updated(&self, table: &str) -> Option<&Statement> {
        self.earlier.iter().rev().find(|s| {
            let words = s.words();
            words.first().is_some_and(|w| w == "UPDATE")
                && words
                    .iter()
                    .skip(1)
                    .find(|w| *w != "ONLY")
                    .is_some_and(|t| t.eq_ignore_ascii_case(table))
        })
    }

    /// Where the statement is: `migrations/NAME/up.sql:LINE`.
    pub fn at(&self) -> String {
        format!(
            "migrations/{}/{}:{}",
            self.migration, self.file, self.statement.line
        )
    }

    /// A problem of `rule` about this statement, its place first.
    pub fn problem(&self, rule: &Rule, text: impl Into<String>) -> Problem {
        Problem::new(
            rule,
            Some(self.migration),
            format!("{}: {}", self.at(), text.into()),
        )
        .in_file(self.file, Some(self.statement.line))
    }

    /// What every rule that reads a statement's effects says of it.
    pub fn judged(&self) -> Vec<Problem> {
        [
            index_blocks_writes::judge(self),
            constraint_not_valid::judge(self),
            unique_builds_under_lock::judge(self),
            not_null_scans::judge(self),
            not_null_without_default::judge_added(self),
            lock_held_during_scan::judge(self),
            table_rewrite::judge(self),
            missing_lock_timeout::judge(self),
            breaks_running_clients::judge(self),
            frozen_now::judge(self),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// One problem (or note) `verify` found: the rule, the migration it is about, where in it,
/// and one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: &'static str,
    /// The migration's folder name, when the problem is about one.
    pub migration: Option<String>,
    /// The migration's file it is about (`up.sql`, `down.sql`), when it is about one.
    pub file: Option<String>,
    /// The line of that file where the statement starts, when it is about one statement.
    pub line: Option<usize>,
    pub text: String,
    /// A note: printed, never a failure (every finding of an advisory rule is one).
    pub note: bool,
}

impl Problem {
    pub fn new(rule: &Rule, migration: Option<&str>, text: impl Into<String>) -> Self {
        Problem {
            rule: rule.name,
            migration: migration.map(str::to_string),
            file: None,
            line: None,
            text: text.into(),
            note: rule.advisory,
        }
    }

    /// The problem, about `file` of its migration (at `line`, when known).
    pub fn in_file(self, file: &str, line: Option<usize>) -> Self {
        Problem {
            file: Some(file.to_string()),
            line,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_have_unique_names_and_explain_themselves() {
        let mut names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        let text = named("down-not-exact").unwrap().explain();
        assert!(
            text.starts_with("down-not-exact\n\nChecks: each down.sql gives back"),
            "{text}"
        );
        assert!(
            text.contains("Rejected:\n  2024-01-01-120000_create_users/up.sql:"),
            "{text}"
        );
        assert!(text.contains("\nThe safe way: "), "{text}");
    }
}
