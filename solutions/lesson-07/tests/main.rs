//! Every integration test of this crate in one test binary (one link instead of one per file):
//! each file of tests/ is a module.

mod cli;
mod concurrency;
mod menu;
mod mistakes;
mod queries;
mod terminal;
mod usernames;
