//! Loading related rows without N+1 queries: one query per table, then `grouped_by` sorts
//! the children under their parents in memory.

use diesel::prelude::*;
use serde::Serialize;
use workbook::Result;
use workbook::connection::failure;

use crate::models::{Tag, Task, TaskTag, User};
use crate::schema::{tags, task_tags, tasks, users};

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

// ANCHOR: tags_of
/// The tags of each task, in one query whatever the number of tasks: `belonging_to` selects
/// the join rows of all of them (`WHERE task_id IN (...)`), `grouped_by` hands each task its own.
pub fn tags_of(conn: &mut SqliteConnection, tasks: Vec<Task>) -> Result<Vec<TaskWithTags>> {
    let links: Vec<(TaskTag, Tag)> = TaskTag::belonging_to(&tasks)
        .inner_join(tags::table)
        .select((TaskTag::as_select(), Tag::as_select()))
        .order(tags::name)
        .load(conn)
        .map_err(|e| failure("read the tags in", "the database", e))?;
    let per_task = links.grouped_by(&tasks);
    Ok(tasks.into_iter().zip(per_task).map(with_names).collect())
}
// ANCHOR_END: tags_of

// ANCHOR: users_with_tasks
/// Every user with their tasks and each task's tags, in three queries however many users
/// there are. The lists are loaded whole rather than with `belonging_to(&users)`, which would
/// bind one parameter per parent: fine for a page of users, past SQLite's limit for them all.
pub fn users_with_tasks_and_tags(conn: &mut SqliteConnection) -> Result<Vec<UserWithTasks>> {
    let read = |e| failure("list the users, tasks and tags in", "the database", e);
    let users: Vec<User> = users::table
        .order(users::id)
        .select(User::as_select())
        .load(conn)
        .map_err(read)?;
    let tasks: Vec<Task> = tasks::table
        .order(tasks::id)
        .select(Task::as_select())
        .load(conn)
        .map_err(read)?;
    let links: Vec<(TaskTag, Tag)> = task_tags::table
        .inner_join(tags::table)
        .select((TaskTag::as_select(), Tag::as_select()))
        .order(tags::name)
        .load(conn)
        .map_err(read)?;
    let tags_per_task = links.grouped_by(&tasks);
    let tasks_with_tags: Vec<(Task, Vec<(TaskTag, Tag)>)> =
        tasks.into_iter().zip(tags_per_task).collect();
    let tasks_per_user = tasks_with_tags.grouped_by(&users);
    Ok(users
        .into_iter()
        .zip(tasks_per_user)
        .map(|(user, tasks)| UserWithTasks {
            user,
            tasks: tasks.into_iter().map(with_names).collect(),
        })
        .collect())
}

fn with_names((task, links): (Task, Vec<(TaskTag, Tag)>)) -> TaskWithTags {
    TaskWithTags {
        task,
        tags: links.into_iter().map(|(_, tag)| tag.name).collect(),
    }
}
// ANCHOR_END: users_with_tasks
