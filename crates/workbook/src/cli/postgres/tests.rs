//! The migration verbs and `db reset` on PostgreSQL, run in-process on a lesson whose
//! migrations are read from a folder: `run --to`, `revert --to`, a migration that holds only
//! comments, and one edited after it was applied.

use super::*;
use crate::course::lesson_04;
use crate::lesson_server::LessonServer;

#[derive(Subcommand, Debug)]
enum NoApp {}

fn no_app(command: NoApp, _: &mut PgConnection, _: &mut dyn Write) -> Result<()> {
    match command {}
}

/// A lesson with create_user, create_task and add_done in its folder, and a scratch database.
struct Project {
    dir: tempfile::TempDir,
    lesson: Lesson<NoApp, PgConnection>,
    db: crate::postgres::Scratch,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        let lesson = Lesson {
            package: "lesson-98",
            dir: dir.path().display().to_string().leak(),
            info: &lesson_04::INFO,
            migrations: None,
            app: no_app,
        };
        let db = crate::postgres::test_server().scratch().unwrap();
        let project = Project { dir, lesson, db };
        for (name, up, down) in [
            (
                "2026-11-24-120000_create_user",
                "CREATE TABLE users (id INT PRIMARY KEY);",
                "DROP TABLE users;",
            ),
            (
                "2026-11-24-130000_create_task",
                "CREATE TABLE tasks (id INT PRIMARY KEY);",
                "DROP TABLE tasks;",
            ),
            (
                "2026-11-24-140000_add_done",
                "ALTER TABLE tasks ADD COLUMN done BOOLEAN;",
                "ALTER TABLE tasks DROP COLUMN done;",
            ),
        ] {
            project.write(name, "up.sql", up);
            project.write(name, "down.sql", down);
        }
        project
    }

    fn write(&self, migration: &str, file: &str, text: &str) {
        let folder = self.dir.path().join("migrations").join(migration);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(file), text).unwrap();
    }

    /// Runs the lesson's command line with `args` on the scratch database.
    fn run(&self, args: &[&str]) -> Result<String> {
        let url = self.db.url.as_str();
        let cli =
            Cli::<NoApp>::try_parse_from(["lesson-98", "--database-url", url].iter().chain(args))
                .unwrap();
        let mut out = Vec::new();
        run(&self.lesson, cli, self.dir.path(), &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn applied(&self) -> String {
        self.run(&["migration", "list"]).unwrap()
    }
}

#[test]
fn run_to_and_revert_to_walk_one_migration_at_a_time() {
    let project = Project::new();
    assert_eq!(
        project
            .run(&["migration", "run", "--to", "2026-11-24-130000"])
            .unwrap(),
        "Running migration 2026-11-24-120000_create_user\n\
         Running migration 2026-11-24-130000_create_task\n"
    );
    assert_eq!(
        project.applied(),
        "Migrations:\n  [X] 2026-11-24-120000_create_user\n  [X] 2026-11-24-130000_create_task\n  \
         [ ] 2026-11-24-140000_add_done\n"
    );
    assert_eq!(
        project
            .run(&["migration", "run", "--to", "20261124130000"])
            .unwrap(),
        "Nothing to run: 2026-11-24-130000_create_task is applied already.\n"
    );
    assert_eq!(
        project
            .run(&["migration", "run", "--to", "2026-11-24-140000_add_done"])
            .unwrap(),
        "Running migration 2026-11-24-140000_add_done\n"
    );
    assert_eq!(
        project
            .run(&[
                "migration",
                "revert",
                "--to",
                "2026-11-24-120000_create_user"
            ])
            .unwrap(),
        "Rolling back migration 2026-11-24-140000_add_done\n\
         Rolling back migration 2026-11-24-130000_create_task\n"
    );
    assert_eq!(
        project
            .run(&["migration", "revert", "--to", "2026-11-24-120000"])
            .unwrap(),
        "Nothing to revert: 2026-11-24-120000 is the newest applied migration.\n"
    );
    let before = project.applied();
    for args in [
        &["migration", "run", "--to", "2026-11-24"][..],
        &["migration", "revert", "--to", "create_task"][..],
    ] {
        let error = project.run(args).unwrap_err().to_string();
        assert!(error.starts_with("there is no migration "), "{error}");
        assert!(
            error.ends_with("such as 2026-11-24-140000 or 2026-11-24-140000_add_done"),
            "{error}"
        );
    }
    let error = project
        .run(&["migration", "revert", "--to", "2026-11-24-140000"])
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("cannot revert to 2026-11-24-140000: it is not applied to "),
        "{error}"
    );
    assert_eq!(project.applied(), before);
}

#[test]
fn a_migration_that_holds_only_comments_is_refused_and_nothing_after_it_runs() {
    let project = Project::new();
    project.write(
        "2026-11-24-130000_create_task",
        "up.sql",
        "-- TODO: create the tasks table.\n/* later */\n",
    );
    let error = project.run(&["migration", "run"]).unwrap_err().to_string();
    assert!(
        error.starts_with("migration ")
            && error.ends_with(
                "2026-11-24-130000_create_task has no SQL in up.sql, only comments: write its \
                 change in up.sql and its undo in down.sql, then run `migration run` again; the \
                 1 before it were applied; it and the 2 migrations from it on were not applied"
            ),
        "{error}"
    );
    assert_eq!(
        project.applied(),
        "Migrations:\n  [X] 2026-11-24-120000_create_user\n  [ ] 2026-11-24-130000_create_task\n  \
         [ ] 2026-11-24-140000_add_done\n"
    );
}

#[test]
fn a_migration_edited_after_it_ran_is_refused_until_reverted_and_run_again() {
    let project = Project::new();
    project
        .run(&["migration", "run", "--to", "2026-11-24-130000"])
        .unwrap();
    project.write(
        "2026-11-24-130000_create_task",
        "up.sql",
        "-- a comment is no edit\nCREATE TABLE tasks (id INT PRIMARY KEY, title TEXT);",
    );
    let error = project.run(&["migration", "run"]).unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "migration 2026-11-24-130000_create_task was edited after it was applied to {}: \
             up.sql now says `KEY, title TEXT` where it said `KEY` (after `id INT PRIMARY`); \
             to make the database match the files, revert it and the migrations after it \
             (`migration revert --to 2026-11-24-120000_create_user`), then `migration run`; if \
             a revert fails, empty {} with `db reset` (the lesson's own server) and run \
             `migration run`",
            config::without_password(&project.db.url),
            config::without_password(&project.db.url)
        )
    );
    let listed = project.applied();
    assert!(
        listed.contains("  [X] 2026-11-24-130000_create_task (edited after it was applied: up.sql"),
        "{listed}"
    );
    assert!(
        listed.contains("  [ ] 2026-11-24-140000_add_done\n"),
        "{listed}"
    );
    project
        .run(&["migration", "revert", "--to", "2026-11-24-120000"])
        .unwrap();
    assert_eq!(
        project.run(&["migration", "run"]).unwrap(),
        "Running migration 2026-11-24-130000_create_task\n\
         Running migration 2026-11-24-140000_add_done\n"
    );
    assert!(!project.applied().contains("edited"));
    let schema = project.run(&["schema"]).unwrap();
    assert!(schema.contains("title"), "{schema}");
    assert!(!schema.contains("__workbook"), "{schema}");
}

#[test]
fn db_reset_asks_first_and_with_yes_empties_the_lessons_database() {
    let dir = tempfile::tempdir().unwrap();
    if let Ok(Some((uid, gid))) = crate::postgres::cluster::server_account() {
        std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
    }
    let server = LessonServer::of(dir.path());
    let root = server.root().display().to_string();
    let url = server.database("lesson_98").unwrap();
    let mut conn = crate::postgres::connect(&url).unwrap();
    diesel::connection::SimpleConnection::batch_execute(&mut conn, "CREATE TABLE kept (n int)")
        .unwrap();
    let place = Place::Own(server);
    let reset = |yes: bool, answer: bool| {
        let mut asked = None;
        let mut ask = |question: &str| {
            asked = Some(question.to_string());
            answer
        };
        let mut out = Vec::new();
        let done = db(
            &place,
            "lesson_98",
            DbCommand::Reset { yes },
            &mut ask,
            &mut out,
        );
        (done.map(|()| String::from_utf8(out).unwrap()), asked)
    };
    let (refused, asked) = reset(false, false);
    let question = format!(
        "resetting drops database lesson_98 on the lesson's server in {root}, with every row in it"
    );
    assert_eq!(asked.as_deref(), Some(question.as_str()));
    assert_eq!(
        refused.unwrap_err().to_string(),
        format!("{question}; nothing was done: run `db reset --yes` to go ahead")
    );
    let (done, asked) = reset(true, false);
    assert_eq!(asked, None);
    assert_eq!(
        done.unwrap(),
        format!("database lesson_98 was dropped and made again, empty: {url}\n")
    );
    let mut conn = crate::postgres::connect(&url).unwrap();
    let tables = crate::postgres::catalog::dump(&mut conn).unwrap();
    assert!(!tables.contains("kept"), "{tables}");
    let Place::Own(server) = place else {
        unreachable!()
    };
    drop(conn);
    server.stop().unwrap();
}

#[test]
fn db_status_says_the_url_and_no_password_reaches_a_db_message() {
    let dir = tempfile::tempdir().unwrap();
    let server = LessonServer::of(dir.path());
    let url = server.url("lesson_08");
    let mut out = Vec::new();
    let mut never = |_: &str| false;
    db(
        &Place::Own(server),
        "lesson_08",
        DbCommand::Status,
        &mut never,
        &mut out,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!(
            "the lesson's PostgreSQL server in {}/.postgres is not made yet, the first command \
             that needs it makes it; its database: {url}\n",
            dir.path().display()
        )
    );
    let given = Place::Given {
        url: "postgres://me:secret@db/todo".into(),
        source: Source::Flag,
    };
    let refused = db(
        &given,
        "lesson_08",
        DbCommand::Status,
        &mut never,
        &mut Vec::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("(postgres://me:***@db/todo)"), "{refused}");
    assert!(!refused.contains("secret"), "{refused}");
}

#[test]
fn a_migration_that_times_out_on_a_lock_names_the_table_another_transaction_holds() {
    use diesel::connection::SimpleConnection;
    let project = Project::new();
    let mut app = crate::postgres::connect(&project.db.url).unwrap();
    app.batch_execute("CREATE TABLE accounts (id int)").unwrap();
    app.batch_execute("BEGIN; INSERT INTO accounts VALUES (1);")
        .unwrap();
    project.write(
        "2026-11-24-150000_add_email",
        "up.sql",
        "SET LOCAL lock_timeout = '100ms'; ALTER TABLE accounts ADD COLUMN email TEXT;",
    );
    project.write(
        "2026-11-24-150000_add_email",
        "down.sql",
        "ALTER TABLE accounts DROP COLUMN email;",
    );
    let failed = project.run(&["migration", "run"]).unwrap_err().to_string();
    assert!(
        failed.ends_with(
            "canceling statement due to lock timeout; another transaction holds accounts: run \
             again when it ends"
        ),
        "{failed}"
    );
    app.batch_execute("COMMIT").unwrap();
    project.run(&["migration", "run"]).unwrap();
}

#[test]
fn a_migration_the_folder_does_not_have_is_refused_and_a_refusal_writes_nothing() {
    let project = Project::new();
    // Reading an unmigrated database makes no table of diesel's.
    project.run(&["migration", "list"]).unwrap();
    project.run(&["migration", "pending"]).unwrap();
    let mut conn = crate::postgres::connect(&project.db.url).unwrap();
    assert!(migrate::applied(&mut conn).unwrap().is_empty());
    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    let table: Exists =
        diesel::sql_query("SELECT to_regclass('__diesel_schema_migrations') IS NOT NULL AS exists")
            .get_result(&mut conn)
            .unwrap();
    assert!(!table.exists, "reading made diesel's table");

    project.run(&["migration", "run"]).unwrap();
    let folder = project
        .dir
        .path()
        .join("migrations/2026-11-24-140000_add_done");
    std::fs::remove_dir_all(folder).unwrap();
    let refusal = "has migration 20261124140000 applied, but the migrations folder has no \
                   migration with that version";
    for verb in [
        &["migration", "run"][..],
        &["migration", "revert"],
        &["migration", "redo"],
        &["migration", "pending"],
    ] {
        let error = project.run(verb).unwrap_err().to_string();
        assert!(error.contains(refusal), "{verb:?}: {error}");
    }
    let error = migrate::open_migrated(&project.lesson, &project.db.url, migrate::Pending::Allowed)
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains(refusal), "{error}");
    assert!(
        project
            .applied()
            .ends_with("  [X] 20261124140000 (applied, but missing from the migrations folder)\n"),
        "{}",
        project.applied()
    );
    // Nothing was reverted: the newest known migration is still applied.
    assert!(
        project
            .applied()
            .contains("  [X] 2026-11-24-130000_create_task\n")
    );
}
