//! Migrations nobody has reviewed run as a role without superuser rights: what only a superuser
//! may do is refused by PostgreSQL itself and said in one line naming `--superuser`; trusted
//! extensions still work, and with `--superuser` the migrations run as the superuser.

use std::path::Path;

use crate::postgres::test_server;
use crate::verify::{Backend, Options, Report, verify};

/// A project of one migration, `up` then `down`; `in_transaction: false` for statements that
/// cannot run in one (ALTER SYSTEM, CREATE DATABASE).
fn project(up: &str, down: &str, in_transaction: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("migrations/2024-01-01-000000_escape");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("up.sql"), up).unwrap();
    std::fs::write(folder.join("down.sql"), down).unwrap();
    if !in_transaction {
        std::fs::write(folder.join("metadata.toml"), "run_in_transaction = false\n").unwrap();
    }
    dir
}

fn verified(dir: &Path, superuser: bool) -> Report {
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(test_server()),
        superuser,
        ..Options::default()
    };
    verify(dir, &options).unwrap()
}

/// The text of the report's `up-fails` problem.
fn up_failure(report: &Report) -> String {
    report
        .problems
        .iter()
        .find(|p| p.rule == "up-fails")
        .map(|p| p.text.clone())
        .unwrap_or_else(|| panic!("the up ran: {}", report.render()))
}

#[test]
fn what_only_a_superuser_may_do_is_refused_and_said_in_one_line() {
    let marker = std::env::temp_dir().join(format!("workbook-touched-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let cases = [
        (
            format!("COPY (SELECT 1) TO PROGRAM 'touch {}';", marker.display()),
            "to COPY to or from an external program",
            true,
        ),
        (
            "CREATE TABLE secrets (line text);\nCOPY secrets FROM PROGRAM 'cat /etc/passwd';"
                .to_string(),
            "to COPY to or from an external program",
            true,
        ),
        (
            "CREATE TABLE secrets AS SELECT pg_read_file('/etc/passwd') AS text;".to_string(),
            "permission denied for function pg_read_file",
            true,
        ),
        (
            "CREATE TABLE secrets (line text);\nCOPY secrets FROM '/etc/passwd';".to_string(),
            "to COPY from a file",
            true,
        ),
        (
            "CREATE EXTENSION dblink;".to_string(),
            "permission denied to create extension \"dblink\"",
            true,
        ),
        (
            "CREATE EXTENSION file_fdw;".to_string(),
            "permission denied to create extension \"file_fdw\"",
            true,
        ),
        (
            "ALTER SYSTEM SET work_mem = '1MB';".to_string(),
            "permission denied to set parameter \"work_mem\"",
            false,
        ),
        (
            "CREATE DATABASE other;".to_string(),
            "permission denied to create database",
            false,
        ),
        (
            "CREATE ROLE app LOGIN;".to_string(),
            "permission denied to create role",
            true,
        ),
    ];
    for (up, said, in_transaction) in cases {
        let dir = project(&up, "SELECT 1;", in_transaction);
        let report = verified(dir.path(), false);
        let failure = up_failure(&report);
        assert!(
            failure.contains(said)
                && failure.contains("give verify --superuser")
                && !failure.contains('\n'),
            "{up}: {failure}"
        );
        assert!(
            !report.render().contains("root:"),
            "nothing of /etc/passwd is in the report"
        );
    }
    assert!(!marker.exists(), "the program never ran");
}

#[test]
fn a_trusted_extension_is_the_database_owners_to_create() {
    let dir = project(
        "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n\
         CREATE EXTENSION IF NOT EXISTS citext;\n\
         CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email citext);",
        "DROP TABLE users;\nDROP EXTENSION citext;\nDROP EXTENSION pgcrypto;",
        true,
    );
    let report = verified(dir.path(), false);
    assert!(report.passed(), "{}", report.render());
    assert!(!report.options.contains("superuser"), "{}", report.options);
}

#[test]
fn with_superuser_a_migration_runs_as_the_superuser_and_the_header_says_so() {
    let dir = project(
        "ALTER SYSTEM SET work_mem = '1MB';",
        "ALTER SYSTEM RESET work_mem;",
        false,
    );
    let failure = up_failure(&verified(dir.path(), false));
    assert!(failure.contains("permission denied"), "{failure}");
    let report = verified(dir.path(), true);
    assert!(report.passed(), "{}", report.render());
    assert!(
        report
            .render()
            .lines()
            .next()
            .unwrap()
            .contains("migrations run as its superuser (--superuser)"),
        "{}",
        report.render()
    );
    assert!(
        report.json()["options"]
            .as_str()
            .unwrap()
            .contains("(--superuser)")
    );
}

#[test]
fn a_seed_that_needs_a_superuser_says_so() {
    let dir = project(
        "CREATE TABLE t (id int PRIMARY KEY);",
        "DROP TABLE t;",
        true,
    );
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(test_server()),
        seed: Some(crate::verify::Seed {
            file: dir.path().join("seed.sql"),
            sql: "CREATE EXTENSION dblink;".into(),
            after: None,
        }),
        ..Options::default()
    };
    let error = verify(dir.path(), &options).err().unwrap().to_string();
    assert!(
        error.contains("permission denied to create extension \"dblink\"")
            && error.contains("give verify --superuser")
            && !error.contains('\n'),
        "{error}"
    );
    let options = Options {
        superuser: true,
        ..options
    };
    let report = verify(dir.path(), &options).unwrap();
    assert!(report.passed(), "{}", report.render());
}

#[test]
fn a_migration_that_sleeps_is_given_up_on_at_the_statement_timeout() {
    let dir = project(
        "CREATE TABLE t (id INT);\nSELECT pg_sleep(30);\n",
        "DROP TABLE t;",
        true,
    );
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(test_server()),
        statement_timeout: 1,
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let report = verify(dir.path(), &options).unwrap();
    assert!(started.elapsed().as_secs() < 20, "it waited for the sleep");
    let failure = up_failure(&report);
    assert!(
        failure.starts_with("migrations/2024-01-01-000000_escape/up.sql:2 fails: canceling statement due to statement timeout"),
        "{failure}"
    );
    assert!(failure.contains("--statement-timeout ran out"), "{failure}");
}
