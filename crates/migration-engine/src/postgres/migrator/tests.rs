use diesel::connection::SimpleConnection;

use super::*;
use crate::postgres::test_server;

/// What PostgreSQL says to `sql` run in a contained scratch database, as its first line.
fn refused(sql: &str) -> String {
    let db = test_server().contained_scratch().unwrap();
    let mut conn = db.connect().unwrap();
    let error = conn.batch_execute(sql).unwrap_err().to_string();
    error.lines().next().unwrap_or_default().to_string()
}

#[test]
fn the_role_owns_its_scratch_database_and_nothing_more() {
    #[derive(diesel::QueryableByName)]
    struct Who {
        #[diesel(sql_type = diesel::sql_types::Text)]
        me: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        superuser: bool,
        #[diesel(sql_type = diesel::sql_types::Text)]
        database_owner: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        schema_owner: String,
    }
    let db = test_server().contained_scratch().unwrap();
    let mut conn = db.connect().unwrap();
    let who: Who = diesel::sql_query(
        "SELECT current_user::text AS me, \
         (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser, \
         (SELECT pg_get_userbyid(datdba)::text FROM pg_database \
          WHERE datname = current_database()) AS database_owner, \
         (SELECT pg_get_userbyid(nspowner)::text FROM pg_namespace \
          WHERE nspname = 'public') AS schema_owner",
    )
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(
        (who.me.as_str(), who.superuser),
        (MIGRATOR, false),
        "logged in as the role, not SET ROLE"
    );
    assert_eq!(who.database_owner, MIGRATOR);
    assert_eq!(who.schema_owner, MIGRATOR);
    // A trusted extension is the database owner's to create; an untrusted one is not.
    conn.batch_execute("CREATE EXTENSION IF NOT EXISTS pgcrypto; SELECT gen_random_uuid();")
        .unwrap();
    assert!(
        refused("CREATE EXTENSION dblink").starts_with("permission denied to create extension"),
        "{}",
        refused("CREATE EXTENSION dblink")
    );
    // RESET ROLE cannot give back what the login never had.
    conn.batch_execute("RESET ROLE").unwrap();
    let said = conn
        .batch_execute("ALTER SYSTEM SET work_mem = '1MB'")
        .unwrap_err()
        .to_string();
    assert!(needs_superuser(&said), "{said}");
    let said = refused("SET SESSION AUTHORIZATION workbook");
    assert!(needs_superuser(&said), "{said}");
}

#[test]
fn a_superusers_power_is_refused_by_postgresql_itself() {
    let marker = std::env::temp_dir().join(format!("workbook-escape-{}", std::process::id()));
    let cases = [
        format!("COPY (SELECT 1) TO PROGRAM 'touch {}'", marker.display()),
        "CREATE TABLE t (x text); COPY t FROM PROGRAM 'id'".to_string(),
        "SELECT pg_read_file('/etc/passwd')".to_string(),
        "CREATE TABLE t (x text); COPY t FROM '/etc/passwd'".to_string(),
        format!("COPY (SELECT 1) TO '{}'", marker.display()),
        "SELECT lo_import('/etc/passwd')".to_string(),
        "CREATE EXTENSION file_fdw".to_string(),
        "CREATE EXTENSION postgres_fdw".to_string(),
        "CREATE FUNCTION f() RETURNS int AS 'libc.so.6', 'getpid' LANGUAGE c".to_string(),
        "ALTER SYSTEM SET work_mem = '1MB'".to_string(),
        "CREATE DATABASE other".to_string(),
        "CREATE ROLE other SUPERUSER".to_string(),
        "ALTER ROLE workbook_migrator SUPERUSER".to_string(),
        "SET ROLE workbook".to_string(),
    ];
    for sql in cases {
        let said = refused(&sql);
        assert!(needs_superuser(&said), "{sql}: {said}");
    }
    assert!(!marker.exists(), "the program did not run");
}

#[test]
fn only_a_permission_error_names_the_superuser_flag() {
    let said = explained("up.sql:1 fails: permission denied to create database".into());
    assert!(said.ends_with("give verify --superuser)"), "{said}");
    assert!(!said.contains('\n'));
    let said = explained("up.sql:1 fails: relation \"t\" does not exist".into());
    assert_eq!(said, "up.sql:1 fails: relation \"t\" does not exist");
    assert!(needs_superuser(
        "must be superuser to create this extension"
    ));
}

#[test]
fn a_scratch_made_without_containment_logs_in_as_the_superuser() {
    // A scratch on the tool's own cluster made without containment logs in as the superuser.
    let db = test_server().scratch().unwrap();
    let mut conn = db.connect().unwrap();
    conn.batch_execute("ALTER SYSTEM RESET work_mem").unwrap();
}
