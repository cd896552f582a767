//! The splitter agrees with PostgreSQL's own parser (libpg_query) on every PostgreSQL script of
//! the corpus, and on scripts made to trip it: the same statements, word for word.

use std::path::Path;

use split_check::split::{Statement, statements};

/// Each statement's words, as PostgreSQL's parser cuts `script`.
fn parsed(script: &str) -> Vec<Vec<String>> {
    pg_query::split_with_parser(script)
        .unwrap_or_else(|e| panic!("PostgreSQL's parser refuses the script: {e}\n{script}"))
        .into_iter()
        .map(|text| {
            Statement {
                text: text.to_string(),
                line: 0,
            }
            .words()
        })
        .filter(|words| !words.is_empty())
        .collect()
}

fn lexed(script: &str) -> Vec<Vec<String>> {
    statements(script).iter().map(Statement::words).collect()
}

#[test]
fn every_postgresql_script_of_the_corpus_is_cut_where_postgresql_cuts_it() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut folders = vec![
        corpus.join("diesel_postgres"),
        corpus.join("handmade/postgres"),
    ];
    let mut checked = 0;
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "sql") {
                let script = std::fs::read_to_string(&path).unwrap();
                assert_eq!(lexed(&script), parsed(&script), "{}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "the corpus is missing: {}", corpus.display());
}

#[test]
fn quotes_comments_bodies_and_parentheses_are_cut_where_postgresql_cuts_them() {
    let scripts = [
        "CREATE TABLE \"a;b\" (x text DEFAULT 'it''s; fine', y text DEFAULT E'\\'; still');",
        "/* block /* nested; */ still comment; */ SELECT 1; -- tail; comment\nSELECT 2",
        "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN NEW.x := 'a;b'; RETURN NEW; END; $body$ LANGUAGE plpgsql; SELECT 3;",
        "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a; SELECT CASE WHEN a > 0 THEN 1 END; END; SELECT 4;",
        "SELECT $$;$$, $q$ $$ ; $q$; SELECT (1); SELECT 'a'\n'b';",
        "CREATE INDEX CONCURRENTLY i ON t (lower(x)); ALTER TABLE t ADD CONSTRAINT c CHECK (x <> ';') NOT VALID;",
    ];
    for script in scripts {
        assert_eq!(lexed(script), parsed(script), "{script}");
    }
}
