//! Benchmark: `verify-migrations` on one migration whose up.sql is 5, 20 and 50 MB of INSERTs
//! (a data migration of the kind that fills a table), beside the sqlite3 shell running the
//! same file once, in one transaction. The time per MB must stay flat as the file grows: linear, not quadratic.
//! Whole processes of the release binary, one run each (the 50 MB run takes a while).
//!
//! `cargo build --release -p verify-migrations && cargo run --release -p verify-migrations --example big_up_sql`

use std::path::Path;

#[path = "../../../benches/measure.rs"]
mod measure;

const SIZES_MB: [usize; 3] = [5, 20, 50];

fn main() {
    measure::helper_main_if_asked();
    let binary =
        measure::built_binary("verify-migrations", "verify-migrations").unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        });
    let sqlite3 = measure::on_path("sqlite3");
    println!("verify one migration of INSERTs, release build, one whole-process run per size\n");
    println!(
        "{:>6} {:>10} {:>10} {:>9} {:>14}",
        "size", "verify", "per MB", "peak", "sqlite3 shell"
    );
    let mut per_mb = Vec::new();
    for mb in SIZES_MB {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let up = generate(dir.path(), mb);
        let folder = dir.path().to_string_lossy().into_owned();
        let verify = measure::run(&binary, &[&folder], None).expect("the migration passes");
        // The shell runs the table and the up once, in one transaction as diesel runs it.
        let shell = sqlite3.as_ref().map(|sqlite3| {
            let db = dir.path().join("shell.db").to_string_lossy().into_owned();
            let script = dir.path().join("shell.sql");
            let up = std::fs::read_to_string(&up).expect("the up");
            std::fs::write(&script, format!("BEGIN;\n{CREATE}{up}COMMIT;\n")).expect("shell.sql");
            measure::run(sqlite3, &[&db], Some(&script)).expect("sqlite3 runs the up")
        });
        per_mb.push(verify.ms() / mb as f64);
        println!(
            "{:>4}MB {:>8.0}ms {:>8.0}ms {:>7.1}MiB {:>12}",
            mb,
            verify.ms(),
            verify.ms() / mb as f64,
            verify.mib(),
            shell.map_or("not installed".to_string(), |s| format!("{:.0}ms", s.ms()))
        );
    }
    let growth = per_mb[per_mb.len() - 1] / per_mb[0];
    println!(
        "\ntime per MB at {} MB is {growth:.2}x that at {} MB; target: linear (under 2x): {}",
        SIZES_MB[SIZES_MB.len() - 1],
        SIZES_MB[0],
        measure::verdict(growth, 2.0)
    );
}

const CREATE: &str = "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL, v TEXT NOT NULL);\n";

/// Writes a folder with `create` and `fill` (an up.sql of about `mb` MB) into `dir`; the path
/// of the fill's up.sql.
fn generate(dir: &Path, mb: usize) -> std::path::PathBuf {
    let create = dir.join("migrations/2026-01-01-000000_create");
    let fill = dir.join("migrations/2026-01-02-000000_fill");
    for folder in [&create, &fill] {
        std::fs::create_dir_all(folder).expect("a migration folder");
    }
    std::fs::write(create.join("up.sql"), CREATE).expect("up.sql");
    std::fs::write(create.join("down.sql"), "DROP TABLE t;\n").expect("down.sql");
    let mut up = String::with_capacity(mb << 20);
    let mut id = 0;
    while up.len() < mb << 20 {
        id += 1;
        up.push_str(&format!(
            "INSERT INTO t (id, v) VALUES ({id}, 'row {id} of a data migration, with some text');\n"
        ));
    }
    std::fs::write(fill.join("up.sql"), &up).expect("up.sql");
    std::fs::write(fill.join("down.sql"), "DELETE FROM t;\n").expect("down.sql");
    fill.join("up.sql")
}
