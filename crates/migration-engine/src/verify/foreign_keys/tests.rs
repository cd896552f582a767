use std::path::Path;

use super::{Mode, of_project};

/// A project folder with a `migrations` folder and the given files (path, text).
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("migrations/2024-01-01-000000_a")).unwrap();
    for (path, text) in files {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    dir
}

fn mode(dir: &Path) -> (bool, String) {
    let Mode { on, why } = of_project(dir);
    (on, why)
}

const DIESEL: &str = "[package]\nname = \"app\"\n[dependencies]\ndiesel = { version = \"2\", features = [\"sqlite\"] }\n";

#[test]
fn a_bundled_libsqlite3_sys_turns_them_on_from_the_project_or_its_migrations_folder() {
    let dir = project(&[(
        "Cargo.toml",
        &format!("{DIESEL}libsqlite3-sys = {{ version = \"0.30\", features = [\"bundled\"] }}\n"),
    )]);
    let expected = (
        true,
        "Cargo.toml has libsqlite3-sys with \"bundled\"".to_string(),
    );
    assert_eq!(mode(dir.path()), expected);
    assert_eq!(mode(&dir.path().join("migrations")), expected);
}

#[test]
fn bundled_bindings_alone_is_a_system_sqlite_and_so_off() {
    let dir = project(&[(
        "Cargo.toml",
        &format!(
            "{DIESEL}[target.'cfg(unix)'.dependencies.sqlite]\npackage = \"libsqlite3-sys\"\nfeatures = [\"bundled_bindings\"]\n"
        ),
    )]);
    let (on, why) = mode(dir.path());
    assert!(!on);
    assert!(
        why.starts_with("nothing in the project turns them on"),
        "{why}"
    );
}

#[test]
fn a_renamed_dependency_of_a_target_counts() {
    let dir = project(&[(
        "Cargo.toml",
        &format!(
            "{DIESEL}[target.'cfg(unix)'.dependencies.sqlite]\npackage = \"libsqlite3-sys\"\nfeatures = [\"bundled-sqlcipher\"]\n"
        ),
    )]);
    assert!(mode(dir.path()).0);
}

#[test]
fn a_pragma_in_the_connection_code_turns_them_on_and_one_off_keeps_them_off() {
    let dir = project(&[
        ("Cargo.toml", DIESEL),
        (
            "src/db/mod.rs",
            "conn.batch_execute(\"PRAGMA foreign_keys = ON;\")?;",
        ),
    ]);
    assert_eq!(
        mode(dir.path()),
        (
            true,
            "src/db/mod.rs sets PRAGMA foreign_keys on".to_string()
        )
    );
    let dir = project(&[
        ("Cargo.toml", DIESEL),
        (
            "src/db.rs",
            "conn.batch_execute(\"PRAGMA foreign_keys=0\")?;",
        ),
    ]);
    assert_eq!(
        mode(dir.path()),
        (false, "src/db.rs sets PRAGMA foreign_keys off".to_string())
    );
}

#[test]
fn a_workspace_member_reads_the_workspace_manifest_it_inherits_from() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("Cargo.toml"),
        "[workspace]\nmembers = [\"app\"]\n[workspace.dependencies]\nlibsqlite3-sys = { version = \"0.30\", features = [\"bundled\"] }\n",
    )
    .unwrap();
    let app = root.path().join("app");
    std::fs::create_dir_all(app.join("migrations/2024-01-01-000000_a")).unwrap();
    std::fs::write(
        app.join("Cargo.toml"),
        "[package]\nname = \"app\"\n[dependencies]\nlibsqlite3-sys.workspace = true\n",
    )
    .unwrap();
    assert_eq!(
        mode(&app.join("migrations")),
        (
            true,
            "the workspace's Cargo.toml has libsqlite3-sys with \"bundled\"".to_string()
        )
    );
    // A crate that takes nothing from the workspace above it is judged on its own.
    std::fs::write(app.join("Cargo.toml"), DIESEL).unwrap();
    assert!(!mode(&app).0);
}

#[test]
fn a_bare_migrations_folder_is_off_and_says_there_is_no_project() {
    let dir = project(&[]);
    let (on, why) = mode(&dir.path().join("migrations"));
    assert!(!on);
    assert!(
        why.starts_with("no Cargo.toml beside the migrations folder"),
        "{why}"
    );
    assert!(why.ends_with("--foreign-keys on if yours does"), "{why}");
}
