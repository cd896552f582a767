//! Rust structs for the rows the app reads and writes, and how they relate: a user has many
//! tasks (`Task` belongs to `User`).

use diesel::prelude::*;
use serde::Serialize;

use crate::schema::{tasks, users};

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite))]
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
#[diesel(check_for_backend(diesel::sqlite::Sqlite))]
pub struct Task {
    pub id: i32,
    pub description: String,
    pub complete: bool,
    pub due_date: Option<String>,
    pub user_id: Option<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTask<'a> {
    pub description: &'a str,
    pub due_date: Option<String>,
    pub user_id: i32,
}

// TODO (lesson-07): once src/schema.rs has tags and task_tags (run the migrations, then
// `cargo run -p lesson-07 -- print-schema --write`), add
//   `Tag`, a row of tags (derive Queryable, Selectable, Identifiable, Debug, Clone, Serialize), and
//   `TaskTag`, a row of task_tags (derive Queryable, Selectable, Identifiable, Associations,
//   Insertable, Debug, Clone), with #[diesel(primary_key(task_id, tag_id))] and
//   #[diesel(belongs_to(Task))] and #[diesel(belongs_to(Tag))].
