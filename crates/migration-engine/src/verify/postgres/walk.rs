//! The walk over PostgreSQL migrations: generated rows, each up watched statement by statement,
//! then the stairway (down, up again), on a scratch database made anew after a bad down.

use std::collections::{BTreeMap, BTreeSet};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use super::Migration;
use super::kept::{self, Snapshot};
use super::script::{deletes, dropped, empty, run, volatile, without};
use super::up::Failure;
use crate::app_schema::AppSchema;
use crate::error::{Error, Result};
use crate::postgres::effects::Effect;
use crate::postgres::split::statements;
use crate::postgres::{Scratch, Server, catalog, generated_ids, migrator, rows};
use crate::rows::Rows;
use crate::rules::{
    Problem, Ran, concurrently_in_transaction, down_fails, down_loses_rows, down_not_exact,
    frozen_now, not_valid_hides_bad_rows, up_again_differs, up_fails, up_loses_rows,
};
use crate::verify::Seed;
use crate::verify::old_app;

/// The scratch database the walk works in, and its connection (closed before it is dropped).
struct Live {
    conn: PgConnection,
    db: Scratch,
}

impl Live {
    /// A new scratch database, with the seed run in it first (extensions and the like).
    /// `contained`: the database is `migrator`'s, and the connection logs in as its role.
    fn new(server: &Server, seed: Option<&Seed>, contained: bool, timeout: u64) -> Result<Live> {
        let db = match contained {
            true => server.contained_scratch()?,
            false => server.scratch()?,
        };
        let mut conn = db.connect()?;
        // Each statement of a migration gets `--statement-timeout` seconds (0: no limit).
        conn.batch_execute(&format!("SET statement_timeout = '{timeout}s'"))
            .map_err(|e| Error::new(format!("cannot set statement_timeout: {e}")))?;
        if let Some(seed) = seed.filter(|s| !s.sql.trim().is_empty()) {
            conn.batch_execute(&seed.sql).map_err(|e| {
                let said = format!(
                    "the seed {} fails on PostgreSQL: {}",
                    seed.file.display(),
                    e.to_string().lines().next().unwrap_or_default()
                );
                Error::new(match contained && migrator::needs_superuser(&said) {
                    true => migrator::explained(said),
                    false => format!("{said}; fix it, or leave --seed out"),
                })
            })?;
        }
        Ok(Live { conn, db })
    }
}

/// What the walk found.
pub(super) struct Walked {
    pub(super) problems: Vec<Problem>,
    pub(super) notes: Vec<String>,
    /// The judged migrations the walk never reached (it stopped before them).
    pub(super) unreached: Vec<String>,
    /// The tables no generated row fitted, each with what refused it.
    pub(super) rowless: BTreeMap<String, String>,
    /// Every table the walk met.
    pub(super) tables: BTreeSet<String>,
    /// Why the walk stopped where it did when a migration needs a newer server.
    pub(super) newer: Option<String>,
}

/// How the walk goes.
pub(super) struct Walk<'a> {
    pub(super) server: &'a Server,
    /// The server's version as it says it (`15.18 (Debian ...)`).
    pub(super) version: String,
    /// Generated rows per empty table before each migration.
    pub(super) rows: usize,
    /// The migrations judged (`None`: all); the others are applied only.
    pub(super) judged: Option<Vec<String>>,
    /// SQL run on each new database before the first migration (`--seed`).
    pub(super) seed: Option<&'a Seed>,
    /// Migrations run as `migrator`'s unprivileged role (a cluster of verify's own, without
    /// `--superuser`).
    pub(super) contained: bool,
    /// Seconds each statement may run (`--statement-timeout`; 0: no limit).
    pub(super) timeout: u64,
    /// The tables of the app still running, for `old-app-breaks`.
    pub(super) app: Option<&'a (AppSchema, String)>,
    /// The server is a throwaway cluster removed whole once the walk is done: its last
    /// scratch database is left to go with it.
    pub(super) throwaway: bool,
}

impl Walk<'_> {
    /// Applies `migrations` in order on a new database and judges each.
    pub(super) fn run(&self, migrations: &[Migration]) -> Result<Walked> {
        let mut live = Live::new(self.server, self.seed, self.contained, self.timeout)?;
        let mut watch = old_app::postgres(self.app, &mut live.conn)?;
        let mut walked = Walked {
            problems: Vec::new(),
            notes: Vec::new(),
            unreached: Vec::new(),
            rowless: BTreeMap::new(),
            tables: BTreeSet::new(),
            newer: None,
        };
        let mut counter = 0;
        // The tables no generated row fitted, and what refused them.
        let mut rowless = BTreeMap::new();
        let mut finished = true;
        // With --since, the judged migrations are one release: a table an earlier one of them
        // made holds no rows in production yet. `made_before`: the tables before the last
        // judged migration.
        let mut new_in_window = BTreeSet::new();
        let mut made_before: Option<BTreeSet<String>> = None;
        for (index, m) in migrations.iter().enumerate() {
            let judged = self
                .judged
                .as_ref()
                .is_none_or(|names| names.contains(&m.name));
            let conn = &mut live.conn;
            let mut before = self.fill(conn, m, &mut counter, &mut rowless)?;
            // A table that got rows since is no longer rowless.
            rowless.retain(|table, _| before.1.get(table).is_none_or(Vec::is_empty));
            walked.tables.extend(before.1.keys().cloned());
            if let Some(made_before) = made_before.take() {
                new_in_window.extend(
                    before
                        .1
                        .keys()
                        .filter(|table| !made_before.contains(*table))
                        .cloned(),
                );
            }
            if judged && self.judged.is_some() {
                made_before = Some(before.1.keys().cloned().collect());
            }
            let old: Vec<&str> = before
                .1
                .keys()
                .filter(|table| !new_in_window.contains(*table))
                .map(String::as_str)
                .collect();
            // The values the up may move or lose, read only where it can.
            let mut kept_before = (judged && kept::moves_values(&m.up))
                .then(|| kept::read(conn).ok())
                .flatten();
            // What the up's statements did, kept from the run that stands: a failed up tried
            // again would say its first statements' findings twice.
            let mut found = Vec::new();
            let failed = match self.up(conn, m, &old, judged, &mut found) {
                Ok(()) => None,
                // A server error may come from the generated rows alone: the up is tried again,
                // watched as before, on the same tables emptied. If it runs then, the walk goes
                // on from there (a note says so); else it fails on any database.
                Err(Failure::Error(error)) => {
                    let emptied = empty(conn, &before.1);
                    let rows = catalog::rows(conn).unwrap_or_default();
                    let mut again = Vec::new();
                    if emptied && self.up(conn, m, &old, judged, &mut again).is_ok() {
                        found = again;
                        let error = error.split("; rows hold").next().unwrap_or(&error);
                        let (at, why) = error.split_once(" fails: ").unwrap_or((&m.name, error));
                        walked.notes.push(format!(
                            "{at} fails on the generated rows ({why}) and runs once its tables \
                             are emptied: the walk dropped their rows and went on"
                        ));
                        before.1 = rows;
                        kept_before = None;
                        None
                    } else {
                        Some(Err(error))
                    }
                }
                // A rule's problem (a NOT NULL column without a default) fails on any rows.
                Err(Failure::Rule(problem)) => Some(Ok(problem)),
                // Syntax of a newer server: this one cannot judge the migration or those after
                // it, and cannot run at all when the migration comes before the --since window.
                Err(Failure::Newer(said)) => {
                    if !judged {
                        return Err(Error::new(said));
                    }
                    walked.newer = Some(said);
                    walked.unreached = self.judged_of(&migrations[index..]);
                    finished = false;
                    break;
                }
            };
            walked.problems.extend(found);
            if let Some(problem) = failed {
                // An older migration, not judged, ran on empty tables long ago: so does this
                // one, for the walk to go on.
                let recovered =
                    empty(conn, &before.1) && run(conn, &m.up, m.in_transaction).is_ok();
                if !judged && !recovered {
                    let error = problem.map_or_else(|e| e, |p| p.text);
                    return Err(Error::new(crate::verify::walk::before_the_window(
                        &m.name, &error,
                    )));
                }
                if judged {
                    let later = if recovered {
                        0
                    } else {
                        migrations.len() - index - 1
                    };
                    walked.problems.push(
                        problem.unwrap_or_else(|error| up_fails::problem(&m.name, &error, later)),
                    );
                }
                if !recovered {
                    finished = false;
                    walked.unreached = self.judged_of(&migrations[index + 1..]);
                    break;
                }
                old_app::after_postgres(&mut watch, &mut live.conn, (&m.name, &m.up), judged)?;
                continue;
            }
            if judged && !self.stairway(conn, m, (&before, kept_before.as_ref()), &mut walked)? {
                // The down left a database the up cannot run on again: make it anew.
                let Some(again) = self.replay(&migrations[..=index], &mut counter)? else {
                    walked.notes.push(format!(
                        "the walk stopped after migrations/{}: its down left a database its up \
                         cannot run on, and the ups before it could not build a new one; the {} \
                         migrations after it are not checked",
                        m.name,
                        migrations.len() - index - 1
                    ));
                    finished = false;
                    walked.unreached = self.judged_of(&migrations[index + 1..]);
                    break;
                };
                live = again;
            }
            old_app::after_postgres(&mut watch, &mut live.conn, (&m.name, &m.up), judged)?;
        }
        old_app::finish(watch, &mut walked.problems, &mut walked.notes);
        if finished {
            let end = not_valid_hides_bad_rows::find(&mut live.conn).map_err(|e| {
                Error::new(format!(
                    "the scratch database failed after the last migration: {e}"
                ))
            })?;
            walked.problems.extend(end);
        }
        if self.rows > 0 {
            walked.rowless = rowless;
        }
        if self.throwaway {
            let Live { conn, db } = live;
            drop(conn);
            db.leave();
        }
        Ok(walked)
    }

    /// The names of the judged migrations among `migrations`.
    fn judged_of(&self, migrations: &[Migration]) -> Vec<String> {
        migrations
            .iter()
            .filter(|m| self.judged.as_ref().is_none_or(|j| j.contains(&m.name)))
            .map(|m| m.name.clone())
            .collect()
    }

    /// Puts generated rows in the empty tables before `m`, and gives the schema and rows then.
    fn fill(
        &self,
        conn: &mut PgConnection,
        m: &Migration,
        counter: &mut u64,
        refused: &mut BTreeMap<String, String>,
    ) -> Result<(Vec<String>, Rows)> {
        let database = |e: diesel::result::Error| {
            Error::new(format!(
                "the scratch database failed before migrations/{}: {e}",
                m.name
            ))
        };
        let found = catalog::rows(conn).map_err(database)?;
        let empty = rows::empty_tables(conn, &found).map_err(database)?;
        refused.extend(rows::fill(conn, &empty, self.rows, counter));
        let rows = generated_ids::rows(conn).map_err(database)?;
        let schema = catalog::statements(conn).map_err(database)?;
        Ok((schema, rows))
    }

    /// After `m`'s up: its rows kept, then down, up again. False when the database is left
    /// where the up cannot run again.
    fn stairway(
        &self,
        conn: &mut PgConnection,
        m: &Migration,
        ((schema_before, rows_before), kept_before): (&(Vec<String>, Rows), Option<&Snapshot>),
        walked: &mut Walked,
    ) -> Result<bool> {
        let database = |e: diesel::result::Error| {
            Error::new(format!(
                "the scratch database failed after migrations/{}: {e}",
                m.name
            ))
        };
        let rows_after = generated_ids::rows(conn).map_err(database)?;
        let schema_after = catalog::statements(conn).map_err(database)?;
        walked.problems.extend(up_loses_rows::judge(
            &m.name,
            (rows_before, &rows_after),
            &kept_before
                .and_then(|b| Some(kept::lost(b, &kept::read(conn).ok()?, &deletes(&m.up))))
                .unwrap_or_default(),
            &deletes(&m.up),
            &[],
            &|table| up_loses_rows::drop_line(&m.up, table).map(|n| format!("up.sql:{n} drops it")),
        ));
        // A migration without a down is said by `irreversible`, which reads the folders.
        let Some(down) = &m.down else {
            return Ok(true);
        };
        let quiet = Effect::default();
        let refused = statements(down).iter().find_map(|statement| {
            let ran = Ran {
                migration: &m.name,
                file: "down.sql",
                statement,
                earlier: &[],
                effect: &quiet,
            };
            concurrently_in_transaction::judge(&ran, m.in_transaction)
        });
        if let Some(problem) = refused {
            walked.problems.push(problem);
            return Ok(true);
        }
        if let Err(error) = run(conn, down, m.in_transaction) {
            let said = format!("migrations/{}/down.sql fails: {error}", m.name);
            let said = match self.contained {
                true => migrator::explained(said),
                false => said,
            };
            walked.problems.push(down_fails::problem(&m.name, &said));
            return Ok(true);
        }
        let schema_down = catalog::statements(conn).map_err(database)?;
        let rows_down = generated_ids::rows(conn).map_err(database)?;
        // What a bad down left behind explains what follows: say it once.
        // Tables whose rows the up drops, or the down deletes, on purpose: a down cannot give
        // back what the up dropped, and `DELETE FROM t` undoing an up's INSERT means it.
        let mut on_purpose = dropped(&m.up);
        on_purpose.extend(deletes(&m.up));
        on_purpose.extend(deletes(down));
        // A down of SELECTs alone restores no data on purpose (a backfill's down).
        let restores = !statements(down)
            .iter()
            .all(|s| s.words().first().is_some_and(|w| w == "SELECT"));
        let bad_down =
            down_not_exact::judge(&m.name, catalog::differences(schema_before, &schema_down))
                .or_else(|| {
                    if !restores {
                        return None;
                    }
                    down_loses_rows::judge(
                        &m.name,
                        &without(rows_before, &on_purpose),
                        &without(&rows_down, &on_purpose),
                    )
                });
        let broke = bad_down.is_some();
        walked.problems.extend(bad_down);
        let again = run(conn, &m.up, m.in_transaction);
        let problem = match &again {
            Err(error) => up_again_differs::judge(&m.name, &rows_after, Err(error)),
            Ok(()) => {
                let schema_again = catalog::statements(conn).map_err(database)?;
                let rows_again = if volatile(conn, &m.up) {
                    walked.notes.push(format!(
                        "migrations/{} computes values (random(), now(), ...): its second up's \
                         rows are not compared with the first's",
                        m.name
                    ));
                    rows_after.clone()
                } else {
                    generated_ids::rows(conn).map_err(database)?
                };
                let rows_again = without(&rows_again, &on_purpose);
                up_again_differs::judge(
                    &m.name,
                    &without(&rows_after, &on_purpose),
                    Ok((
                        catalog::differences(&schema_after, &schema_again),
                        &rows_again,
                    )),
                )
            }
        };
        // A 'now' literal frozen into a view differs at every run: frozen-now says it once.
        let frozen = |p: &Problem| {
            p.rule == frozen_now::RULE.name && p.migration.as_deref() == Some(&m.name)
        };
        if !broke && !walked.problems.iter().any(frozen) {
            walked.problems.extend(problem);
        }
        // The second up applied (however it differs), or a third one applies now; else the
        // database is where the down left it.
        Ok(again.is_ok() || run(conn, &m.up, m.in_transaction).is_ok())
    }

    /// A new database with the ups of `done` applied, rows generated as before; `None` when
    /// one of them fails there.
    fn replay(&self, done: &[Migration], counter: &mut u64) -> Result<Option<Live>> {
        let mut live = Live::new(self.server, self.seed, self.contained, self.timeout)?;
        for m in done {
            let (_, rows) = self.fill(&mut live.conn, m, counter, &mut BTreeMap::new())?;
            // As in the walk: an up that failed only on rows ran once its tables were emptied.
            let ran = run(&mut live.conn, &m.up, m.in_transaction).is_ok()
                || empty(&mut live.conn, &rows)
                    && run(&mut live.conn, &m.up, m.in_transaction).is_ok();
            if !ran {
                return Ok(None);
            }
        }
        Ok(Some(live))
    }
}
