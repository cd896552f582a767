//! The lesson's app: users and tasks as in lesson-05, plus `user delete` and `task edit`, with
//! the database's own refusals (a taken username, a blank description) reported as errors.

use std::io::Write;

use clap::Subcommand;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use workbook::connection::failure;
use workbook::course::LECTURE_USERS;
use workbook::{Error, Result, input, table};

use crate::models::{NewTask, NewUser, Task, User};
use crate::schema::{categories, tasks, users};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add the lecture's five users (running it again adds no duplicates)
    Seed,
    /// Add, list or delete users
    #[command(subcommand)]
    User(UserCommand),
    /// Add, list, complete or edit tasks
    #[command(subcommand)]
    Task(TaskCommand),
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user
    Add {
        username: String,
        /// Their email address
        #[arg(long)]
        email: Option<String>,
        /// Their first name
        #[arg(long)]
        first_name: Option<String>,
        /// Their last name
        #[arg(long)]
        last_name: Option<String>,
        /// Their birthday, as YYYY-MM-DD
        #[arg(long)]
        birthday: Option<String>,
    },
    /// List every user
    List,
    /// Delete a user and, by ON DELETE CASCADE, their tasks
    Delete { username: String },
}

#[derive(Subcommand, Debug)]
pub enum TaskCommand {
    /// Add a task for a user
    Add {
        description: String,
        /// The username the task belongs to
        #[arg(long)]
        user: String,
        /// When it is due, as YYYY-MM-DD
        #[arg(long)]
        due: Option<String>,
        /// Its category's name (created if new)
        #[arg(long)]
        category: Option<String>,
    },
    /// List tasks
    List {
        /// Only this user's tasks
        #[arg(long)]
        user: Option<String>,
        /// Only tasks not done yet
        #[arg(long, conflicts_with = "done")]
        pending: bool,
        /// Only completed tasks
        #[arg(long)]
        done: bool,
    },
    /// Mark a task complete
    Done { id: i32 },
    /// Give a task a new description
    Edit { id: i32, description: String },
}

/// Runs one command on a migrated database.
pub fn run(command: Command, conn: &mut SqliteConnection, out: &mut dyn Write) -> Result<()> {
    let text = match command {
        Command::Seed => seed(conn)?,
        Command::User(UserCommand::Add {
            username,
            email,
            first_name,
            last_name,
            birthday,
        }) => add_user(
            conn,
            &username,
            Details {
                email: email.as_deref(),
                first_name: first_name.as_deref(),
                last_name: last_name.as_deref(),
                birthday: birthday.as_deref(),
            },
        )?,
        Command::User(UserCommand::List) => list_users(conn)?,
        Command::User(UserCommand::Delete { username }) => delete_user(conn, &username)?,
        Command::Task(TaskCommand::Add {
            description,
            user,
            due,
            category,
        }) => add_task(
            conn,
            &description,
            &user,
            due.as_deref(),
            category.as_deref(),
        )?,
        Command::Task(TaskCommand::List {
            user,
            pending,
            done,
        }) => list_tasks(conn, user.as_deref(), pending, done)?,
        Command::Task(TaskCommand::Done { id }) => complete_task(conn, id)?,
        Command::Task(TaskCommand::Edit { id, description }) => edit_task(conn, id, &description)?,
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}

fn seed(conn: &mut SqliteConnection) -> Result<String> {
    let existing: Vec<Option<String>> = users::table
        .select(users::username)
        .load(conn)
        .map_err(|e| failure("read the users of", "the database", e))?;
    let missing: Vec<NewUser> = LECTURE_USERS
        .iter()
        .filter(|name| !existing.iter().any(|e| e.as_deref() == Some(**name)))
        .map(|username| NewUser {
            username,
            email: None,
            first_name: None,
            last_name: None,
            birthday: None,
        })
        .collect();
    let added = diesel::insert_into(users::table)
        .values(&missing)
        .execute(conn)
        .map_err(|e| failure("add the lecture's users to", "the database", e))?;
    Ok(format!(
        "Added {added} of the lecture's {} users.\n",
        LECTURE_USERS.len()
    ))
}

/// What `user add` may say about a user besides the username, as typed.
struct Details<'a> {
    email: Option<&'a str>,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    birthday: Option<&'a str>,
}

fn add_user(conn: &mut SqliteConnection, username: &str, details: Details) -> Result<String> {
    let username = input::text("username", username, 30)?;
    let email = optional("email", details.email, 55)?;
    let first_name = optional("first name", details.first_name, 50)?;
    let last_name = optional("last name", details.last_name, 50)?;
    let birthday = details
        .birthday
        .map(|b| input::date("birthday", b))
        .transpose()?;
    // TODO (lesson-06): once users.username is UNIQUE, the database refuses a taken username
    // with DatabaseErrorKind::UniqueViolation: turn that into the error
    // `there is already a user named "NAME": pick another username`.
    let added: User = diesel::insert_into(users::table)
        .values(NewUser {
            username,
            email,
            first_name,
            last_name,
            birthday,
        })
        .returning(User::as_returning())
        .get_result(conn)
        .map_err(|e| failure("add a user to", "the database", e))?;
    Ok(format!("Added user {}: {username}\n", added.id))
}

/// An optional text, trimmed and checked like a required one when it is given.
fn optional<'a>(field: &str, value: Option<&'a str>, max: usize) -> Result<Option<&'a str>> {
    value.map(|v| input::text(field, v, max)).transpose()
}

fn list_users(conn: &mut SqliteConnection) -> Result<String> {
    let users: Vec<User> = users::table
        .order(users::id)
        .select(User::as_select())
        .load(conn)
        .map_err(|e| failure("list the users in", "the database", e))?;
    if users.is_empty() {
        return Ok("No users yet: add one with `user add NAME`.\n".into());
    }
    let rows: Vec<Vec<String>> = users
        .into_iter()
        .map(|u| {
            let name = [u.first_name, u.last_name]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            vec![
                u.id.to_string(),
                u.username.unwrap_or_default(),
                name,
                u.email.unwrap_or_default(),
                u.birthday.map(|b| b.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    Ok(table::render(
        &["id", "username", "name", "email", "birthday"],
        &rows,
    ))
}

// TODO (lesson-06): write delete_user and edit_task. Each returns the text to print, or an
// Error of one line:
//   delete_user: look up the user's id (an unknown user is an error), count their tasks, delete
//     the user (ON DELETE CASCADE deletes the tasks) and say
//     "Deleted user {username} and their {n} tasks."
//   edit_task: validate the description first, as add_task does (input::text(field, text,
//     max) -> Result<&str>, shown in the lesson-03 chapter, with 150: it refuses blank and
//     over-long text and control characters such as terminal escapes), set it; a missing id is
//     an error that says how to find ids (no_task). The trigger moves updated_at. Say
//     "Task {id} is now: {description}".
fn delete_user(_conn: &mut SqliteConnection, _username: &str) -> Result<String> {
    Err(not_written("user delete"))
}

/// The id of the user called `username`, or an error saying how to add them.
fn user_id(conn: &mut SqliteConnection, username: &str) -> Result<i32> {
    users::table
        .filter(users::username.eq(username))
        .select(users::id)
        .first(conn)
        .optional()
        .map_err(|e| failure("look up a user in", "the database", e))?
        .ok_or_else(|| {
            Error::new(format!(
                "there is no user named {username:?}: add them with `user add {username}`"
            ))
        })
}

/// The id of the category called `name`, created if it is new.
fn category_id(conn: &mut SqliteConnection, name: &str) -> QueryResult<i32> {
    diesel::insert_into(categories::table)
        .values(categories::name.eq(name))
        .on_conflict_do_nothing()
        .execute(conn)?;
    categories::table
        .filter(categories::name.eq(name))
        .select(categories::id)
        .first(conn)
}

fn add_task(
    conn: &mut SqliteConnection,
    description: &str,
    username: &str,
    due: Option<&str>,
    category: Option<&str>,
) -> Result<String> {
    let description = input::text("description", description, 150)?;
    let due = due.map(|d| input::date("due date", d)).transpose()?;
    let category = category
        .map(|c| input::text("category", c, 50))
        .transpose()?;
    let user_id = user_id(conn, username)?;
    // The category and the task go in together or not at all.
    let added: Task = conn
        .transaction::<_, DieselError, _>(|conn| {
            let category_id = category.map(|c| category_id(conn, c)).transpose()?;
            diesel::insert_into(tasks::table)
                .values(NewTask {
                    description,
                    due_date: due.map(|d| d.to_string()),
                    user_id,
                    category_id,
                })
                .returning(Task::as_returning())
                .get_result(conn)
        })
        .map_err(|e| failure("add a task to", "the database", e))?;
    Ok(format!("Added task {}: {description}\n", added.id))
}

fn list_tasks(
    conn: &mut SqliteConnection,
    username: Option<&str>,
    pending: bool,
    done: bool,
) -> Result<String> {
    let mut query = tasks::table
        .left_join(users::table)
        .left_join(categories::table)
        .select((
            Task::as_select(),
            users::username.nullable(),
            categories::name.nullable(),
        ))
        .order(tasks::id)
        .into_boxed();
    if let Some(username) = username {
        query = query.filter(tasks::user_id.eq(user_id(conn, username)?));
    }
    if pending || done {
        query = query.filter(tasks::complete.eq(done));
    }
    let tasks: Vec<(Task, Option<String>, Option<String>)> = query
        .load(conn)
        .map_err(|e| failure("list the tasks in", "the database", e))?;
    if tasks.is_empty() {
        return Ok("No tasks to show.\n".into());
    }
    let rows: Vec<Vec<String>> = tasks
        .into_iter()
        .map(|(t, owner, category)| {
            vec![
                t.id.to_string(),
                t.description,
                if t.complete { "yes" } else { "no" }.to_string(),
                t.due_date.unwrap_or_default(),
                category.unwrap_or_default(),
                owner.unwrap_or_default(),
            ]
        })
        .collect();
    Ok(table::render(
        &["id", "description", "done", "due", "category", "user"],
        &rows,
    ))
}

fn complete_task(conn: &mut SqliteConnection, id: i32) -> Result<String> {
    let updated = diesel::update(tasks::table.find(id))
        .set(tasks::complete.eq(true))
        .execute(conn)
        .map_err(|e| failure("complete a task in", "the database", e))?;
    if updated == 0 {
        return Err(no_task(id));
    }
    Ok(format!("Task {id} is done.\n"))
}

fn edit_task(_conn: &mut SqliteConnection, _id: i32, _description: &str) -> Result<String> {
    Err(not_written("task edit"))
}

fn not_written(command: &str) -> Error {
    Error::new(format!(
        "`{command}` is not written yet: it is your task in lessons/lesson-06/src/app.rs"
    ))
}

fn no_task(id: i32) -> Error {
    Error::new(format!(
        "there is no task with id {id}: see the ids with `task list`"
    ))
}
