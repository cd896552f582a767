//! `verify` beside squawk (the SQL linter, `pip install squawk-cli`) on the PostgreSQL corpus:
//! diesel's own examples and test migrations, and the hand-made fixtures. squawk reads each
//! `up.sql` as text; verify runs it on a server with rows. The table counts the migrations on
//! which both raise the same problem, those only squawk raises (with the reason verify does
//! not), and those only verify raises.
//!
//! `cargo run -p verify-migrations --example beside_squawk` (squawk must be on PATH)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use workbook::postgres::Server;
use workbook::verify::{Backend, Options, verify};

/// squawk's rules that find what a verify rule finds.
const SAME: &[(&str, &str)] = &[
    ("require-concurrent-index-creation", "index-blocks-writes"),
    ("require-concurrent-index-deletion", "index-blocks-writes"),
    ("constraint-missing-not-valid", "constraint-not-valid"),
    ("adding-foreign-key-constraint", "constraint-not-valid"),
    ("disallowed-unique-constraint", "unique-builds-under-lock"),
    ("changing-column-type", "table-rewrite"),
    ("adding-field-with-default", "table-rewrite"),
    ("adding-not-nullable-field", "not-null-scans"),
    ("adding-required-field", "not-null-without-default"),
    ("renaming-column", "breaks-running-clients"),
    ("renaming-table", "breaks-running-clients"),
    ("ban-drop-column", "breaks-running-clients"),
    ("ban-drop-table", "breaks-running-clients"),
    ("require-timeout-settings", "missing-lock-timeout"),
    ("require-lock-timeout", "missing-lock-timeout"),
    (
        "ban-concurrent-index-creation-in-transaction",
        "concurrently-in-transaction",
    ),
];

/// Why verify raises nothing for squawk's rules that judge the text's style.
const STYLE: &[(&str, &str)] = &[
    (
        "prefer-robust-stmts",
        "IF NOT EXISTS is style: diesel records each migration and never reruns it",
    ),
    (
        "prefer-bigint-over-int",
        "a type choice, not what the migration does to rows or locks",
    ),
    (
        "prefer-bigint-over-smallint",
        "a type choice, not what the migration does to rows or locks",
    ),
    (
        "prefer-identity",
        "a type choice (SERIAL is diesel's own default), not a lock or a loss",
    ),
    (
        "prefer-text-field",
        "a type choice, not what the migration does to rows or locks",
    ),
    (
        "prefer-timestamp-tz",
        "a type choice, not what the migration does to rows or locks",
    ),
    (
        "ban-char-field",
        "a type choice, not what the migration does to rows or locks",
    ),
    (
        "require-statement-timeout",
        "verify asks for lock_timeout, the setting that stops a queue of blocked queries",
    ),
];

fn main() {
    if Command::new("squawk").arg("--version").output().is_err() {
        eprintln!("error: squawk is not on PATH: install it with `pip install squawk-cli`");
        std::process::exit(2);
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut fixtures = Vec::new();
    for group in [
        "diesel_postgres",
        "handmade/postgres/real_bugs",
        "handmade/postgres/false_alarms",
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(corpus.join(group))
            .expect("the corpus is there")
            .flatten()
            .map(|e| e.path())
            .collect();
        found.sort();
        fixtures.extend(found);
    }
    let server = Arc::new(Server::new(None).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    }));
    // (both, only squawk, only verify): the (migration, rule) pairs each raises, by rule.
    let mut both: BTreeMap<String, usize> = BTreeMap::new();
    let mut only_squawk: BTreeMap<String, usize> = BTreeMap::new();
    let mut only_verify: BTreeMap<String, usize> = BTreeMap::new();
    let (mut squawk_total, mut verify_total) = (0, 0);
    for fixture in &fixtures {
        let squawked = squawk(fixture);
        let verified = verified(fixture, &server);
        squawk_total += squawked.values().sum::<usize>();
        verify_total += verified.values().sum::<usize>();
        for (migration, rule) in squawked.keys() {
            let same = SAME.iter().find(|(s, _)| s == rule).map(|(_, v)| *v);
            match same.filter(|v| verified.contains_key(&(migration.clone(), v.to_string()))) {
                Some(v) => *both.entry(format!("{rule} = {v}")).or_default() += 1,
                None => *only_squawk.entry(rule.clone()).or_default() += 1,
            }
        }
        for (migration, rule) in verified.keys() {
            let seen = SAME
                .iter()
                .filter(|(_, v)| v == rule)
                .any(|(s, _)| squawked.contains_key(&(migration.clone(), s.to_string())));
            if !seen {
                *only_verify.entry(rule.clone()).or_default() += 1;
            }
        }
    }
    println!(
        "{} PostgreSQL fixtures: squawk {} findings, verify {} (problems and notes); the table \
         counts migrations: a rule raised on a migration once or more counts once\n",
        fixtures.len(),
        squawk_total,
        verify_total
    );
    println!("| found by | rule | migrations | why the other does not |");
    println!("|---|---|---|---|");
    for (rule, n) in &both {
        println!("| both | {rule} | {n} | |");
    }
    for (rule, n) in &only_squawk {
        let why = STYLE
            .iter()
            .find(|(s, _)| s == rule)
            .map(|(_, why)| *why)
            .unwrap_or(if SAME.iter().any(|(s, _)| s == rule) {
                "verify saw no such lock, rewrite or scan on a table with rows (new or empty \
                 tables block nobody; a wider VARCHAR rewrites nothing), or the walk stopped \
                 before it at a failing migration"
            } else {
                "not a check verify has"
            });
        println!("| only squawk | {rule} | {n} | {why} |");
    }
    for (rule, n) in &only_verify {
        println!("| only verify | {rule} | {n} | {} |", squawk_blind(rule));
    }
}

/// Why squawk cannot raise a finding of verify's rule `rule`.
fn squawk_blind(rule: &str) -> &'static str {
    match rule {
        "down-not-exact" | "down-loses-rows" | "up-again-differs" | "down-fails" => {
            "squawk reads ups only; verify runs each down and the up again"
        }
        "up-loses-rows" | "up-fails" => "only running it on rows shows it",
        "irreversible" | "missing-up-sql" | "duplicate-version" | "unusual-name" => {
            "about diesel's folders, which squawk does not read"
        }
        "not-null-scans" => "squawk cannot see that no CHECK proves the column first",
        "concurrently-in-transaction" => {
            "squawk does not read metadata.toml, so it cannot tell which files diesel wraps in a \
             transaction"
        }
        _ => "verify saw it on the server; squawk's text rules did not flag the statement",
    }
}

/// squawk's findings on the fixture's ups, by (migration folder, rule).
fn squawk(fixture: &Path) -> BTreeMap<(String, String), usize> {
    let ups: Vec<PathBuf> = std::fs::read_dir(fixture.join("migrations"))
        .expect("a migrations folder")
        .flatten()
        .map(|e| e.path().join("up.sql"))
        .filter(|p| p.is_file())
        .collect();
    let out = Command::new("squawk")
        .args(["--reporter", "json", "--assume-in-transaction"])
        .args(&ups)
        .output()
        .expect("squawk runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("squawk prints JSON");
    let mut found = BTreeMap::new();
    for finding in json.as_array().into_iter().flatten() {
        let file = finding["file"].as_str().unwrap_or("");
        let migration = Path::new(file)
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rule = finding["rule_name"].as_str().unwrap_or("").to_string();
        *found.entry((migration, rule)).or_default() += 1;
    }
    found
}

/// verify's findings (problems and notes), by (migration folder, rule).
fn verified(fixture: &Path, server: &Arc<Server>) -> BTreeMap<(String, String), usize> {
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(Arc::clone(server)),
        ..Options::default()
    };
    let report = verify(fixture, &options).expect("verify runs on the corpus");
    let mut found = BTreeMap::new();
    for problem in report.problems {
        let migration = problem.migration.unwrap_or_default();
        *found
            .entry((migration, problem.rule.to_string()))
            .or_default() += 1;
    }
    found
}
