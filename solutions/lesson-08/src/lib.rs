//! lesson-07 · Relations and the todo CLI: the lecture's demo app, on the schema the earlier
//! lessons built, with a many-to-many relation.

// ANCHOR: modules
pub mod account;
pub mod app;
pub mod menu;
pub mod models;
pub mod relations;
pub mod schema;
pub mod seed;
pub mod tagging;
pub mod tasks;
pub mod write;
// ANCHOR_END: modules

use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use workbook::Lesson;

/// The migrations in `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!();

/// This crate, as the shared workbook code sees it.
pub fn lesson() -> Lesson<app::Command> {
    Lesson {
        package: env!("CARGO_PKG_NAME"),
        dir: env!("CARGO_MANIFEST_DIR"),
        info: &workbook::course::lesson_07::INFO,
        migrations: Some(MIGRATIONS),
        app: app::run,
    }
}
