//! `revert` refuses more than is applied, and asks before it throws away values.

use super::*;

#[test]
fn revert_refuses_more_migrations_than_are_applied() {
    let project = Project::new();
    project.run().unwrap();
    let mut out = Vec::new();
    let error = revert(
        &project.db,
        &project.migrations(),
        Count::Last(3),
        Consent::Given,
        &mut out,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.starts_with("cannot revert 3 migrations: only 2 are applied to "),
        "{error}"
    );
    assert!(
        error.ends_with("use `migration revert --all` to revert them all"),
        "{error}"
    );
    assert!(out.is_empty());
    assert_eq!(applied_now(&project.db).len(), 2);
}

/// Reverts the last migration, answering the question (if any) with `answer`; returns the
/// result and the question asked.
fn revert_asking(project: &Project, answer: bool) -> (Result<()>, Option<String>) {
    let mut asked = None;
    let mut ask = |question: &str| {
        asked = Some(question.to_string());
        answer
    };
    let mut out = Vec::new();
    let result = revert(
        &project.db,
        &project.migrations(),
        Count::Last(1),
        Consent::Ask(&mut ask),
        &mut out,
    );
    (result, asked)
}

#[test]
fn a_revert_that_drops_rows_asks_first_and_a_no_changes_nothing() {
    let project = Project::new();
    project.run().unwrap();
    execute(&project, "INSERT INTO task (id) VALUES (1), (2);");
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(
        asked.as_deref(),
        Some("reverting create_task throws away table task (2 rows), which no down.sql puts back")
    );
    let error = result.unwrap_err().to_string();
    assert!(
        error.ends_with(
            ": nothing was done; run `migration revert` again with --yes to go ahead, or save \
             those rows first"
        ),
        "{error}"
    );
    assert_eq!(tables(&project.db), ["task", "user"]);
    let (result, _) = revert_asking(&project, true);
    result.unwrap();
    assert_eq!(tables(&project.db), ["user"]);
}

#[test]
fn a_revert_asks_only_about_values_that_would_be_nowhere_afterwards() {
    let project = Project::new();
    project.run().unwrap();
    let moves = [
        (
            "2026-11-24-140000_rename",
            "ALTER TABLE task RENAME TO tasks;",
            "ALTER TABLE tasks RENAME TO task;",
        ),
        (
            "2026-11-24-150000_move",
            "ALTER TABLE user ADD COLUMN name TEXT; UPDATE user SET name = 'n' || id;",
            "ALTER TABLE user DROP COLUMN name;",
        ),
        (
            "2026-11-24-160000_lookup",
            "CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
             INSERT INTO names (name) SELECT name FROM user;
             ALTER TABLE user ADD COLUMN name_id INTEGER REFERENCES names(id);
             UPDATE user SET name_id = (SELECT id FROM names WHERE names.name = user.name);
             ALTER TABLE user DROP COLUMN name;",
            "ALTER TABLE user ADD COLUMN name TEXT;
             UPDATE user SET name = (SELECT name FROM names WHERE names.id = user.name_id);
             ALTER TABLE user DROP COLUMN name_id; DROP TABLE names;",
        ),
    ];
    for (folder, up, down) in moves {
        project.write(folder, "up.sql", up);
        project.write(folder, "down.sql", down);
    }
    execute(
        &project,
        "INSERT INTO user (id) VALUES (1), (2); INSERT INTO task (id) VALUES (7);",
    );
    project.run().unwrap();
    // lookup's down moves every name back into user.name: nothing is lost.
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(asked, None);
    result.unwrap();
    // move's down drops user.name and its values for good.
    let (result, asked) = revert_asking(&project, true);
    assert_eq!(
        asked.as_deref(),
        Some("reverting move throws away column user.name (2 values), which no down.sql puts back")
    );
    result.unwrap();
    // rename's down renames tasks back to task: nothing is lost.
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(asked, None);
    result.unwrap();
    // create_task's down drops the task for good.
    let (_, asked) = revert_asking(&project, false);
    assert_eq!(
        asked.as_deref(),
        Some("reverting create_task throws away table task (1 row), which no down.sql puts back")
    );
}

#[test]
fn a_revert_that_drops_a_column_with_values_names_it() {
    let project = Project::new();
    project.write(
        "2026-11-24-140000_add_email",
        "up.sql",
        "ALTER TABLE user ADD COLUMN email TEXT;",
    );
    project.write(
        "2026-11-24-140000_add_email",
        "down.sql",
        "ALTER TABLE user DROP COLUMN email;",
    );
    project.run().unwrap();
    execute(
        &project,
        "INSERT INTO user (id, email) VALUES (1, 'bugs@example.com'), (2, NULL);",
    );
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(
        asked.as_deref(),
        Some(
            "reverting add_email throws away column user.email (1 value), which no down.sql puts back"
        )
    );
    assert!(result.is_err());
    execute(&project, "UPDATE user SET email = NULL;");
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(asked, None);
    result.unwrap();
}

#[test]
fn a_revert_that_drops_two_columns_names_both_with_their_counts() {
    let project = Project::new();
    project.write(
        "2026-11-24-140000_add_names",
        "up.sql",
        "ALTER TABLE user ADD COLUMN first_name TEXT; ALTER TABLE user ADD COLUMN last_name TEXT;",
    );
    project.write(
        "2026-11-24-140000_add_names",
        "down.sql",
        "ALTER TABLE user DROP COLUMN last_name; ALTER TABLE user DROP COLUMN first_name;",
    );
    project.run().unwrap();
    execute(
        &project,
        "INSERT INTO user (id, first_name, last_name) VALUES (1, 'Bugs', 'Bugs'), (2, NULL, 'Bunny');",
    );
    let (result, asked) = revert_asking(&project, false);
    assert_eq!(
        asked.as_deref(),
        Some(
            "reverting add_names throws away column user.first_name (1 value), column \
             user.last_name (2 values), which no down.sql puts back"
        )
    );
    assert!(result.is_err());
}
