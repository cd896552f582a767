//! The common mistakes of lesson-04, each caught by the check with a message that names it.
//! Each case in `tests/mistakes/<case>/` holds migration files that replace the solution's in
//! a copy of its migrations folder; the copy is then checked like a student's.

use std::path::Path;

use workbook::course::check::Report;
use workbook::testing::{check_mistake, copy_dir, failure};

/// The checklist of the solution with the files of `tests/mistakes/<case>` put over its
/// migrations.
fn check_with(case: &str) -> Report {
    let mistake = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/mistakes")
        .join(case);
    assert!(mistake.is_dir(), "no such case: {}", mistake.display());
    check_mistake(&solution_04::lesson(), |migrations| {
        copy_dir(&mistake, migrations)
    })
}

const COMPLETE: &str = "every migration folder has a non-empty up.sql and down.sql";
const STAIRWAY: &str = "every migration goes up, down and up again";
const TASK: &str = "2026-11-24-130000_create_task";

#[test]
fn a_down_sql_holding_only_a_comment_is_empty() {
    let report = check_with("down_only_comments");
    let complete = failure(&report, COMPLETE);
    assert_eq!(
        complete.found,
        format!("migrations/{TASK}/down.sql holds only comments, so it does nothing")
    );
    assert_eq!(
        complete.hint,
        format!(
            "write the SQL of migrations/{TASK}/down.sql (comments do not run): down.sql \
             undoes exactly what up.sql does"
        )
    );
    assert_eq!(
        failure(&report, STAIRWAY).found,
        format!("reverting {TASK} leaves a different schema: table task is left behind")
    );
}

#[test]
fn a_down_that_drops_the_wrong_table_is_not_called_a_rename() {
    let report = check_with("down_drops_the_wrong_table");
    let stairway = &failure(&report, STAIRWAY).found;
    assert_eq!(
        stairway,
        &format!(
            "after {TASK} was reverted, the database is broken: task.user_id refers to user, a \
             table that does not exist: this migration dropped user while task still refers to \
             it; check that it drops the right table, and drop a table only after the tables \
             that refer to it"
        )
    );
    assert!(!stairway.contains("renaming"), "{stairway}");
}

#[test]
fn a_migration_that_does_not_apply_is_said_once_and_blocks_the_goals_that_need_it() {
    let report = check_with("up_does_not_run");
    let applies = failure(&report, "every migration applies to a fresh database");
    assert_eq!(
        applies.found,
        format!("migration {TASK} failed: duplicate column name: id")
    );
    assert!(
        applies
            .hint
            .starts_with(&format!("make migrations/{TASK}/up.sql run")),
        "{}",
        applies.hint
    );
    let blocked = format!("migration {TASK} did not apply");
    for goal in [
        "create_task makes the task table",
        "task.user_id references user(id)",
        "`task add`, `task list` and `task done` work",
        STAIRWAY,
        "src/schema.rs matches the migrated database",
    ] {
        assert_eq!(failure(&report, goal).found, blocked, "{goal}");
        assert_eq!(
            failure(&report, goal).blocked_by.as_deref(),
            Some("every migration applies to a fresh database"),
            "{goal}"
        );
    }
    // Goals that do not need create_task still pass.
    let first = &report.outcomes[0];
    assert!(first.result.is_ok(), "{}", report.render());
    assert!(
        report
            .render()
            .contains("  ✓ create_user makes the user table\n"),
        "{}",
        report.render()
    );
}

#[test]
fn a_migration_folder_without_a_timestamp_gets_a_hint_that_says_so() {
    let report = check_mistake(&solution_04::lesson(), |migrations| {
        std::fs::rename(migrations.join(TASK), migrations.join("create_task")).unwrap();
    });
    let complete = failure(&report, COMPLETE);
    assert_eq!(
        complete.found,
        "migrations/create_task is not named like YYYY-MM-DD-HHMMSS_name, so diesel cannot order it"
    );
    assert!(
        complete.hint.starts_with(
            "rename the folder migrations/create_task to start with the time it was written"
        ),
        "{}",
        complete.hint
    );
    let rendered = report.render();
    assert!(
        rendered.contains("\nNext: rename the folder migrations/create_task to start with"),
        "{rendered}"
    );
}
