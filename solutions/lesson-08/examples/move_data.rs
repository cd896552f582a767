//! Benchmark: `move_data` copying a lesson-07 SQLite database of 100,000 tasks (1,000 users,
//! 20 tags, 150,000 task tags) into a database migrated with lesson-08's migrations, beside
//! pgloader moving the same file into an empty database of the same throwaway cluster; then
//! the todo app's reads on the moved data, through Diesel beside psql running the same SQL.
//! Whole processes, median of interleaved runs, each process's own peak memory (see
//! benches/measure.rs). pgloader is skipped with a line when it is not installed
//! (`apt-get install pgloader`).
//!
//! `cargo run --release -p solution-08 --example move_data`

use std::io::Write;
use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Integer, Nullable, Text};
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use workbook::move_data::{Options, move_data};
use workbook::postgres::{Scratch, Server};

#[path = "../../../benches/measure.rs"]
mod measure;

const USERS: u32 = 1_000;
const TASKS_PER_USER: u32 = 100;
const TAGS: u32 = 20;
const RUNS: usize = 3;
const ROUNDS: usize = 5;
/// The user whose lists are read: one in the middle.
const USER: u32 = 500;
/// The figure for the move of 100,000 tasks: a few seconds at most.
const TARGET_MS: f64 = 5_000.0;
const RENAMED: &[(&str, &str, &str)] = &[("tags", "name", "label")];

const TASK_SQL: &str = "SELECT t.id, t.description, t.due_date, string_agg(g.label, ', ') AS tags \
    FROM tasks t LEFT JOIN task_tags tt ON tt.task_id = t.id LEFT JOIN tags g ON g.id = tt.tag_id";
const USERS_SQL: &str = "SELECT u.username, u.first_name, u.last_name, t.id, t.description, \
    t.complete, t.due_date, string_agg(g.label, ', ') AS tags FROM users u \
    LEFT JOIN tasks t ON t.user_id = u.id \
    LEFT JOIN task_tags tt ON tt.task_id = t.id LEFT JOIN tags g ON g.id = tt.tag_id \
    GROUP BY u.id, t.id ORDER BY u.id, t.id";

fn main() {
    // This program measured: `--move SOURCE URL` or `--read KIND URL SQL`, as whole processes.
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--move") => exit_with(one_move(&args[2], &args[3])),
        Some("--read") => exit_with(read(&args[2], &args[3], &args[4])),
        _ => {}
    }
    measure::helper_main_if_asked();
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn exit_with(result: Result<(), String>) -> ! {
    match result {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    }
}

fn migrations(lesson: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../solutions/{lesson}/migrations"))
}

fn options() -> Options<'static> {
    let mut versions: Vec<String> = std::fs::read_dir(migrations("lesson-07"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("20"))
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    Options {
        replace: false,
        expected_versions: versions,
        renamed: RENAMED,
    }
}

/// The measured move: one process, one `move_data`, the report on stdout.
fn one_move(source: &str, url: &str) -> Result<(), String> {
    let mut target = workbook::postgres::connect(url).map_err(|e| e.to_string())?;
    let moved = move_data(Path::new(source), &mut target, &options()).map_err(|e| e.to_string())?;
    print!("{}", moved.render());
    Ok(())
}

#[derive(QueryableByName)]
struct Task {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Text)]
    description: String,
    #[diesel(sql_type = Nullable<Date>)]
    due_date: Option<chrono::NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    tags: Option<String>,
}

#[derive(QueryableByName)]
struct UserTask {
    #[diesel(sql_type = Text)]
    username: String,
    #[diesel(sql_type = Nullable<Text>)]
    first_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    last_name: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    id: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    description: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    complete: Option<bool>,
    #[diesel(sql_type = Nullable<Date>)]
    due_date: Option<chrono::NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    tags: Option<String>,
}

/// The measured read: the rows loaded into typed structs, as the app does, and printed.
fn read(kind: &str, url: &str, sql: &str) -> Result<(), String> {
    let mut conn = workbook::postgres::connect(url).map_err(|e| e.to_string())?;
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let show = |d: &Option<chrono::NaiveDate>| d.map_or(String::new(), |d| d.to_string());
    let written = if kind == "users" {
        let rows: Vec<UserTask> = diesel::sql_query(sql)
            .load(&mut conn)
            .map_err(|e| e.to_string())?;
        rows.iter().try_for_each(|r| {
            writeln!(
                out,
                "{} {} {} {} {} {} {} {}",
                r.username,
                r.first_name.as_deref().unwrap_or(""),
                r.last_name.as_deref().unwrap_or(""),
                r.id.map_or(String::new(), |i| i.to_string()),
                r.description.as_deref().unwrap_or(""),
                r.complete.map_or("", |c| if c { "yes" } else { "no" }),
                show(&r.due_date),
                r.tags.as_deref().unwrap_or("")
            )
        })
    } else {
        let rows: Vec<Task> = diesel::sql_query(sql)
            .load(&mut conn)
            .map_err(|e| e.to_string())?;
        rows.iter().try_for_each(|r| {
            writeln!(
                out,
                "{} {} {} {}",
                r.id,
                r.description,
                show(&r.due_date),
                r.tags.as_deref().unwrap_or("")
            )
        })
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())
}

fn run() -> Result<(), String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find the benchmark: {e}"))?;
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let source = dir.path().join("todo.db");
    fill(&source)?;
    let source_arg = source.display().to_string();
    let server = Server::new(None).map_err(|e| e.to_string())?;
    let migrated = || -> Result<Scratch, String> {
        let db = server.scratch().map_err(|e| e.to_string())?;
        let mut conn = db.connect().map_err(|e| e.to_string())?;
        let folder = FileBasedMigrations::from_path(migrations("lesson-08"))
            .map_err(|e| format!("cannot read lesson-08's migrations: {e}"))?;
        conn.run_pending_migrations(folder)
            .map_err(|e| format!("cannot migrate the target: {e}"))?;
        Ok(db)
    };

    // The report once, in this process, then the measured runs.
    let shown = migrated()?;
    let mut conn = shown.connect().map_err(|e| e.to_string())?;
    let moved = move_data(&source, &mut conn, &options()).map_err(|e| e.to_string())?;
    drop(conn);
    println!(
        "move_data's own report (100,000 tasks):\n\n{}",
        moved.render()
    );

    let pgloader = measure::on_path("pgloader");
    if pgloader.is_none() {
        println!("skipped pgloader: not installed (`apt-get install pgloader`)");
    }
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let summary = dir.path().join("pgloader-summary.txt");
    for _ in 0..RUNS {
        let target = migrated()?;
        ours.push(measure::run(
            &me,
            &["--move", &source_arg, &target.url],
            None,
        )?);
        if let Some(pgloader) = &pgloader {
            let empty = server.scratch().map_err(|e| e.to_string())?;
            let url = pgloader_url(&empty.url)?;
            let from = format!("sqlite://{}", source.display());
            let summary = summary.display().to_string();
            let args = ["--quiet", "--summary", &summary, &from, &url];
            theirs.push(measure::run(pgloader, &args, None)?);
        }
    }
    let ours = measure::median(&ours);
    let theirs = (!theirs.is_empty()).then(|| measure::median(&theirs));
    if theirs.is_some() {
        let text = std::fs::read_to_string(&summary).unwrap_or_default();
        println!("pgloader's own summary (last run):\n");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            println!("  {line}");
        }
        println!();
    }

    println!(
        "move {} tasks from SQLite into PostgreSQL, whole processes, median of {RUNS} runs\n",
        USERS * TASKS_PER_USER
    );
    println!(
        "{:<10} {:>9} {:>9}  what it verifies",
        "tool", "time", "peak"
    );
    println!(
        "{:<10} {:>7.0}ms {:>6.1}MiB  row counts + checksums of every table on both sides, one \
         transaction, refuses non-empty targets, into lesson-08's migrated schema",
        "move_data",
        ours.ms(),
        ours.mib()
    );
    match theirs {
        Some(t) => println!(
            "{:<10} {:>7.0}ms {:>6.1}MiB  its summary of rows read / imported / errors; makes \
             its own schema from SQLite's declared types (unless told otherwise)",
            "pgloader",
            t.ms(),
            t.mib()
        ),
        None => println!(
            "{:<10} {:>9} {:>9}  skipped (not installed)",
            "pgloader", "-", "-"
        ),
    }
    if let Some(t) = theirs {
        println!(
            "\nmove_data / pgloader: {:.2}x the time, {:.2}x the memory",
            ours.ms() / t.ms(),
            ours.mib() / t.mib()
        );
        println!(
            "target (issue 29): at most pgloader's time (1.0x; 2.03x before): {}",
            measure::verdict(ours.ms() / t.ms(), 1.0)
        );
    }
    println!(
        "target: 100,000 tasks in a few seconds at most (under {TARGET_MS:.0}ms): {} ({:.0}% of it)\n",
        measure::verdict(ours.ms(), TARGET_MS),
        100.0 * ours.ms() / TARGET_MS
    );

    reads(&me, &shown.url)
}

/// The todo reads on the moved data: Diesel (typed rows, printed) beside `psql -c`.
fn reads(me: &Path, url: &str) -> Result<(), String> {
    let psql = measure::on_path("psql")
        .or_else(|| Some(PathBuf::from("/usr/lib/postgresql/15/bin/psql")).filter(|p| p.is_file()));
    let Some(psql) = psql else {
        println!("skipped the reads: psql is not installed (`apt-get install postgresql-client`)");
        return Ok(());
    };
    let reads = [
        ("users with tasks and tags", "users", USERS_SQL.to_string()),
        (
            "my-tasks (one user)",
            "tasks",
            format!(
                "{TASK_SQL} WHERE t.user_id = {USER} AND NOT t.complete GROUP BY t.id ORDER BY t.id"
            ),
        ),
        (
            "by-date (one user)",
            "tasks",
            format!(
                "{TASK_SQL} WHERE t.user_id = {USER} AND NOT t.complete GROUP BY t.id \
                 ORDER BY t.due_date IS NULL, t.due_date, t.id"
            ),
        ),
    ];
    println!(
        "todo reads on the moved data, {} tasks; median of {ROUNDS} interleaved whole-process runs\n",
        USERS * TASKS_PER_USER
    );
    println!(
        "{:<26} {:>19} {:>19} {:>8}",
        "read", "Diesel sql_query", "psql -c", "/psql"
    );
    for (name, kind, sql) in reads {
        let (mut app, mut shell) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            app.push(measure::run(me, &["--read", kind, url, &sql], None)?);
            shell.push(measure::run(
                &psql,
                &["-X", "-q", "-d", url, "-c", &sql],
                None,
            )?);
        }
        let (app, shell) = (measure::median(&app), measure::median(&shell));
        println!(
            "{name:<26} {:>19} {:>19} {:>7.2}x",
            format!("{:.1}ms {:.1}MiB", app.ms(), app.mib()),
            format!("{:.1}ms {:.1}MiB", shell.ms(), shell.mib()),
            app.ms() / shell.ms()
        );
    }
    Ok(())
}

/// pgloader's spelling of a throwaway cluster's URL: the socket's folder after `unix:`.
fn pgloader_url(url: &str) -> Result<String, String> {
    let (base, host) = url
        .split_once("?host=")
        .ok_or_else(|| format!("{url} names no socket folder"))?;
    let (user_part, db) = base
        .rsplit_once("@/")
        .ok_or_else(|| format!("{url} is not user@/database"))?;
    let user = user_part.trim_start_matches("postgres://");
    Ok(format!("postgresql://{user}@unix:{host}:5432/{db}"))
}

/// A lesson-07 database made by lesson-07's migrations, with 1,000 users of 100 tasks each
/// (a third complete, due dates over a year, a category on every fifth), 20 tags and one or
/// two tags on every task; written with SQL in one transaction.
fn fill(path: &Path) -> Result<(), String> {
    let mut conn = SqliteConnection::establish(&path.display().to_string())
        .map_err(|e| format!("cannot make {}: {e}", path.display()))?;
    conn.batch_execute("PRAGMA foreign_keys = ON;")
        .map_err(|e| e.to_string())?;
    let folder = FileBasedMigrations::from_path(migrations("lesson-07"))
        .map_err(|e| format!("cannot read lesson-07's migrations: {e}"))?;
    conn.run_pending_migrations(folder)
        .map_err(|e| format!("cannot migrate the source: {e}"))?;
    let total = USERS * TASKS_PER_USER;
    conn.batch_execute(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {USERS})
         INSERT INTO users (id, username, username_key, email, first_name, last_name, birthday,
                            created_at, updated_at)
             SELECT i, 'user' || i, 'user' || i, 'user' || i || '@example.test', 'First' || i,
                    'Läst ''' || i, date('1970-01-01', '+' || (i * 13 % 12000) || ' days'),
                    datetime('2026-01-01', '+' || i || ' minutes'),
                    datetime('2026-01-01', '+' || i || ' minutes', '+0.5 seconds') FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
         INSERT INTO categories (id, name) SELECT i, 'category ' || i FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {TAGS})
         INSERT INTO tags (id, name) SELECT i, 'tag' || i FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {total})
         INSERT INTO tasks (id, description, complete, due_date, user_id, category_id,
                            created_at, updated_at)
             SELECT i, 'Task number ' || i, i % 3 = 0,
                    CASE WHEN i % 11 = 0 THEN NULL
                         ELSE date('2026-01-01', '+' || (i * 7 % 365) || ' days') END,
                    (i - 1) / {TASKS_PER_USER} + 1, CASE WHEN i % 5 = 0 THEN i % 10 + 1 END,
                    datetime('2026-01-01', '+' || i || ' seconds'),
                    strftime('%Y-%m-%d %H:%M:%f', '2026-02-01', '+' || i || ' seconds') FROM n;
         INSERT INTO task_tags (task_id, tag_id) SELECT id, id % {TAGS} + 1 FROM tasks;
         INSERT INTO task_tags (task_id, tag_id) SELECT id, (id * 7 + 3) % {TAGS} + 1 FROM tasks
             WHERE id % 2 = 0 AND (id * 7 + 3) % {TAGS} <> id % {TAGS};
         INSERT INTO sessions (id, user_id) VALUES (1, {USER});
         COMMIT;"
    ))
    .map_err(|e| format!("cannot fill the source: {e}"))?;
    Ok(())
}
