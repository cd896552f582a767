//! The walk's side of a step that fails on the generated rows: it is tried on fewer rows (see
//! `verify::retry`), in a transaction rolled back or on a replayed scratch database, and when
//! it runs there the walk deletes those rows for good and goes on.

use diesel::Connection;
use diesel::migration::Migration;
use diesel::sqlite::Sqlite;

use super::Walk;
use crate::harness::scratch::Scratch;
use crate::migration::{self, Direction};
use crate::verify::retry;

impl Walk<'_> {
    /// The up of a migration the walk only applies: when it fails on the generated rows, it
    /// runs on fewer (said in a note).
    pub(super) fn up_or_fewer_rows(
        &mut self,
        s: &mut Scratch,
        m: &dyn Migration<Sqlite>,
    ) -> Result<(), String> {
        let Err(error) = self.up(s, m) else {
            return Ok(());
        };
        if !self.fewer_rows(s, m, Direction::Up, &error)? {
            return Err(error);
        }
        self.up(s, m)
    }

    /// After `m` failed in `direction` with `error`: true when it runs on fewer generated rows,
    /// which are then deleted from `s` for good (and a note says so); false, and `s` as it
    /// was, when it fails on any row, or when the walk holds rows of the user's seed.
    pub(super) fn fewer_rows(
        &mut self,
        s: &mut Scratch,
        m: &dyn Migration<Sqlite>,
        direction: Direction,
        error: &str,
    ) -> Result<bool, String> {
        // The user's own rows are not generated: a failure on them is theirs to see.
        if self.options.seed.is_some() {
            return Ok(false);
        }
        let fewer = if m.metadata().run_in_transaction() {
            let migrations = self.migrations;
            retry::how_few(error, |fewer| {
                retry::try_in_transaction(s.conn(), migrations, m, direction, fewer)
            })
        } else {
            retry::how_few(error, |fewer| self.try_on_replay(m, direction, fewer))
        };
        let Some(fewer) = fewer else {
            return Ok(false);
        };
        // Nothing left to delete: trying again would only fail again.
        let note = retry::thin_for_good(s.conn(), m, direction, error, fewer)?;
        self.foreign_keys(s.conn());
        let Some(note) = note else {
            return Ok(false);
        };
        self.note(note);
        Ok(true)
    }

    /// Tries `m` in `direction` on `fewer` rows on a scratch database of its own, replayed
    /// up to where the walk stands (a migration outside diesel's transaction cannot be tried
    /// inside one).
    fn try_on_replay(
        &mut self,
        m: &dyn Migration<Sqlite>,
        direction: Direction,
        fewer: retry::Fewer,
    ) -> Result<(), String> {
        let name = migration::full_name(m);
        let done: Vec<&dyn Migration<Sqlite>> = self
            .migrations
            .iter()
            .take_while(|x| migration::full_name(*x) != name)
            .collect();
        let notes = self.notes.len();
        let replayed = self.replay(&done);
        self.notes.truncate(notes);
        let mut s = replayed?;
        if direction == Direction::Down {
            self.up(&mut s, m)?;
        }
        s.conn()
            .transaction(|conn| retry::thin(conn, fewer))
            .map_err(|e| e.to_string())?;
        self.foreign_keys(s.conn());
        match direction {
            Direction::Up => self.up(&mut s, m),
            Direction::Down => self.down(&mut s, m),
        }
    }

    /// Adds a note, once.
    pub(super) fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}
