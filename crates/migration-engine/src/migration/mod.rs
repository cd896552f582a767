//! The migration engine: a lesson's migrations and the verbs on them, named like diesel_cli's
//! so the skill transfers: `run`, `revert`, `redo` (in `runner`; `run --to VERSION` and
//! `revert --to VERSION` name a migration as `find_version` reads it), `list`, `pending` and
//! `generate`. `step` applies one migration and records it with its checksum (`checksum`, which
//! also finds migrations edited after they ran), `loss` finds what a revert would throw away,
//! and `script` reads a migration as statements. It is built on the backend (`sqlite`) alone:
//! no check, rule or lesson is known here.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use diesel::migration::{Migration, MigrationSource};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteConnection};
use diesel_migrations::MigrationHarness;

use crate::error::{Error, Result};

pub mod checksum;
pub(crate) mod intent;
pub(crate) mod loss;
pub mod runner;
pub(crate) mod script;
mod step;

pub use runner::{Consent, redo, revert, run, unknown_versions};
pub use step::{Direction, step};

/// Diesel's bookkeeping table: one row per applied migration version.
pub const APPLIED_TABLE: &str = "__diesel_schema_migrations";

/// A lesson's migrations, oldest first, and the folder that holds their files.
pub struct Migrations {
    list: Vec<Box<dyn Migration<Sqlite>>>,
    dir: PathBuf,
}

/// How many migrations `revert` and `redo` touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Count {
    All,
    Last(usize),
    /// Those newer than the migration this version names (`--to VERSION`), which stays.
    To(String),
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

    /// Whether a migration's up.sql holds only comments (a `TODO` not written yet): `run`
    /// never records such a migration as applied.
    pub fn holds_no_sql(&self, migration: &dyn Migration<Sqlite>) -> bool {
        checksum::Files::read(&self.folder(migration)).is_some_and(|f| f.up_holds_no_sql())
    }

    /// The migration whose name (the folder name after the timestamp) is `name`.
    pub fn named(&self, name: &str) -> Option<&dyn Migration<Sqlite>> {
        self.iter().find(|m| short_name(*m) == name)
    }

    /// The migration `given` names (`--to VERSION`): see `find_version`.
    pub fn find(&self, given: &str) -> Result<&dyn Migration<Sqlite>> {
        let names: Vec<String> = self.iter().map(full_name).collect();
        let index = find_version(&names, given, &self.dir)?;
        Ok(&*self.list[index])
    }

    fn versions(&self) -> BTreeSet<String> {
        self.iter().map(version).collect()
    }

    fn with_version(&self, version: &str) -> Option<&dyn Migration<Sqlite>> {
        self.iter().find(|m| self::version(*m) == version)
    }
}

/// Where, among the full names of a lesson's migrations in the folder `dir` (oldest first), is
/// the migration `given` names as diesel names a version: the folder's version prefix
/// (`2026-11-24-120000`, dashes optional) or its full name (`2026-11-24-120000_create_user`).
pub fn find_version(names: &[String], given: &str, dir: &Path) -> Result<usize> {
    let given = given.trim();
    let version = |name: &str| name.split('_').next().unwrap_or(name).replace('-', "");
    names
        .iter()
        .position(|name| {
            name == given || !given.contains('_') && version(name) == given.replace('-', "")
        })
        .ok_or_else(|| {
            let example = names.last().map_or("2026-11-24-120000_create_user", |n| n);
            Error::new(format!(
                "there is no migration {given} in {}: give a version as `migration list` shows \
                 it, such as {} or {example}",
                display_dir(dir),
                example.split('_').next().unwrap_or(example)
            ))
        })
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
    if !crate::sqlite::schema::has_table(conn, APPLIED_TABLE)? {
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

/// Prints every migration of the database `name` with `[X]` when applied, like `diesel
/// migration list`.
pub fn list(
    conn: &mut SqliteConnection,
    name: &str,
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
        let note = match edited
            .iter()
            .find(|e| version(e.migration) == version(migration))
        {
            Some(found) => format!(
                " (edited after it was applied: {})",
                edited_advice(conn, name, migrations, found)?
            ),
            None => String::new(),
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
        .iter()
        .map(|found| {
            Ok(format!(
                "migration {} was edited after it was applied to {name}: {}",
                full_name(found.migration),
                edited_advice(conn, name, migrations, found)?
            ))
        })
        .collect()
}

/// What changed in an edited, applied migration on the database `name`, and how to make the
/// database match the files: revert back to the migration before it, then run; or delete the
/// file and build it again.
fn edited_advice(
    conn: &mut SqliteConnection,
    name: &str,
    migrations: &Migrations,
    found: &checksum::Edited<dyn Migration<Sqlite> + '_>,
) -> Result<String> {
    let applied = applied(conn)
        .map_err(|e| Error::new(format!("cannot read the applied migrations: {e}")))?;
    let back_to = applied
        .iter()
        .take_while(|v| **v != version(found.migration))
        .last()
        .and_then(|v| migrations.with_version(v))
        .map(full_name);
    Ok(checksum::advice(
        found.change.as_deref(),
        back_to.as_deref(),
        &format!("delete {name} and run `migration run` to build it again from the files"),
    ))
}

/// A folder as the user would type it: relative to the current folder when inside it, else as
/// it is.
pub fn display_dir(dir: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    match dir.strip_prefix(&cwd) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        Ok(_) => ".".to_string(),
        Err(_) => dir.display().to_string(),
    }
}

pub(crate) fn say(out: &mut dyn Write, line: &str) -> Result<()> {
    writeln!(out, "{line}").map_err(|e| Error::new(format!("cannot write output: {e}")))
}

#[cfg(test)]
mod tests;
