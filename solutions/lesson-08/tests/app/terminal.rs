//! A program in a pseudo-terminal, for the menu's tests: what it writes is read back as text to
//! wait for, keys are written to it. A few dozen lines over libc's `openpty` instead of a crate
//! (expectrl brought regex and nix into every cold build for this one test).

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long `expect` waits for a text before the test fails.
const TIMEOUT: Duration = Duration::from_secs(10);

pub struct Screen {
    master: File,
    child: Child,
    /// What the program wrote since the last text found.
    unread: Vec<u8>,
}

impl Screen {
    /// Starts `command` with a new pseudo-terminal (80 x 24) as its controlling terminal and
    /// its stdin, stdout and stderr.
    pub fn spawn(mut command: Command) -> std::io::Result<Screen> {
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: valid pointers to two ints and a winsize; no name buffer or termios asked for.
        let opened = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        if opened != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: openpty returned two new descriptors that nothing else owns.
        let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        command
            .stdin(Stdio::from(slave.try_clone()?))
            .stdout(Stdio::from(slave.try_clone()?))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec: a new session, and the
        // terminal (now stdin) as its controlling terminal.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn()?;
        drop(command); // closes the parent's copies of the terminal's other end
        Ok(Screen {
            master,
            child,
            unread: Vec::new(),
        })
    }

    /// Waits until the program has written `text`, and forgets what it wrote up to it.
    pub fn expect(&mut self, text: &str) -> Result<(), String> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(at) = find(&self.unread, text.as_bytes()) {
                self.unread.drain(..at + text.len());
                return Ok(());
            }
            if !self.read_until(deadline)? {
                return Err(format!(
                    "the program ended without writing it; it wrote {:?}",
                    String::from_utf8_lossy(&self.unread)
                ));
            }
        }
    }

    /// Waits until the program has closed the terminal (it has ended).
    pub fn expect_eof(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + TIMEOUT;
        while self.read_until(deadline)? {}
        Ok(())
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &str) -> std::io::Result<()> {
        self.master.write_all(keys.as_bytes())
    }

    /// Waits for the program to end and returns its exit code.
    pub fn wait(&mut self) -> Option<i32> {
        self.child.wait().ok().and_then(|status| status.code())
    }

    /// Reads what the program wrote next; false once the terminal is closed.
    fn read_until(&mut self, deadline: Instant) -> Result<bool, String> {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut poll = libc::pollfd {
            fd: self.master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut poll, 1, left.as_millis() as libc::c_int) };
        if ready == 0 {
            return Err(format!(
                "timed out after {TIMEOUT:?}; the screen since the last text found: {:?}",
                String::from_utf8_lossy(&self.unread)
            ));
        }
        let mut buffer = [0; 4096];
        match self.master.read(&mut buffer) {
            Ok(0) => Ok(false),
            Ok(n) => {
                self.unread.extend_from_slice(&buffer[..n]);
                Ok(true)
            }
            // Linux answers EIO once every process has closed the terminal's other end.
            Err(e) if e.raw_os_error() == Some(libc::EIO) => Ok(false),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(true),
            Err(e) => Err(format!("cannot read the terminal: {e}")),
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len().max(1))
        .position(|window| window == needle)
}
