//! lesson-01 · Create a project and install dependencies.

use workbook::Lesson;
use workbook::course::lesson::{NoApp, no_app};

// TODO (lesson-01): first declare the dependencies in Cargo.toml (`cargo run -p lesson-01`
// lists them). Then switch on the report in src/app.rs, which needs them to compile:
//   1. add the line `pub mod app;` at the top of this file;
//   2. in `lesson()` below, change `Lesson<NoApp>` to `Lesson<app::Command>` and `no_app`
//      to `app::run`, and delete the `use workbook::course::lesson::...` line above;
//   3. run `cargo run -p lesson-01 -- report`.

/// This crate, as the shared workbook code sees it. It has no migrations yet (lesson-02
/// starts them), so its app runs on an empty in-memory database.
pub fn lesson() -> Lesson<NoApp> {
    Lesson {
        package: env!("CARGO_PKG_NAME"),
        dir: env!("CARGO_MANIFEST_DIR"),
        info: &workbook::course::lesson_01::INFO,
        migrations: None,
        app: no_app,
    }
}
