//! `reset lesson-0N`: puts a starter back as the workbook shipped it, from git, touching
//! nothing outside the lesson's folder. The starter is taken from where the student's branch
//! left the workbook's (`git merge-base HEAD @{upstream}`), or from the last commit when the
//! branch follows nothing. Work git does not hold yet (uncommitted changes, new files) is lost
//! by a reset, so it refuses to touch it unless forced; committed work stays in the history.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::Command;

use workbook::course::Info;
use workbook::{Error, Result};

use crate::lessons::{Course, package};
use crate::report::RUN;

/// Resets the lesson's starter folder after asking on `input`; `force` lets it throw away
/// uncommitted work there.
pub fn reset(
    course: &Course,
    info: &Info,
    force: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<()> {
    let root = &course.root;
    let folder = course.folder(info);
    let name = package(info);
    git(root, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        Error::new(format!(
            "cannot reset {name}: {} is not a git checkout ({e}); get the starter again from \
             the workbook's repository",
            root.display()
        ))
    })?;
    let uncommitted = lines(&git(
        root,
        &[
            "status",
            "--porcelain",
            "--untracked-files=all",
            "--",
            &folder,
        ],
    )?);
    if !uncommitted.is_empty() && !force {
        return Err(Error::new(format!(
            "reset would throw away work in {folder} that git does not hold yet ({}): commit it \
             first (`git add {folder} && git commit -m \"my {name}\"`) and reset again, or run \
             `{RUN} reset {name} --force` to throw it away",
            first_few(
                &uncommitted
                    .iter()
                    .map(|l| l[3..].to_string())
                    .collect::<Vec<_>>()
            )
        )));
    }
    let (source, from) = match git(root, &["merge-base", "HEAD", "@{upstream}"]) {
        Ok(base) => (
            base.trim().to_string(),
            "where your branch left the workbook's",
        ),
        Err(_) => ("HEAD".to_string(), "your last commit"),
    };
    let mut changes = lines(&git(
        root,
        &["diff", "--name-only", &source, "--", &folder],
    )?);
    changes.extend(
        uncommitted
            .iter()
            .filter(|l| l.starts_with("??"))
            .map(|l| l[3..].to_string()),
    );
    if changes.is_empty() {
        return say(
            out,
            &format!("{folder} is already the starter: nothing to reset."),
        );
    }
    say(
        out,
        &format!("Resetting {folder} to the starter as of {from} changes:"),
    )?;
    for file in changes.iter().take(10) {
        say(out, &format!("  {file}"))?;
    }
    if changes.len() > 10 {
        say(out, &format!("  and {} more", changes.len() - 10))?;
    }
    let warning = if uncommitted.is_empty() {
        "your commits keep your versions"
    } else {
        "your uncommitted changes there are lost for good"
    };
    write!(
        out,
        "Reset {folder}? Nothing outside it changes; {warning}. [y/N] "
    )
    .and_then(|()| out.flush())
    .map_err(|e| Error::new(format!("cannot write output: {e}")))?;
    let mut answer = String::new();
    input
        .read_line(&mut answer)
        .map_err(|e| Error::new(format!("cannot read the answer: {e}")))?;
    if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        return say(out, "\nNothing changed.");
    }
    say(out, "")?;
    let source_arg = format!("--source={source}");
    git(
        root,
        &[
            "restore",
            &source_arg,
            "--staged",
            "--worktree",
            "--",
            &folder,
        ],
    )?;
    if force {
        git(root, &["clean", "-f", "-d", "-q", "--", &folder])?;
    }
    say(
        out,
        &format!("{folder} is the starter again. Next: {RUN} watch"),
    )?;
    let database = root.join(&folder).join(format!("{name}.db"));
    if database.exists() {
        say(
            out,
            &format!(
                "Your database {folder}/{name}.db was kept: delete it to start from an empty one."
            ),
        )?;
    }
    Ok(())
}

/// Runs git in `root` and returns its output; `Err` holds git's first line of complaint.
fn git(root: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| {
            Error::new(format!(
                "cannot run git ({e}): install git to reset a lesson"
            ))
        })?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(Error::new(format!(
        "`git {}` failed: {}",
        args.join(" "),
        stderr.lines().next().unwrap_or("no message")
    )))
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn first_few(files: &[String]) -> String {
    match files.len() {
        0..=3 => files.join(", "),
        n => format!("{} and {} more", files[..3].join(", "), n - 3),
    }
}

fn say(out: &mut dyn Write, line: &str) -> Result<()> {
    writeln!(out, "{line}").map_err(|e| Error::new(format!("cannot write output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn run_git(dir: &Path, args: &[&str]) -> String {
        let output = Command::new("git")
            .args([
                "-c",
                "user.name=Student",
                "-c",
                "user.email=student@example.com",
            ])
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    }

    /// The workbook's repository, and a student's clone of it that follows it.
    struct Fixture {
        _dir: tempfile::TempDir,
        course: Course,
    }

    impl Fixture {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let info = workbook::course::LESSONS[0];
            let upstream = dir.path().join("workbook");
            let folder = format!("lessons/{}", package(info));
            for (file, text) in [
                (format!("{folder}/src/app.rs"), "// TODO: the starter\n"),
                (format!("{folder}/migrations/1_a/up.sql"), "-- TODO\n"),
                (
                    "lessons/other/src/app.rs".to_string(),
                    "// another lesson\n",
                ),
                (".gitignore".to_string(), "*.db\n"),
            ] {
                let path = upstream.join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            run_git(&upstream, &["init", "-q", "-b", "main"]);
            run_git(&upstream, &["add", "-A"]);
            run_git(&upstream, &["commit", "-q", "-m", "starters"]);
            let student = dir.path().join("student");
            run_git(
                dir.path(),
                &[
                    "clone",
                    "-q",
                    upstream.to_str().unwrap(),
                    student.to_str().unwrap(),
                ],
            );
            Fixture {
                _dir: dir,
                course: Course {
                    root: student,
                    lessons: vec![info],
                },
            }
        }

        fn path(&self, file: &str) -> PathBuf {
            self.course
                .root
                .join(self.course.folder(self.course.lessons[0]))
                .join(file)
        }

        fn reset(&self, force: bool, answer: &str) -> Result<String> {
            let mut out = Vec::new();
            reset(
                &self.course,
                self.course.lessons[0],
                force,
                &mut answer.as_bytes(),
                &mut out,
            )?;
            Ok(String::from_utf8(out).unwrap())
        }
    }

    #[test]
    fn uncommitted_work_is_only_thrown_away_when_forced_and_confirmed() {
        let fixture = Fixture::new();
        std::fs::write(fixture.path("src/app.rs"), "// my work\n").unwrap();
        std::fs::write(fixture.path("migrations/1_a/down.sql"), "-- mine\n").unwrap();
        let database = fixture.path(&format!("{}.db", package(fixture.course.lessons[0])));
        std::fs::write(&database, "the student's rows").unwrap();
        let other = fixture.course.root.join("lessons/other/src/app.rs");
        std::fs::write(&other, "// work in another lesson\n").unwrap();

        let error = fixture.reset(false, "y\n").err().unwrap().to_string();
        assert!(
            error.starts_with("reset would throw away work in lessons/lesson-"),
            "{error}"
        );
        assert!(error.contains("src/app.rs"), "{error}");
        assert!(error.contains("--force"), "{error}");
        assert_eq!(
            std::fs::read_to_string(fixture.path("src/app.rs")).unwrap(),
            "// my work\n"
        );

        let said = fixture.reset(true, "n\n").unwrap();
        assert!(
            said.contains("your uncommitted changes there are lost for good"),
            "{said}"
        );
        assert!(said.ends_with("Nothing changed.\n"), "{said}");
        assert_eq!(
            std::fs::read_to_string(fixture.path("src/app.rs")).unwrap(),
            "// my work\n"
        );

        let said = fixture.reset(true, "y\n").unwrap();
        assert!(said.contains("is the starter again"), "{said}");
        assert!(said.contains(".db was kept: delete it"), "{said}");
        assert!(database.exists());
        assert_eq!(
            std::fs::read_to_string(fixture.path("src/app.rs")).unwrap(),
            "// TODO: the starter\n"
        );
        assert!(!fixture.path("migrations/1_a/down.sql").exists());
        assert_eq!(
            std::fs::read_to_string(&other).unwrap(),
            "// work in another lesson\n"
        );
        let said = fixture.reset(false, "").unwrap();
        assert!(
            said.ends_with("is already the starter: nothing to reset.\n"),
            "{said}"
        );
    }

    #[test]
    fn committed_work_is_reset_after_confirming_and_stays_in_the_history() {
        let fixture = Fixture::new();
        std::fs::write(fixture.path("src/app.rs"), "// my work\n").unwrap();
        run_git(&fixture.course.root, &["commit", "-q", "-am", "my work"]);
        let said = fixture.reset(false, "yes\n").unwrap();
        assert!(said.contains("your commits keep your versions"), "{said}");
        assert!(said.contains("src/app.rs"), "{said}");
        assert_eq!(
            std::fs::read_to_string(fixture.path("src/app.rs")).unwrap(),
            "// TODO: the starter\n"
        );
        let log = run_git(&fixture.course.root, &["log", "--format=%s"]);
        assert_eq!(log, "my work\nstarters\n");
    }

    #[test]
    fn a_folder_outside_git_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let course = Course {
            root: dir.path().to_path_buf(),
            lessons: vec![workbook::course::LESSONS[0]],
        };
        let error = reset(
            &course,
            course.lessons[0],
            true,
            &mut "y\n".as_bytes(),
            &mut Vec::new(),
        )
        .err()
        .unwrap()
        .to_string();
        assert!(error.contains("is not a git checkout"), "{error}");
    }
}
