//! The real diesel CLI agrees with the workbook: in a copy of each solution's folder,
//! `diesel migration run` builds the same schema as the workbook's runner, and the
//! `src/schema.rs` it writes is the solution's `src/schema.rs`, byte for byte; `diesel
//! print-schema` prints what the workbook's `print-schema` prints, on SQLite and on PostgreSQL.
//!
//! These tests need the `diesel` command, built with the backend they compare on. Without it
//! they print that they did not compare and pass, so `cargo test` works with the Rust toolchain
//! alone; in CI (`CI=true`, where `.ci/run` installs the CLI) a missing `diesel` fails them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use workbook::config::{Database, Location, Source};
use workbook::sqlite::{connection, schema};
use workbook::testing::{crate_dirs, stages, stages_postgres};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn diesel_migration_run_agrees_with_the_workbook() {
    let Some(diesel) = which_diesel("diesel_migration_run_agrees_with_the_workbook", "sqlite")
    else {
        return;
    };
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dirs = crate_dirs(&workspace, "solutions");
    assert!(!dirs.is_empty(), "no solutions found");
    for dir in dirs
        .into_iter()
        .filter(|dir| dir.join("diesel.toml").is_file())
    {
        let work = tempfile::tempdir().unwrap();
        copy_dir(&dir.join("migrations"), &work.path().join("migrations"));
        std::fs::copy(dir.join("diesel.toml"), work.path().join("diesel.toml")).unwrap();
        std::fs::create_dir(work.path().join("src")).unwrap();
        let postgres = on_postgres(&dir);
        // lesson 08's migrations run on PostgreSQL, the others' on a SQLite file.
        let scratch = postgres.then(|| workbook::postgres::test_server().scratch().unwrap());
        let db = work.path().join("diesel.db");
        let url = match &scratch {
            Some(scratch) => scratch.url.clone(),
            None => db.display().to_string(),
        };
        let output = Command::new(&diesel)
            .args(["migration", "run", "--database-url", &url])
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}: {output:?}", dir.display());

        let written = std::fs::read_to_string(work.path().join("src/schema.rs")).unwrap();
        let ours = std::fs::read_to_string(dir.join("src/schema.rs")).unwrap();
        assert_eq!(
            written,
            ours,
            "{}: src/schema.rs differs from diesel's",
            dir.display()
        );

        let (by_diesel, by_workbook) = match &scratch {
            Some(scratch) => (
                workbook::postgres::catalog::dump(&mut scratch.connect().unwrap()).unwrap(),
                stages_postgres(&dir.join("migrations")),
            ),
            None => {
                let database = Database {
                    url,
                    location: Location::File(db.clone()),
                    source: Source::Flag,
                };
                (
                    schema::dump(&mut connection::open(&database).unwrap()).unwrap(),
                    stages(&dir.join("migrations")),
                )
            }
        };
        let by_workbook = by_workbook
            .last()
            .map(|stage| stage.schema.clone())
            .unwrap_or_default();
        assert_eq!(by_diesel, by_workbook, "{}", dir.display());
    }
}

/// True for a lesson crate folder (`solutions/lesson-08`) whose lesson runs on PostgreSQL.
pub fn on_postgres(dir: &Path) -> bool {
    let name = dir.file_name().unwrap().to_string_lossy();
    let number: u8 = name.trim_start_matches("lesson-").parse().unwrap();
    workbook::course::LESSONS
        .iter()
        .any(|info| info.number == number && info.on_postgres())
}

/// The `diesel` command on `PATH`, if it supports `backend` (`sqlite` or `postgres`, as its
/// `--version` lists them). When there is none, CI (`CI` set to anything but `false`) fails
/// `test`; anywhere else `test` is told it did not compare, and `None` is returned.
fn which_diesel(test: &str, backend: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(format!("diesel{}", std::env::consts::EXE_SUFFIX)))
                .find(|path| path.is_file())
        })
        .filter(|diesel| {
            Command::new(diesel)
                .arg("--version")
                .output()
                .is_ok_and(|out| {
                    String::from_utf8_lossy(&out.stdout)
                        .lines()
                        .any(|line| line.contains("Backends:") && line.contains(backend))
                })
        });
    let install = "cargo install diesel_cli --version 2.3.14 --locked --no-default-features \
                   --features \"sqlite-bundled postgres\"";
    let in_ci = std::env::var("CI").is_ok_and(|ci| ci != "false");
    if found.is_none() && in_ci {
        panic!(
            "{test}: CI must compare with the real diesel CLI, but no `diesel` on PATH supports {backend}; install it with `{install}`"
        );
    }
    if found.is_none() {
        // Written to stderr itself, not through `eprintln!`, which the test harness hides
        // when the test passes.
        let _ = writeln!(
            std::io::stderr(),
            "{test}: did not compare with the real diesel CLI, which is not installed with \
             {backend} support; install it with `{install}` and run \
             `cargo test -p workbook-tests --test workspace diesel_cli`"
        );
    }
    found
}

/// `print-schema` writes what `diesel print-schema` writes, for every type mapping, key shape
/// and join rule the lessons could meet, and for lists long enough to wrap.
#[test]
fn print_schema_agrees_with_diesel_on_every_kind_of_table() {
    let many: String = (1..=30)
        .map(|i| format!("CREATE TABLE table_number_{i} (id INTEGER PRIMARY KEY NOT NULL);"))
        .collect();
    let schemas = [
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, username VARCHAR(30) NOT NULL,
             email TEXT, birthday DATE, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
             score REAL, big BIGINT, small SMALLINT, flag BOOLEAN, type TEXT, dt DATETIME,
             n NUMERIC, blob BLOB, untyped);
         CREATE TABLE tasks (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
             reviewer_id INTEGER REFERENCES users(id), category_id INTEGER REFERENCES categories(id),
             parent_id INTEGER REFERENCES tasks(id));
         CREATE TABLE categories (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
         CREATE TABLE task_tags (task_id INTEGER NOT NULL REFERENCES tasks(id),
             tag_id INTEGER NOT NULL REFERENCES tags(id), PRIMARY KEY (task_id, tag_id));
         CREATE TABLE tags (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);
         CREATE TABLE nopk (a TEXT, b INTEGER);
         CREATE TABLE textpk (code TEXT PRIMARY KEY, label TEXT);",
        "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT);",
        &many,
    ];
    let Some(diesel) = which_diesel(
        "print_schema_agrees_with_diesel_on_every_kind_of_table",
        "sqlite",
    ) else {
        return;
    };
    for sql in schemas {
        let work = tempfile::tempdir().unwrap();
        let db = work.path().join("kinds.db");
        let database = Database {
            url: db.display().to_string(),
            location: Location::File(db.clone()),
            source: Source::Flag,
        };
        let mut conn = connection::open(&database).unwrap();
        diesel::connection::SimpleConnection::batch_execute(&mut conn, sql).unwrap();
        let by_diesel = diesel_print_schema(&diesel, &database.url, work.path());
        let ours = workbook::sqlite::describe::print_schema(&mut conn).unwrap();
        assert_eq!(ours, by_diesel, "for:\n{sql}");
    }
}

/// On PostgreSQL too, `print-schema` writes what `diesel print-schema` writes, with the
/// `diesel.toml` that `diesel setup` makes: for every kind of table, type and key in
/// `every_kind.sql` (enums in and out of the default schema, arrays, identity and serial keys,
/// `varchar(n)`, `timestamptz`, `uuid`, `jsonb`, keys Diesel can and cannot join on, a composite
/// key, reserved names, a view and a bookkeeping table it leaves out), and for an empty database.
#[test]
fn print_schema_agrees_with_diesel_on_postgres() {
    let Some(diesel) = which_diesel("print_schema_agrees_with_diesel_on_postgres", "postgres")
    else {
        return;
    };
    let every_kind =
        include_str!("../crates/migration-engine/src/postgres/describe/every_kind.sql");
    let server = workbook::postgres::test_server();
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("diesel.toml"),
        "[print_schema]\ncustom_type_derives = [\"diesel::query_builder::QueryId\", \"Clone\"]\n",
    )
    .unwrap();
    for sql in [every_kind, ""] {
        let db = server.scratch().unwrap();
        let mut conn = db.connect().unwrap();
        if !sql.is_empty() {
            diesel::connection::SimpleConnection::batch_execute(&mut conn, sql).unwrap();
        }
        let by_diesel = diesel_print_schema(&diesel, &db.url, work.path());
        let ours = workbook::postgres::describe::print_schema(&mut conn).unwrap();
        assert_eq!(ours, by_diesel, "for:\n{sql}");
    }
}

/// What `diesel print-schema --database-url url` prints, run in `dir`.
fn diesel_print_schema(diesel: &Path, url: &str, dir: &Path) -> String {
    let output = Command::new(diesel)
        .args(["print-schema", "--database-url", url])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}
