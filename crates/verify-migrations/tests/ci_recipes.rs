//! The book's CI recipes (docs/ci/: GitHub Actions, its SARIF upload, GitLab CI, a pre-commit
//! hook) run as written on a scratch git repository: every `verify-migrations` command in them,
//! through `sh` from the repository's root, with the CI's variables set. A commit adding a good
//! migration passes each; a commit adding a bad one fails each, with an annotation in GitHub's.
//! (Their `cargo install` lines fetch this repository over the network and are not run here.)

mod scratch_git;

use scratch_git::git;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn recipes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/ci")
}

/// Every `verify-migrations` command of a recipe: its `run:`, `- ` or `entry:` lines.
fn commands(recipe: &str) -> Vec<String> {
    let text = std::fs::read_to_string(recipes().join(recipe)).unwrap();
    text.lines()
        .map(|line| line.trim().trim_start_matches("- "))
        .filter_map(|line| {
            ["run: ", "entry: ", ""]
                .iter()
                .find_map(|key| line.strip_prefix(key))
                .filter(|command| command.starts_with("verify-migrations "))
                .map(str::to_string)
        })
        .collect()
}

fn commit_migration(repo: &Path, name: &str, up: &str, down: &str) {
    let folder = repo.join("migrations").join(name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("up.sql"), up).unwrap();
    std::fs::write(folder.join("down.sql"), down).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", name]);
}

/// `command` run by `sh` in `repo`, verify-migrations on the PATH, as GitLab sets its variables.
fn run(repo: &Path, command: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_verify-migrations"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    Command::new("sh")
        .args(["-c", command])
        .current_dir(repo)
        .env("PATH", path)
        .env("CI_DEFAULT_BRANCH", "main")
        .output()
        .unwrap()
}

#[test]
fn the_book_s_ci_recipes_pass_a_good_migration_and_fail_a_bad_one() {
    let recipes = [
        "github-actions.yml",
        "github-sarif.yml",
        "gitlab-ci.yml",
        "pre-commit-config.yaml",
    ];
    let every: Vec<(&str, String)> = recipes
        .iter()
        .flat_map(|recipe| commands(recipe).into_iter().map(move |c| (*recipe, c)))
        .collect();
    assert_eq!(
        every.len(),
        recipes.len(),
        "one command per recipe: {every:?}"
    );

    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    git(repo, &["init", "-q", "-b", "main"]);
    commit_migration(
        repo,
        "2024-01-01-000000_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
        "DROP TABLE users;",
    );
    // What a clone fetched from the server: the base branch the pull request is compared with.
    git(repo, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    git(repo, &["checkout", "-q", "-b", "feature"]);
    commit_migration(
        repo,
        "2024-01-02-000000_add_email",
        "ALTER TABLE users ADD COLUMN email TEXT;",
        "ALTER TABLE users DROP COLUMN email;",
    );
    for (recipe, command) in &every {
        let output = run(repo, command);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{recipe}: {command}: {output:?}"
        );
    }

    // The down brings name back as INTEGER: not the schema the up found.
    commit_migration(
        repo,
        "2024-01-03-000000_drop_name",
        "ALTER TABLE users DROP COLUMN name;",
        "ALTER TABLE users ADD COLUMN name INTEGER NOT NULL DEFAULT 0;",
    );
    for (recipe, command) in &every {
        let output = run(repo, command);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{recipe}: {command}: {output:?}"
        );
    }
    let github = run(repo, &commands("github-actions.yml")[0]);
    let stdout = String::from_utf8(github.stdout).unwrap();
    assert!(
        stdout.contains(
            "::error file=migrations/2024-01-03-000000_drop_name/down.sql,title=down-not-exact::"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("note: 2 of 3 migrations judged: those added since origin/main"),
        "{stdout}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join("verify.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "down-not-exact");
}
