//! Many processes at once: 8 processes of the real binary write to one database file at the
//! same time. Every write waits its turn (busy timeout + `BEGIN IMMEDIATE`), so every task
//! arrives and no run fails with "database is locked". Bounded by its loop counts, not by time.

use std::thread;

use workbook::testing::Bin;

const PROCESSES: usize = 8;
const TASKS_PER_PROCESS: usize = 500;
/// Each process adds its tasks in this many runs of `new-task`, so the runs of the 8
/// processes interleave; after each run the process marks that run's first task complete:
/// 8 x 25 x 2 = 400 write transactions competing for the lock.
const RUNS_PER_PROCESS: usize = 25;

#[test]
fn eight_processes_add_4000_tasks_at_once_and_none_is_lost() {
    let bin = Bin::new(env!("CARGO_BIN_EXE_solution-07"));
    bin.run(&["migration", "run"]).ok();
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
                    // A read, then a write in the same transaction: the case that fails at
                    // once with "database is locked" unless the write lock is taken first.
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
