//! Judgements that do not rest on generated rows that did not fit: a step that fails only on
//! the generated rows is a note and the walk goes on; NULLs, '' and swapped columns show; a
//! clock masks only the column it fills.

use super::*;

/// A migrations folder in a temporary directory, each `(name, up, down)`; an empty down is
/// written as an empty file.
fn folder(migrations: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, up, down) in migrations {
        let path = dir.path().join("migrations").join(name);
        std::fs::create_dir_all(&path).unwrap();
        std::fs::write(path.join("up.sql"), up).unwrap();
        std::fs::write(path.join("down.sql"), down).unwrap();
    }
    dir
}

/// The problems (rule and text, notes left out) and the notes.
fn verified(dir: &tempfile::TempDir) -> (Vec<(&'static str, String)>, Vec<String>) {
    let report = verify(dir.path(), &Options::default()).unwrap();
    let problems = report
        .problems
        .into_iter()
        .filter(|p| !p.note)
        .map(|p| (p.rule, p.text))
        .collect();
    (problems, report.notes)
}

/// The walk itself, for the fields the report does not print yet.
fn walked(dir: &tempfile::TempDir) -> walk::Walked {
    let path = dir.path().join("migrations");
    let source = FileBasedMigrations::from_path(&path).unwrap();
    let migrations = Migrations::load(&source, &path).unwrap();
    walk::walk(&migrations, &Options::default(), &|_| true, None).unwrap()
}

const SETTINGS: (&str, &str, &str) = (
    "2024-01-01-120000_create_settings",
    "CREATE TABLE settings (id INTEGER PRIMARY KEY NOT NULL, theme TEXT NOT NULL);",
    "DROP TABLE settings;",
);

const APP_SETTINGS: (&str, &str, &str) = (
    "2024-01-02-120000_app_settings",
    "CREATE TABLE app_settings (k TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL);
     INSERT INTO app_settings SELECT 'theme', theme FROM settings;
     DROP TABLE settings;",
    "CREATE TABLE settings (id INTEGER PRIMARY KEY NOT NULL, theme TEXT NOT NULL);
     INSERT INTO settings (theme) SELECT v FROM app_settings WHERE k = 'theme';
     DROP TABLE app_settings;",
);

#[test]
fn an_up_that_fails_only_on_generated_rows_is_a_note_and_the_walk_goes_on() {
    let dir = folder(&[
        SETTINGS,
        APP_SETTINGS,
        (
            "2024-01-03-120000_create_t",
            "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL);",
            "",
        ),
    ]);
    let (problems, notes) = verified(&dir);
    let rules: Vec<&str> = problems.iter().map(|p| p.0).collect();
    assert_eq!(rules, ["irreversible"], "{problems:?}");
    assert!(
        notes.iter().any(|n| n.starts_with(
            "migrations/2024-01-02-120000_app_settings/up.sql fails on the generated rows \
             (UNIQUE constraint failed: app_settings.k) and runs once each table keeps only \
             its first generated row"
        ) && n.contains("settings: 2 rows")),
        "{notes:?}"
    );
    assert!(walked(&dir).unreached.is_empty());
}

#[test]
fn an_up_that_fails_on_any_row_stays_a_problem_and_names_what_was_not_reached() {
    let dir = folder(&[
        SETTINGS,
        (
            "2024-01-02-120000_add_owner",
            "ALTER TABLE settings ADD COLUMN owner TEXT NOT NULL;",
            "ALTER TABLE settings DROP COLUMN owner;",
        ),
        (
            "2024-01-03-120000_create_t",
            "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL);",
            "DROP TABLE t;",
        ),
    ]);
    let (problems, _) = verified(&dir);
    let rules: Vec<&str> = problems.iter().map(|p| p.0).collect();
    assert_eq!(rules, ["up-fails"], "{problems:?}");
    assert_eq!(walked(&dir).unreached, ["2024-01-03-120000_create_t"]);
}

#[test]
fn advice_does_not_blame_rows_already_in_a_table_the_migration_makes() {
    let dir = folder(&[
        SETTINGS,
        (
            "2024-01-02-120000_app_settings",
            "CREATE TABLE app_settings (k TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL);
             INSERT INTO app_settings VALUES ('theme', 'dark'), ('theme', 'light');",
            "DROP TABLE app_settings;",
        ),
    ]);
    let (problems, _) = verified(&dir);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "up-fails");
    assert!(!problems[0].1.contains("already in"), "{}", problems[0].1);
    assert!(
        problems[0]
            .1
            .contains("the rows this migration writes into app_settings, a table it makes"),
        "{}",
        problems[0].1
    );
}

const PEOPLE: (&str, &str, &str) = (
    "2024-01-01-120000_create_people",
    "CREATE TABLE people (id INTEGER PRIMARY KEY NOT NULL, first_name TEXT NOT NULL,
         last_name TEXT NOT NULL, note TEXT);",
    "DROP TABLE people;",
);

/// A rebuild adding `created_at` with `SELECT *, CURRENT_TIMESTAMP`, into a table whose
/// columns are listed as `columns`.
fn rebuild(columns: &str) -> (&'static str, String, &'static str) {
    (
        "2024-01-02-120000_add_created_at",
        format!(
            "CREATE TABLE people_new (id INTEGER PRIMARY KEY NOT NULL, {columns},
                 created_at TIMESTAMP NOT NULL);
             INSERT INTO people_new SELECT *, CURRENT_TIMESTAMP FROM people;
             DROP TABLE people;
             ALTER TABLE people_new RENAME TO people;"
        ),
        "CREATE TABLE people_old (id INTEGER PRIMARY KEY NOT NULL, first_name TEXT NOT NULL,
             last_name TEXT NOT NULL, note TEXT);
         INSERT INTO people_old SELECT id, first_name, last_name, note FROM people;
         DROP TABLE people;
         ALTER TABLE people_old RENAME TO people;",
    )
}

#[test]
fn a_clock_masks_only_the_column_it_fills_so_swapped_columns_show() {
    let right = rebuild("first_name TEXT NOT NULL, last_name TEXT NOT NULL, note TEXT");
    let dir = folder(&[PEOPLE, (right.0, &right.1, right.2)]);
    let (problems, notes) = verified(&dir);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("people.created_at not compared value by value")),
        "{notes:?}"
    );
    let swapped = rebuild("last_name TEXT NOT NULL, first_name TEXT NOT NULL, note TEXT");
    let dir = folder(&[PEOPLE, (swapped.0, &swapped.1, swapped.2)]);
    let (problems, _) = verified(&dir);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "up-loses-rows");
    assert!(
        problems[0]
            .1
            .contains("3 values of column people.first_name are in people.last_name now"),
        "{}",
        problems[0].1
    );
}

#[test]
fn a_rebuild_that_forgets_a_column_loses_its_values() {
    let dir = folder(&[
        PEOPLE,
        (
            "2024-01-02-120000_rebuild",
            "CREATE TABLE people_new (id INTEGER PRIMARY KEY NOT NULL, first_name TEXT NOT NULL,
                 last_name TEXT NOT NULL UNIQUE, note TEXT);
             INSERT INTO people_new (id, first_name, last_name)
                 SELECT id, first_name, last_name FROM people;
             DROP TABLE people;
             ALTER TABLE people_new RENAME TO people;",
            rebuild("").2,
        ),
    ]);
    let (problems, _) = verified(&dir);
    let rules: Vec<&str> = problems.iter().map(|p| p.0).collect();
    // One cause, one report: the down cannot give back what the up lost.
    assert_eq!(rules, ["up-loses-rows"], "{problems:?}");
    // Of the three generated rows, one has every nullable column NULL.
    assert!(
        problems[0]
            .1
            .contains("2 values of column people.note are NULL now"),
        "{}",
        problems[0].1
    );
}

#[test]
fn a_down_that_fails_only_on_generated_rows_is_a_note() {
    let dir = folder(&[
        SETTINGS,
        (
            "2024-01-02-120000_add_lang",
            "ALTER TABLE settings ADD COLUMN lang TEXT;",
            "CREATE TABLE the_one (k TEXT PRIMARY KEY NOT NULL);
             INSERT INTO the_one SELECT 'theme' FROM settings;
             DROP TABLE the_one;
             ALTER TABLE settings DROP COLUMN lang;",
        ),
    ]);
    let (problems, notes) = verified(&dir);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        notes.iter().any(|n| n.starts_with(
            "migrations/2024-01-02-120000_add_lang/down.sql fails on the generated rows \
             (UNIQUE constraint failed: the_one.k)"
        )),
        "{notes:?}"
    );
}

#[test]
fn a_rebuild_outside_diesels_transaction_is_tried_on_a_replayed_database() {
    let dir = folder(&[
        (
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT);",
            "DROP TABLE users;",
        ),
        (
            "2024-01-02-120000_require_name",
            "PRAGMA foreign_keys = OFF;
             BEGIN;
             CREATE TABLE new_users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);
             INSERT INTO new_users SELECT id, name FROM users;
             DROP TABLE users;
             ALTER TABLE new_users RENAME TO users;
             COMMIT;
             PRAGMA foreign_keys = ON;",
            "PRAGMA foreign_keys = OFF;
             BEGIN;
             CREATE TABLE old_users (id INTEGER PRIMARY KEY NOT NULL, name TEXT);
             INSERT INTO old_users SELECT id, name FROM users;
             DROP TABLE users;
             ALTER TABLE old_users RENAME TO users;
             COMMIT;
             PRAGMA foreign_keys = ON;",
        ),
        (
            "2024-01-03-120000_create_t",
            "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL);",
            "",
        ),
    ]);
    let meta = dir
        .path()
        .join("migrations/2024-01-02-120000_require_name/metadata.toml");
    std::fs::write(meta, "run_in_transaction = false\n").unwrap();
    let (problems, notes) = verified(&dir);
    let rules: Vec<&str> = problems.iter().map(|p| p.0).collect();
    // The generated row with a NULL name does not fit; the walk reaches the empty down.
    assert_eq!(rules, ["irreversible"], "{problems:?}");
    assert!(
        notes.iter().any(|n| n.contains(
            "require_name/up.sql fails on the generated rows (NOT NULL constraint failed: \
             new_users.name)"
        )),
        "{notes:?}"
    );
}

#[test]
fn a_table_no_generated_row_fits_is_said_with_what_refused_it() {
    let dir = folder(&[(
        "2024-01-01-120000_create_odd",
        "CREATE TABLE odd (id INTEGER PRIMARY KEY NOT NULL,
             n INTEGER NOT NULL CHECK (n = 7 AND n <> 7));",
        "DROP TABLE odd;",
    )]);
    let rowless = walked(&dir).rowless;
    assert_eq!(rowless.keys().collect::<Vec<_>>(), ["odd"]);
    assert!(
        rowless["odd"].contains("CHECK constraint failed"),
        "{rowless:?}"
    );
}

#[test]
fn two_number_columns_swapped_show() {
    let table = |columns: &str, name: &str| {
        format!("CREATE TABLE {name} (id INTEGER PRIMARY KEY NOT NULL, {columns});")
    };
    let up = format!(
        "{} INSERT INTO new_boxes SELECT * FROM boxes; DROP TABLE boxes;
         ALTER TABLE new_boxes RENAME TO boxes;",
        table(
            "height INTEGER NOT NULL, width INTEGER NOT NULL, label TEXT",
            "new_boxes"
        )
    );
    let down = format!(
        "{} INSERT INTO old_boxes SELECT id, width, height, label FROM boxes; DROP TABLE boxes;
         ALTER TABLE old_boxes RENAME TO boxes;",
        table(
            "width INTEGER NOT NULL, height INTEGER NOT NULL, label TEXT",
            "old_boxes"
        )
    );
    let create = table(
        "width INTEGER NOT NULL, height INTEGER NOT NULL, label TEXT",
        "boxes",
    );
    let dir = folder(&[
        (
            "2024-01-01-120000_create_boxes",
            &create,
            "DROP TABLE boxes;",
        ),
        ("2024-01-02-120000_reorder", &up, &down),
    ]);
    let (problems, _) = verified(&dir);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .1
            .contains("3 values of column boxes.width are in boxes.height now"),
        "{}",
        problems[0].1
    );
}
