//! A reshaping migration carries every row over, and its down carries every row back: the
//! rows read before it runs are compared, line by line, with the rows read after it and after
//! its down.

use super::SEED;
use crate::harness::scratch::Scratch;
use crate::migration;

/// Seeds the database at lesson-04's stage and runs the lesson's migrations up to, not
/// including, `name`. Then runs `name`, checks the new shape with `shape` and that the query
/// `after` (on the new shape) gives the lines `before` gave (on the old); then reverts `name`
/// and checks that `before` gives them again.
pub(super) fn carried(
    s: &mut Scratch,
    name: &str,
    before: &str,
    after: &str,
    shape: fn(&mut Scratch) -> Result<(), String>,
) -> Result<(), String> {
    let Some(m) = s.migrations().named(name) else {
        return Err(format!("there is no migration named {name} in migrations/"));
    };
    s.migrate_through("create_task")?;
    s.execute(SEED)
        .map_err(|e| format!("the lesson's sample rows do not fit lesson-04's tables: {e}"))?;
    let all = s.migrations();
    let pending = migration::pending(s.conn(), all).map_err(|e| e.to_string())?;
    for earlier in pending
        .into_iter()
        .take_while(|p| migration::short_name(*p) != name)
    {
        s.up(earlier)?;
    }
    let expected = sorted(s.lines(before).map_err(|e| {
        let cause = e.split(" (running:").next().unwrap_or(&e);
        format!("before {name} runs, the schema it starts from is not there ({cause}): make the lesson's earlier migrations pass first")
    })?);
    s.up(m)?;
    shape(s).map_err(|e| format!("after {name} ran, {e}"))?;
    compare(
        &expected,
        sorted(s.lines(after)?),
        &format!("after {name} ran"),
    )?;
    s.down(m)?;
    let back = s
        .lines(before)
        .map_err(|e| format!("after {name} was reverted, the old shape is not back: {e}"))?;
    compare(
        &expected,
        sorted(back),
        &format!("after {name} was reverted"),
    )
}

fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines
}

/// The first difference between two sorted lists of `key: values` lines, said in words: a
/// line whose values changed first (the clearest sign), else a line that is missing, else one
/// that is new.
fn compare(expected: &[String], found: Vec<String>, when: &str) -> Result<(), String> {
    if expected == found {
        return Ok(());
    }
    let key = |line: &str| line.split(':').next().unwrap_or(line).to_string();
    let missing: Vec<&String> = expected.iter().filter(|l| !found.contains(l)).collect();
    for line in &missing {
        if let Some(other) = found
            .iter()
            .find(|f| key(f) == key(line) && !expected.contains(f))
        {
            return Err(format!(
                "{when}, {} changed: expected `{line}`, found `{other}`",
                key(line)
            ));
        }
    }
    if let Some(line) = missing.first() {
        return Err(format!(
            "{when}, {} is missing (it was `{line}`)",
            key(line)
        ));
    }
    let mut extra = found.clone();
    for line in expected {
        if let Some(at) = extra.iter().position(|f| f == line) {
            extra.remove(at);
        }
    }
    Err(format!(
        "{when}, there is a row that was not there before: `{}`",
        extra.first().map_or("", String::as_str)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_changed_value_is_named_before_a_missing_row() {
        let expected = lines(&["category 'A'", "task 1: 'A'", "task 2: NULL"]);
        assert_eq!(compare(&expected, expected.clone(), "now"), Ok(()));
        assert_eq!(
            compare(&expected, lines(&["task 1: NULL", "task 2: NULL"]), "now"),
            Err("now, task 1 changed: expected `task 1: 'A'`, found `task 1: NULL`".into())
        );
        assert_eq!(
            compare(&expected, lines(&["category 'A'", "task 1: 'A'"]), "now"),
            Err("now, task 2 is missing (it was `task 2: NULL`)".into())
        );
        let mut doubled = expected.clone();
        doubled.insert(0, "category 'A'".into());
        assert_eq!(
            compare(&expected, doubled, "now"),
            Err("now, there is a row that was not there before: `category 'A'`".into())
        );
    }
}
