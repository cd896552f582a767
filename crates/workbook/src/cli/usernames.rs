//! Users without the app's username key. `enforce_app_rules` keys the users already there only
//! where `lower(username)` is the app's key (plain ASCII names): `Straße` is left without one,
//! since its key is `strasse`, which SQL's `lower()` cannot compute. The app keys them with its
//! own `input::username_key` before it serves any command, in one transaction: `log-in strasse`
//! then finds `Straße`, and `STRASSE` cannot sign up beside them. Two users whom one key would
//! make one are refused in one line naming both, and nothing is changed.

use std::collections::HashMap;

use diesel::connection::LoadConnection;
use diesel::dsl;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::query_dsl::LoadQuery;
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;

use super::input::username_key;
use crate::error::{Error, Result};

mod schema {
    diesel::table! {
        users (id) {
            id -> Integer,
            username -> Text,
            username_key -> Nullable<Text>,
        }
    }
}

use schema::users;

/// The users without a key, oldest first.
type Unkeyed = dsl::Order<
    dsl::Select<dsl::Filter<users::table, dsl::IsNull<users::username_key>>, Named>,
    users::id,
>;
/// The user holding a key.
type Holder =
    dsl::Limit<dsl::Select<dsl::Filter<users::table, dsl::Eq<users::username_key, String>>, Named>>;
/// A user's key set, if it is still missing.
type SetKey = dsl::Update<
    dsl::Filter<users::table, dsl::And<dsl::Eq<users::id, i32>, dsl::IsNull<users::username_key>>>,
    dsl::Eq<users::username_key, String>,
>;
type Named = (users::id, users::username);

/// Keys the users of the SQLite database `name` that have no key yet, under the write lock.
pub(super) fn key_sqlite(conn: &mut SqliteConnection, name: &str) -> Result<()> {
    let keyed = count(
        conn,
        "SELECT count(*) AS n FROM pragma_table_info('users') WHERE name = 'username_key'",
    )
    .map_err(|e| failed(name, e))?;
    if keyed == 0 || unkeyed(conn).map_err(|e| failed(name, e))?.is_empty() {
        return Ok(());
    }
    conn.immediate_transaction(key_all)
        .map_err(|abort| abort.into_error(name))
}

/// Keys the users of the PostgreSQL database `name` that have no key yet.
pub(super) fn key_postgres(conn: &mut PgConnection, name: &str) -> Result<()> {
    let keyed = count(
        conn,
        "SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = \
         current_schema() AND table_name = 'users' AND column_name = 'username_key'",
    )
    .map_err(|e| failed(name, e))?;
    if keyed == 0 || unkeyed(conn).map_err(|e| failed(name, e))?.is_empty() {
        return Ok(());
    }
    conn.transaction(key_all)
        .map_err(|abort| abort.into_error(name))
}

fn count<C>(conn: &mut C, sql: &str) -> QueryResult<i64>
where
    C: Connection + LoadConnection,
    for<'a> diesel::query_builder::SqlQuery: LoadQuery<'a, C, Count>,
{
    let found: Count = diesel::sql_query(sql).get_result(conn)?;
    Ok(found.n)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn unkeyed<C>(conn: &mut C) -> QueryResult<Vec<(i32, String)>>
where
    C: Connection,
    for<'a> Unkeyed: LoadQuery<'a, C, (i32, String)>,
{
    users::table
        .filter(users::username_key.is_null())
        .select((users::id, users::username))
        .order(users::id)
        .load(conn)
}

/// Gives every user without a key the app's key, refusing (with `Abort::Clash`) a key another
/// user holds or is given.
fn key_all<C>(conn: &mut C) -> std::result::Result<(), Abort>
where
    C: Connection,
    for<'a> Unkeyed: LoadQuery<'a, C, (i32, String)>,
    for<'a> Holder: LoadQuery<'a, C, (i32, String)>,
    SetKey: ExecuteDsl<C>,
{
    let mut given: HashMap<String, (i32, String)> = HashMap::new();
    for (id, username) in unkeyed(conn)? {
        let key = username_key(&username);
        let holder = match given.get(&key) {
            Some(first) => Some(first.clone()),
            None => users::table
                .filter(users::username_key.eq(key.clone()))
                .select((users::id, users::username))
                .first(conn)
                .optional()?,
        };
        if let Some(holder) = holder {
            return Err(Abort::Clash {
                holder,
                user: (id, username),
                key,
            });
        }
        diesel::update(users::table.filter(users::id.eq(id).and(users::username_key.is_null())))
            .set(users::username_key.eq(key.clone()))
            .execute(conn)?;
        given.insert(key, (id, username));
    }
    Ok(())
}

/// Why keying the users stopped: two users share a key, or the database failed.
enum Abort {
    Clash {
        holder: (i32, String),
        user: (i32, String),
        key: String,
    },
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Database(error)
    }
}

impl Abort {
    fn into_error(self, name: &str) -> Error {
        match self {
            Abort::Database(error) => failed(name, error),
            Abort::Clash { holder, user, key } => Error::new(format!(
                "users {:?} (id {}) and {:?} (id {}) of {name} are one username to the app \
                 (both are {key:?} once letter case and spelling are folded), so it cannot tell \
                 them apart: rename one of them in any SQL client (UPDATE users SET username = \
                 'another' WHERE id = {}), then run the command again; nothing was changed",
                holder.1, holder.0, user.1, user.0, user.0
            )),
        }
    }
}

fn failed(name: &str, error: diesel::result::Error) -> Error {
    Error::new(format!("cannot key the usernames of {name}: {error}"))
}
