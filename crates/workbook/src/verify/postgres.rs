//! `verify` on PostgreSQL migrations, on a real server: each migration's up runs statement by
//! statement inside its own transaction (as diesel runs it) on a database holding generated
//! rows, and what each statement does (locks, rewrites, scans) is judged by the rules; then the
//! stairway: down gives back the schema and the rows, up again gives the same result.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use super::{Options, Report, Since};
use crate::error::{Error, Result};
use crate::postgres::effects::{Effect, Watch};
use crate::postgres::split::{Statement, statements};
use crate::postgres::{Scratch, Server, catalog, rows};
use crate::rows::Rows;
use crate::rules::{
    self, Problem, Ran, concurrently_in_transaction, down_fails, down_loses_rows, down_not_exact,
    duplicate_version, irreversible, missing_up_sql, not_null_without_default, unusual_name,
    up_again_differs, up_fails, up_loses_rows,
};

/// Runs every rule that judges PostgreSQL migrations on the folders `folders` of `dir`.
pub fn verify(
    dir: &Path,
    folders: &[String],
    note: Option<String>,
    options: &Options,
) -> Result<Report> {
    let mut problems = missing_up_sql::find(dir, folders);
    problems.extend(duplicate_version::find(folders));
    problems.extend(unusual_name::find(folders));
    let mut seen = Vec::new();
    let mut migrations = Vec::new();
    for name in folders {
        let version = duplicate_version::version(name);
        if dir.join(name).join("up.sql").is_file() && !seen.contains(&version) {
            seen.push(version);
            migrations.push(Migration::read(dir, name)?);
        }
    }
    // diesel runs them in the order of their versions (the folder names without dashes).
    migrations.sort_by_key(|m| duplicate_version::version(&m.name));
    let judged = match &options.since {
        None => None,
        Some(Since::Version(since)) => Some(
            migrations
                .iter()
                .filter(|m| duplicate_version::version(&m.name) > *since)
                .map(|m| m.name.clone())
                .collect(),
        ),
        Some(Since::Commit(commit)) => Some(added_since(dir, commit, &migrations)?),
    };
    let started = Instant::now();
    let (server, how) = match (&options.server, &options.postgres_url) {
        (Some(server), _) => (Arc::clone(server), "PostgreSQL".to_string()),
        (None, Some(url)) => (
            Arc::new(Server::new(Some(url))?),
            format!("PostgreSQL at {url}"),
        ),
        (None, None) => (
            Arc::new(Server::new(None)?),
            format!(
                "a throwaway PostgreSQL cluster, started in {:.1} s",
                started.elapsed().as_secs_f64()
            ),
        ),
    };
    let walked = Walk {
        server: &server,
        rows: options.rows,
        allow_irreversible: options.allow_irreversible,
        judged: judged.clone(),
        dir,
    }
    .run(&migrations)?;
    problems.extend(walked.problems);
    let order = |p: &Problem| rules::ALL.iter().position(|r| r.name == p.rule);
    problems.sort_by_key(|p| order(p));
    let mut notes: Vec<String> = note.into_iter().collect();
    if let (Some(since), Some(judged)) = (&options.since, &judged) {
        notes.push(format!(
            "{} of {} migrations judged: those {}; the older ones were applied first",
            judged.len(),
            migrations.len(),
            match since {
                Since::Version(v) => format!("newer than version {v}"),
                Since::Commit(c) => format!("added since {c}"),
            }
        ));
    }
    notes.extend(walked.notes);
    Ok(Report {
        dir: dir.to_path_buf(),
        migrations: migrations.len(),
        options: format!(
            "{how}, {} generated rows in each empty table before each migration",
            options.rows
        ),
        notes,
        problems,
        compared_with: None,
        postgres: true,
    })
}

/// The migrations whose folders the git commit or branch `commit` does not have.
fn added_since(dir: &Path, commit: &str, migrations: &[Migration]) -> Result<Vec<String>> {
    let listed = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["ls-tree", "--name-only", commit, "./"])
        .output()
        .map_err(|e| {
            Error::new(format!(
                "cannot run git to find the migrations added since {commit}: {e}"
            ))
        })?;
    if !listed.status.success() {
        let said = String::from_utf8_lossy(&listed.stderr);
        return Err(Error::new(format!(
            "cannot list {} at {commit}: {} (give a commit or branch of the repository that holds it)",
            dir.display(),
            said.lines().next().unwrap_or("git failed")
        )));
    }
    let old = String::from_utf8_lossy(&listed.stdout);
    let old: Vec<&str> = old.lines().map(|l| l.trim_end_matches('/')).collect();
    Ok(migrations
        .iter()
        .filter(|m| !old.contains(&m.name.as_str()))
        .map(|m| m.name.clone())
        .collect())
}

/// One migration folder, read.
struct Migration {
    name: String,
    up: String,
    /// `None` when there is no down.sql or it holds no SQL.
    down: Option<String>,
    /// diesel wraps it in a transaction (its metadata.toml does not say otherwise).
    in_transaction: bool,
}

impl Migration {
    /// Reads the migration folder `dir/name`.
    fn read(dir: &Path, name: &str) -> Result<Migration> {
        let folder = dir.join(name);
        let read = |file: &str| std::fs::read_to_string(folder.join(file));
        let up = read("up.sql")
            .map_err(|e| Error::new(format!("cannot read migrations/{name}/up.sql: {e}")))?;
        let down = read("down.sql")
            .ok()
            .filter(|text| !statements(text).is_empty());
        let in_transaction = match read("metadata.toml") {
            Ok(text) => text
                .parse::<toml::Table>()
                .map_err(|e| {
                    Error::new(format!("cannot read migrations/{name}/metadata.toml: {e}"))
                })?
                .get("run_in_transaction")
                .is_none_or(|v| v.as_bool() != Some(false)),
            Err(_) => true,
        };
        Ok(Migration {
            name: name.to_string(),
            up,
            down,
            in_transaction,
        })
    }
}

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
struct Walked {
    problems: Vec<Problem>,
    notes: Vec<String>,
}

/// How the walk goes.
struct Walk<'a> {
    server: &'a Server,
    /// Generated rows per empty table before each migration.
    rows: usize,
    allow_irreversible: bool,
    /// The migrations judged (`None`: all); the others are applied only.
    judged: Option<Vec<String>>,
    /// The migrations folder, for the rules that read files.
    dir: &'a Path,
}

impl Walk<'_> {
    /// Applies `migrations` in order on a new database and judges each.
    fn run(&self, migrations: &[Migration]) -> Result<Walked> {
        let mut live = Live::new(self.server)?;
        let mut walked = Walked {
            problems: Vec::new(),
            notes: Vec::new(),
        };
        let mut counter = 0;
        for (index, m) in migrations.iter().enumerate() {
            let judged = self
                .judged
                .as_ref()
                .is_none_or(|names| names.contains(&m.name));
            let conn = &mut live.conn;
            let before = self.fill(conn, m, &mut counter)?;
            let later = migrations.len() - index - 1;
            if let Err(problem) = self.up(conn, m, &before.1, judged, &mut walked.problems) {
                walked.problems.push(
                    problem.unwrap_or_else(|error| up_fails::problem(&m.name, &error, later)),
                );
                break;
            }
            if judged && !self.stairway(conn, m, &before, &mut walked)? {
                // The down left a database the up cannot run on again: make it anew.
                let Some(again) = self.replay(&migrations[..=index], &mut counter)? else {
                    break;
                };
                live = again;
            }
        }
        Ok(walked)
    }

    /// Puts generated rows in the empty tables before `m`, and gives the schema and rows then.
    fn fill(
        &self,
        conn: &mut PgConnection,
        m: &Migration,
        counter: &mut u64,
    ) -> Result<(String, Rows)> {
        let database = |e: diesel::result::Error| {
            Error::new(format!(
                "the scratch database failed before migrations/{}: {e}",
                m.name
            ))
        };
        let found = catalog::rows(conn).map_err(database)?;
        let empty = rows::empty_tables(conn, &found).map_err(database)?;
        rows::fill(conn, &empty, self.rows, counter);
        let rows = catalog::rows(conn).map_err(database)?;
        let schema = catalog::dump(conn).map_err(database)?;
        Ok((schema, rows))
    }

    /// After `m`'s up: its rows kept, then down, up again. False when the database is left
    /// where the up cannot run again.
    fn stairway(
        &self,
        conn: &mut PgConnection,
        m: &Migration,
        (schema_before, rows_before): &(String, Rows),
        walked: &mut Walked,
    ) -> Result<bool> {
        let database = |e: diesel::result::Error| {
            Error::new(format!(
                "the scratch database failed after migrations/{}: {e}",
                m.name
            ))
        };
        let rows_after = catalog::rows(conn).map_err(database)?;
        let schema_after = catalog::dump(conn).map_err(database)?;
        walked.problems.extend(up_loses_rows::judge(
            &m.name,
            (rows_before, &rows_after),
            &[],
            &deletes(&m.up),
            &[],
        ));
        let Some(down) = &m.down else {
            if !self.allow_irreversible {
                walked
                    .problems
                    .extend(irreversible::judge(&self.dir.join(&m.name), &m.name));
            }
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
        let schema_down = catalog::dump(conn).map_err(database)?;
        let rows_down = catalog::rows(conn).map_err(database)?;
        // What a bad down left behind explains what follows: say it once.
        let dropped = dropped(&m.up);
        let bad_down =
            down_not_exact::judge(&m.name, catalog::differences(schema_before, &schema_down))
                .or_else(|| {
                    down_loses_rows::judge(
                        &m.name,
                        &without(rows_before, &dropped),
                        &without(&rows_down, &dropped),
                    )
                });
        let broke = bad_down.is_some();
        walked.problems.extend(bad_down);
        let problem = match run(conn, &m.up, m.in_transaction) {
            Err(error) => up_again_differs::judge(&m.name, &rows_after, Err(&error)),
            Ok(()) => {
                let schema_again = catalog::dump(conn).map_err(database)?;
                let rows_again = if volatile(&m.up) {
                    walked.notes.push(format!(
                        "migrations/{} computes values (random(), now(), ...): its second up's \
                         rows are not compared with the first's",
                        m.name
                    ));
                    rows_after.clone()
                } else {
                    catalog::rows(conn).map_err(database)?
                };
                up_again_differs::judge(
                    &m.name,
                    &rows_after,
                    Ok((
                        catalog::differences(&schema_after, &schema_again),
                        &rows_again,
                    )),
                )
            }
        };
        let failed = problem.is_some();
        if !broke {
            walked.problems.extend(problem);
        }
        Ok(!failed || run(conn, &m.up, m.in_transaction).is_ok())
    }

    /// A new database with the ups of `done` applied, rows generated as before; `None` when
    /// one of them fails there.
    fn replay(&self, done: &[Migration], counter: &mut u64) -> Result<Option<Live>> {
        let mut live = Live::new(self.server)?;
        for m in done {
            self.fill(&mut live.conn, m, counter)?;
            if run(&mut live.conn, &m.up, m.in_transaction).is_err() {
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
        rows_before: &Rows,
        judged: bool,
        problems: &mut Vec<Problem>,
    ) -> std::result::Result<(), std::result::Result<Problem, String>> {
        let all = statements(&m.up);
        let held: Vec<&str> = rows_before
            .iter()
            .filter(|(_, rows)| !rows.is_empty())
            .map(|(table, _)| table.as_str())
            .collect();
        let watch = if judged {
            Watch::of(conn, &held).map_err(|e| Err(e.to_string()))?
        } else {
            Watch::of(conn, &[]).map_err(|e| Err(e.to_string()))?
        };
        if m.in_transaction {
            conn.batch_execute("BEGIN")
                .map_err(|e| Err(e.to_string()))?;
        }
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
            match watch.run(conn, statement) {
                Ok(effect) if judged => problems.extend(
                    Ran {
                        effect: &effect,
                        ..ran
                    }
                    .judged(),
                ),
                Ok(_) => {}
                Err(error) => {
                    rollback(conn, m.in_transaction);
                    let error = error.to_string();
                    return Err(
                        match not_null_without_default::judge(&ran.at(), statement, &error) {
                            Some(problem) => Ok(problem),
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

/// Runs a script as diesel does: in one transaction unless the migration says otherwise.
fn run(
    conn: &mut PgConnection,
    script: &str,
    in_transaction: bool,
) -> std::result::Result<(), String> {
    if !in_transaction {
        return conn
            .batch_execute(script)
            .map_err(|e| first_line(&e.to_string()));
    }
    conn.batch_execute("BEGIN").map_err(|e| e.to_string())?;
    match conn.batch_execute(script) {
        Ok(()) => conn
            .batch_execute("COMMIT")
            .map_err(|e| first_line(&e.to_string())),
        Err(e) => {
            rollback(conn, true);
            Err(first_line(&e.to_string()))
        }
    }
}

fn rollback(conn: &mut PgConnection, in_transaction: bool) {
    if in_transaction {
        let _ = conn.batch_execute("ROLLBACK");
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).to_string()
}

/// The tables whose rows or values `up` drops on purpose (`DROP TABLE t`, `ALTER TABLE t DROP
/// COLUMN c`): a down can give back the table or column, not what it held.
fn dropped(up: &str) -> Vec<String> {
    statements(up)
        .iter()
        .filter_map(|s| {
            let words = s.words();
            let table = match words
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["DROP", "TABLE", "IF", "EXISTS", table, ..] | ["DROP", "TABLE", table, ..] => {
                    *table
                }
                ["ALTER", "TABLE", "IF", "EXISTS", table, ..] | ["ALTER", "TABLE", table, ..]
                    if s.says(&["DROP", "COLUMN"]) =>
                {
                    *table
                }
                _ => return None,
            };
            Some(table.to_ascii_lowercase())
        })
        .collect()
}

/// `rows` without the tables `left_out`.
fn without(rows: &Rows, left_out: &[String]) -> Rows {
    rows.iter()
        .filter(|(table, _)| !left_out.contains(&table.to_ascii_lowercase()))
        .map(|(table, rows)| (table.clone(), rows.clone()))
        .collect()
}

/// Whether `up` computes values that differ from one run to the next.
fn volatile(up: &str) -> bool {
    const VOLATILE: [&str; 10] = [
        "RANDOM",
        "NOW",
        "CLOCK_TIMESTAMP",
        "CURRENT_TIMESTAMP",
        "LOCALTIMESTAMP",
        "STATEMENT_TIMESTAMP",
        "TRANSACTION_TIMESTAMP",
        "TIMEOFDAY",
        "GEN_RANDOM_UUID",
        "UUID_GENERATE_V4",
    ];
    statements(up)
        .iter()
        .any(|s| s.words().iter().any(|w| VOLATILE.contains(&w.as_str())))
}

/// The tables `up` deletes rows from on purpose (`DELETE FROM t`, `TRUNCATE t`).
fn deletes(up: &str) -> Vec<String> {
    statements(up)
        .iter()
        .filter_map(|s: &Statement| {
            let words = s.words();
            let at = match words.first().map(String::as_str) {
                Some("DELETE") => words.iter().position(|w| w == "FROM")? + 1,
                Some("TRUNCATE") => 1 + usize::from(words.get(1).is_some_and(|w| w == "TABLE")),
                _ => return None,
            };
            words.get(at).map(|w| w.to_ascii_lowercase())
        })
        .collect()
}
