//! Which migrations `verify` checks: the folder a path names (a project, its `migrations`
//! folder, or one backend's folder such as `migrations/sqlite`), the folders of a project that
//! keeps one per backend, and what tells PostgreSQL's migrations apart.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::migration;
use crate::rules::{self, Problem, duplicate_version, missing_up_sql, unusual_name};
use crate::sqlite::sql;

use super::Backend;

/// One migrations folder to check.
pub struct Located {
    pub dir: PathBuf,
    /// The backend the folder's name says (`sqlite/`, `postgresql/`, ...).
    pub backend: Option<Backend>,
}

/// What a path holds: one migrations folder, or a project's folder per backend.
pub struct Layout {
    /// The migrations folder `path` names.
    pub dir: PathBuf,
    /// The folders to judge, in name order: one section of the report each.
    pub sections: Vec<Located>,
    /// Lines about the folders left unjudged (another backend's, MySQL's).
    pub notes: Vec<String>,
}

/// The backend a folder's name says, as diesel projects name them (any case; also
/// `migrations_sqlite` beside `migrations_postgres` in a project's folder): `Some(None)` for
/// MySQL's, which verify does not judge yet; `None` when the name is no backend's.
pub fn backend_named(name: &str) -> Option<Option<Backend>> {
    let name = name.to_ascii_lowercase();
    let name = ["migrations_", "migrations-"]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(&name);
    match name {
        "sqlite" => Some(Some(Backend::Sqlite)),
        "postgres" | "postgresql" | "pg" => Some(Some(Backend::Postgres)),
        "mysql" => Some(None),
        _ => None,
    }
}

/// The migrations folder `path` names: `path/migrations` when it exists, else `path`. When it
/// holds one folder per backend, each SQLite and PostgreSQL one is a section (only the
/// `wanted` backend's when one is wanted); MySQL's are named in a note.
pub fn locate(path: &Path, wanted: Option<Backend>) -> Result<Layout> {
    let inner = path.join("migrations");
    let dir = if inner.is_dir() {
        inner
    } else {
        path.to_path_buf()
    };
    if !dir.is_dir() {
        return Err(Error::new(format!(
            "cannot read {}: there is no such folder",
            dir.display()
        )));
    }
    let mut folders = migration::folders(&dir)?;
    // A project folder with `migrations_sqlite` and `migrations_postgres` (and no `migrations`).
    if dir == path {
        let beside: Vec<String> = folders
            .iter()
            .filter(|f| {
                f.to_ascii_lowercase().starts_with("migrations") && backend_named(f).is_some()
            })
            .cloned()
            .collect();
        if !beside.is_empty() {
            folders = beside;
        }
    }
    let per_backend = !folders.is_empty() && folders.iter().all(|f| backend_named(f).is_some());
    if !per_backend {
        let backend = dir
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(backend_named)
            .flatten();
        return Ok(Layout {
            sections: vec![Located {
                dir: dir.clone(),
                backend,
            }],
            notes: Vec::new(),
            dir,
        });
    }
    let (judged, others): (Vec<&String>, Vec<&String>) = folders.iter().partition(|f| {
        backend_named(f)
            .flatten()
            .is_some_and(|b| wanted.is_none_or(|w| w == b))
    });
    if judged.is_empty() {
        let names: Vec<&str> = folders.iter().map(String::as_str).collect();
        return Err(Error::new(format!(
            "{} holds no {} migrations (its folders: {}): verify checks SQLite and PostgreSQL \
             migrations (a sqlite, postgres, postgresql or pg folder there, or migrations_sqlite and \
             migrations_postgres beside it)",
            dir.display(),
            match wanted {
                Some(Backend::Sqlite) => "SQLite",
                Some(Backend::Postgres) => "PostgreSQL",
                None => "SQLite or PostgreSQL",
            },
            names.join(", ")
        )));
    }
    let mut notes = Vec::new();
    let (mysql, unwanted): (Vec<&String>, Vec<&String>) = others
        .into_iter()
        .partition(|f| backend_named(f) == Some(None));
    if !unwanted.is_empty() {
        let names: Vec<&str> = unwanted.iter().map(|f| f.as_str()).collect();
        notes.push(format!(
            "{} not judged in this run: --backend judges one backend's folder",
            names.join(" and ")
        ));
    }
    for folder in mysql {
        notes.push(format!(
            "{}/{folder} holds MySQL migrations, which verify does not judge yet",
            dir.display()
        ));
    }
    Ok(Layout {
        sections: judged
            .into_iter()
            .map(|f| Located {
                dir: dir.join(f),
                backend: backend_named(f).flatten(),
            })
            .collect(),
        notes,
        dir,
    })
}

/// The folders diesel runs, in `folders`' order: those with an up.sql, the first of each
/// version (the rules about folders report the others).
pub fn usable<'a>(dir: &Path, folders: &'a [String]) -> Vec<&'a String> {
    let mut seen = Vec::new();
    folders
        .iter()
        .filter(|name| {
            let version = duplicate_version::version(name);
            let runs = dir.join(name).join("up.sql").is_file() && !seen.contains(&version);
            if runs {
                seen.push(version);
            }
            runs
        })
        .collect()
}

/// What the rules about folders alone find: no up.sql, a version used twice, an unusual name.
pub fn problems(dir: &Path, folders: &[String]) -> Vec<Problem> {
    let mut problems = missing_up_sql::find(dir, folders);
    problems.extend(duplicate_version::find(folders));
    problems.extend(unusual_name::find(folders));
    problems
}

/// `irreversible` on the migrations `judged` of `dir` that have no down.sql, or one without
/// SQL: read from the files, whatever the walk reaches.
pub fn irreversible(dir: &Path, judged: &[String]) -> Vec<Problem> {
    judged
        .iter()
        .filter(|name| dir.join(name).join("up.sql").is_file())
        .filter_map(|name| rules::irreversible::judge(&dir.join(name), name))
        .collect()
}

/// The first migration of `dir` whose up.sql is recognisably PostgreSQL's, and what gives it
/// away: diesel's `diesel_initial_setup` function, `SERIAL`, a `$$` body, a `::` cast, `now()`,
/// and what SQLite has no syntax or function for (`ALTER COLUMN`, `USING GIN`, extensions,
/// `gen_random_uuid()`).
pub fn postgres_marker(dir: &Path, folders: &[String]) -> Option<(String, &'static str)> {
    const MARKERS: [(&str, &str); 12] = [
        ("DIESEL_MANAGE_UPDATED_AT", "diesel_manage_updated_at()"),
        ("$$", "a $$-quoted function body"),
        (": :", "a :: cast"),
        (" SERIAL", "SERIAL"),
        (" BIGSERIAL", "BIGSERIAL"),
        ("NOW ( )", "now()"),
        ("PLPGSQL", "plpgsql"),
        (" ALTER COLUMN ", "ALTER COLUMN"),
        (" USING GIN ", "a GIN index"),
        (" USING GIST ", "a GiST index"),
        (" CREATE EXTENSION ", "CREATE EXTENSION"),
        ("GEN_RANDOM_UUID", "gen_random_uuid()"),
    ];
    for folder in folders {
        let Ok(text) = std::fs::read_to_string(dir.join(folder).join("up.sql")) else {
            continue;
        };
        let code = without_literals(&sql::normalize(&text)).to_ascii_uppercase();
        let spaced = format!(" {code}");
        if let Some((_, said)) = MARKERS.iter().find(|(marker, _)| spaced.contains(marker)) {
            return Some((folder.clone(), said));
        }
    }
    None
}

/// The text with every '...' literal emptied, so a marker inside a string does not count.
fn without_literals(text: &str) -> String {
    let mut kept = String::new();
    let mut inside = false;
    for c in text.chars() {
        if c == '\'' {
            inside = !inside;
            kept.push(c);
        } else if !inside {
            kept.push(c);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(root: &Path, name: &str, up: &str) {
        std::fs::create_dir_all(root.join(name)).unwrap();
        std::fs::write(root.join(name).join("up.sql"), up).unwrap();
    }

    #[test]
    fn each_backend_folder_is_a_section_and_mysql_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let migrations = dir.path().join("migrations");
        for backend in ["MySQL", "PostgreSQL", "sqlite"] {
            folder(
                &migrations.join(backend),
                "2024-01-01-000000_a",
                "SELECT 1;",
            );
        }
        let found = locate(dir.path(), None).unwrap();
        let sections: Vec<_> = found
            .sections
            .iter()
            .map(|s| (s.dir.clone(), s.backend))
            .collect();
        assert_eq!(
            sections,
            [
                (migrations.join("PostgreSQL"), Some(Backend::Postgres)),
                (migrations.join("sqlite"), Some(Backend::Sqlite)),
            ]
        );
        assert_eq!(found.notes.len(), 1);
        assert!(
            found.notes[0]
                .ends_with("MySQL holds MySQL migrations, which verify does not judge yet")
        );

        let postgres = locate(dir.path(), Some(Backend::Postgres)).unwrap();
        assert_eq!(postgres.sections.len(), 1);
        assert_eq!(postgres.sections[0].dir, migrations.join("PostgreSQL"));
        assert!(postgres.notes[0].starts_with("sqlite not judged in this run"));
    }

    #[test]
    fn a_pg_folder_alone_is_postgres_and_a_mysql_folder_alone_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        folder(&dir.path().join("migrations/pg"), "1_a", "SELECT 1;");
        let found = locate(dir.path(), None).unwrap();
        assert_eq!(found.sections.len(), 1);
        assert_eq!(found.sections[0].backend, Some(Backend::Postgres));
        let named = locate(&dir.path().join("migrations/pg"), None).unwrap();
        assert_eq!(named.sections[0].backend, Some(Backend::Postgres));
        assert!(locate(dir.path(), Some(Backend::Sqlite)).is_err());

        let mysql = tempfile::tempdir().unwrap();
        folder(&mysql.path().join("migrations/mysql"), "1_a", "SELECT 1;");
        let refused = locate(mysql.path(), None).err().unwrap().to_string();
        assert!(
            refused.contains("holds no SQLite or PostgreSQL migrations"),
            "{refused}"
        );
    }

    #[test]
    fn a_project_with_migrations_sqlite_and_migrations_postgres_is_judged_in_two_sections() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        for backend in ["migrations_postgres", "migrations_sqlite"] {
            folder(
                &dir.path().join(backend),
                "2024-01-01-000000_a",
                "SELECT 1;",
            );
        }
        let found = locate(dir.path(), None).unwrap();
        let sections: Vec<_> = found
            .sections
            .iter()
            .map(|s| (s.dir.clone(), s.backend))
            .collect();
        assert_eq!(
            sections,
            [
                (
                    dir.path().join("migrations_postgres"),
                    Some(Backend::Postgres)
                ),
                (dir.path().join("migrations_sqlite"), Some(Backend::Sqlite)),
            ]
        );
        let one = locate(&dir.path().join("migrations_postgres"), None).unwrap();
        assert_eq!(one.sections[0].backend, Some(Backend::Postgres));
    }

    #[test]
    fn postgres_migrations_are_recognised_and_strings_do_not_count() {
        let dir = tempfile::tempdir().unwrap();
        folder(
            dir.path(),
            "1_sqlite",
            "CREATE TABLE t (x TEXT DEFAULT 'a::b $$');",
        );
        let folders = vec!["1_sqlite".to_string()];
        assert_eq!(postgres_marker(dir.path(), &folders), None);
        folder(
            dir.path(),
            "2_pg",
            "CREATE TABLE u (id SERIAL PRIMARY KEY, at TIMESTAMP DEFAULT now());",
        );
        let folders = vec!["1_sqlite".to_string(), "2_pg".to_string()];
        assert_eq!(
            postgres_marker(dir.path(), &folders),
            Some(("2_pg".to_string(), "SERIAL"))
        );
        // Real projects' PostgreSQL folders that use none of the above (vaultwarden's, chirpstack's).
        folder(
            dir.path(),
            "3_pg",
            "ALTER TABLE t ALTER COLUMN x TYPE VARCHAR(40);",
        );
        folder(
            dir.path(),
            "4_pg",
            "CREATE TABLE v (id UUID DEFAULT gen_random_uuid());",
        );
        for (name, said) in [("3_pg", "ALTER COLUMN"), ("4_pg", "gen_random_uuid()")] {
            let folders = vec!["1_sqlite".to_string(), name.to_string()];
            assert_eq!(
                postgres_marker(dir.path(), &folders),
                Some((name.to_string(), said))
            );
        }
    }
}
