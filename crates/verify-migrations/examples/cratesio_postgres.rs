//! Benchmark: `verify-migrations` on the largest real PostgreSQL folder of the corpus,
//! crates.io's 285 migrations (tests/corpus/cratesio), with its generated rows and its own
//! throwaway cluster included, beside psql running the same ups once, in diesel's order and
//! each in the transaction diesel would give it, on a database of a cluster already running.
//! Whole processes of the release binary, median of 3 runs.
//!
//! `cargo build --release -p verify-migrations && cargo run --release -p verify-migrations --example cratesio_postgres`

use std::path::{Path, PathBuf};

use migration_engine::postgres::Server;

#[path = "shared/beside_psql.rs"]
mod beside_psql;
use beside_psql::fail;
#[path = "../../../benches/measure.rs"]
mod measure;

const RUNS: usize = 3;
/// verify's exit code on this folder: it finds the problems crates.io's migrations have
/// (tests/corpus/cratesio/expected).
const PROBLEMS_FOUND: i32 = 1;

fn main() {
    measure::helper_main_if_asked();
    let (binary, psql) = beside_psql::contestants();
    let folder =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/cratesio/migrations");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (count, ups) = ups_in_one_file(&folder, dir.path()).unwrap_or_else(|e| fail(e));

    let server = Server::new(None).unwrap_or_else(|e| fail(e.to_string()));
    let folder = folder.to_string_lossy().into_owned();
    let (mut verify, mut shell) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let run = measure::run_expecting(&binary, &[&folder], None, PROBLEMS_FOUND);
        verify.push(run.unwrap_or_else(|e| fail(e)));
        shell.push(beside_psql::psql_once(&psql, &server, &ups).unwrap_or_else(|e| fail(e)));
    }
    let (verify, shell) = (measure::median(&verify), measure::median(&shell));
    println!(
        "verify crates.io's {count} PostgreSQL migrations (tests/corpus/cratesio), release \
         build, median of {RUNS} runs\n"
    );
    println!("{:<58} {:>10} {:>9}", "run", "time", "peak");
    beside_psql::print(&verify, &shell);
}

/// Writes every up of the migrations folder `folder` into one file in `dir`, in the order of
/// their versions (the folder name before its first `_`, dashes left out, as diesel orders
/// them), each in a transaction unless its metadata.toml says `run_in_transaction = false`.
/// Gives the number of migrations and the file.
fn ups_in_one_file(folder: &Path, dir: &Path) -> Result<(usize, PathBuf), String> {
    let cannot = |what: &Path, e: std::io::Error| format!("cannot read {}: {e}", what.display());
    let mut migrations: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| cannot(folder, e))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("up.sql").is_file())
        .collect();
    let version = |path: &PathBuf| {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        name.split('_').next().unwrap_or_default().replace('-', "")
    };
    migrations.sort_by_key(version);
    // The ups' notices (`... does not exist, skipping`) are not what is measured.
    let mut ups = String::from("SET client_min_messages = warning;\n");
    for migration in &migrations {
        let up = migration.join("up.sql");
        let sql = std::fs::read_to_string(&up).map_err(|e| cannot(&up, e))?;
        let in_transaction = std::fs::read_to_string(migration.join("metadata.toml"))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .and_then(|table| table.get("run_in_transaction")?.as_bool())
            .unwrap_or(true);
        if in_transaction {
            ups.push_str(&format!("BEGIN;\n{sql}\n;COMMIT;\n"));
        } else {
            ups.push_str(&format!("{sql}\n;\n"));
        }
    }
    let file = dir.join("ups.sql");
    std::fs::write(&file, ups).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok((migrations.len(), file))
}
