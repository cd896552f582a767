//! `print-schema` and the ER diagram on a real PostgreSQL database holding every kind of
//! table, type and key (`every_kind.sql`), snapshotted; and the type names diesel_cli makes.

use super::*;
use crate::postgres::test_server;
use diesel::connection::SimpleConnection;

const EVERY_KIND: &str = include_str!("every_kind.sql");

#[test]
fn print_schema_and_the_er_diagram_show_every_kind_of_table() {
    let db = test_server().scratch().unwrap();
    let mut conn = db.connect().unwrap();
    conn.batch_execute(EVERY_KIND).unwrap();
    insta::assert_snapshot!("postgres_print_schema", print_schema(&mut conn).unwrap());
    insta::assert_snapshot!("postgres_er_diagram", er_diagram(&mut conn).unwrap());
}

#[test]
fn an_empty_database_and_a_table_without_a_key() {
    let db = test_server().scratch().unwrap();
    let mut conn = db.connect().unwrap();
    assert_eq!(
        print_schema(&mut conn).unwrap(),
        "// @generated automatically by Diesel CLI.\n"
    );
    assert_eq!(er_diagram(&mut conn).unwrap(), "erDiagram\n");
    conn.batch_execute("CREATE TABLE log (line TEXT NOT NULL)")
        .unwrap();
    assert_eq!(
        print_schema(&mut conn).unwrap_err().to_string(),
        "Diesel only supports tables with primary keys. Table `log` has no primary key"
    );
    assert_eq!(
        er_diagram(&mut conn).unwrap(),
        "erDiagram\n    log {\n        text line \"NOT NULL\"\n    }\n"
    );
}

#[test]
fn type_names_are_capitalised_as_heck_does() {
    for (name, expected) in [
        ("int4", "Int4"),
        ("timestamptz", "Timestamptz"),
        ("task_status", "TaskStatus"),
        ("my_type2", "MyType2"),
        ("Priority", "Priority"),
        ("HTTPStatus", "HttpStatus"),
        ("camelCase", "CamelCase"),
        ("two  spaces-and-dashes", "TwoSpacesAndDashes"),
        ("", ""),
    ] {
        assert_eq!(upper_camel_case(name), expected, "{name}");
    }
}
