//! PostgreSQL, the second backend: a server to work in (a throwaway cluster of the tool's own,
//! or the user's via a `postgres://` URL), scratch databases on it, and its catalogue read into
//! the same normalised text the snapshots and checks compare.

pub mod catalog;
pub mod cluster;
pub mod describe;
pub mod effects;
mod fitting;
pub(crate) mod generated_ids;
pub mod migrator;
mod prepared;
pub mod rows;
pub mod split;

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};

use crate::config::without_password;
use crate::error::{Error, Result};
use cluster::Cluster;

/// Where scratch databases are made: a cluster of the tool's own, or a server the user named.
pub enum Server {
    Own(Cluster),
    Given(String),
}

impl Server {
    /// The user's server at `url`, or a throwaway cluster when there is none.
    pub fn new(url: Option<&str>) -> Result<Server> {
        match url {
            Some(url) => {
                connect(url)?;
                Ok(Server::Given(url.to_string()))
            }
            None => Server::own(None),
        }
    }

    /// A throwaway cluster started with the server programs in `bin`, else the newest
    /// installed.
    pub fn own(bin: Option<&Path>) -> Result<Server> {
        Ok(Server::Own(Cluster::start(bin)?))
    }

    /// A URL on this server for the database `name`.
    pub fn url(&self, name: &str) -> String {
        match self {
            Server::Own(cluster) => cluster.url(name),
            Server::Given(url) => with_database(url, name),
        }
    }

    /// The server's version as it says it: `15.18 (Debian 15.18-0+deb12u1)`.
    pub fn version(&self) -> Result<String> {
        #[derive(diesel::QueryableByName)]
        struct Version {
            #[diesel(sql_type = diesel::sql_types::Text)]
            server_version: String,
        }
        let mut conn = connect(&self.url("postgres"))?;
        diesel::sql_query("SHOW server_version")
            .get_result::<Version>(&mut conn)
            .map(|v| v.server_version)
            .map_err(|e| Error::new(format!("cannot read the PostgreSQL server's version: {e}")))
    }

    /// A new empty database, dropped with the value returned.
    pub fn scratch(&self) -> Result<Scratch> {
        self.scratch_owned_by(None)
    }

    /// True when this is a cluster of the tool's own, where migrations run as `migrator`'s
    /// unprivileged role.
    pub fn contains_migrations(&self) -> bool {
        matches!(self, Server::Own(_))
    }

    /// A new empty database to run migrations nobody has reviewed in: on a cluster of the
    /// tool's own, owned by `migrator`'s role and connected to as it; on the user's server, as
    /// `scratch` (as the URL's user).
    pub fn contained_scratch(&self) -> Result<Scratch> {
        match self {
            Server::Own(_) => self.scratch_owned_by(Some(migrator::MIGRATOR)),
            Server::Given(_) => self.scratch(),
        }
    }

    /// A new empty database owned by `owner` (the connecting user when `None`), whose URL
    /// logs in as its owner.
    fn scratch_owned_by(&self, owner: Option<&str>) -> Result<Scratch> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "workbook_scratch_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let admin = self.url("postgres");
        let mut conn = connect(&admin)?;
        let owned = owner.map_or(String::new(), |owner| format!(" OWNER {owner}"));
        let strategy = match self {
            Server::Own(cluster) => cluster.copy_strategy(),
            Server::Given(_) => "",
        };
        diesel::sql_query(format!(
            "CREATE DATABASE {name}{owned} TEMPLATE template0{strategy}"
        ))
        .execute(&mut conn)
        .map_err(|e| {
            Error::new(format!(
                "cannot create a scratch database on {}: {e} (the user needs CREATEDB)",
                without_password(&admin)
            ))
        })?;
        let url = match (owner, self) {
            (Some(owner), Server::Own(cluster)) => cluster.url_as(owner, &name),
            _ => self.url(&name),
        };
        // Dropped, with its database, when the handing over fails.
        let undo = {
            let (admin, name) = (admin.clone(), name.clone());
            crate::interrupt::on_interrupt(move || drop_database(&admin, &name))
        };
        let scratch = Scratch {
            url,
            admin,
            name,
            left: false,
            _undo: undo,
        };
        if owner.is_some() {
            migrator::hand_over(&self.url(&scratch.name))?;
        }
        Ok(scratch)
    }
}

/// A database made for one job and dropped afterwards.
pub struct Scratch {
    pub url: String,
    admin: String,
    name: String,
    /// Left in place when dropped (see `leave`).
    left: bool,
    /// Drops the database if the run is interrupted (on a user's server it would stay).
    _undo: crate::interrupt::Registered,
}

impl Scratch {
    /// A new connection to it.
    pub fn connect(&self) -> Result<PgConnection> {
        connect(&self.url)
    }

    /// Done with, without dropping the database: for one on a throwaway cluster that is
    /// removed whole right after, where `DROP DATABASE` (a second or more for a database that
    /// held hundreds of tables) would only make the run end later.
    pub fn leave(mut self) {
        self.left = true;
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.left {
            drop_database(&self.admin, &self.name);
        }
    }
}

/// Drops database `name`, ending its sessions (their running queries too), over `admin`.
fn drop_database(admin: &str, name: &str) {
    if let Ok(mut conn) = connect(admin) {
        let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let _ = diesel::sql_query(drop).execute(&mut conn);
    }
}

/// A connection to `url`, or one line saying why there is none.
pub fn connect(url: &str) -> Result<PgConnection> {
    crate::config::readable(url, "the settings")?;
    PgConnection::establish(&with_connect_timeout(url)).map_err(|e| {
        let reason = e.to_string();
        let reason = reason.lines().next().unwrap_or("").trim();
        Error::new(format!(
            "cannot connect to PostgreSQL at {}: {reason} (is the server running, and is the \
             URL right?)",
            without_password(url)
        ))
    })
}

/// How long a connection may take to be made, unless the URL says (`connect_timeout`): a
/// server that takes a connection and never answers is given up on.
pub const CONNECT_TIMEOUT_SECONDS: u32 = 10;

/// `url` with `connect_timeout` set to `CONNECT_TIMEOUT_SECONDS` when it sets none.
fn with_connect_timeout(url: &str) -> String {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    if query
        .split('&')
        .any(|pair| pair.starts_with("connect_timeout="))
    {
        return url.to_string();
    }
    let join = if url.contains('?') { '&' } else { '?' };
    format!("{url}{join}connect_timeout={CONNECT_TIMEOUT_SECONDS}")
}

/// `url` with its database replaced by `name`, everything else (user, host, parameters) kept.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// One throwaway cluster shared by the tests of this process (it stops when the process ends):
/// for the tests of this crate and of the workbook, never a user path.
#[doc(hidden)]
pub fn test_server() -> std::sync::Arc<Server> {
    static SERVER: std::sync::OnceLock<std::sync::Arc<Server>> = std::sync::OnceLock::new();
    let server = SERVER.get_or_init(|| {
        std::sync::Arc::new(
            Server::new(None).expect("PostgreSQL is installed on this machine kind"),
        )
    });
    std::sync::Arc::clone(server)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_gets_another_database_and_keeps_the_rest() {
        assert_eq!(
            with_database("postgres://me:pw@db.example:5433/app?sslmode=require", "t1"),
            "postgres://me:pw@db.example:5433/t1?sslmode=require"
        );
        assert_eq!(
            with_database("postgres://me@/app?host=/tmp/s", "t1"),
            "postgres://me@/t1?host=/tmp/s"
        );
        assert_eq!(
            with_database("postgresql://localhost", "t1"),
            "postgresql://localhost/t1"
        );
    }

    #[test]
    fn a_server_that_never_answers_is_given_up_on() {
        assert_eq!(
            with_connect_timeout("postgres://h/db"),
            "postgres://h/db?connect_timeout=10"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?sslmode=disable&connect_timeout=3"),
            "postgres://h/db?sslmode=disable&connect_timeout=3"
        );
        // A listener that takes connections and never says a word, given up on after the
        // URL's connect_timeout (2 s, libpq's least; the default above is 10 s).
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = format!("postgres://u@127.0.0.1:{port}/db?connect_timeout=2");
        let started = std::time::Instant::now();
        let error = connect(&url).err().unwrap().to_string();
        let waited = started.elapsed().as_secs_f64();
        drop(listener);
        assert!(
            error.starts_with("cannot connect to PostgreSQL at"),
            "{error}"
        );
        // libpq counts whole seconds of the clock: 2 s may end a little after 1 s.
        assert!(
            (1.0..8.0).contains(&waited),
            "gave up after {waited:.1} s, expected about 2"
        );
    }
}
