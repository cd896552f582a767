//! `rebuild-loses-index`: a rebuilt table comes back without an index or trigger it had.

use super::{Example, On, Problem, Rule};
use crate::sqlite::catalogue::{self, Catalogue};

pub const RULE: Rule = Rule {
    name: "rebuild-loses-index",
    summary: "a table rebuilt by create-copy-drop-rename keeps its indexes and triggers",
    why: "DROP TABLE drops the table's indexes and triggers with it; a rebuild must create them \
          again, or queries slow down and rules stop being enforced without any error",
    fix: "after `ALTER TABLE new_x RENAME TO x`, create every index and trigger x had (SQLite's \
          12-step procedure, step 8)",
    advisory: false,
    on: On::Sqlite,
    rejects: &[
        Example::new(
            "2024-01-01-120000_create_posts",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);
             CREATE INDEX ix_posts_title ON posts(title);",
            "DROP TABLE posts;",
        ),
        Example::new(
            "2024-01-02-120000_require_title",
            "CREATE TABLE new_posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '');
             INSERT INTO new_posts SELECT id, coalesce(title, '') FROM posts;
             DROP TABLE posts; ALTER TABLE new_posts RENAME TO posts;",
            "CREATE TABLE old_posts (id INTEGER PRIMARY KEY, title TEXT);
             INSERT INTO old_posts SELECT id, title FROM posts;
             DROP TABLE posts; ALTER TABLE old_posts RENAME TO posts;
             CREATE INDEX ix_posts_title ON posts(title);",
        ),
    ],
    accepts: &[
        Example::new(
            "2024-01-01-120000_create_posts",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);
             CREATE INDEX ix_posts_title ON posts(title);",
            "DROP TABLE posts;",
        ),
        Example::new(
            "2024-01-02-120000_require_title",
            "CREATE TABLE new_posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '');
             INSERT INTO new_posts SELECT id, coalesce(title, '') FROM posts;
             DROP TABLE posts; ALTER TABLE new_posts RENAME TO posts;
             CREATE INDEX ix_posts_title ON posts(title);",
            "CREATE TABLE old_posts (id INTEGER PRIMARY KEY, title TEXT);
             INSERT INTO old_posts SELECT id, title FROM posts;
             DROP TABLE posts; ALTER TABLE old_posts RENAME TO posts;
             CREATE INDEX ix_posts_title ON posts(title);",
        ),
    ],
};

/// The problem when a table rebuilt by the migration lost an index or trigger.
pub fn judge(name: &str, before: &Catalogue, after: &Catalogue) -> Option<Problem> {
    let lost = catalogue::lost_in_rebuild(before, after);
    (!lost.is_empty()).then(|| {
        Problem::new(
            &RULE,
            Some(name),
            format!("after migrations/{name} ran, {}", lost.join("; ")),
        )
        .in_file("up.sql", None)
    })
}
