//! Benchmark: the todo app's reads on 100,000 tasks across 1,000 users and 20 tags, timed as
//! whole processes of the release binary, beside the sqlite3 shell running the same SQL.
//!
//! Run it with `cargo run --release -p solution-07 --example todo_reads`. It builds the release
//! binary first, prints the median wall time and peak memory of each, and the ratio.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};

const USERS: u32 = 1_000;
const TASKS_PER_USER: u32 = 100;
const TAGS: u32 = 20;
const RUNS: usize = 5;
/// The user whose lists are read: one in the middle.
const USER: u32 = 500;

fn main() {
    let binary = build_release_binary();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("bench.db");
    let url = db.display().to_string();
    let migrated = Command::new(&binary)
        .args(["--database-url", &url, "migration", "run"])
        .output()
        .expect("the binary runs");
    assert!(migrated.status.success(), "{migrated:?}");
    fill(&db);
    println!(
        "todo app reads: {} tasks, {USERS} users, {TAGS} tags; median of {RUNS} whole-process runs\n",
        USERS * TASKS_PER_USER
    );
    println!(
        "{:<28} {:>10} {:>9} {:>12} {:>9} {:>7}",
        "operation", "app", "app RSS", "sqlite3", "sqlite3", "ratio"
    );
    let user = format!("user{USER}");
    let cases: [(&str, Vec<&str>, String); 3] = [
        (
            "my-tasks (one user)",
            vec!["my-tasks", "--user", &user],
            format!(
                "{} WHERE t.user_id = {USER} AND t.complete = 0 GROUP BY t.id ORDER BY t.id;",
                TASK_SQL
            ),
        ),
        (
            "by-date (one user)",
            vec!["by-date", "--user", &user],
            format!(
                "{} WHERE t.user_id = {USER} AND t.complete = 0 GROUP BY t.id \
                 ORDER BY t.due_date IS NULL, t.due_date, t.id;",
                TASK_SQL
            ),
        ),
        (
            "users with tasks and tags",
            vec!["users"],
            "SELECT u.username, u.first_name, u.last_name, t.id, t.description, t.complete, \
             t.due_date, group_concat(g.name, ', ') FROM users u \
             LEFT JOIN tasks t ON t.user_id = u.id \
             LEFT JOIN task_tags tt ON tt.task_id = t.id LEFT JOIN tags g ON g.id = tt.tag_id \
             GROUP BY u.id, t.id ORDER BY u.id, t.id;"
                .to_string(),
        ),
    ];
    for (name, args, sql) in cases {
        let mut app_args = vec!["--database-url", url.as_str()];
        app_args.extend(args);
        let app = measure(&binary, &app_args);
        let shell = measure(Path::new("/usr/bin/sqlite3"), &[url.as_str(), sql.as_str()]);
        println!(
            "{name:<28} {:>8.1}ms {:>6.1}MiB {:>10.1}ms {:>6.1}MiB {:>6.2}x",
            ms(app.wall),
            app.peak_mib,
            ms(shell.wall),
            shell.peak_mib,
            app.wall.as_secs_f64() / shell.wall.as_secs_f64()
        );
    }
}

/// A task with its tags as one text column, for the sqlite3 shell.
const TASK_SQL: &str = "SELECT t.id, t.description, t.due_date, group_concat(g.name, ', ') \
    FROM tasks t LEFT JOIN task_tags tt ON tt.task_id = t.id LEFT JOIN tags g ON g.id = tt.tag_id";

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Builds the release binary with the same cargo that runs this example, and returns its path.
fn build_release_binary() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "-p",
            "solution-07",
            "--bin",
            "solution-07",
        ])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the release binary failed");
    let examples = std::env::current_exe().expect("the example's path");
    let release = examples
        .parent()
        .and_then(Path::parent)
        .expect("target/release/examples/todo_reads");
    release.join("solution-07")
}

/// 1,000 users with 100 tasks each (a third complete, due dates over a year), 20 tags, and one
/// or two tags on every task; written with SQL in one transaction.
fn fill(db: &Path) {
    let mut conn =
        SqliteConnection::establish(&db.display().to_string()).expect("the database opens");
    conn.batch_execute(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {USERS})
         INSERT INTO users (id, username, first_name, last_name)
             SELECT i, 'user' || i, 'First' || i, 'Last' || i FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {TAGS})
         INSERT INTO tags (id, name) SELECT i, 'tag' || i FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {total})
         INSERT INTO tasks (id, description, complete, due_date, user_id)
             SELECT i, 'Task number ' || i, i % 3 = 0, date('2026-01-01', '+' || (i * 7 % 365) || ' days'),
                    (i - 1) / {TASKS_PER_USER} + 1 FROM n;
         INSERT INTO task_tags (task_id, tag_id) SELECT id, id % {TAGS} + 1 FROM tasks;
         INSERT INTO task_tags (task_id, tag_id) SELECT id, (id * 7 + 3) % {TAGS} + 1 FROM tasks
             WHERE id % 2 = 0 AND (id * 7 + 3) % {TAGS} <> id % {TAGS};
         COMMIT;
         ANALYZE;",
        total = USERS * TASKS_PER_USER
    ))
    .expect("the benchmark data loads");
}

struct Measure {
    wall: Duration,
    peak_mib: f64,
}

/// The median wall time and the largest peak RSS of `RUNS` runs of `program args`.
fn measure(program: &Path, args: &[&str]) -> Measure {
    let mut walls = Vec::new();
    let mut peak_kib = 0;
    for _ in 0..RUNS {
        let (wall, kib) = run_once(program, args);
        walls.push(wall);
        peak_kib = peak_kib.max(kib);
    }
    walls.sort();
    Measure {
        wall: walls[RUNS / 2],
        peak_mib: peak_kib as f64 / 1024.0,
    }
}

/// One run: wall time until its output is read and it has exited, and its peak RSS in KiB
/// (from `wait4`'s resource usage, which covers that process alone).
#[expect(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, which std's wait would do without the resource usage"
)]
fn run_once(program: &Path, args: &[&str]) -> (Duration, i64) {
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let mut output = Vec::new();
    child
        .stdout
        .take()
        .expect("a piped stdout")
        .read_to_end(&mut output)
        .expect("the output reads");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child's, not waited for yet; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert!(
        pid > 0 && status == 0,
        "{} {args:?} failed",
        program.display()
    );
    assert!(
        !output.is_empty(),
        "{} {args:?} printed nothing",
        program.display()
    );
    (wall, usage.ru_maxrss)
}
