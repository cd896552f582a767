//! Mistakes a student makes in the changes made while the app runs, applied to the answer: the
//! checklist fails the goal they break, judged as verify judges them (the locks each statement
//! takes, seen while it runs), not by reading the SQL.

use workbook::testing::{check_mistake_postgres, edit, failure};

#[test]
fn a_plain_index_in_a_migration_outside_the_transaction_fails_the_index_goal() {
    let report = check_mistake_postgres(&solution_08::lesson(), |migrations| {
        edit(
            migrations,
            "2026-12-01-120000_index_tasks_by_due_date/up.sql",
            "CREATE INDEX CONCURRENTLY",
            "CREATE INDEX",
        );
    });
    let found = &failure(
        &report,
        "index_tasks_by_due_date builds ix_tasks_user_id_due_date CONCURRENTLY",
    )
    .found;
    assert!(
        found.contains("CREATE INDEX holds a SHARE lock on tasks"),
        "{found}"
    );
    let live = &failure(&report, "the migrations this lesson writes take no lock").found;
    assert!(live.contains("[index-blocks-writes]"), "{live}");
}

#[test]
fn validating_in_the_migration_that_adds_the_check_fails_the_lock_goal() {
    let report = check_mistake_postgres(&solution_08::lesson(), |migrations| {
        let validate = "ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_has_at;";
        edit(
            migrations,
            "2026-12-01-140000_validate_user_email/up.sql",
            validate,
            "SELECT 1;",
        );
        let check = migrations.join("2026-12-01-130000_check_user_email/up.sql");
        let text = std::fs::read_to_string(&check).unwrap();
        std::fs::write(&check, format!("{text}\n{validate}\n")).unwrap();
    });
    let live = &failure(&report, "the migrations this lesson writes take no lock").found;
    assert!(live.contains("[lock-held-during-scan]"), "{live}");
}

#[test]
fn a_plain_rename_in_the_expand_fails_the_expand_goal_with_old_app_breaks() {
    let report = check_mistake_postgres(&solution_08::lesson(), |migrations| {
        let naive = concat!(env!("CARGO_MANIFEST_DIR"), "/naive/expand_tag_label.sql");
        std::fs::copy(
            naive,
            migrations.join("2026-12-01-160000_expand_tag_label/up.sql"),
        )
        .unwrap();
    });
    let found = &failure(&report, "expand_tag_label adds tags.label").found;
    assert!(
        found.contains(
            "renames tags.name to label while the app still running (src/schema.rs before the \
             switch to tags.label) still selects name"
        ),
        "{found}"
    );
}
