//! The todo app: every screen of the lecture's demo as a subcommand, plus `menu`, the
//! interactive mode with the same screens.

use std::borrow::Cow;
use std::io::{BufWriter, Write};

use clap::{Args, Subcommand};
use diesel::connection::DefaultLoadingMode;
use diesel::prelude::*;
use serde::Serialize;
use workbook::{Error, Result, table};

use crate::models::User;
use crate::relations::{
    PAGE_SIZE, TaskWithTags, UserWithTasks, each_user_task, users_with_tasks_and_tags,
};
use crate::schema;
use crate::tasks::List;
use crate::{account, menu, seed, tagging, tasks, write};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Sign up: add a user and log in as them
    SignUp {
        /// Up to 30 characters; taken if another user has it in any letter case
        username: String,
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
    },
    /// Log in as an existing user (remembered until `log-out`)
    LogIn { username: String },
    /// Log out
    LogOut,
    /// Add a task; several descriptions add several tasks, all or none
    NewTask {
        /// What to do, up to 150 characters
        #[arg(required = true)]
        descriptions: Vec<String>,
        /// When it is due: `today` or YYYY-MM-DD
        #[arg(long)]
        due: Option<String>,
        #[command(flatten)]
        who: Who,
    },
    /// My tasks: the ones not complete yet
    MyTasks {
        #[command(flatten)]
        who: Who,
        #[command(flatten)]
        format: Format,
    },
    /// My completed tasks
    Completed {
        #[command(flatten)]
        who: Who,
        #[command(flatten)]
        format: Format,
    },
    /// My tasks not complete yet, soonest due first
    ByDate {
        #[command(flatten)]
        who: Who,
        #[command(flatten)]
        format: Format,
    },
    /// Mark one of my tasks complete
    MarkComplete {
        id: i32,
        #[command(flatten)]
        who: Who,
    },
    /// Give one of my tasks a new description
    Update {
        id: i32,
        description: String,
        #[command(flatten)]
        who: Who,
    },
    /// Delete one of my tasks
    Delete {
        id: i32,
        #[command(flatten)]
        who: Who,
    },
    /// Put a tag on one of my tasks (the tag is made if it is new)
    Tag {
        id: i32,
        tag: String,
        #[command(flatten)]
        who: Who,
    },
    /// Take a tag off one of my tasks
    Untag {
        id: i32,
        tag: String,
        #[command(flatten)]
        who: Who,
    },
    /// My tasks with a tag
    Tagged {
        tag: String,
        #[command(flatten)]
        who: Who,
        #[command(flatten)]
        format: Format,
    },
    /// Every user with their tasks and each task's tags
    Users {
        /// Only this page of 20 users (from 1)
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        page: Option<u32>,
        #[command(flatten)]
        format: Format,
    },
    /// Add 20 users with 5 tasks each; the same --seed gives the same data
    Seed {
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The interactive menu: arrow keys to choose, Enter to pick, Esc to go back
    Menu,
}

/// Whom a command acts for.
#[derive(Args, Debug)]
pub struct Who {
    /// Act as this user instead of the one logged in
    #[arg(long, value_name = "USERNAME")]
    pub user: Option<String>,
}

/// How a list is printed.
#[derive(Args, Debug)]
pub struct Format {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// Runs one command on a migrated database.
pub fn run(command: Command, conn: &mut SqliteConnection, out: &mut dyn Write) -> Result<()> {
    let text = match command {
        Command::SignUp {
            username,
            first_name,
            last_name,
        } => account::sign_up(conn, &username, &first_name, &last_name)?,
        Command::LogIn { username } => account::log_in(conn, &username)?,
        Command::LogOut => account::log_out(conn)?,
        Command::NewTask {
            descriptions,
            due,
            who,
        } => {
            let today = chrono::Local::now().date_naive();
            let due = due.map(|d| tasks::due_date(&d, today)).transpose()?;
            let user = account::current_user(conn, who.user.as_deref())?;
            tasks::add(conn, &user, &descriptions, due)?
        }
        Command::MyTasks { who, format } => task_list(conn, &who, &format, List::Pending)?,
        Command::Completed { who, format } => task_list(conn, &who, &format, List::Completed)?,
        Command::ByDate { who, format } => task_list(conn, &who, &format, List::ByDate)?,
        Command::MarkComplete { id, who } => {
            let user = account::current_user(conn, who.user.as_deref())?;
            tasks::complete(conn, &user, id)?
        }
        Command::Update {
            id,
            description,
            who,
        } => {
            let user = account::current_user(conn, who.user.as_deref())?;
            tasks::update(conn, &user, id, &description)?
        }
        Command::Delete { id, who } => {
            let user = account::current_user(conn, who.user.as_deref())?;
            tasks::delete(conn, &user, id)?
        }
        Command::Tag { id, tag, who } => {
            let user = account::current_user(conn, who.user.as_deref())?;
            tagging::tag(conn, &user, id, &tag)?
        }
        Command::Untag { id, tag, who } => {
            let user = account::current_user(conn, who.user.as_deref())?;
            tagging::untag(conn, &user, id, &tag)?
        }
        Command::Tagged { tag, who, format } => {
            let user = account::current_user(conn, who.user.as_deref())?;
            let found = tagging::tagged(conn, &user, &tag)?;
            if found.is_empty() && !format.json {
                format!("You do not have any tasks tagged {}.\n", tag.trim())
            } else {
                render_tasks(&found, format.json, true)?
            }
        }
        Command::Users { page, format } => {
            let mut out = BufWriter::new(out);
            match page {
                Some(page) => {
                    let users = users_with_tasks_and_tags(conn, page)?;
                    if users.is_empty() && page > 1 && !format.json {
                        writeln!(
                            out,
                            "No users on page {page}: a page holds {PAGE_SIZE} users."
                        )
                        .map_err(cannot_write)?;
                    } else if format.json {
                        serde_json::to_writer_pretty(&mut out, &users)
                            .map_err(|e| Error::new(format!("cannot write JSON: {e}")))?;
                        writeln!(out).map_err(cannot_write)?;
                    } else {
                        write_users(&mut out, &users).map_err(cannot_write)?;
                    }
                }
                None if format.json => {
                    write::snapshot(conn, |conn| stream_users_json(conn, &mut out))?
                }
                None => write::snapshot(conn, |conn| stream_users(conn, &mut out))?,
            }
            return out.flush().map_err(cannot_write);
        }
        Command::Seed { seed } => seed::seed(conn, seed)?,
        Command::Menu => return menu::run(conn),
    };
    out.write_all(text.as_bytes()).map_err(cannot_write)
}

fn cannot_write(error: std::io::Error) -> Error {
    Error::new(format!("cannot write output: {error}"))
}

fn task_list(
    conn: &mut SqliteConnection,
    who: &Who,
    format: &Format,
    which: List,
) -> Result<String> {
    let user = account::current_user(conn, who.user.as_deref())?;
    let found = tasks::list(conn, &user, which)?;
    if found.is_empty() && !format.json {
        return Ok(tasks::empty_message(which).to_string());
    }
    render_tasks(&found, format.json, false)
}

/// A list of tasks as a table (`id description [done] due tags`) or as JSON.
pub fn render_tasks(found: &[TaskWithTags], as_json: bool, with_done: bool) -> Result<String> {
    if as_json {
        return json(&found);
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|t| {
            let mut row = vec![t.task.id.to_string(), t.task.description.clone()];
            if with_done {
                row.push(done(t.task.complete).to_string());
            }
            row.push(t.task.due_date.clone().unwrap_or_default());
            row.push(t.tags.join(", "));
            row
        })
        .collect();
    let headers: &[&str] = if with_done {
        &["id", "description", "done", "due", "tags"]
    } else {
        &["id", "description", "due", "tags"]
    };
    Ok(table::render(headers, &rows))
}

const USERS_HEADERS: [&str; 7] = ["user", "name", "task", "description", "done", "due", "tags"];
const NO_USERS: &[u8] =
    b"No users yet: sign up with `sign-up USERNAME --first-name FIRST --last-name LAST`.\n";

/// A page of users, one row per task (a user without tasks gets one row of their own), written
/// a line at a time: the cells borrow from `users`, and no copy of the listing is built.
pub fn write_users(out: &mut impl Write, users: &[UserWithTasks]) -> std::io::Result<()> {
    if users.is_empty() {
        return out.write_all(NO_USERS);
    }
    let names: Vec<String> = users.iter().map(|u| full_name(&u.user)).collect();
    let rows = || {
        users.iter().zip(&names).flat_map(|(u, name)| {
            let alone = u.tasks.is_empty().then(|| user_row(&u.user, name, None));
            alone.into_iter().chain(
                u.tasks
                    .iter()
                    .map(move |task| user_row(&u.user, name, Some(task))),
            )
        })
    };
    table::write(out, &USERS_HEADERS, rows)
}

// ANCHOR: stream_users
/// Every user, task and tag as the same table, streamed: each row is written as it is read,
/// so memory stays flat however many tasks there are. The columns' widths are read first, in
/// the same snapshot, from the tables rather than the join (`users_columns`).
fn stream_users(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<()> {
    let columns = users_columns(conn)?;
    let mut name = (0, String::new());
    let mut line = String::new();
    let mut rows = 0;
    each_user_task(conn, |user, task| {
        if rows == 0 {
            columns
                .write(out, &mut line, USERS_HEADERS)
                .map_err(cannot_write)?;
        }
        rows += 1;
        let row = user_row(user, cached_name(&mut name, user), task.as_ref());
        columns.write(out, &mut line, row).map_err(cannot_write)
    })?;
    if rows == 0 {
        return out.write_all(NO_USERS).map_err(cannot_write);
    }
    Ok(())
}

/// The widths of the `users` table without reading the join: the users' cells from `users`,
/// the tasks' from `tasks` (the three columns that are padded, of the tasks a user has). The
/// tags' column is last and a last column is never padded, so its width is not needed.
fn users_columns(conn: &mut SqliteConnection) -> Result<table::Columns> {
    let read = |e| workbook::connection::failure("list the users in", "the database", e);
    let mut columns = table::Columns::new(&USERS_HEADERS);
    let users = schema::users::table
        .select(User::as_select())
        .load_iter::<User, DefaultLoadingMode>(conn)
        .map_err(read)?;
    for user in users {
        let user = user.map_err(read)?;
        columns.measure([user.username.as_str(), &full_name(&user)]);
    }
    let (tasks, users) = (schema::tasks::table, schema::users::table);
    let listed = tasks
        .filter(schema::tasks::user_id.eq_any(users.select(schema::users::id.nullable())))
        .select((
            schema::tasks::id,
            schema::tasks::description,
            schema::tasks::due_date,
        ))
        .load_iter::<(i32, String, Option<String>), DefaultLoadingMode>(conn)
        .map_err(read)?;
    let mut any = false;
    for task in listed {
        let (id, description, due) = task.map_err(read)?;
        any = true;
        // As many characters as `id.to_string()`, without making the string.
        let digits = id.unsigned_abs().checked_ilog10().unwrap_or(0) as usize + 1;
        columns.widen(2, digits + usize::from(id < 0));
        columns.measure_cell(3, &description);
        columns.measure_cell(5, due.as_deref().unwrap_or_default());
    }
    if any {
        columns.measure_cell(4, done(true));
        columns.measure_cell(4, done(false));
    }
    Ok(columns)
}
// ANCHOR_END: stream_users

/// Every user with their tasks as `--page`'s JSON array, written a user at a time.
fn stream_users_json(conn: &mut SqliteConnection, out: &mut impl Write) -> Result<()> {
    let mut current: Option<UserWithTasks> = None;
    let mut written = 0;
    let mut emit = |user: &UserWithTasks, out: &mut dyn Write| -> Result<()> {
        let text = serde_json::to_string_pretty(user)
            .map_err(|e| Error::new(format!("cannot write JSON: {e}")))?;
        out.write_all(if written == 0 { b"[\n" } else { b",\n" })
            .map_err(cannot_write)?;
        for (index, line) in text.lines().enumerate() {
            let sep = if index == 0 { "  " } else { "\n  " };
            write!(out, "{sep}{line}").map_err(cannot_write)?;
        }
        written += 1;
        Ok(())
    };
    each_user_task(conn, |user, task| {
        if current.as_ref().is_none_or(|c| c.user.id != user.id) {
            if let Some(done) = current.take() {
                emit(&done, out)?;
            }
            current = Some(UserWithTasks {
                user: user.clone(),
                tasks: Vec::new(),
            });
        }
        if let (Some(current), Some(task)) = (&mut current, task) {
            current.tasks.push(task);
        }
        Ok(())
    })?;
    if let Some(done) = current.take() {
        emit(&done, out)?;
    }
    let end: &[u8] = if written == 0 { b"[]\n" } else { b"\n]\n" };
    out.write_all(end).map_err(cannot_write)
}

/// "First Last", or whichever of the two the user has.
fn full_name(user: &User) -> String {
    [user.first_name.as_deref(), user.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `full_name(user)`, made once per user rather than once per task.
fn cached_name<'a>(cache: &'a mut (i32, String), user: &User) -> &'a str {
    if cache.0 != user.id || cache.1.is_empty() {
        *cache = (user.id, full_name(user));
    }
    &cache.1
}

/// The cells of one row of `users`: the user, and the task if there is one.
fn user_row<'a>(
    user: &'a User,
    name: &'a str,
    task: Option<&'a TaskWithTags>,
) -> Vec<Cow<'a, str>> {
    let mut row = vec![Cow::Borrowed(user.username.as_str()), name.into()];
    if let Some(t) = task {
        row.extend([
            t.task.id.to_string().into(),
            t.task.description.as_str().into(),
            done(t.task.complete).into(),
            t.task.due_date.as_deref().unwrap_or_default().into(),
            t.tags.join(", ").into(),
        ]);
    }
    row
}

fn done(complete: bool) -> &'static str {
    if complete { "yes" } else { "no" }
}

fn json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| Error::new(format!("cannot write JSON: {e}")))
}
