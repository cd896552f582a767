//! End-to-end tests of the real solution-04 binary against temporary databases.

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use workbook::testing::Bin;

fn bin() -> Bin {
    Bin::new(env!("CARGO_BIN_EXE_solution-04"))
}

/// A binary with its database migrated and holding one user.
fn migrated() -> Bin {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    bin.run(&["user", "add", "BugsBunnyFanatic"]).ok();
    bin
}

#[test]
fn migration_verbs_run_list_revert_and_redo() {
    let bin = bin();
    let message = bin.run(&["migration", "list"]).error();
    assert!(message.contains("there is no database at"), "{message}");
    assert!(
        message.contains("cargo run -p solution-04 -- migration run"),
        "{message}"
    );

    assert_eq!(
        bin.run(&["migration", "run"]).ok(),
        "Running migration 2026-11-24-120000_create_user\n\
         Running migration 2026-11-24-130000_create_task\n"
    );
    assert_eq!(
        bin.run(&["migration", "list"]).ok(),
        "Migrations:\n  [X] 2026-11-24-120000_create_user\n  [X] 2026-11-24-130000_create_task\n"
    );
    assert_eq!(bin.run(&["migration", "pending"]).ok(), "false\n");
    assert_eq!(
        bin.run(&["migration", "run"]).ok(),
        "Nothing to run: every migration is applied.\n"
    );

    assert_eq!(
        bin.run(&["migration", "revert"]).ok(),
        "Rolling back migration 2026-11-24-130000_create_task\n"
    );
    assert_eq!(bin.run(&["migration", "pending"]).ok(), "true\n");
    assert!(!bin.run(&["schema"]).ok().contains("CREATE TABLE task"));

    bin.run(&["migration", "run"]).ok();
    assert_eq!(
        bin.run(&["migration", "redo", "-n", "2"]).ok(),
        "Rolling back migration 2026-11-24-130000_create_task\n\
         Rolling back migration 2026-11-24-120000_create_user\n\
         Running migration 2026-11-24-120000_create_user\n\
         Running migration 2026-11-24-130000_create_task\n"
    );
    assert_eq!(
        bin.run(&["migration", "revert", "--all"]).ok(),
        "Rolling back migration 2026-11-24-130000_create_task\n\
         Rolling back migration 2026-11-24-120000_create_user\n"
    );
    assert_eq!(bin.run(&["schema"]).ok(), "");
    assert_eq!(
        bin.run(&["migration", "revert"]).ok(),
        "Nothing to revert: no migration is applied.\n"
    );
}

/// The migrations are embedded, so the test edits what the database recorded instead of the
/// files: to `migration run`, a recorded checksum that no longer matches the files is an edit.
#[test]
fn a_migration_edited_after_it_ran_is_refused_and_marked_until_redone() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    let clean = bin.run(&["migration", "list"]).ok();
    let mut conn = SqliteConnection::establish(bin.db().to_str().unwrap()).unwrap();
    conn.batch_execute(
        "UPDATE __workbook_migration_checksums SET checksum = 'fnv1a64:0' \
         WHERE version = '20261124130000'",
    )
    .unwrap();
    drop(conn);
    let before = bin.db_bytes();

    let message = bin.run(&["migration", "run"]).error();
    assert!(
        message.starts_with(
            "error: migration 2026-11-24-130000_create_task was edited after it was applied to "
        ),
        "{message}"
    );
    assert!(
        message.contains(
            "(`migration revert --to 2026-11-24-120000_create_user`), then `migration run`"
        ),
        "{message}"
    );
    assert_eq!(bin.db_bytes(), before);
    let listed = bin.run(&["migration", "list"]).ok();
    assert!(
        listed.contains("  [X] 2026-11-24-130000_create_task (edited after it was applied: "),
        "{listed}"
    );

    bin.run(&["migration", "redo"]).ok();
    assert_eq!(bin.run(&["migration", "list"]).ok(), clean);
    assert_eq!(
        bin.run(&["migration", "run"]).ok(),
        "Nothing to run: every migration is applied.\n"
    );
}

/// A database migrated by the real diesel CLI, or by the workbook before it kept checksums,
/// has no checksum table: nothing in it counts as edited.
#[test]
fn a_database_without_checksums_keeps_working() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    let mut conn = SqliteConnection::establish(bin.db().to_str().unwrap()).unwrap();
    conn.batch_execute("DROP TABLE __workbook_migration_checksums")
        .unwrap();
    drop(conn);
    assert_eq!(
        bin.run(&["migration", "run"]).ok(),
        "Nothing to run: every migration is applied.\n"
    );
    assert_eq!(
        bin.run(&["migration", "list"]).ok(),
        "Migrations:\n  [X] 2026-11-24-120000_create_user\n  [X] 2026-11-24-130000_create_task\n"
    );
    bin.run(&["migration", "redo"]).ok();
    bin.run(&["user", "add", "BugsBunnyFanatic"]).ok();
}

#[test]
fn schema_and_print_schema_describe_the_migrated_database() {
    let bin = migrated();
    let schema = bin.run(&["schema"]).ok();
    assert!(
        schema.contains("CREATE TABLE task (\n  id INTEGER PRIMARY KEY NOT NULL,"),
        "{schema}"
    );
    assert!(schema.contains("CREATE TABLE user ("), "{schema}");
    let printed = bin.run(&["print-schema"]).ok();
    let schema_rs = include_str!("../src/schema.rs");
    assert_eq!(printed, schema_rs);
}

#[test]
fn check_passes_every_goal_and_the_overview_shows_the_checklist() {
    let bin = bin();
    let report = bin.run(&["check"]).ok();
    assert!(
        report.starts_with("solution-04 · Create a schema and migrate the DB\n"),
        "{report}"
    );
    assert!(!report.contains('✗'), "{report}");
    assert!(report.contains("goals pass."), "{report}");
    let overview = bin.run_bare(&[]).ok();
    assert_eq!(
        overview, report,
        "with no command the binary shows the checklist"
    );
}

#[test]
fn config_says_which_source_won() {
    let bin = bin();
    let config = bin.run_bare(&["config"]).ok();
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/solution-04.db");
    assert!(
        config.contains(&format!("database:   {default}\n")),
        "{config}"
    );
    assert!(config.contains("the lesson's default"), "{config}");

    std::fs::write(bin.dir().join(".env"), "DATABASE_URL=from-dotenv.db\n").unwrap();
    let config = bin.run_bare(&["config"]).ok();
    assert!(config.contains("from-dotenv.db"), "{config}");
    assert!(config.contains("DATABASE_URL in "), "{config}");

    let config = bin.run(&["config"]).ok();
    assert!(config.contains("test.db"), "{config}");
    assert!(config.contains("from:       --database-url"), "{config}");
}

#[test]
fn users_and_tasks_are_added_listed_and_completed() {
    let bin = migrated();
    assert_eq!(
        bin.run(&["user", "add", "WackyDaffy91"]).ok(),
        "Added user 2: WackyDaffy91\n"
    );
    assert_eq!(
        bin.run(&["user", "list"]).ok(),
        "id  username\n1   BugsBunnyFanatic\n2   WackyDaffy91\n"
    );
    let added = bin.run(&[
        "task",
        "add",
        "  Buy carrots ",
        "--user",
        "BugsBunnyFanatic",
        "--due",
        "2026-12-01",
        "--category",
        "shopping",
    ]);
    assert_eq!(added.ok(), "Added task 1: Buy carrots\n");
    bin.run(&[
        "task",
        "add",
        "Find a rabbit hole",
        "--user",
        "WackyDaffy91",
    ])
    .ok();
    assert_eq!(bin.run(&["task", "done", "1"]).ok(), "Task 1 is done.\n");
    assert_eq!(
        bin.run(&["task", "list"]).ok(),
        "id  description         done  due         category  user\n\
         1   Buy carrots         yes   2026-12-01  shopping  BugsBunnyFanatic\n\
         2   Find a rabbit hole  no                          WackyDaffy91\n"
    );
    let pending = bin.run(&["task", "list", "--pending"]).ok();
    assert!(
        pending.contains("Find a rabbit hole") && !pending.contains("Buy carrots"),
        "{pending}"
    );
    let mine = bin
        .run(&["task", "list", "--user", "BugsBunnyFanatic"])
        .ok();
    assert!(
        mine.contains("Buy carrots") && !mine.contains("rabbit"),
        "{mine}"
    );
}

/// Runs `args`, expects one error line containing `expected`, and proves the database file
/// is byte for byte what it was.
fn refused(bin: &Bin, args: &[&str], expected: &str) {
    let before = bin.db_bytes();
    let message = bin.run(args).error();
    assert!(message.contains(expected), "{args:?}: {message}");
    assert_eq!(bin.db_bytes(), before, "{args:?} changed the database");
}

#[test]
fn bad_app_input_is_refused_in_one_line_and_changes_nothing() {
    let bin = migrated();
    refused(
        &bin,
        &["task", "add", " \t ", "--user", "BugsBunnyFanatic"],
        "the description is empty",
    );
    refused(
        &bin,
        &["task", "add", "Nap", "--user", "Nobody"],
        "there is no user named \"Nobody\"",
    );
    refused(
        &bin,
        &[
            "task",
            "add",
            "Nap",
            "--user",
            "BugsBunnyFanatic",
            "--due",
            "2026-02-30",
        ],
        "is not a date",
    );
    refused(
        &bin,
        &[
            "task",
            "add",
            "Nap",
            "--user",
            "BugsBunnyFanatic",
            "--due",
            "soon",
        ],
        "write it as YYYY-MM-DD",
    );
    refused(&bin, &["task", "done", "42"], "there is no task with id 42");
    refused(&bin, &["user", "add", ""], "the username is empty");
}

#[test]
fn app_commands_refuse_a_database_with_pending_migrations() {
    let bin = migrated();
    bin.run(&["migration", "revert"]).ok();
    refused(
        &bin,
        &["task", "list"],
        "1 pending migration(s) (create_task): run `cargo run -p solution-04 -- migration run` first",
    );
}

#[test]
fn app_commands_refuse_a_database_a_newer_lesson_migrated() {
    let bin = migrated();
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    conn.batch_execute(
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('20261124140000')",
    )
    .unwrap();
    drop(conn);
    for args in [
        &["task", "list"][..],
        &["task", "add", "Nap", "--user", "BugsBunnyFanatic"],
    ] {
        refused(
            &bin,
            args,
            "was migrated by a newer version: migration 20261124140000 is unknown here",
        );
    }
}

#[test]
fn a_command_that_waits_out_a_migrations_lock_says_the_database_is_busy() {
    let bin = migrated();
    // What `migration run` holds for its whole run.
    let mut migrating = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    migrating
        .batch_execute("BEGIN EXCLUSIVE; PRAGMA locking_mode = EXCLUSIVE; COMMIT;")
        .unwrap();
    // It waits the busy timeout (5 s), then gives up in one line.
    let message = bin.run(&["task", "list"]).error();
    assert!(
        message.ends_with(
            "database is locked; the database is busy: another process is migrating it or \
             writing to it; try again when it finishes"
        ),
        "{message}"
    );
    drop(migrating);
    bin.run(&["task", "list"]).ok();
}

#[test]
fn a_failing_migration_run_leaves_the_database_exactly_as_it_was() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    bin.run(&["migration", "revert", "--all"]).ok();
    // A table in the way makes create_task fail after create_user succeeded in the same run.
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    conn.batch_execute("CREATE TABLE task (id INTEGER PRIMARY KEY); INSERT INTO task VALUES (7);")
        .unwrap();
    drop(conn);
    refused(
        &bin,
        &["migration", "run"],
        "migration 2026-11-24-130000_create_task failed",
    );
    let message = bin.run(&["migration", "run"]).error();
    // Both migrations run in diesel's transaction, so the run is one transaction: create_user
    // is not left applied on its own.
    assert!(
        message.ends_with("the database is as it was before this command"),
        "{message}"
    );
    assert_eq!(
        bin.run(&["migration", "list"]).ok(),
        "Migrations:\n  [ ] 2026-11-24-120000_create_user\n  [ ] 2026-11-24-130000_create_task\n"
    );
}

#[test]
fn unusable_databases_are_refused_in_one_line() {
    let bin = bin();
    let folder = bin.dir().display().to_string();
    let message = bin
        .run_bare(&["--database-url", &folder, "migration", "run"])
        .error();
    assert!(message.contains("it is a folder, not a file"), "{message}");

    let notes = bin.dir().join("notes.db");
    std::fs::write(
        &notes,
        "groceries: carrots, more carrots, a hat, and some glue",
    )
    .unwrap();
    let notes_url = notes.display().to_string();
    let message = bin
        .run_bare(&["--database-url", &notes_url, "migration", "run"])
        .error();
    assert!(message.contains("it is not a SQLite database"), "{message}");
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "groceries: carrots, more carrots, a hat, and some glue"
    );

    for (args, commands) in [
        (["task", "list"], "the lesson's app commands run on SQLite"),
        (["migration", "run"], "the migration commands run on SQLite"),
    ] {
        let message = bin
            .run_bare(&[&["--database-url", "postgres://localhost/todo"], &args[..]].concat())
            .error();
        assert!(message.contains(commands), "{message}");
        assert!(message.contains("use a SQLite file"), "{message}");
    }
}

#[test]
fn a_read_only_database_is_reported_not_changed() {
    let bin = migrated();
    let before = bin.db_bytes();
    let read_only = format!("file:{}?mode=ro", bin.db().display());
    let message = bin
        .run_bare(&["--database-url", &read_only, "user", "add", "Taz"])
        .error();
    assert!(message.contains("the database is read-only"), "{message}");
    let message = bin
        .run_bare(&["--database-url", &read_only, "migration", "revert"])
        .error();
    assert!(message.contains("read-only"), "{message}");
    assert_eq!(bin.db_bytes(), before);
}

#[test]
fn seed_adds_the_lecture_users_once() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    assert_eq!(
        bin.run(&["seed"]).ok(),
        "Added 5 of the lecture's 5 users.\n"
    );
    assert_eq!(
        bin.run(&["seed"]).ok(),
        "Added 0 of the lecture's 5 users.\n"
    );
    let users = bin.run(&["user", "list"]).ok();
    assert_eq!(users.lines().count(), 6, "{users}");
    assert!(users.contains("5   RoadRunnerSpeedster"), "{users}");
}

/// A command that did its work exits 0 even when its output cannot be written: a script that
/// ran `user add` with a full disk must not run it again.
#[test]
fn a_command_done_exits_0_when_its_output_cannot_be_written() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    let db = bin.db().display().to_string();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let added = std::process::Command::new(env!("CARGO_BIN_EXE_solution-04"))
        .args(["--database-url", &db, "user", "add", "BugsBunnyFanatic"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(added.status.code(), Some(0), "{added:?}");
    let said = String::from_utf8_lossy(&added.stderr);
    assert!(
        said.starts_with("warning: the output could not be written (No space left on device"),
        "{said}"
    );
    assert!(bin.run(&["user", "list"]).ok().contains("BugsBunnyFanatic"));
}
