//! The checks' harness: throw-away databases built from a lesson's (or any folder's) own
//! migrations, on which the course's goals, the checklist and `verify` run. Built on the
//! migration engine and the backend; it knows nothing of the course or the rules that use it.

pub mod scratch;
