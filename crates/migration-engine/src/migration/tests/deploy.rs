//! A deploy walked one step at a time: `run --to` and `revert --to`, and a migration whose
//! up.sql holds only comments, which is never recorded as applied.

use super::*;

/// The project with a third migration, add_done, after create_task.
fn three() -> Project {
    let project = Project::new();
    project.write(
        "2026-11-24-140000_add_done",
        "up.sql",
        "ALTER TABLE task ADD COLUMN done BOOLEAN;\n",
    );
    project.write(
        "2026-11-24-140000_add_done",
        "down.sql",
        "ALTER TABLE task DROP COLUMN done;\n",
    );
    project
}

fn run_to(project: &Project, to: &str) -> Result<String> {
    let mut out = Vec::new();
    run(&project.db, &project.migrations(), Some(to), &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

fn revert_to(project: &Project, to: &str) -> Result<String> {
    let mut out = Vec::new();
    revert(
        &project.db,
        &project.migrations(),
        Count::To(to.to_string()),
        Consent::Given,
        &mut out,
    )?;
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn run_to_stops_after_the_version_and_revert_to_keeps_it_newest() {
    let project = three();
    assert_eq!(
        run_to(&project, "2026-11-24-130000").unwrap(),
        "Running migration 2026-11-24-120000_create_user\n\
         Running migration 2026-11-24-130000_create_task\n"
    );
    assert_eq!(
        applied_now(&project.db),
        ["20261124120000", "20261124130000"]
    );
    assert_eq!(
        run_to(&project, "2026-11-24-130000_create_task").unwrap(),
        "Nothing to run: 2026-11-24-130000_create_task is applied already.\n"
    );
    assert_eq!(
        run_to(&project, "20261124140000").unwrap(),
        "Running migration 2026-11-24-140000_add_done\n"
    );
    assert_eq!(
        revert_to(&project, "2026-11-24-120000_create_user").unwrap(),
        "Rolling back migration 2026-11-24-140000_add_done\n\
         Rolling back migration 2026-11-24-130000_create_task\n"
    );
    assert_eq!(applied_now(&project.db), ["20261124120000"]);
    assert_eq!(
        revert_to(&project, "2026-11-24-120000").unwrap(),
        "Nothing to revert: 2026-11-24-120000 is the newest applied migration.\n"
    );
    assert_eq!(tables(&project.db), ["user"]);
}

#[test]
fn an_unknown_or_unapplied_version_is_one_line_and_changes_nothing() {
    let project = three();
    run_to(&project, "2026-11-24-120000").unwrap();
    for to in ["2026-11-24", "create_task", "2027-01-01-000000"] {
        let error = run_to(&project, to).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("there is no migration {to} in ")),
            "{error}"
        );
        assert!(
            error.ends_with(
                "give a version as `migration list` shows it, such as 2026-11-24-140000 or \
                 2026-11-24-140000_add_done"
            ),
            "{error}"
        );
        let error = revert_to(&project, to).unwrap_err().to_string();
        assert!(error.starts_with(&format!("there is no migration {to} in ")));
    }
    let error = revert_to(&project, "2026-11-24-130000")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("cannot revert to 2026-11-24-130000: it is not applied to "),
        "{error}"
    );
    assert_eq!(applied_now(&project.db), ["20261124120000"]);
}

#[test]
fn a_migration_that_holds_only_comments_is_refused_and_nothing_after_it_runs() {
    let project = three();
    project.write(
        "2026-11-24-130000_create_task",
        "up.sql",
        "-- TODO: create the task table.\n\n/* later */\n",
    );
    let mut out = Vec::new();
    let error = run(&project.db, &project.migrations(), None, &mut out)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("migration ")
            && error.contains(
                "2026-11-24-130000_create_task has no SQL in up.sql, only comments: \
                 write its change in up.sql and its undo in down.sql, then run `migration run` \
                 again; the 1 before it were applied; it and the 2 migrations from it on were \
                 not applied"
            ),
        "{error}"
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "Running migration 2026-11-24-120000_create_user\n"
    );
    assert_eq!(applied_now(&project.db), ["20261124120000"]);
    let again = project.run().unwrap_err().to_string();
    assert!(
        again.ends_with(
            "then run `migration run` again; it and the 2 migrations from it on were not applied"
        ),
        "{again}"
    );
    assert_eq!(applied_now(&project.db), ["20261124120000"]);

    project.write(
        "2026-11-24-130000_create_task",
        "up.sql",
        "CREATE TABLE task (id INTEGER PRIMARY KEY);\n",
    );
    assert_eq!(
        project.run().unwrap(),
        "Running migration 2026-11-24-130000_create_task\n\
         Running migration 2026-11-24-140000_add_done\n"
    );
}
