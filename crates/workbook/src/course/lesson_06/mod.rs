//! lesson-06 · constraints: rebuild `users` and `tasks` the way SQLite's manual prescribes, to
//! add NOT NULL, UNIQUE, a CHECK, ON DELETE CASCADE and timestamps, every constraint named,
//! without losing a row.

use super::{Goal, Info, Seed, expect_columns, expect_line};
use crate::course::Check;
use crate::harness::scratch::Scratch;
use crate::migration;
use crate::rules::unnamed_constraint::unnamed_constraints;
use crate::sqlite::schema;

mod rows;

use rows::{bad_rows_refused, orphans_refused, rows_kept};

pub const INFO: Info = Info {
    number: 6,
    title: "Modify constraints",
    chapter: "lesson-06-constraints.md",
    goals: &[
        Goal {
            name: "lesson-05's migrations give users, tasks and categories",
            new: false,
            hint: "migrations/*_create_user/ to migrations/*_move_category_to_categories/ come from lesson-05: copy them from solutions/lesson-05/migrations",
            check: Check::Sqlite(lesson_05_stage),
        },
        Goal {
            name: "constrain_users and constrain_tasks run outside diesel's transaction",
            new: true,
            hint: "add metadata.toml with `run_in_transaction = false` to migrations/2026-11-24-180000_constrain_users/ and migrations/2026-11-24-190000_constrain_tasks/",
            check: Check::Sqlite(outside_transaction),
        },
        Goal {
            name: "users.username is NOT NULL and UNIQUE (uq_users_username), enforced by the database",
            new: true,
            hint: "rebuild users in migrations/2026-11-24-180000_constrain_users/up.sql with username TEXT NOT NULL CONSTRAINT uq_users_username UNIQUE",
            check: Check::Sqlite(username_rules),
        },
        Goal {
            name: "tasks refuse a blank description (ck_tasks_description_not_blank) and a missing user",
            new: true,
            hint: "rebuild tasks in migrations/2026-11-24-190000_constrain_tasks/up.sql with the CHECK and fk_tasks_user_id (the chapter lists the table)",
            check: Check::Sqlite(task_rules),
        },
        Goal {
            name: "deleting a user deletes their tasks (ON DELETE CASCADE)",
            new: true,
            hint: "declare user_id INTEGER CONSTRAINT fk_tasks_user_id REFERENCES users(id) ON DELETE CASCADE in migrations/2026-11-24-190000_constrain_tasks/up.sql",
            check: Check::Sqlite(cascade),
        },
        Goal {
            name: "every UNIQUE, CHECK and FOREIGN KEY on users and tasks is named",
            new: true,
            hint: "in migrations/*_constrain_users/up.sql and migrations/*_constrain_tasks/up.sql, write CONSTRAINT <name> before each UNIQUE, CHECK and REFERENCES (uq_, ck_, fk_ + table + column)",
            check: Check::Sqlite(named_constraints),
        },
        Goal {
            name: "created_at and updated_at are filled in, and an UPDATE moves updated_at",
            new: true,
            hint: "in migrations/*_constrain_users/up.sql and migrations/*_constrain_tasks/up.sql, add created_at and updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP and the trigger that moves updated_at (users_updated_at, tasks_updated_at)",
            check: Check::Sqlite(timestamps),
        },
        Goal {
            name: "the rebuilds keep every user and task, value for value, with their indexes, and down gives them back",
            new: true,
            hint: "in migrations/*_constrain_users/up.sql and migrations/*_constrain_tasks/up.sql, copy every column in INSERT INTO new_X ... SELECT, drop the old table, rename new_X to X, recreate ix_tasks_category_id, add ix_tasks_user_id; the down.sql files rebuild the lesson-05 tables the same way",
            check: Check::Sqlite(rows_kept),
        },
        Goal {
            name: "rows that break a new rule make the rebuild fail in one line and change nothing",
            new: true,
            hint: "in migrations/*_constrain_users/up.sql and migrations/*_constrain_tasks/up.sql, copy the rows as they are (no WHERE, no OR IGNORE), so SQLite refuses the bad ones and the run stops; see the chapter's 'Rows that break the new rules'",
            check: Check::Sqlite(bad_rows_refused),
        },
        Goal {
            name: "a task whose user is gone makes the rebuild fail, changing nothing",
            new: true,
            hint: "in migrations/*_constrain_users/up.sql and migrations/*_constrain_tasks/up.sql, end each rebuild with the foreign-key check before COMMIT: PRAGMA foreign_key_check lists the rows whose parent is missing, and the migration must fail when it lists any (the chapter's 'Check the foreign keys' step shows how)",
            check: Check::Sqlite(orphans_refused),
        },
        Goal {
            name: "lesson-05's app still works: user details, a category added once, due dates",
            new: false,
            hint: "src/app.rs starts from lesson-05's answer: keep `user add --email --first-name --last-name --birthday` and `task add --due --category` as they were",
            check: Check::Sqlite(super::lesson_05::app_commands),
        },
        Goal {
            name: "`user delete` and `task edit` work, and the app reports the database's refusals",
            new: true,
            hint: "write delete_user and edit_task in src/app.rs, and turn a taken username into a clear error in add_user",
            check: Check::Sqlite(app_commands),
        },
        Goal {
            name: "`task edit` checks the description first: terminal escapes and over-long text are refused, and nothing is stored",
            new: true,
            hint: "in edit_task in src/app.rs, validate the description with input::text(\"description\", description, 150) before the UPDATE, as add_task does",
            check: Check::Sqlite(edit_checks_input),
        },
    ],
    seeds: &[Seed {
        after: "create_task",
        sql: "INSERT INTO user (id, username) VALUES (1, 'BugsBunnyFanatic'), (2, 'WackyDaffy91'), \
              (3, 'TazmanianTornado22'), (4, 'SylvesterSneakyCat'), (5, 'RoadRunnerSpeedster'); \
              INSERT INTO task (description, complete, due, category, user_id) VALUES \
              ('Buy carrots', 0, '2026-12-01', 'shopping', 1), \
              ('Dig a tunnel to Albuquerque', 1, NULL, 'travel', 1), \
              ('Café ☕ with O''Brien', 0, '2026-12-24', 'shopping', 2), \
              ('Spin', 0, NULL, NULL, 3), \
              ('Catch Tweety', 0, NULL, 'hunting', 4), \
              ('Beep beep', 1, NULL, NULL, NULL);",
    }],
    renamed: &[],
    writes: &["constrain_users", "constrain_tasks"],
};

/// The last migration of lesson-05: the stage the rebuilds start from.
const LESSON_05_END: &str = "move_category_to_categories";

fn lesson_05_stage(s: &mut Scratch) -> Result<(), String> {
    s.migrate_through(LESSON_05_END)?;
    expect_columns(s, "users", super::lesson_05::USERS_COLUMNS)?;
    expect_columns(
        s,
        "categories",
        &[
            ("id", "INTEGER NOT NULL PRIMARY KEY"),
            ("name", "TEXT NOT NULL"),
        ],
    )?;
    let indexes = s.lines(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tasks' \
         AND sql IS NOT NULL",
    )?;
    if !indexes.iter().any(|index| index == "ix_tasks_category_id") {
        return Err(format!(
            "after {LESSON_05_END} tasks has no index ix_tasks_category_id, which lesson-05 \
             gave it"
        ));
    }
    Ok(())
}

fn outside_transaction(s: &mut Scratch) -> Result<(), String> {
    for name in ["constrain_users", "constrain_tasks"] {
        let m = s
            .migrations()
            .named(name)
            .ok_or_else(|| format!("there is no migration named {name} in migrations/"))?;
        if m.metadata().run_in_transaction() {
            return Err(format!(
                "{} runs inside diesel's transaction, where PRAGMA foreign_keys = OFF is ignored",
                migration::full_name(m)
            ));
        }
    }
    Ok(())
}

/// Runs `sql` and expects SQLite to refuse it with an error containing `expected`.
fn refused(s: &mut Scratch, sql: &str, expected: &str, what: &str) -> Result<(), String> {
    match s.execute(sql) {
        Err(e) if e.contains(expected) => Ok(()),
        Err(e) => Err(format!("{what} failed, but not on {expected}: {e}")),
        Ok(()) => Err(format!("{what} was accepted")),
    }
}

fn username_rules(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.execute("INSERT INTO users (username) VALUES ('BugsBunnyFanatic')")?;
    refused(
        s,
        "INSERT INTO users (username) VALUES ('BugsBunnyFanatic')",
        "UNIQUE constraint failed: users.username",
        "a second user named BugsBunnyFanatic",
    )?;
    refused(
        s,
        "INSERT INTO users (username) VALUES (NULL)",
        "NOT NULL constraint failed: users.username",
        "a user without a username",
    )?;
    let sql = table_sql(s, "users")?;
    if !sql.contains("uq_users_username") {
        return Err(
            "the UNIQUE constraint on users.username is not named uq_users_username".into(),
        );
    }
    Ok(())
}

fn task_rules(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.execute("INSERT INTO users (id, username) VALUES (1, 'BugsBunnyFanatic')")?;
    refused(
        s,
        "INSERT INTO tasks (description, user_id) VALUES ('  ', 1)",
        "CHECK constraint failed: ck_tasks_description_not_blank",
        "a task whose description is blank",
    )?;
    refused(
        s,
        "INSERT INTO tasks (description, user_id) VALUES ('Nap', 99)",
        "FOREIGN KEY constraint failed",
        "a task for user 99, who does not exist",
    )?;
    s.execute("INSERT INTO tasks (description, user_id) VALUES ('Nap', 1)")
}

fn cascade(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.execute(
        "INSERT INTO users (id, username) VALUES (1, 'BugsBunnyFanatic'), (2, 'WackyDaffy91');
         INSERT INTO tasks (description, user_id) VALUES ('Buy carrots', 1), ('Dig', 1), ('Quack', 2);",
    )?;
    if let Err(e) = s.execute("DELETE FROM users WHERE id = 1") {
        return Err(format!("deleting a user who has tasks was refused: {e}"));
    }
    let left = s.lines("SELECT description FROM tasks ORDER BY id")?;
    if left != ["Quack"] {
        return Err(format!(
            "after deleting user 1, the tasks left are {left:?}, expected only [\"Quack\"]"
        ));
    }
    let keys = s.foreign_keys("tasks")?;
    match keys.iter().find(|k| k.from == "user_id") {
        Some(k) if k.table == "users" && k.on_delete == "CASCADE" => Ok(()),
        Some(k) => Err(format!(
            "tasks.user_id refers to {}({}) ON DELETE {}, expected users(id) ON DELETE CASCADE",
            k.table, k.to, k.on_delete
        )),
        None => Err("tasks.user_id is not a foreign key".into()),
    }
}

fn table_sql(s: &mut Scratch, table: &str) -> Result<String, String> {
    schema::table_sql(s.conn(), table)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("there is no table named {table}"))
}

fn named_constraints(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    for table in ["users", "tasks"] {
        let unnamed = unnamed_constraints(&table_sql(s, table)?);
        if let Some(first) = unnamed.first() {
            return Err(format!(
                "{table} has an unnamed constraint, {first}: without a name it cannot be told \
                 apart in errors nor changed later"
            ));
        }
    }
    Ok(())
}

fn timestamps(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    for (table, insert) in [
        (
            "users",
            "INSERT INTO users (id, username) VALUES (1, 'BugsBunnyFanatic')",
        ),
        (
            "tasks",
            "INSERT INTO tasks (id, description, user_id) VALUES (1, 'Buy carrots', 1)",
        ),
    ] {
        for column in ["created_at", "updated_at"] {
            let found = s.columns(table)?.into_iter().find(|c| c.name == column);
            match found {
                Some(c) if c.not_null && schema::is_clock_default(&c) => {}
                _ => {
                    return Err(format!(
                        "{table}.{column} should be NOT NULL DEFAULT CURRENT_TIMESTAMP"
                    ));
                }
            }
        }
        s.execute(insert)?;
        let now = s.lines("SELECT datetime('now')")?;
        let stamps = s.lines(&format!(
            "SELECT created_at || ' ' || updated_at FROM {table} WHERE id = 1"
        ))?;
        let expected = format!("{0} {0}", now[0]);
        let close = |a: &str, b: &str| a.get(..16) == b.get(..16);
        if stamps.len() != 1 || !close(&stamps[0], &expected) {
            return Err(format!(
                "a new {table} row got created_at and updated_at {stamps:?}, expected the time now, {}",
                now[0]
            ));
        }
        // An old updated_at, set on purpose: the next UPDATE must move it to now, without
        // waiting for the clock to tick.
        s.execute(&format!(
            "UPDATE {table} SET updated_at = '2000-01-01 00:00:00' WHERE id = 1"
        ))?;
        let kept = s.lines(&format!("SELECT updated_at FROM {table} WHERE id = 1"))?;
        if kept != ["2000-01-01 00:00:00"] {
            return Err(format!(
                "an UPDATE that sets {table}.updated_at itself was overridden: it became {kept:?}"
            ));
        }
        let change = match table {
            "users" => "UPDATE users SET email = 'bugs@example.com' WHERE id = 1",
            _ => "UPDATE tasks SET complete = 1 WHERE id = 1",
        };
        s.execute(change)?;
        let moved = s.lines(&format!(
            "SELECT updated_at > '2000-01-01 00:00:00' AND updated_at >= created_at FROM {table} WHERE id = 1"
        ))?;
        if moved != ["1"] {
            return Err(format!(
                "an UPDATE of {table} did not move updated_at: add a trigger AFTER UPDATE ON {table} that sets it"
            ));
        }
    }
    Ok(())
}

fn app_commands(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.app(&["seed"])?;
    match s.app(&["user", "add", "WackyDaffy91"]) {
        Err(e) if e.contains("already a user named \"WackyDaffy91\"") => {}
        Err(e) => return Err(format!("adding a taken username failed unclearly: {e}")),
        Ok(out) => return Err(format!("adding a taken username was accepted: {out}")),
    }
    s.app(&[
        "task",
        "add",
        "Buy carrots",
        "--user",
        "BugsBunnyFanatic",
        "--category",
        "shopping",
    ])?;
    s.app(&["task", "add", "Dig a tunnel", "--user", "BugsBunnyFanatic"])?;
    s.app(&[
        "task",
        "add",
        "Quack",
        "--user",
        "WackyDaffy91",
        "--category",
        "shopping",
    ])?;
    s.execute("UPDATE tasks SET updated_at = '2000-01-01 00:00:00' WHERE id = 3")?;
    s.app(&["task", "edit", "3", "Quack louder"])?;
    let moved = s.lines("SELECT updated_at > '2000' FROM tasks WHERE id = 3")?;
    if moved != ["1"] {
        return Err("`task edit` did not move the task's updated_at".into());
    }
    let deleted = s.app(&["user", "delete", "BugsBunnyFanatic"])?;
    expect_line(&deleted, &["BugsBunnyFanatic", "2 tasks"])?;
    let list = s.app(&["task", "list"])?;
    expect_line(&list, &["3", "Quack louder", "shopping", "WackyDaffy91"])?;
    if list.contains("Buy carrots") {
        return Err(format!(
            "the deleted user's tasks are still listed:\n{list}"
        ));
    }
    match s.app(&["user", "delete", "BugsBunnyFanatic"]) {
        Err(e) if e.contains("no user named") => Ok(()),
        Err(e) => Err(format!("deleting a missing user failed unclearly: {e}")),
        Ok(out) => Err(format!("deleting a missing user succeeded: {out}")),
    }
}

/// `task edit` refuses what `input::text` refuses, before the database sees it: a terminal
/// escape (stored, it would retitle or clear the terminal of whoever lists the tasks) and a
/// description over 150 characters (SQLite would store it).
fn edit_checks_input(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.app(&["user", "add", "BugsBunnyFanatic"])?;
    s.app(&["task", "add", "Buy carrots", "--user", "BugsBunnyFanatic"])?;
    s.app(&["task", "edit", "1", "Buy more carrots"])?;
    let long = "x".repeat(151);
    for (bad, shown, said) in [
        (
            "Nap\u{1b}]0;pwned\u{7}",
            "with a terminal escape",
            "control character",
        ),
        (long.as_str(), "151 characters long", "the limit is 150"),
    ] {
        match s.app(&["task", "edit", "1", bad]) {
            Err(e) if e.contains(said) => {}
            Err(e) => {
                return Err(format!(
                    "`task edit` of a description {shown} failed, but not with input::text's \
                     words ({said}): {e}"
                ));
            }
            Ok(_) => {
                return Err(format!(
                    "`task edit` stored a description {shown}: it does not check its input"
                ));
            }
        }
    }
    let kept = s.lines("SELECT description FROM tasks WHERE id = 1")?;
    if kept != ["Buy more carrots"] {
        return Err(format!(
            "after the refused edits, task 1's description is {kept:?}, expected [\"Buy more carrots\"]"
        ));
    }
    Ok(())
}
