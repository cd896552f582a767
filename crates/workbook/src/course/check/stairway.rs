//! The stairway: every migration up, down and up again on a database holding sample rows,
//! with the database healthy after each step, no row lost going up, and each down giving back
//! exactly the schema and rows it started from.

use std::collections::BTreeMap;
use std::path::Path;

use super::report::{Failure, Outcome};
use crate::course::Seed;
use crate::harness::scratch::{AppRunner, Scratch};
use crate::migration::{self, Migrations};
use crate::sqlite::catalogue::{self, Catalogue};
use crate::sqlite::schema;
use crate::sqlite::shape::{self, Shape};

/// For every migration in order: up, down, up again on a database holding the lesson's seed
/// rows. After each step foreign keys and integrity must hold; `up` must not lose rows; `down`
/// must restore the schema and rows exactly; the second `up` must give what the first gave.
pub(super) fn stairway(
    migrations: &Migrations,
    seeds: &[Seed],
    app: AppRunner,
) -> Result<(), String> {
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
struct Load<'a> {
    after: Option<&'a str>,
    sql: &'a str,
}

/// The stairway, loading `loads` (called `what` in messages) on the way up.
fn climb(
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
        s.down(m).map_err(
            |error| match shape_after.new_tables(&shape_before).as_slice() {
                [] => error,
                tables => format!(
                    "{error} (its up.sql creates {})",
                    tables
                        .iter()
                        .map(|t| format!("table {t}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        )?;
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

/// The outcome of the stairway: its finding, and what to do about it in the file the finding
/// points at (see `hint`).
pub(super) fn outcome(result: Result<(), String>, migrations_dir: &Path, more: &str) -> Outcome {
    let names = migration::folders(migrations_dir).unwrap_or_default();
    Outcome {
        name: NAME.to_string(),
        new: false,
        result: result.map_err(|found| Failure::new(found.clone(), hint(&found, &names) + more)),
    }
}

/// The name of the stairway's outcome in the checklist.
pub(super) const NAME: &str =
    "every migration goes up, down and up again; each down restores the schema and rows exactly";

/// What to do about the stairway's finding `found`, in the file it points at: the up.sql of the
/// first of `names` (the migrations' folders) whose up failed, lost rows or broke the database,
/// or the down.sql of one whose down failed or did not undo its up; the recipe alone when no
/// migration can be told.
fn hint(found: &str, names: &[String]) -> String {
    let sides = |n: &String| -> [(String, &'static str); 11] {
        [
            (format!("reverting migration {n} "), "down"),
            (format!("reverting {n} "), "down"),
            (format!("reverting migrations/{n} "), "down"),
            (format!("after {n} was reverted"), "down"),
            (format!("running {n} again"), "down"),
            (format!("running migrations/{n} again"), "down"),
            (format!("migrations/{n}/down.sql"), "down"),
            (format!("migration {n} failed"), "up"),
            (format!("after {n} ran"), "up"),
            (format!("{n} lost rows"), "up"),
            (format!("migrations/{n}/up.sql"), "up"),
        ]
    };
    let first = names
        .iter()
        .flat_map(|n| sides(n).map(|(marker, side)| (found.find(&marker), n, side)))
        .filter_map(|(at, n, side)| at.map(|at| (at, n, side)))
        .min_by_key(|(at, _, side)| (*at, *side == "up"));
    match first {
        Some((_, n, "up")) => format!(
            "fix migrations/{n}/up.sql: it must run on a database that holds rows and keep every \
             one of them (what went wrong is above)"
        ),
        Some((_, n, _)) => {
            let steps = super::advice::undo_steps(found);
            match steps.is_empty() {
                true => format!(
                    "make migrations/{n}/down.sql undo exactly what its up.sql does, keeping \
                     every row"
                ),
                false => format!(
                    "make migrations/{n}/down.sql undo exactly what its up.sql does: {}",
                    steps.join("; ")
                ),
            }
        }
        None => "make each migration's down.sql undo exactly what its up.sql does, keeping every \
                 row"
        .to_string(),
    }
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

pub(super) fn same(expected: &str, found: &str, what: &str) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn the_hint_names_the_file_the_finding_points_at() {
        let names = vec![
            "2026-11-24-120000_create_user".to_string(),
            "2026-11-24-130000_create_task".to_string(),
        ];
        let down = "reverting 2026-11-24-130000_create_task leaves a different schema: ...";
        assert_eq!(
            hint(down, &names),
            "make migrations/2026-11-24-130000_create_task/down.sql undo exactly what its up.sql \
             does, keeping every row"
        );
        let up = "migration 2026-11-24-130000_create_task failed: NOT NULL constraint failed";
        assert!(
            hint(up, &names).starts_with("fix migrations/2026-11-24-130000_create_task/up.sql")
        );
        // Where several are named, the first wins; verify's wording (PostgreSQL) reads the same.
        let pg = "migrations/2026-11-24-120000_create_user/up.sql:3: ...; reverting \
                  migrations/2026-11-24-130000_create_task does not give the rows back";
        assert!(
            hint(pg, &names).starts_with("fix migrations/2026-11-24-120000_create_user/up.sql")
        );
        assert!(hint("the seed rows do not load", &names).starts_with("make each migration's"));
    }
}
