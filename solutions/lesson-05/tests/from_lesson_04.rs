//! The promise, with the two real binaries on one database file: a database that
//! lesson-04's solution migrated and filled is carried through lesson-05's migrations by
//! `solution-05 migration run` with every row kept, and back to lesson-04's stage, exactly as
//! it was, by `solution-05 migration revert -n 4`. This works because both lessons share the
//! folder names (and so the versions) of create_user and create_task.

use std::collections::BTreeMap;
use std::path::Path;

use diesel::{Connection, SqliteConnection};
use workbook::testing::Bin;

fn open(db: &Path) -> SqliteConnection {
    SqliteConnection::establish(&db.display().to_string()).unwrap()
}

fn rows(db: &Path) -> BTreeMap<String, Vec<String>> {
    workbook::sqlite::schema::rows(&mut open(db)).unwrap()
}

fn schema(db: &Path) -> String {
    workbook::sqlite::schema::dump(&mut open(db)).unwrap()
}

#[test]
fn a_lesson_04_database_goes_through_lesson_05_and_back_with_every_row() {
    let new = Bin::new(env!("CARGO_BIN_EXE_solution-05"));
    let old = Bin::built("solution-04");
    let url = new.db().display().to_string();
    let with_old = |args: &[&str]| {
        let mut full = vec!["--database-url", url.as_str()];
        full.extend_from_slice(args);
        old.run_bare(&full).ok()
    };

    with_old(&["migration", "run"]);
    with_old(&["seed"]);
    let tasks: [&[&str]; 6] = [
        &[
            "Buy carrots",
            "--user",
            "BugsBunnyFanatic",
            "--due",
            "2026-12-01",
            "--category",
            "Shopping",
        ],
        &[
            "Buy a bigger hammer",
            "--user",
            "WackyDaffy91",
            "--category",
            "Shopping",
        ],
        &[
            "Café ☕ with O'Brien",
            "--user",
            "WackyDaffy91",
            "--due",
            "2026-12-24",
            "--category",
            "Café ☕",
        ],
        &[
            "Catch Tweety \"at last\"",
            "--user",
            "SylvesterSneakyCat",
            "--category",
            "shopping",
        ],
        &[
            "Beep beep",
            "--user",
            "RoadRunnerSpeedster",
            "--due",
            "2026-12-02",
        ],
        &["Spin in circles", "--user", "TazmanianTornado22"],
    ];
    for task in tasks {
        let mut args = vec!["task", "add"];
        args.extend_from_slice(task);
        with_old(&args);
    }
    with_old(&["task", "done", "5"]);
    let listed_by_04 = with_old(&["task", "list"]);
    let (rows_at_04, schema_at_04) = (rows(&new.db()), schema(&new.db()));
    assert_eq!(rows_at_04["task"].len(), 6);

    // Up: only lesson-05's four migrations run; every user and task is still there.
    let ran = new.run(&["migration", "run"]).ok();
    assert_eq!(
        ran,
        "Running migration 2026-11-24-140000_rename_tables\n\
         Running migration 2026-11-24-150000_add_user_details\n\
         Running migration 2026-11-24-160000_rename_due_to_due_date\n\
         Running migration 2026-11-24-170000_move_category_to_categories\n"
    );
    let rows_at_05 = rows(&new.db());
    let users_at_05: Vec<String> = rows_at_04["user"]
        .iter()
        .map(|row| format!("{row}, NULL, NULL, NULL, NULL"))
        .collect();
    assert_eq!(rows_at_05["users"], users_at_05);
    assert_eq!(
        rows_at_05["categories"],
        ["1, 'Café ☕'", "2, 'Shopping'", "3, 'shopping'"]
    );
    assert_eq!(
        new.run(&["task", "list"]).ok(),
        listed_by_04,
        "lesson-05's app lists the same tasks, dates and categories as lesson-04's"
    );

    // Down: reverting only lesson-05's migrations gives lesson-04's database back, exactly.
    new.run(&["migration", "revert", "-n", "4"]).ok();
    assert_eq!(rows(&new.db()), rows_at_04);
    assert_eq!(schema(&new.db()), schema_at_04);
    assert_eq!(with_old(&["task", "list"]), listed_by_04);
}
