//! What a migration's script says (the tables it drops or deletes from, values that differ
//! from run to run) and how diesel runs it: in one transaction unless it says otherwise.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Text};

use crate::postgres::split::{Statement, statements};
use crate::rows::Rows;

/// Runs a script as diesel does: in one transaction unless the migration says otherwise.
pub(super) fn run(
    conn: &mut PgConnection,
    script: &str,
    in_transaction: bool,
) -> std::result::Result<(), String> {
    if !in_transaction {
        return conn
            .batch_execute(script)
            .map_err(|e| first_line(&e.to_string()));
    }
    conn.batch_execute("BEGIN").map_err(|e| e.to_string())?;
    match conn.batch_execute(script) {
        Ok(()) => conn
            .batch_execute("COMMIT")
            .map_err(|e| first_line(&e.to_string())),
        Err(e) => {
            rollback(conn, true);
            Err(first_line(&e.to_string()))
        }
    }
}

/// Deletes every row of the tables of `rows` (the walk's generated rows); false when it cannot.
pub(super) fn empty(conn: &mut PgConnection, rows: &Rows) -> bool {
    if rows.is_empty() {
        return true;
    }
    let tables: Vec<&str> = rows.keys().map(String::as_str).collect();
    conn.batch_execute(&format!("TRUNCATE {} CASCADE", tables.join(", ")))
        .is_ok()
}

pub(super) fn rollback(conn: &mut PgConnection, in_transaction: bool) {
    if in_transaction {
        let _ = conn.batch_execute("ROLLBACK");
    }
}

pub(super) fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).to_string()
}

/// The tables whose rows or values `up` drops on purpose (`DROP TABLE t`, `ALTER TABLE t DROP
/// COLUMN c`): a down can give back the table or column, not what it held.
pub(super) fn dropped(up: &str) -> Vec<String> {
    statements(up)
        .iter()
        .filter_map(|s| {
            let words = s.words();
            let table = match words
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["DROP", "TABLE", "IF", "EXISTS", table, ..] | ["DROP", "TABLE", table, ..] => {
                    *table
                }
                ["ALTER", "TABLE", "IF", "EXISTS", table, ..] | ["ALTER", "TABLE", table, ..]
                    if s.says(&["DROP", "COLUMN"]) =>
                {
                    *table
                }
                _ => return None,
            };
            Some(table.to_ascii_lowercase())
        })
        .collect()
}

/// `rows` without the tables `left_out`.
pub(super) fn without(rows: &Rows, left_out: &[String]) -> Rows {
    rows.iter()
        .filter(|(table, _)| !left_out.contains(&table.to_ascii_lowercase()))
        .map(|(table, rows)| (table.clone(), rows.clone()))
        .collect()
}

/// Whether `up` computes values that differ from one run to the next: the clock's, or a
/// function the server marks volatile (random(), gen_random_uuid(), or one of the project's own
/// that calls them), or a STABLE one of the project's whose body reads the clock.
pub(super) fn volatile(conn: &mut PgConnection, up: &str) -> bool {
    const CLOCK: [&str; 4] = [
        "NOW",
        "CURRENT_TIMESTAMP",
        "LOCALTIMESTAMP",
        "TRANSACTION_TIMESTAMP",
    ];
    let words: Vec<String> = statements(up).iter().flat_map(Statement::words).collect();
    if words.iter().any(|w| CLOCK.contains(&w.as_str())) {
        return true;
    }
    #[derive(QueryableByName)]
    struct Any {
        #[diesel(sql_type = Bool)]
        volatile: bool,
    }
    let names: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    diesel::sql_query(
        // A STABLE function may read the clock too (now() is STABLE): a rank computed from it
        // changes when a second passes between the two ups.
        "SELECT coalesce(bool_or(provolatile = 'v' OR provolatile = 's' AND prosrc ~* \
         '(now|current_timestamp|current_date|current_time|localtimestamp|localtime)'), false) \
         AS volatile FROM pg_proc \
         WHERE proname = ANY($1) AND prokind = 'f' AND prorettype <> 'trigger'::regtype",
    )
    .bind::<Array<Text>, _>(&names)
    .get_result::<Any>(conn)
    .is_ok_and(|any| any.volatile)
}

/// The lines between diesel-guard's `-- safety-assured:start` and `-- safety-assured:end`
/// markers: statements a project checked and accepted.
pub(super) fn assured(script: &str) -> Vec<std::ops::RangeInclusive<usize>> {
    let mut blocks = Vec::new();
    let mut start = None;
    for (index, line) in script.lines().enumerate() {
        match line.trim().to_ascii_lowercase().as_str() {
            "-- safety-assured:start" => start = Some(index + 1),
            "-- safety-assured:end" => blocks.extend(start.take().map(|s| s..=index + 1)),
            _ => {}
        }
    }
    blocks
}

/// The tables `up` deletes rows from on purpose (`DELETE FROM t`, `TRUNCATE t`), empties and
/// fills anew from other tables (`intent::recomputed`: a cache), or resets (`intent::reset`).
pub(super) fn deletes(up: &str) -> Vec<String> {
    let statements = statements(up);
    let words: Vec<Vec<String>> = statements.iter().map(Statement::words).collect();
    let recomputed = crate::migration::intent::recomputed(&words);
    let texts: Vec<&str> = statements.iter().map(|s| s.text.as_str()).collect();
    let reset = crate::migration::intent::reset(&texts);
    statements
        .iter()
        .flat_map(|s: &Statement| {
            let words = s.words();
            let mut tables = Vec::new();
            if words.first().is_some_and(|w| w == "TRUNCATE") {
                let at = 1 + usize::from(words.get(1).is_some_and(|w| w == "TABLE"));
                tables.extend(words.get(at).cloned());
            }
            // `DELETE FROM t`, also after a WITH.
            for (i, pair) in words.windows(2).enumerate() {
                if pair[0] == "DELETE" && pair[1] == "FROM" {
                    let at = i + 2 + usize::from(words.get(i + 2).is_some_and(|w| w == "ONLY"));
                    tables.extend(words.get(at).cloned());
                }
            }
            tables.into_iter().map(|w| w.to_ascii_lowercase())
        })
        .chain(recomputed)
        .chain(reset)
        .collect()
}
