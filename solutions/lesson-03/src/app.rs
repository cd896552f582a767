//! The lesson's app: lesson-01's report, the lecture's seed, and adding and listing users.

use std::io::Write;

use clap::Subcommand;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Text;
use workbook::connection::failure;
use workbook::course::LECTURE_USERS;
use workbook::{Error, Result, input, table};

use crate::models::{NewUser, User};
use crate::schema::user;

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

// ANCHOR: seed
fn seed(conn: &mut SqliteConnection) -> Result<String> {
    let existing: Vec<Option<String>> = user::table
        .select(user::username)
        .load(conn)
        .map_err(|e| failure("read the users of", "the database", e))?;
    let missing: Vec<NewUser> = LECTURE_USERS
        .iter()
        .filter(|name| !existing.iter().any(|e| e.as_deref() == Some(**name)))
        .map(|username| NewUser { username })
        .collect();
    let added = diesel::insert_into(user::table)
        .values(&missing)
        .execute(conn)
        .map_err(|e| failure("add the lecture's users to", "the database", e))?;
    Ok(format!(
        "Added {added} of the lecture's {} users.\n",
        LECTURE_USERS.len()
    ))
}

// ANCHOR_END: seed

fn add_user(conn: &mut SqliteConnection, username: &str) -> Result<String> {
    let username = input::text("username", username, 30)?;
    let added: User = diesel::insert_into(user::table)
        .values(NewUser { username })
        .returning(User::as_returning())
        .get_result(conn)
        .map_err(|e| failure("add a user to", "the database", e))?;
    Ok(format!("Added user {}: {username}\n", added.id))
}

fn list_users(conn: &mut SqliteConnection) -> Result<String> {
    let users: Vec<User> = user::table
        .order(user::id)
        .select(User::as_select())
        .load(conn)
        .map_err(|e| failure("list the users in", "the database", e))?;
    if users.is_empty() {
        return Ok("No users yet: add one with `user add NAME`.\n".into());
    }
    let rows: Vec<Vec<String>> = users
        .into_iter()
        .map(|u| vec![u.id.to_string(), u.username.unwrap_or_default()])
        .collect();
    Ok(table::render(&["id", "username"], &rows))
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
