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
        (check(&lesson_05::lesson()), check(&solution_05::lesson())),
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
    for dir in crate_dirs(&workspace, "solutions") {
        let lesson = dir.file_name().unwrap().to_string_lossy().into_owned();
        for (index, stage) in stages(&dir.join("migrations")).iter().enumerate() {
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
