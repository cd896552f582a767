//! Loading related rows without N+1 queries. For a page: one query per table, then `grouped_by`
//! sorts the children under their parents in memory. For everyone: one ordered query, read a
//! row at a time, so memory does not grow with the rows.

use diesel::prelude::*;
use serde::Serialize;
use workbook::{Error, Result};

use crate::models::{Task, User};

/// A task with the names of its tags, as the lists show it.
#[derive(Debug, Serialize)]
pub struct TaskWithTags {
    #[serde(flatten)]
    pub task: Task,
    pub tags: Vec<String>,
}

/// A user with their tasks, as `users` shows them.
#[derive(Debug, Serialize)]
pub struct UserWithTasks {
    #[serde(flatten)]
    pub user: User,
    pub tasks: Vec<TaskWithTags>,
}

// TODO (lesson-07): load the tags of all these tasks in ONE query:
//   `TaskTag::belonging_to(&tasks)` joined to tags (inner_join), selecting (TaskTag, Tag),
//   ordered by tag name; then `links.grouped_by(&tasks)` gives each task its own links.
/// The tags of each task (for now: none).
pub fn tags_of(_conn: &mut SqliteConnection, tasks: Vec<Task>) -> Result<Vec<TaskWithTags>> {
    Ok(tasks
        .into_iter()
        .map(|task| TaskWithTags {
            task,
            tags: Vec::new(),
        })
        .collect())
}

/// How many users a page of `users --page N` holds.
pub const PAGE_SIZE: i64 = 20;

// TODO (lesson-07): page `page` (from 1) of the users with their tasks and each task's tags, in
// a fixed number of queries however many users there are: the page of users (order by id,
// limit PAGE_SIZE, offset), their tasks with `Task::belonging_to(&users)`, and the (TaskTag, Tag)
// pairs of those tasks (three queries); then group tags under tasks and tasks under users with
// grouped_by. A query per user (or per task) is the N+1 problem, and the lesson's check counts them.
/// Page `page` of the users, each with their tasks and each task's tags.
pub fn users_with_tasks_and_tags(
    _conn: &mut SqliteConnection,
    _page: u32,
) -> Result<Vec<UserWithTasks>> {
    Err(Error::new(
        "`users --page` is not written yet: it is your task in lessons/lesson-07/src/relations.rs",
    ))
}

// TODO (lesson-07): every user, task and tag in ONE query, read a row at a time: users LEFT
// JOIN tasks LEFT JOIN task_tags LEFT JOIN tags, ordered by user id, task id and tag name, read
// with `load_iter` (not `load`, which builds the whole list first). Call `visit` once per task
// with all its tags (and once with `None` for a user without tasks) as soon as its rows are read.
/// Every user's tasks, one at a time.
pub fn each_user_task(
    _conn: &mut SqliteConnection,
    _visit: impl FnMut(&User, Option<TaskWithTags>) -> Result<()>,
) -> Result<()> {
    Err(Error::new(
        "`users` is not written yet: it is your task in lessons/lesson-07/src/relations.rs",
    ))
}
