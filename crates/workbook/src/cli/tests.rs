//! The command line run in-process: what `print-schema --write` writes, the checklist of a
//! lesson without migrations, which commands a PostgreSQL URL reaches, and `--to VERSION` on
//! the migration verbs.

use super::*;
use crate::course::lesson::{NoApp, no_app};
use crate::course::{Goal, Info, lesson_04};
use crate::harness::scratch::Scratch;

#[test]
fn print_schema_write_replaces_the_lessons_schema_rs() {
    let temp = tempfile::tempdir().unwrap();
    let dir: &'static str = temp.path().display().to_string().leak();
    let folder = temp.path().join("migrations/2026-11-24-120000_create_user");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("up.sql"),
        "CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT);",
    )
    .unwrap();
    std::fs::write(folder.join("down.sql"), "DROP TABLE user;").unwrap();
    std::fs::create_dir(temp.path().join("src")).unwrap();
    std::fs::write(temp.path().join("src/schema.rs"), "// stale").unwrap();
    let lesson = Lesson {
        package: "lesson-03",
        dir,
        info: &lesson_04::INFO,
        migrations: None,
        app: no_app,
    };
    let db = temp.path().join("lesson.db").display().to_string();
    let run_line = |args: &[&str]| {
        let cli = Cli::<NoApp>::try_parse_from(
            ["lesson-03", "--database-url", db.as_str()]
                .iter()
                .chain(args),
        )
        .unwrap();
        let mut out = Vec::new();
        run(&lesson, cli, temp.path(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    run_line(&["migration", "run"]);
    let printed = run_line(&["print-schema"]);
    assert!(printed.contains("diesel::table! {"), "{printed}");
    let said = run_line(&["print-schema", "--write"]);
    assert_eq!(said, format!("Wrote {dir}/src/schema.rs\n"));
    let written = std::fs::read_to_string(temp.path().join("src/schema.rs")).unwrap();
    assert_eq!(written, printed);
}

#[test]
fn a_lesson_without_migrations_runs_only_its_goals_and_they_see_its_files() {
    fn has_manifest(s: &mut Scratch) -> Result<(), String> {
        match s.lesson_file("Cargo.toml")?.is_file() {
            true => Ok(()),
            false => Err("no Cargo.toml".into()),
        }
    }
    static INFO: Info = Info {
        number: 99,
        title: "No migrations",
        chapter: "none.md",
        goals: &[Goal {
            name: "the crate has a Cargo.toml",
            new: true,
            hint: "write one",
            check: crate::course::Check::Sqlite(has_manifest),
        }],
        seeds: &[],
        writes: &[],
        renamed: &[],
    };
    let temp = tempfile::tempdir().unwrap();
    let lesson = Lesson {
        package: "lesson-99",
        dir: temp.path().display().to_string().leak(),
        info: &INFO,
        migrations: None,
        app: no_app,
    };
    let names = |report: &Report| -> Vec<String> {
        report.outcomes.iter().map(|o| o.name.clone()).collect()
    };
    let report = checklist(&lesson);
    assert_eq!(names(&report), ["the crate has a Cargo.toml"]);
    let failure = report.outcomes[0].result.as_ref().unwrap_err();
    assert_eq!(failure.found, "no Cargo.toml");

    std::fs::write(temp.path().join("Cargo.toml"), "[package]\n").unwrap();
    assert!(checklist(&lesson).passed());

    std::fs::create_dir(temp.path().join("migrations")).unwrap();
    let report = checklist(&lesson);
    assert_eq!(
        names(&report),
        [
            "every migration folder has a non-empty up.sql and down.sql",
            "the crate has a Cargo.toml",
            "every migration goes up, down and up again; each down restores the schema and rows exactly",
        ]
    );
}

/// An app of one command, to show what the app commands do with a PostgreSQL URL.
#[derive(Subcommand, Debug)]
enum Greeting {
    /// Says hello
    Hello,
}

fn greet(_: Greeting, _: &mut SqliteConnection, out: &mut dyn Write) -> Result<()> {
    print(out, "hello\n")
}

#[test]
fn a_postgres_url_is_read_by_schema_and_print_schema_and_refused_by_the_sqlite_commands() {
    let server = crate::postgres::test_server();
    let db = server.scratch().unwrap();
    let mut conn = db.connect().unwrap();
    diesel::connection::SimpleConnection::batch_execute(
        &mut conn,
        "CREATE TYPE mood AS ENUM ('ok', 'meh');
         CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(30) NOT NULL, mood mood);
         CREATE TABLE tasks (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id));",
    )
    .unwrap();
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir(temp.path().join("src")).unwrap();
    let lesson = Lesson {
        package: "lesson-99",
        dir: temp.path().display().to_string().leak(),
        info: &lesson_04::INFO,
        migrations: None,
        app: greet,
    };
    let run_line = |url: &str, args: &[&str]| -> Result<String> {
        let cli = Cli::<Greeting>::try_parse_from(
            ["lesson-99", "--database-url", url].iter().chain(args),
        )
        .unwrap();
        let mut out = Vec::new();
        run(&lesson, cli, temp.path(), &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    };
    let url = db.url.as_str();

    let printed = run_line(url, &["print-schema"]).unwrap();
    assert_eq!(
        printed,
        crate::postgres::describe::print_schema(&mut conn).unwrap()
    );
    assert!(printed.contains("pub struct Mood;"), "{printed}");
    assert!(printed.contains("diesel::joinable!(tasks -> users (user_id));"));
    run_line(url, &["print-schema", "--write"]).unwrap();
    let written = std::fs::read_to_string(temp.path().join("src/schema.rs")).unwrap();
    assert_eq!(written, printed);
    assert_eq!(
        run_line(url, &["schema"]).unwrap(),
        crate::postgres::catalog::dump(&mut conn).unwrap()
    );
    let diagram = run_line(url, &["schema", "--format", "mermaid"]).unwrap();
    assert!(
        diagram.contains("users ||--o{ tasks : \"user_id\""),
        "{diagram}"
    );
    let said = run_line(url, &["config"]).unwrap();
    assert!(said.starts_with(&format!("database:   {url}\nfrom:       --database-url\n")));
    let generated = run_line(url, &["migration", "generate", "create_notes"]).unwrap();
    assert!(generated.contains("create_notes"), "{generated}");

    for (args, commands) in [
        (&["migration", "run"][..], "the migration commands"),
        (&["migration", "list"][..], "the migration commands"),
        (
            &["migration", "revert", "--yes"][..],
            "the migration commands",
        ),
        (&["hello"][..], "the lesson's app commands"),
    ] {
        let refused = run_line(url, args).unwrap_err().to_string();
        assert!(
            refused.starts_with("the database URL from --database-url is a postgres:// URL, but ")
                && refused.contains(&format!("{commands} run on SQLite")),
            "{args:?}: {refused}"
        );
    }
    let hidden = "postgresql://me:secret@/nowhere?host=/nonexistent";
    let refused = run_line(hidden, &["print-schema"]).unwrap_err().to_string();
    assert!(
        refused.starts_with("cannot connect to PostgreSQL at postgresql://me:***@/nowhere"),
        "{refused}"
    );
    assert!(!refused.contains("secret"), "a password leaked: {refused}");
}

#[test]
fn migration_run_and_revert_take_to_version_on_sqlite() {
    let temp = tempfile::tempdir().unwrap();
    for (name, up, down) in [
        (
            "2026-11-24-120000_create_user",
            "CREATE TABLE user (id INTEGER PRIMARY KEY);",
            "DROP TABLE user;",
        ),
        (
            "2026-11-24-130000_create_task",
            "CREATE TABLE task (id INTEGER PRIMARY KEY);",
            "DROP TABLE task;",
        ),
    ] {
        let folder = temp.path().join("migrations").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), up).unwrap();
        std::fs::write(folder.join("down.sql"), down).unwrap();
    }
    let lesson = Lesson {
        package: "lesson-04",
        dir: temp.path().display().to_string().leak(),
        info: &lesson_04::INFO,
        migrations: None,
        app: no_app,
    };
    let db = temp.path().join("lesson.db").display().to_string();
    let run_line = |args: &[&str]| -> Result<String> {
        let cli = Cli::<NoApp>::try_parse_from(
            ["lesson-04", "--database-url", db.as_str()]
                .iter()
                .chain(args),
        )
        .map_err(|e| Error::new(e.to_string()))?;
        let mut out = Vec::new();
        run(&lesson, cli, temp.path(), &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    };
    assert_eq!(
        run_line(&["migration", "run", "--to", "2026-11-24-120000"]).unwrap(),
        "Running migration 2026-11-24-120000_create_user\n"
    );
    run_line(&["migration", "run"]).unwrap();
    assert_eq!(
        run_line(&[
            "migration",
            "revert",
            "--to",
            "2026-11-24-120000_create_user"
        ])
        .unwrap(),
        "Rolling back migration 2026-11-24-130000_create_task\n"
    );
    let unknown = run_line(&["migration", "run", "--to", "create_task"])
        .unwrap_err()
        .to_string();
    assert!(
        unknown.starts_with("there is no migration create_task in "),
        "{unknown}"
    );
    let both = run_line(&[
        "migration",
        "revert",
        "-n",
        "2",
        "--to",
        "2026-11-24-120000",
    ])
    .unwrap_err()
    .to_string();
    assert!(both.contains("cannot be used with"), "{both}");
    assert_eq!(
        run_line(&["migration", "list"]).unwrap(),
        "Migrations:\n  [X] 2026-11-24-120000_create_user\n  [ ] 2026-11-24-130000_create_task\n"
    );
}

#[test]
fn generate_promises_a_rebuild_only_where_build_rs_makes_one() {
    let said = |embedded: bool, build: Option<&str>| {
        let temp = tempfile::tempdir().unwrap();
        if let Some(build) = build {
            std::fs::write(temp.path().join("build.rs"), build).unwrap();
        }
        let lesson = Lesson {
            package: "lesson-02",
            dir: temp.path().display().to_string().leak(),
            info: &lesson_04::INFO,
            migrations: embedded.then(|| diesel_migrations::EmbeddedMigrations::new(&[])),
            app: no_app,
        };
        let mut out = Vec::new();
        generate(&lesson, "create_user", &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        out.lines().last().unwrap().to_string()
    };
    assert!(
        said(false, None)
            .ends_with("`migration run` reads them from the folder until the lesson embeds them.")
    );
    let rerun = "fn main() { println!(\"cargo:rerun-if-changed=migrations\"); }";
    assert!(said(true, Some(rerun)).ends_with("the next `cargo run` builds them into the lesson."));
    for build in [None, Some("fn main() {}")] {
        let line = said(true, build);
        assert!(
            line.contains("add build.rs printing `cargo:rerun-if-changed=migrations`"),
            "{line}"
        );
        assert!(!line.contains("builds them into the lesson"), "{line}");
    }
}
