//! `verify` as a whole: what it reports on folders with several problems, its options, and
//! what it refuses to run on. Each rule's own examples are tested in `rules`.

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

    fn report(&self, options: &Options) -> Report {
        verify(self.0.path(), options).unwrap()
    }

    /// The rule of every problem (notes left out), in the report's order.
    fn rules(&self, options: &Options) -> Vec<&'static str> {
        self.report(options)
            .problems
            .into_iter()
            .filter(|p| !p.note)
            .map(|p| p.rule)
            .collect()
    }
}

const USER: (&str, &str, &str) = (
    "2026-11-24-120000_create_user",
    "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT);",
    "DROP TABLE user;",
);

const TASK: (&str, &str, &str) = (
    "2026-11-24-130000_create_task",
    "CREATE TABLE task (id INTEGER PRIMARY KEY NOT NULL, user_id INTEGER REFERENCES user(id));
     CREATE INDEX ix_task_user_id ON task(user_id);",
    "DROP TABLE task;",
);

#[test]
fn generated_rows_catch_a_rename_done_as_create_and_drop_without_a_seed() {
    let folder = Folder::new(&[
        USER,
        (
            "2026-11-24-140000_rename_user",
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, username TEXT); DROP TABLE user;",
            "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT); DROP TABLE users;",
        ),
    ]);
    let report = folder.report(&Options::default());
    let lost: Vec<&Problem> = report.problems.iter().filter(|p| !p.note).collect();
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!(lost[0].rule, "up-loses-rows");
    assert_eq!(
        lost[0].text,
        "migrations/2026-11-24-140000_rename_user loses data: table user (3 rows) is nowhere now \
         (up.sql:1 drops it)"
    );
    let none = Options {
        rows: 0,
        ..Options::default()
    };
    assert!(folder.rules(&none).is_empty(), "no rows, nothing to lose");
}

#[test]
fn every_problem_is_reported_and_a_bad_down_does_not_hide_the_next() {
    let folder = Folder::new(&[
        USER,
        (
            "2026-11-24-130000_create_task",
            TASK.1,
            // The index is left behind.
            "DROP TABLE task; CREATE INDEX ix_user_username ON user(username);",
        ),
        (
            "2026-11-24-140000_add_email",
            "ALTER TABLE user ADD COLUMN email TEXT;",
            "ALTER TABLE user DROP COLUM email;",
        ),
        (
            "2026-11-24-150000_move_email",
            "CREATE TABLE emails (email TEXT); ALTER TABLE user DROP COLUMN email;",
            "ALTER TABLE user ADD COLUMN email TEXT; DROP TABLE emails;",
        ),
    ]);
    // move_email's up loses the emails; that its down cannot bring them back is not said
    // again.
    assert_eq!(
        folder.rules(&Options::default()),
        ["up-loses-rows", "down-fails", "down-not-exact"]
    );
}

#[test]
fn renaming_the_old_table_first_fails_with_rows_or_leaves_a_reference_dangling() {
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
    // With foreign keys on, dropping the old table its children now point at fails.
    let on = folder.report(&Options::default());
    let failed: Vec<&Problem> = on.problems.iter().filter(|p| !p.note).collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].rule, "up-fails");
    assert!(
        failed[0].text.contains("FOREIGN KEY constraint failed"),
        "{failed:?}"
    );
    // With them off, it goes through and leaves task pointing at a table that is gone.
    let off = Options {
        foreign_keys: super::foreign_keys::Mode::said(false),
        ..Options::default()
    };
    let problems: Vec<Problem> = folder
        .report(&off)
        .problems
        .into_iter()
        .filter(|p| p.rule == "broken-foreign-keys")
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].text.contains("task.user_id refers to old_user")
            && problems[0].text.contains("renaming the OLD table first"),
        "{problems:?}"
    );
}

#[test]
fn foreign_keys_off_runs_a_rebuild_written_for_a_connection_without_them() {
    // Correct only when the connection has foreign keys off: the DROP TABLE would fail on.
    let folder = Folder::new(&[
        USER,
        TASK,
        (
            "2026-11-24-140000_require_username",
            "CREATE TABLE new_user (id INTEGER PRIMARY KEY NOT NULL, username TEXT NOT NULL DEFAULT '');
             INSERT INTO new_user SELECT id, coalesce(username, '') FROM user;
             DROP TABLE user; ALTER TABLE new_user RENAME TO user;",
            "CREATE TABLE old_user (id INTEGER PRIMARY KEY NOT NULL, username TEXT);
             INSERT INTO old_user SELECT id, username FROM user;
             DROP TABLE user; ALTER TABLE old_user RENAME TO user;",
        ),
    ]);
    let on = folder.report(&Options::default());
    let failed = on.problems.iter().find(|p| !p.note).unwrap();
    assert!(
        failed.text.contains("FOREIGN KEY constraint failed")
            && failed.text.contains("can say --foreign-keys off"),
        "{failed:?}"
    );
    let off = Options {
        foreign_keys: super::foreign_keys::Mode::said(false),
        ..Options::default()
    };
    assert!(folder.rules(&off).is_empty(), "{:?}", folder.rules(&off));
    assert!(folder.report(&off).render().starts_with(&format!(
        "verify {} (3 migrations; foreign keys off: as --foreign-keys off says; 3 generated rows",
        folder.0.path().join("migrations").display()
    )));
}

#[test]
fn names_diesel_accepts_are_never_problems_and_odd_ones_get_a_note() {
    let folder = Folder::new(&[
        ("20170124012402_create_user", USER.1, USER.2),
        (
            "201701240124_create_posts",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY);",
            "DROP TABLE posts;",
        ),
        (
            "2024-03-13_170000_create_tags",
            "CREATE TABLE tags (id INTEGER PRIMARY KEY);",
            "DROP TABLE tags;",
        ),
        (
            "20240314120000",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY);",
            "DROP TABLE notes;",
        ),
    ]);
    let report = folder.report(&Options::default());
    assert!(report.passed(), "{}", report.render());
    let noted: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.rule == "unusual-name")
        .filter_map(|p| p.migration.as_deref())
        .collect();
    assert_eq!(
        noted,
        ["201701240124_create_posts", "2024-03-13_170000_create_tags"]
    );
}

#[test]
fn a_forward_only_project_is_checked_up_by_up() {
    let folder = Folder::new(&[(USER.0, USER.1, ""), (TASK.0, TASK.1, "")]);
    assert_eq!(
        folder.rules(&Options::default()),
        ["irreversible", "irreversible"]
    );
    let allowed = Options {
        allow_irreversible: true,
        ..Options::default()
    };
    assert!(folder.rules(&allowed).is_empty());
    folder.write(
        "2026-11-24-140000_rename_user",
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, username TEXT); DROP TABLE task; DROP TABLE user;",
        "",
    );
    assert_eq!(folder.rules(&allowed), ["up-loses-rows"]);
}

#[test]
fn random_values_mask_only_their_column_and_the_report_says_so() {
    let folder = Folder::new(&[(
        "2026-11-24-120000_create_tokens",
        "CREATE TABLE tokens (value TEXT); INSERT INTO tokens SELECT hex(randomblob(16));",
        "DROP TABLE tokens;",
    )]);
    let report = folder.report(&Options::default());
    assert!(report.passed(), "{}", report.render());
    assert_eq!(
        report.notes,
        [
            "migrations/2026-11-24-120000_create_tokens calls randomblob, whose values cannot repeat: tokens.value not compared value by value"
        ]
    );
}

#[test]
fn a_failing_seed_names_its_statement() {
    let folder = Folder::new(&[USER]);
    let seed = Seed {
        file: PathBuf::from("rows.sql"),
        sql: "INSERT INTO user (id) VALUES (100);\n-- a note\nINSERT INTO nowhere VALUES (2);\nINSERT INTO user (id) VALUES (300);".into(),
        after: Some("create_user".into()),
    };
    let options = Options {
        seed: Some(seed),
        ..Options::default()
    };
    let error = verify(folder.0.path(), &options).err().unwrap().to_string();
    assert_eq!(
        error,
        "the seed rows.sql fails at its statement 2 (`-- a note INSERT INTO nowhere VALUES (2);`): no such table: nowhere"
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
    let options = Options {
        database: Some(db.clone()),
        ..Options::default()
    };
    let error = verify(folder.0.path(), &options).err().unwrap();
    assert!(
        error.to_string().starts_with("there is no database at "),
        "{error}"
    );

    let dir = folder.0.path().join("migrations");
    let migrations =
        Migrations::load(&FileBasedMigrations::from_path(&dir).unwrap(), &dir).unwrap();
    migration::run(&db, &migrations, None, &mut Vec::new()).unwrap();
    assert!(folder.rules(&options).is_empty());
    folder.write(
        USER.0,
        "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL);",
        USER.2,
    );
    assert_eq!(folder.rules(&options), ["edited-migration"]);
}

#[test]
fn what_cannot_be_checked_is_one_error() {
    let empty = tempfile::tempdir().unwrap();
    let error = verify(empty.path(), &Options::default()).err().unwrap();
    assert!(
        error.to_string().starts_with("there are no migrations in "),
        "{error}"
    );
    let error = verify(&empty.path().join("missing"), &Options::default())
        .err()
        .unwrap();
    assert!(error.to_string().starts_with("cannot read "), "{error}");
    let postgres = Folder::new(&[(
        "00000000000000_diesel_initial_setup",
        "CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$ BEGIN END; $$ LANGUAGE plpgsql;",
        "DROP FUNCTION IF EXISTS diesel_manage_updated_at(_tbl regclass);",
    )]);
    // PostgreSQL's migrations are told apart by their SQL, and run on a PostgreSQL server.
    let options = Options {
        server: Some(crate::postgres::test_server()),
        ..Options::default()
    };
    let report = verify(postgres.0.path(), &options).unwrap();
    assert!(report.postgres && report.passed(), "{}", report.render());
}

#[test]
fn json_says_every_finding_with_its_rule_file_line_and_fix() {
    let folder = Folder::new(&[(USER.0, USER.1, "")]);
    let report = folder.report(&Options::default());
    let json = report.json();
    assert_eq!(json["passed"], false);
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "irreversible");
    assert_eq!(finding["severity"], "problem");
    assert_eq!(finding["migration"], USER.0);
    // The migration has no down.sql: the finding is said on its up.sql.
    let up = report.dir.join(USER.0).join("up.sql");
    assert_eq!(finding["file"], up.display().to_string());
    assert_eq!(finding["line"], serde_json::Value::Null);
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("cannot be reverted")
    );
    assert_eq!(
        finding["fix"],
        crate::rules::named("irreversible").unwrap().fix
    );
}

#[test]
fn since_a_version_applies_the_older_sqlite_migrations_without_judging_them() {
    let folder = Folder::new(&[
        USER,
        (
            "2026-11-24-140000_rename_user",
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, username TEXT); DROP TABLE user;",
            "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT); DROP TABLE users;",
        ),
        (
            "2026-11-24-150000_create_task",
            "CREATE TABLE task (id INTEGER PRIMARY KEY NOT NULL, user_id INTEGER REFERENCES users(id));",
            "",
        ),
    ]);
    let since = |version: &str| Options {
        since: Some(Since::Version(version.into())),
        ..Options::default()
    };
    assert_eq!(
        folder.rules(&since("20261124140000")),
        ["irreversible"],
        "the old rename is applied, not judged; the new migration is"
    );
    assert_eq!(
        folder.rules(&since("20261124130000")),
        ["irreversible", "up-loses-rows"]
    );
    let report = folder.report(&since("20261124140000"));
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("1 of 3 migrations judged: those newer than version")),
        "{:?}",
        report.notes
    );
}

#[test]
fn an_older_migration_that_fails_before_the_window_is_an_error_not_a_problem_of_the_project() {
    let folder = Folder::new(&[
        USER,
        (
            "2026-11-24-140000_broken",
            "ALTER TABLE nowhere ADD COLUMN x INTEGER;",
            "SELECT 1;",
        ),
        (
            "2026-11-24-150000_create_task",
            "CREATE TABLE task (id INTEGER PRIMARY KEY NOT NULL);",
            "DROP TABLE task;",
        ),
    ]);
    let options = Options {
        since: Some(Since::Version("20261124140000".into())),
        ..Options::default()
    };
    let error = verify(folder.0.path(), &options)
        .err()
        .expect("verify cannot run")
        .to_string();
    assert!(
        error.starts_with("migrations/2026-11-24-140000_broken, older than the migrations to judge, fails when applied (")
            && error.contains("no such table: nowhere")
            && error.ends_with("give --since a version at or after it"),
        "{error}"
    );
}
