//! What the PostgreSQL benchmarks share: psql running a file of ups once, as a whole process,
//! on a new database of a cluster already running (the anchor), and the lines that print
//! verify's run beside it.

use std::path::Path;
use std::time::Duration;

use migration_engine::postgres::Server;

use super::measure::{self, Sample};

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

/// verify's median run and psql's, the ratio, and the targets: `limit` for the whole run and
/// issue 29's `ratio` of psql's time.
pub fn print(verify: &Sample, shell: &Sample, limit: Duration, ratio: f64) {
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
