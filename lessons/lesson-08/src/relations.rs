//! Loading related rows without N+1 queries. For a page: one query per table, then `grouped_by`
//! sorts the children under their parents in memory. For everyone: one ordered query, read a
//! row at a time, so memory does not grow with the rows.

use diesel::pg::PgRowByRowLoadingMode;
use diesel::prelude::*;
use serde::Serialize;
use workbook::Result;

use crate::models::{Tag, Task, TaskTag, User};
use crate::schema::{tags, task_tags, tasks, users};
use crate::write::failure;

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

/// The tags of each task, in one query whatever the number of tasks: `belonging_to` selects
/// the join rows of all of them (`WHERE task_id = ANY($1)`: on PostgreSQL Diesel binds the ids
/// as one array, where SQLite got `IN (?, ?, ...)`), `grouped_by` hands each task its own.
pub fn tags_of(conn: &mut PgConnection, tasks: Vec<Task>) -> Result<Vec<TaskWithTags>> {
    let links: Vec<(TaskTag, Tag)> = TaskTag::belonging_to(&tasks)
        .inner_join(tags::table)
        .select((TaskTag::as_select(), Tag::as_select()))
        .order(tags::name)
        .load(conn)
        .map_err(|e| failure("read the tags in", "the database", e))?;
    let per_task = links.grouped_by(&tasks);
    Ok(tasks.into_iter().zip(per_task).map(with_names).collect())
}

/// How many users a page of `users --page N` holds.
pub const PAGE_SIZE: i64 = 20;

/// Page `page` (from 1) of the users, each with their tasks and each task's tags, in three
/// queries however large the page: the page of users, their tasks (`belonging_to(&users)`:
/// `WHERE user_id = ANY($1)`, the page's ids as one array parameter), and those tasks' tags;
/// `grouped_by` then hands each parent its own children. The whole page is held in memory,
/// which is right for a page and wrong for everyone: `each_user_task` streams them all.
pub fn users_with_tasks_and_tags(conn: &mut PgConnection, page: u32) -> Result<Vec<UserWithTasks>> {
    let read = |e| failure("list the users, tasks and tags in", "the database", e);
    let users: Vec<User> = users::table
        .order(users::id)
        .limit(PAGE_SIZE)
        .offset(i64::from(page.max(1) - 1) * PAGE_SIZE)
        .select(User::as_select())
        .load(conn)
        .map_err(read)?;
    let tasks: Vec<Task> = Task::belonging_to(&users)
        .order(tasks::id)
        .select(Task::as_select())
        .load(conn)
        .map_err(read)?;
    // The tags of those tasks, found through the page's user ids, not the tasks' (SQLite needed
    // a parameter per id and has a limit on them; PostgreSQL binds the ids as one array).
    let ids: Vec<i32> = users.iter().map(|user| user.id).collect();
    let links: Vec<(TaskTag, Tag)> = task_tags::table
        .inner_join(tags::table)
        .inner_join(tasks::table)
        .filter(tasks::user_id.eq_any(ids))
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

/// Every user, task and tag in ONE ordered query, read a row at a time (`load_iter` with
/// `PgRowByRowLoadingMode`: PostgreSQL's default loading mode fetches the whole result before
/// the first row, where SQLite's stepped through it): `visit` gets each user's task with all
/// its tags (or the user alone, with `None`, when they have no task) as soon as its last row is
/// read. Memory holds one task, however many there are.
pub fn each_user_task(
    conn: &mut PgConnection,
    mut visit: impl FnMut(&User, Option<TaskWithTags>) -> Result<()>,
) -> Result<()> {
    let read = |e| failure("list the users, tasks and tags in", "the database", e);
    // One row per (user, task, tag); the LEFT JOINs give NULLs where a user has no task or a
    // task no tag. Sorted by user, then task, so a task's rows come together; a task's few
    // tags are sorted by name here instead of by the query.
    let rows = users::table
        .left_join(tasks::table)
        .left_join(task_tags::table.on(task_tags::task_id.eq(tasks::id)))
        .left_join(tags::table.on(tags::id.eq(task_tags::tag_id)))
        .select((
            User::as_select(),
            Option::<Task>::as_select(),
            tags::name.nullable(),
        ))
        .order((users::id, tasks::id))
        .load_iter::<(User, Option<Task>, Option<String>), PgRowByRowLoadingMode>(conn)
        .map_err(read)?;
    let mut current: Option<(User, Option<TaskWithTags>)> = None;
    for row in rows {
        let (user, task, tag) = row.map_err(read)?;
        if let Some((seen, Some(seen_task))) = &mut current
            && seen.id == user.id
            && task
                .as_ref()
                .is_some_and(|task| task.id == seen_task.task.id)
        {
            seen_task.tags.extend(tag);
            continue;
        }
        if let Some((user, task)) = current.take() {
            visit(&user, task.map(by_name))?;
        }
        let task = task.map(|task| TaskWithTags {
            task,
            tags: tag.into_iter().collect(),
        });
        current = Some((user, task));
    }
    match current {
        Some((user, task)) => visit(&user, task.map(by_name)),
        None => Ok(()),
    }
}

fn by_name(mut task: TaskWithTags) -> TaskWithTags {
    task.tags.sort();
    task
}
