//! The course: every lesson's title, goals and seed rows, in one place, like rustlings'
//! `info.toml`. Starter and solution of a lesson share one entry, so their checks can never
//! drift apart, and the answer never leaks into a starter through its checks.
//!
//! Beside the lessons (`lesson_01` ... `lesson_08`, each its goals): `lesson`, what a lesson
//! crate hands to the shared code; `check`, the checklist that runs a lesson's goals and the
//! checks every lesson gets on the harness's scratch databases; `manifest`, what a crate's
//! `Cargo.toml` declares, for the goals about dependencies.

pub mod check;
pub mod lesson;
pub mod lesson_01;
pub mod lesson_02;
pub mod lesson_03;
pub mod lesson_04;
pub mod lesson_05;
pub mod lesson_06;
pub mod lesson_07;
pub mod lesson_08;
pub mod manifest;

use crate::harness::postgres::PgScratch;
use crate::harness::scratch::Scratch;

/// A lesson's entry in the course.
pub struct Info {
    /// `4` for lesson-04.
    pub number: u8,
    /// The lesson's title, as in the book.
    pub title: &'static str,
    /// The book chapter that teaches it, relative to `docs/src/`.
    pub chapter: &'static str,
    /// What the student must achieve, in order.
    pub goals: &'static [Goal],
    /// Rows loaded into the stairway check's database right after a migration, so every later
    /// migration is proven to keep them.
    pub seeds: &'static [Seed],
    /// The migrations the student writes in this lesson, by name (`create_task`): in the
    /// starter their `up.sql` and `down.sql` hold only TODO comments.
    pub writes: &'static [&'static str],
    /// The columns this lesson renames, `(table, old name, new name)`: where `move-data` puts
    /// the values of a database of the lesson before.
    pub renamed: &'static [(&'static str, &'static str, &'static str)],
}

impl Info {
    /// True for a lesson that runs on PostgreSQL (its goals do).
    pub fn on_postgres(&self) -> bool {
        self.goals
            .iter()
            .any(|goal| matches!(goal.check, Check::Postgres(_)))
    }
}

/// One thing the student must achieve, checked by observable facts (schema, rows, output).
pub struct Goal {
    /// What the goal is, said as a fact: "create_task makes the task table".
    pub name: &'static str,
    /// True when this lesson asks for it: the starter leaves it undone and must fail it.
    pub new: bool,
    /// What to do when it fails, naming the file to edit (relative to the lesson's folder).
    pub hint: &'static str,
    /// Runs the goal on a fresh scratch database; `Err` says what was found instead.
    pub check: Check,
}

/// How a goal is checked: on a fresh SQLite database (lessons 01 to 07), or a fresh
/// PostgreSQL one (lesson 08).
#[derive(Clone, Copy)]
pub enum Check {
    Sqlite(fn(&mut Scratch) -> Result<(), String>),
    Postgres(fn(&mut PgScratch) -> Result<(), String>),
}

/// SQL run on the stairway check's database right after the migration named `after`.
pub struct Seed {
    pub after: &'static str,
    pub sql: &'static str,
}

/// The five users the lecture seeds its database with.
pub const LECTURE_USERS: [&str; 5] = [
    "BugsBunnyFanatic",
    "WackyDaffy91",
    "TazmanianTornado22",
    "SylvesterSneakyCat",
    "RoadRunnerSpeedster",
];

/// Every lesson of the course, in order.
pub const LESSONS: &[&Info] = &[
    &lesson_01::INFO,
    &lesson_02::INFO,
    &lesson_03::INFO,
    &lesson_04::INFO,
    &lesson_05::INFO,
    &lesson_06::INFO,
    &lesson_07::INFO,
    &lesson_08::INFO,
];

/// The lesson after `number`, if any.
pub fn next(number: u8) -> Option<&'static Info> {
    LESSONS.iter().copied().find(|info| info.number > number)
}

/// Checks that `table` has exactly these columns, in any order, each given as
/// `(name, "TYPE [NOT NULL] [PRIMARY KEY]")`. Types compare case-insensitively; defaults and
/// constraints are left to the goals that test behaviour.
pub fn expect_columns(
    s: &mut Scratch,
    table: &str,
    expected: &[(&str, &str)],
) -> Result<(), String> {
    let found = s.columns(table)?;
    for (name, spec) in expected {
        let Some(column) = found.iter().find(|c| c.name == *name) else {
            return Err(format!("table {table} has no column {name}"));
        };
        let sql_type = spec.split_whitespace().next().unwrap_or_default();
        if !column.sql_type.eq_ignore_ascii_case(sql_type) {
            return Err(format!(
                "column {table}.{name} is declared {:?}, expected {sql_type}",
                column.sql_type
            ));
        }
        if column.not_null != spec.contains("NOT NULL") {
            let should = if column.not_null {
                "allow NULL"
            } else {
                "be NOT NULL"
            };
            return Err(format!("column {table}.{name} should {should}"));
        }
        if column.primary_key != spec.contains("PRIMARY KEY") {
            let should = if column.primary_key { "not be" } else { "be" };
            return Err(format!(
                "column {table}.{name} should {should} the primary key"
            ));
        }
    }
    if let Some(extra) = found
        .iter()
        .find(|c| expected.iter().all(|(name, _)| c.name != *name))
    {
        return Err(format!(
            "table {table} has a column the lesson does not expect: {}",
            extra.name
        ));
    }
    Ok(())
}

/// Passes when some line of `output` holds every one of `cells`, in order.
pub fn expect_line(output: &str, cells: &[&str]) -> Result<(), String> {
    let holds = |line: &str| {
        let mut rest = line;
        cells.iter().all(|cell| match rest.find(cell) {
            Some(at) => {
                rest = &rest[at + cell.len()..];
                true
            }
            None => false,
        })
    };
    if output.lines().any(holds) {
        Ok(())
    } else {
        Err(format!("expected a line with {cells:?} in:\n{output}"))
    }
}
