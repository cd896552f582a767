//! The lesson's app: add and list users, add, list and complete tasks.
//!
//! TODO (lesson-05): this is lesson-04's app, written for the tables `user` and `task`. Once
//! your migrations have run, regenerate src/schema.rs
//! (`cargo run -p lesson-05 -- print-schema --write`) and follow the
//! compiler through src/models.rs and this file:
//!   - `user` is now `users` and `task` is `tasks`; `due` is `due_date`.
//!   - `user add` takes `--email`, `--first-name`, `--last-name` and `--birthday` (YYYY-MM-DD,
//!     checked with input::date(field, text) -> Result<NaiveDate>, which the lesson-04 chapter
//!     shows); `user list` shows the columns id, username, name (first and last), email,
//!     birthday.
//!   - `task add --category NAME` uses the category called NAME, adding it to `categories` the
//!     first time (a new category and its task are added together or not at all:
//!     `conn.transaction`); `task list` shows each task's category name (a left join).

use std::io::Write;

use clap::Subcommand;
use diesel::prelude::*;
use workbook::connection::failure;
use workbook::course::LECTURE_USERS;
use workbook::{Error, Result, input, table};

use crate::models::{NewTask, NewUser, Task, User};
use crate::schema::{task, user};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add the lecture's five users (running it again adds no duplicates)
    Seed,
    /// Add or list users
    #[command(subcommand)]
    User(UserCommand),
    /// Add, list or complete tasks
    #[command(subcommand)]
    Task(TaskCommand),
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user
    Add { username: String },
    /// List every user
    List,
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
        /// A free-text category
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
}

/// Runs one command on a migrated database.
pub fn run(command: Command, conn: &mut SqliteConnection, out: &mut dyn Write) -> Result<()> {
    let text = match command {
        Command::Seed => seed(conn)?,
        Command::User(UserCommand::Add { username }) => add_user(conn, &username)?,
        Command::User(UserCommand::List) => list_users(conn)?,
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
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}

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

/// The id of the user called `username`, or an error saying how to add them.
fn user_id(conn: &mut SqliteConnection, username: &str) -> Result<i32> {
    user::table
        .filter(user::username.eq(username))
        .select(user::id)
        .first(conn)
        .optional()
        .map_err(|e| failure("look up a user in", "the database", e))?
        .ok_or_else(|| {
            Error::new(format!(
                "there is no user named {username:?}: add them with `user add {username}`"
            ))
        })
}

// ANCHOR: add_task
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
    let added: Task = diesel::insert_into(task::table)
        .values(NewTask {
            description,
            due: due.map(|d| d.to_string()),
            category,
            user_id,
        })
        .returning(Task::as_returning())
        .get_result(conn)
        .map_err(|e| failure("add a task to", "the database", e))?;
    Ok(format!("Added task {}: {description}\n", added.id))
}
// ANCHOR_END: add_task

fn list_tasks(
    conn: &mut SqliteConnection,
    username: Option<&str>,
    pending: bool,
    done: bool,
) -> Result<String> {
    let mut query = task::table
        .left_join(user::table)
        .select((Task::as_select(), user::username.nullable()))
        .order(task::id)
        .into_boxed();
    if let Some(username) = username {
        query = query.filter(task::user_id.eq(user_id(conn, username)?));
    }
    if pending || done {
        query = query.filter(task::complete.eq(done));
    }
    let tasks: Vec<(Task, Option<String>)> = query
        .load(conn)
        .map_err(|e| failure("list the tasks in", "the database", e))?;
    if tasks.is_empty() {
        return Ok("No tasks to show.\n".into());
    }
    let rows: Vec<Vec<String>> = tasks
        .into_iter()
        .map(|(t, owner)| {
            vec![
                t.id.to_string(),
                t.description,
                if t.complete { "yes" } else { "no" }.to_string(),
                t.due.unwrap_or_default(),
                t.category.unwrap_or_default(),
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
    let updated = diesel::update(task::table.find(id))
        .set(task::complete.eq(true))
        .execute(conn)
        .map_err(|e| failure("complete a task in", "the database", e))?;
    if updated == 0 {
        return Err(Error::new(format!(
            "there is no task with id {id}: see the ids with `task list`"
        )));
    }
    Ok(format!("Task {id} is done.\n"))
}
