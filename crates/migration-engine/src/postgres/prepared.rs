//! Catalogue queries the walk runs after every step, planned once per connection: each is
//! prepared on the server under a name of its own (`PREPARE`) and executed by that name, so
//! the server does not plan the same large query again each time (planning was about a third
//! of a dump's cost). A prepared statement is the session's, not a transaction's, and plans
//! against whatever the catalogue holds when it runs; one that SQL run on the same connection
//! took away (`DEALLOCATE`, `DISCARD ALL`) is prepared again.

use diesel::connection::SimpleConnection;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

/// The rows of `sql` (a query without parameters, the same text every time for one `name`),
/// prepared as `name` on `conn` unless it is already.
pub(crate) fn load<T>(conn: &mut PgConnection, name: &str, sql: &str) -> QueryResult<Vec<T>>
where
    T: QueryableByName<Pg> + 'static,
{
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let prepared: Count =
        diesel::sql_query("SELECT count(*) AS n FROM pg_prepared_statements WHERE name = $1")
            .bind::<Text, _>(name)
            .get_result(conn)?;
    if prepared.n == 0 {
        conn.batch_execute(&format!("PREPARE {name} AS {sql}"))?;
    }
    diesel::sql_query(format!("EXECUTE {name}")).load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postgres::test_server;

    #[derive(QueryableByName, Debug, PartialEq)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }

    #[test]
    fn a_prepared_query_reads_the_catalogue_as_it_is_now_and_survives_deallocate() {
        let db = test_server().scratch().unwrap();
        let mut conn = db.connect().unwrap();
        let sql = "SELECT relname::text AS name FROM pg_class WHERE relname LIKE 'prepared\\_%' \
                   ORDER BY 1";
        let names = |conn: &mut PgConnection| -> Vec<String> {
            load::<Name>(conn, "workbook_test", sql)
                .unwrap()
                .into_iter()
                .map(|n| n.name)
                .collect()
        };
        assert_eq!(names(&mut conn), Vec::<String>::new());
        conn.batch_execute("CREATE TABLE prepared_a (id int)")
            .unwrap();
        assert_eq!(
            names(&mut conn),
            ["prepared_a"],
            "not a stale plan's answer"
        );
        conn.batch_execute("DEALLOCATE ALL; CREATE TABLE prepared_b (id int)")
            .unwrap();
        assert_eq!(names(&mut conn), ["prepared_a", "prepared_b"]);
    }
}
