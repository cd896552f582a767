//! The verbs that change a database: `run`, `revert` and `redo`.
//!
//! Nothing is lost, and the database file is never copied or replaced: SQLite's own locks and
//! transactions do the work.
//! - The migrating connection holds the database's lock for the whole command
//!   (`BEGIN EXCLUSIVE`, then `PRAGMA locking_mode = EXCLUSIVE` keeps it), so no other process
//!   reads or writes between two migrations of one run. They wait (the busy timeout), then
//!   get one line saying the database is busy. An outer transaction could not do this alone:
//!   a migration with `run_in_transaction = false` opens its own and cannot nest in another.
//! - Each migration is applied and recorded in one transaction (see `step`).
//! - When every migration of a command runs in diesel's transaction, the whole command is one
//!   transaction: it is applied entirely or not at all.
//! - A failed command says which of its migrations are applied now and which are not.

use std::collections::BTreeSet;
use std::io::Write;

use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteConnection};

use super::{
    Count, Direction, Migrations, applied, edited, full_name, loss, pending, say, setup,
    short_name, step, version,
};
use crate::config::Database;
use crate::error::{Error, Result};
use crate::sqlite::connection::{self, failure};

/// Applies the pending migrations, oldest first: every one, or (`--to VERSION`) those up to and
/// including the one `to` names. A migration whose up.sql holds no SQL (a TODO not written
/// yet) is never recorded as applied: the run stops before it, with one line naming it.
pub fn run(
    db: &Database,
    migrations: &Migrations,
    to: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut conn = lock(db)?;
    setup(&mut conn)?;
    refuse_unknown_versions(&mut conn, db, migrations)?;
    if let Some(line) = edited(&mut conn, &db.name(), migrations)?
        .into_iter()
        .next()
    {
        return Err(Error::new(line));
    }
    let mut pending = pending(&mut conn, migrations).map_err(|e| failure("read", &db.name(), e))?;
    if let Some(to) = to {
        let last = version(migrations.find(to)?);
        if !pending.iter().any(|m| version(*m) == last) {
            return say(
                out,
                &format!(
                    "Nothing to run: {} is applied already.",
                    full_name(migrations.find(to)?)
                ),
            );
        }
        pending.retain(|m| version(*m) <= last);
    }
    if pending.is_empty() {
        return say(out, "Nothing to run: every migration is applied.");
    }
    let empty = pending.iter().position(|m| migrations.holds_no_sql(*m));
    let plan: Vec<_> = pending[..empty.unwrap_or(pending.len())]
        .iter()
        .map(|m| (*m, Direction::Up))
        .collect();
    carry_out(&mut conn, db, migrations, &plan, out)?;
    match empty {
        None => Ok(()),
        Some(index) => Err(no_sql(
            &migrations.folder(pending[index]),
            index,
            pending.len() - index,
        )),
    }
}

/// The refusal of a migration whose up.sql holds only comments, after `applied` migrations
/// before it ran; it and the `left` from it on did not.
pub fn no_sql(folder: &std::path::Path, applied: usize, left: usize) -> Error {
    let before = match applied {
        0 => String::new(),
        n => format!("the {n} before it were applied; "),
    };
    Error::new(format!(
        "migration {} has no SQL in up.sql, only comments: write its change in up.sql and its \
         undo in down.sql, then run `migration run` again; {before}it and the {} from it on \
         were not applied",
        super::display_dir(folder),
        match left {
            1 => "1 migration".to_string(),
            n => format!("{n} migrations"),
        }
    ))
}

/// Whether `revert` and `redo` may throw away rows that no down.sql puts back elsewhere.
pub enum Consent<'a> {
    /// `--yes`: go ahead.
    Given,
    /// Ask this question first; `false` stops the command before it changes anything.
    Ask(&'a mut dyn FnMut(&str) -> bool),
}

/// Reverts the last applied migration(s), newest first.
pub fn revert(
    db: &Database,
    migrations: &Migrations,
    count: Count,
    consent: Consent,
    out: &mut dyn Write,
) -> Result<()> {
    let mut conn = lock(db)?;
    let nothing = match &count {
        Count::To(given) => format!("Nothing to revert: {given} is the newest applied migration."),
        _ => "Nothing to revert: no migration is applied.".to_string(),
    };
    let undo = last_applied(&mut conn, db, migrations, count, "revert")?;
    if undo.is_empty() {
        return say(out, &nothing);
    }
    agreed(&mut conn, migrations, &undo, consent, "revert")?;
    let plan: Vec<_> = undo.into_iter().map(|m| (m, Direction::Down)).collect();
    carry_out(&mut conn, db, migrations, &plan, out)
}

/// Reverts the last applied migration(s) and runs them again: the quick test of a `down.sql`.
pub fn redo(
    db: &Database,
    migrations: &Migrations,
    count: Count,
    consent: Consent,
    out: &mut dyn Write,
) -> Result<()> {
    let mut conn = lock(db)?;
    let undo = last_applied(&mut conn, db, migrations, count, "redo")?;
    if undo.is_empty() {
        return say(out, "Nothing to redo: no migration is applied.");
    }
    agreed(&mut conn, migrations, &undo, consent, "redo")?;
    let downs = undo.iter().map(|m| (*m, Direction::Down));
    let ups = undo.iter().rev().map(|m| (*m, Direction::Up));
    let plan: Vec<_> = downs.chain(ups).collect();
    carry_out(&mut conn, db, migrations, &plan, out)
}

/// Goes on when reverting `undo` throws nothing away, or when the user consents.
fn agreed(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
    undo: &[&dyn Migration<Sqlite>],
    consent: Consent,
    verb: &str,
) -> Result<()> {
    let losses = loss::of_reverting(conn, migrations, undo)?;
    if losses.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = undo.iter().map(|m| short_name(*m)).collect();
    let what = format!(
        "reverting {} throws away {}, which no down.sql puts back",
        names.join(", "),
        losses.join(", ")
    );
    let go = match consent {
        Consent::Given => true,
        Consent::Ask(ask) => ask(&what),
    };
    if go {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{what}: nothing was done; run `migration {verb}` again with --yes to go ahead, or \
             save those rows first"
        )))
    }
}

/// Opens `db` and takes its lock until the connection closes, after proving the file sound.
pub(super) fn lock(db: &Database) -> Result<SqliteConnection> {
    let mut conn = connection::open(db)?;
    // The lock first, in the normal mode: while it waits for a writer to finish, SQLite lets
    // go of its read lock between tries. Waiting in the exclusive mode would hold that read
    // lock, so the writer could never commit, and both would wait out the busy timeout.
    conn.batch_execute("BEGIN EXCLUSIVE; PRAGMA locking_mode = EXCLUSIVE; COMMIT;")
        .map_err(|e| failure("lock", &db.name(), e))?;
    quick_check(&mut conn, db)?;
    Ok(conn)
}

/// Refuses a damaged database: migrating it could only make the damage worse.
fn quick_check(conn: &mut SqliteConnection, db: &Database) -> Result<()> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        quick_check: String,
    }
    let damaged = |what: &str| {
        Error::new(format!(
            "database {} is damaged ({what}), so no migration runs on it: restore it from a \
             backup, or save what it holds with `sqlite3 {} .recover | sqlite3 recovered.db`",
            db.name(),
            db.name()
        ))
    };
    let lines: Vec<Line> = diesel::sql_query("PRAGMA quick_check")
        .load(conn)
        .map_err(|e| damaged(&e.to_string()))?;
    match lines.first() {
        Some(line) if line.quick_check == "ok" => Ok(()),
        Some(line) => Err(damaged(&line.quick_check)),
        None => Err(damaged("PRAGMA quick_check said nothing")),
    }
}

/// Carries out a plan of migration steps: in one transaction when every step runs in diesel's
/// transaction, else one after another. On failure, says what is applied now.
fn carry_out(
    conn: &mut SqliteConnection,
    db: &Database,
    migrations: &Migrations,
    plan: &[(&dyn Migration<Sqlite>, Direction)],
    out: &mut dyn Write,
) -> Result<()> {
    let before = applied(conn).map_err(|e| failure("read", &db.name(), e))?;
    let mut steps = |conn: &mut SqliteConnection| -> std::result::Result<(), Stop> {
        for (migration, direction) in plan {
            let verb = match direction {
                Direction::Up => "Running",
                Direction::Down => "Rolling back",
            };
            say(out, &format!("{verb} migration {}", full_name(*migration)))?;
            step(conn, migrations, *migration, *direction)?;
        }
        Ok(())
    };
    let whole = plan.iter().all(|(m, _)| m.metadata().run_in_transaction());
    let result = if whole {
        conn.transaction(|conn| steps(conn))
    } else {
        steps(conn)
    };
    result.map_err(|Stop(error)| {
        let now = applied(conn).ok();
        Error::new(format!("{error}{}", state(plan, &before, now.as_deref())))
    })
}

/// Why a plan stopped; the end of its transaction (a failed COMMIT) arrives through `From`.
struct Stop(Error);

impl From<Error> for Stop {
    fn from(error: Error) -> Self {
        Stop(error)
    }
}

impl From<diesel::result::Error> for Stop {
    fn from(e: diesel::result::Error) -> Self {
        Stop(Error::new(format!("cannot commit the migrations: {e}")))
    }
}

/// What a failed command leaves: the database as it was, or which of its migrations are
/// applied now and which are not.
fn state(
    plan: &[(&dyn Migration<Sqlite>, Direction)],
    before: &[String],
    now: Option<&[String]>,
) -> String {
    let Some(now) = now else {
        return "; cannot read which migrations are applied now: see `migration list`".into();
    };
    if now == before {
        return "; the database is as it was before this command".into();
    }
    let mut seen = BTreeSet::new();
    let (mut on, mut off) = (Vec::new(), Vec::new());
    for (migration, _) in plan {
        let version = version(*migration);
        if seen.insert(version.clone()) {
            let side = if now.contains(&version) {
                &mut on
            } else {
                &mut off
            };
            side.push(short_name(*migration));
        }
    }
    let names = |list: &[String]| match list {
        [] => "none".to_string(),
        _ => list.join(", "),
    };
    format!(
        "; of this command's migrations, applied now: {}; not applied: {}",
        names(&on),
        names(&off)
    )
}

/// The last `count` applied migrations, newest first (with `Count::To`, those newer than the
/// one it names, which must be applied). Refuses a count larger than what is applied, and a
/// database with a migration this lesson does not know.
fn last_applied<'m>(
    conn: &mut SqliteConnection,
    db: &Database,
    migrations: &'m Migrations,
    count: Count,
    verb: &str,
) -> Result<Vec<&'m dyn Migration<Sqlite>>> {
    refuse_unknown_versions(conn, db, migrations)?;
    let applied = applied(conn).map_err(|e| failure("read", &db.name(), e))?;
    let take = match count {
        Count::All => applied.len(),
        Count::Last(n) if n > applied.len() && !applied.is_empty() => {
            return Err(Error::new(format!(
                "cannot {verb} {n} migrations: only {} applied to {}; use `migration {verb} \
                 --all` to {verb} them all",
                match applied.len() {
                    1 => "1 is".to_string(),
                    k => format!("{k} are"),
                },
                db.name()
            )));
        }
        Count::Last(n) => n,
        Count::To(given) => {
            let kept = version(migrations.find(&given)?);
            if !applied.contains(&kept) {
                return Err(Error::new(format!(
                    "cannot {verb} to {given}: it is not applied to {}; `migration list` shows \
                     what is",
                    db.name()
                )));
            }
            applied.iter().filter(|v| **v > kept).count()
        }
    };
    Ok(applied
        .iter()
        .rev()
        .take(take)
        .map(|v| {
            migrations
                .with_version(v)
                .expect("unknown versions were refused above")
        })
        .collect())
}

/// Refuses to work on a database that has a migration applied which the lesson does not have:
/// its `down.sql` is unknown, so nothing could be reverted safely.
fn refuse_unknown_versions(
    conn: &mut SqliteConnection,
    db: &Database,
    migrations: &Migrations,
) -> Result<()> {
    match unknown_versions(conn, migrations)
        .map_err(|e| failure("read", &db.name(), e))?
        .first()
    {
        None => Ok(()),
        Some(unknown) => Err(Error::new(format!(
            "database {} has migration {unknown} applied, but the migrations folder has no \
             migration with that version; put its folder back, or start again with a new database",
            db.name()
        ))),
    }
}

/// The versions applied to the database that `migrations` does not have, oldest first.
pub fn unknown_versions(
    conn: &mut SqliteConnection,
    migrations: &Migrations,
) -> QueryResult<Vec<String>> {
    let known: BTreeSet<String> = migrations.iter().map(version).collect();
    Ok(applied(conn)?
        .into_iter()
        .filter(|v| !known.contains(v))
        .collect())
}
