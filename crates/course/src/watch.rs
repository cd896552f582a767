//! `watch`: checks the current lesson again whenever a file in its folder changes, and moves
//! on to the next lesson when every goal passes. In manual mode (for file systems where
//! watching does not work) Enter checks again; `q` then Enter quits either way.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use workbook::{Error, Result};

use crate::lessons::{Course, package};
use crate::progress::Checker;

/// What wakes the watch loop up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// A file in the lesson's folder changed.
    Changed,
    /// The student pressed Enter.
    Recheck,
    /// The student typed `q`, or the input ended.
    Quit,
}

/// How long things must be quiet before the loop checks again: an editor's save is often
/// several writes, and they should give one check, not several.
pub const QUIET: Duration = Duration::from_millis(300);

/// The signal a line typed by the student means.
pub fn signal(line: &str) -> Signal {
    if line.trim().eq_ignore_ascii_case("q") {
        Signal::Quit
    } else {
        Signal::Recheck
    }
}

/// Whether a change to `path` should trigger a check: not the lesson's database (the app
/// and `migration` commands write it) nor anything under `target`.
pub fn matters(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let database = [".db", ".db-journal", ".db-wal", ".db-shm"]
        .iter()
        .any(|end| name.ends_with(end));
    !database && !path.components().any(|c| c.as_os_str() == "target")
}

/// Runs the loop from the first lesson that does not pass until every lesson passes or the
/// student quits. `signals` delivers Enter and `q` (and file changes, sent through `changes`
/// unless `manual`).
pub fn watch(
    course: &Course,
    checker: &dyn Checker,
    manual: bool,
    changes: &Sender<Signal>,
    signals: &Receiver<Signal>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut manual = manual;
    for info in &course.lessons {
        let folder = course.folder(info);
        let dir = course.root.join(&folder);
        let _watcher = if manual {
            None
        } else {
            match watch_folder(&dir, changes.clone()) {
                Ok(watcher) => Some(watcher),
                Err(error) => {
                    say(
                        out,
                        &format!(
                            "{error}; press Enter to check again instead (as `watch --manual` does)."
                        ),
                    )?;
                    manual = true;
                    None
                }
            }
        };
        loop {
            say(out, &format!("Checking {} …", package(info)))?;
            let progress = checker.check(course, info);
            if progress.passed() {
                say(out, &format!("✓ {} passes every goal.\n", package(info)))?;
                break;
            }
            say(out, &progress.render(info))?;
            let how = if manual {
                "Press Enter to check again"
            } else {
                "Watching for changes: save a file to check again, or press Enter"
            };
            say(
                out,
                &format!("{how} (files in {folder}); q then Enter quits."),
            )?;
            if wait(signals) == Signal::Quit {
                return say(out, "Stopped watching.");
            }
        }
    }
    say(out, "Every lesson passes: you have finished the workbook.")
}

/// Waits for a signal. A file change counts once the folder has been quiet for `QUIET`
/// (debouncing), so a burst of changes gives one check; Enter and `q` count at once. A closed
/// channel means quit.
fn wait(signals: &Receiver<Signal>) -> Signal {
    let mut signal = signals.recv().unwrap_or(Signal::Quit);
    while signal == Signal::Changed {
        match signals.recv_timeout(QUIET) {
            Ok(next) => signal = next,
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return Signal::Quit,
        }
    }
    signal
}

/// Watches `dir` and its subfolders, sending `Changed` for every file created, written,
/// renamed or removed there. Reads are not changes: the check itself reads every file.
fn watch_folder(dir: &Path, changes: Sender<Signal>) -> Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let edit = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        );
        if edit && event.paths.iter().any(|path| matters(path)) {
            // The loop may have ended; then nobody needs to hear about the change.
            let _ = changes.send(Signal::Changed);
        }
    })
    .map_err(|e| Error::new(format!("cannot watch files: {e}")))?;
    watcher
        .watch(dir, RecursiveMode::Recursive)
        .map_err(|e| Error::new(format!("cannot watch {}: {e}", dir.display())))?;
    Ok(watcher)
}

fn say(out: &mut dyn Write, text: &str) -> Result<()> {
    writeln!(out, "{text}").map_err(|e| Error::new(format!("cannot write output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Progress;
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc::channel;
    use std::time::Instant;
    use workbook::course::Info;
    use workbook::course::check::{Failure, Outcome, Report};

    /// Passes a lesson when its folder's `answer.txt` says `done`; counts the checks.
    struct AnswerFile(Arc<AtomicUsize>);

    impl Checker for AnswerFile {
        fn check(&self, course: &Course, info: &Info) -> Progress {
            self.0.fetch_add(1, Ordering::SeqCst);
            let file = course.root.join(course.folder(info)).join("answer.txt");
            let answer = std::fs::read_to_string(file).unwrap_or_default();
            Progress::Checked(Report {
                package: package(info),
                title: info.title.into(),
                dir: course.folder(info),
                next: None,
                outcomes: vec![Outcome {
                    name: "answer.txt says done".into(),
                    new: true,
                    result: if answer.trim() == "done" {
                        Ok(())
                    } else {
                        Err(Failure::new(
                            format!("{answer:?}"),
                            "write done in answer.txt",
                        ))
                    },
                }],
            })
        }
    }

    /// A workbook folder with the first lesson of the course, not done yet.
    fn course() -> (tempfile::TempDir, Course) {
        let root = tempfile::tempdir().unwrap();
        let info = workbook::course::LESSONS[0];
        let course = Course {
            root: root.path().to_path_buf(),
            lessons: vec![info],
        };
        let dir = root.path().join(course.folder(info));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("answer.txt"), "not yet").unwrap();
        (root, course)
    }

    fn wait_for(count: &AtomicUsize, at_least: usize) -> bool {
        let start = Instant::now();
        while count.load(Ordering::SeqCst) < at_least {
            if start.elapsed() > Duration::from_secs(20) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    #[test]
    fn saving_a_file_checks_again_and_a_passing_lesson_moves_on() {
        let (_root, course) = course();
        let checks = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        let answer = course
            .root
            .join(course.folder(course.lessons[0]))
            .join("answer.txt");
        let (count, stop) = (checks.clone(), tx.clone());
        let student = std::thread::spawn(move || {
            assert!(wait_for(&count, 1), "the first check never ran");
            // Writes to the database are not changes to the lesson.
            std::fs::write(answer.with_file_name("lesson.db"), "x").unwrap();
            std::thread::sleep(QUIET * 4);
            let before = count.load(Ordering::SeqCst);
            std::fs::write(&answer, "done").unwrap();
            if !wait_for(&count, 2) {
                stop.send(Signal::Quit).unwrap();
            }
            before
        });
        let mut out = Vec::new();
        watch(
            &course,
            &AnswerFile(checks.clone()),
            false,
            &tx,
            &rx,
            &mut out,
        )
        .unwrap();
        assert_eq!(
            student.join().unwrap(),
            1,
            "the database write caused a check"
        );
        let text = String::from_utf8(out).unwrap();
        assert_eq!(checks.load(Ordering::SeqCst), 2, "{text}");
        assert!(text.contains("Watching for changes"), "{text}");
        assert!(text.contains("  ✗ answer.txt says done"), "{text}");
        assert!(text.contains(" passes every goal.\n"), "{text}");
        assert!(
            text.ends_with("Every lesson passes: you have finished the workbook.\n"),
            "{text}"
        );
    }

    #[test]
    fn manual_mode_checks_on_enter_and_quits_on_q() {
        let (_root, course) = course();
        let checks = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        tx.send(signal("")).unwrap();
        let (count, student) = (checks.clone(), tx.clone());
        let typing = std::thread::spawn(move || {
            assert!(wait_for(&count, 2), "Enter did not check again");
            std::thread::sleep(QUIET);
            student.send(signal("q")).unwrap();
        });
        let mut out = Vec::new();
        watch(
            &course,
            &AnswerFile(checks.clone()),
            true,
            &tx,
            &rx,
            &mut out,
        )
        .unwrap();
        typing.join().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(checks.load(Ordering::SeqCst), 2, "{text}");
        assert!(text.contains("Press Enter to check again"), "{text}");
        assert!(text.ends_with("Stopped watching.\n"), "{text}");
    }

    #[test]
    fn a_burst_of_changes_is_one_signal_and_q_wins() {
        let (tx, rx) = channel();
        for _ in 0..3 {
            tx.send(Signal::Changed).unwrap();
        }
        assert_eq!(wait(&rx), Signal::Changed);
        assert!(rx.try_recv().is_err(), "the burst was not taken whole");
        tx.send(Signal::Changed).unwrap();
        tx.send(Signal::Quit).unwrap();
        assert_eq!(wait(&rx), Signal::Quit);
        tx.send(Signal::Recheck).unwrap();
        tx.send(Signal::Quit).unwrap();
        assert_eq!(wait(&rx), Signal::Recheck);
        drop(tx);
        assert_eq!(wait(&rx), Signal::Quit);
        assert_eq!(wait(&rx), Signal::Quit);
    }

    #[test]
    fn typed_lines_and_changed_paths_mean_what_they_say() {
        assert_eq!(signal("q\n"), Signal::Quit);
        assert_eq!(signal(" Q "), Signal::Quit);
        assert_eq!(signal("\n"), Signal::Recheck);
        assert!(matters(&PathBuf::from("lessons/lesson-04/src/app.rs")));
        assert!(matters(&PathBuf::from(
            "lessons/lesson-04/migrations/x/up.sql"
        )));
        assert!(!matters(&PathBuf::from("lessons/lesson-04/lesson-04.db")));
        assert!(!matters(&PathBuf::from(
            "lessons/lesson-04/lesson-04.db-journal"
        )));
        assert!(!matters(&PathBuf::from("lessons/lesson-04/target/debug/x")));
    }
}
