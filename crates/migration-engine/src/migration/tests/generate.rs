//! `generate` makes a timestamped folder, and refuses bad or taken names.

use super::*;

#[test]
fn generate_makes_a_timestamped_folder_with_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    let folder = generate(
        dir.path(),
        "create_task",
        at("2026-11-24 13:00:00"),
        &mut out,
    )
    .unwrap();
    assert_eq!(folder, dir.path().join("2026-11-24-130000_create_task"));
    assert_eq!(
        std::fs::read_to_string(folder.join("up.sql")).unwrap(),
        "-- Your SQL goes here\n"
    );
    assert!(folder.join("down.sql").is_file());
    let printed = String::from_utf8(out).unwrap();
    assert_eq!(printed.lines().count(), 2, "{printed}");
    assert!(printed.starts_with("Creating "), "{printed}");
}

#[test]
fn generate_refuses_bad_and_taken_names_without_creating_anything() {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    for bad in ["", "Create Task", "drop;table", "../escape"] {
        let error = generate(dir.path(), bad, at("2026-11-24 13:00:00"), &mut out).unwrap_err();
        assert!(
            error.to_string().contains("use lowercase letters"),
            "{bad}: {error}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    generate(
        dir.path(),
        "create_task",
        at("2026-11-24 13:00:00"),
        &mut out,
    )
    .unwrap();
    let error = generate(
        dir.path(),
        "create_task",
        at("2026-11-25 09:00:00"),
        &mut out,
    )
    .unwrap_err();
    assert!(error.to_string().contains("already exists"), "{error}");
    let error = generate(dir.path(), "other", at("2026-11-24 13:00:00"), &mut out).unwrap_err();
    assert!(error.to_string().contains("already exists"), "{error}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
