//! The lesson's app: `report`, which SQLite this program linked and what it can do.

use std::io::Write;

use clap::Subcommand;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Text;
use workbook::{Error, Result};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Show which SQLite this program linked and which ALTER TABLE moves it supports
    Report,
}

/// Runs one command. The report opens its own in-memory database, so it leaves `_conn` alone.
pub fn run(command: Command, _conn: &mut SqliteConnection, out: &mut dyn Write) -> Result<()> {
    let text = match command {
        Command::Report => report()?,
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}

// ANCHOR: report
/// Opens an in-memory SQLite database and asks it which version it is.
pub fn report() -> Result<String> {
    let mut conn = SqliteConnection::establish(":memory:")
        .map_err(|e| Error::new(format!("cannot open an in-memory SQLite database: {e}")))?;
    let version: String = diesel::select(sql::<Text>("sqlite_version()"))
        .get_result(&mut conn)
        .map_err(|e| Error::new(format!("cannot ask SQLite for its version: {e}")))?;
    let can = |needed| {
        if at_least(&version, needed) {
            "yes"
        } else {
            "no"
        }
    };
    Ok(format!(
        "SQLite {version} is linked into this program.\n\
         RENAME COLUMN (SQLite 3.25+): {}\n\
         DROP COLUMN (SQLite 3.35+): {}\n",
        can((3, 25)),
        can((3, 35)),
    ))
}
// ANCHOR_END: report

/// True when `version` ("3.45.1") is `needed` (major, minor) or newer.
fn at_least(version: &str, needed: (u32, u32)) -> bool {
    let mut numbers = version.split('.').map(|n| n.parse::<u32>().unwrap_or(0));
    let found = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    found >= needed
}

#[cfg(test)]
mod tests {
    use super::at_least;

    #[test]
    fn versions_compare_by_number_not_by_text() {
        assert!(at_least("3.25.0", (3, 25)));
        assert!(at_least("3.35.5", (3, 25)));
        assert!(!at_least("3.24.9", (3, 25)));
        assert!(!at_least("3.9.2", (3, 25)));
        assert!(at_least("3.100.0", (3, 35)));
        assert!(at_least("4.0.0", (3, 35)));
    }
}
