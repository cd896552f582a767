//! One canonical spelling of a stored SQL statement, so that two schemas can be compared
//! as text: SQLite keeps each statement as it was typed (and `ALTER TABLE ... RENAME`
//! rewrites it with quotes), so the same table can be stored in many spellings.
//!
//! `token` reads a statement as SQLite's tokens, `keywords` knows which words SQLite reserves,
//! and `constraints` reads the constraints a `CREATE TABLE` declares.

mod constraints;
mod keywords;
mod token;

pub use constraints::{ConstraintKind, table_constraints};

use keywords::is_keyword;
use token::{create_table_body, join, split_top_level, tokenize};

/// The statement with comments dropped, keywords in upper case, identifiers unquoted where
/// quoting is not needed, one space between tokens, and a `CREATE TABLE` laid out one
/// column or constraint per line.
pub fn normalize(sql: &str) -> String {
    let tokens = tokenize(sql);
    match create_table_body(&tokens) {
        Some((open, close)) => {
            let items: Vec<String> = split_top_level(&tokens[open + 1..close])
                .into_iter()
                .map(join)
                .collect();
            let mut text = format!("{} (\n  {}\n)", join(&tokens[..open]), items.join(",\n  "));
            let rest = join(&tokens[close + 1..]);
            if !rest.is_empty() {
                text.push(' ');
                text.push_str(&rest);
            }
            text
        }
        None => join(&tokens),
    }
}

/// An identifier as it must be written in SQL: bare when that is unambiguous, else quoted.
pub fn quote_identifier(name: &str) -> String {
    let bare = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(name);
    if bare {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_laid_out_one_item_per_line() {
        let sql = "create table user(id integer primary key not null,\n\tusername   TEXT, -- who\n unique(username))";
        assert_eq!(
            normalize(sql),
            "CREATE TABLE user (\n  id integer PRIMARY KEY NOT NULL,\n  username TEXT,\n  UNIQUE (username)\n)"
        );
    }

    #[test]
    fn quoting_after_a_rename_does_not_change_the_spelling() {
        let typed = "CREATE TABLE users (id INTEGER, user_id INTEGER REFERENCES user(id))";
        let renamed =
            "CREATE TABLE \"users\" (id INTEGER, user_id INTEGER REFERENCES `user`(\"id\"))";
        assert_eq!(normalize(typed), normalize(renamed));
    }

    #[test]
    fn identifiers_that_need_quotes_keep_them() {
        assert_eq!(quote_identifier("order"), "\"order\"");
        assert_eq!(quote_identifier("first name"), "\"first name\"");
        assert_eq!(quote_identifier("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote_identifier("task_tags"), "task_tags");
        assert_eq!(
            normalize("CREATE INDEX \"order\" ON [t] (\"a b\")"),
            "CREATE INDEX \"order\" ON t(\"a b\")"
        );
    }

    #[test]
    fn literals_keep_their_case_and_quotes() {
        assert_eq!(
            normalize("CHECK (name <> 'It''s -- not a comment')"),
            "CHECK (name <> 'It''s -- not a comment')"
        );
    }

    #[test]
    fn other_statements_are_joined_on_one_line() {
        let sql = "CREATE TRIGGER t AFTER UPDATE ON tasks\nBEGIN\n  UPDATE tasks SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;\nEND";
        assert_eq!(
            normalize(sql),
            "CREATE TRIGGER t AFTER UPDATE ON tasks BEGIN UPDATE tasks SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END"
        );
    }

    #[test]
    fn a_table_made_from_a_select_is_not_laid_out() {
        assert_eq!(
            normalize("create table t as select (1) as x"),
            "CREATE TABLE t AS SELECT (1) AS x"
        );
    }
}
