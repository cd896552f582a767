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
/// `A` is the lesson's app: a clap subcommand enum, run by `app` on a connection `C`
/// (SQLite's until lesson 08, which runs on PostgreSQL).
pub struct Lesson<A, C = SqliteConnection> {
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
    pub app: fn(A, &mut C, &mut dyn Write) -> Result<()>,
}

impl<A, C> Lesson<A, C> {
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

    /// True when the lesson has migrations: embedded, or a `migrations` folder to read.
    /// A lesson without them (lesson-01, or lesson-02 before the student starts) has no
    /// database of its own.
    pub fn has_migrations(&self) -> bool {
        self.migrations.is_some() || self.migrations_dir().is_dir()
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

/// True when the crate in `dir` has a build.rs that tells Cargo to build it again when
/// `migrations/` changes (`cargo:rerun-if-changed=migrations`): without it, `embed_migrations!`
/// keeps the migrations of the last build that happened to recompile the crate.
pub fn rebuilds_on_migrations(dir: &Path) -> bool {
    let Ok(build) = std::fs::read_to_string(dir.join("build.rs")) else {
        return false;
    };
    build.split("rerun-if-changed=").skip(1).any(|rest| {
        let path: String = rest
            .chars()
            .take_while(|c| !matches!(c, '"' | '\\' | '\n'))
            .collect();
        path.trim().trim_start_matches("./").trim_end_matches('/') == "migrations"
    })
}

/// The app of a lesson that has no app commands yet (lesson-01's starter).
#[derive(clap::Subcommand, Debug)]
pub enum NoApp {}

/// Runs a `NoApp` command: there are none, so it is never called.
pub fn no_app(command: NoApp, _: &mut SqliteConnection, _: &mut dyn Write) -> Result<()> {
    match command {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::lesson_04;

    fn lesson_in(dir: &'static str) -> Lesson<NoApp> {
        Lesson {
            package: "lesson-02",
            dir,
            info: &lesson_04::INFO,
            migrations: None,
            app: no_app,
        }
    }

    #[test]
    fn only_a_build_rs_that_reruns_on_the_migrations_folder_rebuilds_on_migrations() {
        let temp = tempfile::tempdir().unwrap();
        assert!(!rebuilds_on_migrations(temp.path()));
        for (build, rebuilds) in [
            (
                "fn main() { println!(\"cargo:rerun-if-changed=migrations\"); }",
                true,
            ),
            (
                "fn main() { println!(\"cargo::rerun-if-changed=./migrations/\"); }",
                true,
            ),
            (
                "fn main() { println!(\"cargo:rerun-if-changed=src\"); }",
                false,
            ),
            ("fn main() {}", false),
        ] {
            std::fs::write(temp.path().join("build.rs"), build).unwrap();
            assert_eq!(rebuilds_on_migrations(temp.path()), rebuilds, "{build}");
        }
    }

    #[test]
    fn a_missing_migrations_folder_is_explained_in_one_line() {
        let temp = tempfile::tempdir().unwrap();
        let dir: &'static str = temp.path().display().to_string().leak();
        let lesson = lesson_in(dir);
        assert!(!lesson.has_migrations());
        let message = lesson.load_migrations().err().unwrap().to_string();
        assert_eq!(
            message,
            format!(
                "there is no migrations folder at {dir}/migrations: create it with \
                 `cargo run -p lesson-02 -- migration generate NAME`"
            )
        );

        std::fs::create_dir(Path::new(dir).join("migrations")).unwrap();
        assert!(lesson.has_migrations());
        assert_eq!(lesson.load_migrations().unwrap().iter().count(), 0);
    }
}
