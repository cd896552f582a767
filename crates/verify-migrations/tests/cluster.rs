//! The throwaway PostgreSQL cluster `verify-migrations` starts stops with it, however it ends:
//! Ctrl-C (SIGINT) or kill -9 in the middle of a migration leaves no server running, and the
//! next run removes the folder the killed one left.

use migration_engine::postgres::cluster::folders;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A PostgreSQL project whose second migration takes a while.
fn slow_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, up, down) in [
        (
            "2024-01-01-000000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        (
            "2024-01-02-000000_slow",
            "SELECT pg_sleep(60);",
            "SELECT 1;",
        ),
    ] {
        let folder = dir.path().join("migrations").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), up).unwrap();
        std::fs::write(folder.join("down.sql"), down).unwrap();
    }
    dir
}

/// The cluster folder the process `pid` made, once its server listens (before that, initdb's
/// own single-user runs hold the pid file).
fn cluster_of(pid: u32) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found = folders()
            .into_iter()
            .find(|(p, owner)| *owner == Some(pid as i32) && p.join(".s.PGSQL.5432").exists())
            .map(|(p, _)| p);
        if let Some(found) = found {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "verify-migrations started no cluster"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The postmaster's process id, from its pid file.
fn postmaster(cluster: &Path) -> i32 {
    let text = std::fs::read_to_string(cluster.join("data/postmaster.pid")).unwrap();
    text.lines().next().unwrap().trim().parse().unwrap()
}

fn alive(pid: i32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z ")
}

/// A running verify, killed if the test fails before it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn started(project: &Path) -> Running {
    Running(
        Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
            .arg(project)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

/// Ends a running verify with `signal` and proves its server stops too.
fn server_stops_when_verify_gets(signal: &str) {
    let project = slow_project();
    let mut verify = started(project.path());
    let cluster = cluster_of(verify.0.id());
    let server = postmaster(&cluster);
    assert!(alive(server));
    // Let it reach the slow migration.
    std::thread::sleep(Duration::from_millis(500));
    let sent = Command::new("kill")
        .args([signal, &verify.0.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    verify.0.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(server) {
        assert!(
            Instant::now() < deadline,
            "the server of a verify ended by {signal} is still running"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The next run sweeps the folder the ended one could not remove.
    let next = started(project.path());
    let next_cluster = cluster_of(next.0.id());
    assert!(!cluster.exists(), "{} was left behind", cluster.display());
    drop(next);
    let _ = std::fs::remove_dir_all(next_cluster);
}

#[test]
fn ctrl_c_stops_the_server() {
    server_stops_when_verify_gets("-INT");
}

#[test]
fn kill_9_stops_the_server() {
    server_stops_when_verify_gets("-KILL");
}
