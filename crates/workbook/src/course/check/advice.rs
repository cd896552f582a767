//! What the checklist advises: a failure's hint made specific to what was found (the file, the
//! column, the statement to change), which failures are caused by another, and where a hint
//! points, so `Next:` shows the cause, in the earliest migration, up.sql before down.sql.

use super::report::Outcome;

/// Where `hint` points, for ordering: the first migration file it names (its folder, then
/// up.sql before down.sql), before any hint that names no migration file.
pub(super) fn place(hint: &str) -> (bool, String, bool) {
    match migration_file(hint) {
        // `*_name` is a migration the lesson does not have: nowhere yet.
        Some((folder, file)) if !folder.starts_with('*') => {
            (false, folder.to_string(), file.starts_with("down"))
        }
        _ => (true, String::new(), false),
    }
}

/// The first `migrations/FOLDER/FILE` in `text`, as (FOLDER, FILE).
fn migration_file(text: &str) -> Option<(&str, &str)> {
    let at = text.find("migrations/")?;
    let rest = &text[at + "migrations/".len()..];
    let path = rest
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '`' | ':'))
        .next()?;
    let (folder, file) = path.split_once('/')?;
    Some((folder, file.trim_end_matches('.')))
}

/// `migrations/*_NAME/` in `hint` made `migrations/FOLDER/` when exactly one of `folders` (the
/// lesson's migration folders) is named `*_NAME`.
pub(super) fn resolve(hint: &str, folders: &[String]) -> String {
    let mut text = hint.to_string();
    while let Some(at) = text.find("migrations/*_") {
        let start = at + "migrations/".len();
        let end = text[start..].find('/').map_or(text.len(), |i| start + i);
        let suffix = text[start + 1..end].to_string();
        let matching: Vec<&String> = folders
            .iter()
            .filter(|f| f.ends_with(&suffix) && f.len() > suffix.len())
            .collect();
        match matching.as_slice() {
            [one] => text.replace_range(start..end, one),
            _ => break,
        }
    }
    text
}

/// `hint` made specific to `found` where the finding says exactly what is wrong: a missing
/// comma, a column that should be NOT NULL, or the one of two migrations the finding is about.
pub(super) fn specific(found: &str, hint: &str) -> String {
    let file = migration_file(hint).map(|(folder, file)| format!("migrations/{folder}/{file}"));
    // The declared type is quoted as Rust quotes it: a line break is `\n`.
    if let (Some(file), Some((column, declared))) = (&file, declared_type(found))
        && let Some((first, _)) = declared.split_once("\\n")
    {
        let first = first.trim();
        return format!(
            "put the missing comma after `{column} {first}` in {file}: SQLite read the next line \
             as part of {column}'s type"
        );
    }
    if let Some(want) = between(
        found,
        "src/schema.rs differs from the database: expected `",
        "`",
    ) && let Some(have) = between(found, "` but found `", "`")
    {
        return format!("{hint} (it then says `{want}` where it now says `{have}`)");
    }
    if let (Some(file), Some(column)) = (&file, between(found, "column ", " should be NOT NULL")) {
        return format!("declare {column} NOT NULL in {file}");
    }
    by_part(found, hint).unwrap_or_else(|| narrowed(found, hint))
}

/// Of a hint in parts (`; `-separated), each about a migration or a `named` thing, the one
/// part whose migration or named thing `found` mentions, when two or more parts have one.
fn by_part(found: &str, hint: &str) -> Option<String> {
    let parts: Vec<&str> = hint.split("; ").collect();
    let keys = |part: &str| -> Vec<String> {
        let migration = migration_file(part)
            .and_then(|(folder, _)| folder.split_once('_'))
            .map(|(_, name)| name.to_string());
        let named = part.split('`').skip(1).step_by(2).map(str::to_string);
        migration.into_iter().chain(named).collect()
    };
    let keyed = parts.iter().filter(|part| !keys(part).is_empty()).count();
    let chosen: Vec<&&str> = parts
        .iter()
        .filter(|part| keys(part).iter().any(|key| found.contains(key.as_str())))
        .collect();
    match chosen.as_slice() {
        [one] if keyed >= 2 => Some(one.to_string()),
        _ => None,
    }
}

/// `column T.C is declared "X", expected Y` as (C, X).
fn declared_type(found: &str) -> Option<(&str, &str)> {
    let qualified = between(found, "column ", " is declared \"")?;
    let declared = between(found, " is declared \"", "\", expected")?;
    Some((qualified.rsplit('.').next()?, declared))
}

/// The text of `found` between `before` and the next `after`.
fn between<'a>(found: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let start = found.find(before)? + before.len();
    let end = found[start..].find(after)? + start;
    Some(&found[start..end])
}

/// A hint that says "in A and B" (two migration files) said of the one whose folder's last
/// word (`constrain_tasks`: tasks) is the only one of the two tables `found` names.
fn narrowed(found: &str, hint: &str) -> String {
    let Some((first, rest)) = hint.split_once(" and migrations/") else {
        return hint.to_string();
    };
    let Some(start) = first.rfind("migrations/") else {
        return hint.to_string();
    };
    let a = &first[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .unwrap_or(rest.len());
    let b = format!("migrations/{}", &rest[..end]);
    let named = |path: &str| {
        let table = migration_file(path)
            .and_then(|(folder, _)| folder.rsplit('_').next())
            .unwrap_or_default();
        !table.is_empty() && mentions(found, table)
    };
    let joint = format!("{a} and {b}");
    match (named(a), named(&b)) {
        (true, false) => hint.replacen(&joint, a, 1),
        (false, true) => hint.replacen(&joint, &b, 1),
        _ => hint.to_string(),
    }
}

/// True when `text` has `word` as a word of its own.
fn mentions(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|w| w == word)
}

/// Marks the failures caused by another: one whose finding holds another's whole finding (a
/// goal that "failed oddly" on the error another goal names), one about a migration's revert
/// when the stairway failed, and `src/schema.rs` when a migration failed (regenerating it
/// from a wrong database would copy the mistake). `stairway` and `schema_rs` name those two.
pub(super) fn mark_blocked(outcomes: &mut [Outcome], stairway: &str, schema_rs: &str) {
    let failed: Vec<(String, String, String)> = outcomes
        .iter()
        .filter_map(|o| match &o.result {
            Err(f) if f.blocked_by.is_none() => {
                Some((o.name.clone(), f.found.clone(), f.hint.clone()))
            }
            _ => None,
        })
        .collect();
    let stairway_failed = failed.iter().any(|(name, _, _)| name == stairway);
    // Who blocks whom, by name; a failure never blocks the one that blocks it.
    let mut causes: Vec<(String, String)> = Vec::new();
    for (name, found, _) in &failed {
        let inner = failed.iter().find(|(other, other_found, _)| {
            other != name && other_found.len() < found.len() && found.contains(other_found.as_str())
        });
        let revert = name != stairway
            && stairway_failed
            && (found.contains(" was reverted") || found.contains("reverting "));
        let cause = match inner {
            Some((other, _, _)) => Some(other.clone()),
            None => revert.then(|| stairway.to_string()),
        };
        if let Some(cause) = cause
            && !causes
                .iter()
                .any(|(blocked, by)| *blocked == cause && by == name)
        {
            causes.push((name.clone(), cause));
        }
    }
    for outcome in outcomes.iter_mut() {
        if let Err(failure) = &mut outcome.result
            && failure.blocked_by.is_none()
        {
            failure.blocked_by = causes
                .iter()
                .find(|(blocked, _)| *blocked == outcome.name)
                .map(|(_, by)| by.clone());
        }
    }
    let migration_failed = outcomes.iter().find_map(|o| match &o.result {
        Err(f) if f.blocked_by.is_none() && o.name != schema_rs && !place(&f.hint).0 => {
            Some(o.name.clone())
        }
        _ => None,
    });
    for outcome in outcomes.iter_mut().filter(|o| o.name == schema_rs) {
        if let Err(failure) = &mut outcome.result
            && failure.blocked_by.is_none()
        {
            failure.blocked_by = migration_failed.clone();
        }
    }
}

/// What a down.sql must do, read from the stairway's finding about it: drop a table before the
/// one it refers to, rename a table back, drop what is left behind, recreate what is gone, or
/// put the rows back. Empty when the finding says none of these.
pub(super) fn undo_steps(found: &str) -> Vec<String> {
    let mut steps = Vec::new();
    if let Some(gone) = between(found, "this migration dropped ", " while ")
        && let Some(child) = between(found, &format!("dropped {gone} while "), " still refers")
    {
        steps.push(format!(
            "drop {child} before {gone} ({child} refers to it), and drop only what its up.sql \
             created"
        ));
    }
    let differences = found.split_once(": ").map_or("", |(_, rest)| rest);
    let parts: Vec<&str> = differences.split("; ").collect();
    let gone_tables: Vec<&str> = parts
        .iter()
        .filter_map(|p| between(p, "table ", ", there before, is gone"))
        .collect();
    let left_tables: Vec<&str> = parts
        .iter()
        .filter_map(|p| p.strip_prefix("table ")?.strip_suffix(" is left behind"))
        .collect();
    if let ([gone], [left]) = (gone_tables.as_slice(), left_tables.as_slice()) {
        steps.push(format!(
            "rename {left} back: ALTER TABLE {left} RENAME TO {gone}"
        ));
    } else {
        steps.extend(left_tables.iter().map(|t| format!("drop table {t}")));
        steps.extend(gone_tables.iter().map(|t| format!("recreate table {t}")));
    }
    for part in &parts {
        if let Some(column) = part
            .strip_prefix("column ")
            .and_then(|p| p.strip_suffix(" is left behind"))
        {
            steps.push(format!("drop column {column}"));
        }
        for kind in ["index", "trigger", "view"] {
            let Some(rest) = part.strip_prefix(&format!("{kind} ")) else {
                continue;
            };
            if let Some(name) = rest.strip_suffix(", there before, is gone") {
                steps.push(format!("recreate {kind} {name}"));
            } else if let Some(name) = rest.strip_suffix(" is left behind") {
                steps.push(format!("drop {kind} {name}"));
            }
        }
    }
    if let Some(tables) = between(found, "(its up.sql creates ", ")") {
        steps.push(format!("drop {tables}, what its up.sql creates"));
    }
    if found.contains("does not give the rows back") {
        steps.push("put every row back with every value it had".to_string());
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::check::Failure;

    #[test]
    fn a_hint_is_placed_by_its_first_migration_file_up_before_down() {
        let up = place("fix migrations/2026-11-24-130000_create_task/up.sql: it must run");
        let down = place("make migrations/2026-11-24-130000_create_task/down.sql undo it");
        let earlier = place("make migrations/2026-11-24-120000_create_user/down.sql undo it");
        let app = place("write add_task in src/app.rs");
        let missing = place("in migrations/*_create_tags/up.sql write it");
        assert!(earlier < up && up < down && down < app);
        assert_eq!(missing, app);
    }

    #[test]
    fn a_globbed_folder_is_resolved_only_when_one_folder_matches() {
        let folders = vec![
            "2026-11-24-120000_create_user".to_string(),
            "2026-11-24-130000_create_task".to_string(),
        ];
        assert_eq!(
            resolve("declare it in migrations/*_create_task/up.sql", &folders),
            "declare it in migrations/2026-11-24-130000_create_task/up.sql"
        );
        assert_eq!(
            resolve("see migrations/*_create_tags/up.sql", &folders),
            "see migrations/*_create_tags/up.sql"
        );
    }

    #[test]
    fn a_finding_that_says_what_is_wrong_makes_the_hint_specific() {
        let hint = "write CREATE TABLE task (...) in migrations/X_create_task/up.sql";
        assert_eq!(
            specific(
                "column task.due is declared \"TEXT\\n    category TEXT\", expected TEXT",
                hint
            ),
            "put the missing comma after `due TEXT` in migrations/X_create_task/up.sql: SQLite \
             read the next line as part of due's type"
        );
        assert_eq!(
            specific("column task.description should be NOT NULL", hint),
            "declare task.description NOT NULL in migrations/X_create_task/up.sql"
        );
        assert_eq!(specific("there is no table task", hint), hint);
        assert_eq!(
            specific(
                "src/schema.rs differs from the database: expected `a -> Text,` but found `b`",
                "regenerate src/schema.rs"
            ),
            "regenerate src/schema.rs (it then says `a -> Text,` where it now says `b`)"
        );
        let both = "add the triggers in migrations/A_constrain_users/up.sql and \
                    migrations/B_constrain_tasks/up.sql, one per table";
        assert_eq!(
            specific("an UPDATE of tasks did not move updated_at", both),
            "add the triggers in migrations/B_constrain_tasks/up.sql, one per table"
        );
        assert_eq!(specific("users and tasks both lack it", both), both);
        let parts = "write `backfill-labels` in src/app.rs; in migrations/A_index_tag_label/up.sql \
                     build `uq_tags_label`; in migrations/B_contract_tag_name/up.sql SET NOT NULL";
        assert_eq!(
            specific("after contract_tag_name tags has label text", parts),
            "in migrations/B_contract_tag_name/up.sql SET NOT NULL"
        );
        assert_eq!(
            specific("after `backfill-labels --batch 2` the labels are", parts),
            "write `backfill-labels` in src/app.rs"
        );
        assert_eq!(specific("nothing known", parts), parts);
    }

    #[test]
    fn a_failure_holding_another_goals_finding_is_blocked_by_it() {
        let failed = |name: &str, found: &str, hint: &str| Outcome {
            name: name.into(),
            new: false,
            result: Err(Failure::new(found, hint)),
        };
        let mut outcomes = vec![
            failed(
                "references",
                "inserting failed oddly: NOT NULL constraint failed: task.complete",
                "in migrations/X/up.sql",
            ),
            failed(
                "defaults",
                "NOT NULL constraint failed: task.complete",
                "in migrations/X/up.sql",
            ),
            failed("schema.rs", "differs", "regenerate src/schema.rs"),
        ];
        mark_blocked(&mut outcomes, "stairway", "schema.rs");
        let blocked: Vec<Option<&str>> = outcomes
            .iter()
            .map(|o| o.result.as_ref().unwrap_err().blocked_by.as_deref())
            .collect();
        assert_eq!(blocked, [Some("defaults"), None, Some("defaults")]);
    }

    #[test]
    fn the_stairways_finding_says_what_the_down_must_do() {
        assert_eq!(
            undo_steps(
                "reverting X leaves a different schema: table user, there before, is gone; \
                 table users_old is left behind; table task lost the foreign key"
            ),
            ["rename users_old back: ALTER TABLE users_old RENAME TO user"]
        );
        assert_eq!(
            undo_steps(
                "after X was reverted, the database is broken: task_tags.tag_id refers to tags, \
                 a table that does not exist: this migration dropped tags while task_tags still \
                 refers to it; check that it drops the right table"
            ),
            [
                "drop task_tags before tags (task_tags refers to it), and drop only what its \
              up.sql created"
            ]
        );
        assert_eq!(
            undo_steps(
                "reverting X leaves a different schema: column users.birthday is left behind; \
                 index ix_tasks_category_id, there before, is gone; trigger t is left behind"
            ),
            [
                "drop column users.birthday",
                "recreate index ix_tasks_category_id",
                "drop trigger t"
            ]
        );
        assert!(undo_steps("reverting X failed: no such table").is_empty());
    }
}
