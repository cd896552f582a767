//! lesson-04 · schema: the task table, its models, and a small CLI over users and tasks.

use super::{Goal, Info, Seed, expect_columns, expect_line};
use crate::course::Check;
use crate::harness::scratch::Scratch;

pub const INFO: Info = Info {
    number: 4,
    title: "Create a schema and migrate the DB",
    chapter: "lesson-04-schema.md",
    goals: &[
        Goal {
            name: "create_user makes the user table",
            new: false,
            hint: "migrations/*_create_user/up.sql creates user(id INTEGER PRIMARY KEY NOT NULL, username TEXT)",
            check: Check::Sqlite(user_table),
        },
        Goal {
            name: "create_task makes the task table with the lesson's columns",
            new: true,
            hint: "write CREATE TABLE task (...) in migrations/*_create_task/up.sql (the chapter lists the columns) and DROP TABLE task in its down.sql",
            check: Check::Sqlite(task_table),
        },
        Goal {
            name: "task.user_id references user(id), and the database enforces it",
            new: true,
            hint: "declare user_id INTEGER REFERENCES user(id) in migrations/*_create_task/up.sql",
            check: Check::Sqlite(task_references_user),
        },
        Goal {
            name: "a task needs a description and starts not complete",
            new: true,
            hint: "give task.description NOT NULL and task.complete NOT NULL DEFAULT 0 in migrations/*_create_task/up.sql",
            check: Check::Sqlite(task_defaults),
        },
        Goal {
            name: "`seed`, `user add` and `user list` work",
            new: false,
            hint: "see seed, add_user and list_users in src/app.rs",
            check: Check::Sqlite(user_commands),
        },
        Goal {
            name: "`task add`, `task list` and `task done` work",
            new: true,
            hint: "write add_task, list_tasks and complete_task in src/app.rs, with Task and NewTask in src/models.rs and task in src/schema.rs",
            check: Check::Sqlite(task_commands),
        },
    ],
    seeds: &[Seed {
        after: "create_user",
        sql: "INSERT INTO user (username) VALUES ('BugsBunnyFanatic'), ('WackyDaffy91'), \
              ('TazmanianTornado22'), ('SylvesterSneakyCat'), ('RoadRunnerSpeedster');",
    }],
    renamed: &[],
    writes: &["create_task"],
};

fn user_table(s: &mut Scratch) -> Result<(), String> {
    s.migrate_through("create_user")?;
    expect_columns(
        s,
        "user",
        &[("id", "INTEGER NOT NULL PRIMARY KEY"), ("username", "TEXT")],
    )
}

fn task_table(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    expect_columns(
        s,
        "task",
        &[
            ("id", "INTEGER NOT NULL PRIMARY KEY"),
            ("description", "TEXT NOT NULL"),
            ("complete", "BOOLEAN NOT NULL"),
            ("due", "TEXT"),
            ("category", "TEXT"),
            ("user_id", "INTEGER"),
        ],
    )
}

fn task_references_user(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    let keys = s.foreign_keys("task")?;
    if !keys
        .iter()
        .any(|k| k.from == "user_id" && k.table == "user" && k.to == "id")
    {
        return Err("task has no foreign key from user_id to user(id)".into());
    }
    match s.execute("INSERT INTO task (description, user_id) VALUES ('orphan', 999)") {
        Err(e) if e.contains("FOREIGN KEY") => Ok(()),
        Err(e) => Err(format!(
            "inserting a task for a missing user failed oddly: {e}"
        )),
        Ok(()) => Err("a task for a user that does not exist was accepted".into()),
    }
}

fn task_defaults(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.execute("INSERT INTO task (description) VALUES ('Feed the cat')")?;
    let complete = s.lines("SELECT complete FROM task")?;
    if complete != ["0"] {
        return Err(format!(
            "a new task's complete is {complete:?}, expected 0 (false)"
        ));
    }
    match s.execute("INSERT INTO task (description) VALUES (NULL)") {
        Err(e) if e.contains("NOT NULL") => Ok(()),
        Err(e) => Err(format!(
            "inserting a task without a description failed oddly: {e}"
        )),
        Ok(()) => Err("a task without a description was accepted".into()),
    }
}

pub(super) fn user_commands(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.app(&["seed"])?;
    let again = s.app(&["seed"])?;
    if !again.starts_with("Added 0 ") {
        return Err(format!("running `seed` twice added users again: {again}"));
    }
    s.app(&["user", "add", "Marvin"])?;
    let list = s.app(&["user", "list"])?;
    expect_line(&list, &["2", "WackyDaffy91"])?;
    expect_line(&list, &["6", "Marvin"])
}

fn task_commands(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.app(&["user", "add", "BugsBunnyFanatic"])?;
    s.app(&[
        "task",
        "add",
        "Buy carrots",
        "--user",
        "BugsBunnyFanatic",
        "--due",
        "2026-12-01",
        "--category",
        "shopping",
    ])?;
    s.app(&["task", "add", "Dig a tunnel", "--user", "BugsBunnyFanatic"])?;
    let list = s.app(&["task", "list"])?;
    expect_line(
        &list,
        &[
            "1",
            "Buy carrots",
            "2026-12-01",
            "shopping",
            "BugsBunnyFanatic",
        ],
    )?;
    expect_line(&list, &["2", "Dig a tunnel", "BugsBunnyFanatic"])?;
    s.app(&["task", "done", "1"])?;
    let done = s.app(&["task", "list", "--done"])?;
    expect_line(&done, &["1", "Buy carrots"])?;
    if done.contains("Dig a tunnel") {
        return Err(format!("`task list --done` shows a pending task:\n{done}"));
    }
    let pending = s.app(&["task", "list", "--pending"])?;
    if pending.contains("Buy carrots") {
        return Err(format!(
            "`task list --pending` shows a completed task:\n{pending}"
        ));
    }
    Ok(())
}
