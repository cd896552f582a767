//! Where an app's schema file is, and what it held at a git commit: the file the project's
//! `diesel.toml` names (`[print_schema] file`, or the `file` of each `[print_schema.NAME]`;
//! `src/schema.rs` when it names none), read with `git show COMMIT:PATH`. The project is the
//! nearest folder above the migrations that holds `diesel.toml` (the file `DIESEL_CONFIG_FILE`
//! names, as diesel_cli reads it, when that is set), else `Cargo.toml`, else the repository's.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{AppSchema, parse};
use crate::error::{Error, Result};

/// The app's schema at a commit, or why there is none to judge by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Its tables, and where they were read: `src/schema.rs at HEAD~1`.
    Read { schema: AppSchema, from: String },
    /// One line: the file is not in that commit, or it is not a schema Diesel reads.
    NotJudged(String),
}

/// The `schema.rs` of the project that holds the migrations folder `dir`, as it is at the git
/// commit or branch `commit`. `Err` (one line) when `commit` is no commit of the repository, or
/// the folder is in none.
pub fn at_commit(dir: &Path, commit: &str) -> Result<Found> {
    let config = config_file(dir);
    let root = config
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .or_else(|| cargo_project(dir))
        .or_else(|| {
            git(dir, &["rev-parse"], "--show-toplevel")
                .ok()
                .map(|top| PathBuf::from(top.trim_end()))
        })
        .unwrap_or_else(|| dir.to_path_buf());
    let checked = git(
        &root,
        &["rev-parse", "--verify", "--quiet"],
        &format!("{commit}^{{commit}}"),
    );
    if let Err(why) = checked {
        return Err(Error::new(match why.starts_with("cannot run git") {
            true => format!("cannot read the app's schema at {commit}: {why}"),
            false => format!(
                "cannot read the app's schema at {commit}: it is no commit or branch of the git \
                 repository at {} (give one that `git log` lists)",
                root.display()
            ),
        }));
    }
    // The diesel.toml of that commit says where its schema was; else today's, else the default.
    let name = config
        .as_deref()
        .and_then(Path::file_name)
        .map_or("diesel.toml".into(), |n| n.to_string_lossy().into_owned());
    let said = git(&root, &["show"], &format!("{commit}:./{name}"))
        .ok()
        .or_else(|| {
            config
                .as_deref()
                .and_then(|c| std::fs::read_to_string(c).ok())
        });
    let files = match said.as_deref().map(schema_files).transpose() {
        Ok(files) => files.unwrap_or_else(|| vec!["src/schema.rs".to_string()]),
        Err(why) => return Ok(Found::NotJudged(format!("{name} at {commit}: {why}"))),
    };
    let mut schema = AppSchema::default();
    let mut read = Vec::new();
    for file in &files {
        let Ok(text) = git(&root, &["show"], &format!("{commit}:./{file}")) else {
            continue;
        };
        match parse(&text) {
            Ok(found) => schema.tables.extend(found.tables),
            Err(why) => {
                return Ok(Found::NotJudged(format!(
                    "{file} at {commit} is not a schema Diesel reads ({why})"
                )));
            }
        }
        read.push(file.as_str());
    }
    if read.is_empty() {
        return Ok(Found::NotJudged(format!(
            "{} is not in {commit}, so what the app there reads is not known",
            files.join(" nor ")
        )));
    }
    if schema.tables.is_empty() {
        return Ok(Found::NotJudged(format!(
            "{} at {commit} declares no table! (infer_schema!, or tables made elsewhere), so \
             what the app there reads is not known",
            read.join(" and ")
        )));
    }
    Ok(Found::Read {
        schema,
        from: format!("{} at {commit}", read.join(" and ")),
    })
}

/// The schema files a `diesel.toml` names, relative to its folder: `[print_schema] file`, or
/// the `file` of each `[print_schema.NAME]`; `src/schema.rs` when it names none.
pub fn schema_files(diesel_toml: &str) -> std::result::Result<Vec<String>, String> {
    let table: toml::Table = diesel_toml
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_string())?;
    let Some(print_schema) = table.get("print_schema").and_then(|v| v.as_table()) else {
        return Ok(vec!["src/schema.rs".to_string()]);
    };
    let file = |t: &toml::Table| t.get("file").and_then(|f| f.as_str()).map(str::to_string);
    let mut files: Vec<String> = match file(print_schema) {
        Some(one) => vec![one],
        None => print_schema
            .values()
            .filter_map(|v| v.as_table().and_then(file))
            .collect(),
    };
    files.dedup();
    if files.is_empty() {
        files.push("src/schema.rs".to_string());
    }
    Ok(files
        .into_iter()
        .map(|f| f.trim_start_matches("./").to_string())
        .collect())
}

/// The diesel configuration of the project above `dir`: `DIESEL_CONFIG_FILE`, else the nearest
/// `diesel.toml` above it.
fn config_file(dir: &Path) -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("DIESEL_CONFIG_FILE") {
        let named = PathBuf::from(named);
        return std::path::absolute(&named).ok().filter(|p| p.is_file());
    }
    let dir = std::path::absolute(dir).ok()?;
    dir.ancestors()
        .map(|d| d.join("diesel.toml"))
        .find(|f| f.is_file())
}

/// The nearest folder above `dir` that holds a `Cargo.toml`.
fn cargo_project(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    dir.ancestors()
        .find(|d| d.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

/// `git -C root ARGS LAST`: its output, or `Err` with its first line of complaint.
fn git(root: &Path, args: &[&str], last: &str) -> std::result::Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .arg(last)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        return Err(said.lines().next().unwrap_or("git failed").to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
