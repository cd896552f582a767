//! Edited-migration detection. Diesel records which versions ran, not what they said, so a
//! migration edited after it was applied goes unnoticed. The workbook also records a checksum
//! of each migration's `up.sql` and `down.sql` when it applies one, and compares it with the
//! files later. Migrations applied without a checksum (by the real diesel CLI, or before this
//! table existed) are never reported.

use std::collections::BTreeMap;
use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteConnection};

use crate::migration::{self, Migrations};

/// The workbook's bookkeeping table: one row per migration it applied, with its checksum.
/// Its `__` prefix keeps it out of `diesel print-schema`, and `schema::is_internal` keeps it
/// out of the workbook's dumps.
pub const CHECKSUM_TABLE: &str = "__workbook_migration_checksums";

/// The checksum of the migration folder's `up.sql` and `down.sql` (a missing `down.sql`
/// counts as empty), with CRLF line endings read as LF so that a checkout on Windows is not an
/// edit. `None` when `up.sql` cannot be read.
pub fn of_folder(folder: &Path) -> Option<String> {
    let up = std::fs::read_to_string(folder.join("up.sql")).ok()?;
    let down = std::fs::read_to_string(folder.join("down.sql")).unwrap_or_default();
    let mut hash = Fnv1a::new();
    hash.write(up.replace("\r\n", "\n").as_bytes());
    // 0xFF never occurs in UTF-8, so moving text from one file to the other changes the sum.
    hash.write(&[0xFF]);
    hash.write(down.replace("\r\n", "\n").as_bytes());
    Some(format!("fnv1a64:{:016x}", hash.0))
}

/// 64-bit FNV-1a: small, stable across versions and platforms, and enough to notice an edit
/// (this guards against mistakes, not against an attacker).
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Records `checksum` as the one `version` was applied with.
pub fn record(conn: &mut SqliteConnection, version: &str, checksum: &str) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {CHECKSUM_TABLE} \
         (version TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL)"
    ))?;
    diesel::sql_query(format!(
        "INSERT OR REPLACE INTO {CHECKSUM_TABLE} (version, checksum) VALUES (?, ?)"
    ))
    .bind::<Text, _>(version)
    .bind::<Text, _>(checksum)
    .execute(conn)
    .map(|_| ())
}

/// Forgets the checksum of a reverted `version`.
pub fn forget(conn: &mut SqliteConnection, version: &str) -> QueryResult<()> {
    if !crate::schema::has_table(conn, CHECKSUM_TABLE)? {
        return Ok(());
    }
    diesel::sql_query(format!("DELETE FROM {CHECKSUM_TABLE} WHERE version = ?"))
        .bind::<Text, _>(version)
        .execute(conn)
        .map(|_| ())
}

/// The recorded checksums by version; empty for a database that has none.
pub fn recorded(conn: &mut SqliteConnection) -> QueryResult<BTreeMap<String, String>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        version: String,
        #[diesel(sql_type = Text)]
        checksum: String,
    }
    if !crate::schema::has_table(conn, CHECKSUM_TABLE)? {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<Row> =
        diesel::sql_query(format!("SELECT version, checksum FROM {CHECKSUM_TABLE}")).load(conn)?;
    Ok(rows.into_iter().map(|r| (r.version, r.checksum)).collect())
}

/// The applied migrations whose files no longer match the checksum recorded when they were
/// applied, oldest first. A migration with no recorded checksum, or whose files cannot be
/// read, is not reported.
pub fn edited<'m>(
    conn: &mut SqliteConnection,
    migrations: &'m Migrations,
) -> QueryResult<Vec<&'m dyn Migration<Sqlite>>> {
    let recorded = recorded(conn)?;
    let applied = migration::applied(conn)?;
    Ok(migrations
        .iter()
        .filter(|m| {
            let version = migration::version(*m);
            applied.contains(&version)
                && matches!(
                    (recorded.get(&version), migrations.checksum(*m)),
                    (Some(then), Some(now)) if *then != now
                )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(up: &str, down: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("up.sql"), up).unwrap();
        std::fs::write(dir.path().join("down.sql"), down).unwrap();
        dir
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        let sum = |text: &str| {
            let mut hash = Fnv1a::new();
            hash.write(text.as_bytes());
            hash.0
        };
        assert_eq!(sum(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(sum("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(sum("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn line_endings_do_not_count_as_an_edit_but_text_does() {
        let lf = of_folder(folder("CREATE TABLE t (x);\n", "DROP TABLE t;\n").path()).unwrap();
        let crlf =
            of_folder(folder("CREATE TABLE t (x);\r\n", "DROP TABLE t;\r\n").path()).unwrap();
        assert_eq!(lf, crlf);
        let edited = of_folder(folder("CREATE TABLE t (y);\n", "DROP TABLE t;\n").path());
        assert_ne!(Some(lf.clone()), edited);
        let moved = of_folder(folder("CREATE TABLE t (x);\nDROP TABLE t;\n", "").path());
        assert_ne!(Some(lf), moved);
        assert_eq!(of_folder(Path::new("/no/such/folder")), None);
    }

    #[test]
    fn checksums_are_recorded_replaced_and_forgotten() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        assert!(recorded(&mut conn).unwrap().is_empty());
        forget(&mut conn, "1").unwrap();
        record(&mut conn, "1", "a").unwrap();
        record(&mut conn, "2", "b").unwrap();
        record(&mut conn, "1", "c").unwrap();
        forget(&mut conn, "2").unwrap();
        let found: Vec<(String, String)> = recorded(&mut conn).unwrap().into_iter().collect();
        assert_eq!(found, [("1".to_string(), "c".to_string())]);
    }
}
