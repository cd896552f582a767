//! lesson-08 · Outgrow SQLite: lesson-07's todo app on PostgreSQL, on the course's schema
//! written for PostgreSQL, and the changes made to it while the app runs (an index built
//! CONCURRENTLY, a CHECK added NOT VALID, a column with a default, tags.name renamed to label by
//! expand and contract, with `backfill-labels` between the two).

// ANCHOR: modules
pub mod account;
pub mod app;
pub mod backfill;
pub mod menu;
pub mod models;
pub mod relations;
pub mod schema;
pub mod seed;
pub mod tagging;
pub mod tasks;
pub mod write;
// ANCHOR_END: modules

use diesel::pg::PgConnection;
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use workbook::Lesson;

/// The migrations in `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!();

// ANCHOR: lesson
/// This crate, as the shared workbook code sees it.
pub fn lesson() -> Lesson<app::Command, PgConnection> {
    Lesson {
        package: env!("CARGO_PKG_NAME"),
        dir: env!("CARGO_MANIFEST_DIR"),
        info: &workbook::course::lesson_08::INFO,
        migrations: Some(MIGRATIONS),
        app: app::run,
    }
}
// ANCHOR_END: lesson
