//! Benchmark: `verify-migrations` on a generated folder of 300 migrations (100 tables, each
//! then given a column and an index), with its generated rows, beside the sqlite3 shell running
//! the same ups once. Whole processes of the release binary, median of 5 interleaved runs.
//!
//! `cargo build --release -p verify-migrations && cargo run --release -p verify-migrations --example three_hundred`

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MIGRATIONS: usize = 300;
const RUNS: usize = 5;
/// The target for the whole verify run on this machine.
const TARGET: Duration = Duration::from_secs(2);

fn main() {
    let exe = std::env::current_exe().expect("the example knows where it runs from");
    // target/release/examples/three_hundred -> target/release/verify-migrations
    let binary = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("verify-migrations"))
        .filter(|binary| binary.is_file());
    let Some(binary) = binary else {
        eprintln!(
            "error: no release build of verify-migrations beside this example: run `cargo build \
             --release -p verify-migrations` first"
        );
        std::process::exit(2);
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let ups = generate(dir.path());
    let sqlite3 = Command::new("sqlite3").arg("--version").output().is_ok();

    let mut verify_times = Vec::new();
    let mut shell_times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = Command::new(&binary)
            .arg(dir.path())
            .stdout(Stdio::null())
            .status()
            .expect("verify-migrations runs");
        verify_times.push(start.elapsed());
        assert!(status.success(), "the generated migrations must pass");
        if sqlite3 {
            let db = dir.path().join("shell.db");
            let _ = std::fs::remove_file(&db);
            let start = Instant::now();
            let status = Command::new("sqlite3")
                .arg(&db)
                .stdin(std::fs::File::open(&ups).expect("the ups file"))
                .stdout(Stdio::null())
                .status()
                .expect("sqlite3 runs");
            shell_times.push(start.elapsed());
            assert!(status.success());
        }
    }
    let verify = median(&mut verify_times);
    println!(
        "verify {MIGRATIONS} generated migrations, release build, median of {RUNS} whole-process runs\n"
    );
    println!("{:<44} {:>10}", "run", "time");
    println!(
        "{:<44} {:>10.3?}",
        "verify-migrations (up, down, up + rows each)", verify
    );
    if sqlite3 {
        let shell = median(&mut shell_times);
        println!(
            "{:<44} {:>10.3?}",
            "sqlite3 shell, the same ups once", shell
        );
        println!(
            "\nverify does 3 steps per migration and compares schema and rows after each: {:.1}x the shell's one pass",
            verify.as_secs_f64() / shell.as_secs_f64()
        );
    } else {
        println!("sqlite3 shell: not installed (apt-get install sqlite3), anchor skipped");
    }
    let verdict = if verify <= TARGET { "met" } else { "missed" };
    println!(
        "target: under {TARGET:?} on this machine: {verdict} ({:.0}% of it)",
        100.0 * verify.as_secs_f64() / TARGET.as_secs_f64()
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
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
