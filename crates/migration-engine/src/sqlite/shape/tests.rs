//! Shapes read from small databases, and their differences said in words.

use super::*;
use diesel::connection::SimpleConnection;

fn shape(sql: &str) -> Shape {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute(sql).unwrap();
    Shape::read(&mut conn).unwrap()
}

const TASKS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, birthday DATE);
        CREATE TABLE tasks (id INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,
            complete BOOLEAN NOT NULL DEFAULT 0, category TEXT,
            user_id INTEGER REFERENCES users(id));
        CREATE INDEX ix_tasks_user_id ON tasks(user_id);";

#[test]
fn the_same_shape_has_no_differences() {
    assert_eq!(
        differences(&shape(TASKS), &shape(TASKS)),
        Vec::<String>::new()
    );
}

#[test]
fn tables_indexes_and_triggers_left_behind_or_gone_are_named() {
    let more = format!(
        "{TASKS} CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
             CREATE INDEX ix_tags_name ON tags(name);
             CREATE TRIGGER tasks_touch AFTER UPDATE ON tasks BEGIN SELECT 1; END;"
    );
    assert_eq!(
        differences(&shape(TASKS), &shape(&more)),
        [
            "table tags is left behind",
            "trigger tasks_touch is left behind"
        ]
    );
    let fewer = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, birthday DATE);";
    assert_eq!(
        differences(&shape(TASKS), &shape(fewer)),
        ["table tasks, there before, is gone"]
    );
    let unindexed = TASKS.replace("CREATE INDEX ix_tasks_user_id ON tasks(user_id);", "");
    assert_eq!(
        differences(&shape(TASKS), &shape(&unindexed)),
        ["index ix_tasks_user_id, there before, is gone"]
    );
}

#[test]
fn a_column_s_type_nullability_default_and_key_are_said_in_words() {
    let changed = TASKS
        .replace("birthday DATE", "birthday TEXT")
        .replace("complete BOOLEAN NOT NULL DEFAULT 0", "complete BOOLEAN")
        .replace(
            "description TEXT NOT NULL",
            "description TEXT NOT NULL UNIQUE",
        );
    assert_eq!(
        differences(&shape(TASKS), &shape(&changed)),
        [
            "column tasks.description was declared `description TEXT NOT NULL`, is \
                 `description TEXT NOT NULL UNIQUE`",
            "column tasks.complete was NOT NULL, now allows NULL",
            "column tasks.complete had DEFAULT 0, has no default",
            "column users.birthday was DATE, is TEXT",
        ]
    );
}

#[test]
fn columns_gone_left_behind_or_moved_are_named() {
    let appended = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, birthday DATE);
            CREATE TABLE tasks (id INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,
                complete BOOLEAN NOT NULL DEFAULT 0, user_id INTEGER REFERENCES users(id),
                category TEXT, note TEXT);
            CREATE INDEX ix_tasks_user_id ON tasks(user_id);";
    assert_eq!(
        differences(&shape(TASKS), &shape(appended)),
        [
            "column tasks.note is left behind",
            "the columns of tasks are in another order: category is now last, it was \
                 after complete",
        ]
    );
    let shuffled = TASKS.replace(
        "id INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,
            complete BOOLEAN NOT NULL DEFAULT 0, category TEXT,",
        "category TEXT, complete BOOLEAN NOT NULL DEFAULT 0,
            id INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,",
    );
    assert_eq!(
        differences(&shape(TASKS), &shape(&shuffled)),
        [
            "the columns of tasks are in another order: they were (id, description, \
              complete, category, user_id), are now (category, complete, id, description, \
              user_id)"
        ]
    );
}

#[test]
fn table_constraints_lost_or_gained_are_quoted() {
    let keyed = "CREATE TABLE task_tags (task_id INTEGER NOT NULL, tag_id INTEGER NOT NULL,
            PRIMARY KEY (task_id, tag_id));";
    let unkeyed = "CREATE TABLE task_tags (task_id INTEGER NOT NULL, tag_id INTEGER NOT NULL);";
    assert_eq!(
        differences(&shape(keyed), &shape(unkeyed)),
        [
            "column task_tags.task_id was part of the primary key, is not",
            "column task_tags.tag_id was part of the primary key, is not",
            "table task_tags lost `PRIMARY KEY (task_id, tag_id)`",
        ]
    );
}
