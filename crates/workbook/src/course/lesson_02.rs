//! lesson-02 · init: the migrations folder, the first migration `create_user`, embedded in
//! the binary.

use super::{Goal, Info, expect_columns, expect_line};
use crate::config::{Database, Location, Source};
use crate::course::Check;
use crate::course::lesson::rebuilds_on_migrations;
use crate::harness::scratch::Scratch;
use crate::migration;
use crate::sqlite::connection;

pub const INFO: Info = Info {
    number: 2,
    title: "Initialize migrations",
    chapter: "lesson-02-init.md",
    goals: &[
        Goal {
            name: "migrations/ holds the first migration, create_user",
            new: true,
            hint: "run `cargo run -p lesson-02 -- migration generate create_user` (or `diesel migration generate create_user --migration-dir migrations` in lessons/lesson-02)",
            check: Check::Sqlite(has_create_user),
        },
        Goal {
            name: "create_user makes the user table",
            new: true,
            hint: "in migrations/*_create_user/up.sql create user(id INTEGER PRIMARY KEY NOT NULL, username TEXT)",
            check: Check::Sqlite(user_table),
        },
        Goal {
            name: "`migration run` creates the database and `migration list` shows create_user applied",
            new: true,
            hint: "write up.sql in migrations/*_create_user/, then try `cargo run -p lesson-02 -- migration run` and `cargo run -p lesson-02 -- migration list`",
            check: Check::Sqlite(run_creates_the_database),
        },
        Goal {
            name: "reverting create_user leaves the database empty again, exactly",
            new: true,
            hint: "in migrations/*_create_user/down.sql undo up.sql: DROP TABLE user",
            check: Check::Sqlite(revert_leaves_it_empty),
        },
        Goal {
            name: "the migrations are embedded in the binary, and build.rs rebuilds it when one changes",
            new: true,
            hint: "in src/lib.rs add `pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!();` and pass `migrations: Some(MIGRATIONS)`, and write build.rs printing `cargo:rerun-if-changed=migrations` (the chapter shows both)",
            check: Check::Sqlite(embedded),
        },
    ],
    seeds: &[],
    renamed: &[],
    writes: &["create_user"],
};

fn has_create_user(s: &mut Scratch) -> Result<(), String> {
    if !s.lesson_file("migrations")?.is_dir() {
        return Err("the lesson has no migrations folder yet".into());
    }
    match s.migrations().named("create_user") {
        Some(_) => Ok(()),
        None => Err("migrations/ has no folder named YYYY-MM-DD-HHMMSS_create_user".into()),
    }
}

/// The lecture's first revision: `user(id, username)`. Lessons 03 and later keep it.
pub(super) fn user_table(s: &mut Scratch) -> Result<(), String> {
    s.migrate_through("create_user")?;
    expect_columns(
        s,
        "user",
        &[("id", "INTEGER NOT NULL PRIMARY KEY"), ("username", "TEXT")],
    )
}

fn run_creates_the_database(s: &mut Scratch) -> Result<(), String> {
    has_create_user(s)?;
    let folder = s
        .database()
        .file()
        .and_then(|file| file.parent())
        .ok_or("the scratch database is not a file")?;
    let path = folder.join("fresh.db");
    let db = Database {
        url: path.display().to_string(),
        location: Location::File(path.clone()),
        source: Source::Flag,
    };
    let mut ran = Vec::new();
    migration::run(&db, s.migrations(), None, &mut ran).map_err(|e| e.to_string())?;
    if !path.is_file() {
        return Err("`migration run` did not create the database file".into());
    }
    let mut conn = connection::open(&db).map_err(|e| e.to_string())?;
    let mut listed = Vec::new();
    migration::list(&mut conn, &db.name(), s.migrations(), &mut listed)
        .map_err(|e| e.to_string())?;
    expect_line(&String::from_utf8_lossy(&listed), &["[X]", "_create_user"])
}

fn revert_leaves_it_empty(s: &mut Scratch) -> Result<(), String> {
    let empty = s.schema()?;
    s.migrate_through("create_user")?;
    if s.schema()? == empty {
        return Err("create_user's up.sql changes nothing".into());
    }
    let create_user = s
        .migrations()
        .named("create_user")
        .ok_or("no create_user")?;
    s.down(create_user)?;
    let left = s.schema()?;
    if left != empty {
        return Err(format!(
            "after reverting create_user the database still holds:\n{left}"
        ));
    }
    Ok(())
}

fn embedded(s: &mut Scratch) -> Result<(), String> {
    let lesson = s.lesson()?;
    if !lesson.embeds_migrations {
        return Err("the binary reads migrations/ at run time: they are not embedded".into());
    }
    if !rebuilds_on_migrations(&lesson.dir) {
        return Err("the migrations are embedded, but no build.rs prints \
             `cargo:rerun-if-changed=migrations`: an edited up.sql would not reach the program"
            .into());
    }
    Ok(())
}
