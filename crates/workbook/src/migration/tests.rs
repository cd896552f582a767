//! The verbs on real database files: what they print, what they refuse, what they leave.

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
    assert!(
        error.contains(
            ": up.sql now says `KEY, name TEXT` where it said `KEY` (after `id INTEGER PRIMARY`); \
             put its files back as they were (e.g. `git restore "
        ),
        "{error}"
    );
    assert!(
        error.contains(
            "make the change in a new migration (`migration generate NAME`), which keeps every row"
        ),
        "{error}"
    );
    assert!(
        error.contains("`migration redo -n 2` would apply the edit too"),
        "{error}"
    );
    assert_eq!(std::fs::read(project.db.file().unwrap()).unwrap(), bytes);

    let listed = project.list();
    assert!(
        listed.contains(
            "  [X] 2026-11-24-120000_create_user (edited after it was applied: up.sql now says"
        ),
        "{listed}"
    );
    assert!(
        listed.contains("  [X] 2026-11-24-130000_create_task\n"),
        "{listed}"
    );

    let mut out = Vec::new();
    redo(
        &project.db,
        &project.migrations(),
        Count::Last(2),
        Consent::Given,
        &mut out,
    )
    .unwrap();
    assert!(!project.list().contains("edited"));
    let ran = project.run().unwrap();
    assert_eq!(ran, "Running migration 2026-11-24-140000_add_email\n");
}

#[test]
fn a_comment_or_spacing_changed_after_a_migration_ran_is_no_edit() {
    let project = Project::new();
    project.run().unwrap();
    project.write(
        "2026-11-24-120000_create_user",
        "up.sql",
        "-- My first table.\nCREATE TABLE user (\n    id INTEGER PRIMARY KEY /* the key */\n);\n",
    );
    assert_eq!(
        project.run().unwrap(),
        "Nothing to run: every migration is applied.\n"
    );
    assert!(!project.list().contains("edited"), "{}", project.list());
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
    revert(
        &project.db,
        &project.migrations(),
        Count::Last(1),
        Consent::Given,
        &mut out,
    )
    .unwrap();
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
    let error = step(&mut conn, &migrations, m, Direction::Up)
        .unwrap_err()
        .to_string();
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

#[test]
fn a_run_of_transactional_migrations_is_applied_whole_or_not_at_all() {
    let project = Project::new();
    project.write(
        "2026-11-24-140000_broken",
        "up.sql",
        "CREATE TABLE tag (id INTEGER PRIMARY KEY); INSERT INTO nowhere VALUES (1);",
    );
    project.write("2026-11-24-140000_broken", "down.sql", "DROP TABLE tag;");
    let error = project.run().unwrap_err().to_string();
    assert!(
        error.starts_with("migration 2026-11-24-140000_broken failed: no such table: nowhere"),
        "{error}"
    );
    assert!(
        error.ends_with("; the database is as it was before this command"),
        "{error}"
    );
    assert!(tables(&project.db).is_empty(), "{:?}", tables(&project.db));
    assert!(applied_now(&project.db).is_empty());
}

#[test]
fn a_failed_run_with_a_migration_outside_the_transaction_says_what_is_applied() {
    let project = Project::new();
    let rebuild = "2026-11-24-140000_rebuild";
    project.write(rebuild, "metadata.toml", "run_in_transaction = false\n");
    project.write(
        rebuild,
        "up.sql",
        "PRAGMA foreign_keys = OFF; BEGIN; CREATE TABLE new_task (id INTEGER PRIMARY KEY);
         INSERT INTO new_task SELECT id FROM nowhere; COMMIT; PRAGMA foreign_keys = ON;",
    );
    project.write(rebuild, "down.sql", "SELECT 1;");
    let error = project.run().unwrap_err().to_string();
    assert!(error.contains("no such table: nowhere"), "{error}");
    assert!(
        error.ends_with(
            "; of this command's migrations, applied now: create_user, create_task; \
             not applied: rebuild"
        ),
        "{error}"
    );
    assert_eq!(tables(&project.db), ["task", "user"]);
    assert_eq!(
        applied_now(&project.db),
        ["20261124120000", "20261124130000"]
    );
}

#[test]
fn a_migration_outside_the_transaction_is_recorded_inside_its_own_transaction() {
    // The statement after its COMMIT fails: the migration is already applied and recorded
    // together, so the error says so.
    let project = Project::new();
    project.run().unwrap();
    let rebuild = "2026-11-24-140000_rebuild";
    project.write(rebuild, "metadata.toml", "run_in_transaction = false\n");
    project.write(
        rebuild,
        "up.sql",
        "PRAGMA foreign_keys = OFF;\nBEGIN;\nCREATE TABLE tag (id INTEGER PRIMARY KEY);\n\
         COMMIT;\nPRAGMA foreign_keys = ON;\nSELECT * FROM nowhere;\n",
    );
    project.write(rebuild, "down.sql", "DROP TABLE tag;");
    let error = project.run().unwrap_err().to_string();
    assert!(
        error.ends_with("; of this command's migrations, applied now: rebuild; not applied: none"),
        "{error}"
    );
    assert_eq!(applied_now(&project.db).len(), 3);
    assert_eq!(tables(&project.db), ["tag", "task", "user"]);
}

#[test]
fn a_migrating_connection_locks_out_other_readers_and_writers() {
    let project = Project::new();
    project.run().unwrap();
    let held = runner::lock(&project.db).unwrap();
    let mut other = SqliteConnection::establish(&project.db.url).unwrap();
    other.batch_execute("PRAGMA busy_timeout = 50").unwrap();
    for sql in ["SELECT * FROM user", "INSERT INTO user (id) VALUES (1)"] {
        let error = other.batch_execute(sql).unwrap_err().to_string();
        assert_eq!(error, "database is locked", "{sql}");
    }
    drop(held);
    other
        .batch_execute("INSERT INTO user (id) VALUES (1)")
        .unwrap();
}

#[test]
fn a_damaged_database_is_refused_before_any_migration() {
    let project = Project::new();
    project.run().unwrap();
    {
        let mut conn = connection::open(&project.db).unwrap();
        conn.batch_execute(
            "CREATE TABLE filler (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO filler SELECT hex(randomblob(100)) FROM n;",
        )
        .unwrap();
    }
    let file = project.db.file().unwrap();
    let mut bytes = std::fs::read(file).unwrap();
    // Scribble over the middle of the file, leaving the header (page 1) alone.
    let middle = bytes.len() / 2;
    bytes[middle..middle + 4096].fill(0xA5);
    std::fs::write(file, &bytes).unwrap();
    project.write(
        "2026-11-24-140000_add_tag",
        "up.sql",
        "CREATE TABLE tag (id INTEGER PRIMARY KEY);",
    );
    project.write("2026-11-24-140000_add_tag", "down.sql", "DROP TABLE tag;");
    let error = project.run().unwrap_err().to_string();
    assert!(error.contains("test.db is damaged ("), "{error}");
    assert!(
        error.ends_with(".recover | sqlite3 recovered.db`"),
        "{error}"
    );
    assert_eq!(std::fs::read(file).unwrap(), bytes);
}

#[test]
fn revert_refuses_more_migrations_than_are_applied() {
    let project = Project::new();
    project.run().unwrap();
    let mut out = Vec::new();
    let error = revert(
        &project.db,
        &project.migrations(),
        Count::Last(3),
        Consent::Given,
        &mut out,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.starts_with("cannot revert 3 migrations: only 2 are applied to "),
        "{error}"
    );
    assert!(
        error.ends_with("use `migration revert --all` to revert them all"),
        "{error}"
    );
    assert!(out.is_empty());
    assert_eq!(applied_now(&project.db).len(), 2);
}

/// Runs `sql` on the project's database.
fn execute(project: &Project, sql: &str) {
    connection::open(&project.db)
        .unwrap()
        .batch_execute(sql)
        .unwrap();
}

/// Reverts the last migration, answering the question (if any) with `answer`; returns the
/// result and the question asked.
fn revert_asking(project: &Project, answer: bool) -> (Result<()>, Option<String>) {
    let mut asked = None;
    let mut ask = |question: &str| {
        asked = Some(question.to_string());
        answer
    };
    let mut out = Vec::new();
    let result = revert(
        &project.db,
        &project.migrations(),
        Count::Last(1),
        Consent::Ask(&mut ask),
        &mut out,
    );
    (result, asked)
}

#[test]
fn a_revert_that_drops_rows_asks_first_and_a_no_changes_nothing() {
    let project = Project::new();
    project.run().unwrap();
    execute(&project, "INSERT INTO task (id) VALUES (1), (2);");
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(
        asked.as_deref(),
        Some("reverting create_task throws away table task (2 rows), which no down.sql puts back")
    );
    let error = result.unwrap_err().to_string();
    assert!(
        error.ends_with(
            ": nothing was done; run `migration revert` again with --yes to go ahead, or save \
             those rows first"
        ),
        "{error}"
    );
    assert_eq!(tables(&project.db), ["task", "user"]);
    let (result, _) = revert_asking(&project, true);
    result.unwrap();
    assert_eq!(tables(&project.db), ["user"]);
}

#[test]
fn a_revert_asks_only_about_values_that_would_be_nowhere_afterwards() {
    let project = Project::new();
    project.run().unwrap();
    let moves = [
        (
            "2026-11-24-140000_rename",
            "ALTER TABLE task RENAME TO tasks;",
            "ALTER TABLE tasks RENAME TO task;",
        ),
        (
            "2026-11-24-150000_move",
            "ALTER TABLE user ADD COLUMN name TEXT; UPDATE user SET name = 'n' || id;",
            "ALTER TABLE user DROP COLUMN name;",
        ),
        (
            "2026-11-24-160000_lookup",
            "CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
             INSERT INTO names (name) SELECT name FROM user;
             ALTER TABLE user ADD COLUMN name_id INTEGER REFERENCES names(id);
             UPDATE user SET name_id = (SELECT id FROM names WHERE names.name = user.name);
             ALTER TABLE user DROP COLUMN name;",
            "ALTER TABLE user ADD COLUMN name TEXT;
             UPDATE user SET name = (SELECT name FROM names WHERE names.id = user.name_id);
             ALTER TABLE user DROP COLUMN name_id; DROP TABLE names;",
        ),
    ];
    for (folder, up, down) in moves {
        project.write(folder, "up.sql", up);
        project.write(folder, "down.sql", down);
    }
    execute(
        &project,
        "INSERT INTO user (id) VALUES (1), (2); INSERT INTO task (id) VALUES (7);",
    );
    project.run().unwrap();
    // lookup's down moves every name back into user.name: nothing is lost.
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(asked, None);
    result.unwrap();
    // move's down drops user.name and its values for good.
    let (result, asked) = revert_asking(&project, true);
    assert_eq!(
        asked.as_deref(),
        Some("reverting move throws away column user.name (2 values), which no down.sql puts back")
    );
    result.unwrap();
    // rename's down renames tasks back to task: nothing is lost.
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(asked, None);
    result.unwrap();
    // create_task's down drops the task for good.
    let (_, asked) = revert_asking(&project, false);
    assert_eq!(
        asked.as_deref(),
        Some("reverting create_task throws away table task (1 rows), which no down.sql puts back")
    );
}

#[test]
fn a_revert_that_drops_a_column_with_values_names_it() {
    let project = Project::new();
    project.write(
        "2026-11-24-140000_add_email",
        "up.sql",
        "ALTER TABLE user ADD COLUMN email TEXT;",
    );
    project.write(
        "2026-11-24-140000_add_email",
        "down.sql",
        "ALTER TABLE user DROP COLUMN email;",
    );
    project.run().unwrap();
    execute(
        &project,
        "INSERT INTO user (id, email) VALUES (1, 'bugs@example.com'), (2, NULL);",
    );
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(
        asked.as_deref(),
        Some(
            "reverting add_email throws away column user.email (1 values), which no down.sql puts back"
        )
    );
    assert!(result.is_err());
    execute(&project, "UPDATE user SET email = NULL;");
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(asked, None);
    result.unwrap();
}
