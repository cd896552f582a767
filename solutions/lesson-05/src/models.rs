//! Rust structs for the rows of `users`, `tasks` and `categories`.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::schema::{categories, tasks, users};

// ANCHOR: user
#[derive(Queryable, Selectable, Identifiable, Debug)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite))]
pub struct User {
    pub id: i32,
    pub username: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub birthday: Option<NaiveDate>,
}
// ANCHOR_END: user

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub email: Option<&'a str>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub birthday: Option<NaiveDate>,
}

#[derive(Queryable, Selectable, Identifiable, Debug)]
#[diesel(table_name = categories)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite))]
pub struct Category {
    pub id: i32,
    pub name: String,
}

// ANCHOR: task
#[derive(Insertable)]
#[diesel(table_name = categories)]
pub struct NewCategory<'a> {
    pub name: &'a str,
}

#[derive(Queryable, Selectable, Identifiable, Associations, Debug)]
#[diesel(table_name = tasks)]
#[diesel(belongs_to(User))]
#[diesel(belongs_to(Category))]
#[diesel(check_for_backend(diesel::sqlite::Sqlite))]
pub struct Task {
    pub id: i32,
    pub description: String,
    pub complete: bool,
    pub due_date: Option<String>,
    pub user_id: Option<i32>,
    pub category_id: Option<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTask<'a> {
    pub description: &'a str,
    pub due_date: Option<String>,
    pub user_id: i32,
    pub category_id: Option<i32>,
}
// ANCHOR_END: task
