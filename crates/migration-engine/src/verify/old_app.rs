//! `old-app-breaks` in a run of `verify`: which app keeps running while the migrations deploy
//! (`--app-schema REF`, or by default the commit of `--since-commit REF`; or tables the caller
//! read itself, as the course's goals do), and the migrated database read after each
//! migration of the walk, on either backend, for the rule's `Watch`.

use std::path::Path;

use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;

use crate::app_schema::{self, AppSchema, Found};
use crate::error::Result;
use crate::rules::old_app_breaks::Watch;
use crate::rules::{On, Problem, breaks_running_clients};

/// The app that keeps running while the migrations deploy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum App {
    /// Its schema file (the one the project's diesel.toml names) at this git commit or branch.
    Commit(String),
    /// Its tables, already read, and where from (`src/schema.rs before the switch`).
    Schema { schema: AppSchema, from: String },
}

/// The app's tables and where they were read, or why they could not be: one line.
pub type Known = std::result::Result<(AppSchema, String), String>;

/// Reads the app `app` names for the migrations folder `dir`; `None` when none is asked for.
/// `Err` when the commit is not one of the repository's.
pub fn resolve(dir: &Path, app: Option<&App>) -> Result<Option<Known>> {
    Ok(match app {
        None => None,
        Some(App::Schema { schema, from }) => Some(Ok((schema.clone(), from.clone()))),
        Some(App::Commit(commit)) => Some(match app_schema::at_commit(dir, commit)? {
            Found::Read { schema, from } => Ok((schema, from)),
            Found::NotJudged(why) => Err(why),
        }),
    })
}

/// The app's tables when they are known.
pub fn tables(known: Option<&Known>) -> Option<&(AppSchema, String)> {
    known.and_then(|k| k.as_ref().ok())
}

/// The watch on a walk's SQLite database before its first migration, when the app is known.
pub fn sqlite<'a>(
    app: Option<&'a (AppSchema, String)>,
    conn: &mut SqliteConnection,
) -> std::result::Result<Option<Watch<'a>>, String> {
    let Some((schema, from)) = app else {
        return Ok(None);
    };
    let now = crate::sqlite::describe::read(conn).map_err(|e| e.to_string())?;
    Ok(Some(Watch::new(schema, from, On::Sqlite, now)))
}

/// The watch on a walk's PostgreSQL database before its first migration.
pub fn postgres<'a>(
    app: Option<&'a (AppSchema, String)>,
    conn: &mut PgConnection,
) -> Result<Option<Watch<'a>>> {
    let Some((schema, from)) = app else {
        return Ok(None);
    };
    Ok(Some(Watch::new(
        schema,
        from,
        On::Postgres,
        read_postgres(conn)?,
    )))
}

/// The watch after the migration `name` (its up.sql `up`) on SQLite.
pub fn after_sqlite(
    watch: &mut Option<Watch>,
    conn: &mut SqliteConnection,
    (name, up): (&str, &str),
    judged: bool,
) -> std::result::Result<(), String> {
    if let Some(watch) = watch {
        let now = crate::sqlite::describe::read(conn).map_err(|e| e.to_string())?;
        watch.after(name, up, judged, now);
    }
    Ok(())
}

/// The watch after the migration `name` (its up.sql `up`) on PostgreSQL.
pub fn after_postgres(
    watch: &mut Option<Watch>,
    conn: &mut PgConnection,
    (name, up): (&str, &str),
    judged: bool,
) -> Result<()> {
    if let Some(watch) = watch {
        watch.after(name, up, judged, read_postgres(conn)?);
    }
    Ok(())
}

fn read_postgres(conn: &mut PgConnection) -> Result<crate::describe::Schema> {
    crate::postgres::describe::read(conn).map_err(|e| {
        crate::Error::new(format!(
            "cannot read the scratch database's tables for old-app-breaks: {e}"
        ))
    })
}

/// The watch's problems and its note, added to a walk's.
pub fn finish(watch: Option<Watch>, problems: &mut Vec<Problem>, notes: &mut Vec<String>) {
    if let Some(watch) = watch {
        problems.extend(watch.problems());
        notes.extend(watch.note());
    }
}

/// With the app's own schema known, its verdict replaces `breaks-running-clients`' guess: no
/// advice on a rename or drop of what the app never named.
pub fn replace_advice(known: Option<&Known>, problems: &mut Vec<Problem>) {
    if tables(known).is_some() {
        problems.retain(|p| p.rule != breaks_running_clients::RULE.name);
    }
}
