//! What `verify` found on a path: one report, or a section per backend folder where a project
//! keeps one folder per backend (`migrations/sqlite`, `migrations/postgresql`, ...) or per
//! folder its `verify-migrations.toml` lists.

use std::path::{Path, PathBuf};

use super::{Backend, Options, Report, folder, verify_folder};
use crate::error::Result;

/// Runs every rule on each folder of migrations `path` names: one, or each SQLite and
/// PostgreSQL folder of a project that keeps one per backend (only `options.backend`'s when
/// it is set), each a section. `Err` when nothing can run (no such folder, no SQLite or
/// PostgreSQL folder) or, with one folder, when it cannot (see `verify`).
pub fn verify_each(path: &Path, options: &Options) -> Result<Verdict> {
    let mut layout = folder::locate(path, options.backend)?;
    if layout.sections.len() == 1 {
        let report = verify_folder(layout.sections.remove(0), layout.notes, options)?;
        return Ok(Verdict::one(report));
    }
    Ok(Verdict {
        dir: layout.dir,
        listed_in: None,
        notes: layout.notes,
        sections: layout
            .sections
            .into_iter()
            .map(|located| Section {
                dir: located.dir.clone(),
                backend: located.backend,
                report: verify_folder(located, Vec::new(), options),
            })
            .collect(),
    })
}

/// Runs every rule on each of the migrations folders `folders` of the project `dir`, as the
/// file shown as `file` lists them: `verify_each` on each, its sections in one verdict (a
/// folder that cannot run is a section that could not run).
pub fn verify_listed(
    dir: &Path,
    folders: &[PathBuf],
    file: &str,
    options: &Options,
) -> Result<Verdict> {
    if let [folder] = folders {
        return verify_each(folder, options);
    }
    let mut verdict = Verdict {
        dir: dir.to_path_buf(),
        listed_in: Some(file.to_string()),
        notes: Vec::new(),
        sections: Vec::new(),
    };
    for folder in folders {
        match verify_each(folder, options) {
            Ok(found) => {
                verdict.notes.extend(found.notes);
                verdict.sections.extend(found.sections);
            }
            Err(error) => verdict.sections.push(Section {
                dir: folder.clone(),
                backend: None,
                report: Err(error),
            }),
        }
    }
    Ok(verdict)
}

/// What `verify` found: one section per folder judged.
pub struct Verdict {
    /// The migrations folder the path names (the project's, for the folders a file lists).
    pub dir: PathBuf,
    /// The configuration file that listed the folders, as printed.
    pub listed_in: Option<String>,
    /// Said once above the sections: the folders not judged (MySQL's, another backend's).
    pub notes: Vec<String>,
    pub sections: Vec<Section>,
}

/// One backend's folder, judged.
pub struct Section {
    pub dir: PathBuf,
    /// The backend its name says.
    pub backend: Option<Backend>,
    /// What the rules found, or why they could not run on this folder.
    pub report: Result<Report>,
}

impl Verdict {
    /// The verdict on a single folder: printed as its report alone.
    pub fn one(report: Report) -> Self {
        Verdict {
            dir: report.dir.clone(),
            listed_in: None,
            notes: Vec::new(),
            sections: vec![Section {
                dir: report.dir.clone(),
                backend: Some(if report.postgres {
                    Backend::Postgres
                } else {
                    Backend::Sqlite
                }),
                report: Ok(report),
            }],
        }
    }

    /// True when every section ran and no rule found a problem.
    pub fn passed(&self) -> bool {
        self.sections
            .iter()
            .all(|s| s.report.as_ref().is_ok_and(Report::passed))
    }

    /// The exit code, the worst of the sections': 1 when any section found a problem, else 2
    /// when one could not run (or could not run a migration written for a newer server), else
    /// 0. A problem found is what CI must show first, whatever happened beside it (its section
    /// printed it); a section that could not run is never a pass, and its error is on stderr.
    pub fn code(&self) -> u8 {
        let reports = || self.sections.iter().map(|s| s.report.as_ref());
        if reports().any(|r| r.is_ok_and(Report::found_problems)) {
            1
        } else if !self.passed() {
            2
        } else {
            0
        }
    }

    /// The text output: a single folder's report as it is; for several, a line naming the
    /// sections and the notes, each section's report (its own header, checklist and verdict),
    /// and a last line with each section's verdict.
    pub fn render(&self) -> String {
        if let [
            Section {
                report: Ok(report), ..
            },
        ] = self.sections.as_slice()
        {
            return report.render();
        }
        let names: Vec<String> = self.sections.iter().map(|s| self.name(s)).collect();
        let mut text = format!(
            "verify {}: {}; {} judged, a section each\n",
            self.dir.display(),
            self.listed_in
                .as_ref()
                .map_or("one folder per backend".to_string(), |file| format!(
                    "the migrations folders {file} lists"
                )),
            names.join(" and ")
        );
        for note in &self.notes {
            text += &format!("note: {note}\n");
        }
        let mut verdicts = Vec::new();
        for section in &self.sections {
            text += "\n";
            let verdict = match &section.report {
                Ok(report) => {
                    text += &report.render();
                    match report.problems.iter().filter(|p| !p.note).count() {
                        0 if report.coverage.newer.is_some() => "needs a newer server".to_string(),
                        0 => "no problem".to_string(),
                        1 => "1 problem".to_string(),
                        n => format!("{n} problems"),
                    }
                }
                Err(error) => {
                    text += &format!("verify {}: could not run: {error}\n", section.dir.display());
                    "could not run".to_string()
                }
            };
            verdicts.push(format!("{} {verdict}", self.name(section)));
        }
        text + &format!("\nIn all: {}.\n", verdicts.join(", "))
    }

    /// The JSON output: a single folder's report object as it is; for several, one object
    /// with `migrations_dir`, `notes`, `sections` (each section's report object, or its
    /// `migrations_dir`, `backend`, `error` and `"passed": false` when it could not run) and
    /// `passed`, true when every section ran and passed.
    pub fn json(&self) -> serde_json::Value {
        if let [
            Section {
                report: Ok(report), ..
            },
        ] = self.sections.as_slice()
        {
            return report.json();
        }
        let sections: Vec<serde_json::Value> = self
            .sections
            .iter()
            .map(|section| match &section.report {
                Ok(report) => report.json(),
                Err(error) => serde_json::json!({
                    "migrations_dir": section.dir.display().to_string(),
                    "backend": section.backend.map(|b| match b {
                        Backend::Sqlite => "sqlite",
                        Backend::Postgres => "postgres",
                    }),
                    "error": error.to_string(),
                    "passed": false,
                }),
            })
            .collect();
        serde_json::json!({
            "migrations_dir": self.dir.display().to_string(),
            "notes": self.notes,
            "sections": sections,
            "passed": self.passed(),
        })
    }

    /// A section's folder, from the verdict's (`sqlite`, `postgresql`, `db/migrations`, ...).
    fn name(&self, section: &Section) -> String {
        match section.dir.strip_prefix(&self.dir) {
            Ok(path) if !path.as_os_str().is_empty() => path.display().to_string(),
            _ => section
                .dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postgres::test_server;

    /// A project with `migrations/{sqlite,pg,MySQL}`: SQLite's second migration has no down,
    /// PostgreSQL's indexes a table an earlier one made.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |backend: &str, name: &str, up: &str, down: Option<&str>| {
            let folder = dir.path().join("migrations").join(backend).join(name);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("up.sql"), up).unwrap();
            if let Some(down) = down {
                std::fs::write(folder.join("down.sql"), down).unwrap();
            }
        };
        let users = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);";
        for backend in ["sqlite", "pg", "MySQL"] {
            write(
                backend,
                "2024-01-01-000000_users",
                users,
                Some("DROP TABLE users;"),
            );
        }
        write(
            "sqlite",
            "2024-01-02-000000_t",
            "CREATE TABLE t (id INTEGER);",
            None,
        );
        let index = "CREATE INDEX users_email ON users (email);";
        write(
            "pg",
            "2024-01-02-000000_i",
            index,
            Some("DROP INDEX users_email;"),
        );
        dir
    }

    #[test]
    fn each_backend_folder_is_judged_in_a_section_of_its_own() {
        let dir = project();
        let options = Options {
            server: Some(test_server()),
            ..Options::default()
        };
        let verdict = verify_each(dir.path(), &options).unwrap();
        assert_eq!(verdict.code(), 1);
        let text = verdict.render();
        assert_eq!(text.matches("\nverify ").count(), 2, "{text}");
        assert!(text.contains("MySQL holds MySQL migrations, which verify does not judge yet"));
        assert!(
            text.ends_with("In all: pg 1 problem, sqlite 1 problem.\n"),
            "{text}"
        );
        let json = verdict.json();
        assert_eq!(json["passed"], false);
        let found: Vec<(&str, &str)> = json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let findings = s["findings"].as_array().unwrap();
                let rule = findings
                    .iter()
                    .find(|p| p["severity"] == "problem")
                    .unwrap();
                (
                    s["backend"].as_str().unwrap(),
                    rule["rule"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("postgres", "index-blocks-writes"),
                ("sqlite", "irreversible")
            ]
        );
    }

    #[test]
    fn backend_keeps_one_folder_and_prints_its_report_alone() {
        let dir = project();
        let options = Options {
            backend: Some(Backend::Sqlite),
            ..Options::default()
        };
        let verdict = verify_each(dir.path(), &options).unwrap();
        let text = verdict.render();
        let sqlite = dir.path().join("migrations/sqlite");
        assert!(
            text.starts_with(&format!("verify {} (", sqlite.display())),
            "{text}"
        );
        assert!(text.contains("note: pg not judged in this run"), "{text}");
        let json = verdict.json();
        assert!(json.get("sections").is_none());
        assert_eq!(json["backend"], "sqlite");
    }

    #[test]
    fn a_problem_outranks_a_section_that_could_not_run_which_is_never_a_pass() {
        let dir = project();
        // A seed SQLite runs and PostgreSQL refuses: PostgreSQL's section cannot run.
        let options = Options {
            seed: Some(crate::verify::Seed {
                file: "seed.sql".into(),
                sql: "PRAGMA foreign_keys = ON;".into(),
                after: None,
            }),
            ..Options::default()
        };
        let verdict = verify_each(dir.path(), &options).unwrap();
        assert_eq!(verdict.code(), 1);
        let json = verdict.json();
        assert!(
            json["sections"][0]["error"]
                .as_str()
                .unwrap()
                .contains("seed.sql fails on PostgreSQL")
        );
        assert_eq!(json["sections"][0]["backend"], "postgres");

        let down = dir
            .path()
            .join("migrations/sqlite/2024-01-02-000000_t/down.sql");
        std::fs::write(down, "DROP TABLE t;").unwrap();
        let verdict = verify_each(dir.path(), &options).unwrap();
        assert_eq!(verdict.code(), 2);
        assert!(!verdict.passed());
        assert!(
            verdict
                .render()
                .ends_with("In all: pg could not run, sqlite no problem.\n")
        );
    }
}
