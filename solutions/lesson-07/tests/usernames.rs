//! Users from before `enforce_app_rules`: the migration keys the plain ASCII names, where
//! `lower()` is the app's key, and the app keys the others with its own key before it serves a
//! command, so `Straße` is found as `strasse` and `STRASSE` cannot sign up beside them.

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use workbook::testing::Bin;

/// A database as lesson-06 left it (its last migration, constrain_tasks), holding the users
/// `values` (SQL rows of usernames), then migrated to the end of lesson-07.
fn from_lesson_06(values: &str) -> Bin {
    let bin = Bin::new(env!("CARGO_BIN_EXE_solution-07"));
    bin.run(&["migration", "run", "--to", "2026-11-24-190000"])
        .ok();
    sql(
        &bin,
        &format!("INSERT INTO users (username) VALUES {values}"),
    );
    bin.run(&["migration", "run"]).ok();
    bin
}

fn sql(bin: &Bin, statements: &str) {
    SqliteConnection::establish(&bin.db().display().to_string())
        .unwrap()
        .batch_execute(statements)
        .unwrap();
}

fn keys(bin: &Bin) -> Vec<Option<String>> {
    use diesel::prelude::*;
    diesel::table! {
        users (id) {
            id -> Integer,
            username_key -> Nullable<Text>,
        }
    }
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    users::table
        .select(users::username_key)
        .order(users::id)
        .load(&mut conn)
        .unwrap()
}

#[test]
fn a_user_from_before_the_key_is_found_by_the_apps_key() {
    let bin = from_lesson_06("('Straße'), ('Bugs')");
    // The migration keys what lower() keys exactly; the rest waits for the app, and another
    // program may still change the user's other columns meanwhile.
    assert_eq!(keys(&bin), [None, Some("bugs".to_string())]);
    sql(&bin, "UPDATE users SET email = 's@t.example' WHERE id = 1");
    for typed in ["strasse", "STRASSE", "Straße"] {
        let said = bin.run(&["log-in", typed]).ok();
        assert_eq!(said, "Welcome, Straße!\n", "log-in {typed}");
    }
    assert_eq!(
        keys(&bin),
        [Some("strasse".to_string()), Some("bugs".to_string())]
    );
    let taken = bin
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
    let bin = from_lesson_06("('Straße'), ('STRASSE')");
    let before = bin.db_bytes();
    for args in [&["users"][..], &["log-in", "STRASSE"]] {
        let message = bin.run(args).error();
        let db = bin.db().display().to_string();
        assert!(
            message.starts_with(&format!(
                "error: users \"STRASSE\" (id 2) and \"Straße\" (id 1) of {db} are one \
                 username to the app (both are \"strasse\" once letter case and spelling are \
                 folded), so it cannot tell them apart: rename one of them"
            )),
            "{args:?}: {message}"
        );
        assert!(message.ends_with("nothing was changed"), "{message}");
        assert_eq!(bin.db_bytes(), before, "{args:?} changed the database");
    }
    // Renamed as the error says, the two are two users again.
    sql(&bin, "UPDATE users SET username = 'another' WHERE id = 1");
    let said = bin.run(&["log-in", "strasse"]).ok();
    assert_eq!(said, "Welcome, STRASSE!\n");
}
