//! One step of a migration on the walk's scratch database: within `--statement-timeout`, with
//! the walk's foreign-key mode put back after it, and its failure explained.

use diesel::migration::Migration;
use diesel::sqlite::Sqlite;

use super::Walk;
use crate::harness::scratch::Scratch;
use crate::migration::{self, Direction};
use crate::sqlite::confined;

impl Walk<'_> {
    /// The running app's watch after `m` applied (`judged`, or only applied before the judged
    /// ones), when `old-app-breaks` judges this walk.
    pub(super) fn watched(
        &mut self,
        s: &mut Scratch,
        m: &dyn Migration<Sqlite>,
        judged: bool,
    ) -> Result<(), String> {
        if self.watch.is_none() {
            return Ok(());
        }
        let up = std::fs::read_to_string(self.migrations.folder(m).join("up.sql"));
        let name = migration::full_name(m);
        let up = up.unwrap_or_default();
        crate::verify::old_app::after_sqlite(&mut self.watch, s.conn(), (&name, &up), judged)
    }

    pub(super) fn up(&self, s: &mut Scratch, m: &dyn Migration<Sqlite>) -> Result<(), String> {
        self.run(s, m, Direction::Up)
    }

    pub(super) fn down(&self, s: &mut Scratch, m: &dyn Migration<Sqlite>) -> Result<(), String> {
        self.run(s, m, Direction::Down)
    }

    /// One step of `m`, within `--statement-timeout`, its failure explained.
    fn run(
        &self,
        s: &mut Scratch,
        m: &dyn Migration<Sqlite>,
        way: Direction,
    ) -> Result<(), String> {
        let result = confined::within(self.options.statement_timeout, || {
            migration::step(s.conn(), self.migrations, m, way)
        });
        self.foreign_keys(s.conn());
        result.map_err(|e| self.explain(e.to_string()))
    }

    /// A foreign-key failure under `--foreign-keys on` says that projects migrating with
    /// them off can say so.
    pub(super) fn explain(&self, error: String) -> String {
        let error = confined::explained(error);
        if self.options.foreign_keys.on && error.contains("FOREIGN KEY constraint failed") {
            format!(
                "{error} (verify ran with foreign keys on: {}; a project whose connection \
                 migrates with them off, as the diesel CLI built on a system SQLite does, can \
                 say --foreign-keys off)",
                self.options.foreign_keys.why
            )
        } else {
            error
        }
    }
}
