//! `pragma-foreign-keys-in-transaction`: `PRAGMA foreign_keys = OFF` where SQLite ignores it.

use diesel::migration::Migration;
use diesel::sqlite::Sqlite;

use super::{Example, On, Problem, Rule};
use crate::migration::{self, Direction, Migrations, script};
use crate::sqlite::sql;

pub const RULE: Rule = Rule {
    name: "pragma-foreign-keys-in-transaction",
    summary: "no migration that diesel runs in its transaction relies on PRAGMA foreign_keys",
    why: "diesel runs each migration in a transaction, where SQLite silently ignores PRAGMA \
          foreign_keys: a rebuild's DROP TABLE then fails, or deletes or cascades the rows that \
          refer to the table",
    fix: "give the migration a metadata.toml with `run_in_transaction = false`, and open the \
          transaction yourself after the pragma (PRAGMA foreign_keys = OFF; BEGIN; ...; \
          PRAGMA foreign_key_check; COMMIT; PRAGMA foreign_keys = ON)",
    advisory: false,
    on: On::Sqlite,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-02-120000_require_name",
            "PRAGMA foreign_keys = OFF;
             CREATE TABLE new_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
             INSERT INTO new_users SELECT id, coalesce(name, '') FROM users;
             DROP TABLE users; ALTER TABLE new_users RENAME TO users;
             PRAGMA foreign_keys = ON;",
            "CREATE TABLE old_users (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO old_users SELECT id, name FROM users;
             DROP TABLE users; ALTER TABLE old_users RENAME TO users;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);",
            "DROP TABLE users;",
        ),
        Example {
            folder: "2024-01-02-120000_require_name",
            up: "PRAGMA foreign_keys = OFF; BEGIN;
                 CREATE TABLE new_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
                 INSERT INTO new_users SELECT id, coalesce(name, '') FROM users;
                 DROP TABLE users; ALTER TABLE new_users RENAME TO users;
                 COMMIT; PRAGMA foreign_keys = ON;",
            down: Some(
                "PRAGMA foreign_keys = OFF; BEGIN;
                 CREATE TABLE old_users (id INTEGER PRIMARY KEY, name TEXT);
                 INSERT INTO old_users SELECT id, name FROM users;
                 DROP TABLE users; ALTER TABLE old_users RENAME TO users;
                 COMMIT; PRAGMA foreign_keys = ON;",
            ),
            outside_transaction: true,
            app: None,
        },
    ],
};

/// The problems (a pragma turning foreign keys off for a DROP TABLE or a rename in a
/// transactional migration) and notes (`= ON` alone, which changes nothing there) of one
/// migration, up and down. An OFF/ON pair around statements that do not depend on it is not
/// flagged. With `foreign_keys` off (the project migrates with them off) the pragma does
/// nothing either way: a note.
pub fn judge(m: &dyn Migration<Sqlite>, foreign_keys: bool) -> Vec<Problem> {
    if !m.metadata().run_in_transaction() {
        return Vec::new();
    }
    let name = migration::full_name(m);
    let mut found = Vec::new();
    for (direction, file) in [(Direction::Up, "up.sql"), (Direction::Down, "down.sql")] {
        let text = script::text(m, direction).unwrap_or_default();
        let statements = script::statements(&text);
        // Some(true) for `PRAGMA foreign_keys = OFF` (or 0, false, no), Some(false) for ON.
        let setting = |s: &str| {
            let words = sql::normalize(s).to_ascii_uppercase();
            let words = words.trim_end_matches([';', ' ']);
            let value = words
                .strip_prefix("PRAGMA FOREIGN_KEYS")?
                .trim_start_matches([' ', '=', '(']);
            Some(matches!(
                value.trim_end_matches([' ', ')']),
                "OFF" | "0" | "FALSE" | "NO"
            ))
        };
        let mut off = false;
        let mut needs: Option<String> = None;
        let mut noted_on = false;
        for statement in &statements {
            match setting(statement) {
                Some(true) => off = true,
                Some(false) => {
                    if !off && !noted_on {
                        noted_on = true;
                        found.push(Problem {
                            note: true,
                            ..Problem::new(
                                &RULE,
                                Some(&name),
                                format!(
                                    "migrations/{name}/{file} sets PRAGMA foreign_keys = ON inside \
                                     diesel's transaction, where it does nothing (foreign keys are \
                                     as the connection had them)"
                                ),
                            )
                            .in_file(file, None)
                        });
                    }
                    off = false;
                }
                None if off && needs.is_none() => {
                    let words = sql::normalize(statement);
                    let upper = words.to_ascii_uppercase();
                    if upper.starts_with("DROP TABLE")
                        || (upper.starts_with("ALTER TABLE") && upper.contains(" RENAME "))
                    {
                        needs = Some(words);
                    }
                }
                None => {}
            }
        }
        if let Some(statement) = needs {
            found.push(Problem {
                note: !foreign_keys,
                ..Problem::new(
                &RULE,
                Some(&name),
                format!(
                    "migrations/{name}/{file} turns foreign keys off for `{statement}`, but diesel \
                     runs it inside a transaction, where SQLite ignores that pragma: {}; add \
                     migrations/{name}/metadata.toml with `run_in_transaction = false` and open \
                     the transaction yourself after the pragma",
                    if foreign_keys {
                        "the statement then fails, or deletes or cascades the rows that refer to \
                         the table"
                    } else {
                        "harmless while the connection migrates with foreign keys off, as here, \
                         but on one with them on the statement fails, or deletes or cascades the \
                         rows that refer to the table"
                    }
                ),
            )
            .in_file(file, None)
            });
        }
    }
    found
}

/// The lessons' checklist's form of the rule (`verify` judges each statement with `judge`): the
/// first migration whose `up.sql` or `down.sql` sets `PRAGMA foreign_keys` although diesel runs
/// it inside a transaction (no `metadata.toml` with `run_in_transaction = false`), where SQLite
/// silently ignores that pragma.
pub fn pragma_in_transaction(migrations: &Migrations) -> Result<(), String> {
    for m in migrations
        .iter()
        .filter(|m| m.metadata().run_in_transaction())
    {
        for file in ["up.sql", "down.sql"] {
            let text = std::fs::read_to_string(migrations.folder(m).join(file)).unwrap_or_default();
            if sets_foreign_keys(&text) {
                let name = migration::full_name(m);
                return Err(format!(
                    "migrations/{name}/{file} sets PRAGMA foreign_keys, but diesel runs it inside a \
                     transaction, where SQLite silently ignores that pragma: a rebuild's DROP TABLE \
                     then fails, or deletes or cascades the rows that point at the table; add \
                     migrations/{name}/metadata.toml with `run_in_transaction = false` and open \
                     the transaction yourself after the pragma"
                ));
            }
        }
    }
    Ok(())
}

fn sets_foreign_keys(sql_text: &str) -> bool {
    let statements = sql::normalize(sql_text).to_ascii_lowercase();
    statements.contains("pragma foreign_keys")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load(root: &Path) -> Migrations {
        let folder = diesel_migrations::FileBasedMigrations::from_path(root).unwrap();
        Migrations::load(&folder, root).unwrap()
    }

    fn folder(root: &Path, name: &str, up: &str, metadata: Option<&str>) {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("up.sql"), up).unwrap();
        std::fs::write(dir.join("down.sql"), "SELECT 1;").unwrap();
        if let Some(metadata) = metadata {
            std::fs::write(dir.join("metadata.toml"), metadata).unwrap();
        }
    }

    #[test]
    fn a_foreign_keys_pragma_needs_a_migration_outside_the_transaction() {
        let root = tempfile::tempdir().unwrap();
        let rebuild = "PRAGMA foreign_keys=OFF;\nBEGIN;\nDROP TABLE users;\nCOMMIT;";
        folder(
            root.path(),
            "2026-11-24-180000_outside",
            rebuild,
            Some("# outside\nrun_in_transaction = false # really\n"),
        );
        folder(
            root.path(),
            "2026-11-24-185000_commented",
            "-- PRAGMA foreign_keys = OFF is not needed here\nSELECT 1;",
            None,
        );
        assert_eq!(pragma_in_transaction(&load(root.path())), Ok(()));

        folder(
            root.path(),
            "2026-11-24-190000_inside",
            rebuild,
            Some("run_in_transaction = true\n"),
        );
        let error = pragma_in_transaction(&load(root.path())).unwrap_err();
        assert!(
            error
                .starts_with("migrations/2026-11-24-190000_inside/up.sql sets PRAGMA foreign_keys"),
            "{error}"
        );
        assert!(error.contains("run_in_transaction = false"), "{error}");
    }

    #[test]
    fn with_foreign_keys_off_the_pragma_in_a_transaction_is_a_note_that_says_it_is_harmless_here() {
        let root = tempfile::tempdir().unwrap();
        let rebuild = "PRAGMA foreign_keys=OFF;\nDROP TABLE users;";
        folder(root.path(), "2026-11-24-190000_inside", rebuild, None);
        let migrations = load(root.path());
        let m = migrations.iter().next().unwrap();
        let on = judge(m, true);
        assert!(
            !on[0].note && on[0].text.contains(": the statement then fails"),
            "{on:?}"
        );
        let off = judge(m, false);
        assert!(off[0].note, "{off:?}");
        assert!(
            off[0]
                .text
                .contains("harmless while the connection migrates with foreign keys off, as here"),
            "{off:?}"
        );
    }
}
