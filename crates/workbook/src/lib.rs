//! The teaching machinery of the workbook. Each lesson crate is data (migrations, schema,
//! models, a small app) plus a `Lesson` value; everything here interprets it, on the engine
//! `migration_engine` (the backends, the migration runner, the scratch databases, the rules and
//! `verify`), whose modules are re-exported here at the paths the lessons and the book use.
//!
//! Its own modules are layers, each built only on the ones below it (the workspace test
//! `layers` proves there is no cycle between them):
//!
//! - `cli` (the lesson binaries' command line) and `testing` (the lessons' test support);
//! - `course` (every lesson's goals and the checklist);
//! - `move_data` (lesson 08's SQLite-to-PostgreSQL copy) and `lesson_server` (lesson 08's own
//!   PostgreSQL server).

pub mod cli;
pub mod course;
pub mod lesson_server;
pub mod move_data;
pub mod testing;

pub use migration_engine::{
    app_schema, config, describe, error, harness, interrupt, migration, postgres, rows, rules,
    sqlite, throwaway, verify,
};

// What a lesson crate's own code uses, at the paths the book teaches.
pub use cli::postgres::main as postgres_main;
pub use cli::{input, main, table};
pub use course::lesson::Lesson;
pub use error::{Error, Result};
pub use sqlite::connection;
