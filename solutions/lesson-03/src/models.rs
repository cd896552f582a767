//! Rust structs for the rows of `user`.

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
