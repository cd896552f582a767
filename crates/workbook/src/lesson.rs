//! What a lesson crate hands to the shared code: where it lives, its migrations, its place in
//! the course, and its little app.

use std::io::Write;
use std::path::{Path, PathBuf};

use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, FileBasedMigrations};

use crate::course::Info;
use crate::error::{Error, Result};
use crate::migration::Migrations;

/// One lesson crate: a starter (`lesson-04`) or its solution (`solution-04`).
/// `A` is the lesson's app: a clap subcommand enum, run by `app`.
pub struct Lesson<A> {
    /// The package name, `env!("CARGO_PKG_NAME")`.
    pub package: &'static str,
    /// The crate's folder, `env!("CARGO_MANIFEST_DIR")`.
    pub dir: &'static str,
    /// The lesson's entry in the course: title, goals, seed rows.
    pub info: &'static Info,
    /// The migrations embedded in the binary; `None` until the student embeds them, in which
    /// case the `migrations` folder is read at run time.
    pub migrations: Option<EmbeddedMigrations>,
    /// Runs one app command on an open, fully migrated database.
    pub app: fn(A, &mut SqliteConnection, &mut dyn Write) -> Result<()>,
}

impl<A> Lesson<A> {
    /// The lesson's migrations folder.
    pub fn migrations_dir(&self) -> PathBuf {
        Path::new(self.dir).join("migrations")
    }

    /// The database used when nothing else is configured: `<crate folder>/<package>.db`, so
    /// every lesson has its own and none clobbers another's.
    pub fn default_database(&self) -> PathBuf {
        Path::new(self.dir).join(format!("{}.db", self.package))
    }

    /// The command prefix that runs this lesson, for messages: `cargo run -p lesson-04 --`.
    pub fn command(&self) -> String {
        format!("cargo run -p {} --", self.package)
    }

    /// The lesson's migrations, oldest first.
    pub fn load_migrations(&self) -> Result<Migrations> {
        let dir = self.migrations_dir();
        match &self.migrations {
            Some(embedded) => Migrations::load(embedded, &dir),
            None if dir.is_dir() => {
                let folder = FileBasedMigrations::from_path(&dir).map_err(|e| {
                    Error::new(format!(
                        "cannot read the migrations in {}: {e}",
                        dir.display()
                    ))
                })?;
                Migrations::load(&folder, &dir)
            }
            None => Err(Error::new(format!(
                "there is no migrations folder at {}: create it with `{} migration generate NAME`",
                dir.display(),
                self.command()
            ))),
        }
    }
}
