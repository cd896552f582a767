//! The common mistakes of lesson-07, each applied to a copy of the solution's migrations and
//! caught by the check with a message that names it.

use workbook::course::check::Report;
use workbook::testing::{check_mistake, edit, failure};

const TAGS_UP: &str = "2026-11-24-200000_create_tags/up.sql";
const TABLES: &str = "create_tags makes tags and task_tags, keyed by the pair";
const PAIR_KEY: &str =
    "key task_tags by the pair: PRIMARY KEY (task_id, tag_id), after its columns";

/// The check of the solution with no pair key on `task_tags`, and `task_id_key` (a column
/// constraint, or nothing) added to its `task_id`.
fn keyed(task_id_key: &str) -> Report {
    check_mistake(&solution_07::lesson(), |migrations| {
        edit(
            migrations,
            TAGS_UP,
            "task_id INTEGER NOT NULL CONSTRAINT",
            &format!("task_id INTEGER NOT NULL {task_id_key}CONSTRAINT"),
        );
        edit(
            migrations,
            TAGS_UP,
            ",\n    CONSTRAINT pk_task_tags PRIMARY KEY (task_id, tag_id)",
            "",
        );
    })
}

#[test]
fn a_join_table_without_a_key_stores_a_pair_twice_and_is_told_the_pair_key() {
    let report = keyed("");
    assert_eq!(
        failure(&report, TABLES).found,
        format!("task_tags stored the same (task, tag) pair twice: {PAIR_KEY}")
    );
    assert!(
        failure(&report, TABLES)
            .hint
            .contains("PRIMARY KEY (task_id, tag_id)"),
        "{}",
        report.render()
    );
}

#[test]
fn a_join_table_keyed_by_one_column_is_told_the_pair_key_not_the_other_column() {
    let report = keyed("PRIMARY KEY ");
    let found = failure(&report, TABLES).found.clone();
    assert_eq!(
        found,
        format!(
            "task_tags refused the pair (1, 2) (UNIQUE constraint failed: task_tags.task_id): \
             {PAIR_KEY}"
        )
    );
    assert!(!found.contains("should be the primary key"), "{found}");
}

/// The solution's app, but `untag` of a tag the task does not carry says so in words of its
/// own, not the ones the starter's TODO gives.
fn untag_in_other_words(
    command: solution_07::app::Command,
    conn: &mut diesel::SqliteConnection,
    out: &mut dyn std::io::Write,
) -> workbook::Result<()> {
    let untag = matches!(command, solution_07::app::Command::Untag { .. });
    solution_07::app::run(command, conn, out).map_err(|e| match untag {
        true => workbook::Error::new("that tag is not on that task"),
        false => e,
    })
}

#[test]
fn untag_of_a_missing_tag_must_say_what_the_todo_says_and_the_check_names_those_words() {
    let todo = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../lessons/lesson-07/src/tagging.rs"
    ))
    .unwrap();
    assert!(
        todo.contains("\"task {id} does not have the tag {name}: see its"),
        "the starter's TODO no longer gives the words the check expects:\n{todo}"
    );
    let lesson = workbook::Lesson {
        app: untag_in_other_words,
        ..solution_07::lesson()
    };
    let report = workbook::testing::check(&lesson);
    assert_eq!(
        failure(&report, "`tag`, `untag` and `tagged` work").found,
        "a second `untag 2 urgent` gave the error \"`untag 2 urgent` failed: that tag is not on \
         that task\"; it should say \"task 2 does not have the tag urgent\""
    );
}
