//! lesson-03 · configure: diesel.toml, src/schema.rs, the `User` model and the lecture's seed.
//! (Which database is used, flag > DATABASE_URL > .env > default, is the shared `config`.)

use super::{Goal, Info, LECTURE_USERS, Seed, expect_line};
use crate::course::Check;
use crate::course::manifest;
use crate::harness::scratch::Scratch;

pub const INFO: Info = Info {
    number: 3,
    title: "Configure the tools to work with our DB",
    chapter: "lesson-03-configure.md",
    goals: &[
        Goal {
            name: "create_user makes the user table",
            new: false,
            hint: "migrations/*_create_user/up.sql creates user(id INTEGER PRIMARY KEY NOT NULL, username TEXT)",
            check: Check::Sqlite(super::lesson_02::user_table),
        },
        Goal {
            name: "diesel.toml tells diesel where src/schema.rs and migrations/ are",
            new: true,
            hint: "write diesel.toml in the lesson's folder with `[print_schema]` `file = \"src/schema.rs\"` and `[migrations_directory]` `dir = \"migrations\"`",
            check: Check::Sqlite(diesel_toml),
        },
        Goal {
            name: "src/schema.rs is there, written by print-schema",
            new: true,
            hint: "run `cargo run -p lesson-03 -- migration run`, then `cargo run -p lesson-03 -- print-schema --write`, and add `pub mod schema;` to src/lib.rs",
            check: Check::Sqlite(schema_rs),
        },
        Goal {
            name: "`user add` and `user list` work (the User model)",
            new: true,
            hint: "write User and NewUser in src/models.rs, then add_user and list_users in src/app.rs",
            check: Check::Sqlite(user_commands),
        },
        Goal {
            name: "`seed` adds the lecture's five users, and running it again adds none",
            new: true,
            hint: "write seed in src/app.rs: insert only the LECTURE_USERS that are not in the table yet",
            check: Check::Sqlite(seed_is_idempotent),
        },
    ],
    seeds: &[Seed {
        after: "create_user",
        sql: "INSERT INTO user (username) VALUES ('BugsBunnyFanatic'), ('Café ☕ with O''Brien');",
    }],
    renamed: &[],
    writes: &[],
};

fn diesel_toml(s: &mut Scratch) -> Result<(), String> {
    let path = s.lesson_file("diesel.toml")?;
    if !path.is_file() {
        return Err("there is no diesel.toml in the lesson's folder".into());
    }
    let config = manifest::read_toml(&path).map_err(|e| e.to_string())?;
    let setting = |table: &str, key: &str| {
        config
            .get(table)
            .and_then(|t| t.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    for (table, key, expected) in [
        ("print_schema", "file", "src/schema.rs"),
        ("migrations_directory", "dir", "migrations"),
    ] {
        match setting(table, key) {
            Some(found) if found == expected => {}
            Some(found) => {
                return Err(format!(
                    "diesel.toml sets [{table}] {key} = {found:?}, expected {expected:?}"
                ));
            }
            None => return Err(format!("diesel.toml has no [{table}] {key}")),
        }
    }
    Ok(())
}

fn schema_rs(s: &mut Scratch) -> Result<(), String> {
    let path = s.lesson_file("src/schema.rs")?;
    let text = std::fs::read_to_string(&path)
        .map_err(|_| "there is no src/schema.rs in the lesson's folder".to_string())?;
    if !text.contains("table!") {
        return Err("src/schema.rs declares no table (no `diesel::table!`)".into());
    }
    Ok(())
}

fn user_commands(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.app(&["user", "add", "Marvin"])?;
    s.app(&["user", "add", "WackyDaffy91"])?;
    let list = s.app(&["user", "list"])?;
    expect_line(&list, &["1", "Marvin"])?;
    expect_line(&list, &["2", "WackyDaffy91"])?;
    let stored = s.lines("SELECT username FROM user ORDER BY id")?;
    if stored != ["Marvin", "WackyDaffy91"] {
        return Err(format!("`user add` stored {stored:?}"));
    }
    Ok(())
}

fn seed_is_idempotent(s: &mut Scratch) -> Result<(), String> {
    s.migrate()?;
    s.app(&["seed"])?;
    let users = s.lines("SELECT username FROM user ORDER BY id")?;
    if users != LECTURE_USERS {
        return Err(format!(
            "after `seed` the user table holds {users:?}, expected {LECTURE_USERS:?}"
        ));
    }
    s.app(&["seed"])?;
    let again = s.lines("SELECT username FROM user ORDER BY id")?;
    if again != users {
        return Err(format!(
            "running `seed` twice changed the users to {again:?}"
        ));
    }
    Ok(())
}
