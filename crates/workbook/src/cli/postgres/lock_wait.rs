//! What to say when a migration gave up waiting for a lock (`lock_timeout`, SQLSTATE 55P03):
//! which tables another transaction holds, and to run it again when that transaction ends.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

/// The advice to add to `error` when it is a lock timeout ("" otherwise), read on `conn` once
/// the migration's own transaction has ended.
pub(super) fn advice(conn: &mut PgConnection, error: &str) -> String {
    if !error.contains("lock timeout") {
        return String::new();
    }
    match held_by_others(conn).unwrap_or_default() {
        held if held.is_empty() => {
            "; another transaction held a lock it needs, and may still: run again when it ends"
                .to_string()
        }
        held => format!(
            "; another transaction holds {}: run again when it ends",
            held.join(", ")
        ),
    }
}

/// The tables of this database that other sessions hold a lock on now, by name.
fn held_by_others(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Held {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let held: Vec<Held> = diesel::sql_query(
        "SELECT DISTINCT c.relname::text AS name FROM pg_locks l \
         JOIN pg_class c ON c.oid = l.relation \
         WHERE l.granted AND l.pid <> pg_backend_pid() AND c.relkind IN ('r', 'p') \
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         AND c.relnamespace = 'public'::regnamespace ORDER BY 1",
    )
    .load(conn)?;
    Ok(held.into_iter().map(|h| h.name).collect())
}
