//! `cargo run -p course -- [COMMAND]`: the workbook runner. See the crate's documentation.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::channel;

use clap::{Parser, Subcommand};
use course::lessons::Course;
use course::progress::{self, Cargo, Checker, Progress};
use course::watch::{self, Signal};
use course::{report, reset};
use workbook::{Error, Result, verify};

/// The workbook runner: with no command, where you stand in every lesson and what to run next
#[derive(Parser)]
#[command(name = "course")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Show the hint of the first failing goal of a lesson (default: the current one)
    Hint {
        /// lesson-04, 04 or 4
        lesson: Option<String>,
    },
    /// Check a lesson (default: the current one), or every lesson with --all; exit code 0 when all pass
    Check {
        /// lesson-04, 04 or 4
        #[arg(conflicts_with = "all")]
        lesson: Option<String>,
        /// Check every lesson and print a summary table
        #[arg(long)]
        all: bool,
    },
    /// Check the current lesson again whenever one of its files changes; moves on when it passes
    Watch {
        /// Check again only when Enter is pressed (for file systems where watching does not work)
        #[arg(long)]
        manual: bool,
    },
    /// Put a lesson's starter back as the workbook shipped it (asks first)
    Reset {
        /// lesson-04, 04 or 4
        lesson: String,
        /// Also throw away uncommitted changes and new files in the lesson's folder
        #[arg(long)]
        force: bool,
    },
    /// Check any Diesel SQLite migrations folder (as `verify-migrations` does): up, down and
    /// up again with generated rows, exact downs, rows kept, foreign keys, SQLite's traps;
    /// exit code 0 when every rule passes, 1 on problems, 2 when it cannot run
    Verify(Box<verify::Args>),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    if let Some(Command::Verify(args)) = &cli.command {
        return verify::main(args, &mut out);
    }
    match run(cli.command, &mut out) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a command; `Ok(false)` when it ran but found failing checks.
fn run(command: Option<Command>, out: &mut dyn Write) -> Result<bool> {
    let course = Course::find(&cwd()?)?;
    let checker = Cargo;
    match command {
        None => {
            let progress: Vec<Progress> = course
                .lessons
                .iter()
                .map(|info| checking(&course, &checker, info))
                .collect();
            print(out, &report::overview(&course, &progress))?;
            Ok(true)
        }
        Some(Command::Hint { lesson }) => {
            let (info, progress) = chosen(&course, &checker, lesson.as_deref())?;
            print(out, &report::hint(&course, info, &progress))?;
            Ok(true)
        }
        Some(Command::Check {
            lesson: _,
            all: true,
        }) => {
            let progress: Vec<Progress> = course
                .lessons
                .iter()
                .map(|info| checking(&course, &checker, info))
                .collect();
            print(out, &report::summary(&course, &progress))?;
            Ok(progress.iter().all(Progress::passed))
        }
        Some(Command::Check { lesson, all: false }) => {
            let (info, progress) = chosen(&course, &checker, lesson.as_deref())?;
            print(out, &progress.render(info))?;
            Ok(progress.passed())
        }
        Some(Command::Watch { manual }) => {
            let (changes, signals) = channel();
            let typed = changes.clone();
            // Reads Enter and q; the end of the input means quit.
            std::thread::spawn(move || {
                for line in std::io::stdin().lock().lines() {
                    let Ok(line) = line else { break };
                    if typed.send(watch::signal(&line)).is_err() {
                        return;
                    }
                }
                let _ = typed.send(Signal::Quit);
            });
            watch::watch(&course, &checker, manual, &changes, &signals, out)?;
            Ok(true)
        }
        Some(Command::Reset { lesson, force }) => {
            let info = course.lesson(&lesson)?;
            reset::reset(&course, info, force, &mut std::io::stdin().lock(), out)?;
            Ok(true)
        }
        Some(Command::Verify(_)) => unreachable!("handled in main"),
    }
}

/// The named lesson (or the current one, or the last when all pass) and its progress.
fn chosen(
    course: &Course,
    checker: &dyn Checker,
    lesson: Option<&str>,
) -> Result<(&'static workbook::course::Info, Progress)> {
    if let Some(name) = lesson {
        let info = course.lesson(name)?;
        return Ok((info, checking(course, checker, info)));
    }
    let (mut seen, current) = progress::current(course, checker);
    let index = current.unwrap_or(seen.len() - 1);
    Ok((course.lessons[index], seen.swap_remove(index)))
}

fn checking(course: &Course, checker: &dyn Checker, info: &workbook::course::Info) -> Progress {
    eprintln!("Checking {} …", course::lessons::package(info));
    checker.check(course, info)
}

fn cwd() -> Result<PathBuf> {
    std::env::current_dir().map_err(|e| Error::new(format!("cannot read the current folder: {e}")))
}

fn print(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}
