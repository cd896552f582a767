//! Rust structs for the rows of `user` and `task`.

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
