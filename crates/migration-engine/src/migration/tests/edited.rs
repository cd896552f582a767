//! Migrations edited after they were applied: reported until redone, and only when their SQL changed.

use super::*;

#[test]
fn a_migration_edited_after_it_ran_is_reported_until_it_is_redone() {
    let project = Project::new();
    project.run().unwrap();
    project.write(
        "2026-11-24-120000_create_user",
        "up.sql",
        "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);\n",
    );
    project.write(
        "2026-11-24-140000_add_email",
        "up.sql",
        "ALTER TABLE user ADD COLUMN email TEXT;\n",
    );
    project.write(
        "2026-11-24-140000_add_email",
        "down.sql",
        "ALTER TABLE user DROP COLUMN email;\n",
    );
    let bytes = std::fs::read(project.db.file().unwrap()).unwrap();

    let error = project.run().unwrap_err().to_string();
    assert!(
        error.starts_with(
            "migration 2026-11-24-120000_create_user was edited after it was applied to "
        ),
        "{error}"
    );
    assert!(
        error.ends_with(&format!(
            ": up.sql now says `KEY, name TEXT` where it said `KEY` (after `id INTEGER PRIMARY`); \
             to make the database match the files, revert it and the migrations after it \
             (`migration revert --all`), then `migration run`; if a revert fails, delete {} and \
             run `migration run` to build it again from the files",
            project.db.name()
        )),
        "{error}"
    );
    for never in ["git restore", "redo -n"] {
        assert!(!error.contains(never), "{error}");
    }
    assert_eq!(std::fs::read(project.db.file().unwrap()).unwrap(), bytes);

    let listed = project.list();
    assert!(
        listed.contains(
            "  [X] 2026-11-24-120000_create_user (edited after it was applied: up.sql now says"
        ),
        "{listed}"
    );
    assert!(
        listed.contains("  [X] 2026-11-24-130000_create_task\n"),
        "{listed}"
    );

    let mut out = Vec::new();
    redo(
        &project.db,
        &project.migrations(),
        Count::Last(2),
        Consent::Given,
        &mut out,
    )
    .unwrap();
    assert!(!project.list().contains("edited"));
    let ran = project.run().unwrap();
    assert_eq!(ran, "Running migration 2026-11-24-140000_add_email\n");
}

#[test]
fn a_comment_or_spacing_changed_after_a_migration_ran_is_no_edit() {
    let project = Project::new();
    project.run().unwrap();
    project.write(
        "2026-11-24-120000_create_user",
        "up.sql",
        "-- My first table.\nCREATE TABLE user (\n    id INTEGER PRIMARY KEY /* the key */\n);\n",
    );
    assert_eq!(
        project.run().unwrap(),
        "Nothing to run: every migration is applied.\n"
    );
    assert!(!project.list().contains("edited"), "{}", project.list());
}

#[test]
fn line_endings_and_reverted_migrations_are_not_edits() {
    let project = Project::new();
    project.run().unwrap();
    project.write(
        "2026-11-24-130000_create_task",
        "up.sql",
        "CREATE TABLE task (id INTEGER PRIMARY KEY);\r\n",
    );
    project.write(
        "2026-11-24-130000_create_task",
        "down.sql",
        "DROP TABLE task;\r\n",
    );
    assert_eq!(
        project.run().unwrap(),
        "Nothing to run: every migration is applied.\n"
    );

    let mut out = Vec::new();
    revert(
        &project.db,
        &project.migrations(),
        Count::Last(1),
        Consent::Given,
        &mut out,
    )
    .unwrap();
    project.write(
        "2026-11-24-130000_create_task",
        "up.sql",
        "CREATE TABLE task (id INTEGER PRIMARY KEY, done BOOLEAN);\n",
    );
    assert_eq!(
        project.run().unwrap(),
        "Running migration 2026-11-24-130000_create_task\n"
    );
}

#[test]
fn migrations_applied_without_a_checksum_are_never_reported() {
    // As the real diesel CLI (or the workbook before checksums) leaves a database.
    let project = Project::new();
    let mut conn = connection::open(&project.db).unwrap();
    setup(&mut conn).unwrap();
    for migration in project.migrations().iter() {
        conn.run_migration(migration).unwrap();
    }
    drop(conn);
    project.write(
        "2026-11-24-120000_create_user",
        "up.sql",
        "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);\n",
    );
    assert_eq!(
        project.run().unwrap(),
        "Nothing to run: every migration is applied.\n"
    );
    assert!(!project.list().contains("edited"), "{}", project.list());
}

#[test]
fn the_advice_names_the_migration_to_revert_to_and_following_it_works() {
    let project = Project::new();
    project.run().unwrap();
    project.write(
        "2026-11-24-130000_create_task",
        "up.sql",
        "CREATE TABLE task (id INTEGER PRIMARY KEY, done BOOLEAN);\n",
    );
    let error = project.run().unwrap_err().to_string();
    assert!(
        error.contains(
            "revert it and the migrations after it (`migration revert --to \
             2026-11-24-120000_create_user`), then `migration run`"
        ),
        "{error}"
    );
    let mut out = Vec::new();
    revert(
        &project.db,
        &project.migrations(),
        Count::To("2026-11-24-120000_create_user".into()),
        Consent::Given,
        &mut out,
    )
    .unwrap();
    assert_eq!(
        project.run().unwrap(),
        "Running migration 2026-11-24-130000_create_task\n"
    );
    assert!(!project.list().contains("edited"), "{}", project.list());
}
