//! Test support, so a lesson's tests are a few lines: run its checks, walk its migrations
//! stage by stage, and drive its real binary against a temporary database.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Subcommand;
use diesel::migration::Migration;
use diesel::sqlite::Sqlite;
use tempfile::TempDir;

use crate::course::check::{Failure, Report};
use crate::course::lesson::Lesson;
use diesel_migrations::FileBasedMigrations;

use crate::harness::scratch::Scratch;
use crate::migration::{self, Migrations};
use crate::sqlite::describe;

/// The lesson's checklist.
pub fn check<A: Subcommand>(lesson: &Lesson<A>) -> Report {
    crate::cli::checklist(lesson)
}

/// The checklist of a lesson on PostgreSQL (lesson 08), on the one throwaway cluster the
/// tests of this process share (`postgres::test_server`): each check works in databases of its
/// own there.
pub fn check_postgres<A: Subcommand>(lesson: &Lesson<A, diesel::PgConnection>) -> Report {
    crate::cli::postgres::checklist_on(lesson, Some(crate::postgres::test_server()))
}

/// The checklist of a copy of `lesson` (its `migrations/` and `src/`, in a temporary folder,
/// read at run time) after `change` has been made to the copied migrations folder: how a
/// student's mistake, applied to a solution, is caught.
pub fn check_mistake<A: Subcommand>(lesson: &Lesson<A>, change: impl FnOnce(&Path)) -> Report {
    check_changed(lesson, |root| change(&root.join("migrations")))
}

/// `check_mistake`, with `change` made to the copied crate's folder (its migrations, `src/`,
/// `Cargo.toml`, `build.rs` and `diesel.toml`) rather than to its migrations folder alone.
/// The app is the lesson's own, as compiled: a change to `src/` is seen by the goals that read
/// files (`src/schema.rs`, `src/lib.rs`), not by the app they run.
pub fn check_changed<A: Subcommand>(lesson: &Lesson<A>, change: impl FnOnce(&Path)) -> Report {
    let (_work, copy) = copied(lesson, change);
    crate::cli::checklist_of_copy(&copy, lesson.migrations.is_some())
}

/// `check_mistake` for a lesson on PostgreSQL (lesson 08).
pub fn check_mistake_postgres<A: Subcommand>(
    lesson: &Lesson<A, diesel::PgConnection>,
    change: impl FnOnce(&Path),
) -> Report {
    check_changed_postgres(lesson, |root| change(&root.join("migrations")))
}

/// `check_changed` for a lesson on PostgreSQL (lesson 08).
pub fn check_changed_postgres<A: Subcommand>(
    lesson: &Lesson<A, diesel::PgConnection>,
    change: impl FnOnce(&Path),
) -> Report {
    let (_work, copy) = copied(lesson, change);
    check_postgres(&copy)
}

/// A copy of `lesson`'s editable files in a temporary folder (kept while the folder lives),
/// `change` made to the copy's folder; the copy reads its migrations at run time. The copy
/// sits in a copy of the workspace's `Cargo.toml`, so `workspace = true` still means something.
fn copied<A, C>(
    lesson: &Lesson<A, C>,
    change: impl FnOnce(&Path),
) -> (tempfile::TempDir, Lesson<A, C>) {
    let work = crate::throwaway::folder("workbook-lesson-").expect("a temporary folder");
    let from = Path::new(lesson.dir);
    let to = work.path().join("lesson");
    for folder in ["migrations", "src"] {
        if from.join(folder).is_dir() {
            copy_dir(&from.join(folder), &to.join(folder));
        }
    }
    std::fs::create_dir_all(&to).expect("the folder can be made");
    for file in ["Cargo.toml", "build.rs", "diesel.toml"] {
        if from.join(file).is_file() {
            std::fs::copy(from.join(file), to.join(file)).expect("the file can be copied");
        }
    }
    if let Some(workspace) = from
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("Cargo.toml"))
        .find(|toml| std::fs::read_to_string(toml).is_ok_and(|text| text.contains("[workspace]")))
    {
        std::fs::copy(workspace, work.path().join("Cargo.toml")).expect("the file can be copied");
    }
    change(&to);
    let copy = Lesson {
        package: lesson.package,
        dir: to.display().to_string().leak(),
        info: lesson.info,
        migrations: None,
        app: lesson.app,
    };
    (work, copy)
}

/// Replaces `old` (which must be there) by `new` in the file `path` of a migrations folder.
pub fn edit(migrations: &Path, path: &str, old: &str, new: &str) {
    let file = migrations.join(path);
    let text = std::fs::read_to_string(&file).expect("the file to edit exists");
    assert!(text.contains(old), "{path} has no {old:?}");
    std::fs::write(&file, text.replacen(old, new, 1)).expect("the file can be written");
}

/// Copies the folder `from` into `to`, subfolders included, over what is there.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the folder can be made");
    for entry in std::fs::read_dir(from).expect("the folder can be read") {
        let path = entry.expect("a readable entry").path();
        let target = to.join(path.file_name().expect("a named entry"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("the file can be copied");
        }
    }
}

/// Why the outcome whose name starts with `goal` failed; panics if there is none or it passed.
pub fn failure<'r>(report: &'r Report, goal: &str) -> &'r Failure {
    let outcome = report
        .outcomes
        .iter()
        .find(|o| o.name.starts_with(goal))
        .unwrap_or_else(|| panic!("no goal {goal:?} in:\n{}", report.render()));
    match &outcome.result {
        Err(failure) => failure,
        Ok(()) => panic!("{goal:?} passed:\n{}", report.render()),
    }
}

/// The database after one migration of a folder.
pub struct Stage {
    /// The migration's name without its timestamp, e.g. `create_task`.
    pub migration: String,
    /// The normalised schema.sql (what `schema` prints).
    pub schema: String,
    /// The Mermaid ER diagram (what `schema --format mermaid` prints).
    pub diagram: String,
}

/// The database after each migration in the folder `dir`, in order. Reads the folder at run
/// time, so it works on any Diesel migrations folder.
pub fn stages(dir: &Path) -> Vec<Stage> {
    let folder = FileBasedMigrations::from_path(dir).expect("a migrations folder");
    let migrations = Migrations::load(&folder, dir).expect("the migrations load");
    let no_app = |_: &mut diesel::SqliteConnection, _: &[&str]| -> crate::error::Result<String> {
        unreachable!("stages never run an app")
    };
    let mut scratch = Scratch::new(&migrations, &no_app).expect("a scratch database opens");
    let all: Vec<&dyn Migration<Sqlite>> = migrations.iter().collect();
    all.into_iter()
        .map(|m| {
            scratch.up(m).expect("every migration runs");
            Stage {
                migration: migration::short_name(m),
                schema: scratch.schema().expect("the schema dumps"),
                diagram: describe::er_diagram(scratch.conn()).expect("the diagram draws"),
            }
        })
        .collect()
}

/// `stages` for a folder of PostgreSQL migrations, on the tests' shared cluster: the schema as
/// PostgreSQL's catalogue says it, and the diagram.
pub fn stages_postgres(dir: &Path) -> Vec<Stage> {
    let server = crate::postgres::test_server();
    let migrations = crate::harness::postgres::load(None, dir).expect("the migrations load");
    let no_app = |_: &mut diesel::PgConnection, _: &[&str]| -> crate::error::Result<String> {
        unreachable!("stages never run an app")
    };
    let mut scratch = crate::harness::postgres::PgScratch::new(&server, &migrations, &no_app, dir)
        .expect("a scratch database opens");
    migrations
        .iter()
        .map(|m| {
            let name = crate::harness::postgres::short_name(m.as_ref());
            scratch
                .migrate_through(&name)
                .expect("every migration runs");
            Stage {
                migration: name,
                schema: crate::postgres::catalog::dump(scratch.conn()).expect("the schema dumps"),
                diagram: crate::postgres::describe::er_diagram(scratch.conn())
                    .expect("the diagram draws"),
            }
        })
        .collect()
}

/// The crate folders under `<workspace>/<group>` (`lessons` or `solutions`), sorted.
pub fn crate_dirs(workspace: &Path, group: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(workspace.join(group))
        .expect("the folder exists")
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// A lesson's real binary, run in an empty temporary folder with a database file there.
pub struct Bin {
    path: PathBuf,
    dir: TempDir,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the run succeeded and returns its stdout.
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "the command failed: {self:#?}");
        self.stdout
    }

    /// Asserts the run failed the way users should see failures (one line on stderr, no
    /// panic, exit code 1) and returns that line.
    pub fn error(self) -> String {
        assert_eq!(self.code, 1, "expected exit code 1: {self:#?}");
        assert!(
            !self.stderr.contains("panicked"),
            "the command panicked: {self:#?}"
        );
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "expected one line on stderr: {self:#?}"
        );
        assert!(self.stderr.starts_with("error: "), "{self:#?}");
        self.stderr.trim_end().to_string()
    }
}

impl Bin {
    /// The binary at `path` (pass `env!("CARGO_BIN_EXE_<name>")`).
    pub fn new(path: &str) -> Self {
        Bin {
            path: PathBuf::from(path),
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The binary of another package of this workspace (a test can name only its own
    /// package's binaries with `env!`), built by cargo into the target folder the running
    /// test lives in, with the test's profile.
    pub fn built(package: &str) -> Self {
        let exe = std::env::current_exe().expect("the test knows where it runs from");
        // target/<profile>/deps/<this test> -> target/<profile>
        let profile = exe
            .parent()
            .and_then(Path::parent)
            .expect("tests run from target/<profile>/deps");
        let mut build = Command::new(env!("CARGO"));
        build
            .args(["build", "--quiet", "-p", package, "--bin", package])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if profile.file_name().is_some_and(|name| name == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "cargo build -p {package} failed");
        let path = profile.join(format!("{package}{}", std::env::consts::EXE_SUFFIX));
        Bin::new(&path.display().to_string())
    }

    /// The same binary in a temporary folder of its own (for tests that run it on threads).
    pub fn another(&self) -> Bin {
        Bin::new(&self.path.display().to_string())
    }

    /// The temporary folder the binary runs in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database file the binary uses by default in these tests.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    /// Runs with `--database-url <dir>/test.db` and `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        let db = self.db().display().to_string();
        let mut full = vec!["--database-url", &db];
        full.extend_from_slice(args);
        self.run_bare(&full)
    }

    /// Runs with exactly `args`, `DATABASE_URL` unset, in the temporary folder.
    pub fn run_bare(&self, args: &[&str]) -> Run {
        self.run_with_env(&[], args)
    }

    /// Runs with exactly `args` and these environment variables, `DATABASE_URL` unset unless
    /// given, in the temporary folder.
    pub fn run_with_env(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let output = Command::new(&self.path)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("DATABASE_URL")
            .envs(env.iter().copied())
            .output()
            .expect("the lesson binary starts");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The database file's bytes, to prove a failing command left it exactly as it was.
    pub fn db_bytes(&self) -> Vec<u8> {
        std::fs::read(self.db()).unwrap_or_default()
    }
}
