//! Rust structs for the rows the app reads and writes, and how they relate: a user has many
//! tasks (`Task` belongs to `User`), and tasks and tags meet in `task_tags` (`TaskTag`
//! belongs to both).

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Serialize, Serializer};

use crate::schema::{tags, task_tags, tasks, users};

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct User {
    pub id: i32,
    pub username: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    /// `input::username_key(username)`: what makes "Äpfel" and "äpfel" one username.
    pub username_key: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

#[derive(Queryable, Selectable, Identifiable, Associations, Debug, Clone, Serialize)]
#[diesel(table_name = tasks)]
#[diesel(belongs_to(User))]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Task {
    pub id: i32,
    pub description: String,
    pub complete: bool,
    /// A PostgreSQL DATE (SQLite stored the text `2026-12-24`).
    #[serde(serialize_with = "date_text")]
    pub due_date: Option<NaiveDate>,
    pub user_id: Option<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTask<'a> {
    pub description: &'a str,
    pub due_date: Option<NaiveDate>,
    pub user_id: i32,
}

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = tags)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Tag {
    pub id: i32,
    // TODO (lesson-08): once contract_tag_name has run and `print-schema --write` has made
    // src/schema.rs say tags (id, label), this is `label` (and tags::label in src/tagging.rs,
    // src/relations.rs and src/seed.rs).
    pub name: String,
}

/// One row of the join table: this task carries this tag.
#[derive(Queryable, Selectable, Identifiable, Associations, Insertable, Debug, Clone)]
#[diesel(table_name = task_tags)]
#[diesel(primary_key(task_id, tag_id))]
#[diesel(belongs_to(Task))]
#[diesel(belongs_to(Tag))]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct TaskTag {
    pub task_id: i32,
    pub tag_id: i32,
}

/// A date in JSON as the text `2026-12-24`, as it was when SQLite stored it as text (chrono's
/// `serde` feature would write the same; the workspace leaves it off).
fn date_text<S: Serializer>(date: &Option<NaiveDate>, to: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => to.collect_str(date),
        None => to.serialize_none(),
    }
}
