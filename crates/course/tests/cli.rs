//! End-to-end tests of the real `course` binary: `verify` on every solution and on broken
//! folders, with a seed file and against a database; `reset` on a scratch git checkout; and
//! the overview, `hint`, `check` and `watch` on this workbook's own lessons, which build and
//! run each lesson's binary through cargo.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use diesel_migrations::FileBasedMigrations;
use workbook::config::{Database, Location, Source};
use workbook::course::LESSONS;
use workbook::migration::{self, Migrations};
use workbook::testing::crate_dirs;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `cwd` with `args`, feeding it `input`.
fn course(cwd: &Path, args: &[&str], input: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_course"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    // A command that reads nothing may exit before taking its input: that is not a failure.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let output = child.wait_with_output().unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// The one `error: ` line `verify` prints when it cannot run (exit code 2).
fn verify_error(run: &Run) -> String {
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    error_line(&Run {
        code: 1,
        stdout: run.stdout.clone(),
        stderr: run.stderr.clone(),
    })
}

/// The one `error: ` line a failing command prints.
fn error_line(run: &Run) -> String {
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    errors[0].to_string()
}

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

/// A copy of solution-04's migrations in a temporary folder.
fn solution_04_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("migrations");
    copy_dir(
        &workspace().join("solutions/lesson-04/migrations"),
        &migrations,
    );
    (dir, migrations)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn verify_passes_every_solution() {
    // lesson-01 has no migrations to verify.
    for dir in crate_dirs(&workspace(), "solutions")
        .into_iter()
        .filter(|dir| dir.join("migrations").is_dir())
    {
        let mut args = vec!["verify".to_string(), dir.display().to_string()];
        // Lesson 08's first migrations replay the course's history, written for an empty
        // database, and verify rightly says they would lock a live table: the lesson's own, the
        // changes made while the app runs, are judged.
        let number: u8 = dir.file_name().unwrap().to_string_lossy()[7..]
            .parse()
            .unwrap();
        let info = workbook::course::LESSONS
            .iter()
            .find(|info| info.number == number)
            .unwrap();
        if info.on_postgres() {
            let folders = workbook::migration::folders(&dir.join("migrations")).unwrap();
            let course_end = folders
                .iter()
                .rfind(|f| !info.writes.iter().any(|w| f.ends_with(&format!("_{w}"))))
                .unwrap();
            args.push("--since".into());
            args.push(course_end[..17].replace('-', ""));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = course(&workspace(), &args, "");
        assert_eq!(
            run.code,
            0,
            "{}: {}{}",
            dir.display(),
            run.stdout,
            run.stderr
        );
        assert!(
            run.stdout.ends_with("Every rule passes.\n"),
            "{}",
            run.stdout
        );
        assert!(!run.stdout.contains('✗'), "{}", run.stdout);
    }
}

#[test]
fn verify_prints_one_line_per_problem_and_fails() {
    let (dir, migrations) = solution_04_copy();
    write(
        &migrations.join("2026-11-24-130000_add_email/up.sql"),
        "ALTER TABLE user ADD COLUMN email TEXT;",
    );
    write(
        &migrations.join("add_phone/up.sql"),
        "ALTER TABLE user ADD COLUMN phone TEXT;",
    );
    let run = course(dir.path(), &["verify", "."], "");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let problems: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("problem: "))
        .collect();
    assert_eq!(
        problems,
        [
            "      problem: migrations/2026-11-24-130000_create_task has the version 20261124130000 \
             of migrations/2026-11-24-130000_add_email: diesel runs only one of them; give one a \
             new timestamp (it is left out of the checks)",
            "      problem: migrations/2026-11-24-130000_add_email has no down.sql, so it cannot be \
             reverted (its up is still checked)",
            "      problem: migrations/add_phone has no down.sql, so it cannot be reverted (its up \
             is still checked)",
        ],
        "{}",
        run.stdout
    );
    // diesel runs a folder named without a timestamp: a note, not a problem.
    assert!(
        run.stdout
            .contains("      note: migrations/add_phone has the version \"add\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("3 problems found (`--explain RULE` says more).\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_with_a_seed_proves_the_rows_survive() {
    let (dir, migrations) = solution_04_copy();
    let seed = dir.path().join("seed.sql");
    write(
        &seed,
        "INSERT INTO user (username) VALUES ('BugsBunnyFanatic'), ('Café ☕ with O''Brien');\n\
         INSERT INTO task (description, user_id) VALUES ('Buy carrots', 1);\n",
    );
    let args = [
        "verify",
        "migrations",
        "--seed",
        "seed.sql",
        "--seed-after",
        "create_task",
    ];
    let run = course(dir.path(), &args, "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("after each migration, and the rows of seed.sql)"),
        "{}",
        run.stdout
    );

    // A rename written as create-new + drop-old loses them (task, dropped with no table in its
    // place, is the migration's intent).
    let rename = migrations.join("2026-11-24-140000_rename_tables");
    write(
        &rename.join("up.sql"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, username TEXT);\nDROP TABLE task; DROP TABLE user;\n",
    );
    write(
        &rename.join("down.sql"),
        "DROP TABLE users;\nCREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT);\n",
    );
    let run = course(dir.path(), &args, "");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "problem: migrations/2026-11-24-140000_rename_tables loses data: table user (5 rows) \
             is nowhere now (up.sql:2 drops it)"
        ),
        "{}",
        run.stdout
    );

    let run = course(
        dir.path(),
        &["verify", "migrations", "--seed", "missing.sql"],
        "",
    );
    assert!(verify_error(&run).starts_with("error: cannot read the seed file missing.sql"));
}

#[test]
fn verify_reports_a_migration_edited_after_it_was_applied() {
    let (dir, migrations) = solution_04_copy();
    let file = dir.path().join("app.db");
    let db = Database {
        url: file.display().to_string(),
        location: Location::File(file.clone()),
        source: Source::Flag,
    };
    let url = file.to_str().unwrap();
    let run = course(
        dir.path(),
        &["verify", "migrations", "--database-url", url],
        "",
    );
    assert!(verify_error(&run).starts_with("error: there is no database at"));

    let source = FileBasedMigrations::from_path(&migrations).unwrap();
    let loaded = Migrations::load(&source, &migrations).unwrap();
    migration::run(&db, &loaded, None, &mut Vec::new()).unwrap();
    let run = course(
        dir.path(),
        &["verify", "migrations", "--database-url", url],
        "",
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "✓ no migration was edited after it was applied to the database given with \
             --database-url (comments and spacing do not count) [edited-migration]"
        ),
        "{}",
        run.stdout
    );

    // A checkout with Windows line endings is not an edit.
    let up = migrations.join("2026-11-24-130000_create_task/up.sql");
    let text = std::fs::read_to_string(&up).unwrap();
    std::fs::write(&up, text.replace('\n', "\r\n")).unwrap();
    let run = course(
        dir.path(),
        &["verify", "migrations", "--database-url", url],
        "",
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    std::fs::write(&up, text.replace("category TEXT", "category_name TEXT")).unwrap();
    let run = course(
        dir.path(),
        &["verify", "migrations", "--database-url", url],
        "",
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let expected = format!(
        "      problem: migration 2026-11-24-130000_create_task was edited after it was applied to {url}: up.sql now says `category_name` where it said `category` (after `0, due TEXT,`)"
    );
    assert!(run.stdout.contains(&expected), "{}", run.stdout);
}

#[test]
fn verify_refuses_what_it_cannot_read_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = course(dir.path(), &["verify", "nowhere"], "");
    assert!(
        verify_error(&run).starts_with("error: cannot read nowhere"),
        "{}",
        run.stderr
    );
    let run = course(dir.path(), &["verify", "."], "");
    assert!(
        verify_error(&run).starts_with("error: there are no migrations in ."),
        "{}",
        run.stderr
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Student",
            "-c",
            "user.email=student@example.com",
            "-C",
        ])
        .arg(dir)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn reset_puts_a_starter_back_in_a_scratch_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let lesson = format!("lesson-{:02}", LESSONS[0].number);
    let app = dir.path().join(format!("lessons/{lesson}/src/app.rs"));
    write(&dir.path().join("Cargo.toml"), "[workspace]\n");
    write(&app, "// TODO\n");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "starter"]);
    std::fs::write(&app, "// my answer\n").unwrap();
    let inside = app.parent().unwrap();

    let run = course(inside, &["reset", &lesson], "y\n");
    assert!(error_line(&run).contains("--force"), "{}", run.stderr);
    let run = course(inside, &["reset", &lesson, "--force"], "n\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&app).unwrap(), "// my answer\n");
    let run = course(inside, &["reset", &lesson, "--force"], "y\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("is the starter again"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&app).unwrap(), "// TODO\n");

    let run = course(inside, &["reset", "lesson-99"], "y\n");
    assert!(error_line(&run).starts_with("error: there is no lesson \"lesson-99\""));
    let run = course(Path::new("/"), &["reset", &lesson], "y\n");
    assert!(error_line(&run).contains("is not inside the workbook"));
}

/// Every starter fails its new goals, so the current lesson is the course's first.
#[test]
fn the_overview_hint_check_and_watch_drive_the_real_lessons() {
    let first = LESSONS[0];
    let name = format!("lesson-{:02}", first.number);

    let run = course(&workspace(), &[], "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with(&format!(
            "Database migrations in Rust: 0 of {} lessons pass",
            LESSONS.len()
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("  ▶ {name} ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Next: cargo run -p course -- watch"),
        "{}",
        run.stdout
    );

    let run = course(&workspace(), &["hint"], "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with(&format!("{name} · {}\n  ✗ ", first.title)),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("Read: docs/src/{}", first.chapter)),
        "{}",
        run.stdout
    );

    let run = course(&workspace(), &["check", "--all"], "");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.matches("fails: ").count(),
        LESSONS.len(),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("0 of {} lessons pass", LESSONS.len())),
        "{}",
        run.stdout
    );

    let run = course(&workspace(), &["check", &name], "");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("goals pass."), "{}", run.stdout);

    let run = course(&workspace(), &["watch", "--manual"], "\nq\n");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.matches(&format!("Checking {name} …")).count(),
        2,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("Stopped watching.\n"),
        "{}",
        run.stdout
    );
}
