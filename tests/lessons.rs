//! Every lesson at once: each solution passes every goal, each starter still fails exactly the
//! goals its lesson asks for (so no answer leaked into a starter), and the schema after each
//! migration of each solution matches its reviewed snapshot.

use std::path::Path;
use workbook::check::Report;

use workbook::testing::{check, crate_dirs, stages};

/// (starter's checklist, solution's checklist) for every lesson.
fn lessons() -> Vec<(Report, Report)> {
    vec![
        (check(&lesson_04::lesson()), check(&solution_04::lesson())),
        (check(&lesson_07::lesson()), check(&solution_07::lesson())),
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
fn the_schema_after_each_migration_matches_its_snapshot() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for dir in crate_dirs(&workspace, "solutions") {
        let lesson = dir.file_name().unwrap().to_string_lossy().into_owned();
        for (index, (migration, schema)) in stages(&dir.join("migrations")).iter().enumerate() {
            insta::with_settings!({
                snapshot_path => "snapshots",
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => format!("solutions/{lesson}: schema.sql after migration {migration}"),
            }, {
                insta::assert_snapshot!(format!("{lesson}__{:02}_{migration}", index + 1), schema);
            });
        }
    }
}
