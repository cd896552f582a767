//! End-to-end tests of the real solution-02 binary against temporary databases.

use workbook::testing::Bin;

fn bin() -> Bin {
    Bin::new(env!("CARGO_BIN_EXE_solution-02"))
}

#[test]
fn migration_run_creates_the_database_and_list_shows_it_applied() {
    let bin = bin();
    assert!(!bin.db().exists());
    assert_eq!(
        bin.run(&["migration", "run"]).ok(),
        "Running migration 2026-11-24-120000_create_user\n"
    );
    assert!(bin.db().is_file(), "migration run made no database file");
    assert_eq!(
        bin.run(&["migration", "list"]).ok(),
        "Migrations:\n  [X] 2026-11-24-120000_create_user\n"
    );
    assert_eq!(bin.run(&["migration", "pending"]).ok(), "false\n");
    assert_eq!(
        bin.run(&["schema"]).ok(),
        "CREATE TABLE user (\n  id INTEGER PRIMARY KEY NOT NULL,\n  username TEXT\n);\n"
    );
}

#[test]
fn revert_restores_the_empty_schema_and_redo_brings_it_back() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    assert_eq!(
        bin.run(&["migration", "revert"]).ok(),
        "Rolling back migration 2026-11-24-120000_create_user\n"
    );
    assert_eq!(bin.run(&["schema"]).ok(), "");
    assert_eq!(
        bin.run(&["migration", "list"]).ok(),
        "Migrations:\n  [ ] 2026-11-24-120000_create_user\n"
    );
    bin.run(&["migration", "run"]).ok();
    assert_eq!(
        bin.run(&["migration", "redo"]).ok(),
        "Rolling back migration 2026-11-24-120000_create_user\n\
         Running migration 2026-11-24-120000_create_user\n"
    );
    assert!(bin.run(&["schema"]).ok().contains("CREATE TABLE user ("));
}

#[test]
fn the_embedded_migrations_work_from_any_folder() {
    // The binary runs in an empty temporary folder, far from migrations/: embedded, it still
    // knows its migration.
    let bin = bin();
    assert!(!bin.dir().join("migrations").exists());
    bin.run(&["migration", "run"]).ok();
    assert!(bin.run(&["migration", "list"]).ok().contains("[X]"));
}

#[test]
fn check_passes_every_goal_and_the_overview_shows_the_checklist() {
    let bin = bin();
    let report = bin.run_bare(&["check"]).ok();
    assert!(
        report.starts_with("solution-02 · Initialize migrations\n"),
        "{report}"
    );
    assert!(report.contains("7 of 7 goals pass."), "{report}");
    assert_eq!(bin.run_bare(&[]).ok(), report);
}

#[test]
fn the_report_of_lesson_01_still_runs_on_a_migrated_database() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    let report = bin.run(&["report"]).ok();
    assert!(report.starts_with("SQLite 3."), "{report}");
    assert!(
        report.contains("DROP COLUMN (SQLite 3.35+): yes"),
        "{report}"
    );
}

#[test]
fn bad_input_is_refused_in_one_line_and_changes_nothing() {
    let bin = bin();
    let message = bin.run(&["migration", "revert"]).error();
    assert!(message.contains("there is no database at"), "{message}");
    assert!(!bin.db().exists(), "a failed revert created the database");

    let message = bin.run(&["migration", "generate", "Create User!"]).error();
    assert!(
        message.contains("cannot generate a migration named"),
        "{message}"
    );

    let message = bin.run(&["report"]).error();
    assert!(message.contains("migration run"), "{message}");

    std::fs::write(bin.db(), "not a database, just notes").unwrap();
    let message = bin.run(&["migration", "run"]).error();
    assert!(message.contains("it is not a SQLite database"), "{message}");
    assert_eq!(bin.db_bytes(), b"not a database, just notes");
}

#[test]
fn embedded_migrations_without_build_rs_fail_the_goal_that_asks_for_it() {
    let solution = solution_02::lesson();
    assert!(workbook::testing::check(&solution).passed());
    // The solution, embedded migrations and all, in a folder with no build.rs.
    let folder =
        std::env::temp_dir().join(format!("solution-02-no-build-rs-{}", std::process::id()));
    workbook::testing::copy_dir(
        &std::path::Path::new(solution.dir).join("migrations"),
        &folder.join("migrations"),
    );
    let without_build_rs = workbook::Lesson {
        dir: folder.display().to_string().leak(),
        ..solution_02::lesson()
    };
    let report = workbook::testing::check(&without_build_rs);
    std::fs::remove_dir_all(&folder).unwrap();
    let failure = workbook::testing::failure(&report, "the migrations are embedded");
    assert_eq!(
        failure.found,
        "the migrations are embedded, but no build.rs prints \
         `cargo:rerun-if-changed=migrations`: an edited up.sql would not reach the program"
    );
    assert!(
        failure
            .hint
            .contains("write build.rs printing `cargo:rerun-if-changed=migrations`"),
        "{}",
        failure.hint
    );
}
