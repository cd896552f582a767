//! What a crate's `Cargo.toml` declares: its dependencies and their features, with
//! `workspace = true` entries resolved against the workspace's `[workspace.dependencies]`,
//! as Cargo resolves them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::{Table, Value};

use crate::error::{Error, Result};

/// One entry of `[dependencies]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// Every feature turned on, the workspace's and the crate's own.
    pub features: BTreeSet<String>,
    /// True for `workspace = true`: the version and features come from the workspace.
    pub from_workspace: bool,
}

/// The `[dependencies]` of the crate in `crate_dir`, by name.
pub fn dependencies(crate_dir: &Path) -> Result<BTreeMap<String, Dependency>> {
    let path = crate_dir.join("Cargo.toml");
    let manifest = read_toml(&path)?;
    let mut found = BTreeMap::new();
    let Some(declared) = manifest.get("dependencies").and_then(Value::as_table) else {
        return Ok(found);
    };
    let mut workspace: Option<Table> = None;
    for (name, value) in declared {
        let mut dependency = Dependency {
            features: features(value),
            from_workspace: false,
        };
        if value.get("workspace").and_then(Value::as_bool) == Some(true) {
            if workspace.is_none() {
                workspace = Some(workspace_dependencies(crate_dir)?);
            }
            let shared = workspace
                .as_ref()
                .and_then(|w| w.get(name))
                .ok_or_else(|| {
                    Error::new(format!(
                        "{} says `{name}.workspace = true`, but the workspace's Cargo.toml has no \
                     {name} under [workspace.dependencies]; give it a version instead",
                        path.display()
                    ))
                })?;
            dependency.features.extend(features(shared));
            dependency.from_workspace = true;
        }
        found.insert(name.clone(), dependency);
    }
    Ok(found)
}

fn features(value: &Value) -> BTreeSet<String> {
    value
        .get("features")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The `[workspace.dependencies]` of the nearest workspace above `crate_dir`.
fn workspace_dependencies(crate_dir: &Path) -> Result<Table> {
    for dir in crate_dir.ancestors().skip(1) {
        let path = dir.join("Cargo.toml");
        if !path.is_file() {
            continue;
        }
        if let Some(workspace) = read_toml(&path)?.get("workspace") {
            return Ok(workspace
                .get("dependencies")
                .and_then(Value::as_table)
                .cloned()
                .unwrap_or_default());
        }
    }
    Err(Error::new(format!(
        "{} is in no workspace, so `workspace = true` cannot work there; give each dependency a version",
        crate_dir.display()
    )))
}

/// A TOML file as a table, or one line saying where it is broken.
pub fn read_toml(path: &Path) -> Result<Table> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    text.parse::<Table>().map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start].matches('\n').count() + 1);
        let at = line.map_or(String::new(), |line| format!(" (line {line})"));
        Error::new(format!(
            "{} is not valid TOML{at}: {}",
            path.display(),
            e.message().trim()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_with(member: &str) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(
            root.path().join("Cargo.toml"),
            "[workspace]\nmembers = [\"app\"]\n\n[workspace.dependencies]\n\
             diesel = { version = \"2.3\", features = [\"sqlite\"] }\nclap = \"4\"\n",
        )
        .unwrap();
        std::fs::create_dir(root.path().join("app")).unwrap();
        std::fs::write(root.path().join("app/Cargo.toml"), member).unwrap();
        root
    }

    #[test]
    fn workspace_features_and_own_features_add_up() {
        let root = workspace_with(
            "[package]\nname = \"app\"\n\n[dependencies]\ndiesel.workspace = true\n\
             clap = { workspace = true, features = [\"derive\"] }\ndotenvy = \"0.15\"\n",
        );
        let found = dependencies(&root.path().join("app")).unwrap();
        let names: Vec<&str> = found.keys().map(String::as_str).collect();
        assert_eq!(names, ["clap", "diesel", "dotenvy"]);
        assert_eq!(
            found["diesel"].features,
            BTreeSet::from(["sqlite".to_string()])
        );
        assert_eq!(
            found["clap"].features,
            BTreeSet::from(["derive".to_string()])
        );
        assert!(found["clap"].from_workspace);
        assert!(found["dotenvy"].features.is_empty());
        assert!(!found["dotenvy"].from_workspace);
    }

    #[test]
    fn a_crate_without_dependencies_has_none() {
        let root = workspace_with("[package]\nname = \"app\"\n");
        assert!(dependencies(&root.path().join("app")).unwrap().is_empty());
    }

    #[test]
    fn a_workspace_dependency_the_workspace_lacks_is_named() {
        let root = workspace_with("[dependencies]\ntoml.workspace = true\n");
        let message = dependencies(&root.path().join("app"))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("has no toml under [workspace.dependencies]"),
            "{message}"
        );
    }

    #[test]
    fn broken_toml_is_reported_in_one_line_with_its_line_number() {
        let root = workspace_with("[package]\nname = \"app\"\n[dependencies]\ndiesel = {\n");
        let message = dependencies(&root.path().join("app"))
            .unwrap_err()
            .to_string();
        assert!(message.contains("is not valid TOML (line 4)"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}
