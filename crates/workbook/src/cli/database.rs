//! Which database each command opens. `schema` and `print-schema` read SQLite or PostgreSQL,
//! whichever the URL names; the migration verbs and the lesson's app run on SQLite only, and
//! a PostgreSQL URL gets one line saying so. A SQLite database must exist already (a command
//! never creates an empty file by accident), and the app's must be fully migrated.

use diesel::sqlite::SqliteConnection;

use crate::config::{Database, Target};
use crate::course::lesson::Lesson;
use crate::error::{Error, Result};
use crate::migration;
use crate::postgres;
use crate::sqlite::connection::{self, failure};
use crate::sqlite::{describe, schema};

/// What the schema is printed as.
#[derive(Clone, Copy, Debug)]
pub(super) enum Text {
    /// The normalised schema.sql.
    Sql,
    /// The Mermaid ER diagram.
    Mermaid,
    /// Diesel's `table!` definitions, as `diesel print-schema` writes them.
    TableMacros,
}

/// The schema of the target database as `text`, read from SQLite or PostgreSQL.
pub(super) fn read_schema<A, C>(
    lesson: &Lesson<A, C>,
    target: &Target,
    text: Text,
) -> Result<String> {
    match target {
        Target::Sqlite(db) => {
            let mut conn = open_existing(lesson, db)?;
            match text {
                Text::Sql => schema::dump(&mut conn),
                Text::Mermaid => describe::er_diagram(&mut conn),
                Text::TableMacros => describe::print_schema(&mut conn),
            }
            .map_err(|e| failure("read the schema of", &db.name(), e))
        }
        Target::Postgres { url, .. } => {
            let mut conn = postgres::connect(url)?;
            match text {
                Text::Sql => postgres::catalog::dump(&mut conn),
                Text::Mermaid => postgres::describe::er_diagram(&mut conn),
                Text::TableMacros => postgres::describe::print_schema(&mut conn),
            }
            .map_err(|e| Error::new(format!("cannot read the schema of {}: {e}", target.name())))
        }
    }
}

/// The SQLite database of `commands`, which run on SQLite only; a PostgreSQL URL is refused in
/// one line that says what to use instead.
pub(super) fn sqlite_only<'a>(target: &'a Target, commands: &str) -> Result<&'a Database> {
    match target {
        Target::Sqlite(db) => Ok(db),
        Target::Postgres { url, source } => {
            let scheme = url
                .split_once("://")
                .map_or("postgres", |(scheme, _)| scheme);
            Err(Error::new(format!(
                "the database URL from {source} is a {scheme}:// URL, but {commands} run on \
                 SQLite (PostgreSQL comes to them in lesson 08): use a SQLite file such as \
                 todo.db; `schema` and `print-schema` do read PostgreSQL"
            )))
        }
    }
}

/// Opens a database that must exist already (never creates an empty file by accident).
pub(super) fn open_existing<A, C>(
    lesson: &Lesson<A, C>,
    db: &Database,
) -> Result<SqliteConnection> {
    if let Some(file) = db.file() {
        if !file.exists() {
            return Err(Error::new(format!(
                "there is no database at {} yet (from {}): create it with `{} migration run`",
                file.display(),
                db.source,
                lesson.command()
            )));
        }
    }
    connection::open(db)
}

/// Opens a database with every migration of the lesson applied, and every user keyed, as the
/// app commands need.
pub(super) fn open_migrated<A>(lesson: &Lesson<A>, db: &Database) -> Result<SqliteConnection> {
    let mut conn = open_existing(lesson, db)?;
    let migrations = lesson.load_migrations()?;
    let pending =
        migration::pending(&mut conn, &migrations).map_err(|e| failure("read", &db.name(), e))?;
    let unknown = migration::unknown_versions(&mut conn, &migrations)
        .map_err(|e| failure("read", &db.name(), e))?;
    if let Some(version) = unknown.first() {
        return Err(Error::new(format!(
            "database {} was migrated by a newer version: migration {version} is unknown here; \
             use the lesson that migrated it, or point --database-url at another database",
            db.name()
        )));
    }
    if !pending.is_empty() {
        let names: Vec<String> = pending.iter().map(|m| migration::short_name(*m)).collect();
        return Err(Error::new(format!(
            "database {} has {} pending migration(s) ({}): run `{} migration run` first",
            db.name(),
            names.len(),
            names.join(", "),
            lesson.command()
        )));
    }
    super::usernames::key_sqlite(&mut conn, &db.name())?;
    Ok(conn)
}
