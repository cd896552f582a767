//! A throw-away database built from a lesson's own migrations: what every goal runs against.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteConnection};
use tempfile::TempDir;

use super::template::Templates;
use crate::config::{Database, Location, Source};
use crate::migration::{self, Direction, Migrations};
use crate::sqlite::schema::{self, Column, ForeignKey};
use crate::sqlite::shape::Shape;
use crate::sqlite::{confined, connection};

/// Runs one app command given as arguments and returns what it printed.
pub type AppRunner<'a> = &'a dyn Fn(&mut SqliteConnection, &[&str]) -> crate::error::Result<String>;

/// What a goal may look at in the lesson's crate besides its migrations: its files (the
/// manifest, diesel.toml, src/schema.rs) and whether the binary embeds the migrations.
#[derive(Debug, Clone)]
pub struct LessonCrate {
    /// The crate's folder.
    pub dir: PathBuf,
    /// True when the migrations are compiled into the binary (`embed_migrations!`).
    pub embeds_migrations: bool,
}

/// A fresh, empty database file in a temporary folder, and the lesson it checks.
pub struct Scratch<'a> {
    conn: SqliteConnection,
    db: Database,
    migrations: &'a Migrations,
    app: AppRunner<'a>,
    lesson: Option<LessonCrate>,
    /// Where copies of migrated databases are kept and found (see `template`).
    templates: Option<&'a Templates<'a>>,
    /// How many migrations the database holds when it is exactly a fresh database with the
    /// first migrations applied in order (and nothing else done): a copy may stand for it.
    applied: Cell<Option<usize>>,
    dir: TempDir,
    /// Removes the folder if the run is interrupted.
    _removed: crate::interrupt::Registered,
}

impl<'a> Scratch<'a> {
    /// A new empty database; nothing is migrated yet.
    pub fn new(migrations: &'a Migrations, app: AppRunner<'a>) -> Result<Self, String> {
        Self::opened(migrations, app, None)
    }

    /// A new empty database that, asked to migrate, starts from a copy of a database
    /// `templates` kept already migrated that far, and keeps copies for the next ones.
    pub fn from_templates(
        templates: &'a Templates<'a>,
        app: AppRunner<'a>,
    ) -> Result<Self, String> {
        let scratch = Self::opened(templates.migrations(), app, None)?;
        Ok(Scratch {
            templates: Some(templates),
            ..scratch
        })
    }

    /// A new empty database whose connection may ATTACH (and VACUUM INTO) only files in
    /// `folder`: for migrations nobody has reviewed.
    pub fn confined(
        migrations: &'a Migrations,
        app: AppRunner<'a>,
        folder: &Path,
    ) -> Result<Self, String> {
        Self::opened(migrations, app, Some(folder))
    }

    fn opened(
        migrations: &'a Migrations,
        app: AppRunner<'a>,
        folder: Option<&Path>,
    ) -> Result<Self, String> {
        let dir = crate::throwaway::folder("workbook-scratch-")
            .map_err(|e| format!("cannot make a scratch folder: {e}"))?;
        let path = dir.path().join("scratch.db");
        let db = Database {
            url: path.display().to_string(),
            location: Location::File(path),
            source: Source::Flag,
        };
        let mut conn = match folder {
            Some(folder) => confined::open(Some(folder), || connection::open(&db)),
            None => connection::open(&db),
        }
        .map_err(|e| e.to_string())?;
        throwaway(&mut conn)?;
        migration::setup(&mut conn).map_err(|e| e.to_string())?;
        Ok(Scratch {
            conn,
            db,
            migrations,
            app,
            lesson: None,
            templates: None,
            applied: Cell::new(Some(0)),
            _removed: crate::interrupt::remove_on_interrupt(dir.path()),
            dir,
        })
    }

    /// The same scratch database, checking the lesson crate `lesson`.
    pub fn in_lesson(self, lesson: LessonCrate) -> Self {
        Scratch {
            lesson: Some(lesson),
            ..self
        }
    }

    /// The lesson crate being checked.
    pub fn lesson(&self) -> Result<&LessonCrate, String> {
        self.lesson
            .as_ref()
            .ok_or_else(|| "this check runs only on a lesson crate".to_string())
    }

    /// A file of the lesson crate, by its path in the crate (`Cargo.toml`, `src/schema.rs`).
    pub fn lesson_file(&self, path: &str) -> Result<PathBuf, String> {
        Ok(Path::new(&self.lesson()?.dir).join(path))
    }

    /// The database, for commands that open it themselves (the migration verbs).
    pub fn database(&self) -> &Database {
        self.applied.set(None);
        &self.db
    }

    /// The lesson's migrations.
    pub fn migrations(&self) -> &'a Migrations {
        self.migrations
    }

    /// The open connection, for goals that query with Diesel directly.
    pub fn conn(&mut self) -> &mut SqliteConnection {
        self.applied.set(None);
        &mut self.conn
    }

    /// Applies every pending migration.
    pub fn migrate(&mut self) -> Result<(), String> {
        self.start_from_copy(self.migrations.iter().count());
        let pending: Vec<&dyn Migration<Sqlite>> =
            migration::pending(&mut self.conn, self.migrations).map_err(|e| e.to_string())?;
        pending.into_iter().try_for_each(|m| self.up(m))
    }

    /// Applies pending migrations up to and including the one named `name` (e.g. `create_task`).
    pub fn migrate_through(&mut self, name: &str) -> Result<(), String> {
        if self.migrations.named(name).is_none() {
            return Err(format!("there is no migration named {name} in migrations/"));
        }
        if let Some(through) = self.index(|m| migration::short_name(m) == name) {
            self.start_from_copy(through + 1);
        }
        let pending =
            migration::pending(&mut self.conn, self.migrations).map_err(|e| e.to_string())?;
        // Already applied (a copy went that far): nothing after it runs.
        if !pending.iter().any(|m| migration::short_name(*m) == name) {
            return Ok(());
        }
        for m in pending {
            self.up(m)?;
            if migration::short_name(m) == name {
                break;
            }
        }
        Ok(())
    }

    /// Runs one migration's `up.sql`, recording it like `migration run` does.
    pub fn up(&mut self, m: &dyn Migration<Sqlite>) -> Result<(), String> {
        let next = self.applied.take();
        migration::step(&mut self.conn, self.migrations, m, Direction::Up)
            .map_err(|e| e.to_string())?;
        let version = migration::version(m);
        if let Some(applied) = next
            && self.index(|m| migration::version(m) == version) == Some(applied)
        {
            self.applied.set(Some(applied + 1));
            if let (Some(templates), Location::File(file)) = (self.templates, &self.db.location) {
                templates.keep(applied + 1, &mut self.conn, file);
            }
        }
        Ok(())
    }

    /// The position of the first migration `is` picks, in order.
    fn index(&self, is: impl Fn(&dyn Migration<Sqlite>) -> bool) -> Option<usize> {
        self.migrations.iter().position(is)
    }

    /// When this database is a fresh one with fewer than `through` migrations applied, and a
    /// copy migrated further (but not past `through`) is kept, switches to a copy of it: a
    /// new file, and a new connection with the settings the migrations left. Anything that
    /// fails leaves the database as it was, to be migrated the slow way.
    fn start_from_copy(&mut self, through: usize) {
        let (Some(templates), Some(applied)) = (self.templates, self.applied.get()) else {
            return;
        };
        if through <= applied {
            return;
        }
        let Some((copied, kept)) = templates.best(applied, through) else {
            return;
        };
        let path = self.dir.path().join(format!("scratch-{copied}.db"));
        let db = Database {
            url: path.display().to_string(),
            location: Location::File(path.clone()),
            source: Source::Flag,
        };
        let opened = std::fs::copy(&kept.file, &path)
            .map_err(|e| e.to_string())
            .and_then(|_| connection::open(&db).map_err(|e| e.to_string()))
            .and_then(|mut conn| {
                throwaway(&mut conn)?;
                conn.batch_execute(&kept.settings)
                    .map_err(|e| e.to_string())?;
                Ok(conn)
            });
        if let Ok(conn) = opened {
            let old = std::mem::replace(&mut self.conn, conn);
            drop(old);
            if let Location::File(old) = std::mem::replace(&mut self.db, db).location {
                let _ = std::fs::remove_file(old);
            }
            self.applied.set(Some(copied));
        }
    }

    /// Runs one migration's `down.sql`, recording it like `migration revert` does.
    pub fn down(&mut self, m: &dyn Migration<Sqlite>) -> Result<(), String> {
        self.applied.set(None);
        migration::step(&mut self.conn, self.migrations, m, Direction::Down)
            .map_err(|e| e.to_string())
    }

    /// Runs SQL statements; an error is the database's alone: the check's own SQL is no line a
    /// student acts on.
    pub fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.applied.set(None);
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
        let sql = format!(
            "WITH q(line) AS ({sql}) SELECT coalesce(CAST(line AS TEXT), 'NULL') AS line FROM q"
        );
        let rows: Vec<Line> = diesel::sql_query(&sql)
            .load(&mut self.conn)
            .map_err(|e| e.to_string())?;
        Ok(rows.into_iter().map(|row| row.line).collect())
    }

    /// The columns of `table`, or a message saying it does not exist.
    pub fn columns(&mut self, table: &str) -> Result<Vec<Column>, String> {
        let columns = schema::columns(&mut self.conn, table).map_err(|e| e.to_string())?;
        if columns.is_empty() {
            return Err(format!("there is no table named {table}"));
        }
        Ok(columns)
    }

    /// The foreign keys of `table`.
    pub fn foreign_keys(&mut self, table: &str) -> Result<Vec<ForeignKey>, String> {
        schema::foreign_keys(&mut self.conn, table).map_err(|e| e.to_string())
    }

    /// The normalised schema (what `schema` prints).
    pub fn schema(&mut self) -> Result<String, String> {
        schema::dump(&mut self.conn).map_err(|e| e.to_string())
    }

    /// The shape of the database, for saying in words how two states differ.
    pub fn shape(&mut self) -> Result<Shape, String> {
        Shape::read(&mut self.conn).map_err(|e| e.to_string())
    }

    /// Every row of every table, for comparing data before and after a migration.
    pub fn rows(&mut self) -> Result<BTreeMap<String, Vec<String>>, String> {
        schema::rows(&mut self.conn).map_err(|e| e.to_string())
    }

    /// Runs one of the lesson's app commands, e.g. `["task", "add", "Buy milk", "--user", "bugs"]`.
    pub fn app(&mut self, args: &[&str]) -> Result<String, String> {
        self.applied.set(None);
        (self.app)(&mut self.conn, args).map_err(|e| format!("`{}` failed: {e}", args.join(" ")))
    }
}

/// A scratch database is thrown away: skip the disk syncs and the on-disk rollback journal
/// that make every commit slow (a rollback still works, from memory).
fn throwaway(conn: &mut SqliteConnection) -> Result<(), String> {
    conn.batch_execute("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY")
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel_migrations::FileBasedMigrations;

    #[test]
    fn a_failing_check_query_says_the_databases_error_without_the_query() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../solutions/lesson-04/migrations");
        let folder = FileBasedMigrations::from_path(&dir).unwrap();
        let migrations = Migrations::load(&folder, &dir).unwrap();
        let no_app = |_: &mut SqliteConnection, _: &[&str]| -> crate::error::Result<String> {
            unreachable!("no app runs here")
        };
        let mut scratch = Scratch::new(&migrations, &no_app).unwrap();
        assert_eq!(
            scratch.lines("SELECT label FROM nowhere").unwrap_err(),
            "no such table: nowhere"
        );
        assert_eq!(
            scratch
                .execute("INSERT INTO nowhere VALUES (1)")
                .unwrap_err(),
            "no such table: nowhere"
        );
    }
}
