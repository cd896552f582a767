//! Standard output of the lesson binaries. A command's work is done when it returns, so a
//! failure to print (a full disk, a closed pipe) never turns a done command into a failed one:
//! a script would run it again, and add a second task or seed twice. The failure is said on
//! stderr, and the exit code is the command's own.

use std::io::{self, Write};

/// A writer that keeps the first write error instead of returning it.
pub struct Output<W: Write> {
    inner: W,
    failed: Option<io::Error>,
}

impl<W: Write> Output<W> {
    pub fn new(inner: W) -> Self {
        Output {
            inner,
            failed: None,
        }
    }

    /// Flushes, and says on stderr when anything could not be written (a pipe closed by
    /// the reader, as `| head` does, is no news).
    pub fn finish(mut self) {
        let _ = self.flush();
        if let Some(error) = self.failed
            && error.kind() != io::ErrorKind::BrokenPipe
        {
            eprintln!(
                "warning: the output could not be written ({error}); the command itself was done"
            );
        }
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.is_none()
            && let Err(error) = self.inner.write_all(buf)
        {
            self.failed = Some(error);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_none()
            && let Err(error) = self.inner.flush()
        {
            self.failed = Some(error);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails every write, as /dev/full does.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("No space left on device"))
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_write_that_fails_is_kept_not_returned() {
        let mut out = Output::new(Full);
        assert!(writeln!(out, "Added task 1.").is_ok());
        assert!(out.flush().is_ok());
        assert!(
            out.failed
                .as_ref()
                .is_some_and(|e| e.to_string().contains("No space"))
        );
        let mut fine = Output::new(Vec::new());
        writeln!(fine, "ok").unwrap();
        assert_eq!(fine.inner, b"ok\n");
        assert!(fine.failed.is_none());
    }
}
