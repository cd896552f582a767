//! The shared machinery of the workbook. Each lesson crate is data (migrations, schema,
//! models, a small app) plus a `Lesson` value; everything here interprets it.

pub mod check;
pub mod checksum;
pub mod cli;
pub mod config;
pub mod connection;
pub mod course;
pub mod er_diagram;
pub mod error;
pub mod input;
pub mod lesson;
pub mod manifest;
pub mod migration;
pub mod postgres;
pub mod print_schema;
pub mod rules;
pub mod schema;
pub mod scratch;
pub mod shape;
mod sql;
pub mod table;
pub mod testing;
pub mod traps;
pub mod verify;
pub mod violation;

pub use cli::main;
pub use error::{Error, Result};
pub use lesson::Lesson;
