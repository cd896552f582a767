//! One migration's up, run as diesel runs it, each statement watched and judged by the rules.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use super::Migration;
use super::newer;
use super::script::{assured, rollback};
use super::walk::Walk;
use crate::postgres::effects::{Effect, Watch};
use crate::postgres::migrator;
use crate::postgres::split::statements;
use crate::rules::{Problem, Ran, concurrently_in_transaction, up_fails};

/// Why an up failed.
pub(super) enum Failure {
    /// A rule's problem (a NOT NULL column without a default, CONCURRENTLY in a transaction).
    Rule(Problem),
    /// The server's error, said for `up-fails`.
    Error(String),
    /// Syntax only a newer server accepts: what verify says (see `newer`).
    Newer(String),
}

impl Walk<'_> {
    /// Runs `m`'s up as diesel would, each statement watched when `judged`; the rules' problems
    /// go to `problems`. `Err` when it fails: a rule's problem, the server's error (for
    /// `up-fails`), or syntax only a newer server accepts.
    pub(super) fn up(
        &self,
        conn: &mut PgConnection,
        m: &Migration,
        old: &[&str],
        judged: bool,
        problems: &mut Vec<Problem>,
    ) -> std::result::Result<(), Failure> {
        let all = statements(&m.up);
        let assured = assured(&m.up);
        let mut watch = Watch::of(conn, if judged { old } else { &[] })
            .map_err(|e| Failure::Error(e.to_string()))?;
        if m.in_transaction {
            conn.batch_execute("BEGIN")
                .map_err(|e| Failure::Error(e.to_string()))?;
        }
        // A migration outside diesel's transaction may open one of its own.
        let mut own_transaction = false;
        for (index, statement) in all.iter().enumerate() {
            let quiet = Effect::default();
            let ran = Ran {
                migration: &m.name,
                file: "up.sql",
                statement,
                earlier: &all[..index],
                effect: &quiet,
            };
            if let Some(problem) = concurrently_in_transaction::judge(&ran, m.in_transaction) {
                rollback(conn, m.in_transaction);
                return Err(Failure::Rule(problem));
            }
            let first = statement.words().into_iter().next().unwrap_or_default();
            let opens = matches!(first.as_str(), "BEGIN" | "START");
            let closes = matches!(first.as_str(), "COMMIT" | "END" | "ROLLBACK" | "ABORT");
            let effect = if !m.in_transaction && !own_transaction && !opens {
                watch.run_alone(conn, statement)
            } else {
                watch.run(conn, statement)
            };
            own_transaction = (own_transaction || opens) && !closes;
            if closes {
                watch.end_transaction();
            }
            match effect {
                Ok(effect) if judged => {
                    let mut found = Ran {
                        effect: &effect,
                        ..ran
                    }
                    .judged();
                    // What the project accepted with diesel-guard's markers is said, as notes.
                    if assured.iter().any(|lines| lines.contains(&statement.line)) {
                        for problem in &mut found {
                            problem.note = true;
                            problem.text += " (accepted: inside -- safety-assured:start/end)";
                        }
                    }
                    problems.extend(found);
                }
                Ok(_) => {}
                Err(error) => {
                    rollback(conn, m.in_transaction);
                    if let Some(newer) = newer::needed(&error, statement, &self.version) {
                        return Err(Failure::Newer(newer::said(&ran.at(), newer, &self.version)));
                    }
                    return Err(match up_fails::statement_failed(&ran, &error.to_string()) {
                        Ok(problem) => Failure::Rule(problem),
                        Err(said) if self.contained => Failure::Error(migrator::explained(said)),
                        Err(said) => Failure::Error(said),
                    });
                }
            }
        }
        if m.in_transaction {
            conn.batch_execute("COMMIT").map_err(|e| {
                Failure::Error(format!("migrations/{}/up.sql fails at COMMIT: {e}", m.name))
            })?;
        }
        Ok(())
    }
}
