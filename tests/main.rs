//! The workspace-wide checks in one test binary (one link instead of one per file): each
//! file is a module.

mod book;
mod book_commands;
mod diesel_cli;
mod layers;
mod lessons;
mod move_data;
mod notices;
mod one_build;
mod review;
mod secrets;
mod student_mistakes;
