//! One build serves `cargo test` and `cargo run -p <lesson>`: the commands a student and the
//! course runner use ask every crate for the features the whole workspace asks for, so that
//! running a lesson after `cargo test` (or the runner's `cargo run -p lesson-0N`, or a test's
//! `cargo build -p solution-0N`) compiles nothing but the lesson again. Cargo unifies features
//! per command: a feature only a dev-dependency asks for means a second build of the crate and
//! of everything above it (diesel's, two minutes). crates/workbook's and crates/course's
//! Cargo.toml name those features; this test finds any that one is missing.

use std::collections::BTreeMap;
use std::process::Command;

/// Each crate in the tree cargo resolves for `args`, with the features it gets there.
fn features(args: &[&str]) -> BTreeMap<String, String> {
    let output = Command::new(env!("CARGO"))
        .arg("tree")
        .args(args)
        .args(["--locked", "--prefix", "none", "--format", "{p}|{f}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("cargo prints UTF-8")
        .lines()
        .filter_map(|line| line.trim_end_matches(" (*)").split_once('|'))
        // Workspace members are built per command anyway; registry crates are what is shared.
        .filter(|(package, _)| !package.contains(" (/"))
        .map(|(package, features)| (package.to_string(), features.to_string()))
        .collect()
}

#[test]
fn running_a_lesson_after_cargo_test_builds_no_dependency_again() {
    let workspace = features(&["--workspace", "--edges", "all"]);
    assert!(
        workspace.keys().any(|p| p.starts_with("diesel v")),
        "{workspace:?}"
    );
    // The smallest lesson, the ones with the interactive prompts, lesson 08's answer, the runner.
    for package in ["lesson-01", "lesson-07", "solution-08", "course"] {
        let alone = features(&["--package", package, "--edges", "normal,build"]);
        let differ: Vec<String> = alone
            .iter()
            .filter(|(crate_, features)| workspace.get(*crate_) != Some(features))
            .map(|(crate_, features)| {
                format!(
                    "{crate_}: [{features}] alone, [{}] in `cargo test`",
                    workspace.get(crate_).map_or("", String::as_str)
                )
            })
            .collect();
        assert!(
            differ.is_empty(),
            "`cargo run -p {package}` after `cargo test` builds these again; name the missing \
             features in crates/workbook/Cargo.toml (or crates/course's):\n{}",
            differ.join("\n")
        );
    }
}
