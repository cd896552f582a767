//! `verify-migrations` on the corpus in `tests/corpus`: real projects' migrations (diesel's own
//! examples, test migrations and diesel_cli's fixtures) and hand-made ones, each with the
//! rules it must report in its `expected` file (empty: it must pass). A false alarm on a
//! correct folder fails this test as surely as a missed bug, unless a real project's fixture
//! records it as a known disagreement (`false-alarm RULE`, `missed RULE`), judged by hand. Each
//! fixture runs twice, and both runs must print the same output: verify's verdict does not
//! change between identical runs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use migration_engine::postgres::Server;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// Every fixture: a folder holding an `expected` file.
fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.join("expected").is_file() {
            found.push(path);
        } else if path.is_dir() {
            found.extend(fixtures(&path));
        }
    }
    found.sort();
    found
}

/// A fixture's `expected` file: the rules that truly apply (judged by hand), and the known
/// disagreements of today's checker with that judgement.
struct Expected {
    /// `RULE` lines: true by hand.
    rules: BTreeSet<String>,
    /// `false-alarm RULE`: reported today, wrong by hand (not among `rules`).
    false_alarms: BTreeSet<String>,
    /// `missed RULE`: true by hand (also a `RULE` line), not reported today.
    missed: BTreeSet<String>,
}

impl Expected {
    /// What verify must report today: (rules ∪ false alarms) − misses.
    fn reported(&self) -> BTreeSet<String> {
        self.rules
            .union(&self.false_alarms)
            .filter(|rule| !self.missed.contains(*rule))
            .cloned()
            .collect()
    }
}

/// The rules a fixture must report (one per line; `#` lines are comments), with its known false
/// alarms (`false-alarm RULE`) and misses (`missed RULE`).
fn expected(fixture: &Path) -> Expected {
    let mut expected = Expected {
        rules: BTreeSet::new(),
        false_alarms: BTreeSet::new(),
        missed: BTreeSet::new(),
    };
    let text = std::fs::read_to_string(fixture.join("expected")).unwrap();
    let lines = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'));
    for line in lines {
        if let Some(rule) = line.strip_prefix("false-alarm ") {
            expected.false_alarms.insert(rule.trim().to_string());
        } else if let Some(rule) = line.strip_prefix("missed ") {
            expected.missed.insert(rule.trim().to_string());
        } else {
            expected.rules.insert(line.to_string());
        }
    }
    for rule in &expected.false_alarms {
        assert!(
            !expected.rules.contains(rule),
            "{}: `false-alarm {rule}` beside a `{rule}` line: a rule is true or false by hand",
            fixture.display()
        );
    }
    for rule in &expected.missed {
        assert!(
            expected.rules.contains(rule),
            "{}: `missed {rule}` needs its `{rule}` line (a miss is a rule true by hand)",
            fixture.display()
        );
    }
    expected
}

/// Why `found` differs from what `expected` says verify reports today, rule by rule.
fn disagreements(expected: &Expected, found: &BTreeSet<String>) -> Vec<String> {
    let mut why = Vec::new();
    for rule in expected.reported().difference(found) {
        if expected.false_alarms.contains(rule) {
            why.push(format!(
                "{rule} no longer reported: move it out of false-alarm"
            ));
        } else {
            why.push(format!("{rule} expected, not reported"));
        }
    }
    for rule in found.difference(&expected.reported()) {
        if expected.missed.contains(rule) {
            why.push(format!(
                "{rule} now reported: remove its `missed {rule}` line"
            ));
        } else {
            why.push(format!("{rule} reported, not expected"));
        }
    }
    why
}

/// The foreign-key mode a fixture's `foreign_keys` file says verify must run with and say, as
/// `on: why` or `off: why`; `None` without the file.
fn expected_foreign_keys(fixture: &Path) -> Option<String> {
    let text = std::fs::read_to_string(fixture.join("foreign_keys")).ok()?;
    Some(text.trim().to_string())
}

/// True when a fixture has PostgreSQL migrations: a `postgres` or `diesel_postgres` folder
/// on its path, or a PostgreSQL folder beside other backends' in its `migrations`.
fn has_postgres(fixture: &Path) -> bool {
    let on_path = fixture
        .components()
        .any(|c| c.as_os_str() == "postgres" || c.as_os_str() == "diesel_postgres");
    let beside = std::fs::read_dir(fixture.join("migrations"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| {
            let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
            ["postgres", "postgresql", "pg"].contains(&name.as_str())
        });
    on_path || beside
}

/// What `verify-migrations` reports on a fixture: the rules (notes left out), in every section
/// of a project with one folder per backend; each SQLite section's foreign-key mode as `on: why`;
/// and the whole output. PostgreSQL fixtures run on `server`, given as the user's own with
/// `--database-url` (which a SQLite folder beside it does not use).
fn reported(fixture: &Path, server: &Server) -> (BTreeSet<String>, BTreeSet<String>, String) {
    let args = std::fs::read_to_string(fixture.join("args")).unwrap_or_default();
    let mut command = Command::new(env!("CARGO_BIN_EXE_verify-migrations"));
    if has_postgres(fixture) {
        command.args(["--database-url", &server.url("postgres")]);
    }
    // Files an `args` line names (a seed) are the fixture's own.
    let output = command
        .current_dir(fixture)
        .arg(fixture)
        .args(args.split_whitespace())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "{}: {stderr}",
        fixture.display()
    );
    match output.status.code() {
        Some(0 | 1) => {
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            let sections = match json["sections"].as_array() {
                Some(sections) => sections.clone(),
                None => vec![json.clone()],
            };
            let rules = sections
                .iter()
                .flat_map(|section| section["findings"].as_array().unwrap())
                .filter(|p| p["severity"] == "problem")
                .map(|p| p["rule"].as_str().unwrap().to_string())
                .collect();
            let modes = sections
                .iter()
                .filter(|section| section["backend"] == "sqlite")
                .map(|section| {
                    let mode = &section["foreign_keys"];
                    let said = |key: &str| mode[key].as_str().unwrap_or("none").to_string();
                    format!("{}: {}", said("mode"), said("reason"))
                })
                .collect();
            assert_eq!(
                output.status.code() == Some(0),
                json["passed"] == true,
                "{}: the exit code and the verdict disagree",
                fixture.display()
            );
            (rules, modes, stdout)
        }
        code => panic!("{}: exit code {code:?}: {stderr}", fixture.display()),
    }
}

/// What one run reports: see `reported`.
type Run = (BTreeSet<String>, BTreeSet<String>, String);

/// What is wrong with a fixture's verdict, given its two runs: `None` when both printed the
/// same output and reported exactly its expected rules (and foreign-key mode, where it says
/// one).
fn judge(fixture: &Path, runs: &[Run]) -> Option<String> {
    let [(found, modes, output), (_, _, again)] = runs else {
        return Some(format!("{}: ran {} times", fixture.display(), runs.len()));
    };
    let name = fixture.strip_prefix(corpus()).unwrap().display();
    let expected = expected(fixture);
    let why = disagreements(&expected, found);
    if !why.is_empty() {
        return Some(format!(
            "{name}: {}; expected {:?}, found {found:?}\n{output}",
            why.join("; "),
            expected.reported()
        ));
    }
    if let Some(mode) = expected_foreign_keys(fixture) {
        let modes: Vec<&String> = modes.iter().collect();
        if modes != [&mode] {
            return Some(format!(
                "{name}: expected foreign keys {mode:?}, found {modes:?}\n{output}"
            ));
        }
    }
    if output != again {
        return Some(format!(
            "{name}: two identical runs printed different outputs:\n{output}\n{again}"
        ));
    }
    None
}

#[test]
fn every_fixture_gets_exactly_its_expected_verdict_and_the_same_one_twice() {
    let all = fixtures(&corpus());
    assert!(
        all.len() > 50,
        "the corpus is missing: {}",
        corpus().display()
    );
    let server = Server::new(None).unwrap();
    // Four threads (a run waits on PostgreSQL or on SQLite's files much of its time) take the
    // runs from one queue, each fixture's two one after the other, so that the longest
    // fixture's two go side by side; each PostgreSQL run gets a scratch database of its own on
    // the shared server.
    let queue = Mutex::new(all.iter().flat_map(|fixture| [fixture, fixture]));
    let runs: Mutex<BTreeMap<&PathBuf, Vec<Run>>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                loop {
                    let Some(fixture) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let run = reported(fixture, &server);
                    runs.lock().unwrap().entry(fixture).or_default().push(run);
                }
            });
        }
    });
    let wrong: Vec<String> = runs
        .into_inner()
        .unwrap()
        .iter()
        .filter_map(|(fixture, runs)| judge(fixture, runs))
        .collect();
    // Written past the test harness's capture, so every run shows what is still known wrong.
    let known: Vec<(&PathBuf, Expected)> = all
        .iter()
        .map(|fixture| (fixture, expected(fixture)))
        .filter(|(_, e)| !e.false_alarms.is_empty() || !e.missed.is_empty())
        .collect();
    let tally: Vec<String> = known
        .iter()
        .map(|(fixture, e)| {
            format!(
                "  {}: false alarms {:?}, missed {:?}",
                fixture.strip_prefix(corpus()).unwrap().display(),
                e.false_alarms,
                e.missed
            )
        })
        .collect();
    let _ = writeln!(
        std::io::stderr(),
        "corpus: {} fixtures; known disagreements with the judgement by hand: {} false alarm(s), \
         {} miss(es) in {} fixture(s)\n{}",
        all.len(),
        known
            .iter()
            .map(|(_, e)| e.false_alarms.len())
            .sum::<usize>(),
        known.iter().map(|(_, e)| e.missed.len()).sum::<usize>(),
        known.len(),
        tally.join("\n")
    );
    assert!(
        wrong.is_empty(),
        "{} of {} fixtures:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
}
