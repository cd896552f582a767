//! The common mistakes of lesson-05, each caught by the check with a message that says what
//! went wrong. Each case in `tests/mistakes/<case>/` holds migration files that replace the
//! solution's in a copy of its migrations folder; the copy is then checked like a student's.

use std::path::Path;

use workbook::Lesson;
use workbook::check::Report;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The checklist of the solution with the files of `tests/mistakes/<case>` (if any) put over
/// its migrations, read at run time from a temporary folder.
fn check_with(case: Option<&str>) -> Report {
    let solution = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    copy_dir(
        &solution.join("migrations"),
        &work.path().join("migrations"),
    );
    if let Some(case) = case {
        let mistake = solution.join("tests/mistakes").join(case);
        assert!(mistake.is_dir(), "no such case: {}", mistake.display());
        copy_dir(&mistake, &work.path().join("migrations"));
    }
    copy_dir(&solution.join("src"), &work.path().join("src"));
    let dir: &'static str = work.path().display().to_string().leak();
    let lesson = Lesson {
        package: "solution-05",
        dir,
        info: &workbook::course::lesson_05::INFO,
        migrations: None,
        app: solution_05::app::run,
    };
    workbook::testing::check(&lesson)
}

/// What the goal whose name starts with `goal` found, failing the test if it passed.
fn found(report: &Report, goal: &str) -> String {
    let outcome = report
        .outcomes
        .iter()
        .find(|o| o.name.starts_with(goal))
        .unwrap_or_else(|| panic!("no goal {goal:?} in:\n{}", report.render()));
    match &outcome.result {
        Err(failure) => failure.found.clone(),
        Ok(()) => panic!("{goal:?} passed:\n{}", report.render()),
    }
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
fn a_down_that_appends_the_column_back_is_not_exact() {
    let report = check_with(Some("down_appends_category"));
    let stairway = found(&report, STAIRWAY);
    assert_eq!(
        stairway,
        "reverting 2026-11-24-170000_move_category_to_categories leaves a different schema: \
         expected `category TEXT,` but found `user_id INTEGER REFERENCES users(id),`"
    );
}
