//! End-to-end tests of the real solution-06 binary against temporary databases.

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use workbook::testing::Bin;

fn bin() -> Bin {
    Bin::new(env!("CARGO_BIN_EXE_solution-06"))
}

/// Runs SQL on the test database directly, as another program would.
fn sql(bin: &Bin, statements: &str) {
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    conn.batch_execute(statements).unwrap();
}

/// Every row of one table, as the workbook's dumps print them.
fn rows(bin: &Bin, table: &str) -> Vec<String> {
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    let mut all = workbook::sqlite::schema::rows(&mut conn).unwrap();
    all.remove(table).unwrap_or_default()
}

/// A binary whose database is at the end of lesson-05 (the rebuilds pending), with users and
/// tasks in it.
fn at_lesson_05() -> Bin {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    bin.run(&["migration", "revert", "-n", "2"]).ok();
    sql(
        &bin,
        "INSERT INTO users (id, username) VALUES (1, 'BugsBunnyFanatic'), (2, 'WackyDaffy91');
         INSERT INTO tasks (description, user_id) VALUES ('Buy carrots', 1), ('Quack', 2);",
    );
    bin
}

/// Runs `args`, expects one error line containing every one of `expected`, and proves the
/// database file is byte for byte what it was.
fn refused(bin: &Bin, args: &[&str], expected: &[&str]) -> String {
    let before = bin.db_bytes();
    let message = bin.run(args).error();
    for part in expected {
        assert!(message.contains(part), "{args:?}: {message}");
    }
    assert_eq!(bin.db_bytes(), before, "{args:?} changed the database");
    message
}

#[test]
fn the_rebuilds_run_revert_and_redo() {
    let bin = at_lesson_05();
    assert_eq!(
        bin.run(&["migration", "run"]).ok(),
        "Running migration 2026-11-24-180000_constrain_users\n\
         Running migration 2026-11-24-190000_constrain_tasks\n"
    );
    // The rebuilds' downs drop created_at and updated_at, and their values with them.
    let refused = bin.run(&["migration", "redo", "-n", "2"]).error();
    assert!(
        refused.contains(
            "reverting constrain_tasks, constrain_users throws away column tasks.created_at (2 \
             values), column tasks.updated_at (2 values), column users.created_at (2 values), \
             column users.updated_at (2 values), which no down.sql puts back: nothing was done"
        ),
        "{refused}"
    );
    assert_eq!(
        bin.run(&["migration", "redo", "-n", "2", "--yes"]).ok(),
        "Rolling back migration 2026-11-24-190000_constrain_tasks\n\
         Rolling back migration 2026-11-24-180000_constrain_users\n\
         Running migration 2026-11-24-180000_constrain_users\n\
         Running migration 2026-11-24-190000_constrain_tasks\n"
    );
    let tasks = bin.run(&["task", "list"]).ok();
    assert!(
        tasks.contains("Buy carrots") && tasks.contains("Quack"),
        "{tasks}"
    );
    let schema = bin.run(&["schema"]).ok();
    assert!(
        schema.contains("CONSTRAINT fk_tasks_user_id REFERENCES users(id) ON DELETE CASCADE"),
        "{schema}"
    );
    assert!(!schema.contains("new_"), "{schema}");
}

#[test]
fn check_passes_every_goal() {
    let report = bin().run(&["check"]).ok();
    assert!(
        report.starts_with("solution-06 · Modify constraints\n"),
        "{report}"
    );
    assert!(!report.contains('✗'), "{report}");
}

#[test]
fn a_duplicate_username_stops_the_run_and_changes_nothing() {
    let bin = at_lesson_05();
    sql(
        &bin,
        "INSERT INTO users (username) VALUES ('BugsBunnyFanatic')",
    );
    let message = refused(
        &bin,
        &["migration", "run"],
        &[
            "migration 2026-11-24-180000_constrain_users failed: UNIQUE constraint failed",
            "rows already in users break the UNIQUE constraint uq_users_username on (username)",
            "`SELECT username, count(*) FROM users GROUP BY username HAVING count(*) > 1`",
            "the database is as it was before this command",
        ],
    );
    assert!(!message.contains("new_users break"), "{message}");
    assert_eq!(bin.run(&["migration", "pending"]).ok(), "true\n");
    // Cleaned, the same run goes through.
    sql(&bin, "DELETE FROM users WHERE id = 3");
    bin.run(&["migration", "run"]).ok();
    assert_eq!(bin.run(&["migration", "pending"]).ok(), "false\n");
}

#[test]
fn a_missing_username_stops_the_run_and_changes_nothing() {
    let bin = at_lesson_05();
    sql(&bin, "INSERT INTO users (username) VALUES (NULL)");
    refused(
        &bin,
        &["migration", "run"],
        &[
            "rows already in users have no username, which is now NOT NULL",
            "`SELECT * FROM users WHERE username IS NULL`",
        ],
    );
}

#[test]
fn a_blank_description_stops_the_run_at_constrain_tasks_and_keeps_every_row() {
    let bin = at_lesson_05();
    sql(
        &bin,
        "INSERT INTO tasks (description, user_id) VALUES ('  ', 1)",
    );
    let before = rows(&bin, "tasks");
    let message = bin.run(&["migration", "run"]).error();
    for part in [
        "migration 2026-11-24-190000_constrain_tasks failed",
        "rows already in tasks break the CHECK constraint ck_tasks_description_not_blank",
        "`SELECT * FROM tasks WHERE NOT (trim(description) <> '')`",
        // Both rebuilds run outside diesel's transaction, so the run is not one transaction:
        // constrain_users stays applied, and the line says so.
        "of this command's migrations, applied now: constrain_users; not applied: constrain_tasks",
    ] {
        assert!(message.contains(part), "{message}");
    }
    assert_eq!(rows(&bin, "tasks"), before);
    let list = bin.run(&["migration", "list"]).ok();
    assert!(
        list.contains("[X] 2026-11-24-180000_constrain_users"),
        "{list}"
    );
    assert!(
        list.contains("[ ] 2026-11-24-190000_constrain_tasks"),
        "{list}"
    );
    // Cleaned, the next run applies only what is left.
    sql(&bin, "DELETE FROM tasks WHERE trim(description) = ''");
    assert_eq!(
        bin.run(&["migration", "run"]).ok(),
        "Running migration 2026-11-24-190000_constrain_tasks\n"
    );
}

/// A binary with every migration run and the lecture's users seeded.
fn migrated() -> Bin {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    bin.run(&["seed"]).ok();
    bin
}

#[test]
fn the_database_refuses_what_breaks_its_rules() {
    let bin = migrated();
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    for (bad, error) in [
        (
            "INSERT INTO users (username) VALUES ('WackyDaffy91')",
            "UNIQUE constraint failed: users.username",
        ),
        (
            "INSERT INTO tasks (description, user_id) VALUES (' ', 1)",
            "CHECK constraint failed: ck_tasks_description_not_blank",
        ),
        (
            "INSERT INTO tasks (description, user_id) VALUES ('Nap', 42)",
            "FOREIGN KEY constraint failed",
        ),
    ] {
        conn.batch_execute("PRAGMA foreign_keys = ON").unwrap();
        let found = conn.batch_execute(bad).unwrap_err().to_string();
        assert_eq!(found, error, "{bad}");
    }
}

#[test]
fn a_taken_username_is_refused_in_one_line() {
    let bin = migrated();
    refused(
        &bin,
        &["user", "add", "WackyDaffy91"],
        &["there is already a user named \"WackyDaffy91\": pick another username"],
    );
}

#[test]
fn deleting_a_user_deletes_their_tasks() {
    let bin = migrated();
    bin.run(&[
        "task",
        "add",
        "Buy carrots",
        "--user",
        "BugsBunnyFanatic",
        "--category",
        "food",
    ])
    .ok();
    bin.run(&["task", "add", "Dig", "--user", "BugsBunnyFanatic"])
        .ok();
    bin.run(&[
        "task",
        "add",
        "Quack",
        "--user",
        "WackyDaffy91",
        "--category",
        "food",
    ])
    .ok();
    assert_eq!(
        bin.run(&["user", "delete", "BugsBunnyFanatic"]).ok(),
        "Deleted user BugsBunnyFanatic and their 2 tasks.\n"
    );
    assert_eq!(
        bin.run(&["task", "list"]).ok(),
        "id  description  done  due  category  user\n\
         3   Quack        no         food      WackyDaffy91\n"
    );
    refused(
        &bin,
        &["user", "delete", "BugsBunnyFanatic"],
        &["there is no user named \"BugsBunnyFanatic\""],
    );
}

#[test]
fn editing_a_task_moves_updated_at() {
    let bin = migrated();
    bin.run(&["task", "add", "Buy carrots", "--user", "BugsBunnyFanatic"])
        .ok();
    // Set an old time on purpose rather than wait for CURRENT_TIMESTAMP's next second.
    sql(
        &bin,
        "UPDATE tasks SET updated_at = '2000-01-01 00:00:00', created_at = '2000-01-01 00:00:00'",
    );
    assert_eq!(
        bin.run(&["task", "edit", "1", " Buy more carrots "]).ok(),
        "Task 1 is now: Buy more carrots\n"
    );
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    #[derive(diesel::QueryableByName)]
    struct Stamps {
        #[diesel(sql_type = diesel::sql_types::Text)]
        created_at: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        recent: bool,
    }
    let stamps: Stamps = diesel::RunQueryDsl::get_result(
        diesel::sql_query(
            "SELECT created_at, updated_at >= datetime('now', '-1 minute') AS recent FROM tasks",
        ),
        &mut conn,
    )
    .unwrap();
    assert_eq!(stamps.created_at, "2000-01-01 00:00:00");
    assert!(stamps.recent, "updated_at did not move to now");
    refused(
        &bin,
        &["task", "edit", "1", "  "],
        &["the description is empty"],
    );
    refused(
        &bin,
        &["task", "edit", "9", "Nap"],
        &["there is no task with id 9"],
    );
}
