//! Mistakes in an answer's app code, each a wrapper around the answer's own `app::run` that
//! does what a student's slip would: a command that does nothing, prints nothing, adds a row
//! twice or asks the database once per user. Named in `mistakes.toml` by `app = "NAME"`.

use std::io::Write;

use diesel::connection::SimpleConnection;
use diesel::{PgConnection, SqliteConnection};
use workbook::course::check::Report;
use workbook::testing::{check_changed, check_changed_postgres};
use workbook::{Error, Result};

/// The checklist of `lesson`'s answer whose app makes the mistake `name`.
pub fn check(lesson: u8, name: &str) -> Report {
    match (lesson, name) {
        (1, "report prints nothing") => check_changed(
            &workbook::Lesson {
                app: report_prints_nothing,
                ..solution_01::lesson()
            },
            |_| {},
        ),
        (3, "seed adds a user again") => check_changed(
            &workbook::Lesson {
                app: seed_adds_again,
                ..solution_03::lesson()
            },
            |_| {},
        ),
        (3, "user list prints nothing") => check_changed(
            &workbook::Lesson {
                app: user_list_prints_nothing,
                ..solution_03::lesson()
            },
            |_| {},
        ),
        (4, "user add adds nothing") => check_changed(
            &workbook::Lesson {
                app: user_add_adds_nothing,
                ..solution_04::lesson()
            },
            |_| {},
        ),
        (5, "seed adds nothing") => check_changed(
            &workbook::Lesson {
                app: seed_adds_nothing,
                ..solution_05::lesson()
            },
            |_| {},
        ),
        (7, "log-in does nothing") => check_changed(
            &workbook::Lesson {
                app: log_in_does_nothing,
                ..solution_07::lesson()
            },
            |_| {},
        ),
        (7, "delete does nothing") => check_changed(
            &workbook::Lesson {
                app: delete_does_nothing,
                ..solution_07::lesson()
            },
            |_| {},
        ),
        (7, "users asks once per user") => check_changed(
            &workbook::Lesson {
                app: users_asks_once_per_user,
                ..solution_07::lesson()
            },
            |_| {},
        ),
        (8, "log-in does nothing") => check_changed_postgres(
            &workbook::Lesson {
                app: log_in_does_nothing_on_postgres,
                ..solution_08::lesson()
            },
            |_| {},
        ),
        _ => panic!("no app mistake {name:?} in lesson {lesson}"),
    }
}

/// True when `command` is the subcommand whose Debug form starts with `name`.
fn is(command: &impl std::fmt::Debug, name: &str) -> bool {
    format!("{command:?}").starts_with(name)
}

fn report_prints_nothing(
    command: solution_01::app::Command,
    conn: &mut SqliteConnection,
    out: &mut dyn Write,
) -> Result<()> {
    solution_01::app::run(command, conn, &mut Vec::new())?;
    out.flush().map_err(|e| Error::new(e.to_string()))
}

fn seed_adds_again(
    command: solution_03::app::Command,
    conn: &mut SqliteConnection,
    out: &mut dyn Write,
) -> Result<()> {
    let seeding = is(&command, "Seed");
    solution_03::app::run(command, conn, out)?;
    if seeding {
        conn.batch_execute("INSERT INTO user (username) VALUES ('BugsBunnyFanatic')")
            .map_err(|e| Error::new(e.to_string()))?;
    }
    Ok(())
}

fn user_list_prints_nothing(
    command: solution_03::app::Command,
    conn: &mut SqliteConnection,
    out: &mut dyn Write,
) -> Result<()> {
    if is(&command, "User(List") {
        return Ok(());
    }
    solution_03::app::run(command, conn, out)
}

fn user_add_adds_nothing(
    command: solution_04::app::Command,
    conn: &mut SqliteConnection,
    out: &mut dyn Write,
) -> Result<()> {
    if is(&command, "User(Add") {
        return Ok(());
    }
    solution_04::app::run(command, conn, out)
}

fn seed_adds_nothing(
    command: solution_05::app::Command,
    conn: &mut SqliteConnection,
    out: &mut dyn Write,
) -> Result<()> {
    if is(&command, "Seed") {
        return Ok(());
    }
    solution_05::app::run(command, conn, out)
}

fn log_in_does_nothing(
    command: solution_07::app::Command,
    conn: &mut SqliteConnection,
    out: &mut dyn Write,
) -> Result<()> {
    if is(&command, "LogIn") {
        return Ok(());
    }
    solution_07::app::run(command, conn, out)
}

fn delete_does_nothing(
    command: solution_07::app::Command,
    conn: &mut SqliteConnection,
    out: &mut dyn Write,
) -> Result<()> {
    if is(&command, "Delete") {
        return Ok(());
    }
    solution_07::app::run(command, conn, out)
}

fn users_asks_once_per_user(
    command: solution_07::app::Command,
    conn: &mut SqliteConnection,
    out: &mut dyn Write,
) -> Result<()> {
    let listing = is(&command, "Users");
    solution_07::app::run(command, conn, out)?;
    if listing {
        let ids: Vec<i32> = {
            use diesel::prelude::*;
            solution_07::schema::users::table
                .select(solution_07::schema::users::id)
                .load(conn)
                .map_err(|e| Error::new(e.to_string()))?
        };
        for id in ids {
            conn.batch_execute(&format!("SELECT count(*) FROM tasks WHERE user_id = {id}"))
                .map_err(|e| Error::new(e.to_string()))?;
        }
    }
    Ok(())
}

fn log_in_does_nothing_on_postgres(
    command: solution_08::app::Command,
    conn: &mut PgConnection,
    out: &mut dyn Write,
) -> Result<()> {
    if is(&command, "LogIn") {
        return Ok(());
    }
    solution_08::app::run(command, conn, out)
}
