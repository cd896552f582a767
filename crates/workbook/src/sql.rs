//! One canonical spelling of a stored SQL statement, so that two schemas can be compared
//! as text: SQLite keeps each statement as it was typed (and `ALTER TABLE ... RENAME`
//! rewrites it with quotes), so the same table can be stored in many spellings.

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

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A keyword, a bare or unquoted identifier, or a number: written as it stands.
    Word(String),
    /// A string literal, with its quotes.
    Literal(String),
    /// An identifier that must stay quoted.
    Quoted(String),
    /// Punctuation or an operator.
    Symbol(String),
}

impl Token {
    fn text(&self) -> &str {
        match self {
            Token::Word(s) | Token::Literal(s) | Token::Quoted(s) | Token::Symbol(s) => s,
        }
    }

    fn is(&self, symbol: &str) -> bool {
        matches!(self, Token::Symbol(s) if s == symbol)
    }

    fn is_keyword(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(s) if s == keyword)
    }
}

fn tokenize(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if ahead(&chars, i, 2) == "--" {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if ahead(&chars, i, 2) == "/*" {
            i += 2;
            while i < chars.len() && ahead(&chars, i, 2) != "*/" {
                i += 1;
            }
            i = (i + 2).min(chars.len());
        } else if c == '\'' {
            let (text, end) = quoted(&chars, i, '\'');
            tokens.push(Token::Literal(format!("'{}'", text.replace('\'', "''"))));
            i = end;
        } else if c == '"' || c == '`' || c == '[' {
            let close = match c {
                '[' => ']',
                other => other,
            };
            let (name, end) = quoted(&chars, i, close);
            tokens.push(identifier(name));
            i = end;
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(Token::Word(if is_keyword(&word) {
                word.to_ascii_uppercase()
            } else {
                word
            }));
        } else {
            let two = ahead(&chars, i, 2);
            let symbol = if ["<=", ">=", "!=", "<>", "==", "||", "<<", ">>"].contains(&two.as_str())
            {
                two
            } else {
                c.to_string()
            };
            i += symbol.chars().count();
            tokens.push(Token::Symbol(symbol));
        }
    }
    tokens
}

/// The next `n` characters from `i` on.
fn ahead(chars: &[char], i: usize, n: usize) -> String {
    chars[i..].iter().take(n).collect()
}

/// The text between the quote at `start` and its closing quote (a doubled closing quote
/// stands for itself), and the index just past the end.
fn quoted(chars: &[char], start: usize, close: char) -> (String, usize) {
    let mut text = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == close {
            if close != ']' && chars.get(i + 1) == Some(&close) {
                text.push(close);
                i += 2;
                continue;
            }
            return (text, i + 1);
        }
        text.push(chars[i]);
        i += 1;
    }
    (text, i)
}

fn identifier(name: String) -> Token {
    let quoted = quote_identifier(&name);
    if quoted == name {
        Token::Word(name)
    } else {
        Token::Quoted(quoted)
    }
}

/// The positions of the parentheses around a `CREATE TABLE`'s columns, if it is one
/// (and not `CREATE TABLE ... AS SELECT`).
fn create_table_body(tokens: &[Token]) -> Option<(usize, usize)> {
    if !tokens.first()?.is_keyword("CREATE") {
        return None;
    }
    let table_at = tokens.iter().take(3).position(|t| t.is_keyword("TABLE"))?;
    let open = table_at
        + tokens[table_at..]
            .iter()
            .position(|t| t.is("(") || t.is_keyword("AS"))?;
    if !tokens[open].is("(") {
        return None;
    }
    let mut depth = 0;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        if token.is("(") {
            depth += 1;
        } else if token.is(")") {
            depth -= 1;
            if depth == 0 {
                return Some((open, i));
            }
        }
    }
    None
}

fn split_top_level(tokens: &[Token]) -> Vec<&[Token]> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.is("(") {
            depth += 1;
        } else if token.is(")") {
            depth -= 1;
        } else if token.is(",") && depth == 0 {
            items.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    items.push(&tokens[start..]);
    items
}

/// The tokens with one space between them, none inside parentheses or before a comma, and a
/// call or type written `name(args)`.
fn join(tokens: &[Token]) -> String {
    let mut text = String::new();
    let mut previous: Option<&Token> = None;
    for token in tokens {
        let glued = match previous {
            None => true,
            Some(p) if p.is("(") || p.is(".") => true,
            Some(_) if token.is(",") || token.is(")") || token.is(".") || token.is(";") => true,
            Some(Token::Word(w)) if token.is("(") => !is_keyword(w),
            Some(Token::Quoted(_)) if token.is("(") => true,
            Some(_) => false,
        };
        if !glued {
            text.push(' ');
        }
        text.push_str(token.text());
        previous = Some(token);
    }
    text
}

fn is_keyword(word: &str) -> bool {
    let upper = word.to_ascii_uppercase();
    KEYWORDS.binary_search(&upper.as_str()).is_ok()
}

/// SQLite's keywords (https://sqlite.org/lang_keywords.html), sorted.
const KEYWORDS: &[&str] = &[
    "ABORT",
    "ACTION",
    "ADD",
    "AFTER",
    "ALL",
    "ALTER",
    "ALWAYS",
    "ANALYZE",
    "AND",
    "AS",
    "ASC",
    "ATTACH",
    "AUTOINCREMENT",
    "BEFORE",
    "BEGIN",
    "BETWEEN",
    "BY",
    "CASCADE",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "COMMIT",
    "CONFLICT",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "DATABASE",
    "DEFAULT",
    "DEFERRABLE",
    "DEFERRED",
    "DELETE",
    "DESC",
    "DETACH",
    "DISTINCT",
    "DO",
    "DROP",
    "EACH",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXCLUDE",
    "EXCLUSIVE",
    "EXISTS",
    "EXPLAIN",
    "FAIL",
    "FILTER",
    "FIRST",
    "FOLLOWING",
    "FOR",
    "FOREIGN",
    "FROM",
    "FULL",
    "GENERATED",
    "GLOB",
    "GROUP",
    "GROUPS",
    "HAVING",
    "IF",
    "IGNORE",
    "IMMEDIATE",
    "IN",
    "INDEX",
    "INDEXED",
    "INITIALLY",
    "INNER",
    "INSERT",
    "INSTEAD",
    "INTERSECT",
    "INTO",
    "IS",
    "ISNULL",
    "JOIN",
    "KEY",
    "LAST",
    "LEFT",
    "LIKE",
    "LIMIT",
    "MATCH",
    "MATERIALIZED",
    "NATURAL",
    "NO",
    "NOT",
    "NOTHING",
    "NOTNULL",
    "NULL",
    "NULLS",
    "OF",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OTHERS",
    "OUTER",
    "OVER",
    "PARTITION",
    "PLAN",
    "PRAGMA",
    "PRECEDING",
    "PRIMARY",
    "QUERY",
    "RAISE",
    "RANGE",
    "RECURSIVE",
    "REFERENCES",
    "REGEXP",
    "REINDEX",
    "RELEASE",
    "RENAME",
    "REPLACE",
    "RESTRICT",
    "RETURNING",
    "RIGHT",
    "ROLLBACK",
    "ROW",
    "ROWS",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "TABLE",
    "TEMP",
    "TEMPORARY",
    "THEN",
    "TIES",
    "TO",
    "TRANSACTION",
    "TRIGGER",
    "UNBOUNDED",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VACUUM",
    "VALUES",
    "VIEW",
    "VIRTUAL",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "WITHOUT",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_sorted_for_binary_search() {
        assert!(KEYWORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

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
