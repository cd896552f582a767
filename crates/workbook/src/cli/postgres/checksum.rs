//! The checksums of applied migrations on PostgreSQL, kept as on SQLite (`migration::checksum`
//! holds the checksum, the comparison and the advice; this file holds only the table): one row
//! per migration the workbook applied, written in the migration's own transaction when it has
//! one, so that a migration edited after it ran is found and refused.

use std::collections::BTreeMap;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::migration::checksum::{CHECKSUM_TABLE, Files, Recorded, RecordedRow, by_version};

/// Records the files `version` was applied with.
pub(super) fn record(conn: &mut PgConnection, version: &str, files: &Files) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {CHECKSUM_TABLE} \
         (version TEXT PRIMARY KEY, checksum TEXT NOT NULL, up_sql TEXT, down_sql TEXT)"
    ))?;
    diesel::sql_query(format!(
        "INSERT INTO {CHECKSUM_TABLE} (version, checksum, up_sql, down_sql) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO UPDATE \
         SET checksum = excluded.checksum, up_sql = excluded.up_sql, down_sql = excluded.down_sql"
    ))
    .bind::<Text, _>(version)
    .bind::<Text, _>(files.checksum())
    .bind::<Text, _>(&files.up)
    .bind::<Text, _>(&files.down)
    .execute(conn)
    .map(|_| ())
}

/// Forgets the checksum of a reverted `version`.
pub(super) fn forget(conn: &mut PgConnection, version: &str) -> QueryResult<()> {
    if !exists(conn)? {
        return Ok(());
    }
    diesel::sql_query(format!("DELETE FROM {CHECKSUM_TABLE} WHERE version = $1"))
        .bind::<Text, _>(version)
        .execute(conn)
        .map(|_| ())
}

/// The recorded checksums by version; empty for a database that has none.
pub(super) fn recorded(conn: &mut PgConnection) -> QueryResult<BTreeMap<String, Recorded>> {
    if !exists(conn)? {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<RecordedRow> = diesel::sql_query(format!(
        "SELECT version, checksum, up_sql, down_sql FROM {CHECKSUM_TABLE}"
    ))
    .load(conn)?;
    Ok(by_version(rows))
}

fn exists(conn: &mut PgConnection) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        found: bool,
    }
    let found: Found = diesel::sql_query(format!(
        "SELECT to_regclass('{CHECKSUM_TABLE}') IS NOT NULL AS found"
    ))
    .get_result(conn)?;
    Ok(found.found)
}
