//! `--since VERSION` and `--since-commit REF`: which migrations are judged when not all.

use std::path::Path;

use crate::error::{Error, Result};
use crate::rules;

/// Which migrations are judged, when not all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Since {
    /// Those with a newer version.
    Version(String),
    /// Those whose folder a git commit or branch does not have.
    Commit(String),
}

impl Since {
    /// `--since GIVEN`: a version (`2026-11-24-130000`, `20261124130000`) or a migration
    /// folder's name; anything else is refused in one line (it would judge nothing and pass).
    pub fn version(given: &str) -> Result<Since> {
        let version = crate::rules::duplicate_version::version(given.trim());
        if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::new(format!(
                "`--since {given}` is not a migration version: give the version of a migration \
                 folder (2026-11-24-130000 or 20261124130000) or the folder's name"
            )));
        }
        Ok(Since::Version(version))
    }

    /// The migration folders of `folders` (in `dir`) judged.
    pub(super) fn judged(&self, dir: &Path, folders: &[String]) -> Result<Vec<String>> {
        match self {
            Since::Version(since) => Ok(folders
                .iter()
                .filter(|f| rules::duplicate_version::version(f) > *since)
                .cloned()
                .collect()),
            Since::Commit(commit) => added_since(dir, commit, folders),
        }
    }

    /// The report's note: how many were judged, and which.
    pub(super) fn note(&self, judged: usize, all: usize) -> String {
        format!(
            "{judged} of {all} migrations judged: those {}; the older ones were applied first",
            match self {
                Since::Version(v) => format!("newer than version {v}"),
                Since::Commit(c) => format!("added since {c}"),
            }
        )
    }
}

/// The migrations whose folders the git commit or branch `commit` does not have.
fn added_since(dir: &Path, commit: &str, folders: &[String]) -> Result<Vec<String>> {
    let listed = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["ls-tree", "--name-only", commit, "./"])
        .output()
        .map_err(|e| {
            Error::new(format!(
                "cannot run git to find the migrations added since {commit}: {e}"
            ))
        })?;
    if !listed.status.success() {
        let said = String::from_utf8_lossy(&listed.stderr);
        return Err(Error::new(format!(
            "cannot list {} at {commit}: {} (give a commit or branch of the repository that holds it)",
            dir.display(),
            said.lines().next().unwrap_or("git failed")
        )));
    }
    let old = String::from_utf8_lossy(&listed.stdout);
    let old: Vec<&str> = old.lines().map(|l| l.trim_end_matches('/')).collect();
    Ok(folders
        .iter()
        .filter(|f| !old.contains(&f.as_str()))
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_a_version_in_any_spelling_and_refuses_anything_else() {
        for given in [
            "2026-11-24-130000",
            "20261124130000",
            "2026-11-24-130000_create_task",
        ] {
            assert_eq!(
                Since::version(given).unwrap(),
                Since::Version("20261124130000".into()),
                "{given}"
            );
        }
        for given in ["garbage", "", "v1", "2026-11-24-13000x"] {
            let error = Since::version(given).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("`--since {given}` is not a migration version")),
                "{error}"
            );
        }
    }
}
