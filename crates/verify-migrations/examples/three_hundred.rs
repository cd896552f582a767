//! Benchmark: `verify-migrations` on a generated folder of 300 migrations (100 tables, each
//! then given a column and an index), with its generated rows, beside the sqlite3 shell running
//! the same ups once. Whole processes of the release binary, median of 5 interleaved runs, each process's own peak memory.
//!
//! `cargo build --release -p verify-migrations && cargo run --release -p verify-migrations --example three_hundred`

use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "../../../benches/measure.rs"]
mod measure;

const MIGRATIONS: usize = 300;
const RUNS: usize = 5;
/// The target for the whole verify run on this machine.
const TARGET: Duration = Duration::from_secs(2);
/// Issue 29's target: verify's run at most this many times the shell's one pass over the ups.
const RATIO: f64 = 3.0;

fn main() {
    measure::helper_main_if_asked();
    let binary =
        measure::built_binary("verify-migrations", "verify-migrations").unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let ups = generate(dir.path());
    let sqlite3 = measure::on_path("sqlite3");
    let folder = dir.path().to_string_lossy().into_owned();
    let db = dir.path().join("shell.db").to_string_lossy().into_owned();
    let (mut verify, mut shell) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        verify
            .push(measure::run(&binary, &[&folder], None).expect("the generated migrations pass"));
        if let Some(sqlite3) = &sqlite3 {
            let _ = std::fs::remove_file(&db);
            shell.push(measure::run(sqlite3, &[&db], Some(&ups)).expect("sqlite3 runs the ups"));
        }
    }
    let verify = measure::median(&verify);
    println!(
        "verify {MIGRATIONS} generated migrations, release build, median of {RUNS} whole-process runs\n"
    );
    println!("{:<44} {:>10} {:>9}", "run", "time", "peak");
    println!(
        "{:<44} {:>8.0}ms {:>7.1}MiB",
        "verify-migrations (up, down, up + rows each)",
        verify.ms(),
        verify.mib()
    );
    if shell.is_empty() {
        println!("sqlite3 shell: not installed (apt-get install sqlite3), anchor skipped");
    } else {
        let shell = measure::median(&shell);
        println!(
            "{:<44} {:>8.0}ms {:>7.1}MiB",
            "sqlite3 shell, the same ups once",
            shell.ms(),
            shell.mib()
        );
        println!(
            "\nverify does 3 steps per migration and compares schema and rows after each: {:.1}x the shell's one pass",
            verify.ms() / shell.ms()
        );
        println!(
            "target (issue 29): at most {RATIO}x the shell's one pass: {}",
            measure::verdict(verify.ms() / shell.ms(), RATIO)
        );
    }
    println!(
        "target: under {TARGET:?} on this machine: {} ({:.0}% of it)",
        measure::verdict(verify.wall.as_secs_f64(), TARGET.as_secs_f64()),
        100.0 * verify.wall.as_secs_f64() / TARGET.as_secs_f64()
    );
}

/// Writes the migrations folder into `dir` and every up, in order, into one file for the shell.
fn generate(dir: &Path) -> PathBuf {
    let mut ups = String::new();
    for i in 0..MIGRATIONS {
        let table = i / 3;
        let (name, up, down) = match i % 3 {
            0 => {
                let parent = if table == 0 {
                    String::new()
                } else {
                    format!(", parent_id INTEGER REFERENCES t{}(id)", table - 1)
                };
                (
                    format!("create_t{table}"),
                    format!(
                        "CREATE TABLE t{table} (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT ''{parent});\n"
                    ),
                    format!("DROP TABLE t{table};\n"),
                )
            }
            1 => (
                format!("add_note_to_t{table}"),
                format!("ALTER TABLE t{table} ADD COLUMN note TEXT;\n"),
                format!("ALTER TABLE t{table} DROP COLUMN note;\n"),
            ),
            _ => (
                format!("index_t{table}_name"),
                format!("CREATE INDEX ix_t{table}_name ON t{table}(name);\n"),
                format!("DROP INDEX ix_t{table}_name;\n"),
            ),
        };
        let folder = dir
            .join("migrations")
            .join(format!("2026-01-01-{:06}_{name}", i));
        std::fs::create_dir_all(&folder).expect("a migration folder");
        std::fs::write(folder.join("up.sql"), &up).expect("up.sql");
        std::fs::write(folder.join("down.sql"), down).expect("down.sql");
        ups.push_str(&up);
    }
    let file = dir.join("ups.sql");
    std::fs::write(&file, ups).expect("the ups file");
    file
}
