//! What the PostgreSQL benchmarks share: psql running a file of ups once, as a whole process,
//! on a new database of a cluster already running (the anchor), and the lines that print
//! verify's run beside it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use migration_engine::postgres::Server;

use super::measure::{self, Sample};

/// The target for the whole verify run on this machine, cluster start included.
const TARGET: Duration = Duration::from_secs(60);
/// Issue 29's target: verify's run at most this many times psql's one pass over the ups.
const RATIO: f64 = 10.0;

/// Says why the benchmark cannot run, and ends it with exit code 2.
pub fn fail(e: String) -> ! {
    eprintln!("error: {e}");
    std::process::exit(2)
}

/// The release build of verify-migrations and psql, or why the benchmark cannot run.
pub fn contestants() -> (PathBuf, PathBuf) {
    let binary =
        measure::built_binary("verify-migrations", "verify-migrations").unwrap_or_else(|e| fail(e));
    let psql = measure::on_path("psql").unwrap_or_else(|| {
        fail("psql is not installed (Debian: apt-get install postgresql-client)".into())
    });
    (binary, psql)
}

/// psql running `ups` once, stopping at the first error, on a new database of `server`.
pub fn psql_once(psql: &Path, server: &Server, ups: &Path) -> Result<Sample, String> {
    let db = server.scratch().map_err(|e| e.to_string())?;
    let ups = ups.to_string_lossy();
    let args = [
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-d",
        &db.url,
        "-f",
        &ups,
    ];
    measure::run(psql, &args, None)
}

/// verify's median run and psql's, the ratio, and the targets: `TARGET` for the whole run and
/// issue 29's `RATIO` of psql's time.
pub fn print(verify: &Sample, shell: &Sample) {
    let (limit, ratio) = (TARGET, RATIO);
    println!(
        "{:<58} {:>8.0}ms {:>7.1}MiB",
        "verify-migrations, cluster included (up, down, up + rows)",
        verify.ms(),
        verify.mib()
    );
    println!(
        "{:<58} {:>8.0}ms {:>7.1}MiB",
        "psql, the same ups once, cluster already running",
        shell.ms(),
        shell.mib()
    );
    println!(
        "\nverify does 3 steps per migration, watches each up statement's locks and compares \
         schema and rows after each: {:.1}x psql's one pass",
        verify.ms() / shell.ms()
    );
    println!(
        "target: under {limit:?} on this machine: {} ({:.0}% of it)",
        measure::verdict(verify.wall.as_secs_f64(), limit.as_secs_f64()),
        100.0 * verify.wall.as_secs_f64() / limit.as_secs_f64()
    );
    println!(
        "target (issue 29): at most {ratio}x psql's one pass: {}",
        measure::verdict(verify.ms() / shell.ms(), ratio)
    );
}
