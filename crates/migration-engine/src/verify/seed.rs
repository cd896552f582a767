//! `--seed`: SQL of the user's own that verify runs beside the migrations.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;

use crate::error::{Error, Result};
use crate::migration::script;

/// Rows of the user's own, loaded before the first migration or right after `after` (SQLite);
/// on PostgreSQL, what a project makes outside its migrations, before the first one.
pub struct Seed {
    pub file: PathBuf,
    pub sql: String,
    pub after: Option<String>,
}

impl Seed {
    /// Reads the seed file.
    pub fn read(file: &Path, after: Option<String>) -> Result<Self> {
        let sql = std::fs::read_to_string(file).map_err(|e| {
            Error::new(format!("cannot read the seed file {}: {e}", file.display()))
        })?;
        Ok(Seed {
            file: file.to_path_buf(),
            sql,
            after,
        })
    }

    /// Runs the seed one statement at a time; a failure names the statement.
    pub(super) fn load(&self, conn: &mut SqliteConnection) -> std::result::Result<(), String> {
        for (index, statement) in script::statements(&self.sql).iter().enumerate() {
            if let Err(e) = conn.batch_execute(statement) {
                let shown: String = statement.split_whitespace().collect::<Vec<_>>().join(" ");
                let shown: String = shown.chars().take(80).collect();
                return Err(format!(
                    "the seed {} fails at its statement {} (`{shown}`): {e}",
                    self.file.display(),
                    index + 1
                ));
            }
        }
        Ok(())
    }
}
