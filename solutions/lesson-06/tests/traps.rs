//! Each SQLite trap of the lesson, made at test time from the solution's own migrations with
//! one change, is caught by the check, and the check's words name the trap.

use std::path::Path;

use workbook::Lesson;
use workbook::check::Report;

/// The solution's migrations, copied into a temporary lesson folder, with `change` applied.
fn fixture(change: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let to = dir.path().join("migrations");
    for entry in std::fs::read_dir(&from).unwrap() {
        let folder = entry.unwrap().path();
        let target = to.join(folder.file_name().unwrap());
        std::fs::create_dir_all(&target).unwrap();
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            std::fs::copy(&file, target.join(file.file_name().unwrap())).unwrap();
        }
    }
    change(&to);
    dir
}

/// Replaces `old` (which must be there) by `new` in one migration file.
fn edit(migrations: &Path, file: &str, old: &str, new: &str) {
    let path = migrations.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(old), "{file} has no {old:?}");
    std::fs::write(&path, text.replace(old, new)).unwrap();
}

/// The check of the lesson whose migrations are in `dir`, read at run time.
fn check(dir: &Path) -> Report {
    let lesson = Lesson {
        package: "fixture",
        dir: Box::leak(dir.display().to_string().into_boxed_str()),
        info: &workbook::course::lesson_06::INFO,
        migrations: None,
        app: solution_06::app::run,
    };
    workbook::testing::check(&lesson)
}

/// What the failing outcome named `goal` found (panics if it passed).
fn found(report: &Report, goal: &str) -> String {
    let outcome = report
        .outcomes
        .iter()
        .find(|o| o.name.starts_with(goal))
        .unwrap_or_else(|| panic!("no goal {goal:?} in:\n{}", report.render()));
    match &outcome.result {
        Ok(()) => panic!("{goal:?} passed:\n{}", report.render()),
        Err(failure) => failure.found.clone(),
    }
}

const USERS_UP: &str = "2026-11-24-180000_constrain_users/up.sql";
const TASKS_UP: &str = "2026-11-24-190000_constrain_tasks/up.sql";

#[test]
fn the_unchanged_copy_passes() {
    let dir = fixture(|_| {});
    let report = check(dir.path());
    assert!(report.passed(), "{}", report.render());
}

#[test]
fn a_rebuild_inside_diesels_transaction_is_named_as_the_trap() {
    let dir = fixture(|m| {
        std::fs::remove_file(m.join("2026-11-24-180000_constrain_users/metadata.toml")).unwrap();
    });
    let report = check(dir.path());
    let trap = found(&report, "no migration sets PRAGMA foreign_keys");
    assert!(
        trap.starts_with(
            "migrations/2026-11-24-180000_constrain_users/up.sql sets PRAGMA foreign_keys"
        ),
        "{trap}"
    );
    assert!(trap.contains("silently ignores"), "{trap}");
    // Inside diesel's transaction, the migration's own BEGIN cannot even start.
    let stairway = found(&report, "every migration goes up, down and up again");
    assert!(
        stairway.contains("cannot start a transaction within a transaction"),
        "{stairway}"
    );
}

#[test]
fn a_transactional_rebuild_cascades_and_the_lost_rows_are_counted() {
    // A later migration rebuilds users again, inside diesel's transaction: PRAGMA
    // foreign_keys = OFF is ignored, so DROP TABLE users cascades to every task with a user.
    let dir = fixture(|m| {
        let again = m.join("2026-11-24-200000_rebuild_users_again");
        std::fs::create_dir(&again).unwrap();
        let up = std::fs::read_to_string(m.join(USERS_UP)).unwrap();
        let up = up.replace("BEGIN;\n", "").replace("COMMIT;\n", "");
        std::fs::write(again.join("up.sql"), up).unwrap();
        std::fs::write(again.join("down.sql"), "SELECT 1;").unwrap();
    });
    let report = check(dir.path());
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
    let dir = fixture(|m| {
        edit(
            m,
            USERS_UP,
            "DROP TABLE users;\nALTER TABLE new_users RENAME TO users;",
            "ALTER TABLE users RENAME TO old_users;\nALTER TABLE new_users RENAME TO users;\nDROP TABLE old_users;",
        );
    });
    let report = check(dir.path());
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
    let dir = fixture(|m| {
        edit(
            m,
            TASKS_UP,
            "CREATE INDEX ix_tasks_category_id ON tasks(category_id);\n",
            "",
        );
    });
    let report = check(dir.path());
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
    let dir = fixture(|m| {
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
    let found = found(
        &check(dir.path()),
        "created_at and updated_at are filled in",
    );
    assert!(
        found.contains("an UPDATE of users did not move updated_at"),
        "{found}"
    );
}

#[test]
fn an_unnamed_constraint_is_caught() {
    let dir = fixture(|m| {
        edit(
            m,
            TASKS_UP,
            "category_id INTEGER CONSTRAINT fk_tasks_category_id REFERENCES",
            "category_id INTEGER REFERENCES",
        );
    });
    let found = found(&check(dir.path()), "every UNIQUE, CHECK and FOREIGN KEY");
    assert!(
        found.starts_with("tasks has an unnamed constraint, FOREIGN KEY (category_id)"),
        "{found}"
    );
}
