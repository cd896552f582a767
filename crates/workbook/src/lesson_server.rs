//! The lesson's own PostgreSQL server: a cluster in the lesson's folder (`.postgres/`, ignored
//! by git), made with the installed `initdb` and served by `pg_ctl` on a Unix socket in that
//! folder, no TCP port. Unlike the throwaway cluster of the checks it keeps its data and keeps
//! running between commands: the first command that needs it starts it, `db stop` stops it.

use std::fs;
use std::os::unix::fs::chown;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use diesel::RunQueryDsl;
use diesel::sql_types::{Bool, Text};

use crate::error::{Error, Result};
use crate::postgres::cluster::{SUPERUSER, as_account, server_account, server_programs};

/// The longest path of a Unix socket (`sun_path` less its final NUL, on Linux).
const SOCKET_PATH_MAX: usize = 107;

/// Whether the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Its folder was never made: the first command that needs it makes it.
    Absent,
    Stopped,
    Running,
}

/// The server in one folder.
pub struct LessonServer {
    /// `<lesson>/.postgres`: `data/`, the socket and `server.log`.
    root: PathBuf,
}

impl LessonServer {
    /// The server of the lesson in `lesson_dir`.
    pub fn of(lesson_dir: &Path) -> LessonServer {
        LessonServer {
            root: lesson_dir.join(".postgres"),
        }
    }

    /// Its folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// Whether it is made, and whether it runs.
    pub fn state(&self) -> Result<State> {
        if !self.data().join("PG_VERSION").is_file() {
            return Ok(State::Absent);
        }
        let status = self.pg_ctl(&["status"])?;
        Ok(if status.status.success() {
            State::Running
        } else {
            State::Stopped
        })
    }

    /// Makes the cluster if there is none, and starts it unless it runs; true when it had to
    /// be started.
    pub fn start(&self) -> Result<bool> {
        match self.state()? {
            State::Running => return Ok(false),
            State::Absent => self.make()?,
            State::Stopped => {}
        }
        let socket = self.root.join(".s.PGSQL.5432");
        if socket.as_os_str().len() > SOCKET_PATH_MAX {
            return Err(Error::new(format!(
                "cannot start the lesson's PostgreSQL server: its socket path {} is longer than \
                 the {SOCKET_PATH_MAX} bytes Unix allows; move the workbook to a shorter path, \
                 or pass --database-url postgres://... to use a server you have",
                socket.display()
            )));
        }
        let options = format!(
            "-k \"{}\" -c listen_addresses= -c unix_socket_permissions=0700",
            self.root.display()
        );
        let log = self.root.join("server.log");
        let started = self.pg_ctl(&[
            "-l",
            &log.display().to_string(),
            "-o",
            &options,
            "-w",
            "-t",
            "60",
            "start",
        ])?;
        if !started.status.success() {
            let last = crate::postgres::cluster::last_line(&fs::read(&log).unwrap_or_default());
            let last = if last.is_empty() {
                "no log".into()
            } else {
                last
            };
            return Err(Error::new(format!(
                "the lesson's PostgreSQL server in {} did not start: {last}",
                self.root.display()
            )));
        }
        Ok(true)
    }

    /// Stops it (fast: open transactions roll back); true when it was running.
    pub fn stop(&self) -> Result<bool> {
        if self.state()? != State::Running {
            return Ok(false);
        }
        let stopped = self.pg_ctl(&["-m", "fast", "-w", "stop"])?;
        if !stopped.status.success() {
            return Err(Error::new(format!(
                "cannot stop the lesson's PostgreSQL server in {}: {}",
                self.root.display(),
                String::from_utf8_lossy(&stopped.stderr).trim()
            )));
        }
        Ok(true)
    }

    /// The URL of database `name` on it.
    pub fn url(&self, name: &str) -> String {
        let host = self
            .root
            .display()
            .to_string()
            .replace('%', "%25")
            .replace(' ', "%20")
            .replace('&', "%26")
            .replace('#', "%23");
        format!("postgres://{SUPERUSER}@/{name}?host={host}")
    }

    /// Starts the server if need be and makes database `name` on it if it has none; returns
    /// its URL.
    pub fn database(&self, name: &str) -> Result<String> {
        self.start()?;
        let mut conn = crate::postgres::connect(&self.url("postgres"))?;
        #[derive(diesel::QueryableByName)]
        struct Exists {
            #[diesel(sql_type = Bool)]
            exists: bool,
        }
        let found: Exists = diesel::sql_query(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists",
        )
        .bind::<Text, _>(name)
        .get_result(&mut conn)
        .map_err(|e| Error::new(format!("cannot read the lesson's server: {e}")))?;
        if !found.exists {
            diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .map_err(|e| Error::new(format!("cannot create database {name}: {e}")))?;
        }
        Ok(self.url(name))
    }

    /// Drops database `name` (even while others are connected to it) and makes it again,
    /// empty; returns its URL. The server starts if need be.
    pub fn reset(&self, name: &str) -> Result<String> {
        self.start()?;
        let mut conn = crate::postgres::connect(&self.url("postgres"))?;
        diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .execute(&mut conn)
            .map_err(|e| Error::new(format!("cannot drop database {name}: {e}")))?;
        self.database(name)
    }

    fn make(&self) -> Result<()> {
        let bin = server_programs()?;
        let failed = |what: &str, e: &dyn std::fmt::Display| {
            Error::new(format!(
                "cannot make the lesson's PostgreSQL server in {}: {what}: {e}",
                self.root.display()
            ))
        };
        // A folder left by an initdb that failed half-way is made again from scratch.
        let _ = fs::remove_dir_all(&self.root);
        fs::create_dir_all(&self.root).map_err(|e| failed("creating the folder", &e))?;
        let account = server_account()?;
        if let Some((uid, gid)) = account {
            chown(&self.root, Some(uid), Some(gid))
                .map_err(|e| failed("handing it to the postgres user", &e))?;
        }
        let mut initdb = Command::new(bin.join("initdb"));
        initdb
            .arg("-D")
            .arg(self.data())
            .args(["-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale"])
            .arg("--no-instructions")
            .current_dir(&self.root);
        as_account(&mut initdb, account);
        let made = initdb.output().map_err(|e| failed("running initdb", &e))?;
        if !made.status.success() {
            let _ = fs::remove_dir_all(&self.root);
            return Err(failed(
                "initdb failed",
                &crate::postgres::cluster::last_line(&made.stderr),
            ));
        }
        Ok(())
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<Output> {
        let bin = server_programs()?;
        let mut command = Command::new(bin.join("pg_ctl"));
        command
            .arg("-D")
            .arg(self.data())
            .args(args)
            .current_dir(&self.root);
        as_account(&mut command, server_account()?);
        command
            .output()
            .map_err(|e| Error::new(format!("cannot run pg_ctl: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_is_made_on_first_start_keeps_its_data_and_stops() {
        let dir = tempfile::tempdir().unwrap();
        if let Ok(Some((uid, gid))) = server_account() {
            chown(dir.path(), Some(uid), Some(gid)).unwrap();
        }
        let server = LessonServer::of(dir.path());
        assert_eq!(server.state().unwrap(), State::Absent);
        let url = server.database("lesson").unwrap();
        assert_eq!(server.state().unwrap(), State::Running);
        let mut conn = crate::postgres::connect(&url).unwrap();
        diesel::connection::SimpleConnection::batch_execute(
            &mut conn,
            "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)",
        )
        .unwrap();
        drop(conn);
        assert!(server.stop().unwrap());
        assert_eq!(server.state().unwrap(), State::Stopped);
        assert!(!server.stop().unwrap(), "a stopped server is left alone");
        assert!(server.start().unwrap());
        assert!(
            !server.start().unwrap(),
            "a running server is not started twice"
        );
        let mut conn = crate::postgres::connect(&server.database("lesson").unwrap()).unwrap();
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            n: i32,
        }
        let kept: N = diesel::sql_query("SELECT n FROM kept")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(kept.n, 7);
        drop(conn);
        server.stop().unwrap();
    }
}
