use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const MIGRATIONS: EmbeddedMigrations = embed_migrations!();

/// The app's one way to open its database: foreign keys on, then the migrations.
pub fn open(url: &str) -> SqliteConnection {
    let mut conn = SqliteConnection::establish(url).expect("the database opens");
    conn.batch_execute("PRAGMA foreign_keys = ON;")
        .expect("foreign keys on");
    conn.run_pending_migrations(MIGRATIONS)
        .expect("the migrations run");
    conn
}
