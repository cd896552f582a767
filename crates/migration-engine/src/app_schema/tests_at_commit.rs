//! The app's schema read at a git commit, where diesel.toml says, on a scratch repository.

use std::path::Path;

use super::tests::{COLUMN_RENAMING, CUSTOM_TYPES, LESSON_08};
use super::*;

fn git(repo: &Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env("GIT_AUTHOR_NAME", "CI")
        .env("GIT_AUTHOR_EMAIL", "ci@example.com")
        .env("GIT_COMMITTER_NAME", "CI")
        .env("GIT_COMMITTER_EMAIL", "ci@example.com")
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
}

fn commit(repo: &Path, file: &str, text: &str) {
    let path = repo.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", file]);
}

#[test]
fn the_schema_is_read_as_it_was_at_a_commit_where_diesel_toml_says() {
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    git(repo, &["init", "-q"]);
    commit(repo, "migrations/.keep", "");
    let migrations = repo.join("migrations");
    // No schema file in that commit: not judged, said in one line.
    let Found::NotJudged(why) = at_commit(&migrations, "HEAD").unwrap() else {
        panic!("judged without a schema");
    };
    assert_eq!(
        why,
        "src/schema.rs is not in HEAD, so what the app there reads is not known"
    );
    commit(repo, "src/schema.rs", LESSON_08);
    // Today's file has no `tags`: the commit's is read, not the working tree's.
    std::fs::write(repo.join("src/schema.rs"), COLUMN_RENAMING).unwrap();
    let Found::Read { schema, from } = at_commit(&migrations, "HEAD").unwrap() else {
        panic!("not read");
    };
    assert_eq!(from, "src/schema.rs at HEAD");
    assert!(schema.table("tags").is_some());
    // diesel.toml moves it; the commit's diesel.toml is the one that counts.
    commit(
        repo,
        "diesel.toml",
        "[print_schema]\nfile = \"src/db/schema.rs\"\n",
    );
    commit(repo, "src/db/schema.rs", CUSTOM_TYPES);
    let Found::Read { schema, from } = at_commit(&migrations, "HEAD").unwrap() else {
        panic!("not read");
    };
    assert_eq!(from, "src/db/schema.rs at HEAD");
    assert!(schema.table("translations").is_some());
    let Found::NotJudged(why) = at_commit(&migrations, "HEAD~3").unwrap() else {
        panic!("judged without a schema");
    };
    assert!(
        why.starts_with("src/db/schema.rs is not in HEAD~3"),
        "{why}"
    );
    // A file that is no schema: not judged, with where it is wrong.
    commit(repo, "src/db/schema.rs", "diesel::table! { users { id } }");
    let Found::NotJudged(why) = at_commit(&migrations, "HEAD").unwrap() else {
        panic!("judged a broken schema");
    };
    assert!(
        why.starts_with("src/db/schema.rs at HEAD is not a schema Diesel reads (line 1: "),
        "{why}"
    );
    // A schema without a table! (diesel 0.x's infer_schema!) says nothing of what the app reads.
    commit(
        repo,
        "src/db/schema.rs",
        "infer_schema!(\"dotenv:DATABASE_URL\");\n",
    );
    let Found::NotJudged(why) = at_commit(&migrations, "HEAD").unwrap() else {
        panic!("judged without a table");
    };
    assert!(
        why.starts_with("src/db/schema.rs at HEAD declares no table! (infer_schema!"),
        "{why}"
    );
    // A commit that is not there: an error, one line.
    let error = at_commit(&migrations, "no-such-branch")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("cannot read the app's schema at no-such-branch: it is no commit"),
        "{error}"
    );
}
