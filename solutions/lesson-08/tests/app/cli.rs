//! End-to-end tests of the real solution-08 binary on PostgreSQL: every screen of the todo
//! app as a subcommand, and every bad input refused in one line without changing the database.

use crate::Db;

/// A migrated database with Bugs signed up (and so logged in).
pub(crate) fn signed_up() -> Db {
    let bin = Db::migrated();
    bin.run(&[
        "sign-up",
        "Bugs_Bunny",
        "--first-name",
        "Bugs",
        "--last-name",
        "Bunny",
    ])
    .ok();
    bin
}

/// Runs `args`, expects one error line containing `expected`, and proves every row (and every
/// identity sequence) is what it was.
pub(crate) fn refused(bin: &Db, args: &[&str], expected: &str) {
    let before = bin.rows();
    let message = bin.run(args).error();
    assert!(message.contains(expected), "{args:?}: {message}");
    assert_eq!(bin.rows(), before, "{args:?} changed the database");
}

fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

#[test]
fn help_lists_every_screen_as_a_subcommand() {
    let help = Db::empty().run_bare(&["--help"]).ok();
    for screen in [
        "sign-up",
        "log-in",
        "log-out",
        "new-task",
        "my-tasks",
        "completed",
        "by-date",
        "mark-complete",
        "update",
        "delete",
        "tag",
        "untag",
        "tagged",
        "users",
        "seed",
        "menu",
        "backfill-labels",
    ] {
        assert!(
            help.lines()
                .any(|line| line.trim_start().starts_with(&format!("{screen} "))),
            "{screen} is missing from:\n{help}"
        );
    }
}

#[test]
fn migrations_run_in_order_and_print_schema_is_the_apps() {
    let bin = Db::empty();
    let run = bin.run(&["migration", "run"]).ok();
    let names: Vec<&str> = run
        .lines()
        .map(|line| line.trim_start_matches("Running migration "))
        .collect();
    assert_eq!(
        names,
        [
            "2026-11-24-120000_create_user",
            "2026-11-24-130000_create_task",
            "2026-11-24-140000_rename_tables",
            "2026-11-24-150000_add_user_details",
            "2026-11-24-160000_rename_due_to_due_date",
            "2026-11-24-170000_move_category_to_categories",
            "2026-11-24-180000_constrain_users",
            "2026-11-24-190000_constrain_tasks",
            "2026-11-24-200000_create_tags",
            "2026-11-24-210000_enforce_app_rules",
            "2026-11-24-220000_create_sessions",
            "2026-12-01-120000_index_tasks_by_due_date",
            "2026-12-01-130000_check_user_email",
            "2026-12-01-140000_validate_user_email",
            "2026-12-01-150000_add_task_priority",
            "2026-12-01-160000_expand_tag_label",
            "2026-12-01-170000_index_tag_label",
            "2026-12-01-180000_contract_tag_name",
        ]
    );
    assert_eq!(
        bin.run(&["print-schema"]).ok(),
        include_str!("../../src/schema.rs")
    );
    let mut conn = bin.conn();
    assert_eq!(
        workbook::postgres::describe::print_schema(&mut conn).unwrap(),
        include_str!("../../src/schema.rs"),
        "src/schema.rs is what diesel print-schema writes"
    );
}

#[test]
fn check_passes_every_goal() {
    let report = workbook::cli::postgres::checklist(&solution_08::lesson());
    assert!(report.passed(), "\n{}", report.render());
}

#[test]
fn the_login_is_remembered_between_runs_and_user_overrides_it() {
    let bin = signed_up();
    bin.run(&["new-task", "Buy carrots"]).ok();
    assert_eq!(
        bin.run(&["log-out"]).ok(),
        "Goodbye, Bugs_Bunny.\n",
        "sign-up logs the new user in"
    );
    assert_eq!(bin.run(&["log-out"]).ok(), "Nobody was logged in.\n");
    refused(&bin, &["my-tasks"], "nobody is logged in");
    let mine = bin.run(&["my-tasks", "--user", "bugs_bunny"]).ok();
    assert!(mine.contains("Buy carrots"), "{mine}");
    assert_eq!(
        bin.run(&["log-in", "BUGS_BUNNY"]).ok(),
        "Welcome, Bugs_Bunny!\n"
    );
    assert!(bin.run(&["my-tasks"]).ok().contains("Buy carrots"));
    bin.run(&[
        "sign-up",
        "Daffy",
        "--first-name",
        "Daffy",
        "--last-name",
        "Duck",
    ])
    .ok();
    assert_eq!(
        bin.run(&["my-tasks"]).ok(),
        "You do not have any active tasks.\n"
    );
}

#[test]
fn tasks_are_added_listed_completed_updated_and_deleted() {
    let bin = signed_up();
    assert_eq!(
        bin.run(&["new-task", "  Fix the roof ", "--due", "2026-12-24"])
            .ok(),
        "Added task 1: Fix the roof (due 2026-12-24)\n"
    );
    assert_eq!(
        bin.run(&["new-task", "Buy seeds", "Call Granny", "--due", "today"])
            .ok(),
        format!(
            "Added task 2: Buy seeds (due {0})\nAdded task 3: Call Granny (due {0})\n",
            today()
        )
    );
    assert_eq!(
        bin.run(&["new-task", "Café ☕ with O'Brien"]).ok(),
        "Added task 4: Café ☕ with O'Brien\n"
    );
    let today = today();
    assert_eq!(
        bin.run(&["my-tasks"]).ok(),
        format!(
            "id  description          due         tags\n\
             1   Fix the roof         2026-12-24\n\
             2   Buy seeds            {today}\n\
             3   Call Granny          {today}\n\
             4   Café ☕ with O'Brien\n"
        )
    );
    let by_date = bin.run(&["by-date"]).ok();
    let ids: Vec<&str> = by_date
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["2", "3", "1", "4"], "{by_date}");

    assert_eq!(
        bin.run(&["completed"]).ok(),
        "You do not have any completed tasks.\n"
    );
    assert_eq!(
        bin.run(&["mark-complete", "2"]).ok(),
        "Completed task 2: Buy seeds\n"
    );
    assert_eq!(
        bin.run(&["mark-complete", "2"]).ok(),
        "Task 2 was already complete.\n"
    );
    assert_eq!(
        bin.run(&["completed"]).ok(),
        format!("id  description  due         tags\n2   Buy seeds    {today}\n")
    );
    assert_eq!(
        bin.run(&["update", "1", "Fix the chimney"]).ok(),
        "Updated task 1: Fix the chimney\n"
    );
    assert_eq!(
        bin.run(&["delete", "3"]).ok(),
        "Deleted task 3: Call Granny\n"
    );
    assert_eq!(
        bin.run(&["my-tasks"]).ok(),
        "id  description          due         tags\n\
         1   Fix the chimney      2026-12-24\n\
         4   Café ☕ with O'Brien\n"
    );
}

#[test]
fn lists_print_json_for_scripts() {
    let bin = signed_up();
    bin.run(&["new-task", "Fix the roof", "--due", "2026-12-24"])
        .ok();
    bin.run(&["tag", "1", "home"]).ok();
    let json: serde_json::Value =
        serde_json::from_str(&bin.run(&["my-tasks", "--json"]).ok()).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "id": 1, "description": "Fix the roof", "complete": false,
            "due_date": "2026-12-24", "user_id": 1, "tags": ["home"]
        }])
    );
    assert_eq!(bin.run(&["completed", "--json"]).ok(), "[]\n");
    let users: serde_json::Value =
        serde_json::from_str(&bin.run(&["users", "--json"]).ok()).unwrap();
    assert_eq!(users[0]["username"], "Bugs_Bunny");
    assert_eq!(users[0]["first_name"], "Bugs");
    assert_eq!(users[0]["tasks"][0]["tags"], serde_json::json!(["home"]));
}

#[test]
fn tags_are_added_removed_and_listed() {
    let bin = signed_up();
    bin.run(&["new-task", "Eat everything", "Spin", "Sleep"])
        .ok();
    assert_eq!(
        bin.run(&["tag", "1", " urgent "]).ok(),
        "Tagged task 1 with urgent.\n"
    );
    assert_eq!(
        bin.run(&["tag", "1", "urgent"]).ok(),
        "Task 1 already has the tag urgent.\n"
    );
    bin.run(&["tag", "1", "food"]).ok();
    bin.run(&["tag", "2", "urgent"]).ok();
    bin.run(&["mark-complete", "2"]).ok();
    assert_eq!(
        bin.run(&["tagged", "urgent"]).ok(),
        "id  description     done  due  tags\n\
         1   Eat everything  no         food, urgent\n\
         2   Spin            yes        urgent\n"
    );
    assert_eq!(
        bin.run(&["untag", "1", "urgent"]).ok(),
        "Removed the tag urgent from task 1.\n"
    );
    assert_eq!(
        bin.run(&["tagged", "food"]).ok(),
        "id  description     done  due  tags\n1   Eat everything  no         food\n"
    );
    assert_eq!(
        bin.run(&["tagged", "urgent", "--user", "Bugs_Bunny"]).ok(),
        "id  description  done  due  tags\n2   Spin         yes        urgent\n"
    );
    bin.run(&["delete", "2"]).ok();
    assert_eq!(
        bin.run(&["tagged", "urgent"]).ok(),
        "You do not have any tasks tagged urgent.\n",
        "deleting a task deletes its tag links"
    );
}

#[test]
fn users_lists_everyone_with_tasks_and_tags() {
    let bin = signed_up();
    bin.run(&["new-task", "Buy carrots", "--due", "2026-12-01"])
        .ok();
    bin.run(&["tag", "1", "errands"]).ok();
    bin.run(&["tag", "1", "urgent"]).ok();
    bin.run(&[
        "sign-up",
        "Daffy",
        "--first-name",
        "Daffy",
        "--last-name",
        "Duck",
    ])
    .ok();
    assert_eq!(
        bin.run(&["users"]).ok(),
        "user        name        task  description  done  due         tags\n\
         Bugs_Bunny  Bugs Bunny  1     Buy carrots  no    2026-12-01  errands, urgent\n\
         Daffy       Daffy Duck\n"
    );
}

#[test]
fn seed_is_deterministic_and_never_fails_on_duplicates() {
    let listing = |seed: &str| {
        let bin = Db::migrated();
        assert_eq!(
            bin.run(&["seed", "--seed", seed]).ok(),
            format!(
                "Added 20 users and 100 tasks (seed {seed}); 0 usernames were taken already.\n"
            )
        );
        assert_eq!(
            bin.run(&["seed", "--seed", seed]).ok(),
            format!("Added 0 users and 0 tasks (seed {seed}); 20 usernames were taken already.\n")
        );
        bin.run(&["users", "--json"]).ok()
    };
    let first = listing("3");
    assert_eq!(first, listing("3"), "the same seed gave different data");
    assert_ne!(first, listing("4"), "different seeds gave the same data");
    let users: serde_json::Value = serde_json::from_str(&first).unwrap();
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), 20);
    for user in users {
        let name = user["username"].as_str().unwrap();
        assert_eq!(
            name,
            format!(
                "{}_{}",
                user["first_name"].as_str().unwrap(),
                user["last_name"].as_str().unwrap()
            )
        );
        assert_eq!(user["tasks"].as_array().unwrap().len(), 5, "{user}");
    }

    // A username taken in another letter case is skipped, not an error.
    let bin = Db::migrated();
    let taken = users[0]["username"].as_str().unwrap().to_lowercase();
    bin.run(&["sign-up", &taken, "--first-name", "A", "--last-name", "B"])
        .ok();
    assert_eq!(
        bin.run(&["seed", "--seed", "3"]).ok(),
        "Added 19 users and 95 tasks (seed 3); 1 usernames were taken already.\n"
    );
}
