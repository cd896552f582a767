//! The shared machinery of the workbook. Each lesson crate is data (migrations, schema,
//! models, a small app) plus a `Lesson` value; everything here interprets it.
//!
//! Its modules are layers, each built only on the ones below it (the workspace test
//! `layers` proves there is no cycle between them):
//!
//! - `cli` (the lesson binaries' command line) and `testing` (the lessons' test support);
//! - `course` (every lesson's goals and the checklist) and `verify` (the rules on any folder);
//! - `rules` (the checks, one file each) and `harness` (the scratch databases they run on);
//! - `migration`, the migration engine;
//! - `sqlite` and `postgres`, the backends: everything that talks to SQLite or PostgreSQL;
//! - `describe` (a database's tables as either backend reads them, printed as Diesel's
//!   `table!` definitions or an ER diagram) and `rows` (the rows either backend reads);
//! - `config` (which database, and why) and `error`.

pub mod cli;
pub mod config;
pub mod course;
pub mod describe;
pub mod error;
pub mod harness;
pub mod interrupt;
pub mod migration;
pub mod postgres;
pub mod rows;
pub mod rules;
pub mod sqlite;
pub mod testing;
pub mod verify;

// What a lesson crate's own code uses, at the paths the book teaches.
pub use cli::postgres::main as postgres_main;
pub use cli::{input, main, table};
pub use course::lesson::Lesson;
pub use error::{Error, Result};
pub use sqlite::connection;
