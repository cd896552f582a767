//! `git` in a scratch repository, for the tests that build one (a module of each test binary
//! that uses it).

use std::path::Path;
use std::process::Command;

/// Runs `git ARGS` in `repo` as a CI user; a failure fails the test with git's output.
pub fn git(repo: &Path, args: &[&str]) {
    let output = Command::new("git")
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
