//! Each finding as the machine formats give it (`--format json`, `sarif`, `github`): the rule,
//! problem or note, the migration, the file and line, the message and the safe way.

use std::path::Path;

use super::Report;
use crate::rules::{self, Problem};

/// One finding of a report, with the path of the file it is about.
pub struct Finding<'a> {
    pub problem: &'a Problem,
    /// The file it is about (`DIR/MIGRATION/up.sql`), else its migration's folder, else the
    /// migrations folder: with `/` between parts, as given on the command line.
    pub path: String,
}

impl Report {
    /// The report's findings, problems and notes, in the order they are printed.
    pub fn findings(&self) -> Vec<Finding<'_>> {
        self.problems
            .iter()
            .map(|problem| Finding {
                problem,
                path: path_of(&self.dir, problem),
            })
            .collect()
    }
}

impl Finding<'_> {
    /// `problem`, or `note` for advice and for what verify set aside on purpose.
    pub fn severity(&self) -> &'static str {
        if self.problem.note { "note" } else { "problem" }
    }

    /// The safe way, as the rule's `--explain` says it.
    pub fn fix(&self) -> Option<&'static str> {
        rules::named(self.problem.rule).map(|rule| rule.fix)
    }

    /// The finding as one JSON object.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "rule": self.problem.rule,
            "severity": self.severity(),
            "migration": self.problem.migration,
            "file": self.path,
            "line": self.problem.line,
            "message": self.problem.text,
            "fix": self.fix(),
        })
    }
}

fn path_of(dir: &Path, problem: &Problem) -> String {
    let mut path = dir.to_path_buf();
    if let Some(migration) = &problem.migration {
        path.push(migration);
        if let Some(file) = &problem.file {
            path.push(file);
        }
    }
    // `./migrations/...` is said `migrations/...`, as CI tools resolve paths from the root.
    path.strip_prefix(".")
        .unwrap_or(&path)
        .display()
        .to_string()
}
