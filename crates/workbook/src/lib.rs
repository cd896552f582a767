//! The shared machinery of the workbook. Each lesson crate is data (migrations, schema,
//! models, a small app) plus a `Lesson` value; everything here interprets it.

pub mod cli;
pub mod config;
pub mod course;
pub mod error;
pub mod harness;
pub mod input;
pub mod migration;
pub mod rules;
pub mod sqlite;
pub mod table;
pub mod testing;
pub mod verify;

pub use cli::main;
pub use course::lesson::Lesson;
pub use error::{Error, Result};
pub use sqlite::connection;
