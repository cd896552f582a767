//! The engine under `verify-migrations` and the workbook: it runs a folder of Diesel
//! migrations, SQLite's or PostgreSQL's, on throw-away databases and judges them by rules.
//!
//! Its modules are layers, each built only on the ones below it (the workspace test
//! `layers` proves there is no cycle between them):
//!
//! - `verify` (the rules run on any folder, and its report);
//! - `rules` (the checks, one file each) and `harness` (the scratch databases they run on);
//! - `migration`, running and reading migrations;
//! - `sqlite` and `postgres`, the backends: everything that talks to SQLite or PostgreSQL;
//! - `describe` (a database's tables as either backend reads them, printed as Diesel's
//!   `table!` definitions or an ER diagram) and `rows` (the rows either backend reads);
//! - `app_schema` (the app's own `schema.rs`, its `table!` definitions read at a git commit);
//! - `config` (which database, and why), `interrupt` (Ctrl-C cleans up) and `error`.

pub mod app_schema;
pub mod config;
pub mod describe;
pub mod error;
pub mod harness;
pub mod interrupt;
pub mod migration;
pub mod postgres;
pub mod rows;
pub mod rules;
pub mod sqlite;
pub mod throwaway;
pub mod verify;

pub use error::{Error, Result};
