//! The app of each release of the rename, as its `src/schema.rs` says it: the one still running
//! while `expand_tag_label` and `index_tag_label` deploy reads `tags.name` (the lesson's
//! `src/schema.rs` as it comes); the one running while `contract_tag_name` deploys has switched
//! to `tags.label` (the answer's). The goals judge each step against the app of the step
//! before, as `verify --app-schema` does: verify's rule `old-app-breaks`.

use crate::app_schema;
use crate::harness::postgres::PgScratch;
use crate::postgres::describe;
use crate::rules::On;
use crate::rules::old_app_breaks::Watch;

/// The app before the switch: `lessons/lesson-08/src/schema.rs` as it comes, kept here as it
/// is, since the student's own file switches to `label` during the lesson.
pub const READS_NAME: &str = r#"// @generated automatically by Diesel CLI.

diesel::table! {
    categories (id) {
        id -> Int4,
        name -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> Int4,
        user_id -> Int4,
        logged_in_at -> Timestamptz,
    }
}

diesel::table! {
    tags (id) {
        id -> Int4,
        name -> Text,
    }
}

diesel::table! {
    task_tags (task_id, tag_id) {
        task_id -> Int4,
        tag_id -> Int4,
    }
}

diesel::table! {
    tasks (id) {
        id -> Int4,
        description -> Text,
        complete -> Bool,
        due_date -> Nullable<Date>,
        user_id -> Nullable<Int4>,
        category_id -> Nullable<Int4>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Int4,
        username -> Text,
        email -> Nullable<Text>,
        first_name -> Nullable<Text>,
        last_name -> Nullable<Text>,
        birthday -> Nullable<Date>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        username_key -> Nullable<Text>,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(task_tags -> tags (tag_id));
diesel::joinable!(task_tags -> tasks (task_id));
diesel::joinable!(tasks -> categories (category_id));
diesel::joinable!(tasks -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(categories, sessions, tags, task_tags, tasks, users,);
"#;

/// The app after the switch: `solutions/lesson-08/src/schema.rs` (the answer, which a student
/// never edits; the app before the switch is a copy, as the student's own schema.rs changes).
pub const READS_LABEL: &str = include_str!("../../../../../solutions/lesson-08/src/schema.rs");

/// Applies the migration `name` (those before it applied already), judged against the app
/// whose `src/schema.rs` is `app` (said as `from`): `Err` with old-app-breaks' finding when the
/// database it leaves breaks that app.
pub(super) fn survives(s: &mut PgScratch, name: &str, app: &str, from: &str) -> Result<(), String> {
    let app = app_schema::parse(app)?;
    let read = |s: &mut PgScratch| describe::read(s.conn()).map_err(|e| e.to_string());
    let mut watch = Watch::new(&app, from, On::Postgres, read(s)?);
    s.migrate_through(name)?;
    let folder = std::fs::read_dir(s.lesson_file("migrations"))
        .map_err(|e| format!("cannot read migrations/: {e}"))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|f| f.ends_with(&format!("_{name}")))
        .ok_or_else(|| format!("there is no migration named {name} in migrations/"))?;
    let up = std::fs::read_to_string(s.lesson_file(&format!("migrations/{folder}/up.sql")))
        .unwrap_or_default();
    watch.after(&folder, &up, true, read(s)?);
    match watch.problems().into_iter().next() {
        Some(problem) => Err(problem.text),
        None => Ok(()),
    }
}
