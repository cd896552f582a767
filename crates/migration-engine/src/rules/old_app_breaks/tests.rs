use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;

use super::*;
use crate::app_schema::{AppType, parse};
use crate::describe::{Column, CustomType, DieselType, Table};
use crate::rules::Problem;

/// The app still running: it reads users (with `#[sql_name]` on a column) and posts.
const APP: &str = r#"
diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
        #[sql_name = "e-mail"]
        email -> Nullable<Text>,
        visits -> Integer,
    }
}

diesel::table! {
    posts (id) {
        id -> Integer,
        title -> Text,
    }
}
"#;

const CREATE: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, \
     \"e-mail\" TEXT, visits INTEGER NOT NULL DEFAULT 0);
     CREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL, title TEXT NOT NULL);
     CREATE TABLE audit (id INTEGER PRIMARY KEY NOT NULL, what TEXT NOT NULL);";

/// The database after running `sql` on a new one.
fn database(conn: &mut SqliteConnection, sql: &str) -> Schema {
    conn.batch_execute(sql).unwrap();
    crate::sqlite::describe::read(conn).unwrap()
}

/// The problems after `create`, not judged, then `judged` (its up.sql), on SQLite.
fn judged(judged: &str) -> (Vec<Problem>, Option<String>) {
    let app = parse(APP).unwrap();
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    let mut watch = Watch::new(
        &app,
        "src/schema.rs at HEAD~1",
        On::Sqlite,
        Schema::default(),
    );
    watch.after("1_create", CREATE, false, database(&mut conn, CREATE));
    watch.after("2_change", judged, true, database(&mut conn, judged));
    (watch.problems(), watch.note())
}

fn texts(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn a_dropped_column_the_app_selects_is_a_problem_of_the_migration_that_dropped_it() {
    let (problems, note) = judged("SELECT 1;\nALTER TABLE users DROP COLUMN name;");
    assert_eq!(note, None);
    assert_eq!(
        texts(&problems),
        [
            "migrations/2_change/up.sql:2: drops users.name, which the app still running \
          (src/schema.rs at HEAD~1) still selects (Diesel selects every column its table! \
          names): its queries on users fail until every server runs the new app; release an app \
          whose schema.rs no longer names name first, then drop it in a later migration"
        ]
    );
    assert_eq!(problems[0].migration.as_deref(), Some("2_change"));
    assert_eq!(
        (problems[0].file.as_deref(), problems[0].line),
        (Some("up.sql"), Some(2))
    );
    assert!(!problems[0].note, "a problem, not advice");
}

#[test]
fn a_rename_names_the_new_column_and_the_expand_contract_split() {
    let (problems, _) = judged("ALTER TABLE users RENAME COLUMN \"e-mail\" TO email_address;");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .text
            .starts_with("migrations/2_change/up.sql:1: renames users.e-mail to email_address"),
        "{}",
        problems[0].text
    );
    assert!(problems[0].text.contains("split it (expand and contract)"));
    // Renamed and retyped in one migration: still the rename, and its new column is no
    // column the app lacks.
    let (retyped, _) = judged(
        "ALTER TABLE users RENAME COLUMN visits TO visit_count;\n\
         ALTER TABLE users DROP COLUMN visit_count;\n\
         ALTER TABLE users ADD COLUMN visit_count REAL NOT NULL DEFAULT 0;",
    );
    assert_eq!(retyped.len(), 1, "{retyped:?}");
    assert!(
        retyped[0]
            .text
            .starts_with("migrations/2_change/up.sql:1: renames users.visits to visit_count"),
        "{}",
        retyped[0].text
    );
    let (tables, _) = judged("ALTER TABLE posts RENAME TO articles;");
    assert!(
        tables[0]
            .text
            .starts_with("migrations/2_change/up.sql:1: renames table posts to articles"),
        "{tables:?}"
    );
}

#[test]
fn what_the_app_never_named_may_go_and_a_view_keeps_a_table_readable() {
    let (problems, _) = judged("DROP TABLE audit;");
    assert!(problems.is_empty(), "{problems:?}");
    let (problems, _) = judged(
        "ALTER TABLE posts RENAME TO articles;\n\
         CREATE VIEW posts AS SELECT id, title FROM articles;",
    );
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_new_not_null_column_without_a_default_breaks_the_apps_inserts() {
    let rebuilt = "CREATE TABLE posts_new (id INTEGER PRIMARY KEY NOT NULL, title TEXT NOT NULL, \
                   slug TEXT NOT NULL);
                   INSERT INTO posts_new SELECT id, title, title FROM posts;
                   DROP TABLE posts;
                   ALTER TABLE posts_new RENAME TO posts;";
    let (problems, _) = judged(rebuilt);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].text.starts_with(
            "migrations/2_change/up.sql:1: adds posts.slug NOT NULL without a default"
        ),
        "{}",
        problems[0].text
    );
    assert!(
        problems[0]
            .text
            .contains("its inserts into posts leave it out and fail")
    );
    let (with_default, _) = judged("ALTER TABLE posts ADD COLUMN slug TEXT NOT NULL DEFAULT '';");
    assert!(with_default.is_empty(), "{with_default:?}");
    // The default added with it, dropped by a later migration: that one breaks the inserts.
    let app = parse(APP).unwrap();
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    let mut watch = Watch::new(&app, "src/schema.rs at v1", On::Sqlite, Schema::default());
    watch.after("1_create", CREATE, false, database(&mut conn, CREATE));
    let add = "ALTER TABLE posts ADD COLUMN slug TEXT NOT NULL DEFAULT '';";
    watch.after("2_add", add, true, database(&mut conn, add));
    let rebuilt = rebuilt.replace(
        "posts_new SELECT id, title, title",
        "posts_new SELECT id, title, slug",
    );
    watch.after(
        "3_no_default",
        &rebuilt,
        true,
        database(&mut conn, &rebuilt),
    );
    let problems = watch.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].text.starts_with(
            "migrations/3_no_default/up.sql:1: drops the default of posts.slug, NOT NULL, a column"
        ),
        "{}",
        problems[0].text
    );
}

#[test]
fn what_was_broken_before_the_judged_migrations_is_a_note_not_their_problem() {
    let app = parse(&format!(
        "{APP}\ndiesel::table! {{ drafts (id) {{ id -> Integer, }} }}"
    ))
    .unwrap();
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    let mut watch = Watch::new(&app, "src/schema.rs at v1", On::Sqlite, Schema::default());
    watch.after("1_create", CREATE, false, database(&mut conn, CREATE));
    watch.after(
        "2_index",
        "",
        true,
        database(&mut conn, "CREATE INDEX i ON posts (title);"),
    );
    assert!(watch.problems().is_empty());
    assert_eq!(
        watch.note().unwrap(),
        "old-app-breaks: src/schema.rs at v1 and the database disagreed before the judged \
         migrations (no table drafts); no judged migration did it, so it is not judged"
    );
}

#[test]
fn a_break_is_the_doing_of_the_migration_after_which_it_stayed() {
    let app = parse(APP).unwrap();
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    let mut watch = Watch::new(&app, "src/schema.rs at v1", On::Sqlite, Schema::default());
    watch.after("1_create", CREATE, false, database(&mut conn, CREATE));
    let drop = "ALTER TABLE posts DROP COLUMN title;";
    watch.after("2_drop", drop, true, database(&mut conn, drop));
    let back = "ALTER TABLE posts ADD COLUMN title TEXT;";
    watch.after("3_back", back, true, database(&mut conn, back));
    assert!(watch.problems().is_empty(), "{:?}", watch.problems());
    let retype = "ALTER TABLE users DROP COLUMN visits; ALTER TABLE users ADD COLUMN visits TEXT;";
    watch.after("4_retype", retype, true, database(&mut conn, retype));
    let problems = watch.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].migration.as_deref(), Some("4_retype"));
    assert!(
        problems[0].text.starts_with(
            "migrations/4_retype/up.sql:1: changes users.visits to TEXT, which the app still \
             running (src/schema.rs at v1) reads as Integer: on SQLite Diesel reads Integer as \
             integers, and the column now stores text: where the new app writes them, a value \
             that is no number comes back as 0"
        ),
        "{}",
        problems[0].text
    );
}

fn app_type(name: &str) -> AppType {
    AppType {
        name: name.to_string(),
        nullable: false,
        array: false,
        custom: None,
        written: name.to_string(),
    }
}

fn pg_column(udt: &str, custom: bool) -> Column {
    Column {
        name: "c".into(),
        sql_type: udt.to_lowercase(),
        not_null: true,
        has_default: false,
        diesel_type: DieselType {
            custom: custom.then(|| CustomType {
                sql_name: udt.to_lowercase(),
                schema: None,
            }),
            ..DieselType::plain(udt)
        },
    }
}

#[test]
fn postgres_reads_what_diesels_binary_decoding_reads() {
    let reads = |app: &str, db: &str| refused(&app_type(app), &pg_column(db, false), On::Postgres);
    // Diesel checks the size of PostgreSQL's integers: widening breaks as narrowing does.
    for (app, db) in [
        ("Integer", "Int8"),
        ("BigInt", "Int4"),
        ("Int4", "Int2"),
        ("Float", "Float8"),
        ("Text", "Int4"),
        ("Json", "Jsonb"),
    ] {
        assert!(reads(app, db).is_some(), "{app} from {db}");
    }
    let said = reads("Integer", "Int8").unwrap();
    assert!(
        said.starts_with("Diesel reads Integer only from int4 (integer)"),
        "{said}"
    );
    for (app, db) in [
        ("Int4", "Int4"),
        ("Integer", "Int4"),
        ("Text", "Varchar"),
        ("Varchar", "Text"),
        ("Text", "Bpchar"),
        ("Text", "Citext"),
        ("Timestamp", "Timestamptz"),
        ("Timestamptz", "Timestamp"),
        ("Range<Int4>", "Int4range"),
        // A type the rule does not know is not judged.
        ("MoodMapping", "Int4"),
    ] {
        assert_eq!(reads(app, db), None, "{app} from {db}");
    }
    let language = AppType {
        custom: Some("language".into()),
        ..app_type("Language")
    };
    let on = On::Postgres;
    assert_eq!(refused(&language, &pg_column("Language", true), on), None);
    assert!(refused(&language, &pg_column("Text", false), on).is_some());
    assert!(refused(&app_type("Text"), &pg_column("Language", true), on).is_some());
    let tags = AppType {
        array: true,
        ..app_type("Text")
    };
    let mut array = pg_column("Text", false);
    array.diesel_type.array = true;
    assert_eq!(refused(&tags, &array, on), None);
    assert!(refused(&tags, &pg_column("Text", false), on).is_some());
}

#[test]
fn sqlite_reads_what_it_stores_alike() {
    let sqlite = |declared: &str| Column {
        diesel_type: DieselType::plain(declared),
        ..pg_column(declared, false)
    };
    let reads = |app: &str, db: &str| refused(&app_type(app), &sqlite(db), On::Sqlite);
    for (app, db) in [
        ("Integer", "BigInt"),
        ("BigInt", "Integer"),
        ("Bool", "Integer"),
        ("Float", "Double"),
        ("Text", "Text"),
        ("Timestamp", "Text"),
        ("Double", "Integer"),
        ("Text", "Integer"),
        ("Binary", "Text"),
    ] {
        assert_eq!(reads(app, db), None, "{app} from {db}");
    }
    for (app, db, what) in [
        (
            "Integer",
            "Text",
            "a value that is no number comes back as 0",
        ),
        ("Integer", "Double", "a real comes back cut to an integer"),
        ("Text", "Binary", "bytes that are not UTF-8 fail to read"),
        ("Timestamp", "BigInt", "a number comes back as a Julian day"),
    ] {
        let said = reads(app, db).unwrap_or_default();
        assert!(said.ends_with(what), "{app} from {db}: {said}");
    }
}

#[test]
fn a_varchar_narrowed_below_the_apps_max_length_breaks_its_writes_on_postgres_only() {
    let app =
        parse("diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, } }")
            .unwrap();
    let table = |max: u64| Schema {
        tables: vec![Table {
            name: "users".into(),
            primary_key: vec!["id".into()],
            columns: vec![pg_column("Int4", false), {
                let mut c = pg_column("Varchar", false);
                c.name = "name".into();
                c.diesel_type.max_length = Some(max);
                c
            }],
            unique: vec![],
            foreign_keys: vec![],
        }],
        views: vec![],
    };
    let with = |max: u64| {
        let mut schema = table(max);
        schema.tables[0].columns[0].name = "id".into();
        schema
    };
    assert!(breaks(&app, &with(80), On::Postgres).is_empty());
    assert_eq!(
        breaks(&app, &with(20), On::Postgres),
        [Break::Narrowed {
            table: "users".into(),
            column: "name".into(),
            app: Some(50),
            now: 20
        }]
    );
    assert!(breaks(&app, &with(20), On::Sqlite).is_empty());
}

#[test]
fn without_a_max_length_in_the_app_only_a_migration_that_shortens_the_column_narrows_it() {
    let app = parse("diesel::table! { users (id) { id -> Int4, name -> Text, } }").unwrap();
    let with = |max: Option<u64>| {
        let mut name = pg_column("Varchar", false);
        name.name = "name".into();
        name.diesel_type.max_length = max;
        let mut id = pg_column("Int4", false);
        id.name = "id".into();
        Schema {
            tables: vec![Table {
                name: "users".into(),
                primary_key: vec!["id".into()],
                columns: vec![id, name],
                unique: vec![],
                foreign_keys: vec![],
            }],
            views: vec![],
        }
    };
    let judged = |before: Option<u64>, after: Option<u64>| {
        let mut watch = Watch::new(&app, "src/schema.rs at v1", On::Postgres, with(before));
        watch.after("2_change", "ALTER TABLE users ...;", true, with(after));
        (watch.problems(), watch.note())
    };
    // A varchar(40) the app reads as Text was already there: no problem, and no note either.
    assert_eq!(judged(Some(40), Some(40)), (vec![], None));
    assert_eq!(judged(Some(40), Some(80)).0, vec![]);
    for (before, after) in [(None, Some(20)), (Some(40), Some(30))] {
        let (problems, _) = judged(before, after);
        assert_eq!(problems.len(), 1, "{before:?} to {after:?}");
        assert!(
            problems[0]
                .text
                .contains("narrows users.name to 30 characters")
                || problems[0]
                    .text
                    .contains("narrows users.name to 20 characters"),
            "{}",
            problems[0].text
        );
    }
}
