//! The workbook runner, `cargo run -p course`: where the student stands in the whole course,
//! the next hint, every lesson's checks at once, a watch mode, putting a starter back, and
//! `verify` for any Diesel migrations folder.
//!
//! It never links the lesson crates: it runs each lesson's own binary through cargo
//! (`cargo run -q -p lesson-0N -- check --format json`), so the student's edits are rebuilt
//! and the progress shown is always what the checks say now. Nothing is stored.

pub mod lessons;
pub mod progress;
pub mod report;
pub mod reset;
pub mod watch;
