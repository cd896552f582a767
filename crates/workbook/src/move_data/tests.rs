//! A lesson-07 database made with lesson-07's own migrations, moved into a scratch database
//! migrated with lesson-08's: what arrives, what is refused, and that a refusal leaves nothing.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_migrations::{FileBasedMigrations, MigrationHarness};

use super::*;
use crate::postgres::{Scratch, test_server};

const RENAMED: &[(&str, &str, &str)] = &[("tags", "name", "label")];
const TABLES: [&str; 6] = [
    "users",
    "categories",
    "tasks",
    "tags",
    "task_tags",
    "sessions",
];

fn solutions(lesson: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../solutions/{lesson}/migrations"))
}

/// Lesson-07's migrations, by folder name, as the lesson's CLI derives them.
fn expected_versions() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(solutions("lesson-07"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("20"))
        .collect();
    names.sort();
    names
}

pub(super) fn options(replace: bool) -> Options<'static> {
    Options {
        replace,
        expected_versions: expected_versions(),
        renamed: RENAMED,
    }
}

/// A lesson-07 database in `dir`, migrated by lesson-07's migrations, with rows that try the
/// conversions: unicode, quotes, tabs, NULLs, booleans, dates, timestamps with fractions.
pub(super) fn lesson07(dir: &Path, name: &str, extra_sql: &str) -> PathBuf {
    let path = dir.join(name);
    let mut conn = SqliteConnection::establish(&path.display().to_string()).unwrap();
    conn.batch_execute("PRAGMA foreign_keys = ON;").unwrap();
    conn.run_pending_migrations(FileBasedMigrations::from_path(solutions("lesson-07")).unwrap())
        .unwrap();
    conn.batch_execute(
        "INSERT INTO users (id, username, username_key, email, first_name, last_name, birthday,
                            created_at, updated_at) VALUES
           (1, 'bugs', 'bugs', 'bugs@acme.test', 'Bugs', 'Bunny', '1938-07-27',
               '2026-01-02 03:04:05', '2026-01-02 03:04:05.250'),
           (2, 'Äpfel', 'äpfel', NULL, 'Zoë', 'O''Hara', NULL,
               '2026-02-28 23:59:59.999999', '2026-03-01 00:00:00'),
           (5, 'tab', 'tab', NULL, 'a\tb', 'back\\slash', '2000-02-29',
               '2026-03-01 12:00:00', '2026-03-01 12:00:00');
         INSERT INTO tasks (id, description, complete, due_date, user_id, category_id,
                            created_at, updated_at) VALUES
           (1, 'Buy carrots 🥕', 1, '2026-04-01', 1, NULL, '2026-01-03 10:00:00',
               '2026-01-04 11:00:00.5'),
           (2, 'Say \"what''s up, doc?\"', 0, NULL, 1, NULL, '2026-01-03 10:00:00',
               '2026-01-03 10:00:00'),
           (7, 'Line one
line two', 0, '2026-12-31', 2, NULL, '2026-01-05 00:00:00', '2026-01-05 00:00:00');
         INSERT INTO tags (id, name) VALUES (1, 'home'), (3, 'wörk'), (4, 'it''s'), (12, 'zwölf');
         INSERT INTO task_tags (task_id, tag_id) VALUES (1, 1), (1, 3), (7, 4);
         INSERT INTO sessions (id, user_id, logged_in_at) VALUES (1, 2, '2026-03-02 08:00:00');",
    )
    .unwrap();
    conn.batch_execute(extra_sql).unwrap();
    path
}

pub(super) fn migrated_target() -> (Scratch, PgConnection) {
    let scratch = test_server().scratch().unwrap();
    let mut conn = scratch.connect().unwrap();
    conn.run_pending_migrations(FileBasedMigrations::from_path(solutions("lesson-08")).unwrap())
        .unwrap();
    (scratch, conn)
}

/// The lines a query gives (its one column, `line`).
pub(super) fn lines(conn: &mut PgConnection, sql: &str) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        line: String,
    }
    let found: Vec<Line> = diesel::sql_query(sql).load(conn).unwrap();
    found.into_iter().map(|l| l.line).collect()
}

/// Every copied table's row count on the target.
pub(super) fn counts(conn: &mut PgConnection) -> Vec<String> {
    TABLES
        .iter()
        .flat_map(|t| lines(conn, &format!("SELECT '{t} ' || count(*) AS line FROM {t}")))
        .collect()
}

pub(super) fn empty() -> Vec<String> {
    TABLES.iter().map(|t| format!("{t} 0")).collect()
}

#[test]
fn move_data_copies_every_row_values_ids_and_proves_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = lesson07(dir.path(), "todo.db", "");
    let (_scratch, mut pg) = migrated_target();
    let moved = move_data(&source, &mut pg, &options(false)).unwrap();

    let tables: Vec<(&str, u64)> = moved
        .tables
        .iter()
        .map(|t| (t.table.as_str(), t.rows))
        .collect();
    // Parents first: users and the tables nothing points at, then tasks, then the links.
    assert_eq!(
        tables,
        [
            ("categories", 0),
            ("tags", 4),
            ("users", 3),
            ("sessions", 1),
            ("tasks", 3),
            ("task_tags", 3)
        ]
    );
    assert!(
        moved.tables.iter().all(TableMoved::ok),
        "{}",
        moved.render()
    );
    assert_eq!(moved.rows(), 14);
    let rendered = moved.render();
    assert!(rendered.starts_with("table"), "{rendered}");
    assert!(
        rendered.lines().nth(2).unwrap().contains("tags  "),
        "{rendered}"
    );
    assert!(
        rendered
            .lines()
            .all(|l| l.ends_with("yes") || l.ends_with("ok")),
        "{rendered}"
    );

    assert_eq!(
        lines(
            &mut pg,
            "SELECT concat_ws('|', id, username, username_key, coalesce(email, 'NULL'), \
             first_name, last_name, coalesce(birthday::text, 'NULL'), \
             created_at AT TIME ZONE 'UTC', updated_at AT TIME ZONE 'UTC') AS line \
             FROM users ORDER BY id"
        ),
        [
            "1|bugs|bugs|bugs@acme.test|Bugs|Bunny|1938-07-27|2026-01-02 03:04:05|2026-01-02 03:04:05.25",
            "2|Äpfel|äpfel|NULL|Zoë|O'Hara|NULL|2026-02-28 23:59:59.999999|2026-03-01 00:00:00",
            "5|tab|tab|NULL|a\tb|back\\slash|2000-02-29|2026-03-01 12:00:00|2026-03-01 12:00:00",
        ]
    );
    assert_eq!(
        lines(
            &mut pg,
            "SELECT concat_ws('|', id, description, complete, coalesce(due_date::text, 'NULL'), \
             user_id, coalesce(category_id::text, 'NULL'), priority, \
             created_at AT TIME ZONE 'UTC', updated_at AT TIME ZONE 'UTC') AS line \
             FROM tasks ORDER BY id"
        ),
        [
            "1|Buy carrots 🥕|t|2026-04-01|1|NULL|0|2026-01-03 10:00:00|2026-01-04 11:00:00.5",
            "2|Say \"what's up, doc?\"|f|NULL|1|NULL|0|2026-01-03 10:00:00|2026-01-03 10:00:00",
            "7|Line one\nline two|f|2026-12-31|2|NULL|0|2026-01-05 00:00:00|2026-01-05 00:00:00",
        ]
    );
    assert_eq!(
        lines(
            &mut pg,
            "SELECT id || ' ' || label AS line FROM tags ORDER BY id"
        ),
        ["1 home", "3 wörk", "4 it's", "12 zwölf"]
    );
    assert_eq!(
        lines(
            &mut pg,
            "SELECT user_id || ' ' || (logged_in_at AT TIME ZONE 'UTC') AS line FROM sessions"
        ),
        ["2 2026-03-02 08:00:00"]
    );

    // Every sequence is past the copied ids; an empty table's starts at 1.
    let next = |pg: &mut PgConnection, sql: &str| lines(pg, sql).concat();
    assert_eq!(
        next(
            &mut pg,
            "INSERT INTO tags (label) VALUES ('new') RETURNING id::text AS line"
        ),
        "13"
    );
    assert_eq!(
        next(
            &mut pg,
            "INSERT INTO users (username) VALUES ('daffy') RETURNING id::text AS line"
        ),
        "6"
    );
    assert_eq!(
        next(
            &mut pg,
            "INSERT INTO tasks (description) VALUES ('x') RETURNING id::text AS line"
        ),
        "8"
    );
    assert_eq!(
        next(
            &mut pg,
            "INSERT INTO categories (name) VALUES ('x') RETURNING id::text AS line"
        ),
        "1"
    );
}

#[test]
fn move_data_refuses_a_target_with_rows_and_replace_empties_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let source = lesson07(dir.path(), "todo.db", "");
    let (_scratch, mut pg) = migrated_target();
    let first = move_data(&source, &mut pg, &options(false)).unwrap();
    pg.batch_execute("INSERT INTO tags (label) VALUES ('only on the target')")
        .unwrap();
    let before = counts(&mut pg);

    let refused = move_data(&source, &mut pg, &options(false))
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("the target already holds rows in tags (5 rows), users (3 rows)"),
        "{refused}"
    );
    assert!(
        refused.ends_with("pass --replace to empty them first"),
        "{refused}"
    );
    assert_eq!(counts(&mut pg), before);

    let again = move_data(&source, &mut pg, &options(true)).unwrap();
    assert_eq!(again, first);
    assert!(lines(&mut pg, "SELECT label AS line FROM tags WHERE id > 12").is_empty());
}

#[test]
fn move_data_refuses_what_is_not_a_whole_lesson_07_database() {
    let dir = tempfile::tempdir().unwrap();
    let (_scratch, mut pg) = migrated_target();
    let mut refusal = |path: &Path| {
        move_data(path, &mut pg, &options(false))
            .unwrap_err()
            .to_string()
    };

    let missing = dir.path().join("missing.db");
    let message = refusal(&missing);
    assert!(
        message.contains("missing.db: there is no such file"),
        "{message}"
    );
    assert!(!missing.exists(), "the move created the file");

    let notes = dir.path().join("notes.db");
    std::fs::write(
        &notes,
        "these are my notes, not a database, and long enough to tell",
    )
    .unwrap();
    let message = refusal(&notes);
    assert!(message.contains("it is not a SQLite database"), "{message}");

    let bare = dir.path().join("bare.db");
    let mut conn = SqliteConnection::establish(&bare.display().to_string()).unwrap();
    conn.batch_execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        .unwrap();
    let message = refusal(&bare);
    assert!(
        message.contains("it is not a lesson-07 database (it has no __diesel_schema_migrations"),
        "{message}"
    );

    let pending = lesson07(
        dir.path(),
        "pending.db",
        "DELETE FROM __diesel_schema_migrations WHERE version = '20261124220000'",
    );
    let message = refusal(&pending);
    assert!(
        message
            .contains("it has pending migrations (2026-11-24-220000_create_sessions not applied)"),
        "{message}"
    );

    let newer = lesson07(
        dir.path(),
        "newer.db",
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('20261201120000')",
    );
    let message = refusal(&newer);
    assert!(
        message.contains("it has migrations lesson-07 does not have: 20261201120000"),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");
    assert_eq!(counts(&mut pg), empty());
}

#[test]
fn move_data_refuses_a_source_column_with_no_home() {
    let dir = tempfile::tempdir().unwrap();
    let source = lesson07(dir.path(), "todo.db", "");
    let (_scratch, mut pg) = migrated_target();
    let unrenamed = Options {
        renamed: &[],
        ..options(false)
    };
    let message = move_data(&source, &mut pg, &unrenamed)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("its column tags.name has no home in the target database"),
        "{message}"
    );
    assert_eq!(counts(&mut pg), empty());
}

#[test]
fn move_data_refuses_a_source_that_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("todo.db");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (_scratch, mut pg) = migrated_target();
    let message = move_data(&fifo, &mut pg, &options(false))
        .unwrap_err()
        .to_string();
    assert!(message.contains("it is not a regular file"), "{message}");
}

#[test]
fn move_data_refuses_text_that_is_not_utf8_and_names_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let source = lesson07(
        dir.path(),
        "todo.db",
        "INSERT INTO tags (id, name) VALUES (9, CAST(x'636166e9' AS TEXT));",
    );
    let (_scratch, mut pg) = migrated_target();
    let message = move_data(&source, &mut pg, &options(false))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("tags") && message.contains("column name of the row whose id is 9"),
        "{message}"
    );
    assert!(message.contains("not UTF-8"), "{message}");
    assert_eq!(counts(&mut pg), empty());
}

#[test]
fn move_data_leaves_nothing_when_postgresql_refuses_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let (_scratch, mut pg) = migrated_target();

    // SQLite has no rule for emails; lesson-08 has a CHECK.
    let source = lesson07(
        dir.path(),
        "email.db",
        "UPDATE users SET email = 'nobody' WHERE id = 5",
    );
    let message = move_data(&source, &mut pg, &options(false))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("PostgreSQL refuses users row id 5: new row for relation \"users\" violates check constraint \"ck_users_email_has_at\""),
        "{message}"
    );
    assert!(message.ends_with("nothing was copied"), "{message}");
    assert_eq!(counts(&mut pg), empty());

    // SQLite stores any text as a date.
    let source = lesson07(
        dir.path(),
        "date.db",
        "UPDATE tasks SET due_date = '2026-02-30' WHERE id = 7",
    );
    let message = move_data(&source, &mut pg, &options(false))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("tasks row id 7 cannot be copied: tasks.due_date '2026-02-30' is not a date (YYYY-MM-DD)"),
        "{message}"
    );
    assert_eq!(counts(&mut pg), empty());
}

#[test]
fn move_data_leaves_nothing_when_a_checksum_differs() {
    // A user without a username_key (SQLite's triggers fill it only on INSERT): lesson-08's
    // BEFORE INSERT trigger fills it on the way in, so the copy is not the source.
    let dir = tempfile::tempdir().unwrap();
    let source = lesson07(
        dir.path(),
        "todo.db",
        "UPDATE users SET username_key = NULL WHERE id = 1",
    );
    let (_scratch, mut pg) = migrated_target();
    let message = move_data(&source, &mut pg, &options(false))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("the copy of users differs from the source (source 3 rows, checksum"),
        "{message}"
    );
    assert_eq!(counts(&mut pg), empty());
}
