//! Each SQLite trap of the lesson, made at test time from the solution's own migrations with
//! one change, is caught by the check, and the check's words name the trap.

use std::path::Path;

use workbook::course::check::Report;
use workbook::testing::{self, edit};

/// The check of a copy of the solution's migrations with `change` applied, read at run time.
fn check_with(change: impl FnOnce(&Path)) -> Report {
    testing::check_mistake(&solution_06::lesson(), change)
}

/// What the failing outcome named `goal` found (panics if it passed).
fn found(report: &Report, goal: &str) -> String {
    testing::failure(report, goal).found.clone()
}

const USERS_UP: &str = "2026-11-24-180000_constrain_users/up.sql";
const TASKS_UP: &str = "2026-11-24-190000_constrain_tasks/up.sql";

#[test]
fn the_unchanged_copy_passes() {
    let report = check_with(|_| {});
    assert!(report.passed(), "{}", report.render());
}

#[test]
fn a_rebuild_inside_diesels_transaction_is_named_as_the_trap() {
    let report = check_with(|m| {
        std::fs::remove_file(m.join("2026-11-24-180000_constrain_users/metadata.toml")).unwrap();
    });
    let trap = found(&report, "no migration sets PRAGMA foreign_keys");
    assert!(
        trap.starts_with(
            "migrations/2026-11-24-180000_constrain_users/up.sql sets PRAGMA foreign_keys"
        ),
        "{trap}"
    );
    assert!(trap.contains("silently ignores"), "{trap}");
    // Inside diesel's transaction, the migration's own BEGIN cannot even start: said once,
    // and every goal that needs the migration says it is blocked instead of repeating it.
    let applies = found(&report, "every migration applies to a fresh database");
    assert!(
        applies.contains("cannot start a transaction within a transaction"),
        "{applies}"
    );
    let blocked = "migration 2026-11-24-180000_constrain_users did not apply";
    for goal in [
        "users.username is NOT NULL and UNIQUE",
        "tasks refuse a blank description",
        "deleting a user deletes their tasks",
        "every UNIQUE, CHECK and FOREIGN KEY on users and tasks is named",
        "created_at and updated_at are filled in",
        "every migration goes up, down and up again",
        "src/schema.rs matches the migrated database",
    ] {
        assert_eq!(found(&report, goal), blocked, "{goal}");
        let by = workbook::testing::failure(&report, goal)
            .blocked_by
            .as_deref();
        assert_eq!(
            by,
            Some("every migration applies to a fresh database"),
            "{goal}"
        );
    }
    let text = report.render();
    assert_eq!(
        text.matches("cannot start a transaction within a transaction")
            .count(),
        1,
        "{text}"
    );
}

#[test]
fn a_rebuild_without_the_foreign_key_check_is_caught_by_a_task_whose_user_is_gone() {
    let check = |of: &str| {
        format!(
            "CREATE TEMP TABLE foreign_key_check (\n    \
             broken INTEGER CONSTRAINT ck_no_broken_references CHECK (broken = 0)\n);\n\
             INSERT INTO foreign_key_check{of}\n\
             DROP TABLE foreign_key_check;\n"
        )
    };
    let users = check(
        "\nSELECT (SELECT count(*) FROM pragma_foreign_key_check('users'))\n     \
         + (SELECT count(*) FROM pragma_foreign_key_check('tasks'));",
    );
    let tasks = check(" SELECT count(*) FROM pragma_foreign_key_check('tasks');");
    let report = check_with(|m| {
        edit(m, USERS_UP, &users, "");
        edit(m, TASKS_UP, &tasks, "");
    });
    let text = report.render();
    let goal = "a task whose user is gone makes the rebuild fail";
    assert_eq!(
        found(&report, goal),
        "`migration run` carried task 5, whose user 99 does not exist, through the rebuilds: \
         no rebuild checks the foreign keys (PRAGMA foreign_key_check) before COMMIT",
        "{text}"
    );
    assert!(
        testing::failure(&report, goal)
            .hint
            .contains("PRAGMA foreign_key_check"),
        "{text}"
    );
    // Nothing else notices: every other goal passes.
    assert_eq!(report.passed_count() + 1, report.outcomes.len(), "{text}");
}

#[test]
fn a_transactional_rebuild_cascades_and_the_lost_rows_are_counted() {
    // A later migration rebuilds users again, inside diesel's transaction: PRAGMA
    // foreign_keys = OFF is ignored, so DROP TABLE users cascades to every task with a user.
    let report = check_with(|m| {
        let again = m.join("2026-11-24-200000_rebuild_users_again");
        std::fs::create_dir(&again).unwrap();
        let up = std::fs::read_to_string(m.join(USERS_UP)).unwrap();
        let up = up.replace("BEGIN;\n", "").replace("COMMIT;\n", "");
        std::fs::write(again.join("up.sql"), up).unwrap();
        std::fs::write(again.join("down.sql"), "SELECT 1;").unwrap();
    });
    let stairway = found(&report, "every migration goes up, down and up again");
    assert!(
        stairway.starts_with(
            "2026-11-24-200000_rebuild_users_again lost rows (tasks had 6 rows, now 1)"
        ),
        "{stairway}"
    );
    assert!(
        stairway.contains("PRAGMA foreign_keys = OFF is ignored"),
        "{stairway}"
    );
    let trap = found(&report, "no migration sets PRAGMA foreign_keys");
    assert!(
        trap.contains("2026-11-24-200000_rebuild_users_again/up.sql"),
        "{trap}"
    );
}

#[test]
fn renaming_the_old_table_first_is_caught() {
    let report = check_with(|m| {
        edit(
            m,
            USERS_UP,
            "DROP TABLE users;\nALTER TABLE new_users RENAME TO users;",
            "ALTER TABLE users RENAME TO old_users;\nALTER TABLE new_users RENAME TO users;\nDROP TABLE old_users;",
        );
    });
    let stairway = found(&report, "every migration goes up, down and up again");
    assert!(
        stairway.contains("tasks.user_id refers to old_users, a table that does not exist"),
        "{stairway}"
    );
    assert!(
        stairway.contains("renaming the OLD table first"),
        "{stairway}"
    );
}

#[test]
fn an_index_the_rebuild_forgot_is_caught() {
    let report = check_with(|m| {
        edit(
            m,
            TASKS_UP,
            "CREATE INDEX ix_tasks_category_id ON tasks(category_id);\n",
            "",
        );
    });
    let stairway = found(&report, "every migration goes up, down and up again");
    assert!(
        stairway.contains("tasks was rebuilt but its index ix_tasks_category_id is gone"),
        "{stairway}"
    );
    let rows = found(&report, "the rebuilds keep every user and task");
    assert!(rows.contains("ix_tasks_category_id"), "{rows}");
}

#[test]
fn a_forgotten_trigger_is_caught() {
    let report = check_with(|m| {
        edit(
            m,
            USERS_UP,
            "CREATE TRIGGER users_updated_at AFTER UPDATE ON users\n\
             FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at\n\
             BEGIN\n    \
             UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;\n\
             END;\n",
            "",
        );
    });
    let found = found(&report, "created_at and updated_at are filled in");
    assert!(
        found.contains("an UPDATE of users did not move updated_at"),
        "{found}"
    );
}

#[test]
fn an_unnamed_constraint_is_caught() {
    let report = check_with(|m| {
        edit(
            m,
            TASKS_UP,
            "category_id INTEGER CONSTRAINT fk_tasks_category_id REFERENCES",
            "category_id INTEGER REFERENCES",
        );
    });
    let found = found(&report, "every UNIQUE, CHECK and FOREIGN KEY");
    assert!(
        found.starts_with("tasks has an unnamed constraint, FOREIGN KEY (category_id)"),
        "{found}"
    );
}

/// The clean-up data migration the chapter suggests, put before the rebuilds as it says: the
/// check adds the rows that break the new rules after it, so it passes as it is.
#[test]
fn the_chapters_clean_up_migration_before_the_rebuilds_passes() {
    let clean_up = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clean_up");
    let report = check_with(|m| testing::copy_dir(&clean_up, m));
    assert!(report.passed(), "{}", report.render());
}

/// The solution's app, but `task edit` stores the description as typed, without input::text.
fn edit_without_input_check(
    command: solution_06::app::Command,
    conn: &mut diesel::SqliteConnection,
    out: &mut dyn std::io::Write,
) -> workbook::Result<()> {
    use diesel::prelude::*;
    use solution_06::app::{Command, TaskCommand};
    use solution_06::schema::tasks;
    match command {
        Command::Task(TaskCommand::Edit { id, description }) => {
            diesel::update(tasks::table.find(id))
                .set(tasks::description.eq(&description))
                .execute(conn)
                .map_err(|e| workbook::Error::new(e.to_string()))?;
            writeln!(out, "Task {id} is now: {description}")
                .map_err(|e| workbook::Error::new(e.to_string()))
        }
        command => solution_06::app::run(command, conn, out),
    }
}

#[test]
fn a_task_edit_without_the_input_check_fails_the_goal_that_asks_for_it() {
    let lesson = workbook::Lesson {
        app: edit_without_input_check,
        ..solution_06::lesson()
    };
    let report = testing::check(&lesson);
    assert_eq!(
        found(&report, "`task edit` checks the description first"),
        "`task edit` stored a description with a terminal escape: it does not check its input"
    );
}
