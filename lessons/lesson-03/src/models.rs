//! Rust structs for the rows of `user`.

// TODO (lesson-03): once src/schema.rs has the user table, add
//   `User`, a row of user (derive Queryable, Selectable, Identifiable, Debug, with
//   #[diesel(table_name = user)] and #[diesel(check_for_backend(diesel::sqlite::Sqlite))]), and
//   `NewUser<'a>`, the values of a new row: `username: &'a str` (derive Insertable).
