//! The corpus's imports keep their notices: every fixture of `tests/corpus` outside `handmade/`
//! lies below a folder with a `NOTICE`, every `NOTICE` is a row of `tests/corpus/NOTICES.md`,
//! and each row's repository, commit and licence are the ones its `NOTICE` states.

use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A row of NOTICES.md's table: folder (below the corpus), repository URL, commit, licence.
struct Row {
    folder: String,
    repository: String,
    commit: String,
    licence: String,
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(corpus().join("NOTICES.md")).unwrap();
    text.lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 5, "NOTICES.md: a row has 5 cells: {line}");
            Row {
                folder: cells[0].trim_matches('`').to_string(),
                repository: cells[1].to_string(),
                commit: cells[2].trim_matches('`').to_string(),
                licence: cells[4].to_string(),
            }
        })
        .collect()
}

/// Every folder below `dir` that holds `name`, as its path relative to the corpus (with `/`).
fn holding(dir: &Path, name: &str, found: &mut Vec<String>) {
    if dir.join(name).is_file() {
        let relative = dir.strip_prefix(corpus()).unwrap();
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        found.push(parts.join("/"));
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "migrations") {
            holding(&path, name, found);
        }
    }
}

#[test]
fn every_import_has_its_notice_listed() {
    let rows = rows();
    assert!(!rows.is_empty(), "NOTICES.md lists no imported project");
    for row in &rows {
        let notice = corpus().join(&row.folder).join("NOTICE");
        let text = std::fs::read_to_string(&notice)
            .unwrap_or_else(|e| panic!("{}: {e} (listed in NOTICES.md)", notice.display()));
        let lines: Vec<&str> = text.lines().collect();
        let source = format!("Source: {}", row.repository);
        let commit = format!("Commit: {}", row.commit);
        let licence = format!("Licence: {} (", row.licence);
        assert!(
            lines.contains(&source.as_str()),
            "{}: no line `{source}`",
            notice.display()
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&commit)),
            "{}: no line `{commit}`",
            notice.display()
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&licence)),
            "{}: no line starting `{licence}`",
            notice.display()
        );
    }

    let mut notices = Vec::new();
    holding(&corpus(), "NOTICE", &mut notices);
    for folder in &notices {
        assert!(
            rows.iter().any(|row| &row.folder == folder),
            "tests/corpus/{folder}/NOTICE is not a row of tests/corpus/NOTICES.md"
        );
    }

    let mut fixtures = Vec::new();
    holding(&corpus(), "expected", &mut fixtures);
    assert!(
        !fixtures.is_empty(),
        "no fixture found in {}",
        corpus().display()
    );
    for fixture in fixtures.iter().filter(|f| !f.starts_with("handmade/")) {
        assert!(
            notices
                .iter()
                .any(|n| fixture == n || fixture.starts_with(&format!("{n}/"))),
            "tests/corpus/{fixture} is outside handmade/ and below no NOTICE: an import needs \
             one (repository, commit, licence) and a row in NOTICES.md"
        );
    }
}
