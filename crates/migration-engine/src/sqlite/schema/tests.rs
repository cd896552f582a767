use super::*;
use diesel::connection::SimpleConnection;

fn database(sql: &str) -> SqliteConnection {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute(sql).unwrap();
    conn
}

#[test]
fn the_dump_orders_by_kind_then_name_and_leaves_bookkeeping_out() {
    let mut conn = database(
        "CREATE TABLE __diesel_schema_migrations (version TEXT PRIMARY KEY);
         CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE);
         CREATE INDEX b_name ON b (name);
         CREATE UNIQUE INDEX b_name_folded ON b (lower(name));
         CREATE TABLE a (x);",
    );
    assert_eq!(
        dump(&mut conn).unwrap(),
        "CREATE TABLE a (\n  x\n);\n\n\
         CREATE TABLE b (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  name TEXT UNIQUE\n);\n\n\
         CREATE INDEX b_name ON b(name);\n\n\
         CREATE UNIQUE INDEX b_name_folded ON b(lower(name));\n"
    );
    assert_eq!(tables(&mut conn).unwrap(), ["a", "b"]);
    assert!(has_table(&mut conn, "__diesel_schema_migrations").unwrap());
    assert!(!has_table(&mut conn, "c").unwrap());
    assert_eq!(
        table_sql(&mut conn, "a").unwrap().as_deref(),
        Some("CREATE TABLE a (x)")
    );
    assert_eq!(unique_columns(&mut conn, "b").unwrap(), ["name"]);
    assert!(unique_columns(&mut conn, "a").unwrap().is_empty());
}

#[test]
fn an_empty_database_dumps_to_nothing() {
    assert_eq!(dump(&mut database("")).unwrap(), "");
}

#[test]
fn rows_are_literals_sorted_per_table() {
    let mut conn = database(
        "CREATE TABLE \"order\" (id INTEGER, note TEXT);
         INSERT INTO \"order\" VALUES (2, 'it''s'), (1, NULL);",
    );
    let rows = rows(&mut conn).unwrap();
    assert_eq!(rows["order"], ["1, NULL", "2, 'it''s'"]);
}

#[test]
fn columns_and_foreign_keys_are_read_from_the_catalogue() {
    let mut conn = database(
        "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username VARCHAR(30));
         CREATE TABLE task (id INTEGER PRIMARY KEY, done BOOLEAN NOT NULL DEFAULT 0,
             user_id INTEGER REFERENCES user ON DELETE CASCADE);",
    );
    let task = columns(&mut conn, "task").unwrap();
    assert_eq!(
        task[1],
        Column {
            name: "done".into(),
            sql_type: "BOOLEAN".into(),
            not_null: true,
            default: Some("0".into()),
            primary_key: false,
        }
    );
    assert!(task[0].primary_key);
    assert!(columns(&mut conn, "missing").unwrap().is_empty());
    assert_eq!(
        foreign_keys(&mut conn, "task").unwrap(),
        [ForeignKey {
            from: "user_id".into(),
            table: "user".into(),
            to: "id".into(),
            on_delete: "CASCADE".into(),
        }]
    );
}

#[test]
fn clock_defaults_are_masked_and_other_values_kept() {
    let mut conn = database(
        "CREATE TABLE t (id INTEGER, note TEXT, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
             day DATE DEFAULT (date('now')), n INTEGER DEFAULT 0);
         INSERT INTO t (id, note, at) VALUES (1, 'a, b ''c''', '2026-11-24 12:00:00');",
    );
    let masked = rows_without_clock(&mut conn).unwrap();
    assert_eq!(masked["t"], ["1, 'a, b ''c''', now, now, 0"]);
    assert!(rows(&mut conn).unwrap()["t"][0].contains("'2026-11-24 12:00:00'"));
}

#[test]
fn broken_references_are_reported() {
    let mut conn = database(
        "PRAGMA foreign_keys = OFF;
         CREATE TABLE user (id INTEGER PRIMARY KEY);
         CREATE TABLE task (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES user(id));
         INSERT INTO task VALUES (7, 99);",
    );
    assert_eq!(
        foreign_key_violations(&mut conn).unwrap(),
        ["task row 7 refers to a missing user row"]
    );
    assert!(integrity_problems(&mut conn).unwrap().is_empty());
}

#[test]
fn rows_read_again_show_a_column_added_since_and_a_table_made_again_with_other_columns() {
    let mut conn = database("CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('x');");
    assert_eq!(rows(&mut conn).unwrap()["t"], ["'x'"]);
    conn.batch_execute("ALTER TABLE t ADD COLUMN b INTEGER DEFAULT 7")
        .unwrap();
    assert_eq!(rows(&mut conn).unwrap()["t"], ["'x', 7"]);
    // The same name and statement on another database: the columns remembered still hold.
    let mut other = database("CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('y');");
    assert_eq!(rows(&mut other).unwrap()["t"], ["'y'"]);
    other
        .batch_execute(
            "DROP TABLE t; CREATE TABLE t (c TEXT, d TEXT); INSERT INTO t VALUES ('1', '2');",
        )
        .unwrap();
    assert_eq!(rows(&mut other).unwrap()["t"], ["'1', '2'"]);
}
