//! Tags: the many-to-many side. Tagging a task makes the tag if it is new and adds a
//! `task_tags` row; untagging removes that row; `tagged` lists a user's tasks with a tag.

use diesel::prelude::*;
use workbook::{Error, Result, input};

use crate::models::{Tag, Task, TaskTag, User};
use crate::relations::{TaskWithTags, tags_of};
use crate::schema::{tags, task_tags, tasks};
use crate::tasks::own_task;
use crate::write::{self, failure};

/// The longest tag (its label).
pub const TAG_LIMIT: usize = 30;

// ANCHOR: tag
/// Puts the tag `name` on the user's task `id`, creating the tag if it is new.
pub fn tag(conn: &mut PgConnection, user: &User, id: i32, name: &str) -> Result<String> {
    let name = input::text("tag", name, TAG_LIMIT)?;
    write::transaction(conn, "tag a task in", |conn| {
        let task = own_task(conn, user, id)?;
        let tag: Tag = diesel::insert_into(tags::table)
            .values(tags::label.eq(name))
            .on_conflict(tags::label)
            .do_update()
            .set(tags::label.eq(tags::label))
            .returning(Tag::as_returning())
            .get_result(conn)
            .map_err(|e| failure("add a tag to", "the database", e))?;
        let added = diesel::insert_into(task_tags::table)
            .values(TaskTag {
                task_id: task.id,
                tag_id: tag.id,
            })
            .on_conflict_do_nothing()
            .execute(conn)
            .map_err(|e| failure("tag a task in", "the database", e))?;
        Ok(if added == 0 {
            format!("Task {id} already has the tag {name}.\n")
        } else {
            format!("Tagged task {id} with {name}.\n")
        })
    })
}
// ANCHOR_END: tag

/// Takes the tag `name` off the user's task `id`.
pub fn untag(conn: &mut PgConnection, user: &User, id: i32, name: &str) -> Result<String> {
    let name = input::text("tag", name, TAG_LIMIT)?;
    write::transaction(conn, "untag a task in", |conn| {
        let task = own_task(conn, user, id)?;
        let tag = find_tag(conn, name)?;
        let removed = diesel::delete(task_tags::table.find((task.id, tag.id)))
            .execute(conn)
            .map_err(|e| failure("untag a task in", "the database", e))?;
        if removed == 0 {
            return Err(Error::new(format!(
                "task {id} does not have the tag {name}: see its tags with `my-tasks`"
            )));
        }
        Ok(format!("Removed the tag {name} from task {id}.\n"))
    })
}

// ANCHOR: tagged
/// The user's tasks carrying the tag `name`, complete or not, through the join table.
pub fn tagged(conn: &mut PgConnection, user: &User, name: &str) -> Result<Vec<TaskWithTags>> {
    let name = input::text("tag", name, TAG_LIMIT)?;
    let tag = find_tag(conn, name)?;
    let found: Vec<Task> = Task::belonging_to(user)
        .inner_join(task_tags::table)
        .filter(task_tags::tag_id.eq(tag.id))
        .select(Task::as_select())
        .order(tasks::id)
        .load(conn)
        .map_err(|e| failure("list the tagged tasks in", "the database", e))?;
    tags_of(conn, found)
}

fn find_tag(conn: &mut PgConnection, name: &str) -> Result<Tag> {
    tags::table
        .filter(tags::label.eq(name))
        .select(Tag::as_select())
        .first(conn)
        .optional()
        .map_err(|e| failure("look up a tag in", "the database", e))?
        .ok_or_else(|| {
            Error::new(format!(
                "there is no tag named {name:?}: put it on a task with `tag ID {name}`"
            ))
        })
}
// ANCHOR_END: tagged
