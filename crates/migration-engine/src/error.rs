//! The one error type users see: a single line saying what failed, on what, and what to do.

use std::fmt;

/// A failure on a user path. Its text is one line, printed as `error: {self}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

/// The workbook's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with this message; line breaks are folded so the message stays one line.
    pub fn new(message: impl Into<String>) -> Self {
        let message: String = message.into();
        Error(message.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_folded_to_one_line() {
        let error = Error::new("first line\n  second\tline ");
        assert_eq!(error.to_string(), "first line second line");
    }
}
