//! `verify-migrations` on the corpus in `tests/corpus`: real projects' migrations (diesel's own
//! examples, test migrations and diesel_cli's fixtures) and hand-made ones, each with the
//! rules it must report in its `expected` file (empty: it must pass). A false alarm on a
//! correct folder fails this test as surely as a missed bug.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use workbook::postgres::Server;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// Every fixture: a folder holding an `expected` file.
fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.join("expected").is_file() {
            found.push(path);
        } else if path.is_dir() {
            found.extend(fixtures(&path));
        }
    }
    found.sort();
    found
}

/// The rules a fixture must report (one per line; `#` lines are comments).
fn expected(fixture: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(fixture.join("expected"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// True when a fixture has PostgreSQL migrations: a `postgres` or `diesel_postgres` folder
/// on its path, or a PostgreSQL folder beside other backends' in its `migrations`.
fn has_postgres(fixture: &Path) -> bool {
    let on_path = fixture
        .components()
        .any(|c| c.as_os_str() == "postgres" || c.as_os_str() == "diesel_postgres");
    let beside = std::fs::read_dir(fixture.join("migrations"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| {
            let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
            ["postgres", "postgresql", "pg"].contains(&name.as_str())
        });
    on_path || beside
}

/// The rules `verify-migrations` reports on a fixture (notes left out), in every section of a
/// project with one folder per backend. PostgreSQL fixtures run on `server`, given as the
/// user's own with `--database-url` (which a SQLite folder beside it does not use).
fn reported(fixture: &Path, server: &Server) -> (BTreeSet<String>, String) {
    let args = std::fs::read_to_string(fixture.join("args")).unwrap_or_default();
    let mut command = Command::new(env!("CARGO_BIN_EXE_verify-migrations"));
    if has_postgres(fixture) {
        command.args(["--database-url", &server.url("postgres")]);
    }
    let output = command
        .arg(fixture)
        .args(args.split_whitespace())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "{}: {stderr}",
        fixture.display()
    );
    match output.status.code() {
        Some(0 | 1) => {
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            let sections = match json["sections"].as_array() {
                Some(sections) => sections.clone(),
                None => vec![json.clone()],
            };
            let rules = sections
                .iter()
                .flat_map(|section| section["problems"].as_array().unwrap())
                .filter(|p| p["note"] == false)
                .map(|p| p["rule"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(
                output.status.code() == Some(0),
                json["passed"] == true,
                "{}: the exit code and the verdict disagree",
                fixture.display()
            );
            (rules, stdout)
        }
        code => panic!("{}: exit code {code:?}: {stderr}", fixture.display()),
    }
}

#[test]
fn every_fixture_gets_exactly_its_expected_verdict() {
    let all = fixtures(&corpus());
    assert!(
        all.len() > 50,
        "the corpus is missing: {}",
        corpus().display()
    );
    let server = Server::new(None).unwrap();
    let mut wrong = Vec::new();
    for fixture in &all {
        let (found, output) = reported(fixture, &server);
        let expected = expected(fixture);
        if found != expected {
            wrong.push(format!(
                "{}: expected {expected:?}, found {found:?}\n{output}",
                fixture.strip_prefix(corpus()).unwrap().display()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} fixtures:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
}
