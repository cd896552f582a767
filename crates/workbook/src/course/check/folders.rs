//! The migration folders themselves: each named like diesel names them, each with an up.sql
//! and a down.sql that hold SQL.

use std::path::Path;

use super::Failure;
use crate::migration;
use crate::sqlite::sql;

/// The first problem `folder_problems` finds, or `Ok` when there is none.
pub(super) fn first_folder_problem(dir: &Path) -> Result<(), Failure> {
    let problems = folder_problems(dir)
        .map_err(|found| Failure::new(found, "make migrations/ a folder you can read"))?;
    problems.into_iter().next().map_or(Ok(()), Err)
}

/// Every folder in `migrations/` has an up.sql and a down.sql with SQL in them (comments and
/// whitespace alone do nothing, so they count as empty), and a name in diesel's
/// `YYYY-MM-DD-HHMMSS_name` form (diesel_cli 2.3 generates `YYYY-MM-DD-HHMMSS-0000_name`,
/// which is fine too). Each problem is one line and what to do about it, in folder order.
pub fn folder_problems(dir: &Path) -> Result<Vec<Failure>, String> {
    let mut problems = Vec::new();
    for name in migration::folders(dir).map_err(|e| e.to_string())? {
        let stamp = name.split_once('_').map_or("", |(stamp, _)| stamp);
        if !is_timestamp(stamp) {
            problems.push(Failure::new(
                format!(
                    "migrations/{name} is not named like YYYY-MM-DD-HHMMSS_name, so diesel cannot order it"
                ),
                format!(
                    "rename the folder migrations/{name} to start with the time it was written, \
                     YYYY-MM-DD-HHMMSS_name (`migration generate NAME` makes a folder named so): \
                     diesel runs migrations in the order of that timestamp"
                ),
            ));
            continue;
        }
        for (file, role) in [
            ("up.sql", "up.sql makes the change"),
            ("down.sql", "down.sql undoes exactly what up.sql does"),
        ] {
            let path = format!("migrations/{name}/{file}");
            let problem = match std::fs::read_to_string(dir.join(&name).join(file)) {
                Err(_) => Some((
                    format!("{path} is missing"),
                    format!("create {path}: {role}"),
                )),
                Ok(text) if text.trim().is_empty() => Some((
                    format!("{path} is empty"),
                    format!("write the SQL of {path}: {role}"),
                )),
                Ok(text) if sql::normalize(&text).is_empty() => Some((
                    format!("{path} holds only comments, so it does nothing"),
                    format!("write the SQL of {path} (comments do not run): {role}"),
                )),
                Ok(_) => None,
            };
            if let Some((found, hint)) = problem {
                problems.push(Failure::new(found, hint));
            }
        }
    }
    Ok(problems)
}

/// True for diesel's migration timestamps: `YYYY-MM-DD-HHMMSS`, as `migration generate` writes
/// them, optionally followed by `-NNNN` (fractions of a second), as diesel_cli 2.3 writes them.
fn is_timestamp(stamp: &str) -> bool {
    let mut parts = stamp.split('-');
    let widths = [4, 2, 2, 6];
    let dated = widths.iter().all(|width| {
        parts
            .next()
            .is_some_and(|part| part.len() == *width && part.bytes().all(|b| b.is_ascii_digit()))
    });
    let rest: Vec<&str> = parts.collect();
    dated
        && match rest.as_slice() {
            [] => true,
            [fraction] => !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(root: &Path, name: &str, up: &str, down: Option<&str>) {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("up.sql"), up).unwrap();
        if let Some(down) = down {
            std::fs::write(dir.join("down.sql"), down).unwrap();
        }
    }

    #[test]
    fn folder_problems_say_what_is_wrong_and_what_to_do() {
        let root = tempfile::tempdir().unwrap();
        let found = |root: &Path| -> Vec<(String, String)> {
            folder_problems(root)
                .unwrap()
                .into_iter()
                .map(|f| (f.found, f.hint))
                .collect()
        };
        folder(
            root.path(),
            "2026-11-24-120000_create_user",
            "CREATE TABLE user (id INTEGER);",
            Some("DROP TABLE user;"),
        );
        folder(
            root.path(),
            "2026-11-24-125959-0000_made_by_diesel_cli",
            "CREATE TABLE note (id INTEGER);",
            Some("-- the note goes\nDROP TABLE note;"),
        );
        assert_eq!(found(root.path()), []);

        folder(
            root.path(),
            "2026-11-24-130000_create_task",
            "CREATE TABLE task (id INTEGER);",
            Some("  \n"),
        );
        folder(
            root.path(),
            "2026-11-24-140000_add_email",
            "-- TODO: add the email column\n\n/* a block comment */\n",
            None,
        );
        assert_eq!(
            found(root.path()),
            [
                (
                    "migrations/2026-11-24-130000_create_task/down.sql is empty".to_string(),
                    "write the SQL of migrations/2026-11-24-130000_create_task/down.sql: \
                     down.sql undoes exactly what up.sql does"
                        .to_string()
                ),
                (
                    "migrations/2026-11-24-140000_add_email/up.sql holds only comments, so it \
                     does nothing"
                        .to_string(),
                    "write the SQL of migrations/2026-11-24-140000_add_email/up.sql (comments do \
                     not run): up.sql makes the change"
                        .to_string()
                ),
                (
                    "migrations/2026-11-24-140000_add_email/down.sql is missing".to_string(),
                    "create migrations/2026-11-24-140000_add_email/down.sql: down.sql undoes \
                     exactly what up.sql does"
                        .to_string()
                ),
            ]
        );
        std::fs::remove_dir_all(root.path().join("2026-11-24-140000_add_email")).unwrap();
        std::fs::write(
            root.path().join("2026-11-24-130000_create_task/down.sql"),
            "DROP TABLE task;",
        )
        .unwrap();

        folder(
            root.path(),
            "add_email",
            "ALTER TABLE user ADD COLUMN email TEXT;",
            Some("SELECT 1;"),
        );
        let problems = found(root.path());
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (line, hint) = &problems[0];
        assert!(
            line.starts_with("migrations/add_email is not named like YYYY-MM-DD-HHMMSS_name"),
            "{line}"
        );
        assert!(
            hint.starts_with("rename the folder migrations/add_email to start with the time"),
            "{hint}"
        );
    }

    #[test]
    fn timestamps_are_the_ones_diesel_writes() {
        assert!(is_timestamp("2026-11-24-120000"));
        assert!(is_timestamp("2026-11-25-184358-0000"));
        for bad in [
            "",
            "add",
            "20261124120000",
            "2026-11-24-1200",
            "2026-11-24-120000-",
            "2026-11-24-120000-00-00",
            "2026-1a-24-120000",
        ] {
            assert!(!is_timestamp(bad), "{bad:?} passed");
        }
    }
}
