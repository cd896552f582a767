//! Ctrl-C in the middle of a run: verify stops its throwaway cluster and removes its folder
//! (about 40 MB) before it ends, and ends with 130, as a shell expects of SIGINT.

use migration_engine::postgres::cluster::folders;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// The folder of the cluster the process `pid` made, once it is there.
fn cluster_of(pid: u32) -> Option<PathBuf> {
    folders()
        .into_iter()
        .find(|(_, owner)| *owner == Some(pid as i32))
        .map(|(path, _)| path)
}

#[test]
fn ctrl_c_removes_the_throwaway_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("migrations/2024-01-01-000000_slow");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("up.sql"), "SELECT pg_sleep(60);\n").unwrap();
    std::fs::write(folder.join("down.sql"), "SELECT 1;\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
        .args([dir.path().to_str().unwrap(), "--backend", "postgres"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let cluster = loop {
        if let Some(cluster) = cluster_of(child.id()) {
            break cluster;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no cluster was made"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    // Well into the migration's sleep.
    std::thread::sleep(Duration::from_secs(3));
    // SAFETY: signals the child this test started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(50),
        "it waited for the sleep"
    );
    assert_eq!(status.code(), Some(130));
    assert!(!cluster.exists(), "{} is left behind", cluster.display());
}
