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
