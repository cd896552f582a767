//! `verify-migrations.toml`: found by walking up, overridden by the command line, refused in
//! one line when it names a key or rule verify does not know, and what its choices do to a run.

use std::path::Path;

use clap::Parser;

use super::project_file::{self, NAME};
use super::*;

/// The command line, as `verify-migrations` parses it.
#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: Args,
}

/// A project in a temporary folder: a `.git` (the walk stops there) and SQLite migrations in
/// `migrations/`, each `(name, up, down)`, no down.sql where `down` is empty.
fn project(migrations: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "migrations", migrations);
    dir
}

fn write(project: &Path, folder: &str, migrations: &[(&str, &str, &str)]) {
    for (name, up, down) in migrations {
        let dir = project.join(folder).join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("up.sql"), up).unwrap();
        if !down.is_empty() {
            std::fs::write(dir.join("down.sql"), down).unwrap();
        }
    }
}

/// `verify ARGS` run from `cwd`: the exit code and what it printed, or the error.
fn verify_in(cwd: &Path, args: &[&str]) -> Result<(u8, String)> {
    let words = std::iter::once("verify").chain(args.iter().copied());
    let cli = Cli::try_parse_from(words).unwrap();
    let mut out = Vec::new();
    let code = run(&cli.args, cwd, &mut out)?;
    Ok((code, String::from_utf8(out).unwrap()))
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

const USERS: (&str, &str, &str) = (
    "2024-01-01-000000_create_users",
    "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT);",
    "DROP TABLE users;",
);

/// Two migrations without a down.sql: two `irreversible` problems without a file.
const NO_DOWNS: [(&str, &str, &str); 2] = [
    (USERS.0, USERS.1, ""),
    (
        "2024-01-02-000000_create_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL);",
        "",
    ),
];

#[test]
fn the_file_is_found_walking_up_from_a_migrations_folder_and_the_first_line_names_it() {
    let dir = project(&NO_DOWNS);
    let migrations = dir.path().join("migrations");
    let (code, text) = verify_in(dir.path(), &[path(&migrations)]).unwrap();
    assert_eq!(code, 1, "no file yet: {text}");
    assert!(text.starts_with("verify "), "{text}");

    std::fs::write(dir.path().join(NAME), "allow_irreversible = true\n").unwrap();
    let (code, text) = verify_in(dir.path(), &[path(&migrations)]).unwrap();
    assert_eq!(code, 0, "{text}");
    assert_eq!(text.lines().next(), Some("config: verify-migrations.toml"));
    // From elsewhere, the file is named by its whole path; in JSON, as `config`.
    let elsewhere = tempfile::tempdir().unwrap();
    let (_, text) = verify_in(elsewhere.path(), &[path(&migrations), "--format", "json"]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let file = dir.path().canonicalize().unwrap().join(NAME);
    assert_eq!(json["config"], file.display().to_string());
    std::fs::remove_file(&file).unwrap();
    let (_, text) = verify_in(dir.path(), &[path(&migrations), "--format", "json"]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(json["config"].is_null(), "{json}");
}

#[test]
fn the_walk_stops_at_the_first_file_and_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join(NAME), "rows = 1\n").unwrap();
    let repository = outer.path().join("repository");
    let migrations = repository.join("app/migrations/sqlite");
    std::fs::create_dir_all(&migrations).unwrap();
    // No `.git` yet: the walk goes on up to the outer file.
    assert_eq!(
        project_file::find(&migrations),
        Some(outer.path().canonicalize().unwrap().join(NAME))
    );
    std::fs::create_dir(repository.join(".git")).unwrap();
    assert_eq!(project_file::find(&migrations), None);
    std::fs::write(repository.join("app").join(NAME), "rows = 2\n").unwrap();
    std::fs::write(repository.join(NAME), "rows = 3\n").unwrap();
    let found = project_file::find(&migrations).unwrap();
    assert_eq!(
        found,
        repository.canonicalize().unwrap().join("app").join(NAME)
    );
}

#[test]
fn the_command_line_overrides_the_file_and_its_defaults_do_not() {
    let dir = project(&[USERS]);
    std::fs::write(
        dir.path().join(NAME),
        "rows = 0\nforeign_keys = \"off\"\nstatement_timeout = 7\n",
    )
    .unwrap();
    let (_, text) = verify_in(dir.path(), &[path(dir.path())]).unwrap();
    let first = text.lines().nth(1).unwrap();
    assert!(
        first.ends_with(
            "(1 migrations; foreign keys off: as verify-migrations.toml says; 0 generated rows \
             per table after each migration)"
        ),
        "{text}"
    );
    let flags = [path(dir.path()), "--rows", "2", "--foreign-keys", "on"];
    let (_, text) = verify_in(dir.path(), &flags).unwrap();
    assert!(
        text.contains("foreign keys on: as --foreign-keys on says; 2 generated rows"),
        "{text}"
    );
}

#[test]
fn an_unknown_key_or_rule_is_one_line_naming_it() {
    let dir = project(&[USERS]);
    let refused = |file: &str| {
        std::fs::write(dir.path().join(NAME), file).unwrap();
        let error = verify_in(dir.path(), &[path(dir.path())]).unwrap_err();
        let error = error.to_string();
        assert!(!error.contains('\n'), "{error}");
        error
    };
    assert_eq!(
        refused("backend = \"sqlite\"\n\nrows_per_table = 3\n"),
        "verify-migrations.toml: unknown key `rows_per_table` (line 3); the keys are migrations, \
         backend, foreign_keys, since, since_commit, rows, statement_timeout, allow_irreversible, \
         irreversible_migrations, rules"
    );
    assert_eq!(
        refused("[rules]\noff = [\"unusual-name\"]\nofff = []\n"),
        "verify-migrations.toml: unknown key `rules.offf` (line 3); the keys of [rules] are off, \
         advice"
    );
    let error = refused("[rules]\nadvice = [\n  \"irreversible\",\n  \"no-such-rule\",\n]\n");
    assert!(
        error.starts_with(
            "verify-migrations.toml: `rules.advice` names `no-such-rule` (line 4), which is no \
             rule; the rules are missing-up-sql, duplicate-version,"
        ),
        "{error}"
    );
    let error = refused("rows = \"many\"\n");
    assert!(
        error.starts_with("verify-migrations.toml: invalid type: string \"many\"")
            && error.ends_with("(line 1: `rows = \"many\"`)"),
        "{error}"
    );
    let error = refused("migrations = \"db/migrations\"\n");
    assert!(
        error.starts_with("verify-migrations.toml: `migrations` names db/migrations (line 1), which is no folder in "),
        "{error}"
    );
}

#[test]
fn off_drops_a_rules_problems_and_the_checklist_says_it_is_off() {
    let dir = project(&NO_DOWNS);
    std::fs::write(dir.path().join(NAME), "[rules]\noff = [\"irreversible\"]\n").unwrap();
    let (code, text) = verify_in(dir.path(), &[path(dir.path())]).unwrap();
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(
            "  - every migration has a down.sql that does something [irreversible]: turned off\n"
        ),
        "{text}"
    );
    assert!(!text.contains("has no down.sql"), "{text}");
    let (_, json) = verify_in(dir.path(), &[path(dir.path()), "--format", "json"]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["rules_off"][0], "irreversible");
    assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{json}");
}

#[test]
fn advice_turns_a_problem_into_a_note_and_the_exit_code_into_0() {
    let dir = project(&NO_DOWNS);
    std::fs::write(
        dir.path().join(NAME),
        "[rules]\nadvice = [\"irreversible\"]\n",
    )
    .unwrap();
    let (code, text) = verify_in(dir.path(), &[path(dir.path())]).unwrap();
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("  ! every migration has a down.sql that does something [irreversible] (made advice) (2 notes)\n")
            && text.contains(
                "      note: migrations/2024-01-01-000000_create_users has no down.sql"
            ),
        "{text}"
    );
    assert!(!text.contains("problem:"), "{text}");
}

#[test]
fn an_allowed_irreversible_migration_is_not_reported_while_another_one_is() {
    let dir = project(&NO_DOWNS);
    let file = "irreversible_migrations = [\"2024-01-01-000000_create_users\"]\n";
    std::fs::write(dir.path().join(NAME), file).unwrap();
    let (code, text) = verify_in(dir.path(), &[path(dir.path())]).unwrap();
    assert_eq!(code, 1, "{text}");
    let problems: Vec<&str> = text.lines().filter(|l| l.contains("problem:")).collect();
    assert_eq!(
        problems,
        [
            "      problem: migrations/2024-01-02-000000_create_posts has no down.sql, so it cannot be reverted (its up is still checked)"
        ]
    );
    // A name that is no migration is refused, named.
    let file = "\nirreversible_migrations = [\n  \"2024-01-01-000000_create_user\",\n]\n";
    std::fs::write(dir.path().join(NAME), file).unwrap();
    let error = verify_in(dir.path(), &[path(dir.path())])
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(
            "verify-migrations.toml: `irreversible_migrations` names \
             `2024-01-01-000000_create_user` (line 3), which is no migration in "
        ) && error
            .ends_with("give a migration folder's name, such as 2024-01-01-000000_create_users"),
        "{error}"
    );
}

#[test]
fn the_folders_the_file_lists_are_judged_when_the_path_is_the_project() {
    let dir = project(&[]);
    write(dir.path(), "db/main", &[USERS]);
    write(dir.path(), "db/audit", &NO_DOWNS[..1]);
    let file = "migrations = [\"db/main\", \"db/audit\"]\nsince = \"2023-12-31-000000\"\n";
    std::fs::write(dir.path().join(NAME), file).unwrap();
    let (code, text) = verify_in(dir.path(), &[path(dir.path())]).unwrap();
    assert_eq!(code, 1, "{text}");
    let header = format!(
        "config: verify-migrations.toml\nverify {}: the migrations folders \
         verify-migrations.toml lists; db/main and db/audit judged, a section each\n",
        dir.path().display()
    );
    assert!(text.starts_with(&header), "{text}");
    assert!(
        text.ends_with("In all: db/main no problem, db/audit 1 problem.\n"),
        "{text}"
    );
    // A folder below the project is judged as given, with the file's other choices.
    let (code, text) = verify_in(dir.path(), &[path(&dir.path().join("db/main"))]).unwrap();
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("note: 1 of 1 migrations judged: those newer than version 20231231000000"),
        "{text}"
    );
}

#[test]
fn the_books_example_file_is_read_as_it_says() {
    let chapter = include_str!("../../../../docs/src/verify.md");
    let section = chapter
        .split("## A configuration file")
        .nth(1)
        .expect("the book's verify chapter has a section on the configuration file");
    let example = section
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the section shows a verify-migrations.toml");
    let dir = project(&NO_DOWNS);
    std::fs::write(dir.path().join(NAME), example).unwrap();
    let file = project_file::ProjectFile::read(&dir.path().join(NAME), NAME).unwrap();
    assert_eq!(file.migrations, ["migrations"]);
    assert_eq!(file.backend, Some(Backend::Sqlite));
    assert!(!file.irreversible.is_empty() && !file.off.is_empty() && !file.advice.is_empty());
    // Every key the file can hold is in the example (`rules` is a table: `[rules]`).
    let keys = project_file::KEYS.map(|key| if key == "rules" { "[rules]" } else { key });
    for key in keys.iter().chain(&project_file::RULE_KEYS) {
        assert!(
            example
                .lines()
                .any(|l| l.trim_start_matches("# ").starts_with(key)),
            "{key}"
        );
    }
}
