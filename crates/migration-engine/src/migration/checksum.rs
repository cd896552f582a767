//! Edited-migration detection. Diesel records which versions ran, not what they said, so a
//! migration edited after it was applied goes unnoticed. The workbook also records, when it
//! applies a migration, a checksum of its `up.sql` and `down.sql` and the text of both, and
//! compares them with the files later. Only the SQL counts: comments, whitespace and line
//! endings do not. Migrations applied without a checksum (by the real diesel CLI, or before
//! this table existed) are never reported. The comparison, the advice and the test of an
//! up.sql that holds no SQL are shared with PostgreSQL (`postgres::checksum` keeps its table).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use diesel::connection::SimpleConnection;
use diesel::migration::Migration;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::sqlite::{Sqlite, SqliteConnection};

use crate::migration::{self, Migrations};
use crate::sqlite::sql;

/// The workbook's bookkeeping table: one row per migration it applied, with its checksum and
/// the text it was applied with. Its `__` prefix keeps it out of `diesel print-schema`, and
/// `schema::is_internal` keeps it out of the workbook's dumps.
pub const CHECKSUM_TABLE: &str = "__workbook_migration_checksums";

/// A migration folder's `up.sql` and `down.sql` (a missing `down.sql` reads as empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    pub up: String,
    pub down: String,
}

impl Files {
    /// The files of the migration folder `folder`; `None` when `up.sql` cannot be read.
    pub fn read(folder: &Path) -> Option<Files> {
        Some(Files {
            up: std::fs::read_to_string(folder.join("up.sql")).ok()?,
            down: std::fs::read_to_string(folder.join("down.sql")).unwrap_or_default(),
        })
    }

    /// The checksum of the SQL the files hold, comments and spacing left out. Remembered by
    /// the texts (reading the SQL is most of a step's own work, and a check applies the same
    /// files dozens of times), so an edited file is read afresh.
    pub fn checksum(&self) -> String {
        static KNOWN: Mutex<BTreeMap<(String, String), String>> = Mutex::new(BTreeMap::new());
        let key = (self.up.clone(), self.down.clone());
        if let Some(known) = KNOWN.lock().ok().and_then(|known| known.get(&key).cloned()) {
            return known;
        }
        let checksum = format!(
            "{SQL_ONLY}{:016x}",
            fnv1a(&sql::normalize(&self.up), &sql::normalize(&self.down))
        );
        if let Ok(mut known) = KNOWN.lock() {
            // A bound on what a long session (`course watch`, many edits) keeps.
            if known.len() >= 4_096 {
                known.clear();
            }
            known.insert(key, checksum.clone());
        }
        checksum
    }

    /// Whether up.sql holds nothing but comments and spacing (a starter's TODO): such a
    /// migration is refused by `migration run` rather than recorded as applied.
    pub fn up_holds_no_sql(&self) -> bool {
        sql::normalize(&self.up)
            .split(';')
            .all(|piece| piece.trim().is_empty())
    }

    /// Whether the files still match a recorded checksum. Checksums recorded by earlier
    /// versions of the workbook (`fnv1a64:`) covered the text itself, line endings aside.
    fn match_checksum(&self, recorded: &str) -> bool {
        match recorded.strip_prefix(WHOLE_TEXT) {
            Some(hex) => {
                let crlf = |text: &str| text.replace("\r\n", "\n");
                format!("{:016x}", fnv1a(&crlf(&self.up), &crlf(&self.down))) == hex
            }
            None => recorded == self.checksum(),
        }
    }
}

const SQL_ONLY: &str = "fnv1a64-sql:";
const WHOLE_TEXT: &str = "fnv1a64:";

/// 64-bit FNV-1a over both texts: small, stable across versions and platforms, and enough to
/// notice an edit (this guards against mistakes, not against an attacker). 0xFF never occurs
/// in UTF-8, so moving text from one file to the other changes the sum.
fn fnv1a(up: &str, down: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in up.bytes().chain([0xFF]).chain(down.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Records the files `version` was applied with.
pub fn record(conn: &mut SqliteConnection, version: &str, files: &Files) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {CHECKSUM_TABLE} \
         (version TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL, up_sql TEXT, down_sql TEXT)"
    ))?;
    // A table made by an earlier version of the workbook has no copy of the text yet.
    let has_text: i64 = diesel::dsl::sql::<BigInt>(&format!(
        "SELECT count(*) FROM pragma_table_info('{CHECKSUM_TABLE}') WHERE name = 'up_sql'"
    ))
    .get_result(conn)?;
    if has_text == 0 {
        conn.batch_execute(&format!(
            "ALTER TABLE {CHECKSUM_TABLE} ADD COLUMN up_sql TEXT; \
             ALTER TABLE {CHECKSUM_TABLE} ADD COLUMN down_sql TEXT;"
        ))?;
    }
    diesel::sql_query(format!(
        "INSERT OR REPLACE INTO {CHECKSUM_TABLE} (version, checksum, up_sql, down_sql) \
         VALUES (?, ?, ?, ?)"
    ))
    .bind::<Text, _>(version)
    .bind::<Text, _>(files.checksum())
    .bind::<Text, _>(&files.up)
    .bind::<Text, _>(&files.down)
    .execute(conn)
    .map(|_| ())
}

/// Forgets the checksum of a reverted `version`.
pub fn forget(conn: &mut SqliteConnection, version: &str) -> QueryResult<()> {
    if !crate::sqlite::schema::has_table(conn, CHECKSUM_TABLE)? {
        return Ok(());
    }
    diesel::sql_query(format!("DELETE FROM {CHECKSUM_TABLE} WHERE version = ?"))
        .bind::<Text, _>(version)
        .execute(conn)
        .map(|_| ())
}

/// What was recorded of one applied migration: its checksum, and its files when this version
/// of the workbook applied it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub checksum: String,
    pub files: Option<Files>,
}

/// One recorded row as both backends read it: `version, checksum, up_sql, down_sql`.
#[derive(QueryableByName)]
pub struct RecordedRow {
    #[diesel(sql_type = Text)]
    version: String,
    #[diesel(sql_type = Text)]
    checksum: String,
    #[diesel(sql_type = Nullable<Text>)]
    up_sql: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    down_sql: Option<String>,
}

/// The recorded checksums by version, from the rows read.
pub fn by_version(rows: Vec<RecordedRow>) -> BTreeMap<String, Recorded> {
    rows.into_iter()
        .map(|r| {
            let files = r.up_sql.map(|up| Files {
                up,
                down: r.down_sql.unwrap_or_default(),
            });
            let recorded = Recorded {
                checksum: r.checksum,
                files,
            };
            (r.version, recorded)
        })
        .collect()
}

/// The recorded checksums by version; empty for a database that has none.
pub fn recorded(conn: &mut SqliteConnection) -> QueryResult<BTreeMap<String, Recorded>> {
    if !crate::sqlite::schema::has_table(conn, CHECKSUM_TABLE)? {
        return Ok(BTreeMap::new());
    }
    let columns: i64 = diesel::dsl::sql::<BigInt>(&format!(
        "SELECT count(*) FROM pragma_table_info('{CHECKSUM_TABLE}') WHERE name = 'up_sql'"
    ))
    .get_result(conn)?;
    let text = if columns == 0 {
        "NULL AS up_sql, NULL AS down_sql"
    } else {
        "up_sql, down_sql"
    };
    let rows: Vec<RecordedRow> = diesel::sql_query(format!(
        "SELECT version, checksum, {text} FROM {CHECKSUM_TABLE}"
    ))
    .load(conn)?;
    Ok(by_version(rows))
}

/// An applied migration whose files no longer match what it was applied with.
pub struct Edited<'m, M: ?Sized> {
    pub migration: &'m M,
    /// What changed, in words, when the text it was applied with is known.
    pub change: Option<String>,
}

/// The applied SQLite migrations whose files no longer match the checksum recorded when they
/// were applied, oldest first.
pub fn edited<'m>(
    conn: &mut SqliteConnection,
    migrations: &'m Migrations,
) -> QueryResult<Vec<Edited<'m, dyn Migration<Sqlite> + 'm>>> {
    let recorded = recorded(conn)?;
    let applied = migration::applied(conn)?;
    Ok(compare(
        &recorded,
        &applied,
        migrations
            .iter()
            .map(|m| (m, migration::version(m), migrations.folder(m))),
    ))
}

/// Of `migrations` (each with its version and folder), the applied ones whose files no
/// longer match the checksum `recorded` for them, oldest first. A migration with no recorded
/// checksum, or whose files cannot be read, is not reported.
pub fn compare<'m, M: ?Sized + 'm>(
    recorded: &BTreeMap<String, Recorded>,
    applied: &[String],
    migrations: impl IntoIterator<Item = (&'m M, String, PathBuf)>,
) -> Vec<Edited<'m, M>> {
    migrations
        .into_iter()
        .filter_map(|(m, version, folder)| {
            let then = recorded
                .get(&version)
                .filter(|_| applied.contains(&version))?;
            let now = Files::read(&folder)?;
            if now.match_checksum(&then.checksum) {
                return None;
            }
            let change = then.files.as_ref().map(|before| change(before, &now));
            Some(Edited {
                migration: m,
                change,
            })
        })
        .collect()
}

/// What to do about an applied migration edited since: make the database match the files,
/// which stay as the student wrote them. `back_to` is the full name of the migration before
/// it (`None` when it is the first), `again` how to start the database again from nothing.
pub fn advice(change: Option<&str>, back_to: Option<&str>, again: &str) -> String {
    let change = match change {
        Some(change) => format!("{change}; "),
        None => String::new(),
    };
    let revert = match back_to {
        Some(name) => format!("`migration revert --to {name}`"),
        None => "`migration revert --all`".to_string(),
    };
    format!(
        "{change}to make the database match the files, revert it and the migrations after it \
         ({revert}), then `migration run`; if a revert fails, {again}"
    )
}

/// The first difference between the SQL a migration was applied with and its files now, in
/// words: `up.sql now says `…` where it said `…``.
fn change(before: &Files, now: &Files) -> String {
    let files = [
        ("up.sql", &before.up, &now.up),
        ("down.sql", &before.down, &now.down),
    ];
    for (file, then, now) in files {
        let (then, now) = (sql::normalize(then), sql::normalize(now));
        if then != now {
            return format!("{file} {}", difference(&then, &now));
        }
    }
    "only its comments or spacing changed".to_string()
}

/// Where two texts differ, as the words around the change.
fn difference(then: &str, now: &str) -> String {
    let a: Vec<&str> = then.split_whitespace().collect();
    let b: Vec<&str> = now.split_whitespace().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let quote = |words: &[&str]| {
        let more = if words.len() > 12 { " …" } else { "" };
        format!("`{}{more}`", words[..words.len().min(12)].join(" "))
    };
    let context = &a[prefix.saturating_sub(3)..prefix];
    let after = if context.is_empty() {
        "at the start".to_string()
    } else {
        format!("after {}", quote(context))
    };
    let (old, new) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    match (old.is_empty(), new.is_empty()) {
        (true, _) => format!("adds {} {after}", quote(new)),
        (_, true) => format!("no longer has {} {after}", quote(old)),
        _ => format!(
            "now says {} where it said {} ({after})",
            quote(new),
            quote(old)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(up: &str, down: &str) -> Files {
        Files {
            up: up.to_string(),
            down: down.to_string(),
        }
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // FNV-1a of "" followed by 0xFF and "" is the hash of the single byte 0xFF.
        let single = |byte: u8| {
            (0xcbf2_9ce4_8422_2325_u64 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        };
        assert_eq!(fnv1a("", ""), single(0xFF));
        // "a" then 0xFF: the published vector for "a" carried one byte further.
        let a = 0xaf63_dc4c_8601_ec8c_u64;
        assert_eq!(
            fnv1a("a", ""),
            (a ^ 0xFF).wrapping_mul(0x0000_0100_0000_01b3)
        );
    }

    #[test]
    fn comments_spacing_and_line_endings_are_not_edits_but_sql_is() {
        let original = files("CREATE TABLE t (x);\n", "DROP TABLE t;\n");
        let sum = original.checksum();
        for same in [
            files("-- the table\nCREATE TABLE t (x);\r\n", "DROP TABLE t;"),
            files(
                "CREATE   TABLE t (\n  x\n); /* note */",
                "DROP TABLE t;\n\n",
            ),
        ] {
            assert!(same.match_checksum(&sum), "{same:?}");
        }
        for edited in [
            files("CREATE TABLE t (y);", "DROP TABLE t;"),
            files("CREATE TABLE t (x); DROP TABLE t;", ""),
            files(
                "CREATE TABLE t (x DEFAULT '-- not a comment');",
                "DROP TABLE t;",
            ),
        ] {
            assert!(!edited.match_checksum(&sum), "{edited:?}");
        }
        assert_eq!(Files::read(Path::new("/no/such/folder")), None);
    }

    #[test]
    fn checksums_recorded_by_earlier_versions_still_match_their_text() {
        let text = files("CREATE TABLE t (x);\n", "DROP TABLE t;\n");
        let old = format!("fnv1a64:{:016x}", fnv1a(&text.up, &text.down));
        assert!(text.match_checksum(&old));
        assert!(files("CREATE TABLE t (x);\r\n", "DROP TABLE t;\r\n").match_checksum(&old));
        assert!(!files("CREATE TABLE t (y);\n", "DROP TABLE t;\n").match_checksum(&old));
    }

    #[test]
    fn what_changed_is_said_in_words() {
        let before = files(
            "CREATE TABLE task (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES user(id));",
            "DROP TABLE task;",
        );
        let added = files(
            "CREATE TABLE task (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES user(id), done BOOLEAN);",
            "DROP TABLE task;",
        );
        assert_eq!(
            change(&before, &added),
            "up.sql now says `user(id), done BOOLEAN` where it said `user(id)` (after `user_id \
             INTEGER REFERENCES`)"
        );
        let renamed = files(
            &before.up.replace("user_id", "owner_id"),
            "DROP TABLE task;",
        );
        assert_eq!(
            change(&before, &renamed),
            "up.sql now says `owner_id` where it said `user_id` (after `INTEGER PRIMARY KEY,`)"
        );
        let down = files(&before.up, "DROP TABLE IF EXISTS task;");
        assert_eq!(
            change(&before, &down),
            "down.sql adds `IF EXISTS` after `DROP TABLE`"
        );
    }

    #[test]
    fn checksums_and_text_are_recorded_replaced_and_forgotten() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        assert!(recorded(&mut conn).unwrap().is_empty());
        forget(&mut conn, "1").unwrap();
        // A table as an earlier version made it: no copy of the text.
        conn.batch_execute(&format!(
            "CREATE TABLE {CHECKSUM_TABLE} (version TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL);
             INSERT INTO {CHECKSUM_TABLE} VALUES ('0', 'fnv1a64:00');"
        ))
        .unwrap();
        record(&mut conn, "1", &files("a;", "")).unwrap();
        record(&mut conn, "2", &files("b;", "")).unwrap();
        record(&mut conn, "1", &files("c;", "d;")).unwrap();
        forget(&mut conn, "2").unwrap();
        let found = recorded(&mut conn).unwrap();
        assert_eq!(found.keys().collect::<Vec<_>>(), ["0", "1"]);
        assert_eq!(found["0"].files, None);
        assert_eq!(found["1"].files, Some(files("c;", "d;")));
        assert_eq!(found["1"].checksum, files("c;", "d;").checksum());
    }
}
