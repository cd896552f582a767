//! Rows compared by what they hold, not by the numbers a sequence hands out: a `serial`,
//! identity or `nextval(...)` column never gives a number twice, so a second up (or a down and
//! an up) that inserts the same rows gives them other ids. Such a column is left out of a
//! row's text, and so is every foreign key pointing at one (the same row can point at another
//! number): each row is still compared by every other value, and a row lost or added still
//! shows.

use std::collections::BTreeMap;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::catalog::{self, USER_SCHEMA};
use crate::rows::Rows;

/// Every row of every user table, as `catalog::rows` reads them, but with generated columns
/// and references to them left out.
pub fn rows(conn: &mut PgConnection) -> QueryResult<Rows> {
    let generated = Generated::read(conn)?;
    catalog::rows_as(conn, &|table| generated.row(table))
}

struct Generated {
    /// Table (as `regclass` names it) to its columns left out: generated, or pointing at one.
    left_out: BTreeMap<String, Vec<String>>,
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    t: String,
    #[diesel(sql_type = Text)]
    col: String,
}

#[derive(QueryableByName)]
struct Reference {
    #[diesel(sql_type = Text)]
    t: String,
    #[diesel(sql_type = Text)]
    col: String,
    #[diesel(sql_type = Text)]
    parent: String,
    #[diesel(sql_type = Text)]
    target: String,
}

impl Generated {
    fn read(conn: &mut PgConnection) -> QueryResult<Self> {
        let mut columns: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for column in diesel::sql_query(format!(
            "SELECT c.oid::regclass::text AS t, a.attname::text AS col \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND {USER_SCHEMA} \
             AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%') \
             ORDER BY 1, a.attnum"
        ))
        .load::<Column>(conn)?
        {
            columns.entry(column.t).or_default().push(column.col);
        }
        let references = if columns.is_empty() {
            Vec::new()
        } else {
            diesel::sql_query(
                "SELECT f.conrelid::regclass::text AS t, a.attname::text AS col, \
                 f.confrelid::regclass::text AS parent, p.attname::text AS target \
                 FROM pg_constraint f \
                 JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1] \
                 JOIN pg_attribute p ON p.attrelid = f.confrelid AND p.attnum = f.confkey[1] \
                 WHERE f.contype = 'f' AND cardinality(f.conkey) = 1",
            )
            .load::<Reference>(conn)?
        };
        let mut left_out = columns.clone();
        for r in references {
            if columns
                .get(&r.parent)
                .is_some_and(|c| c.contains(&r.target))
            {
                left_out.entry(r.t).or_default().push(r.col);
            }
        }
        Ok(Generated { left_out })
    }

    /// The SQL showing a row `x` of `table`: `x::text`, or as jsonb without the columns left
    /// out where it has some.
    fn row(&self, table: &str) -> String {
        match self.left_out.get(table) {
            Some(columns) => {
                let names: Vec<String> = columns
                    .iter()
                    .map(|c| format!("'{}'", c.replace('\'', "''")))
                    .collect();
                format!("(to_jsonb(x) - ARRAY[{}]::text[])::text", names.join(", "))
            }
            None => "x::text".to_string(),
        }
    }
}
