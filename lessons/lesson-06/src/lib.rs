//! lesson-06 · Modify constraints.

pub mod app;
pub mod models;
pub mod schema;

use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use workbook::Lesson;

/// The migrations in `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!();

/// This crate, as the shared workbook code sees it.
pub fn lesson() -> Lesson<app::Command> {
    Lesson {
        package: env!("CARGO_PKG_NAME"),
        dir: env!("CARGO_MANIFEST_DIR"),
        info: &workbook::course::lesson_06::INFO,
        migrations: Some(MIGRATIONS),
        app: app::run,
    }
}
