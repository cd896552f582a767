//! `edited-migration`: a migration edited after it was applied to a given database.

use super::{On, Problem, Rule};
use crate::config::Database;
use crate::error::{Error, Result};
use crate::migration::{self, Migrations};
use crate::sqlite::connection;

pub const RULE: Rule = Rule {
    name: "edited-migration",
    summary: "no migration was edited after it was applied to the database given with \
              --database-url (comments and spacing do not count)",
    why: "diesel records which migrations ran, not what they said: the database keeps the old \
          version of an edited migration, and every other database gets the new one",
    fix: "put the files back and write the change as a new migration; only the workbook's \
          migration verbs record checksums, so databases the diesel CLI migrated are never reported",
    advisory: false,
    on: On::Both,
    rejects: &[],
    accepts: &[],
};

/// One problem per applied migration edited since, against the database `db`.
pub fn find(db: &Database, migrations: &Migrations) -> Result<Vec<Problem>> {
    if let Some(file) = db.file() {
        if !file.is_file() {
            return Err(Error::new(format!(
                "there is no database at {} to compare with the migrations",
                file.display()
            )));
        }
    }
    let mut conn = connection::open(db)?;
    Ok(migration::edited(&mut conn, &db.name(), migrations)?
        .into_iter()
        .map(|line| Problem::new(&RULE, None, line))
        .collect())
}
