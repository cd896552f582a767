//! Where a lesson stands, from its own checks: the runner builds and runs the lesson's binary,
//! like rustlings compiles an exercise, and reads the checklist it prints as JSON.

use std::process::Command;

use workbook::course::Info;
use workbook::course::check::{self, Report};

use crate::lessons::{Course, package};

/// What running a lesson's checks came to.
pub enum Progress {
    /// The checks ran: every goal, passed or not.
    Checked(Report),
    /// The lesson does not build, or its check could not run: what cargo and the binary said.
    Broken(String),
}

impl Progress {
    /// True when every goal passed.
    pub fn passed(&self) -> bool {
        matches!(self, Progress::Checked(report) if report.passed())
    }

    /// `3/8` goals passed, or `-` when the lesson does not build.
    pub fn score(&self) -> String {
        match self {
            Progress::Checked(report) => {
                format!("{}/{}", report.passed_count(), report.outcomes.len())
            }
            Progress::Broken(_) => "-".to_string(),
        }
    }

    /// The checklist, or why there is none.
    pub fn render(&self, info: &Info) -> String {
        match self {
            Progress::Checked(report) => report.render(),
            Progress::Broken(output) => format!(
                "{} does not build or its check cannot run; fix what this says, then check again:\n\n{}\n",
                package(info),
                output.trim_end()
            ),
        }
    }
}

/// Runs a lesson's checks.
pub trait Checker {
    fn check(&self, course: &Course, info: &Info) -> Progress;
}

/// The real checker: `cargo run -q -p lesson-0N -- check --format json` in the workbook.
pub struct Cargo;

impl Checker for Cargo {
    fn check(&self, course: &Course, info: &Info) -> Progress {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args([
                "run",
                "-q",
                "-p",
                &package(info),
                "--",
                "check",
                "--format",
                "json",
            ])
            .current_dir(&course.root)
            .output();
        match output {
            Err(e) => Progress::Broken(format!("cannot run cargo: {e}")),
            Ok(output) => {
                let stdout = String::from_utf8_lossy(&output.stdout);
                match Report::from_json(stdout.trim()) {
                    Ok(report) => Progress::Checked(report),
                    // A src/schema.rs that does not say what the migrations make stops the app
                    // compiling, with errors that blame the code using it: name it instead.
                    Err(_) => {
                        match check::before_build(info, &course.root.join(course.folder(info))) {
                            Some(report) => Progress::Checked(report),
                            None => Progress::Broken(
                                String::from_utf8_lossy(&output.stderr).into_owned() + &stdout,
                            ),
                        }
                    }
                }
            }
        }
    }
}

/// The index of the current lesson: the first that does not pass, with its progress (and the
/// progress of the passing ones before it); `None` when every lesson passes.
pub fn current(course: &Course, checker: &dyn Checker) -> (Vec<Progress>, Option<usize>) {
    let mut seen = Vec::new();
    for (index, info) in course.lessons.iter().enumerate() {
        let progress = checker.check(course, info);
        let passed = progress.passed();
        seen.push(progress);
        if !passed {
            return (seen, Some(index));
        }
    }
    (seen, None)
}
