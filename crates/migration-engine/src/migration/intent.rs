//! What a script does to tables on purpose, read from its words (both backends): the tables it
//! empties and fills anew from other tables, such as a cache rebuilt from a query, and those whose
//! columns it sets to one constant in every row (a reset). Their rows are computed or reset, not
//! kept, so rows that differ afterwards are the script's intent, not a loss.

/// The tables (lower-cased) that `statements` (each as its upper-cased words outside quotes and
/// comments) empty (`DROP TABLE`, `DELETE FROM` without `WHERE`, `TRUNCATE`) and then fill from
/// a query that does not read them (`INSERT INTO t ... SELECT ... FROM other`, or `CREATE TABLE t
/// AS SELECT ...`).
pub(crate) fn recomputed(statements: &[Vec<String>]) -> Vec<String> {
    let mut emptied: Vec<String> = Vec::new();
    // The tables filled by a query, with the words of that query: a backup of `t` carries its rows.
    let mut filled: Vec<(String, Vec<String>)> = Vec::new();
    let mut found: Vec<String> = Vec::new();
    for words in statements {
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        let (table, query) = match w.as_slice() {
            ["DROP", "TABLE", "IF", "EXISTS", table, ..]
            | ["DROP", "TABLE", table, ..]
            | ["TRUNCATE", "TABLE", table, ..]
            | ["TRUNCATE", table, ..] => {
                emptied.push(table.to_string());
                continue;
            }
            ["DELETE", "FROM", table, rest @ ..] if !rest.contains(&"WHERE") => {
                emptied.push(table.to_string());
                continue;
            }
            ["CREATE", "TABLE", "IF", "NOT", "EXISTS", table, rest @ ..]
            | ["CREATE", "TABLE", table, rest @ ..]
                if rest.first() == Some(&"AS") =>
            {
                (table, rest)
            }
            ["INSERT", rest @ ..] => {
                let Some(at) = rest.iter().position(|x| *x == "INTO") else {
                    continue;
                };
                let Some(table) = rest.get(at + 1) else {
                    continue;
                };
                (table, &rest[at + 2..])
            }
            _ => continue,
        };
        if !query.contains(&"SELECT") {
            continue;
        }
        let query: Vec<String> = query.iter().map(|q| q.to_string()).collect();
        let fresh = !w.starts_with(&["INSERT"]) || emptied.contains(&table.to_string());
        if fresh && !reads(&query, table, &filled, 0) {
            found.push(table.to_string());
        }
        filled.push((table.to_string(), query));
    }
    found.sort();
    found.dedup();
    found.into_iter().map(|t| t.to_ascii_lowercase()).collect()
}

/// Whether `query` reads `table`'s rows: names it, or a table filled from it earlier.
fn reads(query: &[String], table: &str, filled: &[(String, Vec<String>)], depth: usize) -> bool {
    query.iter().any(|w| w == table)
        || (depth < 8
            && filled.iter().any(|(other, sources)| {
                query.contains(other) && reads(sources, table, filled, depth + 1)
            }))
}

/// The tables (lower-cased) whose rows `statements` (each as written) set to constants, in every
/// row: `UPDATE t SET c = '{}'`, with no `WHERE` or `FROM`, every value a literal (a string, a
/// number, NULL, TRUE or FALSE, perhaps cast), into columns the script does not add.
pub(crate) fn reset(statements: &[&str]) -> Vec<String> {
    // Columns the script adds: filling one of those is a backfill, not a reset.
    let added: Vec<String> = statements
        .iter()
        .flat_map(|statement| {
            let words: Vec<String> = statement
                .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ';')
                .filter(|w| !w.is_empty())
                .map(|w| w.trim_matches('"').to_ascii_lowercase())
                .collect();
            let at: Vec<usize> = (0..words.len()).filter(|&i| words[i] == "add").collect();
            at.into_iter()
                .filter_map(|i| {
                    let skip = usize::from(words.get(i + 1).is_some_and(|w| w == "column"));
                    words.get(i + 1 + skip).cloned()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut found: Vec<String> = statements
        .iter()
        .filter_map(|statement| {
            let code: Vec<&str> = statement
                .lines()
                .map(|line| line.split("--").next().unwrap_or_default())
                .collect();
            let code = code.join(" ");
            let code = code.trim().trim_end_matches(';');
            let mut words = code.split_whitespace();
            let update = words.next()?.eq_ignore_ascii_case("UPDATE");
            let table = words.next()?;
            let set = words.next()?.eq_ignore_ascii_case("SET");
            let rest: Vec<&str> = words.collect();
            let rest = rest.join(" ");
            let constants = split_top_level(&rest).iter().all(|assignment| {
                assignment.split_once('=').is_some_and(|(column, value)| {
                    let column = column.trim().trim_matches('"').to_ascii_lowercase();
                    literal(value.trim()) && !added.contains(&column)
                })
            });
            (update && set && constants).then(|| table.trim_matches('"').to_ascii_lowercase())
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// `text` cut at its commas outside quotes and parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut quoted, mut start) = (Vec::new(), 0i32, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Whether `value` is one literal: a string, a number, NULL, TRUE or FALSE, perhaps `::cast`.
fn literal(value: &str) -> bool {
    let value = value.split("::").next().unwrap_or(value).trim();
    let quoted = value.len() >= 2
        && value.starts_with('\'')
        && value.ends_with('\'')
        && !value[1..value.len() - 1].replace("\'\'", "").contains('\'');
    quoted
        || value.parse::<f64>().is_ok()
        || ["NULL", "TRUE", "FALSE"]
            .iter()
            .any(|w| value.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::{recomputed, reset};
    use crate::postgres::split::statements;

    fn of(script: &str) -> Vec<String> {
        let words: Vec<Vec<String>> = statements(script).iter().map(|s| s.words()).collect();
        recomputed(&words)
    }

    #[test]
    fn a_cache_dropped_and_filled_from_other_tables_is_recomputed() {
        let script = "DROP TABLE author_stats;
            CREATE TABLE author_stats (author TEXT PRIMARY KEY, posts INTEGER NOT NULL);
            INSERT INTO author_stats SELECT author, count(*) FROM posts GROUP BY author;";
        assert_eq!(of(script), ["author_stats"]);
        assert_eq!(
            of("DELETE FROM totals; INSERT INTO totals (n) SELECT count(*) FROM posts;"),
            ["totals"]
        );
        assert_eq!(
            of("DROP TABLE IF EXISTS t; CREATE TABLE t AS SELECT id FROM posts;"),
            ["t"]
        );
    }

    #[test]
    fn a_copy_from_the_table_itself_or_a_partial_delete_is_not() {
        // A rebuild copies the old rows: whether they all arrive is for the loss rules.
        assert!(
            of("CREATE TABLE new_t (a TEXT); INSERT INTO new_t SELECT a FROM t; DROP TABLE t;")
                .is_empty()
        );
        assert!(of("DELETE FROM t WHERE a IS NULL; INSERT INTO t SELECT a FROM u;").is_empty());
        assert!(of("INSERT INTO t SELECT a FROM u;").is_empty());
        assert!(of("DELETE FROM t; INSERT INTO t SELECT a + 1 FROM t;").is_empty());
        // polaris's rebuild: a backup of t, then t anew from the backup.
        let through_a_backup = "CREATE TEMPORARY TABLE b(id, a); INSERT INTO b SELECT id, a FROM t;
            DROP TABLE t; CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);
            INSERT INTO t SELECT * FROM b; DROP TABLE b;";
        assert!(of(through_a_backup).is_empty());
    }

    #[test]
    fn every_row_set_to_a_constant_is_a_reset() {
        assert_eq!(
            reset(&["update device_keys set dev_nonces = '{}';"]),
            ["device_keys"]
        );
        assert_eq!(
            reset(&["UPDATE t SET a = NULL, b = 0, c = 'it''s', d = '[]'::jsonb -- all\n;"]),
            ["t"]
        );
        for kept in [
            "UPDATE t SET a = 'x' WHERE id = 1;",
            "UPDATE t SET a = b;",
            "UPDATE t SET a = lower(a);",
            "UPDATE t SET a = u.a FROM u WHERE u.id = t.id;",
            "UPDATE t SET a = 'x' || b;",
            // A backfill of a column the script adds keeps every old value.
            "ALTER TABLE t ADD COLUMN p SMALLINT; UPDATE t SET p = 0;",
        ] {
            let statements: Vec<&str> = kept.split_inclusive(';').collect();
            assert!(reset(&statements).is_empty(), "{kept}");
        }
    }
}
