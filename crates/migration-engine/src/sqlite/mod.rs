//! The SQLite backend: everything that talks to SQLite itself. Opening a connection the one
//! way every command does, reading the catalogue (tables, columns, foreign keys, rows, the
//! normalised `schema.sql`, a database's shape and the traces a migration leaves), describing
//! it for Diesel's `table!` definitions and the Mermaid ER diagram, SQLite's spelling of SQL, and
//! what to say when SQLite refuses a migration. Nothing here knows about migrations, checks or
//! lessons: they are built on top of it.

pub mod catalogue;
pub mod confined;
pub mod connection;
pub mod describe;
mod generated_ids;
pub mod schema;
pub mod shape;
pub mod sql;
pub(crate) mod violation;
