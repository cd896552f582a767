//! Rust structs for the rows of `user` and `task`.

use diesel::prelude::*;

use crate::schema::user;

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

// TODO (lesson-04): once src/schema.rs has the task table, add
//   `Task`, a row of task (derive Queryable, Selectable, Identifiable, Associations with
//   #[diesel(belongs_to(User))]), and
//   `NewTask`, the values of a new row (derive Insertable).
