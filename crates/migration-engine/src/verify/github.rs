//! `--format github`: each finding as a GitHub Actions workflow command, which GitHub shows as
//! an annotation on the file and line (`::error` for a problem, `::notice` for a note), then
//! the run's notes, what was judged and the verdict, as the text report ends.

use super::{Section, Verdict};

impl Verdict {
    /// The findings of every section as workflow commands, a section that could not run as an
    /// `::error` naming its folder, and each section's run notes and last lines (what was
    /// judged, the verdict).
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        for Section { dir, report, .. } in &self.sections {
            let report = match report {
                Ok(report) => report,
                Err(error) => {
                    let message = format!("{}: could not run: {error}", dir.display());
                    out += &format!("::error title=verify-migrations::{}\n", data(&message));
                    continue;
                }
            };
            for finding in report.findings() {
                let command = match finding.problem.note {
                    true => "notice",
                    false => "error",
                };
                let line = finding
                    .problem
                    .line
                    .map_or(String::new(), |line| format!(",line={line}"));
                out += &format!(
                    "::{command} file={}{line},title={}::{}\n",
                    property(&finding.path),
                    property(finding.problem.rule),
                    data(&finding.problem.text)
                );
            }
            out += &format!("verify {}:\n", dir.display());
            for note in &report.notes {
                out += &format!("note: {note}\n");
            }
            out += &report.summary();
        }
        out
    }
}

/// A workflow command's message, escaped as the runner reads it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`file=`, `title=`), escaped as the runner reads it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped_as_the_runner_reads_them() {
        assert_eq!(data("100% of\r\nrows"), "100%25 of%0D%0Arows");
        assert_eq!(
            property("migrations/a,b/up.sql:3"),
            "migrations/a%2Cb/up.sql%3A3"
        );
    }
}
