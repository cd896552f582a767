//! The todo app on PostgreSQL, end to end: every test gets a scratch database of its own on one
//! throwaway cluster that the whole test binary shares (it stops when the binary ends). Each
//! file of tests/app/ is a module of this one test binary.

mod backfill;
mod cli;
mod concurrency;
mod menu;
mod queries;
mod refused;
mod terminal;
mod usernames;

use std::sync::OnceLock;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_migrations::MigrationHarness;
use workbook::postgres::{Scratch, Server};
use workbook::testing::{Bin, Run};

/// The throwaway cluster of this test binary.
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| Server::new(None).expect("PostgreSQL is installed on this machine"))
}

/// A scratch database, and the real solution-08 binary pointed at it.
pub struct Db {
    pub scratch: Scratch,
    bin: Bin,
}

impl Db {
    /// A new empty database: no migration applied.
    pub fn empty() -> Db {
        Db {
            scratch: server().scratch().expect("a scratch database"),
            bin: Bin::new(env!("CARGO_BIN_EXE_solution-08")),
        }
    }

    /// A new database with every migration of the lesson applied.
    pub fn migrated() -> Db {
        let db = Db::empty();
        db.conn()
            .run_pending_migrations(solution_08::MIGRATIONS)
            .expect("the lesson's migrations apply");
        db
    }

    /// A new connection to it.
    pub fn conn(&self) -> PgConnection {
        self.scratch
            .connect()
            .expect("a connection to the scratch database")
    }

    /// Runs the binary with `--database-url <this database>` and `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut full = vec!["--database-url", self.scratch.url.as_str()];
        full.extend_from_slice(args);
        self.bin.run_bare(&full)
    }

    /// Runs the binary with exactly `args`.
    pub fn run_bare(&self, args: &[&str]) -> Run {
        self.bin.run_bare(args)
    }

    /// Every row of every table and where every identity sequence stands, as text: equal
    /// before and after a command when it changed nothing (SQLite's tests compared the file).
    pub fn rows(&self) -> String {
        #[derive(QueryableByName)]
        struct Line {
            #[diesel(sql_type = Text)]
            line: String,
        }
        let lines: Vec<Line> = diesel::sql_query(
            "SELECT 'users ' || t::text AS line FROM users t \
             UNION ALL SELECT 'tasks ' || t::text FROM tasks t \
             UNION ALL SELECT 'tags ' || t::text FROM tags t \
             UNION ALL SELECT 'task_tags ' || t::text FROM task_tags t \
             UNION ALL SELECT 'sessions ' || t::text FROM sessions t \
             UNION ALL SELECT 'categories ' || t::text FROM categories t \
             UNION ALL SELECT sequencename || ' ' || coalesce(last_value::text, '-') FROM pg_sequences \
             ORDER BY 1",
        )
        .load(&mut self.conn())
        .expect("the rows read");
        lines.into_iter().map(|l| l.line + "\n").collect()
    }
}
