//! `verify` on PostgreSQL folders as a whole: which migrations `--since` and `--since-commit`
//! judge, and what a report says.

use std::path::Path;
use std::process::Command;

use crate::postgres::test_server;
use crate::verify::{Backend, Options, Since, verify};

const USERS: (&str, &str, &str) = (
    "2024-01-01-000000_create_users",
    "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT);",
    "DROP TABLE users;",
);
const INDEX: (&str, &str, &str) = (
    "2024-01-02-000000_index_email",
    "CREATE INDEX users_email ON users (email);",
    "DROP INDEX users_email;",
);
const UNIQUE: (&str, &str, &str) = (
    "2024-01-03-000000_unique_email",
    "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
    "ALTER TABLE users DROP CONSTRAINT users_email_key;",
);

fn write(dir: &Path, (name, up, down): (&str, &str, &str)) {
    let folder = dir.join("migrations").join(name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("up.sql"), up).unwrap();
    std::fs::write(folder.join("down.sql"), down).unwrap();
}

/// The rules (notes left out) and the notes of a PostgreSQL verify of `dir`.
fn verified(dir: &Path, since: Option<Since>) -> (Vec<&'static str>, Vec<String>) {
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(test_server()),
        since,
        ..Options::default()
    };
    let report = verify(dir, &options).unwrap();
    let rules = report
        .problems
        .iter()
        .filter(|p| !p.note)
        .map(|p| p.rule)
        .collect();
    (rules, report.notes)
}

#[test]
fn since_a_version_judges_only_the_newer_migrations_after_applying_the_older() {
    let dir = tempfile::tempdir().unwrap();
    for m in [USERS, INDEX, UNIQUE] {
        write(dir.path(), m);
    }
    let (all, _) = verified(dir.path(), None);
    assert_eq!(all, ["index-blocks-writes", "unique-builds-under-lock"]);
    let (newer, notes) = verified(dir.path(), Some(Since::Version("20240102000000".into())));
    assert_eq!(
        newer,
        ["unique-builds-under-lock"],
        "the index migration was applied, not judged"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("1 of 3 migrations judged: those newer than version")),
        "{notes:?}"
    );
}

#[test]
fn since_a_commit_judges_the_migrations_git_did_not_have_then() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-C"])
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    for m in [USERS, INDEX] {
        write(dir.path(), m);
    }
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "old"]);
    write(dir.path(), UNIQUE);
    let (rules, _) = verified(dir.path(), Some(Since::Commit("main".into())));
    assert_eq!(rules, ["unique-builds-under-lock"]);
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(test_server()),
        since: Some(Since::Commit("no-such-branch".into())),
        ..Options::default()
    };
    let error = verify(dir.path(), &options).err().unwrap().to_string();
    assert!(
        error.starts_with("cannot list ") && error.contains("no-such-branch"),
        "{error}"
    );
}

#[test]
fn a_seed_makes_what_the_project_makes_outside_its_migrations() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        (
            "2024-01-01-000000_create_answers",
            "CREATE TABLE answers (id SERIAL PRIMARY KEY, n INT NOT NULL DEFAULT answer());",
            "DROP TABLE answers;",
        ),
    );
    let with = |sql: &str, after: Option<&str>| Options {
        backend: Some(Backend::Postgres),
        server: Some(test_server()),
        seed: Some(crate::verify::Seed {
            file: dir.path().join("seed.sql"),
            sql: sql.into(),
            after: after.map(str::to_string),
        }),
        ..Options::default()
    };
    let answer = "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';";
    let report = verify(dir.path(), &with(answer, None)).unwrap();
    assert!(report.passed(), "{}", report.render());
    let without = verify(dir.path(), &with("", None)).unwrap();
    let failed = without.problems.iter().find(|p| p.rule == "up-fails");
    assert!(
        failed.is_some_and(|p| p.text.contains(
            "function answer() does not exist; if an extension the project creates outside its \
             migrations provides it, give verify --seed FILE.sql with its CREATE EXTENSION"
        )),
        "the seed is what makes it run, and the failure says so: {}",
        without.render()
    );
    let error = verify(dir.path(), &with("CREATE NONSENSE;", None))
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("seed.sql fails on PostgreSQL: syntax error") && !error.contains('\n'),
        "{error}"
    );
    let error = verify(dir.path(), &with(answer, Some("x"))).err().unwrap();
    assert!(
        error
            .to_string()
            .starts_with("--seed-after is for SQLite only")
    );
}

#[test]
fn an_older_migration_that_fails_before_the_window_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for m in [
        USERS,
        (
            "2024-01-02-000000_broken",
            "ALTER TABLE nowhere ADD COLUMN x INT;",
            "SELECT 1;",
        ),
        UNIQUE,
    ] {
        write(dir.path(), m);
    }
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(test_server()),
        since: Some(Since::Version("20240102000000".into())),
        ..Options::default()
    };
    let error = verify(dir.path(), &options)
        .err()
        .expect("verify cannot run")
        .to_string();
    assert!(
        error
            .starts_with("migrations/2024-01-02-000000_broken, older than the migrations to judge")
            && error.contains("relation \"nowhere\" does not exist"),
        "{error}"
    );
}

#[test]
fn an_up_tried_again_on_emptied_tables_says_its_findings_once() {
    let dir = tempfile::tempdir().unwrap();
    for m in [
        USERS,
        (
            "2024-01-02-000000_index_and_check",
            "CREATE INDEX users_email ON users (email);
             ALTER TABLE users ADD CONSTRAINT email_long CHECK (length(email) > 50);",
            "ALTER TABLE users DROP CONSTRAINT email_long; DROP INDEX users_email;",
        ),
    ] {
        write(dir.path(), m);
    }
    let (rules, notes) = verified(dir.path(), None);
    assert_eq!(
        rules,
        ["index-blocks-writes", "constraint-not-valid"],
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("fails on the generated rows") && n.contains("email_long")),
        "{notes:?}"
    );
}

#[test]
fn a_stable_function_reading_the_clock_leaves_the_second_up_uncompared() {
    // now() is STABLE, and so may be a function computing a rank from it: the second up's
    // rank differs once a second has passed, so its rows are not compared (a note says so).
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), USERS);
    write(
        dir.path(),
        (
            "2024-01-02-000000_create_ranks",
            "CREATE FUNCTION age_rank(at TIMESTAMP) RETURNS INTEGER LANGUAGE sql STABLE AS \
             $$ SELECT extract(epoch FROM now() - at)::INTEGER $$;
             CREATE TABLE ranks (user_id INTEGER PRIMARY KEY, ranked INTEGER NOT NULL);",
            "DROP TABLE ranks; DROP FUNCTION age_rank;",
        ),
    );
    // The up names the function alone, not the clock.
    write(
        dir.path(),
        (
            "2024-01-03-000000_rank_users",
            "INSERT INTO ranks SELECT id, age_rank('2024-01-01') FROM users;",
            "DELETE FROM ranks;",
        ),
    );
    let (rules, notes) = verified(dir.path(), None);
    assert!(rules.is_empty(), "{rules:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("2024-01-03-000000_rank_users computes values")),
        "{notes:?}"
    );
}

#[test]
fn a_set_not_null_that_fails_after_a_backfill_in_the_same_file_names_the_backfill() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), USERS);
    write(
        dir.path(),
        (
            "2024-01-02-000000_username",
            "ALTER TABLE users ADD COLUMN username TEXT;\n\
             UPDATE users SET username = split_part(email, '@', 1) WHERE email IS NOT NULL;\n\
             ALTER TABLE users ALTER COLUMN username SET NOT NULL;",
            "ALTER TABLE users DROP COLUMN username;",
        ),
    );
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(test_server()),
        ..Options::default()
    };
    // It fails on the generated row whose email is NULL, and runs on emptied tables: a note.
    let report = verify(dir.path(), &options).unwrap();
    let said = report
        .notes
        .iter()
        .find(|n| n.contains("contains null values"));
    assert!(
        said.is_some_and(|n| n.contains(
            "the UPDATE at line 2 leaves rows NULL there (rows it does not reach, or a value it \
             computes as NULL): make it give every row a value"
        ) && !n.contains("outside the migrations")),
        "{}",
        report.render()
    );
}
