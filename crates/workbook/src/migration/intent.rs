//! What a script does to tables on purpose, read from its words (both backends): the tables it
//! empties and fills anew from other tables, such as a cache rebuilt from a query. Their rows
//! are computed, not kept, so rows that differ afterwards are the script's intent, not a loss.

/// The tables (lower-cased) that `statements` (each as its upper-cased words outside quotes and
/// comments) empty (`DROP TABLE`, `DELETE FROM` without `WHERE`, `TRUNCATE`) and then fill from
/// a query that does not read them (`INSERT INTO t ... SELECT ... FROM other`, or `CREATE TABLE t
/// AS SELECT ...`).
pub(crate) fn recomputed(statements: &[Vec<String>]) -> Vec<String> {
    let mut emptied: Vec<String> = Vec::new();
    let mut found: Vec<String> = Vec::new();
    for words in statements {
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        match w.as_slice() {
            ["DROP", "TABLE", "IF", "EXISTS", table, ..]
            | ["DROP", "TABLE", table, ..]
            | ["TRUNCATE", "TABLE", table, ..]
            | ["TRUNCATE", table, ..] => emptied.push(table.to_string()),
            ["DELETE", "FROM", table, rest @ ..] if !rest.contains(&"WHERE") => {
                emptied.push(table.to_string())
            }
            ["CREATE", "TABLE", "IF", "NOT", "EXISTS", table, rest @ ..]
            | ["CREATE", "TABLE", table, rest @ ..]
                if rest.first() == Some(&"AS") && fills_from_others(table, rest) =>
            {
                found.push(table.to_string())
            }
            ["INSERT", rest @ ..] => {
                let Some(at) = rest.iter().position(|x| *x == "INTO") else {
                    continue;
                };
                let Some(table) = rest.get(at + 1) else {
                    continue;
                };
                if emptied.contains(&table.to_string()) && fills_from_others(table, &rest[at + 2..])
                {
                    found.push(table.to_string());
                }
            }
            _ => {}
        }
    }
    found.sort();
    found.dedup();
    found.into_iter().map(|t| t.to_ascii_lowercase()).collect()
}

/// Whether `rest`, the words after a table's name, fill it from a query that does not name it.
fn fills_from_others(table: &str, rest: &[&str]) -> bool {
    rest.contains(&"SELECT") && !rest.contains(&table)
}

#[cfg(test)]
mod tests {
    use super::recomputed;
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
    }
}
