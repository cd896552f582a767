//! The verbs on real database files: what they print, what they refuse, what they leave.
//! This module holds the project they run on; each file below it holds one topic.

use super::*;
use crate::config::{Database, Location, Source};
use crate::sqlite::connection;
use diesel::connection::SimpleConnection;

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
            location: Location::File(path),
            source: Source::Flag,
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
        run(&self.db, &self.migrations(), None, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn list(&self) -> String {
        let mut out = Vec::new();
        let mut conn = connection::open(&self.db).unwrap();
        list(&mut conn, &self.db.name(), &self.migrations(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }
}

/// The tables of a database file, to show what a failed command left.
fn tables(db: &Database) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let mut conn = connection::open(db).unwrap();
    let names: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name",
    )
    .load(&mut conn)
    .unwrap();
    names.into_iter().map(|n| n.name).collect()
}

fn applied_now(db: &Database) -> Vec<String> {
    applied(&mut connection::open(db).unwrap()).unwrap()
}

/// Runs `sql` on the project's database.
fn execute(project: &Project, sql: &str) {
    connection::open(&project.db)
        .unwrap()
        .batch_execute(sql)
        .unwrap();
}

mod deploy;
mod edited;
mod generate;
mod revert;
mod runs;
