//! What each statement of a migration does on a real server, seen from the catalogue inside the
//! migration's own transaction: the locks it takes on tables that already held rows, the tables
//! and indexes it rewrites (`pg_class.relfilenode` changes), the constraints it validates by
//! scanning, the NOT NULLs it sets on existing columns, and whether a `lock_timeout` was in
//! force. Every table made before the migration is watched, whether or not the scratch
//! database holds rows in it (in production it does); tables made in the same migration are not:
//! blocking them blocks nobody. Locks taken by earlier statements of the same transaction are
//! remembered, so a scan done while one is still held shows.

use std::collections::{BTreeMap, BTreeSet};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Integer, Oid, Text};

use super::split::Statement;

/// A table-level lock mode, weakest first, as `pg_locks.mode` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lock {
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

impl Lock {
    fn from_mode(mode: &str) -> Option<Lock> {
        Some(match mode {
            "AccessShareLock" => Lock::AccessShare,
            "RowShareLock" => Lock::RowShare,
            "RowExclusiveLock" => Lock::RowExclusive,
            "ShareUpdateExclusiveLock" => Lock::ShareUpdateExclusive,
            "ShareLock" => Lock::Share,
            "ShareRowExclusiveLock" => Lock::ShareRowExclusive,
            "ExclusiveLock" => Lock::Exclusive,
            "AccessExclusiveLock" => Lock::AccessExclusive,
            _ => return None,
        })
    }

    /// The lock as the documentation writes it: `ACCESS EXCLUSIVE`.
    pub fn name(self) -> &'static str {
        match self {
            Lock::AccessShare => "ACCESS SHARE",
            Lock::RowShare => "ROW SHARE",
            Lock::RowExclusive => "ROW EXCLUSIVE",
            Lock::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            Lock::Share => "SHARE",
            Lock::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            Lock::Exclusive => "EXCLUSIVE",
            Lock::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    /// The lock with its article, as a sentence says it: `an ACCESS EXCLUSIVE lock`.
    pub fn a(self) -> String {
        let article = if matches!(
            self,
            Lock::AccessShare | Lock::AccessExclusive | Lock::Exclusive
        ) {
            "an"
        } else {
            "a"
        };
        format!("{article} {} lock", self.name())
    }

    /// What the app can no longer do while the lock is held: `None` when it blocks neither
    /// reads nor writes.
    pub fn blocks(self) -> Option<&'static str> {
        match self {
            Lock::AccessExclusive => Some("reads and writes"),
            Lock::Share | Lock::ShareRowExclusive | Lock::Exclusive => Some("writes"),
            _ => None,
        }
    }
}

/// What one statement did to the tables that existed before its migration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effect {
    /// The strongest new lock on each watched table.
    pub locks: BTreeMap<String, Lock>,
    /// Watched tables rewritten, or with an index rewritten (`table` or `table (index)`).
    pub rewritten: Vec<String>,
    /// Constraints added already validated (each row checked under the lock): `(table, name,
    /// kind)`, kind as `pg_constraint.contype` (`f` foreign key, `c` check, `u` unique, `p`
    /// primary key).
    pub validated: Vec<(String, String, char)>,
    /// Existing columns of watched tables made NOT NULL by scanning every row (no validated
    /// `CHECK (column IS NOT NULL)` proved it first): `table.column`.
    pub not_null_set: Vec<String>,
    /// Columns added NOT NULL with no default (nor identity, nor generated) to watched tables:
    /// `table.column`. Such an ADD fails on a table with rows.
    pub added_not_null: Vec<String>,
    /// Constraints made valid by scanning every row (`VALIDATE CONSTRAINT`): `(table, name)`.
    pub revalidated: Vec<(String, String)>,
    /// Locks earlier statements of the same transaction took and still hold: table → (the
    /// strongest lock, the line of the statement that took it).
    pub held: BTreeMap<String, (Lock, usize)>,
    /// A `lock_timeout` was in force when the statement ran.
    pub lock_timeout: bool,
}

/// The tables that existed before a migration, watched while it runs.
pub struct Watch {
    tables: Vec<u32>,
    /// The locks the open transaction's earlier statements took.
    held: BTreeMap<String, (Lock, usize)>,
}

#[derive(QueryableByName)]
struct Relation {
    #[diesel(sql_type = Oid)]
    oid: u32,
    #[diesel(sql_type = Text)]
    name: String,
}

impl Watch {
    /// Watches `tables` (names as `catalog::rows` gives them): the ones made before the
    /// migration.
    pub fn of(conn: &mut PgConnection, tables: &[&str]) -> QueryResult<Watch> {
        #[derive(QueryableByName)]
        struct Table {
            #[diesel(sql_type = Oid)]
            oid: u32,
        }
        let found: Vec<Table> =
            diesel::sql_query("SELECT unnest($1::text[])::regclass::oid AS oid")
                .bind::<Array<Text>, _>(tables)
                .load(conn)?;
        Ok(Watch {
            tables: found.into_iter().map(|t| t.oid).collect(),
            held: BTreeMap::new(),
        })
    }

    /// Runs `statement` in the open transaction and says what it did; the error is the
    /// server's.
    pub fn run(&mut self, conn: &mut PgConnection, statement: &Statement) -> QueryResult<Effect> {
        if self.tables.is_empty() {
            conn.batch_execute(&statement.text)?;
            return Ok(Effect::default());
        }
        let before = Seen::read(conn, &self.tables)?;
        conn.batch_execute(&statement.text)?;
        let after = Seen::read(conn, &self.tables)?;
        let mut effect = before.compared_with(&after);
        effect.held = self.held.clone();
        for (table, lock) in &effect.locks {
            let taken = self
                .held
                .entry(table.clone())
                .or_insert((*lock, statement.line));
            if *lock > taken.0 {
                *taken = (*lock, statement.line);
            }
        }
        Ok(effect)
    }

    /// Runs `statement` as a transaction of its own, so that its locks are read before they
    /// are released; a statement that cannot run inside a transaction block (`CREATE INDEX
    /// CONCURRENTLY`, `VACUUM`, ...) runs as it is, its effects unseen (it takes no lock that
    /// blocks reads or writes).
    pub fn run_alone(
        &mut self,
        conn: &mut PgConnection,
        statement: &Statement,
    ) -> QueryResult<Effect> {
        conn.batch_execute("BEGIN")?;
        let ran = self.run(conn, statement);
        self.end_transaction();
        match ran {
            Ok(effect) => conn.batch_execute("COMMIT").map(|()| effect),
            Err(error) => {
                let _ = conn.batch_execute("ROLLBACK");
                if !error
                    .to_string()
                    .contains("cannot run inside a transaction block")
                {
                    return Err(error);
                }
                conn.batch_execute(&statement.text)?;
                Ok(Effect::default())
            }
        }
    }

    /// The transaction ended: the locks it held are released.
    pub fn end_transaction(&mut self) {
        self.held.clear();
    }
}

/// The watched tables' state at one moment.
struct Seen {
    names: BTreeMap<u32, String>,
    /// Every lock held: `(relation, its table, mode)` (one transaction may hold several modes
    /// on one relation, and a weaker one taken after a stronger one still shows).
    locks: BTreeSet<(u32, u32, Lock)>,
    files: BTreeMap<u32, (u32, String)>,
    /// `(oid, table, name, kind, validated)`: by oid, so that renaming a table or a
    /// constraint is not taken for adding one.
    constraints: BTreeSet<(u32, String, String, char, bool)>,
    not_null: BTreeSet<String>,
    /// Every column, as `(table oid, attnum)`, and those NOT NULL with nothing to fill them.
    columns: BTreeSet<(u32, i32)>,
    bare_not_null: BTreeMap<(u32, i32), String>,
    /// `table.column` that a validated `CHECK (column IS NOT NULL)` already proves, so that
    /// SET NOT NULL skips its scan.
    proven_not_null: BTreeSet<String>,
    lock_timeout: bool,
}

impl Seen {
    fn read(conn: &mut PgConnection, tables: &[u32]) -> QueryResult<Seen> {
        let names: Vec<Relation> = diesel::sql_query(
            "SELECT oid, oid::regclass::text AS name FROM pg_class WHERE oid = ANY($1)",
        )
        .bind::<Array<Oid>, _>(tables)
        .load(conn)?;
        #[derive(QueryableByName)]
        struct Held {
            #[diesel(sql_type = Oid)]
            relation: u32,
            #[diesel(sql_type = Oid)]
            table: u32,
            #[diesel(sql_type = Text)]
            mode: String,
        }
        let held: Vec<Held> = diesel::sql_query(
            "SELECT l.relation, coalesce(i.indrelid, l.relation) AS table, l.mode FROM pg_locks l \
             LEFT JOIN pg_index i ON i.indexrelid = l.relation \
             WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted \
             AND coalesce(i.indrelid, l.relation) = ANY($1)",
        )
        .bind::<Array<Oid>, _>(tables)
        .load(conn)?;
        let locks = held
            .into_iter()
            .filter_map(|h| Some((h.relation, h.table, Lock::from_mode(&h.mode)?)))
            .collect();
        #[derive(QueryableByName)]
        struct File {
            #[diesel(sql_type = Oid)]
            oid: u32,
            #[diesel(sql_type = Oid)]
            file: u32,
            #[diesel(sql_type = Text)]
            what: String,
        }
        let files: Vec<File> = diesel::sql_query(
            "SELECT c.oid, c.relfilenode AS file, CASE WHEN i.indrelid IS NULL \
             THEN c.oid::regclass::text ELSE i.indrelid::regclass::text || ' (' || c.relname || ')' END AS what \
             FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid \
             WHERE c.oid = ANY($1) OR i.indrelid = ANY($1)",
        )
        .bind::<Array<Oid>, _>(tables)
        .load(conn)?;
        #[derive(QueryableByName)]
        struct Constraint {
            #[diesel(sql_type = Oid)]
            oid: u32,
            #[diesel(sql_type = Text)]
            table: String,
            #[diesel(sql_type = Text)]
            name: String,
            #[diesel(sql_type = Text)]
            kind: String,
            #[diesel(sql_type = Bool)]
            valid: bool,
            #[diesel(sql_type = Text)]
            definition: String,
        }
        let constraints: Vec<Constraint> = diesel::sql_query(
            "SELECT oid, conrelid::regclass::text AS table, conname AS name, contype::text AS kind, \
             convalidated AS valid, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = ANY($1) OR confrelid = ANY($1)",
        )
        .bind::<Array<Oid>, _>(tables)
        .load(conn)?;
        #[derive(QueryableByName)]
        struct Column {
            #[diesel(sql_type = Oid)]
            table: u32,
            #[diesel(sql_type = Integer)]
            number: i32,
            #[diesel(sql_type = Text)]
            name: String,
            #[diesel(sql_type = Integer)]
            not_null: i32,
            #[diesel(sql_type = Bool)]
            bare: bool,
        }
        let columns: Vec<Column> = diesel::sql_query(
            "SELECT attrelid AS table, attnum::int AS number, \
             attrelid::regclass::text || '.' || attname AS name, attnotnull::int AS not_null, \
             attnotnull AND NOT atthasdef AND attidentity = '' AND attgenerated = '' AS bare \
             FROM pg_attribute WHERE attrelid = ANY($1) AND attnum > 0 AND NOT attisdropped",
        )
        .bind::<Array<Oid>, _>(tables)
        .load(conn)?;
        #[derive(QueryableByName)]
        struct Setting {
            #[diesel(sql_type = Text)]
            value: String,
        }
        let timeout: Setting = diesel::sql_query("SELECT current_setting('lock_timeout') AS value")
            .get_result(conn)?;
        let proven_not_null = constraints
            .iter()
            .filter(|c| c.valid && c.kind == "c")
            .filter_map(|c| {
                let column = c
                    .definition
                    .strip_prefix("CHECK ((")?
                    .strip_suffix(" IS NOT NULL))")?;
                Some(format!("{}.{column}", c.table))
            })
            .collect();
        Ok(Seen {
            names: names.into_iter().map(|r| (r.oid, r.name)).collect(),
            proven_not_null,
            locks,
            files: files
                .into_iter()
                .map(|f| (f.oid, (f.file, f.what)))
                .collect(),
            constraints: constraints
                .into_iter()
                .map(|c| {
                    (
                        c.oid,
                        c.table,
                        c.name,
                        c.kind.chars().next().unwrap_or('?'),
                        c.valid,
                    )
                })
                .collect(),
            bare_not_null: columns
                .iter()
                .filter(|c| c.bare)
                .map(|c| ((c.table, c.number), c.name.clone()))
                .collect(),
            columns: columns.iter().map(|c| (c.table, c.number)).collect(),
            not_null: columns
                .into_iter()
                .map(|c| format!("{}{}", if c.not_null == 1 { "+" } else { "-" }, c.name))
                .collect(),
            lock_timeout: timeout.value != "0",
        })
    }

    /// What changed from `self` to `after`.
    fn compared_with(&self, after: &Seen) -> Effect {
        let name = |oid: &u32| {
            after
                .names
                .get(oid)
                .or(self.names.get(oid))
                .cloned()
                .unwrap_or_default()
        };
        // A lock on an index made by this statement blocks nobody: no one else knows it yet.
        let mut locks: BTreeMap<String, Lock> = BTreeMap::new();
        for held @ (relation, table, lock) in &after.locks {
            let known = relation == table || self.files.contains_key(relation);
            if known && !self.locks.contains(held) {
                let strongest = locks.entry(name(table)).or_insert(*lock);
                *strongest = (*strongest).max(*lock);
            }
        }
        let rewritten = after
            .files
            .iter()
            .filter(|(oid, (file, _))| self.files.get(oid).is_some_and(|(had, _)| had != file))
            .map(|(_, (_, what))| what.clone())
            .collect();
        let validated = after
            .constraints
            .iter()
            .filter(|c| c.4 && after.names.values().any(|watched| *watched == c.1))
            // A type change rebuilds a table's constraints under new oids: same table, name
            // and kind is the same constraint, checked again by the rewrite (table-rewrite).
            .filter(|c| {
                !self
                    .constraints
                    .iter()
                    .any(|b| b.0 == c.0 || (b.1 == c.1 && b.2 == c.2 && b.3 == c.3))
            })
            .map(|(_, table, name, kind, _)| (table.clone(), name.clone(), *kind))
            .collect();
        let added_not_null = after
            .bare_not_null
            .iter()
            .filter(|(column, _)| !self.columns.contains(column))
            .map(|(_, name)| name.clone())
            .collect();
        let revalidated = after
            .constraints
            .iter()
            .filter(|c| c.4 && self.constraints.iter().any(|b| b.0 == c.0 && !b.4))
            .map(|(_, table, name, _, _)| (table.clone(), name.clone()))
            .collect();
        let not_null_set = after
            .not_null
            .iter()
            .filter_map(|c| c.strip_prefix('+'))
            .filter(|c| self.not_null.contains(&format!("-{c}")))
            .filter(|c| !self.proven_not_null.contains(*c))
            .map(str::to_string)
            .collect();
        Effect {
            locks,
            rewritten,
            validated,
            not_null_set,
            added_not_null,
            revalidated,
            held: BTreeMap::new(),
            lock_timeout: self.lock_timeout,
        }
    }
}

#[cfg(test)]
mod tests;
