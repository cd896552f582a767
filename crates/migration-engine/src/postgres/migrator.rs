//! The role that runs migrations nobody has reviewed on a throwaway cluster: it logs in
//! without superuser rights (no CREATEDB, no CREATEROLE) and owns each scratch database made for
//! it, and that database's `public` schema. PostgreSQL itself then refuses what only a superuser
//! may do: `COPY ... TO/FROM PROGRAM`, reading and writing server files, untrusted extensions
//! (dblink, file_fdw, untrusted languages), `ALTER SYSTEM`, `CREATE DATABASE` and `CREATE ROLE`.
//! A database owner may still create the trusted extensions (pgcrypto, citext, hstore, ...).
//! It logs in as the role, rather than `SET ROLE`, which the SQL could undo with `RESET ROLE`.

use diesel::RunQueryDsl;

use crate::error::{Error, Result};

/// The role's name.
pub(crate) const MIGRATOR: &str = "workbook_migrator";

/// Makes the role on a new cluster, through `superuser_url` (a connection to its `postgres`
/// database), and takes away the right every role has to connect to `postgres` and `template1`.
pub(crate) fn make(superuser_url: &str) -> Result<()> {
    let mut conn = super::connect(superuser_url)?;
    let statements = [
        format!(
            "CREATE ROLE {MIGRATOR} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION \
             NOBYPASSRLS"
        ),
        "REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC".to_string(),
    ];
    for statement in statements {
        diesel::sql_query(&statement)
            .execute(&mut conn)
            .map_err(|e| {
                Error::new(format!(
                    "cannot make the role that runs migrations on the throwaway cluster: {e}"
                ))
            })?;
    }
    Ok(())
}

/// Hands the `public` schema of a new database made `OWNER` the role (connected to as the
/// superuser through `superuser_url`) to the role too: PostgreSQL 14 and older give it to the
/// superuser.
pub(crate) fn hand_over(superuser_url: &str) -> Result<()> {
    let mut conn = super::connect(superuser_url)?;
    diesel::sql_query(format!("ALTER SCHEMA public OWNER TO {MIGRATOR}"))
        .execute(&mut conn)
        .map_err(|e| {
            Error::new(format!(
                "cannot hand a scratch database's public schema to the role that runs \
                 migrations: {e}"
            ))
        })?;
    Ok(())
}

/// True when PostgreSQL refused `error`'s statement a right only a superuser (or a role granted
/// one of its powers) has.
pub fn needs_superuser(error: &str) -> bool {
    let error = error.to_ascii_lowercase();
    error.contains("permission denied") || error.contains("must be superuser")
}

/// `said` (a failure's one line) with what to do when it needs a superuser.
pub fn explained(said: String) -> String {
    if !needs_superuser(&said) {
        return said;
    }
    format!(
        "{said} (verify runs migrations as {MIGRATOR}, a role that owns the scratch database but \
         is no superuser; if this one needs a superuser, give verify --superuser)"
    )
}

#[cfg(test)]
mod tests;
