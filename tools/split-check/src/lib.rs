//! The workbook's PostgreSQL statement splitter, compiled on its own so that its test can set it
//! beside PostgreSQL's own parser.

#[path = "../../../crates/migration-engine/src/postgres/split.rs"]
pub mod split;
