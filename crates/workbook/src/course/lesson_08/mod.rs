//! lesson-08 · outgrow: the course's schema and the todo app on PostgreSQL, and schema changes
//! made while the app runs: an index built CONCURRENTLY, a CHECK added NOT VALID and validated
//! later, a NOT NULL column that rewrites nothing, and a column renamed by expand and contract.
//! Every goal runs on a fresh database of a throwaway PostgreSQL cluster.

use super::{Goal, Info};
use crate::course::Check;
use crate::course::lesson_07::screens::{accounts, tag_screens, task_screens};
use crate::harness::postgres::PgScratch;

pub mod apps;
mod live;

use live::{email_check, expand_label, index_concurrently, label_backfill, priority_column};

pub const INFO: Info = Info {
    number: 8,
    title: "Outgrow SQLite: PostgreSQL, and changes that never stop the app",
    chapter: "lesson-08-outgrow.md",
    goals: &[
        Goal {
            name: "the course's schema is on PostgreSQL: identity keys, BOOLEAN, DATE, TIMESTAMPTZ",
            new: false,
            hint: "migrations/*_create_user/ to migrations/*_create_sessions/ come with the lesson (lesson-07's migrations written for PostgreSQL): undo your changes to them (compare with solutions/lesson-08/migrations)",
            check: Check::Postgres(course_schema),
        },
        Goal {
            name: "a migration that a row breaks rolls back whole: schema and rows as they were",
            new: false,
            hint: "migrations/*_constrain_users/up.sql comes with the lesson: one ALTER TABLE, inside diesel's transaction, with no metadata.toml; undo your changes (compare with solutions/lesson-08/migrations)",
            check: Check::Postgres(transactional_ddl),
        },
        Goal {
            name: "the todo app's accounts and task screens work on PostgreSQL",
            new: false,
            hint: "src/account.rs and src/tasks.rs come with the lesson: undo your changes to them (compare with solutions/lesson-08/src)",
            check: Check::Postgres(app_screens),
        },
        Goal {
            name: "index_tasks_by_due_date builds ix_tasks_user_id_due_date CONCURRENTLY, outside diesel's transaction",
            new: true,
            hint: "in migrations/*_index_tasks_by_due_date/up.sql write CREATE INDEX CONCURRENTLY ix_tasks_user_id_due_date ON tasks (user_id, due_date) (and DROP INDEX CONCURRENTLY in its down.sql), and add migrations/*_index_tasks_by_due_date/metadata.toml with `run_in_transaction = false`",
            check: Check::Postgres(index_concurrently),
        },
        Goal {
            name: "check_user_email adds ck_users_email_has_at NOT VALID (old rows stay, new bad emails are refused); validate_user_email validates it",
            new: true,
            hint: "in migrations/*_check_user_email/up.sql: SET LOCAL lock_timeout, then ALTER TABLE users ADD CONSTRAINT ck_users_email_has_at CHECK (email IS NULL OR email LIKE '%_@_%') NOT VALID; in migrations/*_validate_user_email/up.sql: ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_has_at",
            check: Check::Postgres(email_check),
        },
        Goal {
            name: "add_task_priority adds tasks.priority SMALLINT NOT NULL DEFAULT 0 without rewriting tasks",
            new: true,
            hint: "in migrations/*_add_task_priority/up.sql: SET LOCAL lock_timeout, then ALTER TABLE tasks ADD COLUMN priority SMALLINT NOT NULL DEFAULT 0 (a constant default: no row is rewritten)",
            check: Check::Postgres(priority_column),
        },
        Goal {
            name: "expand_tag_label adds tags.label, kept in step with name whichever one the app writes, and the app still reading name keeps working",
            new: true,
            hint: "in migrations/*_expand_tag_label/up.sql: ADD COLUMN label TEXT, a CHECK (label IS NOT NULL) NOT VALID, ADD CONSTRAINT ck_tags_label_length CHECK (char_length(label) <= 30) NOT VALID (name's limit, for label), and a BEFORE INSERT OR UPDATE trigger copying name to label and back (the chapter shows it); name stays until the app no longer reads it",
            check: Check::Postgres(expand_label),
        },
        Goal {
            name: "`backfill-labels` labels the older tags in batches; index_tag_label and contract_tag_name leave tags (id, label), each without breaking the app running while it deploys",
            new: true,
            hint: "write `backfill-labels` in src/app.rs (UPDATE ... WHERE id IN (SELECT id ... LIMIT n), a transaction per batch); in migrations/*_index_tag_label/up.sql build `uq_tags_label` with CREATE UNIQUE INDEX CONCURRENTLY; in migrations/*_contract_tag_name/up.sql validate both CHECKs, SET NOT NULL, drop the NOT NULL CHECK (keep ck_tags_label_length) and the trigger, and DROP COLUMN name (the app reading label is the one running then)",
            check: Check::Postgres(label_backfill),
        },
        Goal {
            name: "the app reads and writes tags.label: `tag`, `untag` and `tagged` work after the rename",
            new: true,
            hint: "run `print-schema --write`, then use tags::label for tags::name in src/models.rs, src/tagging.rs and src/relations.rs",
            check: Check::Postgres(tags_by_label),
        },
    ],
    seeds: &[],
    renamed: &[("tags", "name", "label")],
    writes: &[
        "index_tasks_by_due_date",
        "check_user_email",
        "validate_user_email",
        "add_task_priority",
        "expand_tag_label",
        "index_tag_label",
        "contract_tag_name",
    ],
};

fn course_schema(s: &mut PgScratch) -> Result<(), String> {
    s.migrate_through("create_sessions")?;
    for (table, expected) in [
        (
            "users",
            &[
                "id integer NOT NULL",
                "username text NOT NULL",
                "email text",
                "first_name text",
                "last_name text",
                "birthday date",
                "created_at timestamp with time zone NOT NULL",
                "updated_at timestamp with time zone NOT NULL",
                "username_key text",
            ][..],
        ),
        (
            "tasks",
            &[
                "id integer NOT NULL",
                "description text NOT NULL",
                "complete boolean NOT NULL",
                "due_date date",
                "user_id integer",
                "category_id integer",
                "created_at timestamp with time zone NOT NULL",
                "updated_at timestamp with time zone NOT NULL",
            ][..],
        ),
    ] {
        let found = s.columns(table)?;
        if found != expected {
            return Err(format!(
                "table {table} has the columns {found:?}, expected {expected:?}"
            ));
        }
    }
    let identity = s.lines(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' \
         AND is_identity = 'YES' ORDER BY 1",
    )?;
    if identity != ["categories", "tags", "tasks", "users"] {
        return Err(format!(
            "the id columns that are identity columns: {identity:?}, expected categories, tags, \
             tasks and users (GENERATED ALWAYS AS IDENTITY)"
        ));
    }
    // The updated_at trigger: a change the app makes without setting updated_at sets it.
    s.execute(
        "INSERT INTO users (username, updated_at) VALUES ('bugs', now() - interval '1 day')",
    )?;
    s.execute("UPDATE users SET email = 'bugs@acme.test'")?;
    let fresh = s.lines("SELECT updated_at > now() - interval '1 minute' FROM users")?;
    if fresh != ["true"] {
        return Err("changing a user left its updated_at as it was: the trigger is missing".into());
    }
    // The app's 30-character limits, counted in characters: 30 of `é` are 60 bytes.
    let (long, most) = ("x".repeat(31), "é".repeat(30));
    for (sql, what) in [
        (
            format!("INSERT INTO tags (name) VALUES ('{long}')"),
            "a 31-character tag name",
        ),
        (
            format!("UPDATE users SET first_name = '{long}'"),
            "a 31-character first name",
        ),
    ] {
        if s.execute(&sql).is_ok() {
            return Err(format!("{what} was accepted ({sql})"));
        }
    }
    s.execute(&format!(
        "INSERT INTO tags (name) VALUES ('{most}'); UPDATE users SET first_name = '{most}'"
    ))
    .map_err(|e| format!("a 30-character tag name or first name was refused: {e}"))
}

fn transactional_ddl(s: &mut PgScratch) -> Result<(), String> {
    s.migrate_through("add_user_details")?;
    s.execute("INSERT INTO users (username) VALUES ('bugs'), (NULL)")?;
    let before = s.columns("users")?;
    match s.migrate_through("constrain_users") {
        Err(e) if e.contains("null") => {}
        Err(e) => return Err(format!("constrain_users failed, but oddly: {e}")),
        Ok(()) => return Err("constrain_users accepted a user with no username".into()),
    }
    let after = s.columns("users")?;
    if after != before {
        return Err(format!(
            "the failed constrain_users left users as {after:?}, it was {before:?}"
        ));
    }
    let rows = s.lines("SELECT coalesce(username, '-') FROM users ORDER BY id")?;
    if rows != ["bugs", "-"] {
        return Err(format!("the failed constrain_users left the rows {rows:?}"));
    }
    s.execute("DELETE FROM users WHERE username IS NULL")?;
    s.migrate_through("constrain_users")
}

fn app_screens(s: &mut PgScratch) -> Result<(), String> {
    accounts(s)?;
    task_screens(s)
}

fn tags_by_label(s: &mut PgScratch) -> Result<(), String> {
    s.migrate()?;
    let columns = s.columns("tags")?;
    if columns != ["id integer NOT NULL", "label text NOT NULL"] {
        return Err(format!(
            "after every migration tags has {columns:?}, expected (id, label NOT NULL): the \
             rename is not done yet"
        ));
    }
    tag_screens(s)
}
