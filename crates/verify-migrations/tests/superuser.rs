//! On its own throwaway cluster verify runs migrations as a role without superuser rights: a
//! migration that needs one fails in one line naming `--superuser`, and with `--superuser` it
//! runs, the header (text and JSON) saying so.

use std::process::{Command, Output};

fn verify(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_migration_that_needs_a_superuser_runs_only_with_superuser() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("migrations/2024-01-01-000000_tune");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("up.sql"),
        "ALTER SYSTEM SET work_mem = '8MB';\n",
    )
    .unwrap();
    std::fs::write(folder.join("down.sql"), "ALTER SYSTEM RESET work_mem;\n").unwrap();
    std::fs::write(folder.join("metadata.toml"), "run_in_transaction = false\n").unwrap();
    let path = dir.path().to_str().unwrap();

    let contained = verify(&[path, "--backend", "postgres"]);
    let stdout = String::from_utf8_lossy(&contained.stdout);
    assert_eq!(contained.status.code(), Some(1), "{stdout}");
    let failed = stdout
        .lines()
        .find(|l| l.contains("problem: migrations/2024-01-01-000000_tune/up.sql:1 fails"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        failed.contains("permission denied to set parameter \"work_mem\"")
            && failed.ends_with("give verify --superuser)"),
        "{failed}"
    );
    assert!(!stdout.lines().next().unwrap().contains("superuser"));

    let superuser = verify(&[path, "--backend", "postgres", "--superuser"]);
    let stdout = String::from_utf8_lossy(&superuser.stdout);
    assert_eq!(superuser.status.code(), Some(0), "{stdout}");
    assert!(
        stdout
            .lines()
            .next()
            .unwrap()
            .contains("a throwaway cluster, migrations run as its superuser (--superuser)"),
        "{stdout}"
    );
    let json = verify(&[
        path,
        "--backend",
        "postgres",
        "--superuser",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        report["options"]
            .as_str()
            .unwrap()
            .contains("migrations run as its superuser (--superuser)"),
        "{report}"
    );
}
