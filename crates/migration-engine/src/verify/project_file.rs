//! `verify-migrations.toml`: what a project records once instead of on every command line:
//! where its migrations are, the backend, the foreign-key mode, the window (`since`), the
//! generated rows, the time limit of a step, the migrations allowed to be irreversible, and the
//! rules turned off or made advice. It is found by walking up from the folder the command line
//! gives, the first one found, never above the repository's root (the folder holding `.git`) nor
//! the filesystem's. A flag given on the command line wins over the file. A key verify does not
//! know, a rule that does not exist, a folder or migration that is not there: one line naming it.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Backend, Since, Switch, folder};
use crate::error::{Error, Result};
use crate::{migration, rules};

/// The file's name.
pub const NAME: &str = "verify-migrations.toml";

/// The keys of the file, as its errors list them.
pub(super) const KEYS: [&str; 10] = [
    "migrations",
    "backend",
    "foreign_keys",
    "since",
    "since_commit",
    "rows",
    "statement_timeout",
    "allow_irreversible",
    "irreversible_migrations",
    "rules",
];

/// The keys of its `[rules]` table.
pub(super) const RULE_KEYS: [&str; 2] = ["off", "advice"];

/// The file as written: every key may be left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    /// A folder, or a list of them, relative to the file.
    migrations: Option<Spanned<toml::Value>>,
    backend: Option<Backend>,
    foreign_keys: Option<Switch>,
    since: Option<Spanned<String>>,
    since_commit: Option<String>,
    rows: Option<usize>,
    statement_timeout: Option<u64>,
    allow_irreversible: Option<bool>,
    #[serde(default)]
    irreversible_migrations: Vec<Spanned<String>>,
    #[serde(default)]
    rules: WrittenRules,
}

/// The `[rules]` table as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WrittenRules {
    #[serde(default)]
    off: Vec<Spanned<String>>,
    #[serde(default)]
    advice: Vec<Spanned<String>>,
}

/// `verify-migrations.toml`, read and checked. `None` where the file leaves a key out.
#[derive(Debug, Default)]
pub struct ProjectFile {
    /// Where it is, as printed: relative to the current folder when below it.
    pub shown: String,
    /// The folder holding it: the project's.
    pub dir: PathBuf,
    /// The migrations folders, relative to `dir`, each one there: judged when the command line
    /// names `dir` (none: the folder the command line names is judged as without the file).
    pub migrations: Vec<String>,
    pub backend: Option<Backend>,
    /// Foreign keys on (`true`) or off while migrating.
    pub foreign_keys: Option<bool>,
    pub since: Option<Since>,
    pub rows: Option<usize>,
    pub statement_timeout: Option<u64>,
    pub allow_irreversible: Option<bool>,
    /// The migrations (folder names) allowed to have no down.sql, each with its line.
    pub irreversible: Vec<(String, usize)>,
    /// The rules turned off: their findings are dropped.
    pub off: Vec<&'static str>,
    /// The rules made advice: their problems are notes.
    pub advice: Vec<&'static str>,
}

/// The `verify-migrations.toml` nearest `start` (a folder), walking up: `None` when there is
/// none up to the repository's root (a folder with `.git`, a folder or a worktree's file) or the
/// filesystem's, or when `start` is not there.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    for dir in start.ancestors() {
        let file = dir.join(NAME);
        if file.is_file() {
            return Some(file);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

impl ProjectFile {
    /// The file `find` finds from `start`, read; its path shown relative to `cwd` when below it.
    pub fn find(start: &Path, cwd: &Path) -> Result<Option<ProjectFile>> {
        let Some(path) = find(start) else {
            return Ok(None);
        };
        let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
        let shown = path
            .strip_prefix(&cwd)
            .unwrap_or(&path)
            .display()
            .to_string();
        ProjectFile::read(&path, &shown).map(Some)
    }

    /// Reads the file at `path` (printed as `shown`): `Err` in one line naming the file, the key
    /// or value that is wrong and its line.
    pub fn read(path: &Path, shown: &str) -> Result<ProjectFile> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(format!("cannot read {shown}: {e}")))?;
        let fail = |what: String| Error::new(format!("{shown}: {what}"));
        let line = |span: Range<usize>| line_of(&text, span.start);
        let written: Written = toml::from_str(&text).map_err(|e| fail(said(&text, &e)))?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let migrations = match written.migrations {
            None => Vec::new(),
            Some(value) => {
                let at = line(value.span());
                let folders: Vec<String> = match value.into_inner() {
                    toml::Value::String(folder) => vec![folder],
                    toml::Value::Array(list) => list
                        .into_iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect::<Option<_>>()
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                if folders.is_empty() {
                    return Err(fail(format!(
                        "`migrations` (line {at}) is a folder or a list of folders, relative to \
                         the file: migrations = \"migrations\""
                    )));
                }
                if let Some(missing) = folders.iter().find(|f| !dir.join(f).is_dir()) {
                    return Err(fail(format!(
                        "`migrations` names {missing} (line {at}), which is no folder in {}",
                        dir.display()
                    )));
                }
                folders
            }
        };
        let since = match (written.since, written.since_commit) {
            (Some(_), Some(_)) => {
                return Err(fail(
                    "give `since` (a version) or `since_commit` (a git commit), not both".into(),
                ));
            }
            (Some(version), None) => Some(Since::version(version.get_ref()).map_err(|_| {
                fail(format!(
                    "`since = {:?}` (line {}) is not a migration version: give the version of a \
                     migration folder (2026-11-24-130000 or 20261124130000) or the folder's name",
                    version.get_ref(),
                    line(version.span())
                ))
            })?),
            (None, commit) => commit.map(Since::Commit),
        };
        let named = |key: &str, list: Vec<Spanned<String>>| -> Result<Vec<&'static str>> {
            list.into_iter()
                .map(|name| match rules::named(name.get_ref()) {
                    Some(rule) => Ok(rule.name),
                    None => {
                        let all: Vec<&str> = rules::ALL.iter().map(|r| r.name).collect();
                        Err(fail(format!(
                            "`{key}` names `{}` (line {}), which is no rule; the rules are {}",
                            name.get_ref(),
                            line(name.span()),
                            all.join(", ")
                        )))
                    }
                })
                .collect()
        };
        let off = named("rules.off", written.rules.off)?;
        let advice = named("rules.advice", written.rules.advice)?;
        if let Some(both) = off.iter().find(|rule| advice.contains(rule)) {
            return Err(fail(format!(
                "`{both}` is in both `rules.off` and `rules.advice`: keep it in one"
            )));
        }
        Ok(ProjectFile {
            shown: shown.to_string(),
            dir,
            migrations,
            backend: written.backend,
            foreign_keys: written.foreign_keys.map(|s| s == Switch::On),
            since,
            rows: written.rows,
            statement_timeout: written.statement_timeout,
            allow_irreversible: written.allow_irreversible,
            irreversible: written
                .irreversible_migrations
                .into_iter()
                .map(|name| (name.get_ref().clone(), line(name.span())))
                .collect(),
            off,
            advice,
        })
    }

    /// `Err` naming the first of `irreversible_migrations` that is no migration of the folders
    /// `paths` name (as `verify` finds them, `backend`'s only when given). Where a path holds no
    /// folder verify can read, `verify` says why instead.
    pub fn check_irreversible(&self, paths: &[PathBuf], backend: Option<Backend>) -> Result<()> {
        let mut names = Vec::new();
        let mut dirs = Vec::new();
        for path in paths {
            let Ok(layout) = folder::locate(path, backend) else {
                return Ok(());
            };
            for located in layout.sections {
                names.extend(migration::folders(&located.dir).unwrap_or_default());
                dirs.push(located.dir.display().to_string());
            }
        }
        match self.irreversible.iter().find(|(n, _)| !names.contains(n)) {
            None => Ok(()),
            Some((name, line)) => Err(Error::new(format!(
                "{}: `irreversible_migrations` names `{name}` (line {line}), which is no migration \
                 in {}: give a migration folder's name{}",
                self.shown,
                dirs.join(" or "),
                names
                    .first()
                    .map_or(String::new(), |n| format!(", such as {n}"))
            ))),
        }
    }
}

/// A TOML error in one line: an unknown key named with the keys there are, anything else with
/// its line and the line's text.
fn said(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().split_whitespace().collect::<Vec<_>>();
    let message = message.join(" ");
    let line = error.span().map(|span| line_of(text, span.start));
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'));
    if let Some((key, expected)) = unknown {
        let at = line.map_or(String::new(), |n| format!(" (line {n})"));
        // serde names the keys the table expected: `[rules]`'s are its own.
        return match expected.contains("`advice`") {
            true => format!(
                "unknown key `rules.{key}`{at}; the keys of [rules] are {}",
                RULE_KEYS.join(", ")
            ),
            false => format!("unknown key `{key}`{at}; the keys are {}", KEYS.join(", ")),
        };
    }
    match line {
        Some(n) => {
            let written = text.lines().nth(n - 1).unwrap_or("").trim();
            format!("{message} (line {n}: `{written}`)")
        }
        None => message,
    }
}

/// The line (from 1) of `text` that byte `at` is on.
fn line_of(text: &str, at: usize) -> usize {
    let before = &text.as_bytes()[..at.min(text.len())];
    before.iter().filter(|b| **b == b'\n').count() + 1
}
