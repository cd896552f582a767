//! End-to-end tests of the real solution-01 binary.

use workbook::testing::Bin;

fn bin() -> Bin {
    Bin::new(env!("CARGO_BIN_EXE_solution-01"))
}

#[test]
fn report_names_the_linked_sqlite_and_what_it_can_do() {
    let report = bin().run_bare(&["report"]).ok();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 3, "{report}");
    let version = lines[0]
        .strip_prefix("SQLite ")
        .and_then(|rest| rest.strip_suffix(" is linked into this program."))
        .unwrap_or_else(|| panic!("{report}"));
    // libsqlite3-sys 0.38 with `bundled` compiles in SQLite 3.5x, whatever the system has.
    assert!(version.starts_with("3.5"), "{report}");
    assert_eq!(lines[1], "RENAME COLUMN (SQLite 3.25+): yes");
    assert_eq!(lines[2], "DROP COLUMN (SQLite 3.35+): yes");
}

#[test]
fn report_needs_no_database_file() {
    let bin = bin();
    bin.run(&["report"]).ok();
    assert!(!bin.db().exists(), "report created {}", bin.db().display());
}

#[test]
fn check_passes_every_goal_and_the_overview_shows_the_checklist() {
    let bin = bin();
    let report = bin.run_bare(&["check"]).ok();
    assert!(
        report.starts_with("solution-01 · Create a project and install dependencies\n"),
        "{report}"
    );
    assert!(report.contains("6 of 6 goals pass."), "{report}");
    assert!(!report.contains('✗'), "{report}");
    assert_eq!(bin.run_bare(&[]).ok(), report);
}

#[test]
fn migration_verbs_say_there_are_no_migrations_yet() {
    let bin = bin();
    let message = bin.run(&["migration", "run"]).error();
    assert!(
        message.contains("there is no migrations folder at "),
        "{message}"
    );
    assert!(
        message.contains("`cargo run -p solution-01 -- migration generate NAME`"),
        "{message}"
    );
    assert!(!bin.db().exists());
    let message = bin.run(&["schema"]).error();
    assert!(message.contains("there is no database at"), "{message}");
}
