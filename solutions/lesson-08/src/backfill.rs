//! `backfill-labels`: the second step of renaming tags.name to label (expand, backfill, switch,
//! contract). expand_tag_label added `label` and a trigger that keeps it in step for every row
//! written since; the rows written before have no label yet, and this copies their name.
//!
//! One UPDATE of every tag would lock them all until it ends, and the app could not tag anything
//! meanwhile. Instead each batch labels a few rows in a short transaction of its own, so the
//! locks last an instant and a failure keeps what the earlier batches did: run it again and it
//! goes on where it stopped.
//!
//! It runs between expand_tag_label and contract_tag_name, when tags has both columns. The
//! app's `schema.rs` is the schema after the rename, without `name`, so the SQL is written out
//! by hand (`sql_query`): Diesel's DSL can only name columns that `schema.rs` has.

use std::io::Write;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use workbook::{Error, Result};

use crate::app::cannot_write;
use crate::write::failure;

// ANCHOR: batch
/// Labels up to `batch` unlabelled tags, the lowest ids first; says how many.
const BATCH: &str = "UPDATE tags SET label = name \
     WHERE id IN (SELECT id FROM tags WHERE label IS NULL ORDER BY id LIMIT $1)";
// ANCHOR_END: batch

/// Copies `name` into `label` for every tag without a label, `batch` rows per transaction,
/// and says how many each batch labelled and how many in all.
pub fn labels(conn: &mut PgConnection, batch: i64, out: &mut dyn Write) -> Result<()> {
    if !has_column(conn, "name")? {
        return writeln!(
            out,
            "Nothing to backfill: tags has no name column any more (contract_tag_name has run), \
             so every tag has its label."
        )
        .map_err(cannot_write);
    }
    if !has_column(conn, "label")? {
        return Err(Error::new(
            "tags has no label column yet: run the migrations up to expand_tag_label first",
        ));
    }
    let (mut batches, mut total) = (0, 0);
    loop {
        let labelled = conn
            .transaction(|conn| {
                diesel::sql_query(BATCH)
                    .bind::<BigInt, _>(batch)
                    .execute(conn)
            })
            .map_err(|e| failure("label the tags in", "the database", e))?;
        if labelled == 0 {
            break;
        }
        batches += 1;
        total += labelled;
        writeln!(out, "batch {batches}: labelled {}", tags(labelled)).map_err(cannot_write)?;
        out.flush().map_err(cannot_write)?;
    }
    if total == 0 {
        return writeln!(out, "Nothing to backfill: every tag has its label already.")
            .map_err(cannot_write);
    }
    writeln!(
        out,
        "Labelled {} in {batches} batch(es) of up to {batch}; every tag has its label.",
        tags(total)
    )
    .map_err(cannot_write)
}

fn tags(n: usize) -> String {
    if n == 1 {
        "1 tag".to_string()
    } else {
        format!("{n} tags")
    }
}

/// True when tags has the column `name` (a migration may have dropped or not yet added it).
fn has_column(conn: &mut PgConnection, name: &str) -> Result<bool> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = Bool)]
        found: bool,
    }
    let found: Found = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('tags') \
         AND attname = $1 AND attnum > 0 AND NOT attisdropped) AS found",
    )
    .bind::<diesel::sql_types::Text, _>(name)
    .get_result(conn)
    .map_err(|e| failure("read the columns of tags in", "the database", e))?;
    Ok(found.found)
}
