//! Tags: the many-to-many side. Tagging a task makes the tag if it is new and adds a
//! `task_tags` row; untagging removes that row; `tagged` lists a user's tasks with a tag.

use diesel::prelude::*;
use workbook::{Error, Result};

use crate::models::User;
use crate::relations::TaskWithTags;

/// The longest tag name.
pub const TAG_LIMIT: usize = 30;

// TODO (lesson-07): write the three tag commands. Each validates the tag name first
// (input::text(field, text, max) -> Result<&str> with TAG_LIMIT, shown in the lesson-03
// chapter), works only on the user's own tasks (tasks::own_task), and
// changes the database inside write::immediate:
//   tag: insert the tag if it is new (on_conflict on tags.name), then the task_tags row
//     (insert_or_ignore_into: tagging twice is fine); say "Tagged task {id} with {name}."
//   untag: delete the task_tags row and say "Removed the tag {name} from task {id}."; if
//     there was none, that is the error "task {id} does not have the tag {name}: see its
//     tags with `my-tasks`".
//   tagged: the user's tasks joined to task_tags with that tag's id, ordered by id, then
//     relations::tags_of; an unknown tag is an error.

/// Puts the tag `name` on the user's task `id`, creating the tag if it is new.
pub fn tag(_conn: &mut SqliteConnection, _user: &User, _id: i32, _name: &str) -> Result<String> {
    Err(not_written("tag"))
}

/// Takes the tag `name` off the user's task `id`.
pub fn untag(_conn: &mut SqliteConnection, _user: &User, _id: i32, _name: &str) -> Result<String> {
    Err(not_written("untag"))
}

/// The user's tasks carrying the tag `name`, complete or not, through the join table.
pub fn tagged(
    _conn: &mut SqliteConnection,
    _user: &User,
    _name: &str,
) -> Result<Vec<TaskWithTags>> {
    Err(not_written("tagged"))
}

fn not_written(command: &str) -> Error {
    Error::new(format!(
        "`{command}` is not written yet: it is your task in lessons/lesson-07/src/tagging.rs"
    ))
}
