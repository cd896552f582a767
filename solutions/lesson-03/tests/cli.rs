//! End-to-end tests of the real solution-03 binary: which database it uses and why, the seed,
//! and the user commands.

use workbook::testing::Bin;

fn bin() -> Bin {
    Bin::new(env!("CARGO_BIN_EXE_solution-03"))
}

const DEFAULT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/solution-03.db");

/// The `database:` and `from:` lines of `config`.
fn config(bin: &Bin, env: &[(&str, &str)], flag: Option<&str>) -> (String, String) {
    let mut args = Vec::new();
    if let Some(url) = flag {
        args.extend(["--database-url", url]);
    }
    args.push("config");
    let out = bin.run_with_env(env, &args).ok();
    let field = |name: &str| {
        out.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|value| value.trim().to_string())
            .unwrap_or_else(|| panic!("no {name} in {out}"))
    };
    (field("database:"), field("from:"))
}

#[test]
fn the_flag_beats_the_environment_beats_dotenv_beats_the_default() {
    let bin = bin();
    let here = |file: &str| bin.dir().join(file).display().to_string();
    let env = [("DATABASE_URL", "from-env.db")];

    // Nothing set: the lesson's own file.
    let (db, from) = config(&bin, &[], None);
    assert_eq!(db, DEFAULT);
    assert!(from.starts_with("the lesson's default"), "{from}");

    // A .env without DATABASE_URL changes nothing.
    std::fs::write(bin.dir().join(".env"), "RUST_LOG=debug\n").unwrap();
    assert_eq!(config(&bin, &[], None).0, DEFAULT);

    // .env alone.
    std::fs::write(bin.dir().join(".env"), "DATABASE_URL=from-dotenv.db\n").unwrap();
    let (db, from) = config(&bin, &[], None);
    assert_eq!(db, here("from-dotenv.db"));
    assert_eq!(from, format!("DATABASE_URL in {}", here(".env")));

    // The environment beats .env.
    let (db, from) = config(&bin, &env, None);
    assert_eq!(db, here("from-env.db"));
    assert_eq!(from, "the DATABASE_URL environment variable");

    // The flag beats both.
    let (db, from) = config(&bin, &env, Some("from-flag.db"));
    assert_eq!(db, here("from-flag.db"));
    assert_eq!(from, "--database-url");

    // Without .env: the environment alone, then the flag alone.
    std::fs::remove_file(bin.dir().join(".env")).unwrap();
    assert_eq!(config(&bin, &env, None).0, here("from-env.db"));
    let (db, from) = config(&bin, &[], Some("from-flag.db"));
    assert_eq!(
        (db.as_str(), from.as_str()),
        (here("from-flag.db").as_str(), "--database-url")
    );
}

#[test]
fn commands_use_the_database_the_configuration_names() {
    let bin = bin();
    std::fs::write(bin.dir().join(".env"), "DATABASE_URL=todo.db\n").unwrap();
    bin.run_bare(&["migration", "run"]).ok();
    assert!(
        bin.dir().join("todo.db").is_file(),
        "the .env's database was not created"
    );
    bin.run_bare(&["seed"]).ok();

    let env = [("DATABASE_URL", "other.db")];
    bin.run_with_env(&env, &["migration", "run"]).ok();
    assert_eq!(
        bin.run_with_env(&env, &["user", "list"]).ok(),
        "No users yet: add one with `user add NAME`.\n"
    );
    assert!(
        bin.run_bare(&["user", "list"])
            .ok()
            .contains("RoadRunnerSpeedster")
    );
}

#[test]
fn seed_adds_the_lecture_users_once() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    assert_eq!(
        bin.run(&["seed"]).ok(),
        "Added 5 of the lecture's 5 users.\n"
    );
    assert_eq!(
        bin.run(&["seed"]).ok(),
        "Added 0 of the lecture's 5 users.\n"
    );
    assert_eq!(
        bin.run(&["user", "list"]).ok(),
        "id  username\n\
         1   BugsBunnyFanatic\n\
         2   WackyDaffy91\n\
         3   TazmanianTornado22\n\
         4   SylvesterSneakyCat\n\
         5   RoadRunnerSpeedster\n"
    );
}

#[test]
fn seed_fills_in_only_the_missing_users() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    bin.run(&["user", "add", "WackyDaffy91"]).ok();
    assert_eq!(
        bin.run(&["seed"]).ok(),
        "Added 4 of the lecture's 5 users.\n"
    );
    let users = bin.run(&["user", "list"]).ok();
    assert_eq!(users.matches("WackyDaffy91").count(), 1, "{users}");
    assert_eq!(users.lines().count(), 6, "{users}");
}

#[test]
fn print_schema_writes_what_src_schema_rs_holds() {
    let bin = bin();
    bin.run(&["migration", "run"]).ok();
    assert_eq!(
        bin.run(&["print-schema"]).ok(),
        include_str!("../src/schema.rs")
    );
}

#[test]
fn check_passes_every_goal_and_the_overview_shows_the_checklist() {
    let bin = bin();
    let report = bin.run_bare(&["check"]).ok();
    assert!(
        report.starts_with("solution-03 · Configure the tools to work with our DB\n"),
        "{report}"
    );
    assert!(report.contains("8 of 8 goals pass."), "{report}");
    assert_eq!(bin.run_bare(&[]).ok(), report);
}

/// Runs `args`, expects one error line containing `expected`, and proves the database file
/// is byte for byte what it was.
fn refused(bin: &Bin, env: &[(&str, &str)], args: &[&str], expected: &str) {
    let before = bin.db_bytes();
    let message = bin.run_with_env(env, args).error();
    assert!(message.contains(expected), "{args:?}: {message}");
    assert_eq!(bin.db_bytes(), before, "{args:?} changed the database");
}

#[test]
fn bad_input_is_refused_in_one_line_and_changes_nothing() {
    let bin = bin();
    let db = bin.db().display().to_string();
    let db = db.as_str();
    refused(
        &bin,
        &[],
        &["--database-url", db, "seed"],
        "there is no database at",
    );
    bin.run(&["migration", "run"]).ok();
    bin.run(&["seed"]).ok();
    refused(
        &bin,
        &[],
        &["--database-url", db, "user", "add", "  "],
        "the username is empty",
    );
    let long = "x".repeat(31);
    refused(
        &bin,
        &[],
        &["--database-url", db, "user", "add", &long],
        "the username",
    );
    refused(
        &bin,
        &[("DATABASE_URL", "postgres://localhost/todo")],
        &["seed"],
        "the DATABASE_URL environment variable is a postgres:// URL",
    );
    std::fs::write(bin.dir().join(".env"), "DATABASE_URL='unterminated\n").unwrap();
    refused(&bin, &[], &["config"], ".env");
    bin.run(&["migration", "revert", "--yes"]).ok();
    refused(
        &bin,
        &[],
        &["--database-url", db, "user", "list"],
        "1 pending migration(s) (create_user)",
    );
}
