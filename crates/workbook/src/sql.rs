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

/// The kinds of constraint a `CREATE TABLE` can declare that SQLite lets you name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey,
    NotNull,
    Unique,
    Check,
    ForeignKey,
}

/// One constraint of a `CREATE TABLE`, on a column or on the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// The name given with `CONSTRAINT name`, if any.
    pub name: Option<String>,
    pub kind: ConstraintKind,
    /// The columns it constrains (for a column constraint, that column).
    pub columns: Vec<String>,
    /// For a CHECK, its expression, normalised; else empty.
    pub expression: String,
}

/// The constraints a `CREATE TABLE` statement declares, in order; none if it is not one.
pub fn table_constraints(sql: &str) -> Vec<Constraint> {
    let tokens = tokenize(sql);
    let Some((open, close)) = create_table_body(&tokens) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for item in split_top_level(&tokens[open + 1..close]) {
        let table_level = item.first().is_some_and(|t| {
            ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
                .iter()
                .any(|k| t.is_keyword(k))
        });
        let column = match (table_level, item.first()) {
            (false, Some(first)) => Some(unquoted(first)),
            _ => None,
        };
        let body = if column.is_some() { &item[1..] } else { item };
        found.extend(item_constraints(body, column));
    }
    found
}

/// The constraints in one column definition (after its name) or one table constraint.
fn item_constraints(tokens: &[Token], column: Option<String>) -> Vec<Constraint> {
    let mut found = Vec::new();
    let mut name = None;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let next_is = |keyword: &str| tokens.get(i + 1).is_some_and(|t| t.is_keyword(keyword));
        let kind = if token.is_keyword("CONSTRAINT") {
            name = tokens.get(i + 1).map(unquoted);
            i += 2;
            continue;
        } else if token.is_keyword("PRIMARY") && next_is("KEY") {
            Some(ConstraintKind::PrimaryKey)
        } else if token.is_keyword("NOT") && next_is("NULL") {
            Some(ConstraintKind::NotNull)
        } else if token.is_keyword("UNIQUE") {
            Some(ConstraintKind::Unique)
        } else if token.is_keyword("CHECK") {
            Some(ConstraintKind::Check)
        } else if token.is_keyword("REFERENCES") || (token.is_keyword("FOREIGN") && next_is("KEY"))
        {
            Some(ConstraintKind::ForeignKey)
        } else {
            None
        };
        // What follows in parentheses: the CHECK's expression or the table constraint's columns.
        let group = tokens[i..]
            .iter()
            .position(|t| t.is("("))
            .and_then(|at| parenthesised(&tokens[i + at..]));
        if let Some(kind) = kind {
            let columns = match (&column, group) {
                (Some(column), _) => vec![column.clone()],
                (None, Some(inner)) if kind != ConstraintKind::Check => split_top_level(inner)
                    .iter()
                    .filter_map(|c| c.first().map(unquoted))
                    .collect(),
                _ => Vec::new(),
            };
            let expression = match (kind, group) {
                (ConstraintKind::Check, Some(inner)) => join(inner),
                _ => String::new(),
            };
            found.push(Constraint {
                name: name.take(),
                kind,
                columns,
                expression,
            });
            // A table-level FOREIGN KEY's REFERENCES is part of the same constraint.
            if kind == ConstraintKind::ForeignKey && token.is_keyword("FOREIGN") {
                while i < tokens.len() && !tokens[i].is_keyword("REFERENCES") {
                    i += 1;
                }
            }
        } else if token.is("(") {
            // Skip a parenthesised group that belongs to something else (a DEFAULT, a type).
            let inner = parenthesised(&tokens[i..]).map_or(0, <[Token]>::len);
            i += inner + 1;
        } else if token.is_keyword("DEFAULT") || token.is_keyword("COLLATE") {
            name = None;
        }
        i += 1;
    }
    found
}

/// The tokens inside the parentheses that open at `tokens[0]`, if it is `(` and they close.
fn parenthesised(tokens: &[Token]) -> Option<&[Token]> {
    if !tokens.first()?.is("(") {
        return None;
    }
    let mut depth = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.is("(") {
            depth += 1;
        } else if token.is(")") {
            depth -= 1;
            if depth == 0 {
                return Some(&tokens[1..i]);
            }
        }
    }
    None
}

/// An identifier's name without its quotes.
fn unquoted(token: &Token) -> String {
    match token {
        Token::Quoted(q) => q[1..q.len() - 1].replace("\"\"", "\""),
        other => other.text().to_string(),
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
    fn constraints_are_read_with_their_names_and_columns() {
        let sql = "CREATE TABLE \"tasks\" (
            id INTEGER PRIMARY KEY NOT NULL,
            description TEXT NOT NULL DEFAULT ('x')
                CONSTRAINT ck_tasks_description_not_blank CHECK (trim(description) <> ''),
            user_id INTEGER CONSTRAINT fk_tasks_user_id REFERENCES users(id) ON DELETE SET NULL,
            category_id INTEGER REFERENCES categories(id),
            name TEXT UNIQUE,
            CONSTRAINT uq_pair UNIQUE (user_id, \"name\"),
            CHECK (id > 0),
            FOREIGN KEY (category_id) REFERENCES categories(id)
        )";
        let c = |name: Option<&str>, kind, columns: &[&str], expression: &str| Constraint {
            name: name.map(str::to_string),
            kind,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            expression: expression.to_string(),
        };
        use ConstraintKind::*;
        let ck = Some("ck_tasks_description_not_blank");
        assert_eq!(
            table_constraints(sql),
            [
                c(None, PrimaryKey, &["id"], ""),
                c(None, NotNull, &["id"], ""),
                c(None, NotNull, &["description"], ""),
                c(ck, Check, &["description"], "trim(description) <> ''"),
                c(Some("fk_tasks_user_id"), ForeignKey, &["user_id"], ""),
                c(None, ForeignKey, &["category_id"], ""),
                c(None, Unique, &["name"], ""),
                c(Some("uq_pair"), Unique, &["user_id", "name"], ""),
                c(None, Check, &[], "id > 0"),
                c(None, ForeignKey, &["category_id"], ""),
            ]
        );
        assert!(table_constraints("CREATE INDEX ix ON t(a)").is_empty());
    }

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
