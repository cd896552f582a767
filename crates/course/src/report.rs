//! What the runner prints about the whole course: the overview, a lesson's hint, and the
//! summary table of `check --all`.

use std::fmt::Write as _;

use workbook::course::Info;

use crate::lessons::{Course, package};
use crate::progress::Progress;

/// How students run the runner, for the commands it suggests.
pub const RUN: &str = "cargo run -p course --";

/// Every lesson with its score, the current one marked, and the next command. `progress`
/// holds one entry per lesson, in order.
pub fn overview(course: &Course, progress: &[Progress]) -> String {
    let done = progress.iter().filter(|p| p.passed()).count();
    let current = progress.iter().position(|p| !p.passed());
    let mut text = format!(
        "Database migrations in Rust: {done} of {} lessons pass\n\n    lesson     goals  title\n",
        course.lessons.len()
    );
    for (index, (info, p)) in course.lessons.iter().zip(progress).enumerate() {
        let mark = match (p.passed(), Some(index) == current) {
            (true, _) => '✓',
            (false, true) => '▶',
            (false, false) => ' ',
        };
        line(
            &mut text,
            format!(
                "  {mark} {:<10} {:<6} {}",
                package(info),
                p.score(),
                info.title
            ),
        );
    }
    match current {
        Some(index) => {
            let info = course.lessons[index];
            line(
                &mut text,
                format!("\nCurrent: {} · {}", package(info), info.title),
            );
            line(
                &mut text,
                format!(
                    "Read docs/src/{}, then edit the files in {}.",
                    info.chapter,
                    course.folder(info)
                ),
            );
            line(&mut text, format!("Next: {RUN} watch"));
            line(&mut text, format!("(`{RUN} hint` says what to do first.)"));
        }
        None => {
            line(
                &mut text,
                "\nEvery lesson passes: you have finished the workbook.".into(),
            );
            line(
                &mut text,
                format!("Next: check your own project's migrations with `{RUN} verify PATH`."),
            );
        }
    }
    text
}

/// The hint of the first failing goal of a lesson, and where the book teaches it.
pub fn hint(course: &Course, info: &Info, progress: &Progress) -> String {
    let read = format!(
        "Files: {} · Read: docs/src/{} (`mdbook serve docs --open`)\n",
        course.folder(info),
        info.chapter
    );
    let report = match progress {
        Progress::Checked(report) => report,
        Progress::Broken(_) => return progress.render(info) + &read,
    };
    let failing = report.first_failure();
    let mut text = format!("{} · {}\n", package(info), info.title);
    match failing {
        Some((outcome, failure)) => {
            line(&mut text, format!("  ✗ {}", outcome.name));
            line(&mut text, format!("      found: {}", failure.found));
            line(&mut text, format!("      hint:  {}", failure.hint));
        }
        None => line(&mut text, report.next_step()),
    }
    text + &read
}

/// One line per lesson (score, passes or its first failing goal), then the verdict.
pub fn summary(course: &Course, progress: &[Progress]) -> String {
    let mut text = "  lesson     goals  result\n".to_string();
    for (info, p) in course.lessons.iter().zip(progress) {
        let result = match p {
            Progress::Checked(report) => match report.first_failure() {
                None => "passes".to_string(),
                Some((outcome, _)) => format!("fails: {}", outcome.name),
            },
            Progress::Broken(_) => "does not build or its check cannot run".to_string(),
        };
        line(
            &mut text,
            format!("  {:<10} {:<6} {result}", package(info), p.score()),
        );
    }
    let done = progress.iter().filter(|p| p.passed()).count();
    let total = course.lessons.len();
    if done == total {
        line(
            &mut text,
            format!("Every lesson passes ({total} of {total})."),
        );
    } else {
        line(
            &mut text,
            format!("{done} of {total} lessons pass; `{RUN} check lesson-NN` shows one in full."),
        );
    }
    text
}

fn line(text: &mut String, line: String) {
    writeln!(text, "{line}").expect("writing to a String cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use workbook::course::Goal;
    use workbook::course::check::{Failure, Outcome, Report};

    const GOALS: &[Goal] = &[];
    const FIRST: Info = Info {
        number: 1,
        title: "Add the dependencies",
        chapter: "lesson-01-deps.md",
        goals: GOALS,
        seeds: &[],
        writes: &[],
        renamed: &[],
    };
    const SECOND: Info = Info {
        number: 2,
        title: "Create the first migration",
        chapter: "lesson-02-init.md",
        goals: GOALS,
        seeds: &[],
        writes: &[],
        renamed: &[],
    };
    const THIRD: Info = Info {
        number: 3,
        title: "Configure",
        chapter: "lesson-03-configure.md",
        goals: GOALS,
        seeds: &[],
        writes: &[],
        renamed: &[],
    };

    fn course() -> Course {
        Course {
            root: PathBuf::new(),
            lessons: vec![&FIRST, &SECOND, &THIRD],
        }
    }

    /// A checked lesson with `passed` goals passing, then one failing.
    fn checked(passed: usize, failing: bool) -> Progress {
        let mut outcomes: Vec<Outcome> = (0..passed)
            .map(|i| Outcome {
                name: format!("goal {i}"),
                new: false,
                result: Ok(()),
            })
            .collect();
        if failing {
            outcomes.push(Outcome {
                name: "the user table exists".into(),
                new: true,
                result: Err(Failure::new(
                    "there is no table named user",
                    "write migrations/*_create_user/up.sql",
                )),
            });
        }
        Progress::Checked(Report {
            package: "lesson-02".into(),
            title: SECOND.title.into(),
            dir: "lessons/lesson-02".into(),
            next: None,
            outcomes,
        })
    }

    #[test]
    fn the_overview_marks_done_and_current_lessons_and_says_what_to_run() {
        let text = overview(
            &course(),
            &[
                checked(3, false),
                checked(2, true),
                Progress::Broken("error[E0425]".into()),
            ],
        );
        assert!(
            text.starts_with("Database migrations in Rust: 1 of 3 lessons pass\n"),
            "{text}"
        );
        assert!(
            text.contains("  ✓ lesson-01  3/3    Add the dependencies\n"),
            "{text}"
        );
        assert!(
            text.contains("  ▶ lesson-02  2/3    Create the first migration\n"),
            "{text}"
        );
        assert!(text.contains("    lesson-03  -      Configure\n"), "{text}");
        assert!(
            text.contains("Current: lesson-02 · Create the first migration\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "Read docs/src/lesson-02-init.md, then edit the files in lessons/lesson-02.\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("Next: cargo run -p course -- watch\n"),
            "{text}"
        );

        let done = overview(
            &course(),
            &[checked(1, false), checked(1, false), checked(1, false)],
        );
        assert!(done.contains("3 of 3 lessons pass"), "{done}");
        assert!(done.contains("you have finished the workbook"), "{done}");
    }

    #[test]
    fn a_hint_is_the_first_failing_goal_and_its_chapter() {
        let text = hint(&course(), &SECOND, &checked(2, true));
        assert_eq!(
            text,
            "lesson-02 · Create the first migration\n  \
             ✗ the user table exists\n      \
             found: there is no table named user\n      \
             hint:  write migrations/*_create_user/up.sql\n\
             Files: lessons/lesson-02 · Read: docs/src/lesson-02-init.md (`mdbook serve docs --open`)\n"
        );
        // A finished lesson points at the next one (`watch` would stop at once when every
        // lesson passes), or says the workbook is done.
        let mut passed = checked(2, false);
        let Progress::Checked(report) = &mut passed else {
            unreachable!()
        };
        report.next = Some(
            "read the chapter lesson-03-configure.md and run `cargo run -p lesson-03`.".into(),
        );
        let passing = hint(&course(), &SECOND, &passed);
        assert!(
            passing.contains(
                "Every goal passes. Next: read the chapter lesson-03-configure.md and run `cargo run -p lesson-03`.\n"
            ),
            "{passing}"
        );
        assert!(!passing.contains("watch"), "{passing}");
        let last = hint(&course(), &THIRD, &checked(2, false));
        assert!(
            last.contains("Every goal passes. You have finished the workbook.\n"),
            "{last}"
        );
        let broken = hint(
            &course(),
            &THIRD,
            &Progress::Broken("error[E0425]: x".into()),
        );
        assert!(broken.starts_with("lesson-03 does not build"), "{broken}");
        assert!(broken.contains("error[E0425]: x"), "{broken}");
        assert!(
            broken.ends_with("docs/src/lesson-03-configure.md (`mdbook serve docs --open`)\n"),
            "{broken}"
        );
    }

    #[test]
    fn the_summary_has_a_line_per_lesson_and_a_verdict() {
        let text = summary(
            &course(),
            &[
                checked(3, false),
                checked(2, true),
                Progress::Broken("x".into()),
            ],
        );
        assert_eq!(
            text,
            "  lesson     goals  result\n  \
             lesson-01  3/3    passes\n  \
             lesson-02  2/3    fails: the user table exists\n  \
             lesson-03  -      does not build or its check cannot run\n\
             1 of 3 lessons pass; `cargo run -p course -- check lesson-NN` shows one in full.\n"
        );
        let all = summary(
            &course(),
            &[checked(1, false), checked(1, false), checked(1, false)],
        );
        assert!(all.ends_with("Every lesson passes (3 of 3).\n"), "{all}");
    }
}
