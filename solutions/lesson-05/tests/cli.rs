//! End-to-end tests of the real solution-05 binary against temporary databases.

use workbook::testing::Bin;

fn bin() -> Bin {
    Bin::new(env!("CARGO_BIN_EXE_solution-05"))
}

/// A binary with its database migrated and holding one user.
fn migrated() -> Bin {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    bin.run(&["user", "add", "BugsBunnyFanatic"]).ok();
    bin
}

const LESSON_05_MIGRATIONS: [&str; 4] = [
    "2026-11-24-140000_rename_tables",
    "2026-11-24-150000_add_user_details",
    "2026-11-24-160000_rename_due_to_due_date",
    "2026-11-24-170000_move_category_to_categories",
];

#[test]
fn migration_verbs_run_the_lesson_and_revert_to_lesson_04() {
    let bin = bin();
    let mut expected = String::from(
        "Running migration 2026-11-24-120000_create_user\n\
         Running migration 2026-11-24-130000_create_task\n",
    );
    for name in LESSON_05_MIGRATIONS {
        expected += &format!("Running migration {name}\n");
    }
    assert_eq!(bin.run(&["migration", "run"]).ok(), expected);
    assert_eq!(bin.run(&["migration", "pending"]).ok(), "false\n");

    let rolled_back: String = LESSON_05_MIGRATIONS
        .iter()
        .rev()
        .map(|name| format!("Rolling back migration {name}\n"))
        .collect();
    assert_eq!(
        bin.run(&["migration", "revert", "-n", "4"]).ok(),
        rolled_back
    );
    let schema = bin.run(&["schema"]).ok();
    assert!(
        schema.contains("CREATE TABLE task (") && schema.contains("CREATE TABLE user ("),
        "{schema}"
    );
    assert!(
        !schema.contains("users") && !schema.contains("categories"),
        "{schema}"
    );
    let list = bin.run(&["migration", "list"]).ok();
    assert!(
        list.contains(
            "  [X] 2026-11-24-130000_create_task\n  [ ] 2026-11-24-140000_rename_tables\n"
        ),
        "{list}"
    );

    bin.run(&["migration", "run"]).ok();
    let redo = bin.run(&["migration", "redo", "-n", "4"]).ok();
    assert_eq!(redo.lines().count(), 8, "{redo}");
    assert!(
        redo.ends_with("Running migration 2026-11-24-170000_move_category_to_categories\n"),
        "{redo}"
    );
}

#[test]
fn schema_and_print_schema_describe_the_reshaped_database() {
    let bin = migrated();
    let schema = bin.run(&["schema"]).ok();
    assert!(
        schema.contains(
            "CREATE TABLE categories (\n  id INTEGER PRIMARY KEY NOT NULL,\n  \
             name TEXT NOT NULL CONSTRAINT uq_categories_name UNIQUE\n);"
        ),
        "{schema}"
    );
    assert!(
        schema.contains("CREATE INDEX ix_tasks_category_id ON tasks(category_id);"),
        "{schema}"
    );
    let printed = bin.run(&["print-schema"]).ok();
    assert_eq!(printed, include_str!("../src/schema.rs"));
}

#[test]
fn check_passes_every_goal() {
    let report = bin().run(&["check"]).ok();
    assert!(
        report.starts_with("solution-05 · Use migrations to reshape a live schema\n"),
        "{report}"
    );
    assert!(!report.contains('✗'), "{report}");
    assert!(report.contains("11 of 11 goals pass."), "{report}");
}

#[test]
fn users_have_details() {
    let bin = migrated();
    let added = bin.run(&[
        "user",
        "add",
        "WackyDaffy91",
        "--email",
        " daffy@acme.test ",
        "--first-name",
        "Daffy",
        "--last-name",
        "Duck",
        "--birthday",
        "1937-04-17",
    ]);
    assert_eq!(added.ok(), "Added user 2: WackyDaffy91\n");
    bin.run(&["user", "add", "Taz", "--first-name", "Taz"]).ok();
    assert_eq!(
        bin.run(&["user", "list"]).ok(),
        "id  username          name        email            birthday\n\
         1   BugsBunnyFanatic\n\
         2   WackyDaffy91      Daffy Duck  daffy@acme.test  1937-04-17\n\
         3   Taz               Taz\n"
    );
}

#[test]
fn tasks_are_listed_with_their_category_and_a_category_is_added_once() {
    let bin = migrated();
    bin.run(&["user", "add", "WackyDaffy91"]).ok();
    let add = |description: &str, user: &str, extra: &[&str]| {
        let mut args = vec!["task", "add", description, "--user", user];
        args.extend_from_slice(extra);
        bin.run(&args).ok()
    };
    assert_eq!(
        add(
            "Buy carrots",
            "BugsBunnyFanatic",
            &["--due", "2026-12-01", "--category", "Shopping"]
        ),
        "Added task 1: Buy carrots\n"
    );
    add("Buy a hat", "WackyDaffy91", &["--category", " Shopping "]);
    add(
        "Café ☕ with O'Brien",
        "WackyDaffy91",
        &["--category", "Café ☕"],
    );
    add("Nap", "BugsBunnyFanatic", &[]);
    assert_eq!(bin.run(&["task", "done", "2"]).ok(), "Task 2 is done.\n");
    assert_eq!(
        bin.run(&["task", "list"]).ok(),
        "id  description          done  due         category  user\n\
         1   Buy carrots          no    2026-12-01  Shopping  BugsBunnyFanatic\n\
         2   Buy a hat            yes               Shopping  WackyDaffy91\n\
         3   Café ☕ with O'Brien  no                Café ☕    WackyDaffy91\n\
         4   Nap                  no                          BugsBunnyFanatic\n"
    );
    let schema_rows = rows(&bin);
    assert_eq!(
        schema_rows["categories"],
        ["1, 'Shopping'", "2, 'Café ☕'"],
        "Shopping is one category, however many tasks use it"
    );
    let done = bin.run(&["task", "list", "--done"]).ok();
    assert!(
        done.contains("Buy a hat") && !done.contains("Nap"),
        "{done}"
    );
    let mine = bin.run(&["task", "list", "--user", "WackyDaffy91"]).ok();
    assert!(
        mine.contains("Buy a hat") && !mine.contains("Buy carrots"),
        "{mine}"
    );
}

/// Every row of every table in the binary's database.
fn rows(bin: &Bin) -> std::collections::BTreeMap<String, Vec<String>> {
    workbook::sqlite::schema::rows(&mut open(bin)).unwrap()
}

fn open(bin: &Bin) -> diesel::SqliteConnection {
    use diesel::Connection;
    diesel::SqliteConnection::establish(&bin.db().display().to_string()).unwrap()
}

/// Runs `args`, expects one error line containing `expected`, and proves the database file
/// is byte for byte what it was.
fn refused(bin: &Bin, args: &[&str], expected: &str) {
    let before = bin.db_bytes();
    let message = bin.run(args).error();
    assert!(message.contains(expected), "{args:?}: {message}");
    assert_eq!(bin.db_bytes(), before, "{args:?} changed the database");
}

/// `base` followed by `extra`.
fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(extra).copied().collect()
}

#[test]
fn bad_app_input_is_refused_in_one_line_and_changes_nothing() {
    let bin = migrated();
    let user = |extra: &[&'static str]| with(&["user", "add", "Taz"], extra);
    refused(
        &bin,
        &user(&["--birthday", "1954-02-30"]),
        "the birthday \"1954-02-30\" is not a date",
    );
    refused(&bin, &user(&["--email", "  "]), "the email is empty");
    refused(
        &bin,
        &user(&["--first-name", ""]),
        "the first name is empty",
    );
    let long: &'static str = "x".repeat(51).leak();
    refused(
        &bin,
        &user(&["--last-name", long]),
        "the last name is 51 characters long",
    );
    let task =
        |extra: &[&'static str]| with(&["task", "add", "Nap", "--user", "BugsBunnyFanatic"], extra);
    refused(&bin, &task(&["--category", " "]), "the category is empty");
    refused(&bin, &task(&["--due", "2026-13-01"]), "is not a date");
    refused(
        &bin,
        &[
            "task",
            "add",
            "Nap",
            "--user",
            "Nobody",
            "--category",
            "Sleep",
        ],
        "there is no user named \"Nobody\"",
    );
    refused(&bin, &["task", "done", "42"], "there is no task with id 42");
    assert!(
        !rows(&bin)
            .values()
            .flatten()
            .any(|row| row.contains("Sleep"))
    );
}

#[test]
fn app_commands_refuse_a_database_with_pending_migrations() {
    let bin = migrated();
    bin.run(&["migration", "revert", "-n", "2"]).ok();
    refused(
        &bin,
        &["task", "list"],
        "2 pending migration(s) (rename_due_to_due_date, move_category_to_categories): \
         run `cargo run -p solution-05 -- migration run` first",
    );
}

#[test]
fn seed_adds_the_lecture_users_once() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    assert_eq!(
        bin.run(&["seed"]).ok(),
        "Added 5 of the lecture's 5 users.\n"
    );
    assert_eq!(
        bin.run(&["seed"]).ok(),
        "Added 0 of the lecture's 5 users.\n"
    );
    let users = bin.run(&["user", "list"]).ok();
    assert!(users.contains("5   RoadRunnerSpeedster"), "{users}");
}
