//! `verify` beside the two linters Diesel projects run on PostgreSQL migrations, on the
//! PostgreSQL corpus (diesel's own examples and test migrations, the hand-made fixtures and
//! other real projects' migrations, then crates.io's):
//! squawk (`pip install squawk-cli`) and diesel-guard (`cargo install diesel-guard`, which needs
//! libclang). Each linter reads `up.sql` as text; verify runs it on a server with rows. For each
//! linter that is on PATH, a table counts the migrations on which both raise the same problem,
//! those only the linter raises (with the reason verify does not), and those only verify raises.
//!
//! `cargo run -p verify-migrations --example beside_linters`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use migration_engine::postgres::Server;
use migration_engine::verify::{Backend, Options, verify};

/// Findings by (migration folder, rule).
type Found = BTreeMap<(String, String), usize>;

/// A linter: how to run it on one fixture, which of its rules find what a verify rule finds,
/// and why verify raises nothing for its other rules.
struct Linter {
    name: &'static str,
    install: &'static str,
    run: fn(&Path) -> Found,
    same: &'static [(&'static str, &'static str)],
    style: &'static [(&'static str, &'static str)],
}

const TYPE_CHOICE: &str = "a type choice, not what the migration does to rows or locks";
const RERUN: &str = "IF NOT EXISTS is style: diesel records each migration and never reruns it";

const LINTERS: [Linter; 2] = [
    Linter {
        name: "squawk",
        install: "pip install squawk-cli",
        run: squawk,
        same: &[
            ("require-concurrent-index-creation", "index-blocks-writes"),
            ("require-concurrent-index-deletion", "index-blocks-writes"),
            ("constraint-missing-not-valid", "constraint-not-valid"),
            // Also VALIDATE in the transaction that added the constraint NOT VALID.
            ("constraint-missing-not-valid", "lock-held-during-scan"),
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
            ("require-lock-timeout", "missing-lock-timeout"),
            (
                "ban-concurrent-index-creation-in-transaction",
                "concurrently-in-transaction",
            ),
        ],
        style: &[
            ("prefer-robust-stmts", RERUN),
            ("prefer-bigint-over-int", TYPE_CHOICE),
            ("prefer-bigint-over-smallint", TYPE_CHOICE),
            ("prefer-identity", TYPE_CHOICE),
            ("prefer-text-field", TYPE_CHOICE),
            ("prefer-timestamp-tz", TYPE_CHOICE),
            ("ban-char-field", TYPE_CHOICE),
            (
                "require-statement-timeout",
                "verify asks for lock_timeout, the setting that stops a queue of blocked queries",
            ),
        ],
    },
    Linter {
        name: "diesel-guard",
        install: "cargo install diesel-guard (needs libclang: apt-get install libclang-dev)",
        run: diesel_guard,
        same: &[
            ("AddIndexCheck", "index-blocks-writes"),
            // Also CREATE INDEX CONCURRENTLY in a migration diesel wraps in a transaction.
            ("AddIndexCheck", "concurrently-in-transaction"),
            ("DropIndexCheck", "index-blocks-writes"),
            ("AddForeignKeyCheck", "constraint-not-valid"),
            ("AddCheckConstraintCheck", "constraint-not-valid"),
            ("AddUniqueConstraintCheck", "unique-builds-under-lock"),
            ("AddPrimaryKeyCheck", "unique-builds-under-lock"),
            ("AlterColumnTypeCheck", "table-rewrite"),
            ("AddColumnCheck", "table-rewrite"),
            ("AddNotNullCheck", "not-null-scans"),
            ("RenameColumnCheck", "breaks-running-clients"),
            ("RenameTableCheck", "breaks-running-clients"),
            ("DropColumnCheck", "breaks-running-clients"),
            ("DropTableCheck", "breaks-running-clients"),
        ],
        style: &[
            ("IdempotencyCreateCheck", RERUN),
            ("IdempotencyAlterCheck", RERUN),
            ("IdempotencyDropCheck", RERUN),
            ("IdempotencyIndexCheck", RERUN),
            ("CreateTableSerialCheck", TYPE_CHOICE),
            ("ShortIntegerPrimaryKeyCheck", TYPE_CHOICE),
            ("TimestampTypeCheck", TYPE_CHOICE),
            ("CharTypeCheck", TYPE_CHOICE),
            ("AddJsonColumnCheck", TYPE_CHOICE),
            (
                "UnnamedConstraintCheck",
                "a naming choice; PostgreSQL names every constraint",
            ),
        ],
    },
];

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let fixtures_in = |groups: &[&str]| -> Vec<PathBuf> {
        let mut fixtures = Vec::new();
        for group in groups {
            let mut found: Vec<PathBuf> = std::fs::read_dir(corpus.join(group))
                .expect("the corpus is there")
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            found.sort();
            fixtures.extend(found);
        }
        fixtures
    };
    let sets = [
        (
            "diesel's own, the hand-made and other real projects' PostgreSQL fixtures",
            fixtures_in(&[
                "diesel_postgres",
                "handmade/postgres/real_bugs",
                "handmade/postgres/false_alarms",
                "real/postgres",
            ]),
        ),
        ("crates.io's migrations", vec![corpus.join("cratesio")]),
    ];
    let server = Arc::new(Server::new(None).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    }));
    for (title, fixtures) in &sets {
        println!("## {title}\n");
        let verified: Vec<Found> = fixtures.iter().map(|f| verified(f, &server)).collect();
        for linter in &LINTERS {
            if Command::new(linter.name).arg("--version").output().is_err() {
                println!(
                    "{}: not on PATH ({}), skipped\n",
                    linter.name, linter.install
                );
                continue;
            }
            let linted: Vec<Found> = fixtures.iter().map(|f| (linter.run)(f)).collect();
            compare(linter, fixtures.len(), &linted, &verified);
        }
    }
}

/// Prints the table of `linter` beside verify.
fn compare(linter: &Linter, fixtures: usize, linted: &[Found], verified: &[Found]) {
    // (both, only the linter, only verify): the (migration, rule) pairs each raises, by rule.
    let mut both: BTreeMap<String, usize> = BTreeMap::new();
    let mut only_linter: BTreeMap<String, usize> = BTreeMap::new();
    let mut only_verify: BTreeMap<String, usize> = BTreeMap::new();
    // The verify rules that find what the linter's rule finds (one linter rule may cover two).
    let same = |rule: &str| {
        linter
            .same
            .iter()
            .filter(|(l, _)| *l == rule)
            .map(|(_, v)| *v)
            .collect::<Vec<&str>>()
    };
    for (linted, verified) in linted.iter().zip(verified) {
        for (migration, rule) in linted.keys() {
            match same(rule)
                .into_iter()
                .find(|v| verified.contains_key(&(migration.clone(), v.to_string())))
            {
                Some(v) => *both.entry(format!("{rule} = {v}")).or_default() += 1,
                None => *only_linter.entry(rule.clone()).or_default() += 1,
            }
        }
        for (migration, rule) in verified.keys() {
            let seen = linter
                .same
                .iter()
                .filter(|(_, v)| v == rule)
                .any(|(l, _)| linted.contains_key(&(migration.clone(), l.to_string())));
            if !seen {
                *only_verify.entry(rule.clone()).or_default() += 1;
            }
        }
    }
    let total = |found: &[Found]| found.iter().flat_map(|f| f.values()).sum::<usize>();
    println!(
        "{fixtures} fixture{}: {} {} findings, verify {} (problems and notes); the table \
         counts migrations: a rule raised on a migration once or more counts once\n",
        if fixtures == 1 { "" } else { "s" },
        linter.name,
        total(linted),
        total(verified)
    );
    println!("| found by | rule | migrations | why the other does not |");
    println!("|---|---|---|---|");
    for (rule, n) in &both {
        println!("| both | {rule} | {n} | |");
    }
    for (rule, n) in &only_linter {
        let why = linter
            .style
            .iter()
            .find(|(l, _)| l == rule)
            .map(|(_, why)| *why)
            .unwrap_or(if !same(rule).is_empty() {
                "verify saw no such lock, rewrite or scan on a table an earlier migration made \
                 (a table made in the same migration blocks nobody; a wider VARCHAR rewrites \
                 nothing), or the walk stopped before it at a failing migration"
            } else {
                "not a check verify has"
            });
        println!("| only {} | {rule} | {n} | {why} |", linter.name);
    }
    for (rule, n) in &only_verify {
        println!("| only verify | {rule} | {n} | {} |", blind(rule));
    }
    println!();
}

/// Why a linter, reading text, cannot raise a finding of verify's rule `rule`.
fn blind(rule: &str) -> &'static str {
    match rule {
        "down-not-exact" | "down-loses-rows" | "up-again-differs" | "down-fails" => {
            "a linter reads ups only; verify runs each down and the up again"
        }
        "up-loses-rows" | "up-fails" | "not-valid-hides-bad-rows" => {
            "only running it on rows shows it"
        }
        "irreversible" | "missing-up-sql" | "duplicate-version" | "unusual-name" => {
            "about diesel's folders, which the linter does not judge"
        }
        "not-null-scans" => {
            "text cannot show that no CHECK proves the column first, or diesel-guard's \
             safety-assured markers told it to let the statement be"
        }
        "frozen-now" => {
            "neither linter has a rule for a 'now' literal frozen into a view or default"
        }
        "suppression" => "about verify's own `-- verify-migrations: allow` comments",
        "concurrently-in-transaction" => {
            "diesel's transaction is set in metadata.toml: squawk does not read it, diesel-guard \
             flags only a CREATE INDEX in an up"
        }
        _ => {
            "verify saw it on the server; the linter's text rules did not flag the statement, \
             or diesel-guard's safety-assured markers told it to let the statement be"
        }
    }
}

/// The `up.sql` files of a fixture.
fn ups(fixture: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(fixture.join("migrations"))
        .expect("a migrations folder")
        .flatten()
        .map(|e| e.path().join("up.sql"))
        .filter(|p| p.is_file())
        .collect()
}

/// The migration folder a reported file is in.
fn migration_of(file: &str) -> String {
    Path::new(file)
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// squawk's findings on the fixture's ups.
fn squawk(fixture: &Path) -> Found {
    let out = Command::new("squawk")
        .args(["--reporter", "json", "--assume-in-transaction"])
        .args(ups(fixture))
        .output()
        .expect("squawk runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("squawk prints JSON");
    let mut found = Found::new();
    for finding in json.as_array().into_iter().flatten() {
        let migration = migration_of(finding["file"].as_str().unwrap_or(""));
        let rule = finding["rule_name"].as_str().unwrap_or("").to_string();
        *found.entry((migration, rule)).or_default() += 1;
    }
    found
}

/// diesel-guard's findings on the fixture's ups (its default settings).
fn diesel_guard(fixture: &Path) -> Found {
    let out = Command::new("diesel-guard")
        .args(["check", "--format", "json"])
        .arg(fixture.join("migrations"))
        .output()
        .expect("diesel-guard runs");
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("diesel-guard prints JSON");
    let mut found = Found::new();
    for file in json.as_array().into_iter().flatten() {
        let migration = migration_of(file["file"].as_str().unwrap_or(""));
        for violation in file["violations"].as_array().into_iter().flatten() {
            let rule = violation["check_name"].as_str().unwrap_or("").to_string();
            *found.entry((migration.clone(), rule)).or_default() += 1;
        }
    }
    found
}

/// verify's findings (problems and notes).
fn verified(fixture: &Path, server: &Arc<Server>) -> Found {
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(Arc::clone(server)),
        ..Options::default()
    };
    let report = verify(fixture, &options).expect("verify runs on the corpus");
    let mut found = Found::new();
    for problem in report.problems {
        let migration = problem.migration.unwrap_or_default();
        *found
            .entry((migration, problem.rule.to_string()))
            .or_default() += 1;
    }
    found
}
