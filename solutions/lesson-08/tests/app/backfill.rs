//! `backfill-labels`, run where it is meant to run: a database migrated up to index_tag_label,
//! whose tags made before expand_tag_label have no label yet.

use std::sync::{Arc, Mutex};

use clap::Parser;
use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_migrations::MigrationHarness;
use solution_08::app::{self, Command};
use workbook::harness::postgres::{PgMigrations, load, short_name};

use crate::Db;

/// The app's commands as the binary parses them.
#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

/// Runs one app command in this process, as the binary would, and returns what it printed.
fn app(conn: &mut PgConnection, args: &[&str]) -> workbook::Result<String> {
    let args = Args::try_parse_from(std::iter::once("solution-08").chain(args.iter().copied()))
        .map_err(|e| workbook::Error::new(e.to_string()))?;
    let mut out = Vec::new();
    app::run(args.command, conn, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

fn migrations() -> PgMigrations {
    load(
        Some(&solution_08::MIGRATIONS),
        concat!(env!("CARGO_MANIFEST_DIR"), "/migrations").as_ref(),
    )
    .unwrap()
}

/// Applies the pending migrations up to and including `name`.
fn migrate_through(conn: &mut PgConnection, migrations: &PgMigrations, name: &str) {
    let applied: Vec<String> = conn
        .applied_migrations()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    for m in migrations {
        if !applied.contains(&m.name().version().to_string()) {
            conn.run_migration(m.as_ref()).unwrap();
        }
        if short_name(m.as_ref()) == name {
            return;
        }
    }
    panic!("there is no migration {name}");
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

fn labels(conn: &mut PgConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        line: String,
    }
    diesel::sql_query(
        "SELECT coalesce(name, '-') || '/' || coalesce(label, '-') AS line FROM tags ORDER BY id",
    )
    .load::<Line>(conn)
    .unwrap()
    .into_iter()
    .map(|l| l.line)
    .collect()
}

#[test]
fn backfill_labels_the_older_tags_in_batches_and_then_the_contract_applies() {
    let db = Db::empty();
    let mut conn = db.conn();
    let migrations = migrations();
    migrate_through(&mut conn, &migrations, "create_sessions");
    // Seven tags made by the app before the rename, one task carrying two of them.
    conn.batch_execute(
        "INSERT INTO tags (name) SELECT 'tag' || n FROM generate_series(1, 7) n;
         INSERT INTO users (username) VALUES ('Bugs_Bunny');
         INSERT INTO tasks (description, user_id) VALUES ('Buy carrots', 1);
         INSERT INTO task_tags VALUES (1, 1), (1, 2);",
    )
    .unwrap();
    migrate_through(&mut conn, &migrations, "index_tag_label");
    // The old app, still running, adds a tag through name: the trigger labels it.
    conn.batch_execute("INSERT INTO tags (name) VALUES ('tag8')")
        .unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM tags WHERE label IS NULL"
        ),
        7
    );

    let commits = Arc::new(Mutex::new(0));
    let seen = Arc::clone(&commits);
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::CommitTransaction { .. } = event {
            *seen.lock().unwrap() += 1;
        }
    });
    assert_eq!(
        app(&mut conn, &["backfill-labels", "--batch", "3"]).unwrap(),
        "batch 1: labelled 3 tags\n\
         batch 2: labelled 3 tags\n\
         batch 3: labelled 1 tag\n\
         Labelled 7 tags in 3 batch(es) of up to 3; every tag has its label.\n"
    );
    assert_eq!(
        *commits.lock().unwrap(),
        4,
        "a transaction per batch, and one that found nothing left"
    );
    let expected: Vec<String> = (1..=8).map(|n| format!("tag{n}/tag{n}")).collect();
    assert_eq!(labels(&mut conn), expected);
    assert_eq!(
        app(&mut conn, &["backfill-labels"]).unwrap(),
        "Nothing to backfill: every tag has its label already.\n"
    );

    // The app, switched to label, works on this database: the trigger keeps name in step.
    let said = app(&mut conn, &["tag", "1", "tag9", "--user", "bugs_bunny"]).unwrap();
    assert_eq!(said, "Tagged task 1 with tag9.\n");
    assert_eq!(labels(&mut conn).last().unwrap(), "tag9/tag9");
    let tagged = app(&mut conn, &["tagged", "tag2", "--user", "bugs_bunny"]).unwrap();
    assert!(tagged.contains("tag1, tag2, tag9"), "{tagged}");

    conn.run_pending_migrations(solution_08::MIGRATIONS)
        .expect("contract_tag_name applies once every tag has its label");
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'tags' \
             AND column_name = 'name'"
        ),
        0
    );
    assert_eq!(
        app(&mut conn, &["backfill-labels"]).unwrap(),
        "Nothing to backfill: tags has no name column any more (contract_tag_name has run), \
         so every tag has its label.\n"
    );
    let tagged = app(&mut conn, &["tagged", "tag9", "--user", "bugs_bunny"]).unwrap();
    assert!(tagged.contains("Buy carrots"), "{tagged}");
}

#[test]
fn the_batch_size_defaults_to_1000_and_must_be_positive() {
    match Args::try_parse_from(["solution-08", "backfill-labels"]) {
        Ok(Args {
            command: Command::BackfillLabels { batch },
        }) => assert_eq!(batch, 1000),
        _ => panic!("backfill-labels did not parse"),
    }
    assert!(Args::try_parse_from(["solution-08", "backfill-labels", "--batch", "0"]).is_err());
}

#[test]
fn before_expand_tag_label_there_is_no_label_to_fill() {
    let db = Db::empty();
    let mut conn = db.conn();
    migrate_through(&mut conn, &migrations(), "add_task_priority");
    let error = app(&mut conn, &["backfill-labels"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "tags has no label column yet: run the migrations up to expand_tag_label first"
    );
}
