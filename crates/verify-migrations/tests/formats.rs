//! `--format text | json | sarif | github` on one project: the same findings in each, with
//! their file and line, the same exit code, and a SARIF log valid under the published SARIF
//! 2.1.0 schema (vendored in tests/sarif/ with its notice).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const SCHEMA: &str = include_str!("sarif/sarif-schema-2.1.0.json");

/// A project whose second migration has no down.sql and whose third allows a rule without a
/// reason (on its line 2): two problems, one with a line.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, up: &str, down: Option<&str>| {
        let folder = dir.path().join("migrations").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), up).unwrap();
        if let Some(down) = down {
            std::fs::write(folder.join("down.sql"), down).unwrap();
        }
    };
    write(
        "2024-01-01-000000_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT);",
        Some("DROP TABLE users;"),
    );
    write(
        "2024-01-02-000000_tags",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY NOT NULL);",
        None,
    );
    write(
        "2024-01-03-000000_posts",
        "SELECT 1;\n-- verify-migrations: allow irreversible\nCREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL);",
        Some("DROP TABLE posts;"),
    );
    dir
}

/// verify's output on `dir` in `format`, with its exit code.
fn verify(dir: &Path, format: &str) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
        .arg(dir)
        .args(["--format", format])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap(),
    )
}

fn sarif_errors(log: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn every_format_gives_the_same_findings_with_their_file_line_and_exit_code() {
    let dir = project();
    let migrations = dir.path().join("migrations");
    let up_of = |name: &str| format!("{}/{name}/up.sql", migrations.display());

    let (text, code) = verify(dir.path(), "text");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("2 problems found"), "{text}");

    let (json, code) = verify(dir.path(), "json");
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&json).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let problems: Vec<(&str, &str, &Value)> = findings
        .iter()
        .filter(|f| f["severity"] == "problem")
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                &f["line"],
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (
                "suppression",
                up_of("2024-01-03-000000_posts").as_str(),
                &Value::from(2)
            ),
            (
                "irreversible",
                up_of("2024-01-02-000000_tags").as_str(),
                &Value::Null
            ),
        ]
    );
    assert!(
        findings
            .iter()
            .all(|f| f["fix"].is_string() && f["message"].is_string())
    );

    let (sarif, code) = verify(dir.path(), "sarif");
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(sarif_errors(&log), Vec::<String>::new(), "{sarif}");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], finding["rule"],
            "ruleIndex points at its rule"
        );
        assert!(
            rules[index]["help"]["text"]
                .as_str()
                .unwrap()
                .contains("Checks: ")
        );
        let level = if finding["severity"] == "problem" {
            "error"
        } else {
            "note"
        };
        assert_eq!(result["level"], level);
        let place = &result["locations"][0]["physicalLocation"];
        assert_eq!(place["region"]["startLine"], finding["line"]);
    }
    let suppression = results
        .iter()
        .find(|r| r["ruleId"] == "suppression")
        .unwrap();
    let uri = suppression["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("/2024-01-03-000000_posts/up.sql"), "{uri}");

    let (github, code) = verify(dir.path(), "github");
    assert_eq!(code, 1);
    let errors: Vec<&str> = github
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(errors.len(), 2, "{github}");
    let file = up_of("2024-01-03-000000_posts").replace(':', "%3A");
    assert!(
        errors[0].starts_with(&format!("::error file={file},line=2,title=suppression::")),
        "{github}"
    );
    assert!(
        github.ends_with("2 problems found (`--explain RULE` says more).\n"),
        "{github}"
    );
}

#[test]
fn a_passing_project_passes_in_every_format_and_its_sarif_log_has_no_result() {
    let dir = project();
    let migrations = dir.path().join("migrations");
    std::fs::remove_dir_all(migrations.join("2024-01-03-000000_posts")).unwrap();
    std::fs::write(
        migrations.join("2024-01-02-000000_tags/down.sql"),
        "DROP TABLE tags;",
    )
    .unwrap();
    for format in ["text", "json", "sarif", "github"] {
        let (out, code) = verify(dir.path(), format);
        assert_eq!(code, 0, "{format}: {out}");
    }
    let log: Value = serde_json::from_str(&verify(dir.path(), "sarif").0).unwrap();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn the_schema_refuses_a_log_that_is_not_sarif() {
    let mut log: Value = serde_json::from_str(&verify(project().path(), "sarif").0).unwrap();
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    log.as_object_mut().unwrap().remove("version");
    assert_eq!(sarif_errors(&log).len(), 2, "{log}");
}
