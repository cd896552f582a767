//! Student mistakes: each a small patch to a lesson's answer, listed in
//! `student_mistakes/mistakes.toml`. The check must catch every one, and its `Next:` line (the
//! line a student acts on) must name the file to change and say the fix; every goal of every
//! lesson must be failed by at least one mistake. `--nocapture` prints the rates.

mod apps;

use std::path::Path;

use serde::Deserialize;
use workbook::course::check::Report;
use workbook::testing::{check_changed, check_changed_postgres};

#[derive(Deserialize)]
struct List {
    mistake: Vec<Mistake>,
}

#[derive(Deserialize)]
struct Mistake {
    lesson: u8,
    what: String,
    /// The change to the answer's files, unless the mistake is in its app (`app`).
    #[serde(flatten)]
    change: Option<Change>,
    /// A mistake in the answer's app code, by name (see `apps`).
    app: Option<String>,
    /// More changes, for a mistake made in two files.
    #[serde(default)]
    also: Vec<Change>,
    next_file: String,
    fix: String,
}

/// In `file` (a path in the crate; `*_name` stands for a migration's timestamp), `find` is
/// replaced by `replace`; with no `find` the file is deleted, or made holding `replace` when
/// it is not there; with `rename_to`, the file or folder is renamed.
#[derive(Deserialize)]
struct Change {
    file: String,
    #[serde(default)]
    find: String,
    #[serde(default)]
    replace: String,
    rename_to: Option<String>,
}

fn mistakes() -> Vec<Mistake> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("student_mistakes/mistakes.toml");
    let text = std::fs::read_to_string(&path).expect("the list of mistakes is there");
    toml::from_str::<List>(&text)
        .expect("the list of mistakes parses")
        .mistake
}

/// Makes `mistake` in the copy of its lesson's answer at `root`.
fn make(mistake: &Mistake, root: &Path) {
    for change in mistake.change.iter().chain(&mistake.also) {
        let path = resolve(root, &change.file);
        if let Some(to) = &change.rename_to {
            std::fs::rename(&path, root.join(to)).expect("the file can be renamed");
            continue;
        }
        if change.find.is_empty() {
            if path.is_file() {
                std::fs::remove_file(&path).expect("the file can be deleted");
            } else {
                std::fs::write(&path, &change.replace).expect("the file can be written");
            }
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("the file to change is there");
        assert!(
            text.contains(&change.find),
            "{}: {} has no {:?}",
            mistake.what,
            change.file,
            change.find
        );
        std::fs::write(&path, text.replacen(&change.find, &change.replace, 1))
            .expect("the file can be written");
    }
}

/// `migrations/*_create_task/up.sql` (or the folder alone) in `root`: the `*` stands for the
/// folder's timestamp.
fn resolve(root: &Path, file: &str) -> std::path::PathBuf {
    let Some(rest) = file.strip_prefix("migrations/*") else {
        return root.join(file);
    };
    let (folder, inside) = rest.split_once('/').unwrap_or((rest, ""));
    let migrations = root.join("migrations");
    let found = std::fs::read_dir(&migrations)
        .expect("the migrations folder is there")
        .map(|entry| entry.expect("a readable entry").file_name())
        .find(|name| name.to_string_lossy().ends_with(folder))
        .unwrap_or_else(|| panic!("no migration *{folder}"));
    migrations.join(found).join(inside)
}

/// The checklist of `lesson`'s answer with `change` made to a copy of it.
fn check(lesson: u8, change: impl FnOnce(&Path)) -> Report {
    match lesson {
        1 => check_changed(&solution_01::lesson(), change),
        2 => check_changed(&solution_02::lesson(), change),
        3 => check_changed(&solution_03::lesson(), change),
        4 => check_changed(&solution_04::lesson(), change),
        5 => check_changed(&solution_05::lesson(), change),
        6 => check_changed(&solution_06::lesson(), change),
        7 => check_changed(&solution_07::lesson(), change),
        8 => check_changed_postgres(&solution_08::lesson(), change),
        _ => panic!("there is no lesson {lesson}"),
    }
}

#[test]
fn every_answer_copied_unchanged_passes() {
    for lesson in 1..=7 {
        let report = check(lesson, |_| {});
        assert!(report.passed(), "{}", report.render());
    }
}

/// The checklist of each mistake, in the list's order: checked on as many threads as the
/// machine has cores, each taking the next mistake (each check works in a copy of its own).
fn checked(list: &[Mistake]) -> Vec<Report> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let reports: Vec<std::sync::Mutex<Option<Report>>> =
        list.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(mistake) = list.get(index) else {
                        break;
                    };
                    let report = match &mistake.app {
                        Some(name) => apps::check(mistake.lesson, name),
                        None => check(mistake.lesson, |root| make(mistake, root)),
                    };
                    *reports[index].lock().unwrap() = Some(report);
                }
            });
        }
    });
    reports
        .into_iter()
        .map(|report| {
            report
                .into_inner()
                .unwrap()
                .expect("every mistake was checked")
        })
        .collect()
}

#[test]
fn every_student_mistake_is_caught_and_next_names_its_file_and_fix() {
    let list = mistakes();
    let mut misses = Vec::new();
    let mut failed_goals = std::collections::BTreeSet::new();
    let (mut caught, mut file, mut fix) = (0, 0, 0);
    for (mistake, report) in list.iter().zip(checked(&list)) {
        let next = report.next_step();
        for outcome in report.outcomes.iter().filter(|o| o.result.is_err()) {
            failed_goals.insert((mistake.lesson, outcome.name.clone()));
        }
        let said = [
            !report.passed(),
            next.contains(&mistake.next_file),
            next.contains(&mistake.fix),
        ];
        caught += usize::from(said[0]);
        file += usize::from(said[0] && said[1]);
        fix += usize::from(said[0] && said[2]);
        if said.contains(&false) {
            misses.push(format!(
                "lesson-{:02} {}: caught {}, file {} ({}), fix {} ({})\n  {next}\n{}",
                mistake.lesson,
                mistake.what,
                said[0],
                said[1],
                mistake.next_file,
                said[2],
                mistake.fix,
                report.render()
            ));
        }
    }
    let uncovered: Vec<String> = workbook::course::LESSONS
        .iter()
        .flat_map(|info| info.goals.iter().map(move |g| (info.number, g.name)))
        .filter(|(lesson, name)| !failed_goals.contains(&(*lesson, name.to_string())))
        .map(|(lesson, name)| format!("lesson-{lesson:02}: {name}"))
        .collect();
    let total = list.len();
    println!(
        "student mistakes: {total}; caught {caught}, Next: names the file {file}, says the fix {fix}"
    );
    assert!(total >= 40, "only {total} mistakes listed");
    assert!(
        uncovered.is_empty(),
        "goals no mistake fails:\n{}",
        uncovered.join("\n")
    );
    assert!(misses.is_empty(), "{}", misses.join("\n\n"));
}

/// A `src/schema.rs` that stops the app compiling (`username -> Integer`: eleven compiler
/// errors, all in the code that uses it) is named by the runner in schema.rs terms, from the
/// migrations alone; a schema.rs that matches says nothing.
#[test]
fn a_schema_rs_that_stops_the_build_is_named_in_its_own_terms() {
    let answer = Path::new(solution_04::lesson().dir);
    let work = tempfile::tempdir().unwrap();
    workbook::testing::copy_dir(&answer.join("migrations"), &work.path().join("migrations"));
    workbook::testing::copy_dir(&answer.join("src"), &work.path().join("src"));
    let info = &workbook::course::lesson_04::INFO;
    assert!(workbook::course::check::before_build(info, work.path()).is_none());

    let schema = work.path().join("src/schema.rs");
    let text = std::fs::read_to_string(&schema).unwrap();
    std::fs::write(
        &schema,
        text.replace("username -> Nullable<Text>", "username -> Integer"),
    )
    .unwrap();
    let report = workbook::course::check::before_build(info, work.path()).unwrap();
    assert!(!report.passed());
    let next = report.next_step();
    assert!(
        next.starts_with(
            "Next: in src/schema.rs write `username -> Nullable<Text>,` where it says \
             `username -> Integer,`"
        ),
        "{next}"
    );
    assert!(
        workbook::course::check::before_build(&workbook::course::lesson_08::INFO, work.path())
            .is_none(),
        "lesson-08's migrations are PostgreSQL's: not run on SQLite"
    );
}
