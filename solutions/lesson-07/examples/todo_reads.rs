//! Benchmark: the todo app's reads on 100,000 tasks (and 200,000 for the users listing) across
//! 1,000 users and 20 tags, timed as whole processes, beside the anchors doing the same reads on
//! the same database in the same run:
//! - the release binary of solution-07;
//! - the sqlite3 shell running the same SQL (`apt-get install sqlite3`);
//! - the lecture's stack, Python + SQLAlchemy 2.0, with the same models and queries
//!   (benches/anchors/todo_reads.py; `pip install "sqlalchemy>=2.0,<2.1"`).
//!
//! ```text
//! cargo build --release -p solution-07
//! cargo run --release -p solution-07 --example todo_reads
//! ```
//!
//! Each figure is the median of interleaved runs; peak memory is the measured process's own
//! (see benches/measure.rs). An anchor that is not installed is skipped with a line saying what
//! to install. The targets of issues 15 and 29 are printed last, met or missed.

#[path = "../../../benches/measure.rs"]
mod measure;

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};

use measure::{Sample, median, verdict};

const USERS: u32 = 1_000;
const TAGS: u32 = 20;
const ROUNDS: usize = 5;
/// The user whose lists are read: one in the middle.
const USER: u32 = 500;

/// A task with its tags as one text column, for the sqlite3 shell.
const TASK_SQL: &str = "SELECT t.id, t.description, t.due_date, group_concat(g.name, ', ') \
    FROM tasks t LEFT JOIN task_tags tt ON tt.task_id = t.id LEFT JOIN tags g ON g.id = tt.tag_id";

const USERS_SQL: &str = "SELECT u.username, u.first_name, u.last_name, t.id, t.description, \
    t.complete, t.due_date, group_concat(g.name, ', ') FROM users u \
    LEFT JOIN tasks t ON t.user_id = u.id \
    LEFT JOIN task_tags tt ON tt.task_id = t.id LEFT JOIN tags g ON g.id = tt.tag_id \
    GROUP BY u.id, t.id ORDER BY u.id, t.id;";

/// One read as each contestant does it: the app's arguments, the shell's SQL, the anchor's.
struct Read {
    name: &'static str,
    app: Vec<String>,
    sql: String,
    python: Vec<String>,
}

/// A read's medians: the app, the sqlite3 shell and SQLAlchemy (when installed).
struct Figures {
    app: Sample,
    shell: Option<Sample>,
    python: Option<Sample>,
}

fn main() {
    measure::helper_main_if_asked();
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let binary = measure::built_binary("solution-07", "solution-07")?;
    let anchor = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/anchors/todo_reads.py");
    let shell = measure::on_path("sqlite3");
    if shell.is_none() {
        println!("skipped the sqlite3 shell: not installed (`apt-get install sqlite3`)");
    }
    let python = match measure::python_with(&["sqlalchemy"], "pip install \"sqlalchemy>=2.0,<2.1\"")
    {
        Ok(python) => Some(python),
        Err(why) => {
            println!("skipped SQLAlchemy: {why}");
            None
        }
    };
    let contestants = Contestants {
        binary,
        shell,
        python,
        anchor,
    };
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let user = format!("user{USER}");
    let mut results = Vec::new();
    for tasks_per_user in [100, 200] {
        let db = dir.path().join(format!("bench-{tasks_per_user}.db"));
        contestants.migrate(&db)?;
        fill(&db, tasks_per_user);
        let url = db.display().to_string();
        let mut reads = vec![Read {
            name: "users with tasks and tags",
            app: vec!["users".into()],
            sql: USERS_SQL.into(),
            python: vec!["users".into()],
        }];
        if tasks_per_user == 100 {
            reads.extend([
                Read {
                    name: "my-tasks (one user)",
                    app: vec!["my-tasks".into(), "--user".into(), user.clone()],
                    sql: format!(
                        "{TASK_SQL} WHERE t.user_id = {USER} AND t.complete = 0 GROUP BY t.id ORDER BY t.id;"
                    ),
                    python: vec!["my-tasks".into(), user.clone()],
                },
                Read {
                    name: "by-date (one user)",
                    app: vec!["by-date".into(), "--user".into(), user.clone()],
                    sql: format!(
                        "{TASK_SQL} WHERE t.user_id = {USER} AND t.complete = 0 GROUP BY t.id \
                         ORDER BY t.due_date IS NULL, t.due_date, t.id;"
                    ),
                    python: vec!["by-date".into(), user.clone()],
                },
            ]);
        }
        let tasks = USERS * tasks_per_user;
        for read in reads {
            let figures = contestants.measure(&url, &read)?;
            results.push((read.name, tasks, figures));
        }
    }

    println!(
        "todo app reads, {USERS} users, {TAGS} tags; median of {ROUNDS} interleaved whole-process runs\n"
    );
    println!(
        "{:<26} {:>7} {:>19} {:>19} {:>19} {:>9} {:>9}",
        "read", "tasks", "app", "sqlite3", "SQLAlchemy", "/sqlite3", "SQLA/app"
    );
    let cell = |s: &Option<Sample>| {
        s.map_or("skipped".to_string(), |s| {
            format!("{:.1}ms {:.1}MiB", s.ms(), s.mib())
        })
    };
    for (name, tasks, f) in &results {
        println!(
            "{name:<26} {tasks:>7} {:>19} {:>19} {:>19} {:>9} {:>9}",
            cell(&Some(f.app)),
            cell(&f.shell),
            cell(&f.python),
            f.shell
                .map_or("-".into(), |s| format!("{:.2}x", f.app.ms() / s.ms())),
            f.python
                .map_or("-".into(), |p| format!("{:.0}x", p.ms() / f.app.ms())),
        );
    }

    println!("\ntargets (issues 15 and 29), today's figure beside each:");
    let find = |name: &str, tasks: u32| {
        results
            .iter()
            .find(|(n, t, _)| *n == name && *t == tasks)
            .map(|(_, _, f)| f)
    };
    let my_tasks = find("my-tasks (one user)", 100_000).expect("measured");
    match my_tasks.python {
        Some(p) => {
            let faster = p.ms() / my_tasks.app.ms();
            let status = if faster >= 20.0 {
                "met".to_string()
            } else {
                format!("MISSED by {:.0}%", (20.0 / faster - 1.0) * 100.0)
            };
            println!("  my-tasks, SQLAlchemy / app >= 20x (was 108-118x): {faster:.0}x, {status}");
        }
        None => println!("  my-tasks, SQLAlchemy / app >= 20x: not measured (skipped)"),
    }
    let Some(shell) = my_tasks.shell else {
        println!("  the sqlite3 targets: not measured (skipped)");
        return Ok(());
    };
    let ratio = my_tasks.app.ms() / shell.ms();
    println!(
        "  my-tasks, app / sqlite3 <= 1.20x (issue 29; was 1.36-1.37x): {ratio:.2}x, {}",
        verdict(ratio, 1.2)
    );
    for tasks in [100_000, 200_000] {
        let users = find("users with tasks and tags", tasks).expect("measured");
        let shell = users.shell.expect("measured with the shell");
        let ratio = users.app.ms() / shell.ms();
        println!(
            "  users, {tasks} tasks, app / sqlite3 time <= 1.20x (was 1.83-2.17x; 2.09-2.12x at 200k): {ratio:.2}x, {}",
            verdict(ratio, 1.2)
        );
        let memory = users.app.mib() / shell.mib();
        println!(
            "  users, {tasks} tasks, app / sqlite3 memory <= 2.00x (was 55 MiB vs 5.9, 102 MiB at 200k): {:.1} MiB vs {:.1} MiB = {memory:.2}x, {}",
            users.app.mib(),
            shell.mib(),
            verdict(memory, 2.0)
        );
    }
    let small = find("users with tasks and tags", 100_000)
        .expect("measured")
        .app;
    let large = find("users with tasks and tags", 200_000)
        .expect("measured")
        .app;
    let growth = large.mib() / small.mib();
    println!(
        "  users, app memory the same at 100k and 200k tasks (within 10%; was 55 vs 102 MiB): {:.1} vs {:.1} MiB, {}",
        small.mib(),
        large.mib(),
        verdict(growth, 1.1)
    );
    Ok(())
}

struct Contestants {
    binary: PathBuf,
    shell: Option<PathBuf>,
    python: Option<PathBuf>,
    anchor: PathBuf,
}

impl Contestants {
    fn migrate(&self, db: &Path) -> Result<(), String> {
        let url = db.display().to_string();
        measure::run(
            &self.binary,
            &["--database-url", &url, "migration", "run"],
            None,
        )
        .map(|_| ())
    }

    /// The read by each contestant, in `ROUNDS` interleaved rounds.
    fn measure(&self, url: &str, read: &Read) -> Result<Figures, String> {
        let mut app = Vec::new();
        let mut shell = Vec::new();
        let mut python = Vec::new();
        let mut app_args = vec!["--database-url", url];
        app_args.extend(read.app.iter().map(String::as_str));
        let anchor = self.anchor.display().to_string();
        let mut python_args = vec![anchor.as_str(), url];
        python_args.extend(read.python.iter().map(String::as_str));
        for _ in 0..ROUNDS {
            app.push(measure::run(&self.binary, &app_args, None)?);
            if let Some(sqlite3) = &self.shell {
                shell.push(measure::run(sqlite3, &[url, &read.sql], None)?);
            }
            if let Some(python3) = &self.python {
                python.push(measure::run(python3, &python_args, None)?);
            }
        }
        let median_of = |s: &Vec<Sample>| (!s.is_empty()).then(|| median(s));
        Ok(Figures {
            app: median(&app),
            shell: median_of(&shell),
            python: median_of(&python),
        })
    }
}

/// 1,000 users with `tasks_per_user` tasks each (a third complete, due dates over a year), 20 tags, and one
/// or two tags on every task; written with SQL in one transaction.
fn fill(db: &Path, tasks_per_user: u32) {
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
                    (i - 1) / {tasks_per_user} + 1 FROM n;
         INSERT INTO task_tags (task_id, tag_id) SELECT id, id % {TAGS} + 1 FROM tasks;
         INSERT INTO task_tags (task_id, tag_id) SELECT id, (id * 7 + 3) % {TAGS} + 1 FROM tasks
             WHERE id % 2 = 0 AND (id * 7 + 3) % {TAGS} <> id % {TAGS};
         COMMIT;
         ANALYZE;",
        total = USERS * tasks_per_user
    ))
    .expect("the benchmark data loads");
}
