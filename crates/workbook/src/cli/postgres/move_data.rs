//! `move-data --from PATH.db`: a lesson-07 SQLite database copied into this lesson's migrated
//! PostgreSQL database, and the proof of it (row counts and checksums on both sides).

use std::io::Write;
use std::path::Path;

use diesel::pg::PgConnection;

use super::super::print;
use super::migrate::{Pending, open_migrated};
use crate::course::lesson::Lesson;
use crate::error::{Error, Result};
use crate::harness::postgres::{load, short_name};
use crate::move_data::{Options, move_data};

/// Copies `from` into the database at `url`; `replace` empties its tables first.
pub(super) fn run<A>(
    lesson: &Lesson<A, PgConnection>,
    url: &str,
    from: &Path,
    replace: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let mut conn = open_migrated(lesson, url, Pending::Refused)?;
    // The source is a database of the lesson before: the migrations this lesson does not
    // write, which keep that lesson's versions and names.
    let expected_versions = load(lesson.migrations.as_ref(), &lesson.migrations_dir())
        .map_err(Error::new)?
        .iter()
        .filter(|m| {
            !lesson
                .info
                .writes
                .contains(&short_name(m.as_ref()).as_str())
        })
        .map(|m| m.name().to_string())
        .collect();
    let options = Options {
        replace,
        expected_versions,
        renamed: lesson.info.renamed,
    };
    let moved = move_data(from, &mut conn, &options)?;
    print(out, &moved.render())?;
    print(
        out,
        &format!(
            "Moved {} rows of {} tables from {} in one transaction; every table's row count and \
             checksum agree on both sides.\n",
            moved.rows(),
            moved.tables.len(),
            from.display()
        ),
    )
}
