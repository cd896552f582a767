//! Values that a table's CHECK constraints accept, read from their definitions as
//! `pg_get_constraintdef` prints them: a string that matches each regular expression a column
//! is compared with (`code ~ '^[A-Z]{2}[0-9]{3,4}$'`), the strings and numbers the check names
//! (`IN (...)` lists, `= 1`, `> 0`) and their neighbours. Generated rows try them when their
//! usual values are refused.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Candidate values for `column` from the CHECK definitions `checks`, as SQL literals without a
/// cast; `k` varies the strings made from regular expressions, so that rows differ.
pub fn candidates(checks: &[String], column: &str, k: u64) -> Vec<String> {
    let mut found = Vec::new();
    for check in checks.iter().filter(|c| names(c, column)) {
        for (before, literal) in string_literals(check) {
            if before.ends_with('~') || before.ends_with("~*") {
                found.extend(matching(&literal, k).map(|s| quoted(&s)));
            } else {
                found.push(quoted(&literal));
            }
        }
        for number in numbers(check) {
            for n in [number, number + 1, number - 1] {
                found.push(n.to_string());
            }
        }
    }
    found.dedup();
    found
}

/// Whether `check` names `column` as a word of its own.
fn names(check: &str, column: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    check.match_indices(column).any(|(at, _)| {
        let before = check[..at].chars().next_back();
        let after = check[at + column.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// The string literals of `check`, each with the text before it (trimmed): `("code ~", "^A$")`.
fn string_literals(check: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = check;
    let mut consumed = 0;
    while let Some(open) = rest.find('\'') {
        let before = check[..consumed + open].trim_end().to_string();
        let mut literal = String::new();
        let mut chars = rest[open + 1..].char_indices().peekable();
        let mut end = rest.len() - open - 1;
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                    chars.next();
                    literal.push('\'');
                    continue;
                }
                end = i + 1;
                break;
            }
            literal.push(c);
        }
        out.push((before, literal));
        consumed += open + 1 + end;
        rest = &check[consumed..];
    }
    out
}

/// The whole numbers `check` compares with, outside its string literals.
fn numbers(check: &str) -> Vec<i64> {
    let mut outside = String::new();
    let mut quoted = false;
    for c in check.chars() {
        if c == '\'' {
            quoted = !quoted;
        } else if !quoted {
            outside.push(c);
        }
    }
    outside
        .split(|c: char| !c.is_ascii_digit() && c != '-')
        .filter_map(|word| word.parse::<i64>().ok())
        .filter(|n| n.abs() < 1_000_000_000)
        .collect()
}

fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A string the regular expression `pattern` matches (PostgreSQL's `~` finds a match anywhere,
/// so the string is the match itself); `k` picks among the characters each class allows.
pub fn matching(pattern: &str, mut k: u64) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    sample(&hir, &mut k, &mut out).then_some(out)
}

fn sample(hir: &Hir, k: &mut u64, out: &mut String) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => {
                out.push_str(text);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(Class::Unicode(class)) => {
            let allowed: Vec<char> = class
                .ranges()
                .iter()
                .flat_map(|r| (r.start()..=r.end()).take(64))
                .filter(|c| !c.is_control())
                .collect();
            let plain: Vec<char> = allowed
                .iter()
                .copied()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let from = if plain.is_empty() { &allowed } else { &plain };
            pick(from, k).is_some_and(|c| {
                out.push(c);
                true
            })
        }
        HirKind::Class(Class::Bytes(class)) => {
            let allowed: Vec<char> = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .filter(|b| b.is_ascii_alphanumeric())
                .map(char::from)
                .collect();
            pick(&allowed, k).is_some_and(|c| {
                out.push(c);
                true
            })
        }
        HirKind::Repetition(repetition) => {
            let times = repetition.min.max(u32::from(repetition.max != Some(0)));
            (0..times).all(|_| sample(&repetition.sub, k, out))
        }
        HirKind::Capture(capture) => sample(&capture.sub, k, out),
        HirKind::Concat(parts) => parts.iter().all(|part| sample(part, k, out)),
        HirKind::Alternation(choices) => {
            let n = choices.len() as u64;
            let choice = (*k % n) as usize;
            *k /= n;
            sample(&choices[choice], k, out)
        }
    }
}

/// The `k`-th of `chars` (its digits in their number), `k` moved on past the choice.
fn pick(chars: &[char], k: &mut u64) -> Option<char> {
    let n = chars.len() as u64;
    let c = *chars.get((*k % n.max(1)) as usize)?;
    *k /= n.max(1);
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_is_made_for_a_regular_expression_and_differs_with_k() {
        let pattern = "^[A-Z]{2}[0-9]{3,4}$";
        let re = |s: &str| {
            s.len() == 5
                && s[..2].chars().all(|c| c.is_ascii_uppercase())
                && s[2..].chars().all(|c| c.is_ascii_digit())
        };
        let (a, b) = (matching(pattern, 0).unwrap(), matching(pattern, 1).unwrap());
        assert!(re(&a) && re(&b), "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(
            matching("^(draft|published)$", 1).as_deref(),
            Some("published")
        );
    }

    #[test]
    fn candidates_come_from_the_checks_that_name_the_column() {
        let checks = [
            "CHECK ((code ~ '^[A-Z]{2}[0-9]{3}$'::text))".to_string(),
            "CHECK ((status = ANY (ARRAY['open'::text, 'it''s done'::text])))".to_string(),
            "CHECK ((id = 1))".to_string(),
        ];
        assert_eq!(candidates(&checks, "status", 0), ["'open'", "'it''s done'"]);
        assert_eq!(candidates(&checks, "id", 0), ["1", "2", "0"]);
        assert_eq!(candidates(&checks, "code", 0), ["'AA000'"]);
        assert!(candidates(&checks, "cod", 0).is_empty());
    }
}
