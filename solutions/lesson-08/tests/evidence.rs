//! verify's report on the changes made while the app runs, the evidence the chapter shows:
//! the naive way of each (naive/*.sql, in place of the lesson's migration) and the lesson's own
//! migrations, judged after the course's schema is in place with rows in every table, and
//! against the app still running while they deploy (old-app-breaks): the app reading
//! `tags.name` for the first release, the app switched to `tags.label` for the contract.

use std::path::Path;
use std::sync::Arc;

use workbook::app_schema;
use workbook::course::lesson_08::apps::{READS_LABEL, READS_NAME};
use workbook::postgres::Server;
use workbook::verify::{self, App, Backend, Options, Since};

const MIGRATIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");

/// The last migration of the course before this lesson: the ones after it are judged.
const COURSE_END: &str = "20261124220000";

/// The last migration of the first release, deployed while the app reads `tags.name`.
const FIRST_RELEASE_END: &str = "20261201170000";

/// The app still running, as `verify --app-schema` reads it: its `src/schema.rs`, and where
/// it was read.
fn app(schema: &str, from: &str) -> App {
    App::Schema {
        schema: app_schema::parse(schema).expect("the app's schema.rs"),
        from: from.to_string(),
    }
}

/// verify's report, as it prints it, on the migrations in `dir` newer than `since` (deployed
/// while `app` runs, when one is given), the folder said as `shown_as`, every timestamp as `<time N>` and the
/// server's version as `<version>`.
fn findings(
    dir: &Path,
    shown_as: &str,
    server: &Arc<Server>,
    since: &str,
    app: Option<App>,
) -> String {
    let options = Options {
        backend: Some(Backend::Postgres),
        server: Some(Arc::clone(server)),
        since: Some(Since::Version(since.into())),
        app,
        ..Options::default()
    };
    let report = verify::verify(dir, &options).expect("verify runs");
    without_version(&without_times(
        &report
            .render()
            .replace(&dir.display().to_string(), shown_as),
    ))
}

/// `text` with each timestamp in it (`2026-12-05 15:24:50.299232+00`, or in JSON
/// `2026-12-05T15:24:50.299232+00:00`) said as `<time 1>`,
/// `<time 2>`, ... in the order they first appear, so that the report is the same on every run
/// and still shows which times differ.
fn without_times(text: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("+00") {
        let before = &rest[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_digit() || "-:. T".contains(c)))
            .map_or(0, |i| i + 1);
        let stamp = before[start..].trim_start();
        if stamp.len() >= 19 && stamp.as_bytes()[4] == b'-' && stamp.as_bytes()[13] == b':' {
            out += &before[..before.len() - stamp.len()];
            let n = match seen.iter().position(|s| s == stamp) {
                Some(i) => i + 1,
                None => {
                    seen.push(stamp.to_string());
                    seen.len()
                }
            };
            out += &format!("<time {n}>");
        } else {
            out += before;
            out += "+00";
        }
        rest = &rest[at + 3..];
        if out.ends_with('>') {
            rest = rest.strip_prefix(":00").unwrap_or(rest);
        }
    }
    out + rest
}

/// `report` with the server's version in its first line said as `PostgreSQL <version>`, so
/// that it is the same on every machine.
fn without_version(report: &str) -> String {
    let Some(at) = report.find("; PostgreSQL ") else {
        return report.to_string();
    };
    let from = at + "; PostgreSQL ".len();
    let end = report[from..].find(", ").map_or(report.len(), |i| from + i);
    format!("{}<version>{}", &report[..from], &report[end..])
}

/// The naive way of each change, and how to undo it, in place of the lesson's migrations.
const NAIVE: &[(&str, &str)] = &[
    (
        "2026-12-01-120000_index_tasks_by_due_date",
        "DROP INDEX ix_tasks_user_id_due_date;",
    ),
    (
        "2026-12-01-130000_check_user_email",
        "ALTER TABLE users DROP CONSTRAINT ck_users_email_has_at;",
    ),
    (
        "2026-12-01-150000_add_task_priority",
        "ALTER TABLE tasks DROP COLUMN priority;",
    ),
    (
        "2026-12-01-160000_expand_tag_label",
        "ALTER TABLE tags RENAME COLUMN label TO name;",
    ),
];

#[test]
fn the_naive_ways_lock_writers_out_and_the_lessons_migrations_do_not() {
    let server = Arc::new(Server::new(None).expect("PostgreSQL is installed on this machine kind"));
    let naive = tempfile::tempdir().expect("a temporary folder");
    for entry in std::fs::read_dir(MIGRATIONS)
        .expect("the migrations folder")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.as_str() > "2026-12" {
            continue;
        }
        let to = naive.path().join(&name);
        std::fs::create_dir(&to).expect("a folder");
        for file in ["up.sql", "down.sql"] {
            std::fs::copy(entry.path().join(file), to.join(file)).expect("a copy");
        }
    }
    for (name, down) in NAIVE {
        let to = naive.path().join(name);
        std::fs::create_dir(&to).expect("a folder");
        let change = name.split_once('_').map_or(*name, |(_, c)| c);
        let up = format!("{}/naive/{change}.sql", env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(up, to.join("up.sql")).expect("the naive up.sql");
        std::fs::write(to.join("down.sql"), down).expect("a down.sql");
    }
    let reads_name = || app(READS_NAME, "src/schema.rs before the switch to tags.label");
    insta::assert_snapshot!(
        "naive",
        findings(
            naive.path(),
            "naive/migrations",
            &server,
            COURSE_END,
            Some(reads_name())
        )
    );
    insta::assert_snapshot!(
        "safe",
        findings(
            Path::new(MIGRATIONS),
            "solutions/lesson-08/migrations",
            &server,
            COURSE_END,
            None
        )
    );
    // Release by release, beside the app each one deploys while: the first (every migration
    // up to index_tag_label) while the app reads tags.name, the contract once it reads label.
    let first = tempfile::tempdir().expect("a temporary folder");
    for entry in std::fs::read_dir(MIGRATIONS)
        .expect("the migrations folder")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with("_contract_tag_name") {
            continue;
        }
        let to = first.path().join(&name);
        std::fs::create_dir(&to).expect("a folder");
        for file in std::fs::read_dir(entry.path())
            .expect("a migration")
            .flatten()
        {
            std::fs::copy(file.path(), to.join(file.file_name())).expect("a copy");
        }
    }
    let first = findings(
        first.path(),
        "solutions/lesson-08/migrations",
        &server,
        COURSE_END,
        Some(reads_name()),
    );
    let second = findings(
        Path::new(MIGRATIONS),
        "solutions/lesson-08/migrations",
        &server,
        FIRST_RELEASE_END,
        Some(app(
            READS_LABEL,
            "src/schema.rs after the switch to tags.label",
        )),
    );
    insta::assert_snapshot!(
        "releases",
        format!(
            "The first release, up to index_tag_label, beside the app that reads tags.name:\n{}\
             The second release, contract_tag_name, beside the app that reads tags.label:\n{}",
            old_app_breaks(&first),
            old_app_breaks(&second)
        )
    );
}

/// The lines of a report that old-app-breaks wrote: its verdict, and its problems.
fn old_app_breaks(report: &str) -> String {
    let mut lines = report
        .lines()
        .skip_while(|line| !line.ends_with("[old-app-breaks]"));
    let mut said = format!("{}\n", lines.next().expect("old-app-breaks judged"));
    for line in lines.take_while(|line| line.starts_with("      ")) {
        said += &format!("{line}\n");
    }
    said
}
