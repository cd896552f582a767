//! `move-data` end to end, as a student runs it: lesson-07's app seeds its SQLite database,
//! lesson-08's migrates a PostgreSQL database and moves the data over; every table's row count
//! and checksum agree, the counts are SQLite's own, and the app reads the moved tasks.

use workbook::testing::Bin;

/// Every table's row count in the SQLite file, as lesson-07's `__diesel_schema_migrations`
/// aside.
fn sqlite_counts(db: &std::path::Path) -> Vec<(String, String)> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = diesel::SqliteConnection::establish(&db.display().to_string()).unwrap();
    let tables = [
        "users",
        "tasks",
        "categories",
        "tags",
        "task_tags",
        "sessions",
    ];
    let mut counts: Vec<(String, String)> = tables
        .iter()
        .map(|t| {
            let c: Count =
                diesel::sql_query(format!("SELECT '{t}' AS name, count(*) AS n FROM {t}"))
                    .get_result(&mut conn)
                    .unwrap();
            (c.name, c.n.to_string())
        })
        .collect();
    counts.sort();
    counts
}

#[test]
fn move_data_of_a_seeded_lesson_07_database_agrees_table_by_table() {
    let sqlite = Bin::built("solution-07");
    sqlite.run(&["migration", "run"]).ok();
    sqlite.run(&["seed"]).ok();
    sqlite.run(&["log-in", "Bugs_LePew"]).ok();
    let expected = sqlite_counts(&sqlite.db());

    let server = workbook::postgres::test_server();
    let db = server.scratch().unwrap();
    let postgres = Bin::built("solution-08");
    let on_postgres = |args: &[&str]| {
        let mut full = vec!["--database-url", db.url.as_str()];
        full.extend_from_slice(args);
        postgres.run_bare(&full)
    };
    let from = sqlite.db().display().to_string();
    let unmigrated = on_postgres(&["move-data", "--from", &from]).error();
    assert!(
        unmigrated.contains("has 18 pending migration(s)")
            && unmigrated.ends_with("migration run` first"),
        "{unmigrated}"
    );
    on_postgres(&["migration", "run"]).ok();
    let said = on_postgres(&["move-data", "--from", &from]).ok();

    let mut moved: Vec<(String, String)> = said
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            (cells.len() == 4).then(|| {
                assert_eq!(cells[3], "yes", "{said}");
                (cells[0].to_string(), cells[1].to_string())
            })
        })
        .collect();
    moved.sort();
    assert_eq!(moved, expected, "{said}");
    assert!(
        said.contains("every table's row count and checksum agree"),
        "{said}"
    );

    // The moved app carries on where lesson-07's stopped: the same user logged in, their tasks.
    let mine = on_postgres(&["my-tasks"]).ok();
    let theirs = sqlite.run(&["my-tasks"]).ok();
    assert_eq!(mine, theirs);
    on_postgres(&["new-task", "Written after the move"]).ok();

    // A second move into the database that now holds rows is refused and changes nothing.
    let refused = on_postgres(&["move-data", "--from", &from]).error();
    assert!(refused.contains("--replace"), "{refused}");
    let replaced = on_postgres(&["move-data", "--from", &from, "--replace"]).ok();
    assert!(replaced.contains("agree"), "{replaced}");
}
