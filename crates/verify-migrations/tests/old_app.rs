//! `old-app-breaks` on scratch git repositories: the app of the commit before (its
//! `src/schema.rs`) keeps running while the new migrations deploy, `--since-commit` picks both
//! the migrations judged and that app. A drop the previous commit's schema.rs still names
//! fails; the same drop after a commit that took the column out of schema.rs passes; types
//! the old app still reads pass and others fail; a NOT NULL column its inserts leave out
//! fails; `#[sql_name]` is the column's name; what it never named may go. One project runs on
//! PostgreSQL (on the throwaway cluster verify starts itself).

mod scratch_git;

use scratch_git::git;
use std::path::Path;
use std::process::Command;

/// A scratch Diesel project in a git repository.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        Project { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn schema(&self, text: &str) -> &Self {
        std::fs::create_dir_all(self.path().join("src")).unwrap();
        std::fs::write(self.path().join("src/schema.rs"), text).unwrap();
        self
    }

    fn migration(&self, name: &str, up: &str, down: &str) -> &Self {
        let folder = self.path().join("migrations").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), up).unwrap();
        std::fs::write(folder.join("down.sql"), down).unwrap();
        self
    }

    fn commit(&self, message: &str) -> &Self {
        git(self.path(), &["add", "-A"]);
        git(
            self.path(),
            &["commit", "-q", "--allow-empty", "-m", message],
        );
        self
    }

    /// verify's exit code and JSON report, run in the project with `args`.
    fn verify(&self, args: &[&str]) -> (Option<i32>, serde_json::Value) {
        let output = Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
            .arg(".")
            .args(args)
            .args(["--format", "json"])
            .current_dir(self.path())
            .env_remove("DIESEL_CONFIG_FILE")
            .output()
            .unwrap();
        let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{e}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output.status.code(), report)
    }
}

/// The findings of `rule` in a report: (migration, message).
fn found(report: &serde_json::Value, rule: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["migration"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn old_app(report: &serde_json::Value) -> Vec<(String, String)> {
    found(report, "old-app-breaks")
}

const CREATE_USERS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, \
     name TEXT NOT NULL, \"e-mail\" TEXT, age INTEGER);";

/// The app of the first commit: it reads every column of users, `e-mail` as `email`.
const APP: &str = r#"diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
        #[sql_name = "e-mail"]
        email -> Nullable<Text>,
        age -> Nullable<Integer>,
    }
}
"#;

/// The same app once it no longer reads `age`.
const APP_WITHOUT_AGE: &str = r#"diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
        #[sql_name = "e-mail"]
        email -> Nullable<Text>,
    }
}
"#;

/// A project whose first commit makes users (and a table the app never reads) with its app.
fn project() -> Project {
    let project = Project::new();
    project
        .schema(APP)
        .migration(
            "2024-01-01-000000_create_users",
            CREATE_USERS,
            "DROP TABLE users;",
        )
        .migration(
            "2024-01-01-000001_create_audit",
            "CREATE TABLE audit (id INTEGER PRIMARY KEY NOT NULL, what TEXT NOT NULL);",
            "DROP TABLE audit;",
        )
        .commit("users");
    project
}

/// users rebuilt with `columns` (after id and name), filled from the old table's `from`.
fn rebuild(columns: &str, from: &str) -> String {
    format!(
        "CREATE TABLE users_new (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, {columns});\n\
         INSERT INTO users_new SELECT id, name, {from} FROM users;\n\
         DROP TABLE users;\n\
         ALTER TABLE users_new RENAME TO users;"
    )
}

#[test]
fn a_drop_the_running_app_still_names_fails_and_passes_once_the_app_has_switched() {
    let project = project();
    // One commit drops age and takes it out of schema.rs: the app before still reads it.
    project
        .schema(APP_WITHOUT_AGE)
        .migration(
            "2024-01-02-000000_drop_age",
            "ALTER TABLE users DROP COLUMN age;",
            "ALTER TABLE users ADD COLUMN age INTEGER;",
        )
        .commit("drop age");
    let (code, report) = project.verify(&["--since-commit", "HEAD~1"]);
    assert_eq!(code, Some(1), "{report}");
    let found = old_app(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "2024-01-02-000000_drop_age");
    assert!(
        found[0].1.starts_with(
            "migrations/2024-01-02-000000_drop_age/up.sql:1: drops users.age, which the app \
             still running (src/schema.rs at HEAD~1) still selects"
        ),
        "{}",
        found[0].1
    );
    assert_eq!(
        report["judged"]["old_app"]["schema"],
        "src/schema.rs at HEAD~1"
    );

    // Expand and contract: a release whose app no longer names age, then the drop.
    let project = self::project();
    project
        .schema(APP_WITHOUT_AGE)
        .commit("the app stops reading age");
    project
        .migration(
            "2024-01-02-000000_drop_age",
            "ALTER TABLE users DROP COLUMN age;",
            "ALTER TABLE users ADD COLUMN age INTEGER;",
        )
        .commit("drop age");
    let (code, report) = project.verify(&["--since-commit", "HEAD~1"]);
    assert_eq!(code, Some(0), "{report}");
    assert!(old_app(&report).is_empty());
    // Deployed straight after the first commit, the same drop still breaks that app.
    let (_, report) = project.verify(&["--since-commit", "HEAD~2"]);
    assert_eq!(old_app(&report).len(), 1, "{report}");
    // --app-schema names the running app apart from the migrations judged.
    let (code, report) = project.verify(&["--since-commit", "HEAD~1", "--app-schema", "HEAD~2"]);
    assert_eq!((code, old_app(&report).len()), (Some(1), 1), "{report}");
}

#[test]
fn a_type_the_old_app_still_reads_passes_and_another_fails() {
    let project = project();
    // SQLite keeps integers alike whatever the declared type: Integer reads a BIGINT column.
    project
        .migration(
            "2024-01-02-000000_widen_age",
            &rebuild("\"e-mail\" TEXT, age BIGINT", "\"e-mail\", age"),
            &rebuild("\"e-mail\" TEXT, age INTEGER", "\"e-mail\", age"),
        )
        .commit("widen age");
    let (code, report) = project.verify(&["--since-commit", "HEAD~1"]);
    assert_eq!(code, Some(0), "{report}");
    project
        .migration(
            "2024-01-03-000000_age_as_text",
            &rebuild("\"e-mail\" TEXT, age TEXT", "\"e-mail\", age"),
            &rebuild(
                "\"e-mail\" TEXT, age BIGINT",
                "\"e-mail\", CAST(age AS INTEGER)",
            ),
        )
        .commit("age as text");
    let (_, report) = project.verify(&["--since-commit", "HEAD~1"]);
    let found = old_app(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.starts_with(
            "migrations/2024-01-03-000000_age_as_text/up.sql:1: changes users.age to TEXT, \
             which the app still running (src/schema.rs at HEAD~1) reads as \
             Nullable<Integer>: on SQLite Diesel reads Integer as integers"
        ),
        "{}",
        found[0].1
    );
}

#[test]
fn a_new_not_null_column_without_a_default_breaks_the_old_apps_inserts() {
    let project = project();
    project
        .migration(
            "2024-01-02-000000_add_slug",
            &rebuild(
                "\"e-mail\" TEXT, age INTEGER, slug TEXT NOT NULL",
                "\"e-mail\", age, name",
            ),
            &rebuild("\"e-mail\" TEXT, age INTEGER", "\"e-mail\", age"),
        )
        .commit("slug");
    let (code, report) = project.verify(&["--since-commit", "HEAD~1"]);
    assert_eq!(code, Some(1));
    let found = old_app(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.starts_with(
            "migrations/2024-01-02-000000_add_slug/up.sql:1: adds users.slug NOT NULL without a \
             default, a column the app still running (src/schema.rs at HEAD~1) does not know: \
             its inserts into users leave it out and fail"
        ),
        "{}",
        found[0].1
    );

    let project = self::project();
    project
        .migration(
            "2024-01-02-000000_add_slug",
            "ALTER TABLE users ADD COLUMN slug TEXT NOT NULL DEFAULT '';",
            "ALTER TABLE users DROP COLUMN slug;",
        )
        .commit("slug with a default");
    let (code, report) = project.verify(&["--since-commit", "HEAD~1"]);
    assert_eq!(code, Some(0), "{report}");
}

#[test]
fn sql_name_is_the_columns_name_and_what_the_app_never_named_may_go() {
    let project = project();
    project
        .migration(
            "2024-01-02-000000_rename_email",
            "ALTER TABLE users RENAME COLUMN \"e-mail\" TO email;",
            "ALTER TABLE users RENAME COLUMN email TO \"e-mail\";",
        )
        .commit("rename e-mail");
    let (_, report) = project.verify(&["--since-commit", "HEAD~1"]);
    let found = old_app(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    // The app's `email` is the database's `e-mail`: renaming it to email breaks the app.
    assert!(
        found[0].1.contains(
            "renames users.e-mail to email while the app still running (src/schema.rs at \
             HEAD~1) still selects e-mail"
        ),
        "{}",
        found[0].1
    );
    assert!(found[0].1.contains("split it (expand and contract)"));

    let project = self::project();
    project
        .migration(
            "2024-01-02-000000_drop_audit",
            "DROP TABLE audit;",
            "CREATE TABLE audit (id INTEGER PRIMARY KEY NOT NULL, what TEXT NOT NULL);",
        )
        .commit("drop audit");
    let (code, report) = project.verify(&["--since-commit", "HEAD~1"]);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report["notes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| { !n.as_str().unwrap().starts_with("old-app-breaks") })
    );
}

#[test]
fn without_a_schema_at_that_commit_the_rule_is_said_not_judged() {
    let project = Project::new();
    project
        .migration(
            "2024-01-01-000000_create_users",
            CREATE_USERS,
            "DROP TABLE users;",
        )
        .commit("users, no schema.rs");
    project
        .migration(
            "2024-01-02-000000_drop_age",
            "ALTER TABLE users DROP COLUMN age;",
            "ALTER TABLE users ADD COLUMN age INTEGER;",
        )
        .commit("drop age");
    let (code, report) = project.verify(&["--since-commit", "HEAD~1"]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        report["judged"]["old_app"]["not_judged"],
        "src/schema.rs is not in HEAD~1, so what the app there reads is not known"
    );
    let text = Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
        .args([".", "--since-commit", "HEAD~1"])
        .current_dir(project.path())
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains(
            "  ? the app still running during the deploy (as its own schema.rs says) works"
        ) && text.contains("Not judged: whether the app still running works"),
        "{text}"
    );
    // A commit that is not there is an error, one line, exit code 2.
    let (code, _) = (
        Command::new(env!("CARGO_BIN_EXE_verify-migrations"))
            .args([".", "--app-schema", "no-such-branch"])
            .current_dir(project.path())
            .output()
            .unwrap()
            .status
            .code(),
        (),
    );
    assert_eq!(code, Some(2));
}

#[test]
fn on_postgres_a_rename_and_a_retype_break_the_app_and_replace_the_advice() {
    let project = Project::new();
    project
        .schema(
            "diesel::table! {\n    users (id) {\n        id -> Int4,\n        name -> Text,\n        \
             visits -> Int4,\n        #[max_length = 100]\n        bio -> Varchar,\n    }\n}\n",
        )
        .migration(
            "2024-01-01-000000_create_users",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, \
             visits INTEGER NOT NULL DEFAULT 0, bio VARCHAR(100) NOT NULL DEFAULT '');\n\
             CREATE TABLE audit (id SERIAL PRIMARY KEY);",
            "DROP TABLE audit;\nDROP TABLE users;",
        )
        .commit("users");
    project
        .migration(
            "2024-01-02-000000_rename_name",
            "ALTER TABLE users RENAME COLUMN name TO full_name;",
            "ALTER TABLE users RENAME COLUMN full_name TO name;",
        )
        .migration(
            "2024-01-03-000000_widen_visits",
            "ALTER TABLE users ALTER COLUMN visits TYPE BIGINT;\n\
             ALTER TABLE users ALTER COLUMN bio TYPE VARCHAR(2000);",
            "ALTER TABLE users ALTER COLUMN visits TYPE INTEGER;\n\
             ALTER TABLE users ALTER COLUMN bio TYPE VARCHAR(100);",
        )
        .migration(
            "2024-01-04-000000_drop_audit",
            "DROP TABLE audit;",
            "CREATE TABLE audit (id SERIAL PRIMARY KEY);",
        )
        .commit("rename, widen, drop");
    let (code, report) = project.verify(&["--since-commit", "HEAD~1"]);
    assert_eq!(code, Some(1), "{report}");
    let breaks = old_app(&report);
    assert_eq!(breaks.len(), 2, "{breaks:?}");
    assert_eq!(breaks[0].0, "2024-01-02-000000_rename_name");
    assert!(
        breaks[0]
            .1
            .contains("renames users.name to full_name while the app still running"),
        "{}",
        breaks[0].1
    );
    // Diesel checks an Int4's size: a bigint breaks the old app; a longer varchar does not.
    assert_eq!(breaks[1].0, "2024-01-03-000000_widen_visits");
    assert!(
        breaks[1].1.starts_with(
            "migrations/2024-01-03-000000_widen_visits/up.sql:1: changes users.visits to \
             bigint, which the app still running (src/schema.rs at HEAD~1) reads as Int4: \
             Diesel reads Int4 only from int4 (integer)"
        ),
        "{}",
        breaks[1].1
    );
    // The app's own schema replaces the guess: no advice on the rename, the drop of audit.
    assert_eq!(found(&report, "breaks-running-clients"), []);
    // Without it (--since a version), the guess stands, on both.
    let (_, report) = project.verify(&["--since", "2024-01-01-000000"]);
    assert!(old_app(&report).is_empty());
    assert_eq!(
        found(&report, "breaks-running-clients").len(),
        2,
        "{report}"
    );
}
