//! What a project accepts on purpose, with its reason: `-- verify-migrations: allow RULE -- why`
//! on the line before a statement turns that statement's findings of RULE into notes that quote
//! the reason; at the top of a file, apart from its first statement by a blank line, it does so
//! for every finding of RULE about the migration. Several rules may be named, separated by
//! commas. A suppression with no reason, naming no rule, or allowing nothing that was found is
//! itself a problem (`suppression`), so that accepted risks stay written down and current.
//! A down.sql whose comment says it cannot give the old data back (`-- No-op: old data cannot be
//! restored`) allows `down-loses-rows` for its migration the same way, in its own words.

use std::path::Path;

use crate::rules::{self, Problem, down_loses_rows, suppression};

/// The comment that starts a suppression, matched without regard to case.
const MARKER: &str = "-- verify-migrations: allow";

/// One suppression as written.
#[derive(Debug)]
struct Allow {
    migration: String,
    /// `up.sql` or `down.sql`, and the line the comment is on.
    file: &'static str,
    line: usize,
    /// The line of the statement it is about; `None`: the whole migration.
    statement: Option<usize>,
    rules: Vec<String>,
    reason: String,
    used: bool,
    /// Said in the down's own words, not with the marker: never a problem of its own.
    in_own_words: bool,
}

/// Applies the suppressions written in the migrations `judged` of `dir` to `problems`, and adds
/// the problems of the suppressions themselves. `unreached`: judged migrations the walk never
/// reached, whose suppressions cannot have been used.
pub fn apply(dir: &Path, judged: &[String], unreached: &[String], problems: &mut Vec<Problem>) {
    let mut allows: Vec<Allow> = judged
        .iter()
        .flat_map(|name| {
            ["up.sql", "down.sql"].into_iter().flat_map(move |file| {
                let text = std::fs::read_to_string(dir.join(name).join(file)).unwrap_or_default();
                read(name, file, &text)
            })
        })
        .collect();
    allows.extend(judged.iter().filter_map(|name| {
        let text = std::fs::read_to_string(dir.join(name).join("down.sql")).ok()?;
        let (line, reason) = cannot_restore(&text)?;
        Some(Allow {
            migration: name.clone(),
            file: "down.sql",
            line,
            statement: None,
            rules: vec![down_loses_rows::RULE.name.to_string()],
            reason,
            used: false,
            in_own_words: true,
        })
    }));
    for problem in problems.iter_mut().filter(|p| !p.note) {
        let Some(migration) = problem.migration.clone() else {
            continue;
        };
        let at = statement_of(problem, &migration);
        if let Some(allow) = allows.iter_mut().find(|a| {
            a.migration == migration
                && a.rules.iter().any(|r| r == problem.rule)
                && !a.reason.is_empty()
                && a.statement.is_none_or(|line| at == Some((a.file, line)))
        }) {
            allow.used = true;
            problem.note = true;
            problem.text += &match allow.in_own_words {
                true => format!(" (the down says so: {:?})", allow.reason),
                false => format!(" (allowed: {})", allow.reason),
            };
        }
    }
    for allow in allows.iter().filter(|a| !a.in_own_words) {
        let at = format!(
            "migrations/{}/{}:{}",
            allow.migration, allow.file, allow.line
        );
        let wrong = if allow.reason.is_empty() {
            Some("gives no reason: write it after ` -- `".to_string())
        } else if let Some(unknown) = allow.rules.iter().find(|r| rules::named(r).is_none()) {
            Some(format!(
                "names {unknown:?}, which is no rule (`--explain` lists them)"
            ))
        } else if !allow.used && !unreached.contains(&allow.migration) {
            Some(format!(
                "allows {} but verify found nothing of it there: remove it",
                allow.rules.join(", ")
            ))
        } else {
            None
        };
        if let Some(wrong) = wrong {
            problems.push(
                Problem::new(
                    &suppression::RULE,
                    Some(&allow.migration),
                    format!("{at}: the suppression {wrong}"),
                )
                .in_file(allow.file, Some(allow.line)),
            );
        }
    }
}

/// The suppressions in `text`, the `file` of migration `name`.
fn read(name: &str, file: &'static str, text: &str) -> Vec<Allow> {
    let lines: Vec<&str> = text.lines().collect();
    let code = |line: &str| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with("--")
    };
    let first_statement = lines.iter().position(|l| code(l));
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let Some(rest) = trimmed
            .get(..MARKER.len())
            .filter(|head| head.eq_ignore_ascii_case(MARKER))
            .map(|_| &trimmed[MARKER.len()..])
        else {
            continue;
        };
        let (names, reason) = rest.split_once(" -- ").unwrap_or((rest, ""));
        // The statement it stands before: past other comments, with no blank line between.
        let next = lines[index + 1..]
            .iter()
            .position(|l| !l.trim().starts_with("--"))
            .map(|n| index + 1 + n)
            .filter(|&n| code(lines[n]));
        let whole = first_statement.is_none_or(|first| index < first) && next.is_none();
        found.push(Allow {
            migration: name.to_string(),
            file,
            line: index + 1,
            statement: if whole {
                None
            } else {
                Some(next.map_or(0, |n| n + 1))
            },
            rules: names
                .split(',')
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect(),
            reason: reason.trim().to_string(),
            used: false,
            in_own_words: false,
        });
    }
    found
}

/// The first comment of a down.sql that says it cannot give the old data back (`cannot be
/// restored`, `No-op`, `irreversible`, ...), with its line.
fn cannot_restore(text: &str) -> Option<(usize, String)> {
    let any = |text: &str, words: &[&str]| words.iter().any(|w| text.contains(w));
    text.lines().enumerate().find_map(|(index, line)| {
        let comment = line.trim().strip_prefix("--")?.trim();
        let lower = comment.to_ascii_lowercase();
        let says = any(&lower, &["no-op", "noop", "irreversible", "not reversible"])
            || any(&lower, &["no going back", "lossy"])
            || (any(
                &lower,
                &["cannot", "can't", "can not", "unable to", "impossible"],
            ) && any(
                &lower,
                &["restore", "recover", "undo", "revert", "reverse", "back"],
            ));
        says.then(|| (index + 1, comment.to_string()))
    })
}

/// The file and line a statement's finding names (`migrations/NAME/up.sql:12: ...`).
fn statement_of(problem: &Problem, migration: &str) -> Option<(&'static str, usize)> {
    let rest = problem
        .text
        .strip_prefix(&format!("migrations/{migration}/"))?;
    let (file, rest) = rest.split_once(':')?;
    let file = match file {
        "up.sql" => "up.sql",
        "down.sql" => "down.sql",
        _ => return None,
    };
    let line = rest.split(':').next()?.parse().ok()?;
    Some((file, line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{index_blocks_writes, up_loses_rows};

    fn folder(up: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("2024-01-02-000000_m");
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(m.join("up.sql"), up).unwrap();
        dir
    }

    fn found(rule: &rules::Rule, text: &str) -> Problem {
        Problem::new(rule, Some("2024-01-02-000000_m"), text)
    }

    #[test]
    fn a_suppression_before_a_statement_turns_its_finding_into_a_note_with_the_reason() {
        let dir = folder(
            "SELECT 1;\n-- verify-migrations: allow index-blocks-writes -- the table holds 40 rows\n\
             CREATE INDEX a ON t (x);\nCREATE INDEX b ON t (y);\n",
        );
        let mut problems = vec![
            found(
                &index_blocks_writes::RULE,
                "migrations/2024-01-02-000000_m/up.sql:3: CREATE INDEX ...",
            ),
            found(
                &index_blocks_writes::RULE,
                "migrations/2024-01-02-000000_m/up.sql:4: CREATE INDEX ...",
            ),
        ];
        apply(
            dir.path(),
            &["2024-01-02-000000_m".into()],
            &[],
            &mut problems,
        );
        assert!(problems[0].note, "{problems:?}");
        assert!(
            problems[0]
                .text
                .ends_with("(allowed: the table holds 40 rows)")
        );
        assert!(
            !problems[1].note,
            "the next statement is not allowed: {problems:?}"
        );
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn a_down_that_says_it_cannot_restore_the_data_allows_down_loses_rows() {
        let dir = folder("UPDATE posts SET state = 'published';\n");
        let m = dir.path().join("2024-01-02-000000_m");
        std::fs::write(
            m.join("down.sql"),
            "DROP INDEX posts_state;\n-- No-op: old data cannot be restored\n",
        )
        .unwrap();
        let lost = || found(&down_loses_rows::RULE, "reverting migrations/... does not");
        let mut problems = vec![lost(), found(&up_loses_rows::RULE, "loses data")];
        apply(
            dir.path(),
            &["2024-01-02-000000_m".into()],
            &[],
            &mut problems,
        );
        assert!(problems[0].note, "{problems:?}");
        assert!(
            problems[0]
                .text
                .ends_with("(the down says so: \"No-op: old data cannot be restored\")")
        );
        assert!(!problems[1].note, "only down-loses-rows: {problems:?}");
        assert_eq!(
            problems.len(),
            2,
            "said in its own words, unused is no problem"
        );
        assert_eq!(
            cannot_restore("-- This file should undo anything in `up.sql`\n"),
            None
        );
        assert!(cannot_restore("-- can't bring the old rows back\n").is_some());
    }

    #[test]
    fn a_suppression_at_the_top_covers_the_migration_and_bad_ones_are_problems() {
        let dir = folder(
            "-- verify-migrations: allow up-loses-rows -- the cache is rebuilt from the view\n\
             -- verify-migrations: allow table-rewrite\n\
             -- verify-migrations: allow no-such-rule -- why not\n\
             -- verify-migrations: allow index-blocks-writes -- nothing to allow\n\n\
             DELETE FROM cache;\n",
        );
        let mut problems = vec![found(
            &up_loses_rows::RULE,
            "migrations/2024-01-02-000000_m loses data",
        )];
        apply(
            dir.path(),
            &["2024-01-02-000000_m".into()],
            &[],
            &mut problems,
        );
        assert!(problems[0].note && problems[0].text.contains("the cache is rebuilt"));
        let said: Vec<&str> = problems[1..].iter().map(|p| p.text.as_str()).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(
            said[0].contains("up.sql:2: the suppression gives no reason"),
            "{said:?}"
        );
        assert!(
            said[1].contains("\"no-such-rule\", which is no rule"),
            "{said:?}"
        );
        assert!(
            said[2].contains("allows index-blocks-writes but verify found nothing"),
            "{said:?}"
        );
        assert!(
            problems[1..]
                .iter()
                .all(|p| p.rule == "suppression" && !p.note)
        );
    }
}
