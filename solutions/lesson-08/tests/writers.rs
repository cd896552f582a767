//! The app keeps writing while each change is made: the naive way blocks a writer past its
//! lock_timeout, the lesson's migration never does.
//!
//! On a big table a naive change holds its lock for minutes, while it builds or scans. Here
//! the tables are small, and an app transaction left open (`UPDATE ... WHERE id = 1`, not
//! committed yet) stands in for the wait: the migration queues for its lock behind it, and
//! every writer that comes later queues behind the migration. That queue is the outage. The
//! lesson's migrations take locks writers do not wait for (CONCURRENTLY, VALIDATE), or give up
//! after their own `lock_timeout` and let the queue go, to be run again later.

use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_migrations::MigrationHarness;
use workbook::harness::postgres::{PgMigrations, load, short_name};
use workbook::postgres::{Server, connect};

/// How long the app waits for a lock before its write fails.
const WRITER_LOCK_TIMEOUT: Duration = Duration::from_secs(2);

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| Server::new(None).expect("PostgreSQL is installed on this machine kind"))
}

fn migrations() -> PgMigrations {
    load(
        None,
        concat!(env!("CARGO_MANIFEST_DIR"), "/migrations").as_ref(),
    )
    .expect("the lesson's migrations load")
}

/// The change, the table it changes, and what the app writes to that table meanwhile.
struct Change {
    migration: &'static str,
    table: &'static str,
    write: &'static str,
}

const INDEX: Change = Change {
    migration: "index_tasks_by_due_date",
    table: "tasks",
    write: "INSERT INTO tasks (description, user_id) VALUES ('written meanwhile', 2)",
};
const CHECK: Change = Change {
    migration: "check_user_email",
    table: "users",
    write: "INSERT INTO users (username) VALUES ('written_meanwhile')",
};
const VALIDATE: Change = Change {
    migration: "validate_user_email",
    ..CHECK
};
const PRIORITY: Change = Change {
    migration: "add_task_priority",
    ..INDEX
};
const EXPAND: Change = Change {
    migration: "expand_tag_label",
    table: "tags",
    write: "INSERT INTO tags (name) VALUES ('written by the running app')",
};
const INDEX_LABEL: Change = Change {
    migration: "index_tag_label",
    table: "tags",
    write: "INSERT INTO tags (label) VALUES ('written by the new app')",
};
const CONTRACT: Change = Change {
    migration: "contract_tag_name",
    ..INDEX_LABEL
};

/// The file of the naive way of `change`.
fn naive(change: &Change) -> String {
    let file = format!(
        "{}/naive/{}.sql",
        env!("CARGO_MANIFEST_DIR"),
        change.migration
    );
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"))
}

/// What happened to the writer, and to the change.
struct Outcome {
    written: Result<(), String>,
    waited: Duration,
    changed: Result<(), String>,
}

/// A database migrated up to just before `change`, with rows; then an open app transaction on
/// the table, the change (`naive` SQL in one transaction, or else the lesson's migration, run
/// as diesel runs it) in a thread of its own, and the writer once the change waits for its lock
/// or is done.
fn race(change: &Change, naive: Option<String>) -> Outcome {
    let db = server().scratch().expect("a scratch database");
    let mut setup = connect(&db.url).expect("connect");
    setup
        .applied_migrations()
        .expect("diesel's table of migrations");
    let migrations = migrations();
    let index = migrations
        .iter()
        .position(|m| short_name(m.as_ref()) == change.migration)
        .unwrap_or_else(|| panic!("no migration {}", change.migration));
    for m in &migrations[..index] {
        setup
            .run_migration(m.as_ref())
            .expect("the earlier migrations apply");
        if short_name(m.as_ref()) == "create_sessions" {
            setup
                .batch_execute(
                    "INSERT INTO users (username, email) VALUES ('bugs', 'bugs@acme.test'), ('daffy', NULL);
                     INSERT INTO tasks (description, user_id, due_date) VALUES
                         ('Buy carrots', 1, '2026-12-01'), ('Dig', 1, NULL), ('Quack', 2, NULL);
                     INSERT INTO tags (name) VALUES ('home'), ('work');",
                )
                .expect("rows");
        }
    }
    if change.migration == "contract_tag_name" {
        setup
            .batch_execute("UPDATE tags SET label = name WHERE label IS NULL")
            .expect("backfill");
    }

    let mut app = connect(&db.url).expect("connect");
    let touch = match change.table {
        "tasks" => "UPDATE tasks SET complete = complete WHERE id = 1",
        "users" => "UPDATE users SET first_name = first_name WHERE id = 1",
        _ => "DELETE FROM task_tags WHERE tag_id = 1; DELETE FROM tags WHERE id = 1",
    };
    app.batch_execute(&format!("BEGIN; {touch}"))
        .expect("the app's transaction");

    let url = db.url.clone();
    let migration = migrations[index].as_ref();
    let changing = thread::scope(|scope| {
        let change_thread = scope.spawn(move || -> Result<(), String> {
            let migrations = self::migrations();
            let migration = migrations[index].as_ref();
            let mut conn = connect(&url).map_err(|e| e.to_string())?;
            match naive {
                Some(sql) => conn
                    .transaction(|c| c.batch_execute(&sql))
                    .map_err(|e| e.to_string()),
                None => conn
                    .run_migration(migration)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
            }
        });
        wait_for_lock_or_end(&mut setup, || change_thread.is_finished());

        let mut writer = connect(&db.url).expect("connect");
        writer
            .batch_execute(&format!(
                "SET lock_timeout = '{}ms'",
                WRITER_LOCK_TIMEOUT.as_millis()
            ))
            .expect("lock_timeout");
        let started = Instant::now();
        let written = writer
            .batch_execute(change.write)
            .map_err(|e| e.to_string());
        let waited = started.elapsed();
        app.batch_execute("COMMIT").expect("the app commits");
        let changed = change_thread.join().expect("the change's thread");
        (written, waited, changed)
    });
    let (written, waited, mut changed) = changing;
    // A safe change that gave up behind the app's transaction runs again once it is over.
    if changed.as_ref().is_err_and(|e| e.contains("lock timeout")) {
        changed = setup
            .run_migration(migration)
            .map(|_| ())
            .map_err(|e| format!("run again after the app's transaction: {e}"));
    }
    Outcome {
        written,
        waited,
        changed,
    }
}

/// Waits until some session of this database waits for a lock, or `done()`.
fn wait_for_lock_or_end(conn: &mut PgConnection, done: impl Fn() -> bool) {
    #[derive(QueryableByName)]
    struct Waiting {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let waiting: Waiting = diesel::sql_query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() \
             AND wait_event_type = 'Lock'",
        )
        .get_result(conn)
        .expect("pg_stat_activity");
        if waiting.n > 0 || done() {
            return;
        }
        thread::sleep(Duration::from_millis(10));
    }
    panic!("the change neither waited for a lock nor ended");
}

fn blocks(change: &Change) {
    let outcome = race(change, Some(naive(change)));
    match &outcome.written {
        Err(e) if e.contains("lock timeout") => {}
        other => panic!(
            "the naive {} let the writer through ({other:?}) after {:?}",
            change.migration, outcome.waited
        ),
    }
    assert!(
        outcome.waited >= WRITER_LOCK_TIMEOUT,
        "{:?}",
        outcome.waited
    );
    outcome
        .changed
        .expect("the naive change applies once the app commits");
}

fn lets_through(change: &Change) {
    let outcome = race(change, None);
    if let Err(e) = &outcome.written {
        panic!(
            "{} blocked the writer for {:?}: {e}",
            change.migration, outcome.waited
        );
    }
    assert!(outcome.waited < WRITER_LOCK_TIMEOUT, "{:?}", outcome.waited);
    outcome
        .changed
        .unwrap_or_else(|e| panic!("{}: {e}", change.migration));
}

#[test]
fn a_plain_create_index_blocks_the_writer() {
    blocks(&INDEX);
}

#[test]
fn index_tasks_by_due_date_lets_the_writer_through() {
    lets_through(&INDEX);
}

#[test]
fn a_check_added_valid_blocks_the_writer() {
    blocks(&CHECK);
}

#[test]
fn check_user_email_lets_the_writer_through() {
    lets_through(&CHECK);
}

#[test]
fn validate_user_email_lets_the_writer_through() {
    lets_through(&VALIDATE);
}

#[test]
fn a_column_filled_by_update_blocks_the_writer() {
    blocks(&PRIORITY);
}

#[test]
fn add_task_priority_lets_the_writer_through() {
    lets_through(&PRIORITY);
}

#[test]
fn a_plain_rename_blocks_the_writer_and_breaks_the_running_app() {
    blocks(&EXPAND);
    let db = server().scratch().expect("a scratch database");
    let mut conn = connect(&db.url).expect("connect");
    conn.applied_migrations()
        .expect("diesel's table of migrations");
    for m in migrations()
        .iter()
        .take_while(|m| short_name(m.as_ref()) != "expand_tag_label")
    {
        conn.run_migration(m.as_ref())
            .expect("the earlier migrations apply");
    }
    conn.batch_execute(&naive(&EXPAND)).expect("the rename");
    let error = conn
        .batch_execute(EXPAND.write)
        .expect_err("the running app's write");
    assert!(error.to_string().contains("\"name\""), "{error}");
}

#[test]
fn expand_tag_label_lets_the_writer_through() {
    lets_through(&EXPAND);
}

#[test]
fn index_tag_label_lets_the_writer_through() {
    lets_through(&INDEX_LABEL);
}

#[test]
fn contract_tag_name_lets_the_writer_through() {
    lets_through(&CONTRACT);
}
