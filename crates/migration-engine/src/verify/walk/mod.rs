//! The stairway that goes on after a failure: for every migration, up (then generated rows
//! and the seed), down, up again, with every rule that reads a step judging it. A bad down
//! does not hide the next migration's problems: the walk starts again from the database the
//! ups alone build, and goes on.

use std::collections::{BTreeMap, BTreeSet};

use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::sqlite::{Sqlite, SqliteConnection};

use super::Options;
use super::masks::{self, Masks};
use super::old_app;
use super::rows;

mod fewer;
mod run;
mod script_reads;

use crate::app_schema::AppSchema;
use crate::harness::scratch::Scratch;
use crate::migration::loss;
use crate::migration::{self, Direction, Migrations};
use crate::rows::Rows;
use crate::rules::old_app_breaks::Watch;
use crate::rules::{
    Problem, broken_foreign_keys, down_fails, down_loses_rows, down_not_exact, irreversible,
    rebuild_loses_index, unnamed_constraint, up_again_differs, up_fails, up_loses_rows,
};
use crate::sqlite::catalogue;
use crate::sqlite::shape;
use script_reads::{deletes, drops, literal, loss_causes, recomputed, without};

/// What the walk found, and the notes that say how it looked (values it masked).
pub struct Walked {
    pub problems: Vec<Problem>,
    pub notes: Vec<String>,
    /// Judged migrations whose stairway never ran because the walk stopped (full folder
    /// names, in order), for the report's coverage lines.
    pub unreached: Vec<String>,
    /// Tables no generated row fit, each with the constraint or error that refused it.
    pub rowless: BTreeMap<String, String>,
    /// Every table the walk gave rows to, or tried to.
    pub tables: BTreeSet<String>,
}

struct Walk<'a> {
    migrations: &'a Migrations,
    options: &'a Options,
    counter: u64,
    problems: Vec<Problem>,
    notes: Vec<String>,
    /// References to missing tables, each with the migration that left it so.
    dangling: BTreeMap<String, (String, String)>,
    /// Where the database before an up that drops something is kept while it is compared.
    snapshots: tempfile::TempDir,
    _removed: crate::interrupt::Registered,
    unreached: Vec<String>,
    rowless: BTreeMap<String, String>,
    tables: BTreeSet<String>,
    /// The app still running, when its schema is known (`old-app-breaks`).
    watch: Option<Watch<'a>>,
}

/// Walks every migration of `migrations` on a scratch database; those not `judged` are only
/// applied (with generated rows after them), as the database the judged ones meet. `app`: the
/// tables of the app still running, which `old-app-breaks` judges each migration against.
pub fn walk<'a>(
    migrations: &'a Migrations,
    options: &'a Options,
    judged: &dyn Fn(&dyn Migration<Sqlite>) -> bool,
    app: Option<&'a (AppSchema, String)>,
) -> Result<Walked, String> {
    let snapshots = crate::throwaway::folder("workbook-snapshots-").map_err(|e| e.to_string())?;
    let mut walk = Walk {
        _removed: crate::interrupt::remove_on_interrupt(snapshots.path()),
        migrations,
        options,
        counter: 0,
        problems: Vec::new(),
        notes: Vec::new(),
        dangling: BTreeMap::new(),
        snapshots,
        unreached: Vec::new(),
        rowless: BTreeMap::new(),
        tables: BTreeSet::new(),
        watch: None,
    };
    let mut s = walk.scratch()?;
    walk.seed(&mut s, None, &[])?;
    walk.watch = old_app::sqlite(app, s.conn())?;
    let all: Vec<&dyn Migration<Sqlite>> = migrations.iter().collect();
    let stop = |walk: &mut Walk, index: usize, error: &str| {
        let name = migration::full_name(all[index]);
        walk.problems
            .push(up_fails::problem(&name, error, all.len() - index - 1));
        walk.unreached = all[index + 1..]
            .iter()
            .filter(|m| judged(**m))
            .map(|m| migration::full_name(*m))
            .collect();
    };
    for (index, m) in all.iter().enumerate() {
        let name = migration::full_name(*m);
        if !judged(*m) {
            let before = s.shape()?;
            if let Err(error) = walk.up_or_fewer_rows(&mut s, *m) {
                return Err(before_the_window(&name, &error));
            }
            let changed = s.shape()?.changed_tables(&before);
            walk.seed(&mut s, Some(*m), &changed)?;
            walk.watched(&mut s, *m, false)?;
            continue;
        }
        match walk.step(&mut s, *m, &name)? {
            Stepped::Ok => {}
            Stepped::UpFailed(error) => {
                stop(&mut walk, index, &error);
                return Ok(walk.finish(None));
            }
            // Start again from what the ups alone build, rows included.
            Stepped::DownBroke => s = walk.replay(&all[..=index])?,
        }
        walk.watched(&mut s, *m, true)?;
    }
    let end = walk.final_checks(&mut s);
    Ok(walk.finish(Some(end)))
}

enum Stepped {
    Ok,
    UpFailed(String),
    /// The down (or the up after it) failed or did not restore: the scratch is not what the
    /// ups alone would have built.
    DownBroke,
}

impl<'a> Walk<'a> {
    fn scratch(&self) -> Result<Scratch<'a>, String> {
        // The migrations may attach files only where the walk keeps its snapshots.
        let mut s = Scratch::confined(self.migrations, &super::no_app, self.snapshots.path())?;
        self.foreign_keys(s.conn());
        // Nobody else opens the walk's database: one lock for good saves a lock per statement.
        s.execute("PRAGMA locking_mode = EXCLUSIVE")?;
        Ok(s)
    }

    /// Foreign keys as the options say: a step outside a transaction turns them back on.
    fn foreign_keys(&self, conn: &mut SqliteConnection) {
        if !self.options.foreign_keys.on {
            let _ = conn.batch_execute("PRAGMA foreign_keys = OFF");
        }
    }

    /// Rows after the migration named `after` (or before the first, for `None`): generated
    /// ones in the tables it made or changed (`changed`), then the user's seed when it
    /// belongs here.
    fn seed(
        &mut self,
        s: &mut Scratch,
        after: Option<&dyn Migration<Sqlite>>,
        changed: &[String],
    ) -> Result<(), String> {
        if after.is_some() {
            let refused = rows::fill(
                s.conn(),
                Some(changed),
                self.options.rows,
                &mut self.counter,
            );
            self.tables.extend(changed.iter().cloned());
            // A table that got rows since is no longer rowless.
            self.rowless.retain(|table, _| !changed.contains(table));
            self.rowless.extend(refused);
        }
        let Some(seed) = &self.options.seed else {
            return Ok(());
        };
        let here = match (&seed.after, after) {
            (None, None) => true,
            (Some(wanted), Some(m)) => {
                migration::short_name(m) == *wanted || migration::full_name(m) == *wanted
            }
            _ => false,
        };
        if here {
            seed.load(s.conn())?;
        }
        Ok(())
    }

    fn step(
        &mut self,
        s: &mut Scratch,
        m: &dyn Migration<Sqlite>,
        name: &str,
    ) -> Result<Stepped, String> {
        let masked = masks::of(m, s.conn());
        let masked = &masked;
        let before_shape = s.shape()?;
        let before_rows = self.rows(s, masked)?;
        let before_catalogue = catalogue::read(s.conn()).map_err(|e| e.to_string())?;
        // Values can only vanish with a table or column an up drops: only then is the
        // database before it kept, as a snapshot, to look for them afterwards.
        let drops = drops(m);
        let snapshot_file = self.snapshots.path().join(format!("{name}.db"));
        // Tables filled anew from other tables (a cache) hold computed rows, not kept ones.
        let recomputed = (recomputed(m, Direction::Up), recomputed(m, Direction::Down));
        let before_tables = if drops {
            s.execute(&format!("VACUUM INTO {}", literal(&snapshot_file)))?;
            let mut tables = loss::tables(s.conn()).map_err(|e| e.to_string())?;
            tables.retain(|t| !recomputed.0.contains(&t.name.to_ascii_lowercase()));
            tables
        } else {
            Vec::new()
        };

        if let Err(error) = self.up(s, m) {
            let _ = std::fs::remove_file(&snapshot_file);
            // Generated rows that do not fit are not the migration's problem: try fewer.
            return match self.fewer_rows(s, m, Direction::Up, &error)? {
                true => self.step(s, m, name),
                false => Ok(Stepped::UpFailed(error)),
            };
        }
        let tables = crate::sqlite::schema::tables(s.conn()).unwrap_or_default();
        if let Some(note) = masked.note(name, &|t| tables.iter().any(|x| x == t)) {
            self.note(note);
        }
        let after_catalogue = catalogue::read(s.conn()).map_err(|e| e.to_string())?;
        self.track_dangling(s.conn(), &before_catalogue, name);
        self.problems.extend(rebuild_loses_index::judge(
            name,
            &before_catalogue,
            &after_catalogue,
        ));
        // What the up lost by mistake (`replaced_only`), and everything it threw away.
        let (lost, dropped, filled) = if drops {
            let after_tables = loss::tables(s.conn()).map_err(|e| e.to_string())?;
            s.execute(&format!(
                "ATTACH DATABASE {} AS before",
                literal(&snapshot_file)
            ))?;
            let compare = |s: &mut Scratch, replaced_only| {
                loss::lost(
                    s.conn(),
                    ("before", &before_tables),
                    ("main", &after_tables),
                    replaced_only,
                )
                .map_err(|e| e.to_string())
            };
            let found = (compare(s, true), compare(s, false));
            let moved = if masked.everything {
                Vec::new()
            } else {
                loss::changed_in_place(
                    s.conn(),
                    ("before", &before_tables),
                    ("main", &after_tables),
                    &|t, c| masked.column(t, c) || masked.whole(t),
                )
            };
            let filled = loss::fills_nulls(
                s.conn(),
                ("before", &before_tables),
                ("main", &after_tables),
            );
            s.execute("DETACH DATABASE before")?;
            let _ = std::fs::remove_file(&snapshot_file);
            let mut lost = found.0?;
            lost.extend(moved);
            (lost, found.1?, filled)
        } else {
            (Vec::new(), Vec::new(), false)
        };
        let after_rows = self.rows(s, masked)?;
        let deleted = deletes(m);
        let causes = loss_causes(s.conn(), m, before_rows.keys());
        let rebuilt = catalogue::rebuilt(&before_catalogue, &after_catalogue);
        let up_lost = up_loses_rows::judge(
            name,
            (&without(&before_rows, &recomputed.0), &after_rows),
            &lost,
            &deleted,
            &rebuilt,
            &|table| causes.get(table).cloned(),
        );
        // Rows the up threw away, by mistake (said once, of the up) or on purpose (a table or
        // column dropped, rows deleted), cannot come back with the down: its rows are not judged.
        // So are NULLs the up gave a value on purpose (`coalesce(x, '')` on the way to NOT NULL).
        let down_can_restore_rows =
            up_lost.is_none() && deleted.is_empty() && dropped.is_empty() && !filled;
        self.problems.extend(up_lost);
        let after_shape = s.shape()?;
        let changed = after_shape.changed_tables(&before_shape);

        // A migration without a down is said by `irreversible`, which reads the folders.
        if irreversible::judge(&self.migrations.folder(m), name).is_some() {
            self.seed(s, Some(m), &changed)?;
            return Ok(Stepped::Ok);
        }
        if let Err(error) = self.down(s, m) {
            // The down runs on fewer rows: the stairway starts again from there.
            if self.fewer_rows(s, m, Direction::Down, &error)? && self.down(s, m).is_ok() {
                return self.step(s, m, name);
            }
            self.problems.push(down_fails::problem(name, &error));
            self.seed(s, Some(m), &changed)?;
            return Ok(Stepped::Ok);
        }
        let mut broke = false;
        let down_shape = s.shape()?;
        if let Some(problem) =
            down_not_exact::judge(name, shape::differences(&before_shape, &down_shape))
        {
            self.problems.push(problem);
            broke = true;
        } else if let Some(problem) = down_loses_rows::judge(
            name,
            &without(&before_rows, &recomputed.1),
            &without(&self.rows(s, masked)?, &recomputed.1),
        ) {
            if down_can_restore_rows {
                self.problems.push(problem);
            }
            broke = true;
        }
        let again = self.up(s, m);
        let judged = match &again {
            Err(error) => up_again_differs::judge(name, &after_rows, Err(error)),
            Ok(()) => {
                let (shape, rows) = (s.shape()?, self.rows(s, masked)?);
                let said = shape::differences(&after_shape, &shape);
                up_again_differs::judge(name, &after_rows, Ok((said, &rows)))
            }
        };
        if let Some(problem) = judged {
            // What a bad down left behind explains a second up that differs: say it once.
            if !broke {
                self.problems.push(problem);
            }
            broke = true;
        }
        if broke {
            return Ok(Stepped::DownBroke);
        }
        self.seed(s, Some(m), &changed)?;
        Ok(Stepped::Ok)
    }

    /// A fresh scratch database with the ups of `done` applied, and the same rows: generated
    /// rows are numbered again from the start, so they come out the same.
    fn replay(&mut self, done: &[&dyn Migration<Sqlite>]) -> Result<Scratch<'a>, String> {
        let counter = self.counter;
        self.counter = 0;
        let mut s = self.scratch()?;
        self.seed(&mut s, None, &[])?;
        for m in done {
            let before = s.shape()?;
            self.up_or_fewer_rows(&mut s, *m)?;
            let changed = s.shape()?.changed_tables(&before);
            self.seed(&mut s, Some(*m), &changed)?;
        }
        self.counter = self.counter.max(counter);
        Ok(s)
    }

    /// Rows as compared: clock defaults masked always, and the columns the migration fills
    /// from the clock or at random; a table whose such column cannot be told (or every table,
    /// when not even the table can) is compared by its count of rows.
    fn rows(&self, s: &mut Scratch, masked: &Masks) -> Result<Rows, String> {
        let rows = crate::sqlite::schema::rows_masked(s.conn(), &|t, c| masked.column(t, c))
            .map_err(|e| e.to_string())?;
        Ok(rows
            .into_iter()
            .map(|(table, lines)| {
                if masked.whole(&table) {
                    let n = lines.len();
                    (table, (0..n).map(|i| format!("row {i}")).collect())
                } else {
                    (table, lines)
                }
            })
            .collect())
    }

    fn track_dangling(
        &mut self,
        conn: &mut SqliteConnection,
        before: &catalogue::Catalogue,
        name: &str,
    ) {
        let now = catalogue::dangling_references(conn, before).unwrap_or_default();
        let key = |text: &str| text.split(',').next().unwrap_or(text).to_string();
        let keys: Vec<String> = now.iter().map(|t| key(t)).collect();
        self.dangling.retain(|k, _| keys.contains(k));
        for text in now {
            self.dangling
                .entry(key(&text))
                .or_insert_with(|| (name.to_string(), text));
        }
    }

    fn final_checks(&mut self, s: &mut Scratch) -> Vec<Problem> {
        let dangling: Vec<(String, String)> = self.dangling.values().cloned().collect();
        let mut found = broken_foreign_keys::judge(s.conn(), &dangling);
        found.extend(unnamed_constraint::find(s.conn()));
        found
    }

    fn finish(self, end: Option<Vec<Problem>>) -> Walked {
        let mut problems = self.problems;
        problems.extend(end.unwrap_or_default());
        let mut notes = self.notes;
        old_app::finish(self.watch, &mut problems, &mut notes);
        Walked {
            problems,
            notes,
            unreached: self.unreached,
            rowless: self.rowless,
            tables: self.tables,
        }
    }
}

/// The error when a migration before the judged ones (`--since`) fails: none can be judged.
pub(super) fn before_the_window(name: &str, error: &str) -> String {
    format!(
        "migrations/{name}, older than the migrations to judge, fails when applied ({error}): \
         none of them can be judged; fix it, or give --since a version at or after it"
    )
}
