//! The walk over PostgreSQL migrations: generated rows, each up watched statement by statement,
//! then the stairway (down, up again), on a scratch database made anew after a bad down.

use std::collections::{BTreeMap, BTreeSet};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use super::Migration;
use super::kept::{self, Snapshot};
use super::script::{
    assured, deletes, dropped, empty, first_line, rollback, run, volatile, without,
};
use crate::error::{Error, Result};
use crate::postgres::effects::{Effect, Watch};
use crate::postgres::split::statements;
use crate::postgres::{Scratch, Server, catalog, generated_ids, rows};
use crate::rows::Rows;
use crate::rules::{
    Problem, Ran, concurrently_in_transaction, down_fails, down_loses_rows, down_not_exact,
    not_null_without_default, not_valid_hides_bad_rows, up_again_differs, up_fails, up_loses_rows,
};

/// The scratch database the walk works in, and its connection (closed before it is dropped).
struct Live {
    conn: PgConnection,
    _db: Scratch,
}

impl Live {
    fn new(server: &Server) -> Result<Live> {
        let db = server.scratch()?;
        Ok(Live {
            conn: db.connect()?,
            _db: db,
        })
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
}

/// How the walk goes.
pub(super) struct Walk<'a> {
    pub(super) server: &'a Server,
    /// Generated rows per empty table before each migration.
    pub(super) rows: usize,
    /// The migrations judged (`None`: all); the others are applied only.
    pub(super) judged: Option<Vec<String>>,
}

impl Walk<'_> {
    /// Applies `migrations` in order on a new database and judges each.
    pub(super) fn run(&self, migrations: &[Migration]) -> Result<Walked> {
        let mut live = Live::new(self.server)?;
        let mut walked = Walked {
            problems: Vec::new(),
            notes: Vec::new(),
            unreached: Vec::new(),
            rowless: BTreeMap::new(),
            tables: BTreeSet::new(),
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
                Err(Err(error)) => {
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
                Err(Ok(problem)) => Some(Ok(problem)),
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
        }
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
                effect: &quiet,
            };
            concurrently_in_transaction::judge(&ran, m.in_transaction)
        });
        if let Some(problem) = refused {
            walked.problems.push(problem);
            return Ok(true);
        }
        if let Err(error) = run(conn, down, m.in_transaction) {
            walked.problems.push(down_fails::problem(
                &m.name,
                &format!("migrations/{}/down.sql fails: {error}", m.name),
            ));
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
        if !broke {
            walked.problems.extend(problem);
        }
        // The second up applied (however it differs), or a third one applies now; else the
        // database is where the down left it.
        Ok(again.is_ok() || run(conn, &m.up, m.in_transaction).is_ok())
    }

    /// A new database with the ups of `done` applied, rows generated as before; `None` when
    /// one of them fails there.
    fn replay(&self, done: &[Migration], counter: &mut u64) -> Result<Option<Live>> {
        let mut live = Live::new(self.server)?;
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

    /// Runs `m`'s up as diesel would, each statement watched when `judged`; the rules' problems
    /// go to `problems`. `Err` when it fails: a rule's problem, or the server's error (for
    /// `up-fails`).
    fn up(
        &self,
        conn: &mut PgConnection,
        m: &Migration,
        old: &[&str],
        judged: bool,
        problems: &mut Vec<Problem>,
    ) -> std::result::Result<(), std::result::Result<Problem, String>> {
        let all = statements(&m.up);
        let assured = assured(&m.up);
        let mut watch =
            Watch::of(conn, if judged { old } else { &[] }).map_err(|e| Err(e.to_string()))?;
        if m.in_transaction {
            conn.batch_execute("BEGIN")
                .map_err(|e| Err(e.to_string()))?;
        }
        // A migration outside diesel's transaction may open one of its own.
        let mut own_transaction = false;
        for statement in &all {
            let quiet = Effect::default();
            let ran = Ran {
                migration: &m.name,
                file: "up.sql",
                statement,
                effect: &quiet,
            };
            if let Some(problem) = concurrently_in_transaction::judge(&ran, m.in_transaction) {
                rollback(conn, m.in_transaction);
                return Err(Ok(problem));
            }
            let first = statement.words().into_iter().next().unwrap_or_default();
            let opens = matches!(first.as_str(), "BEGIN" | "START");
            let closes = matches!(first.as_str(), "COMMIT" | "END" | "ROLLBACK" | "ABORT");
            let effect = if !m.in_transaction && !own_transaction && !opens {
                watch.run_alone(conn, statement)
            } else {
                watch.run(conn, statement)
            };
            own_transaction = (own_transaction || opens) && !closes;
            if closes {
                watch.end_transaction();
            }
            match effect {
                Ok(effect) if judged => {
                    let mut found = Ran {
                        effect: &effect,
                        ..ran
                    }
                    .judged();
                    // What the project accepted with diesel-guard's markers is said, as notes.
                    if assured.iter().any(|lines| lines.contains(&statement.line)) {
                        for problem in &mut found {
                            problem.note = true;
                            problem.text += " (accepted: inside -- safety-assured:start/end)";
                        }
                    }
                    problems.extend(found);
                }
                Ok(_) => {}
                Err(error) => {
                    rollback(conn, m.in_transaction);
                    let error = error.to_string();
                    return Err(
                        match not_null_without_default::judge(&ran.at(), statement, &error) {
                            Some(problem) => Ok(problem),
                            None if error.contains("contains null values") => Err(format!(
                                "{} fails: {}; rows hold NULL there: a backfill done outside the \
                                 migrations does not run on other databases, so put it in a \
                                 migration before this one",
                                ran.at(),
                                first_line(&error)
                            )),
                            None => Err(format!("{} fails: {}", ran.at(), first_line(&error))),
                        },
                    );
                }
            }
        }
        if m.in_transaction {
            conn.batch_execute("COMMIT")
                .map_err(|e| Err(format!("migrations/{}/up.sql fails at COMMIT: {e}", m.name)))?;
        }
        Ok(())
    }
}
