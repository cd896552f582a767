//! End-to-end tests of the real solution-07 binary: every screen of the todo app as a
//! subcommand, and every bad input refused in one line without changing the database.

use workbook::testing::Bin;

fn bin() -> Bin {
    Bin::new(env!("CARGO_BIN_EXE_solution-07"))
}

/// A migrated database with Bugs signed up (and so logged in).
fn signed_up() -> Bin {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    bin.run(&[
        "sign-up",
        "Bugs_Bunny",
        "--first-name",
        "Bugs",
        "--last-name",
        "Bunny",
    ])
    .ok();
    bin
}

/// Runs `args`, expects one error line containing `expected`, and proves the database file
/// is byte for byte what it was.
fn refused(bin: &Bin, args: &[&str], expected: &str) {
    let before = bin.db_bytes();
    let message = bin.run(args).error();
    assert!(message.contains(expected), "{args:?}: {message}");
    assert_eq!(bin.db_bytes(), before, "{args:?} changed the database");
}

fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

#[test]
fn help_lists_every_screen_as_a_subcommand() {
    let help = bin().run_bare(&["--help"]).ok();
    for screen in [
        "sign-up",
        "log-in",
        "log-out",
        "new-task",
        "my-tasks",
        "completed",
        "by-date",
        "mark-complete",
        "update",
        "delete",
        "tag",
        "untag",
        "tagged",
        "users",
        "seed",
        "menu",
    ] {
        assert!(
            help.lines()
                .any(|line| line.trim_start().starts_with(&format!("{screen} "))),
            "{screen} is missing from:\n{help}"
        );
    }
}

#[test]
fn migrations_run_in_order_and_check_passes() {
    let bin = bin();
    let run = bin.run(&["migration", "run"]).ok();
    let names: Vec<&str> = run
        .lines()
        .map(|line| line.trim_start_matches("Running migration "))
        .collect();
    assert_eq!(
        names,
        [
            "2026-11-24-120000_create_user",
            "2026-11-24-130000_create_task",
            "2026-11-24-140000_rename_tables",
            "2026-11-24-150000_add_user_details",
            "2026-11-24-160000_rename_due_to_due_date",
            "2026-11-24-170000_move_category_to_categories",
            "2026-11-24-180000_constrain_users",
            "2026-11-24-190000_constrain_tasks",
            "2026-11-24-200000_create_tags",
            "2026-11-24-210000_enforce_app_rules",
            "2026-11-24-220000_create_sessions",
        ]
    );
    assert_eq!(
        bin.run(&["print-schema"]).ok(),
        include_str!("../src/schema.rs")
    );
    let report = bin.run(&["check"]).ok();
    assert!(report.contains("12 of 12 goals pass."), "{report}");
}

#[test]
fn the_login_is_remembered_between_runs_and_user_overrides_it() {
    let bin = signed_up();
    bin.run(&["new-task", "Buy carrots"]).ok();
    assert_eq!(
        bin.run(&["log-out"]).ok(),
        "Goodbye, Bugs_Bunny.\n",
        "sign-up logs the new user in"
    );
    assert_eq!(bin.run(&["log-out"]).ok(), "Nobody was logged in.\n");
    refused(&bin, &["my-tasks"], "nobody is logged in");
    let mine = bin.run(&["my-tasks", "--user", "bugs_bunny"]).ok();
    assert!(mine.contains("Buy carrots"), "{mine}");
    assert_eq!(
        bin.run(&["log-in", "BUGS_BUNNY"]).ok(),
        "Welcome, Bugs_Bunny!\n"
    );
    assert!(bin.run(&["my-tasks"]).ok().contains("Buy carrots"));
    bin.run(&[
        "sign-up",
        "Daffy",
        "--first-name",
        "Daffy",
        "--last-name",
        "Duck",
    ])
    .ok();
    assert_eq!(
        bin.run(&["my-tasks"]).ok(),
        "You do not have any active tasks.\n"
    );
}

#[test]
fn tasks_are_added_listed_completed_updated_and_deleted() {
    let bin = signed_up();
    assert_eq!(
        bin.run(&["new-task", "  Fix the roof ", "--due", "2026-12-24"])
            .ok(),
        "Added task 1: Fix the roof (due 2026-12-24)\n"
    );
    assert_eq!(
        bin.run(&["new-task", "Buy seeds", "Call Granny", "--due", "today"])
            .ok(),
        format!(
            "Added task 2: Buy seeds (due {0})\nAdded task 3: Call Granny (due {0})\n",
            today()
        )
    );
    assert_eq!(
        bin.run(&["new-task", "Café ☕ with O'Brien"]).ok(),
        "Added task 4: Café ☕ with O'Brien\n"
    );
    let today = today();
    assert_eq!(
        bin.run(&["my-tasks"]).ok(),
        format!(
            "id  description          due         tags\n\
             1   Fix the roof         2026-12-24\n\
             2   Buy seeds            {today}\n\
             3   Call Granny          {today}\n\
             4   Café ☕ with O'Brien\n"
        )
    );
    let by_date = bin.run(&["by-date"]).ok();
    let ids: Vec<&str> = by_date
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["2", "3", "1", "4"], "{by_date}");

    assert_eq!(
        bin.run(&["completed"]).ok(),
        "You do not have any completed tasks.\n"
    );
    assert_eq!(
        bin.run(&["mark-complete", "2"]).ok(),
        "Completed task 2: Buy seeds\n"
    );
    assert_eq!(
        bin.run(&["mark-complete", "2"]).ok(),
        "Task 2 was already complete.\n"
    );
    assert_eq!(
        bin.run(&["completed"]).ok(),
        format!("id  description  due         tags\n2   Buy seeds    {today}\n")
    );
    assert_eq!(
        bin.run(&["update", "1", "Fix the chimney"]).ok(),
        "Updated task 1: Fix the chimney\n"
    );
    assert_eq!(
        bin.run(&["delete", "3"]).ok(),
        "Deleted task 3: Call Granny\n"
    );
    assert_eq!(
        bin.run(&["my-tasks"]).ok(),
        "id  description          due         tags\n\
         1   Fix the chimney      2026-12-24\n\
         4   Café ☕ with O'Brien\n"
    );
}

#[test]
fn lists_print_json_for_scripts() {
    let bin = signed_up();
    bin.run(&["new-task", "Fix the roof", "--due", "2026-12-24"])
        .ok();
    bin.run(&["tag", "1", "home"]).ok();
    let json: serde_json::Value =
        serde_json::from_str(&bin.run(&["my-tasks", "--json"]).ok()).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "id": 1, "description": "Fix the roof", "complete": false,
            "due_date": "2026-12-24", "user_id": 1, "tags": ["home"]
        }])
    );
    assert_eq!(bin.run(&["completed", "--json"]).ok(), "[]\n");
    let users: serde_json::Value =
        serde_json::from_str(&bin.run(&["users", "--json"]).ok()).unwrap();
    assert_eq!(users[0]["username"], "Bugs_Bunny");
    assert_eq!(users[0]["first_name"], "Bugs");
    assert_eq!(users[0]["tasks"][0]["tags"], serde_json::json!(["home"]));
}

#[test]
fn tags_are_added_removed_and_listed() {
    let bin = signed_up();
    bin.run(&["new-task", "Eat everything", "Spin", "Sleep"])
        .ok();
    assert_eq!(
        bin.run(&["tag", "1", " urgent "]).ok(),
        "Tagged task 1 with urgent.\n"
    );
    assert_eq!(
        bin.run(&["tag", "1", "urgent"]).ok(),
        "Task 1 already has the tag urgent.\n"
    );
    bin.run(&["tag", "1", "food"]).ok();
    bin.run(&["tag", "2", "urgent"]).ok();
    bin.run(&["mark-complete", "2"]).ok();
    assert_eq!(
        bin.run(&["tagged", "urgent"]).ok(),
        "id  description     done  due  tags\n\
         1   Eat everything  no         food, urgent\n\
         2   Spin            yes        urgent\n"
    );
    assert_eq!(
        bin.run(&["untag", "1", "urgent"]).ok(),
        "Removed the tag urgent from task 1.\n"
    );
    assert_eq!(
        bin.run(&["tagged", "food"]).ok(),
        "id  description     done  due  tags\n1   Eat everything  no         food\n"
    );
    assert_eq!(
        bin.run(&["tagged", "urgent", "--user", "Bugs_Bunny"]).ok(),
        "id  description  done  due  tags\n2   Spin         yes        urgent\n"
    );
    bin.run(&["delete", "2"]).ok();
    assert_eq!(
        bin.run(&["tagged", "urgent"]).ok(),
        "You do not have any tasks tagged urgent.\n",
        "deleting a task deletes its tag links"
    );
}

#[test]
fn users_lists_everyone_with_tasks_and_tags() {
    let bin = signed_up();
    bin.run(&["new-task", "Buy carrots", "--due", "2026-12-01"])
        .ok();
    bin.run(&["tag", "1", "errands"]).ok();
    bin.run(&["tag", "1", "urgent"]).ok();
    bin.run(&[
        "sign-up",
        "Daffy",
        "--first-name",
        "Daffy",
        "--last-name",
        "Duck",
    ])
    .ok();
    assert_eq!(
        bin.run(&["users"]).ok(),
        "user        name        task  description  done  due         tags\n\
         Bugs_Bunny  Bugs Bunny  1     Buy carrots  no    2026-12-01  errands, urgent\n\
         Daffy       Daffy Duck\n"
    );
}

/// The streamed listing measures its columns from the tables, not from the rows it writes:
/// it must line up exactly as `--page 1` does (which measures the rows it holds), whatever the
/// text: escaped control characters, other than ASCII, a NUL, a negative id, and a task of no
/// user (not listed, so it must not widen anything).
#[test]
fn users_streamed_lines_up_as_the_page_does_whatever_the_text() {
    use diesel::connection::SimpleConnection;
    use diesel::{Connection, SqliteConnection};
    let bin = signed_up();
    bin.run(&["new-task", "Buy carrots", "--due", "2026-12-01"])
        .ok();
    bin.run(&["tag", "1", "errands"]).ok();
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    conn.batch_execute(
        "INSERT INTO users (id, username, username_key, first_name) VALUES \
             (7, 'Zoë', 'zoë', 'Zoë'), (8, 'lonely', 'lonely', NULL); \
         INSERT INTO tasks (id, description, user_id, due_date) VALUES \
             (-12, 'a' || char(27) || '[2Jgone', 7, 'é-2026'), \
             (40, 'x' || char(0) || 'yy', 7, NULL), \
             (123456, 'a task of nobody, longer than any listed', NULL, '2026-12-12 and more');",
    )
    .unwrap();
    let streamed = bin.run(&["users"]).ok();
    assert_eq!(streamed, bin.run(&["users", "--page", "1"]).ok());
    assert!(streamed.contains("a\\u{1b}[2Jgone"), "{streamed}");
    assert!(!streamed.contains("nobody"), "{streamed}");
}

#[test]
fn seed_is_deterministic_and_never_fails_on_duplicates() {
    let listing = |seed: &str| {
        let bin = bin();
        bin.run(&["migration", "run"]).ok();
        assert_eq!(
            bin.run(&["seed", "--seed", seed]).ok(),
            format!(
                "Added 20 users and 100 tasks (seed {seed}); 0 usernames were taken already.\n"
            )
        );
        assert_eq!(
            bin.run(&["seed", "--seed", seed]).ok(),
            format!("Added 0 users and 0 tasks (seed {seed}); 20 usernames were taken already.\n")
        );
        bin.run(&["users", "--json"]).ok()
    };
    let first = listing("3");
    assert_eq!(first, listing("3"), "the same seed gave different data");
    assert_ne!(first, listing("4"), "different seeds gave the same data");
    let users: serde_json::Value = serde_json::from_str(&first).unwrap();
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), 20);
    for user in users {
        let name = user["username"].as_str().unwrap();
        assert_eq!(
            name,
            format!(
                "{}_{}",
                user["first_name"].as_str().unwrap(),
                user["last_name"].as_str().unwrap()
            )
        );
        assert_eq!(user["tasks"].as_array().unwrap().len(), 5, "{user}");
    }

    // A username taken in another letter case is skipped, not an error.
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    let taken = users[0]["username"].as_str().unwrap().to_lowercase();
    bin.run(&["sign-up", &taken, "--first-name", "A", "--last-name", "B"])
        .ok();
    assert_eq!(
        bin.run(&["seed", "--seed", "3"]).ok(),
        "Added 19 users and 95 tasks (seed 3); 1 usernames were taken already.\n"
    );
}

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
    use diesel::{Connection, SqliteConnection};
    let bin = signed_up();
    bin.run(&["new-task", "Buy carrots"]).ok();
    // Written by another program, which the app cannot stop.
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    conn.batch_execute("UPDATE tasks SET description = 'x' || char(27) || '[2J' WHERE id = 1")
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
    use diesel::{Connection, SqliteConnection};
    let bin = signed_up();
    let mut conn = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    let error = conn
        .batch_execute(&format!(
            "INSERT INTO tasks (description, user_id) VALUES ('{}', 1)",
            "x".repeat(151)
        ))
        .unwrap_err();
    assert!(error.to_string().contains("longer than 150"), "{error}");
    let error = conn
        .batch_execute("INSERT INTO users (username) VALUES ('BUGS_bunny')")
        .unwrap_err();
    assert!(error.to_string().contains("UNIQUE"), "{error}");
    let error = conn
        .batch_execute("INSERT INTO tasks (description, user_id) VALUES ('   ', 1)")
        .unwrap_err();
    assert!(error.to_string().contains("CHECK"), "{error}");
}

#[test]
fn app_commands_need_a_migrated_database() {
    let bin = bin();
    let message = bin.run(&["my-tasks"]).error();
    assert!(message.contains("there is no database at"), "{message}");
    bin.run(&["migration", "run"]).ok();
    bin.run(&["migration", "revert"]).ok();
    refused(
        &bin,
        &["users"],
        "1 pending migration(s) (create_sessions): run `cargo run -p solution-07 -- migration run` first",
    );
}

/// Look-alike usernames, through the app and through another program writing SQL: one key
/// for both, so neither path lets a look-alike in, and `log-in` finds the right account.
#[test]
fn look_alike_usernames_are_one_user_whichever_program_writes_them() {
    use diesel::connection::SimpleConnection;
    use diesel::{Connection, SqliteConnection};
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    bin.run(&["sign-up", "Straße", "--first-name", "S", "--last-name", "T"])
        .ok();
    let mut other = SqliteConnection::establish(&bin.db().display().to_string()).unwrap();
    // ASCII written by another program is keyed as the app keys it: STRASSE is Straße.
    let taken = other
        .batch_execute("INSERT INTO users (username) VALUES ('STRASSE')")
        .unwrap_err()
        .to_string();
    assert!(
        taken.contains("UNIQUE constraint failed: users.username_key"),
        "{taken}"
    );
    // A name beyond ASCII without the app's key is refused: only the app can key it.
    let unkeyed = other
        .batch_execute("INSERT INTO users (username) VALUES ('straße')")
        .unwrap_err()
        .to_string();
    assert!(unkeyed.contains("only the app can key"), "{unkeyed}");
    other
        .batch_execute("INSERT INTO users (username) VALUES ('bugs')")
        .unwrap();
    refused(
        &bin,
        &["sign-up", "BUGS", "--first-name", "B", "--last-name", "B"],
        "taken",
    );
    refused(
        &bin,
        &[
            "sign-up",
            "alice\u{200B}",
            "--first-name",
            "A",
            "--last-name",
            "L",
        ],
        "invisible character",
    );
    bin.run(&["sign-up", "alice", "--first-name", "A", "--last-name", "L"])
        .ok();
    refused(
        &bin,
        &[
            "sign-up",
            "alice\u{200D}",
            "--first-name",
            "A",
            "--last-name",
            "L",
        ],
        "taken",
    );
    let said = bin.run(&["log-in", "STRASSE"]).ok();
    assert!(said.contains("Straße"), "{said}");
    let long = "x".repeat(31);
    let refused_name = other
        .batch_execute(&format!(
            "INSERT INTO users (username, username_key, first_name) VALUES ('x', 'x', '{long}')"
        ))
        .unwrap_err()
        .to_string();
    assert!(refused_name.contains("longer than 30"), "{refused_name}");
}
