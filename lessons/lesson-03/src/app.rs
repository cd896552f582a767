//! The lesson's app: lesson-01's report, the lecture's seed, and adding and listing users.

use std::io::Write;

use clap::Subcommand;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Text;
use workbook::{Error, Result};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Show which SQLite this program linked and which ALTER TABLE moves it supports
    Report,
    /// Add the lecture's five users (running it again adds no duplicates)
    Seed,
    /// Add or list users
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user
    Add { username: String },
    /// List every user
    List,
}

/// Runs one command on a migrated database.
pub fn run(command: Command, conn: &mut SqliteConnection, out: &mut dyn Write) -> Result<()> {
    let text = match command {
        Command::Report => report()?,
        Command::Seed => seed(conn)?,
        Command::User(UserCommand::Add { username }) => add_user(conn, &username)?,
        Command::User(UserCommand::List) => list_users(conn)?,
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}

/// Opens an in-memory SQLite database and asks it which version it is.
pub fn report() -> Result<String> {
    let mut conn = SqliteConnection::establish(":memory:")
        .map_err(|e| Error::new(format!("cannot open an in-memory SQLite database: {e}")))?;
    let version: String = diesel::select(sql::<Text>("sqlite_version()"))
        .get_result(&mut conn)
        .map_err(|e| Error::new(format!("cannot ask SQLite for its version: {e}")))?;
    let can = |needed| {
        if at_least(&version, needed) {
            "yes"
        } else {
            "no"
        }
    };
    Ok(format!(
        "SQLite {version} is linked into this program.\n\
         RENAME COLUMN (SQLite 3.25+): {}\n\
         DROP COLUMN (SQLite 3.35+): {}\n",
        can((3, 25)),
        can((3, 35)),
    ))
}

/// True when `version` ("3.45.1") is `needed` (major, minor) or newer.
fn at_least(version: &str, needed: (u32, u32)) -> bool {
    let mut numbers = version.split('.').map(|n| n.parse::<u32>().unwrap_or(0));
    let found = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    found >= needed
}

// TODO (lesson-03): write the three user commands below, with User and NewUser from
// src/models.rs and the `user` table from src/schema.rs. Each returns the text to print, or an
// Error of one line:
//   seed: insert those of workbook::course::LECTURE_USERS that are not in the table yet and
//     say "Added {n} of the lecture's 5 users." (running it twice must add none the second time).
//   add_user: validate the username (workbook::input::text, at most 30 characters), insert a
//     NewUser and say "Added user {id}: {username}".
//   list_users: every user, by id, as a table (workbook::table::render) with the columns id
//     and username; with no users, say how to add one.
// input::text(field, text, max) -> Result<&str> and table::render(headers, rows) -> String
// are shown in the chapter (docs/src/lesson-03-configure.md), with workbook::connection::failure
// (`use workbook::connection::failure;`), which turns a Diesel error into an Error of one line.
fn seed(_conn: &mut SqliteConnection) -> Result<String> {
    Err(not_written("seed"))
}

fn add_user(_conn: &mut SqliteConnection, _username: &str) -> Result<String> {
    Err(not_written("user add"))
}

fn list_users(_conn: &mut SqliteConnection) -> Result<String> {
    Err(not_written("user list"))
}

fn not_written(command: &str) -> Error {
    Error::new(format!(
        "`{command}` is not written yet: it is your task in lessons/lesson-03/src/app.rs"
    ))
}

#[cfg(test)]
mod tests {
    use super::at_least;

    #[test]
    fn versions_compare_by_number_not_by_text() {
        assert!(at_least("3.25.0", (3, 25)));
        assert!(at_least("3.35.5", (3, 25)));
        assert!(!at_least("3.24.9", (3, 25)));
        assert!(!at_least("3.9.2", (3, 25)));
        assert!(at_least("3.100.0", (3, 35)));
        assert!(at_least("4.0.0", (3, 35)));
    }
}
