//! `suppression`: a `-- verify-migrations: allow RULE -- why` comment that gives no reason,
//! names no rule, or allows nothing verify found (see `verify::suppress`).

use super::{Example, On, Rule};

pub const RULE: Rule = Rule {
    name: "suppression",
    summary: "every `-- verify-migrations: allow RULE -- why` names a rule, says why, and allows \
              a finding",
    why: "a suppression turns a finding into a note: without a reason nobody can tell later \
          whether the risk was weighed, and one that allows nothing (the statement changed, the \
          rule's name is misspelt) hides the next real finding there",
    fix: "write the rule's name and the reason after ` -- ` (`-- verify-migrations: allow \
          index-blocks-writes -- settings holds one row`) on the line before the statement, or \
          at the top of the file, apart from the first statement by a blank line, for the \
          whole migration; remove a suppression that allows nothing",
    advisory: false,
    on: On::Both,
    rejects: &[Example::new(
        "2024-01-01-120000_create_users",
        "-- verify-migrations: allow index-blocks-writes
         CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE users;",
    )],
    accepts: &[Example::new(
        "2024-01-01-120000_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE users;",
    )],
};
