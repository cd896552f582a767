//! lesson-07 · relations: tags and task_tags (many-to-many), the todo app's screens as
//! subcommands, and a users listing that costs the same number of queries for any number of users.

use super::{Goal, Info, Seed, expect_columns};
use crate::course::Check;
use crate::harness::scratch::Scratch;

pub(crate) mod screens;

use screens::{accounts, seed_tags, tag_screens, task_screens, users_without_n_plus_one};

pub const INFO: Info = Info {
    number: 7,
    title: "Relations and the todo CLI",
    chapter: "lesson-07-relations.md",
    goals: &[
        Goal {
            name: "users and tasks are as lesson-06 left them",
            new: false,
            hint: "migrations/*_create_user/ to migrations/*_constrain_tasks/ come from lessons 05 and 06: copy them from solutions/lesson-06/migrations",
            check: Check::Sqlite(earlier_schema),
        },
        Goal {
            name: "create_tags makes tags and task_tags, keyed by the pair (task_id, tag_id)",
            new: true,
            hint: "in migrations/*_create_tags/up.sql write CREATE TABLE tags (id, name TEXT NOT NULL CONSTRAINT uq_tags_name UNIQUE CONSTRAINT ck_tags_name_length CHECK (length(name) <= 30)) and CREATE TABLE task_tags (...) keyed by CONSTRAINT pk_task_tags PRIMARY KEY (task_id, tag_id) (the chapter lists the columns and constraint names), and the DROP TABLEs in its down.sql",
            check: Check::Sqlite(tags_tables),
        },
        Goal {
            name: "deleting a task or a tag deletes its task_tags rows",
            new: true,
            hint: "give both foreign keys of task_tags ON DELETE CASCADE in migrations/*_create_tags/up.sql",
            check: Check::Sqlite(links_cascade),
        },
        Goal {
            name: "the database refuses over-long text and usernames that differ only in case",
            new: false,
            hint: "migrations/*_enforce_app_rules/up.sql comes with the lesson: its triggers refuse a description over 150 characters, a username, first or last name over 30, and a username taken in another case; undo your changes (compare with solutions/lesson-07/migrations)",
            check: Check::Sqlite(database_rules),
        },
        Goal {
            name: "`sign-up`, `log-in` and `log-out` work; a taken username is refused in any case, `_` is no wildcard",
            new: false,
            hint: "src/account.rs comes with the lesson: undo your changes to it (compare with solutions/lesson-07/src/account.rs)",
            check: Check::Sqlite(|s| accounts(s)),
        },
        Goal {
            name: "`new-task`, `my-tasks`, `completed`, `by-date`, `mark-complete`, `update` and `delete` work",
            new: false,
            hint: "src/tasks.rs comes with the lesson: undo your changes to it (compare with solutions/lesson-07/src/tasks.rs)",
            check: Check::Sqlite(|s| task_screens(s)),
        },
        Goal {
            name: "`tag`, `untag` and `tagged` work, and the lists show each task's tags",
            new: true,
            hint: "write Tag and TaskTag in src/models.rs (after `print-schema --write`), then tag, untag and tagged in src/tagging.rs and tags_of in src/relations.rs",
            check: Check::Sqlite(|s| tag_screens(s)),
        },
        Goal {
            name: "`seed` gives every task it adds a tag",
            new: true,
            hint: "in src/seed.rs, give each task `seed` adds one of a few tags (add each tag once, with INSERT OR IGNORE, then a task_tags row per task)",
            check: Check::Sqlite(seed_tags),
        },
        Goal {
            name: "`users` (everyone, streamed) and `users --page 1` list every user, task and tag in the same number of queries for 2 users or 8",
            new: true,
            hint: "in src/relations.rs, write users_with_tasks_and_tags (a page: one query per table and grouped_by) and each_user_task (everyone: one ordered query read with load_iter), not a query per user",
            check: Check::Sqlite(users_without_n_plus_one),
        },
    ],
    seeds: &[
        Seed {
            after: "create_task",
            sql: "INSERT INTO user (username) VALUES ('BugsBunnyFanatic'), ('WackyDaffy91'), \
                  ('TazmanianTornado22'), ('SylvesterSneakyCat'), ('RoadRunnerSpeedster');
                  INSERT INTO task (description, complete, due, category, user_id) VALUES
                  ('Buy carrots', 0, '2026-12-01', 'shopping', 1),
                  ('Café ☕ with O''Brien', 1, NULL, 'social', 1),
                  ('Dig a tunnel to Albuquerque', 0, '2026-12-24', NULL, 1),
                  ('Order an anvil', 0, NULL, 'shopping', 3),
                  ('Sing \"Suffering succotash\"', 1, '2026-11-30', NULL, 4);",
        },
        Seed {
            after: "create_sessions",
            sql: "INSERT INTO sessions (id, user_id) VALUES (1, 2);",
        },
    ],
    renamed: &[],
    writes: &["create_tags"],
};

fn earlier_schema(s: &mut Scratch) -> Result<(), String> {
    s.migrate_through("constrain_tasks")?;
    expect_columns(
        s,
        "users",
        &[
            ("id", "INTEGER NOT NULL PRIMARY KEY"),
            ("username", "TEXT NOT NULL"),
            ("email", "TEXT"),
            ("first_name", "TEXT"),
            ("last_name", "TEXT"),
            ("birthday", "DATE"),
            ("created_at", "TIMESTAMP NOT NULL"),
            ("updated_at", "TIMESTAMP NOT NULL"),
        ],
    )?;
    expect_columns(
        s,
        "tasks",
        &[
            ("id", "INTEGER NOT NULL PRIMARY KEY"),
            ("description", "TEXT NOT NULL"),
            ("complete", "BOOLEAN NOT NULL"),
            ("due_date", "TEXT"),
            ("user_id", "INTEGER"),
            ("category_id", "INTEGER"),
            ("created_at", "TIMESTAMP NOT NULL"),
            ("updated_at", "TIMESTAMP NOT NULL"),
        ],
    )?;
    let constraints: [(&str, &[&str]); 2] = [
        ("users", &["uq_users_username"]),
        (
            "tasks",
            &[
                "ck_tasks_description_not_blank",
                "fk_tasks_user_id",
                "fk_tasks_category_id",
            ],
        ),
    ];
    for (table, names) in constraints {
        let sql = crate::sqlite::schema::table_sql(s.conn(), table)
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        if let Some(missing) = names.iter().find(|name| !sql.contains(*name)) {
            return Err(format!(
                "{table} has no constraint {missing}, which lesson-06 gave it"
            ));
        }
    }
    Ok(())
}

/// Two users, two tasks of the first, and one tag on the first task.
const SAMPLE: &str = "INSERT INTO users (id, username) VALUES (1, 'bugs'), (2, 'daffy');
    INSERT INTO tasks (id, description, user_id) VALUES (1, 'Buy carrots', 1), (2, 'Dig', 1);";

fn tags_tables(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    expect_columns(
        s,
        "tags",
        &[
            ("id", "INTEGER NOT NULL PRIMARY KEY"),
            ("name", "TEXT NOT NULL"),
        ],
    )?;
    let names: Vec<String> = s
        .columns("task_tags")?
        .into_iter()
        .map(|c| c.name)
        .collect();
    if let Some(missing) = ["task_id", "tag_id"]
        .iter()
        .find(|c| !names.iter().any(|n| n == *c))
    {
        return Err(format!("table task_tags has no column {missing}"));
    }
    // What the pair key does, tried first: said column by column, a student who keys task_id
    // alone is then told to key tag_id alone, around in a circle.
    let pair_key = "key task_tags by the pair: PRIMARY KEY (task_id, tag_id), after its columns";
    s.execute(SAMPLE)?;
    s.execute(
        "INSERT INTO tags (id, name) VALUES (1, 'home'), (2, 'work');
         INSERT INTO task_tags (task_id, tag_id) VALUES (1, 1);",
    )?;
    if s.execute("INSERT INTO task_tags (task_id, tag_id) VALUES (1, 1)")
        .is_ok()
    {
        return Err(format!(
            "task_tags stored the same (task, tag) pair twice: {pair_key}"
        ));
    }
    for (task, tag) in [(1, 2), (2, 1)] {
        s.execute(&format!(
            "INSERT INTO task_tags (task_id, tag_id) VALUES ({task}, {tag})"
        ))
        .map_err(|e| {
            let cause = e.split(" (running:").next().unwrap_or(&e);
            format!("task_tags refused the pair ({task}, {tag}) ({cause}): {pair_key}")
        })?;
    }
    let key: Vec<String> = s
        .columns("task_tags")?
        .into_iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name)
        .collect();
    if key != ["task_id", "tag_id"] {
        return Err(format!(
            "task_tags is keyed by ({}), not by the pair: {pair_key}",
            key.join(", ")
        ));
    }
    expect_columns(
        s,
        "task_tags",
        &[
            ("task_id", "INTEGER NOT NULL PRIMARY KEY"),
            ("tag_id", "INTEGER NOT NULL PRIMARY KEY"),
        ],
    )?;
    let keys = s.foreign_keys("task_tags")?;
    for (from, table) in [("task_id", "tasks"), ("tag_id", "tags")] {
        if !keys
            .iter()
            .any(|k| k.from == from && k.table == table && k.to == "id")
        {
            return Err(format!(
                "task_tags has no foreign key from {from} to {table}(id)"
            ));
        }
    }
    refused(
        s,
        "INSERT INTO tags (name) VALUES ('home')",
        "UNIQUE",
        "a second tag named home",
    )?;
    refused(
        s,
        "INSERT INTO task_tags VALUES (1, 99)",
        "FOREIGN KEY",
        "a link to a missing tag",
    )?;
    // The app's limit, counted in characters: 30 of `é` are 60 bytes.
    refused(
        s,
        &format!("INSERT INTO tags (name) VALUES ('{}')", "t".repeat(31)),
        "CHECK",
        "a 31-character tag name",
    )?;
    s.execute(&format!(
        "INSERT INTO tags (name) VALUES ('{}')",
        "é".repeat(30)
    ))
    .map_err(|e| format!("a 30-character tag name was refused: {e}"))
}

fn refused(s: &mut Scratch, sql: &str, expected: &str, what: &str) -> Result<(), String> {
    match s.execute(sql) {
        Err(e) if e.contains(expected) => Ok(()),
        Err(e) => Err(format!("{what} was refused, but oddly: {e}")),
        Ok(()) => Err(format!("{what} was accepted ({sql})")),
    }
}

fn links_cascade(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.execute(SAMPLE)?;
    s.execute(
        "INSERT INTO tags (id, name) VALUES (1, 'home'), (2, 'work');
         INSERT INTO task_tags (task_id, tag_id) VALUES (1, 1), (1, 2), (2, 1), (2, 2);",
    )
    .map_err(|e| format!("cannot link tasks and tags: {e}"))?;
    s.execute("DELETE FROM tasks WHERE id = 1")
        .map_err(|e| format!("deleting a tagged task failed: {e}"))?;
    let left = s.lines("SELECT task_id || '-' || tag_id FROM task_tags ORDER BY 1")?;
    if left != ["2-1", "2-2"] {
        return Err(format!(
            "after deleting task 1, task_tags holds {left:?}, expected [\"2-1\", \"2-2\"]"
        ));
    }
    s.execute("DELETE FROM tags WHERE id = 2")
        .map_err(|e| format!("deleting a tag in use failed: {e}"))?;
    let left = s.lines("SELECT task_id || '-' || tag_id FROM task_tags ORDER BY 1")?;
    if left != ["2-1"] {
        return Err(format!(
            "after deleting tag 2, task_tags holds {left:?}, expected [\"2-1\"]"
        ));
    }
    Ok(())
}

fn database_rules(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.execute(SAMPLE)?;
    let long = "x".repeat(151);
    refused(
        s,
        &format!("INSERT INTO tasks (description, user_id) VALUES ('{long}', 1)"),
        "150",
        "a 151-character description",
    )?;
    refused(
        s,
        &format!("UPDATE tasks SET description = '{long}' WHERE id = 1"),
        "150",
        "changing a description to 151 characters",
    )?;
    refused(
        s,
        &format!("INSERT INTO users (username) VALUES ('{}')", "u".repeat(31)),
        "30",
        "a 31-character username",
    )?;
    refused(
        s,
        "INSERT INTO users (username) VALUES ('BUGS')",
        "UNIQUE",
        "BUGS beside bugs",
    )?;
    let name = "n".repeat(31);
    refused(
        s,
        &format!("INSERT INTO users (username, first_name) VALUES ('taz', '{name}')"),
        "30",
        "a 31-character first name",
    )?;
    refused(
        s,
        &format!("UPDATE users SET last_name = '{name}' WHERE id = 1"),
        "30",
        "changing a last name to 31 characters",
    )?;
    let name = "é".repeat(30);
    s.execute(&format!(
        "INSERT INTO users (username, first_name, last_name) VALUES ('taz', '{name}', '{name}')"
    ))
    .map_err(|e| format!("30-character first and last names were refused: {e}"))?;
    s.execute(&format!(
        "INSERT INTO tasks (description, user_id) VALUES ('{}', 2)",
        "y".repeat(150)
    ))
    .map_err(|e| format!("a 150-character description was refused: {e}"))
}
