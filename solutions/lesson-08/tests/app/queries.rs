//! No N+1: the number of SQL statements the listings run is counted with diesel's
//! instrumentation, and must not grow with the number of users or tasks.

use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use diesel::pg::PgConnection;
use solution_08::models::{Task, User};
use solution_08::relations::{PAGE_SIZE, each_user_task, tags_of, users_with_tasks_and_tags};
use solution_08::schema::{tasks, users};

use crate::Db;

/// A migrated scratch database with `users` users, each with three tasks; every task has two
/// of the three tags. The ids are given (OVERRIDING SYSTEM VALUE: identity columns number
/// the rows themselves otherwise).
fn database(users: usize) -> (Db, PgConnection) {
    let db = Db::migrated();
    let mut conn = db.conn();
    conn.batch_execute(&format!(
        "INSERT INTO tags (id, label) OVERRIDING SYSTEM VALUE
             VALUES (1, 'home'), (2, 'work'), (3, 'urgent');
         INSERT INTO users (id, username) OVERRIDING SYSTEM VALUE
             SELECT u, 'user' || u FROM generate_series(1, {users}) u;
         INSERT INTO tasks (id, description, user_id) OVERRIDING SYSTEM VALUE
             SELECT t, 'chore ' || t, (t + 2) / 3 FROM generate_series(1, 3 * {users}) t;
         INSERT INTO task_tags
             SELECT t, t % 3 + 1 FROM generate_series(1, 3 * {users}) t
             UNION ALL SELECT t, (t + 1) % 3 + 1 FROM generate_series(1, 3 * {users}) t;"
    ))
    .unwrap();
    (db, conn)
}

/// The SQL of every statement `conn` runs from now on.
fn record(conn: &mut PgConnection) -> Arc<Mutex<Vec<String>>> {
    let statements = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&statements);
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            seen.lock().unwrap().push(query.to_string());
        }
    });
    statements
}

#[test]
fn a_page_of_users_with_tasks_and_tags_takes_three_queries_for_any_number_of_users() {
    for users in [1, 10, 100] {
        let (_db, mut conn) = database(users);
        let statements = record(&mut conn);
        let listed = users_with_tasks_and_tags(&mut conn, 1).unwrap();
        let statements = statements.lock().unwrap();
        assert_eq!(
            statements.len(),
            3,
            "{users} users took these statements:\n{}",
            statements.join("\n")
        );
        assert!(
            statements[1].contains("= ANY($1)"),
            "the page's ids are bound as one array: {}",
            statements[1]
        );
        let page = users.min(PAGE_SIZE as usize);
        assert_eq!(listed.len(), page);
        let last = listed.last().unwrap();
        assert_eq!(last.user.username, format!("user{page}"));
        assert_eq!(last.tasks.len(), 3);
        assert!(last.tasks.iter().all(|t| t.tags.len() == 2), "{last:?}");
    }
    let (_db, mut conn) = database(45);
    let third = users_with_tasks_and_tags(&mut conn, 3).unwrap();
    let names: Vec<&str> = third.iter().map(|u| u.user.username.as_str()).collect();
    assert_eq!(names, ["user41", "user42", "user43", "user44", "user45"]);
    assert_eq!(third[0].tasks[0].task.id, 121, "user41's first task");
}

#[test]
fn listing_every_user_streams_one_query_for_any_number_of_users() {
    for users in [1, 10, 100] {
        let (_db, mut conn) = database(users);
        conn.batch_execute(
            "INSERT INTO users (id, username) OVERRIDING SYSTEM VALUE VALUES (1000, 'idle');
             INSERT INTO tasks (id, description, user_id) OVERRIDING SYSTEM VALUE
                 VALUES (9999, 'untagged', 1000);
             INSERT INTO users (id, username) OVERRIDING SYSTEM VALUE
                 VALUES (1001, 'nothing to do');",
        )
        .unwrap();
        let statements = record(&mut conn);
        let mut seen = Vec::new();
        each_user_task(&mut conn, |user, task| {
            seen.push((user.username.clone(), task.map(|t| (t.task.id, t.tags))));
            Ok(())
        })
        .unwrap();
        assert_eq!(statements.lock().unwrap().len(), 1);
        assert_eq!(
            seen.len(),
            3 * users + 2,
            "a row per task, and per user without one"
        );
        let tags = |name: &[&str]| name.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            seen[0],
            ("user1".into(), Some((1, tags(&["urgent", "work"]))))
        );
        assert_eq!(seen[3 * users], ("idle".into(), Some((9999, Vec::new()))));
        assert_eq!(seen[3 * users + 1], ("nothing to do".into(), None));
    }
}

#[test]
fn tags_of_a_list_of_tasks_take_one_query() {
    use diesel::prelude::*;
    for users in [2, 50] {
        let (_db, mut conn) = database(users);
        let owner: User = users::table
            .find(2)
            .select(User::as_select())
            .first(&mut conn)
            .unwrap();
        let all: Vec<Task> = tasks::table
            .select(Task::as_select())
            .load(&mut conn)
            .unwrap();
        let statements = record(&mut conn);
        let tagged = tags_of(&mut conn, all).unwrap();
        assert_eq!(statements.lock().unwrap().len(), 1);
        assert_eq!(tagged.len(), 3 * users);
        let fourth = &tagged[3];
        assert_eq!(fourth.task.user_id, Some(owner.id));
        assert_eq!(fourth.tags, ["urgent", "work"], "task 4's tags, by name");
    }
}
