//! `migration revert` and `migration redo` on PostgreSQL: the migrations chosen (the last N,
//! all, or those newer than `--to VERSION`), what their downs would throw away counted first
//! and asked about, then each reverted (and, for redo, run again) with its checksum.

use std::io::Write;

use diesel::migration::Migration;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::super::{ask_in_terminal, print};
use super::migrate::{Folder, applied, step};
use crate::error::{Error, Result};
use crate::migration::Count;

/// `revert` (and `redo`, which runs each reverted migration again).
pub(super) fn revert(
    conn: &mut PgConnection,
    on: &Folder,
    count: Count,
    yes: bool,
    out: &mut dyn Write,
    redo: bool,
) -> Result<()> {
    let applied = applied(conn).map_err(|e| on.failed(&e))?;
    let mut newest: Vec<&dyn Migration<Pg>> = on
        .migrations
        .iter()
        .map(AsRef::as_ref)
        .filter(|m| applied.contains(&m.name().version().to_string()))
        .collect();
    newest.reverse();
    if newest.is_empty() {
        return Err(Error::new(format!(
            "no migration is applied to {}: there is nothing to revert",
            on.name
        )));
    }
    let count = match count {
        Count::All => newest.len(),
        Count::Last(n) => n,
        Count::To(given) => {
            let kept = on.find(&given)?.name().version().to_string();
            if !applied.contains(&kept) {
                return Err(Error::new(format!(
                    "cannot revert to {given}: it is not applied to {}; `migration list` shows \
                     what is",
                    on.name
                )));
            }
            let newer = applied.iter().filter(|v| **v > kept).count();
            if newer == 0 {
                let said = format!("Nothing to revert: {given} is the newest applied migration.\n");
                return print(out, &said);
            }
            newer
        }
    };
    let chosen: Vec<&dyn Migration<Pg>> = newest.into_iter().take(count).collect();
    // What the downs would throw away, tried in a transaction rolled back at once.
    let lost = rows_lost(conn, &chosen)?;
    if !lost.is_empty() && !yes {
        let said = lost
            .iter()
            .map(|(table, n)| format!("{n} row(s) of {table}"))
            .collect::<Vec<_>>()
            .join(", ");
        let question = format!("reverting would throw away {said}");
        if !ask_in_terminal(&question) {
            return Err(Error::new(format!(
                "{question}; nothing was reverted: run it again with --yes to go ahead"
            )));
        }
    }
    for m in &chosen {
        print(out, &format!("Rolling back migration {}\n", m.name()))?;
        step(conn, on, *m, false)?;
    }
    if redo {
        for m in chosen.iter().rev() {
            print(out, &format!("Running migration {}\n", m.name()))?;
            step(conn, on, *m, true)?;
        }
    }
    Ok(())
}

/// The rows each table would lose if the downs of `chosen` ran, found by running them in a
/// transaction that is rolled back. Downs that run outside a transaction (CONCURRENTLY) are
/// skipped: they cannot be tried and rolled back, and they drop no rows.
fn rows_lost(conn: &mut PgConnection, chosen: &[&dyn Migration<Pg>]) -> Result<Vec<(String, i64)>> {
    let counted = |conn: &mut PgConnection| -> QueryResult<Vec<(String, i64)>> {
        #[derive(QueryableByName)]
        struct Table {
            #[diesel(sql_type = Text)]
            name: String,
        }
        let tables: Vec<Table> = diesel::sql_query(
            "SELECT quote_ident(relname) AS name FROM pg_class WHERE relkind = 'r' \
             AND relnamespace = 'public'::regnamespace AND relname <> '__diesel_schema_migrations' \
             ORDER BY 1",
        )
        .load(conn)?;
        tables
            .into_iter()
            .map(|t| {
                #[derive(QueryableByName)]
                struct Count {
                    #[diesel(sql_type = BigInt)]
                    n: i64,
                }
                let n: Count = diesel::sql_query(format!("SELECT count(*) AS n FROM {}", t.name))
                    .get_result(conn)?;
                Ok((t.name, n.n))
            })
            .collect()
    };
    let mut lost = Vec::new();
    let tried = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        let before = counted(conn)?;
        for m in chosen.iter().filter(|m| m.metadata().run_in_transaction()) {
            let down = m
                .revert(conn)
                .map_err(diesel::result::Error::QueryBuilderError);
            if down.is_err() {
                // A down that fails says so when it runs for real.
                return Err(diesel::result::Error::RollbackTransaction);
            }
        }
        let after = counted(conn)?;
        for (table, n) in before {
            let now = after
                .iter()
                .find(|(t, _)| *t == table)
                .map_or(0, |(_, m)| *m);
            if now < n {
                lost.push((table, n - now));
            }
        }
        Err(diesel::result::Error::RollbackTransaction)
    });
    match tried {
        Err(diesel::result::Error::RollbackTransaction) | Ok(()) => Ok(lost),
        Err(e) => Err(Error::new(format!(
            "cannot count the rows a revert would lose: {e}"
        ))),
    }
}
