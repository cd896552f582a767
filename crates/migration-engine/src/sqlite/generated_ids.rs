//! Rows compared by what they hold, not by the numbers SQLite hands out: an `INTEGER PRIMARY
//! KEY AUTOINCREMENT` never gives a number twice, so a second up (or a down and an up) that
//! inserts the same rows gives them other ids. Such an id is left out of a row's line, and so
//! is every foreign key pointing at it (the same row can point at another number): each row is
//! still compared by every other value, and a row lost or added still shows.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel::sqlite::SqliteConnection;

/// Each table's columns, in order, each with the SQL that shows its value.
pub type Values = BTreeMap<String, Vec<(String, String)>>;

/// `values` with every generated id, and every reference to one, left out: each table's SQL
/// expressions, in column order.
pub fn by_identity(
    conn: &mut SqliteConnection,
    values: &Values,
) -> QueryResult<BTreeMap<String, Vec<String>>> {
    let generated = Generated::read(conn)?;
    Ok(values
        .iter()
        .map(|(table, columns)| {
            let line = columns
                .iter()
                .map(|(column, value)| match generated.left_out(table, column) {
                    true => "'generated'".to_string(),
                    false => value.clone(),
                })
                .collect();
            (table.clone(), line)
        })
        .collect())
}

struct Generated {
    /// Table to its AUTOINCREMENT column.
    ids: BTreeMap<String, String>,
    /// (table, column) pointing at a generated id.
    references: BTreeSet<(String, String)>,
}

impl Generated {
    fn read(conn: &mut SqliteConnection) -> QueryResult<Self> {
        #[derive(QueryableByName)]
        struct Id {
            #[diesel(sql_type = Text)]
            table: String,
            #[diesel(sql_type = Text)]
            column: String,
        }
        #[derive(QueryableByName)]
        struct Reference {
            #[diesel(sql_type = Text)]
            table: String,
            #[diesel(sql_type = Text)]
            column: String,
            #[diesel(sql_type = Text)]
            parent: String,
            #[diesel(sql_type = Nullable<Text>)]
            to: Option<String>,
        }
        // AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY: the table's one key column.
        let ids: BTreeMap<String, String> = diesel::sql_query(
            "SELECT m.name AS \"table\", p.name AS \"column\" \
             FROM sqlite_schema m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND upper(m.sql) LIKE '%AUTOINCREMENT%' AND p.pk = 1",
        )
        .load::<Id>(conn)?
        .into_iter()
        .map(|id| (id.table, id.column))
        .collect();
        if ids.is_empty() {
            return Ok(Generated {
                ids,
                references: BTreeSet::new(),
            });
        }
        let references = diesel::sql_query(
            "SELECT m.name AS \"table\", f.\"from\" AS \"column\", f.\"table\" AS parent, \
             f.\"to\" AS \"to\" \
             FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table'",
        )
        .load::<Reference>(conn)?
        .into_iter()
        .filter_map(|r| {
            let (_, id) = ids
                .iter()
                .find(|(table, _)| table.eq_ignore_ascii_case(&r.parent))?;
            let to_the_id = r.to.as_ref().is_none_or(|to| to.eq_ignore_ascii_case(id));
            to_the_id.then_some((r.table, r.column))
        })
        .collect();
        Ok(Generated { ids, references })
    }

    /// Whether `table.column` is a generated id or points at one.
    fn left_out(&self, table: &str, column: &str) -> bool {
        self.ids.get(table).is_some_and(|id| id == column)
            || self
                .references
                .contains(&(table.to_string(), column.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;

    use crate::sqlite::schema::rows_masked;

    fn rows(conn: &mut SqliteConnection) -> crate::rows::Rows {
        rows_masked(conn, &|_, _| false).unwrap()
    }

    #[test]
    fn the_same_rows_under_new_autoincrement_ids_are_the_same_and_a_lost_or_changed_row_is_not() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(
            "CREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL, title TEXT NOT NULL);
             CREATE TABLE timeline (id INTEGER PRIMARY KEY AUTOINCREMENT, post_id INTEGER
               NOT NULL REFERENCES posts (id), kind TEXT NOT NULL);
             CREATE TABLE seen (id INTEGER PRIMARY KEY, timeline_id INTEGER REFERENCES timeline);
             INSERT INTO posts VALUES (1, 'a'), (2, 'b');
             INSERT INTO timeline (post_id, kind) SELECT id, 'all' FROM posts;
             INSERT INTO seen (timeline_id) SELECT id FROM timeline;",
        )
        .unwrap();
        let first = rows(&mut conn);
        assert_eq!(
            first["timeline"],
            ["generated, 1, 'all'", "generated, 2, 'all'"]
        );
        // The key of a table without AUTOINCREMENT is compared as it is.
        assert_eq!(first["seen"], ["1, generated", "2, generated"]);
        let again = "DELETE FROM seen; DELETE FROM timeline;
             INSERT INTO timeline (post_id, kind) SELECT id, 'all' FROM posts;
             INSERT INTO seen (id, timeline_id) SELECT id - 2, id FROM timeline;";
        conn.batch_execute(again).unwrap();
        assert_eq!(rows(&mut conn), first);
        conn.batch_execute(
            "DELETE FROM seen WHERE timeline_id IN (SELECT id FROM timeline WHERE post_id = 2);
             DELETE FROM timeline WHERE post_id = 2;",
        )
        .unwrap();
        assert_ne!(rows(&mut conn)["timeline"], first["timeline"]);
        conn.batch_execute("INSERT INTO timeline (post_id, kind) VALUES (1, 'all');")
            .unwrap();
        assert_ne!(rows(&mut conn)["timeline"], first["timeline"]);
    }
}
