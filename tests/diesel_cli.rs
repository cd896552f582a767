//! The real diesel CLI agrees with the workbook: in a copy of each solution's folder,
//! `diesel migration run` builds the same schema as the workbook's runner, and the
//! `src/schema.rs` it writes is the solution's `src/schema.rs`, byte for byte.

use std::path::{Path, PathBuf};
use std::process::Command;

use workbook::config::{Database, Location, Source};
use workbook::testing::{crate_dirs, stages};
use workbook::{connection, schema};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn diesel_migration_run_agrees_with_the_workbook() {
    let diesel = which_diesel();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dirs = crate_dirs(&workspace, "solutions");
    assert!(!dirs.is_empty(), "no solutions found");
    for dir in dirs
        .into_iter()
        .filter(|dir| dir.join("diesel.toml").is_file())
    {
        let work = tempfile::tempdir().unwrap();
        copy_dir(&dir.join("migrations"), &work.path().join("migrations"));
        std::fs::copy(dir.join("diesel.toml"), work.path().join("diesel.toml")).unwrap();
        std::fs::create_dir(work.path().join("src")).unwrap();
        let db = work.path().join("diesel.db");
        let output = Command::new(&diesel)
            .args(["migration", "run", "--database-url"])
            .arg(&db)
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}: {output:?}", dir.display());

        let written = std::fs::read_to_string(work.path().join("src/schema.rs")).unwrap();
        let ours = std::fs::read_to_string(dir.join("src/schema.rs")).unwrap();
        assert_eq!(
            written,
            ours,
            "{}: src/schema.rs differs from diesel's",
            dir.display()
        );

        let database = Database {
            url: db.display().to_string(),
            location: Location::File(db.clone()),
            source: Source::Flag,
        };
        let by_diesel = schema::dump(&mut connection::open(&database).unwrap()).unwrap();
        let by_workbook = stages(&dir.join("migrations"))
            .last()
            .map(|(_, schema)| schema.clone())
            .unwrap_or_default();
        assert_eq!(by_diesel, by_workbook, "{}", dir.display());
    }
}

fn which_diesel() -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("diesel"))
            .find(|path| path.is_file())
    });
    found.expect(
        "this test runs the real diesel CLI; install it with \
         `cargo install diesel_cli --no-default-features --features sqlite-bundled`",
    )
}
