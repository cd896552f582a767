//! Kill rate of `verify-migrations`: each mutation in `tests/mutations/mutations.toml` plants one
//! known problem in a copy of a corpus folder (a migration appended, or a find/replace in an
//! existing file) and names the rule verify must report. Each mutant is verified in its own run,
//! judging only the planted or changed migration and those after it (`--since`). The test
//! prints the kill rate and every survivor with verify's output, and fails below 100%. It also
//! runs each unmutated base once: it must report exactly its fixture's `expected` rules.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use migration_engine::postgres::Server;
use serde::Deserialize;

/// Mutants verified at once (the machine is shared; PostgreSQL ones share one server).
const THREADS: usize = 3;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

#[derive(Deserialize)]
struct List {
    mutation: Vec<Mutation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Mutation {
    name: String,
    /// A fixture folder under tests/corpus.
    base: String,
    /// The rule that must be among the problems reported.
    rule: String,
    append: Option<Append>,
    replace: Option<Replace>,
}

/// A new migration after the base's last one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Append {
    folder: Option<String>,
    up: String,
    /// No down.sql when left out.
    down: Option<String>,
    /// metadata.toml's text.
    metadata: Option<String>,
}

/// A change in one existing file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    /// Relative to the base's migrations/ folder.
    file: String,
    find: String,
    with: String,
}

fn mutations() -> Vec<Mutation> {
    let path = root().join("mutations/mutations.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let list: List = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut names = BTreeSet::new();
    for m in &list.mutation {
        assert!(names.insert(&m.name), "two mutations named {}", m.name);
        assert!(
            m.append.is_some() != m.replace.is_some(),
            "{}: give append or replace, one of them",
            m.name
        );
    }
    list.mutation
}

/// PostgreSQL bases, told the way corpus.rs tells them (crates.io's by its folder name).
fn is_postgres(base: &str) -> bool {
    Path::new(base).components().any(|c| {
        let c = c.as_os_str();
        c == "postgres" || c == "diesel_postgres" || c == "cratesio"
    })
}

/// Diesel's version of a migration folder: the name up to the first `_`, dashes removed.
fn version(folder: &str) -> String {
    folder.split('_').next().unwrap().replace('-', "")
}

/// The migration folders of `migrations`, in version order.
fn folders(migrations: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(migrations)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort_by_key(|f| version(f));
    found
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Builds the mutant in `dir` (a project folder with migrations/) and returns the `--since`
/// version: the one before the changed migration, none when it is the first.
fn plant(m: &Mutation, dir: &Path) -> Option<String> {
    let base = root().join("corpus").join(&m.base);
    let migrations = dir.join("migrations");
    copy_dir(&base.join("migrations"), &migrations);
    let existing = folders(&migrations);
    if let Some(append) = &m.append {
        let folder = append
            .folder
            .clone()
            .unwrap_or_else(|| "2099-01-01-000000_planted".to_string());
        let new = migrations.join(&folder);
        std::fs::create_dir(&new).unwrap();
        std::fs::write(new.join("up.sql"), &append.up).unwrap();
        if let Some(down) = &append.down {
            std::fs::write(new.join("down.sql"), down).unwrap();
        }
        if let Some(metadata) = &append.metadata {
            std::fs::write(new.join("metadata.toml"), metadata).unwrap();
        }
        let last = existing.last().map(|f| version(f));
        assert!(
            last.as_ref().is_none_or(|last| *last < version(&folder)),
            "{}: the appended migration must come last",
            m.name
        );
        last
    } else {
        let replace = m.replace.as_ref().unwrap();
        let file = migrations.join(&replace.file);
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {}: {e}", m.name, file.display()));
        assert!(
            text.contains(&replace.find),
            "{}: {:?} is not in {}",
            m.name,
            replace.find,
            replace.file
        );
        std::fs::write(&file, text.replacen(&replace.find, &replace.with, 1)).unwrap();
        let changed = replace.file.split('/').next().unwrap();
        let at = existing.iter().position(|f| f == changed).unwrap();
        at.checked_sub(1).map(|before| version(&existing[before]))
    }
}

/// The rules verify reports on `dir` (notes left out) and its whole output.
fn verify(dir: &Path, base: &str, since: Option<&str>, url: &str) -> (BTreeSet<String>, String) {
    let fixture = root().join("corpus").join(base);
    let args = std::fs::read_to_string(fixture.join("args")).unwrap_or_default();
    let mut command = Command::new(env!("CARGO_BIN_EXE_verify-migrations"));
    command.arg(dir).args(args.split_whitespace());
    if is_postgres(base) {
        command.args(["--database-url", url]);
    }
    if let Some(since) = since {
        command.args(["--since", since]);
    }
    let output = command.args(["--format", "json"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        matches!(output.status.code(), Some(0 | 1)) && !stderr.contains("panicked"),
        "{}: exit code {:?}: {stderr}",
        dir.display(),
        output.status.code()
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rules = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "problem")
        .map(|p| p["rule"].as_str().unwrap().to_string())
        .collect();
    (rules, stdout)
}

/// The rules a fixture's `expected` file lists.
fn expected(base: &str) -> BTreeSet<String> {
    std::fs::read_to_string(root().join("corpus").join(base).join("expected"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

enum Job<'a> {
    Base(&'a str),
    Mutant(&'a Mutation),
}

#[test]
fn every_planted_problem_is_reported() {
    let started = Instant::now();
    let list = mutations();
    assert!(list.len() >= 40, "only {} mutations", list.len());
    let bases: BTreeSet<&str> = list.iter().map(|m| m.base.as_str()).collect();
    let server = Server::new(None).unwrap();
    let url = server.url("postgres");

    let jobs: Vec<Job> = bases
        .iter()
        .map(|b| Job::Base(b))
        .chain(list.iter().map(Job::Mutant))
        .collect();
    let next = AtomicUsize::new(0);
    let survivors = Mutex::new(Vec::new());
    let killed = Mutex::new(Vec::new());
    let wrong_bases = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let dir = tempfile::tempdir().unwrap();
                    match job {
                        Job::Base(base) => {
                            copy_dir(
                                &root().join("corpus").join(base).join("migrations"),
                                &dir.path().join("migrations"),
                            );
                            let (found, output) = verify(dir.path(), base, None, &url);
                            let expected = expected(base);
                            if found != expected {
                                wrong_bases.lock().unwrap().push(format!(
                                    "{base}: expected {expected:?}, found {found:?}\n{output}"
                                ));
                            }
                        }
                        Job::Mutant(m) => {
                            let since = plant(m, dir.path());
                            let (found, output) =
                                verify(dir.path(), &m.base, since.as_deref(), &url);
                            if found.contains(&m.rule) {
                                killed.lock().unwrap().push(m.name.clone());
                            } else {
                                survivors.lock().unwrap().push((m, found, output));
                            }
                        }
                    }
                }
            });
        }
    });

    let killed = killed.into_inner().unwrap();
    let mut survivors = survivors.into_inner().unwrap();
    survivors.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let total = list.len();
    println!(
        "killed {} of {total} ({:.0}%) in {:.1} s",
        killed.len(),
        100.0 * killed.len() as f64 / total as f64,
        started.elapsed().as_secs_f64()
    );
    for m in &list {
        let status = if killed.contains(&m.name) {
            "killed  "
        } else {
            "SURVIVED"
        };
        println!("  {status} {} ({}, {})", m.name, m.rule, m.base);
    }
    for (m, found, output) in &survivors {
        println!(
            "\nsurvivor {}: {} on {} not reported (found {found:?})\n{output}",
            m.name, m.rule, m.base
        );
    }
    let wrong_bases = wrong_bases.into_inner().unwrap();
    for wrong in &wrong_bases {
        println!("\nunmutated base {wrong}");
    }
    assert!(
        survivors.is_empty() && wrong_bases.is_empty(),
        "{} of {total} mutations survived; {} of {} unmutated bases got another verdict than their `expected`",
        survivors.len(),
        wrong_bases.len(),
        bases.len()
    );
}
