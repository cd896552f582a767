//! Users from before `enforce_app_rules`: the migration keys the plain ASCII names, where
//! `lower()` is the app's key, and the app keys the others with its own key before it serves a
//! command, so `Straße` is found as `strasse` and `STRASSE` cannot sign up beside them.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::Db;

/// A database as lesson-06 left it (its last migration, constrain_tasks), holding the users
/// `values` (SQL rows of usernames), then migrated to the end of lesson-08.
fn from_lesson_06(values: &str) -> Db {
    let db = Db::empty();
    db.run(&["migration", "run", "--to", "2026-11-24-190000"])
        .ok();
    db.conn()
        .batch_execute(&format!("INSERT INTO users (username) VALUES {values}"))
        .unwrap();
    db.run(&["migration", "run"]).ok();
    db
}

fn keys(db: &Db) -> Vec<Option<String>> {
    diesel::table! {
        users (id) {
            id -> Integer,
            username_key -> Nullable<Text>,
        }
    }
    users::table
        .select(users::username_key)
        .order(users::id)
        .load(&mut db.conn())
        .unwrap()
}

#[test]
fn a_user_from_before_the_key_is_found_by_the_apps_key() {
    let db = from_lesson_06("('Straße'), ('Bugs')");
    // The migration keys what lower() keys exactly; the rest waits for the app, and another
    // program may still change the user's other columns meanwhile.
    assert_eq!(keys(&db), [None, Some("bugs".to_string())]);
    db.conn()
        .batch_execute("UPDATE users SET email = 's@t.example' WHERE id = 1")
        .unwrap();
    for typed in ["strasse", "STRASSE", "Straße"] {
        let said = db.run(&["log-in", typed]).ok();
        assert_eq!(said, "Welcome, Straße!\n", "log-in {typed}");
    }
    assert_eq!(
        keys(&db),
        [Some("strasse".to_string()), Some("bugs".to_string())]
    );
    let taken = db
        .run(&[
            "sign-up",
            "STRASSE",
            "--first-name",
            "S",
            "--last-name",
            "T",
        ])
        .error();
    assert!(taken.contains("that username is taken"), "{taken}");
}

#[test]
fn two_users_one_key_stop_every_command_naming_both_and_change_nothing() {
    let db = from_lesson_06("('Straße'), ('STRASSE')");
    let before = db.rows();
    for args in [&["users"][..], &["log-in", "STRASSE"]] {
        let message = db.run(args).error();
        assert!(
            message.starts_with("error: users \"STRASSE\" (id 2) and \"Straße\" (id 1) of "),
            "{args:?}: {message}"
        );
        assert!(
            message.contains(
                " are one username to the app (both are \"strasse\" once letter case and \
                 spelling are folded), so it cannot tell them apart: rename one of them"
            ),
            "{message}"
        );
        assert!(message.ends_with("nothing was changed"), "{message}");
        assert_eq!(db.rows(), before, "{args:?} changed the database");
    }
    // Renamed as the error says, the two are two users again.
    db.conn()
        .batch_execute("UPDATE users SET username = 'another' WHERE id = 1")
        .unwrap();
    let said = db.run(&["log-in", "strasse"]).ok();
    assert_eq!(said, "Welcome, STRASSE!\n");
}
