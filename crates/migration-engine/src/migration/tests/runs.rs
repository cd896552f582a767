//! `run` applies whole or says what is applied, locks others out, and refuses a damaged file.

use super::*;

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
