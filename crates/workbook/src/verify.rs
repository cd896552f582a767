//! `verify`: the checks that apply to any folder of Diesel SQLite migrations, run on a
//! throw-away database, so that any project (not only this workbook) can run them in CI.
//! The migrations are read from the folder at run time, never from a binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use diesel::sqlite::SqliteConnection;
use diesel_migrations::FileBasedMigrations;

use crate::check::{self, Load};
use crate::config::Database;
use crate::connection;
use crate::error::{Error, Result};
use crate::migration::{self, Migrations};
use crate::scratch::Scratch;
use crate::{schema, traps};

/// Rows to load on the stairway: the SQL of a seed file, before the first migration or right
/// after the migration named `after`.
pub struct Seed {
    pub file: PathBuf,
    pub sql: String,
    pub after: Option<String>,
}

impl Seed {
    /// Reads the seed file.
    pub fn read(file: &Path, after: Option<String>) -> Result<Self> {
        let sql = std::fs::read_to_string(file).map_err(|e| {
            Error::new(format!("cannot read the seed file {}: {e}", file.display()))
        })?;
        Ok(Seed {
            file: file.to_path_buf(),
            sql,
            after,
        })
    }
}

/// One check `verify` ran, and its problems, one line each (none when it passed).
pub struct Finding {
    pub check: String,
    pub problems: Vec<String>,
    /// Advice rather than a rule: its problems are printed as notes and do not fail `verify`.
    pub advisory: bool,
}

impl Finding {
    fn new(check: impl Into<String>, problems: Vec<String>) -> Self {
        Finding {
            check: check.into(),
            problems,
            advisory: false,
        }
    }

    fn advice(check: impl Into<String>, notes: Vec<String>) -> Self {
        Finding {
            advisory: true,
            ..Finding::new(check, notes)
        }
    }
}

/// The migrations folder `path` names: `path/migrations` when it exists, else `path` itself.
pub fn migrations_dir(path: &Path) -> PathBuf {
    let inner = path.join("migrations");
    if inner.is_dir() {
        inner
    } else {
        path.to_path_buf()
    }
}

/// Runs every check on the migrations in `path`, with `seed` loaded on the way up, and, when
/// `applied_to` is given, compares that database's applied migrations with the files.
/// `Err` only when the checks cannot run at all (no such folder, an unreadable seed target).
pub fn verify(
    path: &Path,
    seed: Option<&Seed>,
    applied_to: Option<&Database>,
) -> Result<Vec<Finding>> {
    let dir = migrations_dir(path);
    if !dir.is_dir() {
        return Err(Error::new(format!(
            "cannot read {}: there is no such folder",
            dir.display()
        )));
    }
    let folders = migration::folders(&dir)?;
    if folders.is_empty() {
        return Err(Error::new(format!(
            "there are no migrations in {}: give the folder that holds the \
             YYYY-MM-DD-HHMMSS_name folders, or the project folder above it",
            dir.display()
        )));
    }
    let mut findings = vec![
        Finding::new(
            "every migration has a non-empty up.sql and down.sql, and a name diesel can order",
            check::folder_problems(&dir)
                .map_err(Error::new)?
                .into_iter()
                .map(|problem| problem.found)
                .collect(),
        ),
        Finding::new(
            "no two migrations share a version",
            duplicate_versions(&folders),
        ),
    ];
    let migrations = match FileBasedMigrations::from_path(&dir)
        .map_err(|e| {
            Error::new(format!(
                "cannot read the migrations in {}: {e}",
                dir.display()
            ))
        })
        .and_then(|folder| Migrations::load(&folder, &dir))
    {
        Ok(migrations) => migrations,
        Err(error) => {
            findings.push(Finding::new("the migrations load", vec![error.to_string()]));
            return Ok(findings);
        }
    };
    if let Some(Seed {
        after: Some(after), ..
    }) = seed
    {
        if !migrations
            .iter()
            .any(|m| migration::short_name(m) == *after || migration::full_name(m) == *after)
        {
            return Err(Error::new(format!(
                "there is no migration named {after} in {} to load the seed after",
                dir.display()
            )));
        }
    }
    findings.push(stairway(
        &migrations,
        seed,
        findings.iter().any(|f| !f.problems.is_empty()),
    ));
    // The stairway above also catches the traps that show in the data: rows lost to a rename
    // written as create + drop or to a cascade, an index or trigger a rebuild forgot, and
    // references left pointing at a renamed OLD table. These two are read from the files and
    // the final schema.
    findings.push(Finding::new(
        "no migration sets PRAGMA foreign_keys inside diesel's transaction",
        traps::pragma_in_transaction(&migrations)
            .err()
            .into_iter()
            .collect(),
    ));
    findings.push(Finding::advice(
        "every constraint has a name (advice)",
        unnamed_constraints(&migrations),
    ));
    if let Some(db) = applied_to {
        findings.push(Finding::new(
            format!(
                "no migration was edited after it was applied to {}",
                db.name()
            ),
            edited(db, &migrations)?,
        ));
    }
    Ok(findings)
}

/// The findings as printed: `✓ check` or `✗ check` with a `problem:` line per problem, and a
/// last line with the verdict.
pub fn render(dir: &Path, findings: &[Finding]) -> String {
    let mut text = format!("verify {}\n", migrations_dir(dir).display());
    for finding in findings {
        let (mark, label) = match (finding.problems.is_empty(), finding.advisory) {
            (true, _) => ('✓', ""),
            (false, true) => ('!', "note"),
            (false, false) => ('✗', "problem"),
        };
        writeln!(text, "  {mark} {}", finding.check).expect("writing to a String cannot fail");
        for problem in &finding.problems {
            writeln!(text, "      {label}: {problem}").expect("writing to a String cannot fail");
        }
    }
    let count: usize = findings
        .iter()
        .filter(|f| !f.advisory)
        .map(|f| f.problems.len())
        .sum();
    match count {
        0 => text + "Every check passes.\n",
        1 => text + "1 problem found.\n",
        n => text + &format!("{n} problems found.\n"),
    }
}

/// True when no check found a problem.
pub fn passed(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.advisory || f.problems.is_empty())
}

/// The app runner of a scratch database: a migrations folder has no app to run.
fn no_app(_: &mut SqliteConnection, _: &[&str]) -> Result<String> {
    Err(Error::new("verify runs no app commands"))
}

/// The constraints the migrations leave without a name, one line each: SQLite can only change
/// or drop those by rebuilding the table, and its errors cannot name them.
fn unnamed_constraints(migrations: &Migrations) -> Vec<String> {
    let found = Scratch::new(migrations, &no_app).and_then(|mut s| {
        s.migrate()?;
        let mut found = Vec::new();
        for table in schema::tables(s.conn()).map_err(|e| e.to_string())? {
            let sql = schema::table_sql(s.conn(), &table).map_err(|e| e.to_string())?;
            for constraint in sql.iter().flat_map(|sql| traps::unnamed_constraints(sql)) {
                found.push(format!(
                    "{table}: {constraint} has no name; write CONSTRAINT <name> before it"
                ));
            }
        }
        Ok(found)
    });
    // The stairway reports a migration that does not run; there is nothing to add here.
    found.unwrap_or_default()
}

fn duplicate_versions(folders: &[String]) -> Vec<String> {
    let version = |name: &str| name.split('_').next().unwrap_or("").replace('-', "");
    let mut problems = Vec::new();
    for (index, name) in folders.iter().enumerate() {
        if let Some(earlier) = folders[..index]
            .iter()
            .find(|f| version(f) == version(name))
        {
            problems.push(format!(
                "migrations/{name} has the version {} of migrations/{earlier}: diesel records \
                 only one of them; give one a new timestamp",
                version(name)
            ));
        }
    }
    problems
}

fn stairway(migrations: &Migrations, seed: Option<&Seed>, broken_folders: bool) -> Finding {
    let mut name = "every migration goes up, down and up again; each down restores the schema \
                    and rows exactly; foreign keys and integrity hold after every step"
        .to_string();
    if let Some(seed) = seed {
        write!(name, "; the rows of {} are kept", seed.file.display())
            .expect("writing to a String cannot fail");
    }
    if broken_folders {
        return Finding::new(
            name,
            vec!["not run: fix the migration folders above first".into()],
        );
    }
    let loads: Vec<Load> = seed
        .iter()
        .map(|seed| Load {
            after: seed.after.as_deref(),
            sql: &seed.sql,
        })
        .collect();
    let what = seed.map_or(String::new(), |s| {
        format!("the rows of {}", s.file.display())
    });
    let result = check::climb(migrations, &loads, &what, &no_app);
    Finding::new(name, result.err().into_iter().collect())
}

fn edited(db: &Database, migrations: &Migrations) -> Result<Vec<String>> {
    if let Some(file) = db.file() {
        if !file.is_file() {
            return Err(Error::new(format!(
                "there is no database at {} to compare with the migrations",
                file.display()
            )));
        }
    }
    let mut conn = connection::open(db)?;
    migration::edited(&mut conn, &db.name(), migrations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Location, Source};

    /// A migrations folder in a temporary directory.
    struct Folder(tempfile::TempDir);

    impl Folder {
        fn new(migrations: &[(&str, &str, &str)]) -> Self {
            let folder = Folder(tempfile::tempdir().unwrap());
            for (name, up, down) in migrations {
                folder.write(name, up, down);
            }
            folder
        }

        fn write(&self, name: &str, up: &str, down: &str) {
            let dir = self.0.path().join("migrations").join(name);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("up.sql"), up).unwrap();
            if !down.is_empty() {
                std::fs::write(dir.join("down.sql"), down).unwrap();
            }
        }

        /// The problems of the failing checks, one line each (advice left out).
        fn problems(&self, seed: Option<&Seed>, db: Option<&Database>) -> Vec<String> {
            verify(self.0.path(), seed, db)
                .unwrap()
                .into_iter()
                .filter(|f| !f.advisory)
                .flat_map(|f| f.problems)
                .collect()
        }
    }

    const USER: (&str, &str, &str) = (
        "2026-11-24-120000_create_user",
        "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT);",
        "DROP TABLE user;",
    );

    fn seed(sql: &str, after: Option<&str>) -> Seed {
        Seed {
            file: PathBuf::from("seed.sql"),
            sql: sql.to_string(),
            after: after.map(str::to_string),
        }
    }

    #[test]
    fn a_correct_folder_passes_every_check() {
        let folder = Folder::new(&[
            USER,
            (
                "2026-11-24-140000_rename_tables",
                "ALTER TABLE user RENAME TO users;",
                "ALTER TABLE users RENAME TO user;",
            ),
        ]);
        let findings = verify(folder.0.path(), None, None).unwrap();
        assert!(passed(&findings));
        let text = render(folder.0.path(), &findings);
        assert_eq!(text.matches("  ✓ ").count(), 5, "{text}");
        assert!(text.ends_with("Every check passes.\n"), "{text}");
    }

    #[test]
    fn a_foreign_keys_pragma_inside_diesels_transaction_is_a_problem() {
        let folder = Folder::new(&[
            USER,
            (
                "2026-11-24-140000_rebuild_user",
                "PRAGMA foreign_keys = OFF; ALTER TABLE user ADD COLUMN email TEXT; PRAGMA foreign_keys = ON;",
                "ALTER TABLE user DROP COLUMN email;",
            ),
        ]);
        let problems = folder.problems(None, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("run_in_transaction = false"),
            "{problems:?}"
        );
    }

    const TASK: (&str, &str, &str) = (
        "2026-11-24-130000_create_task",
        "CREATE TABLE task (id INTEGER PRIMARY KEY NOT NULL, user_id INTEGER REFERENCES user(id));
         CREATE INDEX ix_task_user_id ON task(user_id);",
        "DROP TABLE task;",
    );

    #[test]
    fn a_rebuild_that_renames_the_old_table_first_is_named() {
        let folder = Folder::new(&[
            USER,
            TASK,
            (
                "2026-11-24-140000_require_username",
                "ALTER TABLE user RENAME TO old_user;
                 CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT NOT NULL DEFAULT '');
                 INSERT INTO user SELECT id, coalesce(username, '') FROM old_user;
                 DROP TABLE old_user;",
                "ALTER TABLE user RENAME TO new_user;
                 CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT);
                 INSERT INTO user SELECT id, username FROM new_user;
                 DROP TABLE new_user;",
            ),
        ]);
        let problems = folder.problems(None, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("task.user_id refers to old_user")
                && problems[0].contains("renaming the OLD table first"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_rebuild_that_forgets_an_index_is_named() {
        let folder = Folder::new(&[
            USER,
            TASK,
            (
                "2026-11-24-140000_add_done",
                "CREATE TABLE new_task (id INTEGER PRIMARY KEY NOT NULL,
                     user_id INTEGER REFERENCES user(id), done BOOLEAN NOT NULL DEFAULT 0);
                 INSERT INTO new_task (id, user_id) SELECT id, user_id FROM task;
                 DROP TABLE task;
                 ALTER TABLE new_task RENAME TO task;",
                "CREATE TABLE old_task (id INTEGER PRIMARY KEY NOT NULL,
                     user_id INTEGER REFERENCES user(id));
                 INSERT INTO old_task SELECT id, user_id FROM task;
                 DROP TABLE task;
                 ALTER TABLE old_task RENAME TO task;
                 CREATE INDEX ix_task_user_id ON task(user_id);",
            ),
        ]);
        let problems = folder.problems(None, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("task was rebuilt but its index ix_task_user_id is gone"),
            "{problems:?}"
        );
    }

    #[test]
    fn unnamed_constraints_are_noted_without_failing() {
        let folder = Folder::new(&[(
            "2026-11-24-120000_create_user",
            "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT UNIQUE, \
             email TEXT CONSTRAINT uq_user_email UNIQUE);",
            "DROP TABLE user;",
        )]);
        let findings = verify(folder.0.path(), None, None).unwrap();
        assert!(passed(&findings));
        let text = render(folder.0.path(), &findings);
        assert!(
            text.contains("note: user: UNIQUE (username) has no name"),
            "{text}"
        );
        assert!(!text.contains("email"), "{text}");
        assert!(text.ends_with("Every check passes.\n"), "{text}");
    }

    #[test]
    fn folder_problems_and_duplicate_versions_are_each_one_line() {
        let folder = Folder::new(&[
            USER,
            (
                "2026-11-24-120000_create_task",
                "CREATE TABLE task (id INTEGER);",
                "DROP TABLE task;",
            ),
            (
                "2026-11-24-130000_add_email",
                "ALTER TABLE user ADD COLUMN email TEXT;",
                "",
            ),
        ]);
        let problems = folder.problems(None, None);
        assert_eq!(
            problems,
            [
                "migrations/2026-11-24-130000_add_email/down.sql is missing",
                "migrations/2026-11-24-120000_create_user has the version 20261124120000 of \
                 migrations/2026-11-24-120000_create_task: diesel records only one of them; \
                 give one a new timestamp",
                "not run: fix the migration folders above first",
            ]
        );
        let text = render(
            folder.0.path(),
            &verify(folder.0.path(), None, None).unwrap(),
        );
        assert!(text.ends_with("3 problems found.\n"), "{text}");
    }

    #[test]
    fn a_down_that_does_not_restore_the_schema_is_named() {
        let folder = Folder::new(&[
            USER,
            (
                "2026-11-24-130000_add_email",
                "ALTER TABLE user ADD COLUMN email TEXT;",
                "SELECT 1;",
            ),
        ]);
        let problems = folder.problems(None, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .starts_with("reverting 2026-11-24-130000_add_email leaves a different schema"),
            "{problems:?}"
        );
    }

    #[test]
    fn seeded_rows_catch_a_rename_done_as_create_and_drop() {
        let folder = Folder::new(&[
            USER,
            (
                "2026-11-24-140000_rename_tables",
                "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, username TEXT); DROP TABLE user;",
                "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT); DROP TABLE users;",
            ),
        ]);
        assert!(
            folder.problems(None, None).is_empty(),
            "without rows nothing is lost"
        );
        let rows = seed(
            "INSERT INTO user (username) VALUES ('Café ☕ with O''Brien');",
            Some("create_user"),
        );
        let problems = folder.problems(Some(&rows), None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .starts_with("2026-11-24-140000_rename_tables lost rows (user had 1 rows, now 0)"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_seed_without_after_loads_before_the_first_migration() {
        let folder = Folder::new(&[(
            "2026-11-24-120000_retire_legacy",
            "DROP TABLE legacy;",
            "CREATE TABLE legacy (x);",
        )]);
        let rows = seed(
            "CREATE TABLE legacy (x); INSERT INTO legacy VALUES (1);",
            None,
        );
        let problems = folder.problems(Some(&rows), None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("lost rows (legacy had 1 rows, now 0)"),
            "{problems:?}"
        );

        let broken = seed("INSERT INTO nowhere VALUES (1);", None);
        let problems = folder.problems(Some(&broken), None);
        assert!(
            problems[0].starts_with("the rows of seed.sql do not load before the first migration"),
            "{problems:?}"
        );
        let error = verify(folder.0.path(), Some(&seed("", Some("create_task"))), None)
            .err()
            .unwrap();
        assert!(
            error
                .to_string()
                .starts_with("there is no migration named create_task in "),
            "{error}"
        );
    }

    #[test]
    fn an_applied_migration_edited_since_is_reported_against_that_database() {
        let folder = Folder::new(&[USER]);
        let path = folder.0.path().join("app.db");
        let db = Database {
            url: path.display().to_string(),
            location: Location::File(path.clone()),
            source: Source::Flag,
        };
        let error = verify(folder.0.path(), None, Some(&db)).err().unwrap();
        assert!(
            error.to_string().starts_with("there is no database at "),
            "{error}"
        );

        let dir = folder.0.path().join("migrations");
        let migrations =
            Migrations::load(&FileBasedMigrations::from_path(&dir).unwrap(), &dir).unwrap();
        migration::run(&db, &migrations, &mut Vec::new()).unwrap();
        assert!(folder.problems(None, Some(&db)).is_empty());

        folder.write(
            USER.0,
            "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL);",
            USER.2,
        );
        let problems = folder.problems(None, Some(&db));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with(&format!(
                "migration 2026-11-24-120000_create_user was edited after it was applied to {}",
                path.display()
            )),
            "{problems:?}"
        );
    }

    #[test]
    fn a_folder_without_migrations_is_an_error() {
        let empty = tempfile::tempdir().unwrap();
        let error = verify(empty.path(), None, None).err().unwrap();
        assert!(
            error.to_string().starts_with("there are no migrations in "),
            "{error}"
        );
        let error = verify(&empty.path().join("missing"), None, None)
            .err()
            .unwrap();
        assert!(error.to_string().starts_with("cannot read "), "{error}");
    }
}
