//! Signing up, logging in and out, and who the current user is. The login is a row in the
//! `sessions` table, so it is remembered between runs; `--user NAME` overrides it.

use diesel::prelude::*;
use workbook::{Error, Result, input};

use crate::models::{NewUser, User};
use crate::schema::{sessions, users};
use crate::write::{self, failure};

/// The demo's `String(30)`, for usernames and names.
pub const NAME_LIMIT: usize = 30;

/// The user called `username`, compared by their keys (letter case and spelling do not count,
/// in any script) and exactly: no `LIKE`, so `_` and `%` are plain characters, not wildcards.
pub fn find_user(conn: &mut PgConnection, username: &str) -> Result<Option<User>> {
    users::table
        .filter(users::username_key.eq(input::username_key(username)))
        .select(User::as_select())
        .first(conn)
        .optional()
        .map_err(|e| failure("look up a user in", "the database", e))
}

/// Adds a user and logs them in.
pub fn sign_up(
    conn: &mut PgConnection,
    username: &str,
    first_name: &str,
    last_name: &str,
) -> Result<String> {
    let username = input::text("username", username, NAME_LIMIT)?;
    let first_name = input::text("first name", first_name, NAME_LIMIT)?;
    let last_name = input::text("last name", last_name, NAME_LIMIT)?;
    write::transaction(conn, "sign up in", |conn| {
        if let Some(taken) = find_user(conn, username)? {
            return Err(taken_by(username, &taken));
        }
        // Another sign-up of the same name may be running: its row is not committed yet, so
        // find_user saw nothing. The unique index makes this insert wait for it; if it
        // commits, ON CONFLICT DO NOTHING adds no row (instead of failing the transaction),
        // and the user it added is there to be named.
        let user: Option<User> = diesel::insert_into(users::table)
            .values(NewUser {
                username,
                username_key: &input::username_key(username),
                first_name,
                last_name,
            })
            .on_conflict_do_nothing()
            .returning(User::as_returning())
            .get_result(conn)
            .optional()
            .map_err(|e| failure("add a user to", "the database", e))?;
        let Some(user) = user else {
            return Err(match find_user(conn, username)? {
                Some(taken) => taken_by(username, &taken),
                None => Error::new(format!(
                    "that username is taken: {username:?} is already used; choose another"
                )),
            });
        };
        remember(conn, &user)?;
        Ok(format!(
            "Signed up and logged in. Welcome, {}!\n",
            user.username
        ))
    })
}

/// Logs in an existing user.
pub fn log_in(conn: &mut PgConnection, username: &str) -> Result<String> {
    let username = input::text("username", username, NAME_LIMIT)?;
    write::transaction(conn, "log in to", |conn| {
        let user = find_user(conn, username)?.ok_or_else(|| not_found(username))?;
        remember(conn, &user)?;
        Ok(format!("Welcome, {}!\n", user.username))
    })
}

/// Forgets who is logged in.
pub fn log_out(conn: &mut PgConnection) -> Result<String> {
    write::transaction(conn, "log out of", |conn| {
        // The row is deleted and read in one statement: of two log-outs at once, only one
        // gets it back and says goodbye.
        let who: Option<i32> = diesel::delete(sessions::table)
            .returning(sessions::user_id)
            .get_result(conn)
            .optional()
            .map_err(|e| failure("log out of", "the database", e))?;
        let who: Option<User> = match who {
            Some(id) => users::table
                .find(id)
                .select(User::as_select())
                .first(conn)
                .optional()
                .map_err(|e| failure("log out of", "the database", e))?,
            None => None,
        };
        Ok(match who {
            Some(user) => format!("Goodbye, {}.\n", user.username),
            None => "Nobody was logged in.\n".to_string(),
        })
    })
}

/// The user a command acts for: the one named by `--user`, else the one logged in.
pub fn current_user(conn: &mut PgConnection, flag: Option<&str>) -> Result<User> {
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
pub fn logged_in(conn: &mut PgConnection) -> Result<Option<User>> {
    sessions::table
        .inner_join(users::table)
        .select(User::as_select())
        .first(conn)
        .optional()
        .map_err(|e| failure("read who is logged in to", "the database", e))
}

/// Makes `user` the one logged in: SQLite's REPLACE INTO is PostgreSQL's INSERT ... ON CONFLICT
/// DO UPDATE (the single row's user and login time are replaced).
fn remember(conn: &mut PgConnection, user: &User) -> Result<()> {
    use diesel::upsert::excluded;
    diesel::insert_into(sessions::table)
        .values((sessions::id.eq(1), sessions::user_id.eq(user.id)))
        .on_conflict(sessions::id)
        .do_update()
        .set((
            sessions::user_id.eq(excluded(sessions::user_id)),
            sessions::logged_in_at.eq(excluded(sessions::logged_in_at)),
        ))
        .execute(conn)
        .map(|_| ())
        .map_err(|e| failure("remember the login in", "the database", e))
}

fn taken_by(username: &str, taken: &User) -> Error {
    Error::new(format!(
        "that username is taken: {username:?} is already used by {:?}; choose another",
        taken.username
    ))
}

fn not_found(username: &str) -> Error {
    Error::new(format!(
        "that user was not found: there is no user named {username:?}; sign up with \
         `sign-up {username} --first-name FIRST --last-name LAST`"
    ))
}
