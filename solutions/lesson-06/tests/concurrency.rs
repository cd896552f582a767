//! Nothing is lost while other processes use the database. Writer processes (lesson-05's app,
//! `task add`) race solution-06's `migration run` on one database file: a run that succeeds, a
//! run that is refused, and a rebuild (outside diesel's transaction) that fails. Every task a
//! writer reported as saved must be in the table afterwards. Then `kill -9` at several moments
//! of a long rebuild: the database must be before or after each migration, never between, and
//! the next `migration run` must finish on its own.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use workbook::testing::{Bin, Run};

const WRITERS: usize = 8;
const ADDS: usize = 40;

fn solution_06() -> Bin {
    Bin::new(env!("CARGO_BIN_EXE_solution-06"))
}

fn open(bin: &Bin) -> SqliteConnection {
    SqliteConnection::establish(&bin.db().display().to_string()).unwrap()
}

/// solution-06's database at the end of lesson-05 (its two rebuilds pending), with users.
fn at_lesson_05(bin: &Bin) {
    bin.run(&["migration", "run"]).ok();
    bin.run(&["migration", "revert", "-n", "2"]).ok();
    open(bin)
        .batch_execute(
            "INSERT INTO users (id, username) VALUES (1, 'BugsBunnyFanatic'), (2, 'WackyDaffy91');",
        )
        .unwrap();
}

fn count(conn: &mut SqliteConnection, sql: &str) -> i64 {
    diesel::dsl::sql::<BigInt>(sql).get_result(conn).unwrap()
}

fn applied(conn: &mut SqliteConnection) -> usize {
    count(conn, "SELECT count(*) FROM __diesel_schema_migrations") as usize
}

/// What the writers saw: the tasks they were told were saved, and every failure line.
struct Writes {
    saved: Vec<String>,
    failures: Vec<String>,
}

/// Runs `WRITERS` processes of lesson-05's app, each adding `ADDS` tasks, while `migrate`
/// runs on the main thread (it is told how many adds have finished so far).
fn race(db: &Bin, migrate: impl FnOnce(&AtomicUsize)) -> Writes {
    let writer = Bin::built("solution-05");
    let url = db.db().display().to_string();
    let done = AtomicUsize::new(0);
    let results: Vec<(String, Run)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (writer, url, done) = (&writer, &url, &done);
                scope.spawn(move || {
                    (0..ADDS)
                        .map(|i| {
                            let description = format!("writer {w} task {i}");
                            let run = writer.run_bare(&[
                                "--database-url",
                                url,
                                "task",
                                "add",
                                &description,
                                "--user",
                                "BugsBunnyFanatic",
                            ]);
                            done.fetch_add(1, Ordering::SeqCst);
                            (description, run)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        migrate(&done);
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap())
            .collect()
    });
    let mut writes = Writes {
        saved: Vec::new(),
        failures: Vec::new(),
    };
    for (description, run) in results {
        assert!(!run.stderr.contains("panicked"), "{run:#?}");
        if run.code == 0 {
            assert!(run.stdout.starts_with("Added task "), "{run:#?}");
            writes.saved.push(description);
        } else {
            assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
            writes.failures.push(run.stderr.trim_end().to_string());
        }
    }
    writes
}

/// Every task reported saved is in the table, and SQLite finds nothing wrong with the file.
fn nothing_lost(db: &Bin, writes: &Writes, scenario: &str) {
    let mut conn = open(db);
    let present: Vec<String> = diesel::dsl::sql::<Text>("SELECT description FROM tasks")
        .load(&mut conn)
        .unwrap();
    let lost: Vec<&String> = writes
        .saved
        .iter()
        .filter(|d| !present.contains(d))
        .collect();
    println!(
        "{scenario}: {} adds, {} reported saved, {} of them in the table, {} refused",
        WRITERS * ADDS,
        writes.saved.len(),
        writes.saved.len() - lost.len(),
        writes.failures.len()
    );
    assert!(lost.is_empty(), "{scenario}: lost {lost:?}");
    let check: String = diesel::dsl::sql::<Text>("SELECT * FROM pragma_integrity_check")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(check, "ok", "{scenario}");
}

/// A writer that waited out the busy timeout says so, and nothing else.
fn only_busy(failures: &[String]) {
    for failure in failures {
        assert!(
            failure.contains("the database is busy: another process is migrating it"),
            "{failure}"
        );
    }
}

/// Waits until a quarter of the adds are done, so the migration runs among the writers.
fn among_writers(done: &AtomicUsize) {
    let start = Instant::now();
    while done.load(Ordering::SeqCst) < WRITERS * ADDS / 4
        && start.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs `migration run` again and again until every writer is done; returns the error lines.
fn until_done(db: &Bin, done: &AtomicUsize) -> Vec<String> {
    let mut errors = Vec::new();
    while done.load(Ordering::SeqCst) < WRITERS * ADDS {
        errors.push(db.run(&["migration", "run"]).error());
    }
    errors
}

#[test]
fn writers_lose_nothing_to_a_successful_run() {
    let db = solution_06();
    at_lesson_05(&db);
    let writes = race(&db, |done| {
        among_writers(done);
        db.run(&["migration", "run"]).ok();
    });
    nothing_lost(&db, &writes, "successful run");
    assert_eq!(applied(&mut open(&db)), 8);
    // Before the run the writers saved; after it lesson-05's app refuses the newer database.
    assert!(!writes.saved.is_empty());
    for failure in &writes.failures {
        assert!(
            failure.contains(
                "was migrated by a newer version: migration 20261124180000 is unknown here"
            ),
            "{failure}"
        );
    }
}

#[test]
fn writers_lose_nothing_to_refused_runs() {
    let db = solution_06();
    at_lesson_05(&db);
    // A checksum that no longer matches: every run refuses the "edited" create_user.
    open(&db)
        .batch_execute(
            "UPDATE __workbook_migration_checksums SET checksum = 'fnv1a64:0' \
             WHERE version = '20261124120000'",
        )
        .unwrap();
    let mut refusals = Vec::new();
    let writes = race(&db, |done| refusals = until_done(&db, done));
    nothing_lost(&db, &writes, "refused runs");
    println!("refused runs: {} runs refused", refusals.len());
    assert!(!refusals.is_empty());
    for refusal in &refusals {
        assert!(
            refusal.contains("was edited after it was applied"),
            "{refusal}"
        );
    }
    only_busy(&writes.failures);
    assert_eq!(applied(&mut open(&db)), 6);
}

#[test]
fn writers_lose_nothing_to_a_failing_rebuild() {
    let db = solution_06();
    at_lesson_05(&db);
    // A duplicate username: constrain_users, which runs outside diesel's transaction, fails.
    open(&db)
        .batch_execute("INSERT INTO users (username) VALUES ('WackyDaffy91')")
        .unwrap();
    let mut failures = Vec::new();
    let writes = race(&db, |done| failures = until_done(&db, done));
    nothing_lost(&db, &writes, "failing rebuild");
    println!("failing rebuild: {} runs failed", failures.len());
    assert!(!failures.is_empty());
    for failure in &failures {
        assert!(
            failure.contains("migration 2026-11-24-180000_constrain_users failed: UNIQUE")
                && failure.ends_with("the database is as it was before this command"),
            "{failure}"
        );
    }
    only_busy(&writes.failures);
    let mut conn = open(&db);
    assert_eq!(applied(&mut conn), 6);
    assert_eq!(
        count(&mut conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
}

const TASKS: i64 = 200_000;

/// A lesson-05 database with `TASKS` tasks: long enough a rebuild to kill part-way.
fn long_rebuild() -> Bin {
    let db = solution_06();
    at_lesson_05(&db);
    open(&db)
        .batch_execute(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {TASKS})
             INSERT INTO tasks (description, user_id) SELECT 'task ' || i, 1 + i % 2 FROM n;"
        ))
        .unwrap();
    db
}

fn migration_run(db: &Bin) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_solution-06"));
    command
        .args(["--database-url", &db.db().display().to_string()])
        .args(["migration", "run"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

#[test]
fn kill_9_leaves_each_migration_done_or_not_and_the_next_run_finishes() {
    let stages = workbook::testing::stages(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"),
    );
    let timed = long_rebuild();
    let start = Instant::now();
    assert!(migration_run(&timed).status().unwrap().success());
    let whole = start.elapsed();
    for percent in [5, 25, 50, 75, 95] {
        let db = long_rebuild();
        let mut child = migration_run(&db).spawn().unwrap();
        std::thread::sleep(whole * percent / 100);
        child.kill().unwrap(); // SIGKILL: no destructor, no rollback of its own
        child.wait().unwrap();

        // Opening the file rolls back whatever the killed run had not committed.
        let mut conn = open(&db);
        let check: String = diesel::dsl::sql::<Text>("SELECT * FROM pragma_integrity_check")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(check, "ok", "killed at {percent}%");
        let applied = applied(&mut conn);
        assert!(
            (6..=8).contains(&applied),
            "killed at {percent}%: {applied}"
        );
        let schema = workbook::sqlite::schema::dump(&mut conn).unwrap();
        assert_eq!(
            schema,
            stages[applied - 1].schema,
            "killed at {percent}% with {applied} migrations recorded, the schema is another stage's"
        );
        assert_eq!(count(&mut conn, "SELECT count(*) FROM tasks"), TASKS);
        println!(
            "kill -9 at {percent}% of {whole:?}: {applied} of 8 migrations applied, schema of \
             that stage, {TASKS} tasks, integrity ok"
        );
        drop(conn);

        assert!(
            migration_run(&db).status().unwrap().success(),
            "killed at {percent}%"
        );
        let mut conn = open(&db);
        assert_eq!(self::applied(&mut conn), 8);
        assert_eq!(count(&mut conn, "SELECT count(*) FROM tasks"), TASKS);
        assert_eq!(
            count(&mut conn, "SELECT count(*) FROM pragma_foreign_key_check"),
            0
        );
    }
}
