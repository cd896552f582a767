//! Foreign keys on or off while migrating, as the project migrates: `--foreign-keys` when given,
//! else read from the project. SQLite leaves them off unless it was built otherwise or the
//! connection turns them on: libsqlite3-sys with `bundled` compiles SQLite with
//! `SQLITE_DEFAULT_FOREIGN_KEYS=1` (diesel has no feature of its own that turns it on), and a
//! connection can run `PRAGMA foreign_keys = ON`. The project is the folder holding the
//! migrations folder (diesel's layout) with its Cargo.toml, and the workspace's Cargo.toml
//! when it takes dependencies from there (`workspace = true`).

use std::path::{Path, PathBuf};

/// The foreign-key mode verify migrates with, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mode {
    pub on: bool,
    pub why: String,
}

impl Mode {
    /// The mode `--foreign-keys` gave.
    pub fn said(on: bool) -> Self {
        let word = if on { "on" } else { "off" };
        Mode::said_by(on, &format!("--foreign-keys {word}"))
    }

    /// The mode `by` gave (the project's verify-migrations.toml).
    pub fn said_by(on: bool, by: &str) -> Self {
        Mode {
            on,
            why: format!("as {by} says"),
        }
    }

    /// How the first line of the report says it: `foreign keys on: why`.
    pub fn line(&self) -> String {
        format!("foreign keys {}: {}", self.word(), self.why)
    }

    pub fn word(&self) -> &'static str {
        if self.on { "on" } else { "off" }
    }
}

/// libsqlite3-sys features that compile SQLite itself (`bundled-windows` only on Windows).
const BUNDLED: [&str; 3] = [
    "bundled",
    "bundled-sqlcipher",
    "bundled-sqlcipher-vendored-openssl",
];

/// The mode the project around the migrations `path` names migrates with.
pub fn of_project(path: &Path) -> Mode {
    of(project(path))
}

/// The mode the project in the folder `dir` migrates with (its migrations anywhere below it, as
/// its verify-migrations.toml lists them).
pub fn of_project_folder(dir: &Path) -> Mode {
    of(dir
        .canonicalize()
        .ok()
        .filter(|dir| dir.join("Cargo.toml").is_file()))
}

/// The mode of the project in `project` (`None`: no Cargo.toml was found).
fn of(project: Option<PathBuf>) -> Mode {
    let off = |why: &str| Mode {
        on: false,
        why: format!("{why} (diesel on a system SQLite); --foreign-keys on if yours does"),
    };
    let Some(project) = project else {
        return off("no Cargo.toml beside the migrations folder, so no project turns them on");
    };
    if let Some(file) = pragma_in_src(&project, true) {
        return on(format!("{file} sets PRAGMA foreign_keys on"));
    }
    if let Some(file) = pragma_in_src(&project, false) {
        return Mode {
            on: false,
            why: format!("{file} sets PRAGMA foreign_keys off"),
        };
    }
    let manifest = read(&project.join("Cargo.toml"));
    if let Some(feature) = manifest.as_ref().and_then(bundled) {
        return on(format!("Cargo.toml has libsqlite3-sys with {feature:?}"));
    }
    let workspace = manifest
        .filter(inherits)
        .and_then(|_| workspace_manifest(&project));
    if let Some(feature) = workspace.as_ref().and_then(bundled) {
        return on(format!(
            "the workspace's Cargo.toml has libsqlite3-sys with {feature:?}"
        ));
    }
    off("nothing in the project turns them on")
}

fn on(why: String) -> Mode {
    Mode { on: true, why }
}

/// The folder holding the migrations folder `path` names (or `path`, when it holds one), if it
/// has a Cargo.toml.
fn project(path: &Path) -> Option<PathBuf> {
    let path = path.canonicalize().ok()?;
    let dir = if path.join("migrations").is_dir() {
        path
    } else {
        // A migrations folder, or one backend's folder inside it.
        let migrations = path
            .ancestors()
            .take(2)
            .find(|d| d.file_name().is_some_and(|n| n == "migrations"))
            .unwrap_or(&path);
        migrations.parent()?.to_path_buf()
    };
    dir.join("Cargo.toml").is_file().then_some(dir)
}

fn read(file: &Path) -> Option<toml::Table> {
    std::fs::read_to_string(file).ok()?.parse().ok()
}

/// The nearest Cargo.toml above `project` with a `[workspace]`.
fn workspace_manifest(project: &Path) -> Option<toml::Table> {
    project
        .ancestors()
        .skip(1)
        .filter_map(|dir| read(&dir.join("Cargo.toml")))
        .find(|manifest| manifest.contains_key("workspace"))
}

/// Every dependency a manifest declares: `[dependencies]`, each target's, and
/// `[workspace.dependencies]`.
fn dependencies(manifest: &toml::Table) -> Vec<(&String, &toml::Value)> {
    fn table(value: Option<&toml::Value>) -> Option<&toml::Table> {
        value.and_then(toml::Value::as_table)
    }
    let mut tables = vec![
        table(manifest.get("dependencies")),
        table(table(manifest.get("workspace")).and_then(|w| w.get("dependencies"))),
    ];
    if let Some(targets) = table(manifest.get("target")) {
        tables.extend(targets.values().map(|t| table(t.get("dependencies"))));
    }
    tables.into_iter().flatten().flatten().collect()
}

/// Whether a manifest takes a dependency from its workspace (`x.workspace = true`).
fn inherits(manifest: &toml::Table) -> bool {
    dependencies(manifest)
        .iter()
        .any(|(_, value)| value.get("workspace").and_then(toml::Value::as_bool) == Some(true))
}

/// The `bundled` feature a manifest gives libsqlite3-sys, if any.
fn bundled(manifest: &toml::Table) -> Option<&'static str> {
    dependencies(manifest)
        .into_iter()
        .find_map(|(name, value)| {
            let package = value.get("package").and_then(toml::Value::as_str);
            if package.unwrap_or(name) != "libsqlite3-sys" {
                return None;
            }
            let features = value.get("features").and_then(toml::Value::as_array)?;
            BUNDLED
                .into_iter()
                .find(|wanted| features.iter().any(|f| f.as_str() == Some(wanted)))
        })
}

/// The first Rust file under `project/src` (path from the project, `/`-separated) that sets
/// `PRAGMA foreign_keys` to `on` (ON, 1, TRUE, YES) or off.
fn pragma_in_src(project: &Path, on: bool) -> Option<String> {
    let values: &[&str] = if on {
        &["on", "1", "true", "yes"]
    } else {
        &["off", "0", "false", "no"]
    };
    rust_files(&project.join("src"))
        .into_iter()
        .find_map(|file| {
            let text: String = std::fs::read_to_string(&file)
                .ok()?
                .to_ascii_lowercase()
                .split_whitespace()
                .collect();
            let found = text.match_indices("pragmaforeign_keys=").any(|(at, key)| {
                let rest = &text[at + key.len()..];
                values.iter().any(|v| {
                    rest.strip_prefix(v)
                        .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric()))
                })
            });
            let shown = file.strip_prefix(project).ok()?.to_string_lossy();
            found.then(|| shown.replace('\\', "/"))
        })
}

/// The `.rs` files under `dir`, in name order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries
        .into_iter()
        .flat_map(|path| match path.is_dir() {
            true => rust_files(&path),
            false if path.extension().is_some_and(|e| e == "rs") => vec![path],
            false => Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
