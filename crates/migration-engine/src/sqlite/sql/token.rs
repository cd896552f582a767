//! A SQL statement as SQLite's tokens (comments dropped, keywords upper-cased, identifiers
//! quoted only where they must be), and the ways of putting them back together.

use super::{is_keyword, quote_identifier};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
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
    pub(super) fn text(&self) -> &str {
        match self {
            Token::Word(s) | Token::Literal(s) | Token::Quoted(s) | Token::Symbol(s) => s,
        }
    }

    pub(super) fn is(&self, symbol: &str) -> bool {
        matches!(self, Token::Symbol(s) if s == symbol)
    }

    pub(super) fn is_keyword(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(s) if s == keyword)
    }
}

pub(super) fn tokenize(sql: &str) -> Vec<Token> {
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
pub(super) fn create_table_body(tokens: &[Token]) -> Option<(usize, usize)> {
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

pub(super) fn split_top_level(tokens: &[Token]) -> Vec<&[Token]> {
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
pub(super) fn join(tokens: &[Token]) -> String {
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
