//! The rebuilds keep every row: all of lesson-05's rows come through, rows that break a new
//! constraint stop the run and change nothing, and so does a task whose user is gone.

use std::collections::BTreeMap;

use super::LESSON_05_END;
use crate::harness::scratch::Scratch;
use crate::migration;
use crate::sqlite::schema;

/// Every row of users and tasks at the lesson-05 stage, loaded with the lecture's data.
fn seeded_lesson_05(s: &mut Scratch) -> Result<BTreeMap<String, Vec<String>>, String> {
    s.migrate_through(LESSON_05_END)?;
    s.execute(
        "INSERT INTO categories (id, name) VALUES (1, 'shopping'), (2, 'hunting');
         INSERT INTO users (id, username, email, first_name, birthday) VALUES
             (1, 'BugsBunnyFanatic', 'bugs@example.com', 'Bugs', '1940-07-27'),
             (2, 'WackyDaffy91', NULL, 'Daffy', NULL),
             (3, 'TazmanianTornado22', NULL, NULL, NULL);
         INSERT INTO tasks (id, description, complete, due_date, user_id, category_id) VALUES
             (1, 'Buy carrots', 0, '2026-12-01', 1, 1),
             (2, 'Café ☕ with O''Brien', 1, NULL, 2, NULL),
             (3, 'Catch Tweety', 0, NULL, 3, 2),
             (4, 'Beep beep', 0, NULL, NULL, 1);",
    )?;
    s.rows()
}

/// `seeded_lesson_05`, then every migration before the first rebuild: a data migration that
/// cleans rows before the rebuilds (the chapter suggests one) has run, as on a real database,
/// before the rows the rebuilds must refuse are added.
fn seeded_before_rebuilds(s: &mut Scratch) -> Result<(), String> {
    seeded_lesson_05(s)?;
    let migrations = s.migrations();
    let pending = migration::pending(s.conn(), migrations).map_err(|e| e.to_string())?;
    for m in pending
        .into_iter()
        .take_while(|m| migration::short_name(*m) != "constrain_users")
    {
        s.up(m)?;
    }
    Ok(())
}

pub(super) fn rows_kept(s: &mut Scratch) -> Result<(), String> {
    let before = seeded_lesson_05(s)?;
    s.migrate()?;
    let masked = schema::rows_without_clock(s.conn()).map_err(|e| e.to_string())?;
    for table in ["users", "tasks", "categories"] {
        let expected: Vec<String> = before[table]
            .iter()
            .map(|line| match table {
                "categories" => line.clone(),
                _ => format!("{line}, now, now"),
            })
            .collect();
        let found = masked.get(table).cloned().unwrap_or_default();
        if found != expected {
            return Err(format!(
                "after the rebuilds, {table} holds {found:?}, expected {expected:?} (now = the migration's time)"
            ));
        }
    }
    let indexes = s.lines(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tasks' \
         AND sql IS NOT NULL ORDER BY name",
    )?;
    if indexes != ["ix_tasks_category_id", "ix_tasks_user_id"] {
        return Err(format!(
            "tasks has the indexes {indexes:?}, expected ix_tasks_category_id and ix_tasks_user_id"
        ));
    }
    for name in ["constrain_tasks", "constrain_users"] {
        let m = s.migrations().named(name).expect("found by migrate above");
        s.down(m)?;
    }
    let back = s.rows()?;
    if back != before {
        return Err(format!(
            "after reverting both rebuilds the rows are {back:?}, expected {before:?}"
        ));
    }
    Ok(())
}

pub(super) fn bad_rows_refused(s: &mut Scratch) -> Result<(), String> {
    seeded_before_rebuilds(s)?;
    let cases = [
        (
            "INSERT INTO users (username) VALUES ('BugsBunnyFanatic')",
            &[
                "users",
                "uq_users_username",
                "SELECT username, count(*) FROM users",
            ][..],
            "DELETE FROM users WHERE id > 3",
        ),
        (
            "INSERT INTO users (username) VALUES (NULL)",
            &[
                "users",
                "NOT NULL",
                "SELECT * FROM users WHERE username IS NULL",
            ][..],
            "DELETE FROM users WHERE username IS NULL",
        ),
        (
            "INSERT INTO tasks (description, user_id) VALUES ('   ', 1)",
            &[
                "tasks",
                "ck_tasks_description_not_blank",
                "SELECT * FROM tasks WHERE NOT (trim(description) <> '')",
            ][..],
            "DELETE FROM tasks WHERE trim(description) = ''",
        ),
    ];
    for (bad, expected, clean) in cases {
        s.execute(bad)?;
        let rows = lesson_05_rows(s)?;
        let mut out = Vec::new();
        let result = migration::run(s.database(), s.migrations(), None, &mut out);
        let message = match result {
            Ok(()) => {
                return Err(format!(
                    "`migration run` accepted rows that break a new rule ({bad})"
                ));
            }
            Err(e) => e.to_string(),
        };
        if let Some(missing) = expected.iter().find(|part| !message.contains(**part)) {
            return Err(format!(
                "after `{bad}`, `migration run` said {message:?}, which does not name {missing:?}"
            ));
        }
        if lesson_05_rows(s)? != rows {
            return Err(format!("the failed run ({bad}) changed the rows"));
        }
        // A rebuild runs outside diesel's transaction, so a run is not one transaction: the
        // rebuild that failed changed nothing, and the one before it (if any) stays applied.
        let migrations = s.migrations();
        let pending: Vec<String> = migration::pending(s.conn(), migrations)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(migration::short_name)
            .collect();
        let failed = expected[0];
        let expected_pending: &[&str] = match failed {
            "tasks" => &["constrain_tasks"],
            _ => &["constrain_users", "constrain_tasks"],
        };
        if pending != expected_pending {
            return Err(format!(
                "after the failed run ({bad}), the pending migrations are {pending:?}, expected \
                 {expected_pending:?}"
            ));
        }
        if failed == "tasks" && !message.contains("applied now: constrain_users") {
            return Err(format!(
                "after `{bad}`, `migration run` said {message:?}, which does not say that \
                 constrain_users is applied"
            ));
        }
        s.execute(clean)?;
        if failed == "tasks" {
            let users = migrations
                .named("constrain_users")
                .expect("a lesson-06 migration");
            s.down(users)?;
        }
    }
    Ok(())
}

/// The rows of lesson-05's columns of users and tasks: what a failed rebuild must keep, whether
/// or not the rebuild before it added columns.
fn lesson_05_rows(s: &mut Scratch) -> Result<Vec<String>, String> {
    let mut rows = s.lines(
        "SELECT concat_ws(',', quote(id), quote(username), quote(email), quote(first_name), \
         quote(last_name), quote(birthday)) FROM users ORDER BY id",
    )?;
    rows.extend(s.lines(
        "SELECT concat_ws(',', quote(id), quote(description), quote(complete), quote(due_date), \
         quote(user_id), quote(category_id)) FROM tasks ORDER BY id",
    )?);
    Ok(rows)
}

/// A task whose user is gone (deleted while foreign keys were off): a rebuild copies it as it
/// is, so only the foreign-key check before COMMIT can stop the run.
pub(super) fn orphans_refused(s: &mut Scratch) -> Result<(), String> {
    seeded_before_rebuilds(s)?;
    s.execute(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO tasks (id, description, user_id) VALUES (5, 'Feed the cat', 99);
         PRAGMA foreign_keys = ON;",
    )?;
    let rows = lesson_05_rows(s)?;
    if let Some(todo) = s
        .migrations()
        .iter()
        .find(|m| s.migrations().holds_no_sql(*m))
    {
        return Err(format!(
            "{}'s up.sql holds only comments: the rebuilds are not written yet",
            migration::short_name(todo)
        ));
    }
    let result = migration::run(s.database(), s.migrations(), None, &mut Vec::new());
    if result.is_ok() {
        return Err(
            "`migration run` carried task 5, whose user 99 does not exist, through the \
             rebuilds: no rebuild checks the foreign keys (PRAGMA foreign_key_check) before \
             COMMIT"
                .into(),
        );
    }
    if lesson_05_rows(s)? != rows {
        return Err("the failed run (a task whose user is gone) changed the rows".into());
    }
    Ok(())
}
