//! The command line of `verify` (`verify-migrations`, and `cargo run -p course -- verify`): its
//! flags, how they and the project's `verify-migrations.toml` become `Options` (a flag given
//! wins over the file), and the report printed in the format asked for.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::project_file::ProjectFile;
use super::{App, Options, Seed, Since, foreign_keys, sections, verify_each};
use crate::config;
use crate::error::{Error, Result};
use crate::rules;

/// The command line of `verify`, shared by `verify-migrations` and `cargo run -p course --
/// verify`. The options a project can also set in its `verify-migrations.toml` are `Option`s,
/// so that a flag left out leaves the file's choice.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The migrations folder, or a project folder that has one (or whose
    /// verify-migrations.toml lists them); verify-migrations.toml is read from the nearest
    /// folder at or above it, up to the repository's root
    #[arg(required_unless_present = "explain")]
    pub path: Option<PathBuf>,
    /// SQL run before the first migration (or after --seed-after, SQLite only): rows of your own,
    /// or on PostgreSQL what the project makes outside its migrations (CREATE EXTENSION ...)
    #[arg(long, value_name = "FILE.sql")]
    pub seed: Option<PathBuf>,
    /// Load the seed right after this migration (its name or folder name)
    #[arg(long, value_name = "NAME", requires = "seed")]
    pub seed_after: Option<String>,
    /// Rows generated in every table after each migration (by default verify-migrations.toml's
    /// `rows`, else 3)
    #[arg(long, value_name = "N")]
    pub rows: Option<usize>,
    /// Foreign keys while migrating: on (a bundled SQLite's way), or off (a system SQLite's);
    /// by default as verify-migrations.toml says, else read from the project (libsqlite3-sys
    /// with "bundled" in Cargo.toml, or `PRAGMA foreign_keys = ON` in its src/), else off
    #[arg(long, value_enum)]
    pub foreign_keys: Option<Switch>,
    /// A migration without a down.sql is not a problem (its up is still checked); without the
    /// flag, as verify-migrations.toml says
    #[arg(long)]
    pub allow_irreversible: bool,
    /// SQLite: also report migrations edited after they were applied to this database.
    /// postgres://: the server to verify on (a scratch database is made there and dropped),
    /// for the PostgreSQL folders only where a project keeps one per backend; without it,
    /// PostgreSQL migrations run on a throwaway cluster verify starts itself
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// The folder of PostgreSQL's server programs (initdb, postgres) to start the throwaway
    /// cluster with; by default the newest installed (PATH, /usr/lib/postgresql/N/bin,
    /// pg_config --bindir)
    #[arg(long, value_name = "DIR")]
    pub postgres_bin: Option<PathBuf>,
    /// Judge only this backend's migrations; by default as verify-migrations.toml says, else
    /// told from the folder (a `sqlite`, `postgres`, `postgresql` or `pg` folder, or
    /// `migrations_sqlite` and the like, each judged where a project keeps several;
    /// PostgreSQL-only SQL such as SERIAL or $$ bodies) or from a postgres:// URL
    #[arg(long, value_enum)]
    pub backend: Option<Backend>,
    /// Judge only migrations newer than this version; older ones are applied first
    #[arg(long, value_name = "VERSION", conflicts_with = "since_commit")]
    pub since: Option<String>,
    /// Judge only migrations added since this git commit or branch (older ones are applied
    /// first)
    #[arg(long, value_name = "REF")]
    pub since_commit: Option<String>,
    /// The commit or branch deployed before these migrations: old-app-breaks judges the
    /// migrated database against the app there, as its schema.rs says (the file diesel.toml
    /// names, src/schema.rs by default); by default the commit of --since-commit
    #[arg(long, value_name = "REF")]
    pub app_schema: Option<String>,
    /// `json` prints one JSON object; `sarif` a SARIF 2.1.0 log (GitHub code scanning, SARIF
    /// viewers); `github` GitHub Actions annotations (`::error file=...,line=...`)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print every note (by default a few of each rule's, with a count of the rest)
    #[arg(long)]
    pub verbose: bool,
    /// PostgreSQL: run the migrations as the throwaway cluster's superuser, for migrations that
    /// need one (by default they run as a role that owns the scratch database and nothing more,
    /// so unreviewed SQL cannot run programs, read files or reach other servers)
    #[arg(long)]
    pub superuser: bool,
    /// Give up on a migration step that runs longer than this, in seconds (0: never; by default
    /// verify-migrations.toml's `statement_timeout`, else 300)
    #[arg(long, value_name = "SECONDS")]
    pub statement_timeout: Option<u64>,
    /// Print what a rule checks, why, and an example it rejects and one it accepts
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
}

#[derive(clap::ValueEnum, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Switch {
    On,
    Off,
}

#[derive(clap::ValueEnum, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

/// The `main` of `verify`: runs it, prints an error as one line, and gives the exit code:
/// 0 when every rule passes, 1 on problems, 2 when it could not run (see `Verdict::code` for
/// a project judged in several sections).
pub fn main(args: &Args, out: &mut dyn Write) -> std::process::ExitCode {
    crate::interrupt::install();
    let cwd = std::env::current_dir().unwrap_or_default();
    let result = run(args, &cwd, out);
    crate::interrupt::wait_if_interrupted();
    match result {
        Ok(code) => std::process::ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::from(2)
        }
    }
}

/// Runs `verify` as its command line says and prints the report; `Ok` with the exit code (0
/// when no rule found a problem). `Err` when it could not run at all (exit code 2); a section
/// that could not run beside others is said on stderr too.
pub fn run(args: &Args, cwd: &Path, out: &mut dyn Write) -> Result<u8> {
    if let Some(name) = &args.explain {
        let rule = rules::named(name).ok_or_else(|| {
            let names: Vec<&str> = rules::ALL.iter().map(|r| r.name).collect();
            Error::new(format!(
                "there is no rule named {name:?}: the rules are {}",
                names.join(", ")
            ))
        })?;
        return print(out, &rule.explain()).map(|()| 0);
    }
    let path = args
        .path
        .as_deref()
        .expect("clap requires a path without --explain");
    let file = ProjectFile::find(&cwd.join(path), cwd)?;
    let none = ProjectFile::default();
    let chosen = file.as_ref().unwrap_or(&none);
    // The file's folders, when the command line names the folder holding it.
    let listed = !chosen.migrations.is_empty() && same_folder(&cwd.join(path), &chosen.dir);
    let paths: Vec<PathBuf> = match listed {
        true => chosen.migrations.iter().map(|m| path.join(m)).collect(),
        false => vec![path.to_path_buf()],
    };
    let backend = args.backend.or(chosen.backend);
    chosen.check_irreversible(&paths, backend)?;
    let options = Options {
        seed: args
            .seed
            .as_deref()
            .map(|file| Seed::read(file, args.seed_after.clone()))
            .transpose()?,
        rows: args.rows.or(chosen.rows).unwrap_or(3),
        foreign_keys: match (args.foreign_keys, chosen.foreign_keys) {
            (Some(switch), _) => foreign_keys::Mode::said(switch == Switch::On),
            (None, Some(on)) => foreign_keys::Mode::said_by(on, &chosen.shown),
            (None, None) if listed => foreign_keys::of_project_folder(path),
            (None, None) => foreign_keys::of_project(path),
        },
        allow_irreversible: args.allow_irreversible || chosen.allow_irreversible == Some(true),
        irreversible: chosen.irreversible.iter().map(|(n, _)| n.clone()).collect(),
        off: chosen.off.clone(),
        advice: chosen.advice.clone(),
        database: args
            .database_url
            .as_deref()
            .filter(|url| !config::is_postgres(url))
            .map(|url| config::resolve_from(Some(url), None, cwd, Path::new("")))
            .transpose()?,
        postgres_url: args
            .database_url
            .clone()
            .filter(|url| config::is_postgres(url))
            .map(|url| config::readable(&url, "--database-url").map(|()| url))
            .transpose()?,
        postgres_bin: args
            .postgres_bin
            .as_deref()
            .map(crate::postgres::cluster::given_programs)
            .transpose()?,
        backend,
        since: match (&args.since, &args.since_commit) {
            (Some(version), _) => Some(Since::version(version)?),
            (None, Some(commit)) => Some(Since::Commit(commit.clone())),
            (None, None) => chosen.since.clone(),
        },
        server: None,
        superuser: args.superuser,
        statement_timeout: args
            .statement_timeout
            .or(chosen.statement_timeout)
            .unwrap_or(300),
        // The app still running: the one of the commit the judged migrations are added since.
        app: args
            .app_schema
            .clone()
            .or_else(|| args.since_commit.clone())
            .or_else(|| match (&args.since, &chosen.since) {
                (None, Some(Since::Commit(commit))) => Some(commit.clone()),
                _ => None,
            })
            .map(App::Commit),
    };
    let mut verdict = match listed {
        true => sections::verify_listed(path, &paths, &chosen.shown, &options)?,
        false => verify_each(path, &options)?,
    };
    for report in verdict
        .sections
        .iter_mut()
        .filter_map(|s| s.report.as_mut().ok())
    {
        report.verbose = args.verbose;
    }
    for section in &verdict.sections {
        if let Err(error) = &section.report {
            eprintln!("error: {}: {error}", section.dir.display());
        }
    }
    // The first line names the file used.
    let shown = file.as_ref().map(|f| f.shown.clone());
    let text = match args.format {
        Format::Text => {
            shown.map_or(String::new(), |s| format!("config: {s}\n")) + &verdict.render()
        }
        Format::Json => {
            let mut json = verdict.json();
            json["config"] = shown.into();
            json.to_string() + "\n"
        }
        Format::Sarif => verdict.to_sarif(shown.as_deref()),
        Format::Github => {
            shown.map_or(String::new(), |s| format!("config: {s}\n")) + &verdict.to_github()
        }
    };
    print(out, &text)?;
    Ok(verdict.code())
}

/// Whether `a` and `b` are the same folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

fn print(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write output: {e}")))
}
