//! Syntax only a newer PostgreSQL accepts. A statement written for PostgreSQL 16, 17 or 18 fails
//! on an older server with a syntax error (or a missing function); this table tells such a
//! refusal from a mistake by what the server says: its message, and the words before and at
//! the place it points to. Each entry was seen refused by every older server from 15 on and run
//! by its own version and the newer ones (15.18, 16.15, 17.11 and 18.6); the tests run every
//! example on the server they get. What no entry matches is an ordinary failure: no advice.

use diesel::result::Error as DbError;

use crate::postgres::split::Statement;

/// One kind of statement that PostgreSQL `needs` and newer run.
pub(super) struct Newer {
    pub(super) needs: u32,
    /// What it is, as the message names it.
    pub(super) what: &'static str,
    /// Statements of this kind, each run by the tests on a table `t (id int, a int, doc text)`.
    #[cfg(test)]
    examples: &'static [&'static str],
    /// True when an older server's refusal is of this kind.
    refused: fn(&Refusal) -> bool,
}

/// Every kind known, by version.
const NEWER: &[Newer] = &[
    Newer {
        needs: 16,
        what: "a subquery in FROM without an alias",
        #[cfg(test)]
        examples: &[
            "CREATE VIEW v AS SELECT count(*) FROM (SELECT DISTINCT a FROM t)",
            "INSERT INTO t (id) SELECT * FROM (VALUES (1))",
        ],
        refused: |r| {
            [
                "subquery in FROM must have an alias",
                "VALUES in FROM must have an alias",
            ]
            .contains(&r.message.as_str())
        },
    },
    Newer {
        needs: 16,
        what: "the IS JSON predicate",
        #[cfg(test)]
        examples: &["ALTER TABLE t ADD CHECK (doc IS JSON OBJECT AND a::text IS NOT JSON)"],
        refused: |r| r.near("JSON") && (r.ends_with(&["IS"]) || r.ends_with(&["IS", "NOT"])),
    },
    Newer {
        needs: 16,
        what: "the SQL/JSON constructors JSON_OBJECT, JSON_ARRAY and their aggregates",
        #[cfg(test)]
        examples: &[
            "CREATE VIEW v AS SELECT JSON_OBJECT('a' VALUE a) AS o FROM t",
            "CREATE VIEW v AS SELECT JSON_OBJECT('a': a) AS o FROM t",
            "CREATE VIEW v AS SELECT JSON_OBJECTAGG(doc VALUE a) AS o FROM t",
            "CREATE VIEW v AS SELECT JSON_ARRAY(a, id) AS o FROM t",
            "CREATE VIEW v AS SELECT JSON_ARRAYAGG(a) AS o FROM t",
        ],
        // The key alone between `JSON_OBJECT(` and VALUE or `:` (`KEY 'a' VALUE` is no
        // version's syntax).
        refused: |r| {
            let key_alone = matches!(r.two_back(), Some("JSON_OBJECT" | "JSON_OBJECTAGG"));
            ((r.near("VALUE") || r.near(":")) && key_alone)
                || r.lacks_function("json_array")
                || r.lacks_function("json_arrayagg")
        },
    },
    Newer {
        needs: 16,
        what: "the aggregate ANY_VALUE()",
        #[cfg(test)]
        examples: &["CREATE VIEW v AS SELECT id, ANY_VALUE(a) AS a FROM t GROUP BY id"],
        refused: |r| r.lacks_function("any_value"),
    },
    Newer {
        needs: 17,
        what: "JSON_TABLE",
        #[cfg(test)]
        examples: &[
            "CREATE VIEW v AS SELECT * FROM JSON_TABLE('[1]', '$[*]' COLUMNS (x int PATH '$')) AS j",
        ],
        refused: |r| r.near("COLUMNS") && r.before.iter().any(|w| w == "JSON_TABLE"),
    },
    Newer {
        needs: 17,
        what: "MERGE ... RETURNING",
        #[cfg(test)]
        examples: &["MERGE INTO t USING (SELECT 1 AS id) AS s ON t.id = s.id \
             WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id) RETURNING t.id"],
        refused: |r| r.near("RETURNING") && r.before.iter().any(|w| w == "MERGE"),
    },
    Newer {
        needs: 17,
        what: "MERGE ... WHEN NOT MATCHED BY SOURCE / BY TARGET",
        #[cfg(test)]
        examples: &["MERGE INTO t USING (SELECT 1 AS id) AS s ON t.id = s.id \
             WHEN NOT MATCHED BY SOURCE THEN DELETE"],
        refused: |r| r.near("BY") && r.ends_with(&["NOT", "MATCHED"]),
    },
    Newer {
        needs: 18,
        what: "a named NOT NULL table constraint (CONSTRAINT name NOT NULL column)",
        #[cfg(test)]
        examples: &[
            "CREATE TABLE u (id int, CONSTRAINT u_id_not_null NOT NULL id)",
            "ALTER TABLE t ADD CONSTRAINT t_a_not_null NOT NULL a",
        ],
        refused: |r| r.near("NOT") && r.two_back() == Some("CONSTRAINT"),
    },
    Newer {
        needs: 18,
        what: "a virtual generated column (GENERATED ALWAYS AS (...) VIRTUAL)",
        #[cfg(test)]
        examples: &["ALTER TABLE t ADD COLUMN twice int GENERATED ALWAYS AS (a * 2) VIRTUAL"],
        refused: |r| r.near("VIRTUAL") && r.before.iter().any(|w| w == "GENERATED"),
    },
    Newer {
        needs: 18,
        what: "the functions uuidv7() and uuidv4()",
        #[cfg(test)]
        examples: &[
            "ALTER TABLE t ADD COLUMN u uuid DEFAULT uuidv7()",
            "ALTER TABLE t ADD COLUMN u uuid DEFAULT uuidv4()",
        ],
        refused: |r| r.lacks_function("uuidv7") || r.lacks_function("uuidv4"),
    },
];

/// What a server said when it refused a statement.
struct Refusal {
    message: String,
    /// The words before the place the error points to, upper-cased, split at spaces,
    /// parentheses and commas (none when the error points nowhere).
    before: Vec<String>,
    /// The text from that place on, upper-cased (empty when the error points nowhere).
    at: String,
}

impl Refusal {
    /// A syntax error pointing at `token`.
    fn near(&self, token: &str) -> bool {
        self.message.starts_with("syntax error at or near") && self.at.starts_with(token)
    }

    /// The words before the error end with `words`.
    fn ends_with(&self, words: &[&str]) -> bool {
        self.before
            .ends_with(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>())
    }

    /// The word before the last one before the error: `CONSTRAINT` in `CONSTRAINT name NOT`.
    fn two_back(&self) -> Option<&str> {
        let count = self.before.len();
        (count > 1).then(|| self.before[count - 2].as_str())
    }

    /// The server has no function `name` (of any arguments).
    fn lacks_function(&self, name: &str) -> bool {
        self.message.starts_with(&format!("function {name}("))
            && self.message.ends_with("does not exist")
    }
}

/// The kind of newer syntax that `statement` failed on with `error`, on a server that says its
/// version as `version` (`15.18 (Debian ...)`); `None` for any other failure, or a version
/// that does not start with its major number.
pub(super) fn needed(
    error: &DbError,
    statement: &Statement,
    version: &str,
) -> Option<&'static Newer> {
    let DbError::DatabaseError(_, info) = error else {
        return None;
    };
    let digits: String = version.chars().take_while(char::is_ascii_digit).collect();
    let major: u32 = digits.parse().ok()?;
    // The position counts characters from 1.
    let (before, at): (String, String) = match info.statement_position() {
        Some(position) if position > 0 => {
            let chars = statement.text.chars();
            let skip = usize::try_from(position - 1).unwrap_or(0);
            (
                chars.clone().take(skip).collect(),
                chars.skip(skip).collect(),
            )
        }
        _ => (String::new(), String::new()),
    };
    let refusal = Refusal {
        message: info.message().to_string(),
        before: before
            .to_uppercase()
            .split(|c: char| c.is_whitespace() || "(),".contains(c))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        at: at.to_uppercase(),
    };
    NEWER
        .iter()
        .find(|newer| major < newer.needs && (newer.refused)(&refusal))
}

/// What verify says when `at` (`migrations/NAME/up.sql:3`) needs `newer` on a server that
/// says its version as `version`.
pub(super) fn said(at: &str, newer: &Newer, version: &str) -> String {
    let version = version.split_whitespace().next().unwrap_or(version);
    format!(
        "{at} needs PostgreSQL {} or newer ({}); this server is {version}: pass --postgres-bin \
         with a newer server's programs, or --database-url with a newer server",
        newer.needs, newer.what
    )
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;

    use super::*;
    use crate::postgres::split::statements;
    use crate::postgres::test_server;

    /// How `sql` goes on the test server, on a table `t`: `Ok` when it runs, else the kind of
    /// newer syntax it needs there (`None`: an ordinary failure).
    fn on_test_server(sql: &str) -> Result<(), Option<u32>> {
        let server = test_server();
        let db = server.scratch().unwrap();
        let mut conn = db.connect().unwrap();
        conn.batch_execute("CREATE TABLE t (id int, a int, doc text)")
            .unwrap();
        let statement = &statements(sql)[0];
        let version = server.version().unwrap();
        conn.batch_execute(&statement.text)
            .map_err(|e| needed(&e, statement, &version).map(|newer| newer.needs))
    }

    #[test]
    fn each_example_runs_from_its_version_on_and_is_told_apart_before() {
        let version = test_server().version().unwrap();
        let major: u32 = version.split('.').next().unwrap().parse().unwrap();
        for newer in NEWER {
            for example in newer.examples {
                let expected = if major >= newer.needs {
                    Ok(())
                } else {
                    Err(Some(newer.needs))
                };
                assert_eq!(on_test_server(example), expected, "on {major}: {example}");
            }
        }
    }

    #[test]
    fn ordinary_failures_get_no_advice() {
        for mistake in [
            "CREATE TABEL u (a int)",
            "CREATE TABLE u (id int NOT NOT NULL)",
            "CREATE TABLE u (id int CONSTRAINT u_id_not_null NOT NUL)",
            "SELECT json_array_length(1, 2)",
            "SELECT JSON_OBJECT(KEY 'a' VALUE 1)",
            "SELECT * FROM no_such_table",
        ] {
            assert_eq!(on_test_server(mistake), Err(None), "{mistake}");
        }
    }

    #[test]
    fn a_server_new_enough_or_of_no_known_version_gets_no_advice() {
        use diesel::result::DatabaseErrorKind;
        let error = DbError::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new("subquery in FROM must have an alias".to_string()),
        );
        let statement = &statements("SELECT * FROM (SELECT 1)")[0];
        let needs = |version| needed(&error, statement, version).map(|newer| newer.needs);
        assert_eq!(needs("15.18 (Debian 15.18-0+deb12u1)"), Some(16));
        assert_eq!(needs("16.15"), None);
        assert_eq!(needs("an unknown version"), None);
    }

    #[test]
    fn the_message_names_both_versions_and_what_to_do() {
        let newer = &NEWER[0];
        assert_eq!(
            said(
                "migrations/x/up.sql:3",
                newer,
                "15.18 (Debian 15.18-0+deb12u1)"
            ),
            "migrations/x/up.sql:3 needs PostgreSQL 16 or newer (a subquery in FROM without an \
             alias); this server is 15.18: pass --postgres-bin with a newer server's programs, \
             or --database-url with a newer server"
        );
    }
}
