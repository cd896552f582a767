//! Benchmark, not a test: lesson-06's two rebuilds on 10,000 users and 1,000,000 tasks, beside
//! the anchors doing the same change to the same database, in the same run:
//! - the workbook's runner (the release binary's `migration run`);
//! - the sqlite3 shell running the workbook's own up.sql files;
//! - the sqlite3 shell running the anchor's 12-step SQL (benches/anchors/rebuild_12_step.sql);
//! - Alembic's batch mode (benches/anchors/rebuild_alembic.py), when python3 and alembic are there.
//!
//! ```text
//! cargo build --release -p solution-06
//! cargo run --release -p solution-06 --example million_rows
//! ```
//!
//! Each contestant runs on a fresh copy of the same database, in interleaved rounds; the figures
//! are medians of the rounds, and every run is proven to have kept every row. Peak memory is the
//! measured process's own (see benches/measure.rs). An anchor that is not installed is skipped
//! with a line saying what to install.

#[path = "../../../benches/measure.rs"]
mod measure;

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use measure::{Sample, median, verdict};

const USERS: u32 = 10_000;
const TASKS: u32 = 1_000_000;
const ROUNDS: usize = 5;

/// Who rebuilds: a name, the program, its arguments before the database, and the SQL file fed
/// to its stdin (if any).
struct Contestant {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    after: Vec<String>,
    stdin: Option<PathBuf>,
    samples: Vec<Sample>,
}

fn main() {
    measure::helper_main_if_asked();
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let anchors = crate_dir.join("../../benches/anchors");
    let binary = measure::built_binary("solution-06", "solution-06")?;
    let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let base = work.path().join("lesson-05.db");

    println!("seeding {USERS} users and {TASKS} tasks at the lesson-05 stage ...");
    run_quiet(&binary, &base, &["migration", "run"])?;
    run_quiet(&binary, &base, &["migration", "revert", "-n", "2"])?;
    seed(&base)?;
    let expected = fingerprint(&base)?;
    let megabytes = std::fs::metadata(&base).map_err(|e| e.to_string())?.len() / 1_000_000;
    println!("database: {megabytes} MB\n");

    let mut contestants = vec![Contestant {
        name: "workbook `migration run` (release)",
        program: binary.clone(),
        args: vec!["--database-url".into()],
        after: vec!["migration".into(), "run".into()],
        stdin: None,
        samples: Vec::new(),
    }];
    match measure::on_path("sqlite3") {
        Some(sqlite3) => {
            let ours = work.path().join("workbook-up.sql");
            let mut sql = String::new();
            for name in [
                "2026-11-24-180000_constrain_users",
                "2026-11-24-190000_constrain_tasks",
            ] {
                let path = crate_dir.join("migrations").join(name).join("up.sql");
                sql += &std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            }
            std::fs::write(&ours, sql).map_err(|e| e.to_string())?;
            for (name, file) in [
                ("sqlite3 shell, the workbook's up.sql", ours),
                (
                    "sqlite3 shell, anchor 12-step SQL",
                    anchors.join("rebuild_12_step.sql"),
                ),
            ] {
                contestants.push(Contestant {
                    name,
                    program: sqlite3.clone(),
                    args: vec!["-bail".into()],
                    after: Vec::new(),
                    stdin: Some(file),
                    samples: Vec::new(),
                });
            }
        }
        None => println!("skipped the sqlite3 shell: not installed (`apt-get install sqlite3`)"),
    }
    match measure::python_with(
        &["sqlalchemy", "alembic"],
        "pip install \"sqlalchemy>=2.0,<2.1\" alembic",
    ) {
        Ok(python) => contestants.push(Contestant {
            name: "Alembic batch mode (no FK check)",
            program: python,
            args: vec![anchors.join("rebuild_alembic.py").display().to_string()],
            after: Vec::new(),
            stdin: None,
            samples: Vec::new(),
        }),
        Err(why) => println!("skipped Alembic batch mode: {why}"),
    }

    let copy = work.path().join("rebuilt.db");
    for round in 1..=ROUNDS {
        println!("round {round} of {ROUNDS} ...");
        for contestant in &mut contestants {
            std::fs::copy(&base, &copy).map_err(|e| format!("cannot copy the database: {e}"))?;
            let db = copy.display().to_string();
            let mut args: Vec<&str> = contestant.args.iter().map(String::as_str).collect();
            args.push(&db);
            args.extend(contestant.after.iter().map(String::as_str));
            let sample = measure::run(&contestant.program, &args, contestant.stdin.as_deref())?;
            let found = fingerprint(&copy)?;
            if found != expected {
                return Err(format!(
                    "{} changed the rows: expected {expected:?}, found {found:?}",
                    contestant.name
                ));
            }
            rebuilt(&copy).map_err(|e| format!("{}: {e}", contestant.name))?;
            contestant.samples.push(sample);
        }
    }
    println!("every run kept every row: {}\n", expected.join("; "));

    println!(
        "lesson-06 rebuilds, {TASKS} tasks, median of {ROUNDS} interleaved runs\n\n{:<38} {:>9} {:>11} {:>14}",
        "", "wall", "peak RSS", "workbook is"
    );
    let ours = median(&contestants[0].samples);
    for contestant in &contestants {
        let m = median(&contestant.samples);
        println!(
            "{:<38} {:>7.2} s {:>7.1} MiB {:>12.2} x",
            contestant.name,
            m.wall.as_secs_f64(),
            m.mib(),
            ours.wall.as_secs_f64() / m.wall.as_secs_f64()
        );
    }
    println!("\ntargets (issue 15), today's figure beside each:");
    for (anchor, limit, before) in [
        ("Alembic batch mode", 1.0, "1.10x on 2026-12-01"),
        ("sqlite3 shell, anchor 12-step", 1.05, "1.13x on 2026-12-01"),
    ] {
        let found = contestants.iter().find(|c| c.name.starts_with(anchor));
        match found {
            Some(c) => {
                let ratio = ours.wall.as_secs_f64() / median(&c.samples).wall.as_secs_f64();
                println!(
                    "  workbook / {anchor} <= {limit:.2}x (was {before}): {ratio:.2}x, {}",
                    verdict(ratio, limit)
                );
            }
            None => println!("  workbook / {anchor} <= {limit:.2}x: not measured (skipped)"),
        }
    }
    Ok(())
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

/// Proves the rebuild happened: both tables have lesson-06's new columns and constraints.
fn rebuilt(db: &Path) -> Result<(), String> {
    let found = fingerprint_query(
        db,
        "SELECT (SELECT count(*) FROM pragma_table_info('users') WHERE name = 'created_at') \
         || (SELECT count(*) FROM pragma_table_info('tasks') WHERE name = 'updated_at') \
         || (SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%ck_tasks_description_not_blank%') \
         || (SELECT count(*) FROM pragma_foreign_key_list('tasks') WHERE on_delete = 'CASCADE') \
         AS line",
    )?;
    if found == "1111" {
        Ok(())
    } else {
        Err(format!(
            "the tables were not rebuilt as lesson-06 asks ({found})"
        ))
    }
}

fn fingerprint_query(db: &Path, query: &str) -> Result<String, String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        line: String,
    }
    let mut conn = open(db)?;
    diesel::sql_query(query)
        .get_result::<Line>(&mut conn)
        .map(|l| l.line)
        .map_err(|e| e.to_string())
}
