//! `frozen-now`: `'now'` (or `'today'`, ...) written as a literal in a view or a default.

use super::{Example, On, Problem, Ran, Rule};

pub const RULE: Rule = Rule {
    name: "frozen-now",
    summary: "no view or default reads the time from a 'now' literal",
    why: "PostgreSQL turns the strings 'now', 'today', 'tomorrow' and 'yesterday' into a time \
          once, when it reads the statement: a view or a column default written with one keeps \
          the moment the migration ran, and every row and query after gets that stale time",
    fix: "use the functions instead: now() or CURRENT_TIMESTAMP for 'now', CURRENT_DATE for \
          'today', CURRENT_DATE + 1 for 'tomorrow'",
    advisory: false,
    on: On::Postgres,
    rejects: &[Example::new(
        "2024-01-01-120000_create_events",
        "CREATE TABLE events (id SERIAL PRIMARY KEY, at TIMESTAMP NOT NULL DEFAULT 'now');",
        "DROP TABLE events;",
    )],
    accepts: &[Example::new(
        "2024-01-01-120000_create_events",
        "CREATE TABLE events (id SERIAL PRIMARY KEY, at TIMESTAMP NOT NULL DEFAULT now());",
        "DROP TABLE events;",
    )],
};

/// The special time strings PostgreSQL reads once, and the function to use instead.
const FROZEN: &[(&str, &str)] = &[
    ("now", "now()"),
    ("today", "CURRENT_DATE"),
    ("tomorrow", "CURRENT_DATE + 1"),
    ("yesterday", "CURRENT_DATE - 1"),
];

/// The problem when the statement writes a special time string into a view or a default.
pub fn judge(ran: &Ran) -> Option<Problem> {
    let words = ran.statement.words();
    let kept = if words.iter().any(|w| w == "VIEW") {
        "a view"
    } else if words.iter().any(|w| w == "DEFAULT") {
        "a default"
    } else {
        return None;
    };
    // String literals are every other piece between quotes ('' inside one splits it in two
    // empty-ended pieces, which match nothing).
    let literal = ran
        .statement
        .text
        .split('\'')
        .skip(1)
        .step_by(2)
        .find_map(|s| {
            let s = s.trim().to_ascii_lowercase();
            FROZEN.iter().find(|(word, _)| *word == s)
        })?;
    Some(ran.problem(
        &RULE,
        format!(
            "'{}' in {kept} is turned into a time once, when the migration runs, and stays that \
             time; use {} instead",
            literal.0, literal.1
        ),
    ))
}
