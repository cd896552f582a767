//! `duplicate-version`: two migration folders with the same version.

use super::{Example, On, Problem, Rule};

pub const RULE: Rule = Rule {
    name: "duplicate-version",
    summary: "no two migrations share a version",
    why: "diesel records a migration by its version (the folder name before the first `_`, \
          dashes removed), so of two folders with one version it runs only the first and \
          counts the second as applied",
    fix: "give the newer folder a new timestamp (`diesel migration generate` names folders so)",
    advisory: false,
    on: On::Both,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-01-120000_create_posts",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY);",
            "DROP TABLE posts;",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            "DROP TABLE users;",
        ),
        Example::new(
            "2024-01-01-130000_create_posts",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY);",
            "DROP TABLE posts;",
        ),
    ],
};

/// The version diesel gives a migration folder: the text before the first `_`, dashes
/// removed (the whole name when it has no `_`).
pub fn version(folder: &str) -> String {
    folder.split('_').next().unwrap_or("").replace('-', "")
}

/// One problem per folder whose version an earlier folder already has.
pub fn find(folders: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (index, name) in folders.iter().enumerate() {
        if let Some(earlier) = folders[..index]
            .iter()
            .find(|f| version(f) == version(name))
        {
            problems.push(Problem::new(
                &RULE,
                Some(name),
                format!(
                    "migrations/{name} has the version {} of migrations/{earlier}: diesel runs \
                     only one of them; give one a new timestamp (it is left out of the checks)",
                    version(name)
                ),
            ));
        }
    }
    problems
}
