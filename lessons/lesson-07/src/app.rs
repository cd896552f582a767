//! The todo app: every screen of the lecture's demo as a subcommand, plus `menu`, the
//! interactive mode with the same screens.

use std::borrow::Cow;
use std::io::{BufWriter, Write};

use clap::{Args, Subcommand};
use diesel::prelude::*;
use serde::Serialize;
use workbook::{Error, Result, table};

use crate::relations::{TaskWithTags, UserWithTasks, users_with_tasks_and_tags};
use crate::tasks::List;
use crate::{account, menu, seed, tagging, tasks};

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
        Command::Users { format } => {
            let users = users_with_tasks_and_tags(conn)?;
            let mut out = BufWriter::new(out);
            if format.json {
                serde_json::to_writer_pretty(&mut out, &users)
                    .map_err(|e| Error::new(format!("cannot write JSON: {e}")))?;
                writeln!(out).map_err(cannot_write)?;
            } else {
                write_users(&mut out, &users).map_err(cannot_write)?;
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

/// Every user, one row per task (a user without tasks gets one row of their own), written a
/// line at a time: the cells borrow from `users`, and no copy of the listing is built.
pub fn write_users(out: &mut impl Write, users: &[UserWithTasks]) -> std::io::Result<()> {
    if users.is_empty() {
        return out.write_all(
            b"No users yet: sign up with `sign-up USERNAME --first-name FIRST --last-name LAST`.\n",
        );
    }
    let names: Vec<String> = users
        .iter()
        .map(|u| {
            [u.user.first_name.as_deref(), u.user.last_name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let rows = || {
        users.iter().zip(&names).flat_map(|(u, name)| {
            let user = [
                Cow::Borrowed(u.user.username.as_str()),
                name.as_str().into(),
            ];
            let alone = u.tasks.is_empty().then(|| user.to_vec());
            alone.into_iter().chain(u.tasks.iter().map(move |t| {
                let mut row = user.to_vec();
                row.extend([
                    t.task.id.to_string().into(),
                    t.task.description.as_str().into(),
                    done(t.task.complete).into(),
                    t.task.due_date.as_deref().unwrap_or_default().into(),
                    t.tags.join(", ").into(),
                ]);
                row
            }))
        })
    };
    table::write(
        out,
        &["user", "name", "task", "description", "done", "due", "tags"],
        rows,
    )
}

fn done(complete: bool) -> &'static str {
    if complete { "yes" } else { "no" }
}

fn json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| Error::new(format!("cannot write JSON: {e}")))
}
