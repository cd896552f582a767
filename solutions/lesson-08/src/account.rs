//! Signing up, logging in and out, and who the current user is. The login is a row in the
//! `sessions` table, so it is remembered between runs; `--user NAME` overrides it.

use diesel::prelude::*;
use workbook::connection::failure;
use workbook::{Error, Result, input};

use crate::models::{NewUser, User};
use crate::schema::{sessions, users};
use crate::write;

/// The demo's `String(30)`, for usernames and names.
pub const NAME_LIMIT: usize = 30;

// ANCHOR: find_user
/// The user called `username`, compared by their keys (letter case and spelling do not count,
/// in any script) and exactly: no `LIKE`, so `_` and `%` are plain characters, not wildcards.
pub fn find_user(conn: &mut SqliteConnection, username: &str) -> Result<Option<User>> {
    users::table
        .filter(users::username_key.eq(input::username_key(username)))
        .select(User::as_select())
        .first(conn)
        .optional()
        .map_err(|e| failure("look up a user in", "the database", e))
}
// ANCHOR_END: find_user

/// Adds a user and logs them in.
pub fn sign_up(
    conn: &mut SqliteConnection,
    username: &str,
    first_name: &str,
    last_name: &str,
) -> Result<String> {
    let username = input::text("username", username, NAME_LIMIT)?;
    let first_name = input::text("first name", first_name, NAME_LIMIT)?;
    let last_name = input::text("last name", last_name, NAME_LIMIT)?;
    write::immediate(conn, "sign up in", |conn| {
        if let Some(taken) = find_user(conn, username)? {
            return Err(Error::new(format!(
                "that username is taken: {username:?} is already used by {:?}; choose another",
                taken.username
            )));
        }
        let user: User = diesel::insert_into(users::table)
            .values(NewUser {
                username,
                username_key: &input::username_key(username),
                first_name,
                last_name,
            })
            .returning(User::as_returning())
            .get_result(conn)
            .map_err(|e| failure("add a user to", "the database", e))?;
        remember(conn, &user)?;
        Ok(format!(
            "Signed up and logged in. Welcome, {}!\n",
            user.username
        ))
    })
}

/// Logs in an existing user.
pub fn log_in(conn: &mut SqliteConnection, username: &str) -> Result<String> {
    let username = input::text("username", username, NAME_LIMIT)?;
    write::immediate(conn, "log in to", |conn| {
        let user = find_user(conn, username)?.ok_or_else(|| not_found(username))?;
        remember(conn, &user)?;
        Ok(format!("Welcome, {}!\n", user.username))
    })
}

/// Forgets who is logged in.
pub fn log_out(conn: &mut SqliteConnection) -> Result<String> {
    write::immediate(conn, "log out of", |conn| {
        let who = logged_in(conn)?;
        diesel::delete(sessions::table)
            .execute(conn)
            .map_err(|e| failure("log out of", "the database", e))?;
        Ok(match who {
            Some(user) => format!("Goodbye, {}.\n", user.username),
            None => "Nobody was logged in.\n".to_string(),
        })
    })
}

/// The user a command acts for: the one named by `--user`, else the one logged in.
pub fn current_user(conn: &mut SqliteConnection, flag: Option<&str>) -> Result<User> {
    match flag {
        Some(username) => {
            let username = input::text("username", username, NAME_LIMIT)?;
            find_user(conn, username)?.ok_or_else(|| not_found(username))
        }
        None => logged_in(conn)?.ok_or_else(|| {
            Error::new(
                "nobody is logged in: run `log-in USERNAME` (or `sign-up`), or pass --user USERNAME",
            )
        }),
    }
}

/// The user the `sessions` row names, if any.
pub fn logged_in(conn: &mut SqliteConnection) -> Result<Option<User>> {
    sessions::table
        .inner_join(users::table)
        .select(User::as_select())
        .first(conn)
        .optional()
        .map_err(|e| failure("read who is logged in to", "the database", e))
}

fn remember(conn: &mut SqliteConnection, user: &User) -> Result<()> {
    diesel::replace_into(sessions::table)
        .values((sessions::id.eq(1), sessions::user_id.eq(user.id)))
        .execute(conn)
        .map(|_| ())
        .map_err(|e| failure("remember the login in", "the database", e))
}

fn not_found(username: &str) -> Error {
    Error::new(format!(
        "that user was not found: there is no user named {username:?}; sign up with \
         `sign-up {username} --first-name FIRST --last-name LAST`"
    ))
}
