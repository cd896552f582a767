//! Rust structs for the rows of `user` and `task`.
//!
//! TODO (lesson-05): after regenerating src/schema.rs, make these the rows of `users` and
//! `tasks`: `User` gains email, first_name, last_name (Option<String>) and birthday
//! (Option<chrono::NaiveDate>), `Task` has due_date and category_id instead of due and category,
//! and a `Category` (id, name) row belongs in here too.

use diesel::prelude::*;

use crate::schema::{task, user};

#[derive(Queryable, Selectable, Identifiable, Debug)]
#[diesel(table_name = user)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite))]
pub struct User {
    pub id: i32,
    pub username: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = user)]
pub struct NewUser<'a> {
    pub username: &'a str,
}

#[derive(Queryable, Selectable, Identifiable, Associations, Debug)]
#[diesel(table_name = task)]
#[diesel(belongs_to(User))]
#[diesel(check_for_backend(diesel::sqlite::Sqlite))]
pub struct Task {
    pub id: i32,
    pub description: String,
    pub complete: bool,
    pub due: Option<String>,
    pub category: Option<String>,
    pub user_id: Option<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = task)]
pub struct NewTask<'a> {
    pub description: &'a str,
    pub due: Option<String>,
    pub category: Option<&'a str>,
    pub user_id: i32,
}
