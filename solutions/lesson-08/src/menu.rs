//! `menu`: the demo app's screens, interactive. Arrow keys choose, Enter picks, Esc goes back.
//!
//! The demo called the next screen from inside the current one, so the call stack grew with
//! every step, and Esc raised an exception nobody caught. Here the screens are values on a
//! stack, and one loop shows the top one: Esc pops it, a choice pushes or replaces, and an
//! empty stack ends the menu. Logging in or out starts a new stack, so Esc on the main menu
//! leaves the app (the login is kept for the next run). Every error is shown as one line: a screen that asks for text
//! (sign up, new task) asks again, any other goes back.

use std::fmt;
use std::io::IsTerminal;

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use inquire::{Confirm, InquireError, Select, Text};
use workbook::{Error, Result};

use crate::models::User;
use crate::relations::TaskWithTags;
use crate::tasks::List;
use crate::{account, tagging, tasks};

/// One screen of the menu.
#[derive(Debug, Clone)]
enum Screen {
    /// Logged out: Sign Up, Log In, Quit.
    Start,
    SignUp,
    LogIn,
    /// Logged in: the main menu.
    Main,
    NewTask,
    /// A list of tasks to choose from.
    Tasks(Shown),
    /// Asks for a tag, then shows the tasks with it.
    ByTag,
    /// What to do with one task; going back shows its list afresh.
    TaskOptions(i32),
}

/// Which list a screen shows.
#[derive(Debug, Clone)]
enum Shown {
    List(List),
    Tagged(String),
}

/// What a screen asks the loop to do next.
enum Next {
    Push(Screen),
    Replace(Screen),
    /// Start over from this screen (after logging in or out).
    Home(Screen),
    Back,
    Stay,
    Quit,
}

/// Runs the menu until the user quits or goes back past the first screen.
pub fn run(conn: &mut PgConnection) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::new(
            "the menu needs a terminal: run it in one, or use the subcommands (see --help)",
        ));
    }
    println!("TASKMASTER 5000");
    let first = if account::logged_in(conn)?.is_some() {
        Screen::Main
    } else {
        Screen::Start
    };
    // ANCHOR: screen_loop
    let mut stack = vec![first];
    while let Some(screen) = stack.last().cloned() {
        let next = match show(conn, screen) {
            Ok(next) => next,
            Err(Asked::Back) => Next::Back,
            Err(Asked::Interrupted) => {
                // Ctrl-C: leave at once, with the exit code terminal programs use for it.
                println!();
                std::process::exit(130);
            }
            Err(Asked::Failed(error)) => {
                println!("error: {error}");
                Next::Back
            }
        };
        match next {
            Next::Push(screen) => stack.push(screen),
            Next::Replace(screen) => {
                stack.pop();
                stack.push(screen);
            }
            Next::Home(screen) => {
                stack.clear();
                stack.push(screen);
            }
            Next::Back => {
                stack.pop();
            }
            Next::Stay => {}
            Next::Quit => stack.clear(),
        }
    }
    // ANCHOR_END: screen_loop
    println!("Goodbye!");
    Ok(())
}

/// Why a screen ended without a choice.
enum Asked {
    /// Esc.
    Back,
    /// Ctrl-C.
    Interrupted,
    /// A failure to show on the screen.
    Failed(Error),
}

impl From<Error> for Asked {
    fn from(error: Error) -> Self {
        Asked::Failed(error)
    }
}

impl From<InquireError> for Asked {
    fn from(error: InquireError) -> Self {
        match error {
            InquireError::OperationCanceled => Asked::Back,
            InquireError::OperationInterrupted => Asked::Interrupted,
            other => Asked::Failed(Error::new(format!("the terminal failed: {other}"))),
        }
    }
}

type Shows = std::result::Result<Next, Asked>;

fn show(conn: &mut PgConnection, screen: Screen) -> Shows {
    match screen {
        Screen::Start => start(),
        Screen::SignUp => sign_up(conn),
        Screen::LogIn => log_in(conn),
        Screen::Main => main_menu(conn),
        Screen::NewTask => new_task(conn),
        Screen::Tasks(shown) => task_list(conn, shown),
        Screen::ByTag => {
            let tag = Text::new("Tag:").prompt()?;
            Ok(Next::Replace(Screen::Tasks(Shown::Tagged(tag))))
        }
        Screen::TaskOptions(id) => task_options(conn, id),
    }
}

fn start() -> Shows {
    let choice = Select::new("Welcome!", vec!["Sign Up", "Log In", "Quit"]).prompt()?;
    Ok(match choice {
        "Sign Up" => Next::Push(Screen::SignUp),
        "Log In" => Next::Push(Screen::LogIn),
        _ => Next::Quit,
    })
}

fn sign_up(conn: &mut PgConnection) -> Shows {
    let first = Text::new("First name:").prompt()?;
    let last = Text::new("Last name:").prompt()?;
    let username = Text::new("Username:").prompt()?;
    match account::sign_up(conn, &username, &first, &last) {
        Ok(said) => {
            print!("{said}");
            Ok(Next::Home(Screen::Main))
        }
        Err(error) => ask_again(error),
    }
}

fn log_in(conn: &mut PgConnection) -> Shows {
    let username = Text::new("Username:").prompt()?;
    if account::find_user(conn, username.trim())?.is_none() {
        let sign_up = Confirm::new("That user was not found. Would you like to sign up?")
            .with_default(true)
            .prompt()?;
        return Ok(if sign_up {
            Next::Replace(Screen::SignUp)
        } else {
            Next::Stay
        });
    }
    let said = account::log_in(conn, &username)?;
    print!("{said}");
    Ok(Next::Home(Screen::Main))
}

fn main_menu(conn: &mut PgConnection) -> Shows {
    let user = me(conn)?;
    let items = vec![
        "New Task",
        "My Tasks",
        "Completed",
        "Task By Date",
        "Tasks By Tag",
        "Log Out",
    ];
    let choice = Select::new(&format!("Welcome, {}!", user.username), items).prompt()?;
    Ok(match choice {
        "New Task" => Next::Push(Screen::NewTask),
        "My Tasks" => Next::Push(Screen::Tasks(Shown::List(List::Pending))),
        "Completed" => Next::Push(Screen::Tasks(Shown::List(List::Completed))),
        "Task By Date" => Next::Push(Screen::Tasks(Shown::List(List::ByDate))),
        "Tasks By Tag" => Next::Push(Screen::ByTag),
        _ => {
            print!("{}", account::log_out(conn)?);
            Next::Home(Screen::Start)
        }
    })
}

fn new_task(conn: &mut PgConnection) -> Shows {
    let user = me(conn)?;
    let description = Text::new("Description:").prompt()?;
    if let Err(error) = workbook::input::text("description", &description, tasks::DESCRIPTION_LIMIT)
    {
        return ask_again(error);
    }
    let when = Select::new("Due:", vec!["Today", "Another day", "No due date"]).prompt()?;
    let today = chrono::Local::now().date_naive();
    let due = match when {
        "Today" => Some(today),
        "Another day" => Some(pick_date(today)?),
        _ => None,
    };
    print!(
        "{}",
        tasks::add(conn, &user, std::slice::from_ref(&description), due)?
    );
    Ok(Next::Back)
}

/// Year (this one to five years on), month, then day, until the three make a real date.
fn pick_date(today: NaiveDate) -> std::result::Result<NaiveDate, Asked> {
    loop {
        let years: Vec<i32> = (today.year()..=today.year() + 5).collect();
        let year = Select::new("Year:", years).prompt()?;
        let month = Select::new("Month:", (1..=12).collect()).prompt()?;
        let day = Text::new("Day:").prompt()?;
        let date = day
            .trim()
            .parse()
            .ok()
            .and_then(|day| NaiveDate::from_ymd_opt(year, month, day));
        match date {
            Some(date) => return Ok(date),
            None => println!("That date is not valid. Please try again."),
        }
    }
}

/// A task as a menu line: the demo's `{id} - {description}`, with its due date and tags.
struct Line(TaskWithTags);

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} - {}", self.0.task.id, self.0.task.description)?;
        if let Some(due) = &self.0.task.due_date {
            write!(f, " - Due: {due}")?;
        }
        if !self.0.tags.is_empty() {
            write!(f, " [{}]", self.0.tags.join(", "))?;
        }
        Ok(())
    }
}

fn task_list(conn: &mut PgConnection, shown: Shown) -> Shows {
    let user = me(conn)?;
    let (found, empty) = match &shown {
        Shown::List(which) => (
            tasks::list(conn, &user, *which)?,
            tasks::empty_message(*which).to_string(),
        ),
        Shown::Tagged(tag) => (
            tagging::tagged(conn, &user, tag)?,
            format!("You do not have any tasks tagged {}.\n", tag.trim()),
        ),
    };
    if found.is_empty() {
        print!("{empty}");
        return Ok(Next::Back);
    }
    let lines: Vec<Line> = found.into_iter().map(Line).collect();
    let chosen = Select::new("Choose a task (Esc: back):", lines).prompt()?;
    Ok(Next::Push(Screen::TaskOptions(chosen.0.task.id)))
}

fn task_options(conn: &mut PgConnection, id: i32) -> Shows {
    let user = me(conn)?;
    let items = vec!["Mark Complete", "Update", "Delete", "Tag", "Untag", "Back"];
    let choice = Select::new(&format!("Task {id}:"), items).prompt()?;
    let said = match choice {
        "Mark Complete" => tasks::complete(conn, &user, id)?,
        "Update" => {
            let description = Text::new("New description:").prompt()?;
            tasks::update(conn, &user, id, &description)?
        }
        "Delete" => tasks::delete(conn, &user, id)?,
        "Tag" => {
            let tag = Text::new("Tag:").prompt()?;
            tagging::tag(conn, &user, id, &tag)?
        }
        "Untag" => {
            let tag = Text::new("Tag:").prompt()?;
            tagging::untag(conn, &user, id, &tag)?
        }
        _ => String::new(),
    };
    print!("{said}");
    Ok(Next::Back)
}

/// Shows what was wrong with the answers; the screen then asks again.
fn ask_again(error: Error) -> Shows {
    println!("error: {error}");
    Ok(Next::Stay)
}

fn me(conn: &mut PgConnection) -> std::result::Result<User, Asked> {
    Ok(account::current_user(conn, None)?)
}
