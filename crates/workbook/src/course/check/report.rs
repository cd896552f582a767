//! What the checklist says: each goal's outcome, why a goal failed and what to do about it,
//! printed as text or carried as one line of JSON.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// What one goal came to.
#[derive(Debug, Serialize, Deserialize)]
pub struct Outcome {
    pub name: String,
    /// True when the lesson asks for this goal (the starter must fail it).
    pub new: bool,
    /// In JSON: `"failure": null` when the goal passed.
    #[serde(rename = "failure", with = "failure_or_null")]
    pub result: Result<(), Failure>,
}

/// Why a goal failed and what to do about it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Failure {
    pub found: String,
    pub hint: String,
    /// The goal whose failure causes this one, when another goal's is: fix that first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<String>,
}

impl Failure {
    /// A failure with nothing blocking it.
    pub fn new(found: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            found: found.into(),
            hint: hint.into(),
            blocked_by: None,
        }
    }
}

/// The checklist of one lesson crate.
#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    pub package: String,
    pub title: String,
    pub dir: String,
    pub next: Option<String>,
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// True when every goal passed.
    pub fn passed(&self) -> bool {
        self.outcomes.iter().all(|o| o.result.is_ok())
    }

    /// How many goals passed.
    pub fn passed_count(&self) -> usize {
        self.outcomes.iter().filter(|o| o.result.is_ok()).count()
    }

    /// The failure the student should fix next: of the failures nothing else blocks, the one
    /// in the earliest migration, its up.sql before its down.sql; then the first in the
    /// checklist's order (a failure outside the migrations comes after theirs).
    pub fn first_failure(&self) -> Option<(&Outcome, &Failure)> {
        let failures = || {
            self.outcomes
                .iter()
                .filter_map(|o| o.result.as_ref().err().map(|failure| (o, failure)))
        };
        failures()
            .enumerate()
            .filter(|(_, (_, failure))| failure.blocked_by.is_none())
            .min_by_key(|(at, (_, failure))| (super::advice::place(&failure.hint), *at))
            .map(|(_, pair)| pair)
            // Failures that block each other in a ring: the first of them.
            .or_else(|| failures().next())
    }

    /// The report as one line of JSON, what `check --format json` prints for tools such as
    /// the course runner: `{"package", "title", "dir", "next", "outcomes": [{"name", "new",
    /// "failure": null | {"found", "hint"}}]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report is plain strings and booleans")
    }

    /// Reads what `to_json` wrote.
    pub fn from_json(text: &str) -> Result<Report, String> {
        serde_json::from_str(text).map_err(|e| format!("not a checklist in JSON: {e}"))
    }

    /// The checklist as printed by `check`: a line per goal, what was found and the hint
    /// under each failing one, and the next step.
    pub fn render(&self) -> String {
        let mut text = format!("{} · {}\n\n", self.package, self.title);
        for outcome in &self.outcomes {
            match &outcome.result {
                Ok(()) => writeln!(text, "  ✓ {}", outcome.name),
                Err(failure) => match &failure.blocked_by {
                    None => writeln!(
                        text,
                        "  ✗ {}\n      found: {}\n      hint:  {}",
                        outcome.name, failure.found, failure.hint
                    ),
                    Some(cause) => writeln!(
                        text,
                        "  ✗ {}\n      found: {}\n      blocked by: {cause} (fix that first)",
                        outcome.name, failure.found
                    ),
                },
            }
            .expect("writing to a String cannot fail");
        }
        let passed = self.passed_count();
        let total = self.outcomes.len();
        writeln!(text, "\n{passed} of {total} goals pass.")
            .expect("writing to a String cannot fail");
        text + &self.next_step() + "\n"
    }

    /// What to do now, in one line: the first failing goal's hint, or the next lesson.
    pub fn next_step(&self) -> String {
        match (self.first_failure(), &self.next) {
            (Some((_, failure)), _) => format!(
                "Next: {} (files are in {}), then run this check again.",
                failure.hint, self.dir
            ),
            (None, Some(next)) => format!("Every goal passes. Next: {next}"),
            (None, None) => "Every goal passes. You have finished the workbook.".to_string(),
        }
    }
}

mod failure_or_null {
    use super::Failure;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(result: &Result<(), Failure>, s: S) -> Result<S::Ok, S::Error> {
        result.as_ref().err().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Result<(), Failure>, D::Error> {
        Ok(Option::<Failure>::deserialize(d)?.map_or(Ok(()), Err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_survives_json_and_renders_the_same() {
        let report = Report {
            package: "lesson-04".into(),
            title: "Create a schema".into(),
            dir: "lessons/lesson-04".into(),
            next: None,
            outcomes: vec![
                Outcome {
                    name: "create_user makes the user table".into(),
                    new: false,
                    result: Ok(()),
                },
                Outcome {
                    name: "task exists".into(),
                    new: true,
                    result: Err(Failure::new(
                        "there is no table named \"task\"\nat all",
                        "write migrations/*_create_task/up.sql",
                    )),
                },
            ],
        };
        let json = report.to_json();
        assert!(
            json.contains(
                r#""name":"create_user makes the user table","new":false,"failure":null"#
            ),
            "{json}"
        );
        assert!(!json.contains('\n'), "{json}");
        let back = Report::from_json(&json).unwrap();
        assert_eq!(back.render(), report.render());
        assert!(!back.passed());
        let error = Report::from_json("error: not json").unwrap_err();
        assert!(error.starts_with("not a checklist in JSON"), "{error}");
    }
}
