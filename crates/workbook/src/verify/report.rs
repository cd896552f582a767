//! What `verify` found, as printed: a checklist of the rules, or one JSON object.

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
    /// PostgreSQL's migrations (the checklist lists the rules that judge them).
    pub postgres: bool,
}

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
            let mark = match (found.is_empty(), failing) {
                (true, _) => '✓',
                (false, true) => '✗',
                (false, false) => '!',
            };
            text += &format!("  {mark} {} [{}]\n", rule.summary, rule.name);
            for problem in found {
                let label = if problem.note { "note" } else { "problem" };
                text += &format!("      {label}: {}\n", problem.text);
            }
        }
        for note in &self.notes {
            text += &format!("note: {note}\n");
        }
        let count = self.problems.iter().filter(|p| !p.note).count();
        text + &match count {
            0 => "Every rule passes.\n".to_string(),
            1 => "1 problem found (`--explain RULE` says more).\n".to_string(),
            n => format!("{n} problems found (`--explain RULE` says more).\n"),
        }
    }

    /// The report as one JSON object.
    pub fn to_json(&self) -> String {
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
            "migrations": self.migrations,
            "options": self.options,
            "notes": self.notes,
            "problems": problems,
            "passed": self.passed(),
        })
        .to_string()
    }
}
