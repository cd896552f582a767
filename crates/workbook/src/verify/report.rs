//! What `verify` found, as printed: a checklist of the rules, or one JSON object.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::rules::{self, Problem, edited_migration};

/// What `verify` found.
pub struct Report {
    pub dir: PathBuf,
    pub migrations: usize,
    pub options: String,
    /// How the run went, beside the problems: which folder was picked, what was masked.
    pub notes: Vec<String>,
    pub problems: Vec<Problem>,
    /// The database the applied migrations were compared with.
    pub compared_with: Option<String>,
    /// SQLite's foreign-key mode while migrating, and why (`None` on PostgreSQL).
    pub foreign_keys: Option<super::foreign_keys::Mode>,
    /// PostgreSQL's migrations (the checklist lists the rules that judge them).
    pub postgres: bool,
    pub coverage: Coverage,
}

/// How much the walk judged: a rule shows ✓ only when it judged every migration it applies to.
#[derive(Debug, Default)]
pub struct Coverage {
    /// The migrations to judge (all, or those of the `--since` window).
    pub judged: usize,
    /// Those the walk never reached: it stopped before them.
    pub unreached: Vec<String>,
    /// The tables the walk made or met.
    pub tables: usize,
    /// The tables no generated row fitted, each with what refused it: what migrations do to
    /// their rows went unjudged (their locks, rewrites and scans were judged all the same).
    pub rowless: BTreeMap<String, String>,
}

/// The rules that read the folders' files (or, for edited-migration, the user's database),
/// which judge every folder whatever the walk did.
const FILE_RULES: [&str; 7] = [
    "edited-migration",
    "missing-up-sql",
    "duplicate-version",
    "unusual-name",
    "suppression",
    "irreversible",
    "pragma-foreign-keys-in-transaction",
];

/// The rules that judge rows: a table no generated row fits is not judged by them.
const ROW_RULES: [&str; 4] = [
    "up-loses-rows",
    "down-loses-rows",
    "up-again-differs",
    "not-valid-hides-bad-rows",
];

impl Report {
    /// True when no rule found a problem (notes do not count).
    pub fn passed(&self) -> bool {
        self.problems.iter().all(|p| p.note)
    }

    /// The report as printed: a checklist of the rules, each problem under its rule, notes,
    /// and the verdict.
    pub fn render(&self) -> String {
        let mut text = format!(
            "verify {} ({} migrations; {})\n",
            self.dir.display(),
            self.migrations,
            self.options
        );
        for rule in rules::ALL {
            let judged = if self.postgres {
                rule.on.postgres()
            } else {
                rule.on.sqlite()
            };
            if !judged || rule.name == edited_migration::RULE.name && self.compared_with.is_none() {
                continue;
            }
            let found: Vec<&Problem> = self
                .problems
                .iter()
                .filter(|p| p.rule == rule.name)
                .collect();
            let failing = found.iter().any(|p| !p.note);
            let walked = !FILE_RULES.contains(&rule.name);
            let unreached = walked && !self.coverage.unreached.is_empty();
            let rowless = ROW_RULES.contains(&rule.name) && !self.coverage.rowless.is_empty();
            let mark = match (found.is_empty(), failing) {
                (true, _) if unreached || rowless => '?',
                (true, _) => '✓',
                (false, true) => '✗',
                (false, false) => '!',
            };
            text += &format!("  {mark} {} [{}]\n", rule.summary, rule.name);
            if unreached {
                let c = &self.coverage;
                text += &format!(
                    "      not judged: {} of {} migrations (the walk stopped before them)\n",
                    c.unreached.len(),
                    c.judged
                );
            } else if rowless && found.is_empty() {
                text += &format!(
                    "      not judged on {} (no generated row fits them)\n",
                    self.coverage
                        .rowless
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            for problem in found {
                let label = if problem.note { "note" } else { "problem" };
                text += &format!("      {label}: {}\n", problem.text);
            }
        }
        for note in &self.notes {
            text += &format!("note: {note}\n");
        }
        text += &self.coverage.said();
        let count = self.problems.iter().filter(|p| !p.note).count();
        let unjudged = !self.coverage.unreached.is_empty() || !self.coverage.rowless.is_empty();
        text + &match count {
            0 if unjudged => "No rule found a problem in what it judged.\n".to_string(),
            0 => "Every rule passes.\n".to_string(),
            1 => "1 problem found (`--explain RULE` says more).\n".to_string(),
            n => format!("{n} problems found (`--explain RULE` says more).\n"),
        }
    }

    /// The report as one JSON object.
    pub fn to_json(&self) -> String {
        self.json().to_string()
    }

    /// The report as a JSON value: the folder, its backend, the problems, what was judged and
    /// the verdict.
    pub fn json(&self) -> serde_json::Value {
        let problems: Vec<serde_json::Value> = self
            .problems
            .iter()
            .map(|p| {
                serde_json::json!({
                    "rule": p.rule,
                    "migration": p.migration,
                    "text": p.text,
                    "note": p.note,
                })
            })
            .collect();
        serde_json::json!({
            "migrations_dir": self.dir.display().to_string(),
            "backend": if self.postgres { "postgres" } else { "sqlite" },
            "migrations": self.migrations,
            "options": self.options,
            "foreign_keys": self.foreign_keys.as_ref().map(|mode| serde_json::json!({
                "mode": mode.word(),
                "reason": mode.why,
            })),
            "notes": self.notes,
            "problems": problems,
            "judged": {
                "migrations": self.coverage.judged - self.coverage.unreached.len(),
                "not_reached": self.coverage.unreached,
                "tables_with_rows": self.coverage.tables.saturating_sub(self.coverage.rowless.len()),
                "tables_without_rows": self.coverage.rowless,
            },
            "passed": self.passed(),
        })
    }
}

impl Coverage {
    /// The summary lines: what was judged, and what was not and why.
    fn said(&self) -> String {
        let with_rows = self.tables.saturating_sub(self.rowless.len());
        let mut text = format!(
            "Judged: {} of {} migrations; {with_rows} table{} with generated rows, {} without.\n",
            self.judged - self.unreached.len(),
            self.judged,
            if with_rows == 1 { "" } else { "s" },
            self.rowless.len()
        );
        if let Some(first) = self.unreached.first() {
            text += &format!(
                "Not judged: {} migrations from {first} on, which the walk never reached (see the \
                 problem that stopped it).\n",
                self.unreached.len()
            );
        }
        for (table, why) in &self.rowless {
            text += &format!(
                "Not judged with rows: {table}, where no generated row fits ({why}); its locks, \
                 rewrites and scans were judged all the same.\n"
            );
        }
        text
    }
}
