use super::*;
use crate::postgres::split::statements;
use crate::postgres::test_server;

/// The effects of each statement of `migration`, run in one transaction on a database where
/// `a` holds rows and `fresh` does not.
fn effects(migration: &str) -> Vec<Effect> {
    let db = test_server().scratch().unwrap();
    let mut conn = db.connect().unwrap();
    conn.batch_execute(
        "CREATE TABLE a (id INT PRIMARY KEY, n INT, t TEXT); INSERT INTO a VALUES (1, 1, 'x'); \
         CREATE TABLE fresh (id INT PRIMARY KEY, a_id INT)",
    )
    .unwrap();
    let mut watch = Watch::of(&mut conn, &["a"]).unwrap();
    conn.batch_execute("BEGIN").unwrap();
    statements(migration)
        .iter()
        .map(|s| watch.run(&mut conn, s).unwrap())
        .collect()
}

#[test]
fn an_index_built_in_place_holds_a_lock_that_blocks_writes_and_only_on_watched_tables() {
    let found = effects("CREATE INDEX a_n ON a (n); CREATE INDEX fresh_a ON fresh (a_id);");
    assert_eq!(found[0].locks.get("a"), Some(&Lock::Share));
    assert_eq!(Lock::Share.blocks(), Some("writes"));
    assert!(
        found[1].locks.is_empty(),
        "fresh is not watched (made in the same migration): {:?}",
        found[1]
    );
}

#[test]
fn rewrites_show_as_new_files_and_constant_defaults_do_not_rewrite() {
    let found = effects(
        "ALTER TABLE a ADD COLUMN c INT DEFAULT 7; \
         ALTER TABLE a ADD COLUMN r FLOAT DEFAULT random(); \
         ALTER TABLE a ALTER COLUMN n TYPE BIGINT;",
    );
    assert!(found[0].rewritten.is_empty(), "{:?}", found[0]);
    assert_eq!(found[0].locks.get("a"), Some(&Lock::AccessExclusive));
    assert!(
        found[1].rewritten.contains(&"a".to_string()),
        "{:?}",
        found[1]
    );
    assert!(
        found[2].rewritten.contains(&"a".to_string()),
        "{:?}",
        found[2]
    );
}

#[test]
fn validated_constraints_not_null_and_lock_timeout_are_seen() {
    let found = effects(
        "ALTER TABLE a ADD CONSTRAINT n_positive CHECK (n > 0); \
         ALTER TABLE a ADD CONSTRAINT t_short CHECK (length(t) < 9) NOT VALID; \
         SET LOCAL lock_timeout = '1s'; \
         ALTER TABLE a ALTER COLUMN t SET NOT NULL; \
         ALTER TABLE a ADD CONSTRAINT n_set CHECK (n IS NOT NULL); \
         ALTER TABLE a ALTER COLUMN n SET NOT NULL;",
    );
    assert!(
        found[5].not_null_set.is_empty(),
        "a validated CHECK proves it: {:?}",
        found[5]
    );
    assert_eq!(
        found[0].validated,
        [("a".to_string(), "n_positive".to_string(), 'c')]
    );
    assert!(found[1].validated.is_empty());
    assert!(!found[1].lock_timeout && found[3].lock_timeout);
    assert_eq!(found[3].not_null_set, ["a.t"]);
}

#[test]
fn a_validation_shows_with_the_lock_an_earlier_statement_still_holds() {
    let found = effects(
        "ALTER TABLE a ADD CONSTRAINT n_positive CHECK (n > 0) NOT VALID; \
         ALTER TABLE a VALIDATE CONSTRAINT n_positive;",
    );
    assert!(found[0].revalidated.is_empty() && found[0].held.is_empty());
    assert_eq!(
        found[1].revalidated,
        [("a".to_string(), "n_positive".to_string())]
    );
    assert_eq!(found[1].held.get("a"), Some(&(Lock::AccessExclusive, 1)));
    assert_eq!(found[1].locks.get("a"), Some(&Lock::ShareUpdateExclusive));
}

#[test]
fn a_statement_run_alone_shows_its_locks_and_one_that_cannot_run_in_a_transaction_still_runs() {
    let db = test_server().scratch().unwrap();
    let mut conn = db.connect().unwrap();
    conn.batch_execute("CREATE TABLE a (id INT PRIMARY KEY, n INT)")
        .unwrap();
    let mut watch = Watch::of(&mut conn, &["a"]).unwrap();
    let found: Vec<Effect> = statements(
        "CREATE INDEX a_n ON a (n); DROP INDEX CONCURRENTLY a_n; \
         CREATE INDEX CONCURRENTLY a_n2 ON a (n);",
    )
    .iter()
    .map(|s| watch.run_alone(&mut conn, s).unwrap())
    .collect();
    assert_eq!(found[0].locks.get("a"), Some(&Lock::Share));
    assert!(found[1].locks.is_empty() && found[2].locks.is_empty());
    assert!(
        found[1].held.is_empty(),
        "each ran in a transaction of its own"
    );
    let indexes: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM pg_indexes WHERE tablename = 'a')",
    ))
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(indexes, 2, "the key and a_n2");
}

#[test]
fn renaming_a_table_or_constraint_validates_nothing() {
    let found = effects(
        "ALTER TABLE a ADD CONSTRAINT n_positive CHECK (n > 0); \
         ALTER TABLE a RENAME TO b; \
         ALTER TABLE b RENAME CONSTRAINT n_positive TO n_above_zero;",
    );
    assert_eq!(found[0].validated.len(), 1);
    assert!(found[1].validated.is_empty(), "{:?}", found[1]);
    assert!(found[2].validated.is_empty(), "{:?}", found[2]);
}
