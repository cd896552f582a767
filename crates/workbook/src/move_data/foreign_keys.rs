//! Foreign keys checked once, after the copy, instead of once per row: each foreign key of a
//! copied table is dropped inside the move's transaction and added again, as the catalogue
//! wrote it (`pg_get_constraintdef`: columns, referenced table, ON DELETE, MATCH, DEFERRABLE,
//! NOT VALID) and under its own name and comment, once the rows are in. Adding a foreign key
//! checks every row in one join, where a row-by-row check costs a query per row. The schema
//! after the commit is the one before; a rollback (any failure) restores the original
//! constraints themselves. Only foreign keys this role may drop and add again, that belong to
//! the table alone (not inherited, not a partition's) and whose triggers are all enabled are
//! taken: the others stay and check each row as before.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Text};

use super::target::Plan;

/// One foreign key of a copied table, as the statements that drop it and add it again (quoted
/// by the server's own `format`).
#[derive(Debug, Clone, QueryableByName)]
pub struct ForeignKey {
    /// The table it points at, as `regclass` names it (qualified off the search path).
    #[diesel(sql_type = Text)]
    pub parent: String,
    #[diesel(sql_type = Text)]
    drop: String,
    /// `ALTER TABLE ... ADD CONSTRAINT name FOREIGN KEY ...`, and its `COMMENT` when it has one.
    #[diesel(sql_type = Text)]
    add: String,
}

/// The foreign keys of the copied tables that can be checked once at the end.
pub fn of(conn: &mut PgConnection, plans: &[Plan]) -> QueryResult<Vec<ForeignKey>> {
    let tables: Vec<&str> = plans.iter().map(Plan::table).collect();
    diesel::sql_query(
        "SELECT k.confrelid::regclass::text AS parent, \
           format('ALTER TABLE %I DROP CONSTRAINT %I', c.relname, k.conname) AS drop, \
           format('ALTER TABLE %I ADD CONSTRAINT %I %s', c.relname, k.conname, \
             pg_get_constraintdef(k.oid)) || coalesce(format('; COMMENT ON CONSTRAINT %I ON %I IS %L', \
             k.conname, c.relname, obj_description(k.oid, 'pg_constraint')), '') AS add \
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
         WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace \
         AND c.relname = ANY($1) AND c.relkind = 'r' AND NOT c.relispartition \
         AND k.conislocal AND k.coninhcount = 0 AND k.conparentid = 0 \
         AND pg_has_role(c.relowner, 'USAGE') AND has_table_privilege(k.confrelid, 'REFERENCES') \
         AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgconstraint = k.oid AND t.tgenabled <> 'O') \
         ORDER BY c.relname, k.conname",
    )
    .bind::<Array<Text>, _>(tables)
    .load(conn)
}

/// Drops `keys` (their tables are locked already).
pub fn drop_all(conn: &mut PgConnection, keys: &[ForeignKey]) -> QueryResult<()> {
    keys.iter()
        .try_for_each(|key| conn.batch_execute(&key.drop))
}

/// Adds `keys` again as they were, each checking every row of its table; the first refusal
/// is PostgreSQL's foreign-key violation.
pub fn add_all(conn: &mut PgConnection, keys: &[ForeignKey]) -> QueryResult<()> {
    keys.iter().try_for_each(|key| conn.batch_execute(&key.add))
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::pg::PgConnection;
    use diesel::prelude::*;

    use super::super::move_data;
    use super::super::tests::{counts, empty, lesson07, lines, migrated_target, options};
    use crate::postgres::{catalog, cluster};

    /// The schema as the workbook's dump and as `pg_dump --schema-only` write it (sequence
    /// values aside: a move counts them on), and each foreign key's catalogue row: definition,
    /// the index it leans on, its comment, and its triggers with their functions and states.
    fn schema(pg: &mut PgConnection, url: &str) -> (String, String, Vec<String>) {
        let dump: String = catalog::dump(pg)
            .unwrap()
            .lines()
            .map(|l| l.split(" -- last value ").next().unwrap_or(l).to_string() + "\n")
            .collect();
        // Beside the server program itself (PATH may hold links to it alone).
        let server = cluster::server_programs().unwrap().join("postgres");
        let bin = server
            .canonicalize()
            .unwrap()
            .parent()
            .unwrap()
            .to_path_buf();
        let pg_dump = std::process::Command::new(bin.join("pg_dump"))
            .args(["--schema-only", "--no-owner", "-d", url])
            .output()
            .unwrap();
        assert!(pg_dump.status.success(), "{pg_dump:?}");
        // pg_dump 15.14 and later fence its output with a random key.
        let pg_dump: String = String::from_utf8(pg_dump.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
            .map(|l| format!("{l}\n"))
            .collect();
        let keys = lines(
            pg,
            "SELECT concat_ws(' | ', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid), \
               k.conindid::regclass, obj_description(k.oid, 'pg_constraint'), \
               (SELECT string_agg(concat_ws(' ', t.tgrelid::regclass, t.tgfoid::regproc, t.tgtype, \
                  t.tgenabled, t.tgdeferrable, t.tginitdeferred), ', ' \
                  ORDER BY t.tgrelid::regclass::text, t.tgfoid::regproc::text, t.tgtype) \
                FROM pg_trigger t WHERE t.tgconstraint = k.oid)) AS line \
             FROM pg_constraint k WHERE k.contype = 'f' ORDER BY 1",
        );
        (dump, pg_dump, keys)
    }

    #[test]
    fn move_data_checks_foreign_keys_at_the_end_and_leaves_them_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let source = lesson07(dir.path(), "todo.db", "");
        let (scratch, mut pg) = migrated_target();
        pg.batch_execute("COMMENT ON CONSTRAINT fk_tasks_user_id ON tasks IS 'the task''s owner'")
            .unwrap();
        let before = schema(&mut pg, &scratch.url);
        assert_eq!(before.2.len(), 5, "{:#?}", before.2);
        assert!(
            before.2.iter().any(|k| k.contains("the task's owner")),
            "{:#?}",
            before.2
        );

        move_data(&source, &mut pg, &options(false)).unwrap();
        assert_eq!(schema(&mut pg, &scratch.url), before);
        // And they hold: a link to a tag that is not there is refused.
        let refused = pg
            .batch_execute("INSERT INTO task_tags (task_id, tag_id) VALUES (7, 99)")
            .unwrap_err()
            .to_string();
        assert!(refused.contains("fk_task_tags_tag_id"), "{refused}");
    }

    #[test]
    fn move_data_names_the_row_a_foreign_key_refuses_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // A link to a tag that is not there, written with SQLite's checks off.
        let source = lesson07(
            dir.path(),
            "orphan.db",
            "PRAGMA foreign_keys = OFF; INSERT INTO task_tags (task_id, tag_id) VALUES (2, 99);",
        );
        let (scratch, mut pg) = migrated_target();
        let before = schema(&mut pg, &scratch.url);
        let message = move_data(&source, &mut pg, &options(false))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(
                "PostgreSQL refuses task_tags row task_id 2, tag_id 99: insert or update on \
                 table \"task_tags\" violates foreign key constraint \"fk_task_tags_tag_id\""
            ),
            "{message}"
        );
        assert!(message.ends_with("nothing was copied"), "{message}");
        assert_eq!(counts(&mut pg), empty());
        assert_eq!(schema(&mut pg, &scratch.url), before);
    }
    #[test]
    fn move_data_by_a_role_that_may_not_drop_the_keys_leaves_them_checking_row_by_row() {
        let dir = tempfile::tempdir().unwrap();
        let source = lesson07(dir.path(), "todo.db", "");
        let (scratch, mut admin) = migrated_target();
        // Allowed to fill the tables (LOCK ... EXCLUSIVE asks for UPDATE), not to alter them.
        let role = format!("mover_{}", std::process::id());
        admin
            .batch_execute(&format!(
                "CREATE ROLE {role} LOGIN; \
                 GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {role}; \
                 GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};"
            ))
            .unwrap();
        let before = schema(&mut admin, &scratch.url);
        let (scheme, rest) = scratch.url.split_once("://").unwrap();
        let (_, host) = rest.split_once('@').unwrap();
        let mut mover = PgConnection::establish(&format!("{scheme}://{role}@{host}")).unwrap();
        let moved = move_data(&source, &mut mover, &options(false)).map(|m| m.rows());
        drop(mover);
        let after = schema(&mut admin, &scratch.url);
        admin
            .batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role};"))
            .unwrap();
        assert_eq!(moved.map_err(|e| e.to_string()), Ok(14));
        assert_eq!(after, before);
    }
}
