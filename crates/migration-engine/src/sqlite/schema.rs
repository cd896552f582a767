//! What a database holds, read from SQLite's own catalogue: tables, columns, foreign keys,
//! rows, and the normalised `schema.sql` the lessons snapshot and compare.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use diesel::sqlite::SqliteConnection;

use crate::sqlite::generated_ids;
use crate::sqlite::sql::{normalize, quote_identifier};

/// Whether a table or index belongs to SQLite or to the migration bookkeeping rather than
/// to the lesson: such objects are left out of every dump and listing.
pub fn is_internal(name: &str) -> bool {
    ["sqlite_", "__diesel_", "__workbook_"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// One entry of SQLite's catalogue: a table, index, trigger or view, and its statement.
#[derive(QueryableByName)]
pub(crate) struct Object {
    /// `table`, `index`, `trigger` or `view`.
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    /// The table it belongs to (a table's is its own name).
    #[diesel(sql_type = Text)]
    pub table: String,
    /// The statement as it was typed.
    #[diesel(sql_type = Text)]
    pub sql: String,
}

/// Every table, index, trigger and view the lesson created, in the dump's order: by kind
/// (tables first), then by name.
pub(crate) fn objects(conn: &mut SqliteConnection) -> QueryResult<Vec<Object>> {
    let all: Vec<Object> = diesel::sql_query(
        "SELECT type AS kind, name, tbl_name AS \"table\", sql FROM sqlite_schema \
         WHERE sql IS NOT NULL \
         ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END, name",
    )
    .load(conn)?;
    Ok(all
        .into_iter()
        .filter(|o| !is_internal(&o.name) && !is_internal(&o.table))
        .collect())
}

/// The lesson's tables, by name.
pub fn tables(conn: &mut SqliteConnection) -> QueryResult<Vec<String>> {
    Ok(objects(conn)?
        .into_iter()
        .filter(|o| o.kind == "table")
        .map(|o| o.name)
        .collect())
}

/// The `CREATE TABLE` statement of `table` as SQLite keeps it; `None` if there is no such table.
pub fn table_sql(conn: &mut SqliteConnection, table: &str) -> QueryResult<Option<String>> {
    #[derive(QueryableByName)]
    struct Statement {
        #[diesel(sql_type = Text)]
        sql: String,
    }
    let found: Vec<Statement> =
        diesel::sql_query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")
            .bind::<Text, _>(table)
            .load(conn)?;
    Ok(found.into_iter().next().map(|s| s.sql))
}

/// Whether the database has a table named `table`, bookkeeping tables included.
pub fn has_table(conn: &mut SqliteConnection, table: &str) -> QueryResult<bool> {
    Ok(table_sql(conn, table)?.is_some())
}

/// One column as SQLite reports it.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Column {
    #[diesel(sql_type = Text)]
    pub name: String,
    /// The declared type, as written (`VARCHAR(30)`, `INTEGER`, or empty).
    #[diesel(sql_type = Text)]
    pub sql_type: String,
    #[diesel(sql_type = Bool)]
    pub not_null: bool,
    /// The default's SQL text, e.g. `CURRENT_TIMESTAMP` or `0`.
    #[diesel(sql_type = Nullable<Text>)]
    pub default: Option<String>,
    #[diesel(sql_type = Bool)]
    pub primary_key: bool,
}

/// The columns of `table`, in declared order; none if there is no such table.
pub fn columns(conn: &mut SqliteConnection, table: &str) -> QueryResult<Vec<Column>> {
    diesel::sql_query(
        "SELECT name, type AS sql_type, \"notnull\" AS not_null, dflt_value AS \"default\", \
         pk > 0 AS primary_key FROM pragma_table_info(?) ORDER BY cid",
    )
    .bind::<Text, _>(table)
    .load(conn)
}

thread_local! {
    /// Columns already read, by table name and statement: `PRAGMA table_info` follows from the
    /// `CREATE TABLE` statement, and a stairway reads the same tables again and again.
    static COLUMNS: std::cell::RefCell<BTreeMap<(String, String), Vec<Column>>> =
        const { std::cell::RefCell::new(BTreeMap::new()) };
}

/// `columns` of `table`, whose statement is `sql`, remembered.
fn columns_of(conn: &mut SqliteConnection, table: &str, sql: &str) -> QueryResult<Vec<Column>> {
    let key = (table.to_string(), sql.to_string());
    if let Some(found) = COLUMNS.with(|read| read.borrow().get(&key).cloned()) {
        return Ok(found);
    }
    let found = columns(conn, table)?;
    COLUMNS.with(|read| {
        let mut read = read.borrow_mut();
        if read.len() > 10_000 {
            read.clear();
        }
        read.insert(key, found.clone());
    });
    Ok(found)
}

/// The columns of `table` that a UNIQUE constraint or unique index covers on their own (an
/// index on an expression, such as `lower(username)`, covers no column).
pub fn unique_columns(conn: &mut SqliteConnection, table: &str) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let found: Vec<Name> = diesel::sql_query(
        "SELECT min(info.name) AS name FROM pragma_index_list(?) AS list \
         JOIN pragma_index_info(list.name) AS info \
         WHERE list.\"unique\" AND list.origin <> 'pk' \
         GROUP BY list.name HAVING count(*) = 1 AND min(info.name) IS NOT NULL ORDER BY 1",
    )
    .bind::<Text, _>(table)
    .load(conn)?;
    Ok(found.into_iter().map(|n| n.name).collect())
}

/// One foreign key column: `from` in the table asked about refers to `table`.`to`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub from: String,
    pub table: String,
    pub to: String,
    /// `NO ACTION`, `CASCADE`, `SET NULL`, `SET DEFAULT` or `RESTRICT`.
    pub on_delete: String,
}

/// The foreign keys of `table`, in declared order.
pub fn foreign_keys(conn: &mut SqliteConnection, table: &str) -> QueryResult<Vec<ForeignKey>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        from: String,
        #[diesel(sql_type = Text)]
        parent: String,
        #[diesel(sql_type = Nullable<Text>)]
        to: Option<String>,
        #[diesel(sql_type = Text)]
        on_delete: String,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT \"from\", \"table\" AS parent, \"to\", on_delete \
         FROM pragma_foreign_key_list(?) ORDER BY id, seq",
    )
    .bind::<Text, _>(table)
    .load(conn)?;
    rows.into_iter()
        .map(|row| {
            // `REFERENCES user` without a column means the parent's primary key.
            let to = match row.to {
                Some(to) => to,
                None => columns(conn, &row.parent)?
                    .into_iter()
                    .find(|c| c.primary_key)
                    .map(|c| c.name)
                    .unwrap_or_else(|| "rowid".to_string()),
            };
            Ok(ForeignKey {
                from: row.from,
                table: row.parent,
                to,
                on_delete: row.on_delete,
            })
        })
        .collect()
}

/// The normalised `schema.sql`: every table, then index, trigger and view, each by name, one
/// statement per paragraph. The bookkeeping tables are left out; an empty database gives "".
pub fn dump(conn: &mut SqliteConnection) -> QueryResult<String> {
    Ok(objects(conn)?
        .iter()
        .map(|o| format!("{};\n", normalize(&o.sql)))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Every row of every table, each row one line of SQL literals (`1, 'alice', NULL`), sorted,
/// so that two databases can be compared value by value.
pub fn rows(conn: &mut SqliteConnection) -> QueryResult<BTreeMap<String, Vec<String>>> {
    read_rows(conn, false, &|_, _| false, false)
}

/// `rows`, with `now` for every value of a column whose default reads the clock: two runs of
/// the same migration give such columns different values by design.
pub fn rows_without_clock(
    conn: &mut SqliteConnection,
) -> QueryResult<BTreeMap<String, Vec<String>>> {
    read_rows(conn, true, &|_, _| false, false)
}

/// `rows_without_clock`, with `'masked'` for every value of a column `masked(table, column)`
/// says to leave out (a column a migration fills from the clock or at random), and generated
/// ids compared by the rows they identify (see `generated_ids`).
pub fn rows_masked(
    conn: &mut SqliteConnection,
    masked: &dyn Fn(&str, &str) -> bool,
) -> QueryResult<BTreeMap<String, Vec<String>>> {
    read_rows(conn, true, masked, true)
}

fn read_rows(
    conn: &mut SqliteConnection,
    mask_clock: bool,
    masked: &dyn Fn(&str, &str) -> bool,
    by_identity: bool,
) -> QueryResult<BTreeMap<String, Vec<String>>> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        table: String,
        #[diesel(sql_type = Text)]
        line: String,
    }
    // Every column of every table (remembered by table statement), then every row of every
    // table, however many tables there are (in compound SELECTs short enough for SQLite's limit
    // of 500 terms).
    let mut columns = Vec::new();
    for table in objects(conn)?.into_iter().filter(|o| o.kind == "table") {
        for column in columns_of(conn, &table.name, &table.sql)? {
            columns.push((table.name.clone(), column));
        }
    }
    let mut values = generated_ids::Values::new();
    for (table, column) in columns {
        let clock = column.default.as_deref().is_some_and(reads_the_clock);
        let left_out = masked(&table, &column.name);
        let value = if left_out {
            "'masked'".to_string()
        } else if mask_clock && clock {
            "'now'".to_string()
        } else {
            format!("quote({})", quote_identifier(&column.name))
        };
        values.entry(table).or_default().push((column.name, value));
    }
    let values: BTreeMap<String, Vec<String>> = match by_identity {
        true => generated_ids::by_identity(conn, &values)?,
        false => (values.into_iter())
            .map(|(table, columns)| (table, columns.into_iter().map(|(_, v)| v).collect()))
            .collect(),
    };
    let mut all: BTreeMap<String, Vec<String>> =
        values.keys().map(|t| (t.clone(), Vec::new())).collect();
    let selects: Vec<String> = values
        .iter()
        .map(|(table, values)| {
            format!(
                "SELECT '{}' AS \"table\", {} AS line FROM {}",
                table.replace('\'', "''"),
                values.join(" || ', ' || "),
                quote_identifier(table)
            )
        })
        .collect();
    for chunk in selects.chunks(400) {
        for line in diesel::sql_query(chunk.join(" UNION ALL ")).load::<Line>(conn)? {
            if let Some(lines) = all.get_mut(&line.table) {
                lines.push(line.line);
            }
        }
    }
    for lines in all.values_mut() {
        lines.sort();
    }
    Ok(all)
}

/// Whether a column's default reads the clock (`CURRENT_TIMESTAMP`, `CURRENT_DATE`,
/// `CURRENT_TIME`, or a date function of `'now'`), so two runs give two different values.
pub fn is_clock_default(column: &Column) -> bool {
    column.default.as_deref().is_some_and(reads_the_clock)
}

fn reads_the_clock(default: &str) -> bool {
    let upper = default.to_ascii_uppercase();
    upper.contains("CURRENT_") || upper.contains("'NOW'")
}

/// `PRAGMA foreign_key_check`, one line per row whose parent is missing; empty when all hold.
pub fn foreign_key_violations(conn: &mut SqliteConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Violation {
        #[diesel(sql_type = Text)]
        child: String,
        #[diesel(sql_type = Nullable<BigInt>)]
        row_id: Option<i64>,
        #[diesel(sql_type = Text)]
        parent: String,
    }
    let found: Vec<Violation> = diesel::sql_query(
        "SELECT \"table\" AS child, rowid AS row_id, parent FROM pragma_foreign_key_check",
    )
    .load(conn)?;
    Ok(found
        .into_iter()
        .map(|v| match v.row_id {
            Some(row) => format!("{} row {row} refers to a missing {} row", v.child, v.parent),
            None => format!("a {} row refers to a missing {} row", v.child, v.parent),
        })
        .collect())
}

/// `PRAGMA integrity_check`, one line per problem; empty when the database is sound.
pub fn integrity_problems(conn: &mut SqliteConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Problem {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    let found: Vec<Problem> = diesel::sql_query("PRAGMA integrity_check").load(conn)?;
    Ok(found
        .into_iter()
        .map(|p| p.integrity_check)
        .filter(|line| line != "ok")
        .collect())
}

#[cfg(test)]
mod tests;
