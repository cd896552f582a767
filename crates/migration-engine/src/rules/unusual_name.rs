//! `unusual-name` (advice): a version that is not diesel_cli's 14-digit timestamp.

use super::duplicate_version::version;
use super::{Example, On, Problem, Rule};

pub const RULE: Rule = Rule {
    name: "unusual-name",
    summary: "every migration's version is a YYYYMMDDHHMMSS timestamp (advice)",
    why: "diesel runs any folder name: it orders versions as text. A version of another length \
          (diesel_cli 1.x wrote 14 digits too, but hand-made names vary) can sort before or \
          after the migrations it was written between",
    fix: "name new migrations with `diesel migration generate NAME`; leave applied ones alone",
    advisory: true,
    on: On::Both,
    rejects: &[Example::new(
        "201701240124_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE users;",
    )],
    accepts: &[Example::new(
        "20170124012402_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE users;",
    )],
};

/// A note per folder whose version is not 14 digits (diesel_cli 2.3's `-0000` fraction and
/// diesel's own `00000000000000_diesel_initial_setup` are usual).
pub fn find(folders: &[String]) -> Vec<Problem> {
    folders
        .iter()
        .filter(|name| {
            let version = version(name);
            let digits = version.bytes().all(|b| b.is_ascii_digit());
            !(digits && (version.len() == 14 || version.len() == 18))
        })
        .map(|name| {
            Problem::new(
                &RULE,
                Some(name),
                format!(
                    "migrations/{name} has the version {:?}, not a YYYYMMDDHHMMSS timestamp: \
                     diesel still runs it, ordering versions as text",
                    version(name)
                ),
            )
        })
        .collect()
}
