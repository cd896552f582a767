//! A throw-away PostgreSQL database built from a lesson's own migrations, on a server the whole
//! checklist shares: what lesson 08's goals run against.

use std::path::{Path, PathBuf};

use diesel::connection::BoxableConnection;
use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::migration::{MigrationMetadata, MigrationName, MigrationSource};
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_migrations::{EmbeddedMigrations, FileBasedMigrations, MigrationHarness};

use crate::postgres::{self, Server};

/// Runs one app command given as arguments on PostgreSQL and returns what it printed.
pub type PgAppRunner<'a> = &'a dyn Fn(&mut PgConnection, &[&str]) -> crate::error::Result<String>;

/// The migrations of a lesson, oldest first.
pub type PgMigrations = Vec<Box<dyn Migration<Pg>>>;

/// A lesson's migrations, oldest first: the embedded ones, else those in the folder `dir`.
pub fn load(embedded: Option<&EmbeddedMigrations>, dir: &Path) -> Result<PgMigrations, String> {
    let mut migrations = match embedded {
        Some(embedded) => MigrationSource::<Pg>::migrations(embedded),
        None => FileBasedMigrations::from_path(dir)
            .map_err(Into::into)
            .and_then(|folder| MigrationSource::<Pg>::migrations(&folder)),
    }
    .map_err(|e| format!("cannot read the migrations in {}: {e}", dir.display()))?;
    migrations.sort_by_key(|m| m.name().version().to_string());
    Ok(migrations
        .into_iter()
        .map(|m| Box::new(CommentsOnly::of(m, dir)) as Box<dyn Migration<Pg>>)
        .collect())
}

/// A migration whose up.sql or down.sql holds only comments (a starter's TODO) runs as a no-op
/// in that direction, as it does on SQLite; PostgreSQL refuses an empty query.
struct CommentsOnly {
    inner: Box<dyn Migration<Pg>>,
    up: bool,
    down: bool,
}

impl CommentsOnly {
    fn of(inner: Box<dyn Migration<Pg>>, dir: &Path) -> Self {
        let folder = dir.join(inner.name().to_string());
        let empty = |file: &str| {
            std::fs::read_to_string(folder.join(file))
                .is_ok_and(|text| crate::postgres::split::statements(&text).is_empty())
        };
        CommentsOnly {
            up: empty("up.sql"),
            down: empty("down.sql"),
            inner,
        }
    }
}

impl Migration<Pg> for CommentsOnly {
    fn run(&self, conn: &mut dyn BoxableConnection<Pg>) -> diesel::migration::Result<()> {
        if self.up {
            Ok(())
        } else {
            self.inner.run(conn)
        }
    }
    fn revert(&self, conn: &mut dyn BoxableConnection<Pg>) -> diesel::migration::Result<()> {
        if self.down {
            Ok(())
        } else {
            self.inner.revert(conn)
        }
    }
    fn metadata(&self) -> &dyn MigrationMetadata {
        self.inner.metadata()
    }
    fn name(&self) -> &dyn MigrationName {
        self.inner.name()
    }
}

/// The short name of a migration: `create_task` for `2026-11-24-130000_create_task`.
pub fn short_name(migration: &dyn Migration<Pg>) -> String {
    let name = migration.name().to_string();
    match name.split_once('_') {
        Some((_, short)) => short.to_string(),
        None => name,
    }
}

/// A fresh database on the shared server, and the lesson it checks.
pub struct PgScratch<'a> {
    /// Closed before the database is dropped (fields drop in order): DROP DATABASE WITH
    /// (FORCE) would otherwise end its session and wait for it in steps of 100 ms.
    conn: PgConnection,
    db: postgres::Scratch,
    migrations: &'a PgMigrations,
    app: PgAppRunner<'a>,
    dir: PathBuf,
}

impl<'a> PgScratch<'a> {
    /// A new empty database on `server`; nothing is migrated yet.
    pub fn new(
        server: &Server,
        migrations: &'a PgMigrations,
        app: PgAppRunner<'a>,
        dir: &Path,
    ) -> Result<Self, String> {
        let db = server.scratch().map_err(|e| e.to_string())?;
        let conn = db.connect().map_err(|e| e.to_string())?;
        Ok(PgScratch {
            db,
            conn,
            migrations,
            app,
            dir: dir.to_path_buf(),
        })
    }

    /// A file of the lesson crate, by its path in the crate (`migrations/...`, `src/schema.rs`).
    pub fn lesson_file(&self, path: &str) -> PathBuf {
        self.dir.join(path)
    }

    /// The database's URL, for goals that open connections of their own.
    pub fn url(&self) -> &str {
        &self.db.url
    }

    /// The open connection.
    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.conn
    }

    /// Applies every pending migration.
    pub fn migrate(&mut self) -> Result<(), String> {
        self.migrate_until(|_| false)
    }

    /// Applies pending migrations up to and including the one named `name` (`create_task`).
    pub fn migrate_through(&mut self, name: &str) -> Result<(), String> {
        if !self
            .migrations
            .iter()
            .any(|m| short_name(m.as_ref()) == name)
        {
            return Err(format!("there is no migration named {name} in migrations/"));
        }
        self.migrate_until(|m| short_name(m) == name)
    }

    /// Applies pending migrations up to the one named `name`, which is left pending.
    pub fn migrate_before(&mut self, name: &str) -> Result<(), String> {
        let names: Vec<String> = self
            .migrations
            .iter()
            .map(|m| short_name(m.as_ref()))
            .collect();
        match names.iter().position(|n| n == name) {
            None => Err(format!("there is no migration named {name} in migrations/")),
            Some(0) => Ok(()),
            Some(at) => self.migrate_through(&names[at - 1]),
        }
    }

    fn migrate_until(&mut self, last: impl Fn(&dyn Migration<Pg>) -> bool) -> Result<(), String> {
        let applied: Vec<String> = self
            .conn
            .applied_migrations()
            .map_err(|e| e.to_string())?
            .iter()
            .map(ToString::to_string)
            .collect();
        for m in self.migrations {
            if applied.contains(&m.name().version().to_string()) {
                continue;
            }
            self.conn
                .run_migration(m.as_ref())
                .map_err(|e| format!("migration {} failed: {e}", m.name()))?;
            if last(m.as_ref()) {
                break;
            }
        }
        Ok(())
    }

    /// Runs SQL statements; an error is the database's alone: the check's own SQL is no line a
    /// student acts on.
    pub fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.conn.batch_execute(sql).map_err(|e| e.to_string())
    }

    /// Runs a one-column query and returns its values as text (`NULL` for null), one per row;
    /// an error is the database's alone (`no such column: label`), without the query.
    pub fn lines(&mut self, sql: &str) -> Result<Vec<String>, String> {
        #[derive(QueryableByName)]
        struct Line {
            #[diesel(sql_type = Text)]
            line: String,
        }
        let sql =
            format!("WITH q(line) AS ({sql}) SELECT coalesce(line::text, 'NULL') AS line FROM q");
        let rows: Vec<Line> = diesel::sql_query(&sql)
            .load(&mut self.conn)
            .map_err(|e| e.to_string())?;
        Ok(rows.into_iter().map(|row| row.line).collect())
    }

    /// The columns of `table` in order, each as `name type[ NOT NULL]` with PostgreSQL's type
    /// names (`integer`, `timestamp with time zone`), or a message saying it does not exist.
    pub fn columns(&mut self, table: &str) -> Result<Vec<String>, String> {
        let found = self.lines(&format!(
            "SELECT attname || ' ' || format_type(atttypid, atttypmod) \
             || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END FROM pg_attribute \
             WHERE attrelid = to_regclass('{table}') AND attnum > 0 AND NOT attisdropped \
             ORDER BY attnum"
        ))?;
        if found.is_empty() {
            return Err(format!("there is no table named {table}"));
        }
        Ok(found)
    }

    /// Runs one of the lesson's app commands, e.g. `["new-task", "Buy milk"]`.
    pub fn app(&mut self, args: &[&str]) -> Result<String, String> {
        (self.app)(&mut self.conn, args).map_err(|e| format!("`{}` failed: {e}", args.join(" ")))
    }
}
