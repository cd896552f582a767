//! Ctrl-C and SIGTERM: what a run made outside itself (a throwaway cluster and its folder, a
//! scratch database on the user's server) is removed before the process ends, as it is on a
//! normal exit. verify installs the catcher; whatever makes such a thing registers how to undo
//! it for as long as it lives.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

type Undo = Box<dyn Fn() + Send>;

static UNDO: Mutex<Vec<(u64, Undo)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Waits here for good when the run was interrupted: the catcher is removing what the run made
/// (which fails the work still running) and ends the process itself; else returns at once.
pub fn wait_if_interrupted() {
    while INTERRUPTED.load(Ordering::SeqCst) {
        std::thread::park();
    }
}

/// Runs `undo` if the process is interrupted while the returned guard lives.
pub fn on_interrupt(undo: impl Fn() + Send + 'static) -> Registered {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut list) = UNDO.lock() {
        list.push((id, Box::new(undo)));
    }
    Registered(id)
}

/// Removes the folder `path` (a temporary one of this run) if the run is interrupted.
pub fn remove_on_interrupt(path: &std::path::Path) -> Registered {
    let path = path.to_path_buf();
    on_interrupt(move || {
        let _ = std::fs::remove_dir_all(&path);
    })
}

/// An undo registered with `on_interrupt`, forgotten when dropped (the thing was removed).
pub struct Registered(u64);

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut list) = UNDO.lock() {
            list.retain(|(id, _)| *id != self.0);
        }
    }
}

/// Catches SIGINT and SIGTERM from now on; call it first, before any thread starts (threads
/// keep the signal mask they start with). A thread waits for either, runs every registered
/// undo, newest first, and ends the process with 130 (SIGINT) or 143 (SIGTERM).
pub fn install() {
    // SAFETY: plain calls on a zeroed, then initialised, signal set owned here.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        set
    };
    std::thread::spawn(move || {
        let mut signal = 0;
        // SAFETY: `set` is initialised and `signal` outlives the call.
        if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
            return;
        }
        INTERRUPTED.store(true, Ordering::SeqCst);
        let undo = UNDO.lock().map(|mut list| std::mem::take(&mut *list));
        for (_, undo) in undo.unwrap_or_default().iter().rev() {
            undo();
        }
        eprintln!("interrupted: the throwaway databases and folders this run made are removed");
        std::process::exit(128 + signal);
    });
}
