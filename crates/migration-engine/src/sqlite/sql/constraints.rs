//! The constraints a `CREATE TABLE` declares, each with its name (if it has one), its kind,
//! and the columns it constrains.

use super::token::{Token, create_table_body, join, split_top_level, tokenize};

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
}
