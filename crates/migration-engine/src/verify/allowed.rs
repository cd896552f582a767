//! What a CHECK allows a column, read from its text where that is plain (`status IN ('open',
//! 'done')`, `quantity > 0`, `id = 0`), so that generated rows meet it by reading rather than by luck.

use diesel::sqlite::SqliteConnection;

use crate::sqlite::schema;
use crate::sqlite::sql::{ConstraintKind, table_constraints};

/// What a CHECK allows a column, read from its text.
pub enum Allowed {
    /// `c IN (...)`: these literals.
    Listed(Vec<String>),
    /// `c > n` (`n + 1` and up) or `c >= n`.
    From(i64),
}

impl Allowed {
    pub fn pick(&self, k: u64) -> String {
        match self {
            Allowed::Listed(values) => values[(k as usize) % values.len()].clone(),
            Allowed::From(n) => (n + k as i64).to_string(),
        }
    }
}

/// The columns of `table` whose CHECK says plainly what they allow (`status IN ('open',
/// 'done')`, `quantity > 0`), with what it allows.
pub fn checks(conn: &mut SqliteConnection, table: &str) -> Vec<(String, Allowed)> {
    let Ok(Some(sql)) = schema::table_sql(conn, table) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for check in table_constraints(&sql)
        .into_iter()
        .filter(|c| c.kind == ConstraintKind::Check)
    {
        // One condition only: `a IN (...) OR b > 0` says nothing plain about either.
        let lower = check.expression.to_ascii_lowercase();
        if [" or ", " and ", " not "].iter().any(|w| lower.contains(w)) {
            continue;
        }
        let text = check.expression.trim();
        let text = text
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .unwrap_or(text);
        if let Some(allowed) = allowed(text) {
            found.push(allowed);
        }
    }
    found
}

/// `status IN ('a', 'b')`, `id = 0`, `n > 0`, `n >= 1`: the column and what it allows.
fn allowed(text: &str) -> Option<(String, Allowed)> {
    let (column, rest) = text.split_once(char::is_whitespace)?;
    let column = column.trim_matches(['"', '`', '[', ']']).to_string();
    let rest = rest.trim();
    let literal = |i: &String| {
        (i.len() >= 2
            && i.starts_with('\'')
            && i.ends_with('\'')
            && !i[1..i.len() - 1].contains('\''))
            || i.parse::<f64>().is_ok()
    };
    if let Some(list) = strip_keyword(rest, "IN") {
        let list = list.trim().strip_prefix('(')?.strip_suffix(')')?;
        let items: Vec<String> = list.split(',').map(|i| i.trim().to_string()).collect();
        if items.is_empty() || !items.iter().all(literal) {
            return None;
        }
        return Some((column, Allowed::Listed(items)));
    }
    // `id = 0`: a table of one row.
    if let Some(value) = rest.strip_prefix("==").or_else(|| rest.strip_prefix('=')) {
        let value = value.trim().to_string();
        return literal(&value).then_some((column, Allowed::Listed(vec![value])));
    }
    let (bound, above) = if let Some(n) = rest.strip_prefix(">=") {
        (n, 0)
    } else {
        (rest.strip_prefix('>')?, 1)
    };
    let n: i64 = bound.trim().parse().ok()?;
    Some((column, Allowed::From(n + above - 1)))
}

/// `rest` after a leading keyword (any case) and a space.
fn strip_keyword<'a>(rest: &'a str, keyword: &str) -> Option<&'a str> {
    let head = rest.get(..keyword.len())?;
    let tail = &rest[keyword.len()..];
    (head.eq_ignore_ascii_case(keyword) && tail.starts_with([' ', '('])).then_some(tail)
}
