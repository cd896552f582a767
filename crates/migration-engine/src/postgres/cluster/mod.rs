//! A PostgreSQL server of the tool's own: a throwaway cluster made with the installed
//! `initdb` in a temporary folder, served by `postgres` on a Unix socket in that folder (no TCP
//! port at all), with the fast settings only a cluster that is thrown away may use. It stops when
//! dropped, and when this process ends in any way (exit, crash, Ctrl-C, kill -9) through the
//! kernel's parent-death signal; a folder left by a process that was killed is removed by the
//! next start.

use std::fs;
use std::os::unix::fs::chown;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::pg::PgConnection;

use crate::error::{Error, Result};

/// The name every tool-made cluster folder starts with, in the system's temporary folder.
const PREFIX: &str = "workbook-pg-";

/// The superuser of a tool-made cluster.
pub const SUPERUSER: &str = "workbook";

/// A running throwaway cluster.
pub struct Cluster {
    /// The temporary folder: `data/`, the socket, `server.log` and `owner.pid`.
    root: PathBuf,
    /// The postmaster's process id.
    pid: i32,
    /// The thread that started the server and waits for it (the parent-death signal follows
    /// the thread that spawned the child, so that thread lives as long as the server).
    waiter: Option<JoinHandle<()>>,
    /// What `CREATE DATABASE` adds to copy its template's files rather than write them through
    /// the log: where nothing is synced to disk, as on this cluster, about three times faster
    /// (100-125 against 265-400 ms a database in lesson 08's check, on a loaded machine).
    /// PostgreSQL 15 and newer; older servers know no `STRATEGY`.
    copy_strategy: &'static str,
    /// Stops the server and removes the folder if the run is interrupted.
    _undo: crate::interrupt::Registered,
}

impl Cluster {
    /// Makes and starts a new cluster with the server programs in `bin` (checked by
    /// `given_programs`), else the newest installed (`server_programs`); one line says what is
    /// missing when there are none.
    pub fn start(bin: Option<&Path>) -> Result<Cluster> {
        let bin = match bin {
            Some(bin) => bin.to_path_buf(),
            None => server_programs()?,
        };
        sweep_abandoned();
        let root = crate::throwaway::folder(PREFIX)
            .map_err(|e| {
                Error::new(format!(
                    "cannot make a folder for a PostgreSQL cluster: {e}"
                ))
            })?
            .keep();
        let cluster = Self::start_in(&bin, root.clone());
        if cluster.is_err() {
            let _ = fs::remove_dir_all(&root);
        }
        cluster
    }

    fn start_in(bin: &Path, root: PathBuf) -> Result<Cluster> {
        let failed = |what: &str, e: &dyn std::fmt::Display| {
            Error::new(format!(
                "cannot start a throwaway PostgreSQL cluster in {}: {what}: {e}",
                root.display()
            ))
        };
        fs::write(root.join("owner.pid"), std::process::id().to_string())
            .map_err(|e| failed("writing owner.pid", &e))?;
        let account = server_account()?;
        if let Some((uid, gid)) = account {
            chown(&root, Some(uid), Some(gid))
                .map_err(|e| failed("handing it to the postgres user", &e))?;
        }
        let data = root.join("data");
        let mut initdb = Command::new(bin.join("initdb"));
        initdb
            .arg("-D")
            .arg(&data)
            .args(["-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale"])
            .args(["--no-sync", "--no-instructions"])
            .current_dir(&root);
        as_account(&mut initdb, account);
        let made = initdb.output().map_err(|e| failed("running initdb", &e))?;
        if !made.status.success() {
            return Err(failed("initdb failed", &last_line(&made.stderr)));
        }

        let log =
            fs::File::create(root.join("server.log")).map_err(|e| failed("server.log", &e))?;
        if let Some((uid, gid)) = account {
            chown(root.join("server.log"), Some(uid), Some(gid))
                .map_err(|e| failed("handing server.log to the postgres user", &e))?;
        }
        let mut server = Command::new(bin.join("postgres"));
        server
            .arg("-D")
            .arg(&data)
            .arg("-k")
            .arg(&root)
            .args(["-c", "listen_addresses=", "-c", "fsync=off"])
            .args(["-c", "full_page_writes=off", "-c", "synchronous_commit=off"])
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .process_group(0);
        as_account(&mut server, account);
        // SAFETY: prctl is async-signal-safe and touches only the child being made.
        unsafe {
            server.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || match server.spawn() {
            Ok(mut child) => {
                let _ = sender.send(Ok(child.id() as i32));
                let _ = child.wait();
            }
            Err(e) => {
                let _ = sender.send(Err(e));
            }
        });
        let pid = receiver
            .recv()
            .map_err(|e| failed("starting postgres", &e))?
            .map_err(|e| failed("starting postgres", &e))?;
        let folder = root.clone();
        let copy_strategy = match programs_version(bin) {
            Some((major, _)) if major >= 15 => " STRATEGY FILE_COPY",
            _ => "",
        };
        let cluster = Cluster {
            root,
            pid,
            waiter: Some(waiter),
            copy_strategy,
            _undo: crate::interrupt::on_interrupt(move || {
                // SAFETY: signals the server this run started, then waits for it to end.
                unsafe {
                    libc::kill(pid, libc::SIGQUIT);
                    for _ in 0..100 {
                        if libc::kill(pid, 0) != 0 {
                            break;
                        }
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                }
                let _ = fs::remove_dir_all(&folder);
            }),
        };
        cluster.wait_until_ready()?;
        super::migrator::make(&cluster.url("postgres"))?;
        Ok(cluster)
    }

    /// Waits for the server to accept connections, or says why it stopped.
    fn wait_until_ready(&self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.root.join(".s.PGSQL.5432").exists()
                && PgConnection::establish(&self.url("postgres")).is_ok()
            {
                return Ok(());
            }
            let gone = self.waiter.as_ref().is_some_and(JoinHandle::is_finished);
            if gone || Instant::now() > deadline {
                let log = fs::read(self.root.join("server.log")).unwrap_or_default();
                let last = last_line(&log);
                let last = if last.is_empty() {
                    "no log".into()
                } else {
                    last
                };
                return Err(Error::new(format!(
                    "the throwaway PostgreSQL server in {} did not start: {last}",
                    self.root.display()
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What `CREATE DATABASE` on this cluster ends with: its fastest way to copy the template.
    pub fn copy_strategy(&self) -> &'static str {
        self.copy_strategy
    }

    /// The connection URL of database `name` on this cluster, as the superuser.
    pub fn url(&self, name: &str) -> String {
        self.url_as(SUPERUSER, name)
    }

    /// The connection URL of database `name` on this cluster, as the role `user`.
    pub fn url_as(&self, user: &str, name: &str) -> String {
        format!("postgres://{user}@/{name}?host={}", self.root.display())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // SAFETY: signals our own child, whose waiter thread has not reaped it yet.
        unsafe {
            libc::kill(self.pid, libc::SIGQUIT);
        }
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
        let _ = fs::remove_dir_all(&self.root);
    }
}

/// The folder holding the newest installed `initdb` and `postgres`, of those on PATH, in
/// Debian's `/usr/lib/postgresql/N/bin` and where `pg_config --bindir` says (on a tie, the
/// first in that order).
pub fn server_programs() -> Result<PathBuf> {
    find_server_programs(
        std::env::var_os("PATH"),
        Path::new("/usr/lib/postgresql"),
        "pg_config",
    )
}

/// `dir` when it holds `initdb` and `postgres` (what `--postgres-bin` names), else one line
/// saying what it lacks.
pub(crate) fn given_programs(dir: &Path) -> Result<PathBuf> {
    let missing: Vec<&str> = ["initdb", "postgres"]
        .into_iter()
        .filter(|program| !dir.join(program).is_file())
        .collect();
    if missing.is_empty() {
        return Ok(dir.to_path_buf());
    }
    Err(Error::new(format!(
        "--postgres-bin {}: there is no {} in it: give the folder holding PostgreSQL's server          programs (the bin/ of an installation, such as /usr/lib/postgresql/17/bin)",
        dir.display(),
        missing.join(" or ")
    )))
}

/// `server_programs` with the places it looks in given: the PATH, Debian's folder of versions,
/// and the `pg_config` to ask.
fn find_server_programs(
    path: Option<std::ffi::OsString>,
    debian_root: &Path,
    pg_config: &str,
) -> Result<PathBuf> {
    let mut candidates: Vec<PathBuf> = path
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    let mut debian: Vec<PathBuf> = fs::read_dir(debian_root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .collect();
    debian.sort();
    candidates.extend(debian);
    if let Ok(out) = Command::new(pg_config).arg("--bindir").output() {
        if out.status.success() {
            candidates.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
        }
    }
    let mut found: Vec<(Option<(u32, u32)>, PathBuf)> = candidates
        .into_iter()
        .filter(|dir| given_programs(dir).is_ok())
        .map(|dir| (programs_version(&dir), dir))
        .collect();
    // The newest; of equals, the first found (a stable sort keeps their order).
    found.sort_by_key(|(version, _)| std::cmp::Reverse(*version));
    found.into_iter().next().map(|(_, dir)| dir).ok_or_else(|| {
        Error::new(
            "PostgreSQL's server programs (initdb, postgres) are not installed: install them \
             (Debian/Ubuntu: `apt-get install postgresql`; macOS: `brew install postgresql`), \
             pass --postgres-bin DIR, or pass --database-url postgres://... to use a server you \
             have",
        )
    })
}

/// The major and minor version of the `postgres` in `dir`, as `postgres --version` says it
/// (`postgres (PostgreSQL) 17.11`); `None` when it does not say.
fn programs_version(dir: &Path) -> Option<(u32, u32)> {
    let out = Command::new(dir.join("postgres"))
        .arg("--version")
        .output()
        .ok()?;
    let said = String::from_utf8_lossy(&out.stdout);
    let number = said.split(") ").nth(1)?.split_whitespace().next()?;
    let mut parts = number
        .split(|c: char| !c.is_ascii_digit())
        .map(|part| part.parse().ok());
    Some((parts.next()??, parts.next().flatten().unwrap_or(0)))
}

/// The unprivileged account the server runs as when this process is root (`initdb` refuses to
/// run as root): Debian's `postgres` user. `None` when not root.
pub fn server_account() -> Result<Option<(u32, u32)>> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.len() > 3 && fields[0] == "postgres")
        .and_then(|fields| Some(Some((fields[2].parse().ok()?, fields[3].parse().ok()?))))
        .ok_or_else(|| {
            Error::new(
                "cannot start a PostgreSQL server as root and there is no `postgres` user to run \
                 it as: run as an ordinary user, or create one (`useradd --system postgres`)",
            )
        })
}

pub fn as_account(command: &mut Command, account: Option<(u32, u32)>) {
    if let Some((uid, gid)) = account {
        command.uid(uid).gid(gid).env("HOME", "/");
    }
}

/// Removes the cluster folders of processes that are gone (killed before they could clean up).
fn sweep_abandoned() {
    for (folder, owner) in folders() {
        if owner.is_some_and(|pid| !alive(pid)) {
            let _ = fs::remove_dir_all(folder);
        }
    }
}

/// The folders of the clusters tools made (in every throwaway place), each with the process
/// that made it (its `owner.pid`), if that can be read.
pub fn folders() -> Vec<(PathBuf, Option<i32>)> {
    crate::throwaway::places()
        .into_iter()
        .filter_map(|place| fs::read_dir(place).ok())
        .flatten()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(PREFIX))
        .map(|entry| {
            let owner = fs::read_to_string(entry.path().join("owner.pid"))
                .ok()
                .and_then(|s| s.trim().parse::<i32>().ok());
            (entry.path(), owner)
        })
        .collect()
}

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists.
    unsafe { libc::kill(pid, 0) == 0 || *libc::__errno_location() != libc::ESRCH }
}

/// The last line a program wrote that is not blank: what went wrong, as it says it.
pub fn last_line(output: &[u8]) -> String {
    String::from_utf8_lossy(output)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests;
