//! The SQLite traps a migration can fall into, found by reading any Diesel migrations folder or
//! by comparing a database's catalogue before and after a migration. Each finding is one line
//! that names the trap and the fix.

use crate::migration::{self, Migrations};
use crate::sqlite::sql::{self, ConstraintKind};

/// The first migration whose `up.sql` or `down.sql` sets `PRAGMA foreign_keys` although diesel
/// runs it inside a transaction (no `metadata.toml` with `run_in_transaction = false`), where
/// SQLite silently ignores that pragma.
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

/// The constraints of a `CREATE TABLE` that have no name, said as `UNIQUE (username)`: SQLite
/// can only change or drop them by rebuilding the table, and cannot tell you which one failed.
/// Primary keys and NOT NULL are left out: they are not named in practice.
pub fn unnamed_constraints(create_table: &str) -> Vec<String> {
    sql::table_constraints(create_table)
        .into_iter()
        .filter(|c| c.name.is_none())
        .filter_map(|c| {
            let what = match c.kind {
                ConstraintKind::Unique => "UNIQUE",
                ConstraintKind::ForeignKey => "FOREIGN KEY",
                ConstraintKind::Check => return Some(format!("CHECK ({})", c.expression)),
                ConstraintKind::PrimaryKey | ConstraintKind::NotNull => return None,
            };
            Some(format!("{what} ({})", c.columns.join(", ")))
        })
        .collect()
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
    fn unnamed_constraints_are_listed_and_named_ones_are_not() {
        let sql = "CREATE TABLE tasks (id INTEGER PRIMARY KEY NOT NULL, \
                   description TEXT NOT NULL CHECK (description <> ''), \
                   user_id INTEGER CONSTRAINT fk_tasks_user_id REFERENCES users(id), \
                   category_id INTEGER REFERENCES categories(id), \
                   code TEXT UNIQUE, \
                   CONSTRAINT uq_tasks_code_user UNIQUE (code, user_id))";
        assert_eq!(
            unnamed_constraints(sql),
            [
                "CHECK (description <> '')",
                "FOREIGN KEY (category_id)",
                "UNIQUE (code)"
            ]
        );
    }
}
