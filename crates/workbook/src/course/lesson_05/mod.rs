//! lesson-05 · rename: reshape a live schema (rename tables, add columns, rename a column,
//! move a column's data into a new table) without losing a row, each move with a real `down`.

use super::{Goal, Info, Seed, expect_columns, expect_line};
use crate::course::Check;
use crate::harness::scratch::Scratch;

mod carried;

use carried::carried;

pub const INFO: Info = Info {
    number: 5,
    title: "Use migrations to reshape a live schema",
    chapter: "lesson-05-rename.md",
    goals: &[
        Goal {
            name: "create_user and create_task still make lesson-04's user and task tables",
            new: false,
            hint: "migrations/*_create_user/ and migrations/*_create_task/ are lesson-04's: leave them as they were (compare with solutions/lesson-04/migrations)",
            check: Check::Sqlite(lesson_04_tables),
        },
        Goal {
            name: "rename_tables renames user and task to users and tasks, keeping every row",
            new: true,
            hint: "in migrations/2026-11-24-140000_rename_tables/up.sql write ALTER TABLE user RENAME TO users (and task to tasks), and the renames back in its down.sql; creating a new table and dropping the old one throws the rows away",
            check: Check::Sqlite(rename_tables),
        },
        Goal {
            name: "add_user_details gives users email, first_name, last_name and birthday, keeping every user",
            new: true,
            hint: "in migrations/2026-11-24-150000_add_user_details/up.sql add the four columns with ALTER TABLE users ADD COLUMN (email, first_name, last_name TEXT; birthday DATE), and DROP COLUMN them in its down.sql",
            check: Check::Sqlite(add_user_details),
        },
        Goal {
            name: "rename_due_to_due_date renames tasks.due to due_date, keeping every date",
            new: true,
            hint: "in migrations/2026-11-24-160000_rename_due_to_due_date/up.sql write ALTER TABLE tasks RENAME COLUMN due TO due_date (and back in down.sql); adding due_date and dropping due throws the dates away",
            check: Check::Sqlite(rename_due),
        },
        Goal {
            name: "move_category_to_categories moves every category name into categories and back",
            new: true,
            hint: "in migrations/2026-11-24-170000_move_category_to_categories/up.sql create categories, add tasks.category_id, fill both from tasks.category (one row per distinct name; tasks without a category keep NULL), then drop tasks.category; its down.sql must put every name back (the chapter shows how)",
            check: Check::Sqlite(move_category),
        },
        Goal {
            name: "categories.name is required and unique; tasks.category_id references categories(id) and is indexed",
            new: true,
            hint: "in migrations/2026-11-24-170000_move_category_to_categories/up.sql declare name TEXT NOT NULL CONSTRAINT uq_categories_name UNIQUE, category_id INTEGER REFERENCES categories(id), and CREATE INDEX ix_tasks_category_id ON tasks(category_id)",
            check: Check::Sqlite(category_rules),
        },
        Goal {
            name: "`seed`, `user add` and `user list` work",
            new: false,
            hint: "see seed, add_user and list_users in src/app.rs",
            check: Check::Sqlite(super::lesson_04::user_commands),
        },
        Goal {
            name: "the app works on users, tasks and categories: user details, a category added once, due dates",
            new: true,
            hint: "regenerate src/schema.rs (`print-schema --write`), then follow the compiler and the TODOs through src/models.rs and src/app.rs: users, tasks, due_date, and categories looked up or added by name",
            check: Check::Sqlite(app_commands),
        },
    ],
    seeds: &[Seed {
        after: "create_task",
        sql: SEED,
    }],
    renamed: &[],
    writes: &[
        "rename_tables",
        "add_user_details",
        "rename_due_to_due_date",
        "move_category_to_categories",
    ],
};

/// Rows at lesson-04's stage that every migration of this lesson must carry over: the lecture's
/// five users, tasks for four of them and one for nobody, three tasks sharing `Shopping`, a
/// `shopping` that is a different category, tasks with no category or no due date, and unicode
/// and quotes in the text.
pub const SEED: &str = "\
INSERT INTO user (id, username) VALUES (1, 'BugsBunnyFanatic'), (2, 'WackyDaffy91'),
    (3, 'TazmanianTornado22'), (4, 'SylvesterSneakyCat'), (5, 'RoadRunnerSpeedster');
INSERT INTO task (id, description, complete, due, category, user_id) VALUES
    (1, 'Buy carrots', 0, '2026-12-01', 'Shopping', 1),
    (2, 'Dig a tunnel to Albuquerque', 1, '2026-11-30', 'Travel', 1),
    (3, 'Buy a bigger hammer', 0, NULL, 'Shopping', 2),
    (4, 'Café ☕ with O''Brien', 0, '2026-12-24', 'Café ☕', 2),
    (5, 'Spin in circles', 1, NULL, NULL, 3),
    (6, 'Catch Tweety \"at last\"', 0, '2027-01-01', 'shopping', 4),
    (7, 'Beep beep', 0, '2026-12-02', NULL, 5),
    (8, 'Order ACME rocket skates', 0, '2026-12-03', 'Shopping', 5),
    (9, 'Water the garden', 0, NULL, 'Garden', NULL);";

const SEED_USERS: usize = 5;
const SEED_TASKS: usize = 9;

/// The columns of `users` once lesson-05's migrations have run.
pub(super) const USERS_COLUMNS: &[(&str, &str)] = &[
    ("id", "INTEGER NOT NULL PRIMARY KEY"),
    ("username", "TEXT"),
    ("email", "TEXT"),
    ("first_name", "TEXT"),
    ("last_name", "TEXT"),
    ("birthday", "DATE"),
];

fn lesson_04_tables(s: &mut Scratch) -> Result<(), String> {
    s.migrate_through("create_task")?;
    s.execute(SEED)
        .map_err(|e| format!("the lesson's sample rows do not fit lesson-04's tables: {e}"))?;
    expect_columns(
        s,
        "user",
        &[("id", "INTEGER NOT NULL PRIMARY KEY"), ("username", "TEXT")],
    )?;
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

fn rename_tables(s: &mut Scratch) -> Result<(), String> {
    let lines = |user: &str, task: &str| {
        format!(
            "SELECT 'user ' || id || ': ' || quote(username) FROM {user} UNION ALL \
             SELECT 'task ' || id || ': ' || quote(description) || ', user ' || quote(user_id) FROM {task}"
        )
    };
    carried(
        s,
        "rename_tables",
        &lines("user", "task"),
        &lines("users", "tasks"),
        |s| {
            for (old, new, seeded) in [("user", "users", SEED_USERS), ("task", "tasks", SEED_TASKS)]
            {
                if s.columns(old).is_ok() {
                    return Err(format!(
                        "there is still a table named {old}: rename it to {new}"
                    ));
                }
                s.columns(new)?;
                let held = s.lines(&format!("SELECT count(*) FROM {new}"))?;
                if held != [seeded.to_string()] {
                    return Err(format!(
                        "table {new} holds {} rows, but {old} held {seeded}: a rename written as \
                         CREATE TABLE {new} + DROP TABLE {old} throws the rows away; use ALTER TABLE {old} RENAME TO {new}",
                        held.join("")
                    ));
                }
            }
            let keys = s.foreign_keys("tasks")?;
            if !keys
                .iter()
                .any(|k| k.from == "user_id" && k.table == "users" && k.to == "id")
            {
                return Err("tasks.user_id does not reference users(id)".into());
            }
            Ok(())
        },
    )
}

fn add_user_details(s: &mut Scratch) -> Result<(), String> {
    carried(
        s,
        "add_user_details",
        "SELECT 'user ' || id || ': ' || quote(username) || ', NULL, NULL, NULL, NULL' FROM users",
        "SELECT 'user ' || id || ': ' || quote(username) || ', ' || quote(email) || ', ' || \
         quote(first_name) || ', ' || quote(last_name) || ', ' || quote(birthday) FROM users",
        |s| {
            expect_columns(s, "users", USERS_COLUMNS)?;
            expect_order(
                s,
                "users",
                &[
                    "id",
                    "username",
                    "email",
                    "first_name",
                    "last_name",
                    "birthday",
                ],
            )
        },
    )
}

fn rename_due(s: &mut Scratch) -> Result<(), String> {
    carried(
        s,
        "rename_due_to_due_date",
        "SELECT 'task ' || id || ': due ' || quote(due) FROM tasks",
        "SELECT 'task ' || id || ': due ' || quote(due_date) FROM tasks",
        |s| {
            let names: Vec<String> = s.columns("tasks")?.into_iter().map(|c| c.name).collect();
            if names.iter().any(|n| n == "due") {
                return Err("tasks still has a column due: rename it to due_date".into());
            }
            if !names.iter().any(|n| n == "due_date") {
                return Err("tasks has no column due_date".into());
            }
            Ok(())
        },
    )
}

fn move_category(s: &mut Scratch) -> Result<(), String> {
    carried(
        s,
        "move_category_to_categories",
        "SELECT DISTINCT 'category ' || quote(category) FROM tasks WHERE category IS NOT NULL \
         UNION ALL SELECT 'task ' || id || ': ' || quote(description) || ', category ' || \
         quote(category) FROM tasks",
        "SELECT 'category ' || quote(name) FROM categories \
         UNION ALL SELECT 'task ' || tasks.id || ': ' || quote(tasks.description) || ', category ' || \
         quote(categories.name) FROM tasks LEFT JOIN categories ON categories.id = tasks.category_id",
        |s| {
            expect_columns(
                s,
                "categories",
                &[
                    ("id", "INTEGER NOT NULL PRIMARY KEY"),
                    ("name", "TEXT NOT NULL"),
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
                ],
            )?;
            expect_order(
                s,
                "tasks",
                &[
                    "id",
                    "description",
                    "complete",
                    "due_date",
                    "user_id",
                    "category_id",
                ],
            )
        },
    )
}

fn category_rules(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    let keys = s.foreign_keys("tasks")?;
    if !keys
        .iter()
        .any(|k| k.from == "category_id" && k.table == "categories" && k.to == "id")
    {
        return Err("tasks.category_id does not reference categories(id)".into());
    }
    let indexed = s.lines(
        "SELECT list.name FROM pragma_index_list('tasks') AS list \
         JOIN pragma_index_info(list.name) AS info WHERE info.name = 'category_id'",
    )?;
    if indexed.is_empty() {
        return Err(
            "no index on tasks(category_id): listing a category's tasks reads the whole table"
                .into(),
        );
    }
    s.execute("INSERT INTO categories (name) VALUES ('Shopping')")?;
    refused(
        s,
        "INSERT INTO categories (name) VALUES ('Shopping')",
        "UNIQUE",
        "a second category named Shopping",
    )?;
    refused(
        s,
        "INSERT INTO categories (name) VALUES (NULL)",
        "NOT NULL",
        "a category without a name",
    )?;
    refused(
        s,
        "INSERT INTO tasks (description, category_id) VALUES ('Nap', 999)",
        "FOREIGN KEY",
        "a task in a category that does not exist",
    )
}

pub(super) fn app_commands(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.app(&[
        "user",
        "add",
        "BugsBunnyFanatic",
        "--email",
        "bugs@acme.test",
        "--first-name",
        "Bugs",
        "--last-name",
        "Bunny",
        "--birthday",
        "1940-07-27",
    ])?;
    let users = s.app(&["user", "list"])?;
    expect_line(
        &users,
        &[
            "1",
            "BugsBunnyFanatic",
            "Bugs Bunny",
            "bugs@acme.test",
            "1940-07-27",
        ],
    )?;
    let add = |s: &mut Scratch, description: &str, extra: &[&str]| {
        let mut args = vec!["task", "add", description, "--user", "BugsBunnyFanatic"];
        args.extend_from_slice(extra);
        s.app(&args)
    };
    add(
        s,
        "Buy carrots",
        &["--due", "2026-12-01", "--category", "Shopping"],
    )?;
    add(s, "Buy a hat", &["--category", "Shopping"])?;
    add(s, "Nap", &[])?;
    let categories = s.lines("SELECT name FROM categories")?;
    if categories != ["Shopping"] {
        return Err(format!(
            "after adding two Shopping tasks, categories holds {categories:?}: expected one row, Shopping"
        ));
    }
    let list = s.app(&["task", "list"])?;
    expect_line(
        &list,
        &[
            "1",
            "Buy carrots",
            "2026-12-01",
            "Shopping",
            "BugsBunnyFanatic",
        ],
    )?;
    expect_line(&list, &["2", "Buy a hat", "Shopping", "BugsBunnyFanatic"])?;
    expect_line(&list, &["3", "Nap", "BugsBunnyFanatic"])?;
    s.app(&["task", "done", "2"])?;
    let done = s.app(&["task", "list", "--done"])?;
    expect_line(&done, &["2", "Buy a hat", "yes"])?;
    if done.contains("Nap") {
        return Err(format!("`task list --done` shows a pending task:\n{done}"));
    }
    Ok(())
}

/// Checks that `table`'s columns come in exactly this order.
fn expect_order(s: &mut Scratch, table: &str, order: &[&str]) -> Result<(), String> {
    let names: Vec<String> = s.columns(table)?.into_iter().map(|c| c.name).collect();
    if names != order {
        return Err(format!(
            "the columns of {table} are {}, expected {} in that order",
            names.join(", "),
            order.join(", ")
        ));
    }
    Ok(())
}

/// Checks that the database refuses `sql` with an error mentioning `rule`.
fn refused(s: &mut Scratch, sql: &str, rule: &str, what: &str) -> Result<(), String> {
    match s.execute(sql) {
        Err(e) if e.contains(rule) => Ok(()),
        Err(e) => Err(format!("{what} was refused oddly: {e}")),
        Ok(()) => Err(format!("{what} was accepted")),
    }
}
