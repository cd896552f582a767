//! Where throwaway folders go: scratch SQLite databases, schema snapshots and throwaway
//! PostgreSQL clusters. On Linux that is `/dev/shm` (memory) when it has room, because making
//! files there is far cheaper than on a disk: making a file took 1.4 ms in `/tmp` and 20 µs in
//! `/dev/shm` on the 2-core machines this is built on, where lesson 08's check (a cluster's
//! initdb, a database per goal) ran in 6-7 s from `/tmp` and 1.5-2.3 s from `/dev/shm`.
//! A `TMPDIR` that is set is obeyed, and a small `/dev/shm` (64 MiB in a default Docker
//! container) is passed over for the system's temporary folder.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// The memory-backed folder used when it has room.
const MEMORY: &str = "/dev/shm";

/// The room `/dev/shm` must have free: a cluster takes about 40 MiB, each database in it 8.
const ROOM: u64 = 1 << 30;

/// A new folder named `<prefix>...` in the throwaway place.
pub fn folder(prefix: &str) -> std::io::Result<TempDir> {
    tempfile::Builder::new().prefix(prefix).tempdir_in(place())
}

/// The folder throwaway folders are made in.
pub fn place() -> PathBuf {
    let memory = Path::new(MEMORY);
    if std::env::var_os("TMPDIR").is_none_or(|dir| dir.is_empty()) && has_room(memory) {
        memory.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Every folder throwaway folders may have been made in (by this run or an earlier one, with
/// another `TMPDIR`): where the abandoned ones are looked for.
pub fn places() -> Vec<PathBuf> {
    let mut all = vec![place(), std::env::temp_dir(), PathBuf::from(MEMORY)];
    all.sort();
    all.dedup();
    all.retain(|dir| dir.is_dir());
    all
}

/// True when `dir` is a folder this process may write in with `ROOM` free.
fn has_room(dir: &Path) -> bool {
    let Ok(path) = CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `path` is a valid C string and `stat` a writable statvfs the call fills in.
    unsafe {
        let mut stat: libc::statvfs = std::mem::zeroed();
        libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) == 0
            && libc::statvfs(path.as_ptr(), &mut stat) == 0
            && (stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64) >= ROOM
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_made_in_the_place_and_removed_with_its_handle() {
        let made = folder("workbook-throwaway-test-").unwrap();
        assert_eq!(made.path().parent(), Some(place().as_path()));
        let path = made.path().to_path_buf();
        drop(made);
        assert!(!path.exists());
    }

    #[test]
    fn a_folder_without_room_or_access_is_not_used() {
        assert!(!has_room(Path::new("/nonexistent-folder")));
        // /proc holds no free blocks.
        assert!(!has_room(Path::new("/proc")));
    }
}
