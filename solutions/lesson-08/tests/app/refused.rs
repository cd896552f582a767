//! Every bad input refused in one line without changing the database, and what the database
//! itself refuses.

use crate::Db;
use crate::cli::{refused, signed_up};

#[test]
fn bad_account_input_is_refused_in_one_line_and_changes_nothing() {
    let bin = signed_up();
    let sign_up = |username: &'static str, first: &'static str| {
        [
            "sign-up",
            username,
            "--first-name",
            first,
            "--last-name",
            "Bunny",
        ]
    };
    refused(&bin, &sign_up("bugs_bunny", "B"), "that username is taken");
    refused(&bin, &sign_up("BUGS_BUNNY", "B"), "that username is taken");
    refused(&bin, &sign_up(" \t ", "B"), "the username is empty");
    refused(&bin, &sign_up("Bugs", "  "), "the first name is empty");
    let long = "u".repeat(31);
    let args = ["sign-up", &long, "--first-name", "A", "--last-name", "B"];
    refused(
        &bin,
        &args,
        "the username is 31 characters long; the limit is 30",
    );
    refused(&bin, &["log-in", "Nobody"], "that user was not found");
    refused(&bin, &["log-in", "Bugs%"], "that user was not found");
    refused(
        &bin,
        &["my-tasks", "--user", "Bugs_"],
        "that user was not found",
    );
    // `_` is no wildcard: a name that LIKE would have matched is free.
    bin.run(&sign_up("BugsXBunny", "B")).ok();
    // Letter case counts in no script, nor does how a character is written.
    bin.run(&sign_up("Äpfel", "A")).ok();
    refused(&bin, &sign_up("äpfel", "A"), "that username is taken");
    refused(
        &bin,
        &sign_up("A\u{308}PFEL", "A"),
        "that username is taken",
    );
    bin.run(&sign_up("\u{212A}elvin", "K")).ok();
    refused(&bin, &sign_up("kelvin", "K"), "that username is taken");
    refused(
        &bin,
        &sign_up("Bugs\x1b]0;pwned\x07", "B"),
        "the username holds the control character U+001B: type plain text",
    );
}

#[test]
fn stored_control_characters_are_printed_escaped() {
    use diesel::connection::SimpleConnection;
    let bin = signed_up();
    bin.run(&["new-task", "Buy carrots"]).ok();
    // Written by another program, which the app cannot stop.
    let mut conn = bin.conn();
    conn.batch_execute("UPDATE tasks SET description = 'x' || chr(27) || '[2J' WHERE id = 1")
        .unwrap();
    let mine = bin.run(&["my-tasks"]).ok();
    assert!(!mine.contains('\x1b'), "{mine:?}");
    assert!(mine.contains("x\\u{1b}[2J"), "{mine}");
}

#[test]
fn bad_task_input_is_refused_in_one_line_and_changes_nothing() {
    let bin = signed_up();
    bin.run(&["new-task", "Buy carrots"]).ok();
    bin.run(&["tag", "1", "errands"]).ok();
    refused(&bin, &["new-task", "  "], "the description is empty");
    refused(
        &bin,
        &["new-task", "clear\x1b[2Jthe screen"],
        "the description holds the control character U+001B",
    );
    // A tab is text.
    bin.run(&["new-task", "Buy\tcarrots"]).ok();
    bin.run(&["delete", "2"]).ok();
    refused(
        &bin,
        &["new-task", "Fine", "", "Also fine"],
        "the description is empty",
    );
    let long = "d".repeat(151);
    refused(
        &bin,
        &["new-task", &long],
        "the description is 151 characters long; the limit is 150",
    );
    for date in [
        "2026-02-30",
        "2027-02-29",
        "2026-13-01",
        "tomorrow",
        "2026-1-5",
        "0000-01-01",
    ] {
        refused(
            &bin,
            &["new-task", "Nap", "--due", date],
            "is not a date: write it as YYYY-MM-DD",
        );
    }
    refused(&bin, &["update", "1", " "], "the description is empty");
    refused(&bin, &["update", "1", &long], "the limit is 150");
    for args in [
        &["mark-complete", "42"][..],
        &["update", "42", "Nap"],
        &["delete", "42"],
        &["tag", "42", "home"],
        &["untag", "42", "errands"],
    ] {
        refused(&bin, args, "there is no task 42");
    }
    refused(&bin, &["tag", "1", "\t"], "the tag is empty");
    refused(&bin, &["tag", "1", &"t".repeat(31)], "the limit is 30");
    refused(
        &bin,
        &["untag", "1", "home"],
        "there is no tag named \"home\"",
    );
    bin.run(&["tag", "1", "home"]).ok();
    bin.run(&["untag", "1", "home"]).ok();
    refused(
        &bin,
        &["untag", "1", "home"],
        "task 1 does not have the tag home",
    );
    refused(
        &bin,
        &["tagged", "nothing"],
        "there is no tag named \"nothing\"",
    );

    bin.run(&[
        "sign-up",
        "Daffy",
        "--first-name",
        "Daffy",
        "--last-name",
        "Duck",
    ])
    .ok();
    for args in [
        &["mark-complete", "1"][..],
        &["update", "1", "Mine now"],
        &["delete", "1"],
        &["tag", "1", "stolen"],
        &["untag", "1", "errands"],
    ] {
        refused(&bin, args, "task 1 belongs to another user");
    }
}

#[test]
fn the_database_refuses_what_the_app_refuses() {
    use diesel::connection::SimpleConnection;
    let bin = signed_up();
    let mut conn = bin.conn();
    let error = conn
        .batch_execute(&format!(
            "INSERT INTO tasks (description, user_id) VALUES ('{}', 1)",
            "x".repeat(151)
        ))
        .unwrap_err();
    assert!(
        error.to_string().contains("ck_tasks_description_length"),
        "{error}"
    );
    let error = conn
        .batch_execute("INSERT INTO users (username) VALUES ('BUGS_bunny')")
        .unwrap_err();
    assert!(
        error.to_string().contains("uq_users_username_key"),
        "{error}"
    );
    let error = conn
        .batch_execute("INSERT INTO tasks (description, user_id) VALUES ('   ', 1)")
        .unwrap_err();
    assert!(
        error.to_string().contains("ck_tasks_description_not_blank"),
        "{error}"
    );
    let error = conn
        .batch_execute("INSERT INTO users (username, email) VALUES ('taz', 'no email')")
        .unwrap_err();
    assert!(
        error.to_string().contains("ck_users_email_has_at"),
        "{error}"
    );
}

#[test]
fn app_commands_need_a_migrated_database() {
    let bin = Db::empty();
    let message = bin.run(&["my-tasks"]).error();
    assert!(message.contains("18 pending migration(s)"), "{message}");
    bin.run(&["migration", "run"]).ok();
    bin.run(&["migration", "revert", "--yes"]).ok();
    refused(
        &bin,
        &["users"],
        "1 pending migration(s) (contract_tag_name): run `cargo run -p solution-08 -- migration \
         run` first, or pass --allow-pending to use it as it is",
    );
    // During the deploy, the backfill runs before contract_tag_name, on the database as it is.
    let said = bin.run(&["--allow-pending", "backfill-labels"]).ok();
    assert!(said.contains("every tag has its label"), "{said}");
}
