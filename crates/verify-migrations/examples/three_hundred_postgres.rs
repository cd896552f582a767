//! Benchmark: `verify-migrations` on a generated folder of 300 PostgreSQL migrations (100
//! tables, each then given a column and an index built concurrently), with its generated rows,
//! its own throwaway cluster included, beside psql running the same ups once on a database of
//! a cluster already running. Whole processes of the release binary, median of 3 runs; the
//! cluster's start (initdb and server start) is timed on its own as well.
//!
//! `cargo build --release -p verify-migrations && cargo run --release -p verify-migrations --example three_hundred_postgres`

use std::path::{Path, PathBuf};
use std::time::Instant;

use migration_engine::postgres::Server;

#[path = "shared/beside_psql.rs"]
mod beside_psql;
use beside_psql::fail;
#[path = "../../../benches/measure.rs"]
mod measure;

const MIGRATIONS: usize = 300;
const RUNS: usize = 3;

fn main() {
    measure::helper_main_if_asked();
    let (binary, psql) = beside_psql::contestants();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let ups = generate(dir.path());

    let mut starts = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let server = Server::new(None).unwrap_or_else(|e| fail(e.to_string()));
        starts.push(start.elapsed());
        drop(server);
    }
    starts.sort();
    let server = Server::new(None).unwrap_or_else(|e| fail(e.to_string()));
    let folder = dir.path().to_string_lossy().into_owned();
    let (mut verify, mut shell) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        verify.push(measure::run(&binary, &[&folder], None).unwrap_or_else(|e| fail(e)));
        shell.push(beside_psql::psql_once(&psql, &server, &ups).unwrap_or_else(|e| fail(e)));
    }
    let (verify, shell) = (measure::median(&verify), measure::median(&shell));
    println!(
        "verify {MIGRATIONS} generated PostgreSQL migrations, release build, median of {RUNS} runs\n"
    );
    println!("{:<58} {:>10} {:>9}", "run", "time", "peak");
    println!(
        "{:<58} {:>8.0}ms {:>9}",
        "throwaway cluster start (initdb + postgres), alone",
        starts[RUNS / 2].as_secs_f64() * 1000.0,
        "-"
    );
    beside_psql::print(&verify, &shell);
}

/// Writes the migrations folder into `dir` and every up, in order and each in the transaction
/// diesel would give it, into one file for psql.
fn generate(dir: &Path) -> PathBuf {
    let mut ups = String::new();
    for i in 0..MIGRATIONS {
        let table = i / 3;
        let (name, up, down, in_transaction) = match i % 3 {
            0 => {
                let parent = if table == 0 {
                    String::new()
                } else {
                    format!(", parent_id INTEGER REFERENCES t{}(id)", table - 1)
                };
                (
                    format!("create_t{table}"),
                    format!(
                        "CREATE TABLE t{table} (id SERIAL PRIMARY KEY, name TEXT NOT NULL DEFAULT ''{parent});\n"
                    ),
                    format!("DROP TABLE t{table};\n"),
                    true,
                )
            }
            1 => (
                format!("add_note_to_t{table}"),
                format!(
                    "SET LOCAL lock_timeout = '2s';\nALTER TABLE t{table} ADD COLUMN note TEXT;\n"
                ),
                format!("ALTER TABLE t{table} DROP COLUMN note;\n"),
                true,
            ),
            _ => (
                format!("index_t{table}_name"),
                format!("CREATE INDEX CONCURRENTLY ix_t{table}_name ON t{table} (name);\n"),
                format!("DROP INDEX CONCURRENTLY ix_t{table}_name;\n"),
                false,
            ),
        };
        let folder = dir
            .join("migrations")
            .join(format!("2026-01-01-{:06}_{name}", i));
        std::fs::create_dir_all(&folder).expect("a migration folder");
        std::fs::write(folder.join("up.sql"), &up).expect("up.sql");
        std::fs::write(folder.join("down.sql"), down).expect("down.sql");
        if in_transaction {
            ups.push_str(&format!("BEGIN;\n{up}COMMIT;\n"));
        } else {
            std::fs::write(folder.join("metadata.toml"), "run_in_transaction = false\n")
                .expect("metadata.toml");
            ups.push_str(&up);
        }
    }
    let file = dir.join("ups.sql");
    std::fs::write(&file, ups).expect("the ups file");
    file
}
