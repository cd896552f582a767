//! Migrated once, copied for every goal: a lesson's check gives each goal a fresh database
//! migrated through some of the lesson's migrations, and running those migrations again for
//! each goal was most of a check's time. A scratch database made from `Templates` keeps a copy
//! of itself after each migration it applies to a fresh database, in order; a later scratch
//! database asked to migrate that far starts from the copy instead, and runs only the
//! migrations after it.
//!
//! A copy is a database identical to the one the migrations made, page for page (the file is
//! copied, not dumped and reloaded), and its connection gets the settings the migrations left
//! on theirs. A state a copy cannot carry is never kept: temporary tables or triggers, an
//! attached database, a journal mode other than the scratch database's own.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use tempfile::TempDir;

use crate::migration::Migrations;

/// The connection settings (PRAGMAs) a migration may change that live on the connection, not
/// in the file: a copy's new connection is given the values the migrations left.
const SETTINGS: [&str; 7] = [
    "foreign_keys",
    "recursive_triggers",
    "legacy_alter_table",
    "automatic_index",
    "reverse_unordered_selects",
    "ignore_check_constraints",
    "trusted_schema",
];

/// Copies of databases migrated through the first migrations of one folder.
pub struct Templates<'a> {
    migrations: &'a Migrations,
    dir: TempDir,
    /// By how many migrations were applied: the copy and the settings its connection had.
    kept: RefCell<BTreeMap<usize, Kept>>,
    /// Removes the folder if the run is interrupted.
    _removed: crate::interrupt::Registered,
}

/// One kept copy.
#[derive(Clone)]
pub(super) struct Kept {
    pub(super) file: PathBuf,
    /// The `PRAGMA name = value;` statements that give a connection the migrations' settings.
    pub(super) settings: String,
}

impl<'a> Templates<'a> {
    /// No copies yet, for `migrations`.
    pub fn new(migrations: &'a Migrations) -> Result<Self, String> {
        let dir = crate::throwaway::folder("workbook-templates-")
            .map_err(|e| format!("cannot make a template folder: {e}"))?;
        Ok(Templates {
            migrations,
            _removed: crate::interrupt::remove_on_interrupt(dir.path()),
            dir,
            kept: RefCell::new(BTreeMap::new()),
        })
    }

    /// The migrations the copies are made from.
    pub fn migrations(&self) -> &'a Migrations {
        self.migrations
    }

    /// The copy with the most migrations applied, more than `from` and at most `to`.
    pub(super) fn best(&self, from: usize, to: usize) -> Option<(usize, Kept)> {
        self.kept
            .borrow()
            .range(from + 1..=to)
            .next_back()
            .map(|(applied, kept)| (*applied, kept.clone()))
    }

    /// Keeps a copy of `file`, the database of `conn` after its first `applied` migrations
    /// (applied to a fresh database, in order), unless one is kept already or the state is one a
    /// copy cannot carry. A copy that cannot be made is not kept: the next goal migrates.
    pub(super) fn keep(&self, applied: usize, conn: &mut SqliteConnection, file: &Path) {
        if self.kept.borrow().contains_key(&applied) {
            return;
        }
        let Some(settings) = copyable(conn) else {
            return;
        };
        let copy = self.dir.path().join(format!("after-{applied}.db"));
        if std::fs::copy(file, &copy).is_ok() {
            self.kept.borrow_mut().insert(
                applied,
                Kept {
                    file: copy,
                    settings,
                },
            );
        }
    }
}

/// The settings of `conn` as statements, when its database can be copied as a file and be
/// the same database: no temporary objects, nothing attached, the rollback journal in memory
/// (so every committed change is in the file) and no transaction open.
fn copyable(conn: &mut SqliteConnection) -> Option<String> {
    #[derive(QueryableByName)]
    struct Value {
        #[diesel(sql_type = Text)]
        value: String,
    }
    let one = |conn: &mut SqliteConnection, sql: &str| -> Option<String> {
        diesel::sql_query(sql)
            .get_result::<Value>(conn)
            .ok()
            .map(|v| v.value)
    };
    // A transaction left open (by a migration run outside diesel's) makes BEGIN fail.
    conn.batch_execute("BEGIN; COMMIT").ok()?;
    let count = |conn: &mut SqliteConnection, from: &str| {
        one(
            conn,
            &format!("SELECT CAST(count(*) AS TEXT) AS value FROM {from}"),
        )
    };
    if count(conn, "temp.sqlite_schema")? != "0"
        || count(
            conn,
            "pragma_database_list WHERE name NOT IN ('main', 'temp')",
        )? != "0"
    {
        return None;
    }
    if one(
        conn,
        "SELECT journal_mode AS value FROM pragma_journal_mode",
    )? != "memory"
    {
        return None;
    }
    let mut settings = String::new();
    for name in SETTINGS {
        let value: i64 = diesel::dsl::sql::<BigInt>(&format!("SELECT * FROM pragma_{name}"))
            .get_result(conn)
            .ok()?;
        settings.push_str(&format!("PRAGMA {name} = {value};"));
    }
    Some(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::scratch::Scratch;
    use diesel_migrations::FileBasedMigrations;

    fn no_app(_: &mut SqliteConnection, _: &[&str]) -> crate::error::Result<String> {
        unreachable!("no app runs here")
    }

    fn load(dir: &Path) -> Migrations {
        let folder = FileBasedMigrations::from_path(dir).unwrap();
        Migrations::load(&folder, dir).unwrap()
    }

    #[test]
    fn a_copy_is_the_database_the_migrations_made_and_stops_where_asked() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../solutions/lesson-07/migrations");
        let migrations = load(&dir);
        let templates = Templates::new(&migrations).unwrap();
        let mut first = Scratch::from_templates(&templates, &no_app).unwrap();
        first.migrate().unwrap();
        let mut copy = Scratch::from_templates(&templates, &no_app).unwrap();
        copy.migrate().unwrap();
        assert!(
            copy.database().url.ends_with("scratch-11.db"),
            "not a copy: {}",
            copy.database().url
        );
        assert_eq!(copy.schema(), first.schema());
        assert_eq!(copy.rows(), first.rows());
        assert_eq!(
            copy.lines("SELECT * FROM pragma_foreign_keys").unwrap(),
            ["1"]
        );
        // Part of the way: the copy after constrain_tasks, and nothing after it.
        let mut part = Scratch::from_templates(&templates, &no_app).unwrap();
        part.migrate_through("constrain_tasks").unwrap();
        let mut slow = Scratch::new(&migrations, &no_app).unwrap();
        slow.migrate_through("constrain_tasks").unwrap();
        assert!(part.database().url.ends_with("scratch-8.db"));
        assert_eq!(part.schema(), slow.schema());
        assert_eq!(part.rows(), slow.rows());
    }

    #[test]
    fn a_database_with_temporary_tables_is_never_copied() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("2026-01-01-000000_make");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(
            folder.join("up.sql"),
            "CREATE TABLE kept (x INTEGER); CREATE TEMP TABLE scratchpad (y INTEGER);",
        )
        .unwrap();
        std::fs::write(folder.join("down.sql"), "DROP TABLE kept;").unwrap();
        let migrations = load(dir.path());
        let templates = Templates::new(&migrations).unwrap();
        Scratch::from_templates(&templates, &no_app)
            .unwrap()
            .migrate()
            .unwrap();
        let mut second = Scratch::from_templates(&templates, &no_app).unwrap();
        second.migrate().unwrap();
        assert!(second.database().url.ends_with("scratch.db"));
        assert_eq!(
            second.lines("SELECT name FROM temp.sqlite_schema").unwrap(),
            ["scratchpad"]
        );
    }
}
