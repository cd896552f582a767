//! The checks' harness: throw-away databases built from a lesson's (or any folder's) own
//! migrations, on which the course's goals, the checklist and `verify` run. Built on the
//! migration engine and the backend; it knows nothing of the course or the rules that use it.

pub mod postgres;
pub mod scratch;
pub mod template;

/// What the goals about a lesson's app need of a scratch database, on either backend.
pub trait Bench {
    /// Applies every pending migration.
    fn migrate(&mut self) -> Result<(), String>;
    /// Runs one of the lesson's app commands and returns what it printed.
    fn app(&mut self, args: &[&str]) -> Result<String, String>;
}

impl Bench for scratch::Scratch<'_> {
    fn migrate(&mut self) -> Result<(), String> {
        scratch::Scratch::migrate(self)
    }
    fn app(&mut self, args: &[&str]) -> Result<String, String> {
        scratch::Scratch::app(self, args)
    }
}

impl Bench for postgres::PgScratch<'_> {
    fn migrate(&mut self) -> Result<(), String> {
        postgres::PgScratch::migrate(self)
    }
    fn app(&mut self, args: &[&str]) -> Result<String, String> {
        postgres::PgScratch::app(self, args)
    }
}
