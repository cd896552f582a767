//! SQLite migrations nobody has reviewed write only the database verify migrates: ATTACH and
//! VACUUM INTO of a file elsewhere are refused, in one line that says why, and nothing is
//! written; verify's own snapshots (VACUUM INTO and ATTACH in its temporary folder) still work.

use super::*;

/// A project of one migration run outside a transaction (where ATTACH and VACUUM may run),
/// after one that makes a table with rows.
fn project(up: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, up, down, metadata) in [
        (
            "2024-01-01-000000_create_notes",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY NOT NULL, body TEXT);",
            "DROP TABLE notes;",
            None,
        ),
        (
            "2024-01-02-000000_escape",
            up,
            "SELECT 1;",
            Some("run_in_transaction = false\n"),
        ),
    ] {
        let folder = dir.path().join("migrations").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), up).unwrap();
        std::fs::write(folder.join("down.sql"), down).unwrap();
        if let Some(metadata) = metadata {
            std::fs::write(folder.join("metadata.toml"), metadata).unwrap();
        }
    }
    dir
}

#[test]
fn attach_and_vacuum_into_elsewhere_are_refused_and_write_nothing() {
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("somewhere.db");
    for up in [
        format!(
            "ATTACH DATABASE '{}' AS x;\nCREATE TABLE x.stolen AS SELECT * FROM main.notes;",
            target.display()
        ),
        format!("VACUUM INTO '{}';", target.display()),
    ] {
        let project = project(&up);
        let report = verify(project.path(), &Options::default()).unwrap();
        let failed: Vec<&Problem> = report
            .problems
            .iter()
            .filter(|p| p.rule == "up-fails")
            .collect();
        assert_eq!(failed.len(), 1, "{up}: {}", report.render());
        assert!(
            failed[0]
                .text
                .contains("refuses ATTACH and VACUUM INTO of a file outside its")
                && !failed[0].text.contains('\n'),
            "{}",
            failed[0].text
        );
        assert!(!target.exists(), "{up} wrote {}", target.display());
    }
}

#[test]
fn verify_still_keeps_its_own_snapshots() {
    // A table dropped with rows: verify keeps a VACUUM INTO snapshot of the database before
    // the up, and ATTACHes it to find the rows that are nowhere now.
    let project = project(
        "CREATE TABLE memos (id INTEGER PRIMARY KEY NOT NULL, body TEXT);\nDROP TABLE notes;",
    );
    let report = verify(project.path(), &Options::default()).unwrap();
    let lost = report.problems.iter().find(|p| p.rule == "up-loses-rows");
    assert!(
        lost.is_some_and(|p| p.text.contains("table notes (3 rows) is nowhere now")),
        "{}",
        report.render()
    );
}

#[test]
fn a_migration_that_never_ends_is_interrupted_at_the_statement_timeout() {
    let project = project(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
         SELECT count(*) FROM c;",
    );
    let options = Options {
        statement_timeout: 1,
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let report = verify(project.path(), &options).unwrap();
    assert!(started.elapsed().as_secs() < 20, "it ran on");
    let failed = report.problems.iter().find(|p| p.rule == "up-fails");
    assert!(
        failed
            .is_some_and(|p| p.text.contains("interrupted")
                && p.text.contains("--statement-timeout ran out")),
        "{}",
        report.render()
    );
}
