//! What `verify` found, as printed: a checklist of the rules, or one JSON object.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::rules::{self, Problem, breaks_running_clients, edited_migration, old_app_breaks};

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
    /// Every note printed; else a few of each rule's and of the run's, with how many more.
    pub verbose: bool,
    /// The rules the project turned off: the checklist says so.
    pub off: Vec<&'static str>,
    /// The rules the project made advice: the checklist says so.
    pub advice: Vec<&'static str>,
}

/// The notes of one rule (and of the run) printed without `--verbose`.
const NOTES_SHOWN: usize = 3;

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
    /// Why the walk stopped when a migration needs a newer server than the one it ran on (the
    /// migration and those after it are `unreached`): verify could not run them (exit code 2).
    pub newer: Option<String>,
    /// The app still running that `old-app-breaks` judged against: where its schema was read
    /// (`src/schema.rs at HEAD~1`), or why it was not judged; `None` when none was asked for.
    pub app: Option<Result<String, String>>,
}

/// What the coverage says of the running app, from what `verify` could read of it.
pub(super) fn judged_app(known: Option<super::old_app::Known>) -> Option<Result<String, String>> {
    known.map(|k| k.map(|(_, from)| from))
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
    /// True when no rule found a problem (notes do not count) and no migration needed a newer
    /// server.
    pub fn passed(&self) -> bool {
        !self.found_problems() && self.coverage.newer.is_none()
    }

    /// True when a rule found a problem (notes do not count).
    pub fn found_problems(&self) -> bool {
        self.problems.iter().any(|p| !p.note)
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
            if self.off.contains(&rule.name) {
                text += &format!("  - {} [{}]: turned off\n", rule.summary, rule.name);
                continue;
            }
            // Judged only against a running app's schema, when one is asked for; its verdict then
            // replaces breaks-running-clients' guess.
            let app = rule.name == old_app_breaks::RULE.name;
            let guess = rule.name == breaks_running_clients::RULE.name;
            if app && self.coverage.app.is_none()
                || guess && matches!(self.coverage.app, Some(Ok(_)))
            {
                continue;
            }
            let app_unknown = match &self.coverage.app {
                Some(Err(why)) if app => Some(why),
                _ => None,
            };
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
                (true, _) if unreached || rowless || app_unknown.is_some() => '?',
                (true, _) => '✓',
                (false, true) => '✗',
                (false, false) => '!',
            };
            let notes = found.iter().filter(|p| p.note).count();
            let counted = match notes {
                0 | 1 => String::new(),
                n => format!(" ({n} notes)"),
            };
            let advice = match self.advice.contains(&rule.name) {
                true => " (made advice)",
                false => "",
            };
            text += &format!(
                "  {mark} {} [{}]{advice}{counted}\n",
                rule.summary, rule.name
            );
            if let Some(why) = app_unknown {
                text += &format!("      not judged: {why}\n");
            } else if unreached {
                let c = &self.coverage;
                text += &format!(
                    "      not judged: {} of {} migrations ({})\n",
                    c.unreached.len(),
                    c.judged,
                    match c.newer {
                        Some(_) => "they need a newer server",
                        None => "the walk stopped before them",
                    }
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
            let (problems, notes): (Vec<&Problem>, Vec<&Problem>) =
                found.into_iter().partition(|p| !p.note);
            for problem in problems {
                text += &format!("      problem: {}\n", problem.text);
            }
            let shown = self.shown(notes.len());
            for note in &notes[..shown] {
                text += &format!("      note: {}\n", note.text);
            }
            text += &more(notes.len() - shown, "      ", " of this rule");
        }
        let shown = self.shown(self.notes.len());
        for note in &self.notes[..shown] {
            text += &format!("note: {note}\n");
        }
        text += &more(self.notes.len() - shown, "", "");
        text + &self.summary()
    }

    /// The last lines: what was judged, what was not and why, and the verdict.
    pub fn summary(&self) -> String {
        let count = self.problems.iter().filter(|p| !p.note).count();
        let unjudged = !self.coverage.unreached.is_empty()
            || !self.coverage.rowless.is_empty()
            || matches!(self.coverage.app, Some(Err(_)));
        self.coverage.said()
            + match count {
                0 if self.coverage.newer.is_some() => "No rule found a problem in what it \
                                                       judged; the rest needs a newer PostgreSQL \
                                                       server.\n"
                    .to_string(),
                0 if unjudged => "No rule found a problem in what it judged.\n".to_string(),
                0 => "Every rule passes.\n".to_string(),
                1 => "1 problem found (`--explain RULE` says more).\n".to_string(),
                n => format!("{n} problems found (`--explain RULE` says more).\n"),
            }
            .as_str()
    }

    /// How many of `n` notes are printed.
    fn shown(&self, n: usize) -> usize {
        match self.verbose || n <= NOTES_SHOWN + 1 {
            true => n,
            false => NOTES_SHOWN,
        }
    }

    /// The report as a JSON value: the folder, its backend, the findings (problems and notes,
    /// each with its file, line and fix), what was judged and the verdict.
    pub fn json(&self) -> serde_json::Value {
        let findings: Vec<serde_json::Value> = self.findings().iter().map(|f| f.json()).collect();
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
            "findings": findings,
            "rules_off": self.off,
            "rules_advice": self.advice,
            "judged": {
                "migrations": self.coverage.judged - self.coverage.unreached.len(),
                "not_reached": self.coverage.unreached,
                "tables_with_rows": self.coverage.tables.saturating_sub(self.coverage.rowless.len()),
                "tables_without_rows": self.coverage.rowless,
                "needs_newer_server": self.coverage.newer,
                "old_app": match &self.coverage.app {
                    None => serde_json::Value::Null,
                    Some(Ok(from)) => serde_json::json!({ "schema": from }),
                    Some(Err(why)) => serde_json::json!({ "not_judged": why }),
                },
            },
            "passed": self.passed(),
        })
    }
}

/// The line that says `n` notes were left out (none when `n` is 0).
fn more(n: usize, indent: &str, of: &str) -> String {
    match n {
        0 => String::new(),
        n => format!("{indent}… and {n} more notes{of} (--verbose lists them all)\n"),
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
        if let (Some(first), Some(why)) = (self.unreached.first(), &self.newer) {
            text += &format!(
                "Not judged: {} migrations from {first} on, which this server cannot run: {why}.\n",
                self.unreached.len()
            );
        } else if let Some(first) = self.unreached.first() {
            text += &format!(
                "Not judged: {} migrations from {first} on, which the walk never reached (see the \
                 problem that stopped it).\n",
                self.unreached.len()
            );
        }
        if let Some(Err(why)) = &self.app {
            text += &format!(
                "Not judged: whether the app still running works on the migrated database \
                 (old-app-breaks), as {why}.\n"
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{missing_lock_timeout, up_fails};

    fn report(notes: usize, verbose: bool) -> Report {
        let mut problems: Vec<Problem> = (0..notes)
            .map(|i| Problem::new(&missing_lock_timeout::RULE, None, format!("lock {i}")))
            .collect();
        problems.push(Problem::new(&up_fails::RULE, None, "fails"));
        Report {
            dir: PathBuf::from("migrations"),
            migrations: 1,
            options: String::new(),
            notes: (0..notes).map(|i| format!("run note {i}")).collect(),
            problems,
            compared_with: None,
            postgres: true,
            coverage: Coverage {
                judged: 1,
                ..Coverage::default()
            },
            verbose,
            foreign_keys: None,
            off: Vec::new(),
            advice: Vec::new(),
        }
    }

    #[test]
    fn a_rules_notes_are_counted_and_shown_three_at_a_time_unless_verbose() {
        let text = report(9, false).render();
        assert!(
            text.contains("[missing-lock-timeout] (9 notes)\n"),
            "{text}"
        );
        assert!(
            text.contains("note: lock 2\n") && !text.contains("note: lock 3\n"),
            "{text}"
        );
        assert!(
            text.contains("      … and 6 more notes of this rule (--verbose lists them all)\n")
        );
        assert!(
            text.contains("note: run note 2\n") && !text.contains("run note 3"),
            "{text}"
        );
        assert!(
            text.contains("\n… and 6 more notes (--verbose lists them all)\n"),
            "{text}"
        );
        assert!(
            text.contains("problem: fails"),
            "problems are never left out: {text}"
        );
        let all = report(9, true).render();
        assert!(
            all.contains("note: lock 8\n")
                && all.contains("run note 8")
                && !all.contains("more notes")
        );
        // Four notes are printed whole: a line saying "1 more" would be no shorter.
        let four = report(4, false).render();
        assert!(
            four.contains("note: lock 3\n") && !four.contains("more notes"),
            "{four}"
        );
    }
}
