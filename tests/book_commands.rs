//! The book (and the README) never lies about a command: every `cargo run -p lesson-0N ...`
//! line in a ```` ```console ```` block of a chapter is run, in the chapter's order, with the lesson's
//! solution (the reader who has done the work), against a throw-away database. It must succeed,
//! and every output line the chapter shows under it must appear in what it really prints. A
//! shown line starting with `error:` means the command must fail, with that message.
//!
//! Each chapter runs in its own empty folder, as a reader's shell would: `echo '...' > FILE` and
//! `rm FILE` lines are followed too. Every command but `config` (which only reports) gets a
//! throw-away database through `DATABASE_URL`, unless the line sets its own (lesson 08's, a
//! scratch database on a throwaway PostgreSQL cluster, one per chapter). The solution's
//! paths and names are read as the lesson's (`solutions/lesson-04/solution-04.db` as
//! `lessons/lesson-04/lesson-04.db`), and `…` in a shown line stands for any text.
//!
//! Not run: `migration generate` (it would write into the solution's folder; the workbook's unit
//! tests cover it), the interactive `menu` (it needs a terminal; lesson-07's `tests/menu.rs`
//! drives it through a pseudo-terminal), `db` (it starts and stops the server in the lesson's
//! own folder; `workbook::lesson_server`'s tests cover it), the runner (`cargo run -p course`, whose own tests drive it on the real
//! workspace), and the commands CI runs itself (`cargo install`, `cargo test`, `.ci/book-tools`,
//! `mdbook`, `git`); `diesel` commands are exercised by `diesel_cli.rs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$ ...` line of a console block and the output lines shown under it.
struct Shown {
    line: String,
    output: Vec<String>,
}

fn console_blocks(chapter: &str) -> Vec<Vec<Shown>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Shown>> = None;
    for line in chapter.lines() {
        let trimmed = line.trim();
        match &mut current {
            None if trimmed == "```console" => current = Some(Vec::new()),
            None => {}
            Some(_) if trimmed == "```" => blocks.extend(current.take()),
            Some(block) => match trimmed.strip_prefix("$ ") {
                Some(command) => block.push(Shown {
                    line: command.to_string(),
                    output: Vec::new(),
                }),
                None => {
                    if let Some(last) = block.last_mut()
                        && !trimmed.is_empty()
                        && trimmed != "..."
                    {
                        last.output.push(trimmed.to_string());
                    }
                }
            },
        }
    }
    blocks
}

/// A `[VAR=value ...] cargo run -p PACKAGE [-- ARGS] [> FILE]` line, taken apart.
struct CargoRun {
    env: Vec<(String, String)>,
    package: String,
    args: Vec<String>,
}

/// The line as a `cargo run -p`; `None` for any other command.
fn cargo_run(line: &str) -> Option<CargoRun> {
    let command = line.split(" # ").next().unwrap_or(line);
    let words = shell_words(command.split(" > ").next().unwrap_or(command));
    let start = words.iter().position(|w| !w.contains('='))?;
    let env = words[..start]
        .iter()
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let rest = &words[start..];
    if rest.len() < 4 || rest[..3] != ["cargo", "run", "-p"] {
        return None;
    }
    let package = rest[3].clone();
    if !package.starts_with("lesson-") && !package.starts_with("solution-") {
        return None;
    }
    let args = match rest.get(4).map(String::as_str) {
        Some("--") => rest[5..].to_vec(),
        None => Vec::new(),
        Some(other) => panic!("`{line}`: expected `--` before the arguments, found {other}"),
    };
    Some(CargoRun { env, package, args })
}

/// Splits a command line into words, honouring double and single quotes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// The solution that answers a lesson package: `lesson-04` and `solution-04` -> `solution-04`.
fn solution(package: &str) -> String {
    package.replacen("lesson-", "solution-", 1)
}

/// The folder cargo builds binaries into (this test runs from `target/debug/deps`).
fn binaries() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().to_path_buf()
}

fn build(packages: &BTreeSet<String>) {
    let mut command = Command::new(env!("CARGO"));
    command.args(["build", "--quiet"]);
    for package in packages {
        command.args(["-p", package]);
    }
    let status = command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success(), "cannot build {packages:?}");
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `printed` holds `shown`, where `…` in `shown` stands for any text.
fn shows(printed: &str, shown: &str) -> bool {
    let mut rest = printed;
    squeeze(shown).split('…').all(|part| match rest.find(part) {
        Some(at) => {
            rest = &rest[at + part.len()..];
            true
        }
        None => false,
    })
}

/// Follows `echo '...' > FILE` and `rm FILE` in `folder`; false for any other line.
fn shell(line: &str, folder: &Path) -> bool {
    if let Some((echo, file)) = line.strip_prefix("echo ").and_then(|l| l.split_once(" > ")) {
        let text = shell_words(echo).join(" ");
        std::fs::write(folder.join(file.trim()), text + "\n").unwrap();
        return true;
    }
    if let Some(file) = line.strip_prefix("rm ") {
        std::fs::remove_file(folder.join(file.trim())).unwrap();
        return true;
    }
    false
}

#[test]
fn every_lesson_command_in_the_book_does_what_the_book_says() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/src");
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(&book)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    chapters.sort();
    chapters.push(book.join("../../README.md"));
    let texts: Vec<(PathBuf, String)> = chapters
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    let packages: BTreeSet<String> = texts
        .iter()
        .flat_map(|(_, text)| console_blocks(text))
        .flatten()
        .filter_map(|shown| cargo_run(&shown.line).map(|run| solution(&run.package)))
        .collect();
    assert!(!packages.is_empty(), "the book shows no lesson command");
    build(&packages);

    let mut ran = 0;
    for (path, text) in &texts {
        let chapter = path.file_name().unwrap().to_string_lossy();
        let reader = tempfile::tempdir().unwrap();
        let mut postgres = None;
        // The reader's checkout: commands may name files in the lesson folders.
        for package in &packages {
            let lesson = package.replacen("solution-", "lesson-", 1);
            std::fs::create_dir_all(reader.path().join("lessons").join(&lesson).join("src"))
                .unwrap();
            std::fs::create_dir_all(reader.path().join("solutions").join(&lesson).join("src"))
                .unwrap();
        }
        for shown in console_blocks(text).into_iter().flatten() {
            if shell(&shown.line, reader.path()) {
                continue;
            }
            let Some(CargoRun { env, package, args }) = cargo_run(&shown.line) else {
                continue;
            };
            if args.starts_with(&["migration".to_string(), "generate".to_string()])
                || args.first().is_some_and(|a| a == "menu" || a == "db")
            {
                continue;
            }
            // `print-schema --write` would write into the solution's folder: print instead.
            let args: Vec<String> = args.into_iter().filter(|a| a != "--write").collect();
            let package = solution(&package);
            let mut command = Command::new(binaries().join(&package));
            command
                .args(&args)
                .current_dir(reader.path())
                .env_remove("DATABASE_URL");
            if args.first().is_none_or(|a| a != "config") {
                if crate::diesel_cli::on_postgres(Path::new(&package.replacen(
                    "solution-",
                    "lesson-",
                    1,
                ))) {
                    let scratch: &workbook::postgres::Scratch = postgres.get_or_insert_with(|| {
                        workbook::postgres::test_server().scratch().unwrap()
                    });
                    command.env("DATABASE_URL", &scratch.url);
                } else {
                    command.env("DATABASE_URL", reader.path().join(format!("{package}.db")));
                }
            }
            let output = command.envs(env).output().unwrap();
            ran += 1;
            let printed = squeeze(&format!(
                "{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
            .replace("solutions/", "lessons/")
            .replace("solution-", "lesson-");
            let should_fail = shown.output.iter().any(|line| line.starts_with("error:"));
            assert_eq!(
                !output.status.success(),
                should_fail,
                "{chapter}: `{}` {} but the book says it {}:\n{printed}",
                shown.line,
                if output.status.success() {
                    "succeeded"
                } else {
                    "failed"
                },
                if should_fail { "fails" } else { "succeeds" },
            );
            for expected in &shown.output {
                assert!(
                    shows(&printed, expected),
                    "{chapter}: `{}` does not print `{expected}`; it printed:\n{printed}",
                    shown.line
                );
            }
        }
    }
    assert!(ran > 0);
}

#[test]
fn commands_are_read_from_console_blocks_only() {
    let chapter = "```console\n$ cargo run -p lesson-04 -- task add \"Buy milk\" --user bugs\nAdded task 1.\n\n$ cargo run -p lesson-04\n```\n```text\n$ cargo run -p lesson-09\n```\n";
    let blocks = console_blocks(chapter);
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].len(), 2);
    assert_eq!(blocks[0][0].output, ["Added task 1."]);
    let run = cargo_run(&blocks[0][0].line).unwrap();
    assert!(run.env.is_empty());
    assert_eq!(run.package, "lesson-04");
    assert_eq!(run.args, ["task", "add", "Buy milk", "--user", "bugs"]);
    let run =
        cargo_run("DATABASE_URL=other.db cargo run -p lesson-03 -- print-schema > src/schema.rs")
            .unwrap();
    assert_eq!(
        run.env,
        [("DATABASE_URL".to_string(), "other.db".to_string())]
    );
    assert_eq!(run.args, ["print-schema"]);
    assert!(cargo_run("cargo install mdbook").is_none());
    assert!(cargo_run("cargo run -p course -- hint").is_none());
    let run = cargo_run("cargo run -p lesson-04 -- check   # the goals, again").unwrap();
    assert_eq!(run.args, ["check"]);
}

#[test]
fn an_ellipsis_in_shown_output_stands_for_any_text() {
    assert!(shows(
        "Running migration 2026-11-24-120000_create_user",
        "Running migration …_create_user"
    ));
    assert!(!shows(
        "Running migration 2026-11-24-120000_create_task",
        "Running migration …_create_user"
    ));
    assert!(shows(
        "database: /tmp/x/lessons/lesson-03/lesson-03.db",
        "database:   /…/lessons/lesson-03/lesson-03.db"
    ));
}
