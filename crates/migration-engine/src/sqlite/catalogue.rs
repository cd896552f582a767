//! A migration's traces in SQLite's catalogue: which tables it rebuilt (dropped and made again,
//! so they live on a new b-tree page), the indexes and triggers a rebuild lost, and the foreign
//! keys it left pointing at a table that does not exist. Each finding is one line that names
//! the trap and the fix.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;

use crate::sqlite::schema::{self, is_internal};

/// The lesson's tables (with the b-tree page each lives on) and the indexes and triggers that
/// belong to each: enough to tell a table that was rebuilt from one that was only altered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalogue {
    tables: BTreeMap<String, i64>,
    /// (kind, name, table) of every index and trigger.
    dependents: Vec<(String, String, String)>,
}

/// Reads the catalogue of the database `conn` is open on.
pub fn read(conn: &mut SqliteConnection) -> QueryResult<Catalogue> {
    #[derive(QueryableByName)]
    struct Entry {
        #[diesel(sql_type = Text)]
        kind: String,
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Text)]
        table: String,
        #[diesel(sql_type = BigInt)]
        page: i64,
    }
    let entries: Vec<Entry> = diesel::sql_query(
        "SELECT type AS kind, name, tbl_name AS \"table\", coalesce(rootpage, 0) AS page \
         FROM sqlite_schema WHERE type IN ('table', 'index', 'trigger') AND sql IS NOT NULL \
         ORDER BY name",
    )
    .load(conn)?;
    let mut found = Catalogue::default();
    for e in entries.into_iter().filter(|e| !is_internal(&e.table)) {
        if e.kind == "table" {
            found.tables.insert(e.name, e.page);
        } else {
            found.dependents.push((e.kind, e.name, e.table));
        }
    }
    Ok(found)
}

impl Catalogue {
    /// Whether the catalogue has the table `name` (any case, as SQLite compares names).
    pub fn has_table(&self, name: &str) -> bool {
        self.tables.keys().any(|t| t.eq_ignore_ascii_case(name))
    }
}

/// The tables in both catalogues that were rebuilt: dropped and made again, on a new page.
pub fn rebuilt(before: &Catalogue, after: &Catalogue) -> Vec<String> {
    before
        .tables
        .iter()
        .filter(|(table, page)| after.tables.get(*table).is_some_and(|now| now != *page))
        .map(|(table, _)| table.clone())
        .collect()
}

/// The indexes and triggers that vanished with a rebuild: their table is still there, on a
/// new page (dropped and made again), but they were not recreated.
pub fn lost_in_rebuild(before: &Catalogue, after: &Catalogue) -> Vec<String> {
    // Each rebuilt table once, with every index and trigger it lost.
    let mut gone: Vec<(&String, Vec<String>)> = Vec::new();
    let lost = before
        .dependents
        .iter()
        .filter(|dependent| !after.dependents.contains(dependent))
        .filter(|(_, _, table)| {
            matches!(
                (before.tables.get(table), after.tables.get(table)),
                (Some(old), Some(new)) if old != new
            )
        });
    for (kind, name, table) in lost {
        let said = format!("{kind} {name}");
        match gone.iter_mut().find(|(t, _)| *t == table) {
            Some((_, names)) => names.push(said),
            None => gone.push((table, vec![said])),
        }
    }
    gone.into_iter()
        .map(|(table, names)| {
            format!(
                "{table} was rebuilt but its {} {} gone: DROP TABLE takes a table's indexes and \
                 triggers with it; recreate them after renaming the new table",
                names.join(" and its "),
                if names.len() == 1 { "is" } else { "are" }
            )
        })
        .collect()
}

/// Foreign keys that point at a table that does not exist, found after a migration ran on a
/// database whose catalogue was `before`, each with what caused it: the table was dropped
/// (DROP TABLE of the wrong table, or of a parent before its children), or a rebuild renamed
/// the OLD table first (SQLite rewrites the references to follow the renamed table, then the
/// old table is dropped), or the reference names a table that never existed.
pub fn dangling_references(
    conn: &mut SqliteConnection,
    before: &Catalogue,
) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Reference {
        #[diesel(sql_type = Text)]
        table: String,
        /// The b-tree page the table lives on: a table dropped and made again lives on a new one.
        #[diesel(sql_type = BigInt)]
        page: i64,
        #[diesel(sql_type = Text)]
        from: String,
        #[diesel(sql_type = Text)]
        target: String,
    }
    let tables = schema::tables(conn)?;
    // Every table's references in one query, however many tables there are.
    let references: Vec<Reference> = diesel::sql_query(
        "SELECT m.name AS \"table\", coalesce(m.rootpage, 0) AS page, f.\"from\" AS \"from\", \
         f.\"table\" AS target FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f \
         WHERE m.type = 'table' AND m.sql IS NOT NULL ORDER BY m.name, f.id, f.seq",
    )
    .load(conn)?;
    let mut found = Vec::new();
    for key in references {
        let (table, page) = (&key.table, key.page);
        if !tables.contains(table) || tables.iter().any(|t| t.eq_ignore_ascii_case(&key.target)) {
            continue;
        }
        let (from, target) = (&key.from, &key.target);
        let existed = |name: &str| before.tables.keys().any(|t| t.eq_ignore_ascii_case(name));
        let cause = if existed(target) {
            format!(
                "this migration dropped {target} while {table} still refers to it; check that \
                 it drops the right table, and drop a table only after the tables that refer \
                 to it"
            )
        } else if before.tables.get(table) == Some(&page) {
            "renaming the OLD table first makes SQLite rewrite the references to follow it; \
             create new_X, copy, drop X, then rename new_X to X"
                .to_string()
        } else {
            format!(
                "there was no table {target} before this migration either; check the table named after REFERENCES"
            )
        };
        found.push(format!(
            "{table}.{from} refers to {target}, a table that does not exist: {cause}"
        ));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::connection::SimpleConnection;

    fn database(sql: &str) -> SqliteConnection {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(sql).unwrap();
        conn
    }

    const TASKS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY);
        CREATE TABLE tasks (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));
        CREATE INDEX ix_tasks_user_id ON tasks(user_id);
        CREATE TRIGGER tasks_touch AFTER UPDATE ON tasks BEGIN SELECT 1; END;";

    #[test]
    fn a_rebuild_that_forgets_an_index_or_trigger_is_caught() {
        let mut conn = database(TASKS);
        let before = read(&mut conn).unwrap();
        conn.batch_execute(
            "CREATE TABLE new_tasks (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));
             DROP TABLE tasks;
             ALTER TABLE new_tasks RENAME TO tasks;
             CREATE INDEX ix_tasks_user_id ON tasks(user_id);",
        )
        .unwrap();
        let after = read(&mut conn).unwrap();
        let lost = lost_in_rebuild(&before, &after);
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert!(
            lost[0].starts_with("tasks was rebuilt but its trigger tasks_touch is gone"),
            "{lost:?}"
        );
    }

    #[test]
    fn a_rebuild_that_forgets_several_says_its_table_once() {
        let mut conn = database(TASKS);
        let before = read(&mut conn).unwrap();
        conn.batch_execute(
            "CREATE TABLE new_tasks (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));
             DROP TABLE tasks;
             ALTER TABLE new_tasks RENAME TO tasks;",
        )
        .unwrap();
        let lost = lost_in_rebuild(&before, &read(&mut conn).unwrap());
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert!(
            lost[0].starts_with("tasks was rebuilt but its "),
            "{lost:?}"
        );
        assert!(
            lost[0].contains("index ix_tasks_user_id") && lost[0].contains("trigger tasks_touch"),
            "{lost:?}"
        );
        assert!(lost[0].contains(" are gone: "), "{lost:?}");
    }

    #[test]
    fn dropping_an_index_without_a_rebuild_is_not_a_trap() {
        let mut conn = database(TASKS);
        let before = read(&mut conn).unwrap();
        conn.batch_execute("DROP INDEX ix_tasks_user_id; ALTER TABLE tasks ADD COLUMN note TEXT;")
            .unwrap();
        let after = read(&mut conn).unwrap();
        assert_eq!(lost_in_rebuild(&before, &after), Vec::<String>::new());
    }

    #[test]
    fn renaming_the_old_table_first_leaves_a_dangling_reference() {
        let mut conn = database(TASKS);
        let before = read(&mut conn).unwrap();
        assert_eq!(
            dangling_references(&mut conn, &before).unwrap(),
            Vec::<String>::new()
        );
        conn.batch_execute(
            "PRAGMA foreign_keys = OFF;
             ALTER TABLE users RENAME TO old_users;
             CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO users (id) SELECT id FROM old_users;
             DROP TABLE old_users;",
        )
        .unwrap();
        let found = dangling_references(&mut conn, &before).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("tasks.user_id refers to old_users, a table that does not exist: renaming the OLD table first"),
            "{found:?}"
        );
    }

    #[test]
    fn dropping_a_table_others_refer_to_is_not_called_a_rename() {
        let mut conn = database(TASKS);
        let before = read(&mut conn).unwrap();
        conn.batch_execute("PRAGMA foreign_keys = OFF; DROP TABLE users;")
            .unwrap();
        let found = dangling_references(&mut conn, &before).unwrap();
        assert_eq!(
            found,
            [
                "tasks.user_id refers to users, a table that does not exist: this migration \
              dropped users while tasks still refers to it; check that it drops the right \
              table, and drop a table only after the tables that refer to it"
            ]
        );
        conn.batch_execute(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES people(id));",
        )
        .unwrap();
        let found = dangling_references(&mut conn, &before).unwrap();
        assert!(
            found[0].ends_with(
                "there was no table people before this migration either; check \
                                the table named after REFERENCES"
            ),
            "{found:?}"
        );
    }
}
