//! `check`: a lesson's goals, plus the checks every lesson gets, each run against a fresh
//! throw-away database built from the lesson's own migrations.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::course::{Goal, Seed};
use crate::harness::scratch::{AppRunner, LessonCrate, Scratch};
use crate::lesson::Lesson;
use crate::migration::{self, Migrations};
use crate::rules::pragma_foreign_keys_in_transaction::pragma_in_transaction;
use crate::sqlite::catalogue::{self, Catalogue};
use crate::sqlite::shape::{self, Shape};
use crate::sqlite::{print_schema, schema, sql};

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

    /// The first goal that failed, and why: what the student should do next.
    pub fn first_failure(&self) -> Option<(&Outcome, &Failure)> {
        self.outcomes
            .iter()
            .find_map(|o| o.result.as_ref().err().map(|failure| (o, failure)))
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
                Err(failure) => writeln!(
                    text,
                    "  ✗ {}\n      found: {}\n      hint:  {}",
                    outcome.name, failure.found, failure.hint
                ),
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

/// Runs every goal of `lesson`, each on its own fresh database.
pub fn check<A>(lesson: &Lesson<A>, app: AppRunner) -> Report {
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
                report.outcomes.push(Outcome {
                    name: "the lesson's migrations load".to_string(),
                    new: false,
                    result: Err(Failure {
                        found: error.to_string(),
                        hint: "make every folder in migrations/ a migration: YYYY-MM-DD-HHMMSS_name with up.sql and down.sql".into(),
                    }),
                });
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
            report.outcomes.push(generic(
                "no migration sets PRAGMA foreign_keys inside diesel's transaction",
                Err(found),
                "a migration that rebuilds a table must run outside diesel's transaction: give its \
                 folder a metadata.toml with `run_in_transaction = false` (the lesson-06 chapter \
                 shows how)",
            ));
        }
    }
    // A migration that does not apply to a fresh database blocks every goal that needs it:
    // its error is said once, here, and those goals say they are blocked.
    let blocker = if has_migrations {
        first_not_applying(&migrations, app)
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
        embeds_migrations: lesson.migrations.is_some(),
    };
    for goal in info.goals {
        report
            .outcomes
            .push(run_goal(goal, &migrations, &lesson_crate, app));
    }
    if has_migrations {
        report.outcomes.push(generic(
            "every migration goes up, down and up again; each down restores the schema and rows exactly",
            stairway(&migrations, info.seeds, app),
            "make the named migration's down.sql undo exactly what its up.sql does, keeping every row",
        ));
    }
    let schema_rs = Path::new(lesson.dir).join("src/schema.rs");
    if schema_rs.is_file() {
        report.outcomes.push(generic(
            "src/schema.rs matches the migrated database",
            schema_rs_matches(&schema_rs, &migrations, app),
            "regenerate src/schema.rs with `print-schema --write` (or `diesel print-schema`)",
        ));
    }
    if let Some((name, error)) = &blocker {
        blocked(&mut report.outcomes, name, error);
    }
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
                found: format!("blocked: migration {name} did not apply (see the first failure)"),
                hint: format!("make migration {name} apply first (see the first failure)"),
            };
        }
    }
}

/// The name of the outcome that checks the migration folders, first in the checklist.
const COMPLETE: &str = "every migration folder has a non-empty up.sql and down.sql";

/// The name of the outcome that joins the checklist when a migration does not apply.
const APPLIES: &str = "every migration applies to a fresh database";

/// The first migration that fails to apply to a fresh database, run in order, and its error.
fn first_not_applying(migrations: &Migrations, app: AppRunner) -> Option<(String, String)> {
    // A scratch database that cannot be made is reported by every goal.
    let mut s = Scratch::new(migrations, app).ok()?;
    migrations
        .iter()
        .find_map(|m| s.up(m).err().map(|error| (migration::full_name(m), error)))
}

fn run_goal(goal: &Goal, migrations: &Migrations, lesson: &LessonCrate, app: AppRunner) -> Outcome {
    let result = Scratch::new(migrations, app)
        .and_then(|scratch| (goal.check)(&mut scratch.in_lesson(lesson.clone())));
    Outcome {
        name: goal.name.to_string(),
        new: goal.new,
        result: result.map_err(|found| Failure {
            found,
            hint: goal.hint.to_string(),
        }),
    }
}

fn generic(name: &str, result: Result<(), String>, hint: &str) -> Outcome {
    Outcome {
        name: name.to_string(),
        new: false,
        result: result.map_err(|found| Failure {
            found,
            hint: hint.to_string(),
        }),
    }
}

/// The first problem `folder_problems` finds, or `Ok` when there is none.
fn first_folder_problem(dir: &Path) -> Result<(), Failure> {
    let problems = folder_problems(dir).map_err(|found| Failure {
        found,
        hint: "make migrations/ a folder you can read".to_string(),
    })?;
    problems.into_iter().next().map_or(Ok(()), Err)
}

/// Every folder in `migrations/` has an up.sql and a down.sql with SQL in them (comments and
/// whitespace alone do nothing, so they count as empty), and a name in diesel's
/// `YYYY-MM-DD-HHMMSS_name` form (diesel_cli 2.3 generates `YYYY-MM-DD-HHMMSS-0000_name`,
/// which is fine too). Each problem is one line and what to do about it, in folder order.
pub fn folder_problems(dir: &Path) -> Result<Vec<Failure>, String> {
    let mut problems = Vec::new();
    for name in migration::folders(dir).map_err(|e| e.to_string())? {
        let stamp = name.split_once('_').map_or("", |(stamp, _)| stamp);
        if !is_timestamp(stamp) {
            problems.push(Failure {
                found: format!(
                    "migrations/{name} is not named like YYYY-MM-DD-HHMMSS_name, so diesel cannot order it"
                ),
                hint: format!(
                    "rename the folder migrations/{name} to start with the time it was written, \
                     YYYY-MM-DD-HHMMSS_name (`migration generate NAME` makes a folder named so): \
                     diesel runs migrations in the order of that timestamp"
                ),
            });
            continue;
        }
        for (file, role) in [
            ("up.sql", "up.sql makes the change"),
            ("down.sql", "down.sql undoes exactly what up.sql does"),
        ] {
            let path = format!("migrations/{name}/{file}");
            let problem = match std::fs::read_to_string(dir.join(&name).join(file)) {
                Err(_) => Some((
                    format!("{path} is missing"),
                    format!("create {path}: {role}"),
                )),
                Ok(text) if text.trim().is_empty() => Some((
                    format!("{path} is empty"),
                    format!("write the SQL of {path}: {role}"),
                )),
                Ok(text) if sql::normalize(&text).is_empty() => Some((
                    format!("{path} holds only comments, so it does nothing"),
                    format!("write the SQL of {path} (comments do not run): {role}"),
                )),
                Ok(_) => None,
            };
            if let Some((found, hint)) = problem {
                problems.push(Failure { found, hint });
            }
        }
    }
    Ok(problems)
}

/// True for diesel's migration timestamps: `YYYY-MM-DD-HHMMSS`, as `migration generate` writes
/// them, optionally followed by `-NNNN` (fractions of a second), as diesel_cli 2.3 writes them.
fn is_timestamp(stamp: &str) -> bool {
    let mut parts = stamp.split('-');
    let widths = [4, 2, 2, 6];
    let dated = widths.iter().all(|width| {
        parts
            .next()
            .is_some_and(|part| part.len() == *width && part.bytes().all(|b| b.is_ascii_digit()))
    });
    let rest: Vec<&str> = parts.collect();
    dated
        && match rest.as_slice() {
            [] => true,
            [fraction] => !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        }
}

/// For every migration in order: up, down, up again on a database holding the lesson's seed
/// rows. After each step foreign keys and integrity must hold; `up` must not lose rows; `down`
/// must restore the schema and rows exactly; the second `up` must give what the first gave.
pub fn stairway(migrations: &Migrations, seeds: &[Seed], app: AppRunner) -> Result<(), String> {
    let loads: Vec<Load> = seeds
        .iter()
        .map(|seed| Load {
            after: Some(seed.after),
            sql: seed.sql,
        })
        .collect();
    climb(migrations, &loads, "the lesson's sample rows", app)
}

/// SQL the stairway runs to load rows: before the first migration when `after` is `None`,
/// else right after the migration with that name (`create_task`) or folder name.
pub struct Load<'a> {
    pub after: Option<&'a str>,
    pub sql: &'a str,
}

/// The stairway, loading `loads` (called `what` in messages) on the way up.
pub fn climb(
    migrations: &Migrations,
    loads: &[Load],
    what: &str,
    app: AppRunner,
) -> Result<(), String> {
    let mut s = Scratch::new(migrations, app)?;
    for load in loads.iter().filter(|load| load.after.is_none()) {
        s.execute(load.sql)
            .map_err(|e| format!("{what} do not load before the first migration: {e}"))?;
    }
    for m in migrations.iter() {
        let name = migration::full_name(m);
        let (shape_before, rows_before) = (s.shape()?, s.rows()?);
        let catalogue_before = catalogue::read(s.conn()).map_err(|e| e.to_string())?;
        s.up(m)?;
        healthy(&mut s, &catalogue_before, &format!("after {name} ran"))?;
        let catalogue_after = catalogue::read(s.conn()).map_err(|e| e.to_string())?;
        if let Some(lost) = catalogue::lost_in_rebuild(&catalogue_before, &catalogue_after).first()
        {
            return Err(format!("after {name} ran, {lost}"));
        }
        let (shape_after, rows_after) = (s.shape()?, s.rows()?);
        kept_rows(&rows_before, &rows_after, &name)?;
        let clockless_after = schema::rows_without_clock(s.conn()).map_err(|e| e.to_string())?;
        s.down(m)?;
        healthy(
            &mut s,
            &catalogue_after,
            &format!("after {name} was reverted"),
        )?;
        same_shape(
            &shape_before,
            &s.shape()?,
            &format!("reverting {name} leaves a different schema"),
        )?;
        same_rows(
            &rows_before,
            &s.rows()?,
            &format!("reverting {name} does not give the rows back"),
        )?;
        s.up(m)?;
        same_shape(
            &shape_after,
            &s.shape()?,
            &format!("running {name} again after its down gives a different schema"),
        )?;
        // Values a column's clock default gave (CURRENT_TIMESTAMP) differ between two runs by
        // design; every other value must be the same.
        same_rows(
            &clockless_after,
            &schema::rows_without_clock(s.conn()).map_err(|e| e.to_string())?,
            &format!("running {name} again after its down gives different rows"),
        )?;
        for load in loads.iter().filter(|load| {
            load.after == Some(&migration::short_name(m)) || load.after == Some(&name)
        }) {
            s.execute(load.sql)
                .map_err(|e| format!("{what} do not fit the schema after {name}: {e}"))?;
        }
    }
    Ok(())
}

/// Foreign keys and integrity hold on `s`, changed by a step from a database whose
/// catalogue was `before`.
fn healthy(s: &mut Scratch, before: &Catalogue, when: &str) -> Result<(), String> {
    let conn = s.conn();
    let mut problems = catalogue::dangling_references(conn, before).map_err(|e| e.to_string())?;
    problems.extend(schema::foreign_key_violations(conn).map_err(|e| e.to_string())?);
    problems.extend(schema::integrity_problems(conn).map_err(|e| e.to_string())?);
    match problems.first() {
        None => Ok(()),
        Some(problem) => Err(format!("{when}, the database is broken: {problem}")),
    }
}

/// `up` must not lose rows: a table that is still there holds at least the rows it held, and
/// the rows of tables that are gone are at least matched by rows in tables that are new (a
/// rename). Either failure names the tables that lost rows.
fn kept_rows(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
    name: &str,
) -> Result<(), String> {
    let held =
        |rows: &BTreeMap<String, Vec<String>>, table: &str| rows.get(table).map_or(0, Vec::len);
    let shrunk: Vec<String> = before
        .iter()
        .filter(|(table, rows)| after.contains_key(*table) && held(after, table) < rows.len())
        .map(|(table, rows)| {
            format!(
                "{table} had {} rows, now {}",
                rows.len(),
                held(after, table)
            )
        })
        .collect();
    if !shrunk.is_empty() {
        return Err(format!(
            "{name} lost rows ({}); every row must be carried over: look for a join or a WHERE \
             that leaves rows behind; or, if the migration rebuilds a table inside diesel's \
             transaction, PRAGMA foreign_keys = OFF is ignored there and DROP TABLE deletes or \
             cascades the rows that point at the table: run it with metadata.toml \
             `run_in_transaction = false`",
            shrunk.join("; ")
        ));
    }
    let gone: Vec<(&String, usize)> = before
        .iter()
        .filter(|(table, rows)| !after.contains_key(*table) && !rows.is_empty())
        .map(|(table, rows)| (table, rows.len()))
        .collect();
    let gone_rows: usize = gone.iter().map(|(_, count)| count).sum();
    let new_rows: usize = after
        .iter()
        .filter(|(table, _)| !before.contains_key(*table))
        .map(|(_, rows)| rows.len())
        .sum();
    if gone_rows <= new_rows {
        return Ok(());
    }
    let lost: Vec<String> = gone
        .iter()
        .map(|(table, count)| format!("{table} had {count} rows, now 0"))
        .collect();
    Err(format!(
        "{name} lost rows ({}); a rename written as create-new + drop-old throws the data away: \
         use ALTER TABLE ... RENAME",
        lost.join("; ")
    ))
}

/// `found` is the shape `expected` was; else what differs, in words.
fn same_shape(expected: &Shape, found: &Shape, what: &str) -> Result<(), String> {
    let said = shape::differences(expected, found);
    match said.is_empty() {
        true => Ok(()),
        false => Err(format!("{what}: {}", said.join("; "))),
    }
}

fn same(expected: &str, found: &str, what: &str) -> Result<(), String> {
    if expected == found {
        return Ok(());
    }
    let mut expected_lines = expected.lines();
    let mut found_lines = found.lines();
    loop {
        match (expected_lines.next(), found_lines.next()) {
            (None, None) => return Err(format!("{what} (they differ only in line endings)")),
            (e, f) if e == f => continue,
            (e, f) => {
                return Err(format!(
                    "{what}: expected `{}` but found `{}`",
                    e.unwrap_or("(nothing)").trim(),
                    f.unwrap_or("(nothing)").trim()
                ));
            }
        }
    }
}

fn same_rows(
    expected: &BTreeMap<String, Vec<String>>,
    found: &BTreeMap<String, Vec<String>>,
    what: &str,
) -> Result<(), String> {
    let render = |rows: &BTreeMap<String, Vec<String>>| {
        rows.iter()
            .flat_map(|(table, lines)| lines.iter().map(move |line| format!("{table}: {line}")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    same(&render(expected), &render(found), what)
}

fn schema_rs_matches(path: &Path, migrations: &Migrations, app: AppRunner) -> Result<(), String> {
    let mut s = Scratch::new(migrations, app)?;
    s.migrate()?;
    let expected = print_schema::print_schema(s.conn()).map_err(|e| e.to_string())?;
    let found = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let tokens = |text: &str| -> String {
        text.lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .flat_map(str::split_whitespace)
            .collect()
    };
    if tokens(&expected) == tokens(&found) {
        return Ok(());
    }
    same(&expected, &found, "src/schema.rs differs from the database")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(root: &Path, name: &str, up: &str, down: Option<&str>) {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("up.sql"), up).unwrap();
        if let Some(down) = down {
            std::fs::write(dir.join("down.sql"), down).unwrap();
        }
    }

    #[test]
    fn folder_problems_say_what_is_wrong_and_what_to_do() {
        let root = tempfile::tempdir().unwrap();
        let found = |root: &Path| -> Vec<(String, String)> {
            folder_problems(root)
                .unwrap()
                .into_iter()
                .map(|f| (f.found, f.hint))
                .collect()
        };
        folder(
            root.path(),
            "2026-11-24-120000_create_user",
            "CREATE TABLE user (id INTEGER);",
            Some("DROP TABLE user;"),
        );
        folder(
            root.path(),
            "2026-11-24-125959-0000_made_by_diesel_cli",
            "CREATE TABLE note (id INTEGER);",
            Some("-- the note goes\nDROP TABLE note;"),
        );
        assert_eq!(found(root.path()), []);

        folder(
            root.path(),
            "2026-11-24-130000_create_task",
            "CREATE TABLE task (id INTEGER);",
            Some("  \n"),
        );
        folder(
            root.path(),
            "2026-11-24-140000_add_email",
            "-- TODO: add the email column\n\n/* a block comment */\n",
            None,
        );
        assert_eq!(
            found(root.path()),
            [
                (
                    "migrations/2026-11-24-130000_create_task/down.sql is empty".to_string(),
                    "write the SQL of migrations/2026-11-24-130000_create_task/down.sql: \
                     down.sql undoes exactly what up.sql does"
                        .to_string()
                ),
                (
                    "migrations/2026-11-24-140000_add_email/up.sql holds only comments, so it \
                     does nothing"
                        .to_string(),
                    "write the SQL of migrations/2026-11-24-140000_add_email/up.sql (comments do \
                     not run): up.sql makes the change"
                        .to_string()
                ),
                (
                    "migrations/2026-11-24-140000_add_email/down.sql is missing".to_string(),
                    "create migrations/2026-11-24-140000_add_email/down.sql: down.sql undoes \
                     exactly what up.sql does"
                        .to_string()
                ),
            ]
        );
        std::fs::remove_dir_all(root.path().join("2026-11-24-140000_add_email")).unwrap();
        std::fs::write(
            root.path().join("2026-11-24-130000_create_task/down.sql"),
            "DROP TABLE task;",
        )
        .unwrap();

        folder(
            root.path(),
            "add_email",
            "ALTER TABLE user ADD COLUMN email TEXT;",
            Some("SELECT 1;"),
        );
        let problems = found(root.path());
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (line, hint) = &problems[0];
        assert!(
            line.starts_with("migrations/add_email is not named like YYYY-MM-DD-HHMMSS_name"),
            "{line}"
        );
        assert!(
            hint.starts_with("rename the folder migrations/add_email to start with the time"),
            "{hint}"
        );
    }

    #[test]
    fn a_lesson_without_migrations_runs_only_its_goals_and_they_see_its_files() {
        fn has_manifest(s: &mut Scratch) -> Result<(), String> {
            match s.lesson_file("Cargo.toml")?.is_file() {
                true => Ok(()),
                false => Err("no Cargo.toml".into()),
            }
        }
        static INFO: crate::course::Info = crate::course::Info {
            number: 99,
            title: "No migrations",
            chapter: "none.md",
            goals: &[Goal {
                name: "the crate has a Cargo.toml",
                new: true,
                hint: "write one",
                check: has_manifest,
            }],
            seeds: &[],
            writes: &[],
        };
        let temp = tempfile::tempdir().unwrap();
        let lesson = Lesson {
            package: "lesson-99",
            dir: temp.path().display().to_string().leak(),
            info: &INFO,
            migrations: None,
            app: crate::lesson::no_app,
        };
        let names = |report: &Report| -> Vec<String> {
            report.outcomes.iter().map(|o| o.name.clone()).collect()
        };
        let report = crate::cli::checklist(&lesson);
        assert_eq!(names(&report), ["the crate has a Cargo.toml"]);
        let failure = report.outcomes[0].result.as_ref().unwrap_err();
        assert_eq!(failure.found, "no Cargo.toml");

        std::fs::write(temp.path().join("Cargo.toml"), "[package]\n").unwrap();
        assert!(crate::cli::checklist(&lesson).passed());

        std::fs::create_dir(temp.path().join("migrations")).unwrap();
        let report = crate::cli::checklist(&lesson);
        assert_eq!(
            names(&report),
            [
                "every migration folder has a non-empty up.sql and down.sql",
                "the crate has a Cargo.toml",
                "every migration goes up, down and up again; each down restores the schema and rows exactly",
            ]
        );
    }

    #[test]
    fn timestamps_are_the_ones_diesel_writes() {
        assert!(is_timestamp("2026-11-24-120000"));
        assert!(is_timestamp("2026-11-25-184358-0000"));
        for bad in [
            "",
            "add",
            "20261124120000",
            "2026-11-24-1200",
            "2026-11-24-120000-",
            "2026-11-24-120000-00-00",
            "2026-1a-24-120000",
        ] {
            assert!(!is_timestamp(bad), "{bad:?} passed");
        }
    }

    #[test]
    fn lost_rows_are_reported_per_table() {
        let rows = |pairs: &[(&str, usize)]| -> BTreeMap<String, Vec<String>> {
            pairs
                .iter()
                .map(|(t, n)| (t.to_string(), vec![String::new(); *n]))
                .collect()
        };
        assert_eq!(
            kept_rows(&rows(&[("user", 5)]), &rows(&[("users", 5)]), "rename"),
            Ok(())
        );
        let error = kept_rows(
            &rows(&[("user", 5), ("task", 2)]),
            &rows(&[("users", 0), ("task", 2)]),
            "rename",
        )
        .unwrap_err();
        assert!(
            error.starts_with("rename lost rows (user had 5 rows, now 0)"),
            "{error}"
        );
        assert!(error.contains("use ALTER TABLE ... RENAME"), "{error}");
        let error = kept_rows(
            &rows(&[("task", 9), ("user", 5)]),
            &rows(&[("tasks", 0), ("users", 0)]),
            "rename_tables",
        )
        .unwrap_err();
        assert!(
            error.starts_with(
                "rename_tables lost rows (task had 9 rows, now 0; user had 5 rows, now 0)"
            ),
            "{error}"
        );
    }

    #[test]
    fn a_table_that_shrinks_loses_rows_even_when_another_grows() {
        let rows = |pairs: &[(&str, usize)]| -> BTreeMap<String, Vec<String>> {
            pairs
                .iter()
                .map(|(t, n)| (t.to_string(), vec![String::new(); *n]))
                .collect()
        };
        let error = kept_rows(
            &rows(&[("tasks", 9), ("users", 5)]),
            &rows(&[("categories", 4), ("tasks", 7), ("users", 5)]),
            "move",
        )
        .unwrap_err();
        assert!(
            error.starts_with(
                "move lost rows (tasks had 9 rows, now 7); every row must be carried over"
            ),
            "{error}"
        );
        assert_eq!(
            kept_rows(
                &rows(&[("tasks", 9)]),
                &rows(&[("categories", 4), ("tasks", 9)]),
                "move"
            ),
            Ok(())
        );
    }

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
                    result: Err(Failure {
                        found: "there is no table named \"task\"\nat all".into(),
                        hint: "write migrations/*_create_task/up.sql".into(),
                    }),
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

    #[test]
    fn differences_show_the_first_differing_line() {
        assert_eq!(same("a\nb\n", "a\nb\n", "x"), Ok(()));
        assert_eq!(
            same("a\nb\n", "a\nc\n", "x"),
            Err("x: expected `b` but found `c`".into())
        );
        assert_eq!(
            same("a\nb\n", "a\n", "x"),
            Err("x: expected `b` but found `(nothing)`".into())
        );
        assert_eq!(
            same("a\n", "a", "x"),
            Err("x (they differ only in line endings)".into())
        );
    }
}
