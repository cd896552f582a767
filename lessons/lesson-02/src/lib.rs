//! lesson-02 · Initialize migrations.

pub mod app;

use workbook::Lesson;

// TODO (lesson-02): make the first migration with
// `cargo run -p lesson-02 -- migration generate create_user` and write its up.sql and
// down.sql. Until the migrations are embedded, the binary reads migrations/ at run time.
// Then embed them:
//   1. add build.rs next to Cargo.toml, printing `cargo:rerun-if-changed=migrations`;
//   2. here, `use diesel_migrations::{EmbeddedMigrations, embed_migrations};` and
//      `pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!();`;
//   3. in `lesson()` below, change `migrations: None` to `migrations: Some(MIGRATIONS)`.

/// This crate, as the shared workbook code sees it.
pub fn lesson() -> Lesson<app::Command> {
    Lesson {
        package: env!("CARGO_PKG_NAME"),
        dir: env!("CARGO_MANIFEST_DIR"),
        info: &workbook::course::lesson_02::INFO,
        migrations: None,
        app: app::run,
    }
}
