//! Benchmark, not a test: lesson-06's two rebuilds on 10,000 users and 1,000,000 tasks, run by
//! the workbook's own runner (the release binary's `migration run`) and, on a copy of the same
//! database, by the sqlite3 shell running the same up.sql files. Prints wall time and peak
//! memory of each and their ratio, after proving both kept every row.
//!
//!     cargo run --release -p solution-06 --example million_rows
//!
//! Needs /usr/bin/sqlite3 and /usr/bin/time (GNU time, for peak memory).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

const USERS: u32 = 10_000;
const TASKS: u32 = 1_000_000;
const SQLITE3: &str = "/usr/bin/sqlite3";
const TIME: &str = "/usr/bin/time";

fn main() -> Result<(), String> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = release_binary()?;
    let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let base = work.path().join("lesson-05.db");

    println!("seeding {USERS} users and {TASKS} tasks at the lesson-05 stage ...");
    run_quiet(&binary, &base, &["migration", "run"])?;
    run_quiet(&binary, &base, &["migration", "revert", "-n", "2"])?;
    seed(&base)?;
    let expected = fingerprint(&base)?;
    let megabytes = std::fs::metadata(&base).map_err(|e| e.to_string())?.len() / 1_000_000;
    println!("database: {megabytes} MB\n");

    let by_workbook = work.path().join("workbook.db");
    let by_shell = work.path().join("shell.db");
    for copy in [&by_workbook, &by_shell] {
        std::fs::copy(&base, copy).map_err(|e| format!("cannot copy the database: {e}"))?;
    }

    let mut workbook = Command::new(&binary);
    workbook
        .arg("--database-url")
        .arg(&by_workbook)
        .args(["migration", "run"]);
    let ours = measure(workbook, None)?;

    let mut sql = String::new();
    for name in [
        "2026-11-24-180000_constrain_users",
        "2026-11-24-190000_constrain_tasks",
    ] {
        let path = crate_dir.join("migrations").join(name).join("up.sql");
        sql += &std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    }
    let mut shell = Command::new(SQLITE3);
    shell.arg("-bail").arg(&by_shell);
    let floor = measure(shell, Some(sql))?;

    for (who, path) in [("workbook", &by_workbook), ("sqlite3", &by_shell)] {
        let found = fingerprint(path)?;
        if found != expected {
            return Err(format!(
                "{who} changed the rows: expected {expected:?}, found {found:?}"
            ));
        }
    }
    println!("both kept every row: {}", expected.join("; "));
    println!();
    println!(
        "{:<34} {:>9} {:>12}",
        "lesson-06 rebuilds, 1,000,000 tasks", "wall", "peak RSS"
    );
    let line = |who: &str, m: &Measure| {
        println!(
            "{who:<34} {:>7.2} s {:>9.1} MiB",
            m.wall.as_secs_f64(),
            m.peak_kib as f64 / 1024.0
        )
    };
    line("workbook `migration run` (release)", &ours);
    line("sqlite3 shell, same up.sql", &floor);
    println!(
        "ratio workbook / sqlite3:           {:>5.2} x {:>9.2} x",
        ours.wall.as_secs_f64() / floor.wall.as_secs_f64(),
        ours.peak_kib as f64 / floor.peak_kib as f64
    );
    Ok(())
}

/// The solution's release binary, built first if needed (cargo does not build a package's
/// binaries for its examples).
fn release_binary() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "solution-06",
            "--bin",
            "solution-06",
        ])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building solution-06 in release mode failed".into());
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // target/release/examples/million_rows -> target/release/solution-06
    let release = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target folder")?;
    Ok(release.join("solution-06"))
}

fn run_quiet(binary: &Path, db: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new(binary)
        .arg("--database-url")
        .arg(db)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    Ok(())
}

fn open(db: &Path) -> Result<SqliteConnection, String> {
    SqliteConnection::establish(&db.display().to_string()).map_err(|e| e.to_string())
}

/// 10,000 users and 1,000,000 tasks: every user has tasks, most tasks have one of 20
/// categories, some have a due date, a few have no user.
fn seed(db: &Path) -> Result<(), String> {
    let mut conn = open(db)?;
    conn.batch_execute(&format!(
        "BEGIN;
         INSERT INTO categories (id, name)
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
             SELECT i, 'category ' || i FROM n;
         INSERT INTO users (id, username, email, first_name)
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {USERS})
             SELECT i, 'user_' || i, 'user' || i || '@example.com', 'First ' || i FROM n;
         INSERT INTO tasks (id, description, complete, due_date, user_id, category_id)
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {TASKS})
             SELECT i, 'Task number ' || i || ' for Café ☕',
                    i % 3 = 0,
                    CASE WHEN i % 4 = 0 THEN date('2026-01-01', '+' || (i % 365) || ' days') END,
                    CASE WHEN i % 1000 = 0 THEN NULL ELSE 1 + i % {USERS} END,
                    CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + i % 20 END
             FROM n;
         COMMIT;"
    ))
    .map_err(|e| format!("seeding failed: {e}"))
}

/// Counts and sums over every column the rebuilds must keep.
fn fingerprint(db: &Path) -> Result<Vec<String>, String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        line: String,
    }
    let mut conn = open(db)?;
    let queries = [
        "SELECT 'users ' || count(*) || ' ' || sum(id) || ' ' || total(length(username)) \
         || ' ' || total(length(email)) AS line FROM users",
        "SELECT 'tasks ' || count(*) || ' ' || sum(id) || ' ' || total(length(description)) \
         || ' ' || sum(complete) || ' ' || count(due_date) || ' ' || total(user_id) \
         || ' ' || total(category_id) AS line FROM tasks",
        "SELECT 'categories ' || count(*) AS line FROM categories",
    ];
    queries
        .iter()
        .map(|q| {
            diesel::sql_query(*q)
                .get_result::<Line>(&mut conn)
                .map(|l| l.line)
                .map_err(|e| e.to_string())
        })
        .collect()
}

struct Measure {
    wall: Duration,
    peak_kib: u64,
}

/// Runs `command` under GNU time, feeding it `stdin`, and returns its wall time and peak RSS.
fn measure(command: Command, stdin: Option<String>) -> Result<Measure, String> {
    let mut timed = Command::new(TIME);
    timed
        .args(["-f", "peak_kib=%M"])
        .arg(command.get_program())
        .args(command.get_args())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = timed
        .spawn()
        .map_err(|e| format!("cannot run {TIME}: {e}"))?;
    if let Some(sql) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().ok_or("no stdin")?;
        pipe.write_all(sql.as_bytes()).map_err(|e| e.to_string())?;
    }
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{:?} failed: {stderr}", command.get_program()));
    }
    let peak_kib = stderr
        .lines()
        .find_map(|line| line.strip_prefix("peak_kib="))
        .and_then(|kib| kib.trim().parse().ok())
        .ok_or_else(|| format!("no peak memory in {stderr:?}"))?;
    Ok(Measure { wall, peak_kib })
}
