//! The migration verbs, named like diesel_cli's so the skill transfers: `run`, `revert`,
//! `redo`, `list`, `pending` and `generate`.
//!
//! Every verb that changes a database file takes a copy of it first and puts the copy back if
//! anything fails, so a failing run leaves the file byte for byte as it was, even when a
//! migration runs outside a transaction (`metadata.toml`) or an earlier migration of the same
//! run already succeeded.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::migration::{Migration, MigrationSource};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteConnection};
use diesel_migrations::MigrationHarness;

use crate::checksum;
use crate::config::Database;
use crate::connection::{self, failure};
use crate::error::{Error, Result};
use crate::{traps, violation};

/// Diesel's bookkeeping table: one row per applied migration version.
pub const APPLIED_TABLE: &str = "__diesel_schema_migrations";

/// A lesson's migrations, oldest first, and the folder that holds their files.
pub struct Migrations {
    list: Vec<Box<dyn Migration<Sqlite>>>,
    dir: PathBuf,
}

/// How many migrations `revert` and `redo` touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    All,
    Last(usize),
}

impl Migrations {
    /// Loads and orders the migrations of a source (embedded or a folder read at run time).
    pub fn load(source: &impl MigrationSource<Sqlite>, dir: &Path) -> Result<Self> {
        let mut list = source.migrations().map_err(|e| {
            Error::new(format!(
                "cannot read the migrations in {}: {e}",
                dir.display()
            ))
        })?;
        list.sort_by_key(|m| m.name().version().to_string());
        Ok(Migrations {
            list,
            dir: dir.to_path_buf(),
        })
    }

    /// No migrations: what a lesson without a migrations folder has.
    pub fn empty() -> Self {
        Migrations {
            list: Vec::new(),
            dir: PathBuf::new(),
        }
    }

    /// Every migration, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &dyn Migration<Sqlite>> {
        self.list.iter().map(|m| &**m)
    }

    /// The folder that holds a migration's files.
    pub fn folder(&self, migration: &dyn Migration<Sqlite>) -> PathBuf {
        self.dir.join(full_name(migration))
    }

    /// The checksum of a migration's files in the folder (see `checksum`), if they can be read.
    pub fn checksum(&self, migration: &dyn Migration<Sqlite>) -> Option<String> {
        checksum::of_folder(&self.folder(migration))
    }

    /// The migration whose name (the folder name after the timestamp) is `name`.
    pub fn named(&self, name: &str) -> Option<&dyn Migration<Sqlite>> {
        self.iter().find(|m| short_name(*m) == name)
    }

    fn versions(&self) -> BTreeSet<String> {
        self.iter().map(version).collect()
    }

    fn with_version(&self, version: &str) -> Option<&dyn Migration<Sqlite>> {
        self.iter().find(|m| self::version(*m) == version)
    }
}

/// The full name of a migration: its folder name, e.g. `2026-11-24-120000_create_user`.
pub fn full_name(migration: &dyn Migration<Sqlite>) -> String {
    migration.name().to_string()
}

/// The name after the timestamp, e.g. `create_user`.
pub fn short_name(migration: &dyn Migration<Sqlite>) -> String {
    let full = full_name(migration);
    match full.split_once('_') {
        Some((_, name)) => name.to_string(),
        None => full,
    }
}

/// The version diesel records for a migration: its timestamp without dashes.
pub fn version(migration: &dyn Migration<Sqlite>) -> String {
    migration.name().version().to_string()
}

/// The versions recorded as applied, oldest first, read without creating diesel's table.
pub fn applied(conn: &mut SqliteConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = Text)]
        version: String,
    }
    if !crate::schema::has_table(conn, APPLIED_TABLE)? {
        return Ok(Vec::new());
    }
    let rows: Vec<Version> = diesel::sql_query(format!(
        "SELECT version FROM {APPLIED_TABLE} ORDER BY version"
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|row| row.version).collect())
}

/// The migrations not applied yet, oldest first.
pub fn pending<'m>(
    conn: &mut SqliteConnection,
    migrations: &'m Migrations,
) -> QueryResult<Vec<&'m dyn Migration<Sqlite>>> {
    let applied: BTreeSet<String> = applied(conn)?.into_iter().collect();
    Ok(migrations
        .iter()
        .filter(|m| !applied.contains(&version(*m)))
        .collect())
}

/// Creates diesel's bookkeeping table if it is missing, as diesel_cli does before running.
pub fn setup(conn: &mut SqliteConnection) -> Result<()> {
    conn.applied_migrations()
        .map(|_| ())
        .map_err(|e| Error::new(format!("cannot create {APPLIED_TABLE}: {e}")))
}

/// Applies every pending migration, oldest first.
pub fn run(db: &Database, migrations: &Migrations, out: &mut dyn Write) -> Result<()> {
    guarded(db, |conn| {
        setup(conn)?;
        refuse_unknown_versions(conn, db, migrations)?;
        if let Some(line) = edited(conn, &db.name(), migrations)?.into_iter().next() {
            return Err(Error::new(line));
        }
        let pending = pending(conn, migrations).map_err(|e| failure("read", &db.name(), e))?;
        if pending.is_empty() {
            say(out, "Nothing to run: every migration is applied.")?;
        }
        for migration in pending {
            apply(conn, migrations, migration, out)?;
        }
        Ok(())
    })
}

/// Reverts the last applied migration(s), newest first.
pub fn revert(
    db: &Database,
    migrations: &Migrations,
    count: Count,
    out: &mut dyn Write,
) -> Result<()> {
    guarded(db, |conn| {
        let undone = undo(conn, db, migrations, count, out)?;
        if undone.is_empty() {
            say(out, "Nothing to revert: no migration is applied.")?;
        }
        Ok(())
    })
}

/// Reverts the last applied migration(s) and runs them again: the quick test of a `down.sql`.
pub fn redo(
    db: &Database,
    migrations: &Migrations,
    count: Count,
    out: &mut dyn Write,
) -> Result<()> {
    guarded(db, |conn| {
        let undone = undo(conn, db, migrations, count, out)?;
        if undone.is_empty() {
            say(out, "Nothing to redo: no migration is applied.")?;
        }
        for migration in undone.into_iter().rev() {
            apply(conn, migrations, migration, out)?;
        }
        Ok(())
    })
}

/// Prints every migration with `[X]` when applied, like `diesel migration list`.
pub fn list(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
    out: &mut dyn Write,
) -> Result<()> {
    let applied: BTreeSet<String> = applied(conn)
        .map_err(|e| Error::new(format!("cannot read the applied migrations: {e}")))?
        .into_iter()
        .collect();
    let edited = checksum::edited(conn, migrations)
        .map_err(|e| Error::new(format!("cannot read the migration checksums: {e}")))?;
    say(out, "Migrations:")?;
    for migration in migrations.iter() {
        let mark = if applied.contains(&version(migration)) {
            'X'
        } else {
            ' '
        };
        let note = if edited.iter().any(|m| version(*m) == version(migration)) {
            format!(
                " (edited after it was applied: {})",
                edited_advice(conn, migrations, migration)?
            )
        } else {
            String::new()
        };
        say(out, &format!("  [{mark}] {}{note}", full_name(migration)))?;
    }
    for unknown in applied.difference(&migrations.versions()) {
        say(
            out,
            &format!("  [X] {unknown} (applied, but missing from the migrations folder)"),
        )?;
    }
    Ok(())
}

/// Creates `<dir>/<YYYY-MM-DD-HHMMSS>_<name>/{up.sql,down.sql}` and returns the new folder.
pub fn generate(
    dir: &Path,
    name: &str,
    now: chrono::NaiveDateTime,
    out: &mut dyn Write,
) -> Result<PathBuf> {
    let valid = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(Error::new(format!(
            "cannot generate a migration named {name:?}: use lowercase letters, digits and \
             underscores, such as create_task"
        )));
    }
    let stamp = now.format("%Y-%m-%d-%H%M%S").to_string();
    let existing = folders(dir)?;
    if let Some(taken) = existing.iter().find(|folder| {
        folder.split_once('_').map(|(_, n)| n) == Some(name) || folder.starts_with(&stamp)
    }) {
        return Err(Error::new(format!(
            "cannot generate {stamp}_{name}: {} already exists in {}; pick another name or wait a second",
            taken,
            dir.display()
        )));
    }
    let folder = dir.join(format!("{stamp}_{name}"));
    let files = [
        ("up.sql", "-- Your SQL goes here\n"),
        (
            "down.sql",
            "-- This file should undo anything in `up.sql`\n",
        ),
    ];
    std::fs::create_dir_all(&folder)
        .map_err(|e| Error::new(format!("cannot create {}: {e}", folder.display())))?;
    for (file, text) in files {
        let path = folder.join(file);
        std::fs::write(&path, text)
            .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))?;
        say(out, &format!("Creating {}", path.display()))?;
    }
    Ok(folder)
}

/// The names of the folders in the migrations folder `dir`, sorted, leaving out hidden ones as
/// diesel does; none when there is no such folder.
pub fn folders(dir: &Path) -> Result<Vec<String>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", dir.display())))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    Ok(names)
}

fn apply(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
    migration: &dyn Migration<Sqlite>,
    out: &mut dyn Write,
) -> Result<()> {
    say(out, &format!("Running migration {}", full_name(migration)))?;
    step(conn, migration, Direction::Up)?;
    if let Some(sum) = migrations.checksum(migration) {
        checksum::record(conn, &version(migration), &sum).map_err(|e| {
            Error::new(format!(
                "cannot record the checksum of {}: {e}",
                full_name(migration)
            ))
        })?;
    }
    Ok(())
}

/// Which file of a migration runs: `up.sql` or `down.sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Runs one migration's `up.sql` (or `down.sql`) and records it, as diesel does. A failure is
/// one line, with the query that finds the rows when existing rows break a new constraint.
///
/// A migration that runs outside diesel's transaction (`metadata.toml`) may stop halfway with
/// its own transaction open and foreign keys off: that transaction is rolled back and foreign
/// keys are turned back on, so the connection is left as every workbook connection is.
pub fn step(
    conn: &mut SqliteConnection,
    migration: &dyn Migration<Sqlite>,
    direction: Direction,
) -> Result<()> {
    // What a dangling reference's advice compares with: which tables were there before.
    let before = traps::catalogue(conn).unwrap_or_default();
    let result = match direction {
        Direction::Up => conn.run_migration(migration),
        Direction::Down => conn.revert_migration(migration),
    };
    let outcome = result.map(|_| ()).map_err(|e| {
        // Diesel wraps SQLite's words in "Failed to run <migration> with: ", which the line
        // below already says.
        let wrapped = e.to_string();
        let prefix = format!("Failed to run {} with: ", full_name(migration));
        let cause = wrapped
            .strip_prefix(&prefix)
            .unwrap_or(&wrapped)
            .to_string();
        let what = match direction {
            Direction::Up => "migration",
            Direction::Down => "reverting migration",
        };
        // Read before the rollback below: a rebuild's new_X table only exists until then.
        let rows = violation::advice(conn, &cause);
        let dangling = traps::dangling_references(conn, &before)
            .unwrap_or_default()
            .first()
            .map(|found| format!("; {found}"))
            .unwrap_or_default();
        Error::new(format!(
            "{what} {} failed: {cause}{rows}{dangling}{}",
            full_name(migration),
            connection::advice(&cause)
        ))
    });
    if !migration.metadata().run_in_transaction() {
        if outcome.is_err() {
            // Fails harmlessly when the migration stopped outside its own transaction.
            let _ = conn.batch_execute("ROLLBACK");
        }
        conn.batch_execute("PRAGMA foreign_keys = ON")
            .map_err(|e| {
                Error::new(format!(
                    "cannot turn foreign keys back on after {}: {e}",
                    full_name(migration)
                ))
            })?;
    }
    outcome
}

/// One line per applied migration edited after it ran on the database `name`: which, and
/// what to do about it.
pub fn edited(
    conn: &mut SqliteConnection,
    name: &str,
    migrations: &Migrations,
) -> Result<Vec<String>> {
    let edited = checksum::edited(conn, migrations).map_err(|e| {
        Error::new(format!(
            "cannot read the migration checksums of {name}: {e}"
        ))
    })?;
    edited
        .into_iter()
        .map(|m| {
            Ok(format!(
                "migration {} was edited after it was applied to {name}: {}",
                full_name(m),
                edited_advice(conn, migrations, m)?
            ))
        })
        .collect()
}

/// What to do about an edited, applied migration: redo it and every later applied one (the
/// exact `-n`), or put its files back.
fn edited_advice(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
    migration: &dyn Migration<Sqlite>,
) -> Result<String> {
    let applied = applied(conn)
        .map_err(|e| Error::new(format!("cannot read the applied migrations: {e}")))?;
    let from_newest = applied
        .iter()
        .rev()
        .take_while(|v| **v != version(migration))
        .count()
        + 1;
    Ok(format!(
        "apply the new version with `migration redo -n {from_newest}` (it reverts with the \
         current down.sql), or put its files back as they were (e.g. `git restore {}`)",
        crate::check::display_dir(&migrations.folder(migration))
    ))
}

/// Reverts up to `count` applied migrations, newest first, and returns them in that order.
fn undo<'m>(
    conn: &mut SqliteConnection,
    db: &Database,
    migrations: &'m Migrations,
    count: Count,
    out: &mut dyn Write,
) -> Result<Vec<&'m dyn Migration<Sqlite>>> {
    refuse_unknown_versions(conn, db, migrations)?;
    let applied = applied(conn).map_err(|e| failure("read", &db.name(), e))?;
    let take = match count {
        Count::All => applied.len(),
        Count::Last(n) => n,
    };
    let mut undone = Vec::new();
    for version in applied.iter().rev().take(take) {
        let migration = migrations
            .with_version(version)
            .expect("unknown versions were refused above");
        say(
            out,
            &format!("Rolling back migration {}", full_name(migration)),
        )?;
        step(conn, migration, Direction::Down)?;
        checksum::forget(conn, version)
            .map_err(|e| failure("update the migration checksums of", &db.name(), e))?;
        undone.push(migration);
    }
    Ok(undone)
}

/// Refuses to work on a database that has a migration applied which the lesson does not have:
/// its `down.sql` is unknown, so nothing could be reverted safely.
fn refuse_unknown_versions(
    conn: &mut SqliteConnection,
    db: &Database,
    migrations: &Migrations,
) -> Result<()> {
    let applied: BTreeSet<String> = applied(conn)
        .map_err(|e| failure("read", &db.name(), e))?
        .into_iter()
        .collect();
    match applied.difference(&migrations.versions()).next() {
        None => Ok(()),
        Some(unknown) => Err(Error::new(format!(
            "database {} has migration {unknown} applied, but the migrations folder has no \
             migration with that version; put its folder back, or start again with a new database",
            db.name()
        ))),
    }
}

/// Runs `work` on a fresh connection to `db`; if it fails, puts the database file back exactly
/// as it was (or removes it, if this run created it).
fn guarded(db: &Database, work: impl FnOnce(&mut SqliteConnection) -> Result<()>) -> Result<()> {
    let Some(file) = db.file() else {
        return work(&mut connection::open(db)?);
    };
    let backup = backup_path(file);
    if backup.exists() {
        return Err(Error::new(format!(
            "found {} from an interrupted migration: if {} is damaged, replace it with that copy; \
             otherwise delete the copy, then try again",
            backup.display(),
            file.display()
        )));
    }
    let existed = file.exists();
    // Opening first turns a folder or a file that is not a database into a clear error.
    let mut conn = connection::open(db)?;
    if existed {
        std::fs::copy(file, &backup).map_err(|e| {
            Error::new(format!(
                "cannot copy {} to {} before migrating: {e}",
                file.display(),
                backup.display()
            ))
        })?;
    }
    let result = work(&mut conn);
    drop(conn);
    // The connection is closed here, so the file can be put back safely.
    let restored = match (&result, existed) {
        (Ok(()), true) => std::fs::remove_file(&backup),
        (Ok(()), false) => Ok(()),
        (Err(_), true) => std::fs::rename(&backup, file),
        (Err(_), false) => std::fs::remove_file(file).or_else(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Ok(()),
            _ => Err(e),
        }),
    };
    match (result, restored) {
        (Ok(()), Ok(())) => Ok(()),
        (Ok(()), Err(e)) => Err(Error::new(format!(
            "migrated {}, but could not remove the copy {}: {e}; delete it by hand",
            file.display(),
            backup.display()
        ))),
        (Err(error), Ok(())) => Err(Error::new(format!("{error}; the database is unchanged"))),
        (Err(error), Err(e)) => Err(Error::new(format!(
            "{error}; and restoring {} failed ({e}): its copy from before the run is {}",
            file.display(),
            backup.display()
        ))),
    }
}

fn backup_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".before-migration");
    PathBuf::from(name)
}

fn say(out: &mut dyn Write, line: &str) -> Result<()> {
    writeln!(out, "{line}").map_err(|e| Error::new(format!("cannot write output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(stamp: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    /// A migrations folder with create_user and create_task, and a database file beside it.
    struct Project {
        dir: tempfile::TempDir,
        db: Database,
    }

    impl Project {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("test.db");
            let db = Database {
                url: path.display().to_string(),
                location: crate::config::Location::File(path),
                source: crate::config::Source::Flag,
            };
            let project = Project { dir, db };
            project.write(
                "2026-11-24-120000_create_user",
                "up.sql",
                "CREATE TABLE user (id INTEGER PRIMARY KEY);\n",
            );
            project.write(
                "2026-11-24-120000_create_user",
                "down.sql",
                "DROP TABLE user;\n",
            );
            project.write(
                "2026-11-24-130000_create_task",
                "up.sql",
                "CREATE TABLE task (id INTEGER PRIMARY KEY);\n",
            );
            project.write(
                "2026-11-24-130000_create_task",
                "down.sql",
                "DROP TABLE task;\n",
            );
            project
        }

        fn write(&self, migration: &str, file: &str, text: &str) {
            let folder = self.dir.path().join("migrations").join(migration);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join(file), text).unwrap();
        }

        fn migrations(&self) -> Migrations {
            let dir = self.dir.path().join("migrations");
            let folder = diesel_migrations::FileBasedMigrations::from_path(&dir).unwrap();
            Migrations::load(&folder, &dir).unwrap()
        }

        fn run(&self) -> Result<String> {
            let mut out = Vec::new();
            run(&self.db, &self.migrations(), &mut out)?;
            Ok(String::from_utf8(out).unwrap())
        }

        fn list(&self) -> String {
            let mut out = Vec::new();
            let mut conn = connection::open(&self.db).unwrap();
            list(&mut conn, &self.migrations(), &mut out).unwrap();
            String::from_utf8(out).unwrap()
        }
    }

    #[test]
    fn a_migration_edited_after_it_ran_is_reported_until_it_is_redone() {
        let project = Project::new();
        project.run().unwrap();
        project.write(
            "2026-11-24-120000_create_user",
            "up.sql",
            "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);\n",
        );
        project.write(
            "2026-11-24-140000_add_email",
            "up.sql",
            "ALTER TABLE user ADD COLUMN email TEXT;\n",
        );
        project.write(
            "2026-11-24-140000_add_email",
            "down.sql",
            "ALTER TABLE user DROP COLUMN email;\n",
        );
        let bytes = std::fs::read(project.db.file().unwrap()).unwrap();

        let error = project.run().unwrap_err().to_string();
        assert!(
            error.starts_with(
                "migration 2026-11-24-120000_create_user was edited after it was applied to "
            ),
            "{error}"
        );
        assert!(error.contains("`migration redo -n 2`"), "{error}");
        assert!(error.contains("git restore"), "{error}");
        assert!(error.ends_with("; the database is unchanged"), "{error}");
        assert_eq!(std::fs::read(project.db.file().unwrap()).unwrap(), bytes);

        let listed = project.list();
        assert!(
            listed.contains("  [X] 2026-11-24-120000_create_user (edited after it was applied: apply the new version with `migration redo -n 2`"),
            "{listed}"
        );
        assert!(
            listed.contains("  [X] 2026-11-24-130000_create_task\n"),
            "{listed}"
        );

        let mut out = Vec::new();
        redo(&project.db, &project.migrations(), Count::Last(2), &mut out).unwrap();
        assert!(!project.list().contains("edited"));
        let ran = project.run().unwrap();
        assert_eq!(ran, "Running migration 2026-11-24-140000_add_email\n");
    }

    #[test]
    fn line_endings_and_reverted_migrations_are_not_edits() {
        let project = Project::new();
        project.run().unwrap();
        project.write(
            "2026-11-24-130000_create_task",
            "up.sql",
            "CREATE TABLE task (id INTEGER PRIMARY KEY);\r\n",
        );
        project.write(
            "2026-11-24-130000_create_task",
            "down.sql",
            "DROP TABLE task;\r\n",
        );
        assert_eq!(
            project.run().unwrap(),
            "Nothing to run: every migration is applied.\n"
        );

        let mut out = Vec::new();
        revert(&project.db, &project.migrations(), Count::Last(1), &mut out).unwrap();
        project.write(
            "2026-11-24-130000_create_task",
            "up.sql",
            "CREATE TABLE task (id INTEGER PRIMARY KEY, done BOOLEAN);\n",
        );
        assert_eq!(
            project.run().unwrap(),
            "Running migration 2026-11-24-130000_create_task\n"
        );
    }

    #[test]
    fn migrations_applied_without_a_checksum_are_never_reported() {
        // As the real diesel CLI (or the workbook before checksums) leaves a database.
        let project = Project::new();
        let mut conn = connection::open(&project.db).unwrap();
        setup(&mut conn).unwrap();
        for migration in project.migrations().iter() {
            conn.run_migration(migration).unwrap();
        }
        drop(conn);
        project.write(
            "2026-11-24-120000_create_user",
            "up.sql",
            "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);\n",
        );
        assert_eq!(
            project.run().unwrap(),
            "Nothing to run: every migration is applied.\n"
        );
        assert!(!project.list().contains("edited"), "{}", project.list());
    }

    #[test]
    fn a_failed_migration_outside_the_transaction_leaves_the_connection_clean() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("2026-11-24-180000_rebuild");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("metadata.toml"), "run_in_transaction = false\n").unwrap();
        std::fs::write(
            folder.join("up.sql"),
            "PRAGMA foreign_keys = OFF; BEGIN; CREATE TABLE new_t (x TEXT NOT NULL);
             INSERT INTO new_t SELECT x FROM t; COMMIT; PRAGMA foreign_keys = ON;",
        )
        .unwrap();
        std::fs::write(folder.join("down.sql"), "SELECT 1;").unwrap();
        let source = diesel_migrations::FileBasedMigrations::from_path(dir.path()).unwrap();
        let migrations = Migrations::load(&source, dir.path()).unwrap();
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute("CREATE TABLE t (x TEXT); INSERT INTO t VALUES (NULL);")
            .unwrap();
        let m = migrations.named("rebuild").unwrap();
        let error = step(&mut conn, m, Direction::Up).unwrap_err().to_string();
        assert!(
            error.contains("NOT NULL constraint failed: new_t.x"),
            "{error}"
        );
        #[derive(QueryableByName)]
        struct On {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            foreign_keys: bool,
        }
        let on: On = diesel::sql_query("PRAGMA foreign_keys")
            .get_result(&mut conn)
            .unwrap();
        assert!(on.foreign_keys, "foreign keys were left off");
        // No transaction is left open, and the half-made table was rolled back.
        conn.batch_execute("BEGIN; COMMIT;").unwrap();
        assert!(conn.batch_execute("SELECT * FROM new_t").is_err());
    }

    #[test]
    fn generate_makes_a_timestamped_folder_with_both_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        let folder = generate(
            dir.path(),
            "create_task",
            at("2026-11-24 13:00:00"),
            &mut out,
        )
        .unwrap();
        assert_eq!(folder, dir.path().join("2026-11-24-130000_create_task"));
        assert_eq!(
            std::fs::read_to_string(folder.join("up.sql")).unwrap(),
            "-- Your SQL goes here\n"
        );
        assert!(folder.join("down.sql").is_file());
        let printed = String::from_utf8(out).unwrap();
        assert_eq!(printed.lines().count(), 2, "{printed}");
        assert!(printed.starts_with("Creating "), "{printed}");
    }

    #[test]
    fn generate_refuses_bad_and_taken_names_without_creating_anything() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        for bad in ["", "Create Task", "drop;table", "../escape"] {
            let error = generate(dir.path(), bad, at("2026-11-24 13:00:00"), &mut out).unwrap_err();
            assert!(
                error.to_string().contains("use lowercase letters"),
                "{bad}: {error}"
            );
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        generate(
            dir.path(),
            "create_task",
            at("2026-11-24 13:00:00"),
            &mut out,
        )
        .unwrap();
        let error = generate(
            dir.path(),
            "create_task",
            at("2026-11-25 09:00:00"),
            &mut out,
        )
        .unwrap_err();
        assert!(error.to_string().contains("already exists"), "{error}");
        let error = generate(dir.path(), "other", at("2026-11-24 13:00:00"), &mut out).unwrap_err();
        assert!(error.to_string().contains("already exists"), "{error}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
