//! `check`: a lesson's goals, plus the checks every lesson gets, each run against a fresh
//! throw-away database built from the lesson's own migrations. `report` is what the checklist
//! says, `folders` checks the migration folders themselves, and `stairway` takes every
//! migration up, down and up again.

use std::path::Path;

use crate::course::lesson::Lesson;
use crate::course::{Check, Goal};
use crate::harness::scratch::{AppRunner, LessonCrate, Scratch};
use crate::harness::template::Templates;
use crate::migration::{self, Migrations};
use crate::rules::pragma_foreign_keys_in_transaction::pragma_in_transaction;
use crate::sqlite::describe;

mod advice;
mod folders;
pub mod postgres;
mod report;
mod stairway;

pub use folders::folder_problems;
pub use report::{Failure, Outcome, Report};

use folders::first_folder_problem;
use stairway::{same, stairway};

/// Runs every goal of `lesson`, each on its own fresh database; `embeds` says whether its
/// binary embeds the migrations.
pub fn check<A>(lesson: &Lesson<A>, app: AppRunner, embeds: bool) -> Report {
    let info = lesson.info;
    let next = crate::course::next(info.number).map(|n| {
        format!(
            "read the chapter {} and run `cargo run -p lesson-{:02}`.",
            n.chapter, n.number
        )
    });
    let mut report = Report {
        package: lesson.package.to_string(),
        title: info.title.to_string(),
        dir: migration::display_dir(Path::new(lesson.dir)),
        next,
        outcomes: Vec::new(),
    };
    // A lesson without migrations (lesson-01, or lesson-02 before the student makes the
    // folder) runs its goals on an empty database and skips the checks of migrations.
    let has_migrations = lesson.has_migrations();
    let migrations = if has_migrations {
        match lesson.load_migrations() {
            Ok(migrations) => migrations,
            Err(error) => {
                // diesel's error names no folder; the folders' own check does.
                let failure = first_folder_problem(&lesson.migrations_dir()).err().unwrap_or(
                    Failure::new(
                        error.to_string(),
                        "make every folder in migrations/ a migration: YYYY-MM-DD-HHMMSS_name with up.sql and down.sql",
                    ),
                );
                report.outcomes.push(Outcome {
                    name: "the lesson's migrations load".to_string(),
                    new: false,
                    result: Err(failure),
                });
                advise(&mut report.outcomes, &lesson.migrations_dir());
                return report;
            }
        }
    } else {
        Migrations::empty()
    };
    if has_migrations {
        report.outcomes.push(Outcome {
            name: COMPLETE.to_string(),
            // The migrations the lesson asks for hold only TODO comments in its starter.
            new: !info.writes.is_empty(),
            result: first_folder_problem(&lesson.migrations_dir()),
        });
        // A trap, not a goal: it joins the checklist only when it springs.
        if let Err(found) = pragma_in_transaction(&migrations) {
            let folder = found
                .split_once("migrations/")
                .and_then(|(_, rest)| rest.split_once('/'))
                .map_or("<its folder>", |(folder, _)| folder)
                .to_string();
            report.outcomes.push(generic(
                "no migration sets PRAGMA foreign_keys inside diesel's transaction",
                Err(found),
                &format!(
                    "add migrations/{folder}/metadata.toml with `run_in_transaction = false`: a \
                     migration that rebuilds a table must run outside diesel's transaction (the \
                     lesson-06 chapter shows how)"
                ),
            ));
        }
    }
    // A migration that does not apply to a fresh database blocks every goal that needs it:
    // its error is said once, here, and those goals say they are blocked.
    // Every goal starts from a fresh database: the migrations run once, and each goal gets a
    // copy of the database they made (see `harness::template`).
    let templates = Templates::new(&migrations);
    let blocker = if has_migrations {
        first_not_applying(&templates, app)
    } else {
        None
    };
    if let Some((name, error)) = &blocker {
        report.outcomes.push(generic(
            APPLIES,
            Err(error.clone()),
            &format!(
                "make migrations/{name}/up.sql run: the error is SQLite's, and `migration run` \
                 shows it too"
            ),
        ));
    }
    let lesson_crate = LessonCrate {
        dir: lesson.dir.into(),
        embeds_migrations: embeds,
    };
    for goal in info.goals {
        report
            .outcomes
            .push(run_goal(goal, &templates, &lesson_crate, app));
    }
    if has_migrations {
        report.outcomes.push(stairway::outcome(
            stairway(&migrations, info.seeds, app),
            &lesson.migrations_dir(),
            "",
        ));
    }
    let schema_rs = Path::new(lesson.dir).join("src/schema.rs");
    if schema_rs.is_file() {
        report.outcomes.push(generic(
            SCHEMA_RS,
            schema_rs_matches(&schema_rs, &templates, app),
            "regenerate src/schema.rs with `print-schema --write` (or `diesel print-schema`)",
        ));
    }
    if let Some((name, error)) = &blocker {
        blocked(&mut report.outcomes, name, error);
    }
    advise(&mut report.outcomes, &lesson.migrations_dir());
    report
}

/// Every outcome but `APPLIES` that failed on `error`, the error of migration `name`, says it
/// is blocked by that migration instead of repeating the error.
fn blocked(outcomes: &mut [Outcome], name: &str, error: &str) {
    for outcome in outcomes.iter_mut().filter(|o| o.name != APPLIES) {
        if let Err(failure) = &mut outcome.result
            && failure.found.contains(error)
        {
            *failure = Failure {
                found: format!("migration {name} did not apply"),
                hint: format!("make migration {name} apply first"),
                blocked_by: Some(APPLIES.to_string()),
            };
        }
    }
}

/// Every failure's hint made specific to its finding and to the lesson's migration folders
/// (`*_create_task` becomes the folder's name), and the failures another causes marked.
pub(super) fn advise(outcomes: &mut [Outcome], migrations_dir: &Path) {
    let folders = migration::folders(migrations_dir).unwrap_or_default();
    for outcome in outcomes.iter_mut() {
        if let Err(failure) = &mut outcome.result {
            failure.hint =
                advice::specific(&failure.found, &advice::resolve(&failure.hint, &folders));
        }
    }
    advice::mark_blocked(outcomes, stairway::NAME, SCHEMA_RS);
}

/// The name of the outcome that compares `src/schema.rs` with the migrated database.
const SCHEMA_RS: &str = "src/schema.rs matches the migrated database";

/// The name of the outcome that checks the migration folders, first in the checklist.
pub(super) const COMPLETE: &str = "every migration folder has a non-empty up.sql and down.sql";

/// The name of the outcome that joins the checklist when a migration does not apply.
const APPLIES: &str = "every migration applies to a fresh database";

/// The first migration that fails to apply to a fresh database, run in order, and its error.
fn first_not_applying(
    templates: &Result<Templates, String>,
    app: AppRunner,
) -> Option<(String, String)> {
    // A scratch database that cannot be made is reported by every goal.
    let mut s = fresh(templates, app).ok()?;
    s.migrations()
        .iter()
        .find_map(|m| s.up(m).err().map(|error| (migration::full_name(m), error)))
}

/// A fresh database for one goal, migrated from the copies `templates` keeps.
fn fresh<'a>(
    templates: &'a Result<Templates<'a>, String>,
    app: AppRunner<'a>,
) -> Result<Scratch<'a>, String> {
    let templates = templates.as_ref().map_err(Clone::clone)?;
    Scratch::from_templates(templates, app)
}

fn run_goal(
    goal: &Goal,
    templates: &Result<Templates, String>,
    lesson: &LessonCrate,
    app: AppRunner,
) -> Outcome {
    let result = match goal.check {
        Check::Sqlite(check) => {
            fresh(templates, app).and_then(|scratch| check(&mut scratch.in_lesson(lesson.clone())))
        }
        Check::Postgres(_) => Err("this goal runs on PostgreSQL: the lesson must too".into()),
    };
    Outcome {
        name: goal.name.to_string(),
        new: goal.new,
        result: result.map_err(|found| Failure::new(found, goal.hint)),
    }
}

pub(super) fn generic(name: &str, result: Result<(), String>, hint: &str) -> Outcome {
    Outcome {
        name: name.to_string(),
        new: false,
        result: result.map_err(|found| Failure::new(found, hint)),
    }
}

/// The checklist of a lesson crate, in `dir`, whose app does not build: only
/// `src/schema.rs` against the database its `migrations/` folder makes (read at run time, no
/// app needed), so a schema.rs that stops the app compiling is named in schema.rs terms.
/// `None` when schema.rs matches, or there is none, or the migrations do not load or run
/// (then the compiler's errors are the better guide).
pub fn before_build(info: &crate::course::Info, dir: &Path) -> Option<Report> {
    let path = dir.join("src/schema.rs");
    if info.on_postgres() || !path.is_file() {
        return None;
    }
    let folder = diesel_migrations::FileBasedMigrations::from_path(dir.join("migrations")).ok()?;
    let migrations = Migrations::load(&folder, &dir.join("migrations")).ok()?;
    let no_app = |_: &mut diesel::SqliteConnection, _: &[&str]| -> crate::Result<String> {
        Err(crate::Error::new("the app does not build"))
    };
    let mut s = Scratch::new(&migrations, &no_app).ok()?;
    s.migrate().ok()?;
    let expected = describe::print_schema(s.conn()).ok()?;
    let found = schema_rs_is(&path, &expected).err()?;
    let hint = match (
        found.split("expected `").nth(1),
        found.split("found `").nth(1),
    ) {
        (Some(want), Some(have)) => format!(
            "in src/schema.rs write `{}` where it says `{}`: the app builds only once \
             src/schema.rs says what the migrations make (`print-schema --write` needs it to build)",
            want.split('`').next().unwrap_or_default(),
            have.split('`').next().unwrap_or_default()
        ),
        _ => "make src/schema.rs say what the migrations make: the app builds only once it does"
            .to_string(),
    };
    Some(Report {
        package: format!("lesson-{:02}", info.number),
        title: info.title.to_string(),
        dir: migration::display_dir(dir),
        next: None,
        outcomes: vec![Outcome {
            name: format!("{SCHEMA_RS} (checked before the app builds: it does not)"),
            new: false,
            result: Err(Failure::new(found, hint)),
        }],
    })
}

fn schema_rs_matches(
    path: &Path,
    templates: &Result<Templates, String>,
    app: AppRunner,
) -> Result<(), String> {
    let mut s = fresh(templates, app)?;
    s.migrate()?;
    let expected = describe::print_schema(s.conn()).map_err(|e| e.to_string())?;
    schema_rs_is(path, &expected)
}

/// Passes when the file `path` holds `expected` (Diesel's `table!` definitions), comments and
/// spacing aside; else says the first line that differs.
pub(super) fn schema_rs_is(path: &Path, expected: &str) -> Result<(), String> {
    let found = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let tokens = |text: &str| -> String {
        text.lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .flat_map(str::split_whitespace)
            .collect()
    };
    if tokens(expected) == tokens(&found) {
        return Ok(());
    }
    same(expected, &found, "src/schema.rs differs from the database")
}
