//! Which PostgreSQL server verify judges on: migrations written for a newer server than the one
//! it has are said to need it (exit code 2, the later migrations not judged), not blamed; on a
//! server new enough they pass. `tests/newer_syntax` holds such a project: its second migration
//! is PostgreSQL 16's (a subquery in FROM without an alias), two more follow. CI runs this on
//! Debian's PostgreSQL 15 and on a newer one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use migration_engine::postgres::Server;

fn newer_syntax() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/newer_syntax")
}

fn verify(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_migration_for_postgresql_16_needs_16_and_passes_there() {
    let server = Server::new(None).unwrap();
    let version = server.version().unwrap();
    let major: u32 = version.split('.').next().unwrap().parse().unwrap();
    let url = server.url("postgres");
    let dir = newer_syntax();
    let dir = dir.to_str().unwrap();
    let json = verify(&["--database-url", &url, dir, "--format", "json"]);
    let text = verify(&["--database-url", &url, dir]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let stdout = String::from_utf8_lossy(&text.stdout);
    let judged = &report["judged"];
    if major < 16 {
        let said = format!(
            "migrations/2024-01-02-000000_name_counts/up.sql:2 needs PostgreSQL 16 or newer (a \
             subquery in FROM without an alias); this server is {}: pass --postgres-bin",
            version.split_whitespace().next().unwrap()
        );
        assert_eq!(json.status.code(), Some(2), "{report}");
        assert_eq!(text.status.code(), Some(2), "{stdout}");
        assert!(
            judged["needs_newer_server"]
                .as_str()
                .unwrap()
                .starts_with(&said),
            "{report}"
        );
        assert_eq!(
            judged["not_reached"],
            serde_json::json!([
                "2024-01-02-000000_name_counts",
                "2024-01-03-000000_add_price",
                "2024-01-04-000000_create_tags"
            ])
        );
        assert_eq!(report["passed"], false);
        assert_eq!(
            report["findings"],
            serde_json::json!([]),
            "not the project's fault"
        );
        assert!(
            stdout.contains(&format!(
                "Not judged: 3 migrations from 2024-01-02-000000_name_counts on, which this \
                 server cannot run: {said}"
            )),
            "{stdout}"
        );
    } else {
        assert_eq!(json.status.code(), Some(0), "on {version}: {report}");
        assert_eq!(text.status.code(), Some(0), "on {version}: {stdout}");
        assert_eq!(judged["not_reached"], serde_json::json!([]));
        assert_eq!(judged["needs_newer_server"], serde_json::Value::Null);
        assert!(stdout.contains("Every rule passes."), "{stdout}");
    }
}

#[test]
fn postgres_bin_without_a_server_in_it_is_said_in_one_line() {
    let empty = tempfile::tempdir().unwrap();
    let bin = empty.path().to_str().unwrap();
    let out = verify(&["--postgres-bin", bin, newer_syntax().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: --postgres-bin {bin}: there is no initdb or postgres in it: give the folder \
             holding PostgreSQL's server programs (the bin/ of an installation, such as \
             /usr/lib/postgresql/17/bin)\n"
        )
    );
    assert!(out.stdout.is_empty());
}
