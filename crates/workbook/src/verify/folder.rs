//! Which migrations `verify` checks: the folder a path names (a project, its `migrations`
//! folder, or `migrations/sqlite` / `migrations/postgres` beside other backends' folders), and
//! what tells PostgreSQL's migrations apart.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::migration;
use crate::rules::{self, Problem, duplicate_version, missing_up_sql, unusual_name};
use crate::sqlite::sql;

use super::Backend;

/// The migrations folder to check, and a line saying how it was chosen when that is not plain.
pub struct Located {
    pub dir: PathBuf,
    pub note: Option<String>,
    /// The backend the folder's name says (`sqlite/`, `postgres/`).
    pub backend: Option<Backend>,
}

/// The backends diesel has migrations for, by the folder names projects give them.
const BACKENDS: [&str; 3] = ["sqlite", "postgres", "mysql"];

/// The migrations folder `path` names: `path/migrations` when it exists, else `path`; inside
/// it, the `wanted` backend's folder when the folder holds one folder per backend (SQLite's
/// when nothing is wanted and it is there, else PostgreSQL's).
pub fn locate(path: &Path, wanted: Option<Backend>) -> Result<Located> {
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
    let named = match dir.file_name().and_then(|n| n.to_str()) {
        Some("sqlite") => Some(Backend::Sqlite),
        Some("postgres") => Some(Backend::Postgres),
        _ => None,
    };
    let folders = migration::folders(&dir)?;
    let backends: Vec<&String> = folders
        .iter()
        .filter(|f| BACKENDS.contains(&f.as_str()))
        .collect();
    if backends.is_empty() || backends.len() != folders.len() {
        return Ok(Located {
            dir,
            note: None,
            backend: named,
        });
    }
    let has = |name: &str| folders.iter().any(|f| f == name);
    let pick = match wanted {
        Some(Backend::Sqlite) => "sqlite",
        Some(Backend::Postgres) => "postgres",
        None if has("sqlite") => "sqlite",
        None => "postgres",
    };
    if !has(pick) {
        return Err(Error::new(format!(
            "{} holds migrations for {} only: verify checks SQLite and PostgreSQL migrations (a \
             sqlite or postgres folder there)",
            dir.display(),
            folders.join(" and ")
        )));
    }
    let others: Vec<&str> = folders
        .iter()
        .filter(|f| *f != pick)
        .map(String::as_str)
        .collect();
    Ok(Located {
        note: (!others.is_empty()).then(|| {
            format!(
                "checking {}/{pick}; the other folders are for {}",
                dir.display(),
                others.join(" and ")
            )
        }),
        backend: Some(if pick == "sqlite" {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }),
        dir: dir.join(pick),
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
/// away: diesel's `diesel_initial_setup` function, `SERIAL`, a `$$` body, a `::` cast, `now()`.
pub fn postgres_marker(dir: &Path, folders: &[String]) -> Option<(String, &'static str)> {
    const MARKERS: [(&str, &str); 7] = [
        ("DIESEL_MANAGE_UPDATED_AT", "diesel_manage_updated_at()"),
        ("$$", "a $$-quoted function body"),
        (": :", "a :: cast"),
        (" SERIAL", "SERIAL"),
        (" BIGSERIAL", "BIGSERIAL"),
        ("NOW ( )", "now()"),
        ("PLPGSQL", "plpgsql"),
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
    fn the_sqlite_folder_is_picked_beside_other_backends() {
        let dir = tempfile::tempdir().unwrap();
        for backend in BACKENDS {
            folder(
                &dir.path().join("migrations").join(backend),
                "2024-01-01-000000_a",
                "SELECT 1;",
            );
        }
        let found = locate(dir.path(), None).unwrap();
        assert_eq!(found.dir, dir.path().join("migrations/sqlite"));
        assert!(
            found
                .note
                .unwrap()
                .ends_with("the other folders are for mysql and postgres")
        );
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
    }
}
