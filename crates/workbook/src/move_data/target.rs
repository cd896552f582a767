//! The PostgreSQL side of a move: where each source table and column goes (read from the
//! catalogue: parents first, column types, identity and generated columns, sequences), the
//! batched inserts, the rows read back as canonical text, and the sequences set past the ids.

use diesel::connection::SimpleConnection;
use diesel::deserialize::{self, FromSql, QueryableByName};
use diesel::pg::{Pg, PgConnection, PgRowByRowLoadingMode};
use diesel::prelude::*;
use diesel::row::{Field, NamedRow, Row};
use diesel::sql_types::{Array, Bool, Nullable, Text};

use super::convert::{Checksum, Kind};
use super::foreign_keys::ForeignKey;
use super::source::{self, quoted};

/// Where one source column goes.
#[derive(Debug, Clone)]
pub struct Column {
    pub source: String,
    pub target: String,
    /// `format_type` of the target column, the cast of each inserted value.
    pub sql_type: String,
    pub kind: Kind,
    /// Text-like (`pg_type.typcategory` S): sorted byte by byte, as SQLite sorts text.
    pub textual: bool,
}

/// The copy of one source table into the target table of the same name.
#[derive(Debug, Clone)]
pub struct Plan {
    pub source: source::Table,
    /// The copied columns: every source column except those whose target is GENERATED.
    pub columns: Vec<Column>,
    /// The positions in `columns` of the primary key's columns.
    pub key: Vec<usize>,
    /// Whether an identity column refuses values unless told OVERRIDING SYSTEM VALUE.
    pub identity_always: bool,
    /// The target columns whose values come from a sequence (identity or serial).
    pub sequences: Vec<String>,
}

impl Plan {
    pub fn table(&self) -> &str {
        &self.source.name
    }
}

#[derive(QueryableByName)]
struct TargetColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    sql_type: String,
    #[diesel(sql_type = Text)]
    type_name: String,
    #[diesel(sql_type = Text)]
    category: String,
    #[diesel(sql_type = Text)]
    identity: String,
    #[diesel(sql_type = Text)]
    generated: String,
    #[diesel(sql_type = Bool)]
    sequence: bool,
}

/// The tables of the target's current schema, parents before the tables that point at them
/// (depth in the foreign-key graph; a table pointing at itself does not count).
fn tables_in_order(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Table {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let tables: Vec<Table> = diesel::sql_query(
        "WITH RECURSIVE t AS ( \
           SELECT c.oid FROM pg_class c WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition \
           AND c.relnamespace = current_schema()::regnamespace), \
         d(oid, depth) AS ( \
           SELECT oid, 0 FROM t \
           UNION ALL SELECT k.conrelid, d.depth + 1 FROM pg_constraint k JOIN d ON k.confrelid = d.oid \
           WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND d.depth < 20) \
         SELECT c.relname::text AS name FROM d JOIN pg_class c ON c.oid = d.oid \
         WHERE c.relnamespace = current_schema()::regnamespace \
         GROUP BY c.relname ORDER BY max(d.depth), c.relname",
    )
    .load(conn)?;
    Ok(tables.into_iter().map(|t| t.name).collect())
}

fn target_columns(conn: &mut PgConnection, table: &str) -> QueryResult<Vec<TargetColumn>> {
    diesel::sql_query(
        "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS sql_type, \
           b.typname::text AS type_name, b.typcategory::text AS category, \
           a.attidentity::text AS identity, a.attgenerated::text AS generated, \
           pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL AS sequence \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_type t ON t.oid = a.atttypid \
         JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END \
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = $1 \
         AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
    )
    .bind::<Text, _>(table)
    .load(conn)
}

/// The copy of every source table, parents first; or why a table or column of the source has
/// no home in the target. `renamed` is (table, old column, new column).
pub fn plan(
    conn: &mut PgConnection,
    tables: &[source::Table],
    renamed: &[(&str, &str, &str)],
) -> QueryResult<Result<Vec<Plan>, String>> {
    let order = tables_in_order(conn)?;
    if let Some(lost) = tables.iter().find(|t| !order.contains(&t.name)) {
        return Ok(Err(format!(
            "its table {} has no home in the target database (there is no table {0} there)",
            lost.name
        )));
    }
    let mut plans = Vec::new();
    for name in order {
        let Some(table) = tables.iter().find(|t| t.name == name) else {
            continue;
        };
        let found = target_columns(conn, &name)?;
        let mut columns = Vec::new();
        for column in &table.columns {
            let renamed_to = renamed
                .iter()
                .find(|(t, old, _)| *t == name && old == column)
                .map(|(_, _, new)| *new);
            let home = found
                .iter()
                .find(|c| &c.name == column)
                .or_else(|| renamed_to.and_then(|new| found.iter().find(|c| c.name == new)));
            let Some(home) = home else {
                return Ok(Err(format!(
                    "its column {name}.{column} has no home in the target database (no column \
                     {name}.{column}{}); migrate the target to the schema the lesson expects",
                    renamed_to.map_or(String::new(), |new| format!(" nor {name}.{new}"))
                )));
            };
            if home.generated.is_empty() {
                columns.push(Column {
                    source: column.clone(),
                    target: home.name.clone(),
                    sql_type: home.sql_type.clone(),
                    kind: Kind::of(&home.type_name),
                    textual: home.category == "S",
                });
            }
        }
        let key = table
            .key
            .iter()
            .filter_map(|k| columns.iter().position(|c| &c.source == k))
            .collect();
        plans.push(Plan {
            source: table.clone(),
            columns,
            key,
            identity_always: found.iter().any(|c| c.identity == "a"),
            sequences: found
                .iter()
                .filter(|c| c.sequence)
                .map(|c| c.name.clone())
                .collect(),
        });
    }
    Ok(Ok(plans))
}

/// The settings the canonical text is read under, for this transaction only.
pub fn settle(conn: &mut PgConnection) -> QueryResult<()> {
    conn.batch_execute(
        "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; \
         SET LOCAL bytea_output = 'hex'; SET LOCAL extra_float_digits = 1;",
    )
}

/// Locks the target tables until the move ends, then lists the tables that already hold rows,
/// with their counts. Against writers only (readers go on), unless foreign keys are to be
/// dropped and added again: that takes the tables on both ends of each, against readers too.
pub fn lock_and_count(
    conn: &mut PgConnection,
    plans: &[Plan],
    keys: &[ForeignKey],
) -> QueryResult<Vec<(String, i64)>> {
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    // A table named twice (a plan's and a key's parent) is locked once.
    let parents = keys.iter().map(|k| k.parent.as_str());
    let mode = if keys.is_empty() {
        "EXCLUSIVE"
    } else {
        "ACCESS EXCLUSIVE"
    };
    let tables = std::iter::once(list(plans)).chain(parents.map(str::to_string));
    conn.batch_execute(&format!(
        "LOCK TABLE {} IN {mode} MODE",
        tables.collect::<Vec<_>>().join(", ")
    ))?;
    let mut full = Vec::new();
    for plan in plans {
        let count: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "(SELECT count(*) FROM {})",
            quoted(plan.table())
        )))
        .get_result(conn)?;
        if count > 0 {
            full.push((plan.table().to_string(), count));
        }
    }
    Ok(full)
}

/// Empties the target tables (and, by CASCADE, the tables that point at them).
pub fn truncate(conn: &mut PgConnection, plans: &[Plan]) -> QueryResult<()> {
    if plans.is_empty() {
        return Ok(());
    }
    conn.batch_execute(&format!("TRUNCATE {} CASCADE", list(plans)))
}

fn list(plans: &[Plan]) -> String {
    let names: Vec<String> = plans.iter().map(|p| quoted(p.table())).collect();
    names.join(", ")
}

/// The statement that inserts a batch: one text array per column, unnested and cast.
pub fn insert_sql(plan: &Plan) -> String {
    let targets: Vec<String> = plan.columns.iter().map(|c| quoted(&c.target)).collect();
    let casts: Vec<String> = plan
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("CAST(u.c{i} AS {})", c.sql_type))
        .collect();
    let arrays: Vec<String> = (1..=plan.columns.len())
        .map(|i| format!("${i}::text[]"))
        .collect();
    let names: Vec<String> = (0..plan.columns.len()).map(|i| format!("c{i}")).collect();
    format!(
        "INSERT INTO {} ({}){} SELECT {} FROM unnest({}) AS u({})",
        quoted(plan.table()),
        targets.join(", "),
        if plan.identity_always {
            " OVERRIDING SYSTEM VALUE"
        } else {
            ""
        },
        casts.join(", "),
        arrays.join(", "),
        names.join(", ")
    )
}

/// Inserts the rows `columns[c][r]` (column by column) with `insert_sql`.
pub fn insert(
    conn: &mut PgConnection,
    sql: &str,
    columns: &[Vec<Option<String>>],
) -> QueryResult<()> {
    let mut query = diesel::sql_query(sql).into_boxed::<Pg>();
    for column in columns {
        query = query.bind::<Array<Nullable<Text>>, _>(column);
    }
    query.execute(conn).map(|_| ())
}

/// The row count and checksum of `plan`'s table as the target holds it, each value read back
/// as the canonical text, rows in primary-key order.
pub fn read_back(conn: &mut PgConnection, plan: &Plan) -> QueryResult<(u64, u64)> {
    let values: Vec<String> = plan
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} AS c{i}", c.kind.canonical_sql(&quoted(&c.target))))
        .collect();
    let order: Vec<String> = plan
        .key
        .iter()
        .map(|&k| {
            let c = &plan.columns[k];
            let collate = if c.textual { " COLLATE \"C\"" } else { "" };
            // Qualified: a bare name would sort by the output column of that name, the text.
            format!("{}.{}{collate}", quoted(plan.table()), quoted(&c.target))
        })
        .collect();
    let sql = format!(
        "SELECT {} FROM {}{}",
        values.join(", "),
        quoted(plan.table()),
        if order.is_empty() {
            String::new()
        } else {
            format!(" ORDER BY {}", order.join(", "))
        }
    );
    let (mut rows, mut checksum) = (0, Checksum::default());
    for row in diesel::sql_query(sql).load_iter::<TextRow, PgRowByRowLoadingMode>(conn)? {
        checksum.row(&row?.0);
        rows += 1;
    }
    Ok((rows, checksum.value()))
}

/// Every sequence of the copied tables set past the largest value of its column (or back to
/// 1, not called yet, when the table is empty): the next insert gets max + 1.
pub fn reset_sequences(conn: &mut PgConnection, plans: &[Plan]) -> QueryResult<()> {
    for plan in plans {
        for column in &plan.sequences {
            let table = quoted(plan.table());
            let column_sql = quoted(column);
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max({column_sql}), 1), \
                 max({column_sql}) IS NOT NULL) FROM {table}"
            ))
            .bind::<Text, _>(&table)
            .bind::<Text, _>(column)
            .execute(conn)?;
        }
    }
    Ok(())
}

/// One row of any query, every value read as text.
struct TextRow(Vec<Option<String>>);

impl QueryableByName<Pg> for TextRow {
    fn build<'a>(row: &impl NamedRow<'a, Pg>) -> deserialize::Result<Self> {
        let mut values = Vec::with_capacity(row.field_count());
        for i in 0..row.field_count() {
            let field = Row::get(row, i).ok_or("a row shorter than its field count")?;
            values.push(match field.value() {
                None => None,
                Some(raw) => Some(<String as FromSql<Text, Pg>>::from_sql(raw)?),
            });
        }
        Ok(TextRow(values))
    }
}
