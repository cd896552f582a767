//! `verify` on PostgreSQL migrations, on a real server: each migration's up runs statement by
//! statement inside its own transaction (as diesel runs it) on a database holding generated
//! rows, and what each statement does (locks, rewrites, scans) is judged by the rules; then the
//! stairway: down gives back the schema and the rows, up again gives the same result.
mod kept;
mod newer;
mod script;
mod up;
mod walk;

use std::path::Path;
use std::sync::Arc;

use super::report::Coverage;
use super::{Options, Report, folder, in_rule_order, old_app};
use crate::error::{Error, Result};
use crate::postgres::Server;
use crate::postgres::split::statements;
use crate::rules::duplicate_version;
use walk::Walk;

/// Runs every rule that judges PostgreSQL migrations on the folders `folders` of `dir`.
pub fn verify(
    dir: &Path,
    folders: &[String],
    notes: Vec<String>,
    options: &Options,
) -> Result<Report> {
    let mut problems = folder::problems(dir, folders);
    let mut migrations = folder::usable(dir, folders)
        .into_iter()
        .map(|name| Migration::read(dir, name))
        .collect::<Result<Vec<_>>>()?;
    // diesel runs them in the order of their versions (the folder names without dashes).
    migrations.sort_by_key(|m| duplicate_version::version(&m.name));
    let names: Vec<String> = migrations.iter().map(|m| m.name.clone()).collect();
    let judged = options
        .since
        .as_ref()
        .map(|since| since.judged(dir, &names))
        .transpose()?;
    // A cluster of this run's own is removed whole when the run is done.
    let throwaway = options.server.is_none() && options.postgres_url.is_none();
    let (server, how) = match (&options.server, &options.postgres_url) {
        (Some(server), _) => (Arc::clone(server), String::new()),
        (None, Some(url)) => (
            Arc::new(Server::new(Some(url))?),
            format!(" at {}", crate::config::without_password(url)),
        ),
        // No timing: two identical runs print the same report.
        (None, None) => (
            Arc::new(Server::own(options.postgres_bin.as_deref())?),
            ", a throwaway cluster".to_string(),
        ),
    };
    // Which server judged: a migration written for a newer one may fail on it.
    let version = server.version()?;
    let how = format!("PostgreSQL {version}{how}");
    // Unreviewed SQL runs as a role that owns the scratch database and nothing more.
    let contained = server.contains_migrations() && !options.superuser;
    let how = match server.contains_migrations() && options.superuser {
        true => format!("{how}, migrations run as its superuser (--superuser)"),
        false => how,
    };
    let mut notes = notes;
    if let (Some(since), Some(judged)) = (&options.since, &judged) {
        notes.push(since.note(judged.len(), migrations.len()));
    }
    let to_judge: Vec<String> = judged.clone().unwrap_or_else(|| names.clone());
    if !options.allow_irreversible {
        problems.extend(folder::irreversible(dir, &to_judge));
    }
    let app = old_app::resolve(dir, options.app.as_ref())?;
    let walked = Walk {
        server: &server,
        version,
        rows: options.rows,
        judged,
        seed: options.seed.as_ref(),
        contained,
        timeout: options.statement_timeout,
        app: old_app::tables(app.as_ref()),
        throwaway,
    }
    .run(&migrations)?;
    problems.extend(walked.problems);
    old_app::replace_advice(app.as_ref(), &mut problems);
    notes.extend(walked.notes);
    super::suppress::apply(dir, &to_judge, &walked.unreached, &mut problems);
    Ok(Report {
        dir: dir.to_path_buf(),
        migrations: migrations.len(),
        options: format!(
            "{how}, {} generated rows in each empty table before each migration",
            options.rows
        ),
        notes,
        problems: in_rule_order(problems),
        compared_with: None,
        foreign_keys: None,
        postgres: true,
        verbose: false,
        off: Vec::new(),
        advice: Vec::new(),
        coverage: Coverage {
            judged: to_judge.len(),
            unreached: walked.unreached,
            tables: walked.tables.len(),
            rowless: walked.rowless,
            newer: walked.newer,
            app: super::report::judged_app(app),
        },
    })
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

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_contained;
