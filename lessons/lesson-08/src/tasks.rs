//! The current user's tasks: add, list (pending, completed, by date), complete, update, delete.

use chrono::NaiveDate;
use diesel::prelude::*;
use workbook::{Error, Result, input};

use crate::models::{NewTask, Task, User};
use crate::relations::{TaskWithTags, tags_of};
use crate::schema::tasks;
use crate::write::{self, failure};

/// The demo's `String(150)`.
pub const DESCRIPTION_LIMIT: usize = 150;

/// Which of a user's tasks a list shows, and in what order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Not complete yet, newest last ("My Tasks").
    Pending,
    /// Complete ("Completed").
    Completed,
    /// Not complete yet, soonest due first, undated last ("Task By Date").
    ByDate,
}

/// A due date as typed: `today` or a real YYYY-MM-DD date.
pub fn due_date(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    if text.trim().eq_ignore_ascii_case("today") {
        Ok(today)
    } else {
        input::date("due date", text)
    }
}

/// Adds tasks for `user`, all of them or, on any error, none.
pub fn add(
    conn: &mut PgConnection,
    user: &User,
    descriptions: &[String],
    due: Option<NaiveDate>,
) -> Result<String> {
    let descriptions = descriptions
        .iter()
        .map(|d| input::text("description", d, DESCRIPTION_LIMIT))
        .collect::<Result<Vec<&str>>>()?;
    let rows: Vec<NewTask> = descriptions
        .iter()
        .map(|description| NewTask {
            description,
            due_date: due,
            user_id: user.id,
        })
        .collect();
    let added: Vec<Task> = write::transaction(conn, "add a task to", |conn| {
        diesel::insert_into(tasks::table)
            .values(&rows)
            .returning(Task::as_returning())
            .get_results(conn)
            .map_err(|e| failure("add a task to", "the database", e))
    })?;
    let due = due.map_or(String::new(), |d| format!(" (due {d})"));
    Ok(added
        .iter()
        .map(|task| format!("Added task {}: {}{due}\n", task.id, task.description))
        .collect())
}

/// The user's tasks for one list, each with its tags.
pub fn list(conn: &mut PgConnection, user: &User, which: List) -> Result<Vec<TaskWithTags>> {
    let mine = Task::belonging_to(user).select(Task::as_select());
    let found = match which {
        List::Pending => mine
            .filter(tasks::complete.eq(false))
            .order(tasks::id)
            .load(conn),
        List::Completed => mine
            .filter(tasks::complete.eq(true))
            .order(tasks::id)
            .load(conn),
        List::ByDate => mine
            .filter(tasks::complete.eq(false))
            .order((tasks::due_date.is_null(), tasks::due_date, tasks::id))
            .load(conn),
    };
    let found = found.map_err(|e| failure("list the tasks in", "the database", e))?;
    tags_of(conn, found)
}

/// What a list says when it is empty (the demo's words).
pub fn empty_message(which: List) -> &'static str {
    match which {
        List::Pending | List::ByDate => "You do not have any active tasks.\n",
        List::Completed => "You do not have any completed tasks.\n",
    }
}

/// The task `id` if it belongs to `user`; otherwise an error saying which of the two is wrong.
/// The row is locked until the transaction ends (`FOR UPDATE`): what the change read stays
/// true while it writes, where two `mark-complete`s at once would otherwise both complete it.
pub fn own_task(conn: &mut PgConnection, user: &User, id: i32) -> Result<Task> {
    let task: Option<Task> = tasks::table
        .find(id)
        .select(Task::as_select())
        .for_update()
        .first(conn)
        .optional()
        .map_err(|e| failure("look up a task in", "the database", e))?;
    match task {
        Some(task) if task.user_id == Some(user.id) => Ok(task),
        Some(_) => Err(Error::new(format!(
            "task {id} belongs to another user: {} can only change their own tasks",
            user.username
        ))),
        None => Err(Error::new(format!(
            "there is no task {id}: see your tasks' ids with `my-tasks`"
        ))),
    }
}

/// Marks a task complete.
pub fn complete(conn: &mut PgConnection, user: &User, id: i32) -> Result<String> {
    write::transaction(conn, "complete a task in", |conn| {
        let task = own_task(conn, user, id)?;
        if task.complete {
            return Ok(format!("Task {id} was already complete.\n"));
        }
        diesel::update(&task)
            .set(tasks::complete.eq(true))
            .execute(conn)
            .map_err(|e| failure("complete a task in", "the database", e))?;
        Ok(format!("Completed task {id}: {}\n", task.description))
    })
}

/// Gives a task a new description.
pub fn update(conn: &mut PgConnection, user: &User, id: i32, description: &str) -> Result<String> {
    let description = input::text("description", description, DESCRIPTION_LIMIT)?;
    write::transaction(conn, "update a task in", |conn| {
        let task = own_task(conn, user, id)?;
        diesel::update(&task)
            .set(tasks::description.eq(description))
            .execute(conn)
            .map_err(|e| failure("update a task in", "the database", e))?;
        Ok(format!("Updated task {id}: {description}\n"))
    })
}

/// Deletes a task (its tag links go with it: ON DELETE CASCADE).
pub fn delete(conn: &mut PgConnection, user: &User, id: i32) -> Result<String> {
    write::transaction(conn, "delete a task from", |conn| {
        let task = own_task(conn, user, id)?;
        diesel::delete(&task)
            .execute(conn)
            .map_err(|e| failure("delete a task from", "the database", e))?;
        Ok(format!("Deleted task {id}: {}\n", task.description))
    })
}
