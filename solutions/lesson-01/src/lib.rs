//! lesson-01 · Create a project and install dependencies.

// ANCHOR: lesson
pub mod app;

use workbook::Lesson;

/// This crate, as the shared workbook code sees it. It has no migrations yet (lesson-02
/// starts them), so its app runs on an empty in-memory database.
pub fn lesson() -> Lesson<app::Command> {
    Lesson {
        package: env!("CARGO_PKG_NAME"),
        dir: env!("CARGO_MANIFEST_DIR"),
        info: &workbook::course::lesson_01::INFO,
        migrations: None,
        app: app::run,
    }
}
// ANCHOR_END: lesson
