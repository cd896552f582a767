//! `verify-migrations` with a project's `verify-migrations.toml`, as a CI job runs it: the
//! first line names the file, and a key it does not know is one line on stderr and exit code 2.

use std::path::Path;
use std::process::{Command, Output};

/// A project with a `.git`, one SQLite migration and `file` as its verify-migrations.toml.
fn project(file: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let migration = dir.path().join("migrations/2024-01-01-000000_create_users");
    std::fs::create_dir_all(&migration).unwrap();
    std::fs::write(
        migration.join("up.sql"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL);",
    )
    .unwrap();
    std::fs::write(dir.path().join("verify-migrations.toml"), file).unwrap();
    dir
}

/// `verify-migrations migrations ARGS` run in `dir`.
fn verify_with(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
        .arg("migrations")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn verify(dir: &Path) -> Output {
    verify_with(dir, &[])
}

#[test]
fn the_file_found_above_the_migrations_folder_is_named_first_and_obeyed() {
    let dir = project("allow_irreversible = true\n");
    let output = verify(dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout.lines().next(),
        Some("config: verify-migrations.toml")
    );
    let github = verify_with(dir.path(), &["--format", "github"]);
    let github = String::from_utf8_lossy(&github.stdout);
    assert!(
        github.starts_with("config: verify-migrations.toml\n"),
        "{github}"
    );
    let sarif = verify_with(dir.path(), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["properties"]["config"],
        "verify-migrations.toml"
    );
}

#[test]
fn an_unknown_key_is_one_line_on_stderr_and_exit_code_2() {
    let dir = project("rows = 1\nrows_per_table = 3\n");
    let output = verify(dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: verify-migrations.toml: unknown key `rows_per_table` (line 2); the keys are "
        ),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
