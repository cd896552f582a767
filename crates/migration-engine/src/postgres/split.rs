//! A PostgreSQL script cut into its statements the way `psql` cuts it (its lexer,
//! `psqlscan.l`, followed rule by rule): a `;` ends a statement only outside quotes ('…', E'…',
//! "…", $tag$…$tag$), comments (`--`, nested `/* */`), parentheses and the `BEGIN ATOMIC … END`
//! body of a `CREATE FUNCTION`/`PROCEDURE`. Each statement keeps the line it starts on, so a
//! finding can point at it. `tools/split-check` proves it cuts every PostgreSQL script of the
//! corpus where PostgreSQL's own parser (libpg_query) does; it is not used here because its build
//! needs libclang, which `cargo test` on a fresh machine must not.

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Its text, from its first token to its `;` (included when there is one).
    pub text: String,
    /// The 1-based line its first token is on.
    pub line: usize,
}

impl Statement {
    /// Its words outside quotes and comments, upper-cased: `CREATE`, `INDEX`, `USERS`, ...
    pub fn words(&self) -> Vec<String> {
        let bytes = self.text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'-' && bytes.get(i + 1) == Some(&b'-') {
                i = self.text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
                i = skip_block_comment(bytes, i);
            } else if c == b'\'' || c == b'"' {
                i = skip_quoted(bytes, i, c, false);
            } else if let Some(tag_end) = (c == b'$').then(|| dollar_tag(bytes, i)).flatten() {
                let tag = &self.text[i..=tag_end];
                i = self.text[tag_end + 1..]
                    .find(tag)
                    .map_or(bytes.len(), |n| tag_end + 1 + n + tag.len());
            } else if c.is_ascii_alphabetic() || c == b'_' {
                let mut j = i;
                while j < bytes.len() && word_byte(bytes, j) {
                    j += 1;
                }
                out.push(self.text[i..j].to_ascii_uppercase());
                i = j;
            } else {
                i += 1;
            }
        }
        out
    }

    /// Whether its words hold `phrase` (upper-case words, in a row).
    pub fn says(&self, phrase: &[&str]) -> bool {
        self.words()
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
    }
}

/// The statements of `script`, comment-only and empty ones left out.
pub fn statements(script: &str) -> Vec<Statement> {
    let bytes = script.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut parens = 0usize;
    let mut words: Vec<String> = Vec::new();
    let mut begin_depth = 0usize;
    let mut i = 0;
    // Lines are counted from where the last statement began, so a long script is read once.
    let mut counted = (0usize, 1usize);
    let mut end_statement = |from: usize, to: usize, out: &mut Vec<Statement>| {
        let text = script[from..to].trim_end().to_string();
        if text.trim_end_matches(';').trim().is_empty() {
            return;
        }
        counted = (
            from,
            counted.1 + script[counted.0..from].matches('\n').count(),
        );
        out.push(Statement {
            text,
            line: counted.1,
        });
    };
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'-' && next == Some(b'-') {
            i = script[i..].find('\n').map_or(bytes.len(), |n| i + n);
            continue;
        }
        if c == b'/' && next == Some(b'*') {
            i = skip_block_comment(bytes, i);
            continue;
        }
        let token_start = i;
        let from = *start.get_or_insert(token_start);
        match c {
            b';' if parens == 0 && begin_depth == 0 => {
                end_statement(from, i + 1, &mut out);
                start = None;
                parens = 0;
                words.clear();
                i += 1;
                continue;
            }
            b'(' => parens += 1,
            b')' => parens = parens.saturating_sub(1),
            b'\'' => {
                let escapes = i > 0
                    && matches!(bytes[i - 1], b'e' | b'E')
                    && (i < 2 || !word_byte(bytes, i - 2));
                i = skip_quoted(bytes, i, b'\'', escapes);
                continue;
            }
            b'"' => {
                i = skip_quoted(bytes, i, b'"', false);
                continue;
            }
            b'$' => {
                if let Some(tag_end) = dollar_tag(bytes, i) {
                    let tag = &script[i..=tag_end];
                    i = script[tag_end + 1..]
                        .find(tag)
                        .map_or(bytes.len(), |n| tag_end + 1 + n + tag.len());
                    continue;
                }
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i;
                while j < bytes.len() && word_byte(bytes, j) {
                    j += 1;
                }
                let word = script[i..j].to_ascii_uppercase();
                if creates_routine(&words) {
                    match word.as_str() {
                        "BEGIN" | "CASE" => begin_depth += 1,
                        "END" => begin_depth = begin_depth.saturating_sub(1),
                        _ => {}
                    }
                }
                if words.len() < 4 {
                    words.push(word);
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(from) = start {
        end_statement(from, bytes.len(), &mut out);
    }
    out
}

/// Whether the statement so far is `CREATE [OR REPLACE] FUNCTION|PROCEDURE`, whose SQL-standard
/// body (`BEGIN ATOMIC … END`) holds semicolons.
fn creates_routine(words: &[String]) -> bool {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    matches!(
        w.as_slice(),
        ["CREATE", "FUNCTION" | "PROCEDURE", ..]
            | ["CREATE", "OR", "REPLACE", "FUNCTION" | "PROCEDURE", ..]
    )
}

fn word_byte(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$' || *b >= 0x80)
}

/// The index just past the quoted text opening at `i` (a doubled quote stays inside; with
/// `escapes`, so does a backslash-escaped one).
fn skip_quoted(bytes: &[u8], i: usize, quote: u8, escapes: bool) -> usize {
    let mut j = i + 1;
    while j < bytes.len() {
        if escapes && bytes[j] == b'\\' {
            j += 2;
            continue;
        }
        if bytes[j] == quote {
            if bytes.get(j + 1) == Some(&quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    bytes.len()
}

/// The index just past the block comment opening at `i`; they nest.
fn skip_block_comment(bytes: &[u8], i: usize) -> usize {
    let mut depth = 0;
    let mut j = i;
    while j + 1 < bytes.len() {
        match (bytes[j], bytes[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            }
            _ => j += 1,
        }
    }
    bytes.len()
}

/// The index of the closing `$` of a dollar-quote tag opening at `i` (`$$` or `$name$`); `None`
/// for a parameter such as `$1` or a `$` inside a word.
fn dollar_tag(bytes: &[u8], i: usize) -> Option<usize> {
    if i > 0 && word_byte(bytes, i - 1) {
        return None;
    }
    let mut j = i + 1;
    if bytes.get(j).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    while j < bytes.len()
        && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] >= 0x80)
    {
        j += 1;
    }
    (bytes.get(j) == Some(&b'$')).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str) -> Vec<String> {
        statements(script).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn semicolons_end_statements_only_outside_quotes_comments_and_bodies() {
        let script = "\
-- a comment; not a statement
CREATE TABLE \"a;b\" (x text DEFAULT 'it''s; fine', y text DEFAULT E'\\'; still');
/* block /* nested; */ still comment; */
CREATE FUNCTION f() RETURNS trigger AS $body$
BEGIN NEW.x := 'a;b'; RETURN NEW; END;
$body$ LANGUAGE plpgsql;
CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a; SELECT CASE WHEN a > 0 THEN 1 END; END;
SELECT $1, ($$;$$);
UPDATE t SET n = 1";
        assert_eq!(
            texts(script),
            [
                "CREATE TABLE \"a;b\" (x text DEFAULT 'it''s; fine', y text DEFAULT E'\\'; still');",
                "CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN NEW.x := 'a;b'; RETURN NEW; END;\n$body$ LANGUAGE plpgsql;",
                "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a; SELECT CASE WHEN a > 0 THEN 1 END; END;",
                "SELECT $1, ($$;$$);",
                "UPDATE t SET n = 1",
            ]
        );
    }

    #[test]
    fn words_leave_out_strings_bodies_and_comments() {
        let s = &statements(
            "ALTER TABLE \"Users\" /* x */ ADD COLUMN note TEXT DEFAULT 'drop table' -- y\n NOT NULL;",
        )[0];
        assert_eq!(
            s.words(),
            [
                "ALTER", "TABLE", "ADD", "COLUMN", "NOTE", "TEXT", "DEFAULT", "NOT", "NULL"
            ]
        );
        assert!(s.says(&["ADD", "COLUMN"]) && !s.says(&["DROP", "TABLE"]));
    }

    #[test]
    fn each_statement_knows_its_line_and_comment_only_scripts_are_empty() {
        let found = statements("\n\n  CREATE TABLE a (id int);\n-- x\nDROP TABLE b;\n");
        assert_eq!(found.iter().map(|s| s.line).collect::<Vec<_>>(), [3, 5]);
        assert!(statements("-- nothing here\n/* or here */\n;").is_empty());
        assert!(statements("-- nothing here\n").is_empty());
    }
}
