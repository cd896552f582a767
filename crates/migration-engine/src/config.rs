//! Which database a command works on, and why: `--database-url` beats the `DATABASE_URL`
//! environment variable, which beats a `.env` file, which beats the lesson's own default file.
//! A `postgres://` or `postgresql://` URL names a PostgreSQL database; anything else a SQLite
//! one.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where the database URL came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The `--database-url` flag.
    Flag,
    /// The `DATABASE_URL` environment variable.
    Environment,
    /// A `DATABASE_URL=` line in this `.env` file.
    DotEnv(PathBuf),
    /// Nothing was set, so the lesson's own database file is used.
    LessonDefault,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("--database-url"),
            Source::Environment => f.write_str("the DATABASE_URL environment variable"),
            Source::DotEnv(path) => write!(f, "DATABASE_URL in {}", path.display()),
            Source::LessonDefault => {
                f.write_str("the lesson's default (no --database-url, DATABASE_URL or .env)")
            }
        }
    }
}

/// Where the SQLite database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A database file (it may not exist yet).
    File(PathBuf),
    /// `:memory:`, gone when the command ends.
    Memory,
}

/// A resolved database: the URL handed to SQLite, where it lives, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Database {
    pub url: String,
    pub location: Location,
    pub source: Source,
}

impl Database {
    /// The database file, if it is one.
    pub fn file(&self) -> Option<&Path> {
        match &self.location {
            Location::File(path) => Some(path),
            Location::Memory => None,
        }
    }

    /// A short name for messages: the file's path, or `:memory:`.
    pub fn name(&self) -> String {
        match &self.location {
            Location::File(path) => path.display().to_string(),
            Location::Memory => ":memory:".to_string(),
        }
    }
}

/// What a command works on: a SQLite database, or a PostgreSQL database named by its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Sqlite(Database),
    Postgres { url: String, source: Source },
}

impl Target {
    /// Where the setting came from.
    pub fn source(&self) -> &Source {
        match self {
            Target::Sqlite(db) => &db.source,
            Target::Postgres { source, .. } => source,
        }
    }

    /// A short name for messages: the SQLite file (or `:memory:`), or the URL without its
    /// password.
    pub fn name(&self) -> String {
        match self {
            Target::Sqlite(db) => db.name(),
            Target::Postgres { url, .. } => without_password(url),
        }
    }
}

/// Whether `url` names a PostgreSQL database.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// `url` as it may be printed: read as a URI (RFC 3986), with the password in its user part
/// and any `password` query parameter replaced by `***`. A URL that does not read as one is
/// never printed (a password with an unencoded `/` or `@` would leak whole): it is said to
/// be unreadable instead. Text that is no URL at all (a file path) is printed as it is.
pub fn without_password(url: &str) -> String {
    if !url.contains("://") {
        return url.to_string();
    }
    let Ok(uri) = fluent_uri::Uri::parse(url) else {
        return "(a URL that does not parse, not shown: check its user, password and host)"
            .to_string();
    };
    let mut shown = format!("{}:", uri.scheme().as_str());
    if let Some(authority) = uri.authority() {
        shown.push_str("//");
        if let Some(userinfo) = authority.userinfo() {
            match userinfo.as_str().split_once(':') {
                Some((user, _)) => shown.push_str(&format!("{user}:***@")),
                None => shown.push_str(&format!("{}@", userinfo.as_str())),
            }
        }
        shown.push_str(authority.host());
        if let Some(port) = authority.port() {
            shown.push_str(&format!(":{}", port.as_str()));
        }
    }
    shown.push_str(uri.path().as_str());
    if let Some(query) = uri.query() {
        let pairs: Vec<String> = query
            .as_str()
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_string(),
            })
            .collect();
        shown.push_str(&format!("?{}", pairs.join("&")));
    }
    if uri.fragment().is_some() {
        shown.push_str("#…");
    }
    shown
}

/// `Ok` when the PostgreSQL URL `url` (given in `given`: `DATABASE_URL`, `--database-url`)
/// reads as a URL; else one line that says so without printing it (what libpq would make of
/// it can hold the password: an unencoded `/` or `@` moves it into the host or port).
pub fn readable(url: &str, given: &str) -> Result<()> {
    match fluent_uri::Uri::parse(url) {
        Ok(_) => Ok(()),
        Err(_) => Err(Error::new(format!(
            "the URL given in {given} does not parse as a URL, so it is not used (nor shown): \
             percent-encode `/`, `@`, `:` and `%` in its user and password (`%2F`, `%40`, \
             `%3A`, `%25`)"
        ))),
    }
}

/// The target of a command run in `cwd`, reading the real environment.
pub fn target(flag: Option<&str>, cwd: &Path, lesson_default: &Path) -> Result<Target> {
    let environment = std::env::var("DATABASE_URL").ok();
    target_from(flag, environment, cwd, lesson_default)
}

/// The target from explicit inputs, as `resolve_from` takes them.
pub fn target_from(
    flag: Option<&str>,
    environment: Option<String>,
    cwd: &Path,
    lesson_default: &Path,
) -> Result<Target> {
    let (url, source) = choose(flag, environment, cwd, lesson_default)?;
    if is_postgres(&url) {
        readable(&url, &source.to_string())?;
        Ok(Target::Postgres { url, source })
    } else {
        sqlite(url, source, cwd).map(Target::Sqlite)
    }
}

/// Resolves the SQLite database from explicit inputs: the flag, the environment variable's
/// value, the current directory (where the search for `.env` starts) and the lesson's default
/// file. Any URL with another scheme is refused.
pub fn resolve_from(
    flag: Option<&str>,
    environment: Option<String>,
    cwd: &Path,
    lesson_default: &Path,
) -> Result<Database> {
    let (url, source) = choose(flag, environment, cwd, lesson_default)?;
    sqlite(url, source, cwd)
}

/// The SQLite database at `url`.
fn sqlite(url: String, source: Source, cwd: &Path) -> Result<Database> {
    let location = parse(&url, &source, cwd)?;
    Ok(Database {
        url,
        location,
        source,
    })
}

/// The URL that wins, and where it came from.
fn choose(
    flag: Option<&str>,
    environment: Option<String>,
    cwd: &Path,
    lesson_default: &Path,
) -> Result<(String, Source)> {
    // ANCHOR: precedence
    let (url, source) = if let Some(url) = flag {
        (url.to_string(), Source::Flag)
    } else if let Some(url) = environment {
        (url, Source::Environment)
    } else if let Some((url, path)) = read_dotenv(cwd)? {
        (url, Source::DotEnv(path))
    } else {
        let url = lesson_default.display().to_string();
        (url, Source::LessonDefault)
    };
    // ANCHOR_END: precedence
    Ok((url, source))
}

/// The `DATABASE_URL` of the nearest `.env` in `cwd` or a parent folder, as diesel_cli finds it.
fn read_dotenv(cwd: &Path) -> Result<Option<(String, PathBuf)>> {
    let Some(path) = cwd
        .ancestors()
        .map(|dir| dir.join(".env"))
        .find(|p| p.is_file())
    else {
        return Ok(None);
    };
    let unreadable = |e: dotenvy::Error| {
        Error::new(format!(
            "cannot read {}: {e}; fix that line or remove the file",
            path.display()
        ))
    };
    for item in dotenvy::from_path_iter(&path).map_err(unreadable)? {
        let (key, value) = item.map_err(unreadable)?;
        if key == "DATABASE_URL" {
            return Ok(Some((value, path)));
        }
    }
    Ok(None)
}

/// Where a URL points. SQLite URLs are file paths, `sqlite://path`, `file:path?options`
/// or `:memory:`; anything with another scheme is refused with a clear message.
fn parse(url: &str, source: &Source, cwd: &Path) -> Result<Location> {
    let path = if url.trim().is_empty() {
        return Err(Error::new(format!(
            "the database URL from {source} is empty; set it to a file path such as todo.db"
        )));
    } else if url == ":memory:" {
        return Ok(Location::Memory);
    } else if let Some(rest) = url.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = url.strip_prefix("file:") {
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        rest.split(['?', '#']).next().unwrap_or(rest)
    } else if let Some((scheme, _)) = url.split_once("://") {
        return Err(Error::new(format!(
            "the database URL from {source} is a {scheme}:// URL, but this workbook runs on \
             SQLite; use a file path such as todo.db"
        )));
    } else {
        url
    };
    Ok(Location::File(cwd.join(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: &str = "/lessons/lesson-04/lesson-04.db";

    fn resolve_in(dir: &Path, flag: Option<&str>, env: Option<&str>) -> Result<Database> {
        resolve_from(flag, env.map(String::from), dir, Path::new(DEFAULT))
    }

    #[test]
    fn each_source_wins_over_the_ones_below_it() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();

        let db = resolve_in(&nested, None, None).unwrap();
        assert_eq!(db.source, Source::LessonDefault);
        assert_eq!(db.location, Location::File(DEFAULT.into()));

        std::fs::write(
            root.path().join(".env"),
            "# comment\nDATABASE_URL=dotenv.db\n",
        )
        .unwrap();
        let db = resolve_in(&nested, None, None).unwrap();
        assert_eq!(db.source, Source::DotEnv(root.path().join(".env")));
        assert_eq!(db.location, Location::File(nested.join("dotenv.db")));

        let db = resolve_in(&nested, None, Some("env.db")).unwrap();
        assert_eq!(db.source, Source::Environment);
        assert_eq!(db.url, "env.db");

        let db = resolve_in(&nested, Some("flag.db"), Some("env.db")).unwrap();
        assert_eq!(db.source, Source::Flag);
        assert_eq!(db.location, Location::File(nested.join("flag.db")));
    }

    #[test]
    fn a_dotenv_without_database_url_falls_through_to_the_default() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".env"), "RUST_LOG=debug\n").unwrap();
        let db = resolve_in(dir.path(), None, None).unwrap();
        assert_eq!(db.source, Source::LessonDefault);
    }

    #[test]
    fn sqlite_url_forms_point_at_files() {
        let dir = Path::new("/work");
        let file = |url: &str| resolve_in(dir, Some(url), None).unwrap().location;
        assert_eq!(file("sqlite://x.db"), Location::File("/work/x.db".into()));
        assert_eq!(
            file("file:x.db?mode=ro"),
            Location::File("/work/x.db".into())
        );
        assert_eq!(file("file:///tmp/x.db"), Location::File("/tmp/x.db".into()));
        assert_eq!(file("/abs/x.db"), Location::File("/abs/x.db".into()));
        assert_eq!(file(":memory:"), Location::Memory);
    }

    #[test]
    fn other_schemes_and_empty_urls_are_refused_in_one_line() {
        let dir = Path::new("/work");
        let error = resolve_in(dir, None, Some("postgres://me:secret@localhost/todo")).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("postgres:// URL"), "{message}");
        assert!(
            message.contains("the DATABASE_URL environment variable"),
            "{message}"
        );
        assert!(!message.contains("secret"), "a password leaked: {message}");

        let error = resolve_in(dir, Some("  "), None).unwrap_err();
        assert!(
            error.to_string().contains("from --database-url is empty"),
            "{error}"
        );
    }

    #[test]
    fn postgres_urls_name_postgres_and_are_shown_without_their_password() {
        let dir = Path::new("/work");
        let target = |url: &str| target_from(Some(url), None, dir, Path::new(DEFAULT)).unwrap();
        for (url, shown) in [
            (
                "postgres://me:secret@db:5432/todo",
                "postgres://me:***@db:5432/todo",
            ),
            (
                "postgresql://me:secret@db/todo",
                "postgresql://me:***@db/todo",
            ),
        ] {
            let found = target(url);
            assert_eq!(
                found,
                Target::Postgres {
                    url: url.to_string(),
                    source: Source::Flag
                }
            );
            assert_eq!(found.name(), shown);
        }
        assert_eq!(
            without_password("postgres://me@/todo?host=/tmp/pg:x@y"),
            "postgres://me@/todo?host=/tmp/pg:x@y"
        );
        assert_eq!(without_password("postgres:///todo"), "postgres:///todo");
        for (url, shown) in [
            (
                "postgres://u@h/db?password=s3cret",
                "postgres://u@h/db?password=***",
            ),
            (
                "postgres://u@h:5432/db?sslmode=disable&password=s3cret&x=1",
                "postgres://u@h:5432/db?sslmode=disable&password=***&x=1",
            ),
            (
                "postgres://u:s3cret@h/db?password=s3cret",
                "postgres://u:***@h/db?password=***",
            ),
            (
                "postgres://app:pa/ss@host/db",
                "(a URL that does not parse, not shown: check its user, password and host)",
            ),
            (
                "postgres://app:p@ss@host/db",
                "(a URL that does not parse, not shown: check its user, password and host)",
            ),
        ] {
            assert_eq!(without_password(url), shown, "{url}");
        }
        let sqlite = target("todo.db");
        assert_eq!(sqlite.name(), "/work/todo.db");
        assert_eq!(sqlite.source(), &Source::Flag);
        let refused = target_from(
            Some("mysql://localhost/todo"),
            None,
            dir,
            Path::new(DEFAULT),
        );
        assert!(refused.unwrap_err().to_string().contains("mysql:// URL"));
    }

    #[test]
    fn the_env_example_says_which_urls_the_lessons_take() {
        let example = include_str!("../../../.env.example");
        assert!(!example.contains("Only SQLite"), "{example}");
        for form in ["sqlite://", "file:", ":memory:", "postgres://"] {
            assert!(example.contains(form), "{form} is not in .env.example");
        }
        assert!(is_postgres("postgres://user:password@host/database"));
    }

    #[test]
    fn a_broken_dotenv_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".env"), "DATABASE_URL='unterminated\n").unwrap();
        let message = resolve_in(dir.path(), None, None).unwrap_err().to_string();
        assert!(message.starts_with("cannot read "), "{message}");
        assert!(message.contains(".env"), "{message}");
    }
}
