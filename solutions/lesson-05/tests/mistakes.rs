//! The common mistakes of lesson-05, each caught by the check with a message that says what
//! went wrong. Each case in `tests/mistakes/<case>/` holds migration files that replace the
//! solution's in a copy of its migrations folder; the copy is then checked like a student's.

use std::path::Path;

use workbook::course::check::Report;
use workbook::testing::{check_mistake, copy_dir};

/// The checklist of the solution with the files of `tests/mistakes/<case>` (if any) put over
/// its migrations, read at run time from a temporary folder.
fn check_with(case: Option<&str>) -> Report {
    check_mistake(&solution_05::lesson(), |migrations| {
        if let Some(case) = case {
            let mistake = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/mistakes")
                .join(case);
            assert!(mistake.is_dir(), "no such case: {}", mistake.display());
            copy_dir(&mistake, migrations);
        }
    })
}

/// What the goal whose name starts with `goal` found, failing the test if it passed.
fn found(report: &Report, goal: &str) -> String {
    workbook::testing::failure(report, goal).found.clone()
}

const STAIRWAY: &str = "every migration goes up, down and up again";

#[test]
fn the_solution_itself_passes_from_a_copied_folder() {
    let report = check_with(None);
    assert!(report.passed(), "{}", report.render());
}

#[test]
fn a_rename_written_as_create_and_drop_loses_the_rows_and_says_which() {
    let report = check_with(Some("rename_as_create_and_drop"));
    let goal = found(&report, "rename_tables renames");
    assert!(
        goal.contains("table users holds 0 rows, but user held 5")
            && goal.contains("use ALTER TABLE user RENAME TO users"),
        "{goal}"
    );
    let stairway = found(&report, STAIRWAY);
    assert!(
        stairway.starts_with(
            "2026-11-24-140000_rename_tables lost rows (task had 9 rows, now 0; user had 5 rows, now 0)"
        ),
        "{stairway}"
    );
}

#[test]
fn a_column_rename_written_as_add_and_drop_loses_the_dates() {
    let report = check_with(Some("due_as_add_and_drop"));
    let goal = found(&report, "rename_due_to_due_date renames");
    assert_eq!(
        goal,
        "after rename_due_to_due_date ran, task 1 changed: \
         expected `task 1: due '2026-12-01'`, found `task 1: due NULL`"
    );
}

#[test]
fn a_category_move_that_drops_uncategorised_tasks_is_caught() {
    let report = check_with(Some("category_move_drops_uncategorised_tasks"));
    let goal = found(&report, "move_category_to_categories moves");
    assert_eq!(
        goal,
        "after move_category_to_categories ran, task 5 is missing \
         (it was `task 5: 'Spin in circles', category NULL`)"
    );
    let stairway = found(&report, STAIRWAY);
    assert!(
        stairway.starts_with(
            "2026-11-24-170000_move_category_to_categories lost rows (tasks had 9 rows, now 7)"
        ),
        "{stairway}"
    );
}

#[test]
fn a_category_move_that_merges_or_changes_names_is_caught() {
    let report = check_with(Some("category_move_merges_names"));
    let goal = found(&report, "move_category_to_categories moves");
    assert_eq!(
        goal,
        "after move_category_to_categories ran, task 1 changed: \
         expected `task 1: 'Buy carrots', category 'Shopping'`, \
         found `task 1: 'Buy carrots', category 'shopping'`"
    );
}

#[test]
fn a_down_that_forgets_the_category_names_is_caught() {
    let report = check_with(Some("down_forgets_category_names"));
    let goal = found(&report, "move_category_to_categories moves");
    assert_eq!(
        goal,
        "after move_category_to_categories was reverted, task 1 changed: \
         expected `task 1: 'Buy carrots', category 'Shopping'`, \
         found `task 1: 'Buy carrots', category NULL`"
    );
    let stairway = found(&report, STAIRWAY);
    assert!(
        stairway.starts_with(
            "reverting 2026-11-24-170000_move_category_to_categories does not give the rows back"
        ),
        "{stairway}"
    );
}

#[test]
fn a_down_that_appends_the_column_back_says_where_the_column_went() {
    let report = check_with(Some("down_appends_category"));
    let stairway = found(&report, STAIRWAY);
    assert_eq!(
        stairway,
        "reverting 2026-11-24-170000_move_category_to_categories leaves a different schema: \
         the columns of tasks are in another order: category is now last, it was after due_date"
    );
}

#[test]
fn a_down_that_keeps_the_new_table_says_it_is_left_behind() {
    let report = check_with(Some("down_keeps_categories"));
    let stairway = found(&report, STAIRWAY);
    assert_eq!(
        stairway,
        "reverting 2026-11-24-170000_move_category_to_categories leaves a different schema: \
         table categories is left behind"
    );
}
