//! The goals of the changes made while the app runs: each checks what the migration leaves
//! (the index, the constraint and its validity, the column, the trigger) and the fact that
//! makes it safe (no rewrite, old rows kept, both columns in step). The locks each takes are
//! judged by verify's walk at the end of the checklist.

use std::path::{Path, PathBuf};

use super::apps::{READS_LABEL, READS_NAME, survives};
use crate::harness::postgres::PgScratch;
use crate::postgres::catalog;
use crate::postgres::effects::Watch;
use crate::postgres::split::statements;
use crate::rules::{Ran, index_blocks_writes};

/// Where the app of each step of the rename was read, as old-app-breaks says it.
const BEFORE_THE_SWITCH: &str = "src/schema.rs before the switch to tags.label";
const AFTER_THE_SWITCH: &str = "src/schema.rs after the switch to tags.label";

/// Runs the up.sql of the migration in `folder` (one outside diesel's transaction) statement
/// by statement, each watched as verify watches it: `Err` with verify's finding when one builds
/// or drops an index under a lock that blocks the tables made before it.
fn blocks_nobody(s: &mut PgScratch, folder: &Path) -> Result<(), String> {
    let up = std::fs::read_to_string(folder.join("up.sql"))
        .map_err(|e| format!("cannot read {}/up.sql: {e}", folder.display()))?;
    let tables = catalog::tables(s.conn()).map_err(|e| e.to_string())?;
    let old: Vec<&str> = tables.iter().map(String::as_str).collect();
    let mut watch = Watch::of(s.conn(), &old).map_err(|e| e.to_string())?;
    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    let all = statements(&up);
    for (index, statement) in all.iter().enumerate() {
        let effect = watch
            .run_alone(s.conn(), statement)
            .map_err(|e| format!("migrations/{name}/up.sql:{} fails: {e}", statement.line))?;
        let ran = Ran {
            migration: &name,
            file: "up.sql",
            statement,
            earlier: &all[..index],
            effect: &effect,
        };
        if let Some(problem) = index_blocks_writes::judge(&ran) {
            return Err(problem.text);
        }
    }
    Ok(())
}

/// `metadata.toml` of the migration named `name` says `run_in_transaction = false`; its folder.
fn outside_transaction(s: &PgScratch, name: &str) -> Result<PathBuf, String> {
    let migrations = s.lesson_file("migrations");
    let folder = std::fs::read_dir(&migrations)
        .map_err(|e| format!("cannot read {}: {e}", migrations.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|f| f.to_string_lossy().ends_with(&format!("_{name}")))
        })
        .ok_or_else(|| format!("there is no migration named {name} in migrations/"))?;
    let metadata = std::fs::read_to_string(folder.join("metadata.toml")).unwrap_or_default();
    let off = metadata
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("run_in_transaction").and_then(toml::Value::as_bool))
        == Some(false);
    if off {
        Ok(folder)
    } else {
        Err(format!(
            "migrations/{} has no metadata.toml saying `run_in_transaction = false`: \
             CREATE INDEX CONCURRENTLY cannot run inside diesel's transaction",
            folder.file_name().unwrap_or_default().to_string_lossy()
        ))
    }
}

pub(super) fn index_concurrently(s: &mut PgScratch) -> Result<(), String> {
    let folder = outside_transaction(s, "index_tasks_by_due_date")?;
    s.migrate_before("index_tasks_by_due_date")?;
    blocks_nobody(s, &folder)?;
    let found =
        s.lines("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_tasks_user_id_due_date'")?;
    match found.first() {
        Some(def) if def.ends_with("ON public.tasks USING btree (user_id, due_date)") => {}
        Some(def) => {
            return Err(format!(
                "ix_tasks_user_id_due_date is `{def}`, expected an index on tasks (user_id, due_date)"
            ));
        }
        None => {
            return Err(
                "there is no index ix_tasks_user_id_due_date after index_tasks_by_due_date".into(),
            );
        }
    }
    let valid = s.lines(
        "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_tasks_user_id_due_date'::regclass",
    )?;
    if valid != ["true"] {
        return Err(
            "ix_tasks_user_id_due_date is INVALID: a concurrent build failed half-way".into(),
        );
    }
    Ok(())
}

pub(super) fn email_check(s: &mut PgScratch) -> Result<(), String> {
    s.migrate_through("add_user_details")?;
    s.execute("INSERT INTO users (username, email) VALUES ('bugs', 'bugs at acme'), ('daffy', 'daffy@acme.test')")?;
    s.migrate_through("check_user_email")?;
    let validated = |s: &mut PgScratch| {
        s.lines("SELECT convalidated FROM pg_constraint WHERE conname = 'ck_users_email_has_at'")
    };
    match validated(s)?.as_slice() {
        [v] if v == "false" => {}
        [_] => return Err("ck_users_email_has_at is validated by check_user_email: add it NOT VALID, so that the rows already there are not read under its lock".into()),
        _ => return Err("there is no constraint ck_users_email_has_at after check_user_email".into()),
    }
    if s.execute("INSERT INTO users (username, email) VALUES ('taz', 'no email')")
        .is_ok()
    {
        return Err(
            "a new user with the email `no email` was accepted after check_user_email".into(),
        );
    }
    let kept = s.lines("SELECT email FROM users ORDER BY id")?;
    if kept != ["bugs at acme", "daffy@acme.test"] {
        return Err(format!(
            "check_user_email changed the emails already there: {kept:?}"
        ));
    }
    match s.migrate_through("validate_user_email") {
        Err(e) if e.contains("ck_users_email_has_at") => {}
        Err(e) => {
            return Err(format!(
                "validate_user_email failed oddly on a row without @: {e}"
            ));
        }
        Ok(()) => return Err("validate_user_email passed a row whose email has no @".into()),
    }
    s.execute("UPDATE users SET email = NULL WHERE email NOT LIKE '%@%'")?;
    s.migrate_through("validate_user_email")?;
    if validated(s)? != ["true"] {
        return Err("ck_users_email_has_at is still NOT VALID after validate_user_email".into());
    }
    Ok(())
}

pub(super) fn priority_column(s: &mut PgScratch) -> Result<(), String> {
    s.migrate_through("create_sessions")?;
    s.execute(
        "INSERT INTO users (username) VALUES ('bugs');
         INSERT INTO tasks (description, user_id) VALUES ('Buy carrots', 1), ('Dig', 1);",
    )?;
    let file = |s: &mut PgScratch| s.lines("SELECT pg_relation_filenode('tasks')");
    let before = file(s)?;
    s.migrate_through("add_task_priority")?;
    let column = s.columns("tasks")?;
    if !column.iter().any(|c| c == "priority smallint NOT NULL") {
        return Err(format!(
            "tasks has no column `priority smallint NOT NULL`: {column:?}"
        ));
    }
    if file(s)? != before {
        return Err("add_task_priority rewrote the whole of tasks: give the column a constant default instead of filling it with an UPDATE or a volatile default".into());
    }
    let priorities = s.lines("SELECT priority FROM tasks ORDER BY id")?;
    if priorities != ["0", "0"] {
        return Err(format!(
            "the tasks already there have the priorities {priorities:?}, expected 0"
        ));
    }
    Ok(())
}

pub(super) fn expand_label(s: &mut PgScratch) -> Result<(), String> {
    s.migrate_through("create_sessions")?;
    s.execute("INSERT INTO tags (name) VALUES ('home')")?;
    s.migrate_before("expand_tag_label")?;
    // The app still running reads and writes name: the expand must leave it working.
    survives(s, "expand_tag_label", READS_NAME, BEFORE_THE_SWITCH)?;
    s.execute("INSERT INTO tags (name) VALUES ('work')")
        .map_err(|e| format!("the app still running, writing only name, failed: {e}"))?;
    s.execute("INSERT INTO tags (label) VALUES ('food')")
        .map_err(|e| format!("the new app, writing only label, failed: {e}"))?;
    s.execute("UPDATE tags SET name = 'office' WHERE name = 'work'")?;
    s.execute("UPDATE tags SET label = 'meals' WHERE label = 'food'")?;
    let both =
        s.lines("SELECT coalesce(name, '-') || '/' || coalesce(label, '-') FROM tags ORDER BY id")?;
    if both != ["home/-", "office/office", "meals/meals"] {
        return Err(format!(
            "name/label of the tags home (made before), work (renamed office through name) and \
             food (renamed meals through label): {both:?}, expected [\"home/-\", \
             \"office/office\", \"meals/meals\"]"
        ));
    }
    // A row can be written with both columns, so label needs name's limit of its own.
    label_limited(
        s,
        "INSERT INTO tags (name, label) VALUES ('short', '{label}')",
        "after expand_tag_label",
    )
}

/// A 31-character label is refused (in `sql`, `{label}` stands for it) and a 30-character
/// one (60 bytes) is accepted, the app's limit; `when` says at which step.
fn label_limited(s: &mut PgScratch, sql: &str, when: &str) -> Result<(), String> {
    let long = sql.replace("{label}", &"x".repeat(31));
    if s.execute(&long).is_ok() {
        return Err(format!(
            "a 31-character label was accepted {when} ({long}): label holds 30 characters at \
             most, as name does"
        ));
    }
    s.execute(&sql.replace("{label}", &"é".repeat(30)))
        .map_err(|e| format!("a 30-character label was refused {when}: {e}"))
}

pub(super) fn label_backfill(s: &mut PgScratch) -> Result<(), String> {
    s.migrate_through("create_sessions")?;
    s.execute("INSERT INTO tags (name) VALUES ('a'), ('b'), ('c'), ('d'), ('e')")?;
    s.migrate_through("expand_tag_label")?;
    survives(s, "index_tag_label", READS_NAME, BEFORE_THE_SWITCH)?;
    let said = s.app(&["backfill-labels", "--batch", "2"])?;
    let labels = s.lines("SELECT coalesce(label, '-') FROM tags ORDER BY id")?;
    if labels != ["a", "b", "c", "d", "e"] {
        return Err(format!(
            "after `backfill-labels --batch 2` the labels are {labels:?}:\n{said}"
        ));
    }
    let batches = said.lines().filter(|l| l.contains("batch")).count();
    if batches < 3 {
        return Err(format!(
            "`backfill-labels --batch 2` on 5 tags should say each of its 3 batches:\n{said}"
        ));
    }
    // The contract deploys while the app that switched to label runs: it must keep working.
    survives(s, "contract_tag_name", READS_LABEL, AFTER_THE_SWITCH)?;
    s.migrate()?;
    let columns = s.columns("tags")?;
    if columns != ["id integer NOT NULL", "label text NOT NULL"] {
        return Err(format!(
            "after contract_tag_name tags has {columns:?}, expected (id, label NOT NULL)"
        ));
    }
    if s.execute("INSERT INTO tags (label) VALUES ('a')").is_ok() {
        return Err("a second tag labelled `a` was accepted: uq_tags_label is missing".into());
    }
    label_limited(
        s,
        "INSERT INTO tags (label) VALUES ('{label}')",
        "after contract_tag_name",
    )
}
