//! Every lesson at once: each solution passes every goal, each starter still fails exactly the
//! goals its lesson asks for (so no answer leaked into a starter), and the schema after each
//! migration of each solution matches its reviewed snapshot.

use std::path::{Path, PathBuf};
use workbook::course::check::Report;

use workbook::testing::{check, check_postgres, crate_dirs, stages, stages_postgres};

/// (starter's checklist, solution's checklist) for every lesson.
fn lessons() -> Vec<(Report, Report)> {
    vec![
        (check(&lesson_01::lesson()), check(&solution_01::lesson())),
        (check(&lesson_02::lesson()), check(&solution_02::lesson())),
        (check(&lesson_03::lesson()), check(&solution_03::lesson())),
        (check(&lesson_04::lesson()), check(&solution_04::lesson())),
        (check(&lesson_05::lesson()), check(&solution_05::lesson())),
        (check(&lesson_06::lesson()), check(&solution_06::lesson())),
        (check(&lesson_07::lesson()), check(&solution_07::lesson())),
        (
            check_postgres(&lesson_08::lesson()),
            check_postgres(&solution_08::lesson()),
        ),
    ]
}

#[test]
fn every_solution_passes_every_goal() {
    for (_, solution) in lessons() {
        assert!(solution.passed(), "{}", solution.render());
    }
}

#[test]
fn every_starter_fails_exactly_its_new_goals_with_a_hint() {
    for (starter, _) in lessons() {
        let text = starter.render();
        assert!(
            starter.outcomes.iter().any(|o| o.new),
            "no new goal in:\n{text}"
        );
        for outcome in &starter.outcomes {
            match (&outcome.result, outcome.new) {
                (Err(failure), true) => assert!(!failure.hint.is_empty(), "{text}"),
                (Ok(()), true) => panic!("the starter already passes {:?}:\n{text}", outcome.name),
                (Err(_), false) => {
                    panic!("the starter fails given work {:?}:\n{text}", outcome.name)
                }
                (Ok(()), false) => {}
            }
        }
        assert!(text.contains("Next: "), "{text}");
    }
}

#[test]
fn the_schema_and_diagram_after_each_migration_match_their_snapshots() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // lesson-01 has no migrations, so nothing to snapshot.
    for dir in crate_dirs(&workspace, "solutions")
        .into_iter()
        .filter(|dir| dir.join("migrations").is_dir())
    {
        let lesson = dir.file_name().unwrap().to_string_lossy().into_owned();
        let stages = if crate::diesel_cli::on_postgres(&dir) {
            stages_postgres(&dir.join("migrations"))
        } else {
            stages(&dir.join("migrations"))
        };
        for (index, stage) in stages.iter().enumerate() {
            let name = format!("{lesson}__{:02}_{}", index + 1, stage.migration);
            let after = format!("after migration {}", stage.migration);
            insta::with_settings!({
                snapshot_path => "snapshots",
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => format!("solutions/{lesson}: schema.sql {after}"),
            }, {
                insta::assert_snapshot!(name.clone(), stage.schema);
            });
            // The book includes these from line 5 on: keep the header four lines long.
            insta::with_settings!({
                snapshot_path => "snapshots",
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => format!("solutions/{lesson}: ER diagram {after}"),
            }, {
                insta::assert_snapshot!(format!("{name}__er"), stage.diagram);
            });
        }
    }
}

/// Every file under `dir`, as paths relative to it, sorted (hidden files such as diesel's
/// `.diesel_lock` left out).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// True when the lesson numbered `number` runs on PostgreSQL (its goals are checked there).
fn on_postgres(number: u8) -> Option<&'static workbook::course::Info> {
    workbook::course::LESSONS
        .iter()
        .copied()
        .find(|info| info.number == number)
        .filter(|info| info.on_postgres())
}

/// The starter of lesson N+1 begins where the solution of lesson N ends: the same migrations
/// byte for byte, the same build.rs and diesel.toml, and every dependency with the same
/// features. So the chain of lessons cannot drift apart. The lesson that moves the course to
/// PostgreSQL (08) begins from the course's migrations written again for PostgreSQL, which are
/// its own solution's: its starter has them byte for byte, but for the ones it asks for.
#[test]
fn each_starter_begins_where_the_previous_solution_ends() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut pairs = 0;
    for solution in crate_dirs(&workspace, "solutions") {
        let name = solution.file_name().unwrap().to_string_lossy().into_owned();
        let number: u8 = name.strip_prefix("lesson-").unwrap().parse().unwrap();
        let starter = workspace.join(format!("lessons/lesson-{:02}", number + 1));
        if !starter.join("Cargo.toml").is_file() {
            continue;
        }
        pairs += 1;
        let (from, asked): (PathBuf, &[&str]) =
            match on_postgres(number + 1).filter(|_| on_postgres(number).is_none()) {
                Some(info) => (
                    workspace.join(format!("solutions/lesson-{:02}", number + 1)),
                    info.writes,
                ),
                None => (solution.clone(), &[]),
            };
        let mut kept: Vec<PathBuf> = ["build.rs", "diesel.toml"]
            .iter()
            .map(PathBuf::from)
            .filter(|file| from.join(file).is_file())
            .collect();
        if from.join("migrations").is_dir() {
            kept.extend(
                files_under(&from.join("migrations"))
                    .into_iter()
                    .filter(|file| {
                        let folder = file.iter().next().unwrap().to_string_lossy();
                        !asked
                            .iter()
                            .any(|name| folder.ends_with(&format!("_{name}")))
                    })
                    .map(|file| Path::new("migrations").join(file)),
            );
        }
        for file in kept {
            let theirs = std::fs::read(from.join(&file)).unwrap();
            let ours = std::fs::read(starter.join(&file)).unwrap_or_default();
            assert!(
                theirs == ours,
                "{} differs from (or is missing next to) {}",
                starter.join(&file).display(),
                from.join(&file).display()
            );
        }
        let needed = workbook::course::manifest::dependencies(&solution).unwrap();
        let declared = workbook::course::manifest::dependencies(&starter).unwrap();
        for (dependency, features) in needed {
            assert_eq!(
                declared.get(&dependency).map(|d| &d.features),
                Some(&features.features),
                "{}/Cargo.toml should declare {dependency} as solutions/{name} does",
                starter.display()
            );
        }
    }
    assert!(pairs > 0, "no pair of consecutive lessons found");
}

/// lesson-01's starter ships the report (src/app.rs) that the student switches on once the
/// dependencies are declared; the starter cannot compile it yet, its solution does.
#[test]
fn lesson_01_ships_the_report_its_solution_compiles() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |dir: &str| std::fs::read(workspace.join(dir).join("src/app.rs")).unwrap();
    assert!(
        read("lessons/lesson-01") == read("solutions/lesson-01"),
        "lessons/lesson-01/src/app.rs must be solutions/lesson-01/src/app.rs, byte for byte"
    );
}

/// The migrations a lesson asks the student to write (`Info::writes`) are the ones its starter
/// leaves as TODO comments (or has not made yet, as lesson-02's), and its solution has them.
#[test]
fn each_lesson_writes_the_migrations_its_starter_leaves_as_todo() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let short = |folder: &str| {
        folder
            .split_once('_')
            .map_or(folder, |(_, name)| name)
            .to_string()
    };
    for info in workbook::course::LESSONS {
        let dir =
            |group: &str| workspace.join(format!("{group}/lesson-{:02}/migrations", info.number));
        let todo: Vec<String> = workbook::course::check::folder_problems(&dir("lessons"))
            .unwrap()
            .into_iter()
            .filter(|problem| {
                problem
                    .found
                    .ends_with("holds only comments, so it does nothing")
            })
            .filter_map(|problem| problem.found.split('/').nth(1).map(short))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut writes: Vec<String> = info.writes.iter().map(|w| w.to_string()).collect();
        writes.sort();
        if dir("lessons").is_dir() {
            assert_eq!(todo, writes, "lesson-{:02}", info.number);
        } else {
            assert!(todo.is_empty(), "lesson-{:02}", info.number);
        }
        let solved: Vec<String> = workbook::migration::folders(&dir("solutions"))
            .unwrap()
            .iter()
            .map(|folder| short(folder))
            .collect();
        for name in info.writes {
            assert!(
                solved.iter().any(|s| s == name),
                "solutions/lesson-{:02} has no migration {name}",
                info.number
            );
        }
    }
}

/// Lesson 08 judges each step of the rename against the app running beside it: the app before
/// the switch is the starter's `src/schema.rs` as it comes, the app after it the answer's.
#[test]
fn lesson_08_judges_the_rename_against_its_starters_and_its_answers_schema() {
    use workbook::course::lesson_08::apps::{READS_LABEL, READS_NAME};
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let schema = |group: &str| {
        std::fs::read_to_string(workspace.join(group).join("lesson-08/src/schema.rs"))
    };
    assert_eq!(
        READS_NAME,
        schema("lessons").unwrap(),
        "lessons/lesson-08/src/schema.rs"
    );
    assert_eq!(
        READS_LABEL,
        schema("solutions").unwrap(),
        "solutions/lesson-08/src/schema.rs"
    );
}
