//! The checklist of a lesson that runs on PostgreSQL (lesson 08): its goals, each on a fresh
//! database of one throwaway cluster, then `verify`'s walk over its migrations: every rule
//! that holds on any backend judges every migration (up, down, up again, exact downs, rows
//! kept), and the PostgreSQL rules (locks, rewrites, lock_timeout) judge the migrations the
//! lesson writes, the ones that run while the app is live.

use std::path::Path;
use std::sync::Arc;

use diesel::pg::PgConnection;

use super::folders::first_folder_problem;
use super::report::{Failure, Outcome, Report};
use super::{COMPLETE, SCHEMA_RS, generic, schema_rs_is};
use crate::course::lesson::Lesson;
use crate::course::{Check, Goal};
use crate::harness::postgres::{PgAppRunner, PgMigrations, PgScratch, load};
use crate::migration;
use crate::postgres::{Server, describe};
use crate::rules;
use crate::verify::{self, Backend};

/// Runs every goal of `lesson` and the checks of its migrations on `server`, else on a
/// throwaway cluster of its own (a student's check); each goal and the walk work in databases
/// of their own, so checks may share one server (the tests do).
pub fn check<A>(
    lesson: &Lesson<A, PgConnection>,
    app: PgAppRunner,
    server: Option<Arc<Server>>,
) -> Report {
    let info = lesson.info;
    let mut report = Report {
        package: lesson.package.to_string(),
        title: info.title.to_string(),
        dir: migration::display_dir(Path::new(lesson.dir)),
        next: crate::course::next(info.number).map(|n| {
            format!(
                "read the chapter {} and run `cargo run -p lesson-{:02}`.",
                n.chapter, n.number
            )
        }),
        outcomes: Vec::new(),
    };
    let dir = lesson.migrations_dir();
    let complete = first_folder_problem(&dir);
    // Migrations still to write take no lock at all: that proves nothing.
    let unwritten = complete.as_ref().err().map(|f| f.found.clone());
    report.outcomes.push(Outcome {
        name: COMPLETE.to_string(),
        new: !info.writes.is_empty(),
        result: complete,
    });
    let migrations = match load(lesson.migrations.as_ref(), &dir) {
        Ok(migrations) => migrations,
        Err(found) => {
            report.outcomes.push(generic(
                "the lesson's migrations load",
                Err(found),
                "make every folder in migrations/ a migration: YYYY-MM-DD-HHMMSS_name with up.sql and down.sql",
            ));
            return report;
        }
    };
    let server = match server.map_or_else(|| Server::new(None).map(Arc::new), Ok) {
        Ok(server) => server,
        Err(error) => {
            report.outcomes.push(generic(
                "a throwaway PostgreSQL server starts",
                Err(error.to_string()),
                "install PostgreSQL's server (Debian/Ubuntu: `apt-get install postgresql`)",
            ));
            return report;
        }
    };
    let lesson_dir = Path::new(lesson.dir);
    // verify's walk works in databases of its own: it runs on a thread of its own beside the
    // goals (most of either's time is the server's, which has the other core).
    let (goals, (stairway, live)) = std::thread::scope(|scope| {
        let walk = scope.spawn(|| walked(&dir, &server, info.writes));
        let goals: Vec<Outcome> = info
            .goals
            .iter()
            .map(|goal| run_goal(goal, &server, &migrations, app, lesson_dir))
            .collect();
        let walked = walk
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (goals, walked)
    });
    report.outcomes.extend(goals);
    report.outcomes.push(super::stairway::outcome(
        stairway,
        &dir,
        &format!(
            " (`cargo run -p verify-migrations -- {}` says more)",
            lesson.dir
        ),
    ));
    report.outcomes.push(Outcome {
        name: "the migrations this lesson writes take no lock that stops writes to an existing \
               table, each under a lock_timeout"
            .to_string(),
        new: !info.writes.is_empty(),
        result: match unwritten {
            Some(found) => Err(Failure::new(
                found,
                "write the migrations first (see the first failure)",
            )),
            None => live,
        },
    });
    let schema_rs = lesson_dir.join("src/schema.rs");
    if schema_rs.is_file() {
        report.outcomes.push(generic(
            SCHEMA_RS,
            schema_rs_matches(&schema_rs, &server, &migrations, app, lesson_dir),
            "regenerate src/schema.rs with `print-schema --write` (or `diesel print-schema`)",
        ));
    }
    super::advise(&mut report.outcomes, &dir);
    report
}

fn run_goal(
    goal: &Goal,
    server: &Server,
    migrations: &PgMigrations,
    app: PgAppRunner,
    dir: &Path,
) -> Outcome {
    let result = match goal.check {
        Check::Postgres(check) => {
            PgScratch::new(server, migrations, app, dir).and_then(|mut s| check(&mut s))
        }
        Check::Sqlite(_) => {
            Err("this goal runs on SQLite, but the lesson runs on PostgreSQL".into())
        }
    };
    Outcome {
        name: goal.name.to_string(),
        new: goal.new,
        result: result.map_err(|found| Failure::new(found, goal.hint)),
    }
}

/// verify's walk over the folder: what the rules of every backend found (on any migration),
/// and what the PostgreSQL rules found on the migrations named in `writes` (advice included:
/// a lesson about live changes asks for the lock_timeout too).
fn walked(
    dir: &Path,
    server: &Arc<Server>,
    writes: &[&str],
) -> (Result<(), String>, Result<(), Failure>) {
    let options = verify::Options {
        backend: Some(Backend::Postgres),
        server: Some(Arc::clone(server)),
        ..verify::Options::default()
    };
    let report = match verify::verify(dir, &options) {
        Ok(report) => report,
        Err(error) => {
            let failure = Failure::new(error.to_string(), "make verify run (see what it said)");
            return (Err(error.to_string()), Err(failure));
        }
    };
    let postgres_only = |rule: &str| rules::named(rule).is_some_and(|r| !r.on.sqlite());
    let written = |migration: &Option<String>| {
        migration.as_deref().is_some_and(|m| {
            writes
                .iter()
                .any(|w| m.split_once('_').is_some_and(|(_, name)| name == *w))
        })
    };
    let said = |found: Vec<String>| {
        if found.is_empty() {
            Ok(())
        } else {
            Err(found.join("\n"))
        }
    };
    let stairway = report
        .problems
        .iter()
        // A migration folder without SQL is said by the first outcome of the checklist.
        .filter(|p| !p.note && !postgres_only(p.rule) && p.rule != "irreversible")
        .map(|p| format!("{} [{}]", p.text, p.rule))
        .collect();
    let live: Vec<&rules::Problem> = report
        .problems
        .iter()
        .filter(|p| postgres_only(p.rule) && p.rule != "breaks-running-clients")
        .filter(|p| written(&p.migration))
        .collect();
    let live = match live.first() {
        None => Ok(()),
        Some(first) => Err(Failure::new(
            live.iter()
                .map(|p| format!("{} [{}]", p.text, p.rule))
                .collect::<Vec<_>>()
                .join("\n"),
            lock_hint(first),
        )),
    };
    (said(stairway), live)
}

/// What to change for a lock finding, in the file of the migration it is about: its rule's fix.
fn lock_hint(problem: &rules::Problem) -> String {
    let folder = problem.migration.as_deref().unwrap_or("<the migration>");
    let fix = rules::named(problem.rule).map_or("", |rule| rule.fix);
    match problem.rule {
        "concurrently-in-transaction" => format!(
            "add migrations/{folder}/metadata.toml with `run_in_transaction = false`: {fix}"
        ),
        _ => format!("in migrations/{folder}/up.sql: {fix}"),
    }
}

fn schema_rs_matches(
    path: &Path,
    server: &Server,
    migrations: &PgMigrations,
    app: PgAppRunner,
    dir: &Path,
) -> Result<(), String> {
    let mut s = PgScratch::new(server, migrations, app, dir)?;
    s.migrate()?;
    let expected = describe::print_schema(s.conn()).map_err(|e| e.to_string())?;
    schema_rs_is(path, &expected)
}
