//! Many writers at once. 8 processes of the real binary write to one database at the same
//! time: every task arrives and no run fails. Then the two races a read-then-write transaction
//! has on PostgreSQL, made to happen for certain: a transaction holds the row, the app's
//! command is seen waiting for it, and the holder commits. Bounded by loop counts and timeouts.

use std::thread;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use solution_08::{account, tasks};

use crate::Db;

const PROCESSES: usize = 8;
const TASKS_PER_PROCESS: usize = 500;
/// Each process adds its tasks in this many runs of `new-task`, so the runs of the 8
/// processes interleave; after each run the process marks that run's first task complete:
/// 8 x 25 x 2 = 400 write transactions competing for the lock.
const RUNS_PER_PROCESS: usize = 25;

#[test]
fn eight_processes_add_4000_tasks_at_once_and_none_is_lost() {
    let bin = Db::migrated();
    for n in 0..PROCESSES {
        let name = format!("worker{n}");
        bin.run(&["sign-up", &name, "--first-name", "W", "--last-name", "N"])
            .ok();
    }
    let per_run = TASKS_PER_PROCESS / RUNS_PER_PROCESS;
    thread::scope(|scope| {
        for n in 0..PROCESSES {
            let bin = &bin;
            scope.spawn(move || {
                let user = format!("worker{n}");
                for run in 0..RUNS_PER_PROCESS {
                    let descriptions: Vec<String> = (0..per_run)
                        .map(|i| format!("task {} of {user}", run * per_run + i))
                        .collect();
                    let mut args = vec!["new-task", "--user", &user];
                    args.extend(descriptions.iter().map(String::as_str));
                    let result = bin.run(&args);
                    assert_eq!(result.code, 0, "{user}, run {run}: {result:#?}");
                    assert_eq!(result.stdout.lines().count(), per_run);
                    // A read, then a write in the same transaction.
                    let first = result.stdout.split([' ', ':']).nth(2).unwrap().to_string();
                    let done = bin.run(&["mark-complete", &first, "--user", &user]);
                    assert_eq!(done.code, 0, "{user}, run {run}: {done:#?}");
                }
            });
        }
    });
    let users: serde_json::Value =
        serde_json::from_str(&bin.run(&["users", "--json"]).ok()).unwrap();
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), PROCESSES);
    let mut ids: Vec<i64> = Vec::new();
    for user in users {
        let tasks = user["tasks"].as_array().unwrap();
        assert_eq!(tasks.len(), TASKS_PER_PROCESS, "{}", user["username"]);
        let complete = tasks.iter().filter(|t| t["complete"] == true).count();
        assert_eq!(complete, RUNS_PER_PROCESS, "{}", user["username"]);
        ids.extend(tasks.iter().map(|t| t["id"].as_i64().unwrap()));
    }
    ids.sort();
    assert_eq!(
        ids,
        (1..=(PROCESSES * TASKS_PER_PROCESS) as i64).collect::<Vec<_>>()
    );
}

/// Waits until a statement of another connection to `db` waits for a lock.
fn until_one_waits(db: &Db) {
    #[derive(QueryableByName)]
    struct Waiting {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut watcher = db.conn();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let waiting: Waiting = diesel::sql_query(
            "SELECT count(*) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .get_result(&mut watcher)
        .unwrap();
        if waiting.n > 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the command never waited for the lock"
        );
        thread::sleep(Duration::from_millis(10));
    }
}

/// Runs `command` on a connection of its own to `db`, in another thread, while `holder` has an
/// uncommitted transaction; the holder commits once the command waits for it.
fn while_held(
    db: &Db,
    holder: &mut PgConnection,
    command: fn(&mut PgConnection) -> workbook::Result<String>,
) -> workbook::Result<String> {
    thread::scope(|scope| {
        let mut conn = db.conn();
        let running = scope.spawn(move || command(&mut conn));
        until_one_waits(db);
        holder.batch_execute("COMMIT").unwrap();
        running.join().unwrap()
    })
}

#[test]
fn a_sign_up_racing_another_of_the_same_name_is_told_the_name_is_taken() {
    let db = Db::migrated();
    let mut holder = db.conn();
    // Another sign-up, between its insert and its commit: find_user cannot see its row yet.
    holder
        .batch_execute("BEGIN; INSERT INTO users (username, username_key) VALUES ('Race', 'race');")
        .unwrap();
    let said = while_held(&db, &mut holder, |conn| {
        account::sign_up(conn, "RACE", "R", "R")
    });
    assert_eq!(
        said.unwrap_err().to_string(),
        "that username is taken: \"RACE\" is already used by \"Race\"; choose another"
    );
    let users = db.run(&["users"]).ok();
    assert_eq!(
        users.lines().count(),
        2,
        "one user, and the header:\n{users}"
    );
}

#[test]
fn a_task_completed_meanwhile_is_said_to_be_complete_already() {
    let db = Db::migrated();
    db.run(&["sign-up", "Bugs", "--first-name", "B", "--last-name", "B"])
        .ok();
    db.run(&["new-task", "Buy carrots"]).ok();
    let mut holder = db.conn();
    // Another process completing the task, not committed yet.
    holder
        .batch_execute("BEGIN; UPDATE tasks SET complete = true WHERE id = 1;")
        .unwrap();
    let said = while_held(&db, &mut holder, |conn| {
        let user = account::current_user(conn, Some("bugs"))?;
        tasks::complete(conn, &user, 1)
    });
    assert_eq!(said.unwrap(), "Task 1 was already complete.\n");
}

/// Two `migration run`s at once on one new database take turns under the migration lock: both
/// succeed, and each migration is applied and recorded once (without the lock the second would
/// fail on a table the first had just made).
#[test]
fn two_migration_runs_at_once_take_turns() {
    let bin = Db::empty();
    let runs: Vec<String> = thread::scope(|scope| {
        let started: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| bin.run(&["migration", "run"]).ok()))
            .collect();
        started.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let ran: usize = runs.iter().map(|out| out.lines().count()).sum();
    assert_eq!(
        ran, 18,
        "each migration runs once, in one of the two: {runs:#?}"
    );
    let listed = bin.run(&["migration", "list"]).ok();
    assert_eq!(listed.matches("[X]").count(), 18, "{listed}");
}
